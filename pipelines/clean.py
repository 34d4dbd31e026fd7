"""Clean text fields: NFC, invisible characters out, spaces collapsed, site names off headlines."""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.extraction.postprocess import clean_article
from crawler.items import Item, RefusedPage
from pipelines.context import source_of


class CleanPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanPipeline:
        return cls(crawler)

    def process_item(self, item: Item) -> Item:
        if isinstance(item, RefusedPage):
            return item  # kept as fetched, for a later extraction
        source = source_of(self.crawler, item)
        return clean_article(item, source.site_names if source is not None else ())
