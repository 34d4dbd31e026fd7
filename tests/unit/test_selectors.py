"""Per-outlet selectors: parsing and validation, what ``select`` reads, and extraction on pages of our own
whose templates defeat the generic rules."""

from __future__ import annotations

import pickle
from pathlib import Path

import lxml.html
import pytest
from lxml.html import HtmlElement

from crawler.extraction.extract import ExtractOptions, extract_article, options_for
from crawler.selectors import Selected, SelectorsError, SiteSelectors, parse_selectors, select
from crawler.sources import Source, load_sources

# ---------------------------------------------------------------------------------------------
# Parsing and validation


def test_parse_strings_and_arrays_stripped_and_in_order() -> None:
    selectors = parse_selectors(
        {
            "headline": " h2.story-title ",
            "body": ["div.x-content", "//div[@id='story-more']"],
            "date": "xpath:string(//x-stamp/@data-at)",
            "author": "css:x-writer",
            "exclude": ["(//aside)[1]", "./descendant::nav"],
        }
    )
    assert selectors == SiteSelectors(
        headline=("h2.story-title",),
        body=("div.x-content", "//div[@id='story-more']"),
        date=("xpath:string(//x-stamp/@data-at)",),
        author=("css:x-writer",),
        exclude=("(//aside)[1]", "./descendant::nav"),
    )
    assert selectors.lead == ()


def test_site_selectors_hash_and_pickle_alone_and_inside_extract_options() -> None:
    selectors = parse_selectors({"body": "div.x-content", "date": "//x-stamp/@data-at"})
    options = ExtractOptions(timezone="Asia/Amman", selectors=selectors)
    assert pickle.loads(pickle.dumps(options)) == options
    assert hash(pickle.loads(pickle.dumps(selectors))) == hash(selectors)
    assert {options: 1}[
        ExtractOptions(
            timezone="Asia/Amman", selectors=parse_selectors({"body": "div.x-content", "date": "//x-stamp/@data-at"})
        )
    ] == 1


def test_options_for_carries_the_source_selectors() -> None:
    selectors = SiteSelectors(body=("div.x-content",))
    source = Source(
        id="wadi",
        name="Sawt al-Wadi",
        name_ar="صوت الوادي",
        homepage="https://wadi.example/",
        feeds=("https://wadi.example/rss",),
        country="JO",
        language="ar",
        timezone="Asia/Amman",
        selectors=selectors,
    )
    assert options_for(source).selectors is selectors
    assert options_for(None).selectors is None


@pytest.mark.parametrize(
    ("table", "key", "fragment"),
    [
        pytest.param({"titel": "h2"}, "titel", "unknown key; allowed keys: headline, lead, body", id="unknown"),
        pytest.param({"authors": "x-writer"}, "authors", "did you mean 'author'?", id="unknown-close"),
        pytest.param({"body": "  "}, "body", "must not be empty (got '  ')", id="blank"),
        pytest.param({"body": "xpath: "}, "body", "must not be empty (got 'xpath: ')", id="prefix-only"),
        pytest.param({"body": []}, "body", "must not be empty (an empty array)", id="empty-array"),
        pytest.param({"body": 3}, "body", "or an array of them; got an integer", id="integer"),
        pytest.param({"body": ["div", 3]}, "body", "an array holding a non-string", id="array-of-int"),
        pytest.param({"body": "div.x-content["}, "body", "'div.x-content[' is not a valid CSS selector", id="css"),
        pytest.param({"lead": "p::first-line"}, "lead", "'p::first-line' is not a valid CSS selector", id="pseudo"),
        pytest.param({"headline": "//h2[@class="}, "headline", "'//h2[@class=' is not a valid XPath", id="xpath"),
        pytest.param({"date": "count(//time)"}, "date", "prefix 'xpath:' for XPath", id="unprefixed-xpath"),
        pytest.param({"body": "xpath:string(//p)"}, "body", "selects a string, not elements", id="body-string"),
        pytest.param({"date": "xpath:count(//time)"}, "date", "selects a number, not elements", id="number"),
        pytest.param({"author": "//x[matches(@a, 'b')]"}, "author", "unknown XPath function matches()", id="func"),
        pytest.param({"exclude": "//div[@id=$box]"}, "exclude", "XPath variables are not supported", id="var"),
        pytest.param({}, "selectors", "empty table: give at least one of", id="empty-table"),
    ],
)
def test_invalid_selectors(table: dict[str, object], key: str, fragment: str) -> None:
    with pytest.raises(SelectorsError) as caught:
        parse_selectors(table)
    assert caught.value.key == key
    assert fragment in caught.value.reason, caught.value.reason
    assert str(caught.value) == f"{key}: {caught.value.reason}"


