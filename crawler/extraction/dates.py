"""Publication dates from Arabic news pages, as precise as the page is: a day, a wall clock, an instant.

``parse_date`` reads the strings outlets print next to an article («الثلاثاء 17 نوفمبر 2026 - 08:45 م»,
«2 أيار/مايو 2026», «Tue, 17 Nov 2026 18:45:00 GMT», «2026-11-17T20:45:00+02:00») and returns a
``ParsedDate``; ``find_date_in_url`` reads ``/2026/11/17/``-style paths. Both are pure and return
``None`` rather than raising when the input holds no valid Gregorian date.

How a string is read:

1. It is folded (Eastern digits to ASCII, diacritics and tatweel dropped, alef/ta marbuta/ya unified,
   lower-cased), so month names match in any spelling.
2. Hijri dates are cut out, so a Hijri day, month or year is never read as a Gregorian one.
3. The earliest valid Gregorian date is taken (numeric or with a month name; day names and filler
   words such as «نشر في:» are simply skipped), then the first time of day and the first zone found
   in the rest of the string.
4. Without an explicit zone the outlet's timezone ``tz`` applies; an explicit offset is kept as given;
   with neither the time stays naive (``ParsedDate.iso`` then writes no offset), and a string without
   a time of day gives a date (``ParsedDate.iso`` writes ``2026-11-17``), never an invented midnight.
5. With no absolute date but a fetch time ``now``, relative forms («منذ 3 ساعات», «أمس 10:30 م») are
   read by ``crawler.extraction.relative_dates``.

``z_is_local`` and ``reinterpret_as_local`` repair machine dates that label local time as UTC.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from types import MappingProxyType
from typing import NamedTuple
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from crawler.extraction.date_common import (
    MAX_AHEAD_OF_UTC,
    MAX_FUTURE,
    MIN_YEAR,
    NO_LETTER_AFTER,
    TIME_RE,
    ParsedDate,
    alternation,
    fold,
    to_24h,
)
from crawler.extraction.relative_dates import parse_relative_date

__all__ = [
    "MONTHS",
    "ParsedDate",
    "find_date_in_url",
    "parse_date",
    "parse_epoch",
    "reinterpret_as_local",
    "to_zone",
    "z_is_local",
]

# --- Month names -----------------------------------------------------------------------------------

_GREGORIAN_MONTH_NAMES: Mapping[int, tuple[str, ...]] = {
    # Egypt/Gulf, Levant/Iraq (Syriac), Algeria/Tunisia, Morocco, English (feeds and RFC-822).
    1: ("يناير", "كانون الثاني", "كانون ثاني", "جانفي", "january", "jan"),
    2: ("فبراير", "شباط", "فيفري", "february", "feb"),
    3: ("مارس", "آذار", "march", "mar"),
    4: ("أبريل", "إبريل", "نيسان", "أفريل", "april", "apr"),
    5: ("مايو", "أيار", "ماي", "may"),
    6: ("يونيو", "يونيه", "حزيران", "جوان", "june", "jun"),
    7: ("يوليو", "يوليه", "تموز", "جويلية", "يوليوز", "july", "jul"),
    8: ("أغسطس", "آب", "أوت", "غشت", "august", "aug"),
    9: ("سبتمبر", "أيلول", "شتنبر", "september", "sept", "sep"),
    10: ("أكتوبر", "تشرين الأول", "تشرين اول", "october", "oct"),
    11: ("نوفمبر", "تشرين الثاني", "تشرين ثاني", "نونبر", "november", "nov"),
    12: ("ديسمبر", "كانون الأول", "كانون اول", "دجنبر", "december", "dec"),
}
_HIJRI_MONTH_NAMES = (
    "محرم", "صفر", "ربيع الأول", "ربيع أول", "ربيع الآخر", "ربيع الثاني", "ربيع ثاني",
    "جمادى الأولى", "جمادى الأول", "جمادى الآخرة", "جمادى الثانية", "جمادى الآخر",
    "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذي القعدة", "ذو الحجة", "ذي الحجة",
)  # fmt: skip

# Folded name -> month number; the folded form of «أبريل», «ابريل» and «إبريل» is the same key.
MONTHS: Mapping[str, int] = MappingProxyType(
    {fold(name): number for number, names in _GREGORIAN_MONTH_NAMES.items() for name in names}
)


# Not preceded / followed by a letter (digits and punctuation are fine: «2026م», «17نوفمبر»).
_NO_LETTER_BEFORE = r"(?<![^\W\d_])"
_NO_LETTER_AFTER = NO_LETTER_AFTER
_GREGORIAN_ALT = alternation(MONTHS)
_HIJRI_ALT = alternation(fold(name) for name in _HIJRI_MONTH_NAMES)

# --- Patterns (all applied to folded text) ---------------------------------------------------------

# Hijri date with a month name: «18 جمادى الأولى 1448 هـ», «رمضان 1447», «ذو الحجة».
_HIJRI_NAMED_RE = re.compile(
    rf"(?:(?<!\d)\d{{1,2}}\s*)?{_NO_LETTER_BEFORE}(?:{_HIJRI_ALT}){_NO_LETTER_AFTER}"
    rf"(?:\s*,?\s*\d{{3,4}}(?!\d))?(?:\s*ه(?:جري(?:ه)?)?{_NO_LETTER_AFTER})?"
)
# Numbers marked Hijri by «هـ» / «هجري»: «1448 هـ», «18/05/1448هـ».
_HIJRI_NUMERIC_RE = re.compile(rf"(?<![\d/.-])\d[\d/.-]*\d\s*ه(?:جري(?:ه)?)?{_NO_LETTER_AFTER}")

# Year first, numeric: ISO «2026-11-17», «2026/11/17», «2026.11.17».
_NUMERIC_YMD_RE = re.compile(
    r"(?<!\d)(?<!\d[/.-])(?P<y>\d{4})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)(?![/.-]\d)"
)
# Day first, numeric: «17/11/2026», «17-11-2026», «17.11.2026».
_NUMERIC_DMY_RE = re.compile(
    r"(?<!\d)(?<!\d[/.-])(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)(?![/.-]\d)"
)
# A month name, optionally followed by its other name: «أيار/مايو», «نوفمبر/تشرين الثاني», «أيار (مايو)».
_MONTH = (
    rf"{_NO_LETTER_BEFORE}(?P<mon>{_GREGORIAN_ALT}){_NO_LETTER_AFTER}"
    rf"(?:\s*[/(]\s*(?P<mon2>{_GREGORIAN_ALT}){_NO_LETTER_AFTER}\s*\)?)?"
)
_DAY = r"(?<!\d)(?P<d>\d{1,2})(?!\d)"
_YEAR = r"(?<!\d)(?P<y>\d{4})(?!\d)"
_SEP = r"\s*[,-]?\s*"
# «17 نوفمبر 2026», «Tue, 17 Nov 2026», and Egypt's «12 من مايو 2026» («من»: "of").
_NAMED_DMY_RE = re.compile(_DAY + _SEP + r"(?:من\s+)?" + _MONTH + _SEP + _YEAR)
# «نوفمبر 17، 2026», «November 17, 2026».
_NAMED_MDY_RE = re.compile(_MONTH + _SEP + _DAY + _SEP + _YEAR)
# «2026 نوفمبر 17».
_NAMED_YMD_RE = re.compile(_YEAR + _SEP + _MONTH + _SEP + _DAY)
_DATE_PATTERNS = (_NUMERIC_YMD_RE, _NUMERIC_DMY_RE, _NAMED_DMY_RE, _NAMED_MDY_RE, _NAMED_YMD_RE)

# ISO/RFC offset: «+02:00», «+0200», «-03», «z».
_OFFSET_RE = re.compile(r"(?P<sign>[+-])(?P<h>\d{2}):?(?P<m>\d{2})?")
# Named UTC, optionally with an offset: «GMT», «UTC+3», «GMT +03:00», «بتوقيت غرينتش», «ت.غ».
_GMT_RE = re.compile(
    r"(?:(?<![a-z])(?:gmt|utc|ut)(?![a-z])|(?:غرينتش|غرينيتش|جرينتش|جرينيتش)|ت\.غ)"
    r"(?:\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?(?!\d))?"
)
# A bare offset in parentheses: «(+03:00)».
_PAREN_OFFSET_RE = re.compile(r"\(\s*(?P<sign>[+-])(?P<h>\d{1,2}):?(?P<m>\d{2})?\s*\)")
# «بتوقيت مكة المكرمة» (Al Jazeera), «بتوقيت القاهرة» …: city name -> IANA zone.
_CITY_ZONES: Mapping[str, str] = MappingProxyType(
    {
        fold(city): zone
        for city, zone in {
            "مكة المكرمة": "Asia/Riyadh",
            "مكة": "Asia/Riyadh",
            "الرياض": "Asia/Riyadh",
            "القاهرة": "Africa/Cairo",
            "بيروت": "Asia/Beirut",
            "دمشق": "Asia/Damascus",
            "بغداد": "Asia/Baghdad",
            "الدوحة": "Asia/Qatar",
            "أبوظبي": "Asia/Dubai",
            "دبي": "Asia/Dubai",
        }.items()
    }
)
_CITY_ZONE_RE = re.compile(rf"توقيت\s+(?P<city>{alternation(_CITY_ZONES)}){_NO_LETTER_AFTER}")

# Dates in URL paths: «/2026/11/17/», «/2026/world/11/17/» (a section between year and month, as
# CNN-style CMSes write it), «/2026-11-17-slug», «/20261117/».
_URL_SLASHED_RE = re.compile(r"/(?P<y>\d{4})/(?:[a-z][a-z_-]{1,30}/)?(?P<m>\d{1,2})/(?P<d>\d{1,2})(?!\d)")
_URL_DASHED_RE = re.compile(r"(?<!\d)(?P<y>\d{4})[-_](?P<m>\d{2})[-_](?P<d>\d{2})(?!\d)")
_URL_COMPACT_RE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?!\d)")
_URL_PATTERNS = (_URL_SLASHED_RE, _URL_DASHED_RE, _URL_COMPACT_RE)
# Unix time: ten digits of seconds (2001-2286), or thirteen of milliseconds (the three last dropped).
_EPOCH_RE = re.compile(r"(?P<s>\d{10})(?:\d{3})?")


# --- Pieces ----------------------------------------------------------------------------------------


class _Clock(NamedTuple):
    hour: int
    minute: int
    second: int
    zone: tzinfo | None  # an offset written right after the time


class _Found(NamedTuple):
    day: date
    start: int
    end: int


def _make_date(year: int, month: int, day: int) -> date | None:
    if year < MIN_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_from_match(match: re.Match[str]) -> date | None:
    """The date a pattern matched, or None when it is not a real day (Feb 30, month 13, year 1448)."""
    year, day = int(match["y"]), int(match["d"])
    if match.re is _NUMERIC_YMD_RE or match.re is _NUMERIC_DMY_RE:
        month = int(match["m"])
        if match.re is _NUMERIC_DMY_RE and month > 12 >= day:
            day, month = month, day  # 11/17/2026 can only be month-first (ASP.NET en-US feeds)
        return _make_date(year, month, day)
    month = MONTHS[match["mon"]]
    if match["mon2"] is not None and MONTHS[match["mon2"]] != month:
        return None  # «أيار/يونيو»: the two names contradict each other
    return _make_date(year, month, day)


def _find_day(text: str) -> _Found | None:
    """The earliest valid Gregorian date in folded ``text``."""
    candidates: list[_Found] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            day = _day_from_match(match)
            if day is not None:
                candidates.append(_Found(day, match.start(), match.end()))
                break
    return min(candidates, key=lambda found: found.start, default=None)


def _fixed_offset(sign: str, hours: str, minutes: str | None) -> timezone:
    """Raises ValueError for offsets no place uses (beyond ±14:00)."""
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if delta > timedelta(hours=14) or int(minutes or 0) >= 60:
        raise ValueError(f"offset out of range: {sign}{hours}:{minutes}")
    return timezone(-delta if sign == "-" else delta)


def _find_clock(text: str) -> _Clock | None:
    """The first time of day in folded ``text``; ValueError for a bad offset."""
    match = TIME_RE.search(text)
    if match is None:
        return None
    zone: tzinfo | None = None
    if match["off"] == "z":
        zone = UTC
    elif match["off"] is not None:
        offset = _OFFSET_RE.fullmatch(match["off"])
        if offset is None:
            raise ValueError(f"bad offset: {match['off']}")
        zone = _fixed_offset(offset["sign"], offset["h"], offset["m"])
    hour = to_24h(int(match["h"]), match["ampm"])
    return _Clock(hour, int(match["mi"]), int(match["s"] or 0), zone)


def _find_zone(text: str) -> tzinfo | None:
    """A zone named anywhere in folded ``text``; ValueError for a bad offset."""
    for pattern in (_GMT_RE, _PAREN_OFFSET_RE):
        match = pattern.search(text)
        if match is not None:
            if match["sign"] is None:
                return UTC
            return _fixed_offset(match["sign"], match["h"], match["m"])
    city = _CITY_ZONE_RE.search(text)
    return ZoneInfo(_CITY_ZONES[city["city"]]) if city is not None else None


def _too_far_ahead(value: datetime, now: datetime | None, local: ZoneInfo | None) -> bool:
    if now is None:
        return False
    if now.tzinfo is None:
        now = now.replace(tzinfo=local or UTC)
    if value.tzinfo is None:
        # A wall clock in an unknown zone: it may be up to 14 hours ahead of UTC.
        return value.replace(tzinfo=UTC) > now + MAX_FUTURE + MAX_AHEAD_OF_UTC
    return value > now + MAX_FUTURE


def _zone(tz: str | None) -> ZoneInfo | None:
    """The outlet's zone; None when unknown (an unknown name raises: that is a registry bug)."""
    return ZoneInfo(tz) if tz else None


