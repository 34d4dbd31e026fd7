"""Bylines: people's names from byline strings and pages; outlets, agencies, desks and logos rejected."""

from __future__ import annotations

import json

import lxml.html
import pytest

from crawler.extraction.bylines import byline_candidates, byline_elements, clean_author, find_authors, split_authors
from crawler.extraction.credits import agency_credits
from crawler.extraction.htmlmeta import read_meta

URL = "https://alhadath-alyawm.example/news/2026/11/17/budget"
SITE_NAMES = ("الحدث اليوم", "Al Hadath Alyawm")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("كتب: سامر الحلبي", "سامر الحلبي"),
        ("كتبت: ريم العبدالله", "ريم العبدالله"),
        ("كتب - سامر الحلبي", "سامر الحلبي"),
        ("حاوره: فهد الراشد", "فهد الراشد"),
        ("تحقيق: منصور العبسي", "منصور العبسي"),
        ("Author, ريما الخوري", "ريما الخوري"),
        ("بقلم ليلى منصور - عمّان", "ليلى منصور"),
        ("بقلم: د. خالد عبد الرحيم", "د. خالد عبد الرحيم"),
        ("إعداد: نور الهدى يوسف", "نور الهدى يوسف"),
        ("متابعة: حسام أبو العلا", "حسام أبو العلا"),
        ("ترجمة: منى الشريف", "منى الشريف"),
        ("حسام أبو العلا - القاهرة", "حسام أبو العلا"),
        ("ليلى منصور، عمّان", "ليلى منصور"),
        ("طارق الزين | بيروت", "طارق الزين"),
        ("By Karim Haddad", "Karim Haddad"),
        ("  \u200fسامر\u00a0الحلبي\u200f  ", "سامر الحلبي"),
        ("سامر الحلـــبي", "سامر الحلبي"),
        ("عبد الله بن فهد الشهري", "عبد الله بن فهد الشهري"),
    ],
)
def test_clean_author_keeps_the_name(raw: str, expected: str) -> None:
    assert clean_author(raw, SITE_NAMES) == expected


@pytest.mark.parametrize(
    "raw",
    [
        # The outlet itself (as configured, and spelled differently).
        "الحدث اليوم",
        "الحدث  اليومـ",
        "al hadath alyawm",
        "بوابة الحدث",
        "صحيفة الحدث اليوم",
        "سكاي نيوز عربية",
        # URLs, handles and addresses.
        "https://alhadath-alyawm.example/author/samer",
        "www.alhadath-alyawm.example",
        "alhadath-alyawm.com",
        "@alhadath_alyawm",
        "desk@alhadath-alyawm.example",
        # Agencies.
        "وكالات",
        "رويترز",
        "Reuters",
        "الأناضول",
        "وكالة الأنباء الفرنسية",
        "فرانس برس",
        "أ ف ب",
        "أ.ف.ب",
        "AFP",
        # Desks and staff labels.
        "فريق التحرير",
        "هيئة التحرير",
        "المحرر",
        "محرر الموقع",
        "قسم الأخبار",
        "مراسل الحدث",
        "Editorial Team",
        "admin",
        # Logo alt text and image file names.
        "شعار الموقع",
        "شعار الحدث اليوم",
        "Al Hadath logo",
        "logo-alhadath.png",
        # Datelines and source notes in brackets, numbers, over-long text, nothing.
        "(أبوظبي - الحدث)",
        "«خاص»",
        "2026-11-17",
        "سامر الحلبي 17 نوفمبر",
        "قال وزير المالية في مؤتمر صحفي عقده صباح اليوم إن الموازنة ستقر",
        "",
        "   ",
        "كتب:",
    ],
)
def test_clean_author_rejects_what_is_not_a_person(raw: str) -> None:
    assert clean_author(raw, SITE_NAMES) is None


def _page(head: str = "", body: str = "") -> str:
    return (
        f'<html lang="ar" dir="rtl"><head><meta charset="utf-8">{head}</head>'
        f"<body><h1>الحكومة تقر الموازنة</h1>{body}<p>نص الخبر.</p></body></html>"
    )


def _ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj, ensure_ascii=False)}</script>'


