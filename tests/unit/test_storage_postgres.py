"""The PostgreSQL store's own behaviour: clear errors before any request, its versioned schema, and
search giving the same articles as SQLite's. The shared behaviour is tested on both backends by the
``store`` fixture (tests/unit/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from crawler.items import Article
from crawler.store import StorageError, Store, open_store
from crawler.store.postgres import SCHEMA_VERSION
from tests.pg import postgres_schema
from tests.unit.test_search_store import article


@pytest.fixture
def pg_uri() -> Iterator[str]:
    with postgres_schema() as uri:
        yield uri


@pytest.mark.parametrize(
    ("uri", "named", "why"),
    [
        ("postgresql://akhbar:s3cret@127.0.0.1:1/akhbar", "127.0.0.1:1/akhbar", "refused"),
        ("postgresql://postgres:s3cret@127.0.0.1:5432/akhbar_no_such_db", "akhbar_no_such_db", "does not exist"),
        ("postgresql://akhbar:s3cret@127.0.0.1:5432/akhbar?sslmode=bogus&x=1", "PostgreSQL URI", "invalid"),
    ],
)
def test_unusable_databases_are_clear_errors(uri: str, named: str, why: str, pg_uri: str) -> None:
    with pytest.raises(StorageError, match=why) as caught:
        open_store(uri)
    assert named in str(caught.value)
    assert "s3cret" not in str(caught.value)
    assert "\n" not in str(caught.value)


def test_the_schema_is_versioned_and_opening_again_changes_nothing(pg_uri: str) -> None:
    open_store(pg_uri).close()
    with open_store(pg_uri) as store:
        store.upsert(Article(url="https://nabd.example/a/1", headline="عنوان", body="نص"))
    with psycopg.connect(pg_uri) as conn:
        versions = [row[0] for row in conn.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == list(range(1, SCHEMA_VERSION + 1))


def test_a_newer_schema_is_refused(pg_uri: str) -> None:
    open_store(pg_uri).close()
    with psycopg.connect(pg_uri) as conn:
        conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (SCHEMA_VERSION + 1,))
    with pytest.raises(StorageError, match="newer than this Akhbar knows"):
        open_store(pg_uri)


QUERIES = [
    "الوزير", "بالوزير", "وزير", "المياه", "طرابلس", "الزير", "\"الوزير يزور\"", "طراب*", "الوزير OR أمطار",
    "الوزير -المدينة", "افتتح", "مدرسة جديدة", "الكهرباء",
]  # fmt: skip
FILL = [
    article(1, "اجتماع في العاصمة", "التقى رئيس البلدية بالوزير صباح اليوم وبحثا ملف المياه."),
    article(2, "الوزير يزور المدينة", "زار الوزير المدينة وافتتح مدرسة جديدة."),
    article(3, "أمطار غزيرة", "هطلت أمطار غزيرة بطرابلس وضواحيها، وأعلنت البلدية حالة الطوارئ."),
    article(4, "مهرجان ثقافي", "افتتح في طرابلس مهرجان الكتاب.", source_id="wadi", tags=["ثقافة", "الوزير"]),
    article(5, "انقطاع", "انقطعت الكهرباء عن أحياء واسعة وتضررت شبكة للمياه القديمة.", summary="الوزير يزور"),
    article(6, "الزير والفخار", "معرض لصناعة الزير الفخاري التقليدي في القرية."),
]


def test_search_finds_the_same_articles_as_sqlite(pg_uri: str, tmp_path: Path) -> None:
    with open_store(str(tmp_path / "a.db")) as lite, open_store(pg_uri) as pg:
        for one in (lite, pg):
            one.upsert_many(FILL)
        for query in QUERIES:
            found = hit_ids(lite, query)
            assert hit_ids(pg, query) == found, query
            assert found, f"{query} finds nothing: not a test of parity"


def hit_ids(store: Store, query: str) -> set[int]:
    return {hit.article.id or 0 for hit in store.search(query)}


def test_stores_opening_and_writing_at_once_neither_collide(pg_uri: str) -> None:
    # Four stores create the schema at once (the migration lock lets one do it), then upsert the same
    # article at once (the write lock lets each see the others' row): one row, no error.
    def open_and_write(n: int) -> bool:
        with open_store(pg_uri) as store:
            return store.upsert(Article(url="https://nabd.example/a/1", headline=f"عنوان {n}", body="نص")).created

    with ThreadPoolExecutor(4) as pool:
        created = list(pool.map(open_and_write, range(4)))
    assert created.count(True) == 1
    with open_store(pg_uri) as store, psycopg.connect(pg_uri) as conn:
        assert store.count() == 1
        rows = conn.execute("SELECT count(*) FROM schema_version").fetchone()
        assert rows == (SCHEMA_VERSION,)
