"""Is a page an article? The evidence for and against, read from what the page declares and its shape.

A page is refused as not-an-article only when it carries no article evidence and does show listing
evidence (``crawler.extraction.extract``). Article evidence is what outlets declare for article pages
(og:type, JSON-LD types, ``article:published_time``) or, for pages that declare nothing, one dominant
block of the page's own prose. Listing evidence is a page declared as a collection, or whose prose is
mostly teaser excerpts.

Prose is measured as text nodes grouped by their nearest block element: link text, headings and short
labels are not prose. A teaser card is found from its title, a heading that links to another page (or
a link standing alone as a title): the smallest element around the title that holds prose is the
card when that prose follows the title, is at most two short blocks, and the element holds no other
title and not the page's own headline; the excerpt may be the card's own text around its title
(``<li><h3><a>…</a></h3><span>intro…</span></li>``), and a link that opens a line of its own
(``<td><a>title</a><br>…``) is a title too. An article's related box or row of linked tags is no card: the
body that holds it has more blocks, and they come before its titles.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from crawler.extraction.htmlmeta import PageMeta

# JSON-LD types that only an article page declares for itself (WebPage is declared by every page).
ARTICLE_LD_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "askpublicnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "report",
        "scholarlyarticle",
    }
)
# JSON-LD types of pages that list other pages.
LISTING_LD_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage", "website"})
# og:type values of pages that are not articles (a site's home and sections say "website").
NON_ARTICLE_OG_TYPES = frozenset(
    {"website", "site", "blog", "profile", "video", "video.other", "video.episode", "video.movie", "music", "book"}
)
# Blocks that a link wraps only when it is a card.
_LINK_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "table"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TEASER_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# Inline elements: their text belongs to the block around them.
_INLINE = frozenset(
    {"span", "b", "strong", "i", "em", "u", "font", "mark", "small", "sup", "sub", "abbr", "bdi", "bdo", "q", "br"}
)
# Elements whose text is never article prose.
_NOT_PROSE = _HEADINGS | {"a", "button", "label", "option", "select", "textarea", "nav", "time", "figcaption"}
# A block with less text than this is a label, a date, a menu entry: not prose.
_MIN_BLOCK_CHARS = 40
# The page's own prose must be at least this many characters (about 90 words: more than a video's
# description or an author's bio) and this share of all its prose.
_MIN_DOMINANT_CHARS = 500
_MIN_DOMINANT_SHARE = 0.5
# Listing evidence: at least this many teaser excerpts, holding at least this share of the prose.
_MIN_TEASERS = 3
_MIN_TEASER_SHARE = 0.5
# A link that is all the text of one of these, with this many words or more, is a card's title.
_TITLE_PARENTS = frozenset({"strong", "b", "div", "span", "p"})
_TITLE_MIN_WORDS = 2
# Headlines of list pages: a section's name, or a list's label.
_SECTION_TITLE_WORDS = 2
_LISTING_TITLE_RE = re.compile(
    r"^\s*(?:ال)?(?:[أا]كثر\s+(?:قراءة|مشاهدة|تداولا|تعليقا)|نتائج\s+البحث|بحث\s+عن|[أا]رشيف|وسم|كل\s+(?:الأخبار|المقالات)|"
    r"[آا]خر\s+الأخبار|[أا]حدث\s+الأخبار|مقالات\s+الكاتب|most\s+(?:read|viewed|popular)|search\s+results|archives?\b|"
    r"latest\s+news|tag\s*:|category\s*:)",
    re.IGNORECASE,
)
# «Read more» links close a card; they are not a second title in it.
_READ_MORE_RE = re.compile(
    r"^[\s«»›‹<>→←.…]*(?:[إا]قر[أا]|قراءة|تابع|تابعوا|المزيد|التفاصيل|للمزيد|read|more|continue|lire|suite)",
    re.IGNORECASE,
)
# Writers' pages and byline markers: a link there names a person, never a card's title.
_AUTHOR_HREF_RE = re.compile(r"/(?:authors?|writers?|kuttab|columnists?|profile|profiles)/", re.IGNORECASE)
_AUTHOR_MARK_RE = re.compile(r"author|byline|writer|reporter", re.IGNORECASE)
# A teaser card holds its linked heading and at most this many prose blocks (an excerpt, a kicker).
_MAX_CARD_BLOCKS = 2
# The longest excerpt a card shows (about 250 words); more is an article's body under its kicker.
_MAX_CARD_CHARS = 1500
# Cards wrap a heading in a link a few levels up (<a><div><h3>…</h3></div></a>).
_LINK_WRAP_DEPTH = 3


@dataclass(frozen=True, slots=True)
class Prose:
    """The page's prose in characters: its own, and in teaser cards (``teaser_blocks`` of them)."""

    article: int
    teasers: int
    # The teaser cards found (each a linked heading and its excerpt), for extraction to cut out.
    cards: tuple[HtmlElement, ...] = field(default=(), compare=False, repr=False)

    @property
    def teaser_blocks(self) -> int:
        return len(self.cards)

    @property
    def total(self) -> int:
        return self.article + self.teasers

    def dominant(self) -> bool:
        """One dominant block of prose under the headline (the page's own text, not its teasers)."""
        return self.article >= _MIN_DOMINANT_CHARS and self.article >= _MIN_DOMINANT_SHARE * self.total

    def mostly_teasers(self) -> bool:
        """Most prose sits in teaser excerpts under links to other pages."""
        return self.teaser_blocks >= _MIN_TEASERS and self.teasers >= _MIN_TEASER_SHARE * self.total


