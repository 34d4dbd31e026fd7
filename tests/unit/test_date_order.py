"""Numeric dates whose day and month could trade places, and a date line giving both dates.

Small pages of our own; each test fails without the rule it names (``crawler.extraction.date_order``
and ``crawler.extraction.pagedates``).
"""

from __future__ import annotations

import json

import lxml.html
import pytest

from crawler.extraction import htmlmeta
from crawler.extraction.date_order import agreeing_order, other_order
from crawler.extraction.dates import parse_date
from crawler.extraction.pagedates import page_dates

URL = "https://nahr.example/Story.aspx?ID=5120"
TITLE = "افتتاح جسر المشاة الجديد فوق النهر بعد تأخير عام كامل"
STORY = "".join(
    f"<p>{p}</p>"
    for p in (
        "افتتح المحافظ صباح اليوم جسر المشاة الجديد فوق النهر بعد تأخير دام عاماً كاملاً بسبب نقص المواد.",
        "ويربط الجسر السوق القديم بحي المدارس، ويختصر على التلاميذ طريقاً كانوا يقطعونه بالحافلات كل صباح.",
        "وقال مهندس المشروع إن الجسر صمم ليتحمل الفيضانات الموسمية التي تغمر الضفتين كل شتاء تقريباً.",
    )
)


def _dates(head: str, body: str, tz: str | None = None) -> tuple[str | None, str | None]:
    html = f"""<html><head><title>{TITLE}</title><meta property="og:title" content="{TITLE}">{head}</head>
<body><h1>{TITLE}</h1>{body}{STORY}</body></html>"""
    tree = lxml.html.document_fromstring(html)
    page = htmlmeta.read_meta(tree, URL)
    for el in list(tree.iter("script")):
        el.getparent().remove(el)
    published, modified = page_dates(tree, page, URL, tz=tz)
    return (published.iso() if published else None), (modified.iso() if modified else None)


def _ld(**dates: str) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": TITLE, **dates}
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


# --- Day and month order ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "swapped"),
    [("12/3/2025 11:40:00 AM", "2025-12-03T11:40:00"), ("05.07.2024", "2024-05-07"), ("٠٤/١١/٢٠٢٥", "2025-04-11")],
)
def test_a_numeric_date_with_both_numbers_up_to_12_has_another_reading(raw: str, swapped: str) -> None:
    parsed = parse_date(raw)
    assert parsed is not None
    other = other_order(parsed)
    assert other is not None and other.iso() == swapped


@pytest.mark.parametrize("raw", ["17/3/2025", "3/3/2025", "2025-03-12", "12 مارس 2025"])
def test_a_date_with_one_reading_has_no_other(raw: str) -> None:
    parsed = parse_date(raw)
    assert parsed is not None and other_order(parsed) is None


def test_the_other_reading_is_taken_only_when_it_alone_agrees_with_the_page() -> None:
    machine, shown_december, shown_march = (parse_date(s) for s in ("12/3/2025 11:40 AM", "3-12-2025", "12-3-2025"))
    assert machine is not None
    assert agreeing_order(machine, shown_march) is None
    assert agreeing_order(machine, None) is None
    swapped = agreeing_order(machine, shown_december)
    assert swapped is not None and swapped.iso() == "2025-12-03T11:40:00"


def test_a_month_first_json_ld_date_follows_the_visible_day_first_line() -> None:
    head = _ld(datePublished="12/3/2025 11:40:00 AM", dateModified="12/4/2025 9:05:00 AM")
    body = '<div class="news-info"><span class="pubDate">3-12-2025 | 11:40</span></div>'
    assert _dates(head, body, tz="Africa/Cairo") == ("2025-12-03T11:40:00+02:00", "2025-12-04T09:05:00+02:00")


def test_a_machine_date_agreeing_with_the_page_is_kept() -> None:
    head = _ld(datePublished="5/11/2025 08:15:00")
    body = '<div class="news-info"><span class="pubDate">5-11-2025 | 08:15</span></div>'
    assert _dates(head, body)[0] == "2025-11-05T08:15:00"


# --- A line with both dates --------------------------------------------------------------------------


def test_a_line_giving_publication_then_update_gives_both() -> None:
    line = '<td class="NewsDate">نشر بتاريخ: ٠٩/١٠/٢٠٢٥ ( آخر تحديث: ١٠/١٠/٢٠٢٥ الساعة: ٠٨:٣٠ )</td>'
    body = f"<table><tr>{line}</tr></table>"
    assert _dates("", body, tz="Asia/Hebron") == ("2025-10-09", "2025-10-10T08:30:00+03:00")


def test_an_update_line_alone_is_still_the_modification() -> None:
    body = '<div class="date">نشر في 2 أيلول 2025</div><div class="date">آخر تحديث: 3 أيلول 2025 - 10:15</div>'
    assert _dates("", body) == ("2025-09-02", "2025-09-03T10:15:00")
