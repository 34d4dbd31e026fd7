"""Finding an outlet's feeds and sitemaps, and writing its entry for the source registry.

Pure helpers for the ``discover`` workflow: read a homepage's feed links and a robots.txt's
``Sitemap:`` lines, list the usual feed and sitemap paths to try, tell a real feed from an HTML page
served at a feed-looking path, and render the ``[[sources]]`` table for ``crawler/data/sources.toml``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urldefrag, urlsplit

import lxml.html
from lxml import etree

from crawler.arabic import clean_line
from crawler.extraction.encoding import decode_html
from crawler.listings.sitemaps import same_site
from crawler.urls import canonicalize, is_http_url, registered_host, resolve

FeedKind = Literal["rss", "atom", "json", "unknown"]

# <link rel="alternate"> types that announce a feed, and the format each one promises.
_FEED_LINK_TYPES: dict[str, FeedKind] = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/feed+json": "json",
    "application/json": "json",
    "text/xml": "unknown",
    "application/xml": "unknown",
}
# WordPress announces its REST API as an application/json alternate of every page; that is no feed.
_NOT_A_FEED_URL_RE = re.compile(r"/wp-json(?:/|$)|[?&]rest_route=", re.IGNORECASE)
# Comment feeds: WordPress's site-wide «/comments/feed/» and «?feed=comments-rss2», Blogger's
# «/feeds/comments/…».
_COMMENTS_URL_RE = re.compile(r"/comments/(?:feed|rss|atom|default)|[?&]feed=comments", re.IGNORECASE)
# …and per-article ones, which only their title gives away («… » Comments Feed», «… » خلاصة التعليقات»).
_COMMENTS_TITLE_RE = re.compile(r"comments|تعليقات", re.IGNORECASE)
# A path or query that names a feed: a «rss»/«feed(s)»/«atom» segment or an «.xml» file.
_FEED_PATH_RE = re.compile(r"(?:^|[/._=&?-])(?:rss|feeds?|atom)(?:[/._=&?-]|$)|\.xml$")
# Footer link texts of a feed: «RSS», «Atom», «Feed», «خدمة RSS», «آر إس إس» (hamza or not).
_FEED_TEXT_RE = re.compile(r"\b(?:rss|atom|feeds?)\b|[آا]ر\s*[إا]س\s*[إا]س", re.IGNORECASE)
# Sitemaps share the «.xml» ending, not the purpose.
_SITEMAP_PATH_RE = re.compile(r"sitemap", re.IGNORECASE)
# ``robots.txt`` key of a sitemap line (matched after lower-casing).
_SITEMAP_KEY = "sitemap"
# Root elements of RSS 0.9x/2.0, Atom, and RSS 1.0 (``rdf:RDF``), by local name.
_FEED_ROOTS = frozenset({"rss", "feed", "RDF"})
# How much of a body ``looks_like_feed`` reads to find the XML root element.
_ROOT_SNIFF_BYTES = 64 * 1024
_JSON_TYPES = ("application/feed+json", "application/json")
_BOM_AND_SPACE = b"\xef\xbb\xbf \t\r\n"
# Characters allowed in a source id (see ``crawler/data/sources.toml``).
_NOT_ID_CHAR_RE = re.compile(r"[^a-z0-9_-]")

#: Paths where outlets commonly serve a feed without announcing it (WordPress, Hugo, Jekyll, Drupal…).
COMMON_FEED_PATHS: tuple[str, ...] = (
    "/rss",
    "/feed",
    "/rss.xml",
    "/feed.xml",
    "/atom.xml",
    "/index.xml",
    "/feeds",
    "/rss/",
    "/feed/",
)
#: Paths where outlets commonly serve a sitemap or sitemap index, the Google News one included.
COMMON_SITEMAP_PATHS: tuple[str, ...] = (
    "/sitemap.xml",
    "/sitemap_index.xml",
    "/news-sitemap.xml",
    "/sitemap-news.xml",
)


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed a page links to: absolute URL, the format it announces, and its title or link text."""

    url: str
    kind: FeedKind
    title: str | None = None


