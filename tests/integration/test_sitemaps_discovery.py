"""Outlets without a declared feed: a Google News sitemap, or feeds found on the homepage at crawl time."""

from __future__ import annotations

import gzip
import sqlite3
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.demo.server import RouteServer
from tests.conftest import run_akhbar

ARTICLES = {
    "/akhbar/2026/harbour.html": (
        "توسعة ميناء الصيد في البلدة الساحلية",
        "2026-11-28T09:15:00+02:00",
        [
            "بدأت بلدية البلدة الساحلية أعمال توسعة ميناء الصيد لاستيعاب عدد أكبر من المراكب الصغيرة.",
            "وقال رئيس البلدية إن الأعمال تشمل بناء رصيف جديد وتعميق الحوض وإنشاء سوق لبيع الأسماك.",
            "ومن المتوقع أن تنتهي المرحلة الأولى قبل بداية موسم الصيد المقبل بحسب الجدول المعلن.",
        ],
    ),
    "/akhbar/2026/school.html": (
        "افتتاح مدرسة جديدة للتعليم المهني",
        "2026-11-27T18:40:00+02:00",
        [
            "افتتحت وزارة التربية مدرسة جديدة للتعليم المهني تضم ورشاً للنجارة والكهرباء والميكانيك.",
            "وأوضحت مديرة المدرسة أن العام الدراسي الأول سيستقبل نحو مئتي طالب من القرى المجاورة.",
            "وأشارت إلى أن المدرسة ستنظم دورات مسائية للكبار الراغبين في تعلم مهنة جديدة.",
        ],
    ),
}
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def _page(headline: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{headline} | الساحل</title>'
        f'</head><body><nav><a href="/">الرئيسية</a></nav><h1>{headline}</h1><div class="article-body">{body}</div>'
        "<footer>جميع الحقوق محفوظة لموقع الساحل</footer></body></html>"
    ).encode()


def _news_sitemap(base: str) -> bytes:
    urls = "".join(
        f"<url><loc>{base}{path}</loc><news:news><news:publication><news:name>الساحل</news:name>"
        f"<news:language>ar</news:language></news:publication><news:publication_date>{date}</news:publication_date>"
        f"<news:title>{title}</news:title></news:news></url>"
        for path, (title, date, _) in ARTICLES.items()
    )
    xml = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="{NEWS_NS}">{urls}</urlset>'
    return gzip.compress(xml.encode())


def _routes(base: str) -> dict[str, tuple[int, str, bytes]]:
    html = "text/html; charset=utf-8"
    index = (
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{base}/news-sitemap.xml.gz</loc></sitemap></sitemapindex>"
    )
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link></item>" for path, (title, _, _) in ARTICLES.items()
    )
    routes = {
        "/": (
            200,
            html,
            f'<html><head><title>الساحل</title><link rel="alternate" type="application/rss+xml" href="/feed/">'
            f'</head><body><a href="{next(iter(ARTICLES))}">خبر</a></body></html>'.encode(),
        ),
        "/robots.txt": (200, "text/plain", f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap_index.xml\n".encode()),
        "/sitemap_index.xml": (200, "application/xml", index.encode()),
        "/news-sitemap.xml.gz": (200, "application/x-gzip", _news_sitemap(base)),
        "/feed/": (
            200,
            "application/rss+xml",
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>الساحل</title>{items}</channel></rss>'.encode(),
        ),
    }
    for path, (title, _, paragraphs) in ARTICLES.items():
        routes[path] = (200, html, _page(title, paragraphs))
    return routes


@pytest.fixture
def outlet() -> Iterator[RouteServer]:
    with RouteServer() as server:
        server.routes.update(_routes(server.base_url))
        yield server


def _source(server: RouteServer, tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(
        f'[[sources]]\nid = "sahil"\nname = "Sahil"\nname_ar = "الساحل"\nhomepage = "{server.base_url}/"\n'
        f'country = "LB"\nlanguage = "ar"\n{extra}',
        encoding="utf-8",
    )
    return path


def _crawl(sources: Path, tmp_path: Path) -> str:
    result = run_akhbar(
        "crawl", "--sources", str(sources), "--db", "a.db", "--profile", "test",
        "--set", "AKHBAR_FEED_MIN_INTERVAL=0", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _stored(tmp_path: Path) -> dict[str, tuple[str, str]]:
    with sqlite3.connect(tmp_path / "a.db") as db:
        rows = db.execute("SELECT url, headline, published_at FROM articles").fetchall()
    return {url.split("/", 3)[3]: (headline, published) for url, headline, published in rows}


def test_sitemap_only_outlet_is_crawled_with_its_news_dates(outlet: RouteServer, tmp_path: Path) -> None:
    sources = _source(outlet, tmp_path, f'sitemaps = ["{outlet.base_url}/sitemap_index.xml"]\n')
    _crawl(sources, tmp_path)
    stored = _stored(tmp_path)
    assert stored == {path.lstrip("/"): (title, date) for path, (title, date, _) in ARTICLES.items()}
    assert outlet.fetched("/feed/") == 0 and outlet.fetched("/") == 0


def test_outlet_without_feeds_is_discovered_at_crawl_time_then_remembered(outlet: RouteServer, tmp_path: Path) -> None:
    sources = _source(outlet, tmp_path, "")
    _crawl(sources, tmp_path)
    assert set(_stored(tmp_path)) == {p.lstrip("/") for p in ARTICLES}
    assert outlet.fetched("/feed/") == 1 and outlet.fetched("/sitemap_index.xml") == 1
    assert all(outlet.fetched(p) == 1 for p in ARTICLES)  # listed by feed and sitemap, fetched once
    outlet.requests.clear()
    _crawl(sources, tmp_path)
    assert outlet.fetched("/") == 0  # the listings found last time are asked directly
    assert outlet.fetched("/feed/") == 1
    assert not any(outlet.fetched(p) for p in ARTICLES)


def test_sources_discover_prints_a_ready_entry(outlet: RouteServer, tmp_path: Path) -> None:
    result = run_akhbar("sources", "discover", f"{outlet.base_url}/", "--country", "LB", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (entry,) = tomllib.loads(result.stdout)["sources"]
    assert entry["feeds"] == [f"{outlet.base_url}/feed/"]
    assert entry["sitemaps"] == [f"{outlet.base_url}/sitemap_index.xml"]
    assert (entry["name_ar"], entry["country"], entry["language"]) == ("الساحل", "LB", "ar")


def test_sources_discover_without_any_feed_fails_clearly(tmp_path: Path) -> None:
    with RouteServer({"/": (200, "text/html", "<html><body><p>لا شيء هنا</p></body></html>".encode())}) as bare:
        result = run_akhbar("sources", "discover", f"{bare.base_url}/", cwd=tmp_path)
    assert result.returncode == 1
    assert "no feed or sitemap found" in result.stderr
