"""Articles from WARC files made by anyone (our crawls, Common Crawl's CC-NEWS, browsertrix, Heritrix).

Reading (``read_responses``): warcio's ``ArchiveIterator`` reads the file, gzipped per record or not,
WARC/1.0 or 1.1. Only ``response`` records of an HTTP 200 whose type is HTML (or sniffed HTML when the
type is missing or generic) are used, their bodies decoded per Content-Encoding and Transfer-Encoding
(warcio's ``content_stream()``); every other record is counted by why it was skipped (``revisit``,
``request``, ``metadata``, ``warcinfo``, ``not_http``, ``http_status``, ``not_html``, …). A record
warcio cannot read, one cut short or bytes after the last whole record make the file broken
(``BrokenWarc``, naming the file and the offset): what came before is used, the rest of that file is
not, and the other files are read all the same.

Ingesting (``ingest_warcs``): each response of a registered outlet's host (``source_for_url``) is
extracted and finished exactly as the crawl finishes a page (``crawler.app.reextract``'s pieces:
``extract_article`` with the outlet's options read at the capture time, then clean, validate,
attribute, fingerprint), and stored with its raw response and its capture time (``WARC-Date``) as
``fetched_at``; the store settles duplicates (the same text at the same outlet is dropped as
``duplicate_content``, at another outlet stored and linked). A refused page is kept with its raw
response for ``akhbar reextract``, as the crawl keeps it. A capture older than the stored article at
its address is not written (``older_than_stored``): an archive never rolls an article back.

``any_host``: pages of hosts that are not registered are taken too, each attributed to an ad-hoc
source named by its host (``host_source``: id and names are the host without ``www.``, language
Arabic, no time zone, so zone-less times stay zone-less); they must pass the language check like any
page. Their refused pages are counted but not kept (most pages of a general crawl are not Arabic
news, and ``akhbar reextract`` could not visit them without a registry entry).

For ``akhbar reextract --warc`` (``warc_captures``): the responses become captures to re-extract:
the stored article or refused page at the address with the archive's response, else a page not
seen yet.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from warcio.archiveiterator import ArchiveIterator

from crawler.app.reextract import Note, extract_captures, finish
from crawler.extraction.extract import NotAnArticle, extract_article
from crawler.extraction.postprocess import refusal_detail
from crawler.extraction.workers import ExtractionPool, ExtractionTimeout, WorkerCrashed
from crawler.items import DROPPED, FAILED, NOT_ARTICLE, Article, Item, RawCapture, RefusedPage
from crawler.sources import Source, source_for_url
from crawler.store import Store
from crawler.urls import canonicalize, registered_host

# Why a record is not used (``WarcTally.skipped``); records of other types count under their type.
NOT_HTTP: Final = "not_http"  # a response record without an HTTP response (dns:, ftp:…)
HTTP_STATUS: Final = "http_status"  # an HTTP status other than 200 (redirects, errors, 304)
NOT_HTML: Final = "not_html"  # an image, a PDF, a feed, a script…
BAD_DATE: Final = "bad_date"  # no readable WARC-Date
OTHER_HOST: Final = "other_host"  # a host no registered outlet is on (without any_host)
OLDER_THAN_STORED: Final = "older_than_stored"  # the article stored at the address was fetched later
REPEATED_URL: Final = "repeated_url"  # (reextract) an address already visited in this run
# Why a page whose extraction did not finish is refused (as the crawl names them).
EXTRACTION_TIMEOUT: Final = "extraction_timeout"
EXTRACTION_CRASHED: Final = "extraction_crashed"
EXTRACTION_ERROR: Final = "extraction_error"
# The same text already stored for the same outlet under another address (the crawl drops it so too).
DUPLICATE_CONTENT: Final = "duplicate_content"

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Types servers send when they do not know better: the body's first bytes decide.
_GENERIC_TYPES = frozenset({"", "application/octet-stream", "text/plain", "unknown/unknown", "binary/octet-stream"})
# What an HTML document starts with, lowercased, after a BOM, blanks and comments.
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title")
_BOM = b"\xef\xbb\xbf"
# Headers about the transfer, not the page: the body kept is decoded, so they no longer apply.
_TRANSFER_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
# How much of the file after the last whole record is read to tell trailing blanks from a cut record.
_TAIL_PROBE = 64


class BrokenWarc(Exception):
    """A WARC file that cannot be read on from ``offset`` (bytes from its start)."""

    def __init__(self, path: Path, offset: int, reason: str) -> None:
        super().__init__(f"broken at offset {offset}: {reason}")
        self.path = path
        self.offset = offset
        self.reason = reason


@dataclass(frozen=True, slots=True)
class WarcResponse:
    """An HTML page of a WARC file: the HTTP response (body decoded), when it was captured (ISO-8601
    UTC, from ``WARC-Date``) and where its record starts in the file."""

    raw: RawCapture
    fetched_at: str
    offset: int


@dataclass(slots=True)
class WarcTally:
    """What reading WARC files met: files read (``broken``: stopped early), records read, HTML
    responses used, and records not used by reason."""

    files: int = 0
    broken: int = 0
    records: int = 0
    responses: int = 0
    skipped: Counter[str] = dataclasses.field(default_factory=Counter)


def read_responses(path: Path, tally: WarcTally) -> Iterator[WarcResponse]:
    """The HTML responses of the WARC file at ``path``, in file order; ``BrokenWarc`` (after the
    responses before it) when a record cannot be read whole."""
    end = 0  # where the last whole record ended
    try:
        size = path.stat().st_size
        stream = path.open("rb")
    except OSError as exc:
        raise BrokenWarc(path, 0, exc.strerror or str(exc)) from exc
    with stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                tally.records += 1
                response = _response(record, tally)
                offset, length = records.get_record_offset(), records.get_record_length()
                if record.raw_stream.limit > 0:  # the file ended inside the record
                    raise BrokenWarc(path, offset, f"record cut short: {record.raw_stream.limit} bytes missing")
                end = offset + length
                if response is not None:
                    tally.responses += 1
                    yield dataclasses.replace(response, offset=offset)
        except BrokenWarc:
            raise
        # warcio raises whatever its parsers meet on a damaged file (ArchiveLoadFailed, zlib.error,
        # EOFError, ValueError, even AttributeError on a header cut short): all mean the same here.
        except Exception as exc:
            raise BrokenWarc(path, end, f"{type(exc).__name__}: {exc}") from exc
        stream.seek(end)
        tail = stream.read(_TAIL_PROBE)
    if end < size and tail.strip():
        raise BrokenWarc(path, end, f"{size - end} bytes after the last whole record are not a record")


def _response(record: Any, tally: WarcTally) -> WarcResponse | None:
    """The record as an HTML response, or ``None`` (counted in ``tally.skipped``)."""
    if record.rec_type != "response":
        tally.skipped[str(record.rec_type)] += 1
        return None
    http = record.http_headers
    if http is None or not http.protocol.upper().startswith("HTTP/"):
        tally.skipped[NOT_HTTP] += 1
        return None
    if http.get_statuscode() != "200":
        tally.skipped[HTTP_STATUS] += 1
        return None
    headers: dict[str, str] = {}
    for name, value in http.headers:
        if name.lower() not in _TRANSFER_HEADERS:
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
    mimetype = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if mimetype not in _HTML_TYPES and mimetype not in _GENERIC_TYPES:
        tally.skipped[NOT_HTML] += 1
        return None
    body = record.content_stream().read()
    if mimetype not in _HTML_TYPES and not looks_like_html(body):
        tally.skipped[NOT_HTML] += 1
        return None
    fetched_at = capture_time(record.rec_headers.get_header("WARC-Date") or "")
    if fetched_at is None:
        tally.skipped[BAD_DATE] += 1
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    return WarcResponse(RawCapture(url=url.strip("<>"), status=200, headers=headers, body=body), fetched_at, 0)


def looks_like_html(body: bytes) -> bool:
    """Whether the body starts as an HTML document does (a doctype, ``<html>``, ``<head>``…)."""
    head = body[:1024].removeprefix(_BOM).lstrip().lower()
    while head.startswith(b"<!--"):
        close = head.find(b"-->")
        if close < 0:
            return False
        head = head[close + 3 :].lstrip()
    return head.startswith(_HTML_STARTS)


def capture_time(warc_date: str) -> str | None:
    """A ``WARC-Date`` as the crawl writes ``fetched_at`` (ISO-8601 UTC, to the second); ``None``
    when it is not a date."""
    try:
        moment = datetime.fromisoformat(warc_date.strip())
    except ValueError:
        return None
    moment = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def host_source(url: str) -> Source:
    """The ad-hoc source of a page whose host no registered outlet is on (``--any-host``)."""
    host = registered_host(url)
    return Source(
        id=host,
        name=host,
        name_ar=host,
        homepage=f"https://{host}/",
        feeds=(),
        country="INT",
        language="ar",
        timezone=None,
    )


# ---------------------------------------------------------------------------------------------------
# akhbar ingest-warc


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """``any_host``: take pages of hosts not registered (see the module). ``min_body_chars``,
    ``workers``, ``timeout``: the crawl's ``AKHBAR_MIN_BODY_CHARS``, ``AKHBAR_EXTRACT_WORKERS`` and
    ``AKHBAR_EXTRACT_TIMEOUT`` (0 workers: extraction in this process)."""

    any_host: bool = False
    min_body_chars: int = 200
    workers: int = 0
    timeout: float = 20.0


@dataclass(slots=True)
class IngestCounts:
    """What a run did. ``pages``: responses of registered hosts (all hosts with ``any_host``), each
    counted once as stored, updated, unchanged, refused (by reason), dropped (by reason) or skipped as
    ``older_than_stored``. ``warc``: what reading met."""

    warc: WarcTally = dataclasses.field(default_factory=WarcTally)
    pages: int = 0
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: Counter[str] = dataclasses.field(default_factory=Counter)
    dropped: Counter[str] = dataclasses.field(default_factory=Counter)

    def totals(self) -> dict[str, int]:
        """The counts, reasons summed (a progress line, the first column of the summary)."""
        return {
            "files": self.warc.files,
            "broken_files": self.warc.broken,
            "records": self.warc.records,
            "responses": self.warc.responses,
            "pages": self.pages,
            "stored": self.stored,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": self.refused.total(),
            "dropped": self.dropped.total(),
            "skipped": self.warc.skipped.total(),
        }

    def to_dict(self) -> dict[str, object]:
        """The totals with the reasons of refused, dropped and skipped records (``--json``)."""
        reasons = {
            "refused_reasons": self.refused,
            "dropped_reasons": self.dropped,
            "skipped_reasons": self.warc.skipped,
        }
        return self.totals() | {name: dict(sorted(counter.items())) for name, counter in reasons.items()}


def render_counts(counts: IngestCounts) -> str:
    """The summary ``akhbar ingest-warc`` prints: one count a line, reasons beside their total."""
    reasons = {"refused": counts.refused, "dropped": counts.dropped, "skipped": counts.warc.skipped}
    lines = []
    for name, value in counts.totals().items():
        line = f"{name:<13} {value}"
        if (by_reason := reasons.get(name)) and value:
            line += "  (" + ", ".join(f"{reason} {n}" for reason, n in sorted(by_reason.items())) + ")"
        lines.append(line)
    return "\n".join(lines)


def ingest_warcs(
    store: Store,
    sources: Sequence[Source],
    paths: Sequence[Path],
    options: IngestOptions,
    *,
    on_page: Callable[[IngestCounts], None] | None = None,
    on_note: Callable[[Note], None] | None = None,
) -> IngestCounts:
    """Store the articles of the WARC files at ``paths`` (see the module); ``on_page`` is called after
    each page (progress), ``on_note`` for each broken file. ``StorageError`` when the store fails."""
    counts = IngestCounts()

    def pages() -> Iterator[tuple[RefusedPage, Source]]:
        for response in _responses(paths, counts.warc, on_note):
            url = response.raw.url
            source = source_for_url(sources, url) or (host_source(url) if options.any_host else None)
            if source is None:
                counts.warc.skipped[OTHER_HOST] += 1
                continue
            yield _unjudged(response, source.id), source

    registered = {source.id for source in sources}
    with ExtractionPool(options.workers, options.timeout, func=extract_article) as pool:
        for page, source, result in extract_captures(pool, pages(), options.workers):
            counts.pages += 1
            _store(
                store,
                page,
                source,
                result,
                min_body_chars=options.min_body_chars,
                counts=counts,
                keep=source.id in registered,
            )
            if on_page is not None:
                on_page(counts)
    return counts


def _store(
    store: Store,
    page: RefusedPage,
    source: Source,
    result: Article | Exception,
    *,
    min_body_chars: int,
    counts: IngestCounts,
    keep: bool,
) -> None:
    """Store the page's article, or keep the page refused (when ``keep``); count what happened."""

    def refuse(verdict: str, reason: str, detail: str) -> None:
        (counts.dropped if verdict == DROPPED else counts.refused)[reason] += 1
        if keep:
            store.keep_refused([dataclasses.replace(page, verdict=verdict, reason=reason, detail=detail)])

    if isinstance(result, NotAnArticle):
        refuse(NOT_ARTICLE, result.reason, refusal_detail(result))
        return
    if not isinstance(result, Article):
        refuse(FAILED, _failure_reason(result), f"{type(result).__name__}: {result}")
        return
    template = Article(url=page.url, headline="", body="", source_id=source.id, fetched_at=page.fetched_at)
    finished = finish(result, template, source, min_body_chars)
    if isinstance(finished, tuple):
        refuse(DROPPED, *finished)
        return
    if _stored_later(store, finished, page.fetched_at):
        counts.warc.skipped[OLDER_THAN_STORED] += 1
        return
    written = store.upsert(dataclasses.replace(finished, raw=page.raw))
    if written.same_text_as is not None:
        counts.dropped[DUPLICATE_CONTENT] += 1
    elif written.created:
        counts.stored += 1
    elif written.changed:
        counts.updated += 1
    else:
        counts.unchanged += 1


