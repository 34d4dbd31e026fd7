"""Quiet where nothing is wrong, one line where something is: unreachable outlets log no traceback, a
closed pipe ends `export`, `search` and `show` quietly, the demo server starts without a warning."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.app.report import EXIT_PIPE_CLOSED
from crawler.items import Article
from crawler.store import open_store, store_uri_from_path
from tests.conftest import ROOT, run_akhbar

_BODY = (
    "افتتحت المكتبة العامة في المدينة القديمة قاعة جديدة للمطالعة تتسع لمئة قارئ، "
    "وقالت مديرة المكتبة إن القاعة تفتح أبوابها كل يوم حتى العاشرة مساء. "
)


def _entry(source_id: str, feed: str) -> str:
    return (
        f'[[sources]]\nid = "{source_id}"\nname = "{source_id}"\nname_ar = "مصدر"\n'
        f'homepage = "{feed.rsplit("/", 1)[0]}/"\nfeeds = ["{feed}"]\ncountry = "LB"\nlanguage = "ar"\n'
    )


@pytest.fixture
def unreachable_sources(tmp_path: Path) -> Path:
    """An outlet whose host never resolves (.invalid) and one that refuses connections."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    closed_port = sock.getsockname()[1]
    sock.close()
    sources = tmp_path / "sources.toml"
    sources.write_text(
        _entry("nohost", "http://akhbar-test-host.invalid/rss.xml")
        + _entry("refused", f"http://127.0.0.1:{closed_port}/rss.xml"),
        encoding="utf-8",
    )
    return sources


@pytest.mark.parametrize("log_file", [True, False], ids=["log-file", "stderr"])
def test_unreachable_outlets_log_one_line_each_never_a_traceback(
    tmp_path: Path, unreachable_sources: Path, log_file: bool
) -> None:
    args = ["crawl", "--sources", str(unreachable_sources), "--db", "a.db", "--profile", "test"]
    # robots.txt obeyed (as in production): its failure was a 60-line Twisted traceback per outlet.
    args += ["--set", "ROBOTSTXT_OBEY=True", "--set", "LOG_LEVEL=INFO"]
    if log_file:
        args += ["--log-file", "logs/crawl.log"]
    result = run_akhbar(*args, cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # every source failed
    log = (tmp_path / "logs" / "crawl.log").read_text(encoding="utf-8") if log_file else result.stderr
    assert "Traceback" not in log and "Traceback" not in result.stderr
    assert "robots.txt not fetched: http://akhbar-test-host.invalid/robots.txt: host name not found" in log
    assert "/robots.txt: connection refused" in log
    assert "feed http://akhbar-test-host.invalid/rss.xml: host name not found (DNS lookup failed)" in result.stdout


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "a.db"
    with open_store(store_uri_from_path(str(path))) as store:
        for n in range(30):
            store.upsert(
                Article(
                    url=f"https://library.example/news/{n}",
                    headline=f"المكتبة العامة تفتح قاعة جديدة ({n})",
                    body=_BODY * 3,
                    language="ar",
                    published_at=f"2026-11-{n % 28 + 1:02d}T09:00:00+02:00",
                    source_id="library",
                )
            )
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--format", "csv"),
        ("export", "--format", "jsonl"),
        ("export", "--format", "text"),
        ("search", "المكتبة"),
        ("show", "1"),
    ],
    ids=lambda args: "-".join(args[:2]),
)
def test_a_closed_stdout_ends_the_command_quietly(db: Path, args: tuple[str, ...]) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    command = [sys.executable, "-m", "crawler", *args, "--db", str(db)]
    proc = subprocess.Popen(command, cwd=db.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    proc.stdout.close()  # the reader is gone before the first line (`| head -0`, or `head -1` long done)
    _, stderr = proc.communicate(timeout=60)
    assert stderr.decode() == ""
    assert proc.returncode == EXIT_PIPE_CLOSED


def test_export_piped_to_head_prints_its_first_line(db: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    command = f"'{sys.executable}' -m crawler export --format jsonl --db a.db | head -1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        check=False,
        cwd=db.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.count("\n") == 1 and '"headline"' in result.stdout
    assert result.stderr == ""
    assert result.returncode in (0, EXIT_PIPE_CLOSED)  # 141 when head left before the last write


@pytest.mark.parametrize("module", ["crawler.demo.server", "crawler.demo"])
def test_demo_server_starts_without_warnings_and_stops_on_ctrl_c(module: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-W", "error", "-m", module], env=env, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert proc.stderr is not None
    first = proc.stderr.readline()
    proc.send_signal(signal.SIGINT)
    rest = proc.stderr.read()
    assert proc.wait(timeout=30) == 0
    assert first.startswith("demo outlets at http://127.0.0.1:"), first + rest
    assert rest == ""
