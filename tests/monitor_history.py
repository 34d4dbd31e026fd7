"""A recorded run history for the monitoring tests: runs every two hours over two weeks, each source
storing a steady number of articles (with a little deterministic variation), up to ``end``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from crawler.store.base import utc_iso
from crawler.store.runs import RunRecord, SourceRun

RUN_EVERY = timedelta(hours=2)


def history(
    end: datetime,
    per_run: Mapping[str, int],
    days: int = 14,
    stop: Mapping[str, datetime] | None = None,
    refused: Mapping[str, int] | None = None,
) -> list[RunRecord]:
    """Runs from ``end - days`` to ``end``; ``stop[source]``: from then on the source stores nothing;
    ``refused[source]``: pages refused per run (out of the stored plus refused)."""
    runs, moment, n = [], end - timedelta(days=days), 0
    while moment <= end:
        sources = []
        for sid, usual in sorted(per_run.items()):
            got = 0 if stop and sid in stop and moment >= stop[sid] else usual + (n % 3) - 1 if usual > 1 else usual
            bad = (refused or {}).get(sid, 0)
            counts = {
                "feeds_ok": 1,
                "stored": got,
                "pages_requested": got + bad,
                "extracted": got,
                "not_article": bad,
                "dates_checked": got,
            }
            if n % 7 == 0 and got:
                counts["pages_failed"] = 1
            sources.append(SourceRun(sid, "ok", {k: v for k, v in counts.items() if v}))
        runs.append(
            RunRecord(
                id=f"hist-{n:04d}",
                started_at=utc_iso(moment - timedelta(minutes=3)),
                finished_at=utc_iso(moment),
                finish_reason="finished",
                exit_code=0,
                version="0.1.0",
                totals={"seconds": 180.0, "bytes": 2_500_000.0},
                sources=tuple(sources),
            )
        )
        moment += RUN_EVERY
        n += 1
    return runs
