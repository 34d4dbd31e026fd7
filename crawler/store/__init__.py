"""Article storage behind one small interface (``Store``), chosen by a URI.

``sqlite:///relative/path.db``, ``sqlite:////absolute/path.db`` or a plain file path open a SQLite
store; ``postgresql://user@host:port/dbname`` a PostgreSQL one (``crawler.store.postgres``). Also what is kept beside
the store: the spool, exports, the plain-text rendering, a run's feed states (``feedbook``). May import
the shared vocabulary, ``crawler.net``, ``crawler.extraction`` and ``crawler.listings``.
"""

from __future__ import annotations

import os

from crawler.store.base import SearchHit, StorageError, Store, UpsertResult
from crawler.store.sqlite import SqliteStore

__all__ = [
    "SearchHit",
    "SqliteStore",
    "StorageError",
    "Store",
    "UpsertResult",
    "open_store",
    "store_uri_from_path",
]

_SQLITE_SCHEMES = frozenset({"sqlite", "sqlite3"})
_POSTGRES_SCHEMES = frozenset({"postgres", "postgresql"})
_EXAMPLE = "sqlite:///relative/path.db, sqlite:////absolute/path.db, a file path or postgresql://user@host/dbname"


def open_store(uri: str, *, read_only: bool = False) -> Store:
    """Open (creating if needed) the store ``uri`` names; ``StorageError`` when it cannot.

    ``read_only``: open an existing store without writing to it (no creation, no migration: a missing
    store or one of another schema version is a ``StorageError``), for readers beside a running crawl.
    """
    scheme, sep, rest = uri.partition("://")
    if not sep:
        return SqliteStore(uri, read_only=read_only)
    # Only the scheme goes into messages: the rest of a server URI may hold a password.
    backend = scheme.lower().split("+", 1)[0]
    if backend in _SQLITE_SCHEMES:
        return SqliteStore(_sqlite_path(uri, rest), read_only=read_only)
    if backend in _POSTGRES_SCHEMES:
        from crawler.store.postgres import PostgresStore  # psycopg loads only for a PostgreSQL store

        return PostgresStore(uri, read_only=read_only)
    raise StorageError(f"unsupported storage URI scheme {scheme!r}; use {_EXAMPLE}")


def store_uri_from_path(path: str | os.PathLike[str]) -> str:
    """The store URI of a database file path: ``data/akhbar.db`` → ``sqlite:///data/akhbar.db``.

    A value that already is a URI is returned unchanged.
    """
    path = os.fspath(path)
    return path if "://" in path else f"sqlite:///{path}"


def _sqlite_path(uri: str, rest: str) -> str:
    # sqlite:///x.db is relative ("x.db"), sqlite:////x.db absolute ("/x.db"): the part between the
    # second and third slash would be a host, and SQLite files have none.
    if not rest.startswith("/") or len(rest) == 1:
        raise StorageError(f"{uri}: not a SQLite store URI; use {_EXAMPLE}")
    return rest[1:]
