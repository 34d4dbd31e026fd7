"""The run history and the alert state, on both backends: record, read by time and source, prune."""

from __future__ import annotations

from crawler.store import Store
from crawler.store.runs import RunRecord, SentAlert, SourceRun


def make_run(run_id: str, started: str, **counts: int) -> RunRecord:
    return RunRecord(
        id=run_id,
        started_at=f"{started}.000000+00:00",
        finished_at=f"{started}.000000+00:00",
        finish_reason="finished",
        exit_code=3,
        version="0.1.0",
        settings={"AKHBAR_MAX_ENTRIES_PER_FEED": "20", "AKHBAR_STORE_URI": "postgresql://crawler:***@db/news"},
        totals={"bytes": 125_000, "seconds": 42.5},
        sources=(
            SourceRun("aljazeera", "FAILED", {"feeds_failed": 1}, error="HTTP 503 at /rss"),
            SourceRun("alsumaria", "ok", {"stored": counts.get("stored", 4), "not_article/listing_page": 2}),
        ),
    )


def test_a_run_comes_back_as_recorded(store: Store) -> None:
    run = make_run("r1", "2026-11-29T06:00:00")
    store.record_run(run)
    assert store.runs() == [run]
    back = store.runs()[0]
    assert back.source("alsumaria") == SourceRun("alsumaria", "ok", {"stored": 4, "not_article/listing_page": 2})
    assert back.source("aljazeera") is not None and back.source("aljazeera").error == "HTTP 503 at /rss"  # type: ignore[union-attr]


def test_runs_by_time_and_source(store: Store) -> None:
    for number, started in enumerate(("2026-11-28T23:30:00", "2026-11-29T06:00:00", "2026-11-30T00:00:00")):
        store.record_run(make_run(f"r{number}", started, stored=number))
    assert [r.id for r in store.runs(since="2026-11-29")] == ["r1", "r2"]
    assert [r.id for r in store.runs(until="2026-11-29")] == ["r0", "r1"]  # a bare date: its whole day
    assert [r.id for r in store.runs(since="2026-11-29T06:00:00+00:00", until="2026-11-29T06:00:00Z")] == ["r1"]
    only = store.runs(source_ids=["aljazeera"])
    assert [[s.source_id for s in r.sources] for r in only] == [["aljazeera"]] * 3
    assert store.runs()[0].sources[0].source_id == "aljazeera"  # sources by id


def test_prune_forgets_old_runs_and_their_sources(store: Store) -> None:
    store.record_run(make_run("old", "2026-08-01T06:00:00"))
    store.record_run(make_run("new", "2026-11-29T06:00:00"))
    assert store.prune_runs("2026-09-01") == 1
    assert [r.id for r in store.runs()] == ["new"]
    store.record_run(make_run("old", "2026-08-01T06:00:00"))  # its source rows went with it: no conflict
    assert len(store.runs()) == 2


def test_alert_state_is_kept_until_cleared(store: Store) -> None:
    silent = SentAlert("silent:alsumaria", "alsumaria", "silent", "2026-11-29T06:00:00+00:00", "لا أخبار منذ 9 ساعات")
    disabled = SentAlert("feed_disabled:aljazeera", "aljazeera", "feed_disabled", "2026-11-29T06:00:00+00:00", "x")
    store.update_alerts([silent, disabled], [])
    assert store.sent_alerts() == [disabled, silent]
    store.update_alerts([], ["silent:alsumaria"])
    assert store.sent_alerts() == [disabled]
