"""The project deploys to scrapyd: ``scrapyd-deploy`` uploads its egg, and a scheduled ``feeds`` job fills the store.

A real scrapyd runs on 127.0.0.1 in a temporary directory; the demo outlets are the sites crawled.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from configparser import ConfigParser
from pathlib import Path
from typing import Any

import pytest

from crawler.demo import ARTICLES, DemoServer, sources_toml
from crawler.store import open_store, store_uri_from_path
from tests.conftest import ROOT

PROJECT = "akhbar"
VERSION = "test-1"
JOB_TIMEOUT = 90.0
# What scrapyd-deploy needs of a checkout: the packages and the files the build reads.
PROJECT_FILES = ("crawler", "spiders", "pipelines", "settings", "scrapy.cfg", "setup.py", "pyproject.toml", "README.md")
SCRAPYD_CONF = """\
[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
eggs_dir = {tmp}/eggs
logs_dir = {tmp}/logs
dbs_dir = {tmp}/dbs
items_dir =
jobs_to_keep = 5
max_proc = 1
poll_interval = 0.2
"""


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[str]:
    """A scrapyd serving on a free loopback port; its base URL."""
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = _free_port()
    (home / "scrapyd.conf").write_text(SCRAPYD_CONF.format(port=port, tmp=home), encoding="utf-8")
    # HOME too, so that no ~/.scrapyd.conf or ~/.scrapy.cfg of the machine joins in.
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "SCRAPY_SETTINGS_MODULE"}}
    env["HOME"] = str(home)
    output = home / "scrapyd.out"
    with output.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "scrapyd"], cwd=home, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                pytest.fail(f"scrapyd exited with {process.returncode}:\n{output.read_text(errors='replace')}")
            try:
                if _get(url + "daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"scrapyd did not answer on {url}:\n{output.read_text(errors='replace')}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_deployed_egg_crawls_the_demo_outlets_into_the_store(tmp_path: Path, scrapyd: str) -> None:
    checkout = _copy_checkout(tmp_path / "checkout", deploy_url=scrapyd)
    deploy = subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", "--version", VERSION],
        cwd=checkout,
        env={**os.environ, "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert deploy.returncode == 0, f"scrapyd-deploy failed:\n{deploy.stdout}\n{deploy.stderr}"
    assert json.loads(deploy.stdout)["status"] == "ok", deploy.stdout

    egg = tmp_path / "scrapyd" / "eggs" / PROJECT / f"{VERSION}.egg"
    with zipfile.ZipFile(egg) as archive:
        names = set(archive.namelist())
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
    assert "crawler/data/sources.toml" in names
    assert {"spiders/feeds.py", "pipelines/store.py", "settings/prod.py"} <= names
    assert "[scrapy]\nsettings = settings.prod" in entry_points
    assert _get(f"{scrapyd}listspiders.json?project={PROJECT}")["spiders"] == ["feeds"]

    db = tmp_path / "scrapyd.db"
    with DemoServer() as server:
        sources = tmp_path / "sources.toml"
        sources.write_text(sources_toml(server.base_url), encoding="utf-8")
        settings = {
            "AKHBAR_STORE_URI": store_uri_from_path(str(db)),
            "AKHBAR_SOURCES_FILE": str(sources),
            # Politeness lifted for our own loopback outlets only.
            "DOWNLOAD_DELAY": "0",
            "AUTOTHROTTLE_ENABLED": "False",
            "ROBOTSTXT_OBEY": "False",
        }
        scheduled = _post(
            scrapyd + "schedule.json",
            [("project", PROJECT), ("spider", "feeds"), *(("setting", f"{k}={v}") for k, v in settings.items())],
        )
        assert scheduled["status"] == "ok", scheduled
        job = _wait_for_job(scrapyd, scheduled["jobid"])

    log_file = tmp_path / "scrapyd" / "logs" / PROJECT / "feeds" / f"{job['id']}.log"
    log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else "(no job log)"
    assert db.exists(), f"the job stored nothing; its log:\n{log}"
    with open_store(store_uri_from_path(str(db))) as store:
        stored = store.count()
    assert stored == len(ARTICLES), f"{stored} of {len(ARTICLES)} articles stored; the job log:\n{log}"
    assert "'finish_reason': 'finished'" in log, log


def _copy_checkout(target: Path, deploy_url: str) -> Path:
    """The project's files in ``target``, its scrapy.cfg's deploy target pointed at ``deploy_url``.

    scrapyd-deploy builds in the project directory (build/, *.egg-info); a copy keeps the checkout clean.
    """
    target.mkdir()
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=skip)
        else:
            shutil.copy2(source, target / name)
    config = ConfigParser()
    config.read(target / "scrapy.cfg", encoding="utf-8")
    config.set("deploy", "url", deploy_url)
    with (target / "scrapy.cfg").open("w", encoding="utf-8") as file:
        config.write(file)
    return target


def _wait_for_job(scrapyd: str, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + JOB_TIMEOUT
    while time.monotonic() < deadline:
        jobs = _get(f"{scrapyd}listjobs.json?project={PROJECT}")
        finished: list[dict[str, Any]] = [j for j in jobs["finished"] if j["id"] == job_id]
        if finished:
            return finished[0]
        time.sleep(0.5)
    pytest.fail(f"job {job_id} did not finish within {JOB_TIMEOUT:.0f} s: {jobs}")


def _get(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=10) as response:
        data: dict[str, Any] = json.load(response)
    return data


def _post(url: str, fields: list[tuple[str, str]]) -> dict[str, Any]:
    body = urllib.parse.urlencode(fields).encode()
    with urllib.request.urlopen(url, data=body, timeout=10) as response:
        data: dict[str, Any] = json.load(response)
    return data


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
