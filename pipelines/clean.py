"""Clean text fields: NFC, invisible characters out, spaces collapsed, site names off headlines."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from scrapy.crawler import Crawler

from crawler.arabic import clean_line, clean_text
from crawler.extract import strip_site_name
from crawler.items import Article
from pipelines.context import source_of


class CleanPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanPipeline:
        return cls(crawler)

    def process_item(self, item: Article) -> Article:
        source = source_of(self.crawler, item)
        headline = clean_line(item.headline)
        if source is not None:
            headline = strip_site_name(headline, source.site_names)
        summary = clean_text(item.summary) if item.summary else None
        return dataclasses.replace(
            item,
            headline=headline,
            summary=summary or None,
            highlights=_unique(clean_line(h) for h in item.highlights),
            body=clean_text(item.body),
            authors=_unique(clean_line(a) for a in item.authors),
            tags=_unique(clean_line(t) for t in item.tags),
        )


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
