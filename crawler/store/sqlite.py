"""SQLite storage: one file in WAL mode, a versioned schema, and FTS5 search over the analysed text.

The full-text index (``articles_search``, see ``crawler.store.sqlite_search``) holds the surface forms
and the stems (``crawler.search.analysis``) of each article's headline, summary, highlights, body and
tags, so a query finds every spelling and every clitic form of a word. It is an ordinary FTS5 table (it
keeps its own copy of the text) so a row can be deleted by rowid: on SQLite < 3.43 a contentless or
external-content table can only delete a row when given back the exact text it indexed.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from crawler.items import Article, RawCapture, RefusedPage, entry_from_dict, entry_to_dict
from crawler.listings.backlog import PendingEntry
from crawler.listings.feedhealth import FeedState, enable
from crawler.search.query import Query, parse_query
from crawler.search.snippets import Matcher, snippet
from crawler.store import sqlite_feeds, sqlite_pending, sqlite_runs, sqlite_search
from crawler.store.base import (
    SearchFilters,
    SearchHit,
    SeenArticle,
    SourceActivity,
    StorageError,
    UpsertResult,
    parse_date_bound,
    utc_iso,
)
from crawler.store.runs import RunRecord, SentAlert
from crawler.store.sqlreads import SqlReads
from crawler.urls import article_key, canonicalize

logger = logging.getLogger(__name__)

# A result row: SQLite's, or a dict (crawler.store.postgres reads rows as dicts and shares these helpers).
Row = sqlite3.Row | Mapping[str, Any]
# A migration step: a statement, or a function of the connection (run inside the migration's transaction).
Step = str | Callable[[sqlite3.Connection], object]
# MIGRATIONS[n] takes a database from schema version n - 1 to n (``PRAGMA user_version``); a released
# migration is never edited, a change is a new one appended.
MIGRATIONS: tuple[tuple[Step, ...], ...] = (
    (),  # version 0: an empty database
    (
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,      -- crawler.urls.article_key(url, canonical_url)
            url TEXT NOT NULL,
            url_key TEXT NOT NULL,         -- crawler.urls.canonicalize(url), to find it by any variant
            headline TEXT NOT NULL,
            body TEXT NOT NULL,
            canonical_url TEXT,
            summary TEXT,
            highlights TEXT NOT NULL,      -- lists are JSON arrays of strings
            authors TEXT NOT NULL,
            credits TEXT NOT NULL,
            tags TEXT NOT NULL,
            image TEXT,
            language TEXT,
            published_at TEXT,
            published_at_raw TEXT,
            modified_at TEXT,
            modified_at_raw TEXT,
            source_id TEXT,
            source_name TEXT,
            source_name_ar TEXT,
            feed_url TEXT,
            fetched_at TEXT,               -- the latest fetch
            crawler_version TEXT,
            body_hash TEXT,
            duplicate_of INTEGER REFERENCES articles (id) ON DELETE SET NULL,
            dated_at TEXT,                 -- published_at (else fetched_at) as a UTC instant, and
            dated_day TEXT,                -- its calendar date where published: iter_articles' filters
            first_seen_at TEXT NOT NULL,   -- fetched_at of the first store
            updated_at TEXT NOT NULL       -- time of the latest upsert
        )""",
        "CREATE INDEX articles_url_key ON articles (url_key)",
        "CREATE INDEX articles_canonical_url ON articles (canonical_url)",
        "CREATE INDEX articles_body_hash ON articles (body_hash)",
        "CREATE INDEX articles_dated_at ON articles (dated_at)",
        "CREATE INDEX articles_source_dated_at ON articles (source_id, dated_at)",
        "CREATE INDEX articles_duplicate_of ON articles (duplicate_of)",
        """CREATE TABLE raw_pages (
            article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            url TEXT NOT NULL,
            status INTEGER NOT NULL,
            headers TEXT NOT NULL,         -- JSON object
            body BLOB NOT NULL,            -- zlib-compressed response body
            fetched_at TEXT
        )""",
        # The search form of each text field; rowid = articles.id.
        """CREATE VIRTUAL TABLE articles_fts USING fts5 (
            headline, summary, highlights, body, tags, tokenize = 'unicode61 remove_diacritics 2'
        )""",
    ),
    (  # version 2: incremental crawling
        "CREATE INDEX articles_url ON articles (url)",  # Store.seen_article by the URL fetched
        """CREATE TABLE feeds (           -- crawler.listings.feedhealth.FeedState, one column per field
            url TEXT PRIMARY KEY,
            source_id TEXT NOT NULL,
            etag TEXT,
            last_modified TEXT,
            body_hash TEXT,
            last_status TEXT,
            last_fetch_at TEXT,
            last_success_at TEXT,
            last_new_entry_at TEXT,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            failure_score REAL NOT NULL DEFAULT 0,
            entries_per_day REAL,
            interval_seconds REAL NOT NULL DEFAULT 0,
            next_due_at TEXT,
            disabled_reason TEXT,
            disabled_at TEXT
        )""",
        "CREATE INDEX feeds_source_url ON feeds (source_id, url)",
    ),
    (  # version 3: refused pages are kept with their raw response, for re-extraction
        """CREATE TABLE refused_pages (   -- crawler.items.RefusedPage
            id INTEGER PRIMARY KEY,
            url_key TEXT NOT NULL UNIQUE,  -- crawler.urls.canonicalize(url): a re-fetch replaces the row
            url TEXT NOT NULL,
            source_id TEXT,
            feed_url TEXT,
            entry TEXT,                    -- the feed entry (crawler.listings.feeds.entry_to_dict) as JSON
            fetched_at TEXT,
            status INTEGER NOT NULL,
            headers TEXT NOT NULL,         -- JSON object
            body BLOB NOT NULL,            -- zlib-compressed response body, as in raw_pages
            verdict TEXT NOT NULL,         -- not_article or dropped
            reason TEXT NOT NULL,          -- listing_page, no_article_text, body_too_short…
            detail TEXT NOT NULL
        )""",
        "CREATE INDEX refused_pages_source_fetched_at ON refused_pages (source_id, fetched_at)",
        "CREATE INDEX refused_pages_fetched_at ON refused_pages (fetched_at)",
        "CREATE INDEX raw_pages_fetched_at ON raw_pages (fetched_at)",  # Store.iter_captures(since=…)
    ),
    (  # version 4: listed articles a run left for later (crawler.listings.backlog)
        """CREATE TABLE pending (         -- crawler.listings.backlog.PendingEntry
            id INTEGER PRIMARY KEY,        -- the order entries were added: undated ones are taken in it
            url_key TEXT NOT NULL UNIQUE,  -- crawler.urls.canonicalize(url): listed twice, pending once
            url TEXT NOT NULL,
            source_id TEXT NOT NULL,
            feed_url TEXT NOT NULL,        -- the feed or sitemap that listed it
            entry TEXT NOT NULL,           -- the feed entry (crawler.items.entry_to_dict) as JSON
            dated_at TEXT,                 -- latest UTC instant of the entry's date: newest first, --since
            listed_at TEXT                 -- when a run first listed it
        )""",
        "CREATE INDEX pending_source_dated_at ON pending (source_id, dated_at)",
    ),
    (  # version 5: search by surface form and stem (crawler.search.analysis); every article reindexed
        "DROP TABLE articles_fts",
        sqlite_search.CREATE,
        lambda conn: sqlite_search.reindex(conn, _log_reindex),
    ),
    sqlite_runs.CREATE,  # version 6: the run history and the alerts sent (crawler.store.runs)
)
SCHEMA_VERSION = len(MIGRATIONS) - 1
# zlib level of stored raw pages: level 1 compresses HTML to about a quarter in a fifth of level 6's
# time, and the crawl pays that per page on its one reactor thread.
RAW_COMPRESSION_LEVEL = 1

