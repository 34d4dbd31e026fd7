"""The demo outlets assembled: every path the demo server answers, with its status, type and bytes."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence

from crawler.demo import feeds, pages
from crawler.demo.articles import load_articles
from crawler.demo.model import DemoArticle, DemoOutlet

Route = tuple[int, str, bytes]  # status, Content-Type, body

OUTLETS = (
    DemoOutlet(
        "nabd",
        "Nabd Al-Madina",
        "نبض المدينة",
        "LB",
        "Asia/Beirut",
        "utf-8",
        ("/nabd/rss.xml", "/nabd/rss/economy.xml"),
    ),
    DemoOutlet("wadi", "Al-Wadi Newspaper", "صحيفة الوادي", "EG", "Africa/Cairo", "utf-8", ("/wadi/atom.xml",)),
    DemoOutlet(
        "maghreb",
        "Anbaa Al-Maghreb Al-Kabir",
        "أنباء المغرب الكبير",
        "MA",
        "Africa/Casablanca",
        "cp1256",
        ("/maghreb/feed.json", "/maghreb/rss.xml"),
    ),
)
SECTION_PATH = "/nabd/section/local.html"
VIDEO_PATH = "/wadi/video/exhibition-opening.html"
NOT_ARTICLE_PATHS = (SECTION_PATH, VIDEO_PATH)
BOILERPLATE_PHRASES = pages.NABD_BOILERPLATE + pages.WADI_BOILERPLATE + pages.MAGHREB_BOILERPLATE
BROKEN_PATHS = {
    "broken-missing": "/broken/missing.xml",
    "broken-error": "/broken/error.xml",
    "broken-html": "/broken/html-feed.xml",
    "broken-empty": "/broken/empty.xml",
    "broken-malformed": "/broken/malformed.xml",
    "broken-noitems": "/broken/no-items.xml",
}


def _with_syndicated_bodies(
    articles: Sequence[DemoArticle], originals: Sequence[DemoArticle]
) -> tuple[DemoArticle, ...]:
    """A syndicated copy carries its original's text (and points at it) under its own headline."""
    out = []
    for article in articles:
        a = article
        if a.syndicated_from is not None:
            original = next((o for o in originals if o.path == a.syndicated_from), None)
            if original is None:
                raise ValueError(f"{a.path}: syndicated_from {a.syndicated_from} is not a demo article")
            a = dataclasses.replace(
                a,
                summary=original.summary,
                highlights=original.highlights,
                paragraphs=original.paragraphs,
                syndicated_from=original.path,
            )
        out.append(a)
    return tuple(out)


def _all_articles() -> tuple[DemoArticle, ...]:
    """Every demo article, outlet by outlet, from the data files; wadi's syndicated copies filled from nabd."""
    nabd, wadi, maghreb = (load_articles(outlet.id) for outlet in OUTLETS)
    return (*nabd, *_with_syndicated_bodies(wadi, nabd), *maghreb)


ARTICLES: tuple[DemoArticle, ...] = _all_articles()

_PAGE_RENDERERS: dict[str, Callable[[DemoArticle, DemoOutlet, str, Sequence[DemoArticle], int], str]] = {
    "nabd": pages.nabd_page,
    "wadi": pages.wadi_page,
    "maghreb": pages.maghreb_page,
}


def _html(text: str, encoding: str = "utf-8") -> Route:
    charset = "windows-1256" if encoding == "cp1256" else encoding
    return 200, f"text/html; charset={charset}", text.encode(encoding)


