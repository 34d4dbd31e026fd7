"""What the feeds spider's mixins (``listings``, ``backfill``) may use of the spider that mixes them in.

Declarations only: the attributes and methods come from ``spiders.feeds.FeedsSpider`` at run time; this
class tells the type checker what they are, once for every mixin.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrapy.http import Response
    from twisted.python.failure import Failure

    from crawler.items import FeedEntry
    from crawler.sources import Source
    from crawler.store.feedbook import FeedBook
    from spiders.extraction import Extractor


class SpiderParts:
    """The feeds spider's state and callbacks that its mixins call."""

    crawler: Any
    logger: Any
    settings: Any
    _requested: set[str]

    if TYPE_CHECKING:

        @property
        def book(self) -> FeedBook: ...

        @property
        def extractor(self) -> Extractor: ...

        @property
        def operator_hosts(self) -> frozenset[str]: ...

        def parse_article(
            self, response: Response, source: Source, feed_url: str, entry: FeedEntry
        ) -> AsyncIterator[Any]: ...

        def page_failed(self, failure: Failure) -> None: ...
