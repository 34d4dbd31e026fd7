"""A headless Chromium page for browser tests: Playwright driving Debian's ``chromium`` package.

Playwright's own browser download is not reachable from our machines, so the tests launch the system
browser by path (``make test`` installs the ``chromium`` package when it is missing). Where it is absent
the test is skipped, or fails in CI (``CI=true``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

# The README's screenshots, rewritten by `make screenshots` (AKHBAR_SCREENSHOTS=1); a plain test run writes
# its screenshots to a temporary folder, so `make test` leaves the work tree as it found it.
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
# Without these, Chromium keeps calling home (sync, component updates, QUIC) and a closed network
# refuses every one of those connections; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium_path() -> str:
    """The system Chromium; skips the test (fails in CI) when it is not installed."""
    found = os.environ.get("AKHBAR_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail("chromium is not installed; `make test` installs Debian's chromium package")
    pytest.skip("chromium is not installed (`make test` installs it)")


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where a browser test saves its screenshots: tests/screenshots/ under ``make screenshots``, else a temporary folder."""
    folder = SCREENSHOTS if os.environ.get("AKHBAR_SCREENSHOTS") == "1" else tmp_path / "screenshots"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def browser_page(tmp_path: Path) -> Iterator[Page]:
    """A fresh page in headless Chromium (its own profile), 1280×900, closed after the test."""
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = chromium_path()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=list(CHROMIUM_ARGS))
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
            yield context.new_page()
            context.close()
        finally:
            browser.close()
