"""Prometheus metrics of the run history, through prometheus-client: per-source counters over the runs kept,
and the last run's figures. ``write_textfile`` leaves them for node_exporter's textfile collector after each
run; ``metrics_exposition`` gives the body and content type a web server returns at ``/metrics``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, generate_latest, write_to_textfile

from crawler import stats as keys
from crawler.monitoring.runs import DATED_FUTURE, UNDATED
from crawler.store import Store
from crawler.store.runs import RunRecord

# Per-source counters summed over the runs kept (AKHBAR_RUNS_KEEP_DAYS): metric name → counter.
SOURCE_COUNTERS = {
    "akhbar_source_articles_stored": keys.STORED,
    "akhbar_source_articles_updated": keys.UPDATED,
    "akhbar_source_pages_requested": keys.PAGES_REQUESTED,
    "akhbar_source_pages_failed": keys.PAGES_FAILED,
    "akhbar_source_pages_refused": keys.NOT_ARTICLE,
    "akhbar_source_articles_dropped": keys.DROPPED,
    "akhbar_source_extraction_fallbacks": keys.EXTRACTION_FALLBACK,
    "akhbar_source_feeds_failed": keys.FEEDS_FAILED,
}
# The last run's figures per source, as the label ``counter`` of one gauge.
LAST_RUN_COUNTERS = (*SOURCE_COUNTERS.values(), keys.PENDING, UNDATED, DATED_FUTURE)
# Summary statuses of a source that mean it was read (crawler.app.report.SourceReport.status).
_FETCHED = frozenset({"ok", "unchanged", "empty", "partial", "waiting", "shared"})


def build_registry(runs: Sequence[RunRecord]) -> CollectorRegistry:
    """A registry holding the metrics of ``runs`` (oldest first)."""
    registry = CollectorRegistry()
    counters = {
        name: Counter(name, f"{counter} of each source, over the runs kept", ["source"], registry=registry)
        for name, counter in SOURCE_COUNTERS.items()
    }
    Counter("akhbar_runs", "Crawl runs kept in the history", registry=registry).inc(len(runs))
    for run in runs:
        for source in run.sources:
            for name, counter in SOURCE_COUNTERS.items():
                counters[name].labels(source.source_id).inc(source.get(counter))
    if not runs:
        return registry
    last = runs[-1]
    gauge = Gauge("akhbar_last_run_timestamp_seconds", "When the last run ended (Unix time)", registry=registry)
    gauge.set(datetime.fromisoformat(last.finished_at).timestamp())
    Gauge("akhbar_last_run_duration_seconds", "How long the last run took", registry=registry).set(
        last.totals.get("seconds", 0)
    )
    Gauge("akhbar_last_run_exit_code", "Exit code of the last run (0 ok, 1 all failed, 3 some)", registry=registry).set(
        last.exit_code
    )
    Gauge("akhbar_last_run_response_bytes", "Bytes downloaded by the last run", registry=registry).set(
        last.totals.get("bytes", 0)
    )
    figures = Gauge(
        "akhbar_last_run_source", "The last run's figures per source", ["source", "counter"], registry=registry
    )
    fetched = Gauge(
        "akhbar_last_run_source_fetched", "1 when the last run read the source", ["source"], registry=registry
    )
    for source in last.sources:
        for counter in LAST_RUN_COUNTERS:
            figures.labels(source.source_id, counter).set(source.get(counter))
        fetched.labels(source.source_id).set(1 if source.status in _FETCHED else 0)
    return registry


def metrics_exposition(store: Store, since: str | None = None) -> tuple[bytes, str]:
    """The Prometheus text exposition of the store's runs (``since``: ISO, all kept when None), and its
    content type: what a web interface returns at ``/metrics``."""
    return generate_latest(build_registry(store.runs(since=since))), CONTENT_TYPE_LATEST


def write_textfile(path: str | Path, runs: Sequence[RunRecord]) -> None:
    """Write the metrics for node_exporter's textfile collector (atomically: a temporary file renamed)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_to_textfile(str(path), build_registry(runs))
