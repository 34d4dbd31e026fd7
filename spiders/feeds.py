"""The ``feeds`` spider: sources' feeds → article pages → ``Article`` items.

Thin glue: feed parsing, extraction and merging live in ``crawler/``; this module builds requests,
carries context in ``cb_kwargs`` and counts what happened per source.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler import stats as keys
from crawler.errors import describe_failure
from crawler.extract import NotAnArticle, options_for
from crawler.feeds import FeedEntry, FeedError, parse_feed
from crawler.items import Article, RawCapture
from crawler.merge import fill_from_feed
from crawler.sources import Source, load_sources, select_sources
from crawler.workers import ExtractionTimeout, WorkerCrashed
from spiders.extraction import Extractor


class FeedsSpider(scrapy.Spider):
    name = "feeds"

    def __init__(self, sources: str | None = None, source: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Spider arguments (``-a sources=FILE -a source=id1,id2``) win over settings.
        self._sources_arg = sources
        self._ids_arg = [s for s in (source or "").split(",") if s]
        self._requested: set[str] = set()
        self._sources: dict[str, Source] | None = None
        self._extractor: Extractor | None = None

    @property
    def extractor(self) -> Extractor:
        """The extraction pool, started on the first article page."""
        if self._extractor is None:
            self._extractor = Extractor.from_crawler(self.crawler)
        return self._extractor

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

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for source in self.selected_sources():
            for feed_url in source.feeds:
                yield scrapy.Request(
                    feed_url,
                    callback=self.parse_feed,
                    errback=self.feed_failed,
                    cb_kwargs={"source": source, "feed_url": feed_url},
                    meta={"akhbar_source": source.id},
                    dont_filter=True,
                )

    def parse_feed(self, response: Response, source: Source, feed_url: str) -> Iterator[scrapy.Request]:
        stats = self.crawler.stats
        try:
            feed = parse_feed(response.body, response.url, content_type=_header(response, "Content-Type"))
        except FeedError as exc:
            keys.count(stats, source.id, keys.FEEDS_FAILED, "not_a_feed")
            keys.note_error(stats, source.id, f"feed {feed_url}: {exc}")
            self.logger.warning("Source %s: feed %s is not a feed: %s", source.id, feed_url, exc)
            return
        keys.count(stats, source.id, keys.FEEDS_OK)
        if feed.malformed:
            keys.count(stats, source.id, keys.FEEDS_MALFORMED)
            self.logger.info(
                "Source %s: feed %s is malformed but readable: %s", source.id, feed_url, feed.malformed_reason
            )
        keys.count(stats, source.id, keys.ENTRIES, n=len(feed.entries))
        if not feed.entries:
            keys.count(stats, source.id, keys.FEEDS_EMPTY)
            keys.note_error(stats, source.id, f"feed {feed_url}: read, but it lists no articles")
        if feed.skipped:
            keys.count(stats, source.id, keys.ENTRIES_SKIPPED, "no_http_link", n=feed.skipped)
        limit = self.settings.getint("AKHBAR_MAX_ENTRIES_PER_FEED")
        for entry in feed.entries[: limit or None]:
            if entry.url in self._requested:
                continue  # listed by another feed of this run: fetched once
            self._requested.add(entry.url)
            keys.count(stats, source.id, keys.PAGES_REQUESTED)
            yield scrapy.Request(
                entry.url,
                callback=self.parse_article,
                errback=self.page_failed,
                cb_kwargs={"source": source, "feed_url": feed_url, "entry": entry},
                meta={"akhbar_source": source.id},
            )

    async def parse_article(
        self, response: Response, source: Source, feed_url: str, entry: FeedEntry
    ) -> AsyncIterator[Article]:
        stats = self.crawler.stats
        options = options_for(source, content_type=_header(response, "Content-Type"), now=datetime.now(UTC))
        try:
            article = await self.extractor.extract(response.body, response.url, options)
        except NotAnArticle as exc:
            keys.count(stats, source.id, keys.NOT_ARTICLE, exc.reason)
            self.logger.info("Source %s: %s is not an article (%s)", source.id, response.url, exc)
            return
        except (ExtractionTimeout, WorkerCrashed) as exc:
            reason = "extraction_timeout" if isinstance(exc, ExtractionTimeout) else "extraction_crashed"
            keys.count(stats, source.id, keys.PAGES_FAILED, reason)
            keys.note_error(stats, source.id, f"page {response.url}: {exc}")
            self.logger.warning("Source %s: page %s failed: %s", source.id, response.url, exc)
            return
        keys.count(stats, source.id, keys.EXTRACTED)
        article = fill_from_feed(article, entry, timezone=source.timezone)
        article.source_id = source.id
        article.feed_url = feed_url
        if self.settings.getbool("AKHBAR_KEEP_RAW"):
            article.raw = RawCapture(
                url=response.url,
                status=response.status,
                headers={k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()},
                body=response.body,
            )
        yield article

    def feed_failed(self, failure: Failure) -> None:
        self._failed(failure, keys.FEEDS_FAILED, "feed")

    def page_failed(self, failure: Failure) -> None:
        self._failed(failure, keys.PAGES_FAILED, "page")

    def _failed(self, failure: Failure, counter: str, what: str) -> None:
        request = failure.request  # type: ignore[attr-defined]
        source: Source = request.cb_kwargs["source"]
        reason, message = describe_failure(failure)
        keys.count(self.crawler.stats, source.id, counter, reason)
        keys.note_error(self.crawler.stats, source.id, f"{what} {request.url}: {message}")
        self.logger.warning("Source %s: %s %s failed: %s", source.id, what, request.url, message)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
