"""Re-extraction: today's extraction run over every raw response the store kept, so that an improvement
reaches past crawls.

Each capture is extracted again (``extract_article`` with the crawl's options for its registered
source) and finished as the crawl finishes an article (``crawler.extraction.postprocess``: cleaned, checked,
attributed, fingerprinted). Then:

* a stored article whose result differs is updated (``changed``), keeping its identity (id, URL,
  canonical URL), attribution and fetch time; gaps the page leaves are filled from what was stored, as
  the crawl fills them from the feed; one that is the same is left alone (``unchanged``);
* a refused page that now yields an article is stored with its raw response, and its refused record
  goes (``recovered``); one still refused keeps its record, with the current verdict (``refused``);
* a stored article that today's extraction refuses is kept as it is, counted ``refused`` and named: a
  regression of the extraction, never a reason to lose an article.

A page whose extraction fails (an error, a time-out) is counted ``refused``, named, and left as stored.
A page whose source is not in the registry given is not visited (``skipped``, named per source): without
the outlet's time zone and names its extraction would differ for that reason alone.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Literal, Protocol, TextIO, TypeVar

from crawler.extraction.extract import ExtractOptions, NotAnArticle, extract_article, options_for
from crawler.extraction.merge import fill_from_feed
from crawler.extraction.postprocess import attribute, clean_article, fingerprint, refusal, refusal_detail
from crawler.extraction.workers import ExtractionPool
from crawler.items import DROPPED, NOT_ARTICLE, Article, FeedEntry, Item, RefusedPage
from crawler.sources import Source, source_for_url
from crawler.store import Store

logger = logging.getLogger(__name__)
T = TypeVar("T")
CaptureT = TypeVar("CaptureT", bound=Article | RefusedPage)

# Reason of a recovered page whose text is already stored at another address of its outlet (the crawl
# drops it under the same name): its refused record stays, as the page is not stored on its own.
DUPLICATE_CONTENT = "duplicate_content"
# Fields that say which build wrote the record or how it links to others, not what the page holds.
_NOT_COMPARED = frozenset({"id", "crawler_version", "duplicate_of"})


# What extracting one page gave: an article, a refusal, or the error that stopped it.
Result = Article | NotAnArticle | Exception
# The counter a visited page goes under (a field of ReextractCounts).
Outcome = Literal["changed", "recovered", "unchanged", "refused"]


@dataclass(frozen=True, slots=True)
class ReextractOptions:
    """``since``/``source_ids``: which captures (fetched at or after ``since``; of these sources, all
    when empty). ``min_body_chars``: the crawl's ``AKHBAR_MIN_BODY_CHARS``. ``workers``/``timeout``:
    extraction processes and the cap per page, as the crawl's ``AKHBAR_EXTRACT_WORKERS``/``_TIMEOUT``
    (0 workers: in this process)."""

    since: str | None = None
    source_ids: tuple[str, ...] = ()
    min_body_chars: int = 200
    workers: int = 0
    timeout: float = 20.0


@dataclass(slots=True)
class ReextractCounts:
    """What a run did: every page visited (``pages``) is counted once in one of the four outcomes.
    ``skipped``: per source id, pages not visited because their source is not in the registry."""

    pages: int = 0
    changed: int = 0
    recovered: int = 0
    unchanged: int = 0
    refused: int = 0
    skipped: Counter[str] = dataclasses.field(default_factory=Counter)

    def to_dict(self) -> dict[str, int]:
        """The five counts ``akhbar reextract`` prints."""
        return {k: getattr(self, k) for k in ("pages", "changed", "recovered", "unchanged", "refused")}

    def totals(self) -> dict[str, int]:
        """The counts a progress line shows."""
        return self.to_dict()


class Tally(Protocol):
    """Counts a ``ProgressLine`` can show."""

    def totals(self) -> dict[str, int]: ...


@dataclass(frozen=True, slots=True)
class Note:
    """Something worth naming: a page (``subject`` is its URL) whose extraction failed or whose stored
    article is now refused, or a source (its id) whose pages were skipped."""

    subject: str
    message: str


def reextract(
    store: Store,
    sources: Sequence[Source],
    options: ReextractOptions,
    *,
    on_page: Callable[[ReextractCounts], None] | None = None,
    on_note: Callable[[Note], None] | None = None,
    captures: Iterable[Item] | None = None,
) -> ReextractCounts:
    """Re-extract the captures ``options`` selects and store what changed; ``on_page`` is called after
    each page (progress), ``on_note`` for each page worth naming. ``StorageError`` when the store fails.

    ``captures``: the pages to visit instead of the store's (``crawler.app.ingest.warc_captures``: the
    responses of WARC files, as stored articles, refused pages or pages not seen yet); of these, only
    those of ``options.source_ids`` (all when empty); ``options.since`` does not apply to them."""
    by_id = {source.id: source for source in sources}
    counts = ReextractCounts()

    def registered(captures: Iterator[Item]) -> Iterator[tuple[Item, Source]]:
        for capture in captures:
            if options.source_ids and capture.source_id not in options.source_ids:
                continue
            source = _source(capture, by_id, sources)
            if source is None:
                counts.skipped[capture.source_id or "(none)"] += 1
            else:
                yield capture, source

    if captures is None:
        captures = store.iter_captures(since=options.since, source_ids=options.source_ids)
    with ExtractionPool(options.workers, options.timeout, func=extract_article) as pool:
        for capture, source, result in extract_captures(pool, registered(iter(captures)), options.workers):
            outcome, note = _apply(store, capture, source, result, options.min_body_chars)
            counts.pages += 1
            setattr(counts, outcome, getattr(counts, outcome) + 1)
            if note is not None and on_note is not None:
                on_note(note)
            if on_page is not None:
                on_page(counts)
    if on_note is not None:
        for source_id, n in sorted(counts.skipped.items()):
            pages = "1 page" if n == 1 else f"{n} pages"
            message = f"{pages} skipped: the source is not in the sources file (pass it with --sources)"
            on_note(Note(source_id, message))
    return counts


class ProgressLine:
    """An ``on_page`` callback for long runs: the counts so far, at most every ``interval`` seconds, as
    one line redrawn on a terminal, else as plain lines (a log), after ``label`` (the command)."""

    def __init__(
        self,
        stream: TextIO,
        interval: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
        label: str = "reextract",
    ) -> None:
        self.stream = stream
        self.label = label
        self.interval = interval
        self.clock = clock
        self.tty = stream.isatty()
        self._next = clock() + interval
        self._drawn = False

    def __call__(self, counts: Tally) -> None:
        if self.clock() < self._next:
            return
        self._next = self.clock() + self.interval
        line = f"{self.label}: " + ", ".join(f"{k} {v}" for k, v in counts.totals().items())
        self.stream.write(f"\r\x1b[K{line}" if self.tty else f"{line}\n")
        self.stream.flush()
        self._drawn = True

    def done(self) -> None:
        """Clear the redrawn line, before the final counts are printed."""
        if self.tty and self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def extract_captures(
    pool: ExtractionPool[[bytes, str, ExtractOptions | None], Article],
    captures: Iterator[tuple[CaptureT, Source]],
    workers: int,
) -> Iterator[tuple[CaptureT, Source, Result]]:
    """Each capture (an item with its raw response) with its source and extraction result, in order;
    pages go to the pool's ``workers`` a chunk at a time, so only a few raw bodies are in memory at
    once. Relative dates are read against each capture's fetch time."""

    def run(job: tuple[CaptureT, Source]) -> Result:
        capture, source = job
        raw = capture.raw
        assert raw is not None  # iter_captures yields articles with their raw page
        try:
            return pool.run(raw.body, raw.url, _options(source, capture))
        except Exception as exc:  # any failure is this page's outcome, counted and named by the caller
            return exc

    chunk_size = max(workers, 1) * 4
    with ThreadPoolExecutor(max_workers=max(workers, 1)) as threads:
        for jobs in _chunks(captures, chunk_size):
            # Without workers, extraction runs in this thread (its time cap is a signal alarm).
            results = threads.map(run, jobs) if workers else map(run, jobs)
            for (capture, source), result in zip(jobs, results, strict=True):
                yield capture, source, result


