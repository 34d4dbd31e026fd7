"""De-duplicate: one article per canonical address per run; the same body at the same outlet dropped,
at another outlet kept and linked to the first copy (syndication is news too)."""

from __future__ import annotations

import dataclasses

from scrapy.crawler import Crawler

from crawler import stats as keys
from crawler.dedupe import body_hash
from crawler.items import Article
from crawler.urls import article_key
from pipelines.drops import DuplicateContent, DuplicateUrl, drop
from pipelines.storehandle import store_for


class DedupePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        # Keys seen in this run only; history lives in the store's indexes.
        self._run_keys: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def process_item(self, item: Article) -> Article:
        key = article_key(item.url, item.canonical_url)
        if key in self._run_keys:
            raise drop(self.crawler, item, DuplicateUrl, f"already collected as {key}")
        self._run_keys.add(key)
        digest = body_hash(item.body)
        first = store_for(self.crawler).find_by_body_hash(digest)
        duplicate_of = None
        if first is not None and article_key(first.url, first.canonical_url) != key:
            if first.source_id == item.source_id:
                raise drop(self.crawler, item, DuplicateContent, f"same text as {first.url}")
            duplicate_of = first.id
            assert self.crawler.stats is not None
            keys.count(self.crawler.stats, item.source_id, keys.SYNDICATED)
        return dataclasses.replace(item, body_hash=digest, duplicate_of=duplicate_of)
