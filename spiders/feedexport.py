"""Scrapy's feed exports (``scrapy crawl feeds -O articles.jsonl``, the ``FEEDS`` setting) of articles.

Scrapy's own ``FeedExporter`` with two defaults of ours, for feeds that do not set them:

* only ``Article`` items are exported (``item_classes``): the refused pages the spider yields are kept
  in the store for ``akhbar reextract``, not in an article export;
* the columns are the article's public fields (``fields``), so the raw response, bytes, stays out;
  ``AKHBAR_EXPORT_RAW = True`` adds it as a ``raw`` object whose body is base64 (the field's
  serializer, ``crawler.items.raw_to_dict``, which Scrapy's exporters apply through itemadapter).

A feed that sets ``item_classes``, ``item_filter`` or ``fields`` itself keeps what it set. Also the CSV
exporter, whose one change is that the ``raw`` object is written as JSON rather than Python's ``repr``.
"""

from __future__ import annotations

import json
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exporters import CsvItemExporter
from scrapy.extensions.feedexport import FeedExporter, ItemFilter

from crawler.items import export_fields

ARTICLE_CLASSES = ["crawler.items.Article"]


class ArticleFeedExporter(FeedExporter):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        fields = export_fields(raw=crawler.settings.getbool("AKHBAR_EXPORT_RAW"))
        for uri, options in self.feeds.items():
            if not options.get("item_classes") and not options.get("item_filter"):
                options["item_classes"] = ARTICLE_CLASSES
                self.filters[uri] = ItemFilter(options)
            if not options.get("fields"):
                options["fields"] = fields


class CsvExporter(CsvItemExporter):
    """Scrapy's CSV exporter; a nested value (the raw capture) is one cell of JSON."""

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        serialized = super().serialize_field(field, name, value)
        return json.dumps(serialized, ensure_ascii=False) if isinstance(serialized, dict) else serialized
