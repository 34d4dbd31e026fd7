"""Pipelines and spider callbacks under a real Scrapy crawler object (no network)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from settings import test as test_profile
from spiders.feeds import FeedsSpider

T = TypeVar("T")

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
    profile = {name: getattr(test_profile, name) for name in dir(test_profile) if name.isupper()}
    settings = profile | {
        "AKHBAR_SOURCES_FILE": str(sources),
        "AKHBAR_STORE_URI": f"sqlite:///{tmp_path / 'test.db'}",
        "AKHBAR_MIN_BODY_CHARS": 80,
        "AKHBAR_MAX_ENTRIES_PER_FEED": 100,
        "AKHBAR_KEEP_RAW": True,
        "AKHBAR_EXTRACT_WORKERS": 0,
        "AKHBAR_STORE_BATCH": 1,  # each article written at once, in this thread: no reactor needed
        "AKHBAR_STORE_WRITER_THREAD": False,  # in-process: callbacks run to completion without a reactor
    }
    crawler = get_crawler(FeedsSpider, settings)
    crawler.spider = crawler._create_spider()
    return crawler


def drain(items: AsyncIterator[Any]) -> list[Any]:
    """Everything an async callback yields, when it never waits on I/O (extraction in-process)."""
    out = []
    while True:
        try:
            items.__anext__().send(None)  # type: ignore[attr-defined]
        except StopIteration as done:
            out.append(done.value)
        except StopAsyncIteration:
            return out


def complete(step: Coroutine[Any, Any, T]) -> T:
    """The result of a coroutine that never waits (a pipeline whose batch is written at once)."""
    try:
        step.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    step.close()
    raise AssertionError("the coroutine waited for something")
