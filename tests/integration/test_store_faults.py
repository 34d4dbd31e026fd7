"""A real crawl whose database stays locked by another process: it ends, says where the articles were
kept, and the next crawl stores every one of them once. An unusable database stops the crawl at once."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from crawler.demo import DemoServer, sources_toml
from crawler.demo.site import ARTICLES, NOT_ARTICLE_PATHS
from crawler.store import open_store
from crawler.store.spool import Spool
from tests.conftest import run_akhbar


def _crawl_args(sources: Path, *extra: str) -> list[str]:
    return [
        "crawl", "--sources", str(sources), "--db", "a.db", "--profile", "test",
        "--set", "AKHBAR_FEED_MIN_INTERVAL=0", *extra,
    ]  # fmt: skip


def test_a_crawl_on_a_locked_database_keeps_every_article_for_the_next_run(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    spool = Spool(tmp_path / "a.db.spool.jsonl")
    open_store(str(db)).close()  # a database earlier crawls created
    with DemoServer() as server:
        sources = tmp_path / "sources.toml"
        sources.write_text(sources_toml(server.base_url), encoding="utf-8")
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")  # e.g. a long maintenance job, for the whole crawl
        try:
            started = time.monotonic()
            locked = run_akhbar(*_crawl_args(sources, "--set", "AKHBAR_STORE_BUSY_TIMEOUT=1"), cwd=tmp_path)
            elapsed = time.monotonic() - started
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert elapsed < 60  # one busy timeout per failing write of the spider, not one per article
        assert locked.returncode == 0, locked.stdout + locked.stderr  # every source was fetched
        assert "Storage failed" in locked.stderr and "database is locked" in locked.stderr
        assert "a.db.spool.jsonl" in locked.stderr
        # The pages refused as not articles are kept too, with their raw responses.
        pages = len(ARTICLES) + len(NOT_ARTICLE_PATHS)
        assert f"{pages} not stored (storage failed), kept in the spool for the next run" in locked.stdout
        assert "kept in a.db.spool.jsonl, loaded by the next run" in locked.stdout
        assert len(list(spool.load())) == pages
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM articles").fetchone() == (0,)

        server.requests.clear()
        after = run_akhbar(*_crawl_args(sources), cwd=tmp_path)
    assert after.returncode == 0, after.stdout + after.stderr
    assert f"{pages} stored from the spool of an earlier run" in after.stdout
    assert not spool.path.exists() and not spool.bad_path.exists()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        total, distinct = conn.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone()
        raw = conn.execute("SELECT count(*) FROM raw_pages").fetchone()[0]
        refused = conn.execute("SELECT count(*) FROM refused_pages").fetchone()[0]
        headlines = {row[0] for row in conn.execute("SELECT headline FROM articles")}
    assert total == distinct == raw == len(ARTICLES)
    assert refused == len(NOT_ARTICLE_PATHS)
    assert headlines == {a.headline for a in ARTICLES}
    article_paths = {a.path for a in ARTICLES}
    assert not [p for p in server.requests if p.split("?")[0] in article_paths]  # stored from the spool


def test_an_unusable_database_stops_the_crawl_before_any_request(tmp_path: Path) -> None:
    (tmp_path / "a.db").write_bytes(b"this is not a SQLite database, whatever its name says\n" * 4)
    with DemoServer() as server:
        sources = tmp_path / "sources.toml"
        sources.write_text(sources_toml(server.base_url), encoding="utf-8")
        result = run_akhbar(*_crawl_args(sources), cwd=tmp_path)
    assert result.returncode == 2
    assert "akhbar crawl: storage error: a.db: not a usable SQLite database" in result.stderr
    assert server.requests == []
    assert not (tmp_path / "a.db.spool.jsonl").exists()
