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

from crawler.arabic import clean_line
from crawler.extraction import evidence
from crawler.extraction.htmlmeta import PageMeta

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
# JSON-LD types of things that are not writing: a station, a service, an application, a place.
_UTILITY_LD_TYPES = frozenset(
    {"radiostation", "televisionstation", "televisionchannel", "broadcastservice", "broadcastchannel",
     "webapplication", "softwareapplication", "place", "localbusiness", "event", "broadcastevent"}
)  # fmt: skip


def not_a_story(
    page: PageMeta, title: str | None, headline: str | None, prose: evidence.Prose
) -> tuple[str, str] | None:
    """``(reason, detail)`` when the page is a soft-404 or a utility page without article prose, else None.

    ``title`` is the document's ``<title>``, ``headline`` the visible headline found.
    """
    if prose.dominant():
        return None
    for text in (headline, title, page.first("og:title")):
        line = clean_line(text or "")
        if line and _NOT_FOUND_RE.search(line):
            return NOT_FOUND, f"the page says it was not found («{line}»)"
    words = clean_line(headline or "").split()
    if words and len(words) <= _MAX_UTILITY_TITLE_WORDS and _UTILITY_TITLE_RE.match(" ".join(words)):
        return UTILITY, f"its headline names a service («{' '.join(words)}»)"
    declared = {t for obj in page.jsonld for t in evidence.ld_types(obj)}
    if (utility := declared & _UTILITY_LD_TYPES) and not declared & evidence.ARTICLE_LD_TYPES:
        return UTILITY, f"JSON-LD {'/'.join(sorted(utility))} and no article type"
    return None
