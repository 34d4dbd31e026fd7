"""SQLite queries for incremental crawling: feed states and the "already stored?" look-up.

Functions take an open connection; ``SqliteStore`` wraps them in its error handling and transactions.
The ``feeds`` table (created by the schema migrations in ``crawler.store.sqlite``) has one column per
``FeedState`` field, of the same name.
"""

from __future__ import annotations

import sqlite3
from dataclasses import fields

from crawler.listings.feedhealth import FeedState
from crawler.store.base import SeenArticle
from crawler.urls import canonicalize

FEED_COLUMNS = tuple(f.name for f in fields(FeedState))
_FEED_SELECT = f"SELECT {', '.join(FEED_COLUMNS)} FROM feeds"
_FEED_UPSERT = (
    f"INSERT INTO feeds ({', '.join(FEED_COLUMNS)}) VALUES ({', '.join(':' + c for c in FEED_COLUMNS)}) "
    f"ON CONFLICT (url) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in FEED_COLUMNS if c != 'url')}"
)
# One indexed look-up per way of naming an article, best match first: the URL fetched, the key, the
# declared canonical URL, then any URL with the same canonical form (:url is the address as given,
# :canonical its canonical form). INDEXED BY holds the planner to the index even when statistics make
# a column look unselective (outlets that declare no canonical, or their homepage, fill canonical_url
# with a few values): a scan of every article per feed entry is what this query exists to avoid. The
# key's UNIQUE index needs no forcing. The exact URL also finds rows whose url_key an older
# canonicalize computed differently.
_SEEN_COLUMNS = "id, url, fetched_at, published_at"
SEEN_QUERY = (
    f"SELECT 0 AS rank, {_SEEN_COLUMNS} FROM articles INDEXED BY articles_url WHERE url = :url "
    f"UNION ALL SELECT 1, {_SEEN_COLUMNS} FROM articles WHERE key = :canonical "
    f"UNION ALL SELECT 2, {_SEEN_COLUMNS} FROM articles INDEXED BY articles_canonical_url "
    "WHERE canonical_url IN (:url, :canonical) "
    f"UNION ALL SELECT 3, {_SEEN_COLUMNS} FROM articles INDEXED BY articles_url_key WHERE url_key = :canonical "
    "ORDER BY rank, id LIMIT 1"
)


def seen_params(url: str) -> dict[str, str]:
    """The parameters of ``SEEN_QUERY`` for ``url``."""
    return {"url": url.strip(), "canonical": canonicalize(url)}


def seen_article(conn: sqlite3.Connection, url: str) -> SeenArticle | None:
    """The stored article ``url`` leads to, or ``None``; of several, the best match (the URL fetched,
    then the key, the canonical URL, the canonical form), then the first stored (lowest id)."""
    row = conn.execute(SEEN_QUERY, seen_params(url)).fetchone()
    return None if row is None else SeenArticle(row["id"], row["url"], row["fetched_at"], row["published_at"])


def get_feed_state(conn: sqlite3.Connection, url: str) -> FeedState | None:
    row = conn.execute(f"{_FEED_SELECT} WHERE url = ?", (url,)).fetchone()
    return None if row is None else _feed_state(row)


def save_feed_state(conn: sqlite3.Connection, state: FeedState) -> None:
    conn.execute(_FEED_UPSERT, {name: getattr(state, name) for name in FEED_COLUMNS})


def feed_states(conn: sqlite3.Connection, source_id: str | None) -> list[FeedState]:
    where, params = ("", ()) if source_id is None else (" WHERE source_id = ?", (source_id,))
    rows = conn.execute(f"{_FEED_SELECT}{where} ORDER BY source_id, url", params).fetchall()
    return [_feed_state(row) for row in rows]


def _feed_state(row: sqlite3.Row) -> FeedState:
    return FeedState(**{name: row[name] for name in FEED_COLUMNS})