def find_feed_links(html: bytes | str, base_url: str) -> list[FeedLink]:
    """Feeds a page links to, de-duplicated by URL; comment feeds left out.

    First the ``<link rel="alternate">`` feeds in page order (on any host: feeds.example.com and
    FeedBurner are common), then ``<a>`` links on the page's own site whose path or text names a
    feed (footer «RSS» links).
    """
    root = _parse_html(html)
    if root is None:
        return []
    base = _document_base(root, base_url)
    found: dict[str, FeedLink] = {}
    for link in _alternate_feeds(root, base):
        found.setdefault(canonicalize(link.url), link)
    for link in _anchor_feeds(root, base):
        found.setdefault(canonicalize(link.url), link)
    return list(found.values())


def candidate_feed_urls(homepage: str) -> list[str]:
    """``COMMON_FEED_PATHS`` on the homepage's origin, to probe when the page announces no feed."""
    origin = _origin(homepage)
    return [origin + path for path in COMMON_FEED_PATHS]


def candidate_sitemap_urls(homepage: str) -> list[str]:
    """``COMMON_SITEMAP_PATHS`` on the homepage's origin, to probe when robots.txt names none."""
    origin = _origin(homepage)
    return [origin + path for path in COMMON_SITEMAP_PATHS]


def sitemaps_from_robots(text: str, base_url: str) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt, resolved against ``base_url``, http(s) only, once each.

    The key is read case-insensitively on any line, inside or outside user-agent groups; ``#``
    comments are ignored.
    """
    found: dict[str, str] = {}
    for raw_line in text.lstrip("\ufeff").splitlines():
        key, sep, value = raw_line.split("#", 1)[0].partition(":")
        if not sep or key.strip().lower() != _SITEMAP_KEY:
            continue
        url = resolve(value, base_url)
        if url is not None:
            found.setdefault(canonicalize(url), url)
    return list(found.values())


def looks_like_feed(body: bytes, content_type: str | None) -> bool:
    """Cheap check that a fetched body is a feed: an RSS/Atom/RDF root element, or a JSON Feed.

    Meant to confirm a ``COMMON_FEED_PATHS`` probe, where servers often answer with their homepage
    or a «not found» page. Only the first 64 KiB of an XML body are read.
    """
    head = body.lstrip(_BOM_AND_SPACE)
    if not head:
        return False
    ctype = (content_type or "").split(";")[0].strip().lower()
    if head.startswith(b"{") or ctype in _JSON_TYPES:
        return _is_json_feed(head)
    return _xml_root_name(head[:_ROOT_SNIFF_BYTES]) in _FEED_ROOTS


def suggest_source_id(homepage: str) -> str:
    """A registry id from the homepage's host: ``https://www.alquds.co.uk/`` gives ``alquds``.

    Internationalised host names give their ASCII (``xn--``) form. Raises ``ValueError`` when the URL
    is not http(s) or its host yields no usable characters.
    """
    if not is_http_url(homepage):
        raise ValueError(f"not an http(s) URL: {homepage!r}")
    label = _ascii_host(registered_host(homepage)).split(".")[0]
    source_id = _NOT_ID_CHAR_RE.sub("", label.lower())
    if not source_id:
        raise ValueError(f"cannot derive a source id from {homepage!r}")
    return source_id


def source_entry_toml(
    *,
    id: str,
    name: str,
    name_ar: str,
    homepage: str,
    feeds: Sequence[str],
    sitemaps: Sequence[str],
    country: str,
    language: str,
) -> str:
    """A ``[[sources]]`` table for ``sources.toml``, one key a line; ``sitemaps`` left out when empty.

    Strings are written as JSON strings, which are valid TOML basic strings (Arabic kept as is).
    """
    lines = [
        "[[sources]]",
        f"id = {_toml_string(id)}",
        f"name = {_toml_string(name)}",
        f"name_ar = {_toml_string(name_ar)}",
        f"homepage = {_toml_string(homepage)}",
        f"feeds = {_toml_array(feeds)}",
    ]
    if sitemaps:
        lines.append(f"sitemaps = {_toml_array(sitemaps)}")
    lines += [f"country = {_toml_string(country)}", f"language = {_toml_string(language)}"]
    return "\n".join(lines) + "\n"


def _parse_html(html: bytes | str) -> lxml.html.HtmlElement | None:
    text = decode_html(html)[0] if isinstance(html, bytes) else html
    # Parsed as UTF-8 bytes: lxml refuses a str that starts with an XML encoding declaration.
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except etree.ParserError:
        return None  # an empty or whitespace-only page


def _document_base(root: lxml.html.HtmlElement, page_url: str) -> str:
    """The page's ``<base href>`` when it gives an http(s) URL, else the page URL."""
    for base in root.iter("base"):
        href = base.get("href")
        if href:
            return resolve(href, page_url) or page_url
    return page_url


