"""Payloads already archived, by digest: what revisit records refer to, across runs.

A small SQLite table in the archive folder maps ``WARC-Payload-Digest`` to the URI, date and file of
the response record that holds the payload. Rows are committed after their records are on disk
(``commit`` after the file's ``fsync``), so a row never names a record that a crash lost; rows of files
no longer in the folder are forgotten when the index is opened, so a revisit never points at a file
that was moved away. Without the table (deleted, or a folder copied without it) payloads are simply
archived in full again.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Final

from crawler.archive.naming import final_path
from crawler.archive.records import Capture

INDEX_NAME: Final = "payload-digests.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS payloads (
    digest TEXT PRIMARY KEY,
    uri TEXT NOT NULL,
    date TEXT NOT NULL,
    file TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS payloads_file ON payloads (file);
"""


class DigestIndex:
    """``digest → Capture`` for one archive folder (one connection, used by one thread)."""

    def __init__(self, directory: Path, *, busy_timeout: float = 30.0) -> None:
        self.path = directory / INDEX_NAME
        self._conn = sqlite3.connect(self.path, timeout=busy_timeout, check_same_thread=False)
        self._conn.executescript(_SCHEMA)
        # A file still being written (``.open``) counts under its final name.
        present = {final_path(p).name for p in directory.iterdir()}
        gone = [f for (f,) in self._conn.execute("SELECT DISTINCT file FROM payloads") if f not in present]
        self._conn.executemany("DELETE FROM payloads WHERE file = ?", [(f,) for f in gone])
        self._conn.commit()

    def get(self, digest: str) -> Capture | None:
        row = self._conn.execute("SELECT uri, date FROM payloads WHERE digest = ?", (digest,)).fetchone()
        return Capture(uri=row[0], date=row[1]) if row else None

    def add(self, digest: str, capture: Capture, file: str) -> None:
        """Remember a payload (visible to ``get`` at once, kept once ``commit`` is called)."""
        self._conn.execute(
            "INSERT OR IGNORE INTO payloads (digest, uri, date, file) VALUES (?, ?, ?, ?)",
            (digest, capture.uri, capture.date, file),
        )

    def commit(self) -> None:
        self._conn.commit()

    def rollback(self) -> None:
        self._conn.rollback()

    def close(self) -> None:
        self._conn.close()
