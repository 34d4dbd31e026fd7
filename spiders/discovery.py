"""Sources listed without feeds or sitemaps: their feeds are found on the homepage at crawl time.

The homepage's ``<link rel="alternate">`` and feed links come first; without any, the usual feed
paths are tried, each kept only if it really serves a feed. ``robots.txt`` ``Sitemap:`` lines add
sitemaps. Listings found this way are remembered in the store (feed states), so later runs go
straight to them.
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
from crawler.listings.discover import candidate_feed_urls, find_feed_links, looks_like_feed, sitemaps_from_robots
from crawler.sources import Source

if TYPE_CHECKING:
    from crawler.listings.feedhealth import FeedState
    from crawler.store.feedbook import FeedBook

# At most this many discovered feeds and sitemaps are read per source (outlets list dozens).
MAX_DISCOVERED = 3


class DiscoveryMixin:
    """Mixed into the feeds spider, which provides ``book``, ``listing_requests`` and ``parse_listing``."""

    crawler: Any
    logger: Any

    if TYPE_CHECKING:

        @property
        def book(self) -> FeedBook: ...

        def listing_requests(self, source: Source, url: str, kind: str) -> list[scrapy.Request]: ...

        def parse_listing(
            self, response: Response, source: Source, feed_url: str, state: FeedState, kind: str = "feed"
        ) -> AsyncIterator[Any]: ...

    def discover(self, source: Source) -> Iterator[scrapy.Request]:
        """Listings remembered from an earlier run, else a look at the homepage and robots.txt."""
        known = [state.url for state in self.book.store.feed_states(source.id)]
        if known:
            for url in known:
                yield from self.listing_requests(source, url, "listing")
            return
        meta = {"akhbar_source": source.id}
        yield scrapy.Request(
            source.homepage, self.parse_homepage, errback=self.discovery_failed, cb_kwargs={"source": source}, meta=meta
        )
        yield scrapy.Request(
            urljoin(source.homepage, "/robots.txt"),
            self.parse_robots,
            errback=self.discovery_failed,
            cb_kwargs={"source": source},
            meta=meta,
            dont_filter=True,
        )

    def parse_homepage(self, response: Response, source: Source) -> Iterator[scrapy.Request]:
        links = find_feed_links(response.body, response.url)
        if links:
            for link in links[:MAX_DISCOVERED]:
                yield from self.listing_requests(source, link.url, "feed")
            return
        self.logger.info("Source %s: no feed links on %s; trying the usual paths", source.id, response.url)
        keys.note_error(self.crawler.stats, source.id, f"no feed found on {response.url}")
        for url in candidate_feed_urls(source.homepage):
            yield scrapy.Request(
                url,
                self.parse_candidate,
                errback=lambda failure: None,  # a path that is not there is the usual case
                cb_kwargs={"source": source},
                meta={"akhbar_source": source.id},
            )

    async def parse_candidate(self, response: Response, source: Source) -> AsyncIterator[Any]:
        content_type = response.headers.get("Content-Type")
        if not looks_like_feed(response.body, content_type.decode("latin-1") if content_type else None):
            return
        plan = self.book.plan(source.id, response.url)
        async for output in self.parse_listing(response, source=source, feed_url=response.url, state=plan.state):
            yield output

    def parse_robots(self, response: Response, source: Source) -> Iterator[scrapy.Request]:
        for url in sitemaps_from_robots(response.text, response.url)[:MAX_DISCOVERED]:
            yield from self.listing_requests(source, url, "sitemap")

    def discovery_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        source: Source = request.cb_kwargs["source"]
        if request.url.endswith("/robots.txt"):
            return  # no robots.txt: no sitemaps named there, nothing wrong
        reason, message = describe_failure(failure)
        keys.count(self.crawler.stats, source.id, keys.FEEDS_FAILED, f"discovery_{reason}")
        keys.note_error(self.crawler.stats, source.id, f"homepage {request.url}: {message}")
