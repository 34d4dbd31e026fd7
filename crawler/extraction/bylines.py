"""Bylines: finding the people who wrote an article, and telling them from outlets and agencies."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from lxml.html import HtmlElement

from crawler.arabic import arabic_letter_ratio, clean_line, search_form
from crawler.extraction.boilerplate import in_other_story
from crawler.extraction.htmlmeta import PageMeta, declared_title, state_objects, titled
from crawler.extraction.places import is_place, split_place

# Words that introduce a byline: «كتب/كتبت: فلان», «بقلم فلان», «إعداد: فلان», «By Name».
_BYLINE_PREFIX_RE = re.compile(
    r"^\s*(?:(?:نشر(?:ه|ها|ت)?\s+)?بواسطة|كتبت?|بقلم|تصوير|عدسة|إعداد|اعداد|تقرير|تحرير|بواسطة|حوار|حاور(?:ه|ها|هم|ته)?|تحقيق|رصد|إشراف|اشراف|متابعة|ترجمة|"
    r"الكاتبة?|المؤلف|by|authors?|written by)\s*[:：\-–,،]?\s*",
    re.IGNORECASE,
)
# A place or role after the name: «حسام أبو العلا - القاهرة», «ليلى منصور، عمّان», «Name | Cairo».
_TRAILING_PLACE_RE = re.compile(r"\s*[\-–—|،,/]\s*.*$")
# Class/id tokens of byline elements across CMSes.
_AUTHOR_CLASS_RE = re.compile(r"author|auteur|byline|writer|reporter|kateb|writeby|journalist|columnist", re.IGNORECASE)
# Elements near a writer's name that are not a byline: a bio or a description under it, and comments
# (whose «comment-author» is a reader).
_NOT_BYLINE_CLASS_RE = re.compile(r"\bbio\b|-bio\b|_bio\b|biography|description|\bdesc\b|-desc\b", re.IGNORECASE)
_COMMENTS_RE = re.compile(r"comment|respond|reply|replies|discussion|disqus", re.IGNORECASE)
# Words that never stand in a name: prepositions, pronouns, relatives, common verbs of a sentence
# («يدرّس في الجامعة», «وهو باحث»). «على» is left out: folded, it reads as the name «علي».
_SENTENCE_WORDS = frozenset(
    search_form(w)
    for w in ("في", "من", "عن", "إلى", "الى", "مع", "منذ", "حتى", "هو", "هي", "هم", "التي", "الذي", "الذين", "هذا",
              "هذه", "ذلك", "كان", "كانت", "قال", "قالت", "وقال", "يدرس", "تدرس", "يعمل", "تعمل", "صدر", "له", "لها",
              "كل", "لم", "لن", "قد", "أن", "إن", "ان", "لا", "ما", "بعد", "قبل", "عند", "حول", "ضد",
              # Labels and calls of a page's furniture, which sit where a name could: «اقرأ أيضا», «آخر تحديث».
              "اقرأ", "شاهد", "تابع", "تابعونا", "تابعوا", "انسخ", "شارك", "اشترك", "اضغط", "انقر", "المزيد",
              "للمزيد", "أيضا", "هنا", "الرابط", "الفيديو", "آخر", "تحديث", "نشر", "منشور", "دقائق", "دقيقة",
              "قراءة", "للقراءة", "مشاهدة", "تعليق", "تعليقات")
)  # fmt: skip
# An account login or slug given as the author («sana-editor», «admin_2»): lower-case Latin, no spaces.
_LOGIN_RE = re.compile(r"[a-z0-9._\-]+")
# A name that ends with an initial keeps its dot («سمير ب.»).
_INITIAL_END_RE = re.compile(r"(?:^|\s)\w\.$")
# After a dateline's place: «بغداد - فلان», «عدن «الصحيفة» فلان», «بنغازي - بوابة المدينة: فلان».
_AFTER_PLACE_RE = re.compile(r"^\s*(?:[\-–—/:：]|«)")
_QUOTED_SOURCE_RE = re.compile(r"^\s*[\-–—/:：]?\s*«[^»]{1,40}»\s*")
# Not people: organisations, desks, agencies, generic staff labels (compared in search form).
_NOT_A_PERSON_WORDS = frozenset(
    search_form(w)
    for w in (
        "وكالات",
        "وكالة",
        # Desk labels in the byline slot: «متابعات» (compiled from other reports), «خاص» (exclusive).
        "متابعات",
        "خاص",
        "رويترز",
        "فرانس برس",
        "أ ف ب",
        "أ.ف.ب",
        "الأناضول",
        "وام",
        "سانا",
        "واس",
        "قنا",
        "بترا",
        "كونا",
        "أسوشيتد",
        "شينخوا",
        "محرر",
        "المحرر",
        "محررو",
        "فريق",
        "قسم",
        "التحرير",
        "تحرير",
        "بوابة",
        "موقع",
        "جريدة",
        "صحيفة",
        "مجلة",
        "قناة",
        "إذاعة",
        "راديو",
        "تلفزيون",
        "نيوز",
        "الأخبار",
        "أخبار",
        "مراسل",
        "مراسلو",
        "المراسل",
        "شعار",
        "logo",
        "admin",
        "staff",
        "desk",
        "editor",
        "editorial",
        "news",
        "agency",
        "agencies",
        "reuters",
        "afp",
        "ap",
        "developed",
        "designed",
        "powered",
        "copyright",
        "rights",
        "team",
        # Labels of byline boxes («Article information», «معلومات المقال»), never names.
        "information",
        "article",
        "role",
        "معلومات",
        "المقال",
    )
)
# Given names that begin with «و», so that «وليد» in a byline is never read as «و» + «ليد».
_WAW_NAMES = frozenset(
    {"وليد", "وائل", "وفاء", "وسام", "وداد", "وحيد", "وجدي", "وهيب", "وديع", "وصفي", "وضاح", "وعد", "ولاء", "وئام",
     "ورد", "وردة", "وسيم", "وسن", "وجيه", "وهبة", "وليم", "وفيق", "وليدة", "وجدان", "وهاد", "وصال", "واصف", "وافي",
     "وهبي"}
)  # fmt: skip
# Profile links of the staff who posted a piece (an editors' page) rather than of its writer: a name
# there is the web desk's uploader, which many Egyptian and Gulf CMSes print in the author slot.
_EDITOR_LINK_RE = re.compile(r"/(?:editors?|editor-?news|moderators?|uploaders?)(?:/|$|[?#])", re.IGNORECASE)
_URLISH_RE = re.compile(r"https?:|www\.|\.com|\.net|\.org|@|/|\.(?:png|jpe?g|gif|svg|webp)\b", re.IGNORECASE)
_DIGIT_RE = re.compile(r"\d")
# Brackets and quotes mark datelines and source notes («(أبوظبي - البيان)»), not names.
_NOT_NAME_CHARS_RE = re.compile(r"[()\[\]{}<>«»\"=+*#]")
_MAX_BYLINE_CHARS = 120
# A place in brackets after a name («ماجد الكناني (جدة)»): the place is no part of the name.
_BRACKETED_PLACE_RE = re.compile(r"(?<=\S)\s*\([^()]{1,30}\)")
# A colon left in a cleaned name: a label the byline rules did not know («صورة: فلان»).
_LEFTOVER_LABEL_RE = re.compile(r"[:：]")
# A date after the name on the same line («كتب: فلان الأربعاء 21-08-2024»): the name ends before it.
_TRAILING_DATE_RE = re.compile(
    r"\s+(?:(?:ال)?(?:[أا]حد|[اإ]ثنين|ثلاثاء|[أا]ربعاء|خميس|جمعة|سبت)\s+)?[\d٠-٩]{1,4}\s*[-/.]\s*[\d٠-٩]{1,2}\b.*$"
)
# Keys of a framework state object that name its writers (a name, an object with one, or a list).
_STATE_AUTHOR_KEYS = ("author", "authors", "byline", "writer", "writers", "creator")
_MAX_NAME_WORDS = 6  # «عبد الله بن فهد آل الشيخ»
_MAX_NAME_CHARS = 50


def split_authors(text: str) -> list[str]:
    """The people of a shared byline: «سارة المهيري وخالد النقبي» → both, each with two words or more.

    «و» glued to the next word joins names, but it also starts names («وليد», «وائل»), so a split is
    kept only when both sides read as full names and the word after «و» is not a name of its own.
    """
    words = text.split()
    for i in range(2, len(words) - 1):
        word = words[i]
        if word == "و" and i + 2 <= len(words) - 0 and len(words) - i - 1 >= 2:
            return [" ".join(words[:i]), *split_authors(" ".join(words[i + 1 :]))]
        if word.startswith("و") and len(word) > 2 and word not in _WAW_NAMES and len(words) - i >= 2:
            return [" ".join(words[:i]), *split_authors(" ".join([word[1:], *words[i + 1 :]]))]
    return [text]


def clean_author(raw: str, site_names: Sequence[str] = ()) -> str | None:
    """A person's name from a byline string, or ``None`` when it names no person."""
    if _LOGIN_RE.fullmatch(raw.strip()):
        return None
    text = _TRAILING_DATE_RE.sub("", _BRACKETED_PLACE_RE.sub("", clean_line(raw)))
    text = _BYLINE_PREFIX_RE.sub("", text)
    text = after_place(text, site_names)
    if _URLISH_RE.search(text) or _NOT_NAME_CHARS_RE.search(text):
        return None
    text = _TRAILING_PLACE_RE.sub("", text).strip(" :")
    if not _INITIAL_END_RE.search(text):
        text = text.strip(" .")
    if not text or len(text) > _MAX_NAME_CHARS or _DIGIT_RE.search(text) or is_place(text):
        return None
    words = search_form(text).split()
    if not 1 <= len(words) <= _MAX_NAME_WORDS:
        return None
    if any(w in _NOT_A_PERSON_WORDS or w.removeprefix("ال") in _NOT_A_PERSON_WORDS for w in words):
        return None
    if any(w in _SENTENCE_WORDS or (w[:1] == "و" and w[1:] in _SENTENCE_WORDS) for w in words):
        return None
    padded = f" {' '.join(words)} "
    if any(" " in p and f" {p} " in padded for p in _NOT_A_PERSON_WORDS):
        return None  # multi-word organisations: «فرانس برس», «أ ف ب»
    folded_sites = {search_form(s) for s in site_names if s}
    if search_form(text) in folded_sites:
        return None
    return text


