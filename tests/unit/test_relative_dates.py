"""Relative dates as bylines and listings print them, read against a fixed fetch time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from crawler.extraction.relative_dates import parse_relative_date

# Wednesday 18 November 2026, 12:00 in Riyadh (UTC+3).
NOW = datetime(2026, 11, 18, 9, 0, 27, 500, tzinfo=UTC)
TZ = "Asia/Riyadh"


def relative(text: str, now: datetime = NOW, tz: str = TZ) -> tuple[str, bool] | None:
    parsed = parse_relative_date(text, now=now, tz=tz)
    return (parsed.iso(), parsed.has_time) if parsed is not None else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Hours and minutes keep the time of day; seconds of ``now`` are dropped.
        ("منذ 3 ساعات", "2026-11-18T09:00:00+03:00"),
        ("منذ ساعة", "2026-11-18T11:00:00+03:00"),
        ("منذ ساعتين", "2026-11-18T10:00:00+03:00"),
        ("منذ 11 ساعة", "2026-11-18T01:00:00+03:00"),
        ("منذ 5 دقائق", "2026-11-18T11:55:00+03:00"),
        ("منذ دقيقة", "2026-11-18T11:59:00+03:00"),
        ("منذ دقيقتين", "2026-11-18T11:58:00+03:00"),
        ("منذ 45 دقيقة", "2026-11-18T11:15:00+03:00"),
        ("منذ 30 ثانية", "2026-11-18T11:59:30+03:00"),
        ("قبل 4 ساعات", "2026-11-18T08:00:00+03:00"),
        ("قبل ساعة", "2026-11-18T11:00:00+03:00"),
        ("قبل 10 دقائق", "2026-11-18T11:50:00+03:00"),
        ("منذ 3ساعات", "2026-11-18T09:00:00+03:00"),
        ("منذ نحو ساعة", "2026-11-18T11:00:00+03:00"),
        # Eastern and Persian digits, numbers as words.
        ("منذ ٣ ساعات", "2026-11-18T09:00:00+03:00"),
        ("منذ ۵ دقائق", "2026-11-18T11:55:00+03:00"),
        ("قبل ١٥ دقيقة", "2026-11-18T11:45:00+03:00"),
        ("منذ ثلاث ساعات", "2026-11-18T09:00:00+03:00"),
        ("منذ خمس دقائق", "2026-11-18T11:55:00+03:00"),
        ("منذ عشر دقائق", "2026-11-18T11:50:00+03:00"),
        ("قبل ست ساعات", "2026-11-18T06:00:00+03:00"),
        # Labels and punctuation around the phrase, diacritics and tatweel.
        ("نشر منذ 3 ساعات", "2026-11-18T09:00:00+03:00"),
        ("نُشر: منذ ساعتين", "2026-11-18T10:00:00+03:00"),
        ("آخر تحديث: منذ 20 دقيقة", "2026-11-18T11:40:00+03:00"),
        ("(منذ ســاعة)", "2026-11-18T11:00:00+03:00"),
        # Now.
        ("الآن", "2026-11-18T12:00:00+03:00"),
        ("قبل قليل", "2026-11-18T12:00:00+03:00"),
        ("منذ قليل", "2026-11-18T12:00:00+03:00"),
        ("منذ لحظات", "2026-11-18T12:00:00+03:00"),
        # English.
        ("3 hours ago", "2026-11-18T09:00:00+03:00"),
        ("an hour ago", "2026-11-18T11:00:00+03:00"),
        ("5 mins ago", "2026-11-18T11:55:00+03:00"),
        ("two hours ago", "2026-11-18T10:00:00+03:00"),
        ("Just now", "2026-11-18T12:00:00+03:00"),
        # A day word with a time of day.
        ("أمس 10:30 م", "2026-11-17T22:30:00+03:00"),
        ("أمس 10:30 ص", "2026-11-17T10:30:00+03:00"),
        ("أمس الساعة 11:45 مساءً", "2026-11-17T23:45:00+03:00"),
        ("آخر تحديث: أمس، 18:05", "2026-11-17T18:05:00+03:00"),
        ("اليوم 08:15", "2026-11-18T08:15:00+03:00"),
        ("اليوم - ٠٨:١٥ ص", "2026-11-18T08:15:00+03:00"),
        ("yesterday at 10:30 pm", "2026-11-17T22:30:00+03:00"),
    ],
)
def test_hour_and_minute_forms(text: str, expected: str) -> None:
    assert relative(text) == (expected, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Day, week, month and year give the local midnight of that day.
        ("منذ يوم", "2026-11-17"),
        ("منذ يومين", "2026-11-16"),
        ("منذ 3 أيام", "2026-11-15"),
        ("منذ ثلاثة أيام", "2026-11-15"),
        ("منذ 15 يوماً", "2026-11-03"),
        ("منذ أسبوع", "2026-11-11"),
        ("منذ أسبوعين", "2026-11-04"),
        ("منذ 3 أسابيع", "2026-10-28"),
        ("منذ شهر", "2026-10-18"),
        ("منذ شهرين", "2026-09-18"),
        ("منذ 4 أشهر", "2026-07-18"),
        ("منذ سنة", "2025-11-18"),
        ("قبل يومين", "2026-11-16"),
        ("أمس", "2026-11-17"),
        ("يوم أمس", "2026-11-17"),
        ("البارحة", "2026-11-17"),
        ("مساء أمس", "2026-11-17"),
        ("أول أمس", "2026-11-16"),
        ("اليوم", "2026-11-18"),
        ("yesterday", "2026-11-17"),
        ("2 days ago", "2026-11-16"),
        ("a week ago", "2026-11-11"),
    ],
)
def test_day_level_forms(text: str, expected: str) -> None:
    assert relative(text) == (expected, False)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "17 نوفمبر 2026",
        "منذ ساعات",  # no number: «hours ago», how many is unknown
        "منذ أيام",
        "منذ 2 ساعتين",  # a dual with a number contradicts itself
        "منذ 3 ساعات و20 دقيقة",
        "منذ 3",
        "منذ عام 2020",  # «since 2020», not «a year ago»
        "اليوم السابع",  # an outlet's name
        "المصري اليوم",
        "أخبار اليوم",
        "أمس 25:10",
        "أمس 10:30Z",
        "hours ago",
        "ago",
        "الأن هو وقت التغيير",
    ],
)
def test_not_relative_is_none(text: str) -> None:
    assert parse_relative_date(text, now=NOW, tz=TZ) is None


def test_raw_is_input_stripped_and_no_zone() -> None:
    parsed = parse_relative_date("  منذ ٣ ساعات \n", now=NOW, tz=TZ)
    assert parsed is not None
    assert parsed.raw == "منذ ٣ ساعات"
    assert not parsed.has_zone
    assert parsed.value.tzinfo is not None
    assert parsed.value.utcoffset() == timedelta(hours=3)


def test_naive_now_is_utc() -> None:
    naive = datetime(2026, 11, 18, 9, 0)
    assert relative("منذ 3 ساعات", now=naive) == ("2026-11-18T09:00:00+03:00", True)
    assert relative("منذ 3 ساعات", now=naive, tz="UTC") == ("2026-11-18T06:00:00+00:00", True)


def test_aware_now_in_any_zone_is_converted() -> None:
    cairo_now = datetime(2026, 11, 18, 11, 0, tzinfo=timezone(timedelta(hours=2)))
    assert relative("منذ ساعة", now=cairo_now) == ("2026-11-18T11:00:00+03:00", True)


def test_yesterday_is_the_outlets_yesterday() -> None:
    # 22:30 UTC on the 18th is already 01:30 on the 19th in Riyadh.
    late = datetime(2026, 11, 18, 22, 30, tzinfo=UTC)
    assert relative("أمس", now=late) == ("2026-11-18", False)
    assert relative("أمس", now=late, tz="UTC") == ("2026-11-17", False)
    assert relative("اليوم 08:15", now=late) == ("2026-11-19T08:15:00+03:00", True)


def test_hours_ago_across_dst_change_are_real_hours() -> None:
    # Beirut leaves summer time at 00:00 on 25 October 2026 (back to 23:00, UTC+2).
    after_change = datetime(2026, 10, 24, 22, 30, tzinfo=UTC)  # 00:30+02:00 on the 25th
    assert relative("منذ ساعتين", now=after_change, tz="Asia/Beirut") == ("2026-10-24T23:30:00+03:00", True)


def test_month_ago_clamps_to_month_end() -> None:
    end_of_march = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
    assert relative("منذ شهر", now=end_of_march) == ("2026-02-28", False)
    assert relative("منذ 3 أشهر", now=end_of_march) == ("2025-12-31", False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("منذ 3 ساعات", "2026-11-18T06:00:00+00:00"),  # counted from the fetch clock: still an instant
        ("أمس 10:30 م", "2026-11-17T22:30:00"),  # the outlet's wall clock, in a zone nobody named
        ("أمس", "2026-11-17"),
    ],
)
def test_unknown_zone(text: str, expected: str) -> None:
    parsed = parse_relative_date(text, now=NOW, tz=None)
    assert parsed is not None
    assert parsed.iso() == expected
