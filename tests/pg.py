"""A PostgreSQL schema of its own for a test, on the server CI and this machine run (127.0.0.1:5432)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest

# The database tests create their schemas in; it must exist (CI creates it).
SERVER = os.environ.get("AKHBAR_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def postgres_schema() -> Iterator[str]:
    """The URI of a new, empty schema (its ``search_path``), dropped with everything in it afterwards.

    When the server does not answer the test is skipped, or fails in CI (``CI=true``).
    """
    import psycopg

    name = f"akhbar_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(SERVER, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"CREATE SCHEMA {name}")  # type: ignore[arg-type]  # a generated identifier
    except psycopg.OperationalError as exc:
        message = f"PostgreSQL at {SERVER} does not answer: {exc}"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    separator = "&" if "?" in SERVER else "?"
    try:
        yield f"{SERVER}{separator}options={quote(f'-csearch_path={name}')}"
    finally:
        with psycopg.connect(SERVER, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")  # type: ignore[arg-type]
