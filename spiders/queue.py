"""The shared crawl's Scrapy side: one ``Worker`` per crawler, and scrapy-redis's scheduler made reliable.

``SharedScheduler`` is scrapy-redis's ``Scheduler`` (its priority queue and duplicate filter, in Redis)
whose pop moves the request into this worker's in-flight hash (``crawler.distributed.workers``), so that a
worker that dies does not lose it. A request taken from the queue carries its in-flight token in its
meta; a retry or redirect of it, queued again, hands the token back (the new request gets its own when
it is taken). Which requests are finished is told by ``spiders.sharedcrawl.FinishedRequests``.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from crawler import stats as keys
from crawler.distributed.address import CrawlKeys, check_prefix, connect
from crawler.distributed.workers import Worker

logger = logging.getLogger(__name__)

TOKEN_META = "akhbar_inflight"
_ATTR = "_akhbar_worker"


def shared_settings(url: str, prefix: str) -> dict[str, Any]:
    """The settings that make a crawl a worker of the shared crawl ``prefix`` on the Redis at ``url``."""
    check_prefix(prefix)
    return {
        "AKHBAR_QUEUE_URL": url,
        "AKHBAR_QUEUE_PREFIX": prefix,
        "SCHEDULER": "spiders.queue.SharedScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
    }


def worker_for(crawler: Crawler) -> Worker:
    """This crawler's worker (Redis connection checked on first use), kept on the crawler object."""
    worker: Worker | None = getattr(crawler, _ATTR, None)
    if worker is None:
        settings = crawler.settings
        server = connect(settings.get("AKHBAR_QUEUE_URL"))
        worker_id = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        prefix = check_prefix(settings.get("AKHBAR_QUEUE_PREFIX"))
        worker = Worker(server, CrawlKeys(prefix), worker_id, lease=settings.getfloat("AKHBAR_QUEUE_LEASE"))
        setattr(crawler, _ATTR, worker)
    return worker


def is_shared(settings: BaseSettings) -> bool:
    return bool(settings.get("AKHBAR_QUEUE_URL"))


class SharedScheduler(Scheduler):  # type: ignore[misc]  # scrapy-redis is untyped
    """scrapy-redis's scheduler with a reliable pop (see the module docstring)."""

    worker: Worker
    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        from scrapy_redis.dupefilter import RFPDupeFilter

        worker = worker_for(crawler)
        dupefilter = RFPDupeFilter(worker.server, key=worker.keys.dupefilter)
        instance = cls(
            server=worker.server,
            persist=True,  # the queue outlives any one worker; the last one out ends the run
            queue_key=worker.keys.requests,
            queue_cls="scrapy_redis.queue.PriorityQueue",
            dupefilter=dupefilter,
            dupefilter_key=worker.keys.dupefilter,
        )
        instance.stats = None  # scrapy-redis counts with a deprecated stats call; taken requests are counted here
        instance.worker = worker
        instance.crawler = crawler
        return instance

    def open(self, spider: Spider) -> None:
        super().open(spider)
        logger.info("Worker %s joined the shared crawl %s", self.worker.id, self.worker.keys.prefix)

    def enqueue_request(self, request: Request) -> bool:
        token = request.meta.pop(TOKEN_META, None)
        queued = bool(super().enqueue_request(request))
        if token is not None:  # a retry or redirect of a request this worker took: it is queued again
            self.worker.finished(token)
        return queued

    def next_request(self) -> Request | None:
        taken = self.worker.take()
        if taken is None:
            return None
        queue: PriorityQueue = self.queue
        request: Request = queue._decode_request(taken.data)
        request.meta[TOKEN_META] = taken.token
        keys.count(self.crawler.stats, None, keys.QUEUE_TAKEN)
        return request
