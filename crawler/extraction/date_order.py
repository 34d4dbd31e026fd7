"""Which of a numeric date's two readings the page means, when day and month could trade places.

«12/3/2025» is the 12th of March day-first and the 3rd of December month-first. ``parse_date`` reads
day-first, as Arab outlets print dates; but machine values are often written by software set to the
United States culture (ASP.NET's ``12/3/2025 11:40:00 AM`` in JSON-LD), month-first. Neither order
can be known from the string alone, so the page decides: when the other reading falls on the day the
page shows its readers and the first one does not, the other reading is meant.
"""

from __future__ import annotations

import re
from dataclasses import replace

from crawler.extraction.date_common import ParsedDate, fold

__all__ = ["agreeing_order", "other_order", "same_shape"]

# A numeric date with the year last, the two leading numbers in either order: «12/3/2025», «3-12-2025».
_TWO_WAY_RE = re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)")
_DIGITS_RE = re.compile(r"\d+")


def other_order(parsed: ParsedDate) -> ParsedDate | None:
    """``parsed`` with day and month swapped, when its string wrote them as two numbers up to 12 that
    differ (and so could be read either way); None otherwise."""
    match = _TWO_WAY_RE.search(fold(parsed.raw))
    if match is None:
        return None
    first, second, year = int(match["a"]), int(match["b"]), int(match["y"])
    value = parsed.value
    if first == second or first > 12 or second > 12 or value.year != year:
        return None
    if {value.day, value.month} != {first, second}:
        return None  # the date was read from another part of the string
    return replace(parsed, value=value.replace(day=value.month, month=value.day))


def agreeing_order(machine: ParsedDate, shown: ParsedDate | None) -> ParsedDate | None:
    """The other reading of ``machine`` when it, and not ``machine``, falls on the day the page shows
    (``shown``: its visible date line, written in the outlet's local time); None when there is no
    other reading, nothing shown, or ``machine`` already agrees."""
    swapped = other_order(machine)
    if swapped is None or shown is None:
        return None
    day = shown.value.date()
    if machine.value.date() == day or swapped.value.date() != day:
        return None
    return swapped


def same_shape(one: ParsedDate, other: ParsedDate) -> bool:
    """Whether two dates were written alike («12/3/2025 11:40:00 AM», «12/4/2025 9:05:00 PM»): the same
    software wrote them, in the same order of day and month."""
    return _DIGITS_RE.sub("0", fold(one.raw)) == _DIGITS_RE.sub("0", fold(other.raw))
