"""The probe sets: pages we wrote imitating Arabic outlet templates that are not in ../shared/corpus,
each written blind (by someone who had not read the extraction code), scored with the benchmark's own
scoring. Their READMEs (tests/fixtures/probe*/README.md) list each page's traps; the README's
"Extraction quality" says which rules took the last misses. The floors are what extraction reached on
them; they may only rise.

- probe (A): 18 articles, 10 non-articles;
- probe-b: 16 articles, 10 non-articles (Drupal 7, ASP.NET WebForms, Joomla, Blogger, Ghost…);
- probe-c: 14 articles, 8 non-articles (AMP, Arc XP, Hugo, print views, live blogs…).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks import extract_bench

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@dataclass(frozen=True)
class Floors:
    pages: int
    negatives: int
    bylines: int  # bylines the truth expects; every one must be found, none wrong
    f1: float = 0.999


SETS = {
    "probe": Floors(pages=18, negatives=10, bylines=13),
    "probe-b": Floors(pages=16, negatives=10, bylines=14),
    "probe-c": Floors(pages=14, negatives=8, bylines=11),
}


@pytest.fixture(scope="module", params=sorted(SETS))
def scored(request: pytest.FixtureRequest) -> tuple[extract_bench.Tally, Floors]:
    tally, _, _ = extract_bench.run(FIXTURES / request.param, repeat=0)
    return tally, SETS[request.param]


def test_every_article_is_kept_and_every_non_article_refused(scored: tuple[extract_bench.Tally, Floors]) -> None:
    akhbar, floors = scored
    assert (akhbar.pages, akhbar.refused) == (floors.pages, 0), akhbar.failures
    assert akhbar.negatives_refused == akhbar.negatives == floors.negatives, akhbar.failures


def test_bodies_headlines_and_dates(scored: tuple[extract_bench.Tally, Floors]) -> None:
    akhbar, floors = scored
    assert akhbar.snippets.f1 >= floors.f1, akhbar.failures
    assert akhbar.snippets.recall == 1.0, akhbar.failures
    assert akhbar.headlines == akhbar.dates == floors.pages, akhbar.failures


def test_bylines(scored: tuple[extract_bench.Tally, Floors]) -> None:
    akhbar, floors = scored
    assert akhbar.bylines_expected == akhbar.bylines_found == floors.bylines, akhbar.failures
    assert akhbar.bylines_wrong == 0, akhbar.failures
