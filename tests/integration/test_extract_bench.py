"""``make bench-extract``: the benchmark reads a corpus folder, scores both extractors and gates on floors.

Timing floors are the benchmark's business and are not asserted here (no timed tests); quality floors
are, on the real pages of ../shared/corpus when present.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import extract_bench

PARAGRAPHS = [
    "أعلنت بلدية المدينة القديمة اليوم إطلاق مشروع لترميم الأسواق التاريخية يمتد على ثلاث سنوات بتمويل محلي.",
    "وقال رئيس البلدية إن المشروع يشمل إصلاح الأسقف الخشبية وتجديد شبكات الكهرباء والمياه في الأزقة الضيقة.",
    "وأضاف أن التجار سيواصلون العمل خلال فترة الترميم عبر تنفيذ الأعمال على مراحل في كل سوق على حدة.",
]
HEADLINE = "إطلاق مشروع لترميم الأسواق التاريخية في المدينة القديمة"


def _write_corpus(root: Path, headline_truth: str = HEADLINE) -> Path:
    (root / "pages").mkdir(parents=True)
    (root / "truth").mkdir()
    related = "<aside class='related'><a href='/x'>افتتاح معرض للحرف اليدوية في الساحة الكبرى</a></aside>"
    html = f"""<html lang="ar"><head><meta charset="utf-8"><title>{HEADLINE} | أخبار المدينة</title>
<meta property="article:published_time" content="2026-11-20T09:30:00+03:00"></head><body>
<h1>{HEADLINE}</h1><div class="byline">كتب: سامر الحلبي</div><div class="content">
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</div>{related}</body></html>"""
    (root / "pages" / "city-1.html").write_text(html, encoding="utf-8")
    truth = {
        "file": "city-1.html",
        "url": "https://city.example/news/2026/11/20/souks",
        "headline": headline_truth,
        "published": "2026-11-20T06:30:00Z",
        "author": "سامر الحلبي",
        "with": [PARAGRAPHS[0][:60], PARAGRAPHS[2][-50:]],
        "without": ["افتتاح معرض للحرف اليدوية"],
    }
    (root / "truth" / "city-1.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    return root


def test_benchmark_scores_a_corpus_of_our_own(tmp_path: Path) -> None:
    akhbar, plain, plain_meta = extract_bench.run(_write_corpus(tmp_path / "corpus"), repeat=1)
    assert (akhbar.pages, akhbar.snippets.f1, akhbar.headlines, akhbar.dates) == (1, 1.0, 1, 1)
    assert (akhbar.bylines_expected, akhbar.bylines_found, akhbar.bylines_wrong) == (1, 1, 0)
    assert plain.headlines == 0  # trafilatura's defaults extract no metadata
    assert plain_meta.pages == 1 and len(akhbar.millis) == 1


def _add_negative(corpus: Path, name: str, html: str) -> None:
    (corpus / "pages" / f"{name}.html").write_text(html, encoding="utf-8")
    listing = corpus / "negatives.json"
    names = json.loads(listing.read_text(encoding="utf-8")) if listing.is_file() else {}
    names[f"{name}.html"] = {"kind": "section", "notes": "written for this test"}
    listing.write_text(json.dumps(names, ensure_ascii=False), encoding="utf-8")


SECTION_PAGE = (
    '<html lang="ar"><head><meta charset="utf-8"><meta property="og:type" content="website"><title>محليات</title>'
    "</head><body><h1>محليات</h1>"
    + "".join(
        f'<article><h3><a href="/n/{i}">{p[:40]}</a></h3><p>{p}</p></article>' for i, p in enumerate(PARAGRAPHS * 2)
    )
    + "</body></html>"
)


def test_benchmark_refuses_negatives_and_reports_the_body_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _write_corpus(tmp_path / "corpus")
    _add_negative(corpus, "section-1", SECTION_PAGE)
    akhbar, plain, _ = extract_bench.run(corpus, repeat=1)
    assert (akhbar.negatives, akhbar.negatives_refused, akhbar.refused) == (1, 1, 0)
    assert akhbar.paths == {"rules": 1}
    assert not [m for m in extract_bench.check_floors(akhbar, plain) if "refused" in m]
    extract_bench.main(["--corpus", str(corpus), "--repeat", "1"])  # its exit code also weighs timing
    out = capsys.readouterr().out
    assert "| non-articles refused  | 1/1 (100%)" in out and "Body from: rules 1/1" in out


def test_benchmark_fails_on_a_negative_taken_for_an_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _write_corpus(tmp_path / "corpus")
    # "Not an article" by the corpus's word, though it is one: the benchmark must flag the disagreement.
    _add_negative(corpus, "story-1", (corpus / "pages" / "city-1.html").read_text(encoding="utf-8"))
    assert extract_bench.main(["--corpus", str(corpus), "--repeat", "1"]) == 1
    out = capsys.readouterr().out
    assert "1 non-article page(s) not refused" in out and "story-1: not an article, but extracted" in out


def test_benchmark_exits_non_zero_below_a_floor(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _write_corpus(tmp_path / "corpus", headline_truth="عنوان آخر لا يطابق الصفحة")
    assert extract_bench.main(["--corpus", str(corpus), "--repeat", "1"]) == 1
    out = capsys.readouterr().out
    assert "FLOORS NOT MET" in out and "headlines 0/1" in out
    assert "| body F1" in out


def test_benchmark_without_a_corpus_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert extract_bench.main(["--corpus", str(tmp_path / "absent")]) == 0
    assert "no corpus" in capsys.readouterr().out


def test_quality_floors_on_the_shared_corpus(shared_dir: Path) -> None:
    akhbar, plain, _ = extract_bench.run(shared_dir / "corpus", repeat=1)
    assert akhbar.pages >= 7
    assert akhbar.refused == 0, akhbar.failures
    assert akhbar.negatives >= 10 and akhbar.negatives_refused == akhbar.negatives, akhbar.failures
    assert akhbar.snippets.f1 >= extract_bench.MIN_F1
    assert akhbar.snippets.f1 >= plain.snippets.f1
    assert akhbar.headlines == akhbar.pages, akhbar.failures
    assert akhbar.dates >= extract_bench.MIN_DATES * akhbar.pages, akhbar.failures
    assert akhbar.bylines_wrong == 0, akhbar.failures
    assert akhbar.bylines_found >= extract_bench.MIN_BYLINES_FOUND * akhbar.bylines_expected, akhbar.failures
