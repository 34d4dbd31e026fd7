"""``scrapy check feeds``: the article callback's contracts (``@page``, ``@returns``, ``@scrapes``) pass
against the demo outlets and fail when the page is not an article."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from crawler.demo import ARTICLES, NOT_ARTICLE_PATHS, DemoServer, sources_toml
from crawler.store import store_uri_from_path
from tests.conftest import ROOT

CHECKED = "/nabd/news/2026/11/03/water-network-expansion.html"  # the page of spiders/feeds.py's @page


def _check(tmp_path: Path, server: DemoServer) -> subprocess.CompletedProcess[str]:
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml(server.base_url), encoding="utf-8")
    settings = [f"AKHBAR_STORE_URI={store_uri_from_path(str(tmp_path / 'a.db'))}", "AKHBAR_WARC_DIR="]
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "check", "feeds", "-v", "-a", f"sources={sources}"]
        + [arg for setting in settings for arg in ("-s", setting)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_article_callback_contracts_pass_on_the_demo_outlets(tmp_path: Path) -> None:
    assert CHECKED in {a.path for a in ARTICLES}
    with DemoServer() as server:
        result = _check(tmp_path, server)
        assert server.requests.count(CHECKED) == 1
    assert result.returncode == 0, result.stdout + result.stderr
    assert "parse_article (@scrapes post-hook) ... ok" in result.stderr
    assert "Ran 3 contracts" in result.stderr and "OK" in result.stderr


def test_the_contracts_fail_when_the_page_is_not_an_article(tmp_path: Path) -> None:
    with DemoServer() as server:
        server.routes[CHECKED] = server.routes[NOT_ARTICLE_PATHS[0]]  # a section page where the article was
        result = _check(tmp_path, server)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAILED" in result.stderr and "Missing fields: headline" in result.stderr