MEMORY = ":memory:"
# Seconds a statement waits for another connection's lock; a crawl sets AKHBAR_STORE_BUSY_TIMEOUT instead.
BUSY_TIMEOUT_S = 30.0
_MAX_AHEAD_OF_UTC = timedelta(hours=14)
_MAX_BEHIND_UTC = timedelta(hours=12)
# Lengths of the published_at forms that are not instants (see crawler.items): a day, a zone-less clock.
_DAY_LENGTH = len("2026-11-28")
_CLOCK_LENGTH = len("2026-11-28T10:15:00")
# Article fields stored as columns of the same name, in declaration order (``id`` is the primary key).
COLUMNS = (
    "url", "headline", "body", "canonical_url", "summary", "highlights", "authors", "credits", "tags",
    "image", "language", "published_at", "published_at_raw", "modified_at", "modified_at_raw",
    "source_id", "source_name", "source_name_ar", "feed_url", "fetched_at", "crawler_version",
    "body_hash", "duplicate_of",
)  # fmt: skip
_LIST_COLUMNS = ("highlights", "authors", "credits", "tags")
_SELECT = f"SELECT id, {', '.join(COLUMNS)} FROM articles"
# Columns an update rewrites; an insert also sets key and first_seen_at.
_UPDATED = (*COLUMNS, "url_key", "dated_at", "dated_day", "updated_at")
_INSERTED = ("key", *_UPDATED, "first_seen_at")
_INSERT = f"INSERT INTO articles ({', '.join(_INSERTED)}) VALUES ({', '.join(':' + c for c in _INSERTED)}) RETURNING id"
_UPDATE = f"UPDATE articles SET {', '.join(f'{c} = :{c}' for c in _UPDATED)} WHERE id = :id"
# A search: the FTS5 match, its filters (``{where}``), best bm25 score first.
# The best ``limit`` rowids are chosen inside the index, and only they are joined to their articles:
# joining every match first reads every matched article's text (hundreds of ms for a common word).
_SEARCH = (
    f"SELECT {', '.join('a.' + c for c in ('id', *COLUMNS))}, -best.score AS score FROM ("
    f"SELECT rowid AS id, {sqlite_search.BM25} AS score FROM articles_search "
    "WHERE articles_search MATCH ?{where} ORDER BY score, rowid LIMIT ? OFFSET ?"
    ") AS best JOIN articles AS a ON a.id = best.id ORDER BY best.score, a.id"
)
_PUT_RAW = (
    "INSERT INTO raw_pages (article_id, url, status, headers, body, fetched_at) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (article_id) DO UPDATE SET url = excluded.url, status = excluded.status, "
    "headers = excluded.headers, body = excluded.body, fetched_at = excluded.fetched_at"
)

