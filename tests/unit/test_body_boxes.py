"""Boxes inside the body container that are not the article's prose: pull-quotes repeating a sentence
of the body (with their attribution line), calls to fund the outlet, and photo-credit lines naming the
picture («صورة الغلاف: …»). ``crawler.extraction.body_boxes`` and ``crawler.extraction.boilerplate``.
"""

from __future__ import annotations

import pytest

from crawler.extraction.body_boxes import is_support_call
from crawler.extraction.boilerplate import is_photo_credit
from crawler.extraction.extract import extract_article

URL = "https://sahra.example/reports/4410"
TITLE = "مزارعو الواحة يعودون إلى الري بالتنقيط بعد موسم جاف"
FIRST = "عاد مزارعو الواحة هذا الموسم إلى الري بالتنقيط بعد أن جفت ثلاث آبار قديمة في الجهة الشمالية."
SAID = (
    "وقال المهندس الزراعي نبيل الساعدي إن «الماء الذي نوفره اليوم هو ما سيسقي النخيل بعد عشر سنوات»،"
    " مضيفاً أن الجمعية ستوزع الأنابيب مجاناً على صغار المزارعين."
)
LAST = "وتأمل الجمعية أن تغطي الشبكة الجديدة نصف بساتين الواحة قبل حلول الصيف المقبل."
STORY = f"<p>{FIRST}</p><p>{SAID}</p>{{box}}<p>{LAST}</p>"


def _body(box: str) -> str:
    html = f"""<html lang="ar"><head><title>{TITLE}</title><meta property="og:type" content="article"></head>
<body><article><h1>{TITLE}</h1><div class="entry-content">{STORY.format(box=box)}</div></article></body></html>"""
    return extract_article(html.encode(), URL).body


# --- Pull-quotes --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "box",
    [
        '<blockquote class="wp-block-quote is-style-large"><p>«الماء الذي نوفره اليوم هو ما سيسقي النخيل بعد'
        " عشر سنوات»</p><cite>نبيل الساعدي، مهندس زراعي</cite></blockquote>",
        '<div class="story-quote quote--big"><span>"الماء الذي نوفره اليوم هو ما سيسقي النخيل بعد عشر سنوات"</span>'
        "<footer>نبيل الساعدي</footer></div>",
    ],
    ids=["blockquote-with-cite", "quote-box-with-footer"],
)
def test_a_pull_quote_repeating_the_body_goes_with_its_attribution(box: str) -> None:
    body = _body(box)
    assert body.count("الماء الذي نوفره اليوم") == 1
    assert "مهندس زراعي" not in body and "نبيل الساعدي\n" not in body
    assert body.startswith(FIRST[:30]) and body.endswith(LAST)


def test_a_quotation_the_body_does_not_give_is_kept() -> None:
    quote = "لم نر موسماً بهذا الجفاف منذ أن ورثنا هذه البساتين عن آبائنا وأجدادنا"
    body = _body(f"<blockquote><p>«{quote}»</p><cite>أحد المزارعين</cite></blockquote>")
    assert quote in body


# --- Calls to fund the outlet ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "ساعدنا في الاستمرار بالصحافة المستقلة. ادعم «الصحراء» بالتبرع الشهري.",
        "ساهموا في استمرار صحافتنا المستقلة عبر اشتراك شهري بسيط.",
        "تبرعوا الآن: دعمكم يبقي غرفة الأخبار مفتوحة.",
    ],
)
def test_a_call_to_fund_the_outlet_is_not_body(line: str) -> None:
    assert is_support_call(line)
    body = _body(f'<div class="note-box"><p class="note">{line}</p></div>')
    assert line[:20] not in body and body.endswith(LAST)


@pytest.mark.parametrize(
    "line",
    [
        "ودعا رئيس الجمعية المزارعين إلى التبرع بجزء من محصولهم لصالح الأسر المحتاجة في القرى المجاورة.",
        "وقررت الوزارة أن تدعم المزارعين بقروض ميسرة تسدد على خمس سنوات دون فوائد.",
    ],
)
def test_news_about_donations_is_not_a_call(line: str) -> None:
    assert not is_support_call(line)
    assert line in _body(f"<p>{line}</p>")


# --- Photo credits naming the picture ------------------------------------------------------------------


@pytest.mark.parametrize(
    "line", ["صورة الغلاف: سوق التمور في الواحة.", "الصورة الرئيسية: بستان نخيل (أرشيف)", "حقوق الصورة: الجمعية"]
)
def test_a_credit_line_naming_the_picture_is_dropped_like_other_photo_credits(line: str) -> None:
    assert is_photo_credit(line)
    body = _body(f"<hr><p><em>{line}</em></p>")
    assert line[:12] not in body


def test_a_sentence_about_a_picture_is_body() -> None:
    line = "صورة الواحة في أذهان الزوار تغيرت كثيراً: لم تعد البساتين خضراء كما كانت قبل عشرين عاماً."
    assert not is_photo_credit(line)
    assert line in _body(f"<p>{line}</p>")
