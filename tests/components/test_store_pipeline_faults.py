"""The store pipeline when the real SQLite store fails: articles are spooled, counted, and stored once
by the next run."""

from __future__ import annotations

import dataclasses
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from crawler.items import Article, RawCapture, RefusedPage
from crawler.store import SqliteStore, open_store
from crawler.store.spool import Spool
from pipelines.drops import StorageFailed
from pipelines.store import KeptInSpool, StorePipeline
from pipelines.storehandle import close_store, store_for
from settings import test as test_profile
from tests.components.conftest import complete

BODY = (
    "أعلنت بلدية المدينة اليوم عن خطة لتوسيع شبكة المياه في الأحياء الشرقية خلال العام المقبل.\n\n"
    "وقال رئيس البلدية إن المشروع سيخدم نحو أربعين ألف نسمة ويقلل الانقطاعات المتكررة في الصيف."
)
RAW_BODY = "<h1>البلدية توسع شبكة المياه</h1>".encode("cp1256")


def _article(n: int, source_id: str = "nabd") -> Article:
    return Article(
        url=f"https://{source_id}.example/news/{n}.html",
        headline=f"البلدية توسع شبكة المياه ({n})",
        body=BODY,
        language="ar",
        source_id=source_id,
        body_hash=f"hash-{source_id}-{n}",
        fetched_at="2026-11-29T08:00:00+00:00",
        raw=RawCapture(f"https://{source_id}.example/news/{n}.html", 200, {"Content-Type": "text/html"}, RAW_BODY),
    )


class Run:
    """One crawl's store pipeline over the database at ``db`` (a crawler of its own, as each run has)."""

    def __init__(self, db: Path, **settings: Any) -> None:
        profile = {name: getattr(test_profile, name) for name in dir(test_profile) if name.isupper()}
        self.crawler: Crawler = get_crawler(
            settings_dict=profile
            | {
                "AKHBAR_STORE_URI": f"sqlite:///{db}",
                "AKHBAR_STORE_BUSY_TIMEOUT": 0.2,
                "AKHBAR_STORE_BATCH": 1,
                "AKHBAR_STORE_WRITER_THREAD": False,
            }
            | settings
        )
        self.pipeline = StorePipeline.from_crawler(self.crawler)
        self.pipeline.open_spider()

    def stat(self, key: str) -> Any:
        assert self.crawler.stats is not None
        return self.crawler.stats.get_value(key)

    def close(self) -> None:
        close_store(self.crawler)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "akhbar.db"


@pytest.fixture
def spool(db: Path) -> Spool:
    return Spool(f"{db}.spool.jsonl")


@pytest.fixture
def locked(db: Path) -> Iterator[sqlite3.Connection]:
    """Another process's connection holding the database's write lock until the test releases it."""
    open_store(str(db)).close()  # the schema exists, as in any database a crawl has used
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    yield conn
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    conn.close()


def _stored(db: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT a.url, count(r.article_id) FROM articles a LEFT JOIN raw_pages r ON r.article_id = a.id "
            "GROUP BY a.id ORDER BY a.url"
        ).fetchall()


def test_a_locked_database_spools_articles_and_the_next_run_stores_each_once(
    db: Path, spool: Spool, locked: sqlite3.Connection
) -> None:
    run = Run(db, AKHBAR_STORE_BUSY_TIMEOUT=1.0)
    articles = [_article(1), _article(2), _article(3, "wadi")]
    started = time.monotonic()
    for article in articles:
        with pytest.raises(KeptInSpool, match="database is locked"):
            complete(run.pipeline.process_item(article))
    # One busy timeout for the first article; the others go straight to the spool.
    assert 1.0 <= time.monotonic() - started < 1.9
    assert (run.stat("akhbar/spooled"), run.stat("akhbar/source/nabd/spooled")) == (3, 2)
    assert run.stat("akhbar/source/wadi/spooled") == 1
    assert run.stat("akhbar/dropped") is None and run.stat("akhbar/stored") is None
    note = run.stat("akhbar/source/nabd/last_error")
    assert note.startswith("storage: database is locked (sqlite:///")
    assert f"2 articles kept in {spool.path}, loaded by the next run" in note
    assert [a.url for _, a in spool.load()] == [a.url for a in articles]
    run.close()

    locked.execute("ROLLBACK")  # the other process is done
    second = Run(db)
    assert second.stat("akhbar/spool_replayed") == 3
    assert second.stat("akhbar/source/nabd/spool_replayed") == 2
    assert not spool.path.exists()
    assert _stored(db) == [(a.url, 1) for a in sorted(articles, key=lambda a: a.url)]
    stored = store_for(second.crawler).find(articles[0].url)
    assert stored is not None and stored.id is not None
    raw = store_for(second.crawler).get_raw(stored.id)
    assert raw is not None and raw.body == RAW_BODY
    second.close()

    third = Run(db)  # nothing left to replay: nothing stored twice
    assert third.stat("akhbar/spool_replayed") is None
    assert len(_stored(db)) == 3
    third.close()


