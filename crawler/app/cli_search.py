"""``akhbar search QUERY``: the query language of ``crawler.search.query`` over the store, with filters
by source, country (from the sources registry) and date, and the matched words marked in snippets."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from crawler.app.report import EXIT_ALL_FAILED, EXIT_OK, EXIT_USAGE
from crawler.search.query import QueryError, parse_query
from crawler.search.snippets import mark
from crawler.sources import Source, load_sources
from crawler.store import open_store
from crawler.store.base import SearchFilters, SearchHit, parse_date_bound

_SYNTAX = 'words (any clitic form), "exact phrase", prefix*, a OR b, -excluded'


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], add_db: Callable[..., None]) -> None:
    search = sub.add_parser("search", help="full-text Arabic search: clitics, light stemming, phrases, filters")
    search.add_argument("query", help=_SYNTAX)
    add_db(search)
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true", help="one JSON object a line")
    search.add_argument("--source", dest="source_ids", action="append", default=[], metavar="ID")
    search.add_argument("--country", dest="countries", action="append", default=[], metavar="CC")
    search.add_argument("--since", metavar="DATE", help="first publication date (YYYY-MM-DD or ISO time)")
    search.add_argument("--until", metavar="DATE", help="last publication date, inclusive")
    search.add_argument("--sources", metavar="FILE", help="registry --country reads (default: the bundled one)")


def country_sources(sources: Sequence[Source], countries: Sequence[str]) -> list[str]:
    """The ids of the registered sources of these countries (ISO codes, any case)."""
    wanted = {c.strip().upper() for c in countries}
    return [s.id for s in sources if s.country.upper() in wanted]


def run(args: argparse.Namespace, store_uri: Callable[[str], str]) -> int:
    try:
        query = parse_query(args.query)
        for bound in (args.since, args.until):
            if bound is not None:
                parse_date_bound(bound)
    except (QueryError, ValueError) as exc:
        print(f"akhbar search: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    source_ids = list(args.source_ids)
    if args.countries:
        by_country = country_sources(load_sources(args.sources), args.countries)
        if not by_country:
            print(f"akhbar search: error: no registered source in {', '.join(args.countries)}", file=sys.stderr)
            return EXIT_USAGE
        # Both filters given: the named sources that are in those countries.
        source_ids = [s for s in source_ids if s in by_country] if source_ids else by_country
        if not source_ids:
            print("akhbar search: no --source is in the --country given", file=sys.stderr)
            return EXIT_ALL_FAILED
    filters = SearchFilters(tuple(source_ids), args.since, args.until)
    with open_store(store_uri(args.db)) as store:
        hits = store.search(query, limit=args.limit, filters=filters)
    for hit in hits:
        print(_json(hit) if args.json else _text(hit, color=sys.stdout.isatty()))
    if not hits:
        print(f"no articles match {args.query!r}", file=sys.stderr)
    return EXIT_OK if hits else EXIT_ALL_FAILED


def _text(hit: SearchHit, *, color: bool) -> str:
    a = hit.article
    before, after = ("\033[1m", "\033[0m") if color else ("[", "]")
    snippet = mark(hit.snippet, hit.spans, before, after)
    return f"[{a.id}] {a.published_at or '':<25} {a.source_id or '':<14} {a.headline}\n      {snippet}"


def _json(hit: SearchHit) -> str:
    a = hit.article
    record = {
        "id": a.id,
        "url": a.url,
        "headline": a.headline,
        "snippet": hit.snippet,
        "matches": [hit.snippet[start:end] for start, end in hit.spans],
        "rank": round(hit.rank, 4),
        "source_id": a.source_id,
        "published_at": a.published_at,
    }
    return json.dumps(record, ensure_ascii=False)
