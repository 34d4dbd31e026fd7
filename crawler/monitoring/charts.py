"""Line charts as inline SVG (no script, no external file), laid out right to left: time runs from the
right edge (oldest) to the left (newest), the value axis and the legend sit on the right, labels in Arabic."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

# Colour-blind-safe palette (Okabe and Ito), one colour per series, in order.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
WIDTH, HEIGHT = 920, 300
_RIGHT, _LEFT, _TOP, _BOTTOM = 64, 24, 56, 44
_TICKS = 5


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    values: tuple[float | None, ...]  # one per day; None: no run that day (a gap in the line)


def line_chart(
    title: str,
    days: Sequence[str],
    series: Sequence[Series],
    fmt: Callable[[float], str] = lambda v: f"{v:.0f}",
    ceiling: float | None = None,
) -> str:
    """An SVG element: one line per series over ``days``, the oldest at the right."""
    plot_w, plot_h = WIDTH - _RIGHT - _LEFT, HEIGHT - _TOP - _BOTTOM
    top = ceiling or max([v for s in series for v in s.values if v is not None] + [1.0])
    top = _nice(top)

    def x(i: int) -> float:  # right to left
        return WIDTH - _RIGHT - (plot_w * i / max(len(days) - 1, 1))

    def y(v: float) -> float:
        return _TOP + plot_h * (1 - v / top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" direction="rtl" font-family="sans-serif">',
        f"<title>{escape(title)}</title>",
        f'<text x="{WIDTH - 8}" y="22" text-anchor="start" font-size="17" font-weight="bold">{escape(title)}</text>',
    ]
    for k in range(_TICKS + 1):
        value = top * k / _TICKS
        parts.append(
            f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#ddd" stroke-width="1"/>'
            f'<text x="{WIDTH - _RIGHT + 8}" y="{y(value) + 4:.1f}" text-anchor="start" font-size="12" '
            f'fill="#555">{escape(fmt(value))}</text>'
        )
    step = max(1, len(days) // 10)
    for i, day in enumerate(days):
        if i % step == 0 or i == len(days) - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - _BOTTOM + 18}" text-anchor="middle" font-size="12" '
                f'fill="#555" direction="ltr">{escape(day[5:])}</text>'
            )
    for n, s in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        for run in _runs(s.values):
            points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in run)
            parts.append(
                f'<polyline class="series" fill="none" stroke="{colour}" stroke-width="2.5" points="{points}"/>'
            )
            parts.extend(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}"/>' for i, v in run)
    parts.append(_legend(series))
    parts.append("</svg>")
    return "".join(parts)


def _legend(series: Sequence[Series]) -> str:
    """Swatches and labels from the right edge leftwards, wrapping to a second line when needed."""
    out, right, row = [], WIDTH - 8, 0
    for n, s in enumerate(series):
        width = 26 + 8 * len(s.label)
        if right - width < _LEFT and right != WIDTH - 8:
            right, row = WIDTH - 8, row + 1
        y = 40 + 16 * row
        colour = PALETTE[n % len(PALETTE)]
        out.append(
            f'<g class="legend"><rect x="{right - 14}" y="{y - 10}" width="14" height="10" fill="{colour}"/>'
            f'<text x="{right - 20}" y="{y}" text-anchor="start" font-size="13">{escape(s.label)}</text></g>'
        )
        right -= width
    return "".join(out)


def _runs(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """Consecutive known values, so a day without a run leaves a gap rather than a false zero."""
    runs: list[list[tuple[int, float]]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((i, v))
    return [r for r in runs if r]


def _nice(value: float) -> float:
    """A round axis ceiling at or above ``value``."""
    magnitude = 10 ** (len(str(int(value))) - 1) if value >= 1 else 0.1
    for factor in (1, 2, 2.5, 5, 10):
        if value <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude
