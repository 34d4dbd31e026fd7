"""Feeds: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed through ``json``.

``parse_feed`` turns a fetched document into entries whose links are absolute and canonical, and keeps
what the entry says about the article (title, date, summary, authors, categories) so extraction can
fill the gaps the page leaves.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from xml.sax import SAXException

import feedparser
import lxml.html
from lxml import etree
from lxml.etree import ParserError
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

from crawler.arabic import clean_line, clean_text
from crawler.extraction.encoding import decode_page
from crawler.items import FeedEntry
from crawler.urls import canonicalize, resolve

# Content types that announce a JSON Feed (spec: application/feed+json; many servers send plain json).
_JSON_TYPES = ("application/feed+json", "application/json")
_BLOCK_TAGS = ("p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr")
# feedparser's version string for documents it could not recognise as any feed format.
_UNKNOWN_VERSION = ""
# The charset name w3lib gives UTF-8 however it is spelled; feeds declaring it (or nothing) are
# checked against their bytes.
_UTF8 = "utf-8"
# XML read by lxml as sitemaps are: no entity expanded, no DTD, file or URL loaded.
_SAFE_XML = {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False, "recover": True}
# Bytes fed at a time while looking for the root element (the DTD, if any, comes before it).
_PROBE_CHUNK = 64 * 1024
_OWN_ENTITIES = "the feed declares XML entities of its own (not expanded)"
# libxml2's safety limits (entity amplification, entity loops): past them the document is refused.
_LIMIT_ERRORS = frozenset({etree.ErrorTypes.ERR_RESOURCE_LIMIT, etree.ErrorTypes.ERR_ENTITY_LOOP})


class FeedError(ValueError):
    """The document is not a feed we can read (empty, HTML, unparseable)."""


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
    return _parse_xml_feed(_as_utf8(stripped, content_type), url, ctype)


# The encoding pseudo-attribute of an XML declaration at the very start of a document.
_XML_DECL_ENCODING_RE = re.compile(rb"""^(<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")


def _as_utf8(body: bytes, content_type: str | None) -> bytes:
    """``body`` in UTF-8 when it says it is UTF-8 (or says nothing, XML's default) but is not.

    Feeds written from a legacy windows-1256 database under a UTF-8 declaration are common;
    feedparser would read them as windows-1252 and store «ÔÄæä» for «شؤون». Such bytes are decoded
    by the charset that reads as Arabic (``crawler.extraction.encoding``, as for pages) and re-encoded. A feed
    declaring another charset is left to feedparser.
    """
    declared = {e for e in (http_content_type_encoding(content_type), html_body_declared_encoding(body)) if e}
    if declared - {_UTF8}:
        if not body.isascii() and _is_utf8(body):
            # The reverse mislabel: UTF-8 bytes under a legacy declaration. Non-ASCII Arabic text in
            # windows-1256 is practically never valid UTF-8, so the bytes are right and the prolog
            # wrong; only the XML declaration's encoding is rewritten (feedparser gets no header charset).
            return _XML_DECL_ENCODING_RE.sub(rb"\1\2utf-8\2", body, count=1)
        return body
    if _is_utf8(body):
        return body
    return decode_page(body, content_type).text.encode(_UTF8)


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode(_UTF8)
    except UnicodeDecodeError:
        return False
    return True


def _declares_entities(body: bytes) -> bool:
    """Whether the document's DTD (read up to the root element, nothing loaded) declares entities."""
    probe = etree.XMLPullParser(events=("start",), **_SAFE_XML)
    try:
        for offset in range(0, len(body), _PROBE_CHUNK):
            probe.feed(body[offset : offset + _PROBE_CHUNK])
            for _event, element in probe.read_events():
                dtd = element.getroottree().docinfo.internalDTD
                return dtd is not None and any(True for _ in dtd.iterentities())
    except etree.XMLSyntaxError:
        return False
    return False


def _without_own_entities(body: bytes) -> bytes:
    """The document without its DTD and without references to the entities that declared.

    Feeds have no use for entities of their own, and they are the stuff of attacks: «billion laughs»
    expansion (expat stops it only after megabytes of text, seconds of CPU in the crawl's reactor
    thread) and external entities naming local files (XXE). lxml reads the document without
    expanding or loading anything; the entity references are dropped, their surrounding text kept.
    A document that trips libxml2's limits even so (it counts the amplification of references it
    does not expand) is refused with ``FeedError``: it would be read only up to the first reference.
    """
    parser = etree.XMLParser(**_SAFE_XML)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return body
    for error in parser.error_log:
        if error.type in _LIMIT_ERRORS:
            raise FeedError(f"not a feed: the XML exceeds the parser's safety limits ({error.message.rstrip('.')})")
    if root is None:
        return body
    etree.strip_elements(root, etree.Entity, with_tail=False)
    return bytes(etree.tostring(root, encoding=_UTF8, xml_declaration=True))


def _parse_xml_feed(body: bytes, url: str, ctype: str) -> ParsedFeed:
    own_entities = _declares_entities(body)
    if own_entities:
        body = _without_own_entities(body)
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
    reason = _OWN_ENTITIES if own_entities else (str(parsed.get("bozo_exception")) if bozo else None)
    resolved, dropped = _resolve_all(entries, url)
    return ParsedFeed(
        format=version or "unknown",
        title=_line(parsed.feed.get("title")),
        entries=resolved,
        malformed=bozo or own_entities,
        malformed_reason=reason,
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
