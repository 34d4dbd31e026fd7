"""probe-B: 26 pages we wrote imitating Arabic outlet templates that are not in ../shared/corpus (16
articles, 10 non-articles; tests/fixtures/probe-b/README.md lists each page's traps), scored with the
benchmark's own scoring. The floors are what extraction reached on them; they may only rise.

Bylines in datelines and sign-offs, Latin-script meta names and the weather and prayer times page were
the last misses; the README's "Extraction quality" says which rules took them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import extract_bench

PROBE_B = Path(__file__).parent.parent / "fixtures" / "probe-b"


@pytest.fixture(scope="module")
def akhbar() -> extract_bench.Tally:
    tally, _, _ = extract_bench.run(PROBE_B, repeat=0)
    return tally


def test_every_article_is_kept_and_most_non_articles_refused(akhbar: extract_bench.Tally) -> None:
    assert (akhbar.pages, akhbar.refused) == (16, 0)
    assert akhbar.negatives == 10
    assert akhbar.negatives_refused == 10


def test_bodies_headlines_and_dates(akhbar: extract_bench.Tally) -> None:
    assert akhbar.snippets.f1 >= 0.995
    assert akhbar.snippets.recall == 1.0
    assert akhbar.headlines == 16
    assert akhbar.dates == 16


def test_bylines(akhbar: extract_bench.Tally) -> None:
    assert akhbar.bylines_expected == 14
    assert akhbar.bylines_found == 14
    assert akhbar.bylines_wrong == 0
