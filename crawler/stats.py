"""Stats keys Akhbar writes into Scrapy's stats collector (slash-separated, like Scrapy's own).

Per-source counters live under ``akhbar/source/<id>/<counter>`` so the crawl summary can be built from
the stats alone; totals live under ``akhbar/<counter>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Protocol

PREFIX: Final = "akhbar"

# Counters kept per source and in total.
FEEDS_OK: Final = "feeds_ok"
FEEDS_FAILED: Final = "feeds_failed"
FEEDS_MALFORMED: Final = "feeds_malformed"
FEEDS_EMPTY: Final = "feeds_empty"
# Feeds read but with nothing new: HTTP 304, or the same body as last time (counted in FEEDS_OK too).
FEEDS_NOT_MODIFIED: Final = "feeds_not_modified"
# Feeds not asked this run: not due yet (adaptive polling), or disabled after repeated failures.
FEEDS_NOT_DUE: Final = "feeds_not_due"
FEEDS_DISABLED: Final = "feeds_disabled"
# Of the feeds not due: those put off because they keep failing (exponential backoff).
FEEDS_BACKING_OFF: Final = "feeds_backing_off"
ENTRIES: Final = "entries"
ENTRIES_SKIPPED: Final = "entries_skipped"
# Entries not fetched: already stored (seen-state), or older than the run's --since/--max-age window.
ENTRIES_SEEN: Final = "entries_seen"
ENTRIES_TOO_OLD: Final = "entries_too_old"
# Backfill (`akhbar backfill`): listed entries dated after --until, and archive sitemaps of an index not
# walked because their lastmod or dated name puts them wholly before --since or after --until.
ENTRIES_TOO_NEW: Final = "entries_too_new"
SITEMAPS_TOO_OLD: Final = "sitemaps_too_old"
SITEMAPS_TOO_NEW: Final = "sitemaps_too_new"
PAGES_REQUESTED: Final = "pages_requested"
# Listed articles left pending at the end of the run (crawler.listings.backlog): beyond the per-run
# cap, dropped by a stop, or failed for now; later runs fetch them. Set once, when the spider closes.
PENDING: Final = "pending"
PAGES_FAILED: Final = "pages_failed"
NOT_ARTICLE: Final = "not_article"
EXTRACTED: Final = "extracted"
# Of the pages extracted: those whose body came from plain trafilatura, Akhbar's own cleaning having
# kept too little (reason: short_body, listing_shaped, lost_prose).
EXTRACTION_FALLBACK: Final = "extraction_fallback"
STORED: Final = "stored"
UPDATED: Final = "updated"
UNCHANGED: Final = "unchanged"
DROPPED: Final = "dropped"
SYNDICATED: Final = "syndicated"
# Articles the store could not take this run, kept in the spool for the next run (crawler/store/spool.py),
# and articles of earlier runs taken from the spool into the store at the start of this one.
SPOOLED: Final = "spooled"
SPOOL_REPLAYED: Final = "spool_replayed"
# Refused pages (not an article, or dropped) kept in the store with their raw response for
# `akhbar reextract`; counted when written (with AKHBAR_KEEP_RAW on).
REFUSED_KEPT: Final = "refused_kept"
# Totals only: unreadable spool lines moved aside to <spool>.bad.
SPOOL_CORRUPT: Final = "spool_corrupt"
# Totals only, the WARC archive (crawler/archive/): records and bytes written (gzip), of which responses
# archived in full, revisit records (payload already archived), metadata records (article ids); records
# that could not be written (disk full…), articles with no response in this run's archive to link to,
# responses not archived because they came from Scrapy's HTTP cache (dev profile).
WARC_RECORDS: Final = "warc/records"
WARC_BYTES: Final = "warc/bytes"
WARC_RESPONSES: Final = "warc/responses"
WARC_REVISITS: Final = "warc/revisits"
WARC_METADATA: Final = "warc/metadata"
WARC_FAILED: Final = "warc/failed"
WARC_UNLINKED: Final = "warc/unlinked"
WARC_CACHED: Final = "warc/cached_skipped"
# Non-counter values (totals): the archive folder, the files written this run, the last write error.
WARC_DIR: Final = "warc/dir"
WARC_FILES: Final = "warc/files"
WARC_LAST_ERROR: Final = "warc/last_error"
# Totals only, set by the Spidermon report (spiders/monitors.py) when monitors are on: monitors that
# failed, and the report's path.
MONITORS_FAILED: Final = "monitors/failed"
MONITORS_REPORT: Final = "monitors/report"
# Totals only, the run history (crawler/monitoring, spiders/runrecord.py): runs that could not be
# recorded in the store (the crawl itself is not affected), and runs recorded.
RUNS_RECORD_FAILED: Final = "runs/record_failed"
RUNS_RECORDED: Final = "runs/recorded"
RUNS_LAST_ERROR: Final = "runs/last_error"
# Non-counter values kept per source: the last error message, for the summary line.
LAST_ERROR: Final = "last_error"

COUNTERS: Final = (
    FEEDS_OK,
    FEEDS_FAILED,
    FEEDS_MALFORMED,
    FEEDS_EMPTY,
    FEEDS_NOT_MODIFIED,
    FEEDS_NOT_DUE,
    FEEDS_DISABLED,
    FEEDS_BACKING_OFF,
    ENTRIES,
    ENTRIES_SKIPPED,
    ENTRIES_SEEN,
    ENTRIES_TOO_OLD,
    ENTRIES_TOO_NEW,
    SITEMAPS_TOO_OLD,
    SITEMAPS_TOO_NEW,
    PAGES_REQUESTED,
    PENDING,
    PAGES_FAILED,
    NOT_ARTICLE,
    EXTRACTED,
    EXTRACTION_FALLBACK,
    STORED,
    UPDATED,
    UNCHANGED,
    DROPPED,
    SYNDICATED,
    SPOOLED,
    SPOOL_REPLAYED,
    REFUSED_KEPT,
)


def total_key(counter: str) -> str:
    """``akhbar/<counter>``."""
    return f"{PREFIX}/{counter}"


def source_key(source_id: str, counter: str) -> str:
    """``akhbar/source/<id>/<counter>``."""
    return f"{PREFIX}/source/{source_id}/{counter}"


def reason_key(counter: str, reason: str) -> str:
    """``akhbar/<counter>/<reason>``, e.g. ``akhbar/not_article/no_article_text``."""
    return f"{PREFIX}/{counter}/{reason}"


def source_counts(stats: Mapping[str, Any], source_id: str) -> dict[str, int]:
    """Every counter of one source (0 when never incremented)."""
    return {c: int(stats.get(source_key(source_id, c), 0) or 0) for c in COUNTERS}


class _Stats(Protocol):
    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None: ...
    def set_value(self, key: str, value: Any) -> None: ...


def count(stats: _Stats, source_id: str | None, counter: str, reason: str | None = None, n: int = 1) -> None:
    """Add ``n`` to a counter in total, for the source, and under its reason when one is given."""
    stats.inc_value(total_key(counter), n)
    if source_id:
        stats.inc_value(source_key(source_id, counter), n)
    if reason:
        stats.inc_value(reason_key(counter, reason), n)
        if source_id:  # per source too, for the run history (crawler.monitoring.runs)
            stats.inc_value(source_key(source_id, f"{counter}/{reason}"), n)


def note_error(stats: _Stats, source_id: str | None, message: str) -> None:
    """Remember the last error of a source for its summary line."""
    if source_id:
        stats.set_value(source_key(source_id, LAST_ERROR), message)


# Totals of a worker of a shared crawl (`akhbar crawl --queue`, spiders/queue.py): its id, requests it took
# from the shared queue, whether it seeded the run (1), requests it put back (its own unfinished ones when
# it left; dead workers' ones it reclaimed), and requests that waited for the shared per-outlet politeness.
QUEUE_WORKER: Final = "queue/worker"
QUEUE_TAKEN: Final = "queue/taken"
QUEUE_SEEDED: Final = "queue/seeded"
QUEUE_LEFT_UNFINISHED: Final = "queue/left_unfinished"
QUEUE_RECLAIMED: Final = "queue/reclaimed"
QUEUE_POLITE_WAITS: Final = "queue/polite_waits"
