"""``crawler.app.shell``, the ``scrapy shell`` one-liner: a page extracted as the crawl extracts it, with
its registered outlet's options, cleaned and attributed."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from crawler.app.shell import article, show
from crawler.demo import ARTICLES, NOT_ARTICLE_PATHS, OUTLETS, sources_toml
from crawler.demo.model import DemoArticle
from crawler.demo.site import build_routes
from crawler.extraction.extract import NotAnArticle

BASE = "http://127.0.0.1:8765"  # pages rendered in memory: nothing is fetched
ROUTES = build_routes(BASE)


def _response(path: str) -> HtmlResponse:
    status, content_type, body = ROUTES[path]
    return HtmlResponse(url=BASE + path, status=status, headers={"Content-Type": content_type}, body=body)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(sources_toml(BASE), encoding="utf-8")
    return path


@pytest.mark.parametrize("demo", [a for a in ARTICLES if a.syndicated_from is None][::5], ids=lambda a: a.slug)
def test_article_is_the_page_as_the_crawl_stores_it(demo: DemoArticle, sources: Path) -> None:
    outlet = next(o for o in OUTLETS if o.id == demo.outlet_id)
    found = article(_response(demo.path), sources)
    assert (found.headline, found.body, found.published_at) == (demo.headline, demo.body, demo.published_at)
    assert found.authors == list(demo.authors) and found.credits == list(demo.credits)
    assert (found.source_id, found.source_name, found.source_name_ar) == (outlet.id, outlet.name, outlet.name_ar)
    assert found.fetched_at and found.crawler_version


def test_an_unregistered_page_is_extracted_with_defaults(sources: Path) -> None:
    demo = ARTICLES[0]
    found = article(_response(demo.path))  # the bundled registry does not know 127.0.0.1
    assert found.headline == demo.headline and found.source_id is None and found.source_name is None


def test_a_page_the_crawl_refuses_raises_not_an_article(sources: Path) -> None:
    with pytest.raises(NotAnArticle):
        article(_response(NOT_ARTICLE_PATHS[0]), sources)


def test_show_prints_the_article(sources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    demo = ARTICLES[0]
    show(_response(demo.path), sources)
    printed = capsys.readouterr().out
    assert demo.headline in printed and demo.paragraphs[0] in printed