_REFUSED_COLUMNS = (
    "url_key", "url", "source_id", "feed_url", "entry", "fetched_at", "status", "headers", "body", "verdict",
    "reason", "detail",
)  # fmt: skip
_KEEP_REFUSED = (
    f"INSERT INTO refused_pages ({', '.join(_REFUSED_COLUMNS)}) VALUES ({', '.join('?' * len(_REFUSED_COLUMNS))}) "
    f"ON CONFLICT (url_key) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _REFUSED_COLUMNS[1:])}"
)
_SELECT_REFUSED = f"SELECT id, {', '.join(_REFUSED_COLUMNS)} FROM refused_pages"


class SqliteStore(SqlReads):
    """Articles in a SQLite file (or ``":memory:"``); its parent directory is created when missing.

    ``read_only``: an existing database at the current schema version, opened read-only (``mode=ro``;
    WAL lets it read beside a crawl writing); nothing is created or migrated.
    """

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = os.fspath(path)
        self._conn = _connect_read_only(self.path) if read_only else _connect(self.path)

    def set_busy_timeout(self, seconds: float) -> None:
        """How long a statement waits for another connection's lock before failing with "database is
        locked" (a ``StorageError``)."""
        with self._failing("setting the busy timeout"):
            self._conn.execute(f"PRAGMA busy_timeout = {max(int(seconds * 1000), 0):d}")

    def upsert(self, article: Article) -> UpsertResult:
        return self.upsert_many([article])[0]

    def upsert_many(self, articles: Sequence[Article]) -> list[UpsertResult]:
        if not articles:
            return []
        what = f"storing {article_key(articles[0].url, articles[0].canonical_url)}"
        if len(articles) > 1:
            what += f" and {len(articles) - 1} more articles"
        with self._failing(what), _transaction(self._conn):
            return [self._write(article) for article in articles]

    def _write(self, article: Article) -> UpsertResult:
        """One article's rows, inside the caller's transaction."""
        key = article_key(article.url, article.canonical_url)
        old = self._conn.execute(
            "SELECT id, body, body_hash, headline, summary FROM articles WHERE key = ?", (key,)
        ).fetchone()
        first = self._first_copy(article, key, old["id"] if old is not None else None)
        if first is not None and first["source_id"] == article.source_id:
            return UpsertResult(first["id"], created=False, changed=False, same_text_as=first["id"])
        now = _utc_now()
        dated_at, dated_day = _dated(article)
        row = _row(article) | {"key": key, "url_key": canonicalize(article.url), "updated_at": now}
        row |= {"dated_at": dated_at, "dated_day": dated_day}
        row["first_seen_at"] = article.fetched_at or now
        if first is not None:
            row["duplicate_of"] = first["id"]
        raw = _raw_row(article.raw, article.fetched_at) if article.raw is not None else None
        if old is None:
            article_id: int = self._conn.execute(_INSERT, row).fetchone()[0]
        else:
            article_id = old["id"]
            if row["duplicate_of"] == article_id:  # the article found itself by its body hash
                row["duplicate_of"] = None
            self._conn.execute(_UPDATE, row | {"id": article_id})
            self._conn.execute("DELETE FROM articles_search WHERE rowid = ?", (article_id,))
        self._conn.execute(sqlite_search.INSERT, sqlite_search.index_row(article_id, article))
        if raw is not None:
            self._conn.execute(_PUT_RAW, (article_id, *raw))
        # A page refused at this address before is an article now: its raw response is the article's.
        addresses = {key, row["url_key"], *([canonicalize(article.raw.url)] if article.raw is not None else [])}
        self._conn.execute(
            f"DELETE FROM refused_pages WHERE url_key IN ({', '.join('?' * len(addresses))})", tuple(addresses)
        )
        return UpsertResult(
            article_id,
            created=old is None,
            changed=old is not None and _changed(old, row),
            duplicate_of=row["duplicate_of"],
        )

    def _first_copy(self, article: Article, key: str, own_id: int | None) -> sqlite3.Row | None:
        """The first stored article with the same text under another address, stored before this one
        (a stored original never becomes a copy of its later copies); none without a hash."""
        if not article.body_hash:
            return None
        row: sqlite3.Row | None = self._conn.execute(
            "SELECT id, source_id FROM articles WHERE body_hash = ? AND key != ? AND id < ? ORDER BY id LIMIT 1",
            (article.body_hash, key, own_id if own_id is not None else 2**62),
        ).fetchone()
        return row

    def get(self, article_id: int) -> Article | None:
        return self._one(f"{_SELECT} WHERE id = ?", (article_id,))

    def search(
        self, query: str | Query, *, limit: int = 20, filters: SearchFilters | None = None, offset: int = 0
    ) -> list[SearchHit]:
        parsed = parse_query(query) if isinstance(query, str) else query
        if limit < 1:
            return []
        clauses, params = filter_clauses(filters or SearchFilters())
        where = f" AND rowid IN (SELECT id FROM articles WHERE {' AND '.join(clauses)})" if clauses else ""
        sql = _SEARCH.format(where=where)
        with self._failing(f"searching {query if isinstance(query, str) else 'a query'!r}"):
            rows = self._conn.execute(
                sql, (sqlite_search.match_expression(parsed), *params, limit, max(offset, 0))
            ).fetchall()
        matcher = Matcher(parsed)
        hits = []
        for row in rows:
            article = _article(row)
            text, spans = snippet((article.summary or "", *article.highlights, article.body), matcher)
            hits.append(SearchHit(article, text, float(row["score"]), spans))
        return hits

    def iter_articles(
        self, *, since: str | None = None, until: str | None = None, source_ids: Sequence[str] = ()
    ) -> Iterator[Article]:
        clauses, params = _date_clauses(since, until)
        sources = [source_ids] if isinstance(source_ids, str) else list(source_ids)
        if sources:
            clauses.append(f"source_id IN ({', '.join('?' * len(sources))})")
            params.extend(sources)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return self._stream(f"{_SELECT}{where} ORDER BY dated_at, id", params)

    def latest(self, filters: SearchFilters | None = None, *, limit: int = 20, offset: int = 0) -> list[Article]:
        clauses, params = filter_clauses(filters or SearchFilters())
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._failing("listing the latest articles"):
            rows = self._conn.execute(f"{_SELECT}{where}{LATEST_ORDER}", (*params, limit, max(offset, 0))).fetchall()
        return [_article(row) for row in rows]

    def copies_of(self, article_id: int) -> list[Article]:
        with self._failing(f"listing the copies of article {article_id}"):
            rows = self._conn.execute(f"{_SELECT} WHERE duplicate_of = ? ORDER BY id", (article_id,)).fetchall()
        return [_article(row) for row in rows]

    def source_activity(self, since_day: str) -> list[SourceActivity]:
        with self._failing("counting articles per source"):
            totals = self._conn.execute(SOURCE_TOTALS).fetchall()
            days = self._conn.execute(SOURCE_DAYS, (since_day,)).fetchall()
        return source_activity(totals, days)

    def count(self, source_id: str | None = None) -> int:
        where, params = ("", ()) if source_id is None else (" WHERE source_id = ?", (source_id,))
        with self._failing("counting articles"):
            row = self._conn.execute(f"SELECT count(*) FROM articles{where}", params).fetchone()
        return int(row[0])

    def keep_refused(self, pages: Sequence[RefusedPage]) -> None:
        if not pages:
            return
        what = f"keeping the refused page {pages[0].url}"
        if len(pages) > 1:
            what += f" and {len(pages) - 1} more"
        with self._failing(what), _transaction(self._conn):
            self._conn.executemany(_KEEP_REFUSED, [_refused_row(page) for page in pages])

    def get_refused(self, url: str) -> RefusedPage | None:
        with self._failing(f"reading the refused page {url}"):
            row = self._conn.execute(f"{_SELECT_REFUSED} WHERE url_key = ?", (canonicalize(url),)).fetchone()
            return None if row is None else _refused(row)

    def iter_refused(self) -> Iterator[RefusedPage]:
        with self._failing("listing refused pages"):
            refused_ids = [row[0] for row in self._conn.execute("SELECT id FROM refused_pages ORDER BY id")]
        return (page for page in self._captures([], refused_ids) if isinstance(page, RefusedPage))

    def count_refused(self) -> int:
        with self._failing("counting refused pages"):
            return int(self._conn.execute("SELECT count(*) FROM refused_pages").fetchone()[0])

    def seen_article(self, url: str) -> SeenArticle | None:
        with self._failing(f"looking up {url}"):
            return sqlite_feeds.seen_article(self._conn, url)

    def get_feed_state(self, url: str) -> FeedState | None:
        with self._failing(f"reading the state of feed {url}"):
            return sqlite_feeds.get_feed_state(self._conn, url)

    def save_feed_state(self, state: FeedState) -> None:
        with self._failing(f"saving the state of feed {state.url}"):
            sqlite_feeds.save_feed_state(self._conn, state)

    def feed_states(self, source_id: str | None = None) -> list[FeedState]:
        with self._failing("listing feed states"):
            return sqlite_feeds.feed_states(self._conn, source_id)

    def enable_feed(self, url: str) -> bool:
        with self._failing(f"enabling feed {url}"), _transaction(self._conn):
            state = sqlite_feeds.get_feed_state(self._conn, url)
            if state is not None:
                sqlite_feeds.save_feed_state(self._conn, enable(state))
        return state is not None

    def add_pending(self, entries: Sequence[PendingEntry]) -> int:
        if not entries:
            return 0
        with self._failing(f"keeping {len(entries)} pending entries"), _transaction(self._conn):
            return sqlite_pending.add_pending(self._conn, entries)

    def pending_entries(
        self, source_id: str, *, since: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[PendingEntry]:
        with self._failing(f"reading the pending entries of {source_id}"):
            return sqlite_pending.pending_entries(self._conn, source_id, since, limit, offset)

    def drop_pending(self, urls: Sequence[str]) -> None:
        if not urls:
            return
        with self._failing(f"dropping {len(urls)} pending entries"), _transaction(self._conn):
            sqlite_pending.drop_pending(self._conn, urls)

    def pending_counts(self) -> dict[tuple[str, str], int]:
        with self._failing("counting pending entries"):
            return sqlite_pending.pending_counts(self._conn)

    def record_run(self, run: RunRecord) -> None:
        with self._failing(f"recording run {run.id}"), _transaction(self._conn):
            sqlite_runs.record_run(self._conn, run)

    def runs(
        self, *, since: str | None = None, until: str | None = None, source_ids: Sequence[str] = ()
    ) -> list[RunRecord]:
        with self._failing("listing runs"):
            return sqlite_runs.runs(self._conn, since, until, source_ids)

    def prune_runs(self, older_than: str) -> int:
        with self._failing(f"pruning runs before {older_than}"), _transaction(self._conn):
            return sqlite_runs.prune_runs(self._conn, older_than)

    def sent_alerts(self) -> list[SentAlert]:
        with self._failing("reading the alerts sent"):
            return sqlite_runs.sent_alerts(self._conn)

    def update_alerts(self, sent: Sequence[SentAlert], cleared: Sequence[str]) -> None:
        with self._failing("saving the alerts sent"), _transaction(self._conn):
            sqlite_runs.update_alerts(self._conn, sent, cleared)

    def close(self) -> None:
        self._conn.close()

    def _rows(self, what: str, sql: str, params: Sequence[object]) -> list[Any]:
        with self._failing(what):
            return self._conn.execute(sql, params).fetchall()

    def _article_where(self, clause: str, params: Sequence[object]) -> Article | None:
        return self._one(f"{_SELECT} WHERE {clause}", params)

    def _refused_by_id(self, refused_id: int) -> RefusedPage | None:
        with self._failing(f"reading refused page {refused_id}"):
            row = self._conn.execute(f"{_SELECT_REFUSED} WHERE id = ?", (refused_id,)).fetchone()
            return None if row is None else _refused(row)

    def _one(self, sql: str, params: Sequence[object]) -> Article | None:
        with self._failing("reading an article"):
            row = self._conn.execute(sql, params).fetchone()
        return None if row is None else _article(row)

    def _stream(self, sql: str, params: Sequence[object]) -> Iterator[Article]:
        with self._failing("listing articles"):
            cursor = self._conn.execute(sql, params)
            try:
                for row in cursor:
                    yield _article(row)
            finally:
                # A reader that stopped early (`akhbar export | head`) may close the store first; closing
                # the connection closed its cursors, and closing this one again is refused.
                with suppress(sqlite3.ProgrammingError):
                    cursor.close()

    @contextmanager
    def _failing(self, what: str) -> Iterator[None]:
        try:
            yield
        except (sqlite3.Error, zlib.error) as exc:
            raise StorageError(f"{self.path}: {what} failed: {exc}") from exc


def _connect(path: str) -> sqlite3.Connection:
    """Open, configure and migrate the database; any failure is a ``StorageError`` naming ``path``."""
    if path != MEMORY:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"{path}: cannot create the database's directory: {exc}") from exc
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as exc:
        raise StorageError(f"{path}: cannot open the database: {exc}") from exc
    try:
        conn.row_factory = sqlite3.Row
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal" and path != MEMORY:
            logger.warning("%s: journal mode is %s, not WAL (the filesystem may not support it)", path, mode)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        _require_fts5(conn, path)
        _migrate(conn, path)
    except sqlite3.Error as exc:
        conn.close()
        raise StorageError(f"{path}: not a usable SQLite database: {exc}") from exc
    except StorageError:
        conn.close()
        raise
    return conn


