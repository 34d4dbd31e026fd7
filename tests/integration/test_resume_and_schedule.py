"""A crawl killed midway and started again does the remaining work only; repeated runs never overlap."""

from __future__ import annotations

import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path

from crawler.demo import DemoServer, sources_toml
from crawler.demo.site import ARTICLES
from tests.conftest import ROOT, run_akhbar

ARTICLE_PATHS = {a.path for a in ARTICLES}


def _command(sources: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "crawler", "crawl", "--sources", str(sources), "--db", "a.db", "--profile", "test",
        "--set", "AKHBAR_FEED_MIN_INTERVAL=0", *extra,
    ]  # fmt: skip


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}


def _stored(db: Path) -> list[str]:
    if not db.exists():
        return []
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return [row[0] for row in conn.execute("SELECT url FROM articles")]
    except sqlite3.OperationalError:
        return []  # the crawl has not created the table yet


def _slow(route: tuple[int, str, bytes]) -> object:
    status, ctype, body = route

    def respond(path: str, headers: Mapping[str, str]) -> tuple[int, Mapping[str, str], bytes]:
        time.sleep(0.4)
        return status, {"Content-Type": ctype}, body

    return respond


def test_killed_crawl_resumed_stores_every_article_exactly_once(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with DemoServer() as server:
        sources = tmp_path / "sources.toml"
        sources.write_text(sources_toml(server.base_url), encoding="utf-8")
        for path in ARTICLE_PATHS:
            server.responders[path] = _slow(server.routes[path])  # type: ignore[assignment]
        crawl = subprocess.Popen(
            _command(sources), cwd=tmp_path, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while len(_stored(db)) < 4 and time.monotonic() < deadline and crawl.poll() is None:
            time.sleep(0.1)
        crawl.kill()  # SIGKILL: no chance to clean up
        crawl.wait()
        before = set(_stored(db))
        assert 4 <= len(before) < 30, "the crawl should have been killed midway"

        server.responders.clear()
        server.requests.clear()
        result = run_akhbar(*_command(sources)[3:], cwd=tmp_path)
        refetched = {p.split("?")[0] for p in server.requests if p.split("?")[0] in ARTICLE_PATHS}
    assert result.returncode == 0, result.stdout + result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        total, distinct = conn.execute("SELECT COUNT(*), COUNT(DISTINCT url) FROM articles").fetchone()
    stored_paths = {u.split("/", 3)[3] for u in _stored(db)}
    assert total == distinct == len(ARTICLES)  # every demo article (the syndicated copy included) once
    assert stored_paths == {p.lstrip("/") for p in ARTICLE_PATHS}
    assert all(f"/{u.split('/', 3)[3]}" not in refetched for u in before)  # only the remaining work


def _lines(stream: object) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:  # type: ignore[attr-defined]
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue[str], text: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        seen.append(line)
        if text in line:
            return line
    raise AssertionError(f"{text!r} not seen in {seen}")


def test_every_repeats_runs_under_a_lock_and_stops_on_sigterm(tmp_path: Path) -> None:
    with DemoServer() as server:
        sources = tmp_path / "sources.toml"
        sources.write_text(sources_toml(server.base_url), encoding="utf-8")
        repeating = subprocess.Popen(
            _command(sources, "--every", "1s"), cwd=tmp_path, env=_env(), stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            lines = _lines(repeating.stderr)
            _wait_for(lines, "run 1 ended with exit code 0", timeout=60)
            _wait_for(lines, "run 2 ended with exit code 0", timeout=60)

            second = run_akhbar(*_command(sources)[3:], cwd=tmp_path)
            assert second.returncode == 4
            assert "another akhbar crawl (pid" in second.stderr and "a.db.lock" in second.stderr

            repeating.send_signal(signal.SIGTERM)
            assert repeating.wait(timeout=30) == 0
            _wait_for(lines, "stopped", timeout=5)
        finally:
            if repeating.poll() is None:
                repeating.kill()
    assert len(_stored(tmp_path / "a.db")) == len(ARTICLES)
