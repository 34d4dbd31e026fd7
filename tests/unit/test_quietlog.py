"""The filter that turns known download failures logged by Scrapy into one line (crawler/app/quietlog.py)."""

from __future__ import annotations

import logging
import sys

import pytest
from scrapy import Request
from scrapy.exceptions import CannotResolveHostError
from twisted.internet.error import ConnectionRefusedError as Refused

from crawler.app.quietlog import ROBOTS_LOGGER, KnownFailureFilter


def _record(name: str, exc: BaseException) -> logging.LogRecord:
    try:
        raise exc
    except BaseException:
        exc_info = sys.exc_info()
    args = {"request": Request("http://outlet.example/news/1"), "f_exception": exc}
    return logging.LogRecord(
        name, logging.ERROR, __file__, 1, "Error downloading %(request)s: %(f_exception)s", (args,), exc_info
    )


def _formatted(record: logging.LogRecord) -> str:
    assert KnownFailureFilter().filter(record)
    return logging.Formatter("%(levelname)s %(message)s").format(record)


def test_robots_txt_unreachable_is_one_warning_line() -> None:
    record = _record(ROBOTS_LOGGER, CannotResolveHostError("outlet.example"))
    assert _formatted(record) == (
        "WARNING robots.txt not fetched: http://outlet.example/robots.txt: host name not found (DNS lookup failed)"
    )


def test_a_known_download_error_keeps_its_level_and_loses_its_traceback() -> None:
    record = _record("scrapy.core.scraper", Refused())
    assert _formatted(record) == "ERROR Error downloading http://outlet.example/news/1: connection refused"


@pytest.mark.parametrize("name", [ROBOTS_LOGGER, "scrapy.core.scraper"])
def test_anything_else_keeps_its_traceback(name: str) -> None:
    text = _formatted(_record(name, ValueError("a bug")))
    assert text.startswith("ERROR Error downloading <GET http://outlet.example/news/1>: a bug\nTraceback")
