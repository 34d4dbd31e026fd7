"""Attach attribution: outlet names, fetch time, crawler version, and the credits found in the text."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from scrapy.crawler import Crawler

from crawler import __version__
from crawler.credits import split_credits
from crawler.items import Article
from pipelines.context import source_of


class AttributePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AttributePipeline:
        return cls(crawler)

    def process_item(self, item: Article) -> Article:
        source = source_of(self.crawler, item)
        body, credits = split_credits(item.body)
        return dataclasses.replace(
            item,
            body=body,
            credits=list(dict.fromkeys([*item.credits, *credits])),
            source_name=source.name if source else item.source_name,
            source_name_ar=source.name_ar if source else item.source_name_ar,
            fetched_at=item.fetched_at or datetime.now(UTC).isoformat(timespec="seconds"),
            crawler_version=__version__,
        )
