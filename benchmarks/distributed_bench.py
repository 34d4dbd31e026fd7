"""The shared crawl, measured (``make bench-distributed``): hundreds of loopback outlets (one port each),
crawled by 1, 2 and 4 workers (``akhbar crawl --queue``) into one PostgreSQL store; articles per second,
and the Redis commands and PostgreSQL work per article (``INFO commandstats`` and ``pg_stat_database``
deltas), then the cost of one feed poll (every feed asked again, nothing new).

PostgreSQL is measured in a database of its own (``akhbar_bench``, created if missing) so that nothing
else on the server counts; Redis counters are the server's, so run it on a quiet Redis.

    python -m benchmarks.distributed_bench --outlets 200 --articles 2000 --workers 1,2,4
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis

from benchmarks.outlet import BenchOutlet, OutletServer

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("AKHBAR_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("AKHBAR_BENCH_REDIS", "redis://127.0.0.1:6379/0")
DATABASE = "akhbar_bench"
_PG_COUNTERS = ("xact_commit", "tup_inserted", "tup_updated", "tup_fetched", "tup_returned", "blks_hit", "blks_read")


@dataclass(frozen=True)
class Load:
    seconds: float
    redis_calls: int
    pg: dict[str, int]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--outlets", type=int, default=200, help="loopback outlets, one port each")
    parser.add_argument("--articles", type=int, default=2000, help="articles in all (spread over the outlets)")
    parser.add_argument("--feeds", type=int, default=2, help="feeds per outlet")
    parser.add_argument("--workers", default="1,2,4", help="worker counts to measure, comma-separated")
    return parser.parse_args(argv)


def bench_database() -> str:
    with psycopg.connect(SERVER, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone() is None:
            conn.execute(f"CREATE DATABASE {DATABASE}")
    return SERVER.rsplit("/", 1)[0] + "/" + DATABASE


@contextmanager
def fresh_schema(database: str) -> Iterator[str]:
    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    try:
        yield f"{database}?options=-csearch_path%3D{name}"
    finally:
        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")


def redis_calls(client: redis.Redis) -> int:
    stats = client.info("commandstats")
    return sum(int(v["calls"]) for k, v in stats.items() if k != "cmdstat_info")


def pg_counters(database: str) -> dict[str, int]:
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        row = conn.execute(
            f"SELECT {', '.join(_PG_COUNTERS)} FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()
    assert row is not None
    return {k: int(str(v)) for k, v in zip(_PG_COUNTERS, row, strict=True)}


def sources_toml(servers: list[OutletServer]) -> str:
    blocks = []
    for n, server in enumerate(servers):
        feeds = ", ".join(f'"{url}"' for url in server.outlet.feed_urls(server.base_url))
        blocks.append(
            f'[[sources]]\nid = "o{n}"\nname = "Outlet {n}"\nname_ar = "منفذ {n}"\nhomepage = "{server.base_url}/"\n'
            f'feeds = [{feeds}]\ncountry = "LB"\nlanguage = "ar"\ntimezone = "Asia/Beirut"\n'
        )
    return "\n".join(blocks)


def run_workers(n: int, sources: Path, store: str, prefix: str, cwd: Path, *extra: str) -> list[str]:
    settings = {
        "AKHBAR_QUEUE_PREFIX": prefix,
        "AKHBAR_QUEUE_IDLE": "2",
        "AKHBAR_QUEUE_LEASE": "10",
        "AKHBAR_WARC_DIR": "",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "64",  # all outlets are 127.0.0.1: the shared gate is per port
        "AKHBAR_EXTRACT_WORKERS": "1",
    }
    args = [sys.executable, "-m", "crawler", "crawl", "--sources", str(sources), "--db", store]
    args += ["--profile", "test", "--queue", REDIS, *extra]
    args += [a for k, v in settings.items() for a in ("--set", f"{k}={v}")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(n)
    ]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=3600)
        if proc.returncode != 0:
            raise SystemExit(f"a worker failed ({proc.returncode}):\n{out}\n{err}")
        outputs.append(err)
    return outputs


def measure(client: redis.Redis, database: str, work: list[str], start: float) -> Load:
    return Load(time.monotonic() - start, redis_calls(client), pg_counters(database))


def delta(after: Load, before_calls: int, before_pg: dict[str, int], seconds: float) -> Load:
    return Load(seconds, after.redis_calls - before_calls, {k: after.pg[k] - before_pg[k] for k in _PG_COUNTERS})


def crawl_once(
    client: redis.Redis, database: str, n: int, sources: Path, store: str, *extra: str
) -> tuple[Load, list[str]]:
    prefix = f"akhbar-bench-{uuid.uuid4().hex[:8]}"
    calls, pg = redis_calls(client), pg_counters(database)
    start = time.monotonic()
    outputs = run_workers(n, sources, store, prefix, sources.parent, *extra)
    seconds = time.monotonic() - start
    after = measure(client, database, outputs, start)
    return delta(after, calls, pg, seconds), outputs


def stored_count(store: str) -> int:
    with psycopg.connect(store) as conn:
        row = conn.execute("SELECT count(*) FROM articles").fetchone()
    return int(str(row[0])) if row else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    counts = [int(n) for n in args.workers.split(",")]
    per_outlet = max(1, args.articles // args.outlets)
    per_feed = max(1, -(-per_outlet // args.feeds))
    database = bench_database()
    client = redis.Redis.from_url(REDIS)
    rows = []
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="akhbar-dist-bench-") as tmp:
        servers = [
            stack.enter_context(OutletServer(BenchOutlet(per_outlet, seed=n, per_feed=per_feed)).prerender())
            for n in range(args.outlets)
        ]
        sources = Path(tmp) / "sources.toml"
        sources.write_text(sources_toml(servers), encoding="utf-8")
        feeds = sum(s.outlet.feed_count for s in servers)
        total = per_outlet * args.outlets
        print(f"bench: {args.outlets} outlets, {feeds} feeds, {total} articles; workers {counts}", flush=True)
        for n in counts:
            with fresh_schema(database) as store:
                load, _ = crawl_once(client, database, n, sources, store)
                stored = stored_count(store)
                poll, _ = crawl_once(client, database, n, sources, store, "--all-feeds")
            rows.append((n, stored, load, poll, feeds))
            print(f"bench: {n} workers: {stored} stored in {load.seconds:.1f} s", flush=True)
    print(report(rows))
    return 0


def report(rows: list[tuple[int, int, Load, Load, int]]) -> str:
    lines = [
        "| workers | articles | seconds | articles/s | Redis cmds/article | PG commits/article "
        "| PG rows written/article | PG rows read/article | poll: s for all feeds | Redis cmds/poll "
        "| PG commits/poll | PG rows read/poll |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n, stored, load, poll, feeds in rows:
        per = max(1, stored)
        written = load.pg["tup_inserted"] + load.pg["tup_updated"]
        read = load.pg["tup_fetched"]
        lines.append(
            f"| {n} | {stored} | {load.seconds:.1f} | {stored / load.seconds:.1f} | {load.redis_calls / per:.1f} "
            f"| {load.pg['xact_commit'] / per:.1f} | {written / per:.1f} | {read / per:.1f} | {poll.seconds:.1f} "
            f"| {poll.redis_calls / feeds:.1f} | {poll.pg['xact_commit'] / feeds:.1f} "
            f"| {poll.pg['tup_fetched'] / feeds:.1f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
