"""Relative publication dates («منذ 3 ساعات», «أمس 10:30 م», «3 hours ago») against a reference time.

Listing pages, live blogs and some article bylines print how long ago a story went up instead of when.
``parse_relative_date`` turns such a string into a ``ParsedDate`` in the outlet's timezone, given the
moment the page was fetched. It accepts only a whole string that is a relative form (optionally after a
label such as «نشر» or «آخر تحديث:»), so a headline that merely contains «اليوم» is never read as a date.

Precision follows the wording: seconds, minutes and hours give a time (``has_time=True``, seconds and
below dropped); days, weeks, months, years, «أمس» and «اليوم» give the local midnight of that day
(``has_time=False``) unless a time of day follows («أمس 10:30 م», «اليوم 08:15»).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

from crawler.extraction.date_common import MIN_YEAR, TIME_RE, ParsedDate, alternation, fold, to_24h

__all__ = ["parse_relative_date"]

# --- Words (written as outlets print them; keys are folded like the text they are matched against) ---

# Unit word -> (unit, count it implies): singular 1, dual 2, plural None (needs a number: «3 ساعات»).
# The accusative singular («15 يوماً») is what Arabic uses after 11 and above.
_ARABIC_UNITS: Mapping[str, tuple[str, int | None]] = MappingProxyType(
    {
        fold(word): meaning
        for words, meaning in (
            (("ثانية", "ثانيه"), ("second", 1)),
            (("ثانيتين", "ثانيتان"), ("second", 2)),
            (("ثوان", "ثواني"), ("second", None)),
            (("دقيقة",), ("minute", 1)),
            (("دقيقتين", "دقيقتان"), ("minute", 2)),
            (("دقائق", "دقايق"), ("minute", None)),
            (("ساعة",), ("hour", 1)),
            (("ساعتين", "ساعتان"), ("hour", 2)),
            (("ساعات",), ("hour", None)),
            (("يوم", "يوماً"), ("day", 1)),
            (("يومين", "يومان"), ("day", 2)),
            (("أيام",), ("day", None)),
            (("أسبوع", "أسبوعاً"), ("week", 1)),
            (("أسبوعين", "أسبوعان"), ("week", 2)),
            (("أسابيع",), ("week", None)),
            (("شهر", "شهراً"), ("month", 1)),
            (("شهرين", "شهران"), ("month", 2)),
            (("أشهر", "شهور"), ("month", None)),
            (("سنة", "عام", "عاماً"), ("year", 1)),
            (("سنتين", "سنتان", "عامين", "عامان"), ("year", 2)),
            (("سنوات", "سنين", "أعوام"), ("year", None)),
        )
        for word in words
    }
)
# «منذ ثلاث ساعات», «قبل عشرة أيام»: both genders of 1..10.
_ARABIC_NUMBERS: Mapping[str, int] = MappingProxyType(
    {
        fold(word): number
        for number, words in enumerate(
            (
                ("واحد", "واحدة"),
                ("اثنين", "اثنتين", "اثنان", "اثنتان"),
                ("ثلاث", "ثلاثة"),
                ("أربع", "أربعة"),
                ("خمس", "خمسة"),
                ("ست", "ستة"),
                ("سبع", "سبعة"),
                ("ثمان", "ثماني", "ثمانية"),
                ("تسع", "تسعة"),
                ("عشر", "عشرة"),
            ),
            start=1,
        )
        for word in words
    }
)
_ENGLISH_UNITS: Mapping[str, str] = MappingProxyType(
    {
        **dict.fromkeys(("second", "sec"), "second"),
        **dict.fromkeys(("minute", "min"), "minute"),
        **dict.fromkeys(("hour", "hr"), "hour"),
        "day": "day",
        **dict.fromkeys(("week", "wk"), "week"),
        "month": "month",
        **dict.fromkeys(("year", "yr"), "year"),
    }
)
_ENGLISH_NUMBERS: Mapping[str, int] = MappingProxyType(
    {
        "a": 1,
        "an": 1,
        **{
            word: n
            for n, word in enumerate(
                ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), start=1
            )
        },
    }
)
# Day word -> days back: «أمس», «البارحة», «أول أمس» (the day before yesterday).
_DAY_WORDS: Mapping[str, int] = MappingProxyType(
    {
        fold(word): days
        for word, days in {
            "اليوم": 0,
            "today": 0,
            "أمس": 1,
            "يوم أمس": 1,
            "البارحة": 1,
            "yesterday": 1,
            "أول أمس": 2,
            "أول من أمس": 2,
        }.items()
    }
)

# Units that keep the time of day, and how the others step back by calendar days or months.
_CLOCK_UNITS: Mapping[str, timedelta] = MappingProxyType(
    {"second": timedelta(seconds=1), "minute": timedelta(minutes=1), "hour": timedelta(hours=1)}
)
_DAY_UNITS: Mapping[str, int] = MappingProxyType({"day": 1, "week": 7})
_MONTH_UNITS: Mapping[str, int] = MappingProxyType({"month": 1, "year": 12})

# --- Patterns (all applied with fullmatch to folded text) ----------------------------------------------

# The label a byline may put first (the ones ``crawler.extraction.extract`` recognises, and English ones), and the
# punctuation around the phrase; anything else around it means the string is not just a relative date.
_LABEL = (
    r"[\s(|-]*(?:(?:تم النشر|تم نشره?|تاريخ النشر|بتاريخ|نشر|اخر تحديث|تم التحديث|تحديث|published|updated|posted)"
    r"(?:\s+في)?\s*:?\s*)?"
)
_TRAILER = r"[\s).,!|-]*"
# «منذ نحو ساعة», «about 3 hours ago».
_ABOUT = r"(?:(?:حوالي|نحو|قرابه|about|around)\s+)?"

# «الآن», «قبل قليل», «منذ لحظات», «just now».
_NOW_RE = re.compile(
    _LABEL + r"(?:الان|حالا|(?:منذ|قبل) (?:قليل|لحظات|لحظه)|just now|now|(?:a few )?moments ago)" + _TRAILER
)
# «منذ 3 ساعات», «قبل ساعة», «منذ ساعتين», «منذ ثلاث ساعات», «منذ 15 يوما»: a number is either digits
# (glued or spaced) or a word (spaced); the unit word decides whether a number is needed or allowed.
_AGO_ARABIC_RE = re.compile(
    _LABEL
    + rf"(?:منذ|قبل)\s+{_ABOUT}"
    + rf"(?:(?P<n>\d{{1,3}})\s*|(?P<word>{alternation(_ARABIC_NUMBERS)})\s+)?"
    + rf"(?P<unit>{alternation(_ARABIC_UNITS)})"
    + _TRAILER
)
# «3 hours ago», «an hour ago», «5 mins ago».
_AGO_ENGLISH_RE = re.compile(
    _LABEL
    + _ABOUT
    + rf"(?:(?P<n>\d{{1,3}})\s*|(?P<word>{alternation(_ENGLISH_NUMBERS)})\s+)"
    + rf"(?P<unit>{alternation(_ENGLISH_UNITS)})s?\s+ago"
    + _TRAILER
)
# «أمس», «مساء أمس», «أمس 10:30 م», «اليوم الساعة 08:15», «yesterday at 10:30 pm». The time is
# ``crawler.extraction.dates``'s time-of-day pattern, so AM/PM words are read the same way as in absolute dates.
_DAY_RE = re.compile(
    _LABEL
    + r"(?:(?:صباح|ظهر|عصر|مساء|ليله|فجر)\s+)?"
    + rf"(?P<day>{alternation(_DAY_WORDS)})"
    + rf"(?:\s*[,-]?\s*(?:(?:على|في تمام)?\s*الساعه|at)?\s*(?P<time>{TIME_RE.pattern}))?"
    + _TRAILER
)


# --- Arithmetic ----------------------------------------------------------------------------------------


def _months_before(day: date, months: int) -> date:
    """``day`` moved back by calendar months, clamped to the month's end (31 March - 1 month = 28 Feb)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last_day))


