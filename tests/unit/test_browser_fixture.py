"""The browser fixture itself: Debian's Chromium starts headless and lays out right-to-left text."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page


def test_headless_chromium_renders_an_arabic_page(browser_page: Page) -> None:
    browser_page.set_content('<html dir="rtl" lang="ar"><body><h1 id="h">أخبار اليوم</h1></body></html>')
    heading = browser_page.locator("#h")
    assert heading.inner_text() == "أخبار اليوم"
    assert heading.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert len(browser_page.screenshot()) > 1000
