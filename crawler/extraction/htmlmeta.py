"""What a page declares about itself: ``<meta>`` tags, JSON-LD, canonical link, image, keywords."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from crawler.arabic import clean_line, search_form
from crawler.urls import resolve

# JSON-LD types that describe an article (schema.org and the variants outlets use).
_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "blogposting",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "webpage",
        "liveblogposting",
    }
)
# Keys under which JSON-LD nests more objects: a graph, and a WebPage's main entity (the article).
# Not list items or breadcrumbs: those describe other pages.
_LD_NESTING_KEYS = ("@graph", "mainEntity")
# Inline scripts that assign a framework's state as JSON: «window.__NUXT__=», «__INITIAL_STATE__ =»,
# «window.__APOLLO_STATE__=», «__PRELOADED_STATE__». The JSON starts at the first brace after it.
_STATE_ASSIGNMENT_RE = re.compile(r"__[A-Z][A-Z0-9_]*__\s*=\s*(?=[{\[])")
# Script ids and types of JSON data blocks frameworks embed (Next.js's «__NEXT_DATA__», Nuxt 3's
# «__NUXT_DATA__», Remix's and others' «application/json» blocks).
_STATE_SCRIPT_TYPES = frozenset({"application/json"})
# Keys of the title beside a state object's data: the object that holds the page's headline is the
# article; others (related stories, the menu) only have data of their own.
TITLE_KEYS = ("headline", "title", "name")
# A state walk stops after this many values: a framework dump can hold a whole site's cache.
_MAX_STATE_NODES = 50_000
# Framework state is megabytes on some pages; past this many characters a script is not read.
_MAX_STATE_CHARS = 3_000_000
# Keyword lists are separated by Latin or Arabic commas or semicolons.
_KEYWORD_SPLIT_RE = re.compile("[,،;؛]")
_MAX_TAGS = 25
# Keyword lists this long that spell the headline word for word are the headline, not tags.
_MIN_SPLIT_TAGS = 3
# Punctuation trimmed from a tag's ends («غزة..», «"الانتخابات"»).
_TAG_PUNCTUATION = " .…:؛،,\"'«»()[]-–—!?؟"
_MAX_TAG_LEN = 60


@dataclass(slots=True)
class PageMeta:
    """Declared metadata, keys lower-cased (``og:title``, ``article:published_time``, ``description``…)."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    canonical: str | None = None
    lang: str | None = None
    # Parsed framework state (``__NEXT_DATA__``, ``window.__NUXT__ = {…}``, other inline JSON), in page
    # order: dates and titles client-rendered pages show only after their scripts run.
    state: list[Any] = field(default_factory=list)

    def first(self, *names: str) -> str | None:
        """The first non-empty value among ``names`` (in that priority order)."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value.strip():
                    return value.strip()
        return None

    def article_ld(self) -> dict[str, Any]:
        """The JSON-LD object describing the article (an empty dict when there is none)."""
        return next(iter(self.article_lds()), {})

    def article_lds(self) -> list[dict[str, Any]]:
        """Every JSON-LD object of an article type, in page order (related stories' ones included), the
        generic ``WebPage`` after the specific types: Yoast and Rank Math graphs list the page first."""
        found = [obj for obj in self.jsonld if _is_article_type(obj)]
        return sorted(found, key=_only_webpage)

    def resolve(self, value: Any) -> Any:
        """``value``, or the graph node it references (``{"@id": …}`` alone, as Yoast writes authors)."""
        if isinstance(value, dict) and set(value) == {"@id"}:
            return next((obj for obj in self.jsonld if obj.get("@id") == value["@id"] and len(obj) > 1), value)
        return value


def _only_webpage(obj: dict[str, Any]) -> bool:
    types = obj.get("@type")
    names = {t.lower() for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}
    return names <= {"webpage"}


def _is_article_type(obj: dict[str, Any]) -> bool:
    types = obj.get("@type")
    names = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in names)


def read_meta(tree: HtmlElement, url: str) -> PageMeta:
    """Collect ``<meta>``, JSON-LD and the canonical link; must run before scripts are stripped."""
    page = PageMeta()
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").strip()
        content = el.get("content")
        if key and content is not None:
            page.meta.setdefault(key.lower(), []).append(content)
    for el in tree.iter("script"):
        kind = (el.get("type") or "").strip().lower()
        if kind == "application/ld+json" and el.text:
            page.jsonld.extend(_ld_objects(el.text))
        elif el.text and len(el.text) <= _MAX_STATE_CHARS:
            page.state.extend(_state_objects(el.text, kind))
    for el in tree.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
            page.canonical = resolve(el.get("href", ""), url)
            break
    if page.canonical is None and (og_url := page.first("og:url")):
        page.canonical = resolve(og_url, url)
    page.lang = (tree.get("lang") or page.first("content-language", "og:locale") or "").strip() or None
    return page


def site_names(page: PageMeta) -> list[str]:
    """Names the page gives its own site (used to strip them from the headline)."""
    names = [page.first("og:site_name"), page.first("application-name"), page.first("twitter:site")]
    publisher = page.article_ld().get("publisher")
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        names.append(publisher["name"])
    return [clean_line(n).lstrip("@") for n in names if n and n.strip()]


def image_url(page: PageMeta, url: str) -> str | None:
    """The lead image: ``og:image``, then Twitter's, then JSON-LD ``image``."""
    candidate = page.first("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
    if candidate is None:
        image = page.article_ld().get("image")
        if isinstance(image, list) and image:
            image = image[0]
        if isinstance(image, dict):
            image = image.get("url")
        candidate = image if isinstance(image, str) else None
    return resolve(candidate, url) if candidate else None


def keywords(page: PageMeta, headline: str = "") -> list[str]:
    """Tags the page declares: ``article:tag``, ``news_keywords``/``keywords`` and JSON-LD ``keywords``.

    A keyword list that is only the ``headline`` cut into words (CMSes that fill keywords that way)
    names no topic and is left out.
    """
    lists: list[list[str]] = [list(page.meta.get("article:tag", []))]
    for name in ("news_keywords", "keywords"):
        lists.extend(_KEYWORD_SPLIT_RE.split(value) for value in page.meta.get(name, []))
    ld_keywords = page.article_ld().get("keywords")
    if isinstance(ld_keywords, str):
        lists.append(_KEYWORD_SPLIT_RE.split(ld_keywords))
    elif isinstance(ld_keywords, list):
        lists.append([k for k in ld_keywords if isinstance(k, str)])
    headline_words = _words(headline)
    tags = [
        clean_line(t).strip(_TAG_PUNCTUATION)
        for items in lists
        if not (len(items) >= _MIN_SPLIT_TAGS and _words(" ".join(items)) == headline_words)
        for t in items
    ]
    unique = dict.fromkeys(t for t in tags if t and len(t) <= _MAX_TAG_LEN)
    return list(unique)[:_MAX_TAGS]


def _words(text: str) -> list[str]:
    return [w for w in (search_form(word).strip(_TAG_PUNCTUATION) for word in text.split()) if w]


def _ld_objects(text: str) -> Iterator[dict[str, Any]]:
    """Objects in a JSON-LD block (a list or one object), each followed by those nested in its
    ``@graph`` or ``mainEntity``, at any depth; broken JSON is ignored (outlets ship it)."""
    try:
        data = json.loads(text)
    except ValueError:
        return
    yield from _ld_walk(data)


def _ld_walk(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for member in data:
            yield from _ld_walk(member)
    elif isinstance(data, dict):
        yield data
        for key in _LD_NESTING_KEYS:
            if isinstance(data.get(key), (dict, list)):
                yield from _ld_walk(data[key])


def _state_objects(text: str, kind: str) -> Iterator[Any]:
    """Framework state in a script: a whole JSON data block, or each ``__NAME__ = {…}`` assignment.

    Code that is not plain JSON (Nuxt 2's ``__NUXT__=(function(a,b){…})``) is skipped.
    """
    if kind in _STATE_SCRIPT_TYPES:
        try:
            yield json.loads(text)
        except ValueError:
            return
        return
    decoder = json.JSONDecoder()
    for match in _STATE_ASSIGNMENT_RE.finditer(text):
        try:
            yield decoder.raw_decode(text, match.end())[0]
        except ValueError:
            continue


def declared_title(tree: HtmlElement, page: PageMeta) -> str:
    """The page's own title (og:title, twitter:title, else ``<title>``) in search form; '' when none."""
    declared = page.first("og:title", "twitter:title")
    if declared is None:
        el = tree.find(".//title")
        declared = el.text_content() if el is not None else ""
    return search_form(declared or "")


def titled(obj: dict[str, Any], title: str) -> bool:
    """The object's headline is the page's title (one contains the other: titles carry site names)."""
    if not title:
        return False
    for key in TITLE_KEYS:
        value = obj.get(key)
        if isinstance(value, str) and (folded := search_form(value)) and (folded in title or title in folded):
            return True
    return False


def state_objects(state: Sequence[Any]) -> Iterator[dict[str, Any]]:
    """Every JSON object in ``state``, depth first in document order, up to ``_MAX_STATE_NODES``."""
    stack: list[Any] = list(reversed(state))
    seen = 0
    while stack and seen < _MAX_STATE_NODES:
        node = stack.pop()
        seen += 1
        if isinstance(node, dict):
            yield node
            stack.extend(reversed([v for v in node.values() if isinstance(v, dict | list)]))
        elif isinstance(node, list):
            stack.extend(reversed([v for v in node if isinstance(v, dict | list)]))
