"""The storage interface every backend implements, and the helpers they share.

A store keeps one row per article, identified by ``crawler.urls.article_key``: storing the same article
again (a correction, a re-fetch through another URL) updates that row instead of adding one. Pages
that were fetched but refused are kept too, one per address, with their raw response, until a later
extraction turns them into articles. Listed articles a run left for later are kept as pending
entries until a run fetches them.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Self

from crawler.items import Article, RawCapture, RefusedPage
from crawler.listings.backlog import PendingEntry
from crawler.listings.feedhealth import FeedState
from crawler.search.query import Query
from crawler.store.runs import RunRecord, SentAlert


class StorageError(Exception):
    """A store could not be opened or could not do what was asked; the message names the database."""


@dataclass(frozen=True, slots=True)
class UpsertResult:
    """What ``Store.upsert`` did.

    ``id``: the article's id (kept across updates). ``created``: a new row was added.
    ``changed``: an existing row's content (body hash, headline or summary) differed from what was
    stored; always ``False`` when ``created``.
    ``duplicate_of``: the first stored copy of the same text at another outlet (a syndicated copy,
    stored and linked to it). ``same_text_as``: an article of the same outlet with the same text under
    another address; nothing was written and ``id`` is that article's.
    """

    id: int
    created: bool
    changed: bool
    duplicate_of: int | None = None
    same_text_as: int | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One full-text search result.

    ``snippet``: a short excerpt of the article's original text around the first match (or its lead
    when the match is only in the headline or tags). ``rank``: bm25 relevance, higher is better.
    ``spans``: (start, end) of each matched word in ``snippet``, to highlight.
    """

    article: Article
    snippet: str
    rank: float
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """What a search (or ``Store.latest``) keeps: ``source_ids`` (all when empty); ``since``/``until`` as
    ``iter_articles`` reads them (ISO dates or datetimes, inclusive); ``language``: only articles detected
    in that language (``ar``, ``fa``…; all when ``None``)."""

    source_ids: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class SourceActivity:
    """What one source's stored articles add up to (``Store.source_activity``): ``total`` articles, the
    ``latest`` ``dated_at`` (UTC ISO-8601), and articles per calendar day (``dated_day``) from a given day."""

    source_id: str | None
    total: int
    latest: str | None
    per_day: dict[str, int]


@dataclass(frozen=True, slots=True)
class SeenArticle:
    """A stored article as ``Store.seen_article`` finds it: enough to skip or re-fetch it, no body.

    ``url``: the URL it was stored from. ``fetched_at``, ``published_at``: as stored (ISO-8601).
    """

    id: int
    url: str
    fetched_at: str | None
    published_at: str | None


