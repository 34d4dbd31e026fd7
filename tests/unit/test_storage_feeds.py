"""SQLite storage for incremental crawls: feed states, the seen-article look-up, and the migration."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.items import Article
from crawler.listings import feedhealth
from crawler.listings.feedhealth import FeedState, HealthPolicy, record_failure
from crawler.store import StorageError, Store, open_store
from crawler.store import sqlite as sqlite_backend
from crawler.store.base import SeenArticle
from crawler.store.sqlite_feeds import FEED_COLUMNS, SEEN_QUERY, seen_params
from crawler.urls import article_key, canonicalize
from tests.unit.conftest import raw_sql

FEED = "https://www.alsumaria.tv/rss/ar/news.xml"
CANONICAL = "https://www.alsumaria.tv/news/491203/الكاظمي-يزور-البصرة"
FETCHED = "https://WWW.alsumaria.tv/news/491203?utm_source=rss&utm_medium=feed"
T0 = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


def make_article(**changes: object) -> Article:
    article = Article(
        url=FETCHED,
        canonical_url=CANONICAL,
        headline="الكاظمي يصل إلى البصرة في زيارة رسمية",
        body="وصل رئيس الوزراء مصطفى الكاظمي، صباح اليوم، إلى محافظة البصرة في زيارة رسمية.",
        published_at="2026-11-17T09:30:00+03:00",
        source_id="alsumaria",
        fetched_at="2026-11-17T07:00:00+00:00",
    )
    return dataclasses.replace(article, **changes)  # type: ignore[arg-type]


def full_state(url: str = FEED, source_id: str = "alsumaria") -> FeedState:
    """A state with every field set, none to its default."""
    return FeedState(
        url=url,
        source_id=source_id,
        etag='W/"5f1-abc"',
        last_modified="Sun, 29 Nov 2026 09:58:00 GMT",
        body_hash="3f7a",
        last_status="timeout",
        last_fetch_at="2026-11-29T10:00:00+00:00",
        last_success_at="2026-11-29T09:00:00+00:00",
        last_new_entry_at="2026-11-29T12:55:00+03:00",
        consecutive_failures=21,
        failure_score=10.5,
        entries_per_day=37.25,
        interval_seconds=3037.5,
        next_due_at="2026-11-29T10:50:37+00:00",
        disabled_reason="21 failures in a row, last: timeout",
        disabled_at="2026-11-29T10:00:00+00:00",
    )


# --- feed states ----------------------------------------------------------------------------------


def test_feeds_table_has_a_column_per_state_field(store: Store, db_path: Path) -> None:
    # A new FeedState field needs a column (and a migration): this fails until it has one.
    columns = [row[1] for row in raw_sql(db_path, "PRAGMA table_info(feeds)")]
    assert columns == list(FEED_COLUMNS) == [f.name for f in dataclasses.fields(FeedState)]


def test_feed_state_round_trip(store: Store, db_path: Path) -> None:
    state = full_state()
    assert store.get_feed_state(FEED) is None
    store.save_feed_state(state)
    assert store.get_feed_state(FEED) == state
    with open_store(str(db_path)) as reopened:
        assert reopened.get_feed_state(FEED) == state


def test_a_new_feed_state_round_trips_with_its_defaults(store: Store) -> None:
    state = FeedState(url=FEED, source_id="alsumaria")
    store.save_feed_state(state)
    stored = store.get_feed_state(FEED)
    assert stored == state
    assert stored is not None and isinstance(stored.failure_score, float)


def test_save_replaces_the_state_of_the_same_url(store: Store, db_path: Path) -> None:
    store.save_feed_state(full_state())
    cleared = FeedState(url=FEED, source_id="alsumaria-iq", etag='"v2"')
    store.save_feed_state(cleared)
    assert store.get_feed_state(FEED) == cleared  # every column replaced, None included
    assert raw_sql(db_path, "SELECT count(*) FROM feeds") == [(1,)]


def test_feed_states_are_ordered_by_source_then_url(store: Store) -> None:
    states = [
        FeedState(url="https://www.shafaq.com/ar/rss", source_id="shafaq"),
        FeedState(url="https://www.alsumaria.tv/rss/sport.xml", source_id="alsumaria"),
        FeedState(url="https://www.alsumaria.tv/rss/ar/news.xml", source_id="alsumaria"),
        FeedState(url="https://www.ina.iq/rss", source_id="ina"),
    ]
    for state in states:
        store.save_feed_state(state)
    assert [(s.source_id, s.url) for s in store.feed_states()] == [
        ("alsumaria", "https://www.alsumaria.tv/rss/ar/news.xml"),
        ("alsumaria", "https://www.alsumaria.tv/rss/sport.xml"),
        ("ina", "https://www.ina.iq/rss"),
        ("shafaq", "https://www.shafaq.com/ar/rss"),
    ]
    assert [s.url for s in store.feed_states("alsumaria")] == [
        "https://www.alsumaria.tv/rss/ar/news.xml",
        "https://www.alsumaria.tv/rss/sport.xml",
    ]
    assert store.feed_states("unknown") == []


def test_enable_feed(store: Store) -> None:
    state = FeedState(url=FEED, source_id="alsumaria")
    for n in range(10):
        state = record_failure(state, T0 + timedelta(hours=n), "http_404", HealthPolicy())
    assert state.disabled_reason is not None
    store.save_feed_state(state)
    assert store.enable_feed(FEED) is True
    stored = store.get_feed_state(FEED)
    assert stored == feedhealth.enable(state)
    assert stored is not None and stored.disabled_reason is None and stored.consecutive_failures == 0
    assert feedhealth.is_due(stored, T0)


def test_enable_unknown_feed(store: Store) -> None:
    assert store.enable_feed(FEED) is False
    assert store.feed_states() == []


def test_feed_methods_raise_storage_error_when_closed(db_path: Path) -> None:
    store = open_store(str(db_path))
    store.close()
    with pytest.raises(StorageError, match=r"akhbar\.db.*saving the state of feed"):
        store.save_feed_state(full_state())
    with pytest.raises(StorageError, match=r"akhbar\.db"):
        store.feed_states()
    with pytest.raises(StorageError, match=r"akhbar\.db"):
        store.seen_article(CANONICAL)


# --- seen_article ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref",
    [
        FETCHED,  # the URL stored, exactly
        CANONICAL,  # the declared canonical URL
        "https://www.alsumaria.tv/news/491203",  # the fetched URL without its tracking parameters
        "https://www.alsumaria.tv/news/491203?utm_campaign=x#comments",  # another variant of it
        "https://www.alsumaria.tv/news/491203/%D8%A7%D9%84%D9%83%D8%A7%D8%B8%D9%85%D9%8A-%D9%8A%D8%B2%D9%88%D8%B1-"
        "%D8%A7%D9%84%D8%A8%D8%B5%D8%B1%D8%A9",  # the canonical URL percent-encoded (the key)
        f"  {CANONICAL}\n",
        f"{CANONICAL}?utm_source=twitter",  # a variant of the canonical URL (found by the key)
    ],
)
def test_seen_article_by_url_canonical_or_variant(store: Store, ref: str) -> None:
    article_id = store.upsert(make_article()).id
    assert store.seen_article(ref) == SeenArticle(
        id=article_id, url=FETCHED, fetched_at="2026-11-17T07:00:00+00:00", published_at="2026-11-17T09:30:00+03:00"
    )


def test_seen_article_finds_a_canonical_url_as_declared(store: Store) -> None:
    # Another site's canonical URL is not the key; the raw Arabic spelling differs from its canonical form.
    declared = "https://www.alsumaria.com/أخبار/491203"
    article_id = store.upsert(make_article(canonical_url=declared)).id
    seen = store.seen_article(declared)
    assert seen is not None and seen.id == article_id


def test_seen_article_finds_a_declared_canonical_the_key_ignores(store: Store) -> None:
    # A homepage canonical is not the article's key, but the column still finds it.
    homepage = "https://www.alsumaria.tv/"
    article_id = store.upsert(make_article(canonical_url=homepage)).id
    seen = store.seen_article(homepage)
    assert seen is not None and seen.id == article_id


@pytest.mark.parametrize(
    "ref",
    [
        "https://www.alsumaria.tv/news/491204",
        "https://www.alsumaria.tv/news/491203?page=2",
        "https://www.shafaq.com/news/491203",
        "not a url",
        "",
    ],
)
def test_seen_article_unknown_is_none(store: Store, ref: str) -> None:
    store.upsert(make_article())
    assert store.seen_article(ref) is None


def test_seen_article_returns_the_first_stored_match(store: Store) -> None:
    # Two articles (two canonical URLs) fetched through variants of one URL.
    first = store.upsert(
        make_article(url="https://www.alsumaria.tv/news/7?utm_source=a", canonical_url="https://www.alsumaria.tv/a/7")
    ).id
    store.upsert(
        make_article(url="https://www.alsumaria.tv/news/7?utm_source=b", canonical_url="https://www.alsumaria.tv/b/7")
    )
    seen = store.seen_article("https://www.alsumaria.tv/news/7")
    assert seen is not None and seen.id == first


def test_seen_article_prefers_the_exact_url(store: Store) -> None:
    # Both articles have the URL's canonical form; only the second was fetched from exactly this URL.
    store.upsert(make_article(url="https://www.alsumaria.tv/news/7", canonical_url="https://www.alsumaria.tv/a/7"))
    tracked = "https://www.alsumaria.tv/news/7?utm_source=rss"
    exact = store.upsert(make_article(url=tracked, canonical_url="https://www.alsumaria.tv/b/7")).id
    seen = store.seen_article(tracked)
    assert seen is not None and seen.id == exact


def query_plan(db_path: Path, url: str) -> list[str]:
    return [row[3] for row in raw_sql(db_path, f"EXPLAIN QUERY PLAN {SEEN_QUERY}", seen_params(url))]  # type: ignore[misc]


@pytest.mark.parametrize("canonical", [None, "https://www.alsumaria.tv/"])
def test_seen_article_uses_indexes_only(store: Store, db_path: Path, canonical: str | None) -> None:
    # Every article declares the same canonical URL (or none): statistics then make that index look
    # useless, and without INDEXED BY the planner scans the table.
    for n in range(300):
        store.upsert(make_article(url=f"https://www.alsumaria.tv/news/{n}", canonical_url=canonical, body=f"نص {n}"))
    raw_sql(db_path, "ANALYZE")
    plan = query_plan(db_path, CANONICAL)
    assert not [step for step in plan if step.startswith("SCAN")], plan
    used = " ".join(plan)
    for index in ("articles_url ", "articles_canonical_url ", "articles_url_key ", "sqlite_autoindex_articles_1 "):
        assert f"USING INDEX {index}" in used, plan


def test_seen_article_needs_its_indexes(store: Store, db_path: Path) -> None:
    raw_sql(db_path, "DROP INDEX articles_url")
    with pytest.raises(StorageError, match="no such index: articles_url"):
        store.seen_article(CANONICAL)


# --- the migration --------------------------------------------------------------------------------


def test_a_version_1_database_is_migrated(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Build the previous schema: migrations applied up to version 1, an article written with SQL of
    # that version (today's upsert also writes tables later versions added).
    with monkeypatch.context() as patch:
        patch.setattr(sqlite_backend, "SCHEMA_VERSION", 1)
        open_store(str(db_path)).close()
    article = make_article()
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO articles (key, url, url_key, headline, body, highlights, authors, credits, tags, "
        "canonical_url, first_seen_at, updated_at) VALUES (?, ?, ?, ?, ?, '[]', '[]', '[]', '[]', ?, ?, ?)",
        (
            article_key(article.url, article.canonical_url),
            article.url,
            canonicalize(article.url),
            article.headline,
            article.body,
            article.canonical_url,
            article.fetched_at,
            article.fetched_at,
        ),
    )
    conn.commit()
    conn.close()
    ((article_id,),) = raw_sql(db_path, "SELECT id FROM articles")
    assert raw_sql(db_path, "PRAGMA user_version") == [(1,)]
    assert raw_sql(db_path, "SELECT name FROM sqlite_master WHERE name IN ('feeds', 'articles_url')") == []

    with open_store(str(db_path)) as store:
        assert raw_sql(db_path, "PRAGMA user_version") == [(sqlite_backend.SCHEMA_VERSION,)]
        seen = store.seen_article(CANONICAL)
        assert seen is not None and seen.id == article_id
        store.save_feed_state(full_state())
        assert store.feed_states() == [full_state()]
    assert sqlite_backend.SCHEMA_VERSION == 6
    names = raw_sql(db_path, "SELECT type, name FROM sqlite_master WHERE name LIKE 'feeds%' OR name = 'articles_url'")
    assert sorted(names) == [("index", "articles_url"), ("index", "feeds_source_url"), ("table", "feeds")]


def test_a_new_database_gets_every_migration(db_path: Path) -> None:
    open_store(str(db_path)).close()
    assert raw_sql(db_path, "PRAGMA user_version") == [(len(sqlite_backend.MIGRATIONS) - 1,)]
    assert raw_sql(db_path, "SELECT count(*) FROM feeds") == [(0,)]
