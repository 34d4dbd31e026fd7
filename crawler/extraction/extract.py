"""Article extraction: HTML bytes and their URL in, an ``Article`` out.

Metadata (headline, lead, key points, bylines, dates, canonical URL, image, tags) is read from the page
structure first; the page is then stripped of that and of boilerplate, and trafilatura extracts the
body from what is left, so the lead and key points are never repeated in the body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import lxml.html
import trafilatura
from lxml.etree import ParserError
from lxml.html import HtmlElement

from crawler.arabic import clean_line, clean_text, detect_language, search_form
from crawler.extraction import (
    body_boxes,
    bodylines,
    boilerplate,
    bylines,
    evidence,
    htmlmeta,
    pagekind,
    textbylines,
)
from crawler.extraction.collapsed import reveal_collapsed
from crawler.extraction.credits import agency_credits
from crawler.extraction.dates import parse_date
from crawler.extraction.encoding import Decoded, decode_page
from crawler.extraction.pagedates import DATE_LABEL_RE as _DATE_LABEL_RE
from crawler.extraction.pagedates import MAX_DATE_TEXT as _MAX_DATE_TEXT
from crawler.extraction.pagedates import page_dates
from crawler.items import Article
from crawler.selectors import SiteSelectors, select
from crawler.sources import Source
from crawler.urls import registered_host

# itemprop and class names of an article's headline element.
_HEADLINE_MARK_RE = re.compile(
    r"(?:^|\s)(?:headline|entry-title|post-title|article-title|story-title|news-title|item-?title|page-title)(?:$|\s)",
    re.IGNORECASE,
)
_MIN_HEADLINE_CHARS, _MAX_HEADLINE_CHARS = 10, 300
# Separators between a headline and a site name in <title>/og:title.
_TITLE_SEPARATORS_RE = re.compile(r"\s+[|\-–—:«»/]\s+|\s*[|–—]\s*")
# Below this much body text (characters) a page holds no article.
_MIN_ARTICLE_CHARS = 150
# A page of many <article> teasers, or whose text is mostly the text of its links, is a listing.
_MIN_LISTING_TEASERS = 3
_TEASER_SIZE_RATIO = 3
_MAX_LINKED_SHARE = 0.5
_MIN_LINK_TEXT = 2
# Plain trafilatura's body replaces ours when ours is this many times shorter: our cleaning removes
# the lead, key points, bylines, captions and related links, never two thirds of an article.
_MUCH_SHORTER = 3
# Plain trafilatura never finds more than the page's prose, so it is only asked when our body holds
# less than this share of the page's own prose (``crawler.extraction.evidence``).
_LOST_PROSE_SHARE = 1 / _MUCH_SHORTER
# Feeds link to documents and media too. Content types that are never an HTML page (whole families,
# and single types), and the leading bytes of common binary formats, for those served as something
# else (application/octet-stream, text/html by a careless server).
_NON_HTML_FAMILIES = ("image/", "audio/", "video/", "font/", "model/")
_NON_HTML_TYPES = frozenset(
    {"application/pdf", "application/zip", "application/gzip", "application/msword", "application/postscript"}
)
_BINARY_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP image, WAV or AVI)"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "gzip data"),
)


class NotAnArticle(Exception):
    """The page holds no article (home, section, video-only page…). ``reason`` is a stats key."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """What extraction knows besides the page. ``timezone`` (the outlet's IANA zone) applies to dates
    written without one; None (an unregistered site) leaves such times zone-less."""

    timezone: str | None = None
    site_names: Sequence[str] = field(default_factory=tuple)
    content_type: str | None = None
    now: datetime | None = None
    selectors: SiteSelectors | None = None  # the outlet's [sources.selectors], overriding the generic rules


def options_for(
    source: Source | None, *, content_type: str | None = None, now: datetime | None = None
) -> ExtractOptions:
    """The options the crawl uses for a page of ``source`` (defaults for an unregistered site)."""
    if source is None:
        return ExtractOptions(content_type=content_type, now=now)
    return ExtractOptions(
        timezone=source.timezone,
        site_names=source.site_names,
        content_type=content_type,
        now=now,
        selectors=source.selectors,
    )


def extract_article(html: bytes, url: str, options: ExtractOptions | None = None) -> Article:
    """Extract the article at ``url`` from its HTML; raise ``NotAnArticle`` when it holds none."""
    opts = options or ExtractOptions()
    decoded = _decoded(html, url, opts.content_type)
    tree = _parse(decoded.text, url)
    page = htmlmeta.read_meta(tree, url)
    for el in list(tree.iter("script", "style", "noscript", "template", "svg")):
        boilerplate.drop(el)
    # --- Per-outlet selectors (crawler/selectors.py): read now, before the generic rules change the tree;
    # their exclude matches leave the tree. What they find overrides the generic values further down.
    selected = select(tree, opts.selectors) if opts.selectors else None
    # ---
    reveal_collapsed(tree)  # «اقرأ المزيد»: the folded end of the body is the article's too
    names = [*opts.site_names, *htmlmeta.site_names(page), *_host_names(url)]
    link_texts = _link_texts(tree)
    teaser_listing = _is_teaser_listing(tree)
    prose = evidence.measure_prose(tree)
    article_evidence = evidence.declared_article(page) or ("dominant prose" if prose.dominant() else None)

    h1 = _headline_element(tree, page, names)
    headline = _headline(h1, page, names)
    if article_evidence and prose.mostly_teasers() and not prose.dominant() and evidence.listing_title(headline):
        # A template that declares every page an article: a page of teasers under a section's name or a
        # list's label is a listing all the same.
        article_evidence = None
    teasers = evidence.teaser_elements(tree, prose, h1)
    description = page.first("og:description", "description", "twitter:description")
    lead = boilerplate.find_lead(tree, h1, set(teasers), description)
    summary = clean_text(lead.text_content()) if lead is not None else None
    highlights_box, highlights = boilerplate.find_highlights(tree, h1)
    # Marked bylines first; a «كتب: …» line or a dateline's writers only on pages that mark none.
    byline_els = bylines.byline_elements(tree, set(teasers), h1) or textbylines.prefixed_bylines(tree, h1, teasers)
    authors = bylines.find_authors(tree, page, names, byline_els)
    if not authors:
        authors, unmarked = textbylines.unmarked_bylines(tree, h1, names, teasers)
        byline_els = [*byline_els, *unmarked]
    credits = agency_credits(bylines.byline_candidates(tree, page, byline_els))
    published, modified = page_dates(tree, page, url, tz=opts.timezone, now=opts.now)

    for el in (h1, lead, highlights_box, *byline_els):
        if el is not None and el.getparent() is not None:
            boilerplate.drop(el)
    boilerplate.remove_boilerplate(tree, teasers)
    # --- Per-outlet selectors: a value they found replaces the generic one.
    if selected is not None:
        headline = selected.headline or headline
        summary = selected.lead or summary
        authors = list(selected.authors) if selected.authors else authors
        selected_date = parse_date(selected.date, tz=opts.timezone, now=opts.now) if selected.date else None
        published = selected_date or published
    repeated = [headline or "", summary or "", *highlights]
    boilerplate.text_divs_to_paragraphs(tree)
    body = _body(tree, url, repeated)
    by_selector = selected is not None and bool(selected.body)
    if selected is not None and selected.body:
        body = selected.body
        article_evidence = "body selector"  # the operator said where the article is: never a listing
    # ---

    # A soft-404 or a utility page (live stream, prayer times) is refused whatever it declares.
    verdict = _Verdict(
        article_evidence,
        prose,
        teaser_listing,
        link_texts,
        None if by_selector else pagekind.not_a_story(page, _title(tree), headline, prose, tree),
    )
    body, fallback = _checked_body(
        body, verdict, page, url=url, html=decoded.text, repeated=repeated, by_selector=by_selector
    )
    # Translator notes, service disclaimers and credit lines after the last paragraph: the agencies
    # those name are credits, never body.
    body, trailer_credits = bodylines.split_trailer(body)
    if not summary:
        summary = _description(page, body)

    return Article(
        url=url,
        canonical_url=page.canonical,
        headline=headline or "",
        summary=summary,
        highlights=highlights,
        body=body,
        authors=authors,
        credits=list(dict.fromkeys([*credits, *trailer_credits])),
        tags=htmlmeta.keywords(page, headline or ""),
        image=htmlmeta.image_url(page, url),
        language=detect_language(body) or _declared_language(page),
        published_at=published.iso() if published else None,
        published_at_raw=published.raw if published else None,
        modified_at=modified.iso() if modified else None,
        modified_at_raw=modified.raw if modified else None,
        fallback=fallback,
    )


def _decoded(html: bytes, url: str, content_type: str | None) -> Decoded:
    """The page's text; ``NotAnArticle`` for a body that is not HTML or cannot be decoded faithfully."""
    if (kind := _non_html(html, content_type)) is not None:
        raise NotAnArticle("not_html", f"{url}: {kind}")
    decoded = decode_page(html, content_type)
    if decoded.suspicious:
        # Double-encoded text that could not be repaired: never stored as it is.
        raise NotAnArticle("garbled_text", f"{url}: undecodable or double-encoded ({decoded.encoding})")
    return decoded


def strip_site_name(title: str, site_names: Sequence[str]) -> str:
    """``title`` without a leading/trailing site name segment («المدينة نيوز - …», «… | الميادين»)."""
    text = clean_line(title)
    folded_names = {f for f in (search_form(n) for n in site_names if n) if f}
    cuts = [(m.start(), m.end()) for m in _TITLE_SEPARATORS_RE.finditer(text)]
    # Segment spans, so what is kept is sliced from the title with its own separators.
    segments = list(zip([0] + [end for _, end in cuts], [start for start, _ in cuts] + [len(text)], strict=True))
    while len(segments) > 1 and _is_site_name(text[slice(*segments[-1])], folded_names):
        segments.pop()
    while len(segments) > 1 and _is_site_name(text[slice(*segments[0])], folded_names):
        segments.pop(0)
    return text[segments[0][0] : segments[-1][1]]


def _is_site_name(segment: str, folded_names: set[str]) -> bool:
    """The segment is a site name, alone or with a couple of words («موقع الميادين», «البيان نت»).

    Only whole title segments are tested: many outlet names are ordinary words («اليوم», «الوطن»).
    """
    folded = search_form(segment)
    words = len(folded.split())
    return bool(folded) and any(
        folded == n or (f" {n} " in f" {folded} " and words <= len(n.split()) + 2) for n in folded_names
    )


def _non_html(body: bytes, content_type: str | None) -> str | None:
    """What the response is when it is surely not an HTML page (by type or by its first bytes), else None."""
    mimetype = (content_type or "").split(";")[0].strip().lower()
    if mimetype.startswith(_NON_HTML_FAMILIES) or mimetype in _NON_HTML_TYPES:
        return f"content type {mimetype}"
    head = body[:16]
    return next((kind for signature, kind in _BINARY_SIGNATURES if head.startswith(signature)), None)


def _parse(text: str, url: str) -> HtmlElement:
    if not text.strip():
        raise NotAnArticle("empty_page")
    try:
        return lxml.html.document_fromstring(text)
    except (ParserError, ValueError) as exc:
        raise NotAnArticle("unparseable_html", f"{url}: {exc}") from exc


def _headline_element(tree: HtmlElement, page: htmlmeta.PageMeta, names: Sequence[str]) -> HtmlElement | None:
    """The visible headline: the h1 that matches the declared title; else an element marked as the
    headline (``itemprop=headline``, ``entry-title``…: blogs and CMSes whose h1 is the site's name);
    else the first h1 that is not the site's name."""
    declared = htmlmeta.declared_title(tree, page)
    folded_names = {search_form(n) for n in names if n}

    def matches(el: HtmlElement) -> bool:
        text = search_form(el.text_content())
        return bool(text and declared and (text in declared or declared in text) and text not in folded_names)

    candidates = [h for h in tree.iter("h1") if clean_line(h.text_content())]
    for h in candidates:
        if matches(h):
            return h
    marked = [el for el in tree.iter("h1", "h2", "h3", "div", "span") if _is_marked_headline(el)]
    for el in marked:
        if matches(el) or not declared:
            return el
    for h in candidates:
        if search_form(h.text_content()) not in folded_names and len(clean_line(h.text_content())) > 10:
            return h
    return None


def _is_marked_headline(el: HtmlElement) -> bool:
    """An element marked as the article's headline, not a teaser's (those are links)."""
    marker = f"{el.get('itemprop', '')} {el.get('class', '')}"
    return (
        bool(_HEADLINE_MARK_RE.search(marker))
        and not len(el.findall(".//a"))
        and _MIN_HEADLINE_CHARS <= len(clean_line(el.text_content())) <= _MAX_HEADLINE_CHARS
    )


def _title(tree: HtmlElement) -> str | None:
    el = tree.find(".//title")
    return el.text_content() if el is not None else None


def _headline(h1: HtmlElement | None, page: htmlmeta.PageMeta, names: Sequence[str]) -> str | None:
    if h1 is not None:
        return strip_site_name(h1.text_content(), names)
    declared = page.first("og:title", "twitter:title") or page.article_ld().get("headline")
    if isinstance(declared, str) and declared.strip():
        return strip_site_name(declared, names)
    return None


def _body(tree: HtmlElement, url: str, repeated: Sequence[str]) -> str:
    """Body paragraphs from trafilatura, without lines that repeat the headline, lead or key points."""
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        fast=True,
        with_metadata=False,
        include_comments=False,
        include_tables=False,
        include_images=False,
    )
    raw = getattr(doc, "text", None) if doc is not None else None
    return _paragraphs(raw or "", repeated)


