"""``akhbar sources …``: list the registry, discover an outlet's feeds, show and re-enable feed health."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence

from crawler.app.report import EXIT_ALL_FAILED, EXIT_OK, EXIT_SOME_FAILED
from crawler.listings.discovery_run import discover
from crawler.listings.feedhealth import FeedState, health_label
from crawler.sources import load_sources
from crawler.store import open_store

_STATUS_COLUMNS = (
    ("source", 16),
    ("feed", 44),
    ("health", 12),
    ("last", 14),
    ("last success", 17),
    ("last new entry", 17),
    ("new/day", 8),
    ("every", 7),
    ("next due", 17),
    ("pending", 8),
)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], add_db: Callable[..., None]) -> None:
    sources = sub.add_parser("sources", help="list the sources; discover feeds; feed health")
    sources.add_argument("--sources", metavar="FILE", help="sources file (default: the bundled registry)")
    actions = sources.add_subparsers(dest="sources_command", metavar="ACTION")
    actions.add_parser("list", help="list and validate the sources file (the default)")
    found = actions.add_parser("discover", help="find a site's feeds and sitemaps; print its [[sources]] entry")
    found.add_argument("urls", nargs="+", metavar="URL", help="homepage or section page")
    found.add_argument("--country", default="XX", help="ISO country code for the entry (default: XX, to edit)")
    found.add_argument("--language", default="ar", help="language code for the entry (default: ar)")
    status = actions.add_parser("status", help="per-feed health: last status, failures, polling, disabled")
    add_db(status)
    status.add_argument("--source", dest="source_ids", action="append", default=[], metavar="ID")
    enable = actions.add_parser("enable", help="re-enable feeds disabled after repeated failures")
    add_db(enable)
    enable.add_argument("urls", nargs="+", metavar="FEED_URL")


def run(args: argparse.Namespace, store_uri: Callable[[str], str]) -> int:
    command = args.sources_command or "list"
    if command == "discover":
        return _discover(args.urls, args.country, args.language)
    if command == "status":
        return _status(store_uri(args.db), args.source_ids)
    if command == "enable":
        return _enable(store_uri(args.db), args.urls)
    return _list(args.sources)


def _list(path: str | None) -> int:
    sources = load_sources(path)
    print(f"{'id':<20} {'country':<8} {'feeds':<6} {'timezone':<20} name")
    for s in sources:
        flag = "" if s.enabled else "  (disabled)"
        inputs = f"{len(s.feeds)}+{len(s.sitemaps)}" if s.sitemaps else str(len(s.feeds)) if s.feeds else "auto"
        print(f"{s.id:<20} {s.country:<8} {inputs:<6} {s.timezone or '-':<20} {s.name_ar} / {s.name}{flag}")
    countries = len({s.country for s in sources})
    print(f"{len(sources)} sources from {countries} countries: OK", file=sys.stderr)
    return EXIT_OK


def _discover(urls: Sequence[str], country: str, language: str) -> int:
    failed = 0
    for url in urls:
        try:
            found = discover(url)
        except ValueError as exc:
            print(f"akhbar sources discover: {exc}", file=sys.stderr)
            failed += 1
            continue
        print(f"# {url}: {len(found.feeds)} feed(s), {len(found.sitemaps)} sitemap(s)")
        print(found.entry(country=country, language=language))
        if not found.feeds and not found.sitemaps:
            print(f"akhbar sources discover: no feed or sitemap found at {url}", file=sys.stderr)
            failed += 1
    if not failed:
        return EXIT_OK
    return EXIT_ALL_FAILED if failed == len(urls) else EXIT_SOME_FAILED


def _status(uri: str, source_ids: Sequence[str]) -> int:
    with open_store(uri) as store:
        states = [s for s in store.feed_states() if not source_ids or s.source_id in source_ids]
        pending = store.pending_counts()
    if not states:
        print("no feed has been fetched yet (run `akhbar crawl` first)", file=sys.stderr)
        return EXIT_ALL_FAILED
    print(format_status(states, pending))
    return EXIT_OK


def format_status(states: Sequence[FeedState], pending: Mapping[tuple[str, str], int] | None = None) -> str:
    """The feed health table, with a line under each disabled feed saying why; ``pending``: the listed
    articles waiting to be fetched, per ``(source_id, feed_url)`` (``Store.pending_counts``)."""
    pending = pending or {}
    header = "  ".join(name.ljust(width) for name, width in _STATUS_COLUMNS)
    lines = [header, "-" * len(header)]
    for s in states:
        cells = (
            s.source_id,
            _shorten(s.url, 44),
            health_label(s),
            s.last_status or "-",
            _minute(s.last_success_at),
            _minute(s.last_new_entry_at),
            f"{s.entries_per_day:.1f}" if s.entries_per_day is not None else "-",
            _duration(s.interval_seconds),
            _minute(s.next_due_at) if not s.disabled_reason else "never",
            pending.get((s.source_id, s.url), 0),
        )
        lines.append("  ".join(str(v).ljust(w) for v, (_, w) in zip(cells, _STATUS_COLUMNS, strict=True)).rstrip())
        if s.disabled_reason:
            lines.append(f"    ↳ disabled since {_minute(s.disabled_at)}: {s.disabled_reason}")
            lines.append(f"      re-enable: akhbar sources enable {s.url}")
    disabled = sum(1 for s in states if s.disabled_reason)
    failing = sum(1 for s in states if s.consecutive_failures and not s.disabled_reason)
    shown = {s.source_id for s in states}
    waiting = sum(n for (source_id, _), n in pending.items() if source_id in shown)
    footer = f"{len(states)} feeds: {disabled} disabled, {failing} failing"
    if waiting:
        footer += f"; {waiting} listed articles pending, fetched by the next crawls (newest first)"
    lines.append(footer)
    return "\n".join(lines)


def _enable(uri: str, urls: Sequence[str]) -> int:
    unknown = 0
    with open_store(uri) as store:
        for url in urls:
            if store.enable_feed(url):
                print(f"enabled {url}")
            else:
                print(f"akhbar sources enable: no feed {url} in the store", file=sys.stderr)
                unknown += 1
    return EXIT_OK if not unknown else EXIT_ALL_FAILED


def _minute(stamp: str | None) -> str:
    """``2026-11-29 10:15`` from an ISO time (UTC as stored)."""
    return stamp[:16].replace("T", " ") if stamp else "-"


def _duration(seconds: float) -> str:
    if seconds <= 0:
        return "-"
    if seconds >= 3600:
        return f"{seconds / 3600:.0f}h" if seconds % 3600 == 0 else f"{seconds / 3600:.1f}h"
    return f"{seconds / 60:.0f}m"


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
