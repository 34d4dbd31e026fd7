"""Dates as the article page shows them: in the outlet's time zone and in UTC, no more precise than
stored (a day stays a day, a clock without a zone is not given one)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_DAY_LENGTH = len("2026-11-28")


@dataclass(frozen=True, slots=True)
class ShownDate:
    """``local``: the date in the outlet's zone (else as written); ``utc``: the same instant in UTC, when
    it is one; ``note``: what the value is when it is not an instant."""

    local: str
    utc: str | None = None
    note: str | None = None


def show_date(value: str | None, timezone: str | None) -> ShownDate | None:
    """``value`` (ISO-8601 as stored) for the page; ``timezone``: the outlet's IANA zone, if known."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return ShownDate(value, note="as written")
    if len(value) == _DAY_LENGTH:
        return ShownDate(value, note="اليوم فقط")
    if moment.tzinfo is None:
        return ShownDate(_clock(moment), note="المنطقة الزمنية غير معروفة")
    zone = _zone(timezone)
    local = moment.astimezone(zone) if zone is not None else moment
    label = timezone if zone is not None else ""
    utc = moment.astimezone(UTC)
    offset = local.isoformat(timespec="minutes")[len("2026-11-28T10:15") :]
    return ShownDate(f"{_clock(local)} {label} (UTC{offset})", f"{_clock(utc)} UTC")


def day_of(value: str | None) -> str:
    """The date part of an ISO value, for lists (``2026-11-28``), or an empty string."""
    return (value or "")[:_DAY_LENGTH]


def _clock(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
