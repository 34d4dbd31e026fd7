"""The demo outlets' data model: each article carries its own truth, field by field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DemoOutlet:
    """A fictional outlet served by the demo server under ``/<id>/``."""

    id: str
    name: str
    name_ar: str
    country: str
    timezone: str
    encoding: str  # of its HTML pages
    feed_paths: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DemoArticle:
    """One demo article and what extraction must find on its page.

    ``paragraphs`` are the body exactly as the reader sees it; ``credit_line`` (e.g. «المصدر: وكالات»)
    is printed after the body on the page and is not body text; ``byline`` is printed as written
    («كتب: سامر الحلبي») while ``authors`` is the truth (people only, prefixes and places removed).
    """

    outlet_id: str
    slug: str
    section: str  # Arabic section name shown in breadcrumbs
    headline: str
    summary: str
    highlights: tuple[str, ...]
    paragraphs: tuple[str, ...]
    byline: str | None
    authors: tuple[str, ...]
    published_at: str  # ISO-8601 with offset: the truth
    modified_at: str | None
    tags: tuple[str, ...]
    credits: tuple[str, ...] = ()
    credit_line: str | None = None
    syndicated_from: str | None = None  # path of the original, for a syndicated copy

    @property
    def path(self) -> str:
        return f"/{self.outlet_id}/news/{self.slug}.html"

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)
