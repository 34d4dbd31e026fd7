"""Pending entries: how they are dated and picked (``crawler.listings.backlog``), kept in SQLite, and
handed out by a run's ``FeedBook``."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.app.cli_sources import format_status
from crawler.items import Article, FeedEntry
from crawler.listings.backlog import PendingEntry, is_permanent, newest_first, pending_entry, pick
from crawler.listings.feedhealth import FeedState
from crawler.store import SqliteStore, StorageError, Store, open_store
from crawler.store.feedbook import FeedBook
from crawler.store.sqlite import MIGRATIONS
from tests.unit.conftest import raw_sql

FEED = "https://www.hespress.example/feed"
SITEMAP = "https://www.hespress.example/news-sitemap.xml"
NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


def entry(n: int, published: str | None = None, title: str | None = None) -> FeedEntry:
    return FeedEntry(
        url=f"https://www.hespress.example/politique/{n}.html",
        title=title or f"البرلمان يناقش مشروع قانون المالية رقم {n}",
        summary="صادق مجلس النواب على الجزء الأول من المشروع بعد نقاش طويل.",
        published_raw=published,
        authors=("سعيد الإدريسي",),
        tags=("سياسة",),
    )


def pending(n: int, published: str | None = None, *, source: str = "hespress", feed: str = FEED) -> PendingEntry:
    return pending_entry(entry(n, published), source, feed, tz="Africa/Casablanca", listed_at=NOW)


# --- dating and picking ---------------------------------------------------------------------------


def test_an_entry_is_dated_by_the_latest_instant_its_date_may_denote() -> None:
    assert pending(1, "Sun, 29 Nov 2026 09:15:00 +0100").dated_at == "2026-11-29T08:15:00+00:00"
    # A bare day may last until its end anywhere on Earth (12 h behind UTC), as the date window sees it.
    assert pending(2, "2026-11-28").dated_at == "2026-11-29T12:00:00+00:00"
    assert pending(3).dated_at is None
    assert pending(3).listed_at == "2026-11-29T10:00:00+00:00"


def test_newest_first_puts_undated_entries_last_in_listing_order() -> None:
    entries = [pending(1), pending(2, "2026-11-27T10:00:00Z"), pending(3), pending(4, "2026-11-29T07:00:00Z")]
    assert [e.entry for e in newest_first(entries)] == [entry(4, "2026-11-29T07:00:00Z"),
        entry(2, "2026-11-27T10:00:00Z"), entry(1), entry(3)]  # fmt: skip


def test_pick_takes_the_newest_up_to_the_limit_skipping_taken_and_stored() -> None:
    entries = [pending(n, f"2026-11-{n:02d}T10:00:00Z") for n in range(1, 11)]
    stored = {entries[8].url}  # n = 9
    chosen, done = pick(entries, 3, taken={entries[9].url}, stored=stored.__contains__)
    assert [c.url for c in chosen] == [entries[7].url, entries[6].url, entries[5].url]
    assert done == [entries[8]]
    assert len(pick(entries, 0)[0]) == 10  # 0: no cap
    assert len(pick([*entries, *entries], 0)[0]) == 10  # listed twice, picked once


@pytest.mark.parametrize(
    ("reason", "permanent"),
    [("http_404", True), ("http_410", True), ("blocked_address", True), ("redirect_loop", True),
     ("http_503", False), ("http_429", False), ("timeout", False), ("dns", False), ("connection_lost", False),
     ("somethingnew", False)],
)  # fmt: skip
def test_only_permanent_failures_end_the_wait(reason: str, permanent: bool) -> None:
    assert is_permanent(reason) is permanent


# --- the store --------------------------------------------------------------------------------------


def test_pending_entries_round_trip_newest_first(store: Store) -> None:
    entries = [pending(1, "2026-11-27T10:00:00Z"), pending(2), pending(3, "2026-11-29T07:00:00Z"), pending(4)]
    assert store.add_pending(entries) == 4
    assert store.pending_entries("hespress") == [entries[2], entries[0], entries[1], entries[3]]
    assert store.pending_entries("hespress", limit=2, offset=1) == [entries[0], entries[1]]
    assert store.pending_entries("another") == []


def test_pending_keeps_what_the_feed_said_about_the_entry(store: Store) -> None:
    kept = pending(7, "2026-11-29T07:00:00Z")
    store.add_pending([kept])
    (read,) = store.pending_entries("hespress")
    assert read.entry == kept.entry and read.entry.authors == ("سعيد الإدريسي",) and read.feed_url == FEED


def test_an_entry_listed_again_stays_once_in_its_place_with_the_new_description(store: Store) -> None:
    store.add_pending([pending(1, "2026-11-28T10:00:00Z"), pending(2, "2026-11-27T10:00:00Z")])
    again = pending_entry(
        entry(2, "2026-11-27T10:00:00Z", title="عنوان مصحح"), "hespress", SITEMAP, tz=None, listed_at=NOW
    )
    tracked = FeedEntry(url=entry(1).url + "?utm_source=rss", published_raw="2026-11-28T10:00:00Z")
    variant = pending_entry(tracked, "hespress", SITEMAP, tz=None, listed_at=NOW)
    assert store.add_pending([again, variant]) == 0
    first, second = store.pending_entries("hespress")
    assert first.entry == tracked
    assert second.entry.title == "عنوان مصحح" and second.feed_url == FEED  # the first listing keeps it
    assert store.pending_counts() == {("hespress", FEED): 2}


def test_dropping_pending_entries_by_any_variant_of_their_url(store: Store) -> None:
    store.add_pending([pending(1), pending(2), pending(3, source="lakome", feed="https://lakome.example/rss")])
    store.drop_pending([pending(1).url + "?utm_medium=feed#top", "https://elsewhere.example/x"])
    assert [e.url for e in store.pending_entries("hespress")] == [pending(2).url]
    assert store.pending_counts() == {("hespress", FEED): 1, ("lakome", "https://lakome.example/rss"): 1}


def test_since_leaves_out_entries_dated_before_it_but_keeps_undated_ones(store: Store) -> None:
    store.add_pending([pending(1, "2026-11-20T10:00:00Z"), pending(2, "2026-11-29T07:00:00Z"), pending(3)])
    found = store.pending_entries("hespress", since="2026-11-28T00:00:00+00:00")
    assert [e.url for e in found] == [pending(2).url, pending(3).url]


def test_a_version_3_database_gets_the_pending_table(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    for migration in MIGRATIONS[1:4]:
        for statement in migration:
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with open_store(str(db_path)) as store:
        assert store.add_pending([pending(1)]) == 1
    assert raw_sql(db_path, "PRAGMA user_version") == [(6,)]
    assert raw_sql(db_path, "SELECT url, source_id FROM pending") == [(pending(1).url, "hespress")]


# --- a run's book -----------------------------------------------------------------------------------


def stored_article(n: int) -> Article:
    return Article(url=entry(n).url, headline=f"خبر {n}", body="نص الخبر كاملاً.", source_id="hespress")


def test_each_listing_takes_its_share_newest_first_and_handled_entries_leave_pending(store: Store) -> None:
    book = FeedBook(store, handled_batch=2)
    entries = [pending(n, f"2026-11-{n:02d}T10:00:00Z") for n in range(1, 11)]
    assert book.remember(entries) == 10
    taken: set[str] = set()
    first = book.take("hespress", 3, since=None, taken=taken)
    assert [e.url for e in first] == [entries[9].url, entries[8].url, entries[7].url]
    taken.update(e.url for e in first)
    second = book.take("hespress", 3, since=None, taken=taken)  # another listing of the source, same run
    assert [e.url for e in second] == [entries[6].url, entries[5].url, entries[4].url]
    for e in first:
        book.handled(e.url)
    book.flush()
    assert len(store.pending_entries("hespress")) == 7
    assert book.pending_counts() == {("hespress", FEED): 7}


def test_a_pending_entry_found_stored_meanwhile_is_dropped_not_taken(store: Store) -> None:
    book = FeedBook(store)
    book.remember([pending(1, "2026-11-01T10:00:00Z"), pending(2, "2026-11-02T10:00:00Z")])
    store.upsert(stored_article(2))
    assert [e.url for e in book.take("hespress", 5, since=None, taken=set())] == [pending(1).url]
    book.flush()
    assert [e.url for e in store.pending_entries("hespress")] == [pending(1).url]


def test_listed_revisits_are_taken_with_pending_ones_by_date(store: Store) -> None:
    book = FeedBook(store)
    book.remember([pending(1, "2026-11-01T10:00:00Z")])
    store.upsert(stored_article(5))
    revisit = pending(5, "2026-11-05T10:00:00Z")  # stored, but young enough to be fetched again
    chosen = book.take("hespress", 5, since=None, taken=set(), listed=[revisit])
    assert [e.url for e in chosen] == [revisit.url, pending(1).url]


def test_the_run_window_leaves_old_pending_entries_for_later(store: Store) -> None:
    book = FeedBook(store)
    book.remember([pending(1, "2026-11-01T10:00:00Z"), pending(2, "2026-11-29T07:00:00Z")])
    since = datetime(2026, 11, 28, tzinfo=UTC)
    assert [e.url for e in book.take("hespress", 5, since=since, taken=set())] == [pending(2).url]
    assert len(store.pending_entries("hespress")) == 2  # not taken, still pending


class BrokenStore(SqliteStore):
    """Every pending call fails, as a locked or full database would."""

    def __getattribute__(self, name: str) -> object:
        if name in {"add_pending", "pending_entries", "drop_pending", "pending_counts", "seen_article"}:

            def fail(*args: object, **kwargs: object) -> object:
                raise StorageError("akhbar.db: database is locked")

            return fail
        return object.__getattribute__(self, name)


def test_a_failing_store_still_lets_the_listing_take_what_it_just_read() -> None:
    book = FeedBook(BrokenStore(":memory:"))
    listed = [pending(1, "2026-11-01T10:00:00Z"), pending(2, "2026-11-02T10:00:00Z")]
    assert book.remember(listed) == 2
    assert [e.url for e in book.take("hespress", 1, since=None, taken=set(), listed=listed)] == [pending(2).url]
    book.handled(pending(2).url)
    book.flush()
    assert book.pending_counts() == {}


def test_sources_status_shows_each_feeds_pending_entries() -> None:
    states = [FeedState(url=FEED, source_id="hespress"), FeedState(url=SITEMAP, source_id="hespress")]
    header, _, feed_row, sitemap_row, footer = format_status(states, {("hespress", SITEMAP): 850}).splitlines()
    assert header.split()[-1] == "pending"
    assert feed_row.split()[-1] == "0" and sitemap_row.split()[-1] == "850"
    assert (
        footer
        == "2 feeds: 0 disabled, 0 failing; 850 listed articles pending, fetched by the next crawls (newest first)"
    )