def test_a_full_database_spools_and_is_tried_again_after_the_retry_interval(db: Path, spool: Spool) -> None:
    now = [0.0]
    run = Run(db)
    run.pipeline.clock = lambda: now[0]
    store = store_for(run.crawler)
    assert isinstance(store, SqliteStore)
    # SQLITE_FULL for real: this connection may not grow the file by a single page.
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    long_read = dataclasses.replace(_article(1), body="\n\n".join([BODY] * 50))  # needs new pages
    with pytest.raises(KeptInSpool, match="database or disk is full"):
        complete(run.pipeline.process_item(long_read))
    assert "storage: database or disk is full" in run.stat("akhbar/source/nabd/last_error")

    store._conn.execute("PRAGMA max_page_count = 1073741823")  # space again
    now[0] = 30.0  # still within AKHBAR_STORE_RETRY_AFTER (60 s): the store is left alone
    with pytest.raises(KeptInSpool):
        complete(run.pipeline.process_item(_article(2)))
    now[0] = 61.0
    assert complete(run.pipeline.process_item(_article(3))).id is not None  # tried again, and it works
    assert run.stat("akhbar/stored") == 1 and run.stat("akhbar/spooled") == 2
    run.close()

    second = Run(db)
    assert second.stat("akhbar/spool_replayed") == 2
    assert [url for url, _ in _stored(db)] == [_article(n).url for n in (1, 2, 3)]
    second.close()


def test_spooled_lines_that_fail_again_stay_and_new_ones_join_them(
    db: Path, spool: Spool, locked: sqlite3.Connection
) -> None:
    spool.append(_article(1))
    spool.append(_article(2))
    run = Run(db)  # the database is still locked: the replay stops at its first failure
    assert run.stat("akhbar/spool_replayed") is None
    with pytest.raises(KeptInSpool):
        complete(run.pipeline.process_item(_article(3)))
    assert [n for n, _ in spool.load()] == [1, 2, 3]
    run.close()

    locked.execute("ROLLBACK")
    second = Run(db)
    assert second.stat("akhbar/spool_replayed") == 3
    assert len(_stored(db)) == 3 and not spool.path.exists()
    second.close()


def test_an_unreadable_spool_line_is_set_aside_and_the_rest_stored(db: Path, spool: Spool) -> None:
    spool.append(_article(1))
    with spool.path.open("ab") as f:
        f.write(b'{"v": 1, "article": {"url": "https://nabd.example/cut\n')
    spool.append(_article(2))
    run = Run(db)
    assert run.stat("akhbar/spool_replayed") == 2
    assert run.stat("akhbar/spool_corrupt") == 1
    assert spool.bad_path.read_bytes().startswith(b'{"v": 1, "article": {"url": "https://nabd.example/cut')
    assert not spool.path.exists()
    assert len(_stored(db)) == 2
    run.close()


def test_an_article_the_spool_cannot_keep_either_is_dropped_as_storage_failed(
    db: Path, tmp_path: Path, locked: sqlite3.Connection
) -> None:
    run = Run(db, AKHBAR_SPOOL_FILE=str(tmp_path))  # a directory: the spool cannot be written
    with pytest.raises(StorageFailed, match="database is locked"):
        complete(run.pipeline.process_item(_article(1)))
    assert run.stat("akhbar/dropped/storage_failed") == 1
    assert run.stat("akhbar/source/nabd/spooled") is None
    assert "articles lost" in run.stat("akhbar/source/nabd/last_error")
    run.close()


def test_a_store_that_works_stores_as_before(db: Path, spool: Spool) -> None:
    run = Run(db)
    first = complete(run.pipeline.process_item(_article(1)))
    again = complete(run.pipeline.process_item(dataclasses.replace(_article(1), headline="عنوان مصحح")))
    assert first.id == again.id
    assert (run.stat("akhbar/stored"), run.stat("akhbar/updated")) == (1, 1)
    assert not spool.path.exists()
    run.close()


def test_a_refused_page_the_store_cannot_take_is_spooled_and_kept_by_the_next_run(
    db: Path, spool: Spool, locked: sqlite3.Connection
) -> None:
    url = "https://nabd.example/section/1"
    page = RefusedPage(
        url=url,
        raw=RawCapture(url, 200, {"Content-Type": "text/html"}, RAW_BODY),
        verdict="not_article",
        reason="no_article_text",
        detail="12 characters of text",
        source_id="nabd",
        fetched_at="2026-11-29T08:00:00+00:00",
    )
    run = Run(db)
    with pytest.raises(KeptInSpool, match="database is locked"):
        complete(run.pipeline.process_item(page))
    assert run.stat("akhbar/source/nabd/spooled") == 1 and run.stat("akhbar/refused_kept") is None
    run.close()

    locked.execute("ROLLBACK")
    second = Run(db)
    assert second.stat("akhbar/source/nabd/spool_replayed") == 1
    assert not spool.path.exists()
    assert store_for(second.crawler).get_refused(url) == page
    second.close()
