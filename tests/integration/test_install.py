"""``pip install`` of the built wheel, with the pip that Python ships (``python -m venv``, not upgraded),
gives a working ``akhbar``: every module the code imports at start is declared in pyproject.toml.

Slow (a fresh environment, the dependencies installed from pip's cache or the registry): marked
``slow_install``; ``pytest -m "not slow_install"`` leaves it out of a quick run. It needs the package
registry, which CI has: there it always runs; elsewhere it is skipped when the registry cannot be reached.
"""

from __future__ import annotations

import ensurepip
import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow_install


def _run(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=timeout, check=False, cwd=ROOT
    )
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture
def registry() -> None:
    """Skip (outside CI) when the package index cannot be reached."""
    index = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple")
    parts = urlsplit(index)
    try:
        socket.create_connection((parts.hostname or "", parts.port or 443), timeout=10).close()
    except OSError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the package index {index} is unreachable in CI: {exc}")
        pytest.skip(f"the package index {index} is unreachable: {exc}")


@pytest.mark.usefixtures("registry")
def test_the_wheel_installs_and_runs_with_the_bundled_pip(tmp_path: Path) -> None:
    wheels, venv = tmp_path / "wheels", tmp_path / "venv"
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", wheels, ROOT)
    (wheel,) = wheels.glob("akhbar-*.whl")
    _run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    pip_version = _run(python, "-m", "pip", "--version").stdout
    assert pip_version.startswith(f"pip {ensurepip.version()} "), pip_version  # the bundled one, as it is
    # With its dependencies, through pip's cache (warm from installing the project's own environment).
    _run(python, "-m", "pip", "install", "--quiet", wheel)
    assert "Collect Arabic news" in _run(venv / "bin" / "akhbar", "--help").stdout
    _run(python, "-c", "import crawler.extraction.extract, lxml.html.clean")
    # The web interface's templates and style sheet travel in the wheel (package data).
    web = "import importlib.resources as r; w = r.files('crawler.web'); "
    _run(
        python,
        "-c",
        web + "assert w.joinpath('templates/article.html').is_file() and w.joinpath('static/style.css').is_file()",
    )
