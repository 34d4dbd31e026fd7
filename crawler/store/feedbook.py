"""One run's bookkeeping of feeds and articles against the store: what to fetch, and what happened.

A feed is fetched when it is due (``crawler.listings.feedhealth``), with the validators of its last response
(``If-None-Match`` / ``If-Modified-Since``); a 304, or a body identical to the last one, costs
nothing more. New validators are saved only once every article the feed listed has been handled, so
a crawl stopped midway (Ctrl-C, kill) asks for the whole feed again next time and fetches what it
had not stored yet, instead of getting a 304 and missing it. An article already stored is not
fetched again unless it is younger than the source's revisit window. Sitemaps are kept the same way.

Listed articles not stored yet are remembered as pending (``crawler.listings.backlog``) before any is
asked for; each listing a run reads (or finds not due) takes its share of the source's pending entries,
newest first, and an entry leaves pending once its page is handled: stored, refused, or failed for good.
What the per-run cap or a stop leaves behind is thus fetched by later runs, even from a feed that
answers 304. Those drops are written in batches: after a crash the stored ones are recognised by the
seen-state and dropped unfetched.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from crawler.listings import backlog, feedhealth
from crawler.listings.backlog import PendingEntry
from crawler.listings.feedhealth import FeedState, HealthPolicy
from crawler.store.base import StorageError, Store

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FeedPlan:
    """Whether to fetch a feed now: ``reason`` is ``"due"``, ``"not_due"`` or ``"disabled"``."""

    fetch: bool
    reason: str
    headers: Mapping[str, str]
    state: FeedState


@dataclass(slots=True)
class _Pending:
    """A fetched feed whose listed articles are still being handled."""

    fetched: FeedState  # the state to save once they are all done
    previous: FeedState  # the state it replaces (validators kept if the run stops first)
    outstanding: int = 0


@dataclass(slots=True)
class FeedBook:
    """Feed states and article seen-state for one crawl, read from and written to ``store``."""

    store: Store
    policy: HealthPolicy = field(default_factory=HealthPolicy)
    respect_schedule: bool = True  # False: every enabled feed is fetched, due or not
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    _pending: dict[str, _Pending] = field(default_factory=dict)
    _broken: bool = False  # the store refused a feed-state write: stop trying for this run
    _taken: Counter[str] = field(default_factory=Counter)  # per source: entries picked in this run
    _handled: list[str] = field(default_factory=list)  # URLs to drop from pending, written in batches
    handled_batch: int = 100

    def state(self, source_id: str, url: str) -> FeedState:
        try:
            saved = self.store.get_feed_state(url)
        except StorageError as exc:
            self._storage_failed(exc)
            saved = None
        return saved or FeedState(url=url, source_id=source_id)

    def _save(self, state: FeedState) -> None:
        """Feed states are bookkeeping: a store that cannot take them costs polling precision only (the
        next run reads the feeds whole), so after the first failure the run stops trying."""
        if self._broken:
            return
        try:
            self.store.save_feed_state(state)
        except StorageError as exc:
            self._storage_failed(exc)

    def _storage_failed(self, exc: StorageError) -> None:
        if not self._broken:
            logger.error("Feed states and pending entries not saved for the rest of this run: %s", exc)
        self._broken = True

    def plan(self, source_id: str, url: str) -> FeedPlan:
        state = self.state(source_id, url)
        if state.disabled_reason is not None:
            return FeedPlan(False, "disabled", {}, state)
        if self.respect_schedule and not feedhealth.is_due(state, self.clock()):
            return FeedPlan(False, "not_due", {}, state)
        headers = {}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        return FeedPlan(True, "due", headers, state)

    def not_modified(self, state: FeedState, *, etag: str | None = None) -> None:
        """HTTP 304: nothing new."""
        self._save(
            feedhealth.record_unchanged(state, self.clock(), status="not_modified", policy=self.policy, etag=etag)
        )

    def unchanged(self, state: FeedState, body_hash: str) -> bool:
        """True (and recorded) when the body is the one seen last time, whatever the headers said."""
        if state.body_hash is None or state.body_hash != body_hash:
            return False
        self._save(feedhealth.record_unchanged(state, self.clock(), status="unchanged", policy=self.policy))
        return True

    def failed(self, state: FeedState, reason: str) -> FeedState:
        """Record a failure; the returned state tells whether the feed is now disabled."""
        updated = feedhealth.record_failure(state, self.clock(), reason, self.policy)
        self._save(updated)
        return updated

    def fetched(
        self,
        state: FeedState,
        *,
        etag: str | None,
        last_modified: str | None,
        body_hash: str,
        new_entries: int,
        total_entries: int,
        newest_entry_at: str | None,
        requested: int | None = None,
    ) -> None:
        """The feed was read, ``new_entries`` of its ``total_entries`` not listed before; the ``requested``
        articles asked for in its name (default: ``new_entries``) will each end with ``done(url)``."""
        updated = feedhealth.record_fetched(
            state,
            self.clock(),
            etag=etag,
            last_modified=last_modified,
            body_hash=body_hash,
            new_entries=new_entries,
            total_entries=total_entries,
            newest_entry_at=newest_entry_at,
            policy=self.policy,
        )
        requested = new_entries if requested is None else requested
        if requested == 0:
            self._save(updated)
        else:
            self._pending[state.url] = _Pending(updated, state, requested)

    def done(self, feed_url: str) -> None:
        """One article listed by ``feed_url`` was handled (stored, dropped or failed)."""
        pending = self._pending.get(feed_url)
        if pending is None:
            return
        pending.outstanding -= 1
        if pending.outstanding <= 0:
            self._save(pending.fetched)
            del self._pending[feed_url]

    def flush(self) -> None:
        """At the end of a run: feeds with articles left unhandled keep their old validators (so the
        next run reads them whole), with this run's health and timing; handled entries leave pending."""
        self._drop_handled()
        for pending in self._pending.values():
            previous = pending.previous
            self._save(
                replace(
                    pending.fetched,
                    etag=previous.etag,
                    last_modified=previous.last_modified,
                    body_hash=previous.body_hash,
                    next_due_at=None,
                )
            )
        self._pending.clear()

    def remember(self, entries: Sequence[PendingEntry]) -> int:
        """Keep listed articles not stored yet as pending; how many were not pending already (all of
        them when the store fails: the listing is read whole again next run, its validators unsaved)."""
        if self._broken or not entries:
            return len(entries)
        try:
            return self.store.add_pending(entries)
        except StorageError as exc:
            self._storage_failed(exc)
            return len(entries)

    def take(
        self,
        source_id: str,
        limit: int,
        *,
        since: datetime | None,
        taken: Container[str],
        listed: Sequence[PendingEntry] = (),
    ) -> list[PendingEntry]:
        """Up to ``limit`` entries to fetch now (all when 0): ``listed`` (just read, not stored yet or due
        a revisit) and the source's pending entries dated within the run's window (``since``), newest
        first, leaving out URLs in ``taken``. Pending entries found stored meanwhile leave pending.

        One page of the pending order is read, ``2 * limit`` past the entries picked earlier in the run:
        a listing taking fewer than ``limit`` (many found stored) leaves the rest to the next one."""
        page = 2 * limit + self._taken[source_id] if limit else None
        try:
            rows = self.store.pending_entries(source_id, since=backlog.instant(since) if since else None, limit=page)
        except StorageError as exc:
            self._storage_failed(exc)
            rows = []
        fresh = {entry.url for entry in listed}  # checked by the caller (a revisit is stored on purpose)
        chosen, stored = backlog.pick(
            [*listed, *rows], limit, taken=taken, stored=lambda url: url not in fresh and self.is_stored(url)
        )
        self._taken[source_id] += len(chosen)
        for entry in stored:
            self.handled(entry.url)
        return chosen

    def handled(self, url: str) -> None:
        """The page of a listed article was handled (stored, refused or failed for good): not pending."""
        self._handled.append(url)
        if len(self._handled) >= self.handled_batch:
            self._drop_handled()

    def pending_counts(self) -> dict[tuple[str, str], int]:
        """Pending entries per ``(source_id, feed_url)``; empty when the store cannot say."""
        try:
            return self.store.pending_counts()
        except StorageError as exc:
            self._storage_failed(exc)
            return {}

    def _drop_handled(self) -> None:
        urls, self._handled = self._handled, []
        if self._broken or not urls:
            return
        try:
            self.store.drop_pending(urls)
        except StorageError as exc:  # they are fetched again: the store's upsert keeps one copy
            self._storage_failed(exc)

    def is_stored(self, url: str) -> bool:
        """The article is stored (under any of its addresses); ``False`` when the store cannot say."""
        try:
            return self.store.seen_article(url) is not None
        except StorageError as exc:
            self._storage_failed(exc)
            return False

    def is_seen(self, url: str, revisit_hours: float = 0.0) -> bool:
        """The article is stored already, and not young enough to be fetched again for corrections."""
        try:
            seen = self.store.seen_article(url)
        except StorageError as exc:
            self._storage_failed(exc)
            return False  # fetched again: the store's own upsert keeps one copy
        if seen is None:
            return False
        if revisit_hours <= 0:
            return True
        stamp = seen.published_at or seen.fetched_at
        if stamp is None:
            return True
        try:
            moment = datetime.fromisoformat(stamp)
        except ValueError:
            return True
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return self.clock() - moment > timedelta(hours=revisit_hours)
