"""A page's publication and modification dates, from every place pages keep them.

Sources, most trusted first: the article's JSON-LD (``@graph`` and ``mainEntity`` included), ``<meta>``
tags, framework state (``__NEXT_DATA__``, ``window.__NUXT__ = {…}``, other inline JSON, read by
``crawler.extraction.htmlmeta`` before scripts are stripped), then the page's own date lines with their machine
attributes (``datetime``, ``content``, ``data-*`` epoch or ISO values), then the URL and, last, htmldate.

A date is only as precise as the page: a day shown without a time stays a day. When the most trusted
source gives only a day and another gives a time on that same day, the timed one is taken, so a
byline's clock completes a day-only ``datePublished``; a source naming another day never wins that way,
so a related story's timed date cannot replace the article's. "The same day" reaches a few hours past
each midnight: a day written in UTC, or a print issue's date, sits across a midnight from the local
posting time (an issue dated the 17th is put online on the evening of the 16th). A declared time of
exactly 00:00:00 is such a day written as a time (CMS date fields, print-issue dates), not an instant.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import lxml.html
from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement

from crawler.arabic import clean_line
from crawler.extraction import htmlmeta
from crawler.extraction.boilerplate import text_start
from crawler.extraction.date_order import agreeing_order, other_order, same_shape
from crawler.extraction.dates import (
    ParsedDate,
    find_date_in_url,
    parse_date,
    parse_epoch,
    reinterpret_as_local,
    z_is_local,
)

__all__ = ["DATE_LABEL_RE", "MAX_DATE_TEXT", "page_dates"]

# Meta names holding the publication / modification time, most trusted first.
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "pubdate",
    "publish-date",
    "dc.date.issued",
    "dc.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dc.date.modified",
)
# Keys of framework state objects holding the publication / modification time, most specific first
# (the bare «date» last: it names many things).
_PUBLISHED_KEYS = (
    "datePublished",
    "publishedAt",
    "published_at",
    "publishedDate",
    "published_date",
    "publishDate",
    "publish_date",
    "publishedTime",
    "published_time",
    "firstPublished",
    "firstPublishedAt",
    "first_published_at",
    "pubDate",
    "createdAt",
    "created_at",
    "dateCreated",
    "date",
)
_MODIFIED_KEYS = ("dateModified", "updatedAt", "updated_at", "modifiedAt", "modified_at", "lastModified")
# Class/id tokens of visible date lines, and words marking an update time rather than publication.
_DATE_CLASS_RE = re.compile(r"date|time|publish|posted|created|timestamp|meta", re.IGNORECASE)
# Visible date lines announced by their words, whatever their markup: «نشر في», «تم نشره», «بتاريخ».
DATE_LABEL_RE = re.compile(r"^\s*(?:نُ?شر|تم نشره?|تاريخ النشر|بتاريخ|آخر تحديث|تم التحديث)")
_UPDATED_WORDS_RE = re.compile(r"تحديث|حدّث|محدث|updated|modified|آخر تعديل", re.IGNORECASE)
MAX_DATE_TEXT = 150
# Elements that hold date lines (``<td>``/``<font>`` for table layouts).
_DATE_TAGS = frozenset({"time", "span", "div", "p", "small", "li", "em", "td", "font", "abbr", "b", "strong"})
# ``data-*`` attributes that hold a machine date: «data-timestamp», «data-published», «data-time».
_DATA_DATE_ATTR_RE = re.compile(r"^data-(?:[\w-]*[-_])?(?:date|time|timestamp|published|created|epoch|utc)", re.I)
# RDFa date properties (``property="dc:date dc:created"``, ``schema:datePublished``), as Drupal and
# other CMSes write them with the machine value in ``content``.
_RDFA_DATE_RE = re.compile(r"date|created|issued", re.IGNORECASE)
# Elements that may carry a machine date (the attribute test above narrows it down): found in one
# pass by libxml2 rather than by reading every element's attributes in Python.
_MACHINE_DATE_XPATH = etree.XPath(
    "//*[@datetime or (@content and (contains(@itemprop, 'date') or contains(@property, 'date')"
    " or contains(@property, 'created') or contains(@property, 'issued')))"
    " or @*[starts-with(name(), 'data-') and"
    " (contains(name(), 'date') or contains(name(), 'time') or contains(name(), 'publish')"
    " or contains(name(), 'creat') or contains(name(), 'epoch') or contains(name(), 'utc'))]]"
)
# A machine value worth parsing: short, with a digit (attribute values can be whole JSON blobs).
_MAX_MACHINE_VALUE = 40
# Containers whose dates belong to other stories or to readers: related and latest lists, comments,
# sidebars, tickers, embedded cards. Matched on the class/id of the date element and its ancestors.
_FOREIGN_CONTAINER_RE = re.compile(
    r"related|comment|sidebar|widget|popular|most|teaser|recommend|latest|ticker|trending|embed|card|"
    r"more-?news|read-?also|prayer|weather",
    re.IGNORECASE,
)
# Elements whose dates are another page's (a teaser link) or the site's (navigation). Not <footer>:
# themes put the article's own «posted on» line in an <footer class="entry-footer"> too.
_FOREIGN_TAGS = frozenset({"a", "aside", "nav"})
# How deep the ancestor check looks: enough for a card's wrappers, not up to the page's own wrapper.
_FOREIGN_DEPTH = 8
# A zone-less date line and a machine instant can fall on neighbouring days (23:30 in Riyadh is 20:30
# UTC): without the outlet's zone, days this far apart still agree.
_UNKNOWN_ZONE_SLACK = timedelta(days=1)
# How far past each of its midnights a day still agrees with a timed date: a UTC day seen from the
# Arab world's zones (UTC+0 to +4), or a print issue's date and the previous evening's posting.
_DAY_EDGE = timedelta(hours=6)


def page_dates(
    tree: HtmlElement,
    page: htmlmeta.PageMeta,
    url: str,
    *,
    tz: str | None,
    now: datetime | None = None,
) -> tuple[ParsedDate | None, ParsedDate | None]:
    """Publication and modification dates of the page at ``url``; either may be None.

    ``tz`` is the outlet's IANA zone (None: unknown, zone-less times stay naive); ``now`` is the fetch
    time, which rejects dates far in the future and anchors relative ones («منذ 3 ساعات»). ``tree`` may
    already be stripped of scripts: framework state comes from ``page``.
    """
    title = htmlmeta.declared_title(tree, page)
    declared = [*_ld_dates(page, title, tz, now), _meta_date(page, _PUBLISHED_META, _MODIFIED_META, tz, now)]
    published = _first(d[0] for d in declared)
    modified = _first(d[1] for d in declared)
    visible: tuple[ParsedDate | None, ParsedDate | None] | None = None  # read only when needed
    if (
        published is None
        or not has_clock(published)
        or published.precision != "instant"
        or _is_utc_clock(published)
        or modified is None
    ):
        state_published, state_modified, titled = _state_dates(page.state, title, tz, now)
        visible = _visible_dates(tree, tz, now)
        visible_published, visible_modified = visible
        if tz and published and visible_published and z_is_local(published, visible_published, tz):
            # The CMS labels local time "Z": the page's own date line shows the same clock, so the
            # outlet's zone applies (to the modification time too, written by the same code).
            published = reinterpret_as_local(published, tz)
            if modified is not None and _is_utc_clock(modified):
                modified = reinterpret_as_local(modified, tz)
        # State that names the page's headline outranks the date line; other titled state follows it.
        published_order = [state_published, visible_published] if titled else [visible_published, state_published]
        modified_order = [state_modified, visible_modified] if titled else [visible_modified, state_modified]
        published = _complete(published, published_order, tz)
        modified = _complete(modified, modified_order, tz)
    if published is not None and other_order(published) is not None:
        # «12/3/2025»: day and month could trade places; the page's own date line says which it means.
        shown = (visible or _visible_dates(tree, tz, now))[0]
        if (swapped := agreeing_order(published, shown)) is not None:
            if modified is not None and same_shape(modified, published):
                modified = other_order(modified) or modified  # written by the same software
            published = swapped
    if published is None:
        published = find_date_in_url(url, tz=tz, now=now) or _htmldate(tree, tz, now)
    if published is not None and modified is not None and _instant(modified) <= _instant(published):
        modified = None  # CMSes fill dateModified with the publication time: that is no modification
    return published, modified


# --- Choosing -----------------------------------------------------------------------------------------


def _first(values: Iterator[ParsedDate | None]) -> ParsedDate | None:
    return next((v for v in values if v is not None), None)


def _complete(best: ParsedDate | None, others: Sequence[ParsedDate | None], tz: str | None) -> ParsedDate | None:
    """``best``, or the first of ``others`` when there is no ``best``; a day-only ``best`` gives way to
    a timed date of the same day."""
    if best is None:
        best = _first(iter(others))
        others = others[1:] if best is others[0] else others
    if best is None or has_clock(best):
        return best
    return next((o for o in others if o is not None and has_clock(o) and _same_day(best, o, tz)), best)


def has_clock(parsed: ParsedDate) -> bool:
    """The date carries a real time of day: not a day alone, nor a day written as 00:00:00."""
    return parsed.has_time and parsed.value.time() != time()


def _same_day(day: ParsedDate, timed: ParsedDate, tz: str | None) -> bool:
    """Whether the timed date falls on ``day`` or within ``_DAY_EDGE`` of its midnights (seen in the
    outlet's zone, when known; a zoned time with no known zone may be a day off either way)."""
    moment = timed.value
    if moment.tzinfo is not None and tz is None:
        return abs(moment.date() - day.value.date()) <= _UNKNOWN_ZONE_SLACK
    if moment.tzinfo is not None and tz is not None:
        moment = moment.astimezone(ZoneInfo(tz))
    start = datetime.combine(day.value.date(), time()) - _DAY_EDGE
    return start <= moment.replace(tzinfo=None) < start + timedelta(days=1) + 2 * _DAY_EDGE


def _instant(parsed: ParsedDate) -> datetime:
    """A comparable value: zone-less clocks and days taken as UTC (close enough to order two dates)."""
    value = parsed.value
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _is_utc_clock(parsed: ParsedDate) -> bool:
    """A time written with a zero offset ("Z", "+00:00"): right, or a local clock mislabelled."""
    return parsed.has_time and parsed.has_zone and parsed.value.utcoffset() == timedelta(0)


# --- Declared: JSON-LD, meta, framework state ----------------------------------------------------------


def _parse_value(value: object, tz: str | None, now: datetime | None) -> ParsedDate | None:
    """A machine date: an ISO/RFC string, or epoch seconds or milliseconds (as a number or digits)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        value = str(int(value))
    if not isinstance(value, str) or not value.strip() or len(value) > _MAX_MACHINE_VALUE:
        return None
    return parse_epoch(value, tz=tz, now=now) or parse_date(value, tz=tz, now=now)


def _meta_date(
    page: htmlmeta.PageMeta, published: Sequence[str], modified: Sequence[str], tz: str | None, now: datetime | None
) -> tuple[ParsedDate | None, ParsedDate | None]:
    def first_parsed(names: Sequence[str]) -> ParsedDate | None:
        return _first(_parse_value(page.first(name), tz, now) for name in names)

    return first_parsed(published), first_parsed(modified)


def _ld_dates(
    page: htmlmeta.PageMeta, title: str, tz: str | None, now: datetime | None
) -> list[tuple[ParsedDate | None, ParsedDate | None]]:
    """The dates of the page's article JSON-LD objects: the one titled like the page first, and a
    generic ``WebPage`` after the specific article types."""
    objects = page.article_lds()
    ranked = sorted(
        range(len(objects)),
        key=lambda i: (not htmlmeta.titled(objects[i], title), _is_webpage(objects[i]), i),
    )
    return [
        (_parse_value(objects[i].get("datePublished"), tz, now), _parse_value(objects[i].get("dateModified"), tz, now))
        for i in ranked
    ]


def _is_webpage(obj: dict[str, Any]) -> bool:
    types = obj.get("@type")
    return any(isinstance(t, str) and t.lower() == "webpage" for t in (types if isinstance(types, list) else [types]))


def _state_dates(
    state: Sequence[Any], title: str, tz: str | None, now: datetime | None
) -> tuple[ParsedDate | None, ParsedDate | None, bool]:
    """Dates in framework state, and whether they come from the object holding the page's title (else
    from the first object with a title and a date). Untitled objects are not read: a session's or a
    setting's ``createdAt`` is no article's date."""
    fallback: tuple[ParsedDate | None, ParsedDate | None, bool] = (None, None, False)
    for obj in htmlmeta.state_objects(state):
        if not any(isinstance(obj.get(k), str) for k in htmlmeta.TITLE_KEYS):
            continue
        published = _first(_parse_value(obj.get(k), tz, now) for k in _PUBLISHED_KEYS if k in obj)
        if published is None:
            continue
        titled = htmlmeta.titled(obj, title)
        if titled or fallback[0] is None:
            modified = _first(_parse_value(obj.get(k), tz, now) for k in _MODIFIED_KEYS if k in obj)
            if titled:
                return published, modified, True
            fallback = (published, modified, False)
    return fallback


# --- Visible date lines and their machine attributes -------------------------------------------------


class _Candidate(NamedTuple):
    """A date line found in the page, and how it ranks (lower is better)."""

    parsed: ParsedDate
    modified: bool
    rank: tuple[bool, bool, int]  # (above the headline, without a time, page order)


def _visible_dates(
    tree: HtmlElement, tz: str | None, now: datetime | None
) -> tuple[ParsedDate | None, ParsedDate | None]:
    """The page's own date lines: those after the headline before those above it (a top bar's
    «today»), timed before day-only, then in page order; lines of related stories, comments and
    sidebars are never read."""
    candidates: list[_Candidate] = []
    headline = _headline(tree)
    after_headline = headline is None
    machine_elements = set(_MACHINE_DATE_XPATH(tree))
    for order, el in enumerate(tree.iter()):
        if el is headline:
            after_headline = True
        machine = _machine_value(el) if el in machine_elements else None
        if machine is None and el.tag not in _DATE_TAGS:
            continue
        marker = f"{el.get('class', '')} {el.get('id', '')} {el.get('itemprop', '')}"
        # Only the start of unmarked elements is read: most are not date lines.
        if (
            machine is None
            and el.tag != "time"
            and not _DATE_CLASS_RE.search(marker)
            and not DATE_LABEL_RE.match(text_start(el))
        ):
            continue
        text = clean_line(el.text_content())
        if len(text) > MAX_DATE_TEXT:
            text = ""
        if (machine is None and not text) or _is_foreign(el):
            continue
        if machine is None and (both := _published_then_updated(text, tz, now)) is not None:
            candidates += [_Candidate(p, m, (not after_headline, not has_clock(p), order)) for p, m in both]
            continue
        parsed = _read_line(machine, text, tz, now)
        if parsed is None:
            continue
        modified = bool(_UPDATED_WORDS_RE.search(text)) or "modified" in marker.lower()
        candidates.append(_Candidate(parsed, modified, (not after_headline, not has_clock(parsed), order)))
    candidates.sort(key=lambda c: c.rank)
    published = next((c.parsed for c in candidates if not c.modified), None)
    modified_at = next((c.parsed for c in candidates if c.modified), None)
    return published, modified_at


def _published_then_updated(text: str, tz: str | None, now: datetime | None) -> list[tuple[ParsedDate, bool]] | None:
    """A line giving both dates, «نشر بتاريخ: 04/12/2025 (آخر تحديث: 04/12/2025 الساعة: 13:20)»: the
    publication date before the update words, the (modified) update date after them; None when the
    line does not start with a date of its own before an update clause."""
    update = _UPDATED_WORDS_RE.search(text)
    if update is None or update.start() == 0:
        return None
    published = parse_date(text[: update.start()], tz=tz, now=now)
    if published is None:
        return None
    updated = parse_date(text[update.start() :], tz=tz, now=now)
    return [(published, False)] + ([(updated, True)] if updated is not None else [])


def _machine_value(el: HtmlElement) -> str | None:
    """A machine date an element carries: ``datetime``, ``content`` of a date ``itemprop``, or a
    ``data-*`` date attribute."""
    if (value := el.get("datetime")) is not None:
        return str(value)
    if "date" in (el.get("itemprop") or "").lower() and (value := el.get("content")) is not None:
        return str(value)
    if _RDFA_DATE_RE.search(el.get("property") or "") and (value := el.get("content")) is not None:
        return str(value)
    for name, value in el.items():
        if _DATA_DATE_ATTR_RE.match(name) and any(c.isdigit() for c in value) and len(value) <= _MAX_MACHINE_VALUE:
            return str(value)
    return None


def _read_line(machine: str | None, text: str, tz: str | None, now: datetime | None) -> ParsedDate | None:
    """The more precise of an element's machine value and its text, when they agree on the day."""
    from_machine = _parse_value(machine, tz, now) if machine else None
    from_text = parse_date(text, tz=tz, now=now) if text else None
    if from_machine is None or from_text is None:
        return from_machine or from_text
    if not has_clock(from_machine) and has_clock(from_text) and _same_day(from_machine, from_text, tz):
        return from_text
    return from_machine


