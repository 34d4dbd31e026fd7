"""Shared test helpers: running the ``akhbar`` command in a subprocess, and the shared/ folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser import browser_page, screenshots  # noqa: F401  (fixtures for every test module)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def run_akhbar(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``python -m crawler ARGS`` (the ``akhbar`` command) and capture its output."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "crawler", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


# The line `akhbar serve` prints once it listens.
_SERVE_ADDRESS = re.compile(r"at (http://127\.0\.0\.1:\d+/)")


def start_serve(db: str) -> tuple[subprocess.Popen[str], str]:
    """``akhbar serve --db DB`` on a free loopback port, and its address once it listens (the caller stops it)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler", "serve", "--db", db, "--port", "0"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    found = _SERVE_ADDRESS.search(line)
    if found is None:
        process.kill()
        process.wait()
        raise AssertionError(f"akhbar serve did not say where it listens: {line!r}")
    return process, found.group(1)


@pytest.fixture
def shared_dir() -> Path:
    """../shared beside the project; tests reading it skip where it is absent (a user's clone)."""
    if not SHARED.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED} is missing in CI")
        pytest.skip(f"{SHARED} is absent (only developers' machines and CI have it)")
    return SHARED
