"""The run's date window over feed entries dated with every precision, and feed dates filling page gaps."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.extraction.merge import fill_from_feed
from crawler.items import Article, FeedEntry
from crawler.listings.window import split_by_age

START = datetime(2024, 12, 8, 6, 0, tzinfo=UTC)


def entry(published: str | None, name: str = "x") -> FeedEntry:
    return FeedEntry(url=f"https://wadi.example/news/{name}", title="عنوان", published_raw=published)


@pytest.mark.parametrize(
    ("published", "tz", "kept"),
    [
        ("Sun, 08 Dec 2024 09:00:00 +0300", None, True),  # 06:00Z: an instant right at the start
        ("Sun, 08 Dec 2024 08:59:00 +0300", None, False),
        ("2024-12-08", None, True),  # the day may still be under way somewhere
        ("2024-12-08", "Asia/Riyadh", True),
        ("2024-12-07", None, True),  # the 7th lasts until 12:00Z on the 8th, west of UTC
        ("2024-12-06", None, False),
        ("2024-12-07T19:00:00", None, True),  # a clock in an unknown zone: up to 07:00Z on the 8th
        ("2024-12-07T17:00:00", None, False),
    ],
)
def test_split_by_age_keeps_what_may_be_inside_the_window(published: str, tz: str | None, kept: bool) -> None:
    recent, too_old, _ = split_by_age([entry(published)], START, tz)
    assert (len(recent), too_old) == ((1, 0) if kept else (0, 1))


def test_split_by_age_reports_the_newest_as_precisely_as_written() -> None:
    entries = [entry("2024-12-07T20:00:00+03:00", "a"), entry("2024-12-08", "b"), entry(None, "c")]
    recent, too_old, newest = split_by_age(entries, None, None)
    assert (len(recent), too_old, newest) == (3, 0, "2024-12-08")


def article(published: str | None) -> Article:
    return Article(url="https://wadi.example/news/x", headline="عنوان", body="نص", published_at=published)


@pytest.mark.parametrize(
    ("page", "feed", "tz", "expected"),
    [
        (None, "Sun, 08 Dec 2024 10:15:00 +0300", None, "2024-12-08T10:15:00+03:00"),
        (None, "2024-12-08", "Asia/Riyadh", "2024-12-08"),  # a feed's day stays a day
        (None, "2024-12-08 10:15", None, "2024-12-08T10:15:00"),  # and its zone-less clock stays naive
        # A page that showed only the day takes the feed's time of that same day...
        ("2024-12-08", "Sun, 08 Dec 2024 07:15:00 GMT", "Asia/Riyadh", "2024-12-08T07:15:00+00:00"),
        # ...but never another day's, and never over a page time.
        ("2024-12-08", "Mon, 09 Dec 2024 07:15:00 GMT", "Asia/Riyadh", "2024-12-08"),
        ("2024-12-08T09:00:00", "Sun, 08 Dec 2024 07:15:00 GMT", None, "2024-12-08T09:00:00"),
    ],
)
def test_fill_from_feed_dates(page: str | None, feed: str, tz: str | None, expected: str) -> None:
    filled = fill_from_feed(article(page), entry(feed), timezone=tz)
    assert filled.published_at == expected
