"""Live crawl progress: a per-source table redrawn on a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys
from typing import TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawler import stats as keys
from crawler.app.report import build_reports, format_table


class ProgressExtension:
    """Reports feeds done and articles found/stored/dropped per source every few seconds."""

    def __init__(self, crawler: Crawler, interval: float, stream: TextIO) -> None:
        self.crawler = crawler
        self.interval = interval
        self.stream = stream
        self.tty = stream.isatty()
        self._loop: task.LoopingCall | None = None
        self._drawn_lines = 0
        self._last: dict[str, tuple[int, ...]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        interval = crawler.settings.getfloat("AKHBAR_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured
        ext = cls(crawler, interval, sys.stderr)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self._loop = task.LoopingCall(self.report)
        self._loop.start(self.interval, now=False)

    def spider_closed(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if self.tty and self._drawn_lines:
            self.stream.write(f"\x1b[{self._drawn_lines}F\x1b[J")  # clear the live table
            self.stream.flush()

    def report(self) -> None:
        spider = self.crawler.spider
        assert self.crawler.stats is not None
        if spider is None or not hasattr(spider, "selected_sources"):
            return
        # A backfill reads sitemaps found as it goes: it counts those it tried.
        backfill = bool(self.crawler.settings.get("AKHBAR_BACKFILL_SINCE"))
        sources = [(s.id, 0 if backfill else len(s.feeds)) for s in spider.selected_sources()]
        reports = build_reports(self.crawler.stats.get_stats(), sources)
        if self.tty:
            table = format_table(reports)
            if self._drawn_lines:
                self.stream.write(f"\x1b[{self._drawn_lines}F\x1b[J")
            self.stream.write(table + "\n")
            self.stream.flush()
            self._drawn_lines = table.count("\n") + 1
            return
        for r in reports:
            c = r.counts
            snapshot = (
                c[keys.FEEDS_OK],
                c[keys.FEEDS_FAILED],
                c[keys.PAGES_REQUESTED],
                c[keys.STORED],
                c[keys.DROPPED],
                c[keys.ENTRIES_TOO_OLD],
            )
            if snapshot != self._last.get(r.source_id):
                self._last[r.source_id] = snapshot
                listings = "sitemaps" if backfill else "feeds"
                older = f", too old {c[keys.ENTRIES_TOO_OLD]}" if backfill else ""
                self.stream.write(
                    f"progress {r.source_id}: {listings} {c[keys.FEEDS_OK]}/{r.feeds} ({c[keys.FEEDS_FAILED]} failed), "
                    f"articles found {c[keys.PAGES_REQUESTED]}, stored {c[keys.STORED]}, "
                    f"dropped {c[keys.DROPPED]}{older}\n"
                )
        self.stream.flush()
