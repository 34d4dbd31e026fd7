"""On the real pages of ../shared/corpus, `akhbar extract` gets every headline right (site names stripped).

The pages are read where they are (never copied into the repo); the test skips on a user's clone.
"""

from __future__ import annotations

import json
from pathlib import Path

from crawler.arabic import clean_line
from tests.conftest import run_akhbar


def _truth_files(shared: Path) -> list[Path]:
    return sorted((shared / "corpus" / "truth").glob("*.json"))


def test_corpus_headlines(shared_dir: Path, tmp_path: Path) -> None:
    truths = _truth_files(shared_dir)
    assert truths, "no truth files in the corpus"
    wrong = []
    for truth_file in truths:
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        page = shared_dir / "corpus" / "pages" / truth["file"]
        result = run_akhbar("extract", str(page), "--url", truth["url"], "--json", cwd=tmp_path)
        assert result.returncode == 0, f"{page.name}: {result.stderr}"
        headline = json.loads(result.stdout)["headline"]
        if headline != clean_line(truth["headline"]):
            wrong.append((page.name, headline, truth["headline"]))
    assert not wrong


def test_corpus_pages_that_are_not_articles_are_refused(shared_dir: Path, tmp_path: Path) -> None:
    negatives = json.loads((shared_dir / "corpus" / "negatives.json").read_text(encoding="utf-8"))
    assert len(negatives) >= 10
    taken = []
    for name in sorted(negatives):
        result = run_akhbar("extract", str(shared_dir / "corpus" / "pages" / name), cwd=tmp_path)
        if result.returncode != 1 or "not an article" not in result.stderr:
            taken.append((name, result.returncode, result.stdout[:200]))
    assert not taken