def _paragraphs(raw: str, repeated: Sequence[str]) -> str:
    """Extracted text as paragraphs, without lines repeating the headline, lead or key points, date
    lines, read-also labels, photo credits and comment policies."""
    skip = {search_form(r) for r in repeated if r}
    paragraphs = []
    for line in raw.split("\n"):
        text = clean_line(line)
        if not text or search_form(text) in skip:
            continue
        if len(text) <= _MAX_DATE_TEXT and _DATE_LABEL_RE.match(text):
            continue  # a «نشر في: …» date line
        if (
            boilerplate.is_read_also_text(text)
            or boilerplate.is_photo_credit(text)
            or boilerplate.is_comment_policy(text)
            or boilerplate.is_follow_call(text)
            or bodylines.is_newsletter_promo(text)
            or body_boxes.is_support_call(text)
        ):
            continue
        paragraphs.append(text)
    return "\n\n".join(paragraphs)


@dataclass(frozen=True, slots=True)
class _Verdict:
    """What tells an article from a listing, read before the page was cleaned."""

    article_evidence: str | None
    prose: evidence.Prose
    teaser_listing: bool
    link_texts: set[str]
    not_story: tuple[str, str] | None = None  # (reason, detail) of a soft-404 or utility page


def _checked_body(
    body: str,
    verdict: _Verdict,
    page: htmlmeta.PageMeta,
    *,
    url: str,
    html: str,
    repeated: Sequence[str],
    by_selector: bool,
) -> tuple[str, str | None]:
    """The body to store and why it came from the fallback (None when from our rules); raises
    ``NotAnArticle`` for a page without article evidence that shows listing evidence, or without text."""
    if verdict.not_story is not None:
        raise NotAnArticle(verdict.not_story[0], f"{url}: {verdict.not_story[1]}")
    link_heavy = _linked_share(body, verdict.link_texts) > _MAX_LINKED_SHARE
    if verdict.article_evidence is None:
        _refuse_without_evidence(url, page, verdict.prose, verdict.teaser_listing or link_heavy)
    fallback = None if by_selector else _fallback_reason(body, verdict.prose, link_heavy)
    if fallback is not None:
        # Never less than plain trafilatura: its body, with our metadata, when ours came out short.
        plain = _plain_body(html, url, repeated)
        if (
            len(body) < _MIN_ARTICLE_CHARS
            or len(body) * _MUCH_SHORTER < len(plain)
            or (fallback == "listing_shaped" and len(plain) > len(body))
        ):
            body = plain
        else:
            fallback = None
    if len(body) < _MIN_ARTICLE_CHARS:
        raise NotAnArticle("no_article_text", f"{len(body)} characters of text")
    return body, fallback


