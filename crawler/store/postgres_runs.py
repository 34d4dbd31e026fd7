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
    run_from_rows,
    run_row,
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
    by_run: dict[str, list[dict[str, Any]]] = {row["id"]: [] for row in rows}
    if rows:
        first = rows[0]["started_at"]
        for source in conn.execute(
            f"{sqlite_runs.SELECT_SOURCES} WHERE run_id IN (SELECT id FROM runs WHERE started_at >= %s)", (first,)
        ):
            if source["run_id"] in by_run and (not source_ids or source["source_id"] in source_ids):
                by_run[source["run_id"]].append(source)
    return [run_from_rows(row, by_run[row["id"]]) for row in rows]


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
