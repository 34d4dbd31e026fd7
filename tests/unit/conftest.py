"""Fixtures shared by the storage tests: a fresh store of each backend, and raw SQL to look under the
SQLite one.

``store`` (and ``store_uri``) run each test twice, on SQLite and on PostgreSQL; a test that also asks for
``db_path`` reads the SQLite file itself, so it runs on SQLite only. PostgreSQL tests each get a new
schema in the server's ``test`` database (``AKHBAR_TEST_POSTGRES``, default
``postgresql://postgres@127.0.0.1:5432/test``), dropped afterwards; when the server does not answer they
are skipped, except in CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from crawler.store import Store, open_store
from tests.pg import postgres_schema

BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        sqlite_only = "db_path" in metafunc.fixturenames
        metafunc.parametrize("backend", ["sqlite"] if sqlite_only else list(BACKENDS))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "akhbar.db"


@pytest.fixture
def store_uri(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield str(tmp_path / "data" / "akhbar.db")
        return
    with postgres_schema() as uri:
        yield uri


@pytest.fixture
def store(store_uri: str) -> Iterator[Store]:
    with open_store(store_uri) as opened:
        yield opened


def raw_sql(path: Path, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
    """Rows of ``sql`` read straight from the database file."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()
