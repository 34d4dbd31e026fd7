"""kill -9 of a real crawl in the middle of writing its archive leaves no torn record: the open file reads
to its end with warcio, and the next crawl closes it under its final name."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from crawler.archive.naming import warc_files
from crawler.demo import ARTICLES, DemoServer, sources_toml
from crawler.demo.server import Responder
from crawler.demo.site import Route
from tests.conftest import ROOT, run_akhbar

PAGE_DELAY = 0.3


def _slow(route: Route) -> Responder:
    status, ctype, body = route

    def respond(path: str, headers: Mapping[str, str]) -> tuple[int, Mapping[str, str], bytes]:
        time.sleep(PAGE_DELAY)
        return status, {"Content-Type": ctype}, body

    return respond


def _count(path: Path) -> list[str]:
    """Record types of a WARC file, reading it to its end with digests checked (an error raises)."""
    kinds = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream, check_digests="raise"):
            record.raw_stream.read()
            kinds.append(record.rec_type)
    return kinds


def test_kill_9_mid_crawl_leaves_only_whole_records(tmp_path: Path) -> None:
    archive = tmp_path / "data" / "warc"
    with DemoServer() as server:
        (tmp_path / "sources.toml").write_text(sources_toml(server.base_url), encoding="utf-8")
        for article in ARTICLES:
            server.responders[article.path] = _slow(server.routes[article.path])
        crawl = subprocess.Popen(
            [sys.executable, "-m", "crawler", "crawl", "--sources", "sources.toml", "--db", "data/a.db",
             "--profile", "test", "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=2"],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            open_files: list[Path] = []
            while time.monotonic() < deadline and crawl.poll() is None:
                open_files = list(archive.glob("*.warc.gz.open")) if archive.is_dir() else []
                if open_files and open_files[0].stat().st_size > 40_000:  # a few article pages in
                    break
                time.sleep(0.02)
            assert crawl.poll() is None, "the crawl ended before it could be killed"
            crawl.send_signal(signal.SIGKILL)
            crawl.wait(timeout=10)
        finally:
            if crawl.poll() is None:
                crawl.kill()
                crawl.wait()
        assert len(open_files) == 1
        left = open_files[0]
        kinds = _count(left)  # reads to the end: no torn record
        assert kinds[0] == "warcinfo" and kinds.count("response") >= 5

        server.responders.clear()
        again = run_akhbar("crawl", "--sources", "sources.toml", "--db", "data/a.db", "--profile", "test", cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    recovered = left.with_name(left.name.removesuffix(".open"))
    assert recovered.is_file() and not left.exists()
    assert _count(recovered)[: len(kinds)] == kinds
    assert not list(archive.glob("*.open"))
    files = warc_files(archive)
    assert len(files) == 2
    for path in files:
        _count(path)
    index = run_akhbar("warc", "index", "--db", "data/a.db", cwd=tmp_path)
    assert index.returncode == 0 and index.stdout.count("\n") > len(ARTICLES)
