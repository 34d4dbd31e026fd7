"""Pipelines and spider callbacks under a real Scrapy crawler object (no network)."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from spiders.feeds import FeedsSpider

SOURCES = """
[[sources]]
id = "nabd"
name = "Nabd"
name_ar = "نبض المدينة"
homepage = "https://nabd.example/"
feeds = ["https://nabd.example/rss.xml"]
country = "LB"
language = "ar"

[[sources]]
id = "wadi"
name = "Al Wadi"
name_ar = "صحيفة الوادي"
homepage = "https://wadi.example/"
feeds = ["https://wadi.example/atom.xml"]
country = "EG"
language = "ar"
"""


@pytest.fixture
def crawler(tmp_path: Path) -> Crawler:
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES, encoding="utf-8")
    settings = {
        "AKHBAR_SOURCES_FILE": str(sources),
        "AKHBAR_STORE_URI": f"sqlite:///{tmp_path / 'test.db'}",
        "AKHBAR_MIN_BODY_CHARS": 80,
        "AKHBAR_MAX_ENTRIES_PER_FEED": 100,
        "AKHBAR_KEEP_RAW": True,
    }
    crawler = get_crawler(FeedsSpider, settings)
    crawler.spider = crawler._create_spider()
    return crawler
