"""The crawl summary: one row per source built from the stats, the table, and the exit code."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from crawler import stats as keys

EXIT_OK = 0
EXIT_ALL_FAILED = 1
EXIT_USAGE = 2
EXIT_SOME_FAILED = 3
# Another crawl holds the database's run lock.
EXIT_LOCKED = 4
# `akhbar alerts`: some alert rule fired (crawler/monitoring/rules.py).
EXIT_ALERTS = 5
# The reader of standard output went away (`akhbar export … | head`): 128 + SIGPIPE, what the shell
# reports for any command a closed pipe ends.
EXIT_PIPE_CLOSED = 141

_COLUMNS = (
    ("source", 18),
    ("feeds", 7),
    ("found", 6),
    ("stored", 7),
    ("updated", 8),
    ("dropped", 8),
    ("not art.", 9),
    ("failed", 7),
    ("pending", 8),
)


@dataclass(frozen=True, slots=True)
class SourceReport:
    """What one source gave in a run. ``fetched``: at least one of its feeds was read."""

    source_id: str
    feeds: int
    counts: Mapping[str, int]
    error: str | None

    @property
    def fetched(self) -> bool:
        """Something of the source was read, or it was rightly left alone (no feed due yet)."""
        return self.counts[keys.FEEDS_OK] > 0 or self.status == "waiting"

    @property
    def status(self) -> str:
        c = self.counts
        if not c[keys.FEEDS_OK]:
            if c[keys.FEEDS_FAILED]:
                return "FAILED"
            if c[keys.FEEDS_NOT_DUE] > c[keys.FEEDS_BACKING_OFF]:
                return "waiting"  # adaptive polling: a healthy feed of it is not due yet
            if c[keys.FEEDS_BACKING_OFF]:
                return "FAILING"  # its feeds keep failing and are put off: no news from it
            return "DISABLED" if c[keys.FEEDS_DISABLED] else "FAILED"
        if c[keys.FEEDS_FAILED] or c[keys.FEEDS_DISABLED]:
            return "partial"
        if c[keys.FEEDS_NOT_MODIFIED] == c[keys.FEEDS_OK]:
            return "unchanged"
        return "empty" if c[keys.FEEDS_EMPTY] == c[keys.FEEDS_OK] else "ok"


def build_reports(stats: Mapping[str, Any], sources: Sequence[tuple[str, int]]) -> list[SourceReport]:
    """One report per ``(source_id, number_of_feeds)``, in the given order."""
    reports = []
    for sid, n_feeds in sources:
        counts = keys.source_counts(stats, sid)
        # A source whose feeds are discovered at crawl time counts the listings it tried.
        tried = (
            counts[keys.FEEDS_OK] + counts[keys.FEEDS_FAILED] + counts[keys.FEEDS_NOT_DUE] + counts[keys.FEEDS_DISABLED]
        )
        reports.append(
            SourceReport(
                source_id=sid,
                feeds=n_feeds or tried,
                counts=counts,
                error=stats.get(keys.source_key(sid, keys.LAST_ERROR)),
            )
        )
    return reports


# The status a shared-crawl worker records for a source whose articles it fetched from listings another
# worker read.
SHARED = "shared"


def read_listings(report: SourceReport) -> bool:
    """The run asked at least one of the source's feeds or sitemaps (read, failed, not due or disabled).

    A worker of a shared crawl answers for these sources only: the articles it fetched for others come
    from listings another worker read."""
    c = report.counts
    return bool(c[keys.FEEDS_OK] or c[keys.FEEDS_FAILED] or c[keys.FEEDS_NOT_DUE] or c[keys.FEEDS_DISABLED])


def worker_exit_code(reports: Sequence[SourceReport]) -> int:
    """A shared-crawl worker's exit code: over the sources whose listings it read, 0 when it read none."""
    own = [r for r in reports if read_listings(r)]
    return exit_code(own) if own else EXIT_OK


