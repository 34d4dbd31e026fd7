"""Per-feed polling state for incremental crawls: HTTP validators, an adaptive interval, and health.

Every function here is pure: it takes a ``FeedState`` and the current time and returns a new state.
The crawler decides with ``is_due`` which feeds to fetch, sends the stored validators (``etag``,
``last_modified``), then records what happened with ``record_fetched``, ``record_unchanged`` or
``record_failure`` and saves the result. A feed that keeps failing is disabled until ``enable``.

Times are ISO-8601 UTC strings with an offset (``"2026-11-29T10:00:00+00:00"``); the ``now`` passed to
every transition must be timezone-aware.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Literal

# Failure reasons (as ``crawler.errors.describe_failure`` names them, plus a few of the feed code's
# own) and how much each counts towards disabling a feed. Keys match as prefixes, the longest wins:
# "http_5" covers every 5xx. Permanent-looking failures weigh 1, transient ones 0.5, a 410 (Gone) 2.
DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "http_4": 1.0,
        "http_404": 1.0,
        "http_410": 2.0,
        "http_429": 0.5,
        "http_5": 0.5,
        "dns": 1.0,
        "tls": 1.0,
        "not_a_feed": 1.0,
        "bad_scheme": 1.0,
        "timeout": 0.5,
        "connection_refused": 0.5,
        "refused": 0.5,
        "connection_lost": 0.5,
        "no_response": 0.5,
        "data_loss": 0.5,
    }
)
UNKNOWN_WEIGHT = 1.0
# Failure backoff doubles the delay per consecutive failure, at most this many times (then max_interval
# caps it anyway); the bound keeps the power small.
_MAX_BACKOFF_DOUBLINGS = 16
_SECONDS_PER_DAY = 24 * 3600.0


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the crawler remembers about one feed between runs.

    ``url``: the feed's address (the key). ``source_id``: the source it belongs to.
    ``etag``, ``last_modified``: the HTTP validators of the last successful response, sent back as
    ``If-None-Match`` / ``If-Modified-Since``. ``body_hash``: hash of that response's body, to tell an
    unchanged feed served without validators.
    ``last_status``: ``"ok"``, ``"not_modified"`` (HTTP 304), ``"unchanged"`` (same body hash), or the
    failure reason (``"http_404"``, ``"timeout"``, ``"dns"``, ``"not_a_feed"``…); ``None`` before the
    first fetch.
    ``last_fetch_at``: the latest attempt, successful or not. ``last_success_at``: the latest attempt
    that got the feed (including 304 and unchanged). ``last_new_entry_at``: when the feed last had an
    entry not stored before (the newest entry's own date when known, else the fetch time).
    ``consecutive_failures``: failed attempts since the last success. ``failure_score``: the same
    failures weighted by ``HealthPolicy.weight``; the feed is disabled when it reaches
    ``HealthPolicy.disable_after``.
    ``entries_per_day``: smoothed rate of new entries; ``None`` until two successful fetches.
    ``interval_seconds``: the current polling interval (0 until the first success).
    ``next_due_at``: when the feed should be fetched next; ``None`` means at once.
    ``disabled_reason``, ``disabled_at``: why and when the feed was disabled; ``None`` when enabled.
    """

    url: str
    source_id: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_status: str | None = None
    last_fetch_at: str | None = None
    last_success_at: str | None = None
    last_new_entry_at: str | None = None
    consecutive_failures: int = 0
    failure_score: float = 0.0
    entries_per_day: float | None = None
    interval_seconds: float = 0.0
    next_due_at: str | None = None
    disabled_reason: str | None = None
    disabled_at: str | None = None


@dataclass(frozen=True, slots=True)
class HealthPolicy:
    """How intervals adapt and when a failing feed is disabled.

    ``min_interval``, ``max_interval``: bounds of the polling interval, in seconds. ``disable_after``:
    the failure score at which a feed is disabled. ``weights``: failure reason (or reason prefix) →
    weight; see ``weight``. ``rate_window``: seconds the ``entries_per_day`` estimate mostly averages
    over (an observation spanning this long moves it about two thirds of the way).
    """

    min_interval: float = 15 * 60
    max_interval: float = 24 * 3600
    disable_after: float = 10.0
    weights: Mapping[str, float] = field(default_factory=lambda: DEFAULT_WEIGHTS)
    rate_window: float = 24 * 3600

    def weight(self, reason: str) -> float:
        """How much a failure counts: the weight of the longest key that ``reason`` starts with
        (``"http_503"`` → ``"http_5"``), ``UNKNOWN_WEIGHT`` when none matches."""
        matches = [key for key in self.weights if reason.startswith(key)]
        return self.weights[max(matches, key=len)] if matches else UNKNOWN_WEIGHT

    def clamp(self, interval: float) -> float:
        """``interval`` within ``[min_interval, max_interval]``."""
        return min(max(interval, self.min_interval), self.max_interval)


