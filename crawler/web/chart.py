"""The small articles-per-day chart of the sources page: bars as numbers for an inline SVG (no script,
no image file), one per day of a window, the tallest as high as the chart."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

WIDTH = 120
HEIGHT = 24
DAYS = 30


@dataclass(frozen=True, slots=True)
class Bar:
    """One day: its ``x`` and ``height`` in the SVG, the day and its count (the bar's tooltip)."""

    x: float
    height: float
    day: str
    count: int

    @property
    def y(self) -> float:
        return HEIGHT - self.height


def window(last_day: date, days: int = DAYS) -> list[str]:
    """The ``days`` calendar days ending with ``last_day``, oldest first, as ``YYYY-MM-DD``."""
    return [(last_day - timedelta(days=n)).isoformat() for n in range(days - 1, -1, -1)]


def bars(per_day: Mapping[str, int], days: list[str]) -> list[Bar]:
    """A bar per day of ``days`` (``per_day``: articles per ``YYYY-MM-DD``); a day with none has no height."""
    tallest = max((per_day.get(d, 0) for d in days), default=0) or 1
    step = WIDTH / max(len(days), 1)
    return [
        Bar(round(i * step, 2), round(HEIGHT * per_day.get(d, 0) / tallest, 2), d, per_day.get(d, 0))
        for i, d in enumerate(days)
    ]


def bar_width(days: list[str]) -> float:
    return round(WIDTH / max(len(days), 1) * 0.8, 2)