# --- API -------------------------------------------------------------------------------------------


def parse_date(text: str, *, tz: str | None = None, now: datetime | None = None) -> ParsedDate | None:
    """Read a page's date string; None when it holds no valid Gregorian date.

    ``tz`` is the outlet's IANA timezone, used when the string names no zone; with ``tz`` None such a
    time stays naive (a wall clock in an unknown zone). An unknown name raises
    ``zoneinfo.ZoneInfoNotFoundError``: that is a registry bug, not bad input. ``now`` (naive means
    local to ``tz``) rejects dates more than two days ahead of it and, when the string holds no absolute
    date, is what relative forms («منذ 3 ساعات», «أمس») count back from. Sub-second digits are dropped.
    """
    raw = text.strip()
    local = _zone(tz)
    folded = _HIJRI_NUMERIC_RE.sub(" ", _HIJRI_NAMED_RE.sub(" ", fold(raw)))
    found = _find_day(folded)
    if found is None:
        if now is None:
            return None
        return parse_relative_date(raw, now=now if now.tzinfo is not None else now.replace(tzinfo=local or UTC), tz=tz)
    rest = f"{folded[: found.start]} {folded[found.end :]}"
    try:
        clock = _find_clock(rest)
        zone = clock.zone if clock is not None and clock.zone is not None else _find_zone(rest)
        hour, minute, second = clock[:3] if clock is not None else (0, 0, 0)
        value = datetime(found.day.year, found.day.month, found.day.day, hour, minute, second, tzinfo=zone or local)
    except ValueError:
        return None  # 25:61, an offset of +19:00
    if _too_far_ahead(value, now, local):
        return None
    return ParsedDate(value, raw, has_time=clock is not None, has_zone=zone is not None)


