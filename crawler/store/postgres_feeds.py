"""PostgreSQL queries for incremental crawling: feed states, the "already stored?" look-up and pending
entries; the same tables and answers as ``crawler.store.sqlite_feeds`` and ``sqlite_pending``.

Functions take an open connection (rows as dicts) inside the caller's transaction; ``PostgresStore``
wraps them in its error handling.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import psycopg

from crawler.items import entry_from_dict, entry_to_dict
from crawler.listings.backlog import PendingEntry
from crawler.listings.feedhealth import FeedState
from crawler.store.base import SeenArticle
from crawler.store.sqlite_feeds import FEED_COLUMNS, seen_params
from crawler.urls import canonicalize

Conn = psycopg.Connection[dict[str, Any]]

_FEED_SELECT = f"SELECT {', '.join(FEED_COLUMNS)} FROM feeds"
_FEED_UPSERT = (
    f"INSERT INTO feeds ({', '.join(FEED_COLUMNS)}) VALUES ({', '.join(f'%({c})s' for c in FEED_COLUMNS)}) "
    f"ON CONFLICT (url) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in FEED_COLUMNS if c != 'url')}"
)
# As sqlite_feeds.SEEN_QUERY: the URL fetched, the key, the declared canonical URL, the canonical form.
_SEEN_COLUMNS = "id, url, fetched_at, published_at"
_SEEN = (
    f"SELECT 0 AS rank, {_SEEN_COLUMNS} FROM articles WHERE url = %(url)s "
    f"UNION ALL SELECT 1, {_SEEN_COLUMNS} FROM articles WHERE key = %(canonical)s "
    f"UNION ALL SELECT 2, {_SEEN_COLUMNS} FROM articles WHERE canonical_url IN (%(url)s, %(canonical)s) "
    f"UNION ALL SELECT 3, {_SEEN_COLUMNS} FROM articles WHERE url_key = %(canonical)s "
    "ORDER BY rank, id LIMIT 1"
)
_PENDING_INSERT = (
    "INSERT INTO pending (url_key, url, source_id, feed_url, entry, dated_at, listed_at) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (url_key) DO NOTHING"
)
_PENDING_REFRESH = "UPDATE pending SET entry = %s, dated_at = %s WHERE url_key = %s"
# Newest first; undated entries last, in the order they were added. LIMIT NULL is no limit.
_PENDING_SELECT = (
    "SELECT source_id, feed_url, entry, dated_at, listed_at FROM pending "
    "WHERE source_id = %(source)s AND (%(since)s::text IS NULL OR dated_at IS NULL OR dated_at >= %(since)s) "
    "ORDER BY dated_at IS NULL, dated_at DESC, id LIMIT %(limit)s OFFSET %(offset)s"
)


def seen_article(conn: Conn, url: str) -> SeenArticle | None:
    row = conn.execute(_SEEN, seen_params(url)).fetchone()
    return None if row is None else SeenArticle(row["id"], row["url"], row["fetched_at"], row["published_at"])


def get_feed_state(conn: Conn, url: str) -> FeedState | None:
    row = conn.execute(f"{_FEED_SELECT} WHERE url = %s", (url,)).fetchone()
    return None if row is None else FeedState(**row)


def save_feed_state(conn: Conn, state: FeedState) -> None:
    conn.execute(_FEED_UPSERT, {name: getattr(state, name) for name in FEED_COLUMNS})


def feed_states(conn: Conn, source_id: str | None) -> list[FeedState]:
    where, params = ("", ()) if source_id is None else (" WHERE source_id = %s", (source_id,))
    return [FeedState(**row) for row in conn.execute(f"{_FEED_SELECT}{where} ORDER BY source_id, url", params)]


def add_pending(conn: Conn, entries: Sequence[PendingEntry]) -> int:
    added = 0
    for pending in entries:
        key = canonicalize(pending.url)
        entry = json.dumps(entry_to_dict(pending.entry), ensure_ascii=False)
        cursor = conn.execute(
            _PENDING_INSERT,
            (key, pending.url, pending.source_id, pending.feed_url, entry, pending.dated_at, pending.listed_at),
        )
        if cursor.rowcount == 1:
            added += 1
        else:
            conn.execute(_PENDING_REFRESH, (entry, pending.dated_at, key))
    return added


def pending_entries(
    conn: Conn, source_id: str, since: str | None, limit: int | None, offset: int
) -> list[PendingEntry]:
    params = {"source": source_id, "since": since, "limit": limit, "offset": offset}
    return [
        PendingEntry(entry_from_dict(json.loads(row["entry"])), row["source_id"], row["feed_url"], row["dated_at"],
                     row["listed_at"])
        for row in conn.execute(_PENDING_SELECT, params)
    ]  # fmt: skip


def drop_pending(conn: Conn, urls: Sequence[str]) -> None:
    conn.execute("DELETE FROM pending WHERE url_key = ANY(%s)", ([canonicalize(url) for url in urls],))


def pending_counts(conn: Conn) -> dict[tuple[str, str], int]:
    rows = conn.execute("SELECT source_id, feed_url, count(*) AS n FROM pending GROUP BY source_id, feed_url")
    return {(row["source_id"], row["feed_url"]): int(row["n"]) for row in rows}
