"""The latest articles (``/``), search (``/search``) and their exports (``/export.jsonl``, ``/export.csv``):
one selection of filters (``crawler.web.params``), shown a page at a time or streamed whole."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request, url_for

from crawler.items import Article
from crawler.search.snippets import Span
from crawler.store import Store
from crawler.store.export import iter_export
from crawler.web.context import web_context
from crawler.web.params import Selection, countries_of, read_selection

lists = Blueprint("lists", __name__)

# Search hits an export holds at most (a search is ranked in memory; a whole selection without a query
# streams from the store with no cap).
MAX_EXPORT_HITS = 1000
_MEDIA_TYPES = {"jsonl": "application/x-ndjson; charset=utf-8", "csv": "text/csv; charset=utf-8"}


@lists.get("/")
def latest() -> str:
    context = web_context()
    selection = read_selection(request.args, context.sources, search=False)
    articles = (
        []
        if selection.nothing
        else context.store().latest(selection.filters, limit=selection.size + 1, offset=selection.offset)
    )
    rows = [Row(a, a.summary or "", ()) for a in articles[: selection.size]]
    return _page("latest", selection, rows, more=len(articles) > selection.size)


@lists.get("/search")
def search() -> str:
    context = web_context()
    selection = read_selection(request.args, context.sources, search=True)
    if selection.query is None or selection.nothing:
        return _page("search", selection, [], more=False)
    hits = context.store().search(
        selection.query, limit=selection.size + 1, offset=selection.offset, filters=selection.filters
    )
    rows = [Row(h.article, h.snippet, h.spans) for h in hits[: selection.size]]
    return _page("search", selection, rows, more=len(hits) > selection.size)


@lists.get("/export.<any(jsonl, csv):fmt>")
def export(fmt: str) -> Response:
    """The selection (with ``q``: the search's hits, best first) as ``akhbar export`` writes it."""
    context = web_context()
    selection = read_selection(request.args, context.sources, search=True)
    # The store is taken now: the body is streamed after this request's context has gone.
    articles = _articles(selection, context.store())
    response = Response(_encoded(iter_export(articles, fmt)), content_type=_MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="akhbar-export.{fmt}"'
    return response


class Row:
    """One article of a list: its text beside the headline (the snippet of a search, else the summary),
    cut into parts that are marked (a matched word) or not."""

    def __init__(self, article: Article, text: str, spans: tuple[Span, ...]) -> None:
        self.article = article
        self.parts = _parts(text, spans)


def _articles(selection: Selection, store: Store) -> Iterator[Article]:
    if selection.nothing:
        return
    if selection.query is not None:
        for hit in store.search(selection.query, limit=MAX_EXPORT_HITS, filters=selection.filters):
            yield hit.article
        return
    f = selection.filters
    for article in store.iter_articles(since=f.since, until=f.until, source_ids=f.source_ids):
        if f.language is None or article.language == f.language:
            yield article


def _encoded(chunks: Iterable[str]) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk.encode("utf-8")


def _parts(text: str, spans: tuple[Span, ...]) -> list[tuple[str, bool]]:
    parts, at = [], 0
    for start, end in sorted(spans):
        parts += [(text[at:start], False), (text[start:end], True)]
        at = end
    parts.append((text[at:], False))
    return [p for p in parts if p[0]]


def _page(kind: str, selection: Selection, rows: list[Row], *, more: bool) -> str:
    context = web_context()
    args = request.args.to_dict(flat=False)
    kept = {k: v for k, v in args.items() if k not in ("page", "size")}
    return render_template(
        "list.html",
        kind=kind,
        selection=selection,
        rows=rows,
        sources=sorted(context.options.sources, key=lambda s: s.id),
        countries=countries_of(context.options.sources),
        chosen=args,
        newer=_link(f"lists.{kind}", args | {"page": [str(selection.page - 1)]}) if selection.page > 1 else None,
        older=_link(f"lists.{kind}", args | {"page": [str(selection.page + 1)]}) if more else None,
        export_jsonl=_link("lists.export", kept, fmt="jsonl"),
        export_csv=_link("lists.export", kept, fmt="csv"),
    )


def _link(endpoint: str, args: dict[str, list[str]], **values: Any) -> str:
    """The URL of ``endpoint`` with ``args`` as its query string (repeated names kept)."""
    query = urlencode([(name, value) for name, values_ in args.items() for value in values_])
    return url_for(endpoint, **values) + (f"?{query}" if query else "")
