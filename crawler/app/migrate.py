"""Copy one store into another (``akhbar migrate``): articles with their raw responses, refused pages,
pending entries, feed states and the run history (runs and the alerts sent), through the ``Store``
interface only.

Streaming: articles and refused pages are read one at a time and written ``batch_size`` at a time.
Resumable: an article whose copy in the target already has the same fields is skipped (its raw
response was written in the same transaction), as is a refused page already kept; pending entries and
feed states are idempotent writes; a run already in the target (by its id) is skipped. Ids differ
between stores: ``duplicate_of`` is remapped through the original's key, and an original not yet in the
target is copied first. The counts of both stores are compared at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from crawler.items import Article, RefusedPage
from crawler.store.base import Store
from crawler.urls import article_key

# How many remapped ``duplicate_of`` ids are remembered (source id → target id) before the memo restarts.
_LINK_MEMO_SIZE = 10_000


@dataclass(frozen=True, slots=True)
class MigrateOptions:
    """``batch_size``: rows per write transaction. ``progress_every``: rows read between progress calls."""

    batch_size: int = 200
    progress_every: int = 1000


@dataclass(slots=True)
class MigrateReport:
    """What a copy did, per table, and the counts of both stores afterwards (``counts[table] = (source,
    target)``). ``links_lost``: copies whose original could not be found in the source (written unlinked)."""

    articles_written: int = 0
    articles_skipped: int = 0
    refused_written: int = 0
    refused_skipped: int = 0
    pending_written: int = 0
    feed_states_written: int = 0
    runs_written: int = 0
    alerts_written: int = 0
    links_lost: int = 0
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)

    def mismatches(self) -> list[str]:
        """One line per table whose counts differ, e.g. ``articles: source 10, target 9``."""
        return [
            f"{table}: source {source}, target {target}"
            for table, (source, target) in self.counts.items()
            if source != target
        ]

    def to_dict(self) -> dict[str, object]:
        return {
            "articles_written": self.articles_written,
            "articles_skipped": self.articles_skipped,
            "refused_written": self.refused_written,
            "refused_skipped": self.refused_skipped,
            "pending_written": self.pending_written,
            "feed_states_written": self.feed_states_written,
            "runs_written": self.runs_written,
            "alerts_written": self.alerts_written,
            "links_lost": self.links_lost,
            "counts": {table: {"source": s, "target": t} for table, (s, t) in self.counts.items()},
            "mismatches": self.mismatches(),
        }


Progress = Callable[[str, int], None]


def migrate(
    source: Store, target: Store, options: MigrateOptions = MigrateOptions(), progress: Progress | None = None
) -> MigrateReport:
    """Copy every row of ``source`` into ``target``; ``progress(table, rows_read)`` is called every
    ``options.progress_every`` rows and at the end of each table. ``StorageError`` when a store fails
    (what was written stays: run again to resume)."""
    report = MigrateReport()
    tell = progress or (lambda table, done: None)
    _ArticleCopy(source, target, options, report, tell).run()
    _copy_refused(source, target, options, report, tell)
    _copy_pending(source, target, options, report, tell)
    for state in source.feed_states():
        target.save_feed_state(state)
        report.feed_states_written += 1
    tell("feed_states", report.feed_states_written)
    _copy_history(source, target, report, tell)
    report.counts = {
        "articles": (source.count(), target.count()),
        "refused_pages": (source.count_refused(), target.count_refused()),
        "pending": (sum(source.pending_counts().values()), sum(target.pending_counts().values())),
        "feed_states": (len(source.feed_states()), len(target.feed_states())),
        "runs": (len(source.runs()), len(target.runs())),
        "alerts_sent": (len(source.sent_alerts()), len(target.sent_alerts())),
    }
    return report


class _ArticleCopy:
    """The articles pass: read in ``iter_articles`` order, skip those already copied, write in batches."""

    def __init__(
        self, source: Store, target: Store, options: MigrateOptions, report: MigrateReport, tell: Progress
    ) -> None:
        self.source, self.target, self.options, self.report, self.tell = source, target, options, report, tell
        self.batch: list[Article] = []
        self.links: dict[int, int] = {}  # source id → target id of originals

    def run(self) -> None:
        read = 0
        for article in self.source.iter_articles():
            read += 1
            self._copy(article)
            if read % self.options.progress_every == 0:
                self.tell("articles", read)
        self._flush()
        self.tell("articles", read)

    def _copy(self, article: Article) -> None:
        assert article.id is not None
        source_id = article.id
        linked = self._target_id(article.duplicate_of) if article.duplicate_of is not None else None
        if article.duplicate_of is not None and linked is None:
            self.report.links_lost += 1
        wanted = replace(article, id=None, duplicate_of=linked)
        there = self.target.find(article_key(article.url, article.canonical_url))
        if there is not None and replace(there, id=None) == wanted:
            self.report.articles_skipped += 1
            return
        wanted.raw = self.source.get_raw(source_id)
        self.batch.append(wanted)
        if len(self.batch) >= self.options.batch_size:
            self._flush()

    def _flush(self) -> None:
        if self.batch:
            self.target.upsert_many(self.batch)
            self.report.articles_written += len(self.batch)
            self.batch = []

    def _target_id(self, source_id: int) -> int | None:
        """The target's id of the source's article ``source_id`` (copied now if it is not there yet)."""
        if source_id in self.links:
            return self.links[source_id]
        original = self.source.get(source_id)
        if original is None:
            return None
        key = article_key(original.url, original.canonical_url)
        there = self.target.find(key)
        if there is None:
            self._flush()  # it may be waiting in the batch
            there = self.target.find(key)
        if there is None:  # an original read later in the order: copied first, left unlinked itself
            original = replace(original, id=None, duplicate_of=None)
            original.raw = self.source.get_raw(source_id)
            result = self.target.upsert(original)
            self.report.articles_written += 1
            target_id = result.id
        else:
            assert there.id is not None
            target_id = there.id
        if len(self.links) >= _LINK_MEMO_SIZE:
            self.links.clear()
        self.links[source_id] = target_id
        return target_id


def _copy_refused(source: Store, target: Store, options: MigrateOptions, report: MigrateReport, tell: Progress) -> None:
    batch: list[RefusedPage] = []
    read = 0
    for page in source.iter_refused():
        read += 1
        if target.get_refused(page.url) == page:
            report.refused_skipped += 1
        else:
            batch.append(page)
        if len(batch) >= options.batch_size:
            target.keep_refused(batch)
            report.refused_written += len(batch)
            batch = []
        if read % options.progress_every == 0:
            tell("refused_pages", read)
    target.keep_refused(batch)
    report.refused_written += len(batch)
    tell("refused_pages", read)


def _copy_pending(source: Store, target: Store, options: MigrateOptions, report: MigrateReport, tell: Progress) -> None:
    """Each source's pending entries, a page at a time, in the source's order (``add_pending`` keeps
    an entry already pending, so a second run adds nothing)."""
    read = 0
    for source_id in sorted({source_id for source_id, _ in source.pending_counts()}):
        offset = 0
        while page := source.pending_entries(source_id, limit=options.batch_size, offset=offset):
            report.pending_written += target.add_pending(page)
            offset += len(page)
            read += len(page)
    tell("pending", read)


def _copy_history(source: Store, target: Store, report: MigrateReport, tell: Progress) -> None:
    """The run history (kept for ``AKHBAR_RUNS_KEEP_DAYS``, so it fits in memory) and the alerts sent, so the
    target's reports and alerts go on where the source's stopped instead of sending every alert again."""
    there = {run.id for run in target.runs()}
    for run in source.runs():
        if run.id not in there:
            target.record_run(run)
            report.runs_written += 1
    tell("runs", report.runs_written)
    sent = source.sent_alerts()
    known = {alert.key for alert in target.sent_alerts()}
    fresh = [alert for alert in sent if alert.key not in known]
    if fresh:
        target.update_alerts(fresh, ())
    report.alerts_written = len(fresh)
    tell("alerts_sent", report.alerts_written)
