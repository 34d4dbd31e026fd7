"""The article's collapsed paragraphs are kept; hidden boilerplate is not (``crawler.extraction.collapsed``)."""

from __future__ import annotations

import lxml.html
import pytest

from crawler.extraction.collapsed import reveal_collapsed
from crawler.extraction.extract import extract_article

URL = "https://nahr.example/culture/4410"
TITLE = "مكتبة الحي تفتح أبوابها مساءً للطلاب في موسم الامتحانات"
SHOWN = (
    "قررت إدارة مكتبة الحي الغربي تمديد ساعات عملها حتى العاشرة ليلاً طوال شهر الامتحانات المدرسية.",
    "وقالت مديرة المكتبة إن القاعات تمتلئ منذ الصباح بطلاب لا يجدون في بيوتهم مكاناً هادئاً للدراسة.",
    "وأضافت أن عدد المقاعد لا يتجاوز ستين مقعداً، لذلك خصصت الإدارة قاعة الاجتماعات في الطابق الثاني للدراسة الجماعية.",
    "وتطوع عشرة من المعلمين المتقاعدين للحضور في المساء والإجابة عن أسئلة الطلاب في الرياضيات والفيزياء واللغة العربية.",
    "وتشهد المكتبة منذ بداية الأسبوع طوابير قصيرة عند الباب قبل موعد الافتتاح، بحسب ما روى حارس المبنى.",
)
FOLDED = (
    "وستوفر المكتبة مشروبات ساخنة مجاناً للطلاب بعد السابعة مساءً بتبرع من أحد أصحاب المقاهي القريبة.",
    "ويأمل الأهالي أن يصبح الدوام المسائي دائماً وألا يقتصر على أسابيع الامتحانات وحدها.",
)


def _paragraphs(texts: tuple[str, ...]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def _page(folded: str, extra: str = "") -> bytes:
    return f"""<html lang="ar"><head><title>{TITLE}</title><meta property="og:type" content="article"></head>
<body><article><h1>{TITLE}</h1><div class="story-body">{_paragraphs(SHOWN)}
<button type="button">اقرأ المزيد</button>{folded}</div></article>{extra}</body></html>""".encode()


@pytest.mark.parametrize(
    "folded",
    [
        f'<div class="body-rest" aria-hidden="true" style="max-height:0;overflow:hidden">{_paragraphs(FOLDED)}</div>',
        f'<div class="story-rest" hidden>{_paragraphs(FOLDED)}</div>',
        f'<div style="display: none">{_paragraphs(FOLDED)}</div>',
        f'<div class="story-more hidden">{_paragraphs(FOLDED)}</div>',
        f"<details><summary>اقرأ المزيد</summary>{_paragraphs(FOLDED)}</details>",
    ],
    ids=["aria-hidden-max-height", "hidden-attribute", "display-none", "hidden-class", "details"],
)
def test_the_folded_end_of_the_article_is_kept(folded: str) -> None:
    body = extract_article(_page(folded), URL).body
    for text in (*SHOWN, *FOLDED):
        assert text in body
    assert "اقرأ المزيد" not in body


MODAL = (
    '<div class="subscribe-modal" aria-hidden="true" style="display:none"><p>اشترك في نشرتنا الأسبوعية لتصلك'
    " أهم القصص الثقافية والفنية مع مختارات المحررين كل يوم جمعة.</p></div>"
)
MENU = (
    '<div class="mega-menu" hidden><p>أقسام الموقع كلها في مكان واحد: محليات واقتصاد ورياضة وثقافة'
    " وفنون ومنوعات وآراء وكتاب.</p></div>"
)
LONE = (
    '<div class="notice" style="display:none"><p>هذا النص مخفي في صفحة لا فقرات قبله ولا يتابع أي نص'
    " ظاهر من نصوص المقال في الصفحة.</p></div>"
)


@pytest.mark.parametrize(("hidden", "text"), [(MODAL, "نشرتنا الأسبوعية"), (MENU, "أقسام الموقع")])
def test_hidden_boilerplate_stays_out(hidden: str, text: str) -> None:
    body = extract_article(_page(_paragraphs(FOLDED), extra=hidden), URL).body
    assert text not in body
    assert FOLDED[1] in body


def test_a_hidden_box_that_follows_no_paragraph_is_not_revealed() -> None:
    tree = lxml.html.document_fromstring(f"<html><body><div>{LONE}</div><p>{SHOWN[0]}</p></body></html>")
    assert reveal_collapsed(tree) == 0
    assert tree.find(".//div[@class='notice']").get("style") == "display:none"


def test_a_hidden_modal_after_the_paragraphs_is_not_revealed() -> None:
    tree = lxml.html.document_fromstring(f"<html><body><div>{_paragraphs(SHOWN)}{MODAL}</div></body></html>")
    assert reveal_collapsed(tree) == 0
