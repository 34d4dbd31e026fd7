"""Incremental crawling against the loopback demo outlets: each run costs only what is new.

Every test runs the real ``akhbar crawl`` twice or more on one database and counts what the server
was asked for between runs.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from crawler.demo import DemoServer, sources_toml
from crawler.demo.site import ARTICLES
from tests.conftest import run_akhbar

# Polling bounds lifted so that a run right after another finds every feed due.
DUE_AT_ONCE = ("--set", "AKHBAR_FEED_MIN_INTERVAL=0")
ARTICLE_PATHS = {a.path for a in ARTICLES}


def _crawl(server: DemoServer, tmp_path: Path, *extra: str) -> str:
    sources = tmp_path / "sources.toml"
    if not sources.exists():
        sources.write_text(sources_toml(server.base_url), encoding="utf-8")
    result = run_akhbar(
        "crawl", "--sources", str(sources), "--db", "a.db", "--profile", "test", *DUE_AT_ONCE, *extra, cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _pages_fetched(server: DemoServer) -> list[str]:
    return [p for p in server.requests if p.split("?")[0] in ARTICLE_PATHS]


def _stored_urls(tmp_path: Path) -> list[str]:
    with sqlite3.connect(tmp_path / "a.db") as db:
        return [row[0] for row in db.execute("SELECT url FROM articles")]


def test_second_crawl_with_nothing_new_fetches_no_page_and_gets_304s(tmp_path: Path) -> None:
    with DemoServer() as server:
        _crawl(server, tmp_path)
        stored = len(_stored_urls(tmp_path))
        server.requests.clear()
        server.received.clear()
        summary = _crawl(server, tmp_path)
        feeds = [(p, h) for p, h in server.received if p.endswith((".xml", ".json"))]
    assert _pages_fetched(server) == []
    assert len(feeds) == 5  # every feed of the three outlets asked again…
    assert all("if-none-match" in headers for _, headers in feeds)  # …with its ETag, and got 304
    assert re.search(r"^nabd .* unchanged$", summary, re.MULTILINE), summary
    assert len(_stored_urls(tmp_path)) == stored


def test_feed_that_ignores_conditional_headers_is_still_recognised_as_unchanged(tmp_path: Path) -> None:
    with DemoServer() as server:
        _crawl(server, tmp_path)
        server.ignore_conditional.update(p for p in server.routes if p.endswith((".xml", ".json")))
        server.requests.clear()
        summary = _crawl(server, tmp_path)
    assert _pages_fetched(server) == []
    assert re.search(r"^wadi .* unchanged$", summary, re.MULTILINE), summary


def test_a_new_entry_between_runs_is_the_only_page_fetched(tmp_path: Path) -> None:
    with DemoServer() as server:
        full_feed = server.routes["/nabd/rss.xml"]
        newest = next(a for a in ARTICLES if a.outlet_id == "nabd")
        status, ctype, body = full_feed
        # The first run sees the feed before its newest item was published.
        items = re.findall(rb"<item>.*?</item>", body, re.DOTALL)
        first_item = next(i for i in items if newest.path.encode() in i)
        server.routes["/nabd/rss.xml"] = (status, ctype, body.replace(first_item, b""))
        server.routes["/nabd/rss/economy.xml"] = (200, ctype, b"")  # keep the item in one feed only
        _crawl(server, tmp_path, "--source", "nabd")
        assert not any(newest.path in url for url in _stored_urls(tmp_path))
        server.routes["/nabd/rss.xml"] = full_feed
        server.requests.clear()
        _crawl(server, tmp_path, "--source", "nabd")
    assert [p.split("?")[0] for p in _pages_fetched(server)] == [newest.path]
    assert any(url.endswith(newest.path) for url in _stored_urls(tmp_path))


def test_revisit_window_fetches_young_articles_again(tmp_path: Path) -> None:
    with DemoServer() as server:
        _crawl(server, tmp_path, "--source", "wadi")
        server.ignore_conditional.add("/wadi/atom.xml")
        server.routes["/wadi/atom.xml"] = (
            *server.routes["/wadi/atom.xml"][:2],
            server.routes["/wadi/atom.xml"][2] + b" ",
        )
        server.requests.clear()
        _crawl(server, tmp_path, "--source", "wadi", "--revisit-hours", "100000")
    assert len(_pages_fetched(server)) >= 10  # every stored wadi article, refetched for corrections


def test_since_window_skips_old_entries(tmp_path: Path) -> None:
    with DemoServer() as server:
        summary = _crawl(server, tmp_path, "--since", "2100-01-01")
    assert _pages_fetched(server) == []
    assert "0 articles found" in summary


@pytest.mark.parametrize("value", ["yesterday", "2026-13-45"])
def test_bad_since_is_a_usage_error(tmp_path: Path, value: str) -> None:
    result = run_akhbar("crawl", "--since", value, "--db", "a.db", cwd=tmp_path)
    assert result.returncode == 2
    assert "--since" in result.stderr and value in result.stderr


def test_user_agent_names_the_project_and_the_operators_contact(tmp_path: Path) -> None:
    with DemoServer() as server:
        _crawl(server, tmp_path, "--source", "wadi", "--set", "AKHBAR_CONTACT_URL=https://monitor.example/contact")
    agents = {headers.get("user-agent") for _, headers in server.received}
    assert len(agents) == 1
    (agent,) = agents
    assert agent is not None and agent.startswith("Akhbar/") and "+https://monitor.example/contact" in agent
