"""An outlet answering 503 with Retry-After is asked again after the wait it named, not at once."""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path

from crawler.demo import DemoServer, sources_toml
from crawler.store import open_store, store_uri_from_path
from tests.conftest import run_akhbar


def test_retry_after_is_honoured(tmp_path: Path) -> None:
    with DemoServer() as server:
        calls: list[float] = []
        status, ctype, body = server.routes["/wadi/atom.xml"]

        def busy_once(path: str, headers: Mapping[str, str]) -> tuple[int, Mapping[str, str], bytes]:
            calls.append(time.monotonic())
            if len(calls) == 1:
                return 503, {"Retry-After": "2", "Content-Type": "text/plain"}, b"busy"
            return status, {"Content-Type": ctype}, body

        server.responders["/wadi/atom.xml"] = busy_once
        sources = tmp_path / "sources.toml"
        sources.write_text(sources_toml(server.base_url), encoding="utf-8")
        result = run_akhbar(
            "crawl", "--sources", str(sources), "--source", "wadi", "--db", "a.db", "--profile", "test",
            "--set", "RETRY_TIMES=1", cwd=tmp_path,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert len(calls) == 2
    assert calls[1] - calls[0] >= 1.9  # the outlet asked for 2 s
    with open_store(store_uri_from_path(str(tmp_path / "a.db"))) as store:
        assert store.count("wadi") > 0
