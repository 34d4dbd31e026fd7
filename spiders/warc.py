"""Downloader middleware: every HTTP exchange of the crawl into the WARC archive (``crawler/archive/``).

Placed next to the downloader (``DOWNLOADER_MIDDLEWARES`` 950), so it sees every response as received,
before Scrapy decompresses it (590), follows a redirect (600) or retries (550): robots.txt, feeds,
sitemaps, pages, redirects and error pages alike. Records are written by a thread of their own. Once
the store has an article's id (the ``item_scraped`` signal), a metadata record links the response to
it. Off when ``AKHBAR_WARC_DIR`` is empty.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from importlib.metadata import version
from typing import Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.http.headers import Headers
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from crawler import __version__
from crawler import stats as keys
from crawler.archive.background import BackgroundArchive
from crawler.archive.naming import warc_dir
from crawler.archive.records import Exchange
from crawler.archive.writer import ArchiveOptions, ArchiveWriter
from crawler.items import Article

logger = logging.getLogger(__name__)

_CLOSE_TIMEOUT = 120.0
_WARC_SPEC = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"


class WarcMiddleware:
    def __init__(self, crawler: Crawler, archive: BackgroundArchive) -> None:
        self.crawler = crawler
        self.archive = archive
        self.directory = archive.writer.options.directory

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        directory = warc_dir(settings.get("AKHBAR_STORE_URI"), settings.get("AKHBAR_WARC_DIR"))
        if directory is None:
            raise NotConfigured("AKHBAR_WARC_DIR is empty: no WARC archive")
        options = ArchiveOptions(directory, max_size=settings.getint("AKHBAR_WARC_MAX_SIZE"), info=_info(settings))
        middleware = cls(crawler, BackgroundArchive(ArchiveWriter(options)))
        for name in middleware.archive.counts.recovered:
            logger.warning("WARC file %s left open by an earlier crawl was recovered (its whole records kept)", name)
        crawler.signals.connect(middleware.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        assert crawler.stats is not None
        crawler.stats.set_value(keys.total_key(keys.WARC_DIR), str(directory))
        return middleware

    def process_response(self, request: Request, response: Response) -> Response:
        if "cached" in response.flags:  # Scrapy's HTTP cache (dev profile): not fetched now
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(keys.total_key(keys.WARC_CACHED))
            return response
        self.archive.exchange(
            Exchange(
                url=response.url,
                method=request.method,
                request_headers=_pairs(request.headers),
                status=response.status,
                response_headers=_pairs(response.headers),
                body=response.body,
                at=datetime.now(UTC),
                request_body=request.body,
                protocol=response.protocol or "HTTP/1.1",
                ip_address=str(response.ip_address) if response.ip_address else None,
            )
        )
        self._publish()
        return response

    def item_scraped(self, item: object) -> None:
        if not isinstance(item, Article) or item.id is None:
            return
        fields = [("akhbar-article-id", str(item.id))]
        if item.source_id:
            fields.append(("akhbar-source-id", item.source_id))
        if item.canonical_url:
            fields.append(("akhbar-canonical-url", item.canonical_url))
        if item.duplicate_of is not None:
            fields.append(("akhbar-duplicate-of", str(item.duplicate_of)))
        self.archive.metadata(item.raw.url if item.raw is not None else item.url, fields)

    async def spider_closed(self) -> None:
        """Write what is queued and close the file (in a thread: the last pages' stores go on meanwhile)."""
        await maybe_deferred_to_future(deferToThread(self.archive.close, _CLOSE_TIMEOUT))
        self._publish()

    def _publish(self) -> None:
        stats = self.crawler.stats
        assert stats is not None
        counts = self.archive.counts
        for key, value in (
            (keys.WARC_RECORDS, counts.records),
            (keys.WARC_BYTES, counts.bytes),
            (keys.WARC_RESPONSES, counts.responses),
            (keys.WARC_REVISITS, counts.revisits),
            (keys.WARC_METADATA, counts.metadata),
            (keys.WARC_FAILED, counts.failed),
            (keys.WARC_UNLINKED, counts.unlinked),
        ):
            stats.set_value(keys.total_key(key), value)
        stats.set_value(keys.total_key(keys.WARC_FILES), list(counts.files))
        if counts.last_error:
            stats.set_value(keys.total_key(keys.WARC_LAST_ERROR), counts.last_error)


def _pairs(headers: Headers) -> list[tuple[str, str]]:
    """Header lines in order, one per value, bytes kept (latin-1)."""
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, values in headers.items() for value in values]


def _info(settings: BaseSettings) -> dict[str, str]:
    """The warcinfo fields of each file."""
    return {
        "software": f"Akhbar/{__version__} (Scrapy; warcio {version('warcio')})",
        "format": "WARC File Format 1.1",
        "conformsTo": _WARC_SPEC,
        "http-header-user-agent": settings.get("USER_AGENT") or "",
        "operator": settings.get("AKHBAR_CONTACT_URL") or "",
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "description": "Arabic news outlets' feeds, sitemaps and article pages, as fetched by Akhbar",
    }
