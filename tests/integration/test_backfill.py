"""`akhbar backfill`: an outlet's archive sitemaps walked back to a date, each missing article fetched
once, nothing older fetched, a second run fetching nothing, and a stopped run continued by the next."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from crawler.demo.server import Responder, RouteServer
from tests.backfill_outlet import ARCHIVE, LATE, OLD, SINCE, SKIPPED_SITEMAPS, WANTED, routes, sources_toml
from tests.conftest import ROOT, run_akhbar

PAGE_DELAY = 0.4


def _backfill(sources: Path, *extra: str) -> list[str]:
    return [
        "backfill", "--source", "wadi", "--since", SINCE, "--sources", str(sources), "--db", "a.db",
        "--profile", "test", *extra,
    ]  # fmt: skip


def _stored(db: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT url, headline, published_at FROM articles").fetchall()


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_backfill_fetches_the_articles_since_the_date_once_and_nothing_older(tmp_path: Path) -> None:
    with RouteServer() as server:
        server.routes.update(routes(server.base_url))
        sources = tmp_path / "sources.toml"
        sources.write_text(sources_toml(server.base_url, sitemaps=False), encoding="utf-8")  # via robots.txt
        first = run_akhbar(*_backfill(sources), cwd=tmp_path)
        asked = list(server.requests)
        server.requests.clear()
        second = run_akhbar(*_backfill(sources), cwd=tmp_path)
        asked_again = list(server.requests)
    assert first.returncode == 0, first.stdout + first.stderr
    rows = _stored(tmp_path / "a.db")
    assert sorted(_path(url) for url, _, _ in rows) == sorted(s.path for s in WANTED)
    headlines = {s.path: s.headline for s in WANTED}
    assert all(headline == headlines[_path(url)] for url, headline, _ in rows)
    paths = [p.split("?")[0] for p in asked]
    for story in WANTED:
        assert paths.count(story.path) == 1, story.path
    for story in OLD:  # old by its sitemap's lastmod, by its sitemap's name, or by its own date
        assert story.path not in paths
    for sitemap in SKIPPED_SITEMAPS:
        assert sitemap not in paths
    assert sum(p.startswith("/sitemaps/") for p in paths) == len(ARCHIVE) - len(SKIPPED_SITEMAPS)
    assert "/feed.xml" not in paths  # a backfill reads sitemaps, not feeds
    assert LATE in OLD
    summary = first.stdout
    assert (
        f"backfill since {SINCE}: 4 sitemaps read (0 failed), 2 not walked as too old; "
        f"{len(WANTED) + 1} articles listed: {len(WANTED)} fetched, 0 already stored, 1 too old"
    ) in summary, summary

    # A second run walks the sitemaps again and fetches no article.
    assert second.returncode == 0, second.stdout + second.stderr
    assert not [p for p in asked_again if p.startswith("/akhbar/")]
    assert f"0 fetched, {len(WANTED)} already stored, 1 too old" in second.stdout
    assert len(_stored(tmp_path / "a.db")) == len(WANTED)


def test_backfill_without_declared_or_robots_sitemaps_tries_the_usual_paths_and_stops_at_until(
    tmp_path: Path,
) -> None:
    with RouteServer() as server:
        server.routes.update(routes(server.base_url))
        server.routes["/robots.txt"] = (200, "text/plain", b"User-agent: *\nAllow: /\n")
        sources = tmp_path / "sources.toml"
        sources.write_text(sources_toml(server.base_url, sitemaps=False), encoding="utf-8")
        result = run_akhbar(*_backfill(sources, "--until", "2024-06-30"), cwd=tmp_path)
        paths = [p.split("?")[0] for p in server.requests]
    assert result.returncode == 0, result.stdout + result.stderr
    assert {"/sitemap.xml", "/sitemap_index.xml"} <= set(paths)  # the first is not there: no failure
    until_june = sorted(s.path for s in WANTED if s.published < "2024-07")
    assert sorted(_path(url) for url, _, _ in _stored(tmp_path / "a.db")) == until_june
    assert "/sitemaps/archive.php" not in paths  # July's, dated by its query string
    assert (
        f"backfill {SINCE} to 2024-06-30: 3 sitemaps read (0 failed), 2 not walked as too old; "
        f"9 articles listed: {len(until_june)} fetched, 0 already stored, 1 too old, 0 too new "
        "(1 sitemaps not walked)"
    ) in result.stdout, result.stdout


def _slow(route: tuple[int, str, bytes]) -> Responder:
    status, ctype, body = route

    def respond(path: str, headers: Mapping[str, str]) -> tuple[int, Mapping[str, str], bytes]:
        time.sleep(PAGE_DELAY)
        return status, {"Content-Type": ctype}, body

    return respond


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # the crawl has not created the table yet


def test_a_stopped_backfill_is_continued_by_the_next_run_each_article_fetched_once(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with RouteServer() as server:
        server.routes.update(routes(server.base_url))
        for story in WANTED:
            server.responders[story.path] = _slow(server.routes[story.path])
        sources = tmp_path / "sources.toml"
        sources.write_text(sources_toml(server.base_url, sitemaps=True), encoding="utf-8")
        command = _backfill(sources, "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "--set", "DOWNLOAD_DELAY=0.2")
        backfill = subprocess.Popen(
            [sys.executable, "-m", "crawler", *command],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while _count(db) < 2 and time.monotonic() < deadline and backfill.poll() is None:
                time.sleep(0.05)
            assert backfill.poll() is None, "the backfill ended before it could be stopped"
            backfill.send_signal(signal.SIGTERM)
            out, err = backfill.communicate(timeout=30)
        finally:
            if backfill.poll() is None:
                backfill.kill()
                backfill.wait()
        stopped_with = _count(db)
        assert "crawl stopped by signal (shutdown)" in err, out + err
        assert "the same `akhbar backfill` continues" in err
        assert 2 <= stopped_with < len(WANTED), "the backfill should have stopped midway"

        server.responders.clear()
        after = run_akhbar(*command, cwd=tmp_path)
        paths = [p.split("?")[0] for p in server.requests]
    assert after.returncode == 0, after.stdout + after.stderr
    assert f"{len(WANTED) - stopped_with} fetched, {stopped_with} already stored" in after.stdout, after.stdout
    with sqlite3.connect(db) as conn:
        total, distinct = conn.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone()
    assert total == distinct == len(WANTED)
    for story in WANTED:  # over both runs
        assert paths.count(story.path) == 1, story.path
    for story in OLD:
        assert story.path not in paths


def test_backfill_refuses_a_bad_range_or_an_unknown_source_before_any_request(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml("http://127.0.0.1:9", sitemaps=True), encoding="utf-8")
    bad_until = run_akhbar(*_backfill(sources, "--until", "2024-04-01"), cwd=tmp_path)
    assert bad_until.returncode == 2
    assert "--until '2024-04-01' is not after --since" in bad_until.stderr
    bad_since = run_akhbar(
        "backfill", "--source", "wadi", "--since", "last May", "--sources", str(sources), cwd=tmp_path
    )
    assert bad_since.returncode == 2
    assert "--since 'last May'" in bad_since.stderr
    unknown = run_akhbar("backfill", "--source", "nile", "--since", SINCE, "--sources", str(sources), cwd=tmp_path)
    assert unknown.returncode == 2
    assert "nile" in unknown.stderr