def parse_epoch(text: str, *, tz: str | None = None, now: datetime | None = None) -> ParsedDate | None:
    """A Unix time as machine attributes and framework JSON write it: ten digits of seconds or thirteen
    of milliseconds (``1718012400000``); None for any other number or an implausible year.

    The instant is expressed in ``tz`` when known, else in UTC; either way it is exact (``has_zone``).
    """
    raw = text.strip()
    match = _EPOCH_RE.fullmatch(raw)
    if match is None:
        return None
    seconds = int(match["s"])
    value = datetime.fromtimestamp(seconds, UTC)
    local = _zone(tz)
    if value.year < MIN_YEAR or _too_far_ahead(value, now, local):
        return None
    return ParsedDate(value.astimezone(local) if local else value, raw, has_time=True, has_zone=True)


def find_date_in_url(url: str, *, tz: str | None = None, now: datetime | None = None) -> ParsedDate | None:
    """The day a URL path encodes (``/2026/11/17/``, ``/2026/world/11/17/``, ``/2026-11-17/``,
    ``20261117``), a date without a time."""
    local = _zone(tz)
    try:
        path = urlsplit(url.strip()).path
    except ValueError:  # "http://[::1" and other malformed netlocs
        return None
    for pattern in _URL_PATTERNS:
        for match in pattern.finditer(path):
            day = _make_date(int(match["y"]), int(match["m"]), int(match["d"]))
            if day is None:
                continue
            value = datetime(day.year, day.month, day.day, tzinfo=local)
            if _too_far_ahead(value, now, local):
                return None
            return ParsedDate(value, url.strip(), has_time=False, has_zone=False)
    return None