def exit_code(reports: Sequence[SourceReport]) -> int:
    """0 when every source was fetched, 1 when none was, 3 when some failed."""
    fetched = sum(r.fetched for r in reports)
    if reports and fetched == len(reports):
        return EXIT_OK
    return EXIT_ALL_FAILED if fetched == 0 else EXIT_SOME_FAILED


def format_table(reports: Sequence[SourceReport]) -> str:
    """A fixed-width table, one line per source, and a line under each failing source with its error."""
    header = "  ".join(name.ljust(width) for name, width in _COLUMNS) + "  status"
    lines = [header, "-" * len(header)]
    for r in reports:
        c = r.counts
        cells = (
            r.source_id,
            f"{c[keys.FEEDS_OK]}/{r.feeds}",
            c[keys.PAGES_REQUESTED],
            c[keys.STORED],
            c[keys.UPDATED] + c[keys.UNCHANGED],
            c[keys.DROPPED],
            c[keys.NOT_ARTICLE],
            c[keys.PAGES_FAILED],
            c[keys.PENDING],
        )
        lines.append("  ".join(str(v).ljust(w) for v, (_, w) in zip(cells, _COLUMNS, strict=True)) + f"  {r.status}")
        shown = r.status not in ("ok", "unchanged", "waiting") or c[keys.PAGES_FAILED] or c[keys.FEEDS_EMPTY]
        if r.error and (shown or c[keys.SPOOLED]):
            lines.append(f"    ↳ {r.error}")
    found, stored, dropped, spooled, replayed, fallbacks, refused_kept, pending = (
        sum(r.counts[k] for r in reports)
        for k in (
            keys.PAGES_REQUESTED,
            keys.STORED,
            keys.DROPPED,
            keys.SPOOLED,
            keys.SPOOL_REPLAYED,
            keys.EXTRACTION_FALLBACK,
            keys.REFUSED_KEPT,
            keys.PENDING,
        )
    )
    failed = sum(not r.fetched for r in reports)
    footer = f"{len(reports)} sources, {failed} failed; {found} articles found, {stored} new stored, {dropped} dropped"
    if spooled:
        footer += f"; {spooled} not stored (storage failed), kept in the spool for the next run"
    if replayed:
        footer += f"; {replayed} stored from the spool of an earlier run"
    if fallbacks:
        footer += f"; {fallbacks} bodies taken from plain trafilatura (Akhbar's cleaning kept too little)"
    if refused_kept:
        footer += f"; {refused_kept} refused pages kept for `akhbar reextract`"
    if pending:
        footer += f"; {pending} listed articles pending, fetched by the next runs (newest first)"
    lines.append(footer)
    waiting = sum(r.status == "waiting" for r in reports)
    if waiting:
        lines.append(
            f"{waiting} sources waiting: none of their feeds is due yet (adaptive polling); "
            "`akhbar crawl --all-feeds` asks every feed now"
        )
    return "\n".join(lines)


def backfill_line(reports: Sequence[SourceReport], since: str, until: str | None) -> str:
    """What a backfill walked and why it left things out: nothing skipped goes unsaid."""
    total = {k: sum(r.counts[k] for r in reports) for k in keys.COUNTERS}
    span = f"{since} to {until}" if until else f"since {since}"
    line = (
        f"backfill {span}: {total[keys.FEEDS_OK]} sitemaps read ({total[keys.FEEDS_FAILED]} failed), "
        f"{total[keys.SITEMAPS_TOO_OLD]} not walked as too old; {total[keys.ENTRIES]} articles listed: "
        f"{total[keys.PAGES_REQUESTED]} fetched, {total[keys.ENTRIES_SEEN]} already stored, "
        f"{total[keys.ENTRIES_TOO_OLD]} too old"
    )
    if until:
        line += f", {total[keys.ENTRIES_TOO_NEW]} too new ({total[keys.SITEMAPS_TOO_NEW]} sitemaps not walked)"
    if total[keys.ENTRIES_SKIPPED]:
        line += f", {total[keys.ENTRIES_SKIPPED]} skipped (off-site, refused or listed twice)"
    return line