def _connect_read_only(path: str) -> sqlite3.Connection:
    """Open an existing database read-only; a missing file or another schema version is a ``StorageError``."""
    if path == MEMORY or not Path(path).is_file():
        raise StorageError(f"{path}: no such database")
    try:
        conn = sqlite3.connect(
            f"file:{quote(str(Path(path).resolve()))}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None
        )
    except sqlite3.Error as exc:
        raise StorageError(f"{path}: cannot open the database: {exc}") from exc
    try:
        conn.row_factory = sqlite3.Row
        _require_fts5(conn, path)  # a temporary table: allowed before query_only
        conn.execute("PRAGMA query_only = ON")
        version = _schema_version(conn, path)
    except sqlite3.Error as exc:
        conn.close()
        raise StorageError(f"{path}: not a usable SQLite database: {exc}") from exc
    except StorageError:
        conn.close()
        raise
    if version != SCHEMA_VERSION:
        conn.close()
        raise StorageError(
            f"{path}: database schema version {version}, this Akhbar reads version {SCHEMA_VERSION}; "
            "a writing command (akhbar crawl, akhbar reextract) upgrades it"
        )
    return conn


def _require_fts5(conn: sqlite3.Connection, path: str) -> None:
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
    except sqlite3.OperationalError as exc:
        if "no such module" not in str(exc):
            raise
        raise StorageError(
            f"{path}: this SQLite ({sqlite3.sqlite_version}) has no FTS5, which article search needs"
        ) from exc
    conn.execute("DROP TABLE temp.fts5_probe")