def to_zone(value: datetime, tz: str) -> datetime:
    """``value`` in timezone ``tz``; a naive ``value`` is taken as wall-clock time there."""
    zone = ZoneInfo(tz)
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


# --- Local time labelled as UTC ----------------------------------------------------------------------
# Some CMSes write the newsroom's wall clock into <meta article:published_time> or JSON-LD and append
# «Z» or «+00:00» (a server set to UTC formatting a local timestamp, a template hard-coding the suffix).
# Taken at its word, such a date is off by the outlet's UTC offset (three hours for Riyadh). The visible
# byline gives it away: a real UTC instant shown in local time reads differently, so when the machine
# date's clock equals the visible local clock while the outlet is not on UTC, the «Z» is a mislabel.


def z_is_local(machine: ParsedDate, visible: ParsedDate, tz: str | None) -> bool:
    """Whether ``machine`` (a UTC-labelled date) is really the local wall clock shown by ``visible``.

    True when ``machine`` has a time and an explicit zero offset, ``visible`` has a time and no zone,
    their wall clocks in ``tz`` agree to the minute, and ``tz`` is not at UTC+0 at that moment (where
    the two readings would agree anyway and prove nothing).
    """
    if tz is None or not (machine.has_time and machine.has_zone and machine.value.utcoffset() == timedelta(0)):
        return False
    if not visible.has_time or visible.has_zone:
        return False
    shown = visible.value.astimezone(ZoneInfo(tz))
    if shown.utcoffset() == timedelta(0):
        return False
    written = machine.value
    return (written.date(), written.hour, written.minute) == (shown.date(), shown.hour, shown.minute)


def reinterpret_as_local(parsed: ParsedDate, tz: str) -> ParsedDate:
    """``parsed`` with its wall-clock time kept and its zone replaced by ``tz`` (see ``z_is_local``).

    ``has_zone`` becomes False: the zone now comes from the outlet, not from what the string said.
    """
    return replace(parsed, value=parsed.value.replace(tzinfo=ZoneInfo(tz)), has_zone=False)
