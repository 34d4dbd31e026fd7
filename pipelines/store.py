"""Write articles to the store (upsert by canonical address), counting new, updated and unchanged.

Writes are batched: articles wait (at most ``AKHBAR_STORE_BATCH_DELAY`` seconds) until
``AKHBAR_STORE_BATCH`` of them can go in one transaction, so the per-commit cost is paid once per
batch and the store is never what the crawl waits for. Each article's outcome is known when its
batch is written: the same text already stored at the same outlet is dropped (``duplicate_content``),
at another outlet it is stored and linked (``syndicated``). A refused page (``RefusedPage``) is kept
with its raw response for a later ``akhbar reextract`` (``refused_kept``). The time spent writing is
counted in ``akhbar/storage_seconds``.

Nothing is lost when the store fails (a database locked for long, a full disk, a read-only file): the
article goes to the spool (``crawler/store/spool.py``, beside the database), the source's summary line says
where, and the next run stores the spool before it crawls. After a failed write the store is left
alone for ``AKHBAR_STORE_RETRY_AFTER`` seconds, articles going straight to the spool, so a locked
database costs one busy timeout (``AKHBAR_STORE_BUSY_TIMEOUT``), not one per article.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler import stats as keys
from crawler.items import Article, Item, RefusedPage
from crawler.store import SqliteStore, StorageError, Store
from crawler.store.spool import Spool, SpoolLineError, spool_path
from pipelines.batching import KEPT, BatchWriter
from pipelines.drops import DuplicateContent, StorageFailed, drop
from pipelines.storehandle import store_for

logger = logging.getLogger(__name__)

# Stats key (a total, seconds): wall time spent writing batches, for the share of the crawl it takes.
STORAGE_SECONDS = "storage_seconds"


class KeptInSpool(DropItem):
    """Not stored in this run but kept in the spool, which the next run stores (not counted as dropped)."""

    reason = "spooled"


class StorePipeline:
    def __init__(
        self,
        crawler: Crawler,
        spool: Spool,
        *,
        busy_timeout: float,
        retry_after: float,
        batch_size: int = 1,
        batch_delay: float = 0.2,
        writer_thread: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.crawler = crawler
        self.spool = spool
        self.busy_timeout = busy_timeout
        self.retry_after = retry_after
        self.clock = clock
        self._failure: str | None = None  # the last storage error, while the store is failing
        self._retry_at = 0.0  # until then, articles go straight to the spool
        self._reported = False  # the run's one ERROR line about the store
        self._spooled: Counter[str | None] = Counter()  # per source, for its summary line
        self.writer = BatchWriter(
            crawler.settings.get("AKHBAR_STORE_URI"),
            size=batch_size,
            delay=batch_delay,
            thread=writer_thread,
            busy_timeout=busy_timeout,
            store=lambda: store_for(crawler),
            skip=lambda: self._failure is not None and self.clock() < self._retry_at,
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        settings = crawler.settings
        path = spool_path(settings.get("AKHBAR_STORE_URI"), settings.get("AKHBAR_SPOOL_FILE") or None)
        return cls(
            crawler,
            Spool(path),
            busy_timeout=settings.getfloat("AKHBAR_STORE_BUSY_TIMEOUT"),
            retry_after=settings.getfloat("AKHBAR_STORE_RETRY_AFTER"),
            batch_size=max(settings.getint("AKHBAR_STORE_BATCH", 1), 1),
            batch_delay=settings.getfloat("AKHBAR_STORE_BATCH_DELAY", 0.2),
            writer_thread=settings.getbool("AKHBAR_STORE_WRITER_THREAD", False),
        )

    def open_spider(self) -> None:
        store = store_for(self.crawler)  # fail at start, not at the first article, when the store is unusable
        if isinstance(store, SqliteStore):
            store.set_busy_timeout(self.busy_timeout)
        if self.spool.exists():
            self._replay(store)

    async def process_item(self, item: Item) -> Item:
        result = await self.writer.write(item)
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value(keys.total_key(STORAGE_SECONDS), round(self.writer.seconds, 3))
        if isinstance(result, StorageError):
            self._failed(result)
            result = None
        if result is None:
            raise self._keep(item)
        self._recovered()
        if isinstance(item, RefusedPage):
            assert result == KEPT
            keys.count(stats, item.source_id, keys.REFUSED_KEPT)
            return item
        assert result != KEPT
        if result.same_text_as is not None:
            raise drop(self.crawler, item, DuplicateContent, f"same text as article {result.same_text_as}")
        if result.duplicate_of is not None and result.created:
            keys.count(stats, item.source_id, keys.SYNDICATED)
        counter = keys.STORED if result.created else keys.UPDATED if result.changed else keys.UNCHANGED
        keys.count(stats, item.source_id, counter)
        item.id = result.id
        item.duplicate_of = result.duplicate_of
        return item

    async def close_spider(self) -> None:
        await self.writer.close()

    def _keep(self, item: Item) -> DropItem:
        """Append the article to the spool; the exception to raise says whether it was kept or lost."""
        stats = self.crawler.stats
        assert stats is not None
        try:
            self.spool.append(item)
        except OSError as exc:
            logger.error(
                "Lost %s: the store failed (%s) and %s cannot be written: %s",
                item.url,
                self._failure,
                self.spool.path,
                exc,
            )
            keys.note_error(
                stats, item.source_id, f"storage: {self._failure}; articles lost, cannot write {self.spool.path}: {exc}"
            )
            return drop(self.crawler, item, StorageFailed, f"{self._failure}; not kept in {self.spool.path}: {exc}")
        self._spooled[item.source_id] += 1
        keys.count(stats, item.source_id, keys.SPOOLED)
        kept = _articles(self._spooled[item.source_id])
        keys.note_error(
            stats, item.source_id, f"storage: {self._failure}; {kept} kept in {self.spool.path}, loaded by the next run"
        )
        return KeptInSpool(f"spooled: {item.url} kept in {self.spool.path}: {self._failure}", log_level="DEBUG")

    def _failed(self, exc: StorageError) -> None:
        # Per source, the cause and the database ("database is locked (sqlite:///a.db)"); the full
        # message names the article that met it, which would be misleading under another source.
        uri = self.crawler.settings.get("AKHBAR_STORE_URI")
        self._failure = f"{exc.__cause__} ({uri})" if exc.__cause__ is not None else str(exc)
        self._retry_at = self.clock() + self.retry_after
        if self._reported:
            logger.info("The store still fails: %s", exc)
            return
        self._reported = True
        logger.error(
            "Storage failed: %s. Articles not stored are kept in %s and stored by the next run (database: %s); "
            "the store is tried again every %g s",
            exc,
            self.spool.path,
            uri,
            self.retry_after,
        )

    def _recovered(self) -> None:
        if self._failure is not None:
            logger.warning(
                "The store works again; %s spooled so far stay in %s for the next run",
                _articles(self._spooled.total()),
                self.spool.path,
            )
            self._failure = None

    def _replay(self, store: Store) -> None:
        """Store the articles earlier runs spooled; the spool keeps the ones that fail again."""
        stats = self.crawler.stats
        assert stats is not None
        keep: set[int] = set()
        replayed = 0
        try:
            for line_no, item in self.spool.load(on_bad=self._bad_line):
                if self._failure is None:
                    try:
                        if isinstance(item, Article):
                            store.upsert(item)
                        else:
                            store.keep_refused([item])
                    except StorageError as exc:
                        self._failed(exc)
                    else:
                        replayed += 1
                        keys.count(stats, item.source_id, keys.SPOOL_REPLAYED)
                        continue
                keep.add(line_no)
            self.spool.rewrite(keep)
        except OSError as exc:  # the stored ones are stored again next time: an upsert is idempotent
            logger.error("Cannot read or rewrite the spool %s: %s; it is left as it is", self.spool.path, exc)
            return
        logger.info("Stored %s kept by earlier runs in %s", _articles(replayed), self.spool.path)
        if keep:
            logger.warning("%s stay in %s for the next run", _articles(len(keep)), self.spool.path)

    def _bad_line(self, error: SpoolLineError) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(keys.total_key(keys.SPOOL_CORRUPT))
        logger.error("%s", error)


# SQLite errors of the database as a whole (locked, busy, full, read-only, I/O), not of one article.
_OUTAGE_WORDS = ("locked", "busy", "full", "readonly", "read-only", "disk i/o", "unable to open")


def _articles(n: int) -> str:
    return f"{n} article" if n == 1 else f"{n} articles"
