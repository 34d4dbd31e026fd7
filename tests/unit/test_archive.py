"""The WARC archive library: names, records and their digests, revisits across runs, rolling, recovery."""

from __future__ import annotations

import gzip
import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.archive.files import recover_open_files, whole_members_length
from crawler.archive.index import files_to_index, write_cdxj
from crawler.archive.naming import warc_dir, warc_filename, warc_files
from crawler.archive.records import Exchange, exchange_records, gzip_member, payload_digest
from crawler.archive.writer import ArchiveOptions, ArchiveWriter

PAGE = "<html><body><h1>افتتاح مكتبة عامة جديدة في وسط المدينة</h1><p>قالت البلدية إن المكتبة تفتح أبوابها يومياً.</p></body></html>".encode()
WHEN = datetime(2026, 12, 5, 18, 30, 0, 123456, tzinfo=UTC)


def _exchange(url: str = "http://outlet.test/news/1.html", body: bytes = PAGE, status: int = 200) -> Exchange:
    return Exchange(
        url=url,
        method="GET",
        request_headers=[("User-Agent", "Akhbar/test"), ("Accept-Encoding", "gzip")],
        status=status,
        response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
        body=body,
        at=WHEN,
        ip_address="127.0.0.1",
    )


def _records(directory: Path) -> list[tuple[str, object]]:
    """(file name, record) of every record, reading each file to its end with digests checked."""
    out = []
    for path in warc_files(directory):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream, check_digests="raise"):
                record.content_stream().read()
                out.append((path.name, record))
    return out


@pytest.mark.parametrize(
    ("uri", "configured", "expected"),
    [
        ("sqlite:///data/akhbar.db", None, Path("data/warc")),
        ("sqlite:////srv/news/akhbar.db", None, Path("/srv/news/warc")),
        ("postgresql://u@h/db", None, Path("data/warc")),
        ("sqlite:///data/akhbar.db", "/archive/warc", Path("/archive/warc")),
        ("sqlite:///data/akhbar.db", "", None),
    ],
)
def test_the_archive_folder_is_beside_the_database_unless_set(uri: str, configured: str | None, expected: Path) -> None:
    assert warc_dir(uri, configured) == expected


def test_file_names_follow_the_iipc_convention() -> None:
    assert warc_filename("akhbar", WHEN, 0, "crawl-01") == "akhbar-20261205183000123-00000-crawl-01.warc.gz"
    assert warc_filename("akhbar", WHEN, 12, "a b/c") == "akhbar-20261205183000123-00012-a-b-c.warc.gz"


def test_a_response_record_keeps_the_body_and_headers_as_received() -> None:
    compressed = gzip.compress(PAGE)
    exchange = Exchange(
        url="http://outlet.test/a?x=1",
        method="GET",
        request_headers=[("Accept-Encoding", "gzip")],
        status=200,
        response_headers=[
            ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked"),
            ("Location", "/خبر".encode().decode("latin-1")),  # raw UTF-8 bytes, as some outlets send
        ],
        body=compressed,
        at=WHEN,
    )
    built = exchange_records(exchange, None)
    response, request = (next(iter(ArchiveIterator(io.BytesIO(m), check_digests="raise"))) for m in built.members)
    assert response.rec_type == "response"
    assert response.rec_headers.get_header("WARC-Payload-Digest") == payload_digest(compressed)
    assert response.rec_headers.get_header("WARC-Block-Digest")
    assert response.http_headers.statusline == "200 OK"
    assert response.http_headers.get_header("Content-Encoding") == "gzip"
    # The stored body is de-chunked: the header is kept under another name so readers do not de-chunk it.
    assert response.http_headers.get_header("Transfer-Encoding") is None
    assert response.http_headers.get_header("X-Akhbar-Transfer-Encoding") == "chunked"
    assert response.raw_stream.read() == compressed  # not decompressed
    raw = gzip.decompress(built.members[0])
    assert "Location: /خبر\r\n".encode() in raw  # the header's bytes, not percent-encoded
    assert request.rec_type == "request"
    assert request.rec_headers.get_header("WARC-Concurrent-To") == built.record_id
    assert request.http_headers.protocol == "GET"
    assert request.http_headers.statusline == "/a?x=1 HTTP/1.1"
    assert request.http_headers.get_header("Host") == "outlet.test"


def test_writer_revisits_payloads_archived_in_this_run_and_earlier_ones(tmp_path: Path) -> None:
    first = ArchiveWriter(ArchiveOptions(tmp_path, host="h", info={"software": "test"}))
    first.write_exchange(_exchange())
    first.write_exchange(_exchange("http://outlet.test/news/1-copy.html"))  # same payload, other URI
    first.write_exchange(_exchange("http://outlet.test/empty", body=b"", status=301))
    first.write_exchange(_exchange("http://outlet.test/empty2", body=b"", status=301))  # empty: no revisit
    first.close()
    assert (first.counts.responses, first.counts.revisits) == (3, 1)
    second = ArchiveWriter(ArchiveOptions(tmp_path, host="h"))
    second.write_exchange(_exchange())
    second.write_exchange(_exchange(body=PAGE + b"<!-- changed -->"))
    second.close()
    assert (second.counts.responses, second.counts.revisits) == (1, 1)

    records = _records(tmp_path)
    names = sorted({name for name, _ in records})
    assert len(names) == 2 and all(n.startswith("akhbar-") and n.endswith("-h.warc.gz") for n in names)
    kinds = [r.rec_type for _, r in records]  # type: ignore[attr-defined]
    assert kinds.count("warcinfo") == 2
    revisits = [r for _, r in records if r.rec_type == "revisit"]  # type: ignore[attr-defined]
    original = next(r for _, r in records if r.rec_type == "response")  # type: ignore[attr-defined]
    for revisit in revisits:
        headers = revisit.rec_headers  # type: ignore[attr-defined]
        assert headers.get_header("WARC-Profile").endswith("/warc/1.1/revisit/identical-payload-digest")
        assert headers.get_header("WARC-Refers-To-Target-URI") == "http://outlet.test/news/1.html"
        assert headers.get_header("WARC-Refers-To-Date") == original.rec_headers.get_header("WARC-Date")  # type: ignore[attr-defined]
        assert headers.get_header("WARC-Payload-Digest") == payload_digest(PAGE)