def after_place(text: str, site_names: Sequence[str] = ()) -> str:
    """The writer's part of a dateline that opens with a place, with the source between them dropped
    («بغداد - فلان» → «فلان», «عدن «الصحيفة» فلان» → «فلان»); ``text`` itself when no place opens it."""
    split = split_place(text)
    if split is None or not _AFTER_PLACE_RE.match(split[1]):
        return text
    rest = _QUOTED_SOURCE_RE.sub("", split[1], count=1).lstrip(" -–—/:：")
    label, colon, after = rest.partition(":")
    if colon and _is_source(label, site_names):
        rest = after
    return rest.strip()


def _is_source(text: str, site_names: Sequence[str]) -> bool:
    """An outlet or agency named before a writer («بوابة المدينة», «وكالة …», the site's own name)."""
    words = search_form(text).split()
    folded_sites = {search_form(s) for s in site_names if s}
    return bool(words) and (
        " ".join(words) in folded_sites
        or any(w in _NOT_A_PERSON_WORDS or w.removeprefix("ال") in _NOT_A_PERSON_WORDS for w in words)
    )


def find_authors(
    tree: HtmlElement,
    page: PageMeta,
    site_names: Sequence[str] = (),
    elements: Sequence[HtmlElement] | None = None,
) -> list[str]:
    """Authors from, in order of trust: JSON-LD persons, author meta tags, byline elements.

    ``elements`` are the page's byline elements when already found (``byline_elements``).
    """
    found = byline_elements(tree) if elements is None else elements
    shown = _people(_byline_texts(found), site_names)
    for candidates in (_ld_authors(page), _meta_authors(page)):
        if declared := _people(candidates, site_names):
            if shown and _shown_outranks(shown, declared, tree):
                return shown
            return _fuller_byline(found, declared, site_names) or declared
    return shown or _people(_state_authors(tree, page), site_names)


