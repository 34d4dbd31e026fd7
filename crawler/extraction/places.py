"""Places: a small gazetteer of Arab countries, capitals and large cities, as datelines name them.

A dateline opens a story with its place («بغداد - فلان», «عدن «الصحيفة» فلان»): a word of this list
at the start of a byline is the place, not the writer, and a byline that is only a place names no one.
"""

from __future__ import annotations

import re

from crawler.arabic import search_form

_PLACES = frozenset(
    search_form(p)
    for p in (
        # Countries and regions.
        "مصر", "السعودية", "الإمارات", "الكويت", "قطر", "البحرين", "عمان", "سلطنة عمان", "اليمن", "العراق",
        "سوريا", "سورية", "لبنان", "الأردن", "فلسطين", "غزة", "الضفة الغربية", "القدس", "ليبيا", "تونس",
        "الجزائر", "المغرب", "موريتانيا", "السودان", "الصومال", "جيبوتي", "تركيا", "إيران", "الخليج",
        # Capitals and large cities.
        "القاهرة", "الإسكندرية", "الجيزة", "أسوان", "الأقصر", "بورسعيد", "الرياض", "جدة", "مكة", "مكة المكرمة",
        "المدينة المنورة", "الدمام", "الخبر", "أبوظبي", "أبو ظبي", "دبي", "الشارقة", "عجمان", "رأس الخيمة",
        "الفجيرة", "العين", "الدوحة", "المنامة", "مسقط", "صلالة", "صنعاء", "عدن", "تعز", "الحديدة", "المكلا",
        "بغداد", "البصرة", "الموصل", "أربيل", "النجف", "كربلاء", "كركوك", "السليمانية", "دمشق", "حلب", "حمص",
        "حماة", "اللاذقية", "طرطوس", "إدلب", "درعا", "الرقة", "دير الزور", "القامشلي", "بيروت", "طرابلس",
        "صيدا", "صور", "زحلة", "عمّان", "إربد", "الزرقاء", "العقبة", "رام الله", "نابلس", "الخليل", "جنين",
        "بيت لحم", "بنغازي", "مصراتة", "سبها", "تونس العاصمة", "صفاقس", "سوسة", "القيروان", "الجزائر العاصمة",
        "وهران", "قسنطينة", "عنابة", "الرباط", "الدار البيضاء", "مراكش", "فاس", "طنجة", "أكادير", "مكناس",
        "نواكشوط", "الخرطوم", "أم درمان", "بورتسودان", "مقديشو", "أنقرة", "إسطنبول", "طهران", "باريس",
        "لندن", "واشنطن", "نيويورك", "موسكو", "برلين", "بروكسل", "جنيف", "روما", "بكين", "طوكيو",
    )
)  # fmt: skip
# A word of a dateline: what dashes, slashes, colons, commas, quotes and brackets separate.
_WORD_RE = re.compile(r"[^\s\-–—/:：،,«»()\"]+")
_MAX_PLACE_WORDS = max(len(p.split()) for p in _PLACES)


def is_place(text: str) -> bool:
    """``text`` is a place of the gazetteer (spelling variants folded)."""
    return search_form(text) in _PLACES


def split_place(text: str) -> tuple[str, str] | None:
    """``(place, rest)`` when a place opens ``text`` («بغداد - …», «عدن «…» …»), the longest one, else None."""
    words = list(_WORD_RE.finditer(text))
    for n in range(min(_MAX_PLACE_WORDS, len(words)), 0, -1):
        if search_form(" ".join(m.group() for m in words[:n])) in _PLACES:
            return text[: words[n - 1].end()], text[words[n - 1].end() :]
    return None