def _apply(
    store: Store, capture: Item, source: Source, result: Result, min_body_chars: int
) -> tuple[Outcome, Note | None]:
    """Store what the result changes; the counter it goes under and a note, if the page is worth one."""
    if isinstance(capture, Article):
        return _apply_to_article(store, capture, source, result, min_body_chars)
    return _apply_to_refused(store, capture, source, result, min_body_chars)


def _apply_to_article(
    store: Store, stored: Article, source: Source, result: Result, min_body_chars: int
) -> tuple[Outcome, Note | None]:
    where = f"article {stored.id}"
    if not isinstance(result, Article):
        return "refused", Note(stored.url, f"{where}: {_failure(result)}; the stored article is kept as it is")
    # The canonical URL is part of the article's identity (its key): kept, so the same row is updated.
    extracted = dataclasses.replace(_with_stored_gaps(result, stored), canonical_url=stored.canonical_url)
    finished = finish(extracted, stored, source, min_body_chars)
    if isinstance(finished, tuple):
        reason, detail = finished
        return "refused", Note(stored.url, f"{where}: now dropped ({reason}: {detail}); the stored article is kept")
    if _content(finished) == _content(stored):
        return "unchanged", None
    written = store.upsert(dataclasses.replace(finished, raw=None))  # its raw page stays as stored
    if written.same_text_as is not None:
        note = f"{where}: its new text is that of article {written.same_text_as}; not updated"
        return "unchanged", Note(stored.url, note)
    return "changed", None


