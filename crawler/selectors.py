"""Per-outlet selectors: where an outlet's template puts the article, for pages the generic rules misread.

A source may declare ``[sources.selectors]`` (see ``data/sources.toml``) with the keys ``headline``,
``lead``, ``body``, ``date``, ``author`` and ``exclude``, each a CSS selector or an XPath expression, or an
array of them. An expression prefixed ``css:`` or ``xpath:`` is that language; without a prefix, one
opening like an XPath path or group (``/``, ``./``, ``../``, ``(``) is XPath, and anything else CSS
(no CSS selector opens so).

``SiteSelectors`` holds only the strings, so it pickles to the extraction workers and hashes inside
``ExtractOptions``; expressions are compiled on first use and cached by their text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeAlias

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError
from lxml.html import HtmlElement

from crawler.arabic import clean_line

KEYS = ("headline", "lead", "body", "date", "author", "exclude")
# Explicit language prefixes, and what makes an unprefixed expression XPath.
_CSS_PREFIX = "css:"
_XPATH_PREFIX = "xpath:"
_XPATH_START_RE = re.compile(r"\(|\.{0,2}/")
# libxml2 resolves XPath functions and variables only when a step reaches them, so on our empty test
# page an unknown one passes. They are checked by name instead, string literals set aside: XPath 1.0's
# functions, node tests, and the operators that may precede a parenthesis.
_XPATH_LITERAL_RE = re.compile(r"\"[^\"]*\"|'[^']*'")
_XPATH_CALL_RE = re.compile(r"([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*\(")
_XPATH_NAMES = frozenset(
    {
        *("last", "position", "count", "id", "local-name", "namespace-uri", "name", "string", "concat"),
        *("starts-with", "contains", "substring-before", "substring-after", "substring", "string-length"),
        *("normalize-space", "translate", "boolean", "not", "true", "false", "lang", "number", "sum"),
        *("floor", "ceiling", "round", "node", "text", "comment", "processing-instruction"),
        *("and", "or", "div", "mod"),
    }
)
# Attributes holding a machine-readable time, read before the element's text (<time datetime>,
# <meta content>, CMS data attributes).
_DATE_ATTRIBUTES = ("datetime", "content", "data-datetime", "data-date", "data-time", "data-timestamp")
# Elements whose start and end break the text into paragraphs.
_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure"),
        *("footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre"),
        *("section", "table", "td", "th", "tr", "ul"),
    }
)
# Compiled expressions kept per process: an outlet's few selectors serve every one of its pages.
_CACHE_SIZE = 512

Match: TypeAlias = HtmlElement | str  # an element, or a string an XPath returns (an attribute value, text())


class SelectorsError(ValueError):
    """An invalid ``[sources.selectors]`` table; ``key`` is the key at fault, ``reason`` the message."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


@dataclass(frozen=True, slots=True)
class SiteSelectors:
    """An outlet's selectors, as written in its sources file; an empty tuple: that key is not given.

    ``headline``, ``lead`` and ``date`` take the first expression that matches (so an array lists
    fallbacks); ``body``, ``author`` and ``exclude`` take every match of every expression.
    """

    headline: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Selected:
    """What the selectors found; None where the key is not given or matched no text."""

    headline: str | None = None
    lead: str | None = None
    body: str | None = None  # paragraphs separated by a blank line
    date: str | None = None  # raw: a machine attribute (datetime, content…) when present, else the text
    authors: tuple[str, ...] | None = None


def parse_selectors(table: Mapping[str, object]) -> SiteSelectors:
    """The ``[sources.selectors]`` table checked and compiled once; raise ``SelectorsError`` if invalid."""
    if not table:
        raise SelectorsError("selectors", f"empty table: give at least one of {', '.join(KEYS)}")
    values: dict[str, tuple[str, ...]] = {}
    for key, value in table.items():
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise SelectorsError(key, f"unknown key; {hint}allowed keys: {', '.join(KEYS)}")
        values[key] = tuple(_checked(key, expression) for expression in _expressions(key, value))
    return SiteSelectors(**values)


def select(tree: HtmlElement, selectors: SiteSelectors) -> Selected:
    """What ``selectors`` find in ``tree``, which is changed in place as the generic rules change it.

    ``exclude`` matches are removed first. The headline, lead, date and author elements read are then
    removed too, so neither the body read here nor the generic one repeats them.
    """
    for match in _matches(tree, selectors.exclude):
        _drop(match)
    headline, headline_match = _first(tree, selectors.headline, _text)
    lead, lead_match = _first(tree, selectors.lead, _text)
    date, date_match = _first(tree, selectors.date, _date_text)
    author_matches = [(text, match) for match in _matches(tree, selectors.author) if (text := _text(match))]
    for match in (headline_match, lead_match, date_match, *(match for _, match in author_matches)):
        _drop(match)
    body_elements = [el for el in _matches(tree, selectors.body) if isinstance(el, HtmlElement)]
    blocks = [block for el in _outermost(body_elements) for block in _blocks(el)]
    return Selected(
        headline=headline,
        lead=lead,
        body="\n\n".join(blocks) or None,
        date=date,
        authors=tuple(dict.fromkeys(text for text, _ in author_matches)) or None,
    )


