"""Bylines and service pages of templates the corpus does not hold: datelines that name the writer after
the place, sign-offs after the last paragraph, a bare name on the date line, metadata outranked by the
shown byline, and headlines made of service names only. Pages written here."""

from __future__ import annotations

import json

import lxml.html
import pytest

from crawler.extraction.bylines import clean_author, find_authors
from crawler.extraction.extract import NotAnArticle, extract_article
from crawler.extraction.htmlmeta import read_meta

URL = "https://nahr.example/local/2025/10/14/market"
HEADLINE = "سوق الخضار القديم يعود إلى العمل بعد ترميم استمر عامين"
PARAGRAPHS = [
    "عاد سوق الخضار القديم في وسط المدينة إلى استقبال الباعة والزبائن صباح اليوم بعد أعمال ترميم شملت السقف والأرضيات.",
    "وقال رئيس البلدية إن الترميم حافظ على الأقواس الحجرية التي بنيت قبل قرن، وأضاف ممرات جديدة لعربات الباعة الصغيرة.",
    "وأعرب باعة عن ارتياحهم للعودة بعد عامين قضوها على أرصفة الشوارع المجاورة في الحر والبرد دون أي مظلة تحميهم.",
    "وتخطط البلدية لافتتاح موقف للسيارات بجوار السوق مطلع العام المقبل لتخفيف الازدحام في الشوارع الضيقة المحيطة به.",
]


def _page(story: str, *, head: str = "", under_headline: str = "", h1: str = HEADLINE, after: str = "") -> bytes:
    return (
        f'<html lang="ar"><head><meta charset="utf-8"><title>{h1}</title>'
        '<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="2025-10-14T09:00:00+03:00">{head}</head>'
        f'<body><main><article><h1>{h1}</h1>{under_headline}<div class="story">{story}</div>{after}</article>'
        "</main></body></html>"
    ).encode()


def _paragraphs(items: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in items)


def _ld_author(name: str) -> str:
    ld = {"@type": "NewsArticle", "headline": HEADLINE, "author": {"@type": "Person", "name": name}}
    return f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'


# --- what a name is ---


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("حمص - سليم الخطيب", "سليم الخطيب"),  # a dateline: the place, then the writer
        ("صفاقس «النهار» هالة بن صالح", "هالة بن صالح"),  # the paper's name in guillemets between them
        ("طنجة - موقع النهر: كمال الودغيري", "كمال الودغيري"),  # the outlet before a colon
        ("يوسف م.", "يوسف م."),  # an abbreviated surname keeps its dot
    ],
)
def test_a_name_is_read_out_of_a_dateline_and_keeps_its_initial(raw: str, expected: str) -> None:
    assert clean_author(raw, ("النهر",)) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "حماة",  # a place alone
        "nahr-editor",  # a CMS login
        "webdesk_2",
        "يكتب في الصحافة الثقافية منذ عشرين عاما",  # a bio's clause
        "وهو أستاذ للتاريخ الحديث",
        "متابعات",  # a desk's label: reports compiled from elsewhere
        "خاص",  # «exclusive»: the outlet's own label, no person
    ],
)
def test_places_logins_and_sentences_are_no_names(raw: str) -> None:
    assert clean_author(raw) is None


# --- which evidence outranks which ---


def _authors(html: bytes) -> list[str]:
    tree = lxml.html.document_fromstring(html)
    return find_authors(tree, read_meta(tree, URL))


def test_an_arabic_byline_outranks_latin_script_metadata() -> None:
    html = _page(
        _paragraphs(PARAGRAPHS),
        head='<meta name="author" content="Hala Ben Salah">',
        under_headline='<div class="article-byline">تقرير: هالة بن صالح</div>',
    )
    assert _authors(html) == ["هالة بن صالح"]


def test_a_declared_author_quoted_in_the_story_yields_to_the_shown_byline() -> None:
    quoted = "وقالت المهندسة سعاد القاسمي إن الأعمال انتهت قبل موعدها بشهر."
    html = _page(
        _paragraphs([*PARAGRAPHS, quoted]),
        head=_ld_author("سعاد القاسمي"),
        under_headline='<div class="byline"><a class="author" href="/authors/1">رامي العطار</a></div>',
    )
    assert _authors(html) == ["رامي العطار"]


def test_a_declared_author_who_is_not_quoted_keeps_precedence() -> None:
    html = _page(
        _paragraphs(PARAGRAPHS),
        head=_ld_author("سعاد القاسمي"),
        under_headline='<div class="byline"><a class="author" href="/authors/1">رامي العطار</a></div>',
    )
    assert _authors(html) == ["سعاد القاسمي"]


