"""RunLock: one crawl per store, refused with the holder named, freed when the holder dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from crawler.app.lock import LockBusy, RunLock
from tests.conftest import ROOT

# A holder in another process: takes the lock, says so, then waits to be killed.
HOLDER_SCRIPT = """
import sys, time
from crawler.app.lock import RunLock
lock = RunLock(sys.argv[1])
lock.acquire()
print("locked", flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize(
    ("store", "lock_path"),
    [
        ("data/akhbar.db", "data/akhbar.db.lock"),
        ("/srv/akhbar/news.db", "/srv/akhbar/news.db.lock"),
        ("sqlite:///data/akhbar.db", "data/akhbar.db.lock"),
        ("sqlite:////srv/akhbar/news.db", "/srv/akhbar/news.db.lock"),
    ],
)
def test_the_lock_file_sits_beside_the_database(store: str, lock_path: str) -> None:
    assert RunLock.for_store(store).path == Path(lock_path)


def test_a_server_store_has_no_lock_file() -> None:
    with pytest.raises(ValueError, match="postgresql://"):
        RunLock.for_store("postgresql://user:secret@db/akhbar")


def test_the_holder_writes_its_pid_and_start_time(tmp_path: Path) -> None:
    with RunLock.for_store(tmp_path / "data" / "akhbar.db") as lock:
        pid, since = lock.path.read_text(encoding="utf-8").split()
        assert lock.held
    assert int(pid) == os.getpid()
    assert abs(datetime.now().astimezone() - datetime.fromisoformat(since)) < timedelta(minutes=1)
    assert lock.path == tmp_path / "data" / "akhbar.db.lock"


def test_a_second_crawl_is_refused_with_the_holder_named(tmp_path: Path) -> None:
    db = tmp_path / "akhbar.db"
    with RunLock.for_store(db), pytest.raises(LockBusy) as busy:
        RunLock.for_store(db).acquire()
    assert busy.value.holder_pid == os.getpid()
    assert busy.value.path == tmp_path / "akhbar.db.lock"
    assert busy.value.since is not None
    message = str(busy.value)
    assert message.startswith(f"another akhbar crawl (pid {os.getpid()}, since {busy.value.since.isoformat()[:16]}")
    assert message.endswith(f") holds {tmp_path / 'akhbar.db.lock'}")


def test_a_holder_that_wrote_nothing_yet_is_unknown(tmp_path: Path) -> None:
    holder = RunLock(tmp_path / "x.lock")
    holder.acquire()
    holder.path.write_text("", encoding="utf-8")
    with pytest.raises(LockBusy, match=r"^another akhbar crawl \(pid unknown\) holds "):
        RunLock(tmp_path / "x.lock").acquire()
    holder.release()


def test_release_empties_the_file_and_frees_the_lock(tmp_path: Path) -> None:
    first = RunLock(tmp_path / "x.lock")
    first.acquire()
    first.close()
    assert not first.held
    assert first.path.read_text(encoding="utf-8") == ""
    with RunLock(tmp_path / "x.lock") as second:
        assert second.held
    first.release()  # releasing twice is harmless


def test_the_lock_is_released_when_the_body_raises(tmp_path: Path) -> None:
    with pytest.raises(KeyError), RunLock(tmp_path / "x.lock"):
        raise KeyError("boom")
    RunLock(tmp_path / "x.lock").acquire()


def test_one_runlock_cannot_be_acquired_twice(tmp_path: Path) -> None:
    with RunLock(tmp_path / "x.lock") as lock, pytest.raises(RuntimeError, match="already held"):
        lock.acquire()


def test_the_lock_dies_with_its_holder(tmp_path: Path) -> None:
    path = tmp_path / "akhbar.db.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER_SCRIPT, str(path)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(LockBusy) as busy:
            RunLock(path).acquire()
        assert busy.value.holder_pid == holder.pid
        holder.send_signal(signal.SIGKILL)  # no chance to clean up: the kernel drops the flock
        holder.wait(timeout=10)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    started = time.monotonic()
    with RunLock(path) as lock:
        assert lock.path.read_text(encoding="utf-8").split()[0] == str(os.getpid())
    assert time.monotonic() - started < 1
