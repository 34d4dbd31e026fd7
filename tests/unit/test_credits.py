"""Credit lines: trailing source paragraphs moved out of the body, agency marks credited in place."""

from __future__ import annotations

import pytest

from crawler.extraction.credits import split_credits

LEAD = "قالت وزارة الطاقة إن محطة التوليد الجديدة ستدخل الخدمة مطلع الصيف المقبل."
SECOND = "وأضافت الوزارة في بيان أن المحطة ستضيف ستمئة ميغاواط إلى الشبكة الوطنية."


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        ("المصدر: وكالات", ["وكالات"]),
        ("المصدر : وكالات.", ["وكالات"]),
        ("المصدر: الجزيرة نت", ["الجزيرة نت"]),
        ("مصدر الخبر: وكالة الأنباء الأردنية", ["وكالة الأنباء الأردنية"]),
        ("المصدر: رويترز + الجزيرة", ["رويترز", "الجزيرة"]),
        ("المصادر: رويترز، فرانس برس، الأناضول", ["رويترز", "فرانس برس", "الأناضول"]),
        ("المصدر: الجزيرة ووكالات", ["الجزيرة", "وكالات"]),
        ("المصدر: رويترز / أ ف ب", ["رويترز", "أ ف ب"]),
        # A name that starts with «و» is not a second source.
        ("المصدر: بيان وزارة الداخلية", ["بيان وزارة الداخلية"]),
        # Agency-only paragraphs.
        ("وكالات", ["وكالات"]),
        ("(رويترز)", ["رويترز"]),
        ("--(بترا)", ["بترا"]),
        ("- (أ ف ب) -", ["أ ف ب"]),
    ],
)
def test_trailing_source_paragraph_is_moved_out(last: str, expected: list[str]) -> None:
    body, credits = split_credits(f"{LEAD}\n\n{SECOND}\n\n{last}")
    assert body == f"{LEAD}\n\n{SECOND}"
    assert credits == expected


def test_several_trailing_source_paragraphs_are_all_moved_out() -> None:
    body, credits = split_credits(f"{LEAD}\n\n{SECOND}\n\nوكالات\n\nالمصدر: الجزيرة")
    assert body == f"{LEAD}\n\n{SECOND}"
    assert credits == ["وكالات", "الجزيرة"]


@pytest.mark.parametrize(
    ("first", "agency"),
    [
        ("القاهرة (رويترز) - " + LEAD, "رويترز"),
        ("عمان (بترا) - " + LEAD, "بترا"),
        ("بيروت (أ ف ب) - " + LEAD, "أ ف ب"),
        ("أنقرة ( الأناضول ) – " + LEAD, "الأناضول"),
    ],
)
def test_agency_mark_at_the_start_stays_in_the_body_and_is_credited(first: str, agency: str) -> None:
    text = f"{first}\n\n{SECOND}"
    body, credits = split_credits(text)
    assert body == text
    assert credits == [agency]


def test_agency_mark_at_the_end_of_the_last_paragraph_stays_and_is_credited() -> None:
    text = f"{LEAD}\n\n{SECOND}--(بترا)"
    body, credits = split_credits(text)
    assert body == text
    assert credits == ["بترا"]


def test_trailing_line_and_inline_mark_are_both_credited_once() -> None:
    body, credits = split_credits(f"دمشق (سانا) - {LEAD}\n\n{SECOND} (سانا)\n\nالمصدر: سانا + وكالات")
    assert body == f"دمشق (سانا) - {LEAD}\n\n{SECOND} (سانا)"
    assert sorted(credits) == sorted(["سانا", "وكالات"])
    assert len(credits) == 2


@pytest.mark.parametrize(
    "text",
    [
        # «المصدر» mid-sentence: a quoted official, not a credit line.
        f"{LEAD}\n\nوقال المصدر: إن الوفد سيصل إلى العاصمة صباح الغد لاستكمال المحادثات.",
        f"{LEAD}\n\nوأوضح المصدر أن المفاوضات ستستأنف الأسبوع المقبل في الدوحة.",
        f"{LEAD}\n\nوبحسب المصدر ذاته، فإن الاتفاق سيوقع قبل نهاية العام.",
        # An agency named in a sentence without parentheses.
        f"{LEAD}\n\nونقلت رويترز عن مسؤول في الوزارة أن الموعد لم يتغير.",
        # A paragraph starting with an agency-like word that is not only the agency.
        f"{LEAD}\n\nوكالات السفر تستعد لموسم الحج بزيادة الرحلات.",
        LEAD,
    ],
)
def test_no_false_credit(text: str) -> None:
    assert split_credits(text) == (text, [])


def test_body_that_is_only_a_credit() -> None:
    assert split_credits("وكالات") == ("", ["وكالات"])


def test_empty_body() -> None:
    assert split_credits("") == ("", [])
