"""Bylines written as plain text, without an author class: a «كتب: فلان» line under the headline (print
views, table layouts), a dateline that names its writer after the place («بغداد - فلان», «عدن «الصحيفة»
فلان»), and the writers named in an agency dateline («أنقرة/ فلان، فلان/ الوكالة»).

Both are looked for only near the headline and only when the page marks no byline of its own.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from lxml.html import HtmlElement

from crawler.arabic import arabic_letter_ratio, clean_line, search_form
from crawler.extraction.boilerplate import in_other_story
from crawler.extraction.bylines import after_place, clean_author, shown_authors, split_authors
from crawler.extraction.credits import credit_line
from crawler.extraction.signoffs import signoff

# A line that starts with a byline verb and a colon or dash: «كتب: فلان», «بقلم - فلان».
_PREFIXED_RE = re.compile(r"^\s*(?:كتبت?|بقلم|إعداد|اعداد)\s*[:：\-–]")
_MAX_LINE_CHARS = 120
# Elements after the headline searched for such lines.
_WINDOW = 40
_LINE_TAGS = ("p", "div", "span", "td", "h4", "h5", "h6", "strong", "b", "small")
# A dateline «المكان/ الأسماء/ المصدر» or «المكان - الأسماء - المصدر».
_DATELINE_SPLIT_RE = re.compile(r"\s*/\s*|\s+[\-–—]\s+")
_MAX_PLACE_WORDS = 2
_NAMES_SPLIT_RE = re.compile(r"\s*[،,]\s*")
# Items of a date line: a name there is a span of its own, or a link to the writer's page.
_ITEM_TAGS = ("span", "a", "b", "strong", "em", "i")
_AUTHOR_HREF_RE = re.compile(r"/(?:authors?|writers?|kuttab|columnists?|profiles?)/", re.IGNORECASE)
_MIN_ITEM_NAME_WORDS, _MAX_ITEM_NAME_WORDS = 2, 4
_CONTROL_RE = re.compile(r"share|copy|url|link|print|button|btn|icon|comment|views?\b|read|font|save", re.IGNORECASE)


def prefixed_bylines(
    tree: HtmlElement, headline: HtmlElement | None, teasers: Collection[HtmlElement] = ()
) -> list[HtmlElement]:
    """The first short line under the headline that starts «كتب: …» (no block inside it), as a list."""
    for el in _after(tree, headline):
        if el.tag in _LINE_TAGS and _PREFIXED_RE.match(el.text_content()) and _is_line(el):
            return [] if in_other_story(el, teasers, headline) else [el]
    return []


def unmarked_bylines(
    tree: HtmlElement, headline: HtmlElement | None, site_names: Sequence[str], teasers: Collection[HtmlElement] = ()
) -> tuple[list[str], list[HtmlElement]]:
    """Writers from unmarked text, for pages whose marked bylines and metadata name no one, in order of
    trust: a dateline with a writer, an agency dateline's writers, a sign-off after the last paragraph.
    The lines read are returned too, to leave the body (an agency dateline stays in it)."""
    lines = _lines(tree, headline)  # found once: each reader below walks the same short lines
    if placed := place_bylines(tree, headline, site_names, teasers, lines):
        return shown_authors(placed, site_names), placed
    if authors := dateline_authors(tree, headline, site_names, lines):
        return authors, []
    if writer := meta_line_author(tree, headline, site_names, lines):
        return writer, []
    names, line = signoff(tree, headline, site_names, teasers)
    return names, [line] if line is not None else []


def place_bylines(
    tree: HtmlElement,
    headline: HtmlElement | None,
    site_names: Sequence[str],
    teasers: Collection[HtmlElement] = (),
    lines: Sequence[HtmlElement] | None = None,
) -> list[HtmlElement]:
    """The first short line under the headline that is a dateline naming its writer after the place
    (a full name of two words or more: a lone word there is the outlet or agency, «دمشق - الوكالة»)."""
    for el in _lines(tree, headline) if lines is None else lines:
        if in_other_story(el, teasers, headline):
            continue
        text = clean_line(el.text_content())
        writer = after_place(text, site_names)
        if writer != text and (name := clean_author(writer, site_names)) and len(name.split()) >= 2:
            return [el]
    return []


def meta_line_author(
    tree: HtmlElement,
    headline: HtmlElement | None,
    site_names: Sequence[str],
    lines: Sequence[HtmlElement] | None = None,
) -> list[str]:
    """The one bare name among the items of the date line under the headline («التاريخ · 3 دقائق ·
    فلانة الفلانية»): an item of its own that is no date, no link to a section and reads as a full name."""
    for el in _lines(tree, headline) if lines is None else lines:
        if el.find(".//time") is None:
            continue
        names = [
            name
            for item in el
            if item.tag in _ITEM_TAGS
            and not (item.tag == "a" and not _AUTHOR_HREF_RE.search(item.get("href", "")))
            and not _is_control(item)
            and (name := clean_author(item.text_content(), site_names))
            and _MIN_ITEM_NAME_WORDS <= len(name.split()) <= _MAX_ITEM_NAME_WORDS
            and arabic_letter_ratio(name) == 1
        ]
        return names if len(names) == 1 else []
    return []


def _is_control(item: HtmlElement) -> bool:
    """A button of the line («انسخ الرابط», «شارك»): scripted, or named for what it does."""
    marks = f"{item.get('class', '')} {item.get('id', '')}"
    return bool(_CONTROL_RE.search(marks)) or any(str(k).startswith(("data-", "on")) for k in item.attrib)


def dateline_authors(
    tree: HtmlElement,
    headline: HtmlElement | None,
    site_names: Sequence[str],
    lines: Sequence[HtmlElement] | None = None,
) -> list[str]:
    """Writers named in the middle of a dateline whose first part is a place (a word or two) and whose
    last part is an agency or the site's own name: «أنقرة/ مصطفى دنيز، سلمى أوزجان/ بوسفور»."""
    folded_sites = [search_form(n) for n in site_names if n]
    for el in _lines(tree, headline) if lines is None else lines:
        parts = _DATELINE_SPLIT_RE.split(clean_line(el.text_content()))
        if len(parts) != 3 or not 1 <= len(parts[0].split()) <= _MAX_PLACE_WORDS:
            continue
        source = search_form(parts[2])
        if credit_line(parts[2]) is None and not any(source and source in s for s in folded_sites):
            continue
        names = [clean_author(n, site_names) for n in _NAMES_SPLIT_RE.split(parts[1])]
        if names and all(names):
            return [person for name in names if name for person in split_authors(name)]
    return []


def _lines(tree: HtmlElement, headline: HtmlElement | None) -> list[HtmlElement]:
    """The short lines (no block inside) among the first elements after the headline, in order."""
    return [el for el in _after(tree, headline) if el.tag in _LINE_TAGS and _is_line(el)]


def _is_line(el: HtmlElement) -> bool:
    text = clean_line(el.text_content())
    return 0 < len(text) <= _MAX_LINE_CHARS and not any(
        child.tag in ("p", "div", "table", "ul", "ol") for child in el.iterdescendants()
    )


def _after(tree: HtmlElement, headline: HtmlElement | None) -> list[HtmlElement]:
    """The first elements after the headline in document order (none without a headline)."""
    if headline is None:
        return []
    inside = set(headline.iterdescendants())
    found: list[HtmlElement] = []
    started = False
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        if started:
            found.append(el)
            if len(found) >= _WINDOW:
                break
        elif el is headline:
            started = True
    return [el for el in found if el not in inside]
