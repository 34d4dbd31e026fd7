"""Exports of stored articles: JSON Lines, CSV for spreadsheets, and plain text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from crawler.items import Article, article_fields
from crawler.store.render import render_text

FORMATS = ("jsonl", "csv", "text")
# Spreadsheet programs run a cell that starts with one of these as a formula.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_TEXT_SEPARATOR = "\n\n" + "─" * 40 + "\n\n"


def write_export(articles: Iterable[Article], fmt: str, out: TextIO) -> int:
    """Write ``articles`` to ``out`` in ``fmt``; return how many were written.

    CSV starts with a UTF-8 BOM (so spreadsheet programs detect the encoding; open ``out`` with
    ``newline=""``), lists are joined with " | ", and cells that would run as formulas are quoted.
    """
    counted = _Counted(articles)
    for chunk in iter_export(counted, fmt):
        out.write(chunk)
    return counted.seen


def iter_export(articles: Iterable[Article], fmt: str) -> Iterator[str]:
    """The text ``write_export`` writes, in pieces (the header, then one per article), for streaming."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if fmt == "csv":
        writer.writerow(article_fields())
        yield "\ufeff" + _drain(buffer)
    written = 0
    for article in articles:
        if fmt == "jsonl":
            yield json.dumps(article.to_dict(), ensure_ascii=False) + "\n"
        elif fmt == "csv":
            writer.writerow([_csv_cell(v) for v in article.to_dict().values()])
            yield _drain(buffer)
        else:
            yield (_TEXT_SEPARATOR if written else "") + render_text(article)
        written += 1
    if fmt == "text" and written:
        yield "\n"


class _Counted:
    """An iterable of articles that counts how many were taken from it."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self._articles = articles
        self.seen = 0

    def __iter__(self) -> Iterator[Article]:
        for article in self._articles:
            self.seen += 1
            yield article


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    text = " | ".join(map(str, value)) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text
