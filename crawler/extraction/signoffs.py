"""Sign-offs: the writer named on a line of its own after the story's last paragraph, as agencies and
blogs end a piece («فلان الفلاني», «نص وتصوير: فلان»).

Looked for only when the page names no writer elsewhere, and only in the block that holds the page's
paragraphs: the line must follow a full paragraph and close the block.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from lxml.html import HtmlElement

from crawler.arabic import arabic_letter_ratio, clean_line, search_form
from crawler.extraction.boilerplate import in_other_story
from crawler.extraction.bylines import clean_author

# The paragraph before a sign-off is a full one; the sign-off itself is a short line.
_MIN_LAST_PARAGRAPH = 80
_MAX_SIGNOFF_CHARS = 60
_MIN_PARAGRAPHS = 3
# Labels of a sign-off: they must say the person wrote («نص», «كتابة»…); a photographer alone
# («تصوير: فلان») is a credit, not the writer.
_WRITING_WORDS = frozenset(search_form(w) for w in ("نص", "كتابة", "كتب", "كتبت", "بقلم", "إعداد", "تقرير", "تحرير"))
_LABEL_WORDS = _WRITING_WORDS | {search_form(w) for w in ("تصوير", "عدسة", "متابعة", "و")}
_SENTENCE_END_RE = re.compile(r"[.!?؟…]$")
_MIN_NAME_WORDS, _MAX_NAME_WORDS = 2, 4


def signoff(
    tree: HtmlElement,
    headline: HtmlElement | None,
    site_names: Sequence[str],
    teasers: Collection[HtmlElement] = (),
) -> tuple[list[str], HtmlElement | None]:
    """The writer named by the line that closes the page's main block of paragraphs, and that line."""
    paragraphs = _main_paragraphs(tree)
    if len(paragraphs) < _MIN_PARAGRAPHS:
        return [], None
    last, before = paragraphs[-1], paragraphs[-2]
    text = clean_line(last.text_content())
    if len(clean_line(before.text_content())) < _MIN_LAST_PARAGRAPH or len(text) > _MAX_SIGNOFF_CHARS:
        return [], None
    if in_other_story(last, teasers, headline):
        return [], None
    name = _signed_name(text, site_names)
    return ([name], last) if name else ([], None)


def _signed_name(text: str, site_names: Sequence[str]) -> str | None:
    label, colon, rest = text.partition(":")
    if colon:
        words = [w.removeprefix("و") if w not in _LABEL_WORDS else w for w in search_form(label).split()]
        if not words or not set(words) <= _LABEL_WORDS or not set(words) & _WRITING_WORDS:
            return None
        text = rest
    elif _SENTENCE_END_RE.search(text) or arabic_letter_ratio(text) < 1:
        return None  # a bare name is written in Arabic and ends no sentence
    name = clean_author(text, site_names)
    if name is None or not _MIN_NAME_WORDS <= len(name.split()) <= _MAX_NAME_WORDS:
        return None
    return name if all(len(w) >= 2 for w in search_form(name).split()) else None


def _main_paragraphs(tree: HtmlElement) -> list[HtmlElement]:
    """The non-empty ``<p>`` children of the element whose ``<p>`` children hold the most text."""
    chars: dict[HtmlElement, int] = {}
    for p in tree.iter("p"):
        parent = p.getparent()
        if parent is not None:
            chars[parent] = chars.get(parent, 0) + len(clean_line(p.text_content()))
    if not chars:
        return []
    block = max(chars, key=lambda el: chars[el])
    return [c for c in block if c.tag == "p" and clean_line(c.text_content())]
