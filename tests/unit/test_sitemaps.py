"""Sitemaps: urlsets, indexes, gzip, Google News fields, and documents built to attack the parser."""

from __future__ import annotations

import gzip
import socket
import tracemalloc
import zlib
from pathlib import Path

import pytest

from crawler.listings.sitemaps import Sitemap, SitemapEntry, SitemapError, parse_sitemap, same_site, sitemap_entry_date

SITE = "https://www.sawt-almadina.example"
SITEMAP_URL = f"{SITE}/sitemaps/news.xml"
SM_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def urlset(urls: str, *, namespaces: str = f'xmlns="{SM_NS}"', prolog: str = "UTF-8") -> bytes:
    return f'<?xml version="1.0" encoding="{prolog}"?>\n<urlset {namespaces}>\n{urls}\n</urlset>\n'.encode(prolog)


def url(loc: str, extra: str = "") -> str:
    return f"<url><loc>{loc}</loc>{extra}</url>"


def news(title: str, date: str, *, name: str = "صوت المدينة", language: str = "ar") -> str:
    return (
        "<news:news><news:publication>"
        f"<news:name>{name}</news:name><news:language>{language}</news:language>"
        f"</news:publication><news:publication_date>{date}</news:publication_date>"
        f"<news:title>{title}</news:title></news:news>"
    )


# ---------------------------------------------------------------------------------------------
# Urlsets and indexes


def test_plain_urlset() -> None:
    body = urlset(
        url(f"{SITE}/economy/2026/03/04/port-expansion", "<lastmod>2026-03-04T09:15:00+03:00</lastmod>")
        + url(
            f"  \n {SITE}/culture/book-fair-opens \n ",
            "<lastmod>\n  2026-03-03 \n</lastmod><changefreq>daily</changefreq>",
        )
        + url(f"{SITE}/sports/derby-result")
    )
    assert parse_sitemap(body, SITEMAP_URL) == Sitemap(
        kind="urlset",
        entries=(
            SitemapEntry(f"{SITE}/economy/2026/03/04/port-expansion", lastmod="2026-03-04T09:15:00+03:00"),
            SitemapEntry(f"{SITE}/culture/book-fair-opens", lastmod="2026-03-03"),
            SitemapEntry(f"{SITE}/sports/derby-result"),
        ),
        sitemaps=(),
        skipped=0,
    )


def test_sitemap_index() -> None:
    body = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="{SM_NS}">
  <sitemap><loc>{SITE}/sitemap-posts-2026-03.xml</loc><lastmod>2026-03-04</lastmod></sitemap>
  <sitemap><loc>/sitemap-posts-2026-02.xml</loc></sitemap>
  <sitemap><loc>{SITE}/sitemap-posts-2026-03.xml#again</loc></sitemap>
  <sitemap><loc>https://tracker.other.example/sitemap.xml</loc></sitemap>
  <sitemap><loc></loc></sitemap>
