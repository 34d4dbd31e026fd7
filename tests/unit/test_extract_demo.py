"""Extraction on every demo article page gives its truth, field by field, and no boilerplate."""

from __future__ import annotations

import pytest

from crawler.arabic import clean_text
from crawler.demo import ARTICLES, BOILERPLATE_PHRASES, NOT_ARTICLE_PATHS, OUTLETS, DemoArticle
from crawler.demo.site import build_routes
from crawler.extraction.credits import split_credits
from crawler.extraction.extract import ExtractOptions, NotAnArticle, extract_article
from crawler.items import Article

BASE = "http://127.0.0.1:8000"
ROUTES = build_routes(BASE)
OUTLET = {o.id: o for o in OUTLETS}


def _extract(path: str, outlet_id: str) -> Article:
    outlet = OUTLET[outlet_id]
    _, content_type, body = ROUTES[path]
    options = ExtractOptions(
        timezone=outlet.timezone, site_names=(outlet.name, outlet.name_ar), content_type=content_type
    )
    return extract_article(body, BASE + path, options)


@pytest.mark.parametrize("truth", ARTICLES, ids=lambda a: a.path)
def test_demo_article_fields(truth: DemoArticle) -> None:
    article = _extract(truth.path, truth.outlet_id)
    body, credits = split_credits(clean_text(article.body))
    assert article.headline == truth.headline
    assert article.summary == truth.summary
    assert tuple(article.highlights) == truth.highlights
    assert body == truth.body
    assert tuple(article.authors) == truth.authors
    assert article.published_at == truth.published_at
    assert article.modified_at == truth.modified_at
    # Credit lines after the body leave it at extraction (``article.credits``) or in the pipeline.
    assert tuple(dict.fromkeys([*article.credits, *credits])) == truth.credits
    assert article.language == "ar"
    assert article.canonical_url == BASE + truth.path or truth.outlet_id == "wadi"


@pytest.mark.parametrize("truth", ARTICLES, ids=lambda a: a.path)
def test_no_boilerplate_in_any_field(truth: DemoArticle) -> None:
    article = _extract(truth.path, truth.outlet_id)
    fields = [
        article.headline,
        article.summary or "",
        article.body,
        *article.highlights,
        *article.authors,
        *article.tags,
    ]
    others = {a.headline for a in ARTICLES if a.outlet_id == truth.outlet_id and a.body != truth.body}
    for text in fields:
        assert not [p for p in BOILERPLATE_PHRASES if p in text]
        assert not [h for h in others if h in text], "a related-article headline leaked in"


@pytest.mark.parametrize("path", NOT_ARTICLE_PATHS)
def test_pages_that_are_not_articles(path: str) -> None:
    with pytest.raises(NotAnArticle):
        _extract(path, path.split("/")[1])


def test_demo_boilerplate_phrases_are_on_pages_but_in_no_truth() -> None:
    pages = b"".join(body for _, _, body in ROUTES.values()).decode("utf-8", errors="ignore")
    truth_text = " ".join(a.headline + a.summary + a.body + "".join(a.highlights) for a in ARTICLES)
    utf8_phrases = [p for p in BOILERPLATE_PHRASES if p in pages]
    assert len(utf8_phrases) >= 20
    assert not [p for p in BOILERPLATE_PHRASES if p in truth_text]