def shown_authors(elements: Sequence[HtmlElement], site_names: Sequence[str] = ()) -> list[str]:
    """The people that byline elements name."""
    return _people(_byline_texts(elements), site_names)


def _shown_outranks(shown: list[str], declared: list[str], tree: HtmlElement) -> bool:
    """The visible byline wins over metadata that names no one it shows, when the metadata is in Latin
    script and the byline in Arabic («Nadia Kettani» over «نادية الكتاني»), or when the metadata's
    names are people the story quotes («وأوضحت المهندسة فلانة…»), not its writers."""
    folded_shown = {search_form(n) for n in shown}
    if any(search_form(d) in folded_shown for d in declared):
        return False
    if all(arabic_letter_ratio(d) == 0 for d in declared) and all(arabic_letter_ratio(n) > 0.5 for n in shown):
        return True
    prose = search_form(" ".join(p.text_content() for p in tree.iter("p")))
    return all(f" {search_form(d)} " in f" {prose} " for d in declared)


def _fuller_byline(elements: Sequence[HtmlElement], declared: list[str], site_names: Sequence[str]) -> list[str]:
    """The shown byline when it names everyone the metadata names and more, else [].

    Metadata often shortens a name («منصور العيسى» for «د. منصور بن فهد العيسى») or keeps only the first
    of several writers. A shown byline is one byline element with the byline elements that follow it
    as its siblings («كتبت: …» then «تصوير: …»); one whose names keep a label («صورة: فلان») is not read.
    """
    members = set(elements)
    for el in elements:
        group = [el, *(s for s in el.itersiblings() if s in members)]
        names = _people(_byline_texts(group), site_names)
        if names and not any(_LEFTOVER_LABEL_RE.search(n) for n in names) and covers(names, declared):
            return names
    return []


