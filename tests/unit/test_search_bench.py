"""The search benchmark's scoring, on a tiny store (no timing asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.search_bench import (
    clitic_pairs,
    found_share,
    light10,
    lone_proclitic_pairs,
    measure_quality,
    percentile,
    precision_at,
    recall_at,
)
from crawler.items import Article


def test_recall_and_precision_at_10() -> None:
    relevant = frozenset({1, 2, 3, 4})
    assert recall_at([1, 9, 2], relevant) == 0.5
    assert precision_at([1, 9, 2], relevant) == pytest.approx(2 / 3)
    assert precision_at([], relevant) == 0.0  # finding nothing is not precise
    assert recall_at([*range(20, 30), 1], relevant) == 0.0  # past the 10th does not count


def test_clitic_pairs_are_words_held_only_with_a_clitic() -> None:
    texts = ["التقى بالوزير وللمياه", "الوزير بالوزير", "فالرئيس كالعادة"]
    assert clitic_pairs(texts) == [(0, "المياه"), (0, "الوزير"), (2, "الرئيس"), (2, "العاده")]


def test_lone_proclitic_pairs_need_the_bare_word_elsewhere() -> None:
    texts = ["مطر بطرابلس ووزير", "طرابلس مدينة", "وزير"]
    # «ووزير» → «وزير» is held bare in article 2; «بطرابلس» → «طرابلس» in article 1.
    assert lone_proclitic_pairs(texts) == [(0, "طرابلس"), (0, "وزير")]


def test_found_share() -> None:
    def search(word: str, limit: int) -> list[int]:
        return {"الوزير": [0, 1]}.get(word, [])

    assert found_share(search, [(0, "الوزير"), (2, "الوزير"), (0, "المياه")]) == pytest.approx(1 / 3)
    assert found_share(search, []) == 1.0


def test_percentile_nearest_rank() -> None:
    assert percentile([float(n) for n in range(1, 101)], 0.95) == 95.0
    assert percentile([3.0], 0.95) == 3.0


def test_light10_reference() -> None:
    assert light10("بالوزير") == "وزير"
    assert light10("لبنان") == "لبن"  # the over-stemming the final analysis avoids


def test_quality_on_a_tiny_store(tmp_path: Path) -> None:
    articles = [
        Article(url=f"https://t.example/{n}", headline=h, body=b, body_hash=str(n))
        for n, (h, b) in enumerate(
            [
                ("خبر", "التقى رئيس البلدية بالوزير اليوم"),
                ("الوزير يزور المدينة", "زيارة رسمية"),
                ("الزير", "معرض الزير الفخاري"),
            ]
        )
    ]
    judgments = [("الوزير", frozenset({0, 1}))]
    results = measure_quality(articles, judgments, tmp_path)
    assert results["folding"].recall_at_10 == 0.5
    assert results["folding"].clitic_recall == 0.0
    final = results["final"]
    assert (final.recall_at_10, final.precision_at_10, final.clitic_recall) == (1.0, 1.0, 1.0)
