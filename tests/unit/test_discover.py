"""Feed and sitemap discovery: homepage links, robots.txt, probe paths, and registry entries."""

from __future__ import annotations

import json
import tomllib

import pytest

from crawler.listings.discover import (
    COMMON_FEED_PATHS,
    COMMON_SITEMAP_PATHS,
    FeedKind,
    FeedLink,
    candidate_feed_urls,
    candidate_sitemap_urls,
    find_feed_links,
    looks_like_feed,
    sitemaps_from_robots,
    source_entry_toml,
    suggest_source_id,
)

SITE = "https://www.sawt-almadina.example"

# A WordPress-built Arabic outlet: head alternates (site feed, comments feeds, REST API, oEmbed), a
# section menu, article teasers, and a footer with the feed links people actually click.
HOMEPAGE = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>صوت المدينة | أخبار محلية وعربية على مدار الساعة</title>
<link rel="stylesheet" href="/wp-content/themes/madina/style.css">
<link rel="alternate" type="application/rss+xml" title="صوت المدينة &raquo; Feed" href="{SITE}/feed/">
<link rel="alternate" type="application/rss+xml" title="صوت المدينة &raquo; Comments Feed" href="{SITE}/comments/feed/">
<link rel="alternate" type="application/rss+xml" title="صوت المدينة &raquo; خلاصة التعليقات" href="{SITE}/ar-comments.xml">
<link rel="alternate" type="application/json" title="JSON" href="{SITE}/wp-json/wp/v2/pages/2">
<link rel="alternate" type="application/json+oembed" href="{SITE}/wp-json/oembed/1.0/embed?url=x">
<link rel="alternate" hreflang="en" href="{SITE}/en/">
<link rel="ALTERNATE nofollow" type="Application/Atom+XML; charset=utf-8" title=" آخر   الأخبار (Atom) " href="/atom.xml">
<link rel="alternate" type="application/feed+json" href="https://feeds.sawt-almadina.example/latest.json">
<link rel="stylesheet alternate" type="text/css" href="/print.css">
<link rel="alternate" type="application/rss+xml" title="Duplicate" href="{SITE}/feed/#main">
</head>
<body>
<header>
  <nav class="main-menu">
    <ul>
      <li><a href="/">الرئيسية</a></li>
      <li><a href="/category/local/">محليات</a></li>
      <li><a href="/category/economy/">اقتصاد</a></li>
      <li><a href="/category/sports/">رياضة</a></li>
      <li><a href="/feedback/">راسلنا</a></li>
    </ul>
  </nav>
</header>
<main>
  <article><h2><a href="/2026/03/04/port-expansion/">توسعة الميناء تبدأ الشهر المقبل</a></h2></article>
  <article><h2><a href="/2026/03/04/book-fair/">معرض الكتاب يستقبل زواره</a></h2></article>
</main>
<footer>
  <ul class="footer-links">
    <li><a href="/about/">من نحن</a></li>
    <li><a href="/sitemap.xml">خريطة الموقع</a></li>
    <li><a href="/rss/latest">خدمة RSS</a></li>
    <li><a href="/services/headlines.php?cat=2">آر إس إس العناوين</a></li>
    <li><a href="/feed/" title="RSS"><img src="/img/rss.png" alt=""></a></li>
    <li><a href="/comments/feed/">RSS التعليقات</a></li>
    <li><a href="https://twitter.example/sawt_feed">تابعنا: Feed</a></li>
    <li><a href="javascript:void(0)">RSS</a></li>
    <li><a href="/category/economy/feed/">اقتصاد</a></li>
  </ul>
