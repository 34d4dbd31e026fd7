"""``akhbar migrate``: a store filled with the demo articles (raw responses, a refused page, pending
entries, feed states, syndicated copies) copied SQLite → PostgreSQL → SQLite gives the same rows; a copy
stopped half-way and run again ends with equal counts and nothing twice."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from crawler.app import cli
from crawler.app.migrate import MigrateOptions, migrate
from crawler.demo.site import ARTICLES, OUTLETS
from crawler.extraction.dedupe import body_hash
from crawler.items import Article, FeedEntry, RawCapture, RefusedPage
from crawler.listings.backlog import PendingEntry
from crawler.listings.feedhealth import FeedState
from crawler.store import Store, open_store
from crawler.store.runs import RunRecord, SentAlert, SourceRun
from crawler.urls import article_key
from tests.pg import postgres_schema

BASE = "https://demo.example"
FETCHED = "2026-12-01T08:00:00+00:00"


@pytest.fixture
def pg_uri() -> Iterator[str]:
    with postgres_schema() as uri:
        yield uri


def _demo_articles() -> list[Article]:
    names = {outlet.id: outlet for outlet in OUTLETS}
    return [
        Article(
            url=f"{BASE}{demo.path}",
            headline=demo.headline,
            body=demo.body,
            summary=demo.summary,
            highlights=list(demo.highlights),
            authors=list(demo.authors),
            credits=list(demo.credits),
            tags=list(demo.tags),
            published_at=demo.published_at,
            modified_at=demo.modified_at,
            source_id=demo.outlet_id,
            source_name=names[demo.outlet_id].name,
            source_name_ar=names[demo.outlet_id].name_ar,
            feed_url=f"{BASE}/{demo.outlet_id}/rss.xml",
            fetched_at=FETCHED,
            body_hash=body_hash(demo.body),
            raw=RawCapture(
                url=f"{BASE}{demo.path}",
                status=200,
                headers={"Content-Type": "text/html; charset=utf-8"},
                body=f"<html><body><h1>{demo.headline}</h1><p>{demo.body}</p></body></html>".encode(),
            ),
        )
        for demo in ARTICLES
    ]


def fill(store: Store) -> None:
    """The demo articles (written one batch at a time, as a crawl does), a refused page, two pending
    entries, two feed states, two recorded runs and an alert sent."""
    articles = _demo_articles()
    store.upsert_many(articles[:5])
    store.upsert_many(articles[5:])
    listing = f"{BASE}/nabd/section/local.html"
    store.keep_refused(
        [
            RefusedPage(
                url=listing,
                raw=RawCapture(
                    url=listing, status=200, headers={"Content-Type": "text/html"}, body=b"<ul><li>...</li></ul>"
                ),
                verdict="NOT_ARTICLE",
                reason="listing_page",
                detail="the text is mostly links to other pages",
                source_id="nabd",
                feed_url=f"{BASE}/nabd/rss.xml",
                entry=FeedEntry(url=listing, title="محليات"),
                fetched_at=FETCHED,
            )
        ]
    )
    store.add_pending(
        [
            PendingEntry(
                entry=FeedEntry(url=f"{BASE}/wadi/news/later-{n}.html", title=f"خبر مؤجل {n}"),
                source_id="wadi",
                feed_url=f"{BASE}/wadi/rss.xml",
                dated_at=f"2026-11-2{n}T00:00:00.000000+00:00",
                listed_at=FETCHED,
            )
            for n in (1, 2)
        ]
    )
    store.save_feed_state(FeedState(url=f"{BASE}/nabd/rss.xml", source_id="nabd", etag='"v1"'))
    store.save_feed_state(FeedState(url=f"{BASE}/wadi/rss.xml", source_id="wadi", last_status="timeout"))
    for n in (1, 2):
        store.record_run(
            RunRecord(
                id=f"run-{n}",
                started_at=f"2026-11-2{n}T06:00:00+00:00",
                finished_at=f"2026-11-2{n}T06:01:30+00:00",
                finish_reason="finished",
                exit_code=0,
                version="test",
                settings={"AKHBAR_MAX_ENTRIES_PER_FEED": "50"},
                totals={"seconds": 90.0},
                sources=(SourceRun("nabd", "ok", {"stored": 3 + n}), SourceRun("wadi", "FAILED", {}, "timeout")),
            )
        )
    store.update_alerts([SentAlert("wadi/silent", "wadi", "silent", "2026-11-22T07:00:00+00:00", "wadi: silent")], ())


def snapshot(store: Store) -> dict[str, object]:
    """Everything a store holds, with ids replaced by keys so that two stores compare."""
    keys = {a.id: article_key(a.url, a.canonical_url) for a in store.iter_articles()}
    articles = {}
    for article in store.iter_articles():
        assert article.id is not None
        raw = store.get_raw(article.id)
        link = keys[article.duplicate_of] if article.duplicate_of is not None else None
        articles[keys[article.id]] = (replace(article, id=None, duplicate_of=None), link, raw)
    return {
        "articles": articles,
        "refused": list(store.iter_refused()),
        "pending": {source: store.pending_entries(source) for source in sorted({s for s, _ in store.pending_counts()})},
        "feeds": store.feed_states(),
        "runs": store.runs(),
        "alerts": store.sent_alerts(),
    }


def test_a_round_trip_through_postgresql_gives_the_same_store(tmp_path: Path, pg_uri: str) -> None:
    with open_store(str(tmp_path / "a.db")) as first:
        fill(first)
        before = snapshot(first)
        with open_store(pg_uri) as middle:
            report = migrate(first, middle, MigrateOptions(batch_size=4))
            assert report.mismatches() == []
            assert report.articles_written == len(ARTICLES)
            with open_store(str(tmp_path / "b.db")) as last:
                assert migrate(middle, last).mismatches() == []
                after = snapshot(last)
    assert after == before
    copies = [value for value in before["articles"].values() if value[1] is not None]  # type: ignore[attr-defined]
    assert copies, "the demo articles include a syndicated copy, linked to its original"
    assert before["refused"] and before["pending"] and before["feeds"] and before["runs"] and before["alerts"]


def test_a_copy_read_before_its_original_is_linked_to_it(tmp_path: Path) -> None:
    """Ids differ between stores: the link is remapped, the original copied first when needed."""
    original = Article(url="https://nabd.example/a/1", headline="أصل", body="نص واحد", source_id="nabd",
                       published_at="2026-11-10T10:00:00+00:00", body_hash="h1")  # fmt: skip
    copy = replace(original, url="https://wadi.example/b/1", source_id="wadi", published_at="2026-11-01T10:00:00+00:00")
    with open_store(str(tmp_path / "a.db")) as source, open_store(str(tmp_path / "b.db")) as target:
        source.upsert(Article(url="https://maghreb.example/x", headline="أول", body="آخر", body_hash="h0"))
        source.upsert_many([original, copy])
        report = migrate(source, target)
        assert report.mismatches() == [] and report.links_lost == 0
        stored_copy, stored_original = target.find(copy.url), target.find(original.url)
    assert stored_copy is not None and stored_original is not None
    assert stored_copy.duplicate_of == stored_original.id


class _Stop(Exception):
    pass


def test_a_stopped_copy_resumes_without_duplicates(tmp_path: Path, pg_uri: str) -> None:
    def stop(table: str, done: int) -> None:
        if table == "articles" and done >= 6:
            raise _Stop

    with open_store(str(tmp_path / "a.db")) as source, open_store(pg_uri) as target:
        fill(source)
        with pytest.raises(_Stop):
            migrate(source, target, MigrateOptions(batch_size=2, progress_every=3), progress=stop)
        part = target.count()
        assert 0 < part < source.count()
        report = migrate(source, target, MigrateOptions(batch_size=2))
        assert report.mismatches() == []
        assert report.articles_skipped >= part and report.articles_written == source.count() - report.articles_skipped
        again = migrate(source, target)
        assert (again.articles_written, again.refused_written, again.pending_written) == (0, 0, 0)
        assert (again.runs_written, again.alerts_written) == (0, 0)
        assert again.mismatches() == []
        assert snapshot(target) == snapshot(source)


def test_the_command_copies_and_checks_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.db"
    with open_store(str(source)) as store:
        fill(store)
    assert (
        cli.main(["migrate", "--from", f"sqlite:///{source}", "--to", f"sqlite:///{tmp_path / 'b.db'}", "--json"]) == 0
    )
    out, err = capsys.readouterr()
    counts = json.loads(out)["counts"]
    assert counts["articles"] == {"source": len(ARTICLES), "target": len(ARTICLES)}
    assert counts["refused_pages"] == {"source": 1, "target": 1}
    assert "articles:" in err  # progress on stderr


def test_more_rows_in_the_target_is_a_mismatch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, target = tmp_path / "a.db", tmp_path / "b.db"
    with open_store(str(source)) as store:
        fill(store)
    with open_store(str(target)) as store:
        store.upsert(Article(url="https://other.example/1", headline="غير", body="موجود في المصدر"))
    assert cli.main(["migrate", "--from", str(source), "--to", str(target)]) == 3
    assert "counts differ after the copy: articles" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("missing.db", "b.db", "does not exist"),
        ("sqlite:///nowhere/missing.db", "b.db", "no such database"),
        ("a.db", "sqlite://b.db", "not a SQLite store URI"),
        ("a.db", "mysql://x/y", "unsupported storage URI scheme"),
        ("a.db", "postgresql://akhbar@127.0.0.1:1/akhbar", "127.0.0.1:1/akhbar"),
        ("a.db", "a.db", "same store"),
    ],
)
def test_bad_stores_exit_2_before_copying(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str, target: str, message: str
) -> None:
    with open_store(str(tmp_path / "a.db")) as store:
        fill(store)
    where = {name: name if "://" in name else str(tmp_path / name) for name in (source, target)}
    assert cli.main(["migrate", "--from", where[source], "--to", where[target]]) == 2
    assert message in capsys.readouterr().err


def test_the_command_copies_into_postgresql_and_back(tmp_path: Path, pg_uri: str) -> None:
    source, back = tmp_path / "a.db", tmp_path / "back.db"
    with open_store(str(source)) as store:
        fill(store)
        before = snapshot(store)
    assert cli.main(["migrate", "--from", str(source), "--to", pg_uri]) == 0
    assert cli.main(["migrate", "--from", pg_uri, "--to", f"sqlite:///{back}"]) == 0
    with open_store(str(back)) as store:
        assert snapshot(store) == before
