"""The sources page (``/sources``: one row per outlet with its health, last success, articles per day,
failures and disabled feeds) and one page per source (``/source/<id>``: its feeds' health, its latest
articles and its recent runs from the run history)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import Blueprint, abort, render_template

from crawler import stats as keys
from crawler.listings.feedhealth import FeedState, health_label
from crawler.sources import Source
from crawler.store.base import SearchFilters, SourceActivity, Store
from crawler.store.runs import RunRecord, SourceRun
from crawler.web import chart
from crawler.web.context import web_context

sources = Blueprint("sources", __name__)

# Articles the page of one source lists; its runs shown, from how many days of history.
SOURCE_ARTICLES = 10
RECENT_RUNS = 15
RECENT_RUN_DAYS = 30


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One outlet on the sources page."""

    id: str
    source: Source | None
    feeds: list[FeedState]
    activity: SourceActivity | None
    bars: list[chart.Bar]

    @property
    def status(self) -> str:
        """``ok``, ``failing``, ``some feeds disabled``, ``disabled`` (every feed), or ``never fetched``."""
        if not self.feeds:
            return "never fetched"
        disabled = sum(1 for f in self.feeds if f.disabled_reason)
        if disabled == len(self.feeds):
            return "disabled"
        if disabled:
            return "some feeds disabled"
        return "failing" if any(f.consecutive_failures for f in self.feeds) else "ok"

    @property
    def last_success(self) -> str | None:
        return max((f.last_success_at for f in self.feeds if f.last_success_at), default=None)

    @property
    def failures(self) -> int:
        return sum(f.consecutive_failures for f in self.feeds)

    @property
    def disabled(self) -> list[FeedState]:
        return [f for f in self.feeds if f.disabled_reason]


@sources.get("/sources")
def source_list() -> str:
    context = web_context()
    store = context.store()
    newest = store.latest(limit=1)
    last = _day(newest[0].published_at or newest[0].fetched_at) if newest else None
    since = (last - timedelta(days=chart.DAYS)).isoformat() if last else None
    activity = {a.source_id: a for a in store.source_activity(since)} if since else {}
    if activity:
        last = max((date.fromisoformat(d) for a in activity.values() for d in a.per_day), default=last)
    days = chart.window(last) if last else []
    feeds: dict[str, list[FeedState]] = {}
    for state in store.feed_states():
        feeds.setdefault(state.source_id, []).append(state)
    registry = context.sources
    ids = sorted({*feeds, *(i for i in activity if i)})
    rows = [
        SourceRow(i, registry.get(i), feeds.get(i, []), activity.get(i), chart.bars(_per_day(activity.get(i)), days))
        for i in ids
    ]
    return render_template(
        "sources.html",
        rows=rows,
        days=days,
        bar_width=chart.bar_width(days),
        chart=chart,
        unlisted=len(set(registry) - set(ids)),
        unattributed=activity.get(None),
    )


@sources.get("/source/<source_id>")
def source_page(source_id: str) -> str:
    context = web_context()
    store = context.store()
    states = store.feed_states(source_id)
    latest = store.latest(SearchFilters(source_ids=(source_id,)), limit=SOURCE_ARTICLES)
    source = context.sources.get(source_id)
    if source is None and not states and not latest:
        abort(404, f"no source {source_id!r} in the registry or the store")
    pending = store.pending_counts()
    return render_template(
        "source.html",
        source_id=source_id,
        source=source,
        feeds=[(s, health_label(s), pending.get((source_id, s.url), 0)) for s in states],
        total=store.count(source_id),
        latest=latest,
        runs=_recent_runs(store, source_id),
        run_days=RECENT_RUN_DAYS,
        keys=keys,
    )


def _recent_runs(store: Store, source_id: str) -> list[tuple[RunRecord, SourceRun]]:
    """The source's last runs, newest first, with its figures in each (runs that did not include it left out)."""
    since = (datetime.now(UTC) - timedelta(days=RECENT_RUN_DAYS)).isoformat(timespec="seconds")
    found = []
    for run in reversed(store.runs(since=since, source_ids=(source_id,))):
        figures = run.source(source_id)
        if figures is not None:
            found.append((run, figures))
        if len(found) == RECENT_RUNS:
            break
    return found


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def _per_day(activity: SourceActivity | None) -> dict[str, int]:
    return activity.per_day if activity is not None else {}