def _people(candidates: Iterable[str], site_names: Sequence[str]) -> list[str]:
    names = [n for n in (clean_author(c, site_names) for c in candidates) if n]
    return list(dict.fromkeys(person for name in names for person in split_authors(name)))


def covers(visible: Sequence[str], declared: Sequence[str]) -> bool:
    """``visible`` names every person of ``declared`` (each as the same words or more, in order) and
    says more: a longer name or another person."""
    if not visible or visible == declared:
        return False
    folded = [search_form(v).split() for v in visible]
    return all(any(_subsequence(search_form(d).split(), v) for v in folded) for d in declared)


def _subsequence(words: list[str], within: list[str]) -> bool:
    rest = iter(within)
    return all(word in rest for word in words)


def byline_candidates(tree: HtmlElement, page: PageMeta, elements: Sequence[HtmlElement] | None = None) -> list[str]:
    """Every string found in a byline slot (JSON-LD, meta tags, byline elements), person or not."""
    found = byline_elements(tree) if elements is None else elements
    return [*_ld_authors(page), *_meta_authors(page), *_byline_texts(found)]


def byline_elements(
    tree: HtmlElement, teasers: Collection[HtmlElement] = (), headline: HtmlElement | None = None
) -> list[HtmlElement]:
    """Elements that hold the article's byline (so extraction can keep them out of the body).

    Bylines of other stories are not the article's: those in ``teasers`` (cards found by
    ``crawler.extraction.evidence``), in sidebars, widgets, related and most-read boxes, asides and
    forms (a comment form's «name» field).
    """
    found = []
    for el in tree.iter("span", "div", "p", "a", "address", "strong", "b", "small", "li", "td"):
        marker = f"{el.get('class', '')} {el.get('id', '')} {el.get('rel', '')} {el.get('itemprop', '')}"
        if (
            _AUTHOR_CLASS_RE.search(marker)
            and len(el.text_content()) <= _MAX_BYLINE_CHARS
            and not in_other_story(el, teasers, headline)
        ):
            found.extend(_labelled_region_items(el) or [el])
    return found


