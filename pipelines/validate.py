"""Drop what is not a usable article: no headline, too little body, not in the source's language."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import Item, RefusedPage
from crawler.postprocess import refusal
from pipelines.context import source_of
from pipelines.drops import BodyTooShort, NoHeadline, NotArabic, drop

_DROPS: dict[str, type[DropItem]] = {cls.reason: cls for cls in (NoHeadline, BodyTooShort, NotArabic)}


class ValidatePipeline:
    def __init__(self, crawler: Crawler, min_body_chars: int) -> None:
        self.crawler = crawler
        self.min_body_chars = min_body_chars

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler, crawler.settings.getint("AKHBAR_MIN_BODY_CHARS"))

    def process_item(self, item: Item) -> Item:
        if isinstance(item, RefusedPage):
            return item  # refused already, kept as fetched
        source = source_of(self.crawler, item)
        refused = refusal(
            item, min_body_chars=self.min_body_chars, language=source.language if source is not None else "ar"
        )
        if refused is not None:
            reason, detail = refused
            raise drop(self.crawler, item, _DROPS[reason], detail)
        return item
