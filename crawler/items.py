"""The items Akhbar produces: a news article, as extracted, cleaned and stored; and a refused page,
kept with its raw response so that a later extraction can recover it. Also the feed entry that led to
either, which listings produce and the crawl carries to the page.

Conventions (kept by every producer and consumer of an ``Article``):

* text fields are plain Unicode text, NFC, with no markup; paragraphs are separated by one blank line;
* dates are ISO-8601 strings written only as precisely as the source was (see *Dates* below), and the
  string the date was read from is kept beside it in the matching ``*_raw`` field;
* lists are never ``None``: an unknown list is empty.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

# Fields that describe the capture rather than the article; never exported.
_INTERNAL_FIELDS = frozenset({"raw", "fallback"})


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One feed item: an article link and what the feed says about it."""

    url: str
    title: str | None = None
    summary: str | None = None
    published_raw: str | None = None
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


def entry_to_dict(entry: FeedEntry) -> dict[str, Any]:
    """The entry as JSON-ready values (kept with a refused page, in the store and the spool)."""
    return {
        "url": entry.url,
        "title": entry.title,
        "summary": entry.summary,
        "published_raw": entry.published_raw,
        "authors": list(entry.authors),
        "tags": list(entry.tags),
    }


def entry_from_dict(data: Mapping[str, Any]) -> FeedEntry:
    """The entry ``entry_to_dict`` wrote; ``KeyError``/``TypeError`` when ``data`` is not one."""
    return FeedEntry(
        url=str(data["url"]),
        title=data.get("title"),
        summary=data.get("summary"),
        published_raw=data.get("published_raw"),
        authors=tuple(data.get("authors") or ()),
        tags=tuple(data.get("tags") or ()),
    )


@dataclass(slots=True)
class RawCapture:
    """The HTTP response an article was extracted from, kept so it can be re-extracted later."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes


def raw_to_dict(raw: RawCapture | None) -> dict[str, Any] | None:
    """The capture as JSON-ready values, its body in base64 (Scrapy's feed exports, when asked for it)."""
    if raw is None:
        return None
    return {
        "url": raw.url,
        "status": raw.status,
        "headers": dict(raw.headers),
        "body_base64": base64.b64encode(raw.body).decode("ascii"),
    }


@dataclass(slots=True)
class Article:
    """A news article.

    Identity
        ``url``: the address fetched (after redirects). ``canonical_url``: the address the page
        declares (``<link rel=canonical>``/``og:url``), or ``None``; both are kept because outlets'
        canonical links are often wrong (pointing at the homepage, another host, or a stale slug).
        ``id``: the store's id, ``None`` until stored.

    Content
        ``headline``: the article's title, site-name prefixes/suffixes removed.
        ``summary``: the lead/standfirst shown under the headline; else the page's description; else
        the feed entry's summary; ``None`` when there is none.
        ``highlights``: key points listed under the lead, one per element.
        ``body``: the article text, paragraphs separated by a blank line, lead and highlights not
        repeated.
        ``authors``: people who wrote the article (never site names, agencies, URLs or image alt text).
        ``credits``: agencies and sources credited in the text («رويترز», «وكالات», «المصدر: …»).
        ``tags``: the page's keywords and the feed entry's categories, de-duplicated.
        ``image``: absolute URL of the lead image. ``language``: ISO 639-1 code of the text.

    Dates
        ``published_at`` / ``modified_at``: ISO-8601, in one of three forms by precision:
        ``2026-11-29`` (a day: the page showed no time, so none is invented), ``2026-11-29T10:48:00``
        (a wall-clock time whose zone is unknown: no offset is invented either) or
        ``2026-11-29T10:48:00+03:00`` (an instant, its zone written in the page or the outlet's).
        ``published_at_raw`` / ``modified_at_raw``: the strings they were read from (a meta value, a
        visible Arabic date, an epoch number…).

    Attribution (set by the attribute pipeline)
        ``source_id``, ``source_name``, ``source_name_ar``: the registry entry the article came from.
        ``feed_url``: the feed that listed it. ``fetched_at``: ISO-8601 UTC time of the fetch.
        ``crawler_version``: the Akhbar version that produced the record.

    De-duplication
        ``body_hash``: hash of the body's search form, equal for the same text however it is spelled
        or spaced. ``duplicate_of``: id of the first stored article with the same body at another
        outlet (a syndicated copy), else ``None``.
    """

    url: str
    headline: str
    body: str
    canonical_url: str | None = None
    summary: str | None = None
    highlights: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    language: str | None = None
    published_at: str | None = None
    published_at_raw: str | None = None
    modified_at: str | None = None
    modified_at_raw: str | None = None
    source_id: str | None = None
    source_name: str | None = None
    source_name_ar: str | None = None
    feed_url: str | None = None
    fetched_at: str | None = None
    crawler_version: str | None = None
    body_hash: str | None = None
    duplicate_of: int | None = None
    id: int | None = None
    # The serializer is honoured by Scrapy's item exporters (through itemadapter's field metadata).
    raw: RawCapture | None = field(default=None, repr=False, compare=False, metadata={"serializer": raw_to_dict})
    # Why the body came from plain trafilatura rather than Akhbar's cleaning (``short_body``,
    # ``listing_shaped``, ``lost_prose``), else None; counted as ``akhbar/extraction_fallback``.
    fallback: str | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The article's public fields as JSON-ready values (the raw capture is left out)."""
        return {
            f.name: _copy(getattr(self, f.name)) for f in dataclasses.fields(self) if f.name not in _INTERNAL_FIELDS
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Build an article from ``to_dict`` output; unknown keys are an error."""
        return cls(**data)


# ``RefusedPage.verdict`` values: extraction found no article (``NotAnArticle``; the reason is its
# ``reason``); an article was extracted but fails the rules a stored article must pass (the reason
# is the drop reason: ``no_headline``, ``body_too_short``, ``not_arabic``, ``duplicate_content``); or
# extraction did not finish (``extraction_timeout``, ``extraction_crashed``).
NOT_ARTICLE: Final = "not_article"
DROPPED: Final = "dropped"
FAILED: Final = "failed"


@dataclass(slots=True)
class RefusedPage:
    """An article URL that was fetched but yielded no stored article, kept with its raw response.

    ``url``: the address fetched (after redirects); a later fetch of the same address replaces it.
    ``raw``: the HTTP response. ``verdict``: ``NOT_ARTICLE``, ``DROPPED`` or ``FAILED``; ``reason``: the named
    reason (``listing_page``, ``no_article_text``, ``body_too_short``…); ``detail``: the refusal's
    message. ``source_id``, ``feed_url``: where the link came from; ``entry``: what the feed said
    about it (``None`` when unknown), so a later extraction fills the same gaps the crawl would.
    ``fetched_at``: ISO-8601 UTC time of the fetch.
    """

    url: str
    raw: RawCapture = field(repr=False)
    verdict: str
    reason: str
    detail: str = ""
    source_id: str | None = None
    feed_url: str | None = None
    entry: FeedEntry | None = None
    fetched_at: str | None = None


# What the spiders yield and the pipelines pass along.
Item = Article | RefusedPage


def article_fields() -> list[str]:
    """Names of the public fields, in declaration order (the export column order)."""
    return [f.name for f in dataclasses.fields(Article) if f.name not in _INTERNAL_FIELDS]


def export_fields(*, raw: bool = False) -> list[str]:
    """The columns of Scrapy's feed exports: the public fields, then the raw capture when asked for."""
    return [*article_fields(), "raw"] if raw else article_fields()


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value
