"""The archive replays: pywb (its ``wb-manager`` collection layout, our ``akhbar warc index`` as its
index, its ``wayback`` server on 127.0.0.1) serves an archived article page byte for byte, rewritten for
the browser, and a payload archived as a revisit record by a later run."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.archive.naming import warc_files
from crawler.demo import ARTICLES, DemoServer, sources_toml
from tests.conftest import run_akhbar

# pywb pins redis 2.10 and the crawler's scrapy-redis needs redis >= 4.2, so `make install` gives pywb a
# virtual environment of its own (.venv/pywb); AKHBAR_PYWB_BIN names another folder of its commands.
BIN = Path(os.environ.get("AKHBAR_PYWB_BIN") or Path(sys.executable).parent / ".." / "pywb" / "bin").resolve()
if not (BIN / "wayback").is_file():
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"pywb is not installed in {BIN}; `make install` installs it", pytrace=False)
    pytest.skip(f"pywb is not installed in {BIN} (`make install` installs it)", allow_module_level=True)
ARTICLE = next(a for a in ARTICLES if a.outlet_id == "nabd")


@dataclass
class Replay:
    url: str  # the wayback server
    base: str  # the demo outlets' address when they were crawled
    served: dict[str, bytes]
    revisit_date: str  # 14-digit timestamp of robots.txt's revisit record


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def _revisit_timestamp(files: list[Path], suffix: str) -> str:
    for path in files:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                if record.rec_type == "revisit" and uri.endswith(suffix):
                    date = record.rec_headers.get_header("WARC-Date")
                    return "".join(ch for ch in date if ch.isdigit())[:14]
    raise AssertionError(f"no revisit of {suffix}")


@pytest.fixture(scope="module")
def replay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replay]:
    tmp = tmp_path_factory.mktemp("replay")
    with DemoServer() as server:
        (tmp / "sources.toml").write_text(sources_toml(server.base_url), encoding="utf-8")
        args = ("crawl", "--sources", "sources.toml", "--db", "data/a.db", "--profile", "test")
        for extra in ((), ("--all-feeds", "--set", "AKHBAR_FEED_MIN_INTERVAL=0")):
            result = run_akhbar(*args, *extra, cwd=tmp)
            assert result.returncode == 0, result.stdout + result.stderr
        base, served = server.base_url, {path: route[2] for path, route in server.routes.items()}
    # The outlets are gone: whatever is replayed comes from the archive.
    files = warc_files(tmp / "data" / "warc")
    root = tmp / "pywb"
    root.mkdir()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    subprocess.run([str(BIN / "wb-manager"), "init", "news"], cwd=root, env=env, check=True, capture_output=True)
    for path in files:
        shutil.copy(path, root / "collections" / "news" / "archive" / path.name)
    index = root / "collections" / "news" / "indexes" / "index.cdxj"
    result = run_akhbar("warc", "index", *map(str, files), "--out", str(index), cwd=tmp)
    assert result.returncode == 0, result.stderr
    port = _free_port()
    wayback = subprocess.Popen(
        [str(BIN / "wayback"), "--bind", "127.0.0.1", "--port", str(port)],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or wayback.poll() is not None:
                    raise
                time.sleep(0.2)
        yield Replay(url, base, served, _revisit_timestamp(files, "/robots.txt"))
    finally:
        wayback.terminate()
        wayback.wait(timeout=10)


def test_pywb_replays_an_archived_article_byte_for_byte(replay: Replay) -> None:
    status, body, _ = _get(f"{replay.url}/news/2026id_/{replay.base}{ARTICLE.path}")
    assert status == 200
    assert body == replay.served[ARTICLE.path]


def test_pywb_replays_the_article_page_for_a_browser(replay: Replay) -> None:
    status, body, _ = _get(f"{replay.url}/news/2026mp_/{replay.base}{ARTICLE.path}")
    assert status == 200
    page = body.decode("utf-8")
    assert ARTICLE.headline in page
    assert "wombat" in page  # pywb's rewriting, so links stay inside the archive


def test_pywb_resolves_a_revisit_record_to_the_payload_archived_earlier(replay: Replay) -> None:
    status, body, headers = _get(f"{replay.url}/news/{replay.revisit_date}id_/{replay.base}/robots.txt")
    assert status == 200
    assert body == replay.served["/robots.txt"]
    # The capture replayed is the revisit (its own date), its payload taken from the first run's record.
    replayed = datetime.strptime(headers["Memento-Datetime"], "%a, %d %b %Y %H:%M:%S GMT")
    assert replayed.strftime("%Y%m%d%H%M%S") == replay.revisit_date


def test_the_demo_archives_into_its_own_folder(tmp_path: Path) -> None:
    result = run_akhbar("demo", "--db", "data/demo.db", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    files = warc_files(tmp_path / "data" / "demo-warc")
    assert len(files) == 1
    assert "WARC archive: data/demo-warc (" in result.stderr
    assert not (tmp_path / "data" / "warc").exists()
