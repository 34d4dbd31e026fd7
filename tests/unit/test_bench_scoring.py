"""The benchmark's scoring protocol (``benchmarks/scoring.py``), as ``../shared/corpus/README.md`` states it."""

from __future__ import annotations

import pytest

from benchmarks.scoring import (
    SnippetScore,
    collapse,
    dates_match,
    headline_matches,
    judge_authors,
    percentile,
    score_snippets,
)


def test_collapse_treats_nbsp_and_newlines_as_spaces_and_nothing_else() -> None:
    assert collapse(" أعلنت\u00a0الوزارة\n\n اليوم ") == "أعلنت الوزارة اليوم"
    assert collapse("الكاظمى") != collapse("الكاظمي")  # letters are compared exactly


def test_snippets_found_missed_and_leaked() -> None:
    text = "أعلنت الوزارة اليوم بدء الموسم.\n\nوقال المتحدث إن الأمطار ساعدت."
    score = score_snippets(text, ["الوزارة اليوم بدء", "وقال المتحدث", "جملة غائبة"], ["الأمطار ساعدت", "إعلان"])
    assert score == SnippetScore(true_positives=2, false_negatives=1, false_positives=1, true_negatives=1)
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 / 3)


def test_a_lead_the_truth_names_may_be_the_summary_but_never_repeated_in_the_body() -> None:
    lead = "الوزارة تعلن بدء الموسم الزراعي مبكراً"
    caption = "صورة أرشيفية لحقول القمح"
    body = "وقال المتحدث إن الأمطار ساعدت."
    whole = f"{lead}\n{body}"  # summary + body, as the benchmark joins them
    as_summary = score_snippets(whole, ["وقال المتحدث"], [lead, caption], body=body, fields=[lead])
    assert as_summary == SnippetScore(true_positives=1, false_negatives=0, false_positives=0, true_negatives=2)
    in_body = score_snippets(whole, ["وقال المتحدث"], [lead], body=whole, fields=[lead])
    assert in_body.false_positives == 1
    # A snippet that is no field of the truth's is a leak wherever it is: in a wrong summary too.
    assert score_snippets(f"{caption}\n{body}", [], [caption], body=body, fields=[lead]).false_positives == 1


def test_scores_add_up_over_pages() -> None:
    total = SnippetScore(3, 0, 1, 2) + SnippetScore(1, 1, 0, 3)
    assert total == SnippetScore(4, 1, 1, 5)
    assert total.precision == pytest.approx(0.8)
    assert SnippetScore().f1 == 0.0


def test_headline_match_is_exact_after_whitespace() -> None:
    assert headline_matches("سر رحيل  الفنانة\u00a0المبكر", "سر رحيل الفنانة المبكر")
    assert not headline_matches("سر رحيل الفنانة المبكر - الموقع", "سر رحيل الفنانة المبكر")
    assert not headline_matches(None, "عنوان")


@pytest.mark.parametrize(
    ("ours", "truth", "expected"),
    [
        ("2020-10-07T12:09:00+02:00", "2020-10-07T10:09:00Z", True),  # same instant
        ("2020-10-07T12:09:00+00:00", "2020-10-07T12:09:00+02:00", False),  # same clock, wrong zone
        ("2013-08-03T00:00:00+04:00", "2013-08-03", True),  # the truth has a day only
        ("2013-01-01T00:00:00+04:00", "2013-08-03", False),
        ("2020-06-03", "2020-06-03T03:01:00+04:00", True),  # we have a day only
        (None, "2020-06-03", False),
        ("not a date", "2020-06-03", False),
    ],
)
def test_dates_match(ours: str | None, truth: str, expected: bool) -> None:
    assert dates_match(ours, truth) is expected


def test_author_outcomes() -> None:
    assert judge_authors(["أسماء نصار"], "أسماء نصار").found
    missing = judge_authors([], "أسماء نصار")
    assert missing.expected and not missing.found and not missing.wrong
    assert judge_authors(["نورهان نبيل"], None).wrong  # any byline where the truth has none is wrong
    assert not judge_authors([], None).wrong
    assert judge_authors(["أسماء نصار", "وكالات"], "أسماء نصار").wrong


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 21)]
    assert percentile(values, 0.95) == 19.0
    assert percentile(values, 0.5) == 10.0
    assert percentile([], 0.95) == 0.0