def _apply_to_refused(
    store: Store, page: RefusedPage, source: Source, result: Result, min_body_chars: int
) -> tuple[Outcome, Note | None]:
    if isinstance(result, NotAnArticle):
        _keep_verdict(store, page, NOT_ARTICLE, result.reason, refusal_detail(result))
        return "refused", None
    if not isinstance(result, Article):
        return "refused", Note(page.url, f"refused page: {_failure(result)}; kept as it is")
    entry = page.entry or FeedEntry(url=page.url)
    filled = fill_from_feed(result, entry, timezone=source.timezone)
    template = Article(
        url=page.url, headline="", body="", source_id=page.source_id, feed_url=page.feed_url, fetched_at=page.fetched_at
    )
    finished = finish(filled, template, source, min_body_chars)
    if isinstance(finished, tuple):
        _keep_verdict(store, page, DROPPED, *finished)
        return "refused", None
    written = store.upsert(dataclasses.replace(finished, raw=page.raw))
    if written.same_text_as is not None:
        _keep_verdict(store, page, DROPPED, DUPLICATE_CONTENT, f"same text as article {written.same_text_as}")
        return "refused", None
    return "recovered", None


def finish(article: Article, stored: Article, source: Source, min_body_chars: int) -> Article | tuple[str, str]:
    """The extracted article as the pipelines would store it, with ``stored``'s address, id and
    attribution; or ``(reason, detail)`` when the crawl would drop it."""
    article = dataclasses.replace(
        article,
        url=stored.url,
        source_id=stored.source_id,
        feed_url=stored.feed_url,
        fetched_at=stored.fetched_at,
        id=stored.id,
    )
    article = clean_article(article, source.site_names)
    refused = refusal(article, min_body_chars=min_body_chars, language=source.language)
    if refused is not None:
        return refused
    fetched_at = stored.fetched_at or datetime.now(UTC).isoformat(timespec="seconds")
    return fingerprint(attribute(article, source, fetched_at=fetched_at))


def _with_stored_gaps(article: Article, stored: Article) -> Article:
    """Gaps of the page filled from the stored article, as the crawl filled them from the feed; the
    page's own values always win, and tags the feed added are kept."""
    return dataclasses.replace(
        article,
        headline=article.headline or stored.headline,
        summary=article.summary or stored.summary,
        authors=article.authors or stored.authors,
        published_at=article.published_at or stored.published_at,
        published_at_raw=article.published_at_raw if article.published_at else stored.published_at_raw,
        tags=list(dict.fromkeys([*article.tags, *stored.tags])),
    )


def _content(article: Article) -> dict[str, object]:
    return {k: v for k, v in article.to_dict().items() if k not in _NOT_COMPARED}


def _keep_verdict(store: Store, page: RefusedPage, verdict: str, reason: str, detail: str) -> None:
    """Record the current verdict on a refused page (written only when it differs)."""
    if (page.verdict, page.reason, page.detail) != (verdict, reason, detail):
        store.keep_refused([dataclasses.replace(page, verdict=verdict, reason=reason, detail=detail)])


def _options(source: Source, capture: Item) -> ExtractOptions:
    """The crawl's options; relative dates («منذ ساعتين») are read against the time of the fetch."""
    raw = capture.raw
    assert raw is not None
    content_type = next((v for k, v in raw.headers.items() if k.lower() == "content-type"), None)
    return options_for(source, content_type=content_type, now=_fetch_time(capture.fetched_at))


def _fetch_time(fetched_at: str | None) -> datetime:
    if fetched_at:
        try:
            moment = datetime.fromisoformat(fetched_at)
        except ValueError:
            logger.warning("unreadable fetch time %r: relative dates are read against now", fetched_at)
        else:
            return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)


def _source(capture: Item, by_id: dict[str, Source], sources: Sequence[Source]) -> Source | None:
    """The capture's registered source: by its stored id, else (none stored) by its address."""
    if capture.source_id:
        return by_id.get(capture.source_id)
    return source_for_url(sources, capture.url)


def _failure(result: Result) -> str:
    if isinstance(result, NotAnArticle):
        return f"now refused ({result})"
    return f"extraction failed ({type(result).__name__}: {result})"


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
