"""CDXJ indexes of WARC files, made by cdxj-indexer (the indexer of Webrecorder, whose format pywb reads)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO

from cdxj_indexer.main import CDXJIndexer

from crawler.archive.files import recover_open_files
from crawler.archive.naming import warc_files


def write_cdxj(files: Sequence[Path], out: IO[str] | Path) -> None:
    """A sorted CDXJ index of ``files`` (responses, revisits, resources) into ``out``, a text stream or a path.

    Each line's ``filename`` is the file's name, as pywb expects for files in a collection's archive.
    """
    output = str(out) if isinstance(out, Path) else out
    CDXJIndexer(output, [str(f) for f in files], sort=True).process_all()


def files_to_index(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """The WARC files named, folders expanded to their WARC files (after recovering the ``.open`` files a
    crash left in them); and the recovered files. ``FileNotFoundError`` for a path that does not exist."""
    files: list[Path] = []
    recovered: list[Path] = []
    for path in paths:
        if path.is_dir():
            recovered += recover_open_files(path)
            files += warc_files(path)
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return files, recovered