class Store(abc.ABC):
    """Where articles are kept. Use as a context manager, or call ``close()``.

    Every method raises ``StorageError`` when the database fails.
    """

    @abc.abstractmethod
    def upsert(self, article: Article) -> UpsertResult:
        """Insert or update the article (and its raw capture, if any) in one transaction.

        With a ``body_hash``, the text is looked up in the same transaction: the same text at the same
        outlet under another address is not written (``same_text_as``); at another outlet it is
        stored and linked to the first copy (``duplicate_of``). A refused page kept at the article's
        address (the URL fetched, its raw capture's or its key) is removed once the article is written.
        """

    def upsert_many(self, articles: Sequence[Article]) -> list[UpsertResult]:
        """``upsert`` each article, in order, in one transaction (all written or none); a later article
        sees the earlier ones. Backends override it; this fallback writes them one by one."""
        return [self.upsert(article) for article in articles]

    @abc.abstractmethod
    def get(self, article_id: int) -> Article | None:
        """The article with that id, or ``None``."""

    @abc.abstractmethod
    def find(self, ref: str) -> Article | None:
        """The article a reference points at: a numeric id, the URL fetched, the canonical URL or the key."""

    @abc.abstractmethod
    def find_by_body_hash(self, body_hash: str) -> Article | None:
        """The first stored article (lowest id) with that body hash, or ``None``."""

    @abc.abstractmethod
    def search(
        self, query: str | Query, *, limit: int = 20, filters: SearchFilters | None = None, offset: int = 0
    ) -> list[SearchHit]:
        """Articles matching the query (``crawler.search.query``: every word by its stem, however
        spelled and with any clitic), best first; ``offset`` skips that many of the best. ``QueryError``
        when a query string is malformed."""

    @abc.abstractmethod
    def latest(self, filters: SearchFilters | None = None, *, limit: int = 20, offset: int = 0) -> list[Article]:
        """A page of the articles ``filters`` keeps, newest first (by publication date, else fetch date;
        undated last), then by id, newest first."""

    @abc.abstractmethod
    def copies_of(self, article_id: int) -> list[Article]:
        """The syndicated copies stored as ``duplicate_of`` this article, by id."""

    @abc.abstractmethod
    def source_activity(self, since_day: str) -> list[SourceActivity]:
        """Per source that has articles: its total, its latest date, and its articles per day from
        ``since_day`` (``YYYY-MM-DD``, each article's own calendar day) on; by source id."""

    @abc.abstractmethod
    def iter_articles(
        self, *, since: str | None = None, until: str | None = None, source_ids: Sequence[str] = ()
    ) -> Iterator[Article]:
        """Articles by publication date (fetch date when unknown) then id, streamed.

        ``since``/``until``: ISO dates or datetimes, both inclusive; a bare ``until`` date includes that
        whole day. ``source_ids``: only these sources (all when empty).
        """

    @abc.abstractmethod
    def count(self, source_id: str | None = None) -> int:
        """Number of stored articles, of one source or of all."""

    @abc.abstractmethod
    def get_raw(self, article_id: int) -> RawCapture | None:
        """The latest raw capture stored with the article, or ``None``."""

    @abc.abstractmethod
    def keep_refused(self, pages: Sequence[RefusedPage]) -> None:
        """Insert the refused pages in one transaction; a page kept at the same address (same
        ``crawler.urls.canonicalize`` form of ``url``) is replaced: the latest fetch and verdict win."""

    @abc.abstractmethod
    def get_refused(self, url: str) -> RefusedPage | None:
        """The refused page kept at ``url`` (any variant with the same canonical form), or ``None``."""

    @abc.abstractmethod
    def iter_refused(self) -> Iterator[RefusedPage]:
        """Every kept refused page, by id; fixed when iteration starts, each read when reached."""

    @abc.abstractmethod
    def count_refused(self) -> int:
        """Number of kept refused pages."""

    @abc.abstractmethod
    def iter_captures(
        self, *, since: str | None = None, source_ids: Sequence[str] = ()
    ) -> Iterator[Article | RefusedPage]:
        """Every kept raw response: stored articles with their ``raw`` set, then refused pages, each
        group by id. ``since``: fetched at or after this ISO date or datetime. ``source_ids``: only these
        sources (all when empty).

        The captures to visit are fixed when iteration starts and each is read when reached, so the
        caller may write to the store meanwhile; one removed in the meantime is skipped.
        """

    @abc.abstractmethod
    def seen_article(self, url: str) -> SeenArticle | None:
        """The stored article ``url`` leads to (the URL it was fetched from, its canonical URL, or any
        variant with the same canonical form), or ``None``; an index look-up, cheap enough per entry.
        """

    @abc.abstractmethod
    def get_feed_state(self, url: str) -> FeedState | None:
        """The saved state of the feed at ``url``, or ``None``."""

    @abc.abstractmethod
    def save_feed_state(self, state: FeedState) -> None:
        """Insert or replace the state of the feed at ``state.url``."""

    @abc.abstractmethod
    def feed_states(self, source_id: str | None = None) -> list[FeedState]:
        """Saved feed states, of one source or of all, ordered by source id then URL."""

    @abc.abstractmethod
    def enable_feed(self, url: str) -> bool:
        """Re-enable the feed with a clean failure record (``crawler.listings.feedhealth.enable``); ``False``
        when no state is saved for ``url``."""

    @abc.abstractmethod
    def add_pending(self, entries: Sequence[PendingEntry]) -> int:
        """Remember listed articles as pending, in one transaction; returns how many were not pending
        already. One pending already (same ``crawler.urls.canonicalize`` form of its URL) keeps its place,
        source and listing, and takes the new ``entry`` and ``dated_at``."""

    @abc.abstractmethod
    def pending_entries(
        self, source_id: str, *, since: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[PendingEntry]:
        """A source's pending entries, newest first by ``dated_at``, then the undated ones in the order
        they were added. ``since``: only those dated at or after it (a ``dated_at`` value), and undated
        ones. ``limit``/``offset``: a page of that order (all when ``limit`` is ``None``)."""

    @abc.abstractmethod
    def drop_pending(self, urls: Sequence[str]) -> None:
        """Forget the pending entries at these URLs (any variant with the same canonical form), in one
        transaction; URLs not pending are ignored."""

    @abc.abstractmethod
    def pending_counts(self) -> dict[tuple[str, str], int]:
        """How many entries are pending, per ``(source_id, feed_url)`` that listed them."""

    @abc.abstractmethod
    def record_run(self, run: RunRecord) -> None:
        """Keep one crawl's record and its sources' figures, in one transaction."""

    @abc.abstractmethod
    def runs(
        self, *, since: str | None = None, until: str | None = None, source_ids: Sequence[str] = ()
    ) -> list[RunRecord]:
        """Runs started from ``since`` to ``until`` (ISO dates or datetimes, inclusive; a bare ``until``
        date includes its whole day), oldest first; ``source_ids``: only these sources' figures in each."""

    @abc.abstractmethod
    def prune_runs(self, older_than: str) -> int:
        """Forget the runs started before ``older_than`` (ISO); returns how many were removed."""

    @abc.abstractmethod
    def sent_alerts(self) -> list[SentAlert]:
        """The alerts notified and not cleared since, by key."""

    @abc.abstractmethod
    def update_alerts(self, sent: Sequence[SentAlert], cleared: Sequence[str]) -> None:
        """Remember the alerts just sent and forget those (by key) that cleared, in one transaction."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection; the store cannot be used afterwards."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


# ---------------------------------------------------------------------------------------------------
# Helpers shared by backends.


def parse_date_bound(value: str) -> date | datetime:
    """An ``iter_articles`` ``since``/``until`` argument: a ``date`` when it is a bare date, else a
    timezone-aware ``datetime`` (naive times are taken as UTC).

    A bare date means a calendar day as the article itself states it (its published date in its own
    timezone); a datetime means an instant. ``ValueError`` when ``value`` is neither.
    """
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not an ISO-8601 date or datetime: {value!r}") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def utc_iso(moment: datetime) -> str:
    """Fixed-width UTC ISO-8601, so that text order is time order; naive times are taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")
