"""Feeds and sitemaps for the ``feeds`` spider: conditional requests, parsing in the worker pool, the
entries worth fetching, and failures recorded in each feed's health.

Mixed into ``FeedsSpider``, which provides the run's state (``book``, ``extractor``, the date window,
the URLs requested so far) and the article callbacks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler import stats as keys
from crawler.errors import describe_failure
from crawler.extraction.workers import ExtractionTimeout, WorkerCrashed
from crawler.items import FeedEntry
from crawler.listings.backlog import PendingEntry, pending_entry
from crawler.listings.feedhealth import FeedState
from crawler.listings.feeds import FeedError
from crawler.listings.sitemaps import SitemapError
from crawler.listings.window import entry_from_sitemap, split_by_age
from crawler.net.guard import refusal
from crawler.sources import Source
from spiders.parts import SpiderParts
from spiders.shutdown import CrawlStopping

if TYPE_CHECKING:
    from collections.abc import AsyncIterator


# Bytes read from a listing's start to tell a sitemap from a feed.
_SNIFF_BYTES = 4096
# Request meta: the listing an article was asked for in the name of (its validators wait for it).
LISTING_META = "akhbar_listing"


class ListingsMixin(SpiderParts):
    """Feed and sitemap callbacks of the feeds spider (see the module docstring)."""

    _window: datetime | None

    def _revisit_hours(self, source: Source) -> float:
        """The run's revisit window (``--revisit-hours``) if set, else the source's own."""
        value = self.settings.get("AKHBAR_REVISIT_HOURS")
        return source.revisit_hours if value in (None, "") else float(value)

    def listing_requests(self, source: Source, url: str, kind: str) -> list[scrapy.Request]:
        """A conditional request for a feed or sitemap; when it is not due, its share of the source's
        pending entries instead; nothing when it is disabled."""
        stats = self.crawler.stats
        plan = self.book.plan(source.id, url)
        if plan.reason == "disabled":
            keys.count(stats, source.id, keys.FEEDS_DISABLED)
            keys.note_error(stats, source.id, f"{kind} {url} disabled: {plan.state.disabled_reason}")
            return []
        if not plan.fetch:
            keys.count(stats, source.id, keys.FEEDS_NOT_DUE)
            if plan.state.consecutive_failures:  # waiting because it keeps failing: still a failure
                keys.count(stats, source.id, keys.FEEDS_BACKING_OFF)
                failures = plan.state.consecutive_failures
                keys.note_error(
                    stats,
                    source.id,
                    f"{kind} {url}: {failures} failure(s) in a row (last: {plan.state.last_status}); "
                    f"next try after {plan.state.next_due_at}",
                )
            return self._page_requests(source, url, self._turn(source))
        request = scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.feed_failed,
            headers=dict(plan.headers),
            cb_kwargs={"source": source, "feed_url": url, "state": plan.state, "kind": kind},
            meta={"akhbar_source": source.id, "handle_httpstatus_list": [304]},
            dont_filter=True,
        )
        return [request]

    async def parse_listing(
        self, response: Response, source: Source, feed_url: str, state: FeedState, kind: str = "feed"
    ) -> AsyncIterator[Any]:
        """A feed or a sitemap, told by its content (discovered listings are not labelled); parsed in
        a worker process, like articles, so a 5,000-entry feed never stalls the downloads."""
        digest = _digest(response.body)
        if self._unchanged(response, source, state, digest):
            for request in self._page_requests(source, feed_url, self._turn(source)):
                yield request  # nothing new listed: the source's pending entries, newest first
            return
        entries = await (self._read_sitemap if _is_sitemap(response.body) else self._read_feed)(
            response, source, feed_url, state
        )
        if entries is None:
            return
        requests, listed = entries
        for request in requests:
            yield request
        for request in self._entries(response, source, state, listed, kind=kind, digest=digest):
            yield request

    async def _read_feed(
        self, response: Response, source: Source, feed_url: str, state: FeedState
    ) -> tuple[list[scrapy.Request], list[FeedEntry]] | None:
        try:
            feed = await self.extractor.parse_feed(response.body, response.url, header(response, "Content-Type"))
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
        children = [r for c in sitemap.sitemaps for r in self.listing_requests(source, c, "sitemap")]
        entries = sorted(
            (entry_from_sitemap(e) for e in sitemap.entries), key=lambda e: e.published_raw or "", reverse=True
        )
        return children, entries

    def _unchanged(self, response: Response, source: Source, state: FeedState, digest: str) -> bool:
        """A 304, or the same body as last time: counted as read, nothing more to do."""
        if response.status == 304:
            self.book.not_modified(state, etag=header(response, "ETag"))
        elif not self.book.unchanged(state, digest):
            return False
        keys.count(self.crawler.stats, source.id, keys.FEEDS_OK)
        keys.count(self.crawler.stats, source.id, keys.FEEDS_NOT_MODIFIED)
        return True

    def _entries(
        self,
        response: Response,
        source: Source,
        state: FeedState,
        entries: list[FeedEntry],
        *,
        kind: str,
        digest: str,
    ) -> Iterator[scrapy.Request]:
        stats = self.crawler.stats
        keys.count(stats, source.id, keys.FEEDS_OK)
        keys.count(stats, source.id, keys.ENTRIES, n=len(entries))
        if not entries and kind == "feed":
            keys.count(stats, source.id, keys.FEEDS_EMPTY)
            keys.note_error(stats, source.id, f"feed {state.url}: read, but it lists no articles")
        # The date window first: an entry too old for this run is skipped, never pending.
        recent, too_old, newest = split_by_age(entries, self._window, source.timezone)
        if too_old:
            keys.count(stats, source.id, keys.ENTRIES_TOO_OLD, n=too_old)
        fresh: list[PendingEntry] = []  # not stored yet: pending until fetched
        revisits: list[PendingEntry] = []  # stored, young enough to be fetched again for corrections
        now = datetime.now(UTC)
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
            listed = pending_entry(entry, source.id, state.url, tz=source.timezone, listed_at=now)
            (revisits if self.book.is_stored(entry.url) else fresh).append(listed)
        new = self.book.remember(fresh)
        chosen = self._turn(source, [*fresh, *revisits])
        self.book.fetched(
            state,
            etag=header(response, "ETag"),
            last_modified=header(response, "Last-Modified"),
            body_hash=digest,
            new_entries=new + len(revisits),
            total_entries=len(entries),
            newest_entry_at=newest,
            requested=len(chosen),
        )
        yield from self._page_requests(source, state.url, chosen)

    def _turn(self, source: Source, listed: list[PendingEntry] | None = None) -> list[PendingEntry]:
        """A listing's share of articles to fetch: up to ``AKHBAR_MAX_ENTRIES_PER_FEED`` of ``listed``
        and the source's pending entries, newest first."""
        return self.book.take(
            source.id,
            self.settings.getint("AKHBAR_MAX_ENTRIES_PER_FEED"),
            since=self._window,
            taken=self._requested,
            listed=listed or [],
        )

    def _page_requests(self, source: Source, listing: str, chosen: list[PendingEntry]) -> list[scrapy.Request]:
        """Article requests, asked in the name of ``listing`` (whose validators wait for them)."""
        requests = []
        for pending in chosen:
            self._requested.add(pending.url)
            keys.count(self.crawler.stats, source.id, keys.PAGES_REQUESTED)
            requests.append(
                scrapy.Request(
                    pending.url,
                    callback=self.parse_article,
                    errback=self.page_failed,
                    cb_kwargs={"source": source, "feed_url": pending.feed_url, "entry": pending.entry},
                    meta={"akhbar_source": source.id, LISTING_META: listing},
                )
            )
        return requests

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


def header(response: Response, name: str) -> str | None:
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
