"""SQLite queries for the run history and the alert state (``crawler.store.runs``); the schema is
``crawler.store.sqlite``'s version 6. Functions take an open connection inside the caller's transaction;
``crawler.store.postgres_runs`` runs the same statements with psycopg's placeholders.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime, timedelta

from crawler.store.base import parse_date_bound, utc_iso
from crawler.store.runs import (
    ALERT_COLUMNS,
    RUN_COLUMNS,
    SOURCE_COLUMNS,
    RunRecord,
    SentAlert,
    alert_from_row,
    run_row,
    runs_from_rows,
    source_rows,
)

# Schema version 6, as SQLite statements (PostgreSQL's differ only in types: postgres_runs.CREATE).
CREATE = (
    """CREATE TABLE runs (               -- crawler.store.runs.RunRecord, one per crawl
        id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL,         -- UTC ISO-8601
        finished_at TEXT NOT NULL,
        finish_reason TEXT NOT NULL,
        exit_code INTEGER NOT NULL,
        version TEXT NOT NULL,
        mode TEXT NOT NULL,               -- crawl or backfill
        settings TEXT NOT NULL,           -- JSON: settings that differ from the defaults
        totals TEXT NOT NULL              -- JSON: bytes, seconds, spooled…
    )""",
    "CREATE INDEX runs_started_at ON runs (started_at)",
    """CREATE TABLE run_sources (        -- crawler.store.runs.SourceRun: one source's figures in a run
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        source_id TEXT NOT NULL,
        status TEXT NOT NULL,
        counts TEXT NOT NULL,             -- JSON: the summary's counters, reasons, date checks
        error TEXT,
        PRIMARY KEY (run_id, source_id)
    )""",
    "CREATE INDEX run_sources_source ON run_sources (source_id)",
    """CREATE TABLE alerts_sent (        -- crawler.store.runs.SentAlert: notified, not cleared since
        key TEXT PRIMARY KEY,             -- rule:source
        source_id TEXT NOT NULL,
        rule TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        message TEXT NOT NULL
    )""",
)

INSERT_RUN = f"INSERT INTO runs ({', '.join(RUN_COLUMNS)}) VALUES ({', '.join('?' * len(RUN_COLUMNS))})"
INSERT_SOURCE = f"INSERT INTO run_sources ({', '.join(SOURCE_COLUMNS)}) VALUES ({', '.join('?' * len(SOURCE_COLUMNS))})"
SELECT_RUNS = f"SELECT {', '.join(RUN_COLUMNS)} FROM runs"
SELECT_SOURCES = f"SELECT {', '.join(SOURCE_COLUMNS)} FROM run_sources"
# The figures of the runs started from a time on (the first run a query returns).
SOURCES_FROM = f"{SELECT_SOURCES} WHERE run_id IN (SELECT id FROM runs WHERE started_at >= ?)"
# Sources of old runs go with them (ON DELETE CASCADE; deleted explicitly too, for databases where
# foreign keys are off).
PRUNE_SOURCES = "DELETE FROM run_sources WHERE run_id IN (SELECT id FROM runs WHERE started_at < ?)"
PRUNE_RUNS = "DELETE FROM runs WHERE started_at < ?"
UPSERT_ALERT = (
    f"INSERT INTO alerts_sent ({', '.join(ALERT_COLUMNS)}) VALUES ({', '.join('?' * len(ALERT_COLUMNS))}) "
    f"ON CONFLICT (key) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in ALERT_COLUMNS[1:])}"
)
SELECT_ALERTS = f"SELECT {', '.join(ALERT_COLUMNS)} FROM alerts_sent ORDER BY key"
DELETE_ALERT = "DELETE FROM alerts_sent WHERE key = ?"


def runs_query(since: str | None, until: str | None) -> tuple[str, list[str]]:
    """The runs started in [since, until), oldest first."""
    lower, upper = run_bounds(since, until)
    clauses, params = [], []
    if lower is not None:
        clauses.append("started_at >= ?")
        params.append(lower)
    if upper is not None:
        clauses.append("started_at < ?")
        params.append(upper)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    return f"{SELECT_RUNS}{where} ORDER BY started_at, id", params


def record_run(conn: sqlite3.Connection, run: RunRecord) -> None:
    conn.execute(INSERT_RUN, run_row(run))
    conn.executemany(INSERT_SOURCE, source_rows(run))


def runs(conn: sqlite3.Connection, since: str | None, until: str | None, source_ids: Sequence[str]) -> list[RunRecord]:
    sql, params = runs_query(since, until)
    rows = conn.execute(sql, params).fetchall()
    sources = conn.execute(SOURCES_FROM, (rows[0]["started_at"],)).fetchall() if rows else []
    return runs_from_rows(rows, sources, source_ids)


def prune_runs(conn: sqlite3.Connection, older_than: str) -> int:
    bound, _ = run_bounds(older_than, None)
    conn.execute(PRUNE_SOURCES, (bound,))
    return int(conn.execute(PRUNE_RUNS, (bound,)).rowcount)


def sent_alerts(conn: sqlite3.Connection) -> list[SentAlert]:
    return [alert_from_row(row) for row in conn.execute(SELECT_ALERTS)]


def update_alerts(conn: sqlite3.Connection, sent: Sequence[SentAlert], cleared: Sequence[str]) -> None:
    conn.executemany(UPSERT_ALERT, [tuple(getattr(a, c) for c in ALERT_COLUMNS) for a in sent])
    conn.executemany(DELETE_ALERT, [(key,) for key in cleared])


def run_bounds(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """``since`` (inclusive) and ``until`` (exclusive) as text comparable with stored run times.

    A bare ``until`` date includes that whole day; datetimes are taken as instants (naive ones as UTC).
    """
    lower = upper = None
    if since is not None:
        bound = parse_date_bound(since)
        lower = utc_iso(bound) if isinstance(bound, datetime) else bound.isoformat()
    if until is not None:
        bound = parse_date_bound(until)
        if isinstance(bound, datetime):
            upper = utc_iso(bound + timedelta(microseconds=1))
        else:
            upper = (bound + timedelta(days=1)).isoformat()
    return lower, upper