</footer>
</body>
</html>"""


# ---------------------------------------------------------------------------------------------
# find_feed_links


def test_homepage_feed_links() -> None:
    assert find_feed_links(HOMEPAGE, f"{SITE}/") == [
        FeedLink(f"{SITE}/feed/", "rss", "صوت المدينة » Feed"),
        FeedLink(f"{SITE}/atom.xml", "atom", "آخر الأخبار (Atom)"),
        FeedLink("https://feeds.sawt-almadina.example/latest.json", "json", None),
        FeedLink(f"{SITE}/rss/latest", "rss", "خدمة RSS"),
        FeedLink(f"{SITE}/services/headlines.php?cat=2", "unknown", "آر إس إس العناوين"),
        FeedLink(f"{SITE}/category/economy/feed/", "unknown", "اقتصاد"),
    ]


def test_bytes_in_a_legacy_charset_are_decoded() -> None:
    page = HOMEPAGE.replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
    )
    body = page.replace("&raquo;", "-").encode("cp1256")
    links = find_feed_links(body, f"{SITE}/")
    assert links[0] == FeedLink(f"{SITE}/feed/", "rss", "صوت المدينة - Feed")
    assert links[3] == FeedLink(f"{SITE}/rss/latest", "rss", "خدمة RSS")


def test_utf8_bytes_and_xml_declaration() -> None:
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + HOMEPAGE
    assert find_feed_links(page, f"{SITE}/") == find_feed_links(HOMEPAGE.encode(), f"{SITE}/")
    assert len(find_feed_links(page, f"{SITE}/")) == 6


def test_relative_links_use_the_base_element() -> None:
    page = """<html><head><base href="https://www.sawt-almadina.example/ar/">
    <link rel="alternate" type="application/rss+xml" href="rss.xml"></head>
    <body><a href="feeds/sport.xml">الرياضة</a></body></html>"""
    assert find_feed_links(page, "https://www.sawt-almadina.example/other/page") == [
        FeedLink(f"{SITE}/ar/rss.xml", "rss", None),
        FeedLink(f"{SITE}/ar/feeds/sport.xml", "unknown", "الرياضة"),
    ]


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        ('<a href="/feeds/atom/news">أخبار</a>', FeedLink(f"{SITE}/feeds/atom/news", "atom", "أخبار")),
        (
            '<a href="/index.php?format=feed&amp;type=rss">x</a>',
            FeedLink(f"{SITE}/index.php?format=feed&type=rss", "rss", "x"),
        ),
        ('<a href="/services">ار اس اس</a>', FeedLink(f"{SITE}/services", "unknown", "ار اس اس")),
        ('<a href="/feed.json">JSON</a>', FeedLink(f"{SITE}/feed.json", "json", "JSON")),
        (
            '<a href="https://sawt-almadina.example/rss">Feed</a>',
            FeedLink("https://sawt-almadina.example/rss", "rss", "Feed"),
        ),
        ('<a href="/feedback">Feedback</a>', None),
        ('<a href="/podcasts/">Podcasts</a>', None),
        ('<a href="/news-sitemap.xml">Sitemap</a>', None),
        ('<a href="https://other.example/rss">RSS</a>', None),
        ('<a href="mailto:rss@sawt-almadina.example">RSS</a>', None),
        ('<a href="/2026/03/post/feed/">تعليقات على الخبر</a>', None),
        ("<a>RSS</a>", None),
    ],
)
def test_anchor_feed_links(anchor: str, expected: FeedLink | None) -> None:
    links = find_feed_links(f"<html><body><p>{anchor}</p></body></html>", f"{SITE}/")
    assert links == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("link", "expected_kind"),
    [
        ('type="application/rss+xml"', "rss"),
        ('type="application/atom+xml"', "atom"),
        ('type="application/feed+json"', "json"),
        ('type="application/json"', "json"),
        ('type="text/xml"', "unknown"),
        ('type="application/xml"', "unknown"),
        ('type="text/html"', None),
        ("", None),
    ],
)
def test_alternate_link_types(link: str, expected_kind: FeedKind | None) -> None:
    page = f'<html><head><link rel="alternate" {link} href="/x"></head></html>'
    expected = [FeedLink(f"{SITE}/x", expected_kind, None)] if expected_kind else []
    assert find_feed_links(page, f"{SITE}/") == expected


def test_feed_links_need_rel_alternate() -> None:
    page = '<html><head><link rel="feed" type="application/rss+xml" href="/a"><link type="application/rss+xml" href="/b"></head></html>'
    assert find_feed_links(page, f"{SITE}/") == []


def test_wordpress_without_pretty_permalinks() -> None:
    page = f"""<html><head>
    <link rel="alternate" type="application/rss+xml" title="موقع » الخلاصة" href="{SITE}/?feed=rss2">
    <link rel="alternate" type="application/rss+xml" title="موقع » خلاصة" href="{SITE}/?feed=comments-rss2">
    <link rel="alternate" type="application/json" href="{SITE}/?rest_route=/wp/v2/posts/9">
    </head></html>"""
    assert find_feed_links(page, f"{SITE}/") == [FeedLink(f"{SITE}/?feed=rss2", "rss", "موقع » الخلاصة")]


@pytest.mark.parametrize("page", ["", "   ", b"", b"\n"])
def test_empty_page(page: str | bytes) -> None:
    assert find_feed_links(page, f"{SITE}/") == []


# ---------------------------------------------------------------------------------------------
# Probe paths


def test_candidate_feed_urls_are_on_the_homepage_origin() -> None:
    assert candidate_feed_urls("HTTPS://WWW.Sawt-Almadina.example:443/ar/index.html?lang=ar") == [
        f"{SITE}/rss",
        f"{SITE}/feed",
        f"{SITE}/rss.xml",
        f"{SITE}/feed.xml",
        f"{SITE}/atom.xml",
        f"{SITE}/index.xml",
        f"{SITE}/feeds",
        f"{SITE}/rss/",
        f"{SITE}/feed/",
    ]
    assert len(COMMON_FEED_PATHS) == 9


def test_candidate_sitemap_urls_keep_a_non_default_port() -> None:
    assert candidate_sitemap_urls("http://127.0.0.1:8765/") == [
        "http://127.0.0.1:8765/sitemap.xml",
        "http://127.0.0.1:8765/sitemap_index.xml",
        "http://127.0.0.1:8765/news-sitemap.xml",
        "http://127.0.0.1:8765/sitemap-news.xml",
    ]
    assert COMMON_SITEMAP_PATHS == ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml", "/sitemap-news.xml")


@pytest.mark.parametrize("homepage", ["www.sawt-almadina.example", "ftp://sawt-almadina.example/", ""])
def test_candidates_need_an_http_homepage(homepage: str) -> None:
    with pytest.raises(ValueError, match="not an http"):
        candidate_feed_urls(homepage)
    with pytest.raises(ValueError, match="not an http"):
        candidate_sitemap_urls(homepage)


# ---------------------------------------------------------------------------------------------
# robots.txt

ROBOTS = """\ufeff# robots.txt for www.sawt-almadina.example
User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php
Sitemap: https://www.sawt-almadina.example/sitemap_index.xml

