"""CDXJ indexes of WARC files, made by cdxj-indexer (the indexer of Webrecorder, whose format pywb reads)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO

from cdxj_indexer.main import CDXJIndexer


def write_cdxj(files: Sequence[Path], out: IO[str] | Path) -> None:
    """A sorted CDXJ index of ``files`` (responses, revisits, resources) into ``out``, a text stream or a path.

    Each line's ``filename`` is the file's name, as pywb expects for files in a collection's archive.
    """
    output = str(out) if isinstance(out, Path) else out
    CDXJIndexer(output, [str(f) for f in files], sort=True).process_all()
