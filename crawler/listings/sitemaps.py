"""Sitemaps as article sources: ``<urlset>`` pages, ``<sitemapindex>`` indexes and Google News fields.

Scrapy's ``SitemapSpider`` keeps only ``<loc>``; news sitemaps also carry the headline, publication
date, language and outlet name, which ``parse_sitemap`` keeps beside each URL. Gzipped sitemaps are
inflated with a cap on their size, and the XML is parsed without expanding entities or reading DTDs,
files or the network, so a hostile sitemap can neither blow up memory nor leak local files.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Literal

from lxml import etree

from crawler.arabic import clean_line
from crawler.urls import canonicalize, registered_host, resolve

# The two bytes every gzip member starts with (RFC 1952).
_GZIP_MAGIC = b"\x1f\x8b"
# zlib window bits that read a gzip header and trailer rather than a bare zlib stream.
_GZIP_WBITS = 16 + zlib.MAX_WBITS
# The sitemaps.org limit for one uncompressed sitemap.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# libxml2 errors that stop a parse for safety: entity amplification ("billion laughs"), text nodes
# over 10 MB, nesting over 256 levels, entity loops.
_LIMIT_ERRORS = frozenset({etree.ErrorTypes.ERR_RESOURCE_LIMIT, etree.ErrorTypes.ERR_ENTITY_LOOP})
# How far into a body that did not parse to look for the signs of an HTML page.
_HTML_SNIFF_BYTES = 1024


class SitemapError(ValueError):
    """The document is not a sitemap we can read (empty, HTML, other XML, broken or oversized gzip)."""


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """One ``<url>`` of a urlset: an absolute, canonical article URL and what the sitemap says of it.

    Values are as the sitemap writes them, stripped: ``lastmod`` and ``news_publication_date`` are
    W3C datetimes in principle (``2026-11-17T18:45:00+03:00``) but any text in practice.
    """

    url: str
    lastmod: str | None = None
    news_title: str | None = None  # <news:title>
    news_publication_date: str | None = None  # <news:publication_date>
    news_language: str | None = None  # <news:publication><news:language>, ISO 639 ("ar")
    publication_name: str | None = None  # <news:publication><news:name>


@dataclass(frozen=True, slots=True)
class Sitemap:
    """A parsed sitemap: article entries of a urlset, or the child sitemap URLs of an index."""

    kind: Literal["urlset", "index"]
    entries: tuple[SitemapEntry, ...] = ()
    sitemaps: tuple[str, ...] = ()  # child sitemap URLs of an index
    # The same children with the index's <lastmod> of each (``url`` and ``lastmod`` only), in order.
    children: tuple[SitemapEntry, ...] = ()
    skipped: int = 0  # <loc>s that were empty, not http(s) or off-site


def same_site(url: str, other: str) -> bool:
    """True when both URLs are on one site: same host without ``www.``/``m.``/``amp.``, or one host a
    subdomain of the other (``cdn.example.com`` serving ``www.example.com``'s sitemaps)."""
    host, other_host = registered_host(url), registered_host(other)
    if not host or not other_host:
        return False
    return host == other_host or host.endswith(f".{other_host}") or other_host.endswith(f".{host}")


def parse_sitemap(body: bytes, url: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Sitemap:
    """Parse a sitemap fetched from ``url``, gzipped or not; raise ``SitemapError`` if it is not one.

    ``<loc>``s are resolved against ``url`` and canonicalised; those that are not http(s) or not on
    ``url``'s site are counted in ``skipped``; repeated URLs are kept once, the first occurrence.
    """
    if body.startswith(_GZIP_MAGIC):
        body = _gunzip(body, url, max_bytes)
    elif len(body) > max_bytes:
        raise SitemapError(f"{url} is larger than {max_bytes} bytes")
    if not body.strip():
        raise SitemapError(f"{url} is empty")
    root = _parse_xml(body, url)
    if root is None:
        head = body[:_HTML_SNIFF_BYTES].lower()
        found = "root <html>" if b"<html" in head else "no XML root element"
        raise SitemapError(f"{url} is not a sitemap ({found})")
    name = _local_name(root)
    if name == "urlset":
        entries, skipped = _read_urlset(root, url)
        return Sitemap(kind="urlset", entries=entries, skipped=skipped)
    if name == "sitemapindex":
        children, skipped = _read_index(root, url)
        return Sitemap(kind="index", sitemaps=tuple(c.url for c in children), children=children, skipped=skipped)
    raise SitemapError(f"{url} is not a sitemap (root <{name}>)")


def sitemap_entry_date(entry: SitemapEntry) -> str | None:
    """The entry's publication date as the sitemap gives it: the news date, else ``lastmod``."""
    return entry.news_publication_date or entry.lastmod


def _gunzip(body: bytes, url: str, max_bytes: int) -> bytes:
    """Inflate gzip ``body`` (every member), never holding more than ``max_bytes`` + 1 bytes of output."""
    out = bytearray()
    pending = body
    try:
        while pending:
            inflater = zlib.decompressobj(_GZIP_WBITS)
            while not inflater.eof:
                chunk = inflater.decompress(pending, max_bytes - len(out) + 1)
                pending = inflater.unconsumed_tail
                if not chunk and not pending and not inflater.eof:
                    raise SitemapError(f"{url}: gzip data is truncated")
                out += chunk
                if len(out) > max_bytes:
                    raise SitemapError(f"{url} inflates to more than {max_bytes} bytes")
            # A further member follows (``cat a.gz b.gz``); anything else (zero padding) is ignored.
            rest = inflater.unused_data
            pending = rest if rest.startswith(_GZIP_MAGIC) else b""
    except zlib.error as exc:
        raise SitemapError(f"{url}: broken gzip data ({exc})") from exc
    return bytes(out)


def _parse_xml(body: bytes, url: str) -> etree._Element | None:
    """The root element, or None when there is none.

    No entity is expanded and no DTD, file or URL is loaded; broken XML is read as far as it goes
    (sitemaps with a stray ``&`` are common), except past libxml2's safety limits, which end the
    parse: that raises ``SitemapError`` rather than returning a silently truncated sitemap.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, recover=True)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        root = None
    for error in parser.error_log:
        if error.type in _LIMIT_ERRORS:
            raise SitemapError(f"{url}: the XML exceeds the parser's safety limits ({error.message})")
    return root


def _read_urlset(root: etree._Element, url: str) -> tuple[tuple[SitemapEntry, ...], int]:
    entries: dict[str, SitemapEntry] = {}
    skipped = 0
    for node in _children(root, "url"):
        fields = _fields(node)
        loc = _absolute(fields.get("loc"), url)
        if loc is None:
            skipped += 1
            continue
        news = _fields(fields["news"]) if "news" in fields else {}
        publication = _fields(news["publication"]) if "publication" in news else {}
        entries.setdefault(
            loc,
            SitemapEntry(
                url=loc,
                lastmod=_text(fields.get("lastmod")),
                news_title=_line(news.get("title")),
                news_publication_date=_text(news.get("publication_date")),
                news_language=_text(publication.get("language")),
                publication_name=_line(publication.get("name")),
            ),
        )
    return tuple(entries.values()), skipped


def _read_index(root: etree._Element, url: str) -> tuple[tuple[SitemapEntry, ...], int]:
    sitemaps: dict[str, SitemapEntry] = {}
    skipped = 0
    for node in _children(root, "sitemap"):
        fields = _fields(node)
        loc = _absolute(fields.get("loc"), url)
        if loc is None:
            skipped += 1
        else:
            sitemaps.setdefault(loc, SitemapEntry(url=loc, lastmod=_text(fields.get("lastmod"))))
    return tuple(sitemaps.values()), skipped


def _absolute(loc: etree._Element | None, url: str) -> str | None:
    """The canonical absolute URL of a ``<loc>``, or None when it is empty, not http(s) or off-site."""
    text = _text(loc)
    absolute = resolve(text, url) if text else None
    if absolute is None or not same_site(absolute, url):
        return None
    return canonicalize(absolute)


def _local_name(element: etree._Element) -> str:
    """The tag without its namespace: ``{http://www.sitemaps.org/…}url`` and ``url`` are both ``url``,
    and so is ``news:title`` for ``title`` when a generator forgot to declare the ``news`` prefix."""
    return str(element.tag).rpartition("}")[2].rpartition(":")[2]


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    """Child elements called ``name`` in any namespace (comments, PIs and entity references skipped)."""
    return [child for child in element if isinstance(child.tag, str) and _local_name(child) == name]


def _fields(element: etree._Element) -> dict[str, etree._Element]:
    """Child elements by local name, the first of each name winning."""
    fields: dict[str, etree._Element] = {}
    for child in element:
        if isinstance(child.tag, str):
            fields.setdefault(_local_name(child), child)
    return fields


def _text(element: etree._Element | None) -> str | None:
    """The element's own character data, stripped; None when empty.

    Only text nodes count: an unexpanded entity reference (``&xxe;``) contributes nothing.
    """
    if element is None:
        return None
    text = (element.text or "") + "".join(child.tail or "" for child in element)
    return text.strip() or None


def _line(element: etree._Element | None) -> str | None:
    text = _text(element)
    return (clean_line(text) or None) if text else None
