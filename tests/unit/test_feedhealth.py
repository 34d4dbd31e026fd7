"""Feed polling state: adaptive intervals, the new-entry rate, weighted failures, disabling, due times."""

from __future__ import annotations

import dataclasses
import math
from datetime import UTC, datetime, timedelta, timezone

import pytest

from crawler.listings.feedhealth import (
    FeedState,
    HealthPolicy,
    enable,
    health_label,
    is_due,
    record_failure,
    record_fetched,
    record_unchanged,
)

FEED = "https://www.alsumaria.tv/rss/ar/news.xml"
T0 = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
POLICY = HealthPolicy()


def new_feed() -> FeedState:
    return FeedState(url=FEED, source_id="alsumaria")


def fetched(state: FeedState, now: datetime, new_entries: int, total_entries: int = 20) -> FeedState:
    return record_fetched(
        state,
        now,
        etag='W/"abc"',
        last_modified="Sun, 29 Nov 2026 09:58:00 GMT",
        body_hash="hash-1",
        new_entries=new_entries,
        total_entries=total_entries,
        newest_entry_at="2026-11-29T12:55:00+03:00",
        policy=POLICY,
    )


def failed(state: FeedState, times: int, reason: str, start: datetime = T0) -> FeedState:
    for n in range(times):
        state = record_failure(state, start + timedelta(hours=n), reason, POLICY)
    return state


def at(moment: datetime) -> str:
    return moment.isoformat()


# --- successes and the interval -------------------------------------------------------------------


def test_first_fetch_starts_at_the_minimum_interval() -> None:
    state = fetched(new_feed(), T0, new_entries=20)
    assert state == FeedState(
        url=FEED,
        source_id="alsumaria",
        etag='W/"abc"',
        last_modified="Sun, 29 Nov 2026 09:58:00 GMT",
        body_hash="hash-1",
        last_status="ok",
        last_fetch_at="2026-11-29T10:00:00+00:00",
        last_success_at="2026-11-29T10:00:00+00:00",
        last_new_entry_at="2026-11-29T12:55:00+03:00",
        interval_seconds=900.0,
        next_due_at="2026-11-29T10:15:00+00:00",
    )
    assert health_label(state) == "ok"


def test_interval_grows_by_half_without_new_entries_and_halves_with_them() -> None:
    state = fetched(new_feed(), T0, new_entries=20)
    intervals = []
    for n, new in enumerate([0, 0, 0, 3, 1, 1], start=1):
        state = fetched(state, T0 + timedelta(hours=n), new_entries=new)
        intervals.append(state.interval_seconds)
    assert intervals == [1350.0, 2025.0, 3037.5, 1518.75, 900.0, 900.0]  # never below 15 minutes
    assert state.next_due_at == "2026-11-29T16:15:00+00:00"


def test_interval_never_exceeds_the_maximum() -> None:
    state = dataclasses.replace(fetched(new_feed(), T0, new_entries=5), interval_seconds=80_000.0)
    state = fetched(state, T0 + timedelta(days=1), new_entries=0)
    assert state.interval_seconds == 86_400.0
    assert state.next_due_at == at(T0 + timedelta(days=2))


def test_interval_respects_a_custom_policy() -> None:
    policy = HealthPolicy(min_interval=60.0, max_interval=100.0)
    state = record_unchanged(new_feed(), T0, status="unchanged", policy=policy)
    assert state.interval_seconds == 60.0
    state = record_unchanged(state, T0 + timedelta(minutes=1), status="unchanged", policy=policy)
    assert state.interval_seconds == 90.0
    state = record_unchanged(state, T0 + timedelta(minutes=3), status="unchanged", policy=policy)
    assert state.interval_seconds == 100.0


def test_a_feed_whose_entries_are_all_new_drops_to_the_minimum() -> None:
    # Every entry new since the last look: some may have scrolled out of the feed unseen.
    state = dataclasses.replace(fetched(new_feed(), T0, new_entries=20), interval_seconds=40_000.0)
    state = fetched(state, T0 + timedelta(hours=11), new_entries=20, total_entries=20)
    assert state.interval_seconds == 900.0


def test_last_new_entry_at_only_moves_with_new_entries() -> None:
    state = fetched(new_feed(), T0, new_entries=2)
    later = record_fetched(
        state,
        T0 + timedelta(hours=1),
        etag=None,
        last_modified=None,
        body_hash="hash-2",
        new_entries=0,
        total_entries=20,
        newest_entry_at="2026-11-29T12:55:00+03:00",
        policy=POLICY,
    )
    assert later.last_new_entry_at == "2026-11-29T12:55:00+03:00"
    assert (later.etag, later.last_modified, later.body_hash) == (None, None, "hash-2")
    undated = record_fetched(
        later,
        T0 + timedelta(hours=2),
        etag=None,
        last_modified=None,
        body_hash="hash-3",
        new_entries=1,
        total_entries=20,
        newest_entry_at=None,
        policy=POLICY,
    )
    assert undated.last_new_entry_at == "2026-11-29T12:00:00+00:00"  # the fetch time


