"""Shared test helpers: running the ``akhbar`` command in a subprocess, and the shared/ folder."""

from __future__ import annotations

import os
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


@pytest.fixture
def shared_dir() -> Path:
    """../shared beside the project; tests reading it skip where it is absent (a user's clone)."""
    if not SHARED.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED} is missing in CI")
        pytest.skip(f"{SHARED} is absent (only developers' machines and CI have it)")
    return SHARED