User-agent: GPTBot
Disallow: /
  sitemap:https://www.sawt-almadina.example/news-sitemap.xml   # Google News
SITEMAP: /sitemaps/video.xml
Sitemap: https://www.sawt-almadina.example/sitemap_index.xml
Sitemap: https://WWW.sawt-almadina.example/sitemap_index.xml#dup
Sitemap: ftp://www.sawt-almadina.example/sitemap.xml
Sitemap:
Site-map: https://www.sawt-almadina.example/not-a-key.xml
# Sitemap: https://www.sawt-almadina.example/commented-out.xml
Disallow: /search?q=sitemap:
"""


def test_sitemaps_from_robots() -> None:
    assert sitemaps_from_robots(ROBOTS, f"{SITE}/robots.txt") == [
        f"{SITE}/sitemap_index.xml",
        f"{SITE}/news-sitemap.xml",
        f"{SITE}/sitemaps/video.xml",
    ]


@pytest.mark.parametrize("text", ["", "User-agent: *\r\nDisallow:\r\n", "<html><body>404</body></html>"])
def test_robots_without_sitemaps(text: str) -> None:
    assert sitemaps_from_robots(text, f"{SITE}/robots.txt") == []


def test_robots_with_crlf_line_ends() -> None:
    text = "User-agent: *\r\nSitemap: https://cdn.sawt-almadina.example/sitemaps/index.xml\r\n"
    assert sitemaps_from_robots(text, f"{SITE}/robots.txt") == ["https://cdn.sawt-almadina.example/sitemaps/index.xml"]


# ---------------------------------------------------------------------------------------------
# looks_like_feed

RSS = '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>صوت المدينة</title></channel></rss>'
ATOM = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>أخبار</title></feed>'
RDF = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>'
JSON_FEED = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "صوت المدينة", "items": []})


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (RSS, "application/rss+xml", True),
        (RSS, "text/html; charset=utf-8", True),  # misconfigured servers
        ("\ufeff\n  " + RSS, None, True),
        (
            '<?xml version="1.0"?>\n<!-- generated by a CMS -->\n<?xml-stylesheet href="/rss.xsl"?>\n'
            + RSS.split("?>", 1)[1],
            None,
            True,
        ),
        (ATOM, "application/atom+xml", True),
        (RDF, "application/rdf+xml", True),
        (JSON_FEED, "application/feed+json", True),
        (JSON_FEED, None, True),
        ('{"version": "1.0", "items": []}', "application/json", False),
        ('["https://jsonfeed.org/version/1"]', "application/json", False),
        ("{not json", "application/json", False),
        (
            "<!DOCTYPE html><html lang='ar'><head><title>RSS</title></head><body><rss/></body></html>",
            "text/html",
            False,
        ),
        ("<!doctype html><html><body>الصفحة غير موجودة</body></html>", "text/html", False),
        (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>',
            "application/xml",
            False,
        ),
        ("", "application/rss+xml", False),
        ("   ", None, False),
        ("RSS feed coming soon", "text/plain", False),
    ],
)
def test_looks_like_feed(body: str, content_type: str | None, expected: bool) -> None:
    assert looks_like_feed(body.encode("utf-8"), content_type) is expected


def test_looks_like_feed_reads_legacy_encodings_and_ignores_entities() -> None:
    body = (
        '<?xml version="1.0" encoding="windows-1256"?>\n'
        '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        "<rss version='2.0'><channel><title>&x; أخبار</title></channel></rss>"
    ).encode("cp1256")
    assert looks_like_feed(body, "text/xml") is True


# ---------------------------------------------------------------------------------------------
# Registry entries


@pytest.mark.parametrize(
    ("homepage", "expected"),
    [
        ("https://www.alwasat-news.example/", "alwasat-news"),
        ("https://m.Akhbar-Alyawm.example/ar/", "akhbar-alyawm"),
        ("http://amp.sawt_almadina.example:8080/x", "sawt_almadina"),
        ("https://sawt-almadina.example", "sawt-almadina"),
        ("https://news.sawt-almadina.example/", "news"),
        ("https://www.صوت-المدينة.example/", "xn----zmcgb1a6a5hikn2a"),
    ],
)
def test_suggest_source_id(homepage: str, expected: str) -> None:
    assert suggest_source_id(homepage) == expected


@pytest.mark.parametrize("homepage", ["sawt-almadina.example", "mailto:desk@sawt-almadina.example", "https://"])
def test_suggest_source_id_needs_an_http_url(homepage: str) -> None:
    with pytest.raises(ValueError, match="not an http"):
        suggest_source_id(homepage)


def test_source_entry_toml_text() -> None:
    text = source_entry_toml(
        id="sawt-almadina",
        name="Sawt Al-Madina",
        name_ar="صوت المدينة",
        homepage=f"{SITE}/",
        feeds=[f"{SITE}/feed/", f"{SITE}/rss/latest"],
        sitemaps=[f"{SITE}/news-sitemap.xml"],
        country="JO",
        language="ar",
    )
    assert text == (
        "[[sources]]\n"
        'id = "sawt-almadina"\n'
        'name = "Sawt Al-Madina"\n'
        'name_ar = "صوت المدينة"\n'
        'homepage = "https://www.sawt-almadina.example/"\n'
        'feeds = ["https://www.sawt-almadina.example/feed/", "https://www.sawt-almadina.example/rss/latest"]\n'
        'sitemaps = ["https://www.sawt-almadina.example/news-sitemap.xml"]\n'
        'country = "JO"\n'
        'language = "ar"\n'
    )


def test_source_entry_toml_round_trips_awkward_strings() -> None:
    name = 'The "Pen" \\ Daily\tEdition\x7f\x00'
    name_ar = "صحيفة «القلم» اليومية\nالطبعة الأولى"
    feeds = ["https://qalam.example/rss?cat=1&lang=ar", 'https://qalam.example/"quoted"']
    text = source_entry_toml(
        id="qalam",
        name=name,
        name_ar=name_ar,
        homepage="https://qalam.example/ar/",
        feeds=feeds,
        sitemaps=[],
        country="EG",
        language="ar",
    )
    assert "sitemaps" not in text
    assert tomllib.loads(text) == {
        "sources": [
            {
                "id": "qalam",
                "name": name,
                "name_ar": name_ar,
                "homepage": "https://qalam.example/ar/",
                "feeds": feeds,
                "country": "EG",
                "language": "ar",
            }
        ]
    }


def test_source_entry_toml_appends_to_a_registry() -> None:
    registry = '[[sources]]\nid = "first"\nname = "First"\n\n'
    entry = source_entry_toml(
        id="second",
        name="Second",
        name_ar="الثانية",
        homepage="https://second.example/",
        feeds=["https://second.example/feed"],
        sitemaps=["https://second.example/sitemap.xml", "https://second.example/news.xml"],
        country="MA",
        language="ar",
    )
    sources = tomllib.loads(registry + entry)["sources"]
    assert [s["id"] for s in sources] == ["first", "second"]
    assert sources[1]["sitemaps"] == ["https://second.example/sitemap.xml", "https://second.example/news.xml"]
