"""Repeating crawls: intervals, the fixed-rate loop on a fake clock, and one crawl per child process."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from crawler.app.schedule import parse_interval, run_command, run_every, run_in_subprocess


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("30m", 1800),
        ("2h", 7200),
        ("1d", 86400),
        ("1h30m", 5400),
        ("1d12h", 129600),
        ("1h 30m", 5400),
        (" 2H ", 7200),
        ("1d2h3m4s", 93784),
    ],
)
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "  ", "30", "m", "abc", "1.5h", "-5m", "30m1h", "1h1h", "2 hours", "0m", "0h0m"])
def test_parse_interval_rejects_with_the_text_named(text: str) -> None:
    with pytest.raises(ValueError, match=repr(text)):
        parse_interval(text)


class FakeTime:
    """A clock that only moves when the loop sleeps or a run takes time."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def fake_runs(fake: FakeTime, durations: list[float], codes: list[int], starts: list[float]) -> Iterator[int]:
    for duration, code in zip(durations, codes, strict=True):
        starts.append(fake.now)
        fake.now += duration
        yield code


def test_runs_start_at_a_fixed_rate_and_a_long_run_is_followed_at_once() -> None:
    fake, starts, results = FakeTime(), list[float](), list[tuple[int, int, float]]()
    runs = fake_runs(fake, [3, 12, 1, 2], [0, 1, 0, 3], starts)
    code = run_every(
        10,
        lambda: next(runs),
        clock=fake.clock,
        sleep=fake.sleep,
        max_runs=4,
        on_result=lambda *result: results.append(result),
    )
    assert starts == [0, 10, 22, 32]  # the 12 s run overran its slot: the next began when it ended
    assert fake.sleeps == [7, 9]
    assert results == [(1, 0, 3), (2, 1, 12), (3, 0, 1), (4, 3, 2)]
    assert code == 3


def test_missed_starts_are_not_made_up_in_a_burst() -> None:
    fake, starts = FakeTime(), list[float]()
    runs = fake_runs(fake, [35, 1, 1], [0, 0, 0], starts)
    run_every(10, lambda: next(runs), clock=fake.clock, sleep=fake.sleep, max_runs=3)
    assert starts == [0, 35, 45]


def test_stop_ends_the_loop_after_the_run_in_progress() -> None:
    fake, stop, starts = FakeTime(), threading.Event(), list[float]()
    runs = fake_runs(fake, [1, 1, 1], [0, 2, 0], starts)

    def after(run: int, code: int, seconds: float) -> None:
        if run == 2:
            stop.set()  # as a SIGTERM handler would, mid-run

    assert run_every(60, lambda: next(runs), stop=stop, clock=fake.clock, sleep=fake.sleep, on_result=after) == 2
    assert starts == [0, 60]


def test_nothing_runs_once_stopped() -> None:
    stop = threading.Event()
    stop.set()
    assert run_every(60, lambda: pytest.fail("ran"), stop=stop) == 0


def test_setting_stop_ends_a_real_wait_promptly() -> None:
    stop, calls = threading.Event(), list[float]()

    def run_once() -> int:
        calls.append(time.monotonic())
        return 5

    timer = threading.Timer(0.1, stop.set)
    timer.start()
    started = time.monotonic()
    code = run_every(3600, run_once, stop=stop)
    assert time.monotonic() - started < 2
    assert (len(calls), code) == (1, 5)


def test_the_interval_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        run_every(0, lambda: 0)


def test_run_command_returns_the_exit_code() -> None:
    assert run_command([sys.executable, "-c", "raise SystemExit(3)"]) == 3


def test_a_child_killed_by_a_signal_exits_with_128_plus_its_number() -> None:
    command = [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"]
    assert run_command(command) == 128 + signal.SIGKILL


def test_run_in_subprocess_runs_the_akhbar_command(capfd: pytest.CaptureFixture[str]) -> None:
    assert run_in_subprocess(["--help"]) == 0
    assert run_in_subprocess(["no-such-command"]) == 2
    assert "usage: akhbar" in capfd.readouterr().out


# The child: in its own process group, says so, and exits 7 on SIGTERM (as a crawl winds down).
CHILD_SCRIPT = """
import os, signal, sys, time
from pathlib import Path
signal.signal(signal.SIGTERM, lambda *_: sys.exit(7))
Path(sys.argv[1]).write_text(str(os.getpgrp()))
time.sleep(10)
sys.exit(0)
"""


def test_sigterm_is_forwarded_to_the_child_and_then_reaches_our_handler(tmp_path: Path) -> None:
    ready = tmp_path / "ready"
    ours: list[int] = []

    def handler(signum: int, frame: FrameType | None) -> None:
        ours.append(signum)

    def send_sigterm_when_ready() -> None:
        deadline = time.monotonic() + 10
        while not ready.exists() or not ready.read_text():
            if time.monotonic() > deadline:
                return
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, handler)
    sender = threading.Thread(target=send_sigterm_when_ready)
    sender.start()
    started = time.monotonic()
    try:
        code = run_command([sys.executable, "-c", CHILD_SCRIPT, str(ready)])
        restored = signal.getsignal(signal.SIGTERM)
    finally:
        sender.join()
        signal.signal(signal.SIGTERM, previous)
    assert code == 7
    assert ours == [signal.SIGTERM]  # after the child ended, our own handler saw it once
    assert time.monotonic() - started < 10
    assert int(ready.read_text()) != os.getpgrp()  # a terminal's Ctrl-C reaches the child only through us
    assert restored is handler
