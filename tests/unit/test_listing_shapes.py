"""Listings whose teasers have no ``<article>`` and no excerpt paragraph: a list of linked headings over
``<span>`` intros, and a table whose rows open with a title link on its own line. Both are refused, and
an article whose paragraphs hold links stays an article (``crawler.extraction.evidence``)."""

from __future__ import annotations

import lxml.html
import pytest

from crawler.extraction import evidence
from crawler.extraction.extract import NotAnArticle, extract_article

URL = "https://shatt.example/index.php/tag/fishing"
STORIES = [
    (
        "صيادو الخليج يشكون من ارتفاع أسعار الوقود والشباك",
        "يقول صيادون في المرفأ القديم إن كلفة رحلة الصيد الواحدة تضاعفت خلال عام بسبب ارتفاع أسعار"
        " الوقود والشباك المستوردة، وإن كثيرين منهم باعوا قواربهم الصغيرة وتحولوا إلى العمل في البناء...",
    ),
    (
        "البلدية تعد بسوق جديد للسمك قرب الكورنيش",
        "أعلنت البلدية عن خطة لإنشاء سوق مسقوف للسمك قرب الكورنيش يضم ستين بسطة ومخزناً مبرداً...",
    ),
    (
        "موسم الروبيان يبدأ مبكراً هذا العام",
        "قررت هيئة الثروة السمكية تقديم موعد افتتاح موسم صيد الروبيان أسبوعين بسبب اعتدال حرارة المياه...",
    ),
    (
        "دورة تدريبية للصيادين الشباب على السلامة البحرية",
        "ينظم خفر السواحل دورة مجانية للصيادين الشباب حول استخدام سترات النجاة وأجهزة الاتصال اللاسلكي...",
    ),
]


def _tag_page() -> str:
    items = "".join(
        f'<li class="item"><h3><a href="/index.php/news/{n}">{title}</a></h3><span class="intro">{intro}</span></li>'
        for n, (title, intro) in enumerate(STORIES)
    )
    return f"""<html lang="ar"><head><title>الوسم: الصيد</title></head><body><main>
<h1>الصيد</h1><div class="desc"><p>كل ما نشرناه عن الصيد والصيادين في الخليج.</p></div>
<ul class="items">{items}</ul></main></body></html>"""


def _ranked_table() -> str:
    rows = "".join(
        f'<tr><td>{n + 1}</td><td><a href="News.aspx?id={n}">{title}</a><br><span>محليات</span> - '
        f"<span>1{n}/03/2025</span><br><span>{intro}</span></td><td>{900 - n}</td></tr>"
        for n, (title, intro) in enumerate(STORIES)
    )
    return f"""<html lang="ar"><head><title>الأكثر قراءة</title></head><body>
<h1><span>الأكثر قراءة</span></h1><table class="grid">{rows}</table></body></html>"""


@pytest.mark.parametrize("html", [_tag_page(), _ranked_table()], ids=["heading-over-span", "title-line-in-cell"])
def test_teasers_without_paragraphs_are_cards(html: str) -> None:
    prose = evidence.measure_prose(lxml.html.document_fromstring(html))
    assert prose.teaser_blocks == len(STORIES)
    assert prose.mostly_teasers() and not prose.dominant()


@pytest.mark.parametrize("html", [_tag_page(), _ranked_table()], ids=["heading-over-span", "title-line-in-cell"])
def test_such_listings_are_refused(html: str) -> None:
    with pytest.raises(NotAnArticle):
        extract_article(html.encode(), URL)


def test_an_article_whose_paragraphs_open_with_links_is_no_listing() -> None:
    paragraphs = "".join(
        f'<p><a href="/news/{n}">{title}</a> {intro}</p>' for n, (title, intro) in enumerate(STORIES)
    ).replace("...", ".")
    html = f"""<html lang="ar"><head><title>حال الصيادين في الخليج هذا الموسم</title></head><body>
<h1>حال الصيادين في الخليج هذا الموسم</h1><div class="story">{paragraphs}</div></body></html>"""
    prose = evidence.measure_prose(lxml.html.document_fromstring(html))
    assert prose.teaser_blocks == 0
    assert extract_article(html.encode(), URL).body
