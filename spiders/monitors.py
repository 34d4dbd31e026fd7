"""Spidermon monitors of a crawl, run when the spider closes, and the report they leave beside the log.

Switched on by ``SPIDERMON_ENABLED`` with ``spiders.monitors.AkhbarMonitorSuite`` in
``SPIDERMON_SPIDER_CLOSE_MONITORS`` (the prod profile does both; README "Spidermon"), through
``AkhbarSpidermon``: Spidermon's extension, logging a failed check as one line instead of its traceback. Thresholds are
settings read when the monitors run: ``AKHBAR_MONITOR_MIN_STORED``, ``AKHBAR_MONITOR_MAX_PAGES_FAILED``,
``AKHBAR_MONITOR_MAX_FEEDS_FAILED``, ``SPIDERMON_MAX_ERRORS`` (errors logged),
``SPIDERMON_EXPECTED_FINISH_REASONS`` and ``SPIDERMON_FIELD_COVERAGE_RULES``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from spidermon import MonitorSuite, monitors
from spidermon.contrib.scrapy.extensions import Spidermon
from spidermon.contrib.scrapy.monitors import FieldCoverageMonitor, FinishReasonMonitor
from spidermon.contrib.scrapy.monitors.base import BaseScrapyMonitor
from spidermon.contrib.scrapy.runners import SpiderMonitorResult, SpiderMonitorRunner
from spidermon.core.actions import Action

from crawler.stats import (
    FEEDS_FAILED,
    MONITORS_FAILED,
    MONITORS_REPORT,
    PAGES_FAILED,
    STORED,
    UPDATED,
    source_key,
    total_key,
)

DEFAULT_REPORT = "data/logs/monitors.txt"
# Per-source keys: akhbar/source/<id>/<counter>.
_SOURCE_KEY = re.compile(r"^akhbar/source/(?P<id>[^/]+)/")


def source_ids(stats: Mapping[str, Any], selected: Iterable[str] = ()) -> list[str]:
    """The sources of a run: those it was asked to crawl and any with a counter in the stats."""
    seen = dict.fromkeys(selected)
    for key in stats:
        match = _SOURCE_KEY.match(key)
        if match:
            seen.setdefault(match["id"])
    return sorted(seen)


def stored_shortfalls(stats: Mapping[str, Any], sources: Iterable[str], minimum: int) -> list[str]:
    """``"<id>: 0 stored (minimum 1)"`` for each source whose new and updated articles fall short."""
    short = []
    for source_id in sources:
        stored = sum(int(stats.get(source_key(source_id, c), 0) or 0) for c in (STORED, UPDATED))
        if stored < minimum:
            short.append(f"{source_id}: {stored} stored (minimum {minimum})")
    return short


def report_path(settings: Any) -> Path:
    """``AKHBAR_MONITOR_REPORT``, else ``<log file>.monitors.txt`` beside the crawl log, else data/logs."""
    explicit = settings.get("AKHBAR_MONITOR_REPORT")
    if explicit:
        return Path(explicit)
    log_file = settings.get("LOG_FILE")
    return Path(f"{log_file}.monitors.txt") if log_file else Path(DEFAULT_REPORT)


@monitors.name("Articles stored per source")
class StoredPerSourceMonitor(BaseScrapyMonitor):
    """Every source stored (new or updated) at least AKHBAR_MONITOR_MIN_STORED articles."""

    @monitors.name("Minimum stored per source")
    def test_minimum_stored_per_source(self) -> None:
        minimum = self.crawler.settings.getint("AKHBAR_MONITOR_MIN_STORED", 1)
        spider = self.data.spider
        selected = [s.id for s in spider.selected_sources()] if hasattr(spider, "selected_sources") else []
        short = stored_shortfalls(self.data.stats, source_ids(self.data.stats, selected), minimum)
        self.assertFalse(short, msg="sources below the minimum: " + "; ".join(short))


@monitors.name("Field coverage")
class CoverageMonitor(FieldCoverageMonitor):  # type: ignore[misc]
    """Spidermon's field coverage check, under a readable name (rules: SPIDERMON_FIELD_COVERAGE_RULES)."""

    @monitors.name("Share of articles with each field")
    def test_check_if_field_coverage_rules_are_met(self) -> None:
        super().test_check_if_field_coverage_rules_are_met()


