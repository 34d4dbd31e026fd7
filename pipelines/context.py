"""What pipelines know about an item's source: the registry entry the spider crawled it for."""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.items import Item
from crawler.sources import Source


def source_of(crawler: Crawler, item: Item) -> Source | None:
    """The item's registry entry, or ``None`` for items of unknown origin (another spider, a test)."""
    lookup = getattr(crawler.spider, "source_by_id", None)
    return lookup(item.source_id) if lookup is not None and item.source_id else None
