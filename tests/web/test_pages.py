"""Every page and filter of the web interface through Flask's test client: status codes, content, and
hostile stored text shown as text. The core pages run on SQLite and PostgreSQL (``client``)."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from crawler.web.params import MAX_PAGE_SIZE, MAX_QUERY_CHARS
from tests.web.conftest import HOSTILE


def html(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.get_data(as_text=True)[:500])
    return response.get_data(as_text=True)


def headlines(page: str) -> list[str]:
    return re.findall(r'<h2><a href="/article/\d+">(.*?)</a></h2>', page)


def test_latest_lists_newest_first_with_links(client: FlaskClient) -> None:
    page = html(client, "/")
    assert '<html lang="ar" dir="rtl">' in page
    found = headlines(page)
    assert found[0] == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"  # 2026-11-04, the newest
    assert found[1:] == [
        "موسم الزيتون يبدأ مبكراً في الجنوب",
        "موسم الزيتون يبدأ مبكراً",
        "الحكومة تعلن خطة لإصلاح شبكة المياه في الأحياء القديمة",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("source=marsad", ["<script>", "موسم الزيتون يبدأ مبكراً"]),
        ("country=MA", ["موسم الزيتون يبدأ مبكراً في الجنوب"]),
        ("country=lb&source=sada", []),  # sada is in EG: nothing, and the store is not asked for everything
        ("from=2026-11-02&to=2026-11-03", ["موسم الزيتون يبدأ مبكراً في الجنوب", "موسم الزيتون يبدأ مبكراً"]),
        ("lang=fa", ["<script>"]),
        ("size=1&page=2", ["موسم الزيتون يبدأ مبكراً في الجنوب"]),
    ],
)
def test_latest_filters(client: FlaskClient, query: str, expected: list[str]) -> None:
    found = [
        h.replace("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "<script>")
        for h in headlines(html(client, f"/?{query}"))
    ]
    assert found == expected


def test_pages_link_to_each_other(sqlite_client: FlaskClient) -> None:
    first = html(sqlite_client, "/?size=2")
    assert 'rel="next" href="/?size=2&amp;page=2"' in first and 'rel="prev"' not in first
    second = html(sqlite_client, "/?size=2&page=2")
    assert 'rel="prev" href="/?size=2&amp;page=1"' in second and 'rel="next"' not in second
    assert 'href="/export.jsonl?source=marsad&amp;lang=ar"' in html(sqlite_client, "/?source=marsad&lang=ar&page=1")


def test_search_folds_spelling_and_marks_matches(client: FlaskClient) -> None:
    # Typed with ه for ة and without the article; stored «الحكومة».
    page = html(client, "/search?q=حكومه")
    assert headlines(page) == ["الحكومة تعلن خطة لإصلاح شبكة المياه في الأحياء القديمة"]
    assert "<mark>الحكومة</mark>" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"موسم الزيتون"', 2),
        ("زيت*", 2),
        ("الزيتون -الجنوب", 1),
        ("المياه OR الزيتون", 3),
        ("الزيتون&country=MA", 1),
        ("الزيتون&source=marsad", 1),
        ("الزيتون&from=2026-11-03", 1),
        ("الزيتون&lang=fa", 0),
        ("الزيتون&size=1&page=2", 1),
    ],
)
def test_search_language_and_filters(client: FlaskClient, query: str, expected: int) -> None:
    assert len(headlines(html(client, f"/search?q={query}"))) == expected


def test_search_without_a_query_says_what_to_do(sqlite_client: FlaskClient) -> None:
    for url in ("/search", "/search?q=", "/search?q=%20%20"):
        page = html(sqlite_client, url)
        assert "اكتب كلمة أو أكثر للبحث" in page and not headlines(page)


def test_search_with_no_hits_says_so(sqlite_client: FlaskClient) -> None:
    assert "لا مقالات تطابق «<bdi>طائرة</bdi>»" in html(sqlite_client, "/search?q=طائرة")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ('/search?q="وزير', "unbalanced quote"),
        ("/search?q=-", "a lone &#39;-&#39; excludes nothing"),
        ("/search?q=OR غزة", "OR needs a term on each side"),
        ("/search?q=(غزة)", "is not query syntax here"),
        ("/search?q=" + "ب" * (MAX_QUERY_CHARS + 1), f"at most {MAX_QUERY_CHARS} are read"),
        ("/search?q=%00", "control characters"),
        ("/?page=0", "page &#39;0&#39;: expected a whole number from 1 to 500"),
        ("/?page=abc", "page &#39;abc&#39;"),
        (f"/?size={MAX_PAGE_SIZE + 1}", f"from 1 to {MAX_PAGE_SIZE}"),
        ("/?from=2026-13-01", "not a calendar date"),
        ("/?from=yesterday", "expected a date as YYYY-MM-DD"),
        ("/?from=2026-11-05&to=2026-11-01", "is after"),
        ("/?source=<script>", "expected a source id"),
        ("/?lang=arabic", "expected a language code"),
        ("/?country=E1", "expected a country code"),
        ('/export.csv?q="x', "unbalanced quote"),
    ],
)
def test_bad_arguments_are_400_with_a_message(sqlite_client: FlaskClient, url: str, message: str) -> None:
    page = html(sqlite_client, url, 400)
    assert message in page
    assert "<script>" not in page


def test_article_page_in_the_seed_layout(client: FlaskClient) -> None:
    page = html(client, "/article/1")
    assert '<article class="story" dir="rtl" lang="ar">' in page
    order = [
        '<h1 class="headline">الحكومة تعلن خطة',
        '<p class="summary">خطة على مرحلتين',
        "<li>تبدأ الأشغال الشهر المقبل</li>",
        "<p>أعلنت الحكومة خطة",
        '<p class="attribution">المصدر: صدى الوادي</p>',
    ]
    positions = [page.index(part) for part in order]
    assert positions == sorted(positions)
    assert page.count("المصدر: صدى الوادي") == 1  # the body's own last line is not repeated
    # Dates in the outlet's zone (Cairo, UTC+2 in November) and in UTC; people, credits, tags, the URL.
    assert "2026-11-01 10:15 Africa/Cairo (UTC+02:00)" in page and "2026-11-01 08:15 UTC" in page
    for text in ("سلمى الراشد", "وكالات", "البنية التحتية", 'href="https://sada.example/news/1"'):
        assert text in page
    assert 'href="/article/1/capture">الاستجابة الخام المحفوظة' in page


def test_article_day_only_date_is_not_given_a_time(client: FlaskClient) -> None:
    page = html(client, "/article/3")
    assert "2026-11-03</span> <small>(اليوم فقط)</small>" in page


def test_article_links_syndicated_copies_both_ways(client: FlaskClient) -> None:
    original = html(client, "/article/2")
    assert '<a href="/article/3">خبر اليوم</a>' in original
    copy = html(client, "/article/3")
    assert 'نسخة منقولة عن</dt><dd><a href="/article/2">موسم الزيتون يبدأ مبكراً</a>' in copy


def test_hostile_stored_text_is_shown_as_text(client: FlaskClient) -> None:
    page = html(client, "/article/4")
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;&lt;script&gt;" in page  # the author
    assert 'href="javascript:' not in page  # a stored URL that is not http(s) is not a link
    assert HOSTILE not in html(client, "/") and HOSTILE not in html(client, "/search?q=عدائي")


def test_missing_article_and_unknown_pages_are_404(client: FlaskClient) -> None:
    assert "no article 999 in this store" in html(client, "/article/999", 404)
    html(client, "/article/abc", 404)
    html(client, "/nothing-here", 404)
    assert "no source" in html(client, "/source/unknown", 404)


def test_sources_page(client: FlaskClient) -> None:
    page = html(client, "/sources")
    rows = re.findall(r'<tr class="status-([\w-]+)">\s*<td><a href="/source/(\w+)">', page)
    assert rows == [("never-fetched", "khabar"), ("disabled", "marsad"), ("ok", "sada")]
    assert "2026-11-05 10:00" in page  # sada's last success
    assert "https://marsad.example/rss" in page and ">12<" in page  # the disabled feed, its failures
    assert '<svg class="chart"' in page and "<title>2026-11-04: 1</title>" in page
    assert "سجل" not in page


def test_source_page(client: FlaskClient) -> None:
    page = html(client, "/source/marsad")
    assert "http_404 twelve times" in page and "disabled since 2026-11-04 10:00" in page
    assert "موسم الزيتون يبدأ مبكراً" in page and "&lt;script&gt;" in page and HOSTILE not in page
    runs = page[page.index('id="recent-runs"') :]
    assert "<td>FAILED</td>" in runs and "http_500 &lt;script&gt;" in runs and HOSTILE not in runs


def test_source_page_lists_its_recent_runs(client: FlaskClient) -> None:
    runs = html(client, "/source/sada").split('id="recent-runs"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r"<td>([^<]*)</td>", runs)
    assert cells[1:10] == ["42", "3", "finished", "ok", "4", "3", "0", "1", "0"]
    assert "لا تشغيلات" in html(client, "/source/khabar")  # in the registry, never in a run


def test_metrics_exposition(client: FlaskClient) -> None:
    response = client.get("/metrics")
    assert response.status_code == 200 and response.content_type.startswith("text/plain")
    text = response.get_data(as_text=True)
    assert 'akhbar_source_articles_stored_total{source="sada"} 3.0' in text
    assert "akhbar_last_run_exit_code 3.0" in text


def test_no_write_methods(sqlite_client: FlaskClient) -> None:
    for method in ("post", "put", "delete", "patch"):
        for url in ("/", "/search", "/article/1", "/sources", "/export.csv"):
            assert getattr(sqlite_client, method)(url).status_code == 405


def test_security_headers_on_every_page(sqlite_client: FlaskClient) -> None:
    for url in ("/", "/search?q=ماء", "/article/1", "/sources", "/article/999", "/?page=0", "/static/style.css"):
        headers = sqlite_client.get(url).headers
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert "script-src 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
