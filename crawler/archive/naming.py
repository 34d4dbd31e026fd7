"""Where WARC files go and what they are called.

Names follow the IIPC convention ``prefix-timestamp-serial-host.warc.gz``: the timestamp (UTC, to the
millisecond) is when the file was opened, the serial counts the files of one writer from 00000.
A file being written carries ``.open`` after its name; it is renamed when closed (or recovered).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from crawler.store.spool import spool_path

DEFAULT_PREFIX: Final = "akhbar"
WARC_SUFFIX: Final = ".warc.gz"
OPEN_SUFFIX: Final = ".open"
# Folder of the archive, beside the database (``data/akhbar.db`` → ``data/warc``).
DEFAULT_DIR_NAME: Final = "warc"
# A host name fit for a file name: anything but letters, digits, dots and dashes becomes a dash.
_UNSAFE_HOST = re.compile(r"[^A-Za-z0-9.-]+")


def warc_dir(store_uri: str, configured: str | None = None) -> Path | None:
    """The archive folder: ``configured`` if given (empty: archiving is off, ``None``), else ``warc/``
    beside the database, found as the spool file is (``data/warc`` for a server database)."""
    if configured is not None:
        return Path(configured) if configured.strip() else None
    return spool_path(store_uri).parent / DEFAULT_DIR_NAME


def warc_filename(prefix: str, opened_at: datetime, serial: int, host: str) -> str:
    """``akhbar-20261205183000123-00000-hostname.warc.gz``."""
    stamp = opened_at.astimezone(UTC).strftime("%Y%m%d%H%M%S") + f"{opened_at.microsecond // 1000:03d}"
    safe_host = _UNSAFE_HOST.sub("-", host).strip("-") or "localhost"
    return f"{prefix}-{stamp}-{serial:05d}-{safe_host}{WARC_SUFFIX}"


def open_name(final: str) -> str:
    """The name a file has while it is written."""
    return final + OPEN_SUFFIX


def final_path(open_path: Path) -> Path:
    """``x.warc.gz.open`` → ``x.warc.gz``."""
    name = open_path.name
    return open_path.with_name(name[: -len(OPEN_SUFFIX)] if name.endswith(OPEN_SUFFIX) else name)


def warc_files(directory: Path) -> list[Path]:
    """The closed WARC files of a folder, oldest first (names start with their timestamp)."""
    if not directory.is_dir():
        return []
    return sorted((p for p in directory.iterdir() if p.name.endswith(WARC_SUFFIX)), key=lambda p: p.name)
