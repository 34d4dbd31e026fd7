"""The CPU-heavy jobs a crawl hands to its worker processes, behind one picklable entry point.

Worker processes are started with one function (``crawler.extraction.workers.ExtractionPool``); this dispatcher
lets the same pool parse feeds and sitemaps (feedparser costs about a millisecond per entry) as well
as extract articles, so none of it runs on the reactor thread.
"""

from __future__ import annotations

from crawler.extraction.extract import ExtractOptions, extract_article
from crawler.items import Article
from crawler.listings.feeds import ParsedFeed, parse_feed
from crawler.listings.sitemaps import Sitemap, parse_sitemap


def run_task(
    kind: str, body: bytes, url: str, extra: ExtractOptions | str | None = None
) -> Article | ParsedFeed | Sitemap:
    """``"article"``: ``extract_article(body, url, options)``; ``"feed"``: ``parse_feed`` (``extra`` is
    the Content-Type); ``"sitemap"``: ``parse_sitemap``. Exceptions are the called function's."""
    if kind == "article":
        return extract_article(body, url, extra if isinstance(extra, ExtractOptions) else None)
    if kind == "feed":
        return parse_feed(body, url, content_type=extra if isinstance(extra, str) else None)
    if kind == "sitemap":
        return parse_sitemap(body, url)
    raise ValueError(f"unknown task {kind!r}")
