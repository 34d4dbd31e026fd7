"""Where pages keep their dates, on small pages of our own imitating common templates."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import lxml.html
import pytest

from crawler.extraction import htmlmeta
from crawler.extraction.dates import ParsedDate
from crawler.extraction.extract import ExtractOptions, extract_article
from crawler.extraction.pagedates import page_dates

URL = "https://wadi.example/news/story-5531"
TITLE = "افتتاح سوق الخضار الجديد في وسط المدينة"
STORY = "".join(
    f"<p>{p}</p>"
    for p in (
        "افتتحت البلدية صباح اليوم سوق الخضار الجديد بعد عامين من أعمال البناء والتجهيز في وسط المدينة.",
        "ويضم السوق مئة وعشرين محلاً ومواقف للسيارات ومساحات مظللة للباعة المتجولين القادمين من القرى.",
        "وقال رئيس البلدية إن السوق سيخفف الازدحام في الشوارع القديمة ويمنح المزارعين مكاناً لائقاً للبيع.",
    )
)


def _page(body: str, head: str = "") -> str:
    return f"""<html lang="ar"><head><meta charset="utf-8"><title>{TITLE} | الوادي</title>
<meta property="og:title" content="{TITLE}">{head}</head>
<body><h1>{TITLE}</h1>{body}</body></html>"""


def _dates(html: str, tz: str | None = None, now: datetime | None = None) -> tuple[str | None, str | None]:
    """``page_dates`` as extraction calls it: metadata read first, then scripts stripped."""
    tree = lxml.html.document_fromstring(html)
    page = htmlmeta.read_meta(tree, URL)
    for el in list(tree.iter("script")):
        el.getparent().remove(el)
    published, modified = page_dates(tree, page, URL, tz=tz, now=now)
    return _iso(published), _iso(modified)


def _iso(parsed: ParsedDate | None) -> str | None:
    return parsed.iso() if parsed is not None else None


def _ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


# --- Precision ------------------------------------------------------------------------------------------


def test_a_day_without_a_time_is_a_date() -> None:
    published, _ = _dates(_page(f'<div class="story-date">8 كانون الأول 2024</div>{STORY}'), tz="Asia/Beirut")
    assert published == "2024-12-08"


@pytest.mark.parametrize(
    ("tz", "expected"), [(None, "2024-09-10T18:05:00"), ("Asia/Beirut", "2024-09-10T18:05:00+03:00")]
)
def test_a_zone_less_time_gets_the_outlets_zone_or_none(tz: str | None, expected: str) -> None:
    head = '<meta property="article:published_time" content="2024-09-10T18:05:00">'
    assert _dates(_page(STORY, head), tz=tz)[0] == expected


# --- Machine attributes -----------------------------------------------------------------------------------


def test_epoch_milliseconds_in_a_data_attribute_beat_the_day_it_shows() -> None:
    related = "".join(
        f'<a href="/news/{n}"><h3>خبر آخر رقم {n}</h3><span class="card-date" data-timestamp="{stamp}">{day} يونيو 2024</span></a>'
        for n, stamp, day in ((1, "1717923600000", 9), (2, "1717837200000", 8))
    )
    body = '<div class="meta"><span class="m_date__x1" data-timestamp="1718012400000">10 يونيو 2024</span></div>'
    published, _ = _dates(_page(body + STORY + f"<section>{related}</section>"), tz="Asia/Riyadh")
    assert published == "2024-06-10T12:40:00+03:00"


def test_epoch_seconds_without_a_zone_are_an_instant() -> None:
    body = f'<span data-published="1718012400">10 يونيو 2024</span>{STORY}'
    assert _dates(_page(body))[0] == "2024-06-10T09:40:00+00:00"


def test_time_element_datetime_attribute() -> None:
    body = f'<time datetime="2024-06-10T12:40:00+03:00">10 يونيو 2024</time>{STORY}'
    assert _dates(_page(body))[0] == "2024-06-10T12:40:00+03:00"


def test_a_timed_line_completes_a_day_only_machine_date_of_the_same_day() -> None:
    head = _ld({"@type": "NewsArticle", "headline": TITLE, "datePublished": "2024-06-10"})
    body = f'<div class="byline-date">نشر في: 10 يونيو 2024 - 03:20 م</div>{STORY}'
    assert _dates(_page(body, head), tz="Asia/Riyadh")[0] == "2024-06-10T15:20:00+03:00"


def test_a_timed_date_of_another_day_does_not_replace_the_articles_day() -> None:
    head = _ld({"@type": "NewsArticle", "headline": TITLE, "datePublished": "2024-06-10"})
    body = f'{STORY}<div class="post-time">11 يونيو 2024 - 08:00 ص</div>'
    assert _dates(_page(body, head), tz="Asia/Riyadh")[0] == "2024-06-10"


# --- Visible lines: the article's, not the top bar's, a comment's or a related story's --------------------


def test_the_articles_timed_line_beats_the_top_bars_today_and_the_comments() -> None:
    html = f"""<html><head><title>{TITLE}</title></head><body>
