"""One store per crawl, shared by the pipelines that read and write it.

Kept on the crawler object (not in a module global) so two crawlers in one process never share it.
The spider uses it too (feed states, seen articles), so it is closed when the engine stops, after
the spider has saved its last feed states.
"""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.store import Store, open_store

_ATTR = "_akhbar_store"


def store_for(crawler: Crawler) -> Store:
    """The crawl's store, opened from ``AKHBAR_STORE_URI`` on first use."""
    store: Store | None = getattr(crawler, _ATTR, None)
    if store is None:
        store = open_store(crawler.settings.get("AKHBAR_STORE_URI"))
        setattr(crawler, _ATTR, store)
        crawler.signals.connect(lambda: close_store(crawler), signal=signals.engine_stopped, weak=False)
    return store


def close_store(crawler: Crawler) -> None:
    store: Store | None = getattr(crawler, _ATTR, None)
    if store is not None:
        store.close()
        setattr(crawler, _ATTR, None)