def test_quoted_parentheses_and_operators_are_not_functions() -> None:
    expression = "//span[@title='(مباشر)' and (@data-at or contains(@class, 'x-stamp'))]/@data-at"
    assert parse_selectors({"date": expression}).date == (expression,)


# ---------------------------------------------------------------------------------------------
# select


def _tree(body: str) -> HtmlElement:
    return lxml.html.document_fromstring(f'<html lang="ar"><head><title>ت</title></head><body>{body}</body></html>')


def test_keys_not_given_or_matching_nothing_are_none() -> None:
    tree = _tree("<h1>صوت الوادي</h1><p>نص قصير</p>")
    assert select(tree, SiteSelectors()) == Selected()
    assert select(tree, SiteSelectors(headline=("h2",), body=("div.x-content",), author=("x-writer",))) == Selected()


def test_body_blocks_in_document_order_nested_matches_read_once() -> None:
    tree = _tree(
        "<div class='x-content'><p>الفقرة <b>الأولى</b>\n   من   الخبر.</p>نص حر<!-- تعليق -->ة بين فقرتين"
        "<div class='x-quote'>«اقتباس من المتحدث»<br>سطر ثان</div><ul><li>بند أول</li><li>بند ثان</li></ul></div>"
        "<aside>جانبي</aside><div id='story-more'><p>الفقرة الأخيرة.</p></div>"
    )
    # Given last-first, and the second expression matching inside the first: document order, each once.
    selected = select(tree, SiteSelectors(body=("#story-more", "div.x-content", "div.x-quote")))
    assert selected.body == "\n\n".join(
        [
            "الفقرة الأولى من الخبر.",
            "نص حرة بين فقرتين",
            "«اقتباس من المتحدث»",
            "سطر ثان",
            "بند أول",
            "بند ثان",
            "الفقرة الأخيرة.",
        ]
    )


def test_first_expression_that_matches_wins_for_headline_lead_and_date() -> None:
    tree = _tree(
        "<h2 class='story-title'>  عنوان <br>الخبر </h2><h3>عنوان آخر</h3>"
        "<x-stamp data-at='2025-03-14T09:30:00+03:00'>قبل قليل</x-stamp><time>١٤ مارس ٢٠٢٥</time>"
    )
    selected = select(
        tree,
        SiteSelectors(
            headline=("h2.missing", "h2.story-title", "h3"),
            lead=("p.missing",),
            date=("//x-stamp/@data-at", "time"),
        ),
    )
    assert (selected.headline, selected.lead, selected.date) == ("عنوان الخبر", None, "2025-03-14T09:30:00+03:00")


@pytest.mark.parametrize(
    ("markup", "raw"),
    [
        ("<time datetime='2025-03-14T09:30:00Z'>الجمعة</time>", "2025-03-14T09:30:00Z"),
        ("<meta class='d' content='2025-03-14'>", "2025-03-14"),
        ("<span class='d' data-timestamp='1741933800'>منذ ساعة</span>", "1741933800"),
        ("<span class='d'> 14 مارس   2025 </span>", "14 مارس 2025"),
    ],
)
def test_date_prefers_a_machine_attribute_over_the_text(markup: str, raw: str) -> None:
    assert select(_tree(markup), SiteSelectors(date=("time, .d",))).date == raw


