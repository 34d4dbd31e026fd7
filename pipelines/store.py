"""Write articles to the store (upsert by canonical address), counting new, updated and unchanged."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

from crawler import stats as keys
from crawler.items import Article
from crawler.storage import StorageError
from pipelines.drops import StorageFailed, drop
from pipelines.storehandle import store_for

logger = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        store_for(self.crawler)  # fail at start, not at the first article, when the store is unusable

    def process_item(self, item: Article) -> Article:
        assert self.crawler.stats is not None
        try:
            result = store_for(self.crawler).upsert(item)
        except StorageError as exc:
            logger.error("Could not store %s: %s", item.url, exc)
            keys.note_error(self.crawler.stats, item.source_id, f"storage: {exc}")
            raise drop(self.crawler, item, StorageFailed, str(exc)) from exc
        counter = keys.STORED if result.created else keys.UPDATED if result.changed else keys.UNCHANGED
        keys.count(self.crawler.stats, item.source_id, counter)
        item.id = result.id
        return item
