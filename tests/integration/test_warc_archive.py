"""A real crawl of the loopback demo outlets writes every HTTP exchange into WARC files: read back with
warcio to their end with valid digests, as received (compressed bodies, redirects, errors), revisits of
payloads archived by an earlier run, metadata records linking responses to stored articles."""

from __future__ import annotations

import gzip
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.archive.naming import warc_files
from crawler.demo import ARTICLES, DemoServer, sources_toml
from crawler.demo.server import Responder
from tests.conftest import run_akhbar

NABD = [a for a in ARTICLES if a.outlet_id == "nabd"]
MOVED, GZIPPED, BROKEN = NABD[1].path, NABD[2].path, NABD[3].path
NEW_HOME = "/nabd/moved-here.html"


@dataclass
class Crawl:
    tmp: Path
    base: str
    routes: dict[str, Any]
    first: Any
    second: Any
    first_files: list[Path]
    records: list[Any]  # of both runs, in file order


def _read(files: list[Path]) -> list[Any]:
    """Every record of ``files``, each read to its end with its digests checked (an error raises)."""
    records = []
    for path in files:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream, check_digests="raise"):
                record.raw_body = record.raw_stream.read()  # the payload as stored (read: digests checked)
                record.body = record.raw_body
                record.file = path.name
                records.append(record)
    return records


def _redirect(location: str) -> Responder:
    def respond(path: str, headers: Mapping[str, str]) -> tuple[int, Mapping[str, str], bytes]:
        return 301, {"Location": location}, b""

    return respond


def _gzipped(body: bytes) -> Responder:
    def respond(path: str, headers: Mapping[str, str]) -> tuple[int, Mapping[str, str], bytes]:
        return 200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}, gzip.compress(body)

    return respond


def _error(path: str, headers: Mapping[str, str]) -> tuple[int, Mapping[str, str], bytes]:
    return 500, {"Content-Type": "text/plain; charset=utf-8"}, "خطأ في الخادم".encode()


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    tmp = tmp_path_factory.mktemp("warc")
    with DemoServer() as server:
        routes = dict(server.routes)
        server.routes[NEW_HOME] = server.routes[MOVED]
        server.responders[MOVED] = _redirect(server.base_url + NEW_HOME)
        server.responders[GZIPPED] = _gzipped(server.routes[GZIPPED][2])
        server.responders[BROKEN] = _error
        (tmp / "sources.toml").write_text(sources_toml(server.base_url), encoding="utf-8")
        args = ("crawl", "--sources", "sources.toml", "--db", "data/a.db", "--profile", "test")
        first = run_akhbar(*args, cwd=tmp)
        first_files = warc_files(tmp / "data" / "warc")
        second = run_akhbar(*args, "--all-feeds", "--set", "AKHBAR_FEED_MIN_INTERVAL=0", cwd=tmp)
        yield Crawl(tmp, server.base_url, routes, first, second, first_files, _read(warc_files(tmp / "data" / "warc")))


def _responses(crawl: Crawl, path: str) -> list[Any]:
    url = crawl.base + path
    return [
        r
        for r in crawl.records
        if r.rec_type in ("response", "revisit") and r.rec_headers.get_header("WARC-Target-URI").split("?")[0] == url
    ]


def test_the_crawls_wrote_warc_files_beside_the_database_and_said_so(crawl: Crawl) -> None:
    assert crawl.first.returncode == 0, crawl.first.stdout + crawl.first.stderr
    assert crawl.second.returncode == 0, crawl.second.stdout + crawl.second.stderr
    assert len(crawl.first_files) == 1
    name = crawl.first_files[0].name
    assert name.startswith("akhbar-") and name.endswith(".warc.gz") and name.split("-")[2] == "00000"
    assert "WARC archive: data/warc (" in crawl.first.stderr
    assert not list((crawl.tmp / "data" / "warc").glob("*.open"))


def test_every_file_is_warc_1_1_and_opens_with_warcinfo(crawl: Crawl) -> None:
    files = {r.file for r in crawl.records}
    assert len(files) == 2
    for file in files:
        own = [r for r in crawl.records if r.file == file]
        assert own[0].rec_type == "warcinfo"
        assert b"software: Akhbar/" in own[0].body
    assert {r.rec_headers.protocol for r in crawl.records} == {"WARC/1.1"}