def test_a_revisit_never_points_at_a_file_that_is_gone(tmp_path: Path) -> None:
    writer = ArchiveWriter(ArchiveOptions(tmp_path, host="h"))
    writer.write_exchange(_exchange())
    writer.close()
    for path in warc_files(tmp_path):
        path.unlink()
    again = ArchiveWriter(ArchiveOptions(tmp_path, host="h"))
    again.write_exchange(_exchange())
    again.close()
    assert (again.counts.responses, again.counts.revisits) == (1, 0)


def test_metadata_links_the_latest_response_of_a_uri_to_its_article(tmp_path: Path) -> None:
    writer = ArchiveWriter(ArchiveOptions(tmp_path, host="h"))
    writer.write_exchange(_exchange())
    writer.write_metadata("http://outlet.test/news/1.html", [("akhbar-article-id", "42")])
    writer.write_metadata("http://outlet.test/never-fetched", [("akhbar-article-id", "43")])
    writer.close()
    assert (writer.counts.metadata, writer.counts.unlinked) == (1, 1)
    records = [r for _, r in _records(tmp_path)]
    response = next(r for r in records if r.rec_type == "response")  # type: ignore[attr-defined]
    metadata = next(r for r in records if r.rec_type == "metadata")  # type: ignore[attr-defined]
    assert metadata.rec_headers.get_header("WARC-Refers-To") == response.rec_headers.get_header("WARC-Record-ID")  # type: ignore[attr-defined]
    assert metadata.rec_headers.get_header("Content-Type") == "application/warc-fields"  # type: ignore[attr-defined]


def test_files_roll_at_the_size_and_each_opens_with_warcinfo(tmp_path: Path) -> None:
    writer = ArchiveWriter(ArchiveOptions(tmp_path, max_size=2000, host="h"))
    for i in range(6):
        writer.write_exchange(_exchange(f"http://outlet.test/{i}", body=PAGE + str(i).encode()))
    writer.close()
    files = warc_files(tmp_path)
    assert [f.name.split("-")[2] for f in files] == [f"{i:05d}" for i in range(len(files))]
    assert len(files) >= 3
    for path in files:
        with path.open("rb") as stream:
            assert next(iter(ArchiveIterator(stream))).rec_type == "warcinfo"
    assert not list(tmp_path.glob("*.open"))


def test_a_file_cut_by_a_crash_keeps_its_whole_records(tmp_path: Path) -> None:
    writer = ArchiveWriter(ArchiveOptions(tmp_path, host="h"))
    writer.write_exchange(_exchange())
    writer.sync()
    assert writer._file is not None
    open_path = writer._file.open_path
    whole = open_path.stat().st_size
    # What a kill in the middle of a write leaves: the start of a record's gzip member.
    with open_path.open("ab") as stream:
        stream.write(gzip_member(os.urandom(5000))[:1234])
    assert whole_members_length(open_path) == whole
    assert recover_open_files(tmp_path) == []  # still locked by the writer: a live crawl's file
    os.close(writer._file._fd)  # the crash: the lock goes with the process
    writer._file = None
    recovered = recover_open_files(tmp_path)
    assert [p.name for p in recovered] == [open_path.name.removesuffix(".open")]
    assert recovered[0].stat().st_size == whole
    assert [r.rec_type for _, r in _records(tmp_path)] == ["warcinfo", "response", "request"]  # type: ignore[attr-defined]


def test_cdxj_index_lists_responses_and_revisits(tmp_path: Path) -> None:
    writer = ArchiveWriter(ArchiveOptions(tmp_path, host="h"))
    writer.write_exchange(_exchange())
    writer.write_exchange(_exchange("http://outlet.test/news/2.html"))
    writer.close()
    out = io.StringIO()
    files, recovered = files_to_index([tmp_path])
    write_cdxj(files, out)
    lines = out.getvalue().splitlines()
    assert recovered == []
    assert [line.split(" ")[0] for line in lines] == ["test,outlet)/news/1.html", "test,outlet)/news/2.html"]
    assert '"mime": "warc/revisit"' in lines[1]
    assert f'"filename": "{files[0].name}"' in lines[0]


def test_a_full_disk_is_counted_and_the_file_keeps_its_whole_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = ArchiveWriter(ArchiveOptions(tmp_path, host="h"))
    writer.write_exchange(_exchange())
    real_write = os.write

    def full(fd: int, data: bytes) -> int:
        real_write(fd, data[: len(data) // 2])  # half a record lands, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    writer.write_exchange(_exchange("http://outlet.test/news/2.html", body=PAGE + b"2"))
    monkeypatch.setattr(os, "write", real_write)
    writer.write_exchange(_exchange("http://outlet.test/news/3.html", body=PAGE + b"3"))
    writer.close()
    assert writer.counts.failed == 2  # the response and request records of news/2
    assert writer.counts.last_error is not None and "No space left" in writer.counts.last_error
    uris = [r.rec_headers.get_header("WARC-Target-URI") for _, r in _records(tmp_path) if r.rec_type == "response"]  # type: ignore[attr-defined]
    assert uris == ["http://outlet.test/news/1.html", "http://outlet.test/news/3.html"]
