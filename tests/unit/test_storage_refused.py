"""Refused pages in the SQLite store: kept per address with their raw response, replaced by a re-fetch,
removed when the address yields an article; every kept capture listed for re-extraction."""

from __future__ import annotations

import dataclasses
import sqlite3
import zlib
from pathlib import Path

import pytest

from crawler.items import DROPPED, NOT_ARTICLE, Article, FeedEntry, RawCapture, RefusedPage
from crawler.store import StorageError, Store, open_store
from crawler.store.sqlite import MIGRATIONS, SCHEMA_VERSION
from tests.unit.conftest import raw_sql

URL = "https://nabd.example/news/77"
LISTING_LIKE = "<html><body><article><a href='/a'>خبر</a></article><p>نص المقال الطويل</p></body></html>".encode()


def make_refused(**changes: object) -> RefusedPage:
    page = RefusedPage(
        url=URL,
        raw=RawCapture(url=URL, status=200, headers={"Content-Type": "text/html; charset=utf-8"}, body=LISTING_LIKE),
        verdict=NOT_ARTICLE,
        reason="listing_page",
        detail="the text is mostly links to other pages",
        source_id="nabd",
        feed_url="https://nabd.example/rss.xml",
        entry=FeedEntry(
            url=URL, title="افتتاح جسر جديد", published_raw="Tue, 17 Nov 2026 08:00:00 GMT", tags=("محليات",)
        ),
        fetched_at="2026-11-17T08:05:00+00:00",
    )
    return dataclasses.replace(page, **changes)  # type: ignore[arg-type]


def make_article(**changes: object) -> Article:
    article = Article(
        url=URL,
        headline="افتتاح جسر جديد فوق النهر",
        body="افتتحت البلدية اليوم جسراً جديداً يربط ضفتي النهر ويختصر الطريق إلى السوق القديم.",
        language="ar",
        source_id="nabd",
        feed_url="https://nabd.example/rss.xml",
        fetched_at="2026-11-18T09:00:00+00:00",
        body_hash="hash-bridge",
        raw=RawCapture(url=URL, status=200, headers={"Content-Type": "text/html"}, body=b"<html>article</html>"),
    )
    return dataclasses.replace(article, **changes)  # type: ignore[arg-type]


def test_refused_page_round_trip(store: Store, db_path: Path) -> None:
    store.keep_refused([make_refused()])
    kept = store.get_refused(URL + "?utm_source=rss#top")  # any variant of the address finds it
    assert kept is not None
    assert kept == make_refused()
    assert kept.raw.body == LISTING_LIKE and kept.raw.headers["Content-Type"].startswith("text/html")
    assert kept.entry is not None and kept.entry.tags == ("محليات",)
    # The body is kept compressed, like an article's raw page.
    ((blob,),) = raw_sql(db_path, "SELECT body FROM refused_pages")
    assert isinstance(blob, bytes) and zlib.decompress(blob) == LISTING_LIKE


def test_a_refetch_replaces_the_capture_and_verdict(store: Store, db_path: Path) -> None:
    store.keep_refused([make_refused()])
    refetched = make_refused(
        url=URL + "?utm_medium=feed",
        raw=RawCapture(url=URL + "?utm_medium=feed", status=200, headers={}, body="<p>قصير</p>".encode()),
        verdict=DROPPED,
        reason="body_too_short",
        detail="12 < 200 characters",
        entry=None,
        fetched_at="2026-11-18T08:05:00+00:00",
    )
    store.keep_refused([refetched])
    assert raw_sql(db_path, "SELECT count(*) FROM refused_pages") == [(1,)]
    assert store.get_refused(URL) == refetched


def test_unknown_refused_page_is_none(store: Store) -> None:
    assert store.get_refused("https://nabd.example/nothing") is None


