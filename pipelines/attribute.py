"""Attach attribution: outlet names, fetch time, crawler version, and the credits found in the text."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy.crawler import Crawler

from crawler.extraction.postprocess import attribute
from crawler.items import Item, RefusedPage
from pipelines.context import source_of


class AttributePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AttributePipeline:
        return cls(crawler)

    def process_item(self, item: Item) -> Item:
        if isinstance(item, RefusedPage):
            return item  # its source, feed and fetch time were set when it was refused
        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        return attribute(item, source_of(self.crawler, item), fetched_at=fetched_at)
