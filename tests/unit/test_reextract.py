"""Re-extraction over kept raw responses: the demo outlet's own pages (rendered in memory, no server),
stored as an older build would have stored them, extracted again by today's code."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest

import crawler.app.reextract as reextract_module
from crawler.app.reextract import Note, ProgressLine, ReextractCounts, ReextractOptions, reextract
from crawler.demo import ARTICLES, NOT_ARTICLE_PATHS, sources_toml
from crawler.demo.site import build_routes
from crawler.items import NOT_ARTICLE, Article, FeedEntry, RawCapture, RefusedPage
from crawler.sources import Source, load_sources
from crawler.store import Store

BASE = "http://127.0.0.1:8765"
ROUTES = build_routes(BASE)
NABD = [a for a in ARTICLES if a.outlet_id == "nabd"]
SECTION = NOT_ARTICLE_PATHS[0]
FEED = f"{BASE}/nabd/rss.xml"
OPTIONS = ReextractOptions()


@pytest.fixture
def sources(tmp_path: Path) -> list[Source]:
    path = tmp_path / "sources.toml"
    path.write_text(sources_toml(BASE), encoding="utf-8")
    return load_sources(path)


def capture(path: str) -> RawCapture:
    status, ctype, body = ROUTES[path]
    return RawCapture(url=BASE + path, status=status, headers={"Content-Type": ctype}, body=body)


def refused(path: str, reason: str = "listing_page", **changes: object) -> RefusedPage:
    """A refused page as an older build kept it."""
    page = RefusedPage(
        url=BASE + path,
        raw=capture(path),
        verdict=NOT_ARTICLE,
        reason=reason,
        detail="the text is mostly links to other pages",
        source_id="nabd",
        feed_url=FEED,
        entry=FeedEntry(url=BASE + path, tags=("من الخلاصة",)),
        fetched_at="2026-11-29T08:00:00+00:00",
    )
    return dataclasses.replace(page, **changes)  # type: ignore[arg-type]


def stale(path: str, **changes: object) -> Article:
    """An article as an older build stored it: the right page, a worse body."""
    article = Article(
        url=BASE + path,
        headline="عنوان قديم",
        body="نص قديم استخرجه إصدار سابق مع بقايا القوائم والروابط. " * 8,
        language="ar",
        source_id="nabd",
        source_name="Nabd",
        feed_url=FEED,
        fetched_at="2026-11-28T06:00:00+00:00",
        published_at="2026-11-28T07:00:00+02:00",
        published_at_raw="2026-11-28T07:00:00+02:00",
        body_hash="old-hash",
        raw=capture(path),
    )
    return dataclasses.replace(article, **changes)  # type: ignore[arg-type]


def run(store: Store, sources: list[Source], options: ReextractOptions = OPTIONS) -> tuple[dict[str, int], list[Note]]:
    notes: list[Note] = []
    counts = reextract(store, sources, options, on_note=notes.append)
    return counts.to_dict(), notes


def test_a_page_refused_by_an_earlier_rule_is_recovered(store: Store, sources: list[Source]) -> None:
    truth = NABD[0]
    store.keep_refused([refused(truth.path)])
    counts, notes = run(store, sources)
    assert counts == {"pages": 1, "changed": 0, "recovered": 1, "unchanged": 0, "refused": 0}
    assert notes == []
    assert store.get_refused(BASE + truth.path) is None
    article = store.find(BASE + truth.path)
    assert article is not None and article.id is not None
    assert article.headline == truth.headline
    assert truth.paragraphs[0] in article.body
    # Attribution as the crawl would have set it: registry names, the refused record's feed and fetch time.
    assert (article.source_id, article.source_name_ar) == ("nabd", "نبض المدينة")
    assert (article.feed_url, article.fetched_at) == (FEED, "2026-11-29T08:00:00+00:00")
    assert "من الخلاصة" in article.tags  # the feed entry's category, as the crawl merges it
    assert article.body_hash and article.crawler_version
    raw = store.get_raw(article.id)
    assert raw is not None and raw.body == ROUTES[truth.path][2]


def test_a_stored_article_whose_extraction_changed_is_updated_in_place(store: Store, sources: list[Source]) -> None:
    truth = NABD[1]
    old_id = store.upsert(stale(truth.path)).id
    counts, _ = run(store, sources)
    assert counts == {"pages": 1, "changed": 1, "recovered": 0, "unchanged": 0, "refused": 0}
    article = store.get(old_id)
    assert article is not None and store.count() == 1
    assert article.headline == truth.headline and truth.paragraphs[-1] in article.body
    assert "نص قديم" not in article.body and article.body_hash != "old-hash"
    assert (article.fetched_at, article.feed_url, article.url) == ("2026-11-28T06:00:00+00:00", FEED, BASE + truth.path)
    raw = store.get_raw(old_id)
    assert raw is not None and raw.body == ROUTES[truth.path][2]  # the raw page is kept as stored


def test_a_second_run_finds_nothing_to_change(store: Store, sources: list[Source]) -> None:
    store.upsert(stale(NABD[1].path))
    store.keep_refused([refused(NABD[0].path)])
    first, _ = run(store, sources)
    assert (first["changed"], first["recovered"]) == (1, 1)
    second, _ = run(store, sources)
    assert second == {"pages": 2, "changed": 0, "recovered": 0, "unchanged": 2, "refused": 0}


def test_a_page_still_refused_keeps_its_record_with_the_current_verdict(store: Store, sources: list[Source]) -> None:
    store.keep_refused([refused(SECTION, reason="an_old_rule", detail="")])
    counts, notes = run(store, sources)
    assert counts == {"pages": 1, "changed": 0, "recovered": 0, "unchanged": 0, "refused": 1}
    assert notes == []
    kept = store.get_refused(BASE + SECTION)
    assert kept is not None and kept.verdict == NOT_ARTICLE and kept.reason != "an_old_rule"
    assert kept.raw.body == ROUTES[SECTION][2] and store.count() == 0


def test_a_recovered_page_the_crawl_would_drop_stays_refused_as_dropped(store: Store, sources: list[Source]) -> None:
    store.keep_refused([refused(NABD[0].path)])
    counts, _ = run(store, sources, dataclasses.replace(OPTIONS, min_body_chars=100_000))
    assert counts["refused"] == 1 and store.count() == 0
    kept = store.get_refused(BASE + NABD[0].path)
    assert kept is not None and (kept.verdict, kept.reason) == ("dropped", "body_too_short")


def test_a_stored_article_now_refused_is_kept_and_named(store: Store, sources: list[Source]) -> None:
    article_id = store.upsert(stale(SECTION)).id
    counts, notes = run(store, sources)
    assert counts == {"pages": 1, "changed": 0, "recovered": 0, "unchanged": 0, "refused": 1}
    assert [n.subject for n in notes] == [BASE + SECTION]
    assert f"article {article_id}: now refused" in notes[0].message
    kept = store.get(article_id)
    assert kept is not None and kept.headline == "عنوان قديم"


def test_a_page_whose_extraction_fails_is_counted_named_and_the_run_goes_on(
    store: Store, sources: list[Source], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = reextract_module.extract_article
    broken = BASE + NABD[2].path

    def extract(html: bytes, url: str, options: object = None) -> Article:
        if url == broken:
            raise RecursionError("maximum recursion depth exceeded")
        return real(html, url, options)  # type: ignore[arg-type]

    monkeypatch.setattr(reextract_module, "extract_article", extract)
    store.keep_refused([refused(NABD[2].path), refused(NABD[0].path)])
    counts, notes = run(store, sources)
    assert counts == {"pages": 2, "changed": 0, "recovered": 1, "unchanged": 0, "refused": 1}
    assert [n.subject for n in notes] == [broken]
    assert "RecursionError: maximum recursion depth exceeded" in notes[0].message
    assert store.get_refused(broken) == refused(NABD[2].path)  # kept as it was


def test_only_the_selected_sources_and_fetch_times_are_visited(store: Store, sources: list[Source]) -> None:
    store.keep_refused([refused(NABD[0].path, fetched_at="2026-11-01T00:00:00+00:00")])
    store.keep_refused([refused(NABD[1].path, source_id="wadi")])
    assert run(store, sources, ReextractOptions(source_ids=("wadi",)))[0]["recovered"] == 1
    assert store.get_refused(BASE + NABD[1].path) is None
    assert store.get_refused(BASE + NABD[0].path) is not None
    # The page of November 1 is older than the bound; the article recovered above is not.
    counts = run(store, sources, ReextractOptions(since="2026-11-02"))[0]
    assert counts == {"pages": 1, "changed": 0, "recovered": 0, "unchanged": 1, "refused": 0}
    assert run(store, sources)[0]["recovered"] == 1


def test_progress_is_printed_at_most_every_interval() -> None:
    now = [0.0]
    out = io.StringIO()
    progress = ProgressLine(out, interval=2.0, clock=lambda: now[0])
    for t in (0.5, 1.0, 2.5, 3.0, 4.6):
        now[0] = t
        progress(ReextractCounts(pages=int(t * 10), unchanged=int(t * 10)))
    assert out.getvalue().splitlines() == [
        "reextract: pages 25, changed 0, recovered 0, unchanged 25, refused 0",
        "reextract: pages 46, changed 0, recovered 0, unchanged 46, refused 0",
    ]


def test_pages_of_a_source_not_in_the_registry_are_skipped_and_named(store: Store, sources: list[Source]) -> None:
    # Without the outlet's time zone and names, its pages would come out different for that alone.
    article_id = store.upsert(stale(NABD[1].path, source_id="gone")).id
    store.keep_refused([refused(NABD[0].path, source_id="gone"), refused(NABD[2].path)])
    notes: list[Note] = []
    counts = reextract(store, sources, OPTIONS, on_note=notes.append)
    assert counts.to_dict() == {"pages": 1, "changed": 0, "recovered": 1, "unchanged": 0, "refused": 0}
    assert counts.skipped == {"gone": 2}
    assert notes == [Note("gone", "2 pages skipped: the source is not in the sources file (pass it with --sources)")]
    kept = store.get(article_id)
    assert kept is not None and kept.headline == "عنوان قديم"
    assert store.get_refused(BASE + NABD[0].path) is not None
