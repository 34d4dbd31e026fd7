"""What absolute (``crawler.extraction.dates``) and relative (``crawler.extraction.relative_dates``) date reading share.

The ``ParsedDate`` they both return, the folding they match against, and the time-of-day pattern. Kept
apart so that the two modules import this one and never each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from crawler.arabic import fold_letters

__all__ = ["MAX_FUTURE", "MIN_YEAR", "ParsedDate"]

MIN_YEAR = 1990
# Outlets' clocks and timezone mistakes put some dates slightly ahead; anything further is wrong.
MAX_FUTURE = timedelta(days=2)
# How far local clocks run ahead of UTC (Kiribati, UTC+14) and behind it (UTC-12): the span of instants
# a wall clock in an unknown zone may denote.
MAX_AHEAD_OF_UTC = timedelta(hours=14)
MAX_BEHIND_UTC = timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A date found in a page, with what the source string actually said.

    ``value`` is timezone-aware when the zone is known (written in the string, or the outlet's) and
    naive when it is not: then it is the wall clock the page showed, in a zone nobody named.
    """

    value: datetime
    raw: str  # the input string as given (stripped)
    has_time: bool  # the string carried a time of day (else only ``value``'s date means anything)
    has_zone: bool  # the string carried an explicit offset or zone

    @property
    def precision(self) -> str:
        """``"day"`` (a date), ``"local"`` (a wall-clock time, zone unknown) or ``"instant"``."""
        if not self.has_time:
            return "day"
        return "local" if self.value.tzinfo is None else "instant"

    def earliest(self) -> datetime:
        """The earliest instant the date may denote (aware): a day's first moment anywhere on Earth."""
        if self.precision == "instant":
            return self.value
        start = self.value if self.has_time else datetime.combine(self.value.date(), time())
        return start.replace(tzinfo=UTC) - MAX_AHEAD_OF_UTC

    def latest(self) -> datetime:
        """The latest instant the date may denote (aware): a day's last moment anywhere on Earth."""
        if self.precision == "instant":
            return self.value
        end = self.value if self.has_time else datetime.combine(self.value.date(), time()) + timedelta(days=1)
        return end.replace(tzinfo=UTC) + MAX_BEHIND_UTC

    def iso(self) -> str:
        """Only what is known: ``2026-11-17`` (day), ``2026-11-17T20:45:00`` (wall clock, zone unknown)
        or ``2026-11-17T20:45:00+02:00`` (an instant)."""
        if not self.has_time:
            return self.value.date().isoformat()
        return self.value.isoformat(timespec="seconds")


# --- Folding -------------------------------------------------------------------------------------

# Arabic-Indic (٠-٩) and Persian (۰-۹) digits -> ASCII; Arabic comma -> ",".
_DIGITS_TABLE = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹،", "01234567890123456789,")
_SPACES_RE = re.compile(r"\s+")


def fold(text: str) -> str:
    """``crawler.arabic.fold_letters`` (month names spelled either way) with ASCII digits."""
    return _SPACES_RE.sub(" ", fold_letters(text).translate(_DIGITS_TABLE)).strip()


def alternation(names: Iterable[str]) -> str:
    """Regex alternation, longest first so that «مايو» wins over «ماي»."""
    return "|".join(re.escape(name) for name in sorted(set(names), key=len, reverse=True))


# Not followed by a letter (digits and punctuation are fine: «2026م», «17نوفمبر»).
NO_LETTER_AFTER = r"(?![^\W\d_])"

# Time of day: «20:45», «20:45:00.000», «08:45 م», «8:45 مساءً», «10:30 ص», «8:45 PM», with an offset
# glued on as ISO and RFC-822 write it: «20:45:00Z», «20:45:00+02:00», «18:45:00 +0300».
TIME_RE = re.compile(
    r"(?<![\d:])(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:[.,]\d+)?(?![\d:])"
    rf"(?:\s*(?P<ampm>صباحا|ص|فجرا|مساءا|مساء|م|ظهرا|عصرا|am|pm|a\.m\.|p\.m\.){NO_LETTER_AFTER})?"
    r"(?:\s?(?P<off>z|[+-]\d{2}(?::?\d{2})?)(?![\w:]))?"
)
_AM = frozenset({"ص", "صباحا", "فجرا", "am", "a.m."})


def to_24h(hour: int, marker: str | None) -> int:
    """The 24-hour clock hour of ``hour`` followed by an AM/PM word (or none)."""
    if marker is None or hour > 12:
        return hour
    if marker in _AM:
        return 0 if hour == 12 else hour
    return hour if hour == 12 else hour + 12