def _refuse_without_evidence(url: str, page: htmlmeta.PageMeta, prose: evidence.Prose, link_heavy: bool) -> None:
    """Refuse a page that carries no article evidence when it shows listing evidence; else return."""
    if prose.mostly_teasers() or link_heavy:
        raise NotAnArticle("listing_page", f"{url}: the text is mostly teasers or links to other pages")
    if (declared := evidence.declared_listing(page)) is not None:
        raise NotAnArticle("not_article_type", f"{url}: {declared} and no article evidence")


def _fallback_reason(body: str, prose: evidence.Prose, link_heavy: bool) -> str | None:
    """Why our body may hold less than plain trafilatura would, or None on the common path.

    Only these cases pay for a second extraction: an empty or too short body, a body that reads like a
    listing on a page with article evidence, or one that kept much less than the page's own prose.
    """
    if len(body) < _MIN_ARTICLE_CHARS:
        return "short_body"
    if link_heavy:
        return "listing_shaped"
    if len(body) < _LOST_PROSE_SHARE * prose.article:
        return "lost_prose"
    return None


def _plain_body(html: str, url: str, repeated: Sequence[str]) -> str:
    """The body plain trafilatura extracts from the whole page, at its defaults."""
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=False)
    raw = getattr(doc, "text", None) if doc is not None else None
    return _paragraphs(raw or "", repeated)


