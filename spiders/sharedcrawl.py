"""A worker's life in a shared crawl: seeding, heartbeats, telling finished requests, leaving when idle.

- ``FinishedRequests`` (spider middleware): only the worker that claims the run's seeding queues the due
  feeds (``process_start``); a request taken from the queue is finished once its callback's output is
  exhausted and every item it yielded has left the pipelines (stored, or dropped), so a worker killed
  before an article is written has that request put back.
- ``FinishedDownloads`` (downloader middleware): a request that failed for good (after retries) is finished
  too; one dropped by a stop (``CrawlStopping``) is not, and goes back to the queue when the worker leaves.
- ``SharedCrawl`` (extension): the heartbeat (lease, busy flag, dead workers' requests reclaimed), and the
  end: the spider stays open while the shared crawl has work anywhere, and closes once it has had none for
  ``AKHBAR_QUEUE_IDLE`` seconds.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response
from twisted.internet.task import LoopingCall

from crawler import stats as keys
from crawler.distributed.workers import Worker
from spiders.queue import TOKEN_META, is_shared, worker_for
from spiders.shutdown import CrawlStopping

logger = logging.getLogger(__name__)


def _token(response: Any) -> str | None:
    request = getattr(response, "request", None)
    return request.meta.get(TOKEN_META) if request is not None else None


class FinishedRequests:
    def __init__(self, crawler: Crawler, worker: Worker) -> None:
        self.crawler = crawler
        self.worker = worker
        self._items: Counter[str] = Counter()  # per token: items yielded and not out of the pipelines yet
        self._open: set[str] = set()  # tokens whose callback output is not exhausted yet
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(self._item_done, signal=signal)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FinishedRequests:
        if not is_shared(crawler.settings):
            raise NotConfigured
        return cls(crawler, worker_for(crawler))

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        if not self.worker.claim_seeding():
            logger.info("Worker %s: the run is seeded by another worker", self.worker.id)
            return
        keys.count(self.crawler.stats, None, keys.QUEUE_SEEDED)
        logger.info("Worker %s seeds the shared crawl with the due feeds", self.worker.id)
        try:
            async for request in start:
                self.worker.renew_seeding()
                yield request
        finally:
            self.worker.seeding_done()

    async def process_spider_output(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        token = _token(response)
        if token is None:
            async for out in result:
                yield out
            return
        self._open.add(token)
        try:
            async for out in result:
                if not isinstance(out, Request):
                    self._items[token] += 1
                yield out
        finally:
            self._open.discard(token)
            self._maybe_finished(token)

    def _item_done(self, item: Any, response: Any = None, **kwargs: Any) -> None:
        token = _token(response)
        if token is None or token not in self._items:
            return
        self._items[token] -= 1
        self._maybe_finished(token)

    def _maybe_finished(self, token: str) -> None:
        if token in self._open or self._items[token] > 0:
            return
        del self._items[token]
        self.worker.finished(token)


class FinishedDownloads:
    def __init__(self, worker: Worker) -> None:
        self.worker = worker

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FinishedDownloads:
        if not is_shared(crawler.settings):
            raise NotConfigured
        return cls(worker_for(crawler))

    def process_exception(self, request: Request, exception: BaseException) -> None:
        token = request.meta.get(TOKEN_META)
        if token is not None and not isinstance(exception, CrawlStopping):
            self.worker.finished(token)  # failed for good: its errback counts it; nothing to fetch again


class SharedCrawl:
    def __init__(self, crawler: Crawler, worker: Worker, *, idle: float, poll: float) -> None:
        self.crawler = crawler
        self.worker = worker
        self.idle = idle
        self.poll = poll
        self._idle_since: float | None = None
        self._beat = LoopingCall(self._heartbeat)
        crawler.signals.connect(self._opened, signal=signals.spider_opened)
        crawler.signals.connect(self._spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self._closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedCrawl:
        if not is_shared(crawler.settings):
            raise NotConfigured
        settings = crawler.settings
        return cls(
            crawler,
            worker_for(crawler),
            idle=settings.getfloat("AKHBAR_QUEUE_IDLE"),
            poll=settings.getfloat("AKHBAR_QUEUE_POLL"),
        )

    def _opened(self) -> None:
        # With nothing to do, Scrapy asks its scheduler again every 5 s (the engine's slot heartbeat, read
        # when the start requests begin, just after this signal); a worker must see new work in the shared
        # queue sooner, or the first worker takes all of a small crawl.
        if self.crawler.engine is not None:
            self.crawler.engine._SLOT_HEARTBEAT_INTERVAL = self.poll
        self.crawler.stats.set_value(keys.total_key(keys.QUEUE_WORKER), self.worker.id)
        self._heartbeat()
        self._beat.start(max(0.2, self.worker.lease_ms / 3000), now=False)

    def _busy(self) -> bool:
        engine = self.crawler.engine
        if engine is None:
            return False
        slot = engine.scraper.slot
        return bool(engine.downloader.active) or (slot is not None and not slot.is_idle())

    def _heartbeat(self) -> None:
        self.worker.renew(busy=self._busy())
        back = self.worker.reclaim()
        if back:
            keys.count(self.crawler.stats, None, keys.QUEUE_RECLAIMED, n=back)
            logger.warning(
                "Worker %s: %d requests of workers whose lease ran out put back in the queue", self.worker.id, back
            )

    def _spider_idle(self) -> None:
        """Nothing to do here; the spider stays open until the whole shared crawl has been idle long enough."""
        self._heartbeat()
        if not self.worker.shared_idle():
            self._idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self._idle_since is None:
            self._idle_since = now
        if now - self._idle_since < self.idle:
            raise DontCloseSpider
        logger.info("Worker %s: the shared queue has been empty for %.0f s; leaving", self.worker.id, self.idle)

    def _closed(self) -> None:
        if self._beat.running:
            self._beat.stop()
        back = self.worker.leave()
        if back:
            keys.count(self.crawler.stats, None, keys.QUEUE_LEFT_UNFINISHED, n=back)
            logger.info("Worker %s: %d unfinished requests put back in the shared queue", self.worker.id, back)
