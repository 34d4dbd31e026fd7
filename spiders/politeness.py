"""Per-outlet politeness held across the workers of a shared crawl (``crawler.distributed.politeness``).

Each worker's Scrapy keeps its own per-domain limits; this middleware adds the shared ones: before a
request goes out it takes one of its outlet's slots in Redis (``AKHBAR_QUEUE_CONCURRENCY_PER_DOMAIN``,
``AKHBAR_QUEUE_DOWNLOAD_DELAY`` apart), waiting as long as the Redis script says; the slot is given back
when the response or the error comes.
"""

from __future__ import annotations

import asyncio
import uuid
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler import stats as keys
from crawler.distributed.politeness import PolitenessRules, SharedPoliteness
from spiders.queue import is_shared, worker_for

SLOT_META = "akhbar_polite_slot"


class SharedPolitenessMiddleware:
    def __init__(self, crawler: Crawler, gate: SharedPoliteness) -> None:
        self.crawler = crawler
        self.gate = gate

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedPolitenessMiddleware:
        settings = crawler.settings
        if not is_shared(settings):
            raise NotConfigured
        worker = worker_for(crawler)
        rules = PolitenessRules(
            concurrency=settings.getint("AKHBAR_QUEUE_CONCURRENCY_PER_DOMAIN"),
            delay=settings.getfloat("AKHBAR_QUEUE_DOWNLOAD_DELAY"),
            lease=settings.getfloat("DOWNLOAD_TIMEOUT") + 10,
        )
        return cls(crawler, SharedPoliteness(worker.server, worker.keys, rules))

    async def process_request(self, request: Request) -> None:
        slot = urlsplit(request.url).netloc.lower()  # host and port: outlets on one address stay apart
        token = uuid.uuid4().hex
        waited = False
        while (wait := self.gate.try_acquire(slot, token)) > 0:
            waited = True
            await asyncio.sleep(wait)
        if waited:
            keys.count(self.crawler.stats, None, keys.QUEUE_POLITE_WAITS)
        request.meta[SLOT_META] = (slot, token)

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: BaseException) -> None:
        self._release(request)

    def _release(self, request: Request) -> None:
        held = request.meta.pop(SLOT_META, None)
        if held is not None:
            self.gate.release(*held)
