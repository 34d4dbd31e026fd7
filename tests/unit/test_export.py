"""Exports (JSON Lines, CSV for spreadsheets, text) and the plain-text rendering of one article."""

from __future__ import annotations

import csv
import io
import json

import pytest

from crawler.items import Article, RawCapture, article_fields
from crawler.store.export import FORMATS, write_export
from crawler.store.render import render_text


def make_article(**changes: object) -> Article:
    fields: dict[str, object] = {
        "url": "https://alhadath-alyawm.example/news/2026/11/17/budget",
        "canonical_url": "https://alhadath-alyawm.example/news/budget",
        "headline": "البرلمان يقر موازنة العام المقبل بعجز أقل",
        "summary": "صوّت المجلس بأغلبية واضحة على مشروع الموازنة بعد نقاش استمر ثلاثة أيام.",
        "highlights": ["خفض العجز إلى أربعة في المئة", "زيادة مخصصات التعليم"],
        "body": "قال رئيس لجنة المالية إن الموازنة تعكس أولويات المرحلة.\n\nوأضاف أن الإيرادات ستنمو بنسبة طفيفة.",
        "authors": ["سامر الحلبي", "ليلى منصور"],
        "credits": ["وكالات"],
        "tags": ["اقتصاد", "البرلمان"],
        "language": "ar",
        "published_at": "2026-11-17T20:45:00+02:00",
        "published_at_raw": "الثلاثاء 17 نوفمبر 2026 - 08:45 م",
        "source_id": "alhadath",
        "source_name": "Al Hadath Alyawm",
        "source_name_ar": "الحدث اليوم",
        "id": 7,
        "raw": RawCapture("https://alhadath-alyawm.example/x", 200, {"Content-Type": "text/html"}, b"<html>"),
    }
    fields.update(changes)
    return Article(**fields)  # type: ignore[arg-type]


def export(articles: list[Article], fmt: str) -> tuple[int, str]:
    out = io.StringIO(newline="")
    written = write_export(articles, fmt, out)
    return written, out.getvalue()


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


# ---------------------------------------------------------------------------------------------
# JSON Lines


def test_jsonl_round_trips_every_public_field() -> None:
    articles = [make_article(), make_article(id=8, headline="عاجل: انقطاع الكهرباء", highlights=[])]
    written, text = export(articles, "jsonl")
    assert written == 2
    lines = text.splitlines()
    assert len(lines) == 2 and text.endswith("\n")
    records = [json.loads(line) for line in lines]
    assert [Article.from_dict(r) for r in records] == articles
    assert list(records[0]) == article_fields()
    assert "raw" not in records[0]


def test_jsonl_keeps_arabic_unescaped() -> None:
    _, text = export([make_article()], "jsonl")
    assert "البرلمان يقر موازنة" in text
    assert "\\u0627" not in text


# ---------------------------------------------------------------------------------------------
# CSV


def test_csv_has_bom_header_and_one_row_per_article() -> None:
    written, text = export([make_article(), make_article(id=8)], "csv")
    assert written == 2
    rows = read_csv(text)
    assert len(rows) == 2
    assert list(rows[0]) == article_fields()
    row = rows[0]
    assert row["headline"] == "البرلمان يقر موازنة العام المقبل بعجز أقل"
    assert row["authors"] == "سامر الحلبي | ليلى منصور"
    assert row["highlights"] == "خفض العجز إلى أربعة في المئة | زيادة مخصصات التعليم"
    assert row["body"] == make_article().body  # paragraph breaks survive quoting
    assert row["id"] == "7"
    assert row["image"] == "" and row["duplicate_of"] == ""


def test_csv_of_no_articles_is_the_header() -> None:
    written, text = export([], "csv")
    assert written == 0
    assert read_csv(text) == []
    assert text.removeprefix("\ufeff").splitlines() == [",".join(article_fields())]


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ('=HYPERLINK("https://evil.example","اضغط هنا")', '\'=HYPERLINK("https://evil.example","اضغط هنا")'),
        ("+966 رقم الطوارئ", "'+966 رقم الطوارئ"),
        ("-5 درجات في عمّان الليلة", "'-5 درجات في عمّان الليلة"),
        ("@الحدث_اليوم ينشر التفاصيل", "'@الحدث_اليوم ينشر التفاصيل"),
        ("\tcmd|' /C calc'!A0", "'\tcmd|' /C calc'!A0"),
        ("\uff1dSUM(A1:A9)", "'\uff1dSUM(A1:A9)"),
        # Not at the start: left alone.
        ("الحرارة = 5 درجات", "الحرارة = 5 درجات"),
        ("البرلمان يقر الموازنة", "البرلمان يقر الموازنة"),
    ],
)
def test_csv_guards_formula_cells(headline: str, expected: str) -> None:
    _, text = export([make_article(headline=headline)], "csv")
    assert read_csv(text)[0]["headline"] == expected