def _authors(html: str) -> list[str]:
    tree = lxml.html.fromstring(html)
    return find_authors(tree, read_meta(tree, URL), SITE_NAMES)


def test_jsonld_persons_come_first() -> None:
    ld = _ld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "author": [
                {"@type": "Person", "name": "سامر الحلبي"},
                {"@type": "Organization", "name": "الحدث اليوم"},
                {"name": "ليلى منصور"},
            ],
        }
    )
    html = _page(
        ld + '<meta name="author" content="نور الهدى يوسف">',
        '<span class="byline">كتب: طارق الزين</span>',
    )
    assert _authors(html) == ["سامر الحلبي", "ليلى منصور"]


def test_jsonld_in_a_graph_and_a_plain_string_author() -> None:
    ld = _ld(
        {
            "@context": "https://schema.org",
            "@graph": [{"@type": "WebSite"}, {"@type": "Article", "author": "بقلم ريم العبدالله"}],
        }
    )
    assert _authors(_page(ld)) == ["ريم العبدالله"]


def test_meta_author_when_jsonld_names_only_the_outlet() -> None:
    ld = _ld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "الحدث اليوم"}})
    html = _page(
        ld + '<meta name="author" content="كتب: سامر الحلبي"><meta property="article:author" content="سامر الحلبي">'
    )
    assert _authors(html) == ["سامر الحلبي"]


def test_byline_element_when_metadata_names_no_person() -> None:
    head = '<meta name="author" content="الحدث اليوم"><meta property="article:author" content="https://facebook.com/alhadath">'
    body = (
        '<div class="post-meta"><span class="article-author">'
        '<img src="/img/authors/leila.jpg" alt="شعار الحدث اليوم"> بقلم ليلى منصور - عمّان</span></div>'
    )
    assert _authors(_page(head, body)) == ["ليلى منصور"]


def test_byline_by_rel_and_itemprop() -> None:
    body = (
        '<p>كتب: <a rel="author" href="/writers/samer">سامر الحلبي</a></p>'
        '<div itemprop="author"><span>ليلى منصور</span></div>'
    )
    assert _authors(_page(body=body)) == ["سامر الحلبي", "ليلى منصور"]


def test_duplicate_names_are_listed_once() -> None:
    head = '<meta name="author" content="سامر الحلبي"><meta name="author" content="سامر الحلبـي">'
    assert _authors(_page(head)) == ["سامر الحلبي"]


def test_no_author_anywhere() -> None:
    body = '<div class="author-box"><img src="/logo.png" alt="شعار الموقع"></div><span class="byline">وكالات</span>'
    assert _authors(_page(body=body)) == []


def test_byline_elements_ignores_long_blocks() -> None:
    long_text = "نص طويل " * 30
    html = _page(body=f'<span class="author">سامر الحلبي</span><div class="author-bio">{long_text}</div>')
    found = byline_elements(lxml.html.fromstring(html))
    assert [el.text_content() for el in found] == ["سامر الحلبي"]


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/Editors/EditorNews/412/1/سامر-الحلبي", []),  # the uploader's page on the web desk
        ("https://alhadath-alyawm.example/editor/samer", []),
        ("/author/samer-halabi", ["سامر الحلبي"]),  # a writer's page
        ("/kottab/212", ["سامر الحلبي"]),
    ],
)
def test_names_linked_to_an_editors_page_are_uploaders_not_authors(href: str, expected: list[str]) -> None:
    html = f"""<html><body><h1>عنوان الخبر</h1>
    <div class="post-meta-author"><i class="fa fa-user"></i><a href="{href}" title="سامر الحلبي">
    <h5>سامر الحلبي</h5></a></div><p>نص الخبر.</p></body></html>"""
    tree = lxml.html.document_fromstring(html)
    assert find_authors(tree, read_meta(tree, URL), SITE_NAMES) == expected


@pytest.mark.parametrize(
    ("byline", "credits"),
    [
        ("كتب: وكالات", ["وكالات"]),
        ("رويترز - القاهرة", ["رويترز"]),
        ("بقلم: فرانس برس", ["فرانس برس"]),
        ("سامر الحلبي", []),
        ("وامق الحسيني", []),  # «وام» inside a name is not the agency
    ],
)
def test_agencies_in_the_byline_slot_are_credits_not_authors(byline: str, credits: list[str]) -> None:
    html = _page("", f'<div class="byline">{byline}</div>')
    tree = lxml.html.document_fromstring(html)
    page = read_meta(tree, URL)
    assert agency_credits(byline_candidates(tree, page)) == credits
    if credits:
        assert find_authors(tree, page, SITE_NAMES) == []


