"""The crawl summary: per-source reports built from the stats keys, the exit code, and the table."""

from __future__ import annotations

from typing import Any

import pytest

from crawler import stats as keys
from crawler.app.report import (
    EXIT_ALL_FAILED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    SourceReport,
    build_reports,
    exit_code,
    format_table,
)


class DictStats:
    """The two methods of Scrapy's stats collector that ``crawler.stats`` calls."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] = self.values.get(key, start) + count

    def set_value(self, key: str, value: Any) -> None:
        self.values[key] = value


def crawl_stats() -> dict[str, Any]:
    """Three sources: one fully read, one with a failed feed, one never reached."""
    stats = DictStats()
    # alhadath: 2 feeds read, 12 pages, 9 stored, 1 updated, 1 unchanged, 1 dropped, 0 failed.
    keys.count(stats, "alhadath", keys.FEEDS_OK, n=2)
    keys.count(stats, "alhadath", keys.PAGES_REQUESTED, n=12)
    keys.count(stats, "alhadath", keys.STORED, n=9)
    keys.count(stats, "alhadath", keys.UPDATED)
    keys.count(stats, "alhadath", keys.UNCHANGED)
    keys.count(stats, "alhadath", keys.DROPPED, "body_too_short")
    # akhbar_alwatan: 1 feed of 2 read, 5 pages of which 2 failed, 1 not an article.
    keys.count(stats, "akhbar_alwatan", keys.FEEDS_OK)
    keys.count(stats, "akhbar_alwatan", keys.FEEDS_FAILED, "http_404")
    keys.count(stats, "akhbar_alwatan", keys.PAGES_REQUESTED, n=5)
    keys.count(stats, "akhbar_alwatan", keys.STORED, n=2)
    keys.count(stats, "akhbar_alwatan", keys.PAGES_FAILED, "timeout", n=2)
    keys.count(stats, "akhbar_alwatan", keys.NOT_ARTICLE, "no_article_text")
    keys.note_error(stats, "akhbar_alwatan", "feed https://akhbar-alwatan.example/sport.xml: HTTP 404")
    # sawt_almadina: its only feed failed.
    keys.count(stats, "sawt_almadina", keys.FEEDS_FAILED, "dns")
    keys.note_error(
        stats, "sawt_almadina", "feed https://sawt-almadina.example/rss: host name not found (DNS lookup failed)"
    )
    return stats.values


SOURCES = [("alhadath", 2), ("akhbar_alwatan", 2), ("sawt_almadina", 1)]


def test_stats_keys_are_slash_separated_per_source_and_in_total() -> None:
    stats = crawl_stats()
    assert stats["akhbar/source/alhadath/stored"] == 9
    assert stats["akhbar/source/akhbar_alwatan/stored"] == 2
    assert stats["akhbar/stored"] == 11
    assert stats["akhbar/feeds_failed/dns"] == 1
    assert stats["akhbar/pages_failed/timeout"] == 2
    assert keys.source_key("x", keys.LAST_ERROR) == "akhbar/source/x/last_error"


def test_source_counts_default_to_zero() -> None:
    counts = keys.source_counts(
        {"akhbar/source/alhadath/stored": 3, "akhbar/source/alhadath/dropped": None}, "alhadath"
    )
    assert set(counts) == set(keys.COUNTERS)
    assert counts[keys.STORED] == 3
    assert counts[keys.DROPPED] == 0
    assert counts[keys.FEEDS_OK] == 0


def test_build_reports_one_per_source_in_order() -> None:
    reports = build_reports(crawl_stats(), SOURCES)
    assert [r.source_id for r in reports] == ["alhadath", "akhbar_alwatan", "sawt_almadina"]
    assert [r.feeds for r in reports] == [2, 2, 1]
    alhadath, alwatan, sawt = reports
    assert alhadath.counts[keys.STORED] == 9
    assert alhadath.counts[keys.PAGES_REQUESTED] == 12
    assert alhadath.error is None
    assert alwatan.counts[keys.PAGES_FAILED] == 2
    assert alwatan.error == "feed https://akhbar-alwatan.example/sport.xml: HTTP 404"
    assert sawt.counts[keys.FEEDS_OK] == 0
    assert [r.fetched for r in reports] == [True, True, False]
    assert [r.status for r in reports] == ["ok", "partial", "FAILED"]


def test_build_reports_for_a_source_with_no_stats() -> None:
    (report,) = build_reports({}, [("jadid", 3)])
    assert report == SourceReport("jadid", 3, dict.fromkeys(keys.COUNTERS, 0), None)
    assert report.status == "FAILED"


def report(
    source_id: str, feeds_ok: int, feeds_failed: int = 0, error: str | None = None, **counts: int
) -> SourceReport:
    values = dict.fromkeys(keys.COUNTERS, 0) | {keys.FEEDS_OK: feeds_ok, keys.FEEDS_FAILED: feeds_failed} | counts
    return SourceReport(source_id, feeds_ok + feeds_failed, values, error)


@pytest.mark.parametrize(
    ("fetched", "expected"),
    [
        ([True], EXIT_OK),
        ([True, True, True], EXIT_OK),
        ([False], EXIT_ALL_FAILED),
        ([False, False], EXIT_ALL_FAILED),
        ([True, False], EXIT_SOME_FAILED),
        ([False, True, True], EXIT_SOME_FAILED),
    ],
)
def test_exit_code(fetched: list[bool], expected: int) -> None:
    reports = [report(f"s{i}", feeds_ok=int(ok), feeds_failed=int(not ok)) for i, ok in enumerate(fetched)]
    assert exit_code(reports) == expected


def test_exit_codes_are_0_1_3() -> None:
    assert (EXIT_OK, EXIT_ALL_FAILED, EXIT_SOME_FAILED) == (0, 1, 3)


def test_a_partly_failed_source_still_counts_as_fetched() -> None:
    assert exit_code([report("a", feeds_ok=1, feeds_failed=3)]) == EXIT_OK


def test_exit_code_from_the_crawl_stats() -> None:
    assert exit_code(build_reports(crawl_stats(), SOURCES)) == EXIT_SOME_FAILED
    assert exit_code(build_reports(crawl_stats(), SOURCES[:2])) == EXIT_OK
    assert exit_code(build_reports(crawl_stats(), SOURCES[2:])) == EXIT_ALL_FAILED


def test_format_table() -> None:
    lines = format_table(build_reports(crawl_stats(), SOURCES)).splitlines()
    header, rule, *rows, total = lines
    assert header.split() == [
        "source",
        "feeds",
        "found",
        "stored",
        "updated",
        "dropped",
        "not",
        "art.",
        "failed",
        "pending",
        "status",
    ]
    assert set(rule) == {"-"} and len(rule) == len(header)
    assert rows[0].split() == ["alhadath", "2/2", "12", "9", "2", "1", "0", "0", "0", "ok"]
    assert rows[1].split() == ["akhbar_alwatan", "1/2", "5", "2", "0", "0", "1", "2", "0", "partial"]
    assert rows[2] == "    ↳ feed https://akhbar-alwatan.example/sport.xml: HTTP 404"
    assert rows[3].split() == ["sawt_almadina", "0/1", "0", "0", "0", "0", "0", "0", "0", "FAILED"]
    assert rows[4] == "    ↳ feed https://sawt-almadina.example/rss: host name not found (DNS lookup failed)"
    assert len(rows) == 5
    assert total == "3 sources, 1 failed; 17 articles found, 11 new stored, 1 dropped"


def test_format_table_columns_line_up() -> None:
    lines = format_table(build_reports(crawl_stats(), SOURCES)).splitlines()
    header = lines[0]
    starts = [
        header.index(name)
        for name in (
            "source",
            "feeds",
            "found",
            "stored",
            "updated",
            "dropped",
            "not art.",
            "failed",
            "pending",
            "status",
        )
    ]
    for row in (lines[2], lines[3], lines[5]):
        # Every cell starts where its column name starts.
        assert [i for i, char in enumerate(row) if char != " " and (i == 0 or row[i - 1] == " ")] == starts


def test_error_of_a_fully_fetched_source_is_shown_only_when_pages_failed() -> None:
    quiet = report("hadi", feeds_ok=1, error="feed https://hadi.example/old.xml: HTTP 500")
    noisy = report("sakhib", feeds_ok=1, error="page https://sakhib.example/n/1: timed out", pages_failed=1)
    table = format_table([quiet, noisy])
    assert "HTTP 500" not in table
    assert "    ↳ page https://sakhib.example/n/1: timed out" in table.splitlines()


def test_format_table_of_no_sources() -> None:
    lines = format_table([]).splitlines()
    assert len(lines) == 3
    assert lines[-1] == "0 sources, 0 failed; 0 articles found, 0 new stored, 0 dropped"


@pytest.mark.parametrize(
    ("counts", "status", "fetched"),
    [
        ({keys.FEEDS_OK: 2, keys.FEEDS_NOT_MODIFIED: 2}, "unchanged", True),
        ({keys.FEEDS_OK: 2, keys.FEEDS_NOT_MODIFIED: 1}, "ok", True),
        ({keys.FEEDS_NOT_DUE: 2}, "waiting", True),
        ({keys.FEEDS_DISABLED: 1}, "DISABLED", False),
        ({keys.FEEDS_OK: 1, keys.FEEDS_DISABLED: 1}, "partial", True),
        ({keys.FEEDS_FAILED: 1, keys.FEEDS_NOT_DUE: 1}, "FAILED", False),
    ],
)
def test_incremental_statuses(counts: dict[str, int], status: str, fetched: bool) -> None:
    stats = DictStats()
    for counter, n in counts.items():
        keys.count(stats, "s", counter, n=n)
    (r,) = build_reports(stats.values, [("s", 2)])
    assert (r.status, r.fetched) == (status, fetched)


def test_waiting_sources_get_a_hint_in_the_summary() -> None:
    stats = DictStats()
    keys.count(stats, "nabd", keys.FEEDS_NOT_DUE, n=2)
    keys.count(stats, "wadi", keys.FEEDS_OK)
    table = format_table(build_reports(stats.values, [("nabd", 2), ("wadi", 1)]))
    assert "1 sources waiting: none of their feeds is due yet" in table and "--all-feeds" in table
    assert "waiting" not in format_table(build_reports(stats.values, [("wadi", 1)]))


def test_a_source_whose_feeds_back_off_after_failures_is_failing_not_waiting() -> None:
    stats = DictStats()
    keys.count(stats, "gone", keys.FEEDS_NOT_DUE)
    keys.count(stats, "gone", keys.FEEDS_BACKING_OFF)
    (report,) = build_reports(stats.values, [("gone", 1)])
    assert (report.status, report.fetched) == ("FAILING", False)


def test_bodies_from_the_trafilatura_fallback_are_said_in_the_summary() -> None:
    stats = DictStats()
    keys.count(stats, "alhadath", keys.FEEDS_OK)
    keys.count(stats, "alhadath", keys.EXTRACTION_FALLBACK, "short_body", n=2)
    assert stats.values["akhbar/extraction_fallback/short_body"] == 2
    table = format_table(build_reports(stats.values, [("alhadath", 1)]))
    assert "2 bodies taken from plain trafilatura" in table
    assert "plain trafilatura" not in format_table(build_reports(crawl_stats(), [("alhadath", 2)]))


def test_refused_pages_kept_are_said_in_the_footer() -> None:
    kept = report("hadi", feeds_ok=1, pages_requested=3, stored=1, not_article=2, refused_kept=2)
    assert format_table([kept]).splitlines()[-1] == (
        "1 sources, 0 failed; 3 articles found, 1 new stored, 0 dropped; 2 refused pages kept for `akhbar reextract`"
    )


def test_pending_entries_are_a_column_and_said_in_the_footer() -> None:
    behind = report("hadi", feeds_ok=1, pages_requested=100, stored=100, pending=200)
    header, _, row, footer = format_table([behind]).splitlines()
    assert row.split()[header.split().index("pending") - 1] == "200"  # "not art." is two words
    assert footer.endswith("; 200 listed articles pending, fetched by the next runs (newest first)")
    assert "pending," not in format_table([report("hadi", feeds_ok=1)])
