"""The ``feeds`` spider: sources' feeds and sitemaps → article pages → ``Article`` items.

Thin glue: feed and sitemap parsing, feed state, extraction and merging live in ``crawler/``; this
module builds requests, carries context in ``cb_kwargs`` and counts what happened per source.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler import stats as keys
from crawler.errors import describe_failure
from crawler.extract import NotAnArticle, options_for
from crawler.feedbook import FeedBook
from crawler.feedhealth import FeedState, HealthPolicy
from crawler.feeds import FeedEntry, FeedError
from crawler.items import Article, RawCapture
from crawler.merge import fill_from_feed
from crawler.netguard import operator_hosts, refusal
from crawler.sitemaps import SitemapError
from crawler.sources import Source, load_sources, select_sources
from crawler.window import entry_from_sitemap, split_by_age, window_start
from crawler.workers import ExtractionTimeout, WorkerCrashed
from pipelines.storehandle import store_for
from spiders.discovery import DiscoveryMixin
from spiders.extraction import Extractor
from spiders.shutdown import CrawlStopping

# Bytes read from a listing's start to tell a sitemap from a feed.
_SNIFF_BYTES = 4096


class FeedsSpider(DiscoveryMixin, scrapy.Spider):
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
        if self._book is not None:
            self._book.flush()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self._window = window_start(
            self.settings.get("AKHBAR_SINCE"), self.settings.getfloat("AKHBAR_MAX_AGE_HOURS"), datetime.now(UTC)
        )
        for source in self.selected_sources():
            if not source.inputs:
                for found in self.discover(source):
                    yield found
                continue
            for url in source.feeds:
                if (request := self.listing_request(source, url, "feed")) is not None:
                    yield request
            for url in source.sitemaps:
                if (request := self.listing_request(source, url, "sitemap")) is not None:
                    yield request

    def _revisit_hours(self, source: Source) -> float:
        """The run's revisit window (``--revisit-hours``) if set, else the source's own."""
        value = self.settings.get("AKHBAR_REVISIT_HOURS")
        return source.revisit_hours if value in (None, "") else float(value)

    def listing_request(self, source: Source, url: str, kind: str) -> scrapy.Request | None:
        """A conditional request for a feed or sitemap, or ``None`` when it is disabled or not due."""
        stats = self.crawler.stats
        plan = self.book.plan(source.id, url)
        if plan.reason == "disabled":
            keys.count(stats, source.id, keys.FEEDS_DISABLED)
            keys.note_error(stats, source.id, f"{kind} {url} disabled: {plan.state.disabled_reason}")
            return None
        if not plan.fetch:
            keys.count(stats, source.id, keys.FEEDS_NOT_DUE)
            return None
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.feed_failed,
            headers=dict(plan.headers),
            cb_kwargs={"source": source, "feed_url": url, "state": plan.state, "kind": kind},
            meta={"akhbar_source": source.id, "handle_httpstatus_list": [304]},
            dont_filter=True,
        )

    async def parse_listing(
        self, response: Response, source: Source, feed_url: str, state: FeedState, kind: str = "feed"
    ) -> AsyncIterator[Any]:
        """A feed or a sitemap, told by its content (discovered listings are not labelled); parsed in
        a worker process, like articles, so a 5,000-entry feed never stalls the downloads."""
        if self._unchanged(response, source, state):
            return
        entries = await (self._read_sitemap if _is_sitemap(response.body) else self._read_feed)(
            response, source, feed_url, state
        )
        if entries is None:
            return
        requests, listed = entries
        for request in requests:
            yield request
        for request in self._entries(response, source, state, listed, kind):
            yield request

    async def _read_feed(
        self, response: Response, source: Source, feed_url: str, state: FeedState
    ) -> tuple[list[scrapy.Request], list[FeedEntry]] | None:
        try:
            feed = await self.extractor.parse_feed(response.body, response.url, _header(response, "Content-Type"))
        except (FeedError, ExtractionTimeout, WorkerCrashed) as exc:
            self._listing_failed(source, state, _parse_failure(exc, "not_a_feed"), f"feed {feed_url}: {exc}")
            return None
        if feed.malformed:
            keys.count(self.crawler.stats, source.id, keys.FEEDS_MALFORMED)
            self.logger.info("Source %s: feed %s is malformed: %s", source.id, feed_url, feed.malformed_reason)
        if feed.skipped:
            keys.count(self.crawler.stats, source.id, keys.ENTRIES_SKIPPED, "no_http_link", n=feed.skipped)
        return [], list(feed.entries)

    async def _read_sitemap(
        self, response: Response, source: Source, feed_url: str, state: FeedState
    ) -> tuple[list[scrapy.Request], list[FeedEntry]] | None:
        try:
            sitemap = await self.extractor.parse_sitemap(response.body, response.url)
        except (SitemapError, ExtractionTimeout, WorkerCrashed) as exc:
            self._listing_failed(source, state, _parse_failure(exc, "not_a_sitemap"), f"sitemap {feed_url}: {exc}")
            return None
        if sitemap.skipped:
            keys.count(self.crawler.stats, source.id, keys.ENTRIES_SKIPPED, "off_site", n=sitemap.skipped)
        # An index: its children are read like any sitemap.
        children = [r for r in (self.listing_request(source, c, "sitemap") for c in sitemap.sitemaps) if r]
        entries = sorted(
            (entry_from_sitemap(e) for e in sitemap.entries), key=lambda e: e.published_raw or "", reverse=True
        )
        return children, entries

    def _unchanged(self, response: Response, source: Source, state: FeedState) -> bool:
        """A 304, or the same body as last time: counted as read, nothing more to do."""
        if response.status == 304:
            self.book.not_modified(state, etag=_header(response, "ETag"))
        elif not self.book.unchanged(state, _digest(response.body)):
            return False
        keys.count(self.crawler.stats, source.id, keys.FEEDS_OK)
        keys.count(self.crawler.stats, source.id, keys.FEEDS_NOT_MODIFIED)
        return True

    def _entries(
        self, response: Response, source: Source, state: FeedState, entries: list[FeedEntry], kind: str
    ) -> Iterator[scrapy.Request]:
        stats = self.crawler.stats
        keys.count(stats, source.id, keys.FEEDS_OK)
        keys.count(stats, source.id, keys.ENTRIES, n=len(entries))
        if not entries and kind == "feed":
            keys.count(stats, source.id, keys.FEEDS_EMPTY)
            keys.note_error(stats, source.id, f"feed {state.url}: read, but it lists no articles")
        limit = self.settings.getint("AKHBAR_MAX_ENTRIES_PER_FEED")
        recent, too_old, newest = split_by_age(entries[: limit or None], self._window, source.timezone)
        if too_old:
            keys.count(stats, source.id, keys.ENTRIES_TOO_OLD, n=too_old)
        wanted = []
        for entry in recent:
            if entry.url in self._requested:
                continue  # listed by another feed of this run: fetched once
            if (refused := refusal(entry.url, self.operator_hosts)) is not None:
                keys.count(stats, source.id, keys.ENTRIES_SKIPPED, refused)
                self.logger.warning("Source %s: %s links to %s: refused (%s)", source.id, state.url, entry.url, refused)
                continue
            if self.book.is_seen(entry.url, self._revisit_hours(source)):
                keys.count(stats, source.id, keys.ENTRIES_SEEN)
                continue
            self._requested.add(entry.url)
            wanted.append(entry)
        self.book.fetched(
            state,
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
            body_hash=_digest(response.body),
            new_entries=len(wanted),
            total_entries=len(entries),
            newest_entry_at=newest,
        )
        for entry in wanted:
            keys.count(stats, source.id, keys.PAGES_REQUESTED)
            yield scrapy.Request(
                entry.url,
                callback=self.parse_article,
                errback=self.page_failed,
                cb_kwargs={"source": source, "feed_url": state.url, "entry": entry},
                meta={"akhbar_source": source.id},
            )

    async def parse_article(
        self, response: Response, source: Source, feed_url: str, entry: FeedEntry
    ) -> AsyncIterator[Article]:
        try:
            article = await self._extract(response, source, entry)
            if article is not None:
                article.feed_url = feed_url
                yield article
        finally:
            self.book.done(feed_url)

    async def _extract(self, response: Response, source: Source, entry: FeedEntry) -> Article | None:
        stats = self.crawler.stats
        options = options_for(source, content_type=_header(response, "Content-Type"), now=datetime.now(UTC))
        try:
            article = await self.extractor.extract(response.body, response.url, options)
        except NotAnArticle as exc:
            keys.count(stats, source.id, keys.NOT_ARTICLE, exc.reason)
            self.logger.info("Source %s: %s is not an article (%s)", source.id, response.url, exc)
            return None
        except (ExtractionTimeout, WorkerCrashed) as exc:
            reason = "extraction_timeout" if isinstance(exc, ExtractionTimeout) else "extraction_crashed"
            keys.count(stats, source.id, keys.PAGES_FAILED, reason)
            keys.note_error(stats, source.id, f"page {response.url}: {exc}")
            self.logger.warning("Source %s: page %s failed: %s", source.id, response.url, exc)
            return None
        keys.count(stats, source.id, keys.EXTRACTED)
        article = fill_from_feed(article, entry, timezone=source.timezone)
        article.source_id = source.id
        if self.settings.getbool("AKHBAR_KEEP_RAW"):
            article.raw = RawCapture(
                url=response.url,
                status=response.status,
                headers={k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()},
                body=response.body,
            )
        return article

    def feed_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        if isinstance(failure.value, CrawlStopping):
            return  # not fetched because the crawl is stopping: no failure of the feed
        reason, message = describe_failure(failure)
        kwargs = request.cb_kwargs
        # Named by the URL in the sources file, not the last hop of its redirects.
        self._listing_failed(
            kwargs["source"], kwargs["state"], reason, f"{kwargs['kind']} {kwargs['feed_url']}: {message}"
        )

    def _listing_failed(self, source: Source, state: FeedState, reason: str, message: str) -> None:
        stats = self.crawler.stats
        updated = self.book.failed(state, reason)
        keys.count(stats, source.id, keys.FEEDS_FAILED, reason)
        if updated.disabled_reason and not state.disabled_reason:
            message += f" (now disabled: {updated.disabled_reason}; `akhbar sources enable {state.url}`)"
        keys.note_error(stats, source.id, message)
        self.logger.warning("Source %s: %s", source.id, message)

    def page_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        source: Source = request.cb_kwargs["source"]
        if isinstance(failure.value, CrawlStopping):
            return  # dropped by a stop; its feed keeps its old validators, so the next run fetches it
        self.book.done(request.cb_kwargs["feed_url"])
        reason, message = describe_failure(failure)
        keys.count(self.crawler.stats, source.id, keys.PAGES_FAILED, reason)
        keys.note_error(self.crawler.stats, source.id, f"page {request.url}: {message}")
        self.logger.warning("Source %s: page %s failed: %s", source.id, request.url, message)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _parse_failure(exc: Exception, invalid: str) -> str:
    """The stats reason of a listing that could not be read: invalid, or its parsing killed."""
    if isinstance(exc, ExtractionTimeout):
        return "parse_timeout"
    return "parse_crashed" if isinstance(exc, WorkerCrashed) else invalid


def _is_sitemap(body: bytes) -> bool:
    """Gzip (sitemaps are often served compressed) or a ``<urlset>`` / ``<sitemapindex>`` root."""
    head = body[:_SNIFF_BYTES]
    return head.startswith(b"\x1f\x8b") or b"<urlset" in head or b"<sitemapindex" in head


def _digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()
