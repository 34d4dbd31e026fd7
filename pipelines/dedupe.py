"""De-duplicate within a run: one article per canonical address; the text's hash for the store.

Whether the same text is already stored (at this outlet: a duplicate, dropped by the store pipeline;
at another: a syndicated copy, stored and linked) is settled by the store inside its write, where
articles still waiting in the write batch are seen too.
"""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.extraction.postprocess import fingerprint
from crawler.items import Item, RefusedPage
from crawler.urls import article_key
from pipelines.drops import DuplicateUrl, drop


class DedupePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        # Keys seen in this run only; history lives in the store's indexes.
        self._run_keys: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def process_item(self, item: Item) -> Item:
        if isinstance(item, RefusedPage):
            return item  # one request per URL and run: a refused page is never a second copy
        key = article_key(item.url, item.canonical_url)
        if key in self._run_keys:
            raise drop(self.crawler, item, DuplicateUrl, f"already collected as {key}")
        self._run_keys.add(key)
        return fingerprint(item)