<table><tr><td class="TopDate">الثلاثاء 14 مايو 2024</td></tr></table>
<h1>{TITLE}</h1><table><tr><td class="NewsDate">الأحد 12 من مايو 2024 - 10:15 ص</td></tr></table>{STORY}
<table><tr><td class="CommentDate">13/05/2024 09:40 م</td></tr></table></body></html>"""
    assert _dates(html, tz="Africa/Cairo")[0] == "2024-05-12T10:15:00+03:00"


def test_a_timed_date_in_an_embedded_card_or_a_link_is_not_the_articles() -> None:
    card = (
        '<div class="embed-box"><a href="/news/5480"><time datetime="2024-09-03T09:20:00">3 أيلول 2024</time></a></div>'
    )
    body = f'<div class="story-date">10 أيلول 2024</div>{STORY}{card}<ul><li><a href="/news/5470">'
    body += '<span class="date">9 أيلول 2024 - 11:00</span></a></li></ul>'
    assert _dates(_page(body), tz="Asia/Beirut")[0] == "2024-09-10"


def test_hijri_and_gregorian_line_gives_the_gregorian_day() -> None:
    top = '<div class="top-date">الاثنين 13 ذو القعدة 1445 هـ - 20 مايو 2024</div>'
    line = '<div class="article-date">الأحد 12 ذو القعدة 1445 هـ الموافق 19 مايو 2024 - 09:30 ص</div>'
    html = f"<html><body>{top}<h1>{TITLE}</h1>{line}{STORY}</body></html>"
    assert _dates(html, tz="Asia/Riyadh")[0] == "2024-05-19T09:30:00+03:00"


def test_hijri_only_line_is_not_read() -> None:
    body = f'<div class="post-date">١٢ ذو القعدة ١٤٤٥ هـ</div>{STORY}'
    assert _dates(_page(body), tz="Asia/Riyadh")[0] is None


# --- JSON-LD graphs --------------------------------------------------------------------------------------


def test_nested_graph_and_main_entity() -> None:
    head = _ld(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "name": "الوادي"},
                {
                    "@type": "WebPage",
                    "datePublished": "2024-01-02T08:00:00+02:00",  # the page template's, not the story's
                    "mainEntity": {
                        "@type": "NewsArticle",
                        "headline": TITLE,
                        "datePublished": "2024-03-05T11:20:00+02:00",
                    },
                },
            ],
        }
    )
    assert _dates(_page(STORY, head))[0] == "2024-03-05T11:20:00+02:00"


def test_the_json_ld_article_titled_like_the_page_wins_over_others() -> None:
    head = _ld(
        [
            {"@type": "NewsArticle", "headline": "خبر قديم عن السوق", "datePublished": "2024-02-01T09:00:00+02:00"},
            {"@type": "NewsArticle", "headline": TITLE, "datePublished": "2024-03-05T11:20:00+02:00"},
        ]
    )
    assert _dates(_page(STORY, head))[0] == "2024-03-05T11:20:00+02:00"


# --- Framework state ---------------------------------------------------------------------------------------


def test_next_data_publishedat_of_the_object_holding_the_headline() -> None:
    state = {
        "props": {
            "pageProps": {
                "latest": [{"title": "خبر جانبي عن الطقس", "publishedAt": "2024-11-17T20:00:00+03:00"}],
                "article": {"title": TITLE, "publishedAt": "2024-11-18T09:30:00+03:00", "updatedAt": 1731915000000},
            }
        }
    }
    script = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state, ensure_ascii=False)}</script>'
    body = f'<span class="time">قبل 5 ساعات</span>{STORY}{script}'
    assert _dates(_page(body)) == ("2024-11-18T09:30:00+03:00", "2024-11-18T07:30:00+00:00")


def test_window_state_assignment_with_epoch_seconds() -> None:
    state = {"story": {"headline": TITLE, "firstPublished": 1718012400}}
    script = f"<script>window.__INITIAL_STATE__ = {json.dumps(state, ensure_ascii=False)};window.x=1;</script>"
    assert _dates(_page(STORY + script), tz="Asia/Riyadh")[0] == "2024-06-10T12:40:00+03:00"


def test_state_that_is_not_json_is_skipped() -> None:
    script = '<script>window.__NUXT__=(function(a){return {date:a}}("2024-06-10"));</script>'
    tree = lxml.html.document_fromstring(_page(STORY + script))
    assert htmlmeta.read_meta(tree, URL).state == []


# --- Legacy encodings and htmldate's guesses ----------------------------------------------------------------


def test_windows_1256_page_date_is_read_after_decoding() -> None:
    html = _page(f'<div class="date">نشر في: 12 من مايو 2024 - 10:15 ص</div>{STORY}<p>© 2024 الوادي</p>')
    article = extract_article(html.replace("utf-8", "windows-1256").encode("cp1256"), URL, ExtractOptions())
    assert article.published_at == "2024-05-12T10:15:00"


def test_a_copyright_year_is_no_date() -> None:
    html = _page(f"{STORY}<footer>جميع الحقوق محفوظة © 2024 الوادي</footer>")
    article = extract_article(html.replace("utf-8", "windows-1256").encode("cp1256"), URL, ExtractOptions())
    assert article.published_at is None  # not 2024-01-01


def test_future_state_dates_are_refused() -> None:
    state = {"article": {"title": TITLE, "publishedAt": "2031-01-01T00:00:00+00:00"}}
    script = f'<script type="application/json">{json.dumps(state, ensure_ascii=False)}</script>'
    assert _dates(_page(STORY + script), now=datetime(2024, 6, 1, tzinfo=UTC))[0] is None


def test_untitled_state_is_not_read() -> None:
    state = {"session": {"createdAt": "2024-11-18T09:30:00+03:00"}}
    script = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script>'
    assert _dates(_page(STORY + script))[0] is None


def test_state_of_another_title_yields_to_the_date_line() -> None:
    state = {"teasers": [{"title": "خبر جانبي عن الطقس", "publishedAt": "2024-11-17T20:00:00+03:00"}]}
    script = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state, ensure_ascii=False)}</script>'
    body = f'<div class="post-date">18 نوفمبر 2024 - 09:30 ص</div>{STORY}{script}'
    assert _dates(_page(body), tz="Asia/Amman")[0] == "2024-11-18T09:30:00+03:00"
    assert _dates(_page(STORY + script), tz="Asia/Amman")[0] == "2024-11-17T20:00:00+03:00"  # better than none