def test_not_modified_keeps_validators_and_counts_as_success() -> None:
    state = failed(fetched(new_feed(), T0, new_entries=20), 3, "timeout", start=T0 + timedelta(minutes=15))
    state = record_unchanged(state, T0 + timedelta(hours=4), status="not_modified", policy=POLICY)
    assert state.last_status == "not_modified"
    assert (state.etag, state.last_modified, state.body_hash) == (
        'W/"abc"',
        "Sun, 29 Nov 2026 09:58:00 GMT",
        "hash-1",
    )
    assert (state.consecutive_failures, state.failure_score) == (0, 0.0)
    assert state.last_success_at == state.last_fetch_at == "2026-11-29T14:00:00+00:00"
    assert state.last_new_entry_at == "2026-11-29T12:55:00+03:00"
    assert state.interval_seconds == 1350.0
    assert state.next_due_at == "2026-11-29T14:22:30+00:00"
    assert health_label(state) == "ok"


def test_unchanged_may_refresh_the_validators() -> None:
    state = fetched(new_feed(), T0, new_entries=20)
    state = record_unchanged(state, T0 + timedelta(hours=1), status="unchanged", policy=POLICY, etag='"v2"')
    assert (state.last_status, state.etag, state.last_modified) == (
        "unchanged",
        '"v2"',
        "Sun, 29 Nov 2026 09:58:00 GMT",
    )


# --- entries per day ------------------------------------------------------------------------------


def test_entries_per_day_is_unknown_after_one_fetch_then_measured() -> None:
    state = fetched(new_feed(), T0, new_entries=20)
    assert state.entries_per_day is None  # every entry is new the first time: nothing to measure
    state = fetched(state, T0 + timedelta(hours=6), new_entries=3)
    assert state.entries_per_day == 12.0  # 3 in a quarter day, taken as it is


def test_entries_per_day_is_a_time_weighted_average() -> None:
    state = fetched(fetched(new_feed(), T0, new_entries=20), T0 + timedelta(days=1), new_entries=4)
    assert state.entries_per_day == 4.0
    # A whole day with nothing new moves the estimate 1 - 1/e of the way to 0.
    day = record_unchanged(state, T0 + timedelta(days=2), status="not_modified", policy=POLICY)
    assert day.entries_per_day == pytest.approx(4.0 * math.exp(-1))
    # Fifteen minutes with nothing new barely moves it.
    quarter = record_unchanged(state, T0 + timedelta(days=1, minutes=15), status="not_modified", policy=POLICY)
    assert quarter.entries_per_day == pytest.approx(4.0 * math.exp(-1 / 96))


def test_entries_per_day_counts_from_the_last_success_not_the_last_failure() -> None:
    state = fetched(new_feed(), T0, new_entries=20)
    state = record_failure(state, T0 + timedelta(hours=12), "http_503", POLICY)
    state = fetched(state, T0 + timedelta(days=1), new_entries=2)
    assert state.entries_per_day == 2.0


# --- failures -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "weight"),
    [
        ("http_404", 1.0),
        ("http_403", 1.0),
        ("http_410", 2.0),
        ("http_429", 0.5),
        ("http_500", 0.5),
        ("http_503", 0.5),
        ("timeout", 0.5),
        ("connection_refused", 0.5),
        ("refused", 0.5),
        ("dns", 1.0),
        ("tls", 1.0),
        ("not_a_feed", 1.0),
        ("valueerror", 1.0),  # unknown
    ],
)
def test_failure_weights(reason: str, weight: float) -> None:
    assert POLICY.weight(reason) == weight


def test_custom_weights_match_the_longest_prefix() -> None:
    policy = HealthPolicy(weights={"http_": 3.0, "http_50": 0.25})
    assert (policy.weight("http_502"), policy.weight("http_404"), policy.weight("dns")) == (0.25, 3.0, 1.0)


@pytest.mark.parametrize(("reason", "needed"), [("http_404", 10), ("dns", 10), ("http_410", 5), ("timeout", 20)])
def test_disabled_when_the_weighted_score_reaches_the_limit(reason: str, needed: int) -> None:
    almost = failed(fetched(new_feed(), T0, new_entries=20), needed - 1, reason)
    assert almost.disabled_reason is None
    assert health_label(almost) == f"failing ({needed - 1})"
    moment = T0 + timedelta(days=3)
    state = record_failure(almost, moment, reason, POLICY)
    assert state.disabled_reason == f"{needed} failures in a row, last: {reason}"
    assert state.disabled_at == at(moment)
    assert state.consecutive_failures == needed
    assert state.failure_score == 10.0
    assert health_label(state) == "disabled"
    assert not is_due(state, moment + timedelta(days=30))