def _holds_bio(el: HtmlElement) -> bool:
    """``el`` is an author's bio or description, or a box that holds one (a name there comes alone too)."""
    return any(_NOT_BYLINE_CLASS_RE.search(d.get("class", "")) for d in el.iter() if isinstance(d.tag, str))


def _in_comments(el: HtmlElement) -> bool:
    """``el`` sits in a comment thread: its names are readers'."""
    return any(_COMMENTS_RE.search(f"{a.get('class', '')} {a.get('id', '')}") for a in el.iterancestors())


def _labelled_region_items(label: HtmlElement) -> list[HtmlElement]:
    """The list items of the region a byline label names (``<section aria-labelledby=…>``): the label
    reads «Article information», the items hold «Author, name» and «Role, desk»."""
    label_id = label.get("id")
    parent = label.getparent()
    if not label_id or parent is None or label_id not in (parent.get("aria-labelledby") or "").split():
        return []
    return [li for li in parent.iter("li") if len(clean_line(li.text_content())) <= _MAX_BYLINE_CHARS]


def _ld_authors(page: PageMeta) -> list[str]:
    author = page.article_ld().get("author")
    people: Iterable[Any] = author if isinstance(author, list) else [author]
    names = []
    for person in map(page.resolve, people):
        if isinstance(person, str):
            names.append(person)
        elif isinstance(person, dict) and str(person.get("@type", "Person")).lower() == "person":
            name = person.get("name")
            if isinstance(name, str):
                names.append(name)
    return names


def _state_authors(tree: HtmlElement, page: PageMeta) -> list[str]:
    """Authors in framework state (``__NEXT_DATA__``…), from the object that holds the page's title only:
    the state also lists related stories with authors of their own."""
    if not page.state:
        return []
    title = declared_title(tree, page)
    for obj in state_objects(page.state):
        if titled(obj, title):
            names = [_person_name(v) for key in _STATE_AUTHOR_KEYS for v in _as_list(obj.get(key))]
            return [n for n in names if n]
    return []


def _person_name(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(name := value.get("name") or value.get("displayName"), str):
        return name
    return None


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _meta_authors(page: PageMeta) -> list[str]:
    names: list[str] = []
    for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl"):
        names.extend(page.meta.get(key, []))
    return names


def _byline_texts(elements: Sequence[HtmlElement]) -> list[str]:
    texts = []
    for el in elements:
        # A bio or a comment is dropped from the body with the bylines, but names no writer.
        if _links_to_editor_page(el) or _holds_bio(el) or _in_comments(el):
            continue
        # Byline blocks often hold a photo and a profile link: the name is the element's text, unless
        # it links several people («<a>فلان</a> - <a>فلان</a>»): then each link is one of them.
        links = [clean_line(a.text_content()) for a in el.iter("a")]
        links = [t for t in links if t]
        if len(links) >= 2 and all(clean_author(t) for t in links):
            texts.extend(links)
            continue
        text = el.text_content()
        if _BRACKETED_PLACE_RE.search(text) and "،" in (unbracketed := _BRACKETED_PLACE_RE.sub("", text)):
            # «فلان (جدة)، فلان (الرياض)»: places in brackets, so what «،» separates are people.
            texts.extend(unbracketed.split("،"))
        elif text.strip():
            texts.append(text)
    return texts


def _links_to_editor_page(el: HtmlElement) -> bool:
    """The element's links all lead to an editors' page (the uploader, not the writer)."""
    hrefs = [a.get("href", "") for a in (el.iter("a") if el.tag != "a" else [el])]
    return bool(hrefs) and all(_EDITOR_LINK_RE.search(h) for h in hrefs)