def _migrate(conn: sqlite3.Connection, path: str) -> None:
    """Bring the schema to ``SCHEMA_VERSION``, all steps in one transaction."""
    if _schema_version(conn, path) == SCHEMA_VERSION:
        return
    with _transaction(conn):
        version = _schema_version(conn, path)  # again, under the write lock: another process may have won
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for step in MIGRATIONS[target]:
                if isinstance(step, str):
                    conn.execute(step)
                else:
                    step(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
    if version < SCHEMA_VERSION:
        logger.info("%s: schema migrated from version %d to %d", path, version, SCHEMA_VERSION)


def _schema_version(conn: sqlite3.Connection, path: str) -> int:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StorageError(
            f"{path}: database schema version {version} is newer than this Akhbar knows "
            f"({SCHEMA_VERSION}); upgrade Akhbar to open it"
        )
    return version


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction: committed when the block ends, rolled back on any exception."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def filter_clauses(filters: SearchFilters) -> tuple[list[str], list[object]]:
    """SQL conditions on ``articles`` (``?`` parameters) keeping what ``filters`` keeps."""
    clauses, date_params = _date_clauses(filters.since, filters.until)
    params: list[object] = list(date_params)
    if filters.source_ids:
        clauses.append(f"source_id IN ({', '.join('?' * len(filters.source_ids))})")
        params.extend(filters.source_ids)
    if filters.language:
        clauses.append("language = ?")
        params.append(filters.language)
    return clauses, params


# ``Store.latest``'s order (undated articles last on both backends) and its page; SOURCE_TOTALS and
# SOURCE_DAYS feed ``Store.source_activity`` (``?`` parameters; PostgreSQL swaps them for ``%s``).
LATEST_ORDER = " ORDER BY dated_at IS NULL, dated_at DESC, id DESC LIMIT ? OFFSET ?"
SOURCE_TOTALS = "SELECT source_id, count(*) AS n, max(dated_at) AS latest FROM articles GROUP BY source_id"
SOURCE_DAYS = (
    "SELECT source_id, dated_day, count(*) AS n FROM articles WHERE dated_day >= ? GROUP BY source_id, dated_day"
)


def source_activity(totals: Sequence[Row], days: Sequence[Row]) -> list[SourceActivity]:
    """``Store.source_activity`` from the rows of SOURCE_TOTALS and SOURCE_DAYS."""
    per_day: dict[str | None, dict[str, int]] = {}
    for row in days:
        per_day.setdefault(row["source_id"], {})[row["dated_day"]] = int(row["n"])
    found = [SourceActivity(r["source_id"], int(r["n"]), r["latest"], per_day.get(r["source_id"], {})) for r in totals]
    return sorted(found, key=lambda a: a.source_id or "")


def _row(article: Article) -> dict[str, Any]:
    row = {name: getattr(article, name) for name in COLUMNS}
    for name in _LIST_COLUMNS:
        row[name] = json.dumps(row[name], ensure_ascii=False)
    return row


def _article(row: Row) -> Article:
    data = {name: row[name] for name in COLUMNS}
    for name in _LIST_COLUMNS:
        data[name] = json.loads(data[name])
    return Article(id=row["id"], **data)


def _raw_row(raw: RawCapture, fetched_at: str | None) -> tuple[str, int, str, bytes, str | None]:
    headers = json.dumps(raw.headers, ensure_ascii=False)
    return raw.url, raw.status, headers, zlib.compress(raw.body, RAW_COMPRESSION_LEVEL), fetched_at


def _refused_row(page: RefusedPage) -> tuple[object, ...]:
    entry = json.dumps(entry_to_dict(page.entry), ensure_ascii=False) if page.entry is not None else None
    _, status, headers, body, fetched_at = _raw_row(page.raw, page.fetched_at)  # page.url is the raw's URL
    return (
        canonicalize(page.url), page.url, page.source_id, page.feed_url, entry, fetched_at, status, headers, body,
        page.verdict, page.reason, page.detail,
    )  # fmt: skip


def _refused(row: Row) -> RefusedPage:
    raw = RawCapture(
        url=row["url"], status=row["status"], headers=json.loads(row["headers"]), body=zlib.decompress(row["body"])
    )
    return RefusedPage(
        url=row["url"],
        raw=raw,
        verdict=row["verdict"],
        reason=row["reason"],
        detail=row["detail"],
        source_id=row["source_id"],
        feed_url=row["feed_url"],
        entry=entry_from_dict(json.loads(row["entry"])) if row["entry"] else None,
        fetched_at=row["fetched_at"],
    )


def _changed(old: Row, new: dict[str, Any]) -> bool:
    """Whether the content differs: body (by hash when both have one), headline or summary."""
    if old["body_hash"] is not None and new["body_hash"] is not None:
        same_body = old["body_hash"] == new["body_hash"]
    else:
        same_body = old["body"] == new["body"]
    return not (same_body and old["headline"] == new["headline"] and old["summary"] == new["summary"])


def _dated(article: Article) -> tuple[str | None, str | None]:
    """``dated_at`` and ``dated_day``: the publication (else fetch) time in UTC, and its own date."""
    for value in (article.published_at, article.fetched_at):
        if value:
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                logger.warning("%s: unparseable date %r", article.url, value)
            else:
                return utc_iso(moment), moment.date().isoformat()
    return None, None


def _date_clauses(since: str | None, until: str | None) -> tuple[list[str], list[str]]:
    """SQL conditions (and their parameters) for ``iter_articles``' ``since`` and ``until``."""
    clauses: list[str] = []
    params: list[str] = []
    for value, op in ((since, ">="), (until, "<=")):
        if value is None:
            continue
        bound = parse_date_bound(value)
        if isinstance(bound, datetime):
            # An instant. A published_at that is only a day («2026-11-28») or a clock in an unknown
            # zone («2026-11-28T10:15:00», dated as if UTC) is kept while the span of instants it may
            # denote reaches the bound; their lengths tell them from values with an offset.
            day_edge, clock_edge = (
                (bound - timedelta(days=1) - _MAX_BEHIND_UTC, bound - _MAX_BEHIND_UTC)
                if op == ">="
                else (bound + _MAX_AHEAD_OF_UTC, bound + _MAX_AHEAD_OF_UTC)
            )
            # The first condition, the widest, is implied by the second and lets the index narrow the scan.
            clauses += [
                f"dated_at {op} ?",
                f"(dated_at {op} ? OR (length(published_at) = {_DAY_LENGTH} AND dated_at {op} ?)"
                f" OR (length(published_at) = {_CLOCK_LENGTH} AND dated_at {op} ?))",
            ]
            params += [utc_iso(day_edge), utc_iso(bound), utc_iso(day_edge), utc_iso(clock_edge)]
            continue
        # A calendar day is compared with each article's own date. The instant condition is implied
        # by it (UTC offsets span -12 h to +14 h) and only lets the dated_at index narrow the scan.
        midnight = datetime.combine(bound, time(), UTC)
        edge = midnight - _MAX_AHEAD_OF_UTC if op == ">=" else midnight + timedelta(days=1) + _MAX_BEHIND_UTC
        clauses += [f"dated_at {op} ?", f"dated_day {op} ?"]
        params += [utc_iso(edge), bound.isoformat()]
    return clauses, params


def _log_reindex(done: int, total: int) -> None:
    """Progress of the search reindex (schema version 5), on stderr through logging's last resort."""
    if done == total or done % (sqlite_search.REINDEX_BATCH * 10) == 0:
        logger.warning("reindexing articles for search: %d of %d", done, total)


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
