"""Batched writes: one transaction for the batch, and one bad article does not take the others with it."""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from pathlib import Path

import psycopg

from crawler.items import Article, RawCapture, RefusedPage
from crawler.store import StorageError, Store, open_store
from crawler.store.base import UpsertResult
from pipelines.batching import KEPT, is_outage, write_batch

# SQLite says «NOT NULL constraint failed», PostgreSQL «violates not-null constraint».
NOT_NULL = re.compile(r"not[ -]null", re.IGNORECASE)
BODY = "أعلنت البلدية اليوم بدء أعمال صيانة الطرق في الأحياء الجنوبية على أن تنتهي خلال شهرين."


def _article(n: int) -> Article:
    return Article(
        url=f"https://nabd.example/news/{n}",
        headline=f"صيانة الطرق ({n})",
        body=BODY,
        source_id="nabd",
        body_hash=f"hash-{n}",
    )


def test_a_batch_is_written_together(store: Store) -> None:
    outcomes = write_batch(store, [_article(1), _article(2), _article(3)])
    assert all(isinstance(o, UpsertResult) and o.created for o in outcomes)
    assert store.count() == 3


def test_one_bad_article_fails_alone(store: Store) -> None:
    bad = dataclasses.replace(_article(2), headline=None)  # type: ignore[arg-type]  # NOT NULL in the schema
    first, failed, third = write_batch(store, [_article(1), bad, _article(3)])
    assert isinstance(first, UpsertResult) and isinstance(third, UpsertResult)
    assert isinstance(failed, StorageError) and NOT_NULL.search(str(failed))
    assert not is_outage(failed)
    assert store.count() == 2


def test_a_locked_database_fails_the_batch_at_once(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with open_store(f"sqlite:///{db}") as store:
        store.set_busy_timeout(0.1)  # type: ignore[attr-defined]
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            outcomes = write_batch(store, [_article(1), _article(2)])
        finally:
            other.execute("ROLLBACK")
            other.close()
    assert all(isinstance(o, StorageError) and is_outage(o) for o in outcomes)


def test_outage_is_told_by_the_sqlite_error_code_not_the_wording(tmp_path: Path) -> None:
    def storage_error(sql: str) -> StorageError:
        conn = sqlite3.connect(tmp_path / "codes.db")
        conn.execute("CREATE TABLE IF NOT EXISTS t (x TEXT NOT NULL)")
        try:
            conn.execute(sql)
        except sqlite3.Error as exc:
            error = StorageError(f"storing failed: {exc}")
            error.__cause__ = exc
            return error
        finally:
            conn.close()
        raise AssertionError(f"{sql} did not fail")

    assert not is_outage(storage_error("INSERT INTO t VALUES (NULL)"))  # one bad row: a constraint
    assert not is_outage(StorageError("database is locked"))  # words alone prove nothing


def _refused(n: int) -> RefusedPage:
    url = f"https://nabd.example/section/{n}"
    raw = RawCapture(url=url, status=200, headers={}, body="<ul><li>روابط</li></ul>".encode())
    return RefusedPage(url=url, raw=raw, verdict="not_article", reason="listing_page", source_id="nabd")


def test_refused_pages_are_written_with_the_articles_of_their_batch(store: Store) -> None:
    outcomes = write_batch(store, [_article(1), _refused(1), _article(2), _refused(2)])
    assert [o if o == KEPT else type(o).__name__ for o in outcomes] == [
        "UpsertResult",
        KEPT,
        "UpsertResult",
        KEPT,
    ]
    assert store.count() == 2
    assert store.get_refused("https://nabd.example/section/2") == _refused(2)


def test_one_bad_refused_page_fails_alone(store: Store) -> None:
    bad = dataclasses.replace(_refused(2), reason=None)  # type: ignore[arg-type]  # NOT NULL in the schema
    first, failed, third = write_batch(store, [_article(1), bad, _refused(3)])
    assert isinstance(first, UpsertResult) and first.created and third == KEPT
    assert isinstance(failed, StorageError) and NOT_NULL.search(str(failed))
    assert store.count() == 1 and store.get_refused("https://nabd.example/section/3") is not None


def test_a_postgresql_server_gone_is_an_outage() -> None:
    # Port 1 answers nothing: the connection error a store meets when its server goes away.
    try:
        psycopg.connect("postgresql://postgres@127.0.0.1:1/test", connect_timeout=2)
    except psycopg.OperationalError as exc:
        error = StorageError(f"storing failed: {exc}")
        error.__cause__ = exc
    assert is_outage(error)
    assert not is_outage(StorageError("connection refused"))  # words alone prove nothing