@pytest.mark.parametrize(
    ("byline", "people"),
    [
        ("سارة الكندي وخالد العامري", ["سارة الكندي", "خالد العامري"]),
        ("سارة الكندي و خالد العامري", ["سارة الكندي", "خالد العامري"]),
        ("منى حداد ووليد شاهين", ["منى حداد", "وليد شاهين"]),
        ("محمد وليد الأحمد", ["محمد وليد الأحمد"]),  # «وليد» is a name, not «و» + «ليد»
        ("عبد الله وائل", ["عبد الله وائل"]),
        ("سارة الكندي", ["سارة الكندي"]),
    ],
)
def test_a_shared_byline_is_split_into_people(byline: str, people: list[str]) -> None:
    assert split_authors(byline) == people


def _authors(html: str) -> list[str]:
    tree = lxml.html.document_fromstring(html)
    page = read_meta(tree, URL)
    for el in list(tree.iter("script")):
        el.drop_tree()
    return find_authors(tree, page, SITE_NAMES)


def test_a_labelled_byline_region_gives_its_people_not_its_label() -> None:
    html = (
        '<html><body><h1>عنوان</h1><section aria-labelledby="article-byline"><strong id="article-byline">'
        "Article information</strong><ul><li><span>Author,</span> <span>ريما الخوري وسامي عيد</span></li>"
        "<li><span>Role,</span> <span>الحدث اليوم</span></li><li><time>3 مارس 2026</time></li></ul></section>"
        "</body></html>"
    )
    assert _authors(html) == ["ريما الخوري", "سامي عيد"]


def test_authors_in_framework_state_come_from_the_pages_own_story() -> None:
    state = {
        "props": {
            "pageProps": {
                "related": [{"title": "خبر آخر", "author": {"name": "كاتب آخر"}}],
                "article": {"title": "افتتاح الجسر الجديد", "author": {"id": 7, "name": "هالة النجار"}},
            }
        }
    }
    html = (
        '<html><head><meta property="og:title" content="افتتاح الجسر الجديد | الحدث اليوم">'
        f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state, ensure_ascii=False)}</script>'
        "</head><body><h1>افتتاح الجسر الجديد</h1><p>نص</p></body></html>"
    )
    assert _authors(html) == ["هالة النجار"]


def test_yoast_graph_lists_the_webpage_first_and_references_the_author_by_id() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "@id": "https://x.example/a#webpage", "name": "افتتاح الجسر"},
            {"@type": "NewsArticle", "headline": "افتتاح الجسر", "author": {"@id": "https://x.example/#/person/7"}},
            {"@type": "Person", "@id": "https://x.example/#/person/7", "name": "هالة النجار"},
        ],
    }
    html = (
        f'<html><head><script type="application/ld+json">{json.dumps(graph, ensure_ascii=False)}</script></head>'
        "<body><h1>افتتاح الجسر</h1><p>نص</p></body></html>"
    )
    assert _authors(html) == ["هالة النجار"]


def test_bylines_of_other_stories_and_of_forms_are_not_the_articles() -> None:
    html = (
        '<html><body><article class="post"><h1>افتتاح الجسر الجديد</h1><div class="meta-author">كتب: هالة النجار</div>'
        "<p>نص الخبر</p></article>"
        '<aside><div class="post-author">كتب: سامي عيد</div></aside>'
        '<div class="widget-posts"><span class="cat-post-author"><a rel="author" href="/a/9">ريم داود</a></span></div>'
        '<div class="most-viewed"><article class="teaser"><h3><a href="/n/2">خبر آخر</a></h3>'
        '<div class="meta-author">كتب: ماهر سليم</div></article></div>'
        '<form><p class="comment-form-author"><label>الاسم *</label><input name="author"></p></form>'
        "</body></html>"
    )
    assert _authors(html) == ["هالة النجار"]
