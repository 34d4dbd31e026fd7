"""Live progress: a redrawn table on a terminal, plain lines otherwise."""

from __future__ import annotations

import io

from scrapy.crawler import Crawler

from crawler import stats as keys
from crawler.app.progress import ProgressExtension


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_gets_a_redrawn_table(crawler: Crawler) -> None:
    stream = _Terminal()
    ext = ProgressExtension(crawler, 1.0, stream)
    assert crawler.stats is not None
    keys.count(crawler.stats, "nabd", keys.FEEDS_OK)
    keys.count(crawler.stats, "nabd", keys.STORED, n=4)
    ext.report()
    ext.report()
    out = stream.getvalue()
    assert out.count("status") == 2  # drawn twice
    assert "\x1b[" in out  # the second drawing moved the cursor back over the first
    nabd = next(line for line in out.splitlines() if line.startswith("nabd "))
    assert nabd.split()[1:4] == ["1/1", "0", "4"]


def test_plain_lines_only_when_something_changed(crawler: Crawler) -> None:
    stream = io.StringIO()
    ext = ProgressExtension(crawler, 1.0, stream)
    assert crawler.stats is not None
    keys.count(crawler.stats, "wadi", keys.PAGES_REQUESTED, n=3)
    ext.report()
    ext.report()
    lines = stream.getvalue().splitlines()
    assert "progress wadi: feeds 0/1 (0 failed), articles found 3, stored 0, dropped 0" in lines
    assert sum(line.startswith("progress wadi") for line in lines) == 1
    assert "\x1b[" not in stream.getvalue()