def record_fetched(
    state: FeedState,
    now: datetime,
    *,
    etag: str | None,
    last_modified: str | None,
    body_hash: str | None,
    new_entries: int,
    total_entries: int,
    newest_entry_at: str | None,
    policy: HealthPolicy,
) -> FeedState:
    """The feed was fetched and parsed: ``new_entries`` of its ``total_entries`` were not stored yet.

    Failures are forgotten, the validators replaced. The interval starts at ``min_interval``, then
    halves after a fetch with new entries and grows by half after one without, within the policy's
    bounds; when every entry was new after an earlier success, entries may have scrolled out of the
    feed unseen, so it drops to ``min_interval``. ``newest_entry_at``: the newest entry's date, if known.
    """
    stamp = _iso(now)
    overflowed = state.last_success_at is not None and 0 < total_entries <= new_entries
    if state.interval_seconds <= 0 or overflowed:
        interval = policy.min_interval
    elif new_entries > 0:
        interval = policy.clamp(state.interval_seconds / 2)
    else:
        interval = policy.clamp(state.interval_seconds * 1.5)
    return replace(
        _succeeded(state, now, "ok", new_entries, policy),
        etag=etag,
        last_modified=last_modified,
        body_hash=body_hash,
        last_new_entry_at=(newest_entry_at or stamp) if new_entries > 0 else state.last_new_entry_at,
        interval_seconds=interval,
        next_due_at=_iso(now + timedelta(seconds=interval)),
    )


def record_unchanged(
    state: FeedState,
    now: datetime,
    *,
    status: Literal["not_modified", "unchanged"],
    policy: HealthPolicy,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FeedState:
    """The feed answered 304 (``"not_modified"``) or with the body it had (``"unchanged"``).

    A success with no new entries: failures are forgotten and the interval grows. ``etag`` and
    ``last_modified``, when given, replace the stored validators (a 304 may refresh them).
    """
    interval = policy.min_interval if state.interval_seconds <= 0 else policy.clamp(state.interval_seconds * 1.5)
    return replace(
        _succeeded(state, now, status, 0, policy),
        etag=etag if etag is not None else state.etag,
        last_modified=last_modified if last_modified is not None else state.last_modified,
        interval_seconds=interval,
        next_due_at=_iso(now + timedelta(seconds=interval)),
    )


def record_failure(state: FeedState, now: datetime, reason: str, policy: HealthPolicy) -> FeedState:
    """The fetch failed for ``reason`` (``"http_404"``, ``"timeout"``…).

    The next attempt is put off by the polling interval (``min_interval`` before the first success),
    doubled for each further failure in a row, at most ``max_interval``. When the weighted failure
    score reaches ``disable_after`` the feed is disabled (an already disabled feed keeps its reason).
    """
    failures = state.consecutive_failures + 1
    score = state.failure_score + policy.weight(reason)
    base = state.interval_seconds if state.interval_seconds > 0 else policy.min_interval
    delay = policy.clamp(base * 2 ** min(failures - 1, _MAX_BACKOFF_DOUBLINGS))
    disabled_reason, disabled_at = state.disabled_reason, state.disabled_at
    if disabled_reason is None and score >= policy.disable_after:
        disabled_reason, disabled_at = f"{failures} failures in a row, last: {reason}", _iso(now)
    return replace(
        state,
        last_status=reason,
        last_fetch_at=_iso(now),
        consecutive_failures=failures,
        failure_score=score,
        next_due_at=_iso(now + timedelta(seconds=delay)),
        disabled_reason=disabled_reason,
        disabled_at=disabled_at,
    )


def enable(state: FeedState) -> FeedState:
    """The feed enabled again with a clean record, due at once."""
    return replace(
        state, disabled_reason=None, disabled_at=None, consecutive_failures=0, failure_score=0.0, next_due_at=None
    )


def is_due(state: FeedState, now: datetime) -> bool:
    """Whether the feed should be fetched at ``now``: never while disabled; at once when it has no due
    time yet (never fetched, or just enabled)."""
    if state.disabled_reason is not None:
        return False
    return state.next_due_at is None or _parse(state.next_due_at) <= _aware(now)


def health_label(state: FeedState) -> str:
    """A word for reports: ``"disabled"``, ``"failing (3)"``, ``"new"`` (never fetched) or ``"ok"``."""
    if state.disabled_reason is not None:
        return "disabled"
    if state.consecutive_failures > 0:
        return f"failing ({state.consecutive_failures})"
    if state.last_fetch_at is None:
        return "new"
    return "ok"


def _succeeded(state: FeedState, now: datetime, status: str, new_entries: int, policy: HealthPolicy) -> FeedState:
    """The fields every success updates: status, times, failure counters, the rate of new entries."""
    stamp = _iso(now)
    return replace(
        state,
        last_status=status,
        last_fetch_at=stamp,
        last_success_at=stamp,
        consecutive_failures=0,
        failure_score=0.0,
        entries_per_day=_rate(state, now, new_entries, policy),
    )


def _rate(state: FeedState, now: datetime, new_entries: int, policy: HealthPolicy) -> float | None:
    """The new-entries-per-day estimate after seeing ``new_entries`` since the last success.

    An exponential moving average weighted by time: an observation over ``elapsed`` seconds moves the
    estimate by ``1 - exp(-elapsed / rate_window)`` of the way, so a day of 15-minute polls counts
    about as much as one daily poll. The first success has nothing to measure from (every entry is
    new then); the first measured rate is taken as it is.
    """
    if state.last_success_at is None:
        return state.entries_per_day
    elapsed = (_aware(now) - _parse(state.last_success_at)).total_seconds()
    if elapsed <= 0:
        return state.entries_per_day
    observed = new_entries * _SECONDS_PER_DAY / elapsed
    if state.entries_per_day is None:
        return observed
    alpha = 1 - math.exp(-elapsed / policy.rate_window)
    return state.entries_per_day + alpha * (observed - state.entries_per_day)


def _aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"a timezone-aware time is needed, not {now.isoformat()}")
    return now


def _iso(now: datetime) -> str:
    return _aware(now).astimezone(UTC).isoformat(timespec="seconds")


def _parse(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
