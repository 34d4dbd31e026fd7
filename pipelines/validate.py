"""Drop what is not a usable article: no headline, too little body, not in the source's language.

A dropped article whose raw response was kept becomes a ``RefusedPage`` (verdict ``dropped``), which
the store pipeline keeps for ``akhbar reextract``; the drop is counted by reason all the same.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.extraction.postprocess import refusal
from crawler.items import DROPPED, Item, RefusedPage
from pipelines.context import source_of
from pipelines.drops import BodyTooShort, NoHeadline, NotArabic, drop

logger = logging.getLogger(__name__)

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
        if refused is None:
            return item
        reason, detail = refused
        dropped = drop(self.crawler, item, _DROPS[reason], detail)
        if item.raw is None:  # raw pages are not kept: nothing to keep
            raise dropped
        logger.info("%s; its raw response is kept for akhbar reextract", dropped)
        fetched_at = item.fetched_at or datetime.now(UTC).isoformat(timespec="seconds")
        return RefusedPage(
            url=item.url,
            raw=item.raw,
            verdict=DROPPED,
            reason=reason,
            detail=detail,
            source_id=item.source_id,
            feed_url=item.feed_url,
            fetched_at=fetched_at,
        )
