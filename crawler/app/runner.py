"""Running a crawl in this process (for the CLI): settings from a profile, the summary, the exit code."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler.app.report import EXIT_OK, backfill_line, build_reports, exit_code, format_table, read_listings
from crawler.archive.naming import warc_dir
from crawler.net.useragent import user_agent
from crawler.sources import load_sources, select_sources
from crawler.stats import (
    MONITORS_FAILED,
    MONITORS_REPORT,
    QUEUE_LEFT_UNFINISHED,
    QUEUE_RECLAIMED,
    QUEUE_SEEDED,
    QUEUE_TAKEN,
    QUEUE_WORKER,
    RUNS_LAST_ERROR,
    RUNS_RECORD_FAILED,
    STORED,
    UPDATED,
    WARC_BYTES,
    WARC_DIR,
    WARC_FAILED,
    WARC_FILES,
    WARC_LAST_ERROR,
    WARC_RECORDS,
    WARC_REVISITS,
    total_key,
)
from crawler.store import StorageError, open_store, store_uri_from_path
from crawler.store.render import render_text

DEFAULT_TTY_LOG = "data/logs/crawl.log"


@dataclass(frozen=True, slots=True)
class CrawlOptions:
    sources_file: str | None = None
    source_ids: tuple[str, ...] = ()
    store_uri: str = "sqlite:///data/akhbar.db"
    profile: str = "prod"
    overrides: Mapping[str, str] = field(default_factory=dict)
    log_file: str | None = None


def crawl_settings(options: CrawlOptions) -> Settings:
    """The profile's settings with the run's sources and store, then the ``--set`` overrides."""
    settings = Settings()
    settings.setmodule(f"settings.{options.profile}", priority="project")
    settings.set("AKHBAR_SOURCES_FILE", options.sources_file, priority="cmdline")
    settings.set("AKHBAR_SOURCE_IDS", list(options.source_ids), priority="cmdline")
    settings.set("AKHBAR_STORE_URI", options.store_uri, priority="cmdline")
    log_file = options.log_file or (DEFAULT_TTY_LOG if sys.stderr.isatty() else None)
    if log_file:
        # On a terminal the live table owns the screen; the log goes to a file.
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        settings.set("LOG_FILE", log_file, priority="cmdline")
    for name, value in options.overrides.items():
        settings.set(name, value, priority="cmdline")
    if "AKHBAR_CONTACT_URL" in options.overrides and "USER_AGENT" not in options.overrides:
        settings.set("USER_AGENT", user_agent(settings["AKHBAR_CONTACT_URL"]), priority="cmdline")
    return settings


class _PromptStopProcess(CrawlerProcess):
    """``CrawlerProcess`` whose graceful stop does not wait for requests that were never sent."""

    def _signal_shutdown(self, signum: int, frame: Any) -> None:
        from twisted.internet import reactor

        from spiders.shutdown import drop_queued_downloads

        super()._signal_shutdown(signum, frame)
        for crawler in self.crawlers:
            reactor.callFromThread(drop_queued_downloads, crawler)


def run_crawl(options: CrawlOptions) -> int:
    """Crawl, print the per-source summary, and return the exit code (0, 1 or 3)."""
    from spiders.feeds import FeedsSpider

    sources = select_sources(load_sources(options.sources_file), options.source_ids)  # errors before any request
    open_store(options.store_uri).close()  # an unusable store too: StorageError, exit 2, before any request
    settings = crawl_settings(options)
    _check_warc_dir(settings)
    process = _PromptStopProcess(settings)
    crawler = process.create_crawler(FeedsSpider)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    backfill = settings.get("AKHBAR_BACKFILL_SINCE")
    # A backfill's sitemaps are found as it walks: the summary counts those it tried.
    reports = build_reports(stats, [(s.id, 0 if backfill else len(s.inputs)) for s in sources])
    shared = queue_line(stats)
    if shared:  # a worker of a shared crawl answers for the listings it read; its articles are in `shared`
        reports = [r for r in reports if read_listings(r)]
    print(format_table(reports))
    if backfill:
        print(backfill_line(reports, backfill, settings.get("AKHBAR_BACKFILL_UNTIL")))
    reason = stats.get("finish_reason", "unknown")
    if reason == "shutdown":  # SIGTERM or Ctrl-C: pages in flight were finished and stored, the rest left
        stored = sum(int(stats.get(total_key(k), 0) or 0) for k in (STORED, UPDATED))
        rest = "the same `akhbar backfill` continues" if backfill else "the rest will be fetched by the next run"
        print(f"crawl stopped by signal (shutdown): {stored} articles stored, {rest}", file=sys.stderr)
    elif reason != "finished":
        print(f"crawl stopped early: {reason}", file=sys.stderr)
    print(f"articles are in {options.store_uri}", file=sys.stderr)
    archived = archive_line(stats)
    if archived:
        print(archived, file=sys.stderr)
    if settings.get("LOG_FILE"):
        print(f"log: {settings.get('LOG_FILE')}", file=sys.stderr)
    monitored = monitors_line(stats)
    if monitored:
        print(monitored, file=sys.stderr)
    if stats.get(total_key(RUNS_RECORD_FAILED)):  # the crawl itself is unaffected: said, not failed
        print(f"run history: this run was NOT recorded: {stats.get(total_key(RUNS_LAST_ERROR))}", file=sys.stderr)
    if shared:
        print(shared, file=sys.stderr)
        if not reports:
            return EXIT_OK  # the other workers did this run's work
    return exit_code(reports)


def _check_warc_dir(settings: Settings) -> None:
    """The WARC folder can be made (else StorageError, exit 2, before any request)."""
    directory = warc_dir(settings.get("AKHBAR_STORE_URI"), settings.get("AKHBAR_WARC_DIR"))
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot create the WARC folder {directory}: {exc} (AKHBAR_WARC_DIR= turns it off)") from exc


def archive_line(stats: Mapping[str, Any]) -> str | None:
    """The summary's line about the WARC archive, or None when it was off."""
    directory = stats.get(total_key(WARC_DIR))
    if directory is None:
        return None
    records = int(stats.get(total_key(WARC_RECORDS), 0) or 0)
    size = int(stats.get(total_key(WARC_BYTES), 0) or 0)
    files = len(stats.get(total_key(WARC_FILES)) or ())
    revisits = int(stats.get(total_key(WARC_REVISITS), 0) or 0)
    line = f"WARC archive: {directory} ({records} records, {size / 1e6:.1f} MB in {files} files this run"
    line += f"; {revisits} revisits of payloads already archived)" if revisits else ")"
    failed = int(stats.get(total_key(WARC_FAILED), 0) or 0)
    if failed:
        line += f"; {failed} records NOT archived: {stats.get(total_key(WARC_LAST_ERROR))}"
    return line


