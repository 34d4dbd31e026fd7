"""``akhbar crawl --db postgresql://…`` of the demo outlets stores what a SQLite crawl stores, and
``akhbar search`` answers the same on both; an unusable server stops the crawl before any request."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.demo import DemoServer, sources_toml
from crawler.search.analysis import words
from crawler.store import open_store
from tests.conftest import run_akhbar
from tests.pg import postgres_schema


@dataclass
class Crawls:
    sqlite: str
    postgres: str
    cwd: Path


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawls]:
    tmp = tmp_path_factory.mktemp("pg-crawl")
    with postgres_schema() as pg_uri, DemoServer() as server:
        sources = tmp / "sources.toml"
        sources.write_text(sources_toml(server.base_url), "utf-8")
        for db in ("akhbar.db", pg_uri):
            result = run_akhbar("crawl", "--sources", str(sources), "--db", db, "--profile", "test", cwd=tmp)
            assert result.returncode == 0, result.stderr
        yield Crawls(str(tmp / "akhbar.db"), pg_uri, tmp)


def stored(uri: str) -> list[tuple[object, ...]]:
    with open_store(uri) as store:
        return sorted(
            (a.url, a.headline, a.body_hash, a.published_at, a.source_id, tuple(a.authors))
            for a in store.iter_articles()
        )


def test_both_stores_hold_the_same_articles(crawls: Crawls) -> None:
    lite = stored(crawls.sqlite)
    assert lite
    assert stored(crawls.postgres) == lite


def search(query: str, db: str, cwd: Path) -> set[str]:
    result = run_akhbar("search", query, "--db", db, "--json", "--limit", "100", cwd=cwd)
    assert result.returncode in (0, 3), result.stderr
    return {json.loads(line)["url"] for line in result.stdout.splitlines()}


def test_search_gives_the_same_results_on_both(crawls: Crawls) -> None:
    with open_store(crawls.sqlite) as store:
        headlines = [a.headline for a in store.iter_articles()]
    # Words of the stored headlines (and a prefix and a phrase of the first), each looked up on both.
    queries = sorted({w for h in headlines[:6] for w in words(h) if len(w) > 3})[:8]
    first = [w for w in words(headlines[0]) if len(w) > 1]
    queries += [first[0][:3] + "*", '"' + " ".join(first[:2]) + '"']
    found_any = False
    for query in queries:
        lite = search(query, crawls.sqlite, crawls.cwd)
        assert search(query, crawls.postgres, crawls.cwd) == lite, query
        found_any = found_any or bool(lite)
    assert found_any


def test_an_unusable_server_stops_the_crawl_before_any_request(tmp_path: Path) -> None:
    with DemoServer() as server:
        sources = tmp_path / "sources.toml"
        sources.write_text(sources_toml(server.base_url), "utf-8")
        uri = "postgresql://postgres@127.0.0.1:5432/akhbar_no_such_database"
        result = run_akhbar("crawl", "--sources", str(sources), "--db", uri, "--profile", "test", cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert "akhbar_no_such_database" in result.stderr
        assert server.requests == []
