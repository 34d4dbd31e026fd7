"""No listed entry is ever dropped: what the per-run cap or a stop leaves behind is fetched by later
runs, newest first, even from a feed that answers 304.

A loopback outlet of generated articles (``benchmarks.outlet.BenchOutlet``: original Arabic text, one
of the demo's CMS layouts each) is served by ``RouteServer``, which records every request and answers
conditional requests with 304.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from benchmarks.outlet import SOURCE_ID, BenchOutlet
from crawler.demo.server import Responder, RouteServer
from tests.conftest import ROOT, run_akhbar

CAP = 100


def _serve(server: RouteServer, outlet: BenchOutlet) -> None:
    for index in range(outlet.size):
        path = outlet.path(index)
        server.routes[path] = outlet.respond(path, server.base_url)
    feed = outlet.feed_path(0)
    server.routes[feed] = outlet.respond(feed, server.base_url)


def _crawl_args(tmp_path: Path, *extra: str) -> list[str]:
    return [
        "crawl", "--sources", str(tmp_path / "sources.toml"), "--db", "a.db", "--profile", "test",
        "--set", f"AKHBAR_MAX_ENTRIES_PER_FEED={CAP}", *extra,
    ]  # fmt: skip


def _crawl(tmp_path: Path, *extra: str) -> str:
    result = run_akhbar(*_crawl_args(tmp_path, *extra), cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _pending_cell(summary: str) -> int:
    """The source's ``pending`` column in the crawl summary."""
    row = next(line for line in summary.splitlines() if line.startswith(SOURCE_ID))
    return int(row.split()[-2])


def _stored_paths(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return ["/" + row[0].split("/", 3)[3] for row in conn.execute("SELECT url FROM articles")]


def _pending_rows(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM pending").fetchone()[0])


def test_a_300_entry_feed_with_the_cap_at_100_is_complete_after_three_runs(tmp_path: Path) -> None:
    outlet = BenchOutlet(300, per_feed=300)
    paths = [outlet.path(i) for i in range(outlet.size)]  # index 0 is the newest
    with RouteServer() as server:
        _serve(server, outlet)
        (tmp_path / "sources.toml").write_text(outlet.sources_toml(server.base_url), encoding="utf-8")
        summaries, stored, asked = [], [], []
        for run in range(3):
            server.requests.clear()
            summaries.append(_crawl(tmp_path, *(("--all-feeds",) if run else ())))
            stored.append(_stored_paths(tmp_path / "a.db"))
            asked.append([p.split("?")[0] for p in server.requests if p.split("?")[0] in set(paths)])
        server.requests.clear()
        fourth = _crawl(tmp_path, "--all-feeds")
        asked_fourth = [p for p in server.requests if p in set(paths)]
    # Run by run: the next 100 newest, from a feed that answered 304 the second and third time.
    for run in range(3):
        assert sorted(stored[run]) == sorted(paths[: CAP * (run + 1)]), f"run {run + 1}"
        assert sorted(asked[run]) == sorted(paths[CAP * run : CAP * (run + 1)])
        assert _pending_cell(summaries[run]) == 200 - CAP * run
    assert all(" unchanged" in s.splitlines()[2] for s in summaries[1:]), summaries[1]
    assert "200 listed articles pending, fetched by the next runs (newest first)" in summaries[0]
    assert "pending," not in summaries[2]
    # Each article requested and stored once; nothing left, nothing more to fetch.
    requests = Counter(p for run in asked for p in run)
    assert set(requests) == set(paths) and set(requests.values()) == {1}
    assert len(stored[2]) == len(set(stored[2])) == 300
    assert _pending_rows(tmp_path / "a.db") == 0
    assert asked_fourth == [] and _pending_cell(fourth) == 0


PAGE_DELAY = 0.4


def _slow(route: tuple[int, str, bytes]) -> Responder:
    status, ctype, body = route

    def respond(path: str, headers: Mapping[str, str]) -> tuple[int, Mapping[str, str], bytes]:
        time.sleep(PAGE_DELAY)
        return status, {"Content-Type": ctype}, body

    return respond


def test_a_stopped_runs_unsent_entries_are_fetched_by_the_next_run_though_no_feed_lists_them(
    tmp_path: Path,
) -> None:
    outlet = BenchOutlet(40, per_feed=40)
    paths = [outlet.path(i) for i in range(outlet.size)]
    db = tmp_path / "a.db"
    with RouteServer() as server:
        _serve(server, outlet)
        (tmp_path / "sources.toml").write_text(outlet.sources_toml(server.base_url), encoding="utf-8")
        for path in paths:
            server.responders[path] = _slow(server.routes[path])
        args = _crawl_args(tmp_path, "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "--set", "DOWNLOAD_DELAY=0.3")
        crawl = subprocess.Popen(
            [sys.executable, "-m", "crawler", *args],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while _stored(db) < 3 and time.monotonic() < deadline and crawl.poll() is None:
                time.sleep(0.05)
            assert crawl.poll() is None, "the crawl ended before it could be stopped"
            crawl.send_signal(signal.SIGTERM)
            out, err = crawl.communicate(timeout=30)
        finally:
            if crawl.poll() is None:
                crawl.kill()
                crawl.wait()
        first = set(_stored_paths(db))
        first_asked = {p.split("?")[0] for p in server.requests}
        assert 3 <= len(first) < len(paths) - 10, out + err
        assert _pending_rows(db) == len(paths) - len(first)  # the unsent ones, and those in flight, kept
        assert f"{len(paths) - len(first)}" == out.splitlines()[2].split()[-2], out
        # The outlet's feed moves on: it now lists only its three newest articles, which scrolls the
        # unsent ones out of every listing. Only the pending entries know them.
        server.routes[outlet.feed_path(0)] = (200, "application/rss+xml; charset=utf-8",
                                              BenchOutlet(3, per_feed=3).feed(0, server.base_url))  # fmt: skip
        server.responders.clear()
        server.requests.clear()
        second = _crawl(tmp_path, "--set", "AKHBAR_FEED_MIN_INTERVAL=0")
        second_asked = [p.split("?")[0] for p in server.requests if p.split("?")[0] in set(paths)]
    assert sorted(_stored_paths(db)) == sorted(paths)
    assert _pending_rows(db) == 0 and _pending_cell(second) == 0
    assert not first & set(second_asked)  # what the stopped run stored is not asked again
    assert sorted(second_asked) == sorted(set(paths) - first)  # the rest, each once
    unsent = set(paths) - first_asked  # never asked by the stopped run
    assert unsent and unsent <= set(second_asked)


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # the crawl has not created the table yet
