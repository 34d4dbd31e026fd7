"""Known download failures logged by Scrapy's own components as one line, never a traceback.

Scrapy logs some failures with their traceback: the robots.txt middleware when an outlet's robots.txt
cannot be fetched (60 lines of Twisted per unresolvable outlet), the engine and scraper for a download
error without an errback. For the failures every crawl meets (DNS, refused, timeout, connection lost:
``crawler.errors.known_failure``) the record keeps one line naming the URL and the reason; anything else
(a bug) keeps its traceback. Installed as an extension, so ``akhbar crawl`` and ``scrapy crawl`` both
get it, on the terminal and in the log file alike (the filter sits on the loggers, before any handler).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.errors import known_failure

ROBOTS_LOGGER = "scrapy.downloadermiddlewares.robotstxt"
# Loggers of Scrapy components that log download failures with exc_info.
QUIET_LOGGERS = (ROBOTS_LOGGER, "scrapy.core.engine", "scrapy.core.scraper")


class KnownFailureFilter(logging.Filter):
    """Rewrites a record carrying a known download failure into one line without its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        message = known_failure(exc) if exc is not None else None
        if message is None:
            return True
        request = record.args.get("request") if isinstance(record.args, Mapping) else None
        url = str(getattr(request, "url", "")) or "a request"
        if record.name == ROBOTS_LOGGER:
            parts = urlsplit(url)
            robots = f"{parts.scheme}://{parts.netloc}/robots.txt" if parts.netloc else "robots.txt"
            # The outlet's pages are then requested as if robots.txt allowed them; they fail or not on their own.
            record.msg, record.args = "robots.txt not fetched: %s: %s", (robots, message)
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        else:
            record.msg, record.args = "Error downloading %s: %s", (url, message)
        record.exc_info, record.exc_text = None, None
        return True


class QuietFailures:
    """Extension: the filter on Scrapy's loggers while the crawler runs."""

    def __init__(self) -> None:
        self.filter = KnownFailureFilter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls()
        ext.install()
        crawler.signals.connect(ext.remove, signal=signals.engine_stopped)
        return ext

    def install(self) -> None:
        for name in QUIET_LOGGERS:
            logging.getLogger(name).addFilter(self.filter)

    def remove(self, *args: Any) -> None:
        for name in QUIET_LOGGERS:
            logging.getLogger(name).removeFilter(self.filter)
