"""The SQLite store: upserts by article key, look-ups, Arabic full-text search, streaming, raw captures."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.items import Article, RawCapture, article_fields
from crawler.search.query import QueryError
from crawler.store import (
    SqliteStore,
    StorageError,
    Store,
    open_store,
    store_uri_from_path,
)
from crawler.store.sqlite import COLUMNS, SCHEMA_VERSION
from tests.unit.conftest import raw_sql

CANONICAL = "https://www.alsumaria.tv/news/491203/الكاظمي-يزور-البصرة"
BODY = (
    "وصل رئيس الوزراء مصطفى الكَاظِمي، صباح اليوم، إلى محافظة البصرة في زيارة رسمية يلتقي خلالها "
    "المحافظ وعدداً من شيوخ العشائر.\n\n"
    "وقال المكتب الإعلامي إن الزيارة تأتي لمتابعة مشاريع الإعمار والخدمات في المحافظة، "
    "وبحث ملف الطاقة الكهربائية مع اقتراب فصل الصيف."
)


SAME = "hash-basra-visit"  # the default article's text


def make_article(**changes: object) -> Article:
    article = Article(
        url="https://www.alsumaria.tv/news/491203?utm_source=rss&utm_medium=feed",
        canonical_url=CANONICAL,
        headline="الكاظمي يصل إلى البصرة في زيارة رسمية",
        summary="رئيس الوزراء يبحث مشاريع الإعمار مع الحكومة المحلية",
        highlights=["لقاء مع المحافظ", "ملف الكهرباء على الطاولة"],
        body=BODY,
        authors=["علي حسين"],
        credits=["السومرية نيوز"],
        tags=["البصرة", "رئيس الوزراء"],
        language="ar",
        published_at="2026-11-17T09:30:00+03:00",
        published_at_raw="17/11/2026 09:30",
        source_id="alsumaria",
        source_name="Alsumaria",
        source_name_ar="السومرية",
        feed_url="https://www.alsumaria.tv/rss",
        fetched_at="2026-11-17T07:00:00+00:00",
        crawler_version="0.1.0",
        body_hash="hash-basra-visit",
    )
    if "url" in changes and "body_hash" not in changes:
        # Another article of the outlet: its own text (the same text would be stored once).
        changes["body_hash"] = f"hash-{changes['url']}"
    return dataclasses.replace(article, **changes)  # type: ignore[arg-type]


# --- upsert ---------------------------------------------------------------------------------------


def test_columns_cover_every_public_article_field() -> None:
    # A new Article field needs a column (and a migration): this fails until it has one.
    assert set(COLUMNS) == set(article_fields()) - {"id"}


def test_upsert_creates_then_updates_through_another_url(store: Store, db_path: Path) -> None:
    first = store.upsert(make_article())
    assert first.created and not first.changed

    corrected = make_article(
        url="https://alsumaria.tv/amp/news/491203",
        headline="الكاظمي يصل إلى البصرة في زيارة رسمية تستمر يومين",
        fetched_at="2026-11-17T11:00:00+00:00",
    )
    second = store.upsert(corrected)

    assert second.id == first.id
    assert not second.created and second.changed
    assert store.count() == 1
    stored = store.get(first.id)
    assert stored == dataclasses.replace(corrected, id=first.id)
    [(first_seen, updated)] = raw_sql(db_path, "SELECT first_seen_at, updated_at FROM articles")
    assert first_seen == "2026-11-17T07:00:00+00:00"
    assert updated


def test_upsert_does_not_mutate_the_article(store: Store) -> None:
    article = make_article()
    store.upsert(article)
    assert article.id is None


@pytest.mark.parametrize(
    ("changes", "changed"),
    [
        ({}, False),
        ({"fetched_at": "2026-11-18T07:00:00+00:00", "tags": ["البصرة"]}, False),
        ({"headline": "الكاظمي في البصرة"}, True),
        ({"summary": None}, True),
        ({"body_hash": "hash-corrected", "body": BODY + "\n\nوأضاف البيان أن الزيارة ستستمر يومين."}, True),
        ({"body_hash": None, "body": BODY}, False),
        ({"body_hash": None, "body": BODY + "\n\nتحديث."}, True),
    ],
)
def test_changed_compares_body_headline_and_summary(store: Store, changes: dict[str, object], changed: bool) -> None:
    store.upsert(make_article())
    result = store.upsert(make_article(**changes))
    assert not result.created
    assert result.changed is changed


def test_an_article_is_never_its_own_duplicate(store: Store) -> None:
    first = store.upsert(make_article())
    store.upsert(make_article(duplicate_of=first.id))
    stored = store.get(first.id)
    assert stored is not None and stored.duplicate_of is None


def test_duplicate_of_points_at_the_first_copy(store: Store) -> None:
    first = store.upsert(make_article())
    copy = make_article(
        url="https://www.shafaq.com/ar/سياسة/الكاظمي-في-البصرة",
        canonical_url=None,
        source_id="shafaq",
        duplicate_of=first.id,
    )
    second = store.upsert(copy)
    stored = store.get(second.id)
    assert second.created and stored is not None and stored.duplicate_of == first.id


# --- look-ups -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref",
    [
        "1",
        " 1 ",
        "https://www.alsumaria.tv/news/491203?utm_source=rss&utm_medium=feed",  # the URL fetched
        CANONICAL,
        "HTTPS://WWW.ALSUMARIA.TV/news/491203/الكاظمي-يزور-البصرة?utm_campaign=share#comments",
        "https://www.alsumaria.tv/news/491203?fbclid=xyz",  # the fetched URL, other tracking
        "https://www.alsumaria.tv/news/491203",  # ...without any (key is the canonical URL)
    ],
)
def test_find_by_id_url_canonical_or_key(store: Store, ref: str) -> None:
    stored_id = store.upsert(make_article()).id
    found = store.find(ref)
    assert found is not None and found.id == stored_id


@pytest.mark.parametrize(
    "ref", ["2", "https://www.alsumaria.tv/news/491204", "الكاظمي", "", "http://host:99999/x", "١"]
)
def test_find_unknown_ref_is_none(store: Store, ref: str) -> None:
    store.upsert(make_article())
    assert store.find(ref) is None


def test_get_unknown_id_is_none(store: Store) -> None:
    assert store.get(42) is None


def test_find_by_body_hash_returns_the_first_stored(store: Store) -> None:
    first = store.upsert(make_article()).id
    store.upsert(
        make_article(
            url="https://www.shafaq.com/ar/الكاظمي-في-البصرة", canonical_url=None, body_hash=SAME, source_id="shafaq"
        )
    )
    store.upsert(
        make_article(url="https://www.964media.com/55012/", canonical_url=None, body_hash=SAME, source_id="964")
    )
    found = store.find_by_body_hash("hash-basra-visit")
    assert store.count() == 3
    assert found is not None and found.id == first
    assert store.find_by_body_hash("no-such-hash") is None


def test_same_text_is_resolved_inside_the_write(store: Store) -> None:
    original = store.upsert(make_article())
    # The same outlet, the same text, another address (an AMP or print copy): nothing written.
    amp = store.upsert(make_article(url="https://www.alsumaria.tv/amp/491203", canonical_url=None, body_hash=SAME))
    assert (amp.same_text_as, amp.id, amp.created) == (original.id, original.id, False)
    # Another outlet: stored, linked to the first copy.
    copy = store.upsert(
        make_article(url="https://www.shafaq.com/ar/1", canonical_url=None, body_hash=SAME, source_id="shafaq")
    )
    assert copy.created and copy.duplicate_of == original.id and copy.same_text_as is None
    # The original crawled again is not taken for a copy of its own copy.
    again = store.upsert(make_article())
    assert (again.id, again.duplicate_of, again.same_text_as) == (original.id, None, None)
    assert store.count() == 2


def test_upsert_many_is_one_transaction_where_later_articles_see_earlier_ones(store: Store) -> None:
    batch = [
        make_article(),
        make_article(url="https://www.shafaq.com/ar/1", canonical_url=None, body_hash=SAME, source_id="shafaq"),
        make_article(url="https://www.alsumaria.tv/amp/491203", canonical_url=None, body_hash=SAME),
    ]
    first, copy, amp = store.upsert_many(batch)
    assert first.created and copy.duplicate_of == first.id and amp.same_text_as == first.id
    assert store.count() == 2
    assert store.upsert_many([]) == []


# --- search ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "الكاظمي",
        "الكاظمى",  # alef maqsura for ya
        "الكَاظِمي",  # diacritics
        "الكاظـــمي",  # tatweel
        "الاعلامي",
        "الإِعْلامي",
        "اقتراب",  # «اقتراب» as written
        "الكهربائيه",  # ha for ta marbuta
        "محافظه البصره",  # two words, both folded
        "«البصرة»؛",  # punctuation around the word
    ],
)
def test_search_finds_spelling_variants(store: Store, query: str) -> None:
    store.upsert(make_article())
    hits = store.search(query)
    assert [hit.article.headline for hit in hits] == ["الكاظمي يصل إلى البصرة في زيارة رسمية"]


def test_search_folds_the_stored_text_too(store: Store) -> None:
    store.upsert(
        make_article(
            headline="آثار الموصل القديمة تعود إلى الحياة",
            body="أعادت مؤسسة إسلامية ترميم جامع النوري الكبير ومنارته الحدباء.",
            summary=None,
            highlights=[],
            tags=[],
            body_hash="hash-mosul",
        )
    )
    for query in ("اثار", "آثار", "أثار", "اسلاميه", "إسلامية", "النوري", "الحدباء"):
        assert len(store.search(query)) == 1, query


def test_search_requires_every_word(store: Store) -> None:
    store.upsert(make_article())
    assert len(store.search("الكاظمي البصرة")) == 1
    assert store.search("الكاظمي بغداد") == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "AND",
        "OR NOT",
        "(",
        ")",
        '"الكاظمي',
        "الكاظمي*",
        "NEAR(الكاظمي",
        "headline:البصرة",
        "-البصرة",
        "^الكاظمي",
        "'; DROP TABLE articles; --",
        "  ",
        "",
        "…،؛؟!",
    ],
)
def test_search_is_safe_with_query_syntax(store: Store, query: str) -> None:
    # Every hostile query is either read as words or refused with a one-line QueryError: never an FTS5
    # syntax error, never a change to the database.
    store.upsert(make_article())
    try:
        hits = store.search(query)
    except QueryError as exc:
        assert "\n" not in str(exc) and "fts5" not in str(exc).lower()
    else:
        assert isinstance(hits, list)
    assert store.count() == 1


@pytest.mark.parametrize("query", ['"', "*", "  ", "", "…،؛؟!", "()", '"الكاظمي*', "headline:البصرة"])
def test_search_refuses_malformed_or_empty_queries(store: Store, query: str) -> None:
    store.upsert(make_article())
    with pytest.raises(QueryError):
        store.search(query)


def test_search_ranks_headline_matches_first(store: Store) -> None:
    body_only = store.upsert(
        make_article(
            url="https://www.alsumaria.tv/news/491300",
            canonical_url=None,
            headline="أخبار المحافظات",
            body="ذكرت مصادر أن وفداً من البصرة سيزور العاصمة.",
            summary=None,
            highlights=[],
            tags=[],
            body_hash="hash-other",
        )
    ).id
    in_headline = store.upsert(make_article()).id
    hits = store.search("البصرة")
    assert [hit.article.id for hit in hits] == [in_headline, body_only]
    assert hits[0].rank > hits[1].rank


def test_search_limit(store: Store) -> None:
    for number in range(5):
        store.upsert(
            make_article(url=f"https://www.964media.com/{number}/", canonical_url=None, body_hash=f"h{number}")
        )
    assert len(store.search("البصرة", limit=3)) == 3
    assert store.search("البصرة", limit=0) == []


def test_snippet_is_original_text_around_the_match(store: Store) -> None:
    store.upsert(make_article())
    [hit] = store.search("الكهربائيه")
    assert "الطاقة الكهربائية" in hit.snippet  # as written, not folded
    assert len(hit.snippet) <= 200
    assert "\n" not in hit.snippet
    [hit] = store.search("الكاظمى")
    assert "الكَاظِمي" in hit.snippet  # diacritics kept


def test_snippet_of_a_headline_match_is_the_lead(store: Store) -> None:
    store.upsert(make_article(summary=None, highlights=[]))
    [hit] = store.search("رسمية يصل")
    assert hit.snippet.startswith("وصل رئيس الوزراء")


def test_search_follows_updates(store: Store) -> None:
    store.upsert(make_article())
    store.upsert(make_article(body="تأجيل زيارة رئيس الوزراء إلى نينوى.", body_hash="hash-ninawa"))
    assert store.search("نينوى") != []
    assert store.search("الكهربائية") == []
    assert len(store.search("الكاظمي")) == 1  # one row in the index, not one per version


# --- iter_articles --------------------------------------------------------------------------------


@pytest.fixture
def dated_store(store: Store) -> Store:
    rows = [
        ("https://www.hespress.com/a1", "hespress", "2026-11-17T00:00:00+01:00"),  # date only, Rabat
        ("https://www.alsumaria.tv/news/b1", "alsumaria", "2026-11-16T23:30:00+03:00"),
        ("https://www.alsumaria.tv/news/b2", "alsumaria", "2026-11-18T08:00:00+03:00"),
        ("https://www.hespress.com/a2", "hespress", None),  # fetched 2026-11-17T12:00Z
        ("https://www.annahar.com/c1", "annahar", "2026-11-17T21:15:00+02:00"),
    ]
    for url, source, published in rows:
        store.upsert(
            make_article(
                url=url,
                canonical_url=None,
                source_id=source,
                published_at=published,
                fetched_at="2026-11-17T12:00:00+00:00",
            )
        )
    return store


def urls(articles: Iterator[Article]) -> list[str]:
    return [article.url.rsplit("/", 1)[1] for article in articles]


def test_iter_articles_orders_by_publication_then_id(dated_store: Store) -> None:
    # b1 (20:30Z on the 16th) before a1 (23:00Z on the 16th) before a2 (fetched 12:00Z on the 17th)...
    assert urls(dated_store.iter_articles()) == ["b1", "a1", "a2", "c1", "b2"]


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        # A bare date is the article's own calendar day: a1 is dated the 17th in Rabat.
        ("2026-11-17", None, ["a1", "a2", "c1", "b2"]),
        (None, "2026-11-17", ["b1", "a1", "a2", "c1"]),
        ("2026-11-17", "2026-11-17", ["a1", "a2", "c1"]),
        (None, "2026-11-16", ["b1"]),
        ("2026-11-19", None, []),
        # A datetime is an instant.
        ("2026-11-16T23:00:00+00:00", None, ["a1", "a2", "c1", "b2"]),
        ("2026-11-16T23:00:01Z", "2026-11-17T19:15:00Z", ["a2", "c1"]),
        ("2026-11-17T02:00:00+03:00", "2026-11-17T19:14:59+00:00", ["a1", "a2"]),  # inclusive
        ("2026-11-17T12:00:00", None, ["a2", "c1", "b2"]),  # naive: UTC
    ],
)
def test_iter_articles_filters_by_date(
    dated_store: Store, since: str | None, until: str | None, expected: list[str]
) -> None:
    assert urls(dated_store.iter_articles(since=since, until=until)) == expected


def test_iter_articles_filters_by_source(dated_store: Store) -> None:
    assert urls(dated_store.iter_articles(source_ids=["hespress"])) == ["a1", "a2"]
    assert urls(dated_store.iter_articles(source_ids=["annahar", "alsumaria"])) == ["b1", "c1", "b2"]
    assert urls(dated_store.iter_articles(source_ids="annahar")) == ["c1"]
    assert urls(dated_store.iter_articles(since="2026-11-17", source_ids=["alsumaria"])) == ["b2"]
    assert dated_store.count("hespress") == 2
    assert dated_store.count("nobody") == 0
    assert dated_store.count() == 5


def test_iter_articles_rejects_a_bad_date_at_once(dated_store: Store) -> None:
    with pytest.raises(ValueError, match="17/11/2026"):
        dated_store.iter_articles(since="17/11/2026")


def test_iter_articles_streams(dated_store: Store) -> None:
    articles = dated_store.iter_articles()
    assert not isinstance(articles, list)
    first = next(articles)
    assert first.url.endswith("/b1")
    # The store stays writable while a stream is open, and a stream can be abandoned.
    dated_store.upsert(make_article(url="https://www.annahar.com/c2", canonical_url=None))
    assert next(articles).url.endswith("/a1")
    articles.close()  # type: ignore[attr-defined]
    assert dated_store.count() == 6


# --- raw captures ---------------------------------------------------------------------------------

PAGE = "<html dir=rtl><h1>الكاظمي يصل إلى البصرة</h1></html>".encode("cp1256") + b"\x00\xff" * 2000


def test_raw_capture_round_trip(store: Store, db_path: Path) -> None:
    raw = RawCapture(
        url="https://www.alsumaria.tv/news/491203",
        status=200,
        headers={"Content-Type": "text/html; charset=windows-1256", "X-Cache": "HIT"},
        body=PAGE,
    )
    article_id = store.upsert(make_article(raw=raw)).id
    assert store.get_raw(article_id) == raw
    [(size, fetched)] = raw_sql(db_path, "SELECT length(body), fetched_at FROM raw_pages")
    assert isinstance(size, int) and size < len(PAGE)  # compressed
    assert fetched == "2026-11-17T07:00:00+00:00"


def test_raw_capture_is_replaced_and_kept(store: Store) -> None:
    old = RawCapture(url="https://www.alsumaria.tv/news/491203", status=200, headers={}, body=b"old")
    new = RawCapture(url="https://alsumaria.tv/amp/news/491203", status=203, headers={"A": "ب"}, body=PAGE)
    article_id = store.upsert(make_article(raw=old)).id
    store.upsert(make_article(raw=new))
    assert store.get_raw(article_id) == new
    store.upsert(make_article(raw=None))  # a re-store without a capture keeps the last one
    assert store.get_raw(article_id) == new


def test_get_raw_without_capture_is_none(store: Store) -> None:
    article_id = store.upsert(make_article()).id
    assert store.get_raw(article_id) is None
    assert store.get_raw(999) is None


# --- atomicity ------------------------------------------------------------------------------------


def broken_raw() -> RawCapture:
    # url is NOT NULL: the capture fails after the article row and its index entry are written.
    return RawCapture(url=None, status=200, headers={}, body=b"")  # type: ignore[arg-type]


def test_failed_insert_leaves_no_partial_row(store: Store, db_path: Path) -> None:
    with pytest.raises(StorageError, match=r"akhbar\.db.*storing"):
        store.upsert(make_article(raw=broken_raw()))
    assert store.count() == 0
    assert store.search("الكاظمي") == []
    assert raw_sql(db_path, "SELECT count(*) FROM raw_pages") == [(0,)]
    assert store.upsert(make_article()).created  # no transaction left open


def test_failed_update_keeps_the_stored_version(store: Store) -> None:
    article_id = store.upsert(make_article()).id
    correction = make_article(headline="عنوان مصحح", body="نص جديد عن نينوى", body_hash="hash-new")
    with pytest.raises(StorageError):
        store.upsert(dataclasses.replace(correction, raw=broken_raw()))
    with pytest.raises(StorageError, match=r"(?i)foreign key"):
        store.upsert(dataclasses.replace(correction, duplicate_of=9999))
    assert store.get(article_id) == dataclasses.replace(make_article(), id=article_id)
    assert store.search("نينوى") == []
    assert len(store.search("الكهربائية")) == 1


def test_closed_store_raises_storage_error(db_path: Path) -> None:
    store = open_store(str(db_path))
    store.close()
    with pytest.raises(StorageError, match=r"akhbar\.db"):
        store.upsert(make_article())
    with pytest.raises(StorageError):
        store.count()


# --- the database file ----------------------------------------------------------------------------


def test_schema_version_wal_and_reopen(db_path: Path) -> None:
    with open_store(str(db_path)) as store:
        article_id = store.upsert(make_article()).id
    assert raw_sql(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert SCHEMA_VERSION == 6
    assert raw_sql(db_path, "PRAGMA journal_mode") == [("wal",)]
    with open_store(str(db_path)) as store:
        assert store.find(str(article_id)) is not None
        assert len(store.search("البصرة")) == 1


def test_two_stores_share_one_file(db_path: Path) -> None:
    with open_store(str(db_path)) as writer, open_store(str(db_path)) as reader:
        article_id = writer.upsert(make_article()).id
        found = reader.find(CANONICAL)
        assert found is not None and found.id == article_id


def test_newer_schema_is_refused(db_path: Path) -> None:
    open_store(str(db_path)).close()
    raw_sql(db_path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StorageError, match=rf"akhbar\.db.*version {SCHEMA_VERSION + 1} is newer"):
        open_store(str(db_path))


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("الكاظمي يصل إلى البصرة\n" * 200, encoding="utf-8")
    with pytest.raises(StorageError, match=r"notes\.db"):
        open_store(str(path))


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match=str(tmp_path)):
        open_store(str(tmp_path))


def test_in_memory_store() -> None:
    with SqliteStore(":memory:") as store:
        store.upsert(make_article())
        assert len(store.search("الكاظمي")) == 1


# --- URIs -----------------------------------------------------------------------------------------


def test_relative_sqlite_uri(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///data/nested/akhbar.db") as store:
        store.upsert(make_article())
    assert (tmp_path / "data" / "nested" / "akhbar.db").is_file()


def test_absolute_sqlite_uri(tmp_path: Path) -> None:
    path = tmp_path / "abs" / "akhbar.db"
    with open_store(f"sqlite:///{path}") as store:  # path starts with "/": four slashes
        assert isinstance(store, SqliteStore) and store.path == str(path)
    assert path.is_file()


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("data/akhbar.db", "sqlite:///data/akhbar.db"),
        ("/var/lib/akhbar/akhbar.db", "sqlite:////var/lib/akhbar/akhbar.db"),
        ("sqlite:///data/akhbar.db", "sqlite:///data/akhbar.db"),
    ],
)
def test_store_uri_from_path(path: str, uri: str) -> None:
    assert store_uri_from_path(path) == uri


@pytest.mark.parametrize(
    "uri", ["mysql://root@localhost/akhbar", "s3://bucket/akhbar.db", "sqlite://host/akhbar.db", "sqlite://"]
)
def test_unsupported_uri_is_a_clear_error(uri: str) -> None:
    with pytest.raises(StorageError, match="sqlite:///"):
        open_store(uri)


# --- Dates of every precision: a day, a zone-less wall clock, an instant ----------------------------


@pytest.fixture
def precision_store(store: Store) -> Store:
    rows = [
        ("d1", "2024-12-08"),  # a day
        ("l1", "2024-12-08T10:15:00"),  # a wall clock, zone unknown
        ("i1", "2024-12-08T09:00:00+03:00"),  # 06:00Z
        ("i2", "2024-12-07T23:30:00+00:00"),
        ("i3", "2024-12-09T08:00:00+03:00"),
    ]
    for name, published in rows:
        store.upsert(
            make_article(
                url=f"https://www.alsumaria.tv/news/{name}",
                canonical_url=None,
                published_at=published,
                body=f"{BODY} {name}",
                body_hash=f"hash-{name}",
                fetched_at="2024-12-10T12:00:00+00:00",
            )
        )
    return store


def test_dates_of_every_precision_round_trip_and_sort(precision_store: Store) -> None:
    articles = list(precision_store.iter_articles())
    # A day sorts at the start of its day, a zone-less clock as if UTC.
    assert urls(iter(articles)) == ["i2", "d1", "i1", "l1", "i3"]
    assert {a.url[-2:]: a.published_at for a in articles}["d1"] == "2024-12-08"
    assert precision_store.search("الكاظمي d1")[0].article.published_at == "2024-12-08"


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        # A bare date is each article's own calendar day, whatever its precision.
        ("2024-12-08", "2024-12-08", ["d1", "i1", "l1"]),
        ("2024-12-09", None, ["i3"]),
        # An instant keeps a day or zone-less clock while the instants it may denote reach the bound:
        # the 8th somewhere on Earth lasts until 12:00Z on the 9th; 10:15 somewhere is 22:15Z at the latest.
        ("2024-12-08T07:00:00+00:00", None, ["d1", "l1", "i3"]),
        ("2024-12-08T23:00:00+00:00", None, ["d1", "i3"]),
        ("2024-12-09T13:00:00+00:00", None, []),
        # ...and from the first instant they may denote: the 8th starts at 10:00Z on the 7th.
        (None, "2024-12-07T23:59:00+00:00", ["i2", "d1", "l1"]),
        (None, "2024-12-07T09:00:00+00:00", []),
    ],
)
def test_since_until_with_days_and_zone_less_clocks(
    precision_store: Store, since: str | None, until: str | None, expected: list[str]
) -> None:
    assert urls(precision_store.iter_articles(since=since, until=until)) == expected
