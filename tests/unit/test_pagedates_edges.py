"""Dates across a midnight: print-issue days, days written in UTC, and 00:00:00 placeholders.

Small pages of our own; each test fails without the rule it names (``crawler.extraction.pagedates``).
"""

from __future__ import annotations

import lxml.html

from crawler.extraction import htmlmeta
from crawler.extraction.pagedates import page_dates

URL = "https://sahil.example/opinion/7731"
TITLE = "الحدائق العامة في المدينة تنتظر من يفتح أبوابها"
STORY = "".join(
    f"<p>{p}</p>"
    for p in (
        "أغلقت البلدية ثلاث حدائق عامة في الأحياء الشرقية منذ مطلع العام بحجة الصيانة وقلة الموظفين.",
        "ويقول سكان الحي إن الأطفال صاروا يلعبون في الشوارع بين السيارات لأن لا مكان آخر لهم.",
        "وتعد البلدية بإعادة فتح الحدائق في الربيع المقبل، لكن أحداً لم ير عمالاً فيها حتى الآن.",
    )
)


def _published(head: str, body: str, tz: str | None = None) -> str | None:
    html = f"""<html><head><title>{TITLE}</title><meta property="og:title" content="{TITLE}">{head}</head>
<body><h1>{TITLE}</h1>{body}{STORY}</body></html>"""
    tree = lxml.html.document_fromstring(html)
    published, _ = page_dates(tree, htmlmeta.read_meta(tree, URL), URL, tz=tz)
    return published.iso() if published is not None else None


# A print issue dated the next day at midnight, and the RDFa «submitted» line of the online posting.
ISSUE_META = '<meta property="article:published_time" content="2024-05-17T00:00:00+03:00">'
SUBMITTED = (
    '<div class="submitted"><span property="dc:date dc:created" content="2024-05-16T21:35:12+03:00">'
    "أرسلها محرر الموقع في الخميس، 16/05/2024 - 21:35</span></div>"
)
ISSUE_FIELD = '<div class="field-issue-date"><span property="dc:date" content="2024-05-17T00:00:00+03:00">الجمعة 17 أيار 2024</span></div>'


def test_an_rdfa_created_time_replaces_a_midnight_issue_date() -> None:
    assert _published(ISSUE_META, SUBMITTED + ISSUE_FIELD) == "2024-05-16T21:35:12+03:00"


def test_an_rdfa_created_time_is_a_machine_date() -> None:
    # Without the meta, the page's own RDFa value is read (its text says no year-first date).
    assert _published("", SUBMITTED) == "2024-05-16T21:35:12+03:00"


def test_a_midnight_placeholder_stays_when_nothing_gives_a_time() -> None:
    assert _published(ISSUE_META, ISSUE_FIELD) == "2024-05-17T00:00:00+03:00"


def test_a_real_time_in_the_meta_is_kept_over_a_visible_line() -> None:
    head = '<meta property="article:published_time" content="2024-05-17T00:10:00+03:00">'
    head += '<meta property="article:modified_time" content="2024-05-17T09:00:00+03:00">'
    assert _published(head, SUBMITTED) == "2024-05-17T00:10:00+03:00"


def test_a_day_written_in_utc_gives_way_to_a_time_just_past_local_midnight() -> None:
    head = '<meta name="date" content="2025-03-11">'
    line = '<span class="news-date">نشر في: 12 مارس 2025 - 00:30</span>'
    assert _published(head, line) == "2025-03-12T00:30:00"
    assert _published(head, line, tz="Asia/Bahrain") == "2025-03-12T00:30:00+03:00"


def test_a_time_far_from_the_days_midnights_does_not_replace_it() -> None:
    head = '<meta name="date" content="2025-03-11">'
    line = '<span class="news-date">نشر في: 12 مارس 2025 - 09:30</span>'
    assert _published(head, line, tz="Asia/Bahrain") == "2025-03-11"
