"""A WARC of the demo outlets ingested into an empty database gives the same articles as a real crawl
of them; and ``akhbar reextract --warc`` rebuilds a database from that WARC alone."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.demo import DemoServer, sources_toml
from crawler.demo.site import build_routes
from crawler.store import open_store, store_uri_from_path
from crawler.urls import canonicalize
from tests.conftest import run_akhbar


@dataclass
class Setup:
    tmp: Path
    crawled: Path
    warc: Path
    sources: Path


def write_demo_warc(path: Path, base_url: str) -> None:
    """Every route of the demo outlets as a WARC/1.1 response record, as a crawl of them would keep it."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="1.1")
        for route, (status, ctype, body) in build_routes(base_url).items():
            reason = "OK" if status == 200 else "Error"
            http = StatusAndHeaders(
                f"{status} {reason}",
                [("Content-Type", ctype), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                base_url + route,
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2026-11-29T08:00:00Z"},
            )
            writer.write_record(record)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    tmp = tmp_path_factory.mktemp("ingest-warc")
    with DemoServer() as server:
        sources = tmp / "sources.toml"
        sources.write_text(sources_toml(server.base_url), "utf-8")
        crawl = run_akhbar("crawl", "--sources", str(sources), "--db", "crawled.db", "--profile", "test", cwd=tmp)
        assert crawl.returncode == 0, crawl.stderr
        warc = tmp / "demo.warc.gz"
        write_demo_warc(warc, server.base_url)
    yield Setup(tmp, tmp / "crawled.db", warc, sources)


def articles(db: Path) -> dict[str, tuple[str, str, str | None]]:
    """Each stored article by its address: headline, body, source."""
    with open_store(store_uri_from_path(str(db))) as store:
        return {canonicalize(a.url): (a.headline, a.body, a.source_id) for a in store.iter_articles()}


def test_ingesting_the_demo_warc_gives_the_articles_of_the_crawl(setup: Setup) -> None:
    result = run_akhbar(
        "ingest-warc", str(setup.warc), "--sources", str(setup.sources), "--db", "ingested.db", "--json", cwd=setup.tmp
    )
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    crawled = articles(setup.crawled)
    assert crawled
    ingested = articles(setup.tmp / "ingested.db")
    assert ingested.keys() == crawled.keys()
    for url, (headline, body, source_id) in crawled.items():
        assert ingested[url] == (headline, body, source_id), url
    assert counts["stored"] == len(crawled) and counts["broken_files"] == 0
    assert counts["skipped_reasons"]["not_html"] >= 5  # the feeds and robots.txt
    assert counts["refused_reasons"]["listing_page"] >= 1  # the homepages and the section page


def test_the_text_summary_counts_by_reason(setup: Setup) -> None:
    result = run_akhbar(
        "ingest-warc", str(setup.warc), "--sources", str(setup.sources), "--db", "text.db", cwd=setup.tmp
    )
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert {"records", "responses", "pages", "stored", "updated", "unchanged", "refused", "dropped", "skipped"} <= set(
        lines
    )
    assert "not_html" in lines["skipped"] and "http_status" in lines["skipped"]


def test_reextract_rebuilds_the_crawl_from_the_warc_alone(setup: Setup) -> None:
    result = run_akhbar(
        "reextract", "--warc", str(setup.warc), "--sources", str(setup.sources), "--db", "rebuilt.db", "--json",
        cwd=setup.tmp,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    crawled = articles(setup.crawled)
    assert counts["recovered"] == len(crawled) and counts["changed"] == 0
    assert articles(setup.tmp / "rebuilt.db") == crawled


def test_a_missing_file_is_a_usage_error_before_anything_is_read(setup: Setup) -> None:
    result = run_akhbar("ingest-warc", str(setup.warc), "nowhere.warc.gz", "--db", "none.db", cwd=setup.tmp)
    assert result.returncode == 2
    assert "nowhere.warc.gz: no such WARC file" in result.stderr
    assert not (setup.tmp / "none.db").exists()


def test_the_warc_files_the_crawl_wrote_give_the_same_articles(setup: Setup) -> None:
    # The archive the crawl itself kept (crawler/archive, beside its database), not one written here.
    files = sorted((setup.tmp / "warc").glob("*.warc.gz"))
    assert files, sorted(p.name for p in setup.tmp.iterdir())
    result = run_akhbar(
        "ingest-warc", *map(str, files), "--sources", str(setup.sources), "--db", "from-own.db", "--json",
        cwd=setup.tmp,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["broken_files"] == 0
    assert articles(setup.tmp / "from-own.db") == articles(setup.crawled)