def _headline(tree: HtmlElement) -> HtmlElement | None:
    return next((h for h in tree.iter("h1") if clean_line(h.text_content())), None)


def _is_foreign(el: HtmlElement) -> bool:
    """The element sits in a link, a sidebar or a related/comments block: its date is not the page's."""
    node: HtmlElement | None = el
    for _ in range(_FOREIGN_DEPTH):
        if node is None or node.tag in ("body", "html"):
            return False
        if node.tag in _FOREIGN_TAGS:
            return True
        if _FOREIGN_CONTAINER_RE.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
        node = node.getparent()
    return False


# --- Last resort ----------------------------------------------------------------------------------------


def _htmldate(tree: HtmlElement, tz: str | None, now: datetime | None) -> ParsedDate | None:
    """htmldate's day-level guess (it knows many CMS layouts, though no Arabic months).

    htmldate fills a year alone (a copyright line «© 2024») or a month alone (an upload path
    ``/2024/11/``) with the 1st: a 1st is kept only when the page writes that day out in digits.
    """
    try:
        day = find_date(tree, original_date=True, outputformat="%Y-%m-%d", max_date=_latest(now))
    except ValueError:
        return None
    if not day:
        return None
    found = date.fromisoformat(day)
    if found.day == 1 and not any(form in lxml.html.tostring(tree, encoding="unicode") for form in _digit_forms(found)):
        return None
    return parse_date(day, tz=tz, now=now)


def _latest(now: datetime | None) -> str | None:
    return (now + timedelta(days=2)).strftime("%Y-%m-%d") if now is not None else None


def _digit_forms(day: date) -> list[str]:
    """How pages write ``day`` in digits: ISO, slashed or dotted, day or year first, padded or not."""
    y, m, d = day.year, day.month, day.day
    forms = []
    for month, dd in ((f"{m:02d}", f"{d:02d}"), (str(m), str(d))):
        for sep in ("-", "/", "."):
            forms += [f"{y}{sep}{month}{sep}{dd}", f"{dd}{sep}{month}{sep}{y}"]
    return [*forms, f"{y}{m:02d}{d:02d}"]
