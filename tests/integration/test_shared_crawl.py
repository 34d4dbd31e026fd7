"""Workers of a shared crawl (``akhbar crawl --queue redis://… --db postgresql://…``) against a loopback
outlet that logs every request: three workers, one killed with ``kill -9`` mid-crawl, store every article
once and fetch none twice but those the killed worker had in flight; two workers keep the per-outlet
politeness between them, one of them seeds, both leave once the queue is idle; a Redis that does not answer
or a SQLite store is refused before any request."""

from __future__ import annotations

import itertools
import os
import pickle
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import redis

from benchmarks.outlet import BenchOutlet
from crawler.app.pglock import PgLockBusy, PgRunLock
from crawler.store import open_store
from tests.conftest import ROOT, run_akhbar
from tests.pg import postgres_schema
from tests.redisdb import SERVER, redis_prefix
from tests.shared_outlet import LoggedOutlet


@dataclass
class Shared:
    pg: str
    prefix: str
    tmp: Path


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Shared]:
    with postgres_schema() as pg, redis_prefix() as prefix:
        yield Shared(pg, prefix, tmp_path)


def worker_args(shared: Shared, outlet: LoggedOutlet, *settings: str) -> list[str]:
    sources = shared.tmp / "sources.toml"
    sources.write_text(outlet.outlet.sources_toml(outlet.base_url), encoding="utf-8")
    base = {
        "AKHBAR_QUEUE_PREFIX": shared.prefix,
        "AKHBAR_QUEUE_IDLE": "1",
        "AKHBAR_QUEUE_LEASE": "2",
        "AKHBAR_WARC_DIR": "",
        # Each worker's own limits loose: the shared ones are under test.
        "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
        "DOWNLOAD_DELAY": "0",
        "AUTOTHROTTLE_ENABLED": "False",
        "AKHBAR_EXTRACT_WORKERS": "1",
    }
    sets = [f"{k}={v}" for k, v in base.items()] + list(settings)
    args = ["crawl", "--sources", str(sources), "--db", shared.pg, "--profile", "test", "--queue", SERVER]
    return args + [a for s in sets for a in ("--set", s)]