def _midnight(day: date, like: datetime) -> datetime:
    return datetime.combine(day, time(), tzinfo=like.tzinfo)


def _ago(now: datetime, unit: str, count: int) -> tuple[datetime, bool]:
    """``count`` units before local ``now``, and whether the result carries a time of day."""
    if unit in _CLOCK_UNITS:
        # Through UTC, so that «منذ 3 ساعات» across a DST change is three real hours.
        return (now.astimezone(UTC) - count * _CLOCK_UNITS[unit]).astimezone(now.tzinfo), True
    if unit in _DAY_UNITS:
        return _midnight(now.date() - timedelta(days=count * _DAY_UNITS[unit]), now), False
    return _midnight(_months_before(now.date(), count * _MONTH_UNITS[unit]), now), False


def _arabic_count(match: re.Match[str]) -> tuple[str, int] | None:
    """(unit, count) of an Arabic «منذ …» match; None for «منذ ساعات» (no number) or «منذ 2 ساعتين»."""
    unit, implied = _ARABIC_UNITS[match["unit"]]
    if match["n"] is not None:
        written: int | None = int(match["n"])
    elif match["word"] is not None:
        written = _ARABIC_NUMBERS[match["word"]]
    else:
        written = None
    if written is None:
        return (unit, implied) if implied is not None else None
    return (unit, written) if implied != 2 else None