def declared_article(page: PageMeta) -> str | None:
    """What the page declares that makes it an article (``og:type article``…), else None."""
    if (page.first("og:type") or "").strip().lower() == "article":
        return "og:type article"
    if page.first("article:published_time"):
        return "article:published_time"
    for obj in page.jsonld:
        if ARTICLE_LD_TYPES & ld_types(obj):
            return "JSON-LD " + "/".join(sorted(ARTICLE_LD_TYPES & ld_types(obj)))
    return None


def listing_title(headline: str | None) -> bool:
    """A page headline that names a list, not a story: none, a section's one or two words («محليات»,
    «اقتصاد»), or a list's label («الأكثر قراءة…», «نتائج البحث…», «أرشيف…»)."""
    words = (headline or "").split()
    return len(words) <= _SECTION_TITLE_WORDS or bool(_LISTING_TITLE_RE.match(headline or ""))


def declared_listing(page: PageMeta) -> str | None:
    """What the page declares that makes it a listing (a collection, a profile, a site home), else None."""
    og_type = (page.first("og:type") or "").strip().lower()
    if og_type in NON_ARTICLE_OG_TYPES:
        return f"og:type {og_type}"
    for obj in page.jsonld:
        if (LISTING_LD_TYPES - {"website"}) & ld_types(obj):
            return "JSON-LD " + "/".join(sorted(LISTING_LD_TYPES & ld_types(obj)))
    return None


def ld_types(obj: dict[str, Any]) -> set[str]:
    types = obj.get("@type")
    names = types if isinstance(types, list) else [types]
    return {t.lower().rsplit("/", 1)[-1] for t in names if isinstance(t, str)}


def measure_prose(root: HtmlElement) -> Prose:
    """How much of the page's prose is its own and how much sits in teaser cards."""
    blocks: dict[HtmlElement, int] = {}
    for owner, chars in _text_nodes(root):
        blocks[owner] = blocks.get(owner, 0) + chars
    prose = {block: chars for block, chars in blocks.items() if chars >= _MIN_BLOCK_CHARS}
    # Each prose block's ancestors, counted: the smallest ancestor of a heading that holds prose.
    holds: dict[HtmlElement, list[HtmlElement]] = {}
    for block in prose:
        for el in _ancestors(block):
            holds.setdefault(el, []).append(block)
    linked = [h for h in root.iter(*_HEADINGS) if _linked(h)] + _title_links(root)
    linked_set = set(linked)
    order: dict[HtmlElement, int] = {}
    in_cards: set[HtmlElement] = set()
    cards: list[HtmlElement] = []
    for heading in linked:
        card = next((el for el in _ancestors(heading) if el in holds), None)
        if card is None or len(holds[card]) > _MAX_CARD_BLOCKS or sum(prose[b] for b in holds[card]) > _MAX_CARD_CHARS:
            continue
        # A card's excerpt follows its heading, and a card holds one teaser: an article body that ends
        # in a related-links box or a row of linked tags is not a card.
        if not order:
            order.update((el, i) for i, el in enumerate(root.iter()))
        if any(order[b] < order[heading] and not _opens(b, heading) for b in holds[card]):
            continue
        # One teaser a card: no other linked heading in it, no other title before its excerpt (links
        # after it are the card's furniture: «read more», a comment count), and never the page's own
        # headline, whatever links sit above its text.
        first_block = min(order[b] for b in holds[card])
        if any(
            h is not heading and (h.tag == "h1" or (h in linked_set and (h.tag != "a" or order[h] < first_block)))
            for h in card.iter(*_HEADINGS, "a")
        ):
            continue
        in_cards.update(holds[card])
        cards.append(card)
    teasers = sum(prose[b] for b in in_cards)
    return Prose(sum(prose.values()) - teasers, teasers, tuple(cards))


