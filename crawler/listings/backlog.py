"""Pending entries: listed articles not fetched yet, kept in the store until a run fetches them.

A run takes at most ``AKHBAR_MAX_ENTRIES_PER_FEED`` articles per listing it reads; what a listing names
beyond that (or what a stopped run could not send) stays pending, and later runs take the newest
first, whether or not the listing changed. This module holds the record and the pure rules: how an
entry is dated for that order, how a run's share is picked, and which failures end an entry's wait.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from crawler.extraction.dates import parse_date
from crawler.items import FeedEntry

# Fetch failures after which a page is not asked again: the outlet says it is not there (or not for
# us), or Akhbar refuses it. Every other failure (timeouts, refused connections, 5xx, 429, DNS) may
# pass, so the entry stays pending.
PERMANENT_FAILURES = frozenset(
    {"redirect_loop", "too_large", "bad_scheme", "blocked_address", "ignored"}
    | {f"http_{status}" for status in (400, 401, 403, 404, 405, 406, 410, 414, 451)}
)


@dataclass(frozen=True, slots=True)
class PendingEntry:
    """A listed article waiting to be fetched.

    ``entry``: what the listing said about it (title, summary, date, authors, tags), filled into the
    article when its page is fetched, as for an entry fetched at once. ``source_id``, ``feed_url``: the
    source, and the feed or sitemap that listed it. ``dated_at``: the latest UTC instant the entry's
    date may denote (ISO-8601, fixed width, so text order is time order), ``None`` when the listing
    gives no date; it orders entries newest first and is what a run's date window tests.
    ``listed_at``: when a run first found it (ISO-8601 UTC).
    """

    entry: FeedEntry
    source_id: str
    feed_url: str
    dated_at: str | None = None
    listed_at: str | None = None

    @property
    def url(self) -> str:
        return self.entry.url


def instant(moment: datetime) -> str:
    """``dated_at``'s form of a time: UTC, to the second, fixed width (naive times taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def pending_entry(
    entry: FeedEntry, source_id: str, feed_url: str, *, tz: str | None, listed_at: datetime
) -> PendingEntry:
    """The pending record of a listed entry, dated as ``crawler.listings.window.split_by_age`` dates it."""
    parsed = parse_date(entry.published_raw, tz=tz) if entry.published_raw else None
    dated_at = instant(parsed.latest()) if parsed is not None else None
    return PendingEntry(entry, source_id, feed_url, dated_at, instant(listed_at))


def newest_first(entries: Iterable[PendingEntry]) -> list[PendingEntry]:
    """Dated entries newest first, then undated ones; ties keep their order (the listing's)."""
    listed = list(entries)
    dated = sorted((e for e in listed if e.dated_at is not None), key=lambda e: e.dated_at or "", reverse=True)
    return dated + [e for e in listed if e.dated_at is None]


def pick(
    candidates: Iterable[PendingEntry],
    limit: int,
    *,
    taken: Container[str] = (),
    stored: Callable[[str], bool] = lambda url: False,
) -> tuple[list[PendingEntry], list[PendingEntry]]:
    """``(to fetch now, found stored)``: up to ``limit`` candidates (all when ``limit`` is 0), newest
    first, leaving out URLs in ``taken`` (asked already in this run) and entries ``stored`` says are
    stored already (returned apart, to be dropped from pending)."""
    chosen: list[PendingEntry] = []
    done: list[PendingEntry] = []
    urls: set[str] = set()
    for candidate in newest_first(candidates):
        if limit and len(chosen) >= limit:
            break
        if candidate.url in taken or candidate.url in urls:
            continue
        urls.add(candidate.url)
        if stored(candidate.url):
            done.append(candidate)
            continue
        chosen.append(candidate)
    return chosen, done


def is_permanent(reason: str) -> bool:
    """A page failure (``crawler.errors.describe_failure``'s reason) that ends the entry's wait."""
    return reason in PERMANENT_FAILURES
