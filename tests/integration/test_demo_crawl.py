"""A real crawl of the demo outlets (and of broken feeds) over 127.0.0.1, checked field by field."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.demo import (
    ARTICLES,
    BOILERPLATE_PHRASES,
    NOT_ARTICLE_PATHS,
    OUTLETS,
    DemoServer,
    broken_sources_toml,
    sources_toml,
)
from crawler.store import Store, open_store, store_uri_from_path
from tests.conftest import run_akhbar


@dataclass
class Crawl:
    returncode: int
    stdout: str
    stderr: str
    db: Path
    base_url: str
    requests: list[str]
    cwd: Path


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    tmp = tmp_path_factory.mktemp("demo-crawl")
    with DemoServer() as server:
        sources = tmp / "sources.toml"
        sources.write_text(sources_toml(server.base_url) + "\n" + broken_sources_toml(server.base_url), "utf-8")
        result = run_akhbar("crawl", "--sources", str(sources), "--db", "akhbar.db", "--profile", "test", cwd=tmp)
        yield Crawl(
            result.returncode,
            result.stdout,
            result.stderr,
            tmp / "akhbar.db",
            server.base_url,
            list(server.requests),
            tmp,
        )


@pytest.fixture(scope="module")
def store(crawl: Crawl) -> Iterator[Store]:
    with open_store(store_uri_from_path(str(crawl.db))) as s:
        yield s


def test_some_sources_failed_so_exit_code_is_3(crawl: Crawl) -> None:
    assert crawl.returncode == 3, crawl.stderr


@pytest.mark.parametrize(
    ("source_id", "expected"),
    [
        ("broken-missing", "HTTP 404"),
        ("broken-error", "HTTP 500"),
        ("broken-html", "HTML page"),
        ("broken-empty", "empty body"),
    ],
)
def test_each_failed_source_has_a_clear_line(crawl: Crawl, source_id: str, expected: str) -> None:
    lines = crawl.stdout.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith(source_id + " "))
    assert lines[row].rstrip().endswith("FAILED")
    assert expected in lines[row + 1]


def test_a_feed_without_entries_is_read_but_flagged_empty(crawl: Crawl) -> None:
    lines = crawl.stdout.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("broken-noitems "))
    assert lines[row].rstrip().endswith("empty")
    assert "lists no articles" in lines[row + 1]


def test_healthy_and_malformed_sources_are_ok(crawl: Crawl) -> None:
    for source_id in ("nabd", "wadi", "maghreb", "broken-malformed"):
        line = next(line for line in crawl.stdout.splitlines() if line.startswith(source_id + " "))
        assert line.rstrip().endswith("ok"), line


@pytest.mark.parametrize("truth", ARTICLES, ids=lambda a: a.path)
def test_every_demo_article_is_stored_right(crawl: Crawl, store: Store, truth: object) -> None:
    from crawler.demo import DemoArticle

    assert isinstance(truth, DemoArticle)
    article = store.find(crawl.base_url + truth.path)
    assert article is not None, f"{truth.path} not stored"
    outlet = next(o for o in OUTLETS if o.id == truth.outlet_id)
    assert article.headline == truth.headline
    assert article.summary == truth.summary
    assert tuple(article.highlights) == truth.highlights
    assert article.body == truth.body
    assert tuple(article.authors) == truth.authors
    assert article.published_at == truth.published_at
    assert article.modified_at == truth.modified_at
    assert tuple(article.credits) == truth.credits
    assert (article.source_id, article.source_name, article.source_name_ar) == (outlet.id, outlet.name, outlet.name_ar)
    assert article.feed_url and article.feed_url.startswith(crawl.base_url + f"/{outlet.id}/")
    assert article.language == "ar"
    assert article.fetched_at and article.crawler_version
    assert set(truth.tags) <= set(article.tags)
    assert article.id is not None and store.get_raw(article.id) is not None
    fields = [article.headline, article.summary or "", article.body, *article.highlights, *article.authors]
    assert not [p for p in BOILERPLATE_PHRASES if any(p in f for f in fields)]


def test_syndicated_copy_is_kept_and_linked(crawl: Crawl, store: Store) -> None:
    copy = next(a for a in ARTICLES if a.syndicated_from)
    stored_copy = store.find(crawl.base_url + copy.path)
    original = store.find(crawl.base_url + (copy.syndicated_from or ""))
    assert stored_copy is not None and original is not None
    assert stored_copy.id != original.id
    # Whichever was stored first is the one the other points to.
    assert (stored_copy.duplicate_of, original.duplicate_of) in ((original.id, None), (None, stored_copy.id))


def test_pages_that_are_not_articles_are_not_stored(crawl: Crawl, store: Store) -> None:
    for path in NOT_ARTICLE_PATHS:
        assert store.find(crawl.base_url + path) is None
    assert store.count() == len(ARTICLES)


def test_each_article_page_is_requested_once(crawl: Crawl) -> None:
    counts = Counter(path.split("?")[0] for path in crawl.requests)
    for truth in ARTICLES:
        assert counts[truth.path] == 1, truth.path


def test_search_folds_spelling_variants(crawl: Crawl) -> None:
    truth = ARTICLES[0]
    word = max(truth.headline.split(), key=len)
    variant = word.replace("ي", "ى").replace("ة", "ه").replace("أ", "ا")
    result = run_akhbar("search", variant, "--db", str(crawl.db), "--json", cwd=crawl.cwd)
    assert result.returncode == 0, result.stderr
    urls = [json.loads(line)["url"] for line in result.stdout.splitlines()]
    assert crawl.base_url + truth.path in urls


def test_csv_export_is_spreadsheet_safe(crawl: Crawl) -> None:
    out = crawl.cwd / "export.csv"
    result = run_akhbar("export", "--db", str(crawl.db), "--format", "csv", "--out", str(out), cwd=crawl.cwd)
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(ARTICLES)
    assert {r["headline"] for r in rows} == {a.headline for a in ARTICLES}


def test_jsonl_export_filters_by_source_and_date(crawl: Crawl) -> None:
    result = run_akhbar(
        "export",
        "--db",
        str(crawl.db),
        "--format",
        "jsonl",
        "--source",
        "maghreb",
        "--since",
        "2026-11-01",
        "--until",
        "2026-11-30",
        cwd=crawl.cwd,
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["source_id"] for r in records} == {"maghreb"}
    assert len(records) == sum(a.outlet_id == "maghreb" for a in ARTICLES)


def test_show_text_ends_with_the_attribution_once(crawl: Crawl) -> None:
    truth = next(a for a in ARTICLES if a.credit_line)
    result = run_akhbar("show", crawl.base_url + truth.path, "--db", str(crawl.db), cwd=crawl.cwd)
    assert result.returncode == 0, result.stderr
    outlet = next(o for o in OUTLETS if o.id == truth.outlet_id)
    lines = result.stdout.strip().splitlines()
    assert lines[0] == truth.headline
    assert lines[-1] == f"المصدر: {outlet.name_ar}"
    assert sum(line.startswith("المصدر:") for line in lines) == 1