def test_authors_each_match_once_in_page_order_and_removed_from_the_page() -> None:
    tree = _tree(
        "<x-writer> سلمى   الحداد</x-writer><p>نص الخبر</p><span class='co'>كريم منصور</span>"
        "<x-writer>سلمى الحداد</x-writer>"
    )
    selected = select(tree, SiteSelectors(author=("span.co", "x-writer")))
    assert selected.authors == ("سلمى الحداد", "كريم منصور")
    assert tree.findall(".//x-writer") == []
    assert tree.find(".//p") is not None


def test_exclude_is_removed_before_reading_and_keeps_following_text() -> None:
    tree = _tree(
        "<div class='x-content'><p>فقرة أولى<span class='x-share'>شارك على فيسبوك</span> تتمة</p>"
        "<div class='x-share'>شارك</div><p>فقرة ثانية</p></div>"
    )
    selected = select(tree, SiteSelectors(body=("div.x-content",), exclude=(".x-share",)))
    assert selected.body == "فقرة أولى تتمة\n\nفقرة ثانية"
    assert tree.find_class("x-share") == []


def test_headline_and_lead_read_are_not_repeated_in_the_body() -> None:
    tree = _tree(
        "<div class='x-story'><h2>عنوان الخبر</h2><div class='x-intro'>مقدمة الخبر</div><p>متن الخبر</p></div>"
    )
    selected = select(tree, SiteSelectors(headline=("h2",), lead=(".x-intro",), body=(".x-story",)))
    assert (selected.headline, selected.lead, selected.body) == ("عنوان الخبر", "مقدمة الخبر", "متن الخبر")


# ---------------------------------------------------------------------------------------------
# Extraction on pages whose template defeats the generic rules: each selector key puts it right.

URL = "https://wadi.example/local/market-closure"
SITE = "صوت الوادي"
HEADLINE = "إغلاق السوق الشعبي أسبوعين للصيانة"
STORY = [
    "قررت بلدية الوادي إغلاق السوق الشعبي القديم أسبوعين لإجراء أعمال صيانة شاملة لشبكة الصرف الصحي وأرضيات الممرات.",
    "وقال رئيس البلدية في مؤتمر صحفي إن الباعة سينقلون مؤقتاً إلى ساحة الملعب البلدي حيث جهزت أكشاك مؤقتة مزودة بالكهرباء.",
    "وأبدى عدد من التجار قلقهم من تراجع المبيعات خلال فترة الإغلاق، مطالبين بإعفائهم من رسوم الأكشاك طوال مدة الأعمال.",
    "ومن المقرر أن يعاد افتتاح السوق مطلع الشهر المقبل بعد الانتهاء من تركيب الإنارة الجديدة ومظلات الحماية من الشمس.",
]
PARAGRAPHS = "".join(f"<p>{p}</p>" for p in STORY)
TEASERS = [
    (
        "مهرجان الزيتون يعود إلى ساحة البلدة بعد غياب ثلاث سنوات",
        "يستقبل المهرجان هذا العام أكثر من مئة عارض من القرى المجاورة مع برنامج فني للأطفال والعائلات.",
    ),
    (
        "افتتاح مدرسة جديدة في الحي الشرقي تتسع لخمسمئة طالب",
        "تضم المدرسة مختبرات للعلوم ومكتبة وملعباً مغطى، وتبدأ الدراسة فيها مع مطلع الفصل الدراسي الثاني.",
    ),
    (
        "انقطاع المياه عن ثلاثة أحياء بسبب أعطال في خط الضخ الرئيسي",
        "أعلنت سلطة المياه أن الفرق الفنية تعمل على إصلاح العطل وأن الضخ سيعود تدريجياً خلال يومين.",
    ),
    (
        "نادي الوادي يتأهل إلى نصف نهائي كأس المحافظة لكرة القدم",
        "فاز الفريق على منافسه بهدفين نظيفين في مباراة حضرها جمهور غفير على ملعب المدينة الرياضي مساء السبت.",
    ),
]
# A related-stories box and a readers' comment thread, as WordPress-style outlets print them.
RELATED = (
    '<div class="x-related"><h4>اقرأ أيضا</h4><ul><li><a href="/news/1">مهرجان الزيتون يعود إلى ساحة البلدة</a></li>'
    '<li><a href="/news/2">افتتاح مدرسة جديدة في الحي الشرقي</a></li></ul></div>'
)
REPLIES = (
    '<div class="x-replies"><h4>تعليقات القراء (٢)</h4>'
    '<div class="x-reply"><b>أبو سامر</b><p>نتمنى أن تلتزم البلدية بالموعد هذه المرة فالسوق مصدر رزق لمئات العائلات في المدينة والقرى المحيطة بها.</p></div>'
    '<div class="x-reply"><b>ليلى</b><p>الساحة المؤقتة بعيدة عن مواقف الحافلات وكبار السن سيجدون صعوبة كبيرة في الوصول إليها كل يوم.</p></div></div>'
)
LOGO = '<a class="logo" href="/">صوت الوادي</a>'


