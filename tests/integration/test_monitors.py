"""Spidermon monitors (spiders/monitors.py): a good crawl passes them all, a bad one trips each, and the
report lands beside the crawl log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crawler.demo import DemoServer, sources_toml
from crawler.demo.server import RouteServer
from crawler.store import open_store
from tests.conftest import run_akhbar

_BODY = (
    "أعلنت بلدية المدينة الساحلية صباح اليوم عن خطة لتوسيع الحدائق العامة في الأحياء الشرقية، "
    "وقال رئيس البلدية إن العمل يبدأ الشهر المقبل ويستمر حتى نهاية الصيف. "
    "وأضاف أن الخطة تشمل زراعة ألف شجرة على جانبي الطرق الرئيسية وإنشاء ممرات للمشاة والدراجات، "
    "وأن السكان مدعوون إلى اجتماع مفتوح الأسبوع المقبل لإبداء آرائهم في التصاميم المقترحة."
)
# An article with no date anywhere (no pubDate in its feed, none in its page), and a listed page that
# is missing: published_at coverage falls to 0 and one page fails.
_UNDATED_PAGE = (
    '<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>حدائق جديدة</title></head>'
    f"<body><article><h1>البلدية توسع الحدائق العامة</h1><p>{_BODY}</p><p>{_BODY}</p></article></body></html>"
)


def _feed(base: str) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link></item>"
        for title, path in (("البلدية توسع الحدائق العامة", "/news/gardens.html"), ("خبر محذوف", "/news/gone.html"))
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>مدينة</title>{items}</channel></rss>'
    )


def _entry(source_id: str, base: str, feed: str) -> str:
    return (
        f'[[sources]]\nid = "{source_id}"\nname = "{source_id}"\nname_ar = "مصدر"\n'
        f'homepage = "{base}/"\nfeeds = ["{base}{feed}"]\ncountry = "LB"\nlanguage = "ar"\n'
    )


def _crawl(tmp_path: Path, sources: str, *settings: str) -> tuple[str, str]:
    """Crawl with the monitors on; return the report's text and the command's output (stdout, stderr)."""
    (tmp_path / "sources.toml").write_text(sources, encoding="utf-8")
    args = ["--set", "SPIDERMON_ENABLED=True", "--log-file", "logs/crawl.log"]
    for setting in settings:
        args += ["--set", setting]
    result = run_akhbar("crawl", "--sources", "sources.toml", "--db", "a.db", "--profile", "test", *args, cwd=tmp_path)
    report = tmp_path / "logs" / "crawl.log.monitors.txt"
    assert report.is_file(), result.stderr
    assert f"report in {Path('logs/crawl.log.monitors.txt')}" in result.stderr
    return report.read_text(encoding="utf-8"), result.stdout + result.stderr


def _status(report: str, check: str) -> str:
    line = next(line for line in report.splitlines() if line.endswith("/" + check))
    return line.split()[0]


def _reason(report: str, check: str) -> str:
    lines = report.splitlines()
    row = next(i for i, line in enumerate(lines) if line.endswith("/" + check))
    return lines[row + 1].strip()


def test_demo_crawl_passes_every_monitor(tmp_path: Path) -> None:
    # The demo outlets list two pages that are not articles: they are kept as refused pages (items of
    # another type), which must not count against the articles' field coverage.
    with DemoServer() as server:
        report, stderr = _crawl(tmp_path, sources_toml(server.base_url))
    assert "\nOK (6 checks)\n" in report, report
    assert "finish reason: finished" in report
    assert "FAIL" not in report and "ERROR" not in report and "SKIPPED" not in report
    assert "monitors: all passed" in stderr
    assert "2 refused pages kept" in stderr


def test_bad_crawl_trips_each_monitor(tmp_path: Path) -> None:
    with RouteServer() as server:
        base = server.base_url
        server.routes["/feed.xml"] = (200, "application/rss+xml", _feed(base).encode())
        server.routes["/news/gardens.html"] = (200, "text/html; charset=utf-8", _UNDATED_PAGE.encode())
        sources = _entry("city", base, "/feed.xml") + _entry("gone", base, "/no-feed.xml")
        report, stderr = _crawl(tmp_path, sources, "AKHBAR_MONITOR_MAX_PAGES_FAILED=0")
    assert "FAILED (4 of 6 checks)" in report, report
    assert "monitors: 4 FAILED" in stderr
    assert _status(report, "Minimum stored per source") == "FAIL"
    assert _reason(report, "Minimum stored per source") == "sources below the minimum: gone: 0 stored (minimum 1)"
    assert _status(report, "Share of articles with each field") == "FAIL"
    coverage = _reason(report, "Share of articles with each field")
    assert "Article/published_at (expected 0.8, got 0" in coverage and "headline" not in coverage
    assert _status(report, "Feeds failed") == "FAIL"
    assert _reason(report, "Feeds failed") == "1 feeds failed (maximum 0, AKHBAR_MONITOR_MAX_FEEDS_FAILED)"
    assert _status(report, "Pages failed") == "FAIL"
    assert _reason(report, "Pages failed") == "1 pages failed (maximum 0, AKHBAR_MONITOR_MAX_PAGES_FAILED)"
    assert _status(report, "Errors logged") == "OK"
    assert _status(report, "Should have the expected finished reason(s)") == "OK"
    # The log says each failed check in one line, without unittest's traceback.
    log = (tmp_path / "logs" / "crawl.log").read_text(encoding="utf-8")
    assert "Traceback" not in log and "Warning" not in log
    assert "[Spidermon] FAIL: Errors and failures/Feeds failed: 1 feeds failed (maximum 0" in log


def test_errors_logged_and_an_early_stop_trip_their_monitors(tmp_path: Path) -> None:
    open_store(str(tmp_path / "a.db")).close()
    holder = sqlite3.connect(tmp_path / "a.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # the store fails all crawl long: "Storage failed" is logged as an error
    try:
        with DemoServer() as server:
            report, _ = _crawl(
                tmp_path, sources_toml(server.base_url), "AKHBAR_STORE_BUSY_TIMEOUT=1", "CLOSESPIDER_PAGECOUNT=8"
            )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _status(report, "Errors logged") == "FAIL"
    assert "errors logged (maximum 0, SPIDERMON_MAX_ERRORS)" in _reason(report, "Errors logged")
    assert "finish reason: closespider_pagecount" in report
    assert _status(report, "Should have the expected finished reason(s)") == "FAIL"
