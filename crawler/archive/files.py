"""One WARC file being written, and the recovery of files a crash left open.

A file is written as ``NAME.warc.gz.open`` under an exclusive ``flock``, one complete gzip member per
record, each record in a single ``write``; ``sync`` flushes it to disk (``fsync``). Closing renames it
to ``NAME.warc.gz``. After a crash (kill -9, power loss) the ``.open`` file may end in a partial member:
``recover_open_files`` cuts it after its last whole member and renames it, so every record in a closed
file is whole. A file still locked belongs to a live crawl and is left alone.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import zlib
from pathlib import Path

from crawler.archive.naming import OPEN_SUFFIX, final_path

logger = logging.getLogger(__name__)

_READ_CHUNK = 1 << 20


class WarcFile:
    """An open ``.open`` file: ``append`` whole records, ``sync`` them, ``close`` renames it."""

    def __init__(self, path: Path) -> None:
        self.path = path  # the final name; the file is ``path + .open`` until closed
        self.open_path = path.with_name(path.name + OPEN_SUFFIX)
        self._fd = os.open(self.open_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.size = 0  # bytes of whole records written

    def append(self, data: bytes) -> None:
        """Write ``data`` (whole gzip members) at the end; on failure the file is cut back to its last
        whole record and the error raised."""
        try:
            written = os.write(self._fd, data)
            while written < len(data):  # a short write (a signal, a full disk): finish or fail
                written += os.write(self._fd, data[written:])
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, self.size)
            raise
        self.size += len(data)

    def sync(self) -> None:
        os.fsync(self._fd)

    def close(self) -> Path:
        """Sync, unlock, and rename to the final name."""
        try:
            os.fsync(self._fd)
        finally:
            os.close(self._fd)
        os.replace(self.open_path, self.path)
        return self.path


def whole_members_length(path: Path) -> int:
    """Bytes of ``path`` taken by complete gzip members from its start (what follows is a partial one)."""
    good = 0  # end of the last whole member
    offset = 0  # file offset of the next byte fed
    decompressor = zlib.decompressobj(zlib.MAX_WBITS + 16)
    data = b""
    with path.open("rb") as stream:
        while True:
            if not data:
                data = stream.read(_READ_CHUNK)
                if not data:
                    return good
            try:
                decompressor.decompress(data)
            except zlib.error:  # not gzip from here on (a torn write over older bytes)
                return good
            if decompressor.eof:
                offset += len(data) - len(decompressor.unused_data)
                good = offset
                data = decompressor.unused_data
                decompressor = zlib.decompressobj(zlib.MAX_WBITS + 16)
            else:
                offset += len(data)
                data = b""


def recover_open_files(directory: Path) -> list[Path]:
    """Close the ``.open`` files a crashed crawl left: cut each after its last whole record, rename it.

    Files locked by a running crawl are skipped; an empty file is removed. Returns the recovered paths.
    """
    recovered: list[Path] = []
    if not directory.is_dir():
        return recovered
    for open_path in sorted(directory.glob(f"*{OPEN_SUFFIX}")):
        try:
            fd = os.open(open_path, os.O_RDWR)
        except OSError as exc:
            logger.warning("Cannot open %s to recover it: %s", open_path, exc)
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a running crawl writes it
            good = whole_members_length(open_path)
            size = os.fstat(fd).st_size
            if good < size:
                logger.warning("%s: %d bytes of a record cut short by a crash removed", open_path, size - good)
                os.ftruncate(fd, good)
                os.fsync(fd)
            if good == 0:
                open_path.unlink()
                continue
            target = final_path(open_path)
            os.replace(open_path, target)
            recovered.append(target)
        finally:
            os.close(fd)
    return recovered
