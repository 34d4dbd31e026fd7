"""A crawl's run record, built from its stats when the spider closes: counters per source and reasons,
date checks of the stored articles, and the settings that differ from the defaults (secrets masked)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from crawler import stats as keys
from crawler.store.runs import RunRecord, SourceRun

# Counters of the date checks, kept beside the stats' counters in each source's figures.
UNDATED = "undated"
DATED_FUTURE = "dated_future"
DATED_PAST = "dated_past"
DATES_CHECKED = "dates_checked"
# A published date this far after the fetch is in the future (time zones and clocks differ by hours).
FUTURE_TOLERANCE = timedelta(hours=26)
# Setting names whose values are never recorded, and passwords inside URIs (scheme://user:secret@host).
_SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|CREDENTIAL", re.IGNORECASE)
_URI_PASSWORD = re.compile(r"(://[^:/@\s]+):[^@/\s]+@")
_MAX_VALUE_CHARS = 300
# Scrapy's stats keys of the whole run.
_BYTES = "downloader/response_bytes"
_SECONDS = "elapsed_time_seconds"


def date_check(published_at: str | None, fetched_at: str | None, past_days: float) -> str | None:
    """``undated``, ``dated_future`` (after the fetch by more than a day), ``dated_past`` (more than
    ``past_days`` before it) or ``None`` for a plausible date. Dates without a zone are taken as UTC."""
    if not published_at:
        return UNDATED
    try:
        published = _aware(datetime.fromisoformat(published_at))
        fetched = _aware(datetime.fromisoformat(fetched_at)) if fetched_at else None
    except ValueError:
        return UNDATED
    if fetched is None:
        return None
    if published > fetched + FUTURE_TOLERANCE:
        return DATED_FUTURE
    if past_days > 0 and published < fetched - timedelta(days=past_days):
        return DATED_PAST
    return None


def source_figures(stats: Mapping[str, Any], source_id: str) -> dict[str, int]:
    """Every non-zero counter of a source, with its per-reason counters (``not_article/listing_page``)."""
    prefix = keys.source_key(source_id, "")
    figures = {}
    for key, value in stats.items():
        if key.startswith(prefix) and isinstance(value, int) and not isinstance(value, bool) and value:
            figures[key[len(prefix) :]] = value
    return figures


def build_run(
    info: RunRecord,
    stats: Mapping[str, Any],
    statuses: Sequence[tuple[str, str, str | None]],
    dates: Mapping[str, Counter[str]],
) -> RunRecord:
    """The record of a run: ``info`` says what the run itself was (id, times, finish, exit code, version,
    mode, settings); ``statuses`` is (source id, summary status, last error) per source, in order;
    ``dates`` the date checks of each source's stored articles."""
    sources = tuple(
        SourceRun(sid, status, source_figures(stats, sid) | dict(dates.get(sid, Counter())), error)
        for sid, status, error in statuses
    )
    totals: dict[str, float] = {
        "bytes": float(stats.get(_BYTES, 0) or 0),
        "seconds": float(stats.get(_SECONDS, 0) or _seconds(info.started_at, info.finished_at)),
    }
    for counter in (keys.PAGES_REQUESTED, keys.STORED, keys.SPOOLED, keys.SPOOL_REPLAYED, keys.SPOOL_CORRUPT):
        totals[counter] = float(stats.get(keys.total_key(counter), 0) or 0)
    return replace(info, totals=totals, sources=sources)


def settings_diff(current: Mapping[str, Any], defaults: Mapping[str, Any]) -> dict[str, str]:
    """Settings (upper-case names) whose value differs from the default, as text; secrets masked."""
    changed = {}
    for name in sorted(current):
        if not name.isupper() or _text(current[name]) == _text(defaults.get(name)):
            continue
        value = "***" if _SECRET_NAME.search(name) else _URI_PASSWORD.sub(r"\1:***@", _text(current[name]))
        changed[name] = value[:_MAX_VALUE_CHARS]
    return changed


def _text(value: Any) -> str:
    if isinstance(value, Mapping):
        return repr(dict(sorted(value.items())))
    return repr(value) if not isinstance(value, str) else value


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _seconds(started: str, finished: str) -> float:
    try:
        return (datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds()
    except ValueError:
        return 0.0
