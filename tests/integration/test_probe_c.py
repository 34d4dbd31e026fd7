"""probe-C: 22 pages we wrote imitating Arabic outlet templates that are in neither ../shared/corpus nor
probe-B (14 articles, 8 non-articles; tests/fixtures/probe-c/README.md lists each page's traps), scored
with the benchmark's own scoring. The floors are what extraction reached on them; they may only rise.

Bylines after a dateline city, several authors and a prayer-times service page were the last misses;
the README's "Extraction quality" says which rules took them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import extract_bench

PROBE_C = Path(__file__).parent.parent / "fixtures" / "probe-c"


@pytest.fixture(scope="module")
def akhbar() -> extract_bench.Tally:
    tally, _, _ = extract_bench.run(PROBE_C, repeat=0)
    return tally


def test_every_article_is_kept_and_most_non_articles_refused(akhbar: extract_bench.Tally) -> None:
    assert (akhbar.pages, akhbar.refused) == (14, 0)
    assert akhbar.negatives == 8
    assert akhbar.negatives_refused == 8


def test_bodies_headlines_and_dates(akhbar: extract_bench.Tally) -> None:
    assert akhbar.snippets.f1 >= 0.999
    assert akhbar.snippets.recall == 1.0
    assert akhbar.headlines == 14
    assert akhbar.dates == 14


def test_bylines(akhbar: extract_bench.Tally) -> None:
    assert akhbar.bylines_expected == 11
    assert akhbar.bylines_found == 11
    assert akhbar.bylines_wrong == 0