def test_csv_guards_joined_list_cells() -> None:
    _, text = export([make_article(tags=["=1+2", "اقتصاد"], authors=["-سامر"])], "csv")
    row = read_csv(text)[0]
    assert row["tags"] == "'=1+2 | اقتصاد"
    assert row["authors"] == "'-سامر"


# ---------------------------------------------------------------------------------------------
# Text


def test_text_export_separates_articles_and_ends_with_a_newline() -> None:
    first, second = make_article(), make_article(id=8, headline="عاجل: انقطاع الكهرباء")
    written, text = export([first, second], "text")
    assert written == 2
    assert text.startswith(render_text(first))
    assert text.endswith(render_text(second) + "\n")
    separator = text[len(render_text(first)) : -len(render_text(second) + "\n")]
    assert separator.strip() == "─" * 40


def test_text_export_of_no_articles_is_empty() -> None:
    assert export([], "text") == (0, "")


def test_unknown_format_is_an_error_and_writes_nothing() -> None:
    out = io.StringIO()
    with pytest.raises(ValueError, match="xlsx"):
        write_export([make_article()], "xlsx", out)
    assert out.getvalue() == ""
    assert set(FORMATS) == {"jsonl", "csv", "text"}


# ---------------------------------------------------------------------------------------------
# render_text


def test_render_text_layout() -> None:
    assert render_text(make_article()) == (
        "البرلمان يقر موازنة العام المقبل بعجز أقل\n\n"
        "صوّت المجلس بأغلبية واضحة على مشروع الموازنة بعد نقاش استمر ثلاثة أيام.\n"
        "  • خفض العجز إلى أربعة في المئة\n"
        "  • زيادة مخصصات التعليم\n\n"
        "قال رئيس لجنة المالية إن الموازنة تعكس أولويات المرحلة.\n\n"
        "وأضاف أن الإيرادات ستنمو بنسبة طفيفة.\n\n"
        "المصدر: الحدث اليوم"
    )


def test_render_text_without_lead() -> None:
    text = render_text(make_article(summary=None, highlights=[]))
    assert text.split("\n\n")[:2] == ["البرلمان يقر موازنة العام المقبل بعجز أقل", make_article().body.split("\n\n")[0]]


def test_render_text_highlights_without_summary() -> None:
    text = render_text(make_article(summary=None))
    assert text.split("\n\n")[1] == "  • خفض العجز إلى أربعة في المئة\n  • زيادة مخصصات التعليم"


@pytest.mark.parametrize(
    "last_line",
    ["المصدر: الحدث اليوم", "المصدر : الحدث اليوم.", "المصدر: الحدث الـيوم"],
)
def test_render_text_names_the_outlet_once(last_line: str) -> None:
    article = make_article(body=make_article().body + "\n\n" + last_line)
    text = render_text(article)
    assert text.endswith("وأضاف أن الإيرادات ستنمو بنسبة طفيفة.\n\nالمصدر: الحدث اليوم")
    assert text.count("المصدر") == 1


def test_render_text_keeps_a_different_credit_line() -> None:
    article = make_article(body=make_article().body + "\n\nالمصدر: وكالات")
    assert render_text(article).endswith("المصدر: وكالات\n\nالمصدر: الحدث اليوم")


@pytest.mark.parametrize(
    ("names", "attribution"),
    [
        ({"source_name_ar": None}, "المصدر: Al Hadath Alyawm"),
        ({"source_name_ar": None, "source_name": None}, "المصدر: alhadath"),
    ],
)
def test_render_text_attribution_falls_back(names: dict[str, object], attribution: str) -> None:
    assert render_text(make_article(**names)).endswith("\n\n" + attribution)


def test_render_text_without_any_source_has_no_attribution() -> None:
    text = render_text(make_article(source_name_ar=None, source_name=None, source_id=None))
    assert "المصدر" not in text
    assert text.endswith("وأضاف أن الإيرادات ستنمو بنسبة طفيفة.")


@pytest.mark.parametrize("published", ["2024-12-08", "2024-12-08T10:15:00", "2024-12-08T10:15:00+03:00"])
def test_dates_of_every_precision_are_exported_as_stored(published: str) -> None:
    article = make_article(published_at=published, modified_at=None)
    _, jsonl = export([article], "jsonl")
    assert json.loads(jsonl)["published_at"] == published
    _, text = export([article], "csv")
    assert read_csv(text)[0]["published_at"] == published
