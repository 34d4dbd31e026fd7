"""The archive written by a thread of its own, so the crawl's event loop never waits for disk or gzip.

Jobs (exchanges, metadata) are queued and written in order; records are synced to disk (``fsync``) when
the queue runs dry, and at least every ``sync_every`` seconds under load. ``close`` writes what is
queued and closes the file. A crash loses at most the queued and unsynced records, never a file.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable
from typing import Final

from crawler.archive.records import Exchange
from crawler.archive.writer import ArchiveCounts, ArchiveWriter

logger = logging.getLogger(__name__)

DEFAULT_SYNC_EVERY: Final = 1.0
_STOP: Final = object()


class BackgroundArchive:
    def __init__(self, writer: ArchiveWriter, *, sync_every: float = DEFAULT_SYNC_EVERY) -> None:
        self.writer = writer
        self.sync_every = sync_every
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="akhbar-warc", daemon=True)
        self._thread.start()

    @property
    def counts(self) -> ArchiveCounts:
        """The writer's counts (read from another thread: integers, a moment old at worst)."""
        return self.writer.counts

    def exchange(self, exchange: Exchange) -> None:
        self._queue.put(lambda: self.writer.write_exchange(exchange))

    def metadata(self, uri: str, fields: Iterable[tuple[str, str]]) -> None:
        listed = list(fields)
        self._queue.put(lambda: self.writer.write_metadata(uri, listed))

    def close(self, timeout: float | None = None) -> None:
        """Write what is queued, close the file; waits at most ``timeout`` seconds."""
        self._queue.put(_STOP)
        self._thread.join(timeout)
        if self._thread.is_alive():
            logger.error("WARC archive: still writing after %s s; the open file is recovered by the next run", timeout)

    def _run(self) -> None:
        synced = time.monotonic()
        while True:
            job = self._queue.get()
            if job is _STOP:
                break
            assert callable(job)
            self._do(job)
            now = time.monotonic()
            if self._queue.empty() or now - synced >= self.sync_every:
                self._do(self.writer.sync)
                synced = now
        self._do(self.writer.close)

    def _do(self, job: Callable[[], None]) -> None:
        try:
            job()
        except Exception:  # a bug in a record must not stop the archive for the rest of the crawl
            self.writer.counts.failed += 1
            logger.exception("WARC archive: a record could not be written")
