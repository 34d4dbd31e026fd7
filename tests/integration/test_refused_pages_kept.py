"""Nothing refused is lost: a real crawl of the loopback demo outlet keeps the pages it refuses, and
``akhbar reextract`` turns a page an earlier rule refused into a stored article."""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path

from crawler.demo import ARTICLES, NOT_ARTICLE_PATHS, DemoServer, sources_toml
from crawler.demo.site import build_routes
from crawler.items import NOT_ARTICLE, Article, FeedEntry, RawCapture, RefusedPage
from crawler.store import open_store
from tests.conftest import run_akhbar

SECTION = NOT_ARTICLE_PATHS[0]  # nabd's section page, listed in its feed
COUNT_KEYS = ["pages", "changed", "recovered", "unchanged", "refused"]


def test_a_crawl_keeps_the_page_it_refuses_with_its_raw_response(tmp_path: Path) -> None:
    with DemoServer() as server:
        (tmp_path / "sources.toml").write_text(sources_toml(server.base_url), encoding="utf-8")
        result = run_akhbar(
            "crawl", "--sources", "sources.toml", "--source", "nabd", "--db", "a.db", "--profile", "test", cwd=tmp_path
        )
        served = server.routes[SECTION][2]
    assert result.returncode == 0, result.stdout + result.stderr
    with sqlite3.connect(tmp_path / "a.db") as db:
        rows = db.execute(
            "SELECT url, source_id, feed_url, status, headers, body, verdict, reason, detail, entry, fetched_at "
            "FROM refused_pages"
        ).fetchall()
        stored = db.execute("SELECT count(*) FROM articles WHERE url LIKE ?", (f"%{SECTION}",)).fetchone()[0]
    assert len(rows) == 1, rows
    url, source_id, feed_url, status, headers, body, verdict, reason, detail, entry, fetched_at = rows[0]
    assert url == server.base_url + SECTION and stored == 0
    assert (source_id, feed_url, status) == ("nabd", server.base_url + "/nabd/rss.xml", 200)
    assert json.loads(headers)["Content-Type"].startswith("text/html")
    assert zlib.decompress(body) == served
    assert verdict == NOT_ARTICLE and reason and detail
    assert json.loads(entry)["title"] == "آخر أخبار المحليات"  # what the feed said about the link
    assert fetched_at.endswith("+00:00")


def test_reextract_recovers_a_page_refused_by_an_earlier_rule(tmp_path: Path) -> None:
    base = "http://127.0.0.1:8765"  # pages rendered in memory: nothing is fetched
    routes = build_routes(base)
    (tmp_path / "sources.toml").write_text(sources_toml(base), encoding="utf-8")
    nabd = [a for a in ARTICLES if a.outlet_id == "nabd"]
    refused_article, changed_article = nabd[0], nabd[1]

    def raw(path: str) -> RawCapture:
        status, ctype, body = routes[path]
        return RawCapture(url=base + path, status=status, headers={"Content-Type": ctype}, body=body)

    with open_store(str(tmp_path / "a.db")) as store:
        # As an older build kept them: an article page refused as a listing, a listing page, and an
        # article stored with a body today's extraction no longer yields.
        store.keep_refused(
            [
                RefusedPage(
                    url=base + path,
                    raw=raw(path),
                    verdict=NOT_ARTICLE,
                    reason="listing_page",
                    detail="the text is mostly links to other pages",
                    source_id="nabd",
                    feed_url=base + "/nabd/rss.xml",
                    entry=FeedEntry(url=base + path),
                    fetched_at="2026-11-29T08:00:00+00:00",
                )
                for path in (refused_article.path, SECTION)
            ]
        )
        changed_id = store.upsert(
            Article(
                url=base + changed_article.path,
                headline=changed_article.headline,
                body="الرئيسية | محليات | اقتصاد\n\n" + changed_article.body + "\n\nاقرأ أيضاً: خبر آخر",
                language="ar",
                source_id="nabd",
                fetched_at="2026-11-28T06:00:00+00:00",
                raw=raw(changed_article.path),
            )
        ).id

    result = run_akhbar("reextract", "--db", "a.db", "--sources", "sources.toml", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert list(counts) == COUNT_KEYS
    assert counts == {"pages": 3, "changed": 1, "recovered": 1, "unchanged": 0, "refused": 1}

    with open_store(str(tmp_path / "a.db")) as store:
        recovered = store.find(base + refused_article.path)
        assert recovered is not None and recovered.id is not None
        assert recovered.headline == refused_article.headline
        assert refused_article.paragraphs[0] in recovered.body
        assert store.get_refused(base + refused_article.path) is None
        kept_raw = store.get_raw(recovered.id)
        assert kept_raw is not None and kept_raw.body == routes[refused_article.path][2]
        assert store.get_refused(base + SECTION) is not None  # still a listing: still kept
        updated = store.get(changed_id)
        assert updated is not None and "اقرأ أيضاً" not in updated.body and "الرئيسية |" not in updated.body
        assert updated.fetched_at == "2026-11-28T06:00:00+00:00"

    again = run_akhbar("reextract", "--db", "a.db", "--sources", "sources.toml", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.split() == ["pages", "3", "changed", "0", "recovered", "0", "unchanged", "2", "refused", "1"]


def test_reextract_of_an_unusable_database_exits_2(tmp_path: Path) -> None:
    (tmp_path / "bad.db").write_bytes(b"this is not a database" * 100)
    result = run_akhbar("reextract", "--db", "bad.db", "--json", cwd=tmp_path)
    assert result.returncode == 2 and "storage error" in result.stderr and result.stdout == ""
    missing = run_akhbar("reextract", "--db", "missing.db", cwd=tmp_path)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    bad_date = run_akhbar("reextract", "--db", "bad.db", "--since", "yesterday", cwd=tmp_path)
    assert bad_date.returncode == 2 and "--since" in bad_date.stderr
