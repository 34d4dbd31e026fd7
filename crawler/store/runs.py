"""What the store keeps of each crawl for monitoring: the run, its per-source counts, and the alerts sent.

``RunRecord`` is written once when a crawl ends (``Store.record_run``) and read back by the reports,
the alert rules and the metrics (``crawler.monitoring``). Counters are kept as a JSON object per source,
so a counter added later needs no migration; reasons (``dropped/body_too_short``) and date checks
(``undated``, ``dated_future``, ``dated_past``) sit beside the summary's counters.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# Run columns, shared by both backends' SQL (crawler.store.sqlite_runs, postgres_runs).
RUN_COLUMNS = (
    "id", "started_at", "finished_at", "finish_reason", "exit_code", "version", "mode", "settings", "totals",
)  # fmt: skip
SOURCE_COLUMNS = ("run_id", "source_id", "status", "counts", "error")
ALERT_COLUMNS = ("key", "source_id", "rule", "sent_at", "message")


@dataclass(frozen=True, slots=True)
class SourceRun:
    """One source's figures in one run: the summary's ``status`` and counters, its last error."""

    source_id: str
    status: str
    counts: Mapping[str, int] = field(default_factory=dict)
    error: str | None = None

    def get(self, counter: str) -> int:
        return int(self.counts.get(counter, 0))


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One crawl, however started. Times are UTC ISO-8601 (``crawler.store.base.utc_iso``).

    ``mode``: crawl or backfill. ``settings``: those that differ from the defaults, as text, secrets
    masked. ``totals``: run-wide figures (bytes, seconds, spooled, spool_corrupt, record_failures…).
    """

    id: str
    started_at: str
    finished_at: str
    finish_reason: str
    exit_code: int
    version: str
    mode: str = "crawl"
    settings: Mapping[str, str] = field(default_factory=dict)
    totals: Mapping[str, float] = field(default_factory=dict)
    sources: tuple[SourceRun, ...] = ()

    def source(self, source_id: str) -> SourceRun | None:
        return next((s for s in self.sources if s.source_id == source_id), None)


@dataclass(frozen=True, slots=True)
class SentAlert:
    """An alert that was notified and has not cleared since: it is not sent again until it clears."""

    key: str
    source_id: str
    rule: str
    sent_at: str
    message: str


def run_row(run: RunRecord) -> tuple[object, ...]:
    return (
        run.id, run.started_at, run.finished_at, run.finish_reason, run.exit_code, run.version, run.mode,
        json.dumps(dict(run.settings), ensure_ascii=False, sort_keys=True),
        json.dumps(dict(run.totals), sort_keys=True),
    )  # fmt: skip


def source_rows(run: RunRecord) -> list[tuple[object, ...]]:
    return [(run.id, s.source_id, s.status, json.dumps(dict(s.counts), sort_keys=True), s.error) for s in run.sources]


def runs_from_rows(rows: Sequence[Any], sources: Sequence[Any], source_ids: Sequence[str]) -> list[RunRecord]:
    """Runs from their rows (in order) and rows of their sources' figures (any superset: those of other
    runs are skipped); ``source_ids``: only these sources' figures in each run (all when empty)."""
    by_run: dict[str, list[Any]] = {row["id"]: [] for row in rows}
    for source in sources:
        if source["run_id"] in by_run and (not source_ids or source["source_id"] in source_ids):
            by_run[source["run_id"]].append(source)
    return [run_from_rows(row, by_run[row["id"]]) for row in rows]


def run_from_rows(row: Any, sources: Sequence[Any]) -> RunRecord:
    """A run from its row and its sources' rows (SQLite rows or dicts)."""
    return RunRecord(
        id=row["id"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        finish_reason=row["finish_reason"],
        exit_code=int(row["exit_code"]),
        version=row["version"],
        mode=row["mode"],
        settings=json.loads(row["settings"]),
        totals=json.loads(row["totals"]),
        sources=tuple(
            SourceRun(s["source_id"], s["status"], json.loads(s["counts"]), s["error"])
            for s in sorted(sources, key=lambda s: str(s["source_id"]))
        ),
    )


def alert_from_row(row: Any) -> SentAlert:
    return SentAlert(*(row[c] for c in ALERT_COLUMNS))
