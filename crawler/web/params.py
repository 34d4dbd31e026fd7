"""The list, search and export pages' request arguments, checked and capped: which articles (sources,
countries, dates, language, query) and which page of them. A bad argument is a ``BadRequest`` whose
message names it; the pages answer it with 400 and that message, never a server error."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from crawler.search.query import Query, QueryError, parse_query
from crawler.sources import Source
from crawler.store.base import SearchFilters, parse_date_bound

# Articles a page shows by default and at most; pages beyond MAX_PAGE are refused (deep offsets are slow
# and no reader pages that far: narrow the filters or export instead).
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 500
# Characters a query may have, and how many of each repeatable filter a request may give.
MAX_QUERY_CHARS = 300
MAX_VALUES = 50
_SOURCE_ID = re.compile(r"[a-z0-9_-]{1,64}")
_COUNTRY = re.compile(r"[A-Za-z]{2,3}")
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BadRequest(ValueError):
    """A request argument that cannot be used; the message is for the reader."""


@dataclass(frozen=True, slots=True)
class Selection:
    """What a list, search or export shows. ``query``: the parsed query (``None``: no search);
    ``text``: the query as typed; ``nothing``: the filters exclude every article (a country with no
    registered source), so nothing is asked of the store."""

    filters: SearchFilters
    query: Query | None = None
    text: str = ""
    page: int = 1
    size: int = PAGE_SIZE
    nothing: bool = False

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


def read_selection(args: MultiDict[str, str], sources: Mapping[str, Source], *, search: bool) -> Selection:
    """The selection ``args`` asks for; ``search``: read ``q`` (an empty one gives ``query=None``)."""
    for name, value in args.items(multi=True):
        if _CONTROL.search(value):
            raise BadRequest(f"{name}: control characters are not allowed")
    source_ids = _values(args, "source", _SOURCE_ID, "a source id (lower-case letters, digits, - and _)")
    countries = [c.upper() for c in _values(args, "country", _COUNTRY, "a country code such as EG or LB")]
    since, until = _date(args, "from"), _date(args, "to")
    if since and until and since > until:
        raise BadRequest(f"from {since} is after to {until}")
    language = args.get("lang", "").strip() or None
    if language is not None and not _LANGUAGE.fullmatch(language):
        raise BadRequest(f"lang {language!r}: expected a language code such as ar")
    nothing = False
    if countries:
        in_countries = [s.id for s in sources.values() if s.country.upper() in countries]
        # Both given: the named sources that are in those countries.
        source_ids = [s for s in source_ids if s in in_countries] if source_ids else in_countries
        nothing = not source_ids
    text = args.get("q", "").strip() if search else ""
    if len(text) > MAX_QUERY_CHARS:
        raise BadRequest(f"the query is {len(text)} characters long; at most {MAX_QUERY_CHARS} are read")
    try:
        query = parse_query(text) if text else None
    except QueryError as exc:
        raise BadRequest(str(exc)) from None
    return Selection(
        SearchFilters(tuple(source_ids), since, until, language),
        query,
        text,
        _number(args, "page", 1, MAX_PAGE, 1),
        _number(args, "size", 1, MAX_PAGE_SIZE, PAGE_SIZE),
        nothing,
    )


def _values(args: MultiDict[str, str], name: str, pattern: re.Pattern[str], what: str) -> list[str]:
    values = [v.strip() for v in args.getlist(name) if v.strip()]
    if len(values) > MAX_VALUES:
        raise BadRequest(f"{name}: at most {MAX_VALUES} values")
    for value in values:
        if not pattern.fullmatch(value):
            raise BadRequest(f"{name} {value[:40]!r}: expected {what}")
    return list(dict.fromkeys(values))


def _date(args: MultiDict[str, str], name: str) -> str | None:
    value = args.get(name, "").strip()
    if not value:
        return None
    if not _DATE.fullmatch(value):
        raise BadRequest(f"{name} {value[:40]!r}: expected a date as YYYY-MM-DD")
    try:
        parse_date_bound(value)
    except ValueError:
        raise BadRequest(f"{name} {value!r}: not a calendar date") from None
    return value


def _number(args: MultiDict[str, str], name: str, low: int, high: int, default: int) -> int:
    value = args.get(name, "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise BadRequest(f"{name} {value[:20]!r}: expected a whole number from {low} to {high}")
    return int(value)


def countries_of(sources: Sequence[Source]) -> list[str]:
    """The country codes of the registry, sorted, for the filter form."""
    return sorted({s.country.upper() for s in sources})
