"""Fact boxes and comment-form calls are boilerplate (``crawler.extraction.boilerplate``).

A «بالأرقام» box lists figures the story already gives in its prose: a monitoring team searching the
body would find each figure twice, once without its context. The box is cut, the prose keeps them.
"""

from __future__ import annotations

import pytest

from crawler.extraction.boilerplate import class_names, is_comment_policy
from crawler.extraction.extract import extract_article

URL = "https://wahat.example/investigations/918"
TITLE = "أسر تنتظر قروض السكن منذ أكثر من عشر سنوات"
STORY = "".join(
    f"<p>{p}</p>"
    for p in (
        "تنتظر آلاف الأسر في المحافظة قروض السكن منذ أكثر من عشر سنوات، فيما ترتفع الإيجارات كل عام.",
        "ويدفع سالم، وهو موظف حكومي، مئتي دينار شهرياً بدل إيجار شقة من غرفتين في حي قديم شرق المدينة.",
        "وتقول الهيئة المختصة إن قيمة القرض الواحد ارتفعت إلى ثمانين ألف دينار، لكن الميزانية لم تتغير.",
        "ويطالب نواب بزيادة المخصصات وتسريع صرف القروض للأسر التي قدمت طلباتها قبل عام 2012.",
    )
)
FIGURES = "<ul><li>200 دينار: الإيجار الشهري</li><li>2012: سنة تقديم الطلب</li></ul>"


def _page(box: str) -> bytes:
    return f"""<html lang="ar"><head><title>{TITLE}</title><meta property="og:type" content="article"></head>
<body><article><h1>{TITLE}</h1><div class="story-body">{STORY}{box}</div></article></body></html>""".encode()


@pytest.mark.parametrize(
    "box",
    [
        f'<div class="story__factbox"><h4>الأرقام</h4>{FIGURES}</div>',
        f'<div class="info-box">{FIGURES}</div>',
        f"<div><h3>بالأرقام</h3>{FIGURES}</div>",
        f"<section><strong>حقائق وأرقام:</strong>{FIGURES}</section>",
    ],
    ids=["bem-factbox-class", "info-box-class", "labelled-div", "labelled-section"],
)
def test_a_fact_box_is_not_body(box: str) -> None:
    body = extract_article(_page(box), URL).body
    assert "سنة تقديم الطلب" not in body
    assert "قبل عام 2012" in body


def test_an_unlabelled_list_in_the_body_stays() -> None:
    box = (
        "<div><h3>مطالب الأسر</h3><ul><li>تسريع صرف القروض المتأخرة</li><li>زيادة المخصصات في الميزانية</li></ul></div>"
    )
    body = extract_article(_page(box), URL).body
    assert "تسريع صرف القروض المتأخرة" in body


@pytest.mark.parametrize(
    "text", ["سجّل دخولك لإرسال تعليق", "أضف تعليقك", "اترك رداً", "يجب تسجيل الدخول للتعليق على المقال"]
)
def test_comment_form_calls_are_boilerplate(text: str) -> None:
    assert is_comment_policy(text)


def test_a_sentence_reporting_a_comment_is_not() -> None:
    sentence = (
        "وقال المتحدث إن الوزارة تلقت أكثر من ألف طلب خلال الأسبوع الأول، ودعا المواطنين إلى إرسال"
        " تعليقاتهم على مسودة القانون قبل نهاية الشهر لإرسال تعليق رسمي إلى البرلمان."
    )
    assert not is_comment_policy(sentence)


def test_snake_case_and_bem_tokens_are_read_as_vocabulary_words() -> None:
    assert "comment-forbidden" in class_names("comment_forbidden")
    assert "factbox" in class_names("story__factbox")


def test_a_comment_forms_login_line_in_the_page_is_cut() -> None:
    links = '<ul class="links"><li class="comment_forbidden"><span><a href="/login">سجّل دخولك</a> لإرسال تعليق</span></li></ul>'
    body = extract_article(_page(links), URL).body
    assert "لإرسال تعليق" not in body
