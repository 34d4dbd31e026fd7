"""`scrapy crawl feeds` (scrapy.cfg, production profile) runs the same crawl as `akhbar crawl`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from crawler.demo import ARTICLES, DemoServer, sources_toml
from crawler.store import open_store, store_uri_from_path
from tests.conftest import ROOT


def test_scrapy_crawl_feeds_stores_the_demo_articles(tmp_path: Path) -> None:
    db = tmp_path / "scrapy.db"
    with DemoServer() as server:
        sources = tmp_path / "sources.toml"
        sources.write_text(sources_toml(server.base_url), encoding="utf-8")
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "crawl",
                "feeds",
                "-a",
                f"sources={sources}",
                "-a",
                "source=maghreb",
                "-s",
                f"AKHBAR_STORE_URI={store_uri_from_path(str(db))}",
                # Politeness lifted for our own loopback outlet only.
                "-s",
                "DOWNLOAD_DELAY=0",
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
                "-s",
                "LOG_LEVEL=WARNING",
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    with open_store(store_uri_from_path(str(db))) as store:
        assert store.count() == sum(a.outlet_id == "maghreb" for a in ARTICLES)
        assert {a.source_id for a in store.iter_articles()} == {"maghreb"}
