"""The ``akhbar`` command line: parse arguments, hand over to the work functions, map outcomes to exit codes.

Exit codes: 0 success; 1 nothing fetched / not found; 2 usage or configuration error; 3 some sources
failed; 4 another crawl holds the database's run lock.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import signal
import sys
import threading
import urllib.request
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler import __version__
from crawler.app import cli_monitor, cli_queue, cli_search, cli_serve, cli_sources, cli_warc
from crawler.app.ingest import IngestOptions, WarcTally, ingest_warcs, render_counts, warc_captures
from crawler.app.lock import LockBusy
from crawler.app.reextract import Note, ProgressLine, ReextractOptions, reextract
from crawler.app.report import (
    EXIT_ALL_FAILED,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_PIPE_CLOSED,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
)
from crawler.app.schedule import parse_interval, run_every, run_in_subprocess
from crawler.extraction.extract import ExtractOptions, NotAnArticle, extract_article, options_for
from crawler.extraction.workers import default_pool_size
from crawler.listings.backfill import date_range
from crawler.listings.window import window_start
from crawler.sources import SourcesError, load_sources, select_sources, source_for_url
from crawler.store import StorageError, open_store, store_uri_from_path
from crawler.store.base import parse_date_bound
from crawler.store.export import FORMATS, write_export
from crawler.store.render import render_text
from crawler.urls import is_http_url

DEFAULT_DB = "data/akhbar.db"
_FETCH_TIMEOUT = 30


class UsageError(Exception):
    """A command line or configuration problem (exit code 2)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="akhbar", description="Collect Arabic news from outlets' feeds.")
    parser.add_argument("--version", action="version", version=f"akhbar {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    crawl = sub.add_parser("crawl", help="crawl the sources' feeds into the store")
    _add_sources_args(crawl, with_ids=True)
    _add_db_arg(crawl)
    _add_run_args(crawl)
    crawl.add_argument("--since", metavar="DATE", help="skip listed articles published before DATE (ISO)")
    crawl.add_argument("--max-age", type=float, metavar="HOURS", help="skip listed articles older than HOURS")
    crawl.add_argument(
        "--revisit-hours",
        type=float,
        metavar="HOURS",
        help="fetch stored articles younger than HOURS again, for corrections (default: per source, 0)",
    )
    crawl.add_argument("--all-feeds", action="store_true", help="ask every enabled feed, due or not")
    crawl.add_argument(
        "--every", metavar="INTERVAL", help="repeat the crawl every INTERVAL (30m, 2h, 1h30m) until stopped"
    )
    crawl.add_argument("--lock-held", action="store_true", help=argparse.SUPPRESS)  # child of --every
    cli_queue.add_arguments(crawl)
    crawl.add_argument("--alerts", action="store_true", help="evaluate the alert rules after the run (`akhbar alerts`)")
    cli_monitor.add_notify_args(crawl)

    _add_backfill_parser(sub)
    cli_sources.add_parser(sub, _add_db_arg)

    extract = sub.add_parser("extract", help="extract the article from one saved page or URL (nothing stored)")
    extract.add_argument("page", metavar="FILE_OR_URL")
    extract.add_argument("--url", help="the page's address, when FILE_OR_URL is a file")
    extract.add_argument("--json", action="store_true", help="print JSON instead of text")
    extract.add_argument("--sources", metavar="FILE", help="registry that names the page's outlet (default: bundled)")
    extract.add_argument(
        "--timezone",
        default=None,
        help="outlet's time zone for dates without one (default: the registered outlet's, else UTC)",
    )

    show = sub.add_parser("show", help="print one stored article")
    show.add_argument("ref", metavar="URL_OR_ID")
    _add_db_arg(show)
    show.add_argument("--format", choices=("text", "json"), default="text")

    export = sub.add_parser("export", help="export stored articles")
    _add_db_arg(export)
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("--since", help="first publication date (YYYY-MM-DD or ISO time)")
    export.add_argument("--until", help="last publication date, inclusive")
    export.add_argument("--source", dest="source_ids", action="append", default=[], metavar="ID")
    export.add_argument("--out", help="output file (default: standard output)")

    cli_search.add_parser(sub, _add_db_arg)

    _add_reextract_parser(sub)
    _add_ingest_parser(sub)

    cli_warc.add_parser(sub, _add_db_arg)
    cli_serve.add_parser(sub, _add_db_arg)
    cli_monitor.add_parsers(sub, _add_db_arg)

    migrate = sub.add_parser(
        "migrate", help="copy every article, refused page, pending entry and feed state to another store"
    )
    migrate.add_argument("--from", dest="source", required=True, metavar="URI", help="the store to read")
    migrate.add_argument(
        "--to", dest="target", required=True, metavar="URI", help="the store to write (created if needed)"
    )
    migrate.add_argument("--json", action="store_true", help="print the counts as one JSON object")

    demo = sub.add_parser("demo", help="crawl the bundled demo outlets on 127.0.0.1 (offline)")
    demo.add_argument("--db", default="data/demo.db", help="database to create (replaced if present)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.argv = argv  # --every repeats this very command line
    try:
        code = int(_COMMANDS[args.command](args))
        sys.stdout.flush()  # inside the try: a closed pipe shows here, not at interpreter exit
        return code
    except (UsageError, SourcesError, cli_queue.QueueUsageError) as exc:
        print(f"akhbar {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StorageError as exc:
        print(f"akhbar {args.command}: storage error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except LockBusy as exc:
        print(f"akhbar {args.command}: {exc}; not starting", file=sys.stderr)
        return EXIT_LOCKED
    except BrokenPipeError:  # `akhbar export … | head`: the reader has what it wanted
        # As the Python documentation advises: what is still buffered goes nowhere, and quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PIPE_CLOSED


def cmd_crawl(args: argparse.Namespace) -> int:
    from crawler.app.runner import CrawlOptions, run_crawl

    overrides = dict(_parse_setting(s) for s in args.settings) | _window_settings(args)
    store_uri = _store_uri(args.db)
    queue = None
    if args.queue:  # a worker of a shared crawl: Redis and the store checked before any request
        overrides |= cli_queue.queue_settings(args.queue, store_uri, overrides)
        queue = cli_queue.queue_identity(args.queue, overrides["AKHBAR_QUEUE_PREFIX"])
    if args.every:
        return _crawl_every(args, store_uri, queue)
    options = CrawlOptions(
        sources_file=args.sources,
        source_ids=tuple(args.source_ids),
        store_uri=store_uri,
        profile=args.profile,
        overrides=overrides,
        log_file=args.log_file,
    )
    if args.lock_held:
        code = run_crawl(options)
    else:
        with _run_lock(store_uri, queue):
            code = run_crawl(options)
    if args.alerts:  # printed after the summary; the crawl's exit code stands
        _monitor(lambda: cli_monitor.check_alerts(store_uri, args.notify, args.settings))
    return code


def _window_settings(args: argparse.Namespace) -> dict[str, str]:
    """The crawl flags that are settings underneath (checked here, so a typo fails before any request)."""
    settings = {}
    if args.since:
        try:
            window_start(args.since, None, datetime.now(UTC))
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        settings["AKHBAR_SINCE"] = args.since
    for flag, name, value in (
        ("--max-age", "AKHBAR_MAX_AGE_HOURS", args.max_age),
        ("--revisit-hours", "AKHBAR_REVISIT_HOURS", args.revisit_hours),
    ):
        if value is not None:
            if value < 0:
                raise UsageError(f"{flag} {value:g}: expected a number of hours >= 0")
            settings[name] = str(value)
    if args.all_feeds:
        settings["AKHBAR_FEED_SCHEDULE"] = "False"
    return settings


def _run_lock(store_uri: str, queue: str | None = None) -> contextlib.AbstractContextManager[object]:
    """The store's run lock (a shared one for the workers of the shared crawl ``queue``); another crawl
    holding it is a clear refusal."""
    return cli_queue.run_lock(store_uri, queue)


def _crawl_every(args: argparse.Namespace, store_uri: str, queue: str | None = None) -> int:
    """Repeat the crawl in child processes while this one holds the lock; Ctrl-C/SIGTERM end it."""
    try:
        interval = parse_interval(args.every)
    except ValueError as exc:
        raise UsageError(f"--every: {exc}") from None
    child = _child_argv(sys.argv[1:] if args.argv is None else args.argv)

    def report(number: int, code: int, seconds: float) -> None:
        print(f"akhbar crawl: run {number} ended with exit code {code} after {seconds:.0f} s", file=sys.stderr)

    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda signum, frame: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with _run_lock(store_uri, queue):
            print(f"akhbar crawl: every {args.every}; Ctrl-C or SIGTERM stops it", file=sys.stderr)
            code = run_every(interval, lambda: run_in_subprocess(child), stop=stop, on_result=report)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    # Stopped on request (Ctrl-C, SIGTERM): that is how a repeating crawl ends, not a failure.
    print(f"akhbar crawl: stopped (last run's exit code: {code})", file=sys.stderr)
    return EXIT_OK if stop.is_set() else code


def _child_argv(argv: Sequence[str]) -> list[str]:
    """The command line of one repetition: ``--every`` dropped, the parent's lock passed on."""
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--every":
            skip = True
        elif not arg.startswith("--every="):
            out.append(arg)
    return [*out, "--lock-held"]


def cmd_backfill(args: argparse.Namespace) -> int:
    from crawler.app.runner import CrawlOptions, run_crawl

    for source in select_sources(load_sources(args.sources), args.source_ids):  # before any request
        try:
            date_range(args.since, args.until, source.timezone)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    # A backfill runs long: no time cap unless asked for (a stopped one is continued by running it again).
    overrides = {"CLOSESPIDER_TIMEOUT": "0"} | dict(_parse_setting(s) for s in args.settings)
    overrides |= {"AKHBAR_BACKFILL_SINCE": args.since, "AKHBAR_BACKFILL_UNTIL": args.until or ""}
    store_uri = _store_uri(args.db)
    options = CrawlOptions(
        sources_file=args.sources,
        source_ids=tuple(args.source_ids),
        store_uri=store_uri,
        profile=args.profile,
        overrides=overrides,
        log_file=args.log_file,
    )
    with _run_lock(store_uri):
        return run_crawl(options)


def cmd_sources(args: argparse.Namespace) -> int:
    return cli_sources.run(args, lambda db: _store_uri(db, must_exist=True))


def cmd_extract(args: argparse.Namespace) -> int:
    body, url, content_type = _read_page(args.page, args.url)
    try:
        article = extract_article(body, url, _extract_options(args, url, content_type))
    except NotAnArticle as exc:
        print(f"akhbar extract: {args.page}: not an article ({exc})", file=sys.stderr)
        return EXIT_ALL_FAILED
    if args.json:
        print(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_text(article))
    return EXIT_OK


def _extract_options(args: argparse.Namespace, url: str, content_type: str | None) -> ExtractOptions:
    """The crawl's options for the registered outlet of ``url`` (time zone, names); --timezone wins."""
    source = source_for_url(load_sources(args.sources), url)
    options = options_for(source, content_type=content_type, now=datetime.now(UTC))
    return dataclasses.replace(options, timezone=args.timezone) if args.timezone else options


def cmd_show(args: argparse.Namespace) -> int:
    with open_store(_store_uri(args.db, must_exist=True)) as store:
        article = store.find(args.ref)
    if article is None:
        print(f"akhbar show: no article {args.ref!r} in {args.db}", file=sys.stderr)
        return EXIT_ALL_FAILED
    print(
        json.dumps(article.to_dict(), ensure_ascii=False, indent=2) if args.format == "json" else render_text(article)
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    for flag, value in (("--since", args.since), ("--until", args.until)):
        if value:
            try:
                parse_date_bound(value)
            except ValueError as exc:
                raise UsageError(f"{flag} {value!r}: expected YYYY-MM-DD or an ISO date-time") from exc
    with open_store(_store_uri(args.db, must_exist=True)) as store:
        articles = store.iter_articles(since=args.since, until=args.until, source_ids=args.source_ids)
        if args.out:
            with open(args.out, "w", encoding="utf-8", newline="") as out:
                written = write_export(articles, args.format, out)
            print(f"{written} articles written to {args.out}", file=sys.stderr)
        else:
            sys.stdout.reconfigure(newline="")  # type: ignore[union-attr]
            write_export(articles, args.format, sys.stdout)
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    return cli_search.run(args, lambda db: _store_uri(db, must_exist=True))


def cmd_reextract(args: argparse.Namespace) -> int:
    if args.since:
        if args.warcs:
            raise UsageError("--since selects stored pages; with --warc every response of the files is visited")
        try:
            parse_date_bound(args.since)
        except ValueError as exc:
            raise UsageError(f"--since {args.since!r}: expected YYYY-MM-DD or an ISO date-time") from exc
    paths = _warc_paths(args.warcs)
    sources = load_sources(args.sources)
    for unknown in sorted(set(args.source_ids) - {s.id for s in sources}):
        print(
            f"akhbar reextract: source {unknown!r} is not in the sources file: its pages are skipped", file=sys.stderr
        )
    min_body_chars, workers, timeout = _extraction_settings()
    options = ReextractOptions(
        since=args.since,
        source_ids=tuple(args.source_ids),
        min_body_chars=min_body_chars,
        workers=workers,
        timeout=timeout,
    )
    progress = ProgressLine(sys.stderr)
    note = _note_printer("reextract", progress)
    tally = WarcTally()
    with open_store(_store_uri(args.db, must_exist=not paths)) as store:
        captures = warc_captures(store, sources, paths, tally, on_note=note) if paths else None
        counts = reextract(store, sources, options, on_page=progress, on_note=note, captures=captures)
    progress.done()
    if paths:
        skipped = ", ".join(f"{reason} {n}" for reason, n in tally.skipped.most_common())
        print(
            f"akhbar reextract: {tally.files} WARC files ({tally.broken} broken), {tally.records} records, "
            f"{tally.responses} HTML responses; records skipped: {skipped or 'none'}",
            file=sys.stderr,
        )
    if args.json:
        print(json.dumps(counts.to_dict()))
    else:
        print("\n".join(f"{name:<10} {value}" for name, value in counts.to_dict().items()))
    return EXIT_SOME_FAILED if tally.broken else EXIT_OK


def cmd_ingest_warc(args: argparse.Namespace) -> int:
    paths = _warc_paths(args.warcs)
    sources = load_sources(args.sources)
    min_body_chars, workers, timeout = _extraction_settings()
    options = IngestOptions(any_host=args.any_host, min_body_chars=min_body_chars, workers=workers, timeout=timeout)
    progress = ProgressLine(sys.stderr, label="ingest-warc")
    store_uri = _store_uri(args.db)
    with _run_lock(store_uri), open_store(store_uri) as store:
        note = _note_printer("ingest-warc", progress)
        counts = ingest_warcs(store, sources, paths, options, on_page=progress, on_note=note)
    progress.done()
    if args.json:
        print(json.dumps(counts.to_dict()))
    else:
        print(render_counts(counts))
    return EXIT_SOME_FAILED if counts.warc.broken else EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    from crawler.app.migrate import migrate

    source_uri, target_uri = _store_uri(args.source, must_exist=True), _store_uri(args.target)
    if source_uri == target_uri:
        raise UsageError("--from and --to name the same store")
    for flag, uri in (("--from", source_uri), ("--to", target_uri)):
        scheme, _, rest = uri.partition("://")
        if scheme.lower().startswith("sqlite") and (not rest.startswith("/") or len(rest) == 1):
            raise UsageError(f"{flag} {uri}: not a SQLite store URI (sqlite:///relative.db or sqlite:////absolute.db)")
        if flag == "--from" and scheme.lower().startswith("sqlite") and not Path(rest[1:]).is_file():
            raise UsageError(f"--from {uri}: no such database")  # opening it would create an empty one
    # No crawl writes to either while they are compared; StorageError when opening: exit 2.
    with (
        _run_lock(source_uri),
        _run_lock(target_uri),
        open_store(source_uri) as source,
        open_store(target_uri) as target,
    ):

        def progress(table: str, done: int) -> None:
            print(f"akhbar migrate: {table}: {done} read", file=sys.stderr, flush=True)

        try:
            report = migrate(source, target, progress=progress)
        except StorageError as exc:
            print(f"akhbar migrate: storage error: {exc}; run it again to resume", file=sys.stderr)
            return EXIT_ALL_FAILED
    if args.json:
        print(json.dumps(report.to_dict()))
    else:
        for table, (in_source, in_target) in report.counts.items():
            print(f"{table}: {in_source} in the source, {in_target} in the target")
        print(
            f"written: {report.articles_written} articles ({report.articles_skipped} already there), "
            f"{report.refused_written} refused pages ({report.refused_skipped} already there), "
            f"{report.pending_written} pending entries, {report.feed_states_written} feed states, "
            f"{report.runs_written} runs, {report.alerts_written} alerts sent"
        )
        if report.links_lost:
            print(f"{report.links_lost} copies stored without their original (missing in the source)")
    for line in report.mismatches():
        print(f"akhbar migrate: counts differ after the copy: {line}", file=sys.stderr)
    return EXIT_SOME_FAILED if report.mismatches() else EXIT_OK


def _warc_paths(names: Sequence[str]) -> list[Path]:
    """The WARC files named, checked before any is read (a missing one is a usage error)."""
    paths = [Path(name) for name in names]
    for path in paths:
        if not path.is_file():
            raise UsageError(f"{path}: no such WARC file")
    return paths


def _extraction_settings() -> tuple[int, int, float]:
    """The crawl's own body floor, extraction workers and time cap (``settings.prod``)."""
    from scrapy.settings import Settings  # imported late, like the crawl: Scrapy is slow to import

    settings = Settings()
    settings.setmodule("settings.prod", priority="project")
    configured = settings.get("AKHBAR_EXTRACT_WORKERS")
    workers = default_pool_size() if configured in (None, "") else int(configured)
    return settings.getint("AKHBAR_MIN_BODY_CHARS"), workers, settings.getfloat("AKHBAR_EXTRACT_TIMEOUT")


def _note_printer(command: str, progress: ProgressLine) -> Callable[[Note], None]:
    def note(found: Note) -> None:
        progress.done()
        print(f"akhbar {command}: {found.subject}: {found.message}", file=sys.stderr)

    return note


def cmd_report(args: argparse.Namespace) -> int:
    return _monitor(lambda: cli_monitor.run_report(args, _store_uri(args.db, must_exist=True)))


def cmd_alerts(args: argparse.Namespace) -> int:
    return _monitor(lambda: cli_monitor.run_alerts(args, _store_uri(args.db, must_exist=True)))


def _monitor(command: Callable[[], int]) -> int:
    """A monitoring command; a bad date, setting or target is a usage error naming it."""
    try:
        return command()
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def cmd_warc(args: argparse.Namespace) -> int:
    return cli_warc.run(args, _store_uri)


def cmd_serve(args: argparse.Namespace) -> int:
    return cli_serve.run(args, lambda db: _store_uri(db, must_exist=True))


def cmd_demo(args: argparse.Namespace) -> int:
    from crawler.app.runner import run_demo

    return run_demo(Path(args.db))


_COMMANDS: dict[str, Any] = {
    "crawl": cmd_crawl,
    "backfill": cmd_backfill,
    "sources": cmd_sources,
    "extract": cmd_extract,
    "show": cmd_show,
    "export": cmd_export,
    "search": cmd_search,
    "reextract": cmd_reextract,
    "ingest-warc": cmd_ingest_warc,
    "migrate": cmd_migrate,
    "warc": cmd_warc,
    "serve": cmd_serve,
    "report": cmd_report,
    "alerts": cmd_alerts,
    "demo": cmd_demo,
}


def _add_reextract_parser(sub: Any) -> None:
    reextract = sub.add_parser(
        "reextract", help="run today's extraction over the stored raw responses, refused pages included"
    )
    _add_db_arg(reextract)
    _add_sources_args(reextract, with_ids=False)
    reextract.add_argument(
        "--source", dest="source_ids", action="append", default=[], metavar="ID", help="only this source (repeatable)"
    )
    reextract.add_argument("--since", metavar="DATE", help="only pages fetched at or after DATE (ISO)")
    reextract.add_argument(
        "--warc",
        dest="warcs",
        nargs="+",
        default=[],
        metavar="FILE",
        help="re-extract the responses of these WARC files instead of the stored ones",
    )
    reextract.add_argument("--json", action="store_true", help="print the counts as one JSON object")


def _add_ingest_parser(sub: Any) -> None:
    ingest = sub.add_parser("ingest-warc", help="store the articles of WARC files (ours, CC-NEWS, browsertrix…)")
    ingest.add_argument("warcs", nargs="+", metavar="FILE", help="WARC files, gzipped or not")
    _add_sources_args(ingest, with_ids=False)
    _add_db_arg(ingest)
    ingest.add_argument(
        "--any-host",
        action="store_true",
        help="take Arabic article pages of every host, not only the registered outlets'",
    )
    ingest.add_argument("--json", action="store_true", help="print the counts as one JSON object")


def _add_sources_args(parser: argparse.ArgumentParser, *, with_ids: bool) -> None:
    parser.add_argument("--sources", metavar="FILE", help="sources file (default: the bundled registry)")
    if with_ids:
        parser.add_argument(
            "--source",
            dest="source_ids",
            action="append",
            default=[],
            metavar="ID",
            help="crawl only this source (repeatable)",
        )


def _add_backfill_parser(sub: Any) -> None:
    backfill = sub.add_parser(
        "backfill", help="walk an outlet's sitemap index and archive sitemaps back to a date; fetch what is missing"
    )
    backfill.add_argument(
        "--source", dest="source_ids", action="append", required=True, metavar="ID", help="the outlet (repeatable)"
    )
    backfill.add_argument("--since", required=True, metavar="DATE", help="first publication date wanted (ISO)")
    backfill.add_argument("--until", metavar="DATE", help="last publication date wanted, inclusive (default: now)")
    _add_sources_args(backfill, with_ids=False)
    _add_db_arg(backfill)
    _add_run_args(backfill)


def _add_run_args(parser: argparse.ArgumentParser) -> None:
    """``--set``, ``--profile`` and ``--log-file`` of the commands that crawl."""
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="any Scrapy or Akhbar setting, like `scrapy crawl -s` (repeatable)",
    )
    parser.add_argument(
        "--profile", choices=("prod", "dev", "test"), default="prod", help="settings profile (default: prod)"
    )
    parser.add_argument("--log-file", help="write the crawl log here (default on a terminal: data/logs/crawl.log)")


def _add_db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=DEFAULT_DB,
        metavar="PATH_OR_URI",
        help=f"database file or storage URI (default: {DEFAULT_DB})",
    )


def _store_uri(db: str, *, must_exist: bool = False) -> str:
    if "://" in db:
        return db
    if must_exist and not Path(db).is_file():
        raise UsageError(f"database {db} does not exist (run `akhbar crawl --db {db}` first)")
    return store_uri_from_path(db)


def _parse_setting(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise UsageError(f"--set {text!r}: expected NAME=VALUE")
    return name.strip(), value


def _read_page(page: str, url: str | None) -> tuple[bytes, str, str | None]:
    """Bytes, address and Content-Type of a saved file or of a URL fetched once."""
    if is_http_url(page):
        request = urllib.request.Request(page, headers={"User-Agent": f"Akhbar/{__version__}"})
        try:
            with urllib.request.urlopen(request, timeout=_FETCH_TIMEOUT) as response:
                return response.read(), response.geturl(), response.headers.get("Content-Type")
        except OSError as exc:
            raise UsageError(f"cannot fetch {page}: {exc}") from exc
    path = Path(page)
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {page}: {exc.strerror or exc}") from exc
    return body, url or path.resolve().as_uri(), None
