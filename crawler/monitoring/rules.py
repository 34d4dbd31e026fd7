"""The alert rules: each a small pure function over the run history, the expectations and the feed states,
returning the alerts it finds. ``evaluate`` runs them all; ``ALL`` stands for the whole crawl (a rule
about the store or the schedule, not one source)."""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from crawler import stats as keys
from crawler.listings.feedhealth import FeedState
from crawler.monitoring.expectations import Expectation, Share, learn, stored, when
from crawler.monitoring.runs import DATED_FUTURE, DATED_PAST, DATES_CHECKED
from crawler.store.runs import RunRecord

ALL = "*"


@dataclass(frozen=True, slots=True)
class Alert:
    """What a rule found: the source (or ``ALL``), the rule, the measured value and the expectation."""

    source_id: str
    rule: str
    measured: float
    expected: float
    message: str

    @property
    def key(self) -> str:
        return f"{self.rule}:{self.source_id}"

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source_id,
            "rule": self.rule,
            "measured": round(self.measured, 3),
            "expected": round(self.expected, 3),
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class AlertPolicy:
    """Thresholds of the rules (settings ``AKHBAR_ALERT_*``, README "Monitoring")."""

    window_hours: float = 24.0  # the recent runs the rules judge
    silence_factor: float = 3.0  # silent: no new article for this many usual gaps…
    silence_min_hours: float = 6.0  # …and at least this long
    volume_ratio: float = 0.3  # volume: fewer than this share of the expected articles in the window…
    volume_min_expected: float = 5.0  # …when at least this many were expected
    share_jump: float = 0.2  # refusals/fallbacks: the window's share above the usual by this much…
    share_mad_factor: float = 4.0  # …and by this many median absolute deviations
    share_min_pages: int = 5  # …over at least this many pages
    future_min: int = 1  # articles dated more than a day after their fetch
    past_days: float = 30.0  # articles dated this many days before their fetch are "far in the past"…
    past_min: int = 3  # …alerted when at least this many…
    past_share: float = 0.5  # …and this share of the window's checked articles
    schedule_hours: float = 0.0  # no run for this long (0: 3 times the usual interval between runs)


@dataclass(frozen=True, slots=True)
class Situation:
    """What the rules look at: the history (oldest first), the expectations learned before the window,
    the feed states, and the time of evaluation."""

    runs: Sequence[RunRecord]
    expectations: dict[str, Expectation]
    feeds: Sequence[FeedState]
    now: datetime
    policy: AlertPolicy

    @property
    def since(self) -> datetime:
        return self.now - timedelta(hours=self.policy.window_hours)

    def recent(self) -> list[RunRecord]:
        return [r for r in self.runs if when(r) >= self.since]

    def recent_total(self, source_id: str, counter: str, *, crawls_only: bool = False) -> int:
        return sum(
            s.get(counter)
            for r in self.recent()
            if not crawls_only or r.mode == "crawl"
            for s in r.sources
            if s.source_id == source_id
        )


def situation(runs: Sequence[RunRecord], feeds: Sequence[FeedState], now: datetime, policy: AlertPolicy) -> Situation:
    """Expectations are learned from the runs before the window, so what is judged does not set its own bar."""
    before = [r for r in runs if when(r) < now - timedelta(hours=policy.window_hours)]
    ids = sorted({s.source_id for r in runs for s in r.sources})
    learned = {sid: e for sid in ids if (e := learn(before, sid, today=None)) is not None}
    return Situation(runs, learned, feeds, now, policy)


def silent(sit: Situation) -> list[Alert]:
    alerts = []
    for sid, exp in sit.expectations.items():
        if exp.usual_gap_hours is None:
            continue
        last = max((when(r) for r in sit.runs for s in r.sources if s.source_id == sid and stored(s) > 0), default=None)
        if last is None:
            continue
        hours = (sit.now - last).total_seconds() / 3600
        limit = max(exp.usual_gap_hours * sit.policy.silence_factor, sit.policy.silence_min_hours)
        if hours > limit:
            alerts.append(
                Alert(sid, "silent", hours, limit, f"no new article for {hours:.1f} h (usually {limit:.1f} h at most)")
            )
    return alerts


def volume_low(sit: Situation) -> list[Alert]:
    alerts = []
    ran = {s.source_id for r in sit.recent() if r.mode == "crawl" for s in r.sources}
    for sid, exp in sit.expectations.items():
        if sid not in ran:
            continue  # not crawled in the window: the schedule rule says so
        expected = exp.between(sit.since, sit.now)
        got = sit.recent_total(sid, keys.STORED, crawls_only=True)
        if expected >= sit.policy.volume_min_expected and got < sit.policy.volume_ratio * expected:
            alerts.append(
                Alert(
                    sid,
                    "volume_low",
                    got,
                    expected,
                    f"{got} new articles in {sit.policy.window_hours:g} h, {expected:.0f} expected",
                )
            )
    return alerts


