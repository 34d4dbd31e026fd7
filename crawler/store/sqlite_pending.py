"""SQLite queries for pending entries (``crawler.listings.backlog``): listed articles not fetched yet.

Functions take an open connection; ``SqliteStore`` wraps them in its error handling and transactions.
The ``pending`` table is created by the schema migrations in ``crawler.store.sqlite``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from crawler.items import entry_from_dict, entry_to_dict
from crawler.listings.backlog import PendingEntry
from crawler.urls import canonicalize

_INSERT = (
    "INSERT INTO pending (url_key, url, source_id, feed_url, entry, dated_at, listed_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url_key) DO NOTHING"
)
# A listing naming a pending entry again: its latest description wins; place, source and listing stay.
_REFRESH = "UPDATE pending SET entry = ?, dated_at = ? WHERE url_key = ?"
# Newest first; undated entries last, in the order they were added.
_SELECT = (
    "SELECT source_id, feed_url, entry, dated_at, listed_at FROM pending "
    "WHERE source_id = ? AND (? IS NULL OR dated_at IS NULL OR dated_at >= ?) "
    "ORDER BY dated_at IS NULL, dated_at DESC, id LIMIT ? OFFSET ?"
)


def add_pending(conn: sqlite3.Connection, entries: Sequence[PendingEntry]) -> int:
    """Insert the entries (inside the caller's transaction); how many were not pending already."""
    added = 0
    for pending in entries:
        key = canonicalize(pending.url)
        entry = json.dumps(entry_to_dict(pending.entry), ensure_ascii=False)
        cursor = conn.execute(
            _INSERT,
            (key, pending.url, pending.source_id, pending.feed_url, entry, pending.dated_at, pending.listed_at),
        )
        if cursor.rowcount == 1:
            added += 1
        else:
            conn.execute(_REFRESH, (entry, pending.dated_at, key))
    return added


def pending_entries(
    conn: sqlite3.Connection, source_id: str, since: str | None, limit: int | None, offset: int
) -> list[PendingEntry]:
    rows = conn.execute(_SELECT, (source_id, since, since, -1 if limit is None else limit, offset)).fetchall()
    return [
        PendingEntry(entry_from_dict(json.loads(row["entry"])), row["source_id"], row["feed_url"], row["dated_at"],
                     row["listed_at"])
        for row in rows
    ]  # fmt: skip


def drop_pending(conn: sqlite3.Connection, urls: Sequence[str]) -> None:
    conn.executemany("DELETE FROM pending WHERE url_key = ?", [(canonicalize(url),) for url in urls])


def pending_counts(conn: sqlite3.Connection) -> dict[tuple[str, str], int]:
    rows = conn.execute("SELECT source_id, feed_url, count(*) FROM pending GROUP BY source_id, feed_url")
    return {(row[0], row[1]): int(row[2]) for row in rows}
