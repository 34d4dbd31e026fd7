"""The plain-text rendering of a stored article reproduces our reference seed article.

The seed file lives in ../shared/seeds (read at run time, never copied into the repo). The test wraps
its content in a page built like a real outlet's (menus, share bar, «اقرأ أيضاً» box, comments), lists
it in an RSS feed, crawls that over loopback and compares `akhbar show --format text` with the seed.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from crawler.demo.server import RouteServer
from tests.conftest import run_akhbar

SEED_GLOB = "seeds/000_*.txt"


def _parse_seed(text: str) -> tuple[str, str, list[str], list[str], str]:
    blocks = [b for b in re.split(r"\n\s*\n", text.strip())]
    headline = blocks[0].strip()
    lead_lines = blocks[1].split("\n")
    summary = lead_lines[0].strip()
    highlights = [line.removeprefix("  • ").strip() for line in lead_lines[1:]]
    attribution = blocks[-1].strip()
    body = [b.strip() for b in blocks[2:-1]]
    return headline, summary, highlights, body, attribution


def _page(headline: str, summary: str, highlights: list[str], body: list[str], attribution: str) -> bytes:
    paragraphs = [f"<p>{escape(p)}</p>" for p in body]
    # A related-articles box injected between paragraphs, as many CMSes do.
    paragraphs.insert(
        3,
        '<div class="read-more"><strong>اقرأ أيضاً:</strong> '
        '<a href="/news/other">وزير المالية يعرض موازنة العام المقبل</a></div>',
    )
    bullets = "".join(f"<li>{escape(h)}</li>" for h in highlights)
    return f"""<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{escape(headline)} | الميادين</title>
<meta property="og:site_name" content="الميادين">
<meta property="article:published_time" content="2026-11-20T09:15:00+02:00"></head>
<body><nav class="main-menu"><a href="/">الرئيسية</a><a href="/politics">سياسة</a><a href="/sport">رياضة</a></nav>
<div class="ticker">عاجل: انقطاع الكهرباء عن أحياء في العاصمة</div>
<article><h1>{escape(headline)}</h1><p class="lead">{escape(summary)}</p>
<ul class="key-points">{bullets}</ul>
<div class="share-bar">شارك: فيسبوك تويتر واتساب</div>
<div class="article-body">{"".join(paragraphs)}<p>{escape(attribution)}</p></div></article>
<section class="comments"><h3>التعليقات</h3><p>تعليق من قارئ: شكراً على التغطية الممتازة</p></section>
<footer>جميع الحقوق محفوظة لشبكة الميادين الإعلامية</footer></body></html>""".encode()


def _normalise(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", line).strip() for line in text.strip().split("\n")]


def test_show_text_reproduces_the_seed(shared_dir: Path, tmp_path: Path) -> None:
    seed_path = next(shared_dir.glob(SEED_GLOB))
    seed = seed_path.read_text(encoding="utf-8")
    page = _page(*_parse_seed(seed))
    feed = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>
<item><title>x</title><link>/news/2026/11/20/seed?utm_source=rss</link></item></channel></rss>"""
    routes = {
        "/rss.xml": (200, "application/rss+xml", feed),
        "/news/2026/11/20/seed": (200, "text/html; charset=utf-8", page),
    }
    with RouteServer(routes) as server:
        sources = tmp_path / "sources.toml"
        sources.write_text(
            f'[[sources]]\nid = "almayadeen"\nname = "Al Mayadeen"\nname_ar = "الميادين"\n'
            f'homepage = "{server.base_url}/"\nfeeds = ["{server.base_url}/rss.xml"]\n'
            f'country = "LB"\nlanguage = "ar"\n',
            encoding="utf-8",
        )
        crawl = run_akhbar("crawl", "--sources", str(sources), "--db", "a.db", "--profile", "test", cwd=tmp_path)
    assert crawl.returncode == 0, crawl.stderr
    shown = run_akhbar("show", f"{server.base_url}/news/2026/11/20/seed", "--db", "a.db", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert _normalise(shown.stdout) == _normalise(seed)
