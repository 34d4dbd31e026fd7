"""The run's date window (``--since`` / ``--max-age``): which listed articles are too old to fetch."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from crawler.extraction.dates import ParsedDate, parse_date
from crawler.items import FeedEntry
from crawler.listings.sitemaps import SitemapEntry, sitemap_entry_date


def window_start(since: str | None, max_age_hours: float | None, now: datetime) -> datetime | None:
    """The oldest publication time a run wants: the later of ``since`` and ``now - max_age_hours``.

    ``since`` is an ISO date or date-time (a day means its start, UTC); raises ``ValueError`` naming
    the value when it cannot be read.
    """
    bounds = []
    if since:
        try:
            moment = datetime.fromisoformat(since.strip())
        except ValueError:
            raise ValueError(f"--since {since!r}: expected a date such as 2026-11-28 or 2026-11-28T06:00") from None
        bounds.append(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    if max_age_hours:
        bounds.append(now - timedelta(hours=max_age_hours))
    return max(bounds) if bounds else None


def entry_from_sitemap(entry: SitemapEntry) -> FeedEntry:
    """A sitemap entry as the feed entry the rest of the crawl knows (title and date from Google News)."""
    return FeedEntry(url=entry.url, title=entry.news_title, published_raw=sitemap_entry_date(entry))


def split_by_age(
    entries: Sequence[FeedEntry], start: datetime | None, tz: str | None
) -> tuple[list[FeedEntry], int, str | None]:
    """``(recent entries, number too old, newest entry date ISO)``; an undated entry is kept.

    An entry is too old only when the latest instant its date may denote is before ``start``: a day
    («2026-11-28») or a clock in an unknown zone is kept while it may still be inside the window.
    """
    kept: list[FeedEntry] = []
    too_old = 0
    newest: ParsedDate | None = None
    for entry in entries:
        parsed = parse_date(entry.published_raw, tz=tz) if entry.published_raw else None
        if parsed is not None:
            newest = parsed if newest is None or parsed.latest() > newest.latest() else newest
            if start is not None and parsed.latest() < start:
                too_old += 1
                continue
        kept.append(entry)
    return kept, too_old, newest.iso() if newest else None
