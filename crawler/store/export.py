"""Exports of stored articles: JSON Lines, CSV for spreadsheets, and plain text."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
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
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    written = 0
    if fmt == "csv":
        out.write("\ufeff")
        writer = csv.writer(out)
        writer.writerow(article_fields())
    for article in articles:
        if fmt == "jsonl":
            out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        elif fmt == "csv":
            writer.writerow([_csv_cell(v) for v in article.to_dict().values()])
        else:
            out.write((_TEXT_SEPARATOR if written else "") + render_text(article))
        written += 1
    if fmt == "text" and written:
        out.write("\n")
    return written


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    text = " | ".join(map(str, value)) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text
