"""End to end in a real browser: ``akhbar serve`` over the demo database, driven by headless Chromium.

A search typed in another spelling than the stored text (hamza-less alef, ه for ة, a clitic و) finds the
article; its page opens laid out right to left. Screenshots go to tests/screenshots/ (the README's) under `make screenshots`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import ROOT, run_akhbar, start_serve

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Stored as «الإسكندرية» (a demo headline); typed with a plain alef, ه for ة and the clitic و.
QUERY = "والاسكندريه"
HEADLINE = "انطلاق معرض الإسكندرية للكتاب بمشاركة 260 دار نشر عربية"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of ``akhbar serve`` over a fresh demo database (with its WARC archive)."""
    db = tmp_path_factory.mktemp("web") / "demo.db"
    demo = run_akhbar("demo", "--db", str(db), cwd=ROOT)
    assert demo.returncode == 0, demo.stderr[-2000:]
    process, address = start_serve(str(db))
    try:
        yield address
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_search_another_spelling_then_read_the_article_right_to_left(
    served: str, browser_page: Page, screenshots: Path
) -> None:
    page = browser_page
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text) if message.type == "error" else None)
    page.goto(served)
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("form.quick input[name=q]", QUERY)
    page.press("form.quick input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    first = page.locator("li.result").first
    assert first.locator("h2").inner_text() == HEADLINE
    assert "الإسكندرية" in first.locator("mark").first.inner_text()
    page.screenshot(path=str(screenshots / "web-search.png"))

    first.locator("h2 a").click()
    page.wait_for_url("**/article/*")
    story = page.locator("article.story")
    assert story.locator("h1").inner_text() == HEADLINE
    assert story.evaluate("node => getComputedStyle(node).direction") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert story.locator("p.attribution").inner_text().startswith("المصدر: ")
    assert page.locator("aside.facts").get_by_text("الاستجابة من أرشيف WARC (نصاً)").count() == 1
    page.screenshot(path=str(screenshots / "web-article.png"), full_page=True)

    page.goto(served + "sources")
    assert page.locator("table.sources tbody tr").count() == 3
    page.screenshot(path=str(screenshots / "web-sources.png"))
    assert not blocked, blocked  # nothing refused by the content policy, no script errors


def test_captured_page_is_shown_as_text(served: str, browser_page: Page) -> None:
    page = browser_page
    page.goto(served + "article/1/capture")
    text = page.locator("body").inner_text()
    assert text.startswith("# WARC ")
    assert "<html" in text.lower()  # the HTML is there as text, not laid out
    assert page.locator("body > pre").count() == 1  # how Chromium shows text/plain
