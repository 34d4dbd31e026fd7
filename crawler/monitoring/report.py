"""The monitoring report: per source and day (UTC), articles stored against expected, failures, refusals,
dates missing and duplicates, from the run history; as text (for a terminal or a mail) and JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from crawler import stats as keys
from crawler.monitoring.expectations import learn, when
from crawler.monitoring.runs import UNDATED
from crawler.store.runs import RunRecord, SourceRun

# The day's counters a report adds up: column → counters of SourceRun.counts.
_SUMS: Mapping[str, tuple[str, ...]] = {
    "stored": (keys.STORED,),
    "updated": (keys.UPDATED,),
    "pages": (keys.PAGES_REQUESTED,),
    "failures": (keys.PAGES_FAILED, keys.FEEDS_FAILED),
    "refusals": (keys.NOT_ARTICLE,),
    "dropped": (keys.DROPPED,),
    "fallbacks": (keys.EXTRACTION_FALLBACK,),
    "undated": (UNDATED,),
    "duplicates": (keys.SYNDICATED, f"{keys.DROPPED}/duplicate_url", f"{keys.DROPPED}/duplicate_content"),
}


@dataclass(frozen=True, slots=True)
class DayRow:
    """One source's day. ``expected``: articles the history expects that day (None: no history)."""

    source_id: str
    name: str
    day: str
    runs: int
    stored: int
    expected: float | None
    updated: int
    pages: int
    failures: int
    refusals: int
    dropped: int
    fallbacks: int
    undated: int
    duplicates: int

    @property
    def refused_share(self) -> float:
        return self.refusals / self.pages if self.pages else 0.0

    @property
    def failed_share(self) -> float:
        return self.failures / (self.pages + self.failures) if self.pages + self.failures else 0.0


@dataclass(frozen=True, slots=True)
class Report:
    since: str
    until: str
    rows: tuple[DayRow, ...]
    runs: int

    def sources(self) -> list[str]:
        return list(dict.fromkeys(r.source_id for r in self.rows))

    def days(self) -> list[str]:
        return sorted({r.day for r in self.rows})


def build_report(
    runs: Sequence[RunRecord],
    history: Sequence[RunRecord],
    since: date,
    until: date,
    names: Mapping[str, str] | None = None,
) -> Report:
    """Rows for every source seen in ``runs`` (or ``history``) and every day from ``since`` to ``until``;
    expectations learned from ``history`` (the runs before ``since``), else from ``runs`` themselves."""
    names = names or {}
    ids = sorted({s.source_id for r in runs for s in r.sources})
    per: dict[tuple[str, str], list[SourceRun]] = {}
    for run in runs:
        for source in run.sources:
            per.setdefault((source.source_id, when(run).date().isoformat()), []).append(source)
    rows = []
    for sid in ids:
        exp = learn(history, sid) or learn(runs, sid, today=until)
        day = since
        while day <= until:
            figures = per.get((sid, day.isoformat()), [])
            sums = {col: sum(s.get(c) for s in figures for c in counters) for col, counters in _SUMS.items()}
            rows.append(
                DayRow(
                    source_id=sid,
                    name=names.get(sid, sid),
                    day=day.isoformat(),
                    runs=len(figures),
                    expected=exp.daily[day.weekday()] if exp is not None else None,
                    **sums,
                )
            )
            day += timedelta(days=1)
    return Report(since.isoformat(), until.isoformat(), tuple(rows), len(runs))


def format_text(report: Report) -> str:
    header = (
        f"{'source':<16} {'day':<10} {'runs':>4} {'stored':>6} {'expected':>8} {'failed':>6} "
        f"{'refused':>7} {'undated':>7} {'dupes':>5}"
    )
    lines = [f"Akhbar report {report.since} to {report.until} (UTC days, {report.runs} runs)", header]
    lines.append("-" * len(header))
    for r in report.rows:
        expected = f"{r.expected:.0f}" if r.expected is not None else "-"
        flag = "  LOW" if r.expected and r.runs and r.stored < 0.3 * r.expected else ""
        flag += "  NO RUN" if not r.runs else ""
        lines.append(
            f"{r.source_id:<16} {r.day:<10} {r.runs:>4} {r.stored:>6} {expected:>8} {r.failures:>6} "
            f"{r.refusals:>7} {r.undated:>7} {r.duplicates:>5}{flag}"
        )
    return "\n".join(lines)


def format_json(report: Report) -> str:
    data = {
        "since": report.since,
        "until": report.until,
        "runs": report.runs,
        "rows": [asdict(r) | {"expected": None if r.expected is None else round(r.expected, 2)} for r in report.rows],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
