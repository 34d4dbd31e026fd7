"""Spider contracts of our own, for ``scrapy check feeds`` (registered in ``SPIDER_CONTRACTS``).

The article callback takes its context in ``cb_kwargs`` as objects (the ``Source``, the ``FeedEntry``),
which Scrapy's ``@cb_kwargs`` (JSON) cannot write. ``@page SOURCE_ID PATH`` builds the request the crawl
would make: the page at ``PATH`` under the source's homepage, with the source from the spider's sources
file (``-a sources=FILE``) and a feed entry that knows only the address.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from scrapy.contracts import Contract

from crawler.items import FeedEntry


class PageContract(Contract):
    """``@page SOURCE_ID PATH``: the callback gets SOURCE_ID's page at PATH (relative to its homepage)."""

    name = "page"

    def adjust_request_args(self, args: dict[str, Any]) -> dict[str, Any]:
        source_id, path = self.args
        spider = args["callback"].__self__  # the bound callback under test
        source = spider.source_by_id(source_id)
        if source is None:
            raise ValueError(f"@page: source {source_id!r} is not in the sources file (-a sources=FILE)")
        url = urljoin(source.homepage, path)
        args["url"] = url
        args["cb_kwargs"] = {"source": source, "feed_url": source.homepage, "entry": FeedEntry(url=url)}
        return args