def start_worker(shared: Shared, args: list[str], n: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    log = shared.tmp / f"worker{n}.log"
    return subprocess.Popen(
        [sys.executable, "-m", "crawler", *args, "--log-file", str(log)],
        cwd=shared.tmp,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stored_urls(pg: str) -> Counter[str]:
    with psycopg.connect(pg) as conn:
        return Counter(urlsplit(str(row[0])).path for row in conn.execute("SELECT url FROM articles"))


def in_flight_paths(client: redis.Redis, prefix: str, pid: int) -> set[str] | None:
    """The article paths the worker ``pid`` has taken and not finished; None before it joined."""
    keys = list(client.scan_iter(match=f"{prefix}:inflight:*-{pid}-*"))
    if not keys:
        return None
    return {urlsplit(pickle.loads(v)["url"]).path for key in keys for v in client.hvals(key)}


def test_three_workers_one_killed_store_every_article_once(shared: Shared) -> None:
    bench = BenchOutlet(60, per_feed=10)
    client = redis.Redis.from_url(SERVER)
    with LoggedOutlet(bench, delay=0.3) as outlet:
        settings = ("CONCURRENT_REQUESTS=3", "AKHBAR_QUEUE_CONCURRENCY_PER_DOMAIN=9", "AKHBAR_QUEUE_DOWNLOAD_DELAY=0")
        args = worker_args(shared, outlet, *settings)
        workers = [start_worker(shared, args, n) for n in range(3)]
        victim = workers[2]
        deadline = time.monotonic() + 40
        killed_in_flight: set[str] = set()
        while time.monotonic() < deadline:
            held = in_flight_paths(client, shared.prefix, victim.pid)
            if held and any(bench.index_of(p) is not None for p in held) and len(outlet.article_hits()) >= 10:
                os.kill(victim.pid, signal.SIGSTOP)  # frozen: what it holds cannot change while it is read
                killed_in_flight = in_flight_paths(client, shared.prefix, victim.pid) or set()
                os.kill(victim.pid, signal.SIGKILL)
                break
            time.sleep(0.05)
        victim.wait(timeout=10)
        assert killed_in_flight, "the victim never held an article request in flight"
        outputs = [w.communicate(timeout=60) for w in workers[:2]]
        for worker, (out, err) in zip(workers[:2], outputs, strict=True):
            assert worker.returncode == 0, out + err
        hits = Counter(h.path for h in outlet.article_hits())
    assert victim.returncode == -signal.SIGKILL
    every = {bench.path(i) for i in range(bench.size)}
    stored = stored_urls(shared.pg)
    assert set(stored) == every and set(stored.values()) == {1}
    twice = {path for path, n in hits.items() if n > 1}
    assert twice <= killed_in_flight, f"fetched twice though not in flight at the kill: {twice - killed_in_flight}"
    assert max(hits.values()) <= 2
    assert "requests of dead workers put back" in "".join(err for _, err in outputs)
    assert client.zcard(f"{shared.prefix}:requests") == 0


def test_two_workers_share_politeness_one_seeds_both_leave_when_idle(shared: Shared) -> None:
    bench = BenchOutlet(24, per_feed=8)
    with LoggedOutlet(bench, delay=0.1) as outlet:
        args = worker_args(
            shared,
            outlet,
            "CONCURRENT_REQUESTS=4",
            "AKHBAR_QUEUE_CONCURRENCY_PER_DOMAIN=2",
            "AKHBAR_QUEUE_DOWNLOAD_DELAY=0.15",
        )
        workers = [start_worker(shared, args, n) for n in range(2)]
        outputs = [w.communicate(timeout=60) for w in workers]
        hits = sorted(outlet.hits, key=lambda h: h.started)
    for worker, (out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, out + err
    errs = [err for _, err in outputs]
    assert sum("seeded the run" in err for err in errs) == 1
    taken = [
        int(err.split(": ", 1)[1].split(" requests taken", 1)[0]) for e in errs for err in [e[e.index("worker ") :]]
    ]
    assert all(n > 0 for n in taken), taken  # the work was shared
    assert len(stored_urls(shared.pg)) == bench.size
    # Never more than two requests at the outlet at once, and starts at least the delay apart (less the
    # few milliseconds between Redis's decision and the server's clock).
    for hit in hits:
        assert sum(1 for h in hits if h.started <= hit.started < h.ended) <= 2
    gaps = [b.started - a.started for a, b in itertools.pairwise(hits)]
    assert min(gaps) >= 0.15 - 0.07, min(gaps)
    assert hits[-1].started - hits[0].started >= (len(hits) - 1) * 0.15 * 0.95
    # Each worker recorded its run: exit 0, the sources of the listings it read with their own status,
    # the others' articles it fetched as "shared"; together the runs account for every article.
    with open_store(shared.pg) as store:
        runs = store.runs()
    assert len(runs) == 2 and {run.exit_code for run in runs} == {0}
    assert sum(source.get("stored") for run in runs for source in run.sources) == bench.size
    assert {source.status for run in runs for source in run.sources} <= {"ok", "shared"}


def test_a_redis_that_does_not_answer_or_a_sqlite_store_stops_a_worker_before_any_request(tmp_path: Path) -> None:
    bench = BenchOutlet(4, per_feed=4)
    with LoggedOutlet(bench) as outlet, postgres_schema() as pg:
        (tmp_path / "s.toml").write_text(bench.sources_toml(outlet.base_url), encoding="utf-8")
        down = run_akhbar("crawl", "--sources", "s.toml", "--db", pg, "--queue", "redis://127.0.0.1:1/0", cwd=tmp_path)
        assert down.returncode == 2 and "Redis at redis://127.0.0.1:1/0 does not answer" in down.stderr
        bad = run_akhbar("crawl", "--sources", "s.toml", "--db", pg, "--queue", "http://127.0.0.1:6379", cwd=tmp_path)
        assert bad.returncode == 2 and "expected redis://" in bad.stderr
        lite = run_akhbar("crawl", "--sources", "s.toml", "--db", "a.db", "--queue", SERVER, cwd=tmp_path)
        assert lite.returncode == 2 and "--db postgresql://" in lite.stderr
        assert outlet.hits == []


def test_the_postgresql_run_lock_lets_one_shared_crawl_in_and_keeps_the_rest_out(tmp_path: Path) -> None:
    with postgres_schema() as pg:
        with PgRunLock(pg, queue="redis://a/0|one"), PgRunLock(pg, queue="redis://a/0|one"):
            with pytest.raises(PgLockBusy, match="another shared crawl"):
                PgRunLock(pg, queue="redis://a/0|two").acquire()
            with pytest.raises(PgLockBusy):
                PgRunLock(pg).acquire()
            plain = run_akhbar("crawl", "--db", pg, cwd=tmp_path)
            assert plain.returncode == 4 and "(shared crawl redis://a/0|one) holds the run lock" in plain.stderr
        with PgRunLock(pg), pytest.raises(PgLockBusy):
            PgRunLock(pg, queue="redis://a/0|one").acquire()
        with postgres_schema() as other, PgRunLock(pg), PgRunLock(other):
            pass  # another schema, another store
