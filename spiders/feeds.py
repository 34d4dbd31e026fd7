"""The ``feeds`` spider: sources' feeds and sitemaps → article pages → ``Article`` items.

Thin glue: feed and sitemap parsing, feed state, extraction and merging live in ``crawler/``; this
module builds requests, carries context in ``cb_kwargs`` and counts what happened per source.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler import stats as keys
from crawler.errors import describe_failure
from crawler.extraction.extract import NotAnArticle, options_for
from crawler.extraction.merge import fill_from_feed
from crawler.extraction.postprocess import refusal_detail
from crawler.extraction.workers import ExtractionTimeout, WorkerCrashed
from crawler.items import FAILED, NOT_ARTICLE, FeedEntry, Item, RawCapture, RefusedPage
from crawler.listings.backlog import is_permanent
from crawler.listings.feedhealth import HealthPolicy
from crawler.listings.window import window_start
from crawler.net.guard import operator_hosts
from crawler.sources import Source, load_sources, select_sources
from crawler.store.feedbook import FeedBook
from pipelines.storehandle import store_for
from spiders.backfill import BackfillMixin
from spiders.discovery import DiscoveryMixin
from spiders.extraction import Extractor
from spiders.listings import LISTING_META, ListingsMixin, header
from spiders.shutdown import CrawlStopping


class FeedsSpider(ListingsMixin, DiscoveryMixin, BackfillMixin, scrapy.Spider):
    name = "feeds"

    def __init__(self, sources: str | None = None, source: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Spider arguments (``-a sources=FILE -a source=id1,id2``) win over settings.
        self._sources_arg = sources
        self._ids_arg = [s for s in (source or "").split(",") if s]
        self._requested: set[str] = set()
        self._sources: dict[str, Source] | None = None
        self._extractor: Extractor | None = None
        self._book: FeedBook | None = None
        self._window: datetime | None = None
        self._operator_hosts: frozenset[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> FeedsSpider:
        spider: FeedsSpider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.save_feed_states, signal=signals.spider_closed)
        return spider

    def selected_sources(self) -> list[Source]:
        """The sources this run crawls (registry file and ids from spider arguments or settings)."""
        if self._sources is None:
            path = self._sources_arg or self.settings.get("AKHBAR_SOURCES_FILE")
            ids = self._ids_arg or self.settings.getlist("AKHBAR_SOURCE_IDS")
            self._sources = {s.id: s for s in select_sources(load_sources(path), ids)}
        return list(self._sources.values())

    def source_by_id(self, source_id: str) -> Source | None:
        """Registry entry of a source crawled in this run (pipelines use it for names and language)."""
        self.selected_sources()
        assert self._sources is not None
        return self._sources.get(source_id)

    @property
    def operator_hosts(self) -> frozenset[str]:
        """Hosts the operator listed: the only ones that may be on private addresses."""
        if self._operator_hosts is None:
            self._operator_hosts = operator_hosts(self.selected_sources())
        return self._operator_hosts

    @property
    def extractor(self) -> Extractor:
        """The extraction pool, started on the first article page."""
        if self._extractor is None:
            self._extractor = Extractor.from_crawler(self.crawler)
        return self._extractor

    @property
    def book(self) -> FeedBook:
        """Feed states and seen articles, kept in the crawl's store."""
        if self._book is None:
            settings = self.settings
            policy = HealthPolicy(
                min_interval=settings.getfloat("AKHBAR_FEED_MIN_INTERVAL"),
                max_interval=settings.getfloat("AKHBAR_FEED_MAX_INTERVAL"),
                disable_after=settings.getfloat("AKHBAR_FEED_DISABLE_AFTER"),
            )
            self._book = FeedBook(store_for(self.crawler), policy, settings.getbool("AKHBAR_FEED_SCHEDULE"))
        return self._book

    def save_feed_states(self) -> None:
        """At the end of the run: feed states saved, handled entries out of pending, what is left counted."""
        if self._book is not None:
            self._book.flush()
            stats = self.crawler.stats
            for (source_id, _), n in self._book.pending_counts().items():
                if source_id in (self._sources or {}):
                    keys.count(stats, source_id, keys.PENDING, n=n)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self._window = window_start(
            self.settings.get("AKHBAR_SINCE"), self.settings.getfloat("AKHBAR_MAX_AGE_HOURS"), datetime.now(UTC)
        )
        for source in self.selected_sources():
            if self.backfilling:  # `akhbar backfill`: the sitemaps, walked deeply; no feeds
                for walk in self.backfill(source):
                    yield walk
                continue
            if not source.inputs:
                for found in self.discover(source):
                    yield found
                continue
            for url in source.feeds:
                for request in self.listing_requests(source, url, "feed"):
                    yield request
            for url in source.sitemaps:
                for request in self.listing_requests(source, url, "sitemap"):
                    yield request

    async def parse_article(
        self, response: Response, source: Source, feed_url: str, entry: FeedEntry
    ) -> AsyncIterator[Item]:
        """An article page: its ``Article``, or the refused page kept with its response.

        Contracts, checked against the demo outlets (README "Scrapy"): ``scrapy check feeds -a sources=FILE``
        @page nabd news/2026/11/03/water-network-expansion.html
        @returns items 1 1
        @returns requests 0 0
        @scrapes url headline body published_at source_id
        """
        try:
            item = await self._extract(response, source, entry)
            if item is not None:
                item.feed_url = feed_url
                yield item
        finally:
            request = response.request  # None only for responses built by hand (component tests)
            self.book.done(request.meta.get(LISTING_META, feed_url) if request is not None else feed_url)
            self.book.handled(entry.url)

    async def _extract(self, response: Response, source: Source, entry: FeedEntry) -> Item | None:
        """The article; or the refused page, to be kept with its response (when raw pages are kept)."""
        stats = self.crawler.stats
        options = options_for(source, content_type=header(response, "Content-Type"), now=datetime.now(UTC))
        try:
            article = await self.extractor.extract(response.body, response.url, options)
        except NotAnArticle as exc:
            keys.count(stats, source.id, keys.NOT_ARTICLE, exc.reason)
            self.logger.info("Source %s: %s is not an article (%s)", source.id, response.url, exc)
            return self._refused(
                response, source, entry, verdict=NOT_ARTICLE, reason=exc.reason, detail=refusal_detail(exc)
            )
        except (ExtractionTimeout, WorkerCrashed) as exc:
            reason = "extraction_timeout" if isinstance(exc, ExtractionTimeout) else "extraction_crashed"
            keys.count(stats, source.id, keys.PAGES_FAILED, reason)
            keys.note_error(stats, source.id, f"page {response.url}: {exc}")
            self.logger.warning("Source %s: page %s failed: %s", source.id, response.url, exc)
            return self._refused(response, source, entry, verdict=FAILED, reason=reason, detail=str(exc))
        keys.count(stats, source.id, keys.EXTRACTED)
        if article.fallback is not None:
            keys.count(stats, source.id, keys.EXTRACTION_FALLBACK, article.fallback)
        article = fill_from_feed(article, entry, timezone=source.timezone)
        article.source_id = source.id
        if self.settings.getbool("AKHBAR_KEEP_RAW"):
            article.raw = _capture(response)
        return article

    def _refused(
        self, response: Response, source: Source, entry: FeedEntry, *, verdict: str, reason: str, detail: str
    ) -> RefusedPage | None:
        """The page, to be kept with its response for ``akhbar reextract`` (when raw pages are kept)."""
        if not self.settings.getbool("AKHBAR_KEEP_RAW"):
            return None
        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        return RefusedPage(
            url=response.url,
            raw=_capture(response),
            verdict=verdict,
            reason=reason,
            detail=detail,
            source_id=source.id,
            entry=entry,
            fetched_at=fetched_at,
        )

    def page_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        source: Source = request.cb_kwargs["source"]
        if isinstance(failure.value, CrawlStopping):
            return  # dropped by a stop: it stays pending, and its feed keeps its old validators
        self.book.done(request.meta.get(LISTING_META, request.cb_kwargs["feed_url"]))
        reason, message = describe_failure(failure)
        if is_permanent(reason):  # else it stays pending for the next run
            entry: FeedEntry | None = request.cb_kwargs.get("entry")
            self.book.handled(entry.url if entry is not None else request.url)
        keys.count(self.crawler.stats, source.id, keys.PAGES_FAILED, reason)
        keys.note_error(self.crawler.stats, source.id, f"page {request.url}: {message}")
        self.logger.warning("Source %s: page %s failed: %s", source.id, request.url, message)


def _capture(response: Response) -> RawCapture:
    headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
    return RawCapture(url=response.url, status=response.status, headers=headers, body=response.body)
