"""What happens to an extracted article before it is stored, as pure functions: its text cleaned, the
rules a stored article must pass, its attribution, its fingerprint.

The crawl's pipelines (clean, validate, attribute, dedupe) call these, and so does ``akhbar reextract``,
so a re-extracted article is finished exactly like a crawled one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Final

from crawler import __version__
from crawler.arabic import clean_line, clean_text
from crawler.extraction.credits import split_credits
from crawler.extraction.dedupe import body_hash
from crawler.extraction.extract import NotAnArticle, strip_site_name
from crawler.items import Article
from crawler.sources import Source

# Why an extracted article is not stored (the drop reasons the crawl counts).
NO_HEADLINE: Final = "no_headline"
BODY_TOO_SHORT: Final = "body_too_short"
NOT_ARABIC: Final = "not_arabic"


def clean_article(article: Article, site_names: Sequence[str] = ()) -> Article:
    """NFC, invisible characters out, spaces collapsed, the outlet's names off the headline, empty and
    repeated list items dropped."""
    headline = clean_line(article.headline)
    if site_names:
        headline = strip_site_name(headline, site_names)
    summary = clean_text(article.summary) if article.summary else None
    return dataclasses.replace(
        article,
        headline=headline,
        summary=summary or None,
        highlights=_unique(clean_line(h) for h in article.highlights),
        body=clean_text(article.body),
        authors=_unique(clean_line(a) for a in article.authors),
        tags=_unique(clean_line(t) for t in article.tags),
    )


def refusal(article: Article, *, min_body_chars: int, language: str) -> tuple[str, str] | None:
    """``(reason, detail)`` when the article is not one to store (no headline, too little body, not
    in the source's ``language``), else ``None``."""
    if not article.headline.strip():
        return NO_HEADLINE, "no headline found"
    if len(article.body) < min_body_chars:
        return BODY_TOO_SHORT, f"{len(article.body)} < {min_body_chars} characters"
    if article.language != language:
        return NOT_ARABIC, f"text is {article.language or 'unknown'}, source wants {language}"
    return None


def attribute(article: Article, source: Source | None, *, fetched_at: str) -> Article:
    """The outlet's names, the credit lines moved out of the body, the fetch time (``fetched_at``
    unless the article has one) and this Akhbar's version."""
    body, credits = split_credits(article.body)
    return dataclasses.replace(
        article,
        body=body,
        credits=list(dict.fromkeys([*article.credits, *credits])),
        source_name=source.name if source else article.source_name,
        source_name_ar=source.name_ar if source else article.source_name_ar,
        fetched_at=article.fetched_at or fetched_at,
        crawler_version=__version__,
    )


def refusal_detail(exc: NotAnArticle) -> str:
    """What a ``NotAnArticle`` says besides its reason («the text is mostly links to other pages»)."""
    message = str(exc)
    if message == exc.reason:
        return ""
    return message.removeprefix(f"{exc.reason}: ")


def fingerprint(article: Article) -> Article:
    """The article with its ``body_hash``, which the store de-duplicates on."""
    return dataclasses.replace(article, body_hash=body_hash(article.body))


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
