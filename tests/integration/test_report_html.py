"""The monitoring report from a recorded history: text and JSON for scripts, Prometheus metrics, and the
HTML report opened in headless Chromium (charts drawn, right to left; the screenshot the README shows)."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.monitoring.metrics import build_registry, metrics_exposition
from crawler.store import open_store
from crawler.store.runs import SourceRun
from tests.conftest import run_akhbar
from tests.monitor_history import history

if TYPE_CHECKING:
    from playwright.sync_api import Page

END = datetime(2026, 11, 29, 22, 0, tzinfo=UTC)
SOURCES = """
[[sources]]
id = "nabd"
name = "Nabd"
name_ar = "نبض المدينة"
homepage = "https://nabd.example/"
feeds = ["https://nabd.example/rss.xml"]
country = "LB"
language = "ar"
timezone = "Asia/Beirut"
[[sources]]
id = "wadi"
name = "Wadi"
name_ar = "صحيفة الوادي"
homepage = "https://wadi.example/"
feeds = ["https://wadi.example/atom.xml"]
country = "LB"
language = "ar"
timezone = "Asia/Beirut"
[[sources]]
id = "maghreb"
name = "Maghreb"
name_ar = "أنباء المغرب الكبير"
homepage = "https://maghreb.example/"
feeds = ["https://maghreb.example/rss.xml"]
country = "LB"
language = "ar"
timezone = "Asia/Beirut"
"""


def _recorded(tmp_path: Path) -> tuple[Path, Path]:
    """Two weeks of runs; in the last days wadi's pages start being refused and maghreb goes quiet."""
    runs = history(END, {"nabd": 4, "wadi": 3, "maghreb": 2}, stop={"maghreb": END - timedelta(days=2)})
    turn = END - timedelta(days=3)
    for i, run in enumerate(runs):
        if datetime.fromisoformat(run.finished_at) >= turn:
            wadi = SourceRun("wadi", "ok", {"stored": 1, "pages_requested": 4, "not_article": 3, "pages_failed": i % 2})
            runs[i] = dataclasses.replace(run, sources=tuple(s if s.source_id != "wadi" else wadi for s in run.sources))
    db = tmp_path / "news.db"
    with open_store(str(db)) as store:
        for run in runs:
            store.record_run(run)
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES, encoding="utf-8")
    return db, sources


def test_text_and_json_reports(tmp_path: Path) -> None:
    db, sources = _recorded(tmp_path)
    args = ("report", "--db", str(db), "--sources", str(sources), "--since", "2026-11-23", "--until", "2026-11-29")
    text = run_akhbar(*args, cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    assert "maghreb          2026-11-29" in text.stdout and "LOW" in text.stdout
    data = json.loads(run_akhbar(*args, "--format", "json", "--source", "wadi", cwd=tmp_path).stdout)
    rows = {r["day"]: r for r in data["rows"]}
    assert set(rows) == {f"2026-11-{d}" for d in range(23, 30)} and {r["source_id"] for r in data["rows"]} == {"wadi"}
    assert rows["2026-11-29"]["refusals"] == 36 and rows["2026-11-22".replace("22", "23")]["refusals"] == 0
    assert rows["2026-11-23"]["expected"] == 36  # 12 runs a day, about 3 each
    bad = run_akhbar("report", "--db", str(db), "--since", "yesterday", cwd=tmp_path)
    assert bad.returncode == 2 and "--since 'yesterday'" in bad.stderr


def test_metrics_from_the_history(tmp_path: Path) -> None:
    db, _ = _recorded(tmp_path)
    with open_store(str(db)) as store:
        body, content_type = metrics_exposition(store)
        runs = store.runs()
    text = body.decode()
    assert content_type.startswith("text/plain")
    assert f"akhbar_runs_total {float(len(runs))}" in text
    stored = sum(s.get("stored") for r in runs for s in r.sources if s.source_id == "nabd")
    assert f'akhbar_source_articles_stored_total{{source="nabd"}} {float(stored)}' in text
    assert 'akhbar_last_run_source{counter="not_article",source="wadi"} 3.0' in text
    assert build_registry([]).get_sample_value("akhbar_runs_total") == 0


def test_html_report_in_chromium(tmp_path: Path, browser_page: Page, screenshots: Path) -> None:
    db, sources = _recorded(tmp_path)
    out = tmp_path / "report.html"
    done = run_akhbar(
        "report", "--db", str(db), "--sources", str(sources), "--since", "2026-11-16", "--until", "2026-11-29",
        "--format", "html", "--out", str(out), cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    browser_page.goto(out.as_uri())
    assert browser_page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    charts = browser_page.locator("svg.chart")
    assert charts.count() == 3
    assert browser_page.locator("svg.chart").first.locator("polyline.series").count() >= 3
    legend = browser_page.locator("svg.chart").first.locator("g.legend text")
    assert [t.text_content() for t in legend.all()] == ["أنباء المغرب الكبير", "نبض المدينة", "صحيفة الوادي"]
    box = charts.first.bounding_box()
    assert box is not None and box["width"] > 800
    browser_page.set_viewport_size({"width": 1000, "height": 900})
    browser_page.screenshot(path=str(screenshots / "report.png"), full_page=False)
    assert (screenshots / "report.png").stat().st_size > 20_000


def test_default_window_starts_with_the_history(tmp_path: Path) -> None:
    """A store whose first run was yesterday: the default week shows yesterday and today, not five
    days before there was anything to record (those were never missed)."""
    yesterday = datetime.now(UTC) - timedelta(days=1)
    runs = history(yesterday + timedelta(hours=2), {"nabd": 4}, days=1)
    db = tmp_path / "news.db"
    with open_store(str(db)) as store:
        for run in runs:
            store.record_run(run)
    text = run_akhbar("report", "--db", str(db), cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    days = {line.split()[1] for line in text.stdout.splitlines() if line.startswith("nabd ")}
    first = datetime.fromisoformat(runs[0].started_at).date()
    assert days and min(days) == first.isoformat()
