"""What each source usually gives, learned from the run history, robust to outliers.

Volume: the median of a source's daily stored articles, per day of the week once there are enough
weeks, spread over the hours of the day by the share each hour usually gets (so articles per hour by
hour of day and day of week). With fewer than ``MIN_DAYS`` days of history, the overall rate is used.
Shares (pages refused, bodies from the fallback, undated articles): the median of per-run shares with
their median absolute deviation, so one odd run neither raises nor widens the expectation much.
"""

from __future__ import annotations

import itertools
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from crawler import stats as keys
from crawler.monitoring.runs import DATES_CHECKED, UNDATED
from crawler.store.runs import RunRecord, SourceRun

# Days (and weekdays) of history needed before medians are trusted over the overall rate.
MIN_DAYS = 3
MIN_WEEKDAY_SAMPLES = 3
# Runs needed for a usual gap or a share's median.
MIN_RUNS = 3
# The quantile of gaps between productive runs taken as the usual gap (a quiet night is usual).
GAP_QUANTILE = 0.9
# Laplace smoothing of the hour-of-day shares: an hour never seen still gets a little.
_HOUR_PRIOR = 1.0


@dataclass(frozen=True, slots=True)
class Share:
    """A share's usual value (median of per-run shares) and spread (median absolute deviation)."""

    median: float
    mad: float
    runs: int


@dataclass(frozen=True, slots=True)
class Expectation:
    """One source's expectations. ``daily[weekday]``: articles stored a day (Monday = 0);
    ``hour_share[hour]``: the part of a day's articles stored in that UTC hour (summing to 1);
    ``usual_gap_hours``: how long it usually goes without a new article (None: too little history)."""

    source_id: str
    days: int
    daily: tuple[float, ...]
    hour_share: tuple[float, ...]
    usual_gap_hours: float | None
    refused: Share | None
    fallback: Share | None
    undated: Share | None

    def per_hour(self, weekday: int, hour: int) -> float:
        """Articles expected in that hour of that day of the week."""
        return self.daily[weekday] * self.hour_share[hour]

    def between(self, start: datetime, end: datetime) -> float:
        """Articles expected from ``start`` to ``end`` (UTC), partial hours prorated."""
        total, moment = 0.0, start.astimezone(UTC)
        end = end.astimezone(UTC)
        while moment < end:
            next_hour = moment.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
            step = min(next_hour, end)
            total += self.per_hour(moment.weekday(), moment.hour) * (step - moment).total_seconds() / 3600
            moment = step
        return total


def when(run: RunRecord) -> datetime:
    """A run's finish time (its articles are counted then), as an aware UTC datetime."""
    moment = datetime.fromisoformat(run.finished_at)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def stored(source: SourceRun) -> int:
    return source.get(keys.STORED)


def learn(runs: Sequence[RunRecord], source_id: str, today: date | None = None) -> Expectation | None:
    """The expectation of one source from ``runs`` (oldest first); None when no run crawled it.
    ``today``: a day still under way, left out of the daily medians."""
    mine = [(when(r), s) for r in runs if r.mode == "crawl" for s in r.sources if s.source_id == source_id]
    if not mine:
        return None
    per_day: dict[date, int] = defaultdict(int)
    per_hour = [0.0] * 24
    for moment, source in mine:
        per_day[moment.date()] += stored(source)
        per_hour[moment.hour] += stored(source)
    days = {day: n for day, n in per_day.items() if day != today}
    total = sum(per_hour)
    hour_share = tuple((n + _HOUR_PRIOR) / (total + 24 * _HOUR_PRIOR) for n in per_hour)
    return Expectation(
        source_id=source_id,
        days=len(days),
        daily=_daily(days, mine),
        hour_share=hour_share,
        usual_gap_hours=_usual_gap([m for m, s in mine if stored(s) > 0]),
        refused=_share(mine, lambda s: (s.get(keys.NOT_ARTICLE), s.get(keys.PAGES_REQUESTED))),
        fallback=_share(mine, lambda s: (s.get(keys.EXTRACTION_FALLBACK), s.get(keys.EXTRACTED))),
        undated=_share(mine, lambda s: (s.get(UNDATED), s.get(DATES_CHECKED))),
    )


def _daily(days: dict[date, int], mine: list[tuple[datetime, SourceRun]]) -> tuple[float, ...]:
    if len(days) < MIN_DAYS:
        # Short history: the overall rate over the hours it covers (a day at least: a few runs in an
        # hour say nothing of the night).
        span_hours = max((mine[-1][0] - mine[0][0]).total_seconds() / 3600, 24.0)
        rate = sum(stored(s) for _, s in mine) / span_hours * 24
        return (rate,) * 7
    overall = statistics.median(days.values())
    by_weekday: dict[int, list[int]] = defaultdict(list)
    for day, n in days.items():
        by_weekday[day.weekday()].append(n)
    return tuple(
        float(statistics.median(by_weekday[wd])) if len(by_weekday[wd]) >= MIN_WEEKDAY_SAMPLES else float(overall)
        for wd in range(7)
    )


def _usual_gap(moments: list[datetime]) -> float | None:
    if len(moments) < MIN_RUNS:
        return None
    gaps = sorted((b - a).total_seconds() / 3600 for a, b in itertools.pairwise(moments))
    return gaps[min(int(GAP_QUANTILE * len(gaps)), len(gaps) - 1)]


def _share(mine: list[tuple[datetime, SourceRun]], part: Callable[[SourceRun], tuple[int, int]]) -> Share | None:
    shares = []
    for _, source in mine:
        n, of = part(source)
        if of > 0:
            shares.append(n / of)
    if len(shares) < MIN_RUNS:
        return None
    median = statistics.median(shares)
    return Share(median, statistics.median(abs(s - median) for s in shares), len(shares))
