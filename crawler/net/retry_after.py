"""Reading the ``Retry-After`` header that outlets send with 429 and 503 responses."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime


def retry_after_seconds(value: str | bytes | None, now: datetime) -> float | None:
    """Seconds to wait, from delay-seconds («120») or an HTTP date; ``None`` when absent or unreadable.

    A date in the past means "now" (0 s). ``now`` must be timezone-aware.
    """
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, (moment - now).total_seconds())
