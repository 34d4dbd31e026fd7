"""Unreachable outlets (refused, silent, unknown host) each get a clear summary line; others carry on."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.demo import DemoServer, sources_toml
from tests.conftest import run_akhbar


def _entry(source_id: str, feed: str) -> str:
    return (
        f'[[sources]]\nid = "{source_id}"\nname = "{source_id}"\nname_ar = "مصدر"\n'
        f'homepage = "http://127.0.0.1/"\nfeeds = ["{feed}"]\ncountry = "LB"\nlanguage = "ar"\n'
    )


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A socket that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    yield sock.getsockname()[1]
    sock.close()


@pytest.fixture
def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port


def test_unreachable_outlets_are_reported_and_the_rest_is_stored(
    tmp_path: Path, silent_port: int, closed_port: int
) -> None:
    with DemoServer() as server:
        sources = tmp_path / "sources.toml"
        sources.write_text(
            sources_toml(server.base_url)
            + _entry("refused", f"http://127.0.0.1:{closed_port}/rss.xml")
            + _entry("silent", f"http://127.0.0.1:{silent_port}/rss.xml")
            + _entry("nohost", "http://akhbar-test-host.invalid/rss.xml"),
            encoding="utf-8",
        )
        result = run_akhbar(
            "crawl",
            "--sources",
            str(sources),
            "--db",
            "a.db",
            "--profile",
            "test",
            "--set",
            "DOWNLOAD_TIMEOUT=3",
            "--set",
            "ROBOTSTXT_OBEY=False",
            cwd=tmp_path,
        )
    assert result.returncode == 3, result.stderr
    lines = result.stdout.splitlines()
    for source_id, message in (("refused", "connection refused"), ("silent", "timed out"), ("nohost", "host name")):
        row = next(i for i, line in enumerate(lines) if line.startswith(source_id + " "))
        assert lines[row].rstrip().endswith("FAILED")
        assert message in lines[row + 1], lines[row + 1]
    nabd = next(line for line in lines if line.startswith("nabd "))
    assert nabd.rstrip().endswith("ok")


def test_every_source_failing_exits_1(tmp_path: Path, closed_port: int) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(_entry("refused", f"http://127.0.0.1:{closed_port}/rss.xml"), encoding="utf-8")
    result = run_akhbar("crawl", "--sources", str(sources), "--db", "a.db", "--profile", "test", cwd=tmp_path)
    assert result.returncode == 1, result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "no-such-outlet"], "no-such-outlet"),
        (["--set", "NOVALUE"], "NAME=VALUE"),
        (["--sources", "missing.toml"], "missing.toml"),
    ],
)
def test_configuration_errors_exit_2_before_any_request(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_akhbar("crawl", "--db", "a.db", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "a.db").exists()