def test_a_bio_and_commenters_name_no_writer() -> None:
    after = (
        '<div class="author-box"><p class="author-bio">رامي العطار صحافي، يكتب في الشؤون البلدية، وله كتاب (2021).</p></div>'
        '<ol id="comments"><li><div class="comment-author">جار السوق</div><p>أخيرا عاد السوق.</p></li></ol>'
    )
    html = _page(_paragraphs(PARAGRAPHS), under_headline='<span class="author">رامي العطار</span>', after=after)
    assert _authors(html) == ["رامي العطار"]


# --- bylines written as text ---


def test_a_dateline_paragraph_names_the_writer_and_leaves_the_body() -> None:
    article = extract_article(_page("<p><strong>حمص - سليم الخطيب</strong></p>" + _paragraphs(PARAGRAPHS)), URL)
    assert article.authors == ["سليم الخطيب"]
    assert "سليم الخطيب" not in article.body


def test_an_agency_dateline_names_no_writer() -> None:
    article = extract_article(_page("<p>حمص - الوكالة</p>" + _paragraphs(PARAGRAPHS)), URL)
    assert article.authors == []


@pytest.mark.parametrize(
    ("signoff", "expected"),
    [("<p>هالة بن صالح</p>", ["هالة بن صالح"]), ("<p><i>نص وتصوير: كمال الودغيري</i></p>", ["كمال الودغيري"])],
)
def test_a_signoff_after_the_last_paragraph_names_the_writer(signoff: str, expected: list[str]) -> None:
    article = extract_article(_page(_paragraphs(PARAGRAPHS) + signoff), URL)
    assert article.authors == expected
    assert article.body.endswith(PARAGRAPHS[-1])


@pytest.mark.parametrize(
    "last", ["<p>تصوير: كمال الودغيري</p>", "<p><strong>اقرأ أيضاً</strong></p>", "<p>شاهد الفيديو</p>"]
)
def test_a_photographer_or_a_label_signs_off_no_writer(last: str) -> None:
    article = extract_article(_page(_paragraphs(PARAGRAPHS) + last), URL)
    assert article.authors == []


def test_the_bare_name_on_the_date_line_is_the_writer() -> None:
    line = '<div class="meta"><time datetime="2025-10-14">14 أكتوبر 2025</time> · <span>4 دقائق</span> · <span>هالة بن صالح</span></div>'
    article = extract_article(_page(_paragraphs(PARAGRAPHS), under_headline=line), URL)
    assert article.authors == ["هالة بن صالح"]


@pytest.mark.parametrize(
    "item",
    ['<span class="copy-short-url" data-url="https://nahr.example/s/1">نسخ الوصلة</span>', "<span>آخر تحديث</span>"],
)
def test_a_button_or_a_label_on_the_date_line_is_no_writer(item: str) -> None:
    line = f'<div class="meta">{item} <time datetime="2025-10-14">14 أكتوبر 2025</time></div>'

    article = extract_article(_page(_paragraphs(PARAGRAPHS), under_headline=line), URL)
    assert article.authors == []


# --- service pages with longer headlines ---

FORECAST = (
    "<p>تتأثر البلاد اليوم بامتداد منخفض جوي يرافقه هواء بارد، فتكون الأجواء غائمة جزئيا مع فرصة لهطول زخات "
    "خفيفة من المطر على المرتفعات الشمالية، وتنشط الرياح الغربية على السواحل، وتنصح الهيئة بالحذر عند القيادة "
    "في الساعات الأولى من الصباح بسبب الضباب، كما تنصح الصيادين بعدم الإبحار حتى مساء الغد.</p>"
    "<table><tr><td>حمص</td><td>18</td></tr><tr><td>حماة</td><td>20</td></tr></table>"
    "<table><tr><td>الفجر</td><td>05:01</td></tr><tr><td>الظهر</td><td>11:52</td></tr></table>"
)


@pytest.mark.parametrize(
    "h1", ["الطقس ومواقيت الصلاة اليوم في سلطنة عمان", "أسعار العملات وحالة الطقس اليوم الثلاثاء في جميع المدن"]
)
def test_a_headline_of_service_names_over_a_forecast_is_refused(h1: str) -> None:
    with pytest.raises(NotAnArticle) as exc:
        extract_article(_page(FORECAST, h1=h1), URL)
    assert exc.value.reason == "utility_page"


def test_a_storm_story_is_kept() -> None:
    h1 = "عاصفة رملية تغلق الطرق الصحراوية وتعطل الرحلات في مطار المدينة"
    assert extract_article(_page(FORECAST + _paragraphs(PARAGRAPHS), h1=h1), URL).headline == h1


def test_a_service_headline_over_a_story_is_kept() -> None:
    h1 = "حالة الطقس في حمص"
    story = _paragraphs([p + " وتستمر موجة البرد حتى نهاية الأسبوع بحسب الأرصاد." for p in PARAGRAPHS])
    assert extract_article(_page(story, h1=h1), URL).headline == h1
