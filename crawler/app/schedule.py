"""Crawling again and again: interval parsing, a fixed-rate loop, and one crawl per child process.

Scrapy's Twisted reactor cannot be restarted within a process, so a repeating crawl runs each
repetition as a fresh ``python -m crawler`` child while the scheduling process holds the run lock.
"""

from __future__ import annotations

import logging
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from types import FrameType
from typing import Any

logger = logging.getLogger(__name__)

# "90s", "30m", "2h", "1d", "1h30m", "1d 12h": whole numbers of days, hours, minutes, seconds, in that
# order, each at most once, optionally separated by spaces.
INTERVAL_RE = re.compile(r"(?:(?P<d>\d+)\s*d)?\s*(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*m)?\s*(?:(?P<s>\d+)\s*s)?")
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
FORWARDED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def parse_interval(text: str) -> float:
    """Seconds in an interval such as ``"30m"``, ``"2h"``, ``"90s"``, ``"1d"`` or ``"1h30m"``."""
    match = INTERVAL_RE.fullmatch(text.strip().lower())
    if match is None or not any(match.groupdict().values()):
        raise ValueError(f"{text!r} is not an interval; use a number with a unit: 90s, 30m, 2h, 1d, 1h30m")
    seconds = sum(int(value) * _UNIT_SECONDS[unit] for unit, value in match.groupdict().items() if value)
    if seconds <= 0:
        raise ValueError(f"{text!r}: the interval must be longer than zero")
    return float(seconds)


def run_every(
    interval: float,
    run_once: Callable[[], int],
    *,
    stop: threading.Event | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], object] | None = None,
    max_runs: int | None = None,
    on_result: Callable[[int, int, float], None] | None = None,
) -> int:
    """Call ``run_once`` every ``interval`` seconds, start to start, until ``stop`` is set or ``max_runs``.

    Runs never overlap: one that takes longer than the interval is followed at once by the next, and
    the schedule restarts from there (missed starts are not made up in a burst). Between runs the loop
    waits on ``stop`` (or calls ``sleep``, for tests), so setting ``stop`` (a signal handler can) ends
    the wait at once; a run in progress is left to finish. ``on_result(run_number, exit_code, seconds)``
    is called after each run. Returns the last run's exit code (0 when none ran).
    """
    if interval <= 0:
        raise ValueError(f"interval must be positive, not {interval}")
    stop = stop or threading.Event()
    code = runs = 0
    next_start = clock()
    while not stop.is_set() and (max_runs is None or runs < max_runs):
        started = clock()
        code = run_once()
        runs += 1
        finished = clock()
        if on_result is not None:
            on_result(runs, code, finished - started)
        if max_runs is not None and runs >= max_runs:
            break
        next_start = max(next_start + interval, finished)
        delay = next_start - finished
        logger.info("Run %d ended with exit code %d; next in %.0f s", runs, code, delay)
        if delay > 0:
            if sleep is None:
                stop.wait(delay)
            else:
                sleep(delay)
    return code


def run_in_subprocess(argv: Sequence[str]) -> int:
    """Run ``python -m crawler ARGV`` (one crawl) in a child process and return its exit code."""
    return run_command([sys.executable, "-m", "crawler", *argv])


def run_command(command: Sequence[str]) -> int:
    """Run ``command`` in a child, forwarding SIGINT and SIGTERM to it; its exit code (128+N if killed by N).

    The child gets its own process group, so a Ctrl-C on the terminal reaches it once, through us, and
    not twice (Scrapy takes a second SIGINT as "stop now, uncleanly"). A signal received meanwhile is
    delivered to this process's own handler once the child has exited, so the caller's handler (for
    example ``stop.set``) still runs, and a default handler still interrupts or terminates.
    """
    forwarding = threading.current_thread() is threading.main_thread()  # handlers are main-thread only
    received: list[tuple[int, bool]] = []  # (signal, forwarded by the handler)
    children: list[subprocess.Popen[bytes]] = []

    def forward(signum: int, frame: FrameType | None) -> None:
        running = [child for child in children if child.poll() is None]
        for child in running:
            child.send_signal(signum)
        received.append((signum, bool(running)))

    previous = _install(forward) if forwarding else {}
    try:
        child = subprocess.Popen(list(command), process_group=0 if forwarding else None)
        children.append(child)
        for signum, forwarded in received:
            if not forwarded:  # it came while the child was starting
                child.send_signal(signum)
        returncode = _wait(child)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    for signum in dict.fromkeys(signum for signum, _ in received):
        signal.raise_signal(signum)
    return 128 - returncode if returncode < 0 else returncode


def _install(handler: Callable[[int, FrameType | None], None]) -> dict[int, Any]:
    """Set ``handler`` for the forwarded signals; the handlers it replaced."""
    previous: dict[int, Any] = {}
    for signum in FORWARDED_SIGNALS:
        old = signal.getsignal(signum)
        previous[signum] = signal.SIG_DFL if old is None else old
        signal.signal(signum, handler)
    return previous


def _wait(child: subprocess.Popen[bytes]) -> int:
    """Wait for ``child``; should this process be interrupted anyway, the child goes down with it."""
    try:
        return child.wait()
    except BaseException:
        child.kill()
        child.wait()
        raise