def _outlet_page(main: str, *, logo: str = LOGO, title: str = f"{HEADLINE} - {SITE}") -> bytes:
    """An outlet's page around ``main``: logo, menu, share bar, «اقرأ أيضا» box, footer."""
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title></head>
<body><header>{logo}<nav class="menu"><ul><li><a href="/">الرئيسية</a></li><li><a href="/local">محليات</a></li>
<li><a href="/sport">رياضة</a></li><li><a href="/economy">اقتصاد</a></li></ul></nav></header>
<main>{main}<div class="x-share"><a href="#">فيسبوك</a> <a href="#">واتساب</a></div>{RELATED}</main>
<footer><p>جميع الحقوق محفوظة لصوت الوادي ٢٠٢٥</p><a href="/about">من نحن</a> <a href="/contact">اتصل بنا</a></footer>
</body></html>""".encode()


def _story_page(story: str, **kwargs: str) -> bytes:
    return _outlet_page(f'<article class="story">{story}</article>', **kwargs)


def _extract(html: bytes, table: dict[str, object] | None = None):  # type: ignore[no-untyped-def]
    selectors = parse_selectors(table) if table else None
    options = ExtractOptions(timezone="Asia/Amman", site_names=(SITE,), selectors=selectors)
    return extract_article(html, URL, options)


# The story in a <div>, while the related stories below it are <article>s of like size (React templates).
TEASER_PAGE = _outlet_page(
    f'<div class="x-head"><h1 class="x-title">{HEADLINE}</h1></div><div class="x-content">{PARAGRAPHS}</div>'
    '<section class="more"><h2>المزيد من الأخبار</h2>'
    + "".join(
        f'<article class="card"><h3><a href="/news/{i}">{h}</a></h3><p>{t}</p></article>'
        for i, (h, t) in enumerate(TEASERS)
    )
    + "</section>"
)


def test_body_selector_reads_a_story_among_teaser_articles_and_skips_the_listing_refusal() -> None:
    article = _extract(TEASER_PAGE, {"body": "div.x-content"})
    assert article.body == "\n\n".join(STORY)
    assert article.headline == HEADLINE


def test_body_selector_that_matches_nothing_leaves_the_generic_rules() -> None:
    generic = _extract(TEASER_PAGE)
    assert _extract(TEASER_PAGE, {"body": "div.story-body"}).body == generic.body


def test_headline_selector_reads_the_h2_when_the_h1_is_the_logo() -> None:
    # The logo is an <h1> with a slogan, and <title> holds only the site name.
    html = _story_page(
        f'<h2 class="x-title">{HEADLINE}</h2>{PARAGRAPHS}',
        logo='<h1 class="brand"><a href="/">صوت الوادي | أخبار المدينة على مدار الساعة</a></h1>',
        title=SITE,
    )
    article = _extract(html, {"headline": "h2.x-title"})
    assert article.headline == HEADLINE
    assert article.body == "\n\n".join(STORY)  # the headline is not repeated in the body
    assert _extract(html, {"headline": "h2.x-headline"}).headline != HEADLINE  # no match: generic rules


def test_lead_selector_reads_an_unmarked_standfirst_out_of_the_body() -> None:
    lead = "البلدية تنقل الباعة إلى ساحة الملعب مؤقتاً والتجار يطالبون بإعفاء من الرسوم."
    html = _story_page(f'<h1>{HEADLINE}</h1><div class="x-kicker"><p>{lead}</p></div>{PARAGRAPHS}')
    article = _extract(html, {"lead": "xpath://div[@class='x-kicker']"})
    assert article.summary == lead
    assert article.body == "\n\n".join(STORY)


def test_date_selector_reads_a_time_held_only_in_a_data_attribute() -> None:
    # The visible date is rendered by a script from the attribute: the page shows no date without it.
    stamp = '<span class="x-stamp" data-x="2025-03-14T09:30:00+03:00"><i class="icon-clock"></i></span>'
    html = _story_page(f"<h1>{HEADLINE}</h1>{stamp}{PARAGRAPHS}")
    article = _extract(html, {"date": "//span[@data-x]/@data-x"})
    assert (article.published_at, article.published_at_raw) == (
        "2025-03-14T09:30:00+03:00",
        "2025-03-14T09:30:00+03:00",
    )


def test_date_selector_reads_the_text_of_a_custom_element_in_the_outlet_zone() -> None:
    html = _story_page(f"<h1>{HEADLINE}</h1><x-date>الجمعة ١٤ مارس ٢٠٢٥ - ٠٩:٣٠</x-date>{PARAGRAPHS}")
    article = _extract(html, {"date": "x-date"})
    assert article.published_at == "2025-03-14T09:30:00+03:00"
    assert article.body == "\n\n".join(STORY)


def test_author_selector_reads_a_byline_in_a_custom_element() -> None:
    writers = '<x-writer><a href="/writers/12">سلمى الحداد</a></x-writer><x-writer>كريم منصور</x-writer>'
    html = _story_page(f"<h1>{HEADLINE}</h1>{writers}{PARAGRAPHS}{REPLIES}")
    assert _extract(html, {"author": "x-writer"}).authors == ["سلمى الحداد", "كريم منصور"]


def test_exclude_selector_keeps_a_comment_thread_out_of_the_generic_body() -> None:
    html = _story_page(f"<h1>{HEADLINE}</h1>{PARAGRAPHS}{REPLIES}")
    article = _extract(html, {"exclude": [".x-replies", "div.x-share"]})
    assert article.body == "\n\n".join(STORY)


def test_exclude_applies_inside_a_selected_body() -> None:
    promo = '<div class="x-promo"><p>اشترك في نشرة صوت الوادي ليصلك ملخص الأخبار كل صباح على بريدك.</p></div>'
    html = _outlet_page(
        f'<h1>{HEADLINE}</h1><div class="x-content">{"".join(f"<p>{p}</p>" for p in STORY[:3])}{promo}<p>{STORY[3]}</p></div>{REPLIES}'
    )
    article = _extract(html, {"body": ".x-content", "exclude": ".x-promo"})
    assert article.body == "\n\n".join(STORY)


def test_selectors_from_a_sources_file_reach_extraction(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[sources]]\nid = "wadi"\nname = "Sawt al-Wadi"\nname_ar = "صوت الوادي"\nhomepage = "https://wadi.example/"\n'
        'feeds = ["https://wadi.example/rss"]\ncountry = "JO"\nlanguage = "ar"\n\n'
        '[sources.selectors]\nbody = "div.x-content"\n',
        encoding="utf-8",
    )
    [source] = load_sources(path)
    assert extract_article(TEASER_PAGE, URL, options_for(source)).body == "\n\n".join(STORY)
