"""Article URLs: which are http(s), resolution, the canonical form, and the key an article is stored by."""

from __future__ import annotations

import pytest

from crawler.urls import article_key, canonicalize, is_http_url, registered_host, resolve


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://alhadath-alyawm.example/news/2026/11/17/budget", True),
        ("http://alhadath-alyawm.example", True),
        ("HTTPS://ALHADATH-ALYAWM.EXAMPLE/", True),
        ("http://127.0.0.1:8080/feed.xml", True),
        ("https://أخبار.example/محليات/1", True),
        ("//alhadath-alyawm.example/news/1", False),  # protocol-relative: not absolute
        ("/news/1", False),
        ("news/1", False),
        ("ftp://alhadath-alyawm.example/news/1", False),
        ("javascript:void(0)", False),
        ("data:text/html;base64,PGgxPmhpPC9oMT4=", False),
        ("mailto:desk@alhadath-alyawm.example", False),
        ("http:///news/1", False),  # no host
        ("http://[::1", False),  # urlsplit raises ValueError
        ("http://akhbar-alwatan.example:8o8o/news/1", False),  # port is not a number
        ("http://akhbar-alwatan.example:99999/news/1", False),  # port out of range
        ("", False),
    ],
)
def test_is_http_url(url: str, expected: bool) -> None:
    assert is_http_url(url) is expected


@pytest.mark.parametrize(
    ("link", "base", "expected"),
    [
        (
            "/news/2026/11/17/1",
            "https://akhbar-alwatan.example/rss",
            "https://akhbar-alwatan.example/news/2026/11/17/1",
        ),
        ("1.html", "https://akhbar-alwatan.example/sport/", "https://akhbar-alwatan.example/sport/1.html"),
        ("../eco/2", "https://akhbar-alwatan.example/sport/feed", "https://akhbar-alwatan.example/eco/2"),
        (
            "//cdn.akhbar-alwatan.example/a.jpg",
            "https://akhbar-alwatan.example/",
            "https://cdn.akhbar-alwatan.example/a.jpg",
        ),
        ("  https://other.example/x  ", "https://akhbar-alwatan.example/", "https://other.example/x"),
        ("?id=55", "https://akhbar-alwatan.example/news.php?id=54", "https://akhbar-alwatan.example/news.php?id=55"),
        ("javascript:share()", "https://akhbar-alwatan.example/", None),
        ("data:image/png;base64,AAAA", "https://akhbar-alwatan.example/", None),
        ("mailto:news@akhbar-alwatan.example", "https://akhbar-alwatan.example/", None),
        ("", "https://akhbar-alwatan.example/", None),
        ("   ", "https://akhbar-alwatan.example/", None),
        ("/news/1", "", None),  # nothing to resolve against
    ],
)
def test_resolve(link: str, base: str, expected: str | None) -> None:
    assert resolve(link, base) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # Scheme and host lower-cased, path case kept.
        ("HTTPS://WWW.Akhbar-Alwatan.EXAMPLE/News/1", "https://www.akhbar-alwatan.example/News/1"),
        # Default ports dropped, other ports kept.
        ("https://akhbar-alwatan.example:443/a", "https://akhbar-alwatan.example/a"),
        ("http://akhbar-alwatan.example:80/a", "http://akhbar-alwatan.example/a"),
        ("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/a"),
        ("https://akhbar-alwatan.example:80/a", "https://akhbar-alwatan.example:80/a"),
        # Fragment dropped; empty path is "/".
        ("https://akhbar-alwatan.example/a#comments", "https://akhbar-alwatan.example/a"),
        ("https://akhbar-alwatan.example", "https://akhbar-alwatan.example/"),
        # Tracking parameters removed (any case), the rest kept in order.
        (
            "https://akhbar-alwatan.example/news.php?utm_source=rss&id=42&utm_medium=feed&cat=3",
            "https://akhbar-alwatan.example/news.php?id=42&cat=3",
        ),
        ("https://akhbar-alwatan.example/a?fbclid=IwAR0abc&UTM_Campaign=x", "https://akhbar-alwatan.example/a"),
        ("https://akhbar-alwatan.example/a?gclid=1&ocid=2&igshid=3&_ga=4", "https://akhbar-alwatan.example/a"),
        ("https://akhbar-alwatan.example/a?z=1&a=2", "https://akhbar-alwatan.example/a?z=1&a=2"),
        # A parameter that only looks like a tracker stays.
        ("https://akhbar-alwatan.example/a?utm=1", "https://akhbar-alwatan.example/a?utm=1"),
        # Blank values kept.
        ("https://akhbar-alwatan.example/a?print=&id=9", "https://akhbar-alwatan.example/a?print=&id=9"),
        # Surrounding whitespace.
        ("  https://akhbar-alwatan.example/a  ", "https://akhbar-alwatan.example/a"),
        # IPv6 literals keep their brackets.
        ("http://[::1]:8080/a", "http://[::1]:8080/a"),
        ("http://[FD00::5]/a", "http://[fd00::5]/a"),
    ],
)
def test_canonicalize(url: str, expected: str) -> None:
    assert canonicalize(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://akhbar-alwatan.example/news.php?id=42&cat=3",
        "https://akhbar-alwatan.example/a",
        "http://127.0.0.1:8080/a?b=1",
    ],
)
def test_canonicalize_is_idempotent(url: str) -> None:
    assert canonicalize(canonicalize(url)) == canonicalize(url)


