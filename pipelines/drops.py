"""Named reasons for dropping an article; Scrapy counts drops by exception class name
(``item_dropped_reasons_count/<Class>``), and ``drop`` adds the per-source count."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler import stats as keys
from crawler.extraction.postprocess import BODY_TOO_SHORT, NO_HEADLINE, NOT_ARABIC
from crawler.items import Item


class NoHeadline(DropItem):
    reason = NO_HEADLINE


class BodyTooShort(DropItem):
    reason = BODY_TOO_SHORT


class NotArabic(DropItem):
    """The text is not in the source's language (e.g. a Persian or English page on an Arabic feed)."""

    reason = NOT_ARABIC


class DuplicateUrl(DropItem):
    """A second page of this run with the same canonical address."""

    reason = "duplicate_url"


class DuplicateContent(DropItem):
    """The same body already stored for the same outlet under another address."""

    reason = "duplicate_content"


class StorageFailed(DropItem):
    reason = "storage_failed"


def drop(crawler: Crawler, article: Item, exc_type: type[DropItem], detail: str) -> DropItem:
    """Count the drop for the article's source and build the exception to raise."""
    assert crawler.stats is not None
    reason: str = getattr(exc_type, "reason", exc_type.__name__)
    keys.count(crawler.stats, article.source_id, keys.DROPPED, reason)
    return exc_type(f"{reason}: {article.url}: {detail}")
