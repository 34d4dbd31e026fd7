"""Downloader middleware: honour ``Retry-After`` on 429 and 503 before Scrapy's retry policy."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from crawler import stats as keys
from crawler.net.retry_after import retry_after_seconds

logger = logging.getLogger(__name__)

# Statuses whose Retry-After asks us to come back later (RFC 9110 §10.2.3).
_RETRY_AFTER_STATUSES = frozenset((429, 503))
_META_KEY = "akhbar_retry_after_count"


class RetryAfterMiddleware:
    """Waits what the outlet asks (up to ``AKHBAR_RETRY_AFTER_MAX`` seconds), then asks again.

    Scrapy's RetryMiddleware retries at once; an outlet that says «come back in 60 s» gets that
    instead (the wait holds no download slot: other requests go on, AutoThrottle paces the outlet). A
    wait longer than the cap, or more retries than ``RETRY_TIMES``, passes the response on (counted)
    to the usual handling.
    """

    def __init__(self, crawler: Crawler, max_wait: float, max_retries: int) -> None:
        self.crawler = crawler
        self.max_wait = max_wait
        self.max_retries = max_retries

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(crawler, settings.getfloat("AKHBAR_RETRY_AFTER_MAX", 120.0), settings.getint("RETRY_TIMES"))

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in _RETRY_AFTER_STATUSES:
            return response
        wait = retry_after_seconds(response.headers.get("Retry-After"), datetime.now(UTC))
        if wait is None:
            return response
        done = int(request.meta.get(_META_KEY, 0))
        stats = self.crawler.stats
        if wait > self.max_wait or done >= self.max_retries:
            # The outlet said when to come back; asking again at once (Scrapy's retry) would ignore it.
            request.meta["dont_retry"] = True
            if stats is not None:
                stats.inc_value(keys.reason_key("retry_after", "given_up"))
            logger.info(
                "Retry-After %.0f s for %s: not waiting (cap %.0f s, %d tries)", wait, request.url, self.max_wait, done
            )
            return response
        if stats is not None:
            stats.inc_value(keys.reason_key("retry_after", "waited"))
        logger.info("HTTP %d with Retry-After %.0f s for %s: waiting", response.status, wait, request.url)
        from twisted.internet import reactor  # imported late: importing it installs one (Scrapy picks which)

        await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        retry = request.replace(dont_filter=True)
        retry.meta[_META_KEY] = done + 1
        return retry