def _alternate_feeds(root: lxml.html.HtmlElement, base: str) -> Iterable[FeedLink]:
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = _FEED_LINK_TYPES.get((link.get("type") or "").split(";")[0].strip().lower())
        url = _link_url(link.get("href"), base)
        if "alternate" not in rel or kind is None or url is None or _NOT_A_FEED_URL_RE.search(url):
            continue
        title = clean_line(link.get("title") or "") or None
        if _is_comments_feed(url, title):
            continue
        yield FeedLink(url, kind, title)


def _anchor_feeds(root: lxml.html.HtmlElement, base: str) -> Iterable[FeedLink]:
    for anchor in root.iter("a"):
        url = _link_url(anchor.get("href"), base)
        if url is None or not same_site(url, base):
            continue
        text = clean_line(anchor.text_content())
        label = f"{text} {anchor.get('title') or ''}"
        parts = urlsplit(url)
        where = unquote(parts.path + (f"?{parts.query}" if parts.query else "")).lower()
        if _SITEMAP_PATH_RE.search(where) or not (_FEED_PATH_RE.search(where) or _FEED_TEXT_RE.search(label)):
            continue
        title = text or clean_line(anchor.get("title") or "") or None
        if _is_comments_feed(url, title):
            continue
        yield FeedLink(url, _kind_from_path(where), title)


def _link_url(href: str | None, base: str) -> str | None:
    """``href`` made absolute, without its fragment; None unless http(s)."""
    url = resolve(href, base) if href else None
    return urldefrag(url).url if url else None


def _is_comments_feed(url: str, title: str | None) -> bool:
    return bool(_COMMENTS_URL_RE.search(url) or (title and _COMMENTS_TITLE_RE.search(title)))


def _kind_from_path(path: str) -> FeedKind:
    """The format a feed URL's (lower-cased) path names, if any."""
    if "atom" in path:
        return "atom"
    if "json" in path:
        return "json"
    if "rss" in path:
        return "rss"
    return "unknown"


def _origin(homepage: str) -> str:
    if not is_http_url(homepage):
        raise ValueError(f"not an http(s) URL: {homepage!r}")
    parts = urlsplit(canonicalize(homepage))
    return f"{parts.scheme}://{parts.netloc}"


def _ascii_host(host: str) -> str:
    """``host`` in its ASCII (punycode) form; as it is when IDNA cannot encode it."""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _is_json_feed(body: bytes) -> bool:
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(doc, dict) and "jsonfeed.org" in str(doc.get("version", ""))


def _xml_root_name(head: bytes) -> str | None:
    """Local name of the first element of ``head``, read with the same no-entities, no-DTD, no-network
    settings as sitemaps; None when there is none."""
    parser = etree.XMLPullParser(
        events=("start",), resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, recover=True
    )
    try:
        parser.feed(head)
        for _event, element in parser.read_events():
            return str(element.tag).rpartition("}")[2]
    except etree.XMLSyntaxError:
        return None
    return None


def _toml_string(value: str) -> str:
    # JSON escapes every control character TOML forbids but DEL, which TOML forbids too.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_array(values: Sequence[str]) -> str:
    return "[" + ", ".join(_toml_string(value) for value in values) + "]"