@pytest.mark.parametrize("url", ["http://[::1/news", "  http://akhbar-alwatan.example:8o8o/news/1 "])
def test_canonicalize_returns_a_broken_url_stripped(url: str) -> None:
    assert canonicalize(url) == url.strip()


def test_canonicalize_keeps_a_valueless_query() -> None:
    # Old Arabic CMSes address articles as «news.php?12345»; the canonical URL is fetched, so it must
    # stay the same address (not «?12345=»).
    assert canonicalize("https://akhbar-alwatan.example/news.php?12345") == (
        "https://akhbar-alwatan.example/news.php?12345"
    )


def test_canonicalize_equates_raw_and_percent_encoded_arabic_paths() -> None:
    # Feeds percent-encode Arabic slugs, pages often declare them raw: the same article.
    raw = "https://akhbar-alwatan.example/news/الحكومة-تعلن-خطة-النقل"
    encoded = (
        "https://akhbar-alwatan.example/news/"
        "%D8%A7%D9%84%D8%AD%D9%83%D9%88%D9%85%D8%A9-%D8%AA%D8%B9%D9%84%D9%86-"
        "%D8%AE%D8%B7%D8%A9-%D8%A7%D9%84%D9%86%D9%82%D9%84"
    )
    assert canonicalize(raw) == canonicalize(encoded) == encoded


def test_canonicalize_normalises_escape_case() -> None:
    assert canonicalize("https://akhbar-alwatan.example/news/%d8%ae%d8%a8%d8%b1") == (
        "https://akhbar-alwatan.example/news/%D8%AE%D8%A8%D8%B1"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.akhbar-alwatan.example/a", "akhbar-alwatan.example"),
        ("https://m.akhbar-alwatan.example/a", "akhbar-alwatan.example"),
        ("https://amp.akhbar-alwatan.example/a", "akhbar-alwatan.example"),
        ("https://WWW.Akhbar-Alwatan.example/a", "akhbar-alwatan.example"),
        ("https://sport.akhbar-alwatan.example/a", "sport.akhbar-alwatan.example"),
        ("https://mobile.akhbar-alwatan.example/a", "mobile.akhbar-alwatan.example"),
        ("https://wwwakhbar.example/a", "wwwakhbar.example"),
        ("/a", ""),
    ],
)
def test_registered_host(url: str, expected: str) -> None:
    assert registered_host(url) == expected


SITE = "https://www.akhbar-alwatan.example"


@pytest.mark.parametrize(
    ("url", "canonical_url", "expected"),
    [
        # A plausible declared canonical wins (tracking, fragment, host case and www. folded).
        (f"{SITE}/news/1?utm_source=rss", f"{SITE}/news/1-budget", f"{SITE}/news/1-budget"),
        (f"{SITE}/amp/news/1", "https://akhbar-alwatan.example/news/1", "https://akhbar-alwatan.example/news/1"),
        ("https://m.akhbar-alwatan.example/news/1", f"{SITE}/news/1#top", f"{SITE}/news/1"),
        # Nothing declared, or nothing usable: the fetched URL, canonicalized.
        (f"{SITE}/news/1?utm_medium=x#c", None, f"{SITE}/news/1"),
        (f"{SITE}/news/1", "", f"{SITE}/news/1"),
        (f"{SITE}/news/1", "/news/1-budget", f"{SITE}/news/1"),
        (f"{SITE}/news/1", "javascript:void(0)", f"{SITE}/news/1"),
        # The homepage declared as every article's canonical.
        (f"{SITE}/news/1", f"{SITE}/", f"{SITE}/news/1"),
        (f"{SITE}/news/1", "https://akhbar-alwatan.example", f"{SITE}/news/1"),
        (f"{SITE}/news/1", f"{SITE}/?utm_source=x", f"{SITE}/news/1"),
        # Another outlet or another edition's host.
        (f"{SITE}/news/1", "https://other-outlet.example/news/1", f"{SITE}/news/1"),
        (f"{SITE}/news/1", "https://en.akhbar-alwatan.example/news/1", f"{SITE}/news/1"),
    ],
)
def test_article_key(url: str, canonical_url: str | None, expected: str) -> None:
    assert article_key(url, canonical_url) == expected
