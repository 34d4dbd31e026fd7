"""Scrapy's feed exports of a real crawl of the demo outlets: ``scrapy crawl feeds -O``, the ``FEEDS``
setting in every format Scrapy ships, and ``akhbar crawl --set FEEDS=…`` with the raw responses.

nabd's feed lists a section page, which the crawl refuses and keeps in the store: it is not an article,
so no export holds it.
"""

from __future__ import annotations

import base64
import csv
import json
import marshal
import os
import pickle
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from crawler.demo import NOT_ARTICLE_PATHS, DemoServer, sources_toml
from crawler.items import article_fields
from crawler.store import open_store, store_uri_from_path
from tests.conftest import ROOT, run_akhbar

SECTION = NOT_ARTICLE_PATHS[0]  # nabd's section page, listed in its feed and refused
LIFTED = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "LOG_LEVEL=WARNING", "AKHBAR_WARC_DIR="]


def _scrapy_crawl(tmp_path: Path, base_url: str, *args: str) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml(base_url), encoding="utf-8")
    settings = [f"AKHBAR_STORE_URI={store_uri_from_path(str(tmp_path / 'a.db'))}", *LIFTED]
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "feeds", "-a", f"sources={sources}", "-a", "source=nabd"]
        + [arg for setting in settings for arg in ("-s", setting)]
        + list(args),
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def _stored(db: Path) -> dict[str, Any]:
    with open_store(store_uri_from_path(str(db))) as store:
        return {a.url: a.to_dict() for a in store.iter_articles()}


def _check_rows(rows: list[dict[str, Any]], stored: dict[str, Any], *, lists_joined: bool = False) -> None:
    """The export holds the stored articles, with their public fields, in article field order."""
    assert stored and len(rows) == len(stored)
    assert {row["url"] for row in rows} == set(stored)
    for row in rows:
        assert list(row) == article_fields()
        article = stored[row["url"]]
        assert row["headline"] == article["headline"] and row["body"] == article["body"]
        assert row["published_at"] == article["published_at"] and "T" in row["published_at"]
        tags = row["tags"].split(",") if lists_joined else row["tags"]
        assert tags == article["tags"] and article["tags"]


def test_scrapy_crawl_o_jsonl_writes_the_articles_without_raw_or_refused_pages(tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    out.write_text("left by an earlier run\n", encoding="utf-8")  # -O overwrites
    with DemoServer() as server:
        _scrapy_crawl(tmp_path, server.base_url, "-O", str(out))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    _check_rows(rows, _stored(tmp_path / "a.db"))
    assert not any(row["url"].endswith(SECTION) for row in rows)
    with open_store(store_uri_from_path(str(tmp_path / "a.db"))) as store:
        assert store.get_refused(server.base_url + SECTION) is not None  # kept in the store, not exported


def test_feeds_setting_exports_every_scrapy_format(tmp_path: Path) -> None:
    formats = ["json", "jsonlines", "csv", "xml", "pickle", "marshal"]
    feeds = {str(tmp_path / f"out.{fmt}"): {"format": fmt} for fmt in formats}
    with DemoServer() as server:
        _scrapy_crawl(tmp_path, server.base_url, "-s", f"FEEDS={json.dumps(feeds)}")
    stored = _stored(tmp_path / "a.db")
    out = {fmt: tmp_path / f"out.{fmt}" for fmt in formats}

    _check_rows(json.loads(out["json"].read_text(encoding="utf-8")), stored)
    _check_rows([json.loads(line) for line in out["jsonlines"].read_text(encoding="utf-8").splitlines()], stored)
    with out["csv"].open(encoding="utf-8", newline="") as f:
        _check_rows(list(csv.DictReader(f)), stored, lists_joined=True)
    _check_rows([_xml_row(item) for item in ET.parse(out["xml"]).getroot()], stored)
    _check_rows(list(_load_all(out["pickle"], pickle.load)), stored)
    _check_rows(list(_load_all(out["marshal"], marshal.load)), stored)


def test_akhbar_crawl_exports_raw_responses_in_base64_when_asked(tmp_path: Path) -> None:
    feeds = json.dumps({"out.jsonl": {"format": "jsonlines"}})
    with DemoServer() as server:
        (tmp_path / "sources.toml").write_text(sources_toml(server.base_url), encoding="utf-8")
        result = run_akhbar(
            "crawl", "--sources", "sources.toml", "--source", "nabd", "--db", "a.db", "--profile", "test",
            "--set", f"FEEDS={feeds}", "--set", "AKHBAR_EXPORT_RAW=True",
            cwd=tmp_path,
        )  # fmt: skip
        served = {server.base_url + path: route[2] for path, route in server.routes.items()}
    assert result.returncode == 0, result.stdout + result.stderr
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows and {row["url"] for row in rows} == set(_stored(tmp_path / "a.db"))
    for row in rows:
        raw = row.pop("raw")
        assert list(row) == article_fields()
        assert raw["url"] == row["url"] and raw["status"] == 200
        assert raw["headers"]["Content-Type"].startswith("text/html")
        assert base64.b64decode(raw["body_base64"]) == served[row["url"]]


def _xml_row(item: ET.Element) -> dict[str, Any]:
    """An ``<item>`` of Scrapy's XML export: lists as ``<value>`` children, empty values as empty elements."""
    row: dict[str, Any] = {}
    for element in item:
        values = list(element)
        row[element.tag] = [v.text for v in values] if values else element.text
    return row


def _load_all(path: Path, load: Any) -> list[dict[str, Any]]:
    items = []
    with path.open("rb") as f:
        while True:
            try:
                items.append(load(f))
            except EOFError:
                return items
