"""Search through the SQLite store: clitic forms found, exact forms ranked first, phrases, filters,
snippets, the reindexing migration, and the command line's answers to malformed queries."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from crawler.app.cli import main
from crawler.items import Article
from crawler.store import Store, open_store
from crawler.store.base import SearchFilters
from crawler.store.sqlite import MIGRATIONS
from crawler.store.sqlite_search import reindex


def article(n: int, headline: str, body: str, **changes: object) -> Article:
    fields: dict[str, object] = {
        "url": f"https://nabd.example/news/{n}",
        "headline": headline,
        "body": body,
        "source_id": "nabd",
        "published_at": f"2026-11-{n:02d}T10:00:00+02:00",
        "body_hash": f"hash-{n}",
        "fetched_at": "2026-11-30T10:00:00+00:00",
    }
    return Article(**(fields | changes))  # type: ignore[arg-type]


@pytest.fixture
def filled(store: Store) -> Store:
    store.upsert_many(
        [
            article(1, "اجتماع في العاصمة", "التقى رئيس البلدية بالوزير صباح اليوم وبحثا ملف المياه."),
            article(2, "الوزير يزور المدينة", "زار الوزير المدينة وافتتح مدرسة جديدة."),
            article(3, "أمطار غزيرة", "هطلت أمطار غزيرة بطرابلس وضواحيها، وأعلنت البلدية حالة الطوارئ."),
            article(4, "مهرجان ثقافي", "افتتح في وطرابلس… لا، في طرابلس مهرجان الكتاب.", source_id="wadi"),
            article(5, "انقطاع", "انقطعت الكهرباء عن أحياء واسعة وتضررت شبكة للمياه القديمة."),
            article(6, "الزير والفخار", "معرض لصناعة الزير الفخاري التقليدي في القرية."),
            article(
                7, "مباراة", "فاز الفريق في مباراة كرة القدم أمام جمهوره.", published_at="2026-10-01T10:00:00+02:00"
            ),
        ]
    )
    return store


def ids(store: Store, query: str, **filters: object) -> list[int]:
    return [h.article.id or 0 for h in store.search(query, filters=SearchFilters(**filters))]  # type: ignore[arg-type]


def test_the_definite_form_finds_clitic_forms(filled: Store) -> None:
    assert set(ids(filled, "الوزير")) == {1, 2}
    assert set(ids(filled, "المياه")) == {1, 5}
    assert set(ids(filled, "طرابلس")) == {3, 4}


def test_a_root_letter_is_not_a_clitic(filled: Store) -> None:
    # «الزير» (the water jar) is not «الوزير» without its و, nor the other way round.
    assert ids(filled, "الزير") == [6]
    assert 6 not in ids(filled, "وزير")


def test_the_exact_form_ranks_first(filled: Store) -> None:
    assert ids(filled, "بالوزير")[0] == 1
    assert ids(filled, "الوزير")[0] == 2  # in the headline too, and in that very form


def test_headline_outranks_body(store: Store) -> None:
    store.upsert_many(
        [
            article(1, "خبر عام", "مرت الحكومة في الفقرة الأخيرة من خبر طويل عن أمور شتى كثيرة متفرقة."),
            article(2, "الحكومة تجتمع", "اجتماع عادي بلا تفاصيل كثيرة متفرقة في أمور شتى."),
        ]
    )
    assert ids(store, "الحكومة") == [2, 1]


def test_phrase_is_exact_and_in_order(filled: Store) -> None:
    assert ids(filled, '"أمطار غزيرة"') == [3]
    assert ids(filled, '"غزيرة أمطار"') == []
    assert ids(filled, '"للمياه القديمة"') == [5]
    assert ids(filled, '"المياه القديمة"') == []  # a phrase is the surface form


def test_prefix_or_and_exclusion(filled: Store) -> None:
    assert set(ids(filled, "طراب*")) == {3, 4}
    assert set(ids(filled, "الكهرباء OR مهرجان")) == {4, 5}
    assert set(ids(filled, "المياه -الكهرباء")) == {1}
    assert set(ids(filled, 'الوزير -"زار الوزير"')) == {1}


def test_filters(filled: Store) -> None:
    assert ids(filled, "طرابلس", source_ids=("wadi",)) == [4]
    assert set(ids(filled, "في")) == {1, 4, 6, 7}
    assert set(ids(filled, "في", since="2026-11-02", until="2026-11-06")) == {4, 6}
    assert ids(filled, "مباراة", since="2026-11-01") == []
    assert ids(filled, "مباراة", until="2026-10-31") == [7]


def test_snippets_mark_the_matched_forms(filled: Store) -> None:
    [hit] = filled.search("بطرابلس")
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["بطرابلس"]
    hits = filled.search("الوزير")
    marked = {h.article.id: [h.snippet[a:b] for a, b in h.spans] for h in hits}
    assert marked == {1: ["بالوزير"], 2: ["الوزير"]}


def test_updates_replace_the_index_row(filled: Store) -> None:
    filled.upsert(article(3, "أمطار غزيرة", "هطلت أمطار غزيرة على بنغازي."))
    assert set(ids(filled, "طرابلس")) == {4}
    assert ids(filled, "بنغازي") == [3]


def test_a_version_4_database_is_reindexed(db_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    for migration in MIGRATIONS[1:5]:
        for statement in migration:
            assert isinstance(statement, str)
            conn.execute(statement)
    conn.execute(
        "INSERT INTO articles (key, url, url_key, headline, body, highlights, authors, credits, tags, "
        "first_seen_at, updated_at) VALUES ('k', 'https://x.example/1', 'https://x.example/1', 'خبر', "
        "'التقى رئيس البلدية بالوزير', '[]', '[]', '[]', '[\"الحكومة\"]', '2026-11-01', '2026-11-01')"
    )
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    with open_store(str(db_path)) as store:
        assert "reindexing articles for search: 1 of 1" in caplog.text
        assert [h.article.url for h in store.search("الوزير")] == ["https://x.example/1"]
        assert len(store.search("حكومة")) == 1  # tags are indexed too


def test_cli_search_json_and_malformed_queries(
    filled: Store, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "الوزير", "--db", str(db_path), "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["matches"] for r in lines] == [["الوزير"], ["بالوزير"]]
    for bad in ['"الوزير', "-", "(الوزير)", "OR", "ال*زير"]:
        assert main(["search", bad, "--db", str(db_path)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("akhbar search: error: ") and err.count("\n") == 1, err
    assert main(["search", "الوزير", "--db", str(db_path), "--since", "yesterday"]) == 2


def test_cli_country_filter_reads_the_registry(filled: Store, db_path: Path, tmp_path: Path) -> None:
    registry = tmp_path / "sources.toml"
    registry.write_text(
        "".join(
            f'[[sources]]\nid = "{sid}"\nname = "{sid}"\nname_ar = "{sid}"\nhomepage = "https://{sid}.example/"\n'
            f'country = "{cc}"\nlanguage = "ar"\nfeeds = ["https://{sid}.example/rss"]\n\n'
            for sid, cc in (("nabd", "LB"), ("wadi", "EG"))
        ),
        encoding="utf-8",
    )
    args = ["search", "طرابلس", "--db", str(db_path), "--sources", str(registry)]
    assert main([*args, "--country", "eg"]) == 0
    assert main([*args, "--country", "EG", "--source", "nabd"]) == 1
    assert main([*args, "--country", "SY"]) == 2


def test_reindex_reports_progress_and_rebuilds_the_index(filled: Store, db_path: Path) -> None:
    filled.close()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("DELETE FROM articles_search")
    seen: list[tuple[int, int]] = []
    conn.execute("BEGIN")
    assert reindex(conn, lambda done, total: seen.append((done, total))) == 7
    conn.execute("COMMIT")
    conn.close()
    assert seen == [(7, 7)]
    with open_store(str(db_path)) as store:
        assert {h.article.id for h in store.search("الوزير")} == {1, 2}
