"""The archive of one crawl: exchanges and metadata in, WARC files out, rolled at a size.

``ArchiveWriter`` is synchronous (the crawl runs it in a thread of its own, see ``background.py``). Each
exchange becomes a response record, or a revisit record when its payload is already archived (the
digest table, ``digests.py``), and a request record; an article's id goes into a metadata record that
refers to the response it was extracted from. A file gets a ``warcinfo`` record first and is closed
once it holds ``max_size`` bytes; the next one takes the following serial number.
"""

from __future__ import annotations

import logging
import socket
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from crawler.archive.digests import DigestIndex
from crawler.archive.files import WarcFile, recover_open_files
from crawler.archive.naming import DEFAULT_PREFIX, warc_filename
from crawler.archive.records import (
    Capture,
    Exchange,
    exchange_records,
    metadata_record,
    payload_digest,
    warcinfo_record,
)

logger = logging.getLogger(__name__)

DEFAULT_MAX_SIZE: Final = 1_000_000_000
# Responses remembered by URI for the metadata records of the articles extracted from them.
_RECENT_RESPONSES: Final = 50_000


@dataclass(frozen=True, slots=True)
class ArchiveOptions:
    directory: Path
    max_size: int = DEFAULT_MAX_SIZE
    prefix: str = DEFAULT_PREFIX
    host: str = field(default_factory=socket.gethostname)
    # Fields of each file's warcinfo record (software, operator, robots policy, …).
    info: Mapping[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class ArchiveCounts:
    """What was written; ``failed`` records could not be written (disk full, read-only folder)."""

    records: int = 0
    bytes: int = 0
    responses: int = 0
    revisits: int = 0
    metadata: int = 0
    unlinked: int = 0  # articles whose response is not in this crawl's archive: no metadata record
    failed: int = 0
    files: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    last_error: str | None = None


class ArchiveWriter:
    def __init__(self, options: ArchiveOptions, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.options = options
        self.clock = clock
        self.counts = ArchiveCounts()
        options.directory.mkdir(parents=True, exist_ok=True)
        self.counts.recovered = [p.name for p in recover_open_files(options.directory)]
        self.digests = DigestIndex(options.directory)
        self._file: WarcFile | None = None
        self._serial = 0
        self._responses: OrderedDict[str, str] = OrderedDict()  # URI → record id, latest last
        # Payloads written since the last sync (digest → where, in which file), not yet in the table.
        self._pending: dict[str, tuple[Capture, str]] = {}

    def write_exchange(self, exchange: Exchange) -> None:
        """A response (or revisit) and its request."""
        first = None
        if exchange.body:  # an empty payload is not worth a revisit record
            digest = payload_digest(exchange.body)
            pending = self._pending.get(digest)
            first = pending[0] if pending is not None else self.digests.get(digest)
        built = exchange_records(exchange, first)
        file = self._append(built.members)
        if file is None:
            return
        self.counts.revisits += built.revisit
        self.counts.responses += not built.revisit
        if not built.revisit and exchange.body:
            self._pending[built.payload_digest] = (Capture(exchange.url, built.date), file)
        self._roll_if_full()
        self._responses[exchange.url] = built.record_id
        self._responses.move_to_end(exchange.url)
        if len(self._responses) > _RECENT_RESPONSES:
            self._responses.popitem(last=False)

    def write_metadata(self, uri: str, fields: Iterable[tuple[str, str]]) -> None:
        """A metadata record about the latest response archived for ``uri``."""
        response_id = self._responses.get(uri)
        if response_id is None:
            self.counts.unlinked += 1
            return
        if self._append([metadata_record(uri, response_id, fields, self.clock())]) is not None:
            self.counts.metadata += 1
            self._roll_if_full()

    def sync(self) -> None:
        """Put what was written on disk, then remember its payloads for revisits."""
        if self._file is None:
            return
        try:
            self._file.sync()
        except OSError as exc:
            self._failed(0, exc)
            return
        self._remember()

    def close(self) -> None:
        self._close_file()
        self.digests.close()

    def _append(self, members: list[bytes]) -> str | None:
        """Write records in one go; the name of the file they went to, ``None`` if they could not be written."""
        data = b"".join(members)
        try:
            warc = self._current()
            warc.append(data)
        except OSError as exc:
            self._failed(len(members), exc)
            return None
        self.counts.records += len(members)
        self.counts.bytes += len(data)
        return warc.path.name

    def _roll_if_full(self) -> None:
        if self._file is not None and self._file.size >= self.options.max_size:
            self._close_file()

    def _current(self) -> WarcFile:
        if self._file is None:
            while True:
                name = warc_filename(self.options.prefix, self.clock(), self._serial, self.options.host)
                self._serial += 1
                try:
                    self._file = WarcFile(self.options.directory / name)
                    break
                except FileExistsError:
                    continue  # another writer opened this name in the same millisecond
            info = warcinfo_record(name, self.options.info)
            self._file.append(info)
            self.counts.records += 1
            self.counts.bytes += len(info)
            self.counts.files.append(name)
        return self._file

    def _close_file(self) -> None:
        if self._file is None:
            return
        warc, self._file = self._file, None
        try:
            warc.close()
        except OSError as exc:
            self._failed(0, exc)
            return
        self._remember()

    def _remember(self) -> None:
        """Every payload written so far is on disk: into the table."""
        for digest, (capture, file) in self._pending.items():
            self.digests.add(digest, capture, file)
        self._pending.clear()
        self.digests.commit()

    def _failed(self, records: int, exc: OSError) -> None:
        self.counts.failed += records
        message = f"cannot write {self.options.directory}: {exc}"
        if self.counts.last_error is None:
            logger.error("WARC archive: %s; the crawl goes on, records not archived are counted", message)
        self.counts.last_error = message