def queue_line(stats: Mapping[str, Any]) -> str | None:
    """The summary's line of a worker of a shared crawl, or None for an ordinary crawl."""
    worker = stats.get(total_key(QUEUE_WORKER))
    if worker is None:
        return None
    counts = {k: int(stats.get(total_key(k), 0) or 0) for k in (QUEUE_TAKEN, QUEUE_LEFT_UNFINISHED, QUEUE_RECLAIMED)}
    stored = sum(int(stats.get(total_key(k), 0) or 0) for k in (STORED, UPDATED))
    line = f"worker {worker}: {counts[QUEUE_TAKEN]} requests taken from the shared queue, {stored} articles stored"
    line += ", seeded the run" if stats.get(total_key(QUEUE_SEEDED)) else ""
    if counts[QUEUE_RECLAIMED]:
        line += f", {counts[QUEUE_RECLAIMED]} requests of dead workers put back"
    if counts[QUEUE_LEFT_UNFINISHED]:
        line += f", {counts[QUEUE_LEFT_UNFINISHED]} unfinished ones put back as it left"
    return line


def monitors_line(stats: Mapping[str, Any]) -> str | None:
    """The summary's line about the Spidermon monitors, or None when they were off."""
    report = stats.get(total_key(MONITORS_REPORT))
    if report is None:
        return None
    failed = int(stats.get(total_key(MONITORS_FAILED), 0) or 0)
    return f"monitors: {f'{failed} FAILED' if failed else 'all passed'}, report in {report}"


def run_demo(db: Path) -> int:
    """Serve the demo outlets on 127.0.0.1, crawl them into a fresh ``db``, show one article."""
    from crawler.demo import DemoServer, sources_toml

    for suffix in ("", "-wal", "-shm", ".spool.jsonl"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    # The demo's WARC files go beside its database, apart from a real crawl's archive (data/warc).
    archive = db.with_name(f"{db.stem}-warc")
    shutil.rmtree(archive, ignore_errors=True)
    with DemoServer() as server, tempfile.TemporaryDirectory(prefix="akhbar-demo-") as tmp:
        sources_file = Path(tmp) / "demo-sources.toml"
        sources_file.write_text(sources_toml(server.base_url), encoding="utf-8")
        print(f"demo outlets serving at {server.base_url}", file=sys.stderr)
        code = run_crawl(
            CrawlOptions(
                sources_file=str(sources_file),
                store_uri=store_uri_from_path(str(db)),
                profile="test",
                overrides={"AKHBAR_WARC_DIR": str(archive)},
                log_file=None,
            )
        )
    with open_store(store_uri_from_path(str(db))) as store:
        sample = next((a for a in store.iter_articles() if a.highlights), None)
        total = store.count()
    print(f"\n{total} articles stored in {db}. One of them (akhbar show {sample.id if sample else ''} --db {db}):\n")
    if sample is not None:
        print(render_text(sample))
    return code
