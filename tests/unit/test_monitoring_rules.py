"""Expectations learned from a recorded history, and the alert rules over it (pure, no store)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from crawler.listings.feedhealth import FeedState
from crawler.monitoring.expectations import learn
from crawler.monitoring.rules import ALL, AlertPolicy, evaluate, situation
from crawler.monitoring.runs import DATED_FUTURE, date_check, settings_diff
from crawler.store.runs import SourceRun
from tests.monitor_history import history

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def test_expectations_are_medians_robust_to_an_outlier() -> None:
    runs = history(NOW, {"nabd": 4})
    spiked = [
        dataclasses.replace(r, sources=(SourceRun("nabd", "ok", {"stored": 900}),)) if i == 30 else r
        for i, r in enumerate(runs)
    ]
    usual, odd = learn(runs, "nabd", today=NOW.date()), learn(spiked, "nabd", today=NOW.date())
    assert usual is not None and odd is not None
    assert 40 <= usual.daily[0] <= 56  # 12 runs a day, about 4 each
    assert odd.daily == usual.daily  # one day of 900 moves no median
    assert abs(sum(usual.hour_share) - 1) < 1e-9
    assert usual.usual_gap_hours == 2
    assert 3 <= usual.between(NOW - timedelta(hours=2), NOW) <= 5


def test_short_history_falls_back_to_the_overall_rate() -> None:
    runs = history(NOW, {"wadi": 1}, days=1)
    learned = learn(runs, "wadi")
    assert learned is not None and learned.days < 3
    assert set(learned.daily) == {13.0}  # 13 runs over one day, one article each


def test_a_quiet_history_raises_no_alert() -> None:
    runs = history(NOW, {"nabd": 4, "wadi": 2}, refused={"wadi": 1})
    assert evaluate(situation(runs, [], NOW, AlertPolicy())) == []


def test_each_rule_fires_on_its_condition() -> None:
    runs = history(
        NOW - timedelta(hours=1), {"nabd": 4, "wadi": 3, "maghreb": 2}, stop={"nabd": NOW - timedelta(hours=30)}
    )
    last = runs[-1]
    broken = (
        SourceRun("maghreb", "ok", {"stored": 2, "pages_requested": 10, "not_article": 8, DATED_FUTURE: 2}),
        SourceRun("nabd", "ok", {"feeds_ok": 1}),
        SourceRun("wadi", "ok", {"stored": 3, "pages_requested": 3, "extracted": 3}),
    )
    runs[-1] = dataclasses.replace(last, sources=broken, totals={"spooled": 4.0})
    feeds = [FeedState(url="http://127.0.0.1/wadi/atom.xml", source_id="wadi", disabled_reason="10 failures in a row")]
    alerts = evaluate(situation(runs, feeds, NOW, AlertPolicy(share_min_pages=5)))
    assert [(a.source_id, a.rule) for a in alerts] == [
        (ALL, "store_failing"),
        ("maghreb", "dates_future"),
        ("maghreb", "refusals_jump"),
        ("nabd", "silent"),
        ("nabd", "volume_low"),
        ("wadi", "feed_disabled"),
    ]
    refused = next(a for a in alerts if a.rule == "refusals_jump")
    assert 0.2 < refused.measured < 0.3 and refused.expected == 0  # 8 of the window's 33 pages
    late = evaluate(situation(runs, [], NOW + timedelta(hours=12), AlertPolicy()))
    assert (ALL, "not_on_schedule") in [(a.source_id, a.rule) for a in late]


def test_date_checks() -> None:
    fetched = "2026-12-05T09:00:00+00:00"
    assert date_check(None, fetched, 30) == "undated"
    assert date_check("2026-12-07T09:00:00+03:00", fetched, 30) == "dated_future"
    assert date_check("2026-12-05T23:00:00+03:00", fetched, 30) is None  # the outlet's own evening
    assert date_check("2026-10-01", fetched, 30) == "dated_past"


def test_settings_diff_masks_secrets() -> None:
    diff = settings_diff(
        {"AKHBAR_STORE_URI": "postgresql://crawler:hunter2@db/news", "API_TOKEN": "x", "DOWNLOAD_DELAY": 0.5},
        {"AKHBAR_STORE_URI": "sqlite:///data/akhbar.db", "DOWNLOAD_DELAY": 0.5},
    )
    assert diff == {"AKHBAR_STORE_URI": "postgresql://crawler:***@db/news", "API_TOKEN": "***"}