def _is_teaser_listing(tree: HtmlElement) -> bool:
    """Several ``<article>`` blocks of similar size: a grid of teasers.

    Article pages often wrap related stories in ``<article>`` too, but there the main one holds the
    body and outweighs the next one many times over.
    """
    sizes = sorted((len(clean_line(b.text_content())) for b in tree.iter("article")), reverse=True)
    return len(sizes) >= _MIN_LISTING_TEASERS and sizes[0] <= _TEASER_SIZE_RATIO * sizes[1]


def _link_texts(tree: HtmlElement) -> set[str]:
    """The page's link texts, whitespace collapsed (headlines, menu and directory entries, on a listing)."""
    texts = (" ".join(a.text_content().split()) for a in tree.iter("a"))
    return {t for t in texts if len(t) >= _MIN_LINK_TEXT}


def _linked_share(body: str, link_texts: set[str]) -> float:
    """Share of the body's characters in paragraphs that are the text of a link on the page."""
    paragraphs = [" ".join(p.split()) for p in body.split("\n\n")]
    total = sum(len(p) for p in paragraphs) or 1
    return sum(len(p) for p in paragraphs if p in link_texts) / total


def _description(page: htmlmeta.PageMeta, body: str) -> str | None:
    """The page's description as summary, unless it is only the start of the body (a truncation)."""
    description = page.first("og:description", "description", "twitter:description")
    if not description:
        return None
    text = clean_text(description)
    stem = search_form(text.rstrip(".… "))
    if not stem or search_form(body).startswith(stem[: max(len(stem) - 3, 1)]):
        return None
    return text


def _host_names(url: str) -> list[str]:
    """The site's own name as its host spells it («akhbarelyom» for www.akhbarelyom.com)."""
    host = registered_host(url)
    label = host.split(".")[0] if host else ""
    return [host, label] if label else []


def _declared_language(page: htmlmeta.PageMeta) -> str | None:
    if not page.lang:
        return None
    return page.lang.split("-")[0].split("_")[0].lower() or None
