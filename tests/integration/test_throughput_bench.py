"""``make bench``: a small run of the throughput benchmark end to end, and the pieces it stands on.

Only the report's shape and the zero-loss check are asserted; timings are the benchmark's business.
"""

from __future__ import annotations

import contextlib
import io
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks import throughput
from benchmarks.outlet import BenchOutlet, OutletServer
from crawler.extraction.extract import extract_article, options_for
from crawler.listings.feeds import parse_feed

ARTICLES = 60


@dataclass(frozen=True)
class BenchRun:
    exit_code: int
    output: str
    out_dir: Path


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> BenchRun:
    out_dir = tmp_path_factory.mktemp("throughput")
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        code = throughput.main(["--articles", str(ARTICLES), "--out-dir", str(out_dir)])
    return BenchRun(code, output.getvalue(), out_dir)


def test_a_small_run_exits_zero_with_every_article_stored_once(bench: BenchRun) -> None:
    assert bench.exit_code == 0, bench.output
    assert f"Zero loss: passed: {ARTICLES} rows for {ARTICLES} articles; 0 duplicated, 0 lost" in bench.output


@pytest.mark.parametrize(
    "row",
    [
        "articles (stored / extracted / files written)",
        "wall time",
        "**articles/s**",
        "articles/s × cores",
        "CPU per article",
        "CPU per article, crawl process / workers",
        "cores busy on average (CPU / wall)",
        "peak RSS, main process",
        "peak RSS, extraction workers",
        "peak RSS, whole process tree",
        "storage share of wall time",
        "Akhbar / trafilatura in one process",
        "Akhbar / trafilatura CLI",
        "peak RSS of the crawl process at N = 10,000",
        "articles stored exactly once",
    ],
)
def test_the_report_has_every_row(bench: BenchRun, row: str) -> None:
    assert any(line.startswith(f"| {row} ") for line in bench.output.splitlines()), bench.output


def test_the_report_names_the_machine_and_the_commands(bench: BenchRun) -> None:
    out = bench.output
    assert "| Akhbar crawl, end to end " in out and "trafilatura CLI --parallel" in out
    assert "Machine: " in out and " cores, " in out and "Python " in out
    assert f"Command: `python -m benchmarks.throughput --articles {ARTICLES}" in out
    assert "--profile prod --set CONCURRENT_REQUESTS=64" in out and "--config-file" in out
    assert (bench.out_dir / "report.md").read_text(encoding="utf-8").startswith("## Throughput")
    assert (bench.out_dir / "urls.txt").read_text(encoding="utf-8").count("\n") == ARTICLES


def test_outlet_articles_are_distinct_and_deterministic() -> None:
    outlet, again = BenchOutlet(400), BenchOutlet(400)
    articles = [outlet.article(i) for i in range(outlet.size)]
    assert len({a.headline for a in articles}) == len({a.body for a in articles}) == outlet.size
    assert all(4 <= len(a.paragraphs) <= 12 for a in articles)
    assert {a.outlet_id for a in articles} == {"nabd", "wadi", "maghreb"}
    assert again.article(123) == articles[123] and again.page(123, "http://x") == outlet.page(123, "http://x")
    assert all(outlet.index_of(a.path) == i for i, a in enumerate(articles))
    assert outlet.index_of("/nabd/news/2020/01/01/story-5.html") is None


def test_outlet_pages_carry_their_article_and_feeds_list_every_one_once() -> None:
    outlet = BenchOutlet(450, per_feed=200)
    with OutletServer(outlet) as server:
        base = server.base_url
        listed = []
        for url in outlet.feed_urls(base):
            with urllib.request.urlopen(url, timeout=10) as response:
                entries = parse_feed(response.read(), url).entries
            assert len(entries) <= 200
            listed += [entry.url.split("?", 1)[0].split("#", 1)[0] for entry in entries]
        pages = {}
        for index in (0, 1, 2, 449):  # each template, the windows-1256 one included
            with urllib.request.urlopen(outlet.url(base, index) + "?utm_source=rss", timeout=10) as response:
                pages[index] = response.read()
        with pytest.raises(urllib.error.HTTPError, match="404"):
            urllib.request.urlopen(base + "/nabd/news/2020/01/01/story-5.html", timeout=10)
    assert listed == outlet.urls(base)
    for index, page in pages.items():
        article = extract_article(page, outlet.url(base, index), options_for(None))
        assert article.headline == outlet.article(index).headline, outlet.article(index).outlet_id
        assert outlet.article(index).paragraphs[1] in article.body


def test_crawl_stats_are_read_from_the_final_dump(tmp_path: Path) -> None:
    log = tmp_path / "crawl.log"
    log.write_text(
        "2026-11-29 11:53:27 [scrapy.statscollectors] INFO: Dumping Scrapy stats:\n"
        "{'akhbar/source/throughput/last_error': 'feed x: timeout',\n"
        " 'akhbar/storage_seconds': 3.25,\n"
        " 'akhbar/stored': 60,\n"
        " 'start_time': datetime.datetime(2026, 11, 29, 11, 53, 23, tzinfo=datetime.timezone.utc)}\n"
        "2026-11-29 11:53:27 [scrapy.core.engine] INFO: Spider closed (finished)\n"
        " 'not/a_stat': 1\n",
        encoding="utf-8",
    )
    assert throughput.crawl_stats(log) == {"akhbar/storage_seconds": 3.25, "akhbar/stored": 60.0}
    assert throughput.crawl_stats(tmp_path / "absent.log") == {}


@pytest.mark.parametrize(
    ("check", "passed"),
    [
        (throughput.StoreCheck(rows=60, distinct=60, missing=0, unexpected=0, copies=0), True),
        (throughput.StoreCheck(rows=61, distinct=60, missing=0, unexpected=0, copies=0), False),
        (throughput.StoreCheck(rows=59, distinct=59, missing=1, unexpected=0, copies=0), False),
        (throughput.StoreCheck(rows=60, distinct=60, missing=0, unexpected=0, copies=1), False),
    ],
)
def test_zero_loss_means_every_article_once(check: throughput.StoreCheck, passed: bool) -> None:
    assert check.passed is passed
    assert check.describe(60).startswith("passed" if passed else "FAILED")
