"""Credit lines: the agencies and sources an article credits («المصدر: …», «(رويترز)», «وكالات»)."""

from __future__ import annotations

import re

from crawler.arabic import clean_line

# News agencies as Arabic outlets write them (full names and the usual abbreviations).
_AGENCIES = (
    "رويترز",
    "فرانس برس",
    "أ ف ب",
    "أ.ف.ب",
    "ا ف ب",
    "أسوشيتد برس",
    "أسوشييتد برس",
    "أ ب",
    "الأناضول",
    "وام",
    "واس",
    "قنا",
    "بترا",
    "كونا",
    "سانا",
    "شينخوا",
    "د ب أ",
    "د.ب.أ",
    "إفي",
    "سبوتنيك",
    "أ ش أ",
    "وكالات",
    "وكالة الأنباء الفرنسية",
    "وكالة الأنباء الألمانية",
    "وكالة الأنباء القطرية",
    "وكالة الأنباء السعودية",
    "وكالة أنباء الإمارات",
    "وكالة الأنباء الأردنية",
)
_AGENCY_ALT = "|".join(re.escape(a) for a in sorted(_AGENCIES, key=len, reverse=True))
# A paragraph that is only a source line: «المصدر: وكالات», «المصادر: رويترز + الجزيرة».
_SOURCE_LINE_RE = re.compile(r"^\s*(?:المصدر|المصادر|مصدر الخبر)\s*[:：]\s*(?P<who>.{1,80}?)\s*\.?\s*$")
# A paragraph that is only an agency mark: «وكالات», «(رويترز)», «--(بترا)».
_AGENCY_ONLY_RE = re.compile(rf"^[\s\-–—(]*(?P<who>{_AGENCY_ALT})[\s)\-–—.]*$")
# An agency mark inside the text: «(رويترز) -» at the start, «--(بترا)» at the end, «(أ ف ب)» anywhere.
_AGENCY_MARK_RE = re.compile(rf"\(\s*(?P<who>{_AGENCY_ALT})\s*\)")
# A signature line: short parts joined by «/», «+» or a dash, one of them an agency («قناة 24/ أ ف ب»).
_SIGNATURE_SPLIT_RE = re.compile(r"\s*[/+|]\s*|\s+[\-–—]\s+")
_MAX_SIGNATURE_CHARS = 60
_MAX_SIGNATURE_WORDS = 4
# Sentence punctuation: a signature is no sentence.
_SENTENCE_MARK_RE = re.compile(r"[.،,:؛!?؟«»]\s+\S|[.!?؟]\s*$")
# «رويترز + الجزيرة», «رويترز والأناضول»: «و» joins two sources only before «ال» or an agency name.
_SPLIT_WHO_RE = re.compile(rf"\s*(?:[+،,/&]|\sو(?=ال|(?:{_AGENCY_ALT})))\s*")


def split_credits(body: str) -> tuple[str, list[str]]:
    """Move trailing source-only paragraphs out of ``body``; return ``(body, credits)``.

    Agency marks inside paragraphs («(رويترز) - …») stay in the text and are credited too.
    """
    paragraphs = body.split("\n\n")
    credits: list[str] = []
    while paragraphs and (names := credit_line(paragraphs[-1])) is not None:
        credits[:0] = names
        paragraphs.pop()
    for paragraph in paragraphs:
        credits.extend(m.group("who") for m in _AGENCY_MARK_RE.finditer(paragraph))
    return "\n\n".join(paragraphs), list(dict.fromkeys(clean_line(c) for c in credits if c.strip()))


def credit_line(paragraph: str) -> list[str] | None:
    """The sources a paragraph names when it is only a credit line, else None: «المصدر: وكالات»,
    «(رويترز)», or a signature of short parts one of which is an agency («القناة/ أ ف ب»; the agencies
    are credited, the outlet's own desk is not)."""
    text = paragraph.strip()
    if match := _SOURCE_LINE_RE.match(text) or _AGENCY_ONLY_RE.match(text):
        return _names(match.group("who"))
    if len(text) > _MAX_SIGNATURE_CHARS or _SENTENCE_MARK_RE.search(text):
        return None
    parts = [p.strip(" ()-–—.") for p in _SIGNATURE_SPLIT_RE.split(text)]
    if len(parts) < 2 or any(not p or len(p.split()) > _MAX_SIGNATURE_WORDS for p in parts):
        return None
    agencies = [p for p in parts if p in _AGENCIES]
    return agencies or None


# An agency named in a byline slot: «كتب: وكالات», «رويترز - القاهرة», «بقلم: فرانس برس».
_AGENCY_IN_BYLINE_RE = re.compile(rf"(?<![^\W\d_])(?P<who>{_AGENCY_ALT})(?![^\W\d_])")


def agency_credits(bylines: list[str]) -> list[str]:
    """Agencies named where a byline goes: credited, never taken for authors."""
    found = (m.group("who") for text in bylines for m in _AGENCY_IN_BYLINE_RE.finditer(clean_line(text)))
    return list(dict.fromkeys(found))


def _names(who: str) -> list[str]:
    who = who.strip(" ()-–—.")
    parts = [p.strip(" ()") for p in _SPLIT_WHO_RE.split(who)] if who not in _AGENCIES else [who]
    return [p for p in parts if p]
