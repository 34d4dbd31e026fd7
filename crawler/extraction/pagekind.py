"""Pages that are no story whatever they declare: soft-404s and utility pages.

Many CMSes serve a «page not found» with status 200 inside the article template (og:type article, a
dated URL), and give a live stream, prayer times or the weather the site-wide ``og:type article``. Such
a page says what it is in its title or headline, or in its JSON-LD type; it is refused only when it
also lacks the one thing an article has and those pages never do: a dominant block of its own prose
(``crawler.extraction.evidence``). A short breaking item keeps its news headline, so none of these
signals fires on it.
"""

from __future__ import annotations

import re
from typing import Final

from lxml.html import HtmlElement

from crawler.arabic import clean_line, search_form
from crawler.extraction import evidence
from crawler.extraction.htmlmeta import PageMeta
from crawler.extraction.places import is_place

# Refusal reasons (stats keys, as ``NotAnArticle.reason``).
NOT_FOUND: Final = "not_found_page"
UTILITY: Final = "utility_page"
# «Not found» as outlets word it in a title or headline: Arabic, English and French.
_NOT_FOUND_RE = re.compile(
    r"(?:الصفحة|الصفحه|الرابط|المحتوى|المقال|الخبر)\s+(?:التي\s+\S+\s+(?:\S+\s+)?)?(?:غير\s+موجود|غير\s+متوفر|لم\s+تعد\s+موجود)"
    r"|لم\s+(?:ن|ي|ت)?تمكن\s+من\s+(?:العثور|إيجاد)|لم\s+يتم\s+العثور|(?:خطأ|error|erreur)\s*404|^\s*404\s*$"
    r"|page\s+(?:not\s+found|introuvable)|404\s+not\s+found",
    re.IGNORECASE,
)
# Utility services as a page's whole headline (a label of a few words, never a news sentence):
# live streams, prayer times, weather, exchange rates, programme and match schedules.
_UTILITY_TITLE_RE = re.compile(
    r"^\s*(?:(?:ال)?بث\s+(?:ال)?مباشر|على\s+الهواء|مواقيت\s+الصلاة|[أا]وقات\s+الصلاة|(?:حالة|[أا]حوال)\s+الطقس|"
    r"النشرة\s+الجوية|[أا]سعار\s+(?:العملات|الصرف|الذهب)|جدول\s+(?:البرامج|المباريات)|دليل\s+البرامج|"
    r"live\s+(?:stream|radio|tv)|prayer\s+times|weather\s+forecast)(?!\S)",
    re.IGNORECASE,
)
_MAX_UTILITY_TITLE_WORDS = 5
# A longer headline is a service page's too when it is made of service names and nothing else but
# days, places and joining words: «الطقس ومواقيت الصلاة اليوم في مدينة …». A story has a subject and
# a verb besides («عاصفة تضرب …»), so any other word keeps it.
_SERVICE_RE = re.compile(
    r"(?:^|(?<=\s)|(?<=\sو))(?:"
    r"(?:(?:حال[ةه]|[أا]حوال)\s+)?(?:ال)?طقس|النشرة\s+الجوية|درجات\s+الحرارة|(?:مواقيت|[أا]وقات)\s+(?:ال)?صلا[ةه]|"
    r"[أا]سعار\s+(?:ال)?(?:عملات|صرف|ذهب|فضة|وقود)|سعر\s+(?:ال)?صرف|(?:جدول|دليل)\s+(?:ال)?(?:برامج|مباريات)|"
    r"(?:ال)?بث\s+(?:ال)?مباشر|[اإ]مساكية\s+رمضان)(?!\S)"
)
# A story about the weather («عاصفة …») has at least this many paragraphs of this many characters.
_MIN_STORY_PARAGRAPHS = 3
_MIN_STORY_PARAGRAPH = 120
_FILLER_WORDS = frozenset(
    search_form(w)
    for w in ("اليوم", "غدا", "غداً", "الليلة", "الآن", "الأسبوع", "الشهر", "هذا", "هذه", "الحالي", "الجاري",
              "في", "ب", "ل", "و", "حسب", "لجميع", "جميع", "كل", "مدن", "المدن", "مدينة", "محافظة", "محافظات",
              "سلطنة", "دولة", "المملكة", "جمهورية", "إمارة", "العربية", "المتحدة", "الأحد", "الاثنين", "الثلاثاء",
              "الأربعاء", "الخميس", "الجمعة", "السبت", "لليوم", "ليوم", "والمدن", "العاصمة", "المحلية",
              "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
              "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")
)  # fmt: skip
# JSON-LD types of things that are not writing: a station, a service, an application, a place.
_UTILITY_LD_TYPES = frozenset(
    {"radiostation", "televisionstation", "televisionchannel", "broadcastservice", "broadcastchannel",
     "webapplication", "softwareapplication", "place", "localbusiness", "event", "broadcastevent"}
)  # fmt: skip


def not_a_story(
    page: PageMeta,
    title: str | None,
    headline: str | None,
    prose: evidence.Prose,
    tree: HtmlElement | None = None,
) -> tuple[str, str] | None:
    """``(reason, detail)`` when the page is a soft-404 or a utility page without article prose, else None.

    ``title`` is the document's ``<title>``, ``headline`` the visible headline found. A headline of
    services only is a service page even over a forecast paragraph, unless ``tree`` (the page without
    its boilerplate) holds the paragraphs of a story.
    """
    if _only_services(clean_line(headline or "")) and tree is not None and not _story_paragraphs(tree):
        return UTILITY, f"its headline names services only («{clean_line(headline or '')}») over no story"
    if prose.dominant():
        return None
    for text in (headline, title, page.first("og:title")):
        line = clean_line(text or "")
        if line and _NOT_FOUND_RE.search(line):
            return NOT_FOUND, f"the page says it was not found («{line}»)"
    words = clean_line(headline or "").split()
    if words and len(words) <= _MAX_UTILITY_TITLE_WORDS and _UTILITY_TITLE_RE.match(" ".join(words)):
        return UTILITY, f"its headline names a service («{' '.join(words)}»)"
    if words and _only_services(" ".join(words)):
        return UTILITY, f"its headline names services only («{' '.join(words)}»)"
    declared = {t for obj in page.jsonld for t in evidence.ld_types(obj)}
    if (utility := declared & _UTILITY_LD_TYPES) and not declared & evidence.ARTICLE_LD_TYPES:
        return UTILITY, f"JSON-LD {'/'.join(sorted(utility))} and no article type"
    return None


def _story_paragraphs(tree: HtmlElement) -> bool:
    """``tree`` holds a story's paragraphs: a few full ones, not one forecast over tables."""
    full = (p for p in tree.iter("p") if len(clean_line(p.text_content())) >= _MIN_STORY_PARAGRAPH)
    return sum(1 for _ in zip(range(_MIN_STORY_PARAGRAPHS), full, strict=False)) >= _MIN_STORY_PARAGRAPHS


def _only_services(headline: str) -> bool:
    """The headline opens with a service name and says nothing but service names, days and places."""
    text = clean_line(headline)
    if not _SERVICE_RE.match(text):
        return False
    rest = search_form(_SERVICE_RE.sub(" ", text)).split()
    return all(_filler(w) or _filler(w.removeprefix("و")) or _filler(w.removeprefix("ب")) for w in rest)


def _filler(word: str) -> bool:
    return not word or word in _FILLER_WORDS or word.isdigit() or is_place(word)