def build_routes(base: str) -> dict[str, Route]:
    """Every page and feed of the demo outlets, with absolute links under ``base``."""
    routes: dict[str, Route] = {
        "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
    }
    for outlet in OUTLETS:
        own = [a for a in ARTICLES if a.outlet_id == outlet.id]
        render = _PAGE_RENDERERS[outlet.id]
        for n, article in enumerate(own):
            others = [*own[n + 1 :], *own[:n]]
            routes[article.path] = _html(render(article, outlet, base, others, n), outlet.encoding)
        routes[f"/{outlet.id}/"] = _html(pages.listing_page("الرئيسية", outlet, base, own))
    nabd, wadi, maghreb = ([a for a in ARTICLES if a.outlet_id == o.id] for o in OUTLETS)
    routes[SECTION_PATH] = _html(pages.listing_page("محليات", OUTLETS[0], base, nabd[:6]))
    routes[VIDEO_PATH] = _html(pages.video_page(OUTLETS[1], base, "exhibition-opening"))

    section_entry = ("آخر أخبار المحليات", SECTION_PATH, "2026-11-27T10:00:00+02:00", "قائمة الأخبار المحلية")
    video_entry = ("فيديو: لقطات من افتتاح المعرض", VIDEO_PATH, "2026-11-26T18:00:00+02:00", "مشاهد مصورة")
    rss_type = "application/rss+xml; charset=utf-8"
    routes["/nabd/rss.xml"] = (
        200,
        rss_type,
        feeds.rss(OUTLETS[0], base, nabd, tracking=True, extra=[section_entry]).encode(),
    )
    # A section feed repeating part of the main one: each article must still be fetched once.
    routes["/nabd/rss/economy.xml"] = (200, rss_type, feeds.rss(OUTLETS[0], base, nabd[::3], tracking=False).encode())
    routes["/wadi/atom.xml"] = (
        200,
        "application/atom+xml; charset=utf-8",
        feeds.atom(OUTLETS[1], base, wadi, extra=[video_entry]).encode(),
    )
    half = len(maghreb) // 2
    routes["/maghreb/feed.json"] = (
        200,
        "application/feed+json",
        feeds.json_feed(OUTLETS[2], base, maghreb[: half + 1]).encode(),
    )
    routes["/maghreb/rss.xml"] = (
        200,
        "application/rss+xml; charset=windows-1256",
        feeds.rss(OUTLETS[2], base, maghreb[half:], tracking=False).encode("cp1256"),
    )
    routes.update(_broken_routes(base, nabd[0]))
    return routes


def _broken_routes(base: str, article: DemoArticle) -> dict[str, Route]:
    malformed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>R & D</title>'
        f"<item><title>خبر & تعليق</title><link>{base}{article.path}</link></item>"
        "<item><title>بلا نهاية</title>"
    )
    return {
        BROKEN_PATHS["broken-error"]: (500, "text/plain", b"internal server error"),
        BROKEN_PATHS["broken-html"]: _html(pages.listing_page("خطأ", OUTLETS[0], base, [])),
        BROKEN_PATHS["broken-empty"]: (200, "application/rss+xml", b""),
        BROKEN_PATHS["broken-malformed"]: (200, "application/rss+xml", malformed.encode()),
        BROKEN_PATHS["broken-noitems"]: (
            200,
            "application/rss+xml",
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>empty</title></channel></rss>',
        ),
    }


def sources_toml(base_url: str) -> str:
    """A sources file for the demo outlets served at ``base_url``."""
    return "\n".join(
        _toml_entry(
            id=o.id,
            name=o.name,
            name_ar=o.name_ar,
            homepage=f"{base_url}/{o.id}/",
            feeds=[base_url + p for p in o.feed_paths],
            country=o.country,
            language="ar",
            timezone=o.timezone,
        )
        for o in OUTLETS
    )


def broken_sources_toml(base_url: str) -> str:
    """One source per misbehaving feed path, for error tests (ids: broken-missing, broken-error, …)."""
    return "\n".join(
        _toml_entry(
            id=sid,
            name=sid,
            name_ar="مصدر معطل",
            homepage=f"{base_url}/",
            feeds=[base_url + path],
            country="LB",
            language="ar",
            timezone="Asia/Beirut",
        )
        for sid, path in BROKEN_PATHS.items()
    )


def _toml_entry(**fields: str | list[str]) -> str:
    """One ``[[sources]]`` table; JSON string syntax is valid TOML for basic strings and arrays."""
    lines = ["[[sources]]"] + [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"
