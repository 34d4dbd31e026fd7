"""Which archive sitemaps and listed URLs a backfill walks: dated names, lastmod, the date range."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crawler.items import FeedEntry
from crawler.listings.backfill import DateRange, Period, child_verdict, date_range, name_period, split_entries

SITE = "https://www.example-news.com"
MAY = date_range("2024-05-01")
MAY_JUNE = date_range("2024-05-01", "2024-06-30")


@pytest.mark.parametrize(
    ("url", "period"),
    [
        (f"{SITE}/sitemaps/2024/05.xml", Period(date(2024, 5, 1), date(2024, 5, 31))),
        (f"{SITE}/sitemaps/2024/05/12.xml", Period(date(2024, 5, 12), date(2024, 5, 12))),
        (f"{SITE}/sitemap-2024-05-12.xml", Period(date(2024, 5, 12), date(2024, 5, 12))),
        (f"{SITE}/sitemap-posts-2024-02.xml.gz", Period(date(2024, 2, 1), date(2024, 2, 29))),
        (f"{SITE}/sitemap_20240512.xml", Period(date(2024, 5, 12), date(2024, 5, 12))),
        (f"{SITE}/archive/2019.xml", Period(date(2019, 1, 1), date(2019, 12, 31))),
        (f"{SITE}/sitemap.php?yyyy=2024&mm=05", Period(date(2024, 5, 1), date(2024, 5, 31))),
        (f"{SITE}/sitemap.php?year=2024&month=5&day=3", Period(date(2024, 5, 3), date(2024, 5, 3))),
        (f"{SITE}/sitemap.xml?date=2024-05-12", Period(date(2024, 5, 12), date(2024, 5, 12))),
        # The last date of the path names the sitemap (an older folder comes first).
        (f"{SITE}/2020/sitemap-2024-05.xml", Period(date(2024, 5, 1), date(2024, 5, 31))),
    ],
)
def test_name_period(url: str, period: Period) -> None:
    assert name_period(url) == period


@pytest.mark.parametrize(
    "url",
    [
        f"{SITE}/sitemap.xml",
        f"{SITE}/post-sitemap12.xml",  # numbered, not dated
        f"{SITE}/sitemap-2024123.xml",  # no date inside a longer number
        f"{SITE}/sitemap-1850-05.xml",
        f"{SITE}/sitemap.php?page=2024",
        f"{SITE}/news/أخبار-2024.xml".replace("2024", "٢٠٢٤"),
    ],
)
def test_names_without_a_date(url: str) -> None:
    assert name_period(url) is None


@pytest.mark.parametrize(
    ("url", "lastmod", "tz", "verdict"),
    [
        (f"{SITE}/sitemaps/2024/04.xml", None, "Asia/Amman", "too_old"),
        (f"{SITE}/sitemaps/2024/05.xml", None, "Asia/Amman", "walk"),
        # April 30 in an unknown zone may still be May 1 in UTC (UTC-12): walked, to be safe.
        (f"{SITE}/sitemaps/2024/04.xml", None, None, "walk"),
        (f"{SITE}/sitemaps/2024/03.xml", None, None, "too_old"),
        (f"{SITE}/sitemaps/a.xml", "2024-04-30T22:00:00+03:00", None, "too_old"),
        (f"{SITE}/sitemaps/a.xml", "2024-05-02", None, "walk"),
        (f"{SITE}/sitemaps/a.xml", "not a date", None, "walk"),
        (f"{SITE}/sitemaps/a.xml", None, None, "walk"),
        # A sitemap changed lately but named for an old month lists old articles only.
        (f"{SITE}/sitemaps/2024/03.xml", "2024-06-01", "Asia/Amman", "too_old"),
    ],
)
def test_child_verdict_since(url: str, lastmod: str | None, tz: str | None, verdict: str) -> None:
    assert child_verdict(url, lastmod, MAY, tz) == verdict


def test_child_verdict_until() -> None:
    assert child_verdict(f"{SITE}/sitemaps/2024/08.xml", None, MAY_JUNE, "Asia/Amman") == "too_new"
    # A range of UTC days: July 1 begins in Amman (UTC+3) while it is still June 30 in UTC.
    assert child_verdict(f"{SITE}/sitemaps/2024/07.xml", None, MAY_JUNE, "Asia/Amman") == "walk"
    assert child_verdict(f"{SITE}/sitemaps/2024/07.xml", None, MAY_JUNE, "UTC") == "too_new"
    # The outlet's days (as `akhbar backfill` reads them): July is after June 30 in Amman.
    amman = date_range("2024-05-01", "2024-06-30", "Asia/Amman")
    assert child_verdict(f"{SITE}/sitemaps/2024/07.xml", None, amman, "Asia/Amman") == "too_new"
    assert child_verdict(f"{SITE}/sitemaps/2024/04.xml", None, amman, "Asia/Amman") == "too_old"
    assert child_verdict(f"{SITE}/sitemaps/2024/06.xml", None, MAY_JUNE, "Asia/Amman") == "walk"
    # lastmod says when a sitemap last changed, not how old its first article is: never too new.
    assert child_verdict(f"{SITE}/sitemaps/b.xml", "2024-09-01", MAY_JUNE, "Asia/Amman") == "walk"


def test_split_entries() -> None:
    entries = [
        FeedEntry(url=f"{SITE}/a", published_raw="2024-04-30T20:00:00+03:00"),  # April 30, 17:00 UTC
        FeedEntry(url=f"{SITE}/b", published_raw="2024-05-01T08:00:00+03:00"),
        FeedEntry(url=f"{SITE}/c"),  # undated: fetched
        FeedEntry(url=f"{SITE}/d", published_raw="2024-07-01T10:00:00+03:00"),
        FeedEntry(url=f"{SITE}/e", published_raw="2024-04-30"),  # a day: may still be May 1 somewhere
    ]
    kept, too_old, too_new = split_entries(entries, MAY_JUNE)
    assert [e.url for e in kept] == [f"{SITE}/b", f"{SITE}/c", f"{SITE}/e"]
    assert (too_old, too_new) == (1, 1)
    kept, too_old, too_new = split_entries(entries, MAY)
    assert len(kept) == 4
    assert (too_old, too_new) == (1, 0)


def test_date_range() -> None:
    assert date_range("2024-05-01") == DateRange(datetime(2024, 5, 1, tzinfo=UTC))
    assert MAY_JUNE.until == datetime(2024, 7, 1, tzinfo=UTC)  # --until is inclusive: the whole day
    assert date_range("2024-05-01", "2024-06-30T18:00+03:00").until == datetime(2024, 6, 30, 15, tzinfo=UTC)
    # Read in the outlet's zone unless they carry an offset.
    amman = date_range("2024-05-01", "2024-06-30T18:00Z", "Asia/Amman")
    assert amman.since == datetime(2024, 4, 30, 21, tzinfo=UTC)
    assert amman.until == datetime(2024, 6, 30, 18, tzinfo=UTC)


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        ("May 2024", None, "--since 'May 2024'"),
        ("2024-05-01", "June", "--until 'June'"),
        ("2024-05-01", "2024-04-30", "--until '2024-04-30' is not after --since '2024-05-01'"),
    ],
)
def test_date_range_errors(since: str, until: str | None, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        date_range(since, until)
