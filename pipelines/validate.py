"""Drop what is not a usable article: no headline, too little body, not in the source's language."""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.items import Article
from pipelines.context import source_of
from pipelines.drops import BodyTooShort, NoHeadline, NotArabic, drop


class ValidatePipeline:
    def __init__(self, crawler: Crawler, min_body_chars: int) -> None:
        self.crawler = crawler
        self.min_body_chars = min_body_chars

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler, crawler.settings.getint("AKHBAR_MIN_BODY_CHARS"))

    def process_item(self, item: Article) -> Article:
        if not item.headline.strip():
            raise drop(self.crawler, item, NoHeadline, "no headline found")
        if len(item.body) < self.min_body_chars:
            raise drop(self.crawler, item, BodyTooShort, f"{len(item.body)} < {self.min_body_chars} characters")
        source = source_of(self.crawler, item)
        expected = source.language if source is not None else "ar"
        if item.language != expected:
            raise drop(
                self.crawler,
                item,
                NotArabic,
                f"text is {item.language or 'unknown'}, source wants {expected}",
            )
        return item