def teaser_elements(root: HtmlElement, prose: Prose, headline: HtmlElement | None) -> list[HtmlElement]:
    """What is a teaser of another page: cards, linked headings, and links that wrap whole blocks
    (``<a><h3>…</h3><p>…</p></a>``). In a body, links sit inside paragraphs, never around them."""
    found: list[HtmlElement] = list(prose.cards)
    for el in root.iter(*_TEASER_HEADINGS):
        if el is not headline and _linked(el):
            found.append(el)
    for a in root.iter("a"):
        if _href(a) and any(child.tag in _LINK_BLOCKS for child in a.iterdescendants()):
            found.append(a)
    return found


def _title_links(root: HtmlElement) -> list[HtmlElement]:
    """Links that stand as a title: a headline-length link that is all the text of its parent
    (``<strong><a>…</a></strong>`` over an excerpt), as cards without heading elements write them."""
    found = []
    for a in root.iter("a"):
        parent = a.getparent()
        if parent is None or not _href(a):
            continue
        text = " ".join(a.text_content().split())
        if (
            len(text.split()) >= _TITLE_MIN_WORDS
            and (
                (parent.tag in _TITLE_PARENTS and " ".join(parent.text_content().split()) == text)
                or _opens_line(a, parent)
            )
            and not _READ_MORE_RE.match(text)
            and not _is_author_link(a)
        ):
            found.append(a)
    return found


def _opens_line(a: HtmlElement, parent: HtmlElement) -> bool:
    """A link that opens its parent's text on a line of its own (``<td><a>title</a><br>excerpt``),
    as table and list layouts write a teaser's title without a heading."""
    following = a.getnext()
    return (
        not (parent.text or "").strip()
        and a.getprevious() is None
        and not (a.tail or "").strip()
        and following is not None
        and following.tag == "br"
    )


def _opens(block: HtmlElement, heading: HtmlElement) -> bool:
    """``heading`` sits inside ``block`` with no prose before it: the block's text (an excerpt written
    in ``<span>``s or as the block's own text, around the title) follows the title."""
    if heading not in set(block.iterdescendants()):
        return False
    before = len((block.text or "").strip())
    node = heading
    while node is not block:
        before += sum(len(sib.text_content().strip()) for sib in node.itersiblings(preceding=True))
        node = node.getparent()
        before += len((node.text or "").strip()) if node is not block else 0
    return before < _MIN_BLOCK_CHARS


def _is_author_link(a: HtmlElement) -> bool:
    """A byline's link to its writer's page: a name, not a title."""
    if "author" in (a.get("rel") or "").lower() or _AUTHOR_HREF_RE.search(a.get("href") or ""):
        return True
    parent = a.getparent()
    for el in (a, parent, parent.getparent() if parent is not None else None):
        if el is not None and _AUTHOR_MARK_RE.search(f"{el.get('class', '')} {el.get('itemprop', '')}"):
            return True
    return False


def _ancestors(el: HtmlElement) -> Iterator[HtmlElement]:
    node: HtmlElement | None = el
    while node is not None:
        yield node
        node = node.getparent()


def _linked(heading: HtmlElement) -> bool:
    """A heading that holds a link, or sits in one: a teaser's title, not the page's own headline."""
    if any(_href(a) for a in heading.iter("a")):
        return True
    parent = heading.getparent()
    for _ in range(_LINK_WRAP_DEPTH):
        if parent is None:
            return False
        if parent.tag == "a" and _href(parent):
            return True
        parent = parent.getparent()
    return False


def _href(a: HtmlElement) -> bool:
    href = (a.get("href") or "").strip()
    return bool(href) and not href.startswith(("#", "javascript:"))


def _text_nodes(root: HtmlElement) -> Iterator[tuple[HtmlElement, int]]:
    """(block element, characters) for each text node outside links, headings and form controls."""
    stack: list[tuple[HtmlElement, HtmlElement, bool]] = [(root, root, False)]
    while stack:
        el, block, muted = stack.pop()
        if not isinstance(el.tag, str):
            continue
        tag = el.tag
        muted = muted or tag in _NOT_PROSE
        owner = block if tag in _INLINE else el
        if not muted and el.text and (n := len(el.text.strip())):
            yield owner, n
        for child in el:
            stack.append((child, owner, muted))
            if child.tail and not muted and (n := len(child.tail.strip())):
                yield owner, n
