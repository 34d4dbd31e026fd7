"""Feeds: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed through ``json``.

``parse_feed`` turns a fetched document into entries whose links are absolute and canonical, and keeps
what the entry says about the article (title, date, summary, authors, categories) so extraction can
fill the gaps the page leaves.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from xml.sax import SAXException

import feedparser
import lxml.html
from lxml.etree import ParserError

from crawler.arabic import clean_line, clean_text
from crawler.urls import canonicalize, resolve

# Content types that announce a JSON Feed (spec: application/feed+json; many servers send plain json).
_JSON_TYPES = ("application/feed+json", "application/json")
_BLOCK_TAGS = ("p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr")
# feedparser's version string for documents it could not recognise as any feed format.
_UNKNOWN_VERSION = ""


class FeedError(ValueError):
    """The document is not a feed we can read (empty, HTML, unparseable)."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One feed item: an article link and what the feed says about it."""

    url: str
    title: str | None = None
    summary: str | None = None
    published_raw: str | None = None
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed feed. ``malformed`` is set when the XML was broken but items could still be read."""

    format: str
    title: str | None
    entries: tuple[FeedEntry, ...]
    malformed: bool = False
    malformed_reason: str | None = None
    skipped: int = 0  # entries dropped for lacking a usable http(s) link


def parse_feed(body: bytes, url: str, *, content_type: str | None = None) -> ParsedFeed:
    """Parse a feed fetched from ``url``; raise ``FeedError`` when the body is not a feed."""
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise FeedError("empty body")
    ctype = (content_type or "").split(";")[0].strip().lower()
    if stripped.startswith(b"{") or ctype in _JSON_TYPES:
        return _parse_json_feed(stripped, url)
    return _parse_xml_feed(stripped, url, ctype)


def _parse_xml_feed(body: bytes, url: str, ctype: str) -> ParsedFeed:
    # Without a content type feedparser flags every document; XML is what a feed URL promises.
    headers = {"content-location": url, "content-type": ctype or "application/xml"}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=True)
    version = parsed.get("version", _UNKNOWN_VERSION)
    if version == _UNKNOWN_VERSION and not parsed.entries:
        head = body[:512].lower()
        if b"<html" in head or b"<!doctype html" in head:
            raise FeedError("not a feed: the server sent an HTML page")
        reason = parsed.get("bozo_exception")
        raise FeedError(f"not a feed: {reason}" if reason else "not a feed: no RSS/Atom root element")
    entries, skipped = _collect(
        (
            _entry_link(e),
            e.get("title"),
            e.get("summary"),
            e.get("published") or e.get("updated"),
            _names(e.get("authors") or ([{"name": e["author"]}] if e.get("author") else [])),
            [t.get("term") or t.get("label") or "" for t in e.get("tags", [])],
        )
        for e in parsed.entries
    )
    # Only broken XML counts as malformed; charset disagreements are decoding notes, not damage.
    bozo = isinstance(parsed.get("bozo_exception"), SAXException)
    resolved, dropped = _resolve_all(entries, url)
    return ParsedFeed(
        format=version or "unknown",
        title=_line(parsed.feed.get("title")),
        entries=resolved,
        malformed=bozo,
        malformed_reason=str(parsed.get("bozo_exception")) if bozo else None,
        skipped=skipped + dropped,
    )


def _parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedError(f"not a feed: invalid JSON ({exc})") from exc
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith("https://jsonfeed.org/"):
        raise FeedError("not a feed: JSON without a jsonfeed.org version")
    items = doc.get("items")
    if not isinstance(items, list):
        raise FeedError("not a feed: JSON Feed without an items list")
    feed_authors = _names(doc.get("authors") or ([doc["author"]] if isinstance(doc.get("author"), dict) else []))
    entries, skipped = _collect(
        (
            str(item.get("url") or item.get("external_url") or ""),
            item.get("title"),
            item.get("summary") or item.get("content_text") or item.get("content_html"),
            item.get("date_published") or item.get("date_modified"),
            _names(item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else []))
            or feed_authors,
            [str(t) for t in item.get("tags", []) if isinstance(t, str)],
        )
        for item in items
        if isinstance(item, dict)
    )
    base = str(doc.get("home_page_url") or url)
    version = str(doc["version"]).rstrip("/").rsplit("/", 1)[-1]
    resolved, dropped = _resolve_all(entries, url, fallback_base=base)
    return ParsedFeed(
        format=f"json{version}",
        title=_line(doc.get("title")),
        entries=resolved,
        skipped=skipped + dropped,
    )


def _collect(
    raw_entries: Iterable[tuple[str, Any, Any, Any, tuple[str, ...], list[str]]],
) -> tuple[list[FeedEntry], int]:
    entries: list[FeedEntry] = []
    skipped = 0
    for link, title, summary, published, authors, tags in raw_entries:
        if not link.strip():
            skipped += 1
            continue
        entries.append(
            FeedEntry(
                url=link.strip(),
                title=_line(title),
                summary=_html_to_text(summary),
                published_raw=_line(published),
                authors=authors,
                tags=tuple(dict.fromkeys(clean_line(t) for t in tags if t and t.strip())),
            )
        )
    return entries, skipped


def _resolve_all(
    entries: list[FeedEntry], url: str, fallback_base: str | None = None
) -> tuple[tuple[FeedEntry, ...], int]:
    """Make links absolute and canonical; drop (and count) non-http links; first occurrence wins."""
    seen: set[str] = set()
    out: list[FeedEntry] = []
    dropped = 0
    for entry in entries:
        absolute = resolve(entry.url, url) or (resolve(entry.url, fallback_base) if fallback_base else None)
        if absolute is None:
            dropped += 1
            continue
        canonical = canonicalize(absolute)
        if canonical in seen:
            continue
        seen.add(canonical)
        out.append(FeedEntry(canonical, entry.title, entry.summary, entry.published_raw, entry.authors, entry.tags))
    return tuple(out), dropped


def _entry_link(entry: Mapping[str, Any]) -> str:
    link = entry.get("link")
    if link:
        return str(link)
    for candidate in entry.get("links", []):
        if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
            return str(candidate["href"])
    guid = entry.get("id") or ""
    return str(guid) if entry.get("guidislink") else ""


def _names(people: Iterable[Any]) -> tuple[str, ...]:
    names = []
    for person in people:
        name = person.get("name") if isinstance(person, Mapping) else person
        if isinstance(name, str) and name.strip():
            names.append(clean_line(name))
    return tuple(dict.fromkeys(names))


def _line(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = clean_line(value)
    return text or None


def _html_to_text(value: Any) -> str | None:
    """Feed summaries are HTML fragments; keep their text only."""
    if not isinstance(value, str) or not value.strip():
        return None
    if "<" not in value:
        return clean_text(value) or None
    try:
        root = lxml.html.fromstring(f"<div>{value}</div>")
    except (ParserError, ValueError):
        return None
    # Block boundaries become paragraph breaks so «…جديدة.</p><p>وتبدأ…» is not glued together.
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n\n" + (el.tail or "")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return clean_text(root.text_content()) or None
