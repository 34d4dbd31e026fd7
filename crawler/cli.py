"""The ``akhbar`` command line: parse arguments, hand over to the work functions, map outcomes to exit codes.

Exit codes: 0 success; 1 nothing fetched / not found; 2 usage or configuration error; 3 some sources
failed.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import urllib.request
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler import __version__
from crawler.export import FORMATS, write_export
from crawler.extract import ExtractOptions, NotAnArticle, extract_article, options_for
from crawler.render import render_text
from crawler.report import EXIT_ALL_FAILED, EXIT_OK, EXIT_USAGE
from crawler.sources import SourcesError, load_sources, source_for_url
from crawler.storage import StorageError, open_store, store_uri_from_path
from crawler.storage.base import parse_date_bound
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
    crawl.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="any Scrapy or Akhbar setting, like `scrapy crawl -s` (repeatable)",
    )
    crawl.add_argument(
        "--profile", choices=("prod", "dev", "test"), default="prod", help="settings profile (default: prod)"
    )
    crawl.add_argument("--log-file", help="write the crawl log here (default on a terminal: data/logs/crawl.log)")

    sources = sub.add_parser("sources", help="list and validate the sources file")
    _add_sources_args(sources, with_ids=False)

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

    search = sub.add_parser("search", help="full-text search, folding Arabic spelling variants")
    search.add_argument("query")
    _add_db_arg(search)
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true")

    demo = sub.add_parser("demo", help="crawl the bundled demo outlets on 127.0.0.1 (offline)")
    demo.add_argument("--db", default="data/demo.db", help="database to create (replaced if present)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(_COMMANDS[args.command](args))
    except (UsageError, SourcesError) as exc:
        print(f"akhbar {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StorageError as exc:
        print(f"akhbar {args.command}: storage error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `akhbar export … | head`
        return EXIT_OK


def cmd_crawl(args: argparse.Namespace) -> int:
    from crawler.runner import CrawlOptions, run_crawl

    overrides = dict(_parse_setting(s) for s in args.settings)
    options = CrawlOptions(
        sources_file=args.sources,
        source_ids=tuple(args.source_ids),
        store_uri=_store_uri(args.db),
        profile=args.profile,
        overrides=overrides,
        log_file=args.log_file,
    )
    return run_crawl(options)


def cmd_sources(args: argparse.Namespace) -> int:
    sources = load_sources(args.sources)
    print(f"{'id':<20} {'country':<8} {'feeds':<6} {'timezone':<20} name")
    for s in sources:
        flag = "" if s.enabled else "  (disabled)"
        print(f"{s.id:<20} {s.country:<8} {len(s.feeds):<6} {s.timezone:<20} {s.name_ar} / {s.name}{flag}")
    countries = len({s.country for s in sources})
    print(f"{len(sources)} sources from {countries} countries: OK", file=sys.stderr)
    return EXIT_OK


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
    with open_store(_store_uri(args.db, must_exist=True)) as store:
        hits = store.search(args.query, limit=args.limit)
    for hit in hits:
        a = hit.article
        if args.json:
            print(
                json.dumps(
                    {
                        "id": a.id,
                        "url": a.url,
                        "headline": a.headline,
                        "snippet": hit.snippet,
                        "source_id": a.source_id,
                        "published_at": a.published_at,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            print(f"[{a.id}] {a.published_at or '':<25} {a.source_id or '':<14} {a.headline}\n      {hit.snippet}")
    if not hits:
        print(f"no articles match {args.query!r}", file=sys.stderr)
    return EXIT_OK if hits else EXIT_ALL_FAILED


def cmd_demo(args: argparse.Namespace) -> int:
    from crawler.runner import run_demo

    return run_demo(Path(args.db))


_COMMANDS: dict[str, Any] = {
    "crawl": cmd_crawl,
    "sources": cmd_sources,
    "extract": cmd_extract,
    "show": cmd_show,
    "export": cmd_export,
    "search": cmd_search,
    "demo": cmd_demo,
}


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
