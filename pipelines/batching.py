"""Batched store writes for the store pipeline: articles wait (at most ``delay`` seconds) until ``size``
of them can go in one transaction, written by a thread of their own on its own connection.

The per-commit cost is paid once per batch, and the reactor keeps downloading while SQLite (which
releases the GIL) writes. Each article's caller gets its own outcome: an ``UpsertResult`` (``KEPT``
for a refused page), the ``StorageError`` its write met, or ``None`` when the batch was not attempted
(the store is known to be down). Batches are written in the order they were made; a batch's refused
pages are written just before its articles.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import Any, Final, Literal

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.threads import deferToThreadPool
from twisted.python.threadpool import ThreadPool

from crawler.items import Article, Item, RefusedPage
from crawler.store import SqliteStore, StorageError, Store, open_store
from crawler.store.base import UpsertResult

# The outcome of a refused page written to the store.
KEPT: Final = "kept"
Written = UpsertResult | Literal["kept"]
Outcome = Written | StorageError | None
# PostgreSQL SQLSTATE classes of the server as a whole: connection exception, transaction rollback
# (serialization failure, deadlock), insufficient resources (disk full, out of memory), operator
# intervention (shutdown), system error.
_PG_OUTAGE_CLASSES = frozenset({"08", "40", "53", "57", "58"})
# SQLite result codes of the database as a whole, not of one article (primary codes: the low byte).
_OUTAGE_CODES = frozenset(
    (
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_CANTOPEN,
    )
)


class BatchWriter:
    def __init__(
        self,
        uri: str,
        *,
        size: int,
        delay: float,
        thread: bool,
        busy_timeout: float,
        store: Callable[[], Store],
        skip: Callable[[], bool],
    ) -> None:
        self.uri = uri
        self.size = max(size, 1)
        self.delay = delay
        self.thread = thread  # False: written in the caller's thread on ``store()``'s connection
        self.busy_timeout = busy_timeout
        self.store = store
        self.skip = skip  # True while the store is known to be down: batches are not attempted
        self.seconds = 0.0  # time spent writing, for the share of the crawl it takes
        self._batch: list[tuple[Item, Deferred[None], list[Outcome]]] = []
        self._timer: Any = None  # the pending flush (a Twisted DelayedCall)
        self._pool: ThreadPool | None = None  # one thread: batches are written in order
        self._thread_store: Store | None = None  # the writer thread's own connection
        self._in_flight: list[Deferred[None]] = []

    async def write(self, item: Item) -> Outcome:
        """The item's outcome once its batch has been written."""
        waiting: Deferred[None] = Deferred()
        outcome: list[Outcome] = []
        self._batch.append((item, waiting, outcome))
        if len(self._batch) >= self.size:
            self.flush()
        elif self._timer is None:
            from twisted.internet import reactor  # imported late: importing it installs one

            self._timer = reactor.callLater(self.delay, self.flush)  # type: ignore[arg-type]  # zope interface stub
        if not outcome:  # written later, with its batch
            await maybe_deferred_to_future(waiting)
        return outcome[0]

    def flush(self) -> None:
        """Write the waiting articles now."""
        if self._timer is not None and self._timer.active():
            self._timer.cancel()
        self._timer = None
        batch, self._batch = self._batch, []
        if not batch:
            return
        if self.skip():
            self._deliver(batch, [None] * len(batch), 0.0)
            return
        items = [item for item, _, _ in batch]
        if not self.thread:
            started = time.perf_counter()
            outcomes = write_batch(self.store(), items)
            self._deliver(batch, outcomes, time.perf_counter() - started)
            return
        from twisted.internet import reactor  # imported late: importing it installs one

        if self._pool is None:
            self._pool = ThreadPool(minthreads=1, maxthreads=1, name="akhbar-store")
            self._pool.start()
        writing = deferToThreadPool(reactor, self._pool, self._write_in_thread, items)

        def done(result: tuple[list[Written | StorageError], float]) -> None:
            self._in_flight.remove(written)
            self._deliver(batch, *result)

        written: Deferred[None] = writing.addCallback(done)
        self._in_flight.append(written)

    async def close(self) -> None:
        """Write what waits, wait for the batches in flight, close the thread's connection."""
        self.flush()
        while self._in_flight:
            await maybe_deferred_to_future(self._in_flight[0])
        if self._pool is not None:
            from twisted.internet import reactor  # imported late: importing it installs one

            await maybe_deferred_to_future(deferToThreadPool(reactor, self._pool, self._close_thread_store))
            self._pool.stop()
            self._pool = None

    def _write_in_thread(self, items: list[Item]) -> tuple[list[Written | StorageError], float]:
        """In the writer thread, on its own connection (SQLite lets it write while the reactor reads)."""
        started = time.perf_counter()
        try:
            if self._thread_store is None:
                self._thread_store = open_store(self.uri)
                if isinstance(self._thread_store, SqliteStore):
                    self._thread_store.set_busy_timeout(self.busy_timeout)
        except StorageError as exc:
            return [exc] * len(items), time.perf_counter() - started
        return write_batch(self._thread_store, items), time.perf_counter() - started

    def _close_thread_store(self) -> None:
        if self._thread_store is not None:
            self._thread_store.close()
            self._thread_store = None

    def _deliver(
        self,
        batch: list[tuple[Item, Deferred[None], list[Outcome]]],
        outcomes: list[Written | StorageError] | list[None],
        seconds: float,
    ) -> None:
        self.seconds += seconds
        for (_, waiting, outcome), result in zip(batch, outcomes, strict=True):
            outcome.append(result)
            waiting.callback(None)


def write_batch(store: Store, items: list[Item]) -> list[Written | StorageError]:
    """Each item's result, written in one transaction per kind; if that fails for one bad item (not for
    the database as a whole), each is written alone so that the others do not share its fate."""
    try:
        return _write(store, items)
    except StorageError as exc:
        if len(items) == 1 or is_outage(exc):
            return [exc] * len(items)
    outcomes: list[Written | StorageError] = []
    for item in items:
        try:
            outcomes.extend(_write(store, [item]))
        except StorageError as exc:
            outcomes.append(exc)
    return outcomes


def _write(store: Store, items: list[Item]) -> list[Written]:
    # Refused pages first: written again after a failure, they are replaced, where articles written
    # twice would count as unchanged the second time.
    refused = [item for item in items if isinstance(item, RefusedPage)]
    if refused:
        store.keep_refused(refused)
    results = iter(store.upsert_many([item for item in items if isinstance(item, Article)]))
    return [next(results) if isinstance(item, Article) else KEPT for item in items]


def is_outage(exc: StorageError) -> bool:
    """The database as a whole fails (locked, full, read-only, unreachable…), not one article's write."""
    cause = exc.__cause__
    code = getattr(cause, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _OUTAGE_CODES
    # A psycopg error: its SQLSTATE's class; none at all is a client-side failure (connection lost, no
    # connection free in the pool), the server as a whole.
    if hasattr(cause, "sqlstate"):
        sqlstate = cause.sqlstate
        return not isinstance(sqlstate, str) or sqlstate[:2] in _PG_OUTAGE_CLASSES
    return False
