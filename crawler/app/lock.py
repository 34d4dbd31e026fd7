"""One crawl per store at a time: an exclusive ``flock`` on a lock file beside the database.

The kernel drops the lock when its holder exits, however it exits (SIGKILL, OOM, power loss of the
process), so a crashed crawl never leaves a stale lock behind. The file itself stays; it holds the
holder's pid and start time for the message other crawls print, and is emptied on release.
"""

from __future__ import annotations

import fcntl
import os
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO

LOCK_SUFFIX = ".lock"


class LockBusy(RuntimeError):
    """Another process holds the lock; ``holder_pid`` and ``since`` are None when it wrote none yet."""

    def __init__(self, path: Path, holder_pid: int | None, since: datetime | None) -> None:
        self.path = path
        self.holder_pid = holder_pid
        self.since = since
        pid = "unknown" if holder_pid is None else str(holder_pid)
        started = "" if since is None else f", since {since.isoformat(timespec='seconds')}"
        super().__init__(f"another akhbar crawl (pid {pid}{started}) holds {path}")


class RunLock:
    """An exclusive, non-blocking inter-process lock on ``path``; a context manager.

    ``with RunLock.for_store("data/akhbar.db"):`` holds ``data/akhbar.db.lock`` or raises ``LockBusy``.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._file: IO[str] | None = None

    @classmethod
    def for_store(cls, db_path: str | os.PathLike[str]) -> RunLock:
        """The lock of the SQLite database at ``db_path`` (a file path or a ``sqlite:///`` URI)."""
        return cls(_db_file(os.fspath(db_path)) + LOCK_SUFFIX)

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self) -> None:
        """Take the lock and record this process in it; ``LockBusy`` at once if another holds it."""
        if self._file is not None:
            raise RuntimeError(f"{self.path} is already held by this RunLock")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # "a+" neither truncates nor moves the holder's words: they are only rewritten once we hold it.
        file = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.seek(0)
            holder_pid, since = _parse_holder(file.read())
            file.close()
            raise LockBusy(self.path, holder_pid, since) from None
        except BaseException:
            file.close()
            raise
        file.seek(0)
        file.truncate()
        file.write(f"{os.getpid()} {datetime.now().astimezone().isoformat(timespec='seconds')}\n")
        file.flush()
        self._file = file

    def release(self) -> None:
        """Empty the file and drop the lock (the file stays: removing it would race with a new holder)."""
        file, self._file = self._file, None
        if file is None:
            return
        try:
            file.seek(0)
            file.truncate()
        finally:
            file.close()  # closing the last descriptor releases the flock

    close = release

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def _db_file(store: str) -> str:
    """``sqlite:///data/akhbar.db`` → ``data/akhbar.db``, ``sqlite:////abs.db`` → ``/abs.db``; paths as they are."""
    scheme, sep, rest = store.partition("://")
    if not sep:
        return store
    if scheme.lower().split("+", 1)[0] not in {"sqlite", "sqlite3"} or not rest.startswith("/") or len(rest) == 1:
        raise ValueError(f"{scheme}:// store: only a SQLite database file has a lock file beside it")
    return rest[1:]


def _parse_holder(text: str) -> tuple[int | None, datetime | None]:
    """``"1234 2025-05-01T10:00:00+03:00"`` → (1234, that time); missing or garbled parts → None."""
    pid_text, _, since_text = text.strip().partition(" ")
    pid = int(pid_text) if pid_text.isdigit() else None
    try:
        since = datetime.fromisoformat(since_text) if since_text else None
    except ValueError:
        since = None
    return pid, since
