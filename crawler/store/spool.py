"""Articles the store could not take, kept on disk until a later run stores them.

A spool is a JSON Lines file, one article per line, written with ``fsync`` after each line so a crash
keeps what was written. Each line is ``{"v": 1, "spooled_at": …, "article": Article.to_dict(),
"raw": …}``; the raw capture (which ``to_dict`` leaves out) is kept beside the article with its body
in base64, so nothing of what was fetched is lost. A refused page (``RefusedPage``) is a line with
``"refused"`` (its fields, the feed entry as ``crawler.listings.feeds.entry_to_dict``) instead of ``"article"``.
Text is written as UTF-8, not ``\\u`` escapes, so an operator can read the file.

``load`` reads the articles back with their line numbers; a line that cannot be read (a crash in the
middle of a write, a hand edit) is appended to ``<spool>.bad`` and reported, never silently lost.
``rewrite`` keeps only the lines that are still to be stored, atomically.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
from collections.abc import Callable, Collection, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from crawler.items import Article, Item, RawCapture, RefusedPage, entry_from_dict, entry_to_dict

FORMAT_VERSION: Final = 1
SPOOL_SUFFIX: Final = ".spool.jsonl"
BAD_SUFFIX: Final = ".bad"
# Where articles are kept when the store has no file to put them beside (a server database).
DEFAULT_SPOOL: Final = "data/spool.jsonl"
_SQLITE_SCHEMES: Final = frozenset({"sqlite", "sqlite3"})
_MEMORY: Final = ":memory:"


class SpoolLineError(ValueError):
    """A spool line that cannot be read; it has been moved to ``bad_path``."""

    def __init__(self, path: Path, line_no: int, reason: str, bad_path: Path) -> None:
        self.path = path
        self.line_no = line_no
        self.reason = reason
        self.bad_path = bad_path
        super().__init__(f"{path}:{line_no}: unreadable spool line ({reason}); kept aside in {bad_path}")


def spool_path(store_uri: str, configured: str | None = None) -> Path:
    """The spool of a store: ``configured`` if given, else ``<db>.spool.jsonl`` beside a SQLite file
    (``sqlite:///data/akhbar.db`` → ``data/akhbar.db.spool.jsonl``), else ``data/spool.jsonl``."""
    if configured:
        return Path(configured)
    scheme, sep, rest = store_uri.partition("://")
    if not sep:
        db = store_uri
    elif scheme.lower().split("+", 1)[0] in _SQLITE_SCHEMES and rest.startswith("/") and len(rest) > 1:
        db = rest[1:]
    else:
        return Path(DEFAULT_SPOOL)
    return Path(DEFAULT_SPOOL) if db in ("", _MEMORY) else Path(db + SPOOL_SUFFIX)


def encode(item: Item, spooled_at: datetime | None = None) -> bytes:
    """One spool line (ending in a newline) for an article or a refused page, with its raw capture."""
    raw = item.raw
    record: dict[str, Any] = {
        "v": FORMAT_VERSION,
        "spooled_at": (spooled_at or datetime.now(UTC)).isoformat(timespec="seconds"),
    }
    if isinstance(item, Article):
        record["article"] = item.to_dict()
    else:
        record["refused"] = {
            "url": item.url,
            "verdict": item.verdict,
            "reason": item.reason,
            "detail": item.detail,
            "source_id": item.source_id,
            "feed_url": item.feed_url,
            "entry": entry_to_dict(item.entry) if item.entry is not None else None,
            "fetched_at": item.fetched_at,
        }
    record["raw"] = (
        None
        if raw is None
        else {
            "url": raw.url,
            "status": raw.status,
            "headers": raw.headers,
            "body_base64": base64.b64encode(raw.body).decode("ascii"),
        }
    )
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def decode(line: bytes) -> Item:
    """The article or refused page of one spool line; ``ValueError`` (or ``TypeError``/``KeyError``)
    when it is not one."""
    record = json.loads(line.decode("utf-8"))
    if not isinstance(record, dict) or record.get("v") != FORMAT_VERSION:
        raise ValueError(f"not a version {FORMAT_VERSION} spool record")
    raw_record = record.get("raw")
    raw = (
        None
        if raw_record is None
        else RawCapture(
            url=raw_record["url"],
            status=int(raw_record["status"]),
            headers=dict(raw_record["headers"]),
            body=base64.b64decode(raw_record["body_base64"], validate=True),
        )
    )
    if "refused" in record:
        if raw is None:
            raise ValueError("a refused page without its raw capture")
        fields = dict(record["refused"])
        entry = fields.pop("entry", None)
        page = RefusedPage(raw=raw, entry=entry_from_dict(entry) if entry is not None else None, **fields)
        if not isinstance(page.url, str) or not isinstance(page.reason, str):
            raise ValueError("url and reason must be strings")
        return page
    article = Article.from_dict(record["article"])
    if not isinstance(article.url, str) or not isinstance(article.headline, str) or not isinstance(article.body, str):
        raise ValueError("url, headline and body must be strings")
    article.raw = raw
    return article


class Spool:
    """The spool file at ``path`` (created on the first ``append``)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    @property
    def bad_path(self) -> Path:
        """Where unreadable lines are kept: ``<spool>.bad``."""
        return self.path.with_name(self.path.name + BAD_SUFFIX)

    def exists(self) -> bool:
        return self.path.is_file() and self.path.stat().st_size > 0

    def append(self, item: Item) -> None:
        """Add one line and ``fsync`` it; ``OSError`` when the file cannot be written (disk full)."""
        line = encode(item)
        created = not self.path.exists()
        if created:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a+b") as file:
            file.seek(0, os.SEEK_END)
            if file.tell() > 0:
                file.seek(-1, os.SEEK_END)
                if file.read(1) != b"\n":  # a line cut short by a crash stays a line of its own
                    line = b"\n" + line
            file.write(line)
            file.flush()
            os.fsync(file.fileno())
        if created:
            _fsync_dir(self.path.parent)

    def load(self, on_bad: Callable[[SpoolLineError], None] | None = None) -> Iterator[tuple[int, Item]]:
        """``(line number, article or refused page)`` for every readable line, first line 1; blank lines are skipped.

        An unreadable line is appended to ``bad_path`` first, then reported: passed to ``on_bad``, or
        raised as ``SpoolLineError`` when there is no ``on_bad``.
        """
        if not self.path.exists():
            return
        with self.path.open("rb") as file:
            for line_no, line in enumerate(file, start=1):
                if not line.strip():
                    continue
                try:
                    item = decode(line)
                except (ValueError, TypeError, KeyError, binascii.Error) as exc:
                    error = self._set_aside(line_no, line, exc)
                    if on_bad is None:
                        raise error from exc
                    on_bad(error)
                    continue
                yield line_no, item

    def rewrite(self, keep: Collection[int]) -> None:
        """Keep only the lines numbered in ``keep`` (as ``load`` numbered them), atomically: the new
        file replaces the old one whole, so a crash leaves one or the other. Call it after ``load``
        with no ``append`` in between. With nothing to keep, the file is removed."""
        if not keep:
            self.clear()
            return
        if not self.path.exists():
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            with self.path.open("rb") as old, tmp.open("wb") as new:
                for line_no, line in enumerate(old, start=1):
                    if line_no in keep:
                        new.write(line if line.endswith(b"\n") else line + b"\n")
                new.flush()
                os.fsync(new.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            tmp.unlink(missing_ok=True)  # the spool itself is untouched
            raise
        _fsync_dir(self.path.parent)

    def clear(self) -> None:
        """Remove the spool (every article in it is stored)."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            return
        _fsync_dir(self.path.parent)

    def _set_aside(self, line_no: int, line: bytes, exc: Exception) -> SpoolLineError:
        with self.bad_path.open("ab") as bad:
            bad.write(line if line.endswith(b"\n") else line + b"\n")
            bad.flush()
            os.fsync(bad.fileno())
        reason = f"{type(exc).__name__}: {exc}"
        return SpoolLineError(self.path, line_no, reason[:200], self.bad_path)


def _fsync_dir(directory: Path) -> None:
    """Make a file's creation, rename or removal durable (where the platform allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # some filesystems refuse it; the data itself was synced
            os.fsync(fd)
    finally:
        os.close(fd)
