"""Rules for pages of outlets the corpus does not hold: soft-404 and utility pages, trailing notes and
credit lines, comment boxes, and bylines written as text or naming several people. Pages written here."""

from __future__ import annotations

import pytest

from crawler.extraction.bodylines import is_newsletter_promo, split_trailer
from crawler.extraction.credits import credit_line
from crawler.extraction.extract import NotAnArticle, extract_article

URL = "https://wadi.example/news/2025/3/4/story"
HEADLINE = "افتتاح جسر جديد يربط ضفتي الوادي بعد ثلاث سنوات من الأشغال"
PARAGRAPHS = [
    "افتتح محافظ الإقليم صباح اليوم الجسر الجديد الذي يربط ضفتي الوادي بطول يبلغ أربعمئة متر وعرض ثلاثة مسارات.",
    "وقال المحافظ في كلمة بالمناسبة إن الجسر سيختصر زمن التنقل بين البلدتين من ساعة كاملة إلى عشر دقائق فقط.",
    "وأوضح مدير الأشغال أن المشروع تأخر عامًا بسبب الفيضانات التي ضربت المنطقة قبل موسمين وأتلفت جزءًا من المعدات.",
    "ويتوقع سكان البلدتين أن ينعش الجسر الأسواق الأسبوعية التي كانت تعاني من صعوبة وصول التجار في فصل الشتاء.",
]


def _page(body: str, *, head: str = "", byline: str = "", title: str = HEADLINE, h1: str = HEADLINE) -> bytes:
    return (
        f'<html lang="ar"><head><meta charset="utf-8"><title>{title} | وادي نيوز</title>'
        '<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="2025-03-04T10:00:00+01:00">{head}</head>'
        f'<body><main><h1>{h1}</h1>{byline}<div class="story">{body}</div></main></body></html>'
    ).encode()


def _paragraphs(items: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in items)


# --- soft-404 and utility pages ---


def test_a_soft_404_in_the_article_template_is_refused() -> None:
    body = "<p>ربما تم نقل الرابط أو حذفه، يمكنك البحث في الموقع أو العودة إلى الصفحة الرئيسية لمتابعة آخر الأخبار.</p>"
    html = _page(body, title="الصفحة غير موجودة", h1="عذرا، لم نتمكن من العثور على الصفحة المطلوبة")
    with pytest.raises(NotAnArticle) as exc:
        extract_article(html, URL)
    assert exc.value.reason == "not_found_page"


@pytest.mark.parametrize(
    ("head", "h1"),
    [
        ("", "مواقيت الصلاة"),
        ('<script type="application/ld+json">{"@type": "RadioStation", "name": "إذاعة الوادي"}</script>', "استمع الآن"),
    ],
)
def test_a_utility_page_with_a_prose_line_is_refused(head: str, h1: str) -> None:
    body = "<p>تابعوا برامج الإذاعة على مدار اليوم مع نشرات الأخبار كل ساعة والبرامج الحوارية المسائية مع نخبة من الضيوف.</p>"
    with pytest.raises(NotAnArticle) as exc:
        extract_article(_page(body, head=head, title=h1, h1=h1), URL)
    assert exc.value.reason == "utility_page"


def test_a_short_breaking_item_is_kept() -> None:
    article = extract_article(_page(_paragraphs(PARAGRAPHS[:2])), URL)
    assert article.headline == HEADLINE and PARAGRAPHS[1] in article.body


# --- trailing notes, credit lines, newsletter promos, comment boxes ---


def test_trailing_notes_leave_the_body_and_agencies_become_credits() -> None:
    trailer = [
        "*نقله إلى العربية: رامي حداد",
        "الأخبار المنشورة على موقعنا جزء من الخدمة التي نقدمها للمشتركين، للاستفسار اتصلوا بنا بخصوص الاشتراك.",
        "وادي نيوز/ رويترز",
    ]
    article = extract_article(_page(_paragraphs(PARAGRAPHS + trailer)), URL)
    assert article.body.endswith(PARAGRAPHS[-1])
    assert "رويترز" in article.credits


def test_a_source_line_ends_up_in_credits() -> None:
    body, credits = split_trailer("\n\n".join([*PARAGRAPHS, "المصدر: وكالات"]))
    assert body == "\n\n".join(PARAGRAPHS) and credits == ["وكالات"]


