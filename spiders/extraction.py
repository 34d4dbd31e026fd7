"""Extraction (and feed parsing) off the reactor: Scrapy glue around ``crawler.extraction.workers.ExtractionPool``.

Pages go to worker processes (``AKHBAR_EXTRACT_WORKERS``, default one per core) through a Twisted
thread pool of the same size, so the reactor keeps downloading while every core extracts. Each page
is capped at ``AKHBAR_EXTRACT_TIMEOUT`` seconds; a worker past it is killed and replaced. With 0
workers extraction runs in-process on the reactor thread (debugging, component tests), where the cap
is enforced with SIGALRM.
"""

from __future__ import annotations

from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThreadPool
from twisted.python.threadpool import ThreadPool

from crawler.extraction.extract import ExtractOptions
from crawler.extraction.workers import ExtractionPool, default_pool_size
from crawler.items import Article
from crawler.listings.feeds import ParsedFeed
from crawler.listings.sitemaps import Sitemap
from crawler.listings.tasks import run_task


class Extractor:
    """``await extractor.extract(body, url, options)``: an ``Article``, or the extraction's exception."""

    def __init__(self, workers: int, timeout: float, max_tasks: int = 500) -> None:
        self.pool = ExtractionPool(workers, timeout, func=run_task, max_tasks_per_worker=max_tasks)
        self.threads: ThreadPool | None = None
        if workers:
            self.threads = ThreadPool(minthreads=0, maxthreads=workers, name="akhbar-extract")
            self.threads.start()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        configured = crawler.settings.get("AKHBAR_EXTRACT_WORKERS")
        workers = default_pool_size() if configured in (None, "") else int(configured)
        settings = crawler.settings
        extractor = cls(
            workers, settings.getfloat("AKHBAR_EXTRACT_TIMEOUT"), settings.getint("AKHBAR_EXTRACT_MAX_TASKS", 500)
        )
        crawler.signals.connect(extractor.close, signal=signals.engine_stopped)
        return extractor

    async def extract(self, body: bytes, url: str, options: ExtractOptions) -> Article:
        article = await self._run("article", body, url, options)
        assert isinstance(article, Article)
        return article

    async def parse_feed(self, body: bytes, url: str, content_type: str | None) -> ParsedFeed:
        feed = await self._run("feed", body, url, content_type)
        assert isinstance(feed, ParsedFeed)
        return feed

    async def parse_sitemap(self, body: bytes, url: str) -> Sitemap:
        sitemap = await self._run("sitemap", body, url, None)
        assert isinstance(sitemap, Sitemap)
        return sitemap

    async def _run(
        self, kind: str, body: bytes, url: str, extra: ExtractOptions | str | None
    ) -> Article | ParsedFeed | Sitemap:
        if self.threads is None:
            return self.pool.run(kind, body, url, extra)
        from twisted.internet import reactor  # imported late: importing it installs one (Scrapy picks which)

        deferred = deferToThreadPool(reactor, self.threads, self.pool.run, kind, body, url, extra)
        result: Article | ParsedFeed | Sitemap = await maybe_deferred_to_future(deferred)
        return result

    def close(self) -> None:
        if self.threads is not None:
            self.threads.stop()
            self.threads = None
        self.pool.close()
