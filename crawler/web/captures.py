"""Archived captures for article pages: the response of an article's URL found in the store's WARC
archive (through a CDXJ index built in memory by cdxj-indexer, rebuilt when the files change), or the
raw response the store kept; either way as plain text, never as a page a browser would run."""

from __future__ import annotations

import io
import json
import threading
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from crawler.archive.index import write_cdxj
from crawler.archive.naming import warc_files
from crawler.items import RawCapture

# The most of a body a capture shows (the rest is cut, and the cut is said).
MAX_BODY_BYTES = 4 << 20


@dataclass(frozen=True, slots=True)
class Location:
    """Where a capture is: the WARC file, the record's offset and its capture time (14 digits, UTC)."""

    path: Path
    offset: int
    timestamp: str


@dataclass(frozen=True, slots=True)
class Capture:
    """One HTTP response as text: where it came from, the status line, the headers, the body (decoded
    with its declared charset, else UTF-8, undecodable bytes replaced)."""

    origin: str
    status_line: str
    headers: tuple[tuple[str, str], ...]
    body: str
    truncated: bool

    def as_text(self) -> str:
        head = "\n".join(f"{name}: {value}" for name, value in self.headers)
        cut = f"\n\n[… cut at {MAX_BODY_BYTES} bytes]" if self.truncated else ""
        return f"# {self.origin}\n\n{self.status_line}\n{head}\n\n{self.body}{cut}\n"


class WarcIndex:
    """The responses of a WARC folder by URL (the latest capture of each), read lazily and again when the
    folder's closed files change; files still being written (``.open``) are left to the crawl."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.Lock()
        self._signature: tuple[tuple[str, int], ...] | None = None
        self._by_url: dict[str, Location] = {}

    def find(self, url: str) -> Location | None:
        """The latest archived response (not a revisit) of ``url``, or ``None``."""
        files = warc_files(self.directory)
        signature = tuple((f.name, f.stat().st_size) for f in files)
        with self._lock:
            if signature != self._signature:
                self._by_url = _index(files)
                self._signature = signature
            return self._by_url.get(url)


def read_warc_capture(location: Location) -> Capture:
    """The response record at ``location``, its body decoded (chunking and Content-Encoding undone)."""
    with location.path.open("rb") as stream:
        stream.seek(location.offset)
        record = next(iter(ArchiveIterator(stream)))
        headers = tuple(record.http_headers.headers) if record.http_headers else ()
        status_line = record.http_headers.protocol + " " + record.http_headers.statusline if record.http_headers else ""
        body = record.content_stream().read(MAX_BODY_BYTES + 1)
    origin = f"WARC {location.path.name}, offset {location.offset}, captured {location.timestamp} UTC"
    return _capture(origin, status_line, headers, body)


def stored_capture(raw: RawCapture) -> Capture:
    """The raw response the store kept with an article."""
    headers = tuple((name, str(value)) for name, value in raw.headers.items())
    return _capture(f"raw response kept in the store for {raw.url}", f"HTTP {raw.status}", headers, raw.body)


def _capture(origin: str, status_line: str, headers: tuple[tuple[str, str], ...], body: bytes) -> Capture:
    charset = "utf-8"
    for name, value in headers:
        if name.lower() == "content-type" and "charset=" in value.lower():
            charset = value.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'") or charset
    try:
        text = body[:MAX_BODY_BYTES].decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        text = body[:MAX_BODY_BYTES].decode("utf-8", errors="replace")
    return Capture(origin, status_line, headers, text, len(body) > MAX_BODY_BYTES)


def _index(files: list[Path]) -> dict[str, Location]:
    """URL → its latest response, from a CDXJ index of ``files`` (``surt timestamp {json}`` lines)."""
    if not files:
        return {}
    out = io.StringIO()
    write_cdxj(files, out)
    by_name = {f.name: f for f in files}
    found: dict[str, Location] = {}
    for line in out.getvalue().splitlines():
        _, timestamp, data = line.split(" ", 2)
        fields = json.loads(data)
        if fields.get("mime") == "warc/revisit" or "offset" not in fields or fields.get("filename") not in by_name:
            continue
        seen = found.get(fields["url"])
        if seen is None or timestamp >= seen.timestamp:
            found[fields["url"]] = Location(by_name[fields["filename"]], int(fields["offset"]), timestamp)
    return found
