"""Filling the gaps a page leaves with what its feed entry said."""

from __future__ import annotations

import dataclasses

from crawler.extraction.bylines import clean_author
from crawler.extraction.dates import ParsedDate, parse_date, to_zone
from crawler.items import Article, FeedEntry


def fill_from_feed(article: Article, entry: FeedEntry, *, timezone: str | None = None) -> Article:
    """A copy of ``article`` with empty fields taken from the feed entry; page values always win.

    The entry's date is stored as precisely as the feed wrote it (a day, a zone-less clock when
    ``timezone`` is unknown, or an instant): see ``crawler.items``.
    """
    changes: dict[str, object] = {}
    if not article.headline and entry.title:
        changes["headline"] = entry.title
    if not article.summary and entry.summary and entry.summary not in article.body:
        changes["summary"] = entry.summary
    if not article.authors and entry.authors:
        changes["authors"] = [n for n in (clean_author(a) for a in entry.authors) if n]
    if entry.published_raw and (not article.published_at or _is_day(article.published_at)):
        parsed = parse_date(entry.published_raw, tz=timezone)
        # A page that gave only a day takes the feed's time of that same day.
        same_day = parsed is not None and parsed.has_time and _on_day(parsed, article.published_at or "", timezone)
        if parsed and (not article.published_at or same_day):
            changes["published_at"] = parsed.iso()
            changes["published_at_raw"] = parsed.raw
    if entry.tags:
        changes["tags"] = list(dict.fromkeys([*article.tags, *entry.tags]))
    return dataclasses.replace(article, **changes) if changes else article  # type: ignore[arg-type]


def _is_day(iso: str) -> bool:
    """A stored date without a time (``2026-11-28``)."""
    return len(iso) == len("2026-11-28")


def _on_day(parsed: ParsedDate, day: str, tz: str | None) -> bool:
    """``parsed`` falls on ``day`` as the outlet's clock shows it (the written wall clock, or the
    instant in the outlet's zone when known)."""
    value = parsed.value
    if value.tzinfo is not None and tz is not None:
        value = to_zone(value, tz)
    return value.date().isoformat() == day
