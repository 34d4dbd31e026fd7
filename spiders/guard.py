"""Downloader middleware: refuse requests to non-web schemes and to private or reserved addresses.

Every request passes here, redirects and robots.txt included, before anything is sent. URLs are
checked as written (``crawler.net.guard.refusal``); a host name not listed by the operator is then
resolved through the crawl's DNS cache and refused when it points at a blocked address.
"""

from __future__ import annotations

import logging
from typing import Self
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.error import DNSLookupError

from crawler import stats as keys
from crawler.net.guard import is_blocked_address, is_ip_literal, refusal

logger = logging.getLogger(__name__)


class BlockedRequest(IgnoreRequest):
    """A request Akhbar must not make; ``reason`` is ``bad_scheme`` or ``blocked_address``."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class NetworkGuardMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._allowed: frozenset[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def allowed_hosts(self) -> frozenset[str]:
        """Hosts of the sources crawled in this run: the operator wrote them, so they may be private."""
        if self._allowed is None:
            hosts = getattr(self.crawler.spider, "operator_hosts", None)
            self._allowed = hosts if isinstance(hosts, frozenset) else frozenset()
        return self._allowed

    async def process_request(self, request: Request) -> None:
        reason = refusal(request.url, self.allowed_hosts)
        host = (urlsplit(request.url).hostname or "").lower()
        unlisted_name = host not in self.allowed_hosts and not is_ip_literal(host)
        if reason is None and unlisted_name and await self._resolves_to_blocked(host):
            reason = "blocked_address"
        if reason is not None:
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value(keys.reason_key("blocked", reason))
            message = f"refused {request.url}: " + (
                "not an http(s) URL" if reason == "bad_scheme" else "private or reserved network address"
            )
            logger.warning("%s", message)
            raise BlockedRequest(reason, message)

    async def _resolves_to_blocked(self, host: str) -> bool:
        from twisted.internet import reactor  # imported late: importing it installs one (Scrapy picks which)

        try:
            address = await maybe_deferred_to_future(reactor.resolve(host))  # type: ignore[attr-defined]
        except DNSLookupError:
            return False  # the download reports the DNS failure itself
        return is_blocked_address(str(address))