def test_translator_words_inside_the_story_stay() -> None:
    story = [
        *PARAGRAPHS,
        "ترجمة: نال الكتاب جائزة أفضل عمل مترجم إلى العربية لهذا العام بإجماع أعضاء لجنة التحكيم كلهم.",
    ]
    assert split_trailer("\n\n".join(story))[0].endswith("لجنة التحكيم كلهم.")


@pytest.mark.parametrize(
    ("line", "credits"),
    [("قناة الوادي/ أ ف ب", ["أ ف ب"]), ("(رويترز)", ["رويترز"]), ("وقال إن رويترز نقلت الخبر / أمس", None)],
)
def test_credit_lines(line: str, credits: list[str] | None) -> None:
    assert credit_line(line) == credits


def test_a_newsletter_promo_between_paragraphs_is_dropped() -> None:
    promo = "النشرة اليومية: تلقوا أبرز أخبار الوادي في بريدكم كل مساء"
    assert is_newsletter_promo(promo) and not is_newsletter_promo(PARAGRAPHS[0])
    article = extract_article(_page(_paragraphs([*PARAGRAPHS[:2], promo, *PARAGRAPHS[2:]])), URL)
    assert promo not in article.body and PARAGRAPHS[2] in article.body


@pytest.mark.parametrize("klass", ["x-comments", "plain"])
def test_readers_comments_after_the_body_are_dropped(klass: str) -> None:
    comment = "قصة جميلة ومفيدة، شكرا للمراسل على هذه التغطية الميدانية للمشروع الذي طال انتظاره."
    box = f'<section class="{klass}"><h3>تعليقات (1)</h3><div><b>زائر</b><p>{comment}</p></div></section>'
    article = extract_article(_page(_paragraphs(PARAGRAPHS) + box), URL)
    assert comment not in article.body and PARAGRAPHS[-1] in article.body


# --- bylines ---


def _ld(name: str) -> str:
    return f'<script type="application/ld+json">{{"@type": "NewsArticle", "author": {{"@type": "Person", "name": "{name}"}}}}</script>'


def test_the_full_shown_name_wins_over_a_shortened_declared_one() -> None:
    byline = '<div class="writer"><a href="/w/1">د. سامي بن خالد النجار</a></div>'
    article = extract_article(_page(_paragraphs(PARAGRAPHS), head=_ld("سامي النجار"), byline=byline), URL)
    assert article.authors == ["د. سامي بن خالد النجار"]


def test_a_photographer_beside_the_writer_is_credited() -> None:
    byline = (
        '<div class="info"><div class="author">كتبت- هالة فؤاد</div><div class="author">تصوير- ماهر سليم</div></div>'
    )
    article = extract_article(_page(_paragraphs(PARAGRAPHS), head=_ld("هالة فؤاد"), byline=byline), URL)
    assert article.authors == ["هالة فؤاد", "ماهر سليم"]


def test_a_labelled_declared_name_is_not_replaced() -> None:
    byline = '<span class="author"><span>صورة:</span> <a href="/a/2">هالة فؤاد</a></span>'
    article = extract_article(_page(_paragraphs(PARAGRAPHS), head=_ld("هالة فؤاد"), byline=byline), URL)
    assert article.authors == ["هالة فؤاد"]


@pytest.mark.parametrize(
    "byline",
    [
        '<div class="authors"><a href="/a/1">نادر سعيد</a><span> - </span><a href="/a/2">ليال عيسى</a></div>',
        '<div class="writers"><span>نادر سعيد (صيدا)</span>، <span>ليال عيسى (صور)</span></div>',
    ],
)
def test_several_writers_in_one_byline(byline: str) -> None:
    article = extract_article(_page(_paragraphs(PARAGRAPHS), byline=byline), URL)
    assert article.authors == ["نادر سعيد", "ليال عيسى"]


def test_a_written_byline_line_with_a_date() -> None:
    byline = "<table><tr><td>كتب: عادل منصور&nbsp;&nbsp;&nbsp;الخميس 06-03-2025 10:15 | آخر تحديث</td></tr></table>"
    article = extract_article(_page(_paragraphs(PARAGRAPHS), byline=byline), URL)
    assert article.authors == ["عادل منصور"]


def test_writers_named_in_an_agency_dateline() -> None:
    body = "<h6>إزمير/ نور يلماز، عمر كايا/ رويترز</h6>" + _paragraphs(PARAGRAPHS)
    article = extract_article(_page(body), URL)
    assert article.authors == ["نور يلماز", "عمر كايا"]