</sitemapindex>""".encode()
    assert parse_sitemap(body, f"{SITE}/sitemap_index.xml") == Sitemap(
        kind="index",
        entries=(),
        sitemaps=(f"{SITE}/sitemap-posts-2026-03.xml", f"{SITE}/sitemap-posts-2026-02.xml"),
        children=(
            SitemapEntry(f"{SITE}/sitemap-posts-2026-03.xml", lastmod="2026-03-04"),
            SitemapEntry(f"{SITE}/sitemap-posts-2026-02.xml"),
        ),
        skipped=2,
    )


def test_namespace_less_sitemap() -> None:
    body = b"<urlset><url><loc>https://www.sawt-almadina.example/a/1</loc><lastmod>2026-01-02</lastmod></url></urlset>"
    assert parse_sitemap(body, SITEMAP_URL).entries == (SitemapEntry(f"{SITE}/a/1", lastmod="2026-01-02"),)


def test_prefixed_sitemaps_namespace_and_other_extensions() -> None:
    body = urlset(
        f"<sm:url><sm:loc>{SITE}/photos/flood</sm:loc>"
        "<image:image><image:loc>https://img.example/flood.jpg</image:loc></image:image>"
        "<sm:lastmod>2026-02-10</sm:lastmod></sm:url>",
        namespaces=f'xmlns:sm="{SM_NS}" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"',
    )
    assert parse_sitemap(body, SITEMAP_URL).entries == (SitemapEntry(f"{SITE}/photos/flood", lastmod="2026-02-10"),)


def test_google_news_fields_with_arabic_titles() -> None:
    body = urlset(
        url(
            f"{SITE}/politics/2026/03/04/cabinet-reshuffle",
            news("  الحكومة تعلن تعديلاً\n وزارياً يشمل أربع حقائب ", " 2026-03-04T11:20:00+03:00 "),
        )
        + url(
            f"{SITE}/economy/2026/03/04/fuel-prices",
            "<lastmod>2026-03-04T12:00:00+03:00</lastmod>"
            + news("لجنة التسعير تُبقي أسعار الوقود دون تغيير", "2026-03-04T10:05:00+03:00", name="Sawt Al-Madina"),
        ),
        namespaces=f'xmlns="{SM_NS}" xmlns:news="{NEWS_NS}"',
    )
    sitemap = parse_sitemap(body, SITEMAP_URL)
    assert sitemap.entries == (
        SitemapEntry(
            url=f"{SITE}/politics/2026/03/04/cabinet-reshuffle",
            lastmod=None,
            news_title="الحكومة تعلن تعديلاً وزارياً يشمل أربع حقائب",
            news_publication_date="2026-03-04T11:20:00+03:00",
            news_language="ar",
            publication_name="صوت المدينة",
        ),
        SitemapEntry(
            url=f"{SITE}/economy/2026/03/04/fuel-prices",
            lastmod="2026-03-04T12:00:00+03:00",
            news_title="لجنة التسعير تُبقي أسعار الوقود دون تغيير",
            news_publication_date="2026-03-04T10:05:00+03:00",
            news_language="ar",
            publication_name="Sawt Al-Madina",
        ),
    )
    assert [sitemap_entry_date(e) for e in sitemap.entries] == [
        "2026-03-04T11:20:00+03:00",
        "2026-03-04T10:05:00+03:00",
    ]


def test_news_fields_under_another_prefix_are_matched_by_local_name() -> None:
    body = urlset(
        f'<url><loc>{SITE}/a/2</loc><gn:news xmlns:gn="{NEWS_NS}"><gn:title>عنوان قصير</gn:title></gn:news></url>'
    )
    assert parse_sitemap(body, SITEMAP_URL).entries == (SitemapEntry(f"{SITE}/a/2", news_title="عنوان قصير"),)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (SitemapEntry("https://a.example/1", lastmod="2026-01-01", news_publication_date="2026-01-02"), "2026-01-02"),
        (SitemapEntry("https://a.example/1", lastmod="2026-01-01"), "2026-01-01"),
        (SitemapEntry("https://a.example/1"), None),
    ],
)
def test_sitemap_entry_date(entry: SitemapEntry, expected: str | None) -> None:
    assert sitemap_entry_date(entry) == expected


# ---------------------------------------------------------------------------------------------
# URLs


def test_relative_locs_resolve_against_the_sitemap_url() -> None:
    body = urlset(url("/world/summit-ends") + url("local/weather-warning") + url("//www.sawt-almadina.example/x"))
    assert [e.url for e in parse_sitemap(body, SITEMAP_URL).entries] == [
        f"{SITE}/world/summit-ends",
        f"{SITE}/sitemaps/local/weather-warning",
        f"{SITE}/x",
    ]


def test_non_http_empty_and_off_site_locs_are_skipped() -> None:
    body = urlset(
        url("javascript:alert(document.cookie)")
        + url("mailto:desk@sawt-almadina.example")
        + url("ftp://www.sawt-almadina.example/archive.zip")
        + url("   ")
        + "<url><lastmod>2026-01-01</lastmod></url>"
        + url("https://spam.other.example/casino")
        + url(f"{SITE}/kept")
    )
    sitemap = parse_sitemap(body, SITEMAP_URL)
    assert sitemap.entries == (SitemapEntry(f"{SITE}/kept"),)
    assert sitemap.skipped == 6


def test_locs_on_the_bare_domain_or_a_subdomain_are_on_site() -> None:
    body = urlset(url("https://sawt-almadina.example/a") + url("https://sport.sawt-almadina.example/b"))
    sitemap = parse_sitemap(body, "https://www.sawt-almadina.example/sitemap.xml")
    assert [e.url for e in sitemap.entries] == [
        "https://sawt-almadina.example/a",
        "https://sport.sawt-almadina.example/b",
    ]
    assert sitemap.skipped == 0


def test_sitemap_on_a_cdn_subdomain_lists_the_main_site_but_not_siblings() -> None:
    body = urlset(url(f"{SITE}/a") + url("https://sport.sawt-almadina.example/b"))
    sitemap = parse_sitemap(body, "https://cdn.sawt-almadina.example/sitemap.xml")
    assert sitemap.entries == (SitemapEntry(f"{SITE}/a"),)
    assert sitemap.skipped == 1


@pytest.mark.parametrize(
    ("url_a", "url_b", "expected"),
    [
        ("https://www.a.example/x", "http://a.example/", True),
        ("https://m.a.example/x", "https://cdn.a.example/", True),
        ("https://news.a.example/x", "https://sport.a.example/", False),
        ("https://a.example.evil.example/x", "https://a.example/", False),
        ("https://b.example/x", "https://a.example/", False),
    ],
)
def test_same_site(url_a: str, url_b: str, expected: bool) -> None:
    assert same_site(url_a, url_b) is expected


def test_urls_are_canonical_and_kept_once() -> None:
    body = urlset(
        url(f"{SITE}/economy/budget?utm_source=sitemap", "<lastmod>2026-03-01</lastmod>")
        + url(f"{SITE}/economy/budget#top", "<lastmod>2026-03-02</lastmod>")
        + url("HTTPS://WWW.SAWT-ALMADINA.EXAMPLE:443/أخبار/اقتصاد")
    )
    assert parse_sitemap(body, SITEMAP_URL).entries == (
        SitemapEntry(f"{SITE}/economy/budget", lastmod="2026-03-01"),
        SitemapEntry(f"{SITE}/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF"),
    )


def test_cdata_and_escaped_ampersands() -> None:
    body = urlset(url(f"<![CDATA[{SITE}/news.php?id=17&cat=3]]>") + url(f"{SITE}/news.php?id=18&amp;cat=3"))
    assert [e.url for e in parse_sitemap(body, SITEMAP_URL).entries] == [
        f"{SITE}/news.php?id=17&cat=3",
        f"{SITE}/news.php?id=18&cat=3",
    ]


def test_legacy_arabic_encoding_is_read_from_the_prolog() -> None:
    body = urlset(
        url(f"{SITE}/a/3", news("انطلاق المعرض الدولي للكتاب", "2026-02-01")),
        namespaces=f'xmlns="{SM_NS}" xmlns:news="{NEWS_NS}"',
        prolog="windows-1256",
    )
    assert body.count("انطلاق".encode("cp1256")) == 1
    assert parse_sitemap(body, SITEMAP_URL).entries[0].news_title == "انطلاق المعرض الدولي للكتاب"


def test_undeclared_news_prefix_is_still_read() -> None:
    body = urlset(url(f"{SITE}/a/13", news("أمطار غزيرة في الشمال", "2026-02-05")))
    assert b"xmlns:news" not in body
    assert parse_sitemap(body, SITEMAP_URL).entries == (
        SitemapEntry(
            f"{SITE}/a/13",
            news_title="أمطار غزيرة في الشمال",
            news_publication_date="2026-02-05",
            news_language="ar",
            publication_name="صوت المدينة",
        ),
    )


def test_broken_xml_is_read_as_far_as_it_goes() -> None:
    body = urlset(url(f"{SITE}/a/4", news("الصحة & التعليم", "2026-02-02")) + url(f"{SITE}/a/5"))
    assert [e.url for e in parse_sitemap(body, SITEMAP_URL).entries] == [f"{SITE}/a/4", f"{SITE}/a/5"]


# ---------------------------------------------------------------------------------------------
# Gzip


def test_gzipped_sitemap_reads_like_the_plain_one() -> None:
    body = urlset(
        url(f"{SITE}/a/6", news("افتتاح جسر جديد فوق النهر", "2026-02-03")), namespaces=f'xmlns:news="{NEWS_NS}"'
    )
    assert parse_sitemap(gzip.compress(body), f"{SITE}/sitemap.xml.gz") == parse_sitemap(body, SITEMAP_URL)
    assert parse_sitemap(gzip.compress(body), SITEMAP_URL).entries[0].news_title == "افتتاح جسر جديد فوق النهر"


def test_concatenated_gzip_members() -> None:
    body = urlset(url(f"{SITE}/a/7") + url(f"{SITE}/a/8"))
    middle = len(body) // 2
    data = gzip.compress(body[:middle]) + gzip.compress(body[middle:]) + b"\x00" * 16
    assert [e.url for e in parse_sitemap(data, SITEMAP_URL).entries] == [f"{SITE}/a/7", f"{SITE}/a/8"]


def test_gzip_bomb_is_refused() -> None:
    deflater = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    bomb = deflater.compress(bytes(60 * 1024 * 1024)) + deflater.flush()
    assert len(bomb) < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(SitemapError, match=r"inflates to more than 1048576 bytes"):
            parse_sitemap(bomb, f"{SITE}/sitemap.xml.gz", max_bytes=1024 * 1024)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # inflated a little past the cap, never the whole 60 MB


def test_gzip_just_under_the_cap_is_read() -> None:
    body = urlset(url(f"{SITE}/a/9"))
    assert parse_sitemap(gzip.compress(body), SITEMAP_URL, max_bytes=len(body)).entries == (
        SitemapEntry(f"{SITE}/a/9"),
    )
    with pytest.raises(SitemapError, match="inflates to more than"):
        parse_sitemap(gzip.compress(body), SITEMAP_URL, max_bytes=len(body) - 1)


def test_oversized_plain_body_is_refused() -> None:
    body = urlset(url(f"{SITE}/a/10"))
    with pytest.raises(SitemapError, match=f"is larger than {len(body) - 1} bytes"):
        parse_sitemap(body, SITEMAP_URL, max_bytes=len(body) - 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (gzip.compress(urlset(url(f"{SITE}/a/11")))[:-30], "gzip data is truncated"),
        (b"\x1f\x8b\x08\x00" + b"\xff" * 40, "broken gzip data"),
    ],
)
def test_broken_gzip(data: bytes, message: str) -> None:
    with pytest.raises(SitemapError, match=message):
        parse_sitemap(data, SITEMAP_URL)


# ---------------------------------------------------------------------------------------------
# Not sitemaps


@pytest.mark.parametrize(
    "body",
    [
        b'<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>\xd8\xb5\xd9\x81\xd8\xad\xd8\xa9 \xd8\xba\xd9\x8a\xd8\xb1 \xd9\x85\xd9\x88\xd8\xac\xd9\x88\xd8\xaf\xd8\xa9</title></head><body><p>404 & more<br></body></html>',
        b'<!doctype html>\n<html lang="ar"><head><meta charset="utf-8"></head><body><h1>404</h1></body></html>',
        b"<html><body><ul><li><a href='/sitemap.xml'>sitemap</a></li></ul></body></html>",
    ],
)
def test_html_page_is_not_a_sitemap(body: bytes) -> None:
    with pytest.raises(SitemapError) as raised:
        parse_sitemap(body, SITEMAP_URL)
    assert str(raised.value) == f"{SITEMAP_URL} is not a sitemap (root <html>)"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>', "(root <rss>)"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>', "(root <feed>)"),
        (b'{"version": "https://jsonfeed.org/version/1.1"}', "(no XML root element)"),
        (b"sitemap: https://www.sawt-almadina.example/sitemap.xml", "(no XML root element)"),
    ],
)
def test_other_documents_are_not_sitemaps(body: bytes, message: str) -> None:
    with pytest.raises(SitemapError) as raised:
        parse_sitemap(body, SITEMAP_URL)
    assert str(raised.value) == f"{SITEMAP_URL} is not a sitemap {message}"


@pytest.mark.parametrize("body", [b"", b" \n\t ", gzip.compress(b"")])
def test_empty_body(body: bytes) -> None:
    with pytest.raises(SitemapError, match=f"^{SITEMAP_URL} is empty$"):
        parse_sitemap(body, SITEMAP_URL)


def test_sitemap_error_is_a_value_error() -> None:
    assert issubclass(SitemapError, ValueError)


# ---------------------------------------------------------------------------------------------
# Attacks


def billion_laughs(levels: int) -> bytes:
    entities = ['<!ENTITY lol0 "ضحك">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1)]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE urlset [{"".join(entities)}]>
<urlset xmlns="{SM_NS}" xmlns:news="{NEWS_NS}">
  <url><loc>{SITE}/a/12</loc><lastmod>&lol{levels};</lastmod>{news(f"&lol{levels};", "2026-02-04")}</url>
  <url><loc>&lol{levels};</loc></url>
</urlset>""".encode()