def test_storing_the_article_removes_its_refused_page(store: Store) -> None:
    store.keep_refused([make_refused(), make_refused(url="https://nabd.example/news/78", raw=make_refused().raw)])
    store.upsert(make_article(url=URL + "?utm_source=rss"))
    assert store.get_refused(URL) is None
    assert store.get_refused("https://nabd.example/news/78") is not None  # another address stays


def test_same_text_not_written_keeps_the_refused_page(store: Store) -> None:
    store.upsert(make_article(url="https://nabd.example/news/1"))
    store.keep_refused([make_refused()])
    # The page now yields the text already stored at another address of the outlet: nothing written.
    result = store.upsert(make_article())
    assert result.same_text_as is not None
    assert store.get_refused(URL) is not None


def test_a_failed_batch_keeps_no_refused_page(store: Store) -> None:
    bad = make_refused(url="https://nabd.example/news/79", reason=None)  # NOT NULL: the write fails
    with pytest.raises(StorageError, match="keeping the refused page"):
        store.keep_refused([make_refused(), bad])
    assert store.get_refused(URL) is None


def test_iter_captures_lists_articles_then_refused_pages(store: Store) -> None:
    store.upsert(make_article())
    store.upsert(make_article(url="https://nabd.example/news/2", raw=None))  # no raw page: nothing to re-extract
    store.upsert(make_article(url="https://wadi.example/3", source_id="wadi", fetched_at="2026-11-10T00:00:00+00:00"))
    store.keep_refused([make_refused(url="https://nabd.example/news/9")])
    store.keep_refused(
        [make_refused(url="https://wadi.example/9", source_id="wadi", fetched_at="2026-11-19T00:00:00+00:00")]
    )
    captures = list(store.iter_captures())
    assert [(type(c).__name__, c.url) for c in captures] == [
        ("Article", URL),
        ("Article", "https://wadi.example/3"),
        ("RefusedPage", "https://nabd.example/news/9"),
        ("RefusedPage", "https://wadi.example/9"),
    ]
    first = captures[0]
    assert isinstance(first, Article) and first.raw is not None and first.raw.body == b"<html>article</html>"
    assert [c.url for c in store.iter_captures(source_ids=["wadi"])] == [
        "https://wadi.example/3",
        "https://wadi.example/9",
    ]
    assert [c.url for c in store.iter_captures(since="2026-11-18")] == [URL, "https://wadi.example/9"]
    # A datetime bound is an instant, inclusive to the second, in any offset.
    assert [c.url for c in store.iter_captures(since="2026-11-18T12:00:00+03:00")] == [URL, "https://wadi.example/9"]
    assert [c.url for c in store.iter_captures(since="2026-11-18T09:00:01+00:00")] == ["https://wadi.example/9"]
    assert list(store.iter_captures(since="2026-11-18", source_ids=["nabd"])) == [captures[0]]


def test_iter_captures_is_a_snapshot_safe_to_write_during(store: Store) -> None:
    store.keep_refused([make_refused(), make_refused(url="https://nabd.example/news/78")])
    seen = []
    for capture in store.iter_captures():
        seen.append(capture.url)
        # Re-extraction stores the first page as an article: it is neither visited again nor lost.
        store.upsert(make_article(url=capture.url, body_hash=f"hash-{capture.url}"))
    assert seen == [URL, "https://nabd.example/news/78"]
    assert store.count() == 2


def test_iter_captures_rejects_a_bad_date(store: Store) -> None:
    with pytest.raises(ValueError, match="not an ISO-8601"):
        store.iter_captures(since="yesterday")


def test_a_version_2_database_is_migrated_with_its_articles(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    for migration in MIGRATIONS[1:3]:
        for statement in migration:
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with open_store(str(db_path)) as store:
        store.upsert(make_article())
        store.keep_refused([make_refused(url="https://nabd.example/news/9")])
        assert [c.url for c in store.iter_captures()] == [URL, "https://nabd.example/news/9"]
    assert SCHEMA_VERSION == 6
    assert raw_sql(db_path, "PRAGMA user_version") == [(6,)]
