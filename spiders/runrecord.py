"""Records every crawl in the store's run history when the spider closes, however the crawl was started
(``akhbar crawl``, its ``--every`` children, scrapyd, a distributed worker); prunes runs older than
``AKHBAR_RUNS_KEEP_DAYS`` and writes the Prometheus textfile (``AKHBAR_METRICS_TEXTFILE``) after it.

A run that cannot be recorded never fails the crawl: it is logged, counted (``akhbar/runs/record_failed``)
and said in the summary. Off with ``AKHBAR_RUNS_RECORD = False``.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings

from crawler import __version__
from crawler import stats as keys
from crawler.app.report import SHARED, build_reports, exit_code, read_listings, worker_exit_code
from crawler.items import Article
from crawler.monitoring.metrics import write_textfile
from crawler.monitoring.runs import DATES_CHECKED, build_run, date_check, settings_diff
from crawler.store import StorageError, open_store
from crawler.store.base import utc_iso
from crawler.store.runs import RunRecord

logger = logging.getLogger(__name__)


class RunRecorder:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.store_uri: str = settings.get("AKHBAR_STORE_URI")
        self.keep_days = settings.getfloat("AKHBAR_RUNS_KEEP_DAYS")
        self.past_days = settings.getfloat("AKHBAR_ALERT_PAST_DAYS")
        self.textfile: str | None = settings.get("AKHBAR_METRICS_TEXTFILE") or None
        self.started = datetime.now(UTC)
        self.dates: defaultdict[str, Counter[str]] = defaultdict(Counter)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunRecorder:
        if not crawler.settings.getbool("AKHBAR_RUNS_RECORD"):
            raise NotConfigured("AKHBAR_RUNS_RECORD is off")
        recorder = cls(crawler)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def spider_opened(self, spider: Spider) -> None:
        self.started = datetime.now(UTC)

    def item_scraped(self, item: Any, spider: Spider) -> None:
        """Date checks of each stored article (undated, in the future, far in the past)."""
        if isinstance(item, Article) and item.source_id:
            tally = self.dates[item.source_id]
            tally[DATES_CHECKED] += 1
            verdict = date_check(item.published_at, item.fetched_at, self.past_days)
            if verdict:
                tally[verdict] += 1

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats
        assert stats is not None
        values = stats.get_stats()
        settings = self.crawler.settings
        backfill = bool(settings.get("AKHBAR_BACKFILL_SINCE"))
        sources = spider.selected_sources() if hasattr(spider, "selected_sources") else []
        reports = build_reports(values, [(s.id, 0 if backfill else len(s.inputs)) for s in sources])
        worker = values.get(keys.total_key(keys.QUEUE_WORKER)) is not None
        statuses = [(r.source_id, r.status, r.error) for r in reports]
        if worker:  # a shared crawl's worker: its own listings' statuses; others' articles it fetched as "shared"
            statuses = [
                (r.source_id, r.status if read_listings(r) else SHARED, r.error)
                for r in reports
                if read_listings(r) or any(r.counts.values())
            ]
        info = RunRecord(
            id=uuid.uuid4().hex,
            started_at=utc_iso(self.started),
            finished_at=utc_iso(datetime.now(UTC)),
            finish_reason=reason,
            exit_code=worker_exit_code(reports) if worker else exit_code(reports),
            version=__version__,
            mode="backfill" if backfill else "crawl",
            settings=settings_diff(dict(settings.copy_to_dict()), _defaults()),
        )
        run = build_run(info, values, statuses, self.dates)
        try:
            with open_store(self.store_uri) as store:
                store.record_run(run)
                pruned = store.prune_runs(utc_iso(self.started - timedelta(days=self.keep_days)))
                history = store.runs() if self.textfile else []
        except StorageError as exc:
            logger.error("run %s not recorded in the run history: %s", run.id, exc)
            stats.inc_value(keys.total_key(keys.RUNS_RECORD_FAILED))
            stats.set_value(keys.total_key(keys.RUNS_LAST_ERROR), str(exc))
            return
        stats.inc_value(keys.total_key(keys.RUNS_RECORDED))
        logger.info("run %s recorded (%d old runs pruned)", run.id, pruned)
        if self.textfile:
            try:
                write_textfile(self.textfile, history)
            except OSError as exc:
                logger.error("metrics textfile %s not written: %s", self.textfile, exc)


def _defaults() -> dict[str, Any]:
    """Scrapy's defaults with Akhbar's base settings: what a run's settings are compared with."""
    defaults = Settings()
    defaults.setmodule("settings.base", priority="project")
    return dict(defaults.copy_to_dict())
