"""Filling the gaps a page leaves with what its feed entry said."""

from __future__ import annotations

import dataclasses

from crawler.bylines import clean_author
from crawler.dates import parse_date
from crawler.feeds import FeedEntry
from crawler.items import Article


def fill_from_feed(article: Article, entry: FeedEntry, *, timezone: str = "UTC") -> Article:
    """A copy of ``article`` with empty fields taken from the feed entry; page values always win."""
    changes: dict[str, object] = {}
    if not article.headline and entry.title:
        changes["headline"] = entry.title
    if not article.summary and entry.summary and entry.summary not in article.body:
        changes["summary"] = entry.summary
    if not article.authors and entry.authors:
        changes["authors"] = [n for n in (clean_author(a) for a in entry.authors) if n]
    if not article.published_at and entry.published_raw:
        parsed = parse_date(entry.published_raw, tz=timezone)
        if parsed:
            changes["published_at"] = parsed.iso()
            changes["published_at_raw"] = parsed.raw
    if entry.tags:
        changes["tags"] = list(dict.fromkeys([*article.tags, *entry.tags]))
    return dataclasses.replace(article, **changes) if changes else article  # type: ignore[arg-type]
