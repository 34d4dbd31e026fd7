"""``scrapy shell URL`` helpers: the page as the crawl would extract it.

    $ scrapy shell https://www.example-outlet.com/news/2026/11/29/story.html
    >>> from crawler.app.shell import article, show
    >>> show(response)                      # headline, dates, authors, body, as `akhbar extract` prints them
    >>> a = article(response); a.published_at

The registered outlet of the page's address (bundled registry, or ``sources="my.toml"``) gives the
options the crawl uses (time zone, site names, ``[sources.selectors]``); the article is then cleaned and
attributed as the pipelines do. What a feed entry would add (its date or summary when the page has none)
is not known here. ``NotAnArticle`` is raised for a page the crawl would refuse.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from scrapy.http import Response

from crawler.extraction.extract import extract_article, options_for
from crawler.extraction.postprocess import attribute, clean_article
from crawler.items import Article
from crawler.sources import load_sources, source_for_url
from crawler.store.render import render_text


def article(response: Response, sources: str | Path | None = None) -> Article:
    """The article the crawl would make of ``response`` (``sources``: a registry file; None: the bundled one)."""
    source = source_for_url(load_sources(sources), response.url)
    content_type = response.headers.get("Content-Type")
    now = datetime.now(UTC)
    options = options_for(source, content_type=content_type.decode("latin-1") if content_type else None, now=now)
    extracted = extract_article(response.body, response.url, options)
    if source is not None:
        extracted.source_id = source.id
    cleaned = clean_article(extracted, source.site_names if source is not None else ())
    return attribute(cleaned, source, fetched_at=now.isoformat(timespec="seconds"))


def show(response: Response, sources: str | Path | None = None) -> None:
    """Print ``article(response, sources)`` as ``akhbar extract`` does."""
    print(render_text(article(response, sources)))