def test_each_response_has_its_request_with_digests(crawl: Crawl) -> None:
    by_id = {r.rec_headers.get_header("WARC-Record-ID"): r for r in crawl.records}
    requests = [r for r in crawl.records if r.rec_type == "request"]
    responses = [r for r in crawl.records if r.rec_type in ("response", "revisit")]
    assert len(requests) == len(responses) > 40
    for request in requests:
        response = by_id[request.rec_headers.get_header("WARC-Concurrent-To")]
        assert response.rec_headers.get_header("WARC-Target-URI") == request.rec_headers.get_header("WARC-Target-URI")
        assert request.http_headers.get_header("User-Agent", "").startswith("Akhbar")
    for response in responses:
        assert response.rec_headers.get_header("WARC-Payload-Digest").startswith("sha1:")
        assert response.rec_headers.get_header("WARC-Block-Digest").startswith("sha1:")


def test_robots_feeds_and_pages_are_archived_byte_for_byte(crawl: Crawl) -> None:
    for path in ("/robots.txt", "/nabd/rss.xml", "/wadi/atom.xml", "/maghreb/feed.json", NABD[0].path):
        first = _responses(crawl, path)[0]
        assert first.rec_type == "response"
        assert first.http_headers.get_statuscode() == "200"
        assert first.body == crawl.routes[path][2], path


def test_a_compressed_body_is_kept_compressed_as_it_came(crawl: Crawl) -> None:
    response = _responses(crawl, GZIPPED)[0]
    assert response.http_headers.get_header("Content-Encoding") == "gzip"
    assert response.raw_body[:2] == b"\x1f\x8b"  # as received: gzip
    assert gzip.decompress(response.raw_body) == crawl.routes[GZIPPED][2]


def test_redirects_and_error_pages_are_archived(crawl: Crawl) -> None:
    hop = _responses(crawl, MOVED)[0]
    assert hop.http_headers.get_statuscode() == "301"
    assert hop.http_headers.get_header("Location") == crawl.base + NEW_HOME
    assert _responses(crawl, NEW_HOME)[0].body == crawl.routes[MOVED][2]
    error = _responses(crawl, BROKEN)[0]
    assert error.http_headers.get_statuscode() == "500"
    assert error.body == "خطأ في الخادم".encode()


def test_the_second_run_writes_revisits_for_payloads_already_archived(crawl: Crawl) -> None:
    robots = _responses(crawl, "/robots.txt")
    assert [r.rec_type for r in robots] == ["response", "revisit"]
    revisit = robots[1]
    assert revisit.file != robots[0].file  # across runs
    assert revisit.rec_headers.get_header("WARC-Refers-To-Date") == robots[0].rec_headers.get_header("WARC-Date")
    assert revisit.rec_headers.get_header("WARC-Payload-Digest") == robots[0].rec_headers.get_header(
        "WARC-Payload-Digest"
    )
    assert "revisits of payloads already archived" in crawl.second.stderr


def test_each_stored_article_has_a_metadata_record_linking_its_response(crawl: Crawl) -> None:
    with sqlite3.connect(crawl.tmp / "data" / "a.db") as db:
        stored = dict(db.execute("SELECT id, url FROM articles").fetchall())
    by_id = {r.rec_headers.get_header("WARC-Record-ID"): r for r in crawl.records}
    linked: dict[int, str] = {}
    for record in crawl.records:
        if record.rec_type != "metadata":
            continue
        fields = dict(line.split(": ", 1) for line in record.body.decode().splitlines())
        response = by_id[record.rec_headers.get_header("WARC-Refers-To")]
        assert response.rec_type == "response"
        linked[int(fields["akhbar-article-id"])] = response.rec_headers.get_header("WARC-Target-URI")
    assert linked == stored
    assert len(stored) >= 30


def test_an_empty_warc_dir_turns_archiving_off(tmp_path: Path) -> None:
    with DemoServer() as server:
        (tmp_path / "sources.toml").write_text(sources_toml(server.base_url), encoding="utf-8")
        result = run_akhbar(
            "crawl", "--sources", "sources.toml", "--source", "maghreb", "--db", "a.db", "--profile", "test",
            "--set", "AKHBAR_WARC_DIR=", cwd=tmp_path,
        )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (tmp_path / "warc").exists()
    assert "WARC archive:" not in result.stderr


def test_warc_index_writes_a_cdxj_index_of_the_archive(crawl: Crawl) -> None:
    result = run_akhbar("warc", "index", "--db", "data/a.db", "--out", "index.cdxj", cwd=crawl.tmp)
    assert result.returncode == 0, result.stderr
    lines = (crawl.tmp / "index.cdxj").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    assert any(f'"url": "{crawl.base}{NABD[0].path}"' in line for line in lines)
    assert any('"mime": "warc/revisit"' in line for line in lines)
    missing = run_akhbar("warc", "index", "nowhere.warc.gz", cwd=crawl.tmp)
    assert missing.returncode == 2 and "no such file" in missing.stderr
