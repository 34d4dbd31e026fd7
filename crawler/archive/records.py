"""WARC/1.1 records of HTTP exchanges, built with warcio, each serialised as its own gzip member.

An ``Exchange`` is what the crawler saw of one request and its response: the body as received (before
any content decoding), the headers in the order received. Header names come as the HTTP client
gives them (canonical case; HTTP header names are case-insensitive) and their bytes are kept as they
are (latin-1 round trip, not percent-encoded). The HTTP client removes chunked transfer coding before
the body reaches us, so a ``Transfer-Encoding`` header is kept as ``X-Akhbar-Transfer-Encoding``:
readers must not de-chunk the stored body again.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any, Final
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

WARC_VERSION: Final = "1.1"
# zlib level of each record's gzip member: 6 compresses HTML within a few percent of 9, twice as fast.
GZIP_LEVEL: Final = 6
RENAMED_TRANSFER_ENCODING: Final = "X-Akhbar-Transfer-Encoding"
WARC_FIELDS: Final = "application/warc-fields"

Headers = Sequence[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Exchange:
    """One HTTP request and the response it got, as sent and received."""

    url: str
    method: str
    request_headers: Headers
    status: int
    response_headers: Headers
    body: bytes
    at: datetime  # when the response arrived (UTC)
    request_body: bytes = b""
    protocol: str = "HTTP/1.1"
    ip_address: str | None = None


@dataclass(frozen=True, slots=True)
class Capture:
    """Where a payload was first archived, for the revisit records of later identical payloads."""

    uri: str
    date: str  # its WARC-Date


@dataclass(frozen=True, slots=True)
class Built:
    """Serialised records (gzip members, in file order) and what an index needs of them."""

    members: list[bytes]
    record_id: str  # of the response or revisit record
    date: str
    payload_digest: str
    revisit: bool


class _RawHeaders(StatusAndHeaders):  # type: ignore[misc]  # warcio has no type hints
    """Headers written byte for byte (latin-1), where warcio would percent-encode non-ASCII bytes."""

    def compute_headers_buffer(self, header_filter: Any = None) -> None:
        self.headers_buff = self.to_bytes(header_filter, encoding="latin-1")


def payload_digest(body: bytes) -> str:
    """``sha1:BASE32``, as warcio writes ``WARC-Payload-Digest``."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def warc_date(at: datetime) -> str:
    """WARC/1.1 date: ISO 8601 in UTC with microseconds."""
    return str(datetime_to_iso_date(at.astimezone(UTC).replace(tzinfo=None), use_micros=True))


def gzip_member(data: bytes) -> bytes:
    """``data`` as one complete gzip member."""
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return compressor.compress(data) + compressor.flush()


def _builder() -> WARCWriter:
    return WARCWriter(io.BytesIO(), gzip=False, warc_version=WARC_VERSION)


def serialise(record: Any) -> bytes:
    """A warcio record as one gzip member (a record is whole or absent in a file written member by member)."""
    out = io.BytesIO()
    WARCWriter(out, gzip=False, warc_version=WARC_VERSION).write_record(record)
    return gzip_member(out.getvalue())


def response_headers(exchange: Exchange) -> StatusAndHeaders:
    reason = _reason(exchange.status)
    headers = [
        (RENAMED_TRANSFER_ENCODING, value) if name.lower() == "transfer-encoding" else (name, value)
        for name, value in exchange.response_headers
    ]
    status = f"{exchange.status} {reason}".rstrip()
    return _RawHeaders(status, headers, protocol=exchange.protocol or "HTTP/1.1")


def request_headers(exchange: Exchange) -> StatusAndHeaders:
    parts = urlsplit(exchange.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = list(exchange.request_headers)
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", parts.netloc))
    return _RawHeaders(f"{exchange.method} {target} {exchange.protocol or 'HTTP/1.1'}", headers, is_http_request=True)


def exchange_records(exchange: Exchange, first: Capture | None) -> Built:
    """The response (or, when ``first`` archived the same payload, a revisit) and the request records.

    Each record is a gzip member; the request carries ``WARC-Concurrent-To`` of the response.
    """
    builder = _builder()
    date = warc_date(exchange.at)
    digest = payload_digest(exchange.body)
    common = {"WARC-Date": date}
    if exchange.ip_address:
        common["WARC-IP-Address"] = exchange.ip_address
    if first is not None:
        response = builder.create_revisit_record(
            exchange.url,
            digest,
            first.uri,
            first.date,
            http_headers=response_headers(exchange),
            warc_headers_dict=dict(common),
        )
        # Headers only: the block digest covers them (warcio computes it on write).
    else:
        response = builder.create_warc_record(
            exchange.url,
            "response",
            payload=io.BytesIO(exchange.body),
            length=len(exchange.body),
            http_headers=response_headers(exchange),
            warc_headers_dict=dict(common),
        )
    response_id = response.rec_headers.get_header("WARC-Record-ID")
    request = builder.create_warc_record(
        exchange.url,
        "request",
        payload=io.BytesIO(exchange.request_body),
        length=len(exchange.request_body),
        http_headers=request_headers(exchange),
        warc_headers_dict={**common, "WARC-Concurrent-To": response_id},
    )
    return Built(
        members=[serialise(response), serialise(request)],
        record_id=response_id,
        date=date,
        payload_digest=digest,
        revisit=first is not None,
    )


def warcinfo_record(filename: str, info: Mapping[str, str]) -> bytes:
    """The ``warcinfo`` record that opens a file."""
    record = _builder().create_warcinfo_record(filename, dict(info))
    return serialise(record)


def metadata_record(uri: str, refers_to: str, fields: Iterable[tuple[str, str]], at: datetime) -> bytes:
    """A ``metadata`` record about the record ``refers_to`` (``application/warc-fields``)."""
    body = "".join(f"{name}: {value}\r\n" for name, value in fields).encode("utf-8")
    record = _builder().create_warc_record(
        uri,
        "metadata",
        payload=io.BytesIO(body),
        length=len(body),
        warc_content_type=WARC_FIELDS,
        warc_headers_dict={"WARC-Date": warc_date(at), "WARC-Refers-To": refers_to},
    )
    return serialise(record)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