def _share_jump(sit: Situation, rule: str, part: str, whole: str, what: str) -> list[Alert]:
    alerts = []
    for sid, exp in sit.expectations.items():
        usual: Share | None = exp.refused if rule == "refusals_jump" else exp.fallback
        n, of = sit.recent_total(sid, part), sit.recent_total(sid, whole)
        if usual is None or of < sit.policy.share_min_pages:
            continue
        share = n / of
        limit = usual.median + max(sit.policy.share_jump, sit.policy.share_mad_factor * usual.mad)
        if share > limit:
            alerts.append(
                Alert(
                    sid,
                    rule,
                    share,
                    usual.median,
                    f"{share:.0%} of {of} {what} (usually {usual.median:.0%}): a template change?",
                )
            )
    return alerts


def refusals_jump(sit: Situation) -> list[Alert]:
    return _share_jump(sit, "refusals_jump", keys.NOT_ARTICLE, keys.PAGES_REQUESTED, "pages refused as not articles")


def fallbacks_jump(sit: Situation) -> list[Alert]:
    return _share_jump(sit, "fallbacks_jump", keys.EXTRACTION_FALLBACK, keys.EXTRACTED, "bodies from the fallback")


def dates_future(sit: Situation) -> list[Alert]:
    alerts = []
    for sid in _recent_sources(sit):
        n = sit.recent_total(sid, DATED_FUTURE)
        if n >= sit.policy.future_min:
            alerts.append(Alert(sid, "dates_future", n, 0, f"{n} articles dated more than a day after their fetch"))
    return alerts


def dates_past(sit: Situation) -> list[Alert]:
    alerts = []
    for sid in _recent_sources(sit):
        n = sit.recent_total(sid, DATED_PAST, crawls_only=True)
        checked = sit.recent_total(sid, DATES_CHECKED, crawls_only=True)
        if n >= sit.policy.past_min and checked and n / checked >= sit.policy.past_share:
            alerts.append(
                Alert(
                    sid,
                    "dates_past",
                    n / checked,
                    0,
                    f"{n} of {checked} articles dated over {sit.policy.past_days:g} days before their fetch",
                )
            )
    return alerts


def feed_disabled(sit: Situation) -> list[Alert]:
    by_source: dict[str, list[FeedState]] = {}
    for state in sit.feeds:
        if state.disabled_reason:
            by_source.setdefault(state.source_id, []).append(state)
    return [
        Alert(
            sid,
            "feed_disabled",
            len(states),
            0,
            "; ".join(f"{s.url} disabled: {s.disabled_reason}" for s in states)
            + f" (`akhbar sources enable {states[0].url}`)",
        )
        for sid, states in sorted(by_source.items())
    ]


def store_failing(sit: Situation) -> list[Alert]:
    recent = sit.recent()
    spooled = sum(r.totals.get(keys.SPOOLED, 0) for r in recent)
    corrupt = sum(r.totals.get(keys.SPOOL_CORRUPT, 0) for r in recent)
    if not spooled and not corrupt:
        return []
    return [
        Alert(
            ALL,
            "store_failing",
            spooled + corrupt,
            0,
            f"{spooled:.0f} articles not stored (kept in the spool), {corrupt:.0f} unreadable spool lines",
        )
    ]


def not_on_schedule(sit: Situation) -> list[Alert]:
    starts = sorted(datetime.fromisoformat(r.started_at) for r in sit.runs)
    if not starts:
        return []
    limit = sit.policy.schedule_hours
    if not limit:
        if len(starts) < 3:
            return []
        limit = 3 * statistics.median((b - a).total_seconds() / 3600 for a, b in itertools.pairwise(starts))
    hours = (sit.now - starts[-1]).total_seconds() / 3600
    if hours <= limit:
        return []
    return [
        Alert(
            ALL,
            "not_on_schedule",
            hours,
            limit,
            f"no crawl started for {hours:.1f} h (expected every {limit:.1f} h at most)",
        )
    ]


def _recent_sources(sit: Situation) -> list[str]:
    return sorted({s.source_id for r in sit.recent() for s in r.sources})


RULES = (
    silent,
    volume_low,
    refusals_jump,
    fallbacks_jump,
    dates_future,
    dates_past,
    feed_disabled,
    store_failing,
    not_on_schedule,
)


def evaluate(sit: Situation) -> list[Alert]:
    """Every rule's alerts, by source then rule."""
    return sorted((a for rule in RULES for a in rule(sit)), key=lambda a: (a.source_id, a.rule))