@monitors.name("Errors and failures")
class ErrorsMonitor(BaseScrapyMonitor):
    """Errors logged, pages and feeds that could not be fetched, each within its maximum."""

    def _check(self, key: str, what: str, setting: str) -> None:
        found = int(self.data.stats.get(key, 0) or 0)
        limit = self.crawler.settings.getint(setting, 0)
        self.assertLessEqual(found, limit, msg=f"{found} {what} (maximum {limit}, {setting})")

    @monitors.name("Errors logged")
    def test_errors_logged(self) -> None:
        self._check("log_count/ERROR", "errors logged", "SPIDERMON_MAX_ERRORS")

    @monitors.name("Pages failed")
    def test_pages_failed(self) -> None:
        self._check(total_key(PAGES_FAILED), "pages failed", "AKHBAR_MONITOR_MAX_PAGES_FAILED")

    @monitors.name("Feeds failed")
    def test_feeds_failed(self) -> None:
        self._check(total_key(FEEDS_FAILED), "feeds failed", "AKHBAR_MONITOR_MAX_FEEDS_FAILED")


class WriteReport(Action):  # type: ignore[misc]
    """Writes every monitor's outcome to a text file beside the crawl log; notes it in the stats."""

    def run_action(self) -> None:
        crawler = self.data.crawler
        path = report_path(crawler.settings)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_report(self.result, self.data.stats, crawler.spider.name), encoding="utf-8")
        crawler.stats.set_value(total_key(MONITORS_FAILED), len(self.result.monitors_failed_results))
        crawler.stats.set_value(total_key(MONITORS_REPORT), str(path))


def render_report(result: Any, stats: Mapping[str, Any], spider_name: str) -> str:
    """The report's text: a verdict line, then one line per monitor with the reason of each failure."""
    results = list(result.monitor_results)
    failed = len(result.monitors_failed_results)
    verdict = f"FAILED ({failed} of {len(results)} checks)" if failed else f"OK ({len(results)} checks)"
    lines = [
        f"Akhbar monitors, spider {spider_name}, {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"finish reason: {stats.get('finish_reason', 'unknown')}",
        verdict,
        "",
    ]
    for item in results:
        lines.append(f"{item.status:<7} {item.item.name}")
        if item.error:
            lines.append(f"        {_reason(item.error)}")
    return "\n".join(lines) + "\n"


def _reason(error: str) -> str:
    """The assertion's message out of unittest's formatted traceback."""
    marker = "AssertionError: "
    text = error.strip()
    reason = text[text.rfind(marker) + len(marker) :] if marker in text else text.splitlines()[-1]
    return " ".join(reason.split())


class AkhbarMonitorSuite(MonitorSuite):  # type: ignore[misc]
    """What a scheduled crawl should meet; the report is written whatever the outcome."""

    monitors: ClassVar[list[type[BaseScrapyMonitor]]] = [
        StoredPerSourceMonitor,
        CoverageMonitor,
        ErrorsMonitor,
        FinishReasonMonitor,
    ]
    monitors_finished_actions: ClassVar[list[type[Action]]] = [WriteReport]


class _OneLineResult(SpiderMonitorResult):  # type: ignore[misc]
    """Spidermon's log of a run, a failed check as one line (the report has them all)."""

    def write_errors(self) -> None:
        for status in self.step.error_statuses:
            for item in self.step.items_for_status(status):
                self.log_error(f"{item.status}: {item.item.name}: {_reason(item.error or '')}")

    def log(self, msg: str, level: int = logging.DEBUG) -> None:
        self.spider.logger.log(level, "[Spidermon] %s", msg)  # Spider.log() is deprecated


class _Runner(SpiderMonitorRunner):  # type: ignore[misc]
    def create_result(self) -> _OneLineResult:
        return _OneLineResult(self.spider)


class AkhbarSpidermon(Spidermon):  # type: ignore[misc]
    """Spidermon's extension (``SPIDERMON_*`` settings as documented), with one-line failures in the log."""

    def _run_suites(self, spider: Any, suites: Iterable[MonitorSuite]) -> None:
        data = self._generate_data_for_spider(spider)
        for suite in suites:
            _Runner(spider=spider).run(suite, **data)