def _expressions(key: str, value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return value
    if value == []:
        raise SelectorsError(key, "must not be empty (an empty array)")
    toml_types = {bool: "a boolean", int: "an integer", float: "a float", dict: "a table"}
    kind = "an array holding a non-string" if isinstance(value, list) else toml_types.get(type(value), "a date")
    raise SelectorsError(key, f"expected a CSS selector or XPath expression, or an array of them; got {kind}")


def _checked(key: str, expression: str) -> str:
    """``expression`` stripped, once it compiles and evaluates on an empty page to what ``key`` needs."""
    text = expression.strip()
    is_xpath, inner = _split(text)
    if not inner:
        raise SelectorsError(key, f"must not be empty (got {expression!r})")
    if is_xpath:
        unquoted = _XPATH_LITERAL_RE.sub("''", inner)
        unknown = [name for name in _XPATH_CALL_RE.findall(unquoted) if name not in _XPATH_NAMES]
        if unknown:
            raise SelectorsError(key, f"{text!r}: unknown XPath function {unknown[0]}() (XPath 1.0 only)")
        if "$" in unquoted:
            raise SelectorsError(key, f"{text!r}: XPath variables are not supported")
    language = "XPath expression" if is_xpath else "CSS selector (prefix 'xpath:' for XPath)"
    try:
        result = _compiled(text)(lxml.html.document_fromstring("<html><body></body></html>"))
    except (etree.XPathError, SelectorError) as exc:
        raise SelectorsError(key, f"{text!r} is not a valid {language}: {exc}") from None
    # body and exclude remove or read elements; the others may also read strings (an attribute's value).
    if not isinstance(result, list) and (key in ("body", "exclude") or not isinstance(result, str)):
        kind = "a string" if isinstance(result, str) else "a boolean" if isinstance(result, bool) else "a number"
        raise SelectorsError(key, f"{text!r} selects {kind}, not elements")
    return text


def _split(expression: str) -> tuple[bool, str]:
    """(is XPath, the expression without its prefix)."""
    if expression.startswith(_XPATH_PREFIX):
        return True, expression.removeprefix(_XPATH_PREFIX).strip()
    if expression.startswith(_CSS_PREFIX):
        return False, expression.removeprefix(_CSS_PREFIX).strip()
    return bool(_XPATH_START_RE.match(expression)), expression


@lru_cache(maxsize=_CACHE_SIZE)
def _compiled(expression: str) -> etree.XPath:
    is_xpath, body = _split(expression)
    return etree.XPath(body) if is_xpath else CSSSelector(body, translator="html")


def _matches(tree: HtmlElement, expressions: Sequence[str]) -> list[Match]:
    """Every element or string the expressions select, once each, in document order."""
    if not expressions:
        return []
    found: list[Match] = []
    for expression in expressions:
        found.extend(_results(_compiled(expression)(tree)))
    order = {el: index for index, el in enumerate(tree.iter())}
    unique = {id(match): match for match in found}.values()
    return sorted(unique, key=lambda match: order.get(_element_of(match), len(order)))


def _first(
    tree: HtmlElement, expressions: Sequence[str], read: Callable[[Match], str]
) -> tuple[str | None, Match | None]:
    """The first non-empty text read from a match, and that match; expressions tried in the order given."""
    for expression in expressions:
        for match in _results(_compiled(expression)(tree)):
            if text := read(match):
                return text, match
    return None, None


def _drop(match: Match | None) -> None:
    """Remove a matched element, keeping the text after it; a string match (an attribute) stays."""
    if isinstance(match, HtmlElement) and match.getparent() is not None:
        match.drop_tree()


def _results(result: object) -> list[Match]:
    items = result if isinstance(result, list) else [result]
    # Comments and processing instructions are not HtmlElement: they are left out.
    return [item for item in items if isinstance(item, str | HtmlElement)]


def _element_of(match: Match) -> HtmlElement | None:
    if isinstance(match, HtmlElement):
        return match
    parent = getattr(match, "getparent", None)  # an attribute or text() result knows its element
    return parent() if parent is not None else None


def _outermost(elements: Iterable[HtmlElement]) -> list[HtmlElement]:
    """The elements not inside another of them (a body matched twice is read once)."""
    chosen = list(elements)
    members = set(chosen)
    return [el for el in chosen if not any(ancestor in members for ancestor in el.iterancestors())]


def _text(match: Match) -> str:
    """A match's text on one line, its blocks separated by a space."""
    return clean_line(match) if isinstance(match, str) else " ".join(_blocks(match))


def _date_text(match: Match) -> str:
    if isinstance(match, HtmlElement):
        for name in _DATE_ATTRIBUTES:
            if value := clean_line(match.get(name) or ""):
                return value
    return _text(match)


def _blocks(root: HtmlElement) -> list[str]:
    """The element's text cut into paragraphs at block elements, each one whitespace-collapsed."""
    blocks: list[str] = []
    parts: list[str] = []

    def flush() -> None:
        if text := clean_line("".join(parts)):
            blocks.append(text)
        parts.clear()

    # A stack instead of recursion (deep markup); (node, True) marks the end of a node.
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if not isinstance(node.tag, str):  # a comment or processing instruction: only its tail is text
            parts.append(node.tail or "")
            continue
        if node.tag in _BLOCK_TAGS:
            flush()
        if closing:
            if node is not root:
                parts.append(node.tail or "")
            continue
        parts.append(node.text or "")
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    flush()
    return blocks
