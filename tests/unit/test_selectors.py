"""Per-outlet selectors: parsing and validation, and what ``select`` reads."""

from __future__ import annotations

import lxml.html
import pytest
from lxml.html import HtmlElement

from crawler.selectors import Selected, SelectorsError, SiteSelectors, parse_selectors, select

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


@pytest.mark.parametrize(
    ("table", "key", "fragment"),
    [
        pytest.param({"titel": "h2"}, "titel", "unknown key; allowed keys: headline, lead, body", id="unknown"),
        pytest.param({"authors": "x-writer"}, "authors", "did you mean 'author'?", id="unknown-close"),
        pytest.param({"body": "  "}, "body", "must not be empty (got '  ')", id="blank"),
        pytest.param({"body": "xpath: "}, "body", "must not be empty (got 'xpath: ')", id="prefix-only"),
        pytest.param({"body": []}, "body", "must not be empty (an empty array)", id="empty-array"),
        pytest.param({"body": 3}, "body", "expected a CSS selector or XPath expression", id="integer"),
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