def _day_with_time(match: re.Match[str], now: datetime) -> tuple[datetime, bool] | None:
    day = now.date() - timedelta(days=_DAY_WORDS[match["day"]])
    if match["time"] is None:
        return _midnight(day, now), False
    if match["off"] is not None:
        return None  # «أمس 10:30Z»: a zone on a relative day is not something outlets print
    hour, minute = to_24h(int(match["h"]), match["ampm"]), int(match["mi"])
    if hour > 23 or minute > 59:
        return None
    return datetime.combine(day, time(hour, minute), tzinfo=now.tzinfo), True


def _resolve(folded: str, now: datetime) -> tuple[datetime, bool] | None:
    if _NOW_RE.fullmatch(folded):
        return now, True
    if match := _AGO_ARABIC_RE.fullmatch(folded):
        counted = _arabic_count(match)
        return _ago(now, *counted) if counted is not None else None
    if match := _AGO_ENGLISH_RE.fullmatch(folded):
        count = int(match["n"]) if match["n"] is not None else _ENGLISH_NUMBERS[match["word"]]
        return _ago(now, _ENGLISH_UNITS[match["unit"]], count)
    if match := _DAY_RE.fullmatch(folded):
        return _day_with_time(match, now)
    return None


# --- API -----------------------------------------------------------------------------------------------


def parse_relative_date(text: str, *, now: datetime, tz: str | None = None) -> ParsedDate | None:
    """Read a relative date string against ``now``; None when ``text`` is not (only) a relative form.

    ``now`` is the moment the page was fetched; a naive ``now`` is taken as UTC (what a crawler's clock
    gives), an aware one may be in any zone. The result is in the outlet's timezone ``tz``, with
    ``has_zone=False``. Seconds and below of ``now`` are dropped: «منذ 3 ساعات» is not that precise.
    With ``tz`` None, days are counted in UTC and a clock time («أمس 10:30 م») stays naive: it is the
    outlet's wall clock, in a zone nobody named; «منذ 3 ساعات» is still an instant.
    """
    raw = text.strip()
    aware_now = now.replace(tzinfo=UTC) if now.tzinfo is None else now
    local_now = aware_now.astimezone(ZoneInfo(tz) if tz else UTC).replace(second=0, microsecond=0)
    folded = fold(raw)
    resolved = _resolve(folded, local_now)
    if resolved is None:
        return None
    value, has_time = resolved
    if value.year < MIN_YEAR:
        return None
    if tz is None and has_time and _DAY_RE.fullmatch(folded):
        value = value.replace(tzinfo=None)
    return ParsedDate(value, raw, has_time=has_time, has_zone=False)
