"""A prompt stop: on the first Ctrl-C or SIGTERM, downloads still waiting in a queue are dropped.

Scrapy's graceful stop lets every request already handed to the downloader finish — with a polite
per-outlet delay and AutoThrottle that can mean dozens of requests spaced seconds apart, minutes in
all. Requests still queued in a download slot have not been sent; failing them at once with
``CrawlStopping`` lets the run end within seconds. Responses in transfer are finished and stored,
and whatever was dropped is fetched by the next run (feeds keep their old validators for that).
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)


class CrawlStopping(IgnoreRequest):
    """The crawl is stopping: this request was dropped before it was sent."""

    reason = "stopped"


def drop_queued_downloads(crawler: Crawler) -> int:
    """Fail every request waiting in a download slot's queue; returns how many were dropped."""
    engine = crawler.engine
    if engine is None:
        return 0
    dropped = 0
    for slot in list(engine.downloader.slots.values()):
        while slot.queue:
            request, deferred = slot.queue.popleft()
            deferred.errback(CrawlStopping(f"crawl stopping: {request.url} not fetched"))
            dropped += 1
    if dropped:
        logger.info("Stopping: %d queued requests dropped (the next run fetches them)", dropped)
    return dropped