def _stored_later(store: Store, article: Article, fetched_at: str | None) -> bool:
    """Whether the article stored at this article's address was fetched after ``fetched_at``."""
    seen = store.seen_article(article.url)
    if seen is None and article.canonical_url:
        seen = store.seen_article(article.canonical_url)
    if seen is None or not seen.fetched_at or not fetched_at:
        return False
    stored_at, captured_at = capture_time(seen.fetched_at), capture_time(fetched_at)
    return stored_at is not None and captured_at is not None and stored_at > captured_at


def _failure_reason(exc: Exception) -> str:
    if isinstance(exc, ExtractionTimeout):
        return EXTRACTION_TIMEOUT
    if isinstance(exc, WorkerCrashed):
        return EXTRACTION_CRASHED
    return EXTRACTION_ERROR


# ---------------------------------------------------------------------------------------------------
# akhbar reextract --warc


def warc_captures(
    store: Store,
    sources: Sequence[Source],
    paths: Sequence[Path],
    tally: WarcTally,
    *,
    on_note: Callable[[Note], None] | None = None,
) -> Iterator[Item]:
    """The responses of registered outlets' hosts in the WARC files at ``paths`` as captures for
    ``crawler.app.reextract.reextract``: the article stored at the address, or the refused page kept
    there, with the archive's response; else a page not seen yet (a ``RefusedPage`` with no verdict:
    stored if it yields an article, kept refused if not). An address is visited once per run: later
    captures of it are skipped (``repeated_url``)."""
    visited: set[str] = set()
    for response in _responses(paths, tally, on_note):
        url = response.raw.url
        source = source_for_url(sources, url)
        if source is None:
            tally.skipped[OTHER_HOST] += 1
            continue
        address = canonicalize(url)
        if address in visited:
            tally.skipped[REPEATED_URL] += 1
            continue
        visited.add(address)
        article = store.find(url)
        if article is not None:
            yield dataclasses.replace(article, raw=response.raw)
        elif (refused := store.get_refused(url)) is not None:
            yield dataclasses.replace(refused, raw=response.raw)
        else:
            yield _unjudged(response, source.id)


def _responses(
    paths: Sequence[Path], tally: WarcTally, on_note: Callable[[Note], None] | None
) -> Iterator[WarcResponse]:
    """The HTML responses of every file in turn; a broken file is counted and named, and the next read."""
    for path in paths:
        tally.files += 1
        try:
            yield from read_responses(path, tally)
        except BrokenWarc as exc:
            tally.broken += 1
            if on_note is not None:
                on_note(Note(str(path), f"{exc}; the rest of this file is skipped"))


def _unjudged(response: WarcResponse, source_id: str) -> RefusedPage:
    """A page not judged yet, as a capture to extract (never stored with an empty verdict)."""
    return RefusedPage(
        url=response.raw.url,
        raw=response.raw,
        verdict="",
        reason="",
        source_id=source_id,
        fetched_at=response.fetched_at,
    )