def test_timeouts_need_twice_as_many_failures_as_404s() -> None:
    assert failed(new_feed(), 10, "http_404").disabled_reason is not None
    assert failed(new_feed(), 10, "timeout").disabled_reason is None
    mixed = failed(failed(new_feed(), 6, "timeout"), 6, "http_404", start=T0 + timedelta(days=1))
    assert (mixed.failure_score, mixed.disabled_reason) == (9.0, None)
    assert failed(mixed, 1, "http_404", start=T0 + timedelta(days=2)).disabled_reason == (
        "13 failures in a row, last: http_404"
    )


def test_a_disabled_feed_keeps_its_reason_and_date() -> None:
    state = failed(new_feed(), 10, "http_404")
    later = record_failure(state, T0 + timedelta(days=5), "dns", POLICY)
    assert (later.disabled_reason, later.disabled_at) == (state.disabled_reason, state.disabled_at)
    assert later.consecutive_failures == 11


def test_success_forgets_failures() -> None:
    state = failed(fetched(new_feed(), T0, new_entries=20), 4, "http_500")
    assert (state.consecutive_failures, state.failure_score) == (4, 2.0)
    state = fetched(state, T0 + timedelta(hours=5), new_entries=1)
    assert (state.consecutive_failures, state.failure_score, state.last_status) == (0, 0.0, "ok")


def test_failures_back_off_exponentially_up_to_the_maximum() -> None:
    state = fetched(new_feed(), T0, new_entries=20)  # interval 900 s
    delays = []
    for n in range(9):
        moment = T0 + timedelta(days=n)
        state = record_failure(state, moment, "timeout", POLICY)
        due = datetime.fromisoformat(state.next_due_at or "")
        delays.append((due - moment).total_seconds())
    assert delays == [900, 1800, 3600, 7200, 14400, 28800, 57600, 86400, 86400]
    assert state.interval_seconds == 900.0  # the polling interval itself is kept for the recovery
    assert state.last_status == "timeout"
    assert state.last_success_at == at(T0)


def test_a_feed_failing_from_the_start_backs_off_from_the_minimum() -> None:
    state = record_failure(new_feed(), T0, "dns", POLICY)
    assert state.next_due_at == "2026-11-29T10:15:00+00:00"
    assert (state.last_fetch_at, state.last_success_at) == (at(T0), None)
    assert health_label(state) == "failing (1)"


# --- enabling, due times, labels ------------------------------------------------------------------


def test_enable_clears_the_failure_record_and_makes_the_feed_due() -> None:
    state = failed(fetched(new_feed(), T0, new_entries=20), 10, "http_404")
    assert not is_due(state, T0 + timedelta(days=30))
    enabled = enable(state)
    assert (enabled.disabled_reason, enabled.disabled_at, enabled.next_due_at) == (None, None, None)
    assert (enabled.consecutive_failures, enabled.failure_score) == (0, 0.0)
    assert enabled.etag == 'W/"abc"' and enabled.last_status == "http_404"
    assert is_due(enabled, T0)
    assert health_label(enabled) == "ok"


def test_is_due() -> None:
    assert is_due(new_feed(), T0)
    state = fetched(new_feed(), T0, new_entries=20)
    assert not is_due(state, T0 + timedelta(minutes=14, seconds=59))
    assert is_due(state, T0 + timedelta(minutes=15))
    # The same instant in Baghdad time.
    assert is_due(state, datetime(2026, 11, 29, 13, 15, tzinfo=timezone(timedelta(hours=3))))


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        record_failure(new_feed(), datetime(2026, 11, 29, 10, 0), "dns", POLICY)
    with pytest.raises(ValueError, match="timezone-aware"):
        is_due(fetched(new_feed(), T0, new_entries=1), datetime(2026, 11, 29, 10, 0))


def test_times_are_stored_in_utc() -> None:
    baghdad = datetime(2026, 11, 29, 13, 0, tzinfo=timezone(timedelta(hours=3)))
    state = fetched(new_feed(), baghdad, new_entries=1)
    assert state.last_fetch_at == "2026-11-29T10:00:00+00:00"


def test_health_labels() -> None:
    assert health_label(new_feed()) == "new"
    assert health_label(fetched(new_feed(), T0, new_entries=1)) == "ok"
    assert health_label(failed(new_feed(), 3, "timeout")) == "failing (3)"
    assert health_label(failed(new_feed(), 10, "dns")) == "disabled"
