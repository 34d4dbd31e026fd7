"""The article's collapsed paragraphs: text a page ships but hides until «اقرأ المزيد» is pressed.

Outlets show the first paragraphs and fold the rest into an element hidden by an attribute
(``hidden``, ``aria-hidden="true"``), an inline style (``display:none``, ``max-height:0`` with
``overflow:hidden``), a class (``collapsed``, ``is-hidden``) or a ``<details>`` element. Extractors
drop hidden elements, so the body would lose its end. Such an element is the article's when it
holds prose paragraphs and continues prose paragraphs before it in the same container; it is then
made visible. Hidden boilerplate stays hidden: a modal, a menu, a cookie or newsletter box, a
template, or any hidden box that does not follow the article's paragraphs.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from crawler.arabic import clean_line
from crawler.extraction.boilerplate import in_other_box

# Elements that may be hidden (the marks are checked in Python): one libxml2 pass over the tree.
_HIDDEN_XPATH = etree.XPath(
    "//*[@hidden or @aria-hidden='true' or self::details or contains(@style, 'none')"
    " or contains(@style, 'hidden') or contains(@style, 'height') or contains(@class, 'ollaps')"
    " or contains(@class, 'hid') or contains(@class, 'hide') or contains(@class, 'more')]"
)
# Inline styles that hide an element: not displayed, invisible, or folded to no height.
_HIDING_STYLE_RE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|max-height\s*:\s*0(?![.\d])|height\s*:\s*0(?![.\d])",
    re.IGNORECASE,
)
# Class tokens of folded content (the toggle that unfolds it is a button, cut as boilerplate).
_HIDING_CLASS_RE = re.compile(
    r"(?:^|[-_])(?:collaps(?:ed|e|ible)|hidden|hide|is-hidden|folded|truncated|more-?(?:text|content)|"
    r"read-?more-?(?:text|content|body))(?:$|[-_])",
    re.IGNORECASE,
)
# Hidden boxes that are never the article's text, whatever they hold.
_NEVER_ARTICLE_RE = re.compile(
    r"modal|popup|pop-up|dialog|overlay|drawer|offcanvas|menu|nav|cookie|consent|gdpr|newsletter|subscri|"
    r"login|signin|sign-in|register|tooltip|dropdown|search|template|lightbox|share|comment",
    re.IGNORECASE,
)
_NEVER_ARTICLE_ROLES = frozenset({"dialog", "alertdialog", "menu", "menubar", "navigation", "tooltip", "search"})
# A paragraph of prose, not a label or a menu entry.
_MIN_PARAGRAPH_CHARS = 40
# Attributes that hide; removed from a revealed element.
_HIDING_ATTRIBUTES = ("hidden", "aria-hidden", "aria-expanded", "style")


def reveal_collapsed(tree: HtmlElement) -> int:
    """Make the article's collapsed paragraphs visible in ``tree``; return how many elements were."""
    revealed = 0
    for el in _HIDDEN_XPATH(tree):
        if not _is_hidden(el) or not _holds_prose(el) or _never_article(el) or not _follows_prose(el):
            continue
        for name in _HIDING_ATTRIBUTES:
            el.attrib.pop(name, None)
        tokens = (el.get("class") or "").split()
        el.set("class", " ".join(t for t in tokens if not _HIDING_CLASS_RE.search(t)))
        if el.tag == "details":
            el.tag = "div"
            for label in el.findall("summary"):
                label.drop_tree()  # the toggle's label («اقرأ المزيد»), not the article's text
        revealed += 1
    return revealed


def _is_hidden(el: HtmlElement) -> bool:
    return (
        el.tag == "details"
        or el.get("hidden") is not None
        or el.get("aria-hidden") == "true"
        or bool(_HIDING_STYLE_RE.search(el.get("style") or ""))
        or any(_HIDING_CLASS_RE.search(t) for t in (el.get("class") or "").split())
    )


def _holds_prose(el: HtmlElement) -> bool:
    """At least one prose paragraph, and more text outside links than in them."""
    if not any(len(clean_line(p.text_content())) >= _MIN_PARAGRAPH_CHARS for p in el.iter("p")):
        return False
    linked = sum(len(clean_line(a.text_content())) for a in el.iter("a"))
    return linked * 2 < len(clean_line(el.text_content()))


def _never_article(el: HtmlElement) -> bool:
    """A modal, a menu, a form's box and the like (by class, id or role), or a box of other stories."""
    for node in (el, *el.iterancestors()):
        if node.tag in ("body", "html"):
            break
        marker = f"{node.get('class', '')} {node.get('id', '')}"
        if _NEVER_ARTICLE_RE.search(marker) or (node.get("role") or "").lower() in _NEVER_ARTICLE_ROLES:
            return True
    return in_other_box(el)


def _follows_prose(el: HtmlElement) -> bool:
    """A prose paragraph comes before ``el`` in its container: the visible start of the same text."""
    for sibling in el.itersiblings(preceding=True):
        if not isinstance(sibling.tag, str):
            continue
        paragraphs = [sibling] if sibling.tag == "p" else sibling.iter("p")
        if any(len(clean_line(p.text_content())) >= _MIN_PARAGRAPH_CHARS for p in paragraphs):
            return True
    return False
