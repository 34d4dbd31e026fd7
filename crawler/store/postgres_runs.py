"""PostgreSQL queries for the run history and the alert state: ``crawler.store.sqlite_runs``'
statements with psycopg's placeholders, and its tables in schema version 6.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg

from crawler.store import sqlite_runs
from crawler.store.runs import (
    ALERT_COLUMNS,
    RunRecord,
    SentAlert,
    alert_from_row,
    run_row,
    runs_from_rows,
    source_rows,
)

Conn = psycopg.Connection[dict[str, Any]]

# SQLite's statements run as they are (TEXT and INTEGER columns, the same constraints).
CREATE = sqlite_runs.CREATE


def _pg(sql: str) -> str:
    return sql.replace("?", "%s")


def record_run(conn: Conn, run: RunRecord) -> None:
    conn.execute(_pg(sqlite_runs.INSERT_RUN), run_row(run))
    with conn.cursor() as cursor:
        cursor.executemany(_pg(sqlite_runs.INSERT_SOURCE), source_rows(run))


def runs(conn: Conn, since: str | None, until: str | None, source_ids: Sequence[str]) -> list[RunRecord]:
    sql, params = sqlite_runs.runs_query(since, until)
    rows = conn.execute(_pg(sql), params).fetchall()
    sources = conn.execute(_pg(sqlite_runs.SOURCES_FROM), (rows[0]["started_at"],)).fetchall() if rows else []
    return runs_from_rows(rows, sources, source_ids)


def prune_runs(conn: Conn, older_than: str) -> int:
    bound, _ = sqlite_runs.run_bounds(older_than, None)
    conn.execute(_pg(sqlite_runs.PRUNE_SOURCES), (bound,))
    return conn.execute(_pg(sqlite_runs.PRUNE_RUNS), (bound,)).rowcount


def sent_alerts(conn: Conn) -> list[SentAlert]:
    return [alert_from_row(row) for row in conn.execute(sqlite_runs.SELECT_ALERTS)]


def update_alerts(conn: Conn, sent: Sequence[SentAlert], cleared: Sequence[str]) -> None:
    with conn.cursor() as cursor:
        if sent:
            cursor.executemany(
                _pg(sqlite_runs.UPSERT_ALERT), [tuple(getattr(a, c) for c in ALERT_COLUMNS) for a in sent]
            )
        if cleared:
            cursor.executemany(_pg(sqlite_runs.DELETE_ALERT), [(key,) for key in cleared])
