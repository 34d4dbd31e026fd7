"""``Retry-After`` values as outlets send them: seconds or an HTTP date."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.net.retry_after import retry_after_seconds

NOW = datetime(2026, 11, 29, 10, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        (b" 5 ", 5.0),
        ("Sun, 29 Nov 2026 10:01:30 GMT", 90.0),
        ("Sun, 29 Nov 2026 09:00:00 GMT", 0.0),  # in the past: now
        ("", None),
        (None, None),
        ("soon", None),
        ("-5", None),
    ],
)
def test_retry_after_seconds(value: str | bytes | None, expected: float | None) -> None:
    assert retry_after_seconds(value, NOW) == expected
