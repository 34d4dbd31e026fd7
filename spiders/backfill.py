"""Backfill mode of the feeds spider (``AKHBAR_BACKFILL_SINCE``, set by ``akhbar backfill``).

Instead of the sources' feeds, the spider walks each source's sitemaps deeply: the sitemap index and
its archive sitemaps, children of children included, skipping those wholly outside the date range
(``crawler.listings.backfill``) and fetching every listed article in it that is not stored yet. Feed
scheduling, feed states and the per-feed entry cap play no part; politeness (robots.txt, per-domain
concurrency and delay, the network guard, Retry-After) is the crawl's own. Sitemaps come from the
source's ``sitemaps``, else robots.txt ``Sitemap:`` lines, else the usual paths. A stopped backfill is
resumed by running it again: stored articles are skipped by seen-state, so nothing is fetched twice.

Mixed into ``FeedsSpider``, which provides ``book``, ``extractor``, ``operator_hosts``, ``_requested``
(every URL asked this run, sitemaps and articles) and the article callbacks.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler import stats as keys
from crawler.errors import describe_failure
from crawler.extraction.workers import ExtractionTimeout, WorkerCrashed
from crawler.listings.backfill import DateRange, child_verdict, date_range, split_entries
from crawler.listings.discover import candidate_sitemap_urls, sitemaps_from_robots
from crawler.listings.sitemaps import SitemapError
from crawler.listings.window import entry_from_sitemap
from crawler.net.guard import refusal
from crawler.sources import Source
from spiders.parts import SpiderParts
from spiders.shutdown import CrawlStopping

if TYPE_CHECKING:
    from crawler.items import FeedEntry

# Article pages go before further sitemaps, so the queue holds about one sitemap's articles at a time.
_ARTICLE_PRIORITY = 1


class BackfillMixin(SpiderParts):
    """Sitemap-walking callbacks of the feeds spider's backfill mode (see the module docstring)."""

    @property
    def backfilling(self) -> bool:
        """True in backfill mode; False when the spider crawls feeds as usual."""
        return bool(self.settings.get("AKHBAR_BACKFILL_SINCE"))

    def backfill_range(self, source: Source) -> DateRange:
        """The range being backfilled, its dates read in the source's time zone."""
        since = self.settings.get("AKHBAR_BACKFILL_SINCE")
        return date_range(since, self.settings.get("AKHBAR_BACKFILL_UNTIL") or None, source.timezone)

    def backfill(self, source: Source) -> Iterator[scrapy.Request]:
        """The source's declared sitemaps, else a look at its robots.txt."""
        if source.sitemaps:
            for url in source.sitemaps:
                if (request := self._sitemap_request(source, url)) is not None:
                    yield request
            return
        yield scrapy.Request(
            urljoin(source.homepage, "/robots.txt"),
            self.backfill_robots,
            errback=self.backfill_robots_failed,
            cb_kwargs={"source": source},
            meta={"akhbar_source": source.id},
            dont_filter=True,
        )

    def backfill_robots(self, response: Response, source: Source) -> Iterator[scrapy.Request]:
        urls = sitemaps_from_robots(response.text, response.url)
        if not urls:
            yield from self._probe(source)
        for url in urls:
            if (request := self._sitemap_request(source, url)) is not None:
                yield request

    def backfill_robots_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        if not isinstance(failure.value, CrawlStopping):
            yield from self._probe(failure.request.cb_kwargs["source"])  # type: ignore[attr-defined]

    def _probe(self, source: Source) -> Iterator[scrapy.Request]:
        """The usual sitemap paths; one that is missing or no sitemap is the usual case, not a failure."""
        keys.note_error(
            self.crawler.stats, source.id, "no sitemap in the sources file or robots.txt; tried the usual paths"
        )
        for url in candidate_sitemap_urls(source.homepage):
            if (request := self._sitemap_request(source, url, probe=True)) is not None:
                yield request

    def _sitemap_request(self, source: Source, url: str, *, probe: bool = False) -> scrapy.Request | None:
        if url in self._requested:
            return None  # listed by two indexes: walked once
        self._requested.add(url)
        return scrapy.Request(
            url,
            callback=self.parse_backfill_sitemap,
            errback=self.backfill_sitemap_failed,
            cb_kwargs={"source": source, "probe": probe},
            meta={"akhbar_source": source.id},
            dont_filter=True,
        )

    async def parse_backfill_sitemap(self, response: Response, source: Source, probe: bool) -> AsyncIterator[Any]:
        stats = self.crawler.stats
        wanted = self.backfill_range(source)
        try:
            sitemap = await self.extractor.parse_sitemap(response.body, response.url)
        except (SitemapError, ExtractionTimeout, WorkerCrashed) as exc:
            if not probe:  # a usual path that serves something else: nothing wrong
                keys.count(stats, source.id, keys.FEEDS_FAILED, "not_a_sitemap")
                keys.note_error(stats, source.id, f"sitemap {response.url}: {exc}")
                self.logger.warning("Source %s: sitemap %s: %s", source.id, response.url, exc)
            return
        keys.count(stats, source.id, keys.FEEDS_OK)
        if sitemap.skipped:
            keys.count(stats, source.id, keys.ENTRIES_SKIPPED, "off_site", n=sitemap.skipped)
        for child in sitemap.children:
            verdict = child_verdict(child.url, child.lastmod, wanted, source.timezone)
            if verdict != "walk":
                keys.count(stats, source.id, keys.SITEMAPS_TOO_OLD if verdict == "too_old" else keys.SITEMAPS_TOO_NEW)
                self.logger.debug("Source %s: sitemap %s not walked (%s)", source.id, child.url, verdict)
            elif (request := self._sitemap_request(source, child.url)) is not None:
                yield request
        entries = [entry_from_sitemap(e) for e in sitemap.entries]
        keys.count(stats, source.id, keys.ENTRIES, n=len(entries))
        kept, too_old, too_new = split_entries(entries, wanted, source.timezone)
        keys.count(stats, source.id, keys.ENTRIES_TOO_OLD, n=too_old)
        keys.count(stats, source.id, keys.ENTRIES_TOO_NEW, n=too_new)
        for entry in kept:
            if (request := self._article_request(source, response.url, entry)) is not None:
                yield request

    def _article_request(self, source: Source, sitemap_url: str, entry: FeedEntry) -> scrapy.Request | None:
        stats = self.crawler.stats
        if entry.url in self._requested:  # listed by another sitemap of this run: fetched once
            keys.count(stats, source.id, keys.ENTRIES_SKIPPED, "listed_twice")
            return None
        if (refused := refusal(entry.url, self.operator_hosts)) is not None:
            keys.count(stats, source.id, keys.ENTRIES_SKIPPED, refused)
            self.logger.warning("Source %s: %s links to %s: refused (%s)", source.id, sitemap_url, entry.url, refused)
            return None
        if self.book.is_seen(entry.url):
            keys.count(stats, source.id, keys.ENTRIES_SEEN)
            return None
        self._requested.add(entry.url)
        keys.count(stats, source.id, keys.PAGES_REQUESTED)
        return scrapy.Request(
            entry.url,
            callback=self.parse_article,
            errback=self.page_failed,
            cb_kwargs={"source": source, "feed_url": sitemap_url, "entry": entry},
            meta={"akhbar_source": source.id},
            priority=_ARTICLE_PRIORITY,
        )

    def backfill_sitemap_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        if isinstance(failure.value, CrawlStopping) or request.cb_kwargs["probe"]:
            return  # not fetched because the crawl is stopping; or a usual path that is not there
        source: Source = request.cb_kwargs["source"]
        reason, message = describe_failure(failure)
        keys.count(self.crawler.stats, source.id, keys.FEEDS_FAILED, reason)
        keys.note_error(self.crawler.stats, source.id, f"sitemap {request.url}: {message}")
        self.logger.warning("Source %s: sitemap %s failed: %s", source.id, request.url, message)