def test_billion_laughs_is_refused() -> None:
    with pytest.raises(SitemapError, match=r"exceeds the parser's safety limits \(.*amplification"):
        parse_sitemap(billion_laughs(9), SITEMAP_URL)


def test_small_internal_entities_are_left_unexpanded() -> None:
    sitemap = parse_sitemap(billion_laughs(2), SITEMAP_URL)
    assert sitemap == Sitemap(
        kind="urlset",
        entries=(
            SitemapEntry(
                f"{SITE}/a/12",
                news_publication_date="2026-02-04",
                news_language="ar",
                publication_name="صوت المدينة",
            ),
        ),
        skipped=1,
    )
    assert "ضحك" not in repr(sitemap)


def test_text_node_over_the_limit_is_refused() -> None:
    body = urlset(url(f"{SITE}/" + "a" * (11 * 1024 * 1024)))
    with pytest.raises(SitemapError, match="Text node too long"):
        parse_sitemap(body, SITEMAP_URL)


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-7f3a9c kalimat-sirr", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "template",
    [
        # A general external entity in a <loc> and in a news title.
        '<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "{uri}">]>'
        "<urlset><url><loc>https://www.sawt-almadina.example/&xxe;</loc></url>"
        "<url><loc>https://www.sawt-almadina.example/b</loc><news><title>&xxe;</title></news></url></urlset>",
        # The entity as the whole <loc>.
        '<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "{uri}">]><urlset><url><loc>&xxe;</loc></url></urlset>',
        # A parameter entity pulling in a DTD.
        '<!DOCTYPE urlset [<!ENTITY % ext SYSTEM "{uri}"> %ext;]>'
        "<urlset><url><loc>https://www.sawt-almadina.example/c</loc></url></urlset>",
        # An external DTD subset.
        '<!DOCTYPE urlset SYSTEM "{uri}"><urlset><url><loc>https://www.sawt-almadina.example/d</loc></url></urlset>',
    ],
)
def test_external_entities_do_not_leak_local_files(secret_file: Path, template: str) -> None:
    body = ('<?xml version="1.0"?>' + template.replace("{uri}", secret_file.as_uri())).encode()
    sitemap = parse_sitemap(body, SITEMAP_URL)
    assert "TOP-SECRET" not in repr(sitemap)
    assert "kalimat" not in repr(sitemap)
    assert all(e.url.startswith(f"{SITE}/") for e in sitemap.entries)


def test_external_entity_loc_is_skipped_not_filled(secret_file: Path) -> None:
    body = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">]>'
        "<urlset><url><loc>&xxe;</loc></url></urlset>"
    ).encode()
    assert parse_sitemap(body, SITEMAP_URL) == Sitemap(kind="urlset", entries=(), skipped=1)


def test_external_entities_are_not_fetched_over_the_network() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.setblocking(False)
        uri = f"http://127.0.0.1:{server.getsockname()[1]}/evil.dtd"
        body = (
            f'<?xml version="1.0"?><!DOCTYPE urlset SYSTEM "{uri}" [<!ENTITY net SYSTEM "{uri}">]>'
            f"<urlset><url><loc>{SITE}/e&net;</loc></url></urlset>"
        ).encode()
        assert parse_sitemap(body, SITEMAP_URL).entries == (SitemapEntry(f"{SITE}/e"),)
        with pytest.raises(BlockingIOError):
            server.accept()
