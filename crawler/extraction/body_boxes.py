"""Boxes that templates put inside the body container and that are not the article's prose.

- A pull-quote: a ``<blockquote>`` (or a box whose class says "quote") repeating, in large type, a
  sentence the body already gives; it goes with its attribution line («<cite>name، role</cite>»).
  Found by its text, not by its class (themes name it ``wp-block-quote is-style-large``,
  ``quote--big``, …): a quote none of the paragraphs around it contains is a real quotation and stays.
- A call to support the outlet: «ساعدنا في الاستمرار…»، «ادعم … بالتبرع»، «ساهم في استمرار صحافتنا»,
  a short line asking readers for money or a membership, in a box or a paragraph of its own.

Pure functions over the parsed tree, called at the end of ``crawler.extraction.boilerplate.remove_boilerplate``.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from crawler.arabic import clean_line, search_form

__all__ = ["is_support_call", "remove_body_boxes"]

# Where a pull-quote sits: a blockquote, or a box whose class names a quote.
_QUOTE_CLASS_RE = re.compile(r"(?:^|[\s_-])(?:pull-?)?quote(?:$|[\s_-])", re.IGNORECASE)
_QUOTE_BOX_TAGS = frozenset({"div", "aside", "section", "figure", "p"})
# A quote's own attribution, not part of what is quoted.
_ATTRIBUTION_TAGS = frozenset({"cite", "footer", "figcaption"})
# A pull-quote is a sentence or two; a repeat shorter than this proves nothing («نعم»).
_QUOTE_MIN, _QUOTE_MAX = 20, 400
# A call for money or membership: a verb asking the reader's help, and what the help is.
_SUPPORT_VERB_RE = re.compile(
    r"(?<![^\W\d_])(?:ادعم|ادعموا|ادعمي|ساعدنا|ساعدونا|ساندنا|ساندونا|ساهم|ساهموا|ساهمي|تبرع|تبرعوا|كن\s+داعما|كن\s+داعماً)"
    r"(?![^\W\d_])"
)
_SUPPORT_OBJECT_RE = re.compile(
    r"بالتبرع|التبرع|تبرعك|تبرعات|الصحافة\s+المستقلة|صحافتنا|صحافة\s+مستقلة|اشتراك|الاشتراك|العضوية|"
    r"دعمك|دعمكم|بدعمك|بدعمكم|donate|donation|support\s+us",
    re.IGNORECASE,
)
_SUPPORT_MAX = 250
_SUPPORT_TAGS = frozenset({"p", "div", "aside", "section", "span", "strong", "em"})


def remove_body_boxes(tree: HtmlElement) -> None:
    """Cut pull-quotes repeating the body and calls to support the outlet out of ``tree``."""
    quotes = [el for el in tree.iter() if _may_be_quote(el)]
    if quotes:
        inside = {node for quote in quotes for node in quote.iter()}
        paragraphs = [f" {search_form(p.text_content())} " for p in tree.iter("p") if p not in inside]
        for quote in quotes:
            said = search_form(_quoted_text(quote))
            if (
                quote.getparent() is not None
                and _QUOTE_MIN <= len(said) <= _QUOTE_MAX
                and any(f" {said} " in p for p in paragraphs)
            ):
                quote.drop_tree()
    if not _SUPPORT_VERB_RE.search(tree.text_content()):
        return  # most pages: no element to test
    for el in [el for el in tree.iter() if el.tag in _SUPPORT_TAGS]:
        if el.getparent() is not None and is_support_call(clean_line(el.text_content())):
            el.drop_tree()


def is_support_call(text: str) -> bool:
    """A short line asking readers to fund the outlet («ادعم … بالتبرع الشهري», «ساعدنا في الاستمرار…»)."""
    return (
        0 < len(text) <= _SUPPORT_MAX and bool(_SUPPORT_VERB_RE.search(text)) and bool(_SUPPORT_OBJECT_RE.search(text))
    )


def _may_be_quote(el: HtmlElement) -> bool:
    if el.tag == "blockquote":
        return True
    return el.tag in _QUOTE_BOX_TAGS and bool(_QUOTE_CLASS_RE.search(el.get("class", "")))


def _quoted_text(quote: HtmlElement) -> str:
    """The quote's words without its attribution line."""
    text = str(quote.text_content())
    for attribution in quote.iter(*_ATTRIBUTION_TAGS):
        text = text.replace(attribution.text_content(), " ", 1)
    return text
