"""``akhbar serve`` from the command line: every mistake is exit 2 with one line before anything is
served; a real server answers on 127.0.0.1 and stops on SIGTERM. And the read-only store it opens."""

from __future__ import annotations

import signal
import sqlite3
import urllib.request
from pathlib import Path

import pytest

from crawler.app.cli import main
from crawler.store import StorageError, open_store
from crawler.store.sqlite import SCHEMA_VERSION
from tests.conftest import start_serve
from tests.pg import postgres_schema
from tests.web.conftest import ARTICLES, fill


def test_missing_store_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.db"
    assert main(["serve", "--db", str(missing)]) == 2
    assert f"database {missing} does not exist" in capsys.readouterr().err
    assert main(["serve", "--db", f"sqlite:///{missing}"]) == 2
    assert "no such database" in capsys.readouterr().err
    assert not missing.exists()  # never created


def test_older_schema_is_exit_2_and_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY)")
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    assert main(["serve", "--db", str(old)]) == 2
    assert f"database schema version 4, this Akhbar reads version {SCHEMA_VERSION}" in capsys.readouterr().err
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4  # not migrated
    conn.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "70000"], "--port 70000: expected a port number from 1 to 65535"),
        (["--host", "no-such-host.invalid"], "cannot listen on no-such-host.invalid"),
        (["--warc", "/no/such/folder"], "--warc /no/such/folder: no such folder"),
    ],
)
def test_bad_address_or_archive_is_exit_2(
    sqlite_uri: str, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--db", sqlite_uri, *args]) == 2
    assert message in capsys.readouterr().err


def test_a_port_that_is_not_a_number_is_exit_2(sqlite_uri: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--db", sqlite_uri, "--port", "http"])
    assert stopped.value.code == 2


def test_serves_on_loopback_and_stops_on_sigterm(sqlite_uri: str) -> None:
    process, address = start_serve(sqlite_uri)
    try:
        with urllib.request.urlopen(address + "search?q=%D8%B2%D9%8A%D8%AA%D9%88%D9%86", timeout=10) as page:
            assert page.status == 200 and page.headers["Server"] == "waitress"
            assert "موسم الزيتون يبدأ مبكراً" in page.read().decode()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_read_only_sqlite_store_refuses_writes_and_sees_a_writer(sqlite_uri: str) -> None:
    with open_store(sqlite_uri, read_only=True) as reader, open_store(sqlite_uri) as writer:
        before = reader.count()
        with pytest.raises(StorageError, match="readonly"):
            reader.upsert(ARTICLES[0])
        writer.upsert(ARTICLES[0].__class__(url="https://sada.example/news/99", headline="خبر جديد", body="نص"))
        assert reader.count() == before + 1  # WAL: the reader reads beside the writer


def test_read_only_postgres_store() -> None:
    with postgres_schema() as uri:
        with pytest.raises(StorageError, match="no Akhbar store here"):
            open_store(uri, read_only=True)
        fill(uri)
        with open_store(uri, read_only=True) as reader:
            assert reader.count() == len(ARTICLES)
            with pytest.raises(StorageError, match="read-only transaction"):
                reader.upsert(ARTICLES[0])
