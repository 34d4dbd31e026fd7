"""Backfill: which archive sitemaps and listed URLs fall inside a date range (``akhbar backfill``).

Outlets keep their archive in a sitemap index of monthly or daily sitemaps. A child sitemap is walked
unless its ``<lastmod>`` (when the sitemap last changed: nothing in it is newer) or the date in its
name (``…/2024/05.xml``, ``sitemap-2024-05-12.xml``, ``?yyyy=2024&mm=05``) puts it wholly before the
range's start, or its name wholly after the range's end. A listed URL is fetched unless its news date
or ``lastmod`` is before the start (or, its news date, after the end). Dates are read generously: a day
or a wall clock in an unknown zone is kept while it may still be inside the range.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from crawler.extraction.date_common import MAX_AHEAD_OF_UTC, MAX_BEHIND_UTC
from crawler.extraction.dates import parse_date
from crawler.items import FeedEntry

Verdict = Literal["walk", "too_old", "too_new"]

# A date in a sitemap's path: a year (1990-2099), then optionally a month and a day, separated by
# «-», «_», «/», «.» or nothing (``2024/05/12``, ``2024-05``, ``20240512``), not inside a longer number.
_PATH_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:199|20\d)\d)"
    r"(?:[-_/.]?(?P<m>0[1-9]|1[0-2])(?:[-_/.]?(?P<d>0[1-9]|[12]\d|3[01]))?)?"
    r"(?!\d)"
)
# Query parameters that name a sitemap's year, month and day (``?yyyy=2024&mm=05&dd=12``).
_YEAR_KEYS = ("yyyy", "year", "y")
_MONTH_KEYS = ("mm", "month", "m")
_DAY_KEYS = ("dd", "day", "d")
# A whole date in one parameter (``?date=2024-05-12``, ``?month=2024-05``).
_DATE_KEYS = ("date", "month", "day", "period")


@dataclass(frozen=True, slots=True)
class DateRange:
    """What a backfill wants: articles published at or after ``since`` and before ``until`` (aware)."""

    since: datetime
    until: datetime | None = None  # exclusive; None: up to now


@dataclass(frozen=True, slots=True)
class Period:
    """The calendar days a dated sitemap name covers: ``first`` to ``last`` inclusive (no zone)."""

    first: date
    last: date

    def earliest(self, tz: str | None = None) -> datetime:
        """Its first moment in the outlet's zone ``tz``; unknown, anywhere on Earth."""
        if tz:
            return datetime.combine(self.first, time(), tzinfo=ZoneInfo(tz))
        return datetime.combine(self.first, time(), tzinfo=UTC) - MAX_AHEAD_OF_UTC

    def latest(self, tz: str | None = None) -> datetime:
        """The end of its last day in the outlet's zone ``tz``; unknown, anywhere on Earth."""
        end = self.last + timedelta(days=1)
        if tz:
            return datetime.combine(end, time(), tzinfo=ZoneInfo(tz))
        return datetime.combine(end, time(), tzinfo=UTC) + MAX_BEHIND_UTC


def date_range(since: str, until: str | None = None, tz: str | None = None) -> DateRange:
    """The range of ``--since DATE [--until DATE]``: ISO dates or times, read in the outlet's zone ``tz``
    (UTC when unknown) unless they carry an offset; ``until`` is inclusive (a day means up to its end).
    Raises ``ValueError`` naming a value that cannot be read, or an empty range."""
    start = _moment("--since", since, tz)
    end = None
    if until:
        end = _moment("--until", until, tz)
        if len(until.strip()) == len("2024-06-30"):
            end += timedelta(days=1)  # the whole day
        if end <= start:
            raise ValueError(f"--until {until!r} is not after --since {since!r}")
    return DateRange(start, end)


def _moment(flag: str, text: str, tz: str | None) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{flag} {text!r}: expected a date such as 2024-05-01 or 2024-05-01T06:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(tz) if tz else UTC)


def name_period(url: str) -> Period | None:
    """The year, month or day a sitemap's URL names, from its query or else the last date in its path."""
    parts = urlsplit(url)
    found = _query_period(parse_qs(parts.query)) if parts.query else None
    if found is not None:
        return found
    matches = list(_PATH_DATE_RE.finditer(parts.path))
    if not matches:
        return None
    last = matches[-1]
    return _period(last["y"], last["m"], last["d"])


def child_verdict(url: str, lastmod: str | None, wanted: DateRange, tz: str | None = None) -> Verdict:
    """Whether to walk a sitemap an index lists: ``too_old`` when its ``lastmod`` or the period its name
    gives ends before ``wanted.since``, ``too_new`` when that period starts after ``wanted.until``.

    A name's days are read in the outlet's zone ``tz``; in an unknown zone, as anywhere on Earth."""
    period = name_period(url)
    if period is not None:
        if period.latest(tz) <= wanted.since:
            return "too_old"
        if wanted.until is not None and period.earliest(tz) >= wanted.until:
            return "too_new"
    changed = parse_date(lastmod, tz=tz) if lastmod else None
    if changed is not None and changed.latest() < wanted.since:
        return "too_old"
    return "walk"


def split_entries(
    entries: Sequence[FeedEntry], wanted: DateRange, tz: str | None = None
) -> tuple[list[FeedEntry], int, int]:
    """``(entries to fetch, number too old, number too new)``; an undated entry is fetched."""
    kept: list[FeedEntry] = []
    too_old = too_new = 0
    for entry in entries:
        parsed = parse_date(entry.published_raw, tz=tz) if entry.published_raw else None
        if parsed is not None and parsed.latest() < wanted.since:
            too_old += 1
        elif parsed is not None and wanted.until is not None and parsed.earliest() >= wanted.until:
            too_new += 1
        else:
            kept.append(entry)
    return kept, too_old, too_new


def _query_period(query: dict[str, list[str]]) -> Period | None:
    def first(keys: Sequence[str]) -> str | None:
        return next((query[k][0].strip() for k in keys if query.get(k)), None)

    year = first(_YEAR_KEYS)
    if year is not None and year.isdigit() and len(year) == 4:
        return _period(year, first(_MONTH_KEYS), first(_DAY_KEYS))
    whole = first(_DATE_KEYS)
    match = _PATH_DATE_RE.fullmatch(whole) if whole else None
    return _period(match["y"], match["m"], match["d"]) if match else None


def _period(year: str, month: str | None, day: str | None) -> Period | None:
    """The days of a year, a month of it or one day; None for values that are no date."""
    try:
        y = int(year)
        if month is None or not month.isdigit():
            return Period(date(y, 1, 1), date(y, 12, 31))
        m = int(month)
        if day is None or not day.isdigit():
            return Period(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]))
        one = date(y, m, int(day))
    except ValueError:
        return None
    return Period(one, one)
