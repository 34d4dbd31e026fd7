"""Exports from the list and search pages (streamed, the bytes of ``akhbar export``), and archived
captures served as text: from the WARC archive when it holds the response, else the stored one."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.app.cli import main
from crawler.store import open_store
from tests.web.conftest import make_client


def cli_export(uri: str, fmt: str, tmp_path: Path, *args: str) -> bytes:
    out = tmp_path / f"cli.{fmt}"
    assert main(["export", "--db", uri, "--format", fmt, "--out", str(out), *args]) == 0
    return out.read_bytes()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize(
    "selection",
    [
        ("", ()),
        ("source=marsad&from=2026-11-02", ("--source", "marsad", "--since", "2026-11-02")),
        ("to=2026-11-02", ("--until", "2026-11-02")),
    ],
)
def test_export_is_byte_identical_to_akhbar_export(
    client: FlaskClient, store_uri: str, tmp_path: Path, fmt: str, selection: tuple[str, tuple[str, ...]]
) -> None:
    query, cli_args = selection
    response = client.get(f"/export.{fmt}?{query}")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.headers["Content-Disposition"] == f'attachment; filename="akhbar-export.{fmt}"'
    assert response.get_data() == cli_export(store_uri, fmt, tmp_path, *cli_args)


def test_export_of_a_search_holds_its_hits_best_first(sqlite_client: FlaskClient, sqlite_uri: str) -> None:
    lines = sqlite_client.get("/export.jsonl?q=الزيتون OR المياه").get_data(as_text=True).splitlines()
    with open_store(sqlite_uri) as store:
        ranked = [hit.article.id for hit in store.search("الزيتون OR المياه")]
    assert [json.loads(line)["id"] for line in lines] == ranked
    assert len(ranked) == 3
    assert sqlite_client.get("/export.csv?q=طائرة").get_data(as_text=True).count("\n") == 1  # the header only


def test_export_filters_by_language_and_country(sqlite_client: FlaskClient) -> None:
    persian = sqlite_client.get("/export.jsonl?lang=fa").get_data(as_text=True).splitlines()
    assert [json.loads(line)["language"] for line in persian] == ["fa"]
    assert sqlite_client.get("/export.jsonl?country=LB&source=sada").get_data() == b""


def test_capture_without_an_archive_is_the_stored_response_as_text(sqlite_client: FlaskClient) -> None:
    response = sqlite_client.get("/article/1/capture")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    text = response.get_data(as_text=True)
    assert text.startswith("# raw response kept in the store for https://sada.example/news/1")
    assert "<script>document.title='pwned'</script>" in text and "مياه" in text  # as text, never run
    assert "no capture of article 2" in sqlite_client.get("/article/2/capture").get_data(as_text=True)
    assert sqlite_client.get("/article/2/capture").status_code == 404


def write_warc(path: Path, url: str, body: bytes) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
        writer.write_record(record)


def test_capture_from_the_warc_archive(sqlite_uri: str, tmp_path: Path) -> None:
    archive = tmp_path / "warc"
    archive.mkdir()
    body = "<html><script>alert(1)</script><p>نسخة الأرشيف</p></html>".encode()
    write_warc(archive / "akhbar-20261101090000000-00000-test.warc.gz", "https://sada.example/news/1", body)
    client = make_client(sqlite_uri, archive)
    assert 'href="/article/1/capture">الاستجابة من أرشيف WARC' in client.get("/article/1").get_data(as_text=True)
    response = client.get("/article/1/capture")
    text = response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert text.startswith("# WARC akhbar-20261101090000000-00000-test.warc.gz, offset 0")
    assert "HTTP/1.1 200 OK" in text and "<script>alert(1)</script><p>نسخة الأرشيف</p>" in text
    # An article the archive does not hold falls back to its stored response, or has none.
    assert "الاستجابة من أرشيف" not in client.get("/article/2").get_data(as_text=True)
