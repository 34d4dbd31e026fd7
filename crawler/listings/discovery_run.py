"""``akhbar sources discover URL``: fetch a homepage, find its feeds and sitemaps, write its entry.

The page's announced and linked feeds come first; without any, the usual feed paths are tried with
real requests and kept only when they serve a feed. Sitemaps come from robots.txt, else from the
usual sitemap paths, kept only when they parse as sitemaps. Fetching is a parameter so that the
workflow runs the same against any server.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html
from lxml.etree import ParserError

from crawler import __version__
from crawler.arabic import arabic_letter_ratio, clean_line
from crawler.extraction.encoding import decode_html
from crawler.listings.discover import (
    candidate_feed_urls,
    candidate_sitemap_urls,
    find_feed_links,
    looks_like_feed,
    sitemaps_from_robots,
    source_entry_toml,
    suggest_source_id,
)
from crawler.listings.sitemaps import SitemapError, parse_sitemap


@dataclass(frozen=True, slots=True)
class Fetched:
    """One HTTP answer: final URL, status, Content-Type and body (empty on failure)."""

    url: str
    status: int
    content_type: str | None
    body: bytes


Fetch = Callable[[str], Fetched]
# Feeds and sitemaps kept per outlet: the first ones found are the main ones.
MAX_FOUND = 5


@dataclass(frozen=True, slots=True)
class Discovered:
    homepage: str
    feeds: tuple[str, ...]
    sitemaps: tuple[str, ...]
    site_name: str | None

    def entry(self, *, country: str, language: str) -> str:
        """The ready ``[[sources]]`` table (names guessed from the page; edit before use)."""
        source_id = suggest_source_id(self.homepage)
        name = self.site_name or source_id
        latin = name if arabic_letter_ratio(name) < 0.5 else source_id.replace("-", " ").title()
        return source_entry_toml(
            id=source_id,
            name=latin,
            name_ar=name,
            homepage=self.homepage,
            feeds=self.feeds,
            sitemaps=self.sitemaps,
            country=country,
            language=language,
        )


def fetch_url(url: str, timeout: float = 20.0) -> Fetched:
    """A plain GET with Akhbar's User-Agent; HTTP errors and network failures give status 0 or the code."""
    request = urllib.request.Request(url, headers={"User-Agent": f"Akhbar/{__version__} (feed discovery)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Fetched(response.geturl(), response.status, response.headers.get("Content-Type"), response.read())
    except urllib.error.HTTPError as exc:
        return Fetched(url, exc.code, None, b"")
    except (OSError, ValueError):
        return Fetched(url, 0, None, b"")


def discover(homepage: str, fetch: Fetch = fetch_url) -> Discovered:
    """Feeds and sitemaps of the site at ``homepage``; raises ``ValueError`` when it cannot be read."""
    page = fetch(homepage)
    if page.status != 200 or not page.body:
        reason = f"HTTP {page.status}" if page.status else "no answer"
        raise ValueError(f"cannot read {homepage}: {reason}")
    feeds = [link.url for link in find_feed_links(page.body, page.url)]
    if not feeds:
        feeds = [url for url in candidate_feed_urls(page.url) if _serves_feed(fetch(url))]
    robots = fetch(urljoin(page.url, "/robots.txt"))
    sitemaps = sitemaps_from_robots(robots.body.decode("utf-8", "replace"), robots.url) if robots.status == 200 else []
    if not sitemaps:
        sitemaps = [url for url in candidate_sitemap_urls(page.url) if _serves_sitemap(fetch(url))]
    return Discovered(page.url, _unique(feeds), _unique(sitemaps), _site_name(page.body))


def _serves_feed(answer: Fetched) -> bool:
    return answer.status == 200 and looks_like_feed(answer.body, answer.content_type)


def _serves_sitemap(answer: Fetched) -> bool:
    if answer.status != 200:
        return False
    try:
        parse_sitemap(answer.body, answer.url)
    except SitemapError:
        return False
    return True


def _unique(urls: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(urls))[:MAX_FOUND]


def _site_name(body: bytes) -> str | None:
    """``og:site_name``, else the page title (a homepage's title is mostly the outlet's name)."""
    text, _ = decode_html(body)
    try:
        tree = lxml.html.document_fromstring(text)
    except (ParserError, ValueError):
        return None
    for value in tree.xpath("//meta[@property='og:site_name']/@content | //title/text()"):
        name = clean_line(str(value))
        if name:
            return name
    return None
