"""``make bench-extract``: Akhbar's extraction against plain trafilatura on a corpus with truth files.

Reads ``pages/NAME.html`` + ``truth/NAME.json`` (the layout of ``../shared/corpus``), extracts every
page with Akhbar (exactly the function the crawl calls, with the outlet's time zone and names from the
source registry when the page's host is registered) and with ``trafilatura.bare_extraction`` at its
defaults, and prints the two side by side, with how often Akhbar's own rules or the fallback to plain
trafilatura gave the body. The pages ``negatives.json`` names are not articles: each must be refused.
Prints every miss per page (refused, snippets missed or leaked, wrong headline, date or author) and
every negative not refused. Exits 1 when Akhbar is below a floor, 0 otherwise (and 0 with a message
when the corpus folder is absent, as on a user's clone).

    python -m benchmarks.extract_bench [--corpus DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trafilatura

from benchmarks.scoring import (
    SnippetScore,
    collapse,
    dates_match,
    headline_matches,
    judge_authors,
    leaked,
    median,
    percentile,
    score_snippets,
)
from crawler.extraction.extract import ExtractOptions, NotAnArticle, extract_article, options_for
from crawler.sources import load_sources, source_for_url

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
# The floors the issue sets; the benchmark fails below any of them.
MIN_F1 = 0.97
MIN_HEADLINES = 0.97
MIN_DATES = 0.95
MIN_BYLINES_FOUND = 0.80
MAX_TIME_RATIO = 1.5


@dataclass(frozen=True, slots=True)
class Extracted:
    """What one extractor produced for a page, in the truth's terms."""

    text: str  # summary + highlights + body, where the snippets are looked for
    body: str  # the body alone: the truth's own summary and key points must not be repeated there
    headline: str | None
    published: str | None
    authors: tuple[str, ...]
    refused: str | None = None  # why the page was refused as not an article
    path: str = "rules"  # what gave the body: Akhbar's rules, or "fallback/<reason>"


@dataclass(slots=True)
class Tally:
    """One extractor's results over the corpus."""

    name: str
    snippets: SnippetScore = field(default_factory=SnippetScore)
    headlines: int = 0
    dates: int = 0
    bylines_expected: int = 0
    bylines_found: int = 0
    bylines_wrong: int = 0
    pages: int = 0
    refused: int = 0
    paths: dict[str, int] = field(default_factory=dict)
    negatives: int = 0
    negatives_refused: int = 0
    millis: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def add(self, page: str, truth: dict[str, Any], got: Extracted, ms: float) -> None:
        self.pages += 1
        self.millis.append(ms)
        if got.refused is not None:
            self.refused += 1
            self.failures.append(f"{page}: refused ({got.refused})")
        else:
            self.paths[got.path] = self.paths.get(got.path, 0) + 1
        fields = [truth.get("summary") or "", *(truth.get("highlights") or [])]
        self.snippets += score_snippets(
            got.text, truth.get("with") or [], truth.get("without") or [], body=got.body, fields=fields
        )
        if headline_matches(got.headline, truth.get("headline")):
            self.headlines += 1
        else:
            self.failures.append(f"{page}: headline {got.headline!r}")
        if dates_match(got.published, truth.get("published")):
            self.dates += 1
        else:
            self.failures.append(f"{page}: published {got.published!r}, truth {truth.get('published')!r}")
        author = judge_authors(got.authors, truth.get("authors") or truth.get("author"))
        self.bylines_expected += author.expected
        self.bylines_found += author.found
        self.bylines_wrong += author.wrong
        if author.wrong or (author.expected and not author.found):
            self.failures.append(f"{page}: authors {list(got.authors)!r}, truth {truth.get('author')!r}")
        for snippet in truth.get("with") or []:
            if collapse(snippet) not in collapse(got.text):
                self.failures.append(f"{page}: missing «{snippet[:60]}»")
        for snippet in truth.get("without") or []:
            if leaked(snippet, got.text, got.body, fields):
                self.failures.append(f"{page}: leaked «{snippet[:60]}»")

    def add_negative(self, page: str, got: Extracted) -> None:
        """A page that is not an article: refusing it is right."""
        self.negatives += 1
        if got.refused is not None:
            self.negatives_refused += 1
        else:
            self.failures.append(f"{page}: not an article, but extracted as one ({got.headline!r})")


def load_corpus(corpus: Path) -> list[tuple[str, bytes, dict[str, Any]]]:
    """(name, page bytes, truth) for every truth file that has its page."""
    pages = []
    for truth_file in sorted((corpus / "truth").glob("*.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        page = corpus / "pages" / truth.get("file", f"{truth_file.stem}.html")
        if not page.is_file():
            raise SystemExit(f"{truth_file}: its page {page} is missing")
        pages.append((truth_file.stem, page.read_bytes(), truth))
    return pages


def load_negatives(corpus: Path) -> list[tuple[str, bytes]]:
    """(name, page bytes) for every page ``negatives.json`` names; none when the file is absent."""
    listing = corpus / "negatives.json"
    if not listing.is_file():
        return []
    names = json.loads(listing.read_text(encoding="utf-8"))
    pages = []
    for name in sorted(names):
        page = corpus / "pages" / name
        if not page.is_file():
            raise SystemExit(f"{listing}: its page {page} is missing")
        pages.append((Path(name).stem, page.read_bytes()))
    return pages


def run_akhbar(html: bytes, url: str, options: ExtractOptions) -> Extracted:
    try:
        article = extract_article(html, url, options)
    except NotAnArticle as exc:
        return Extracted("", "", None, None, (), refused=str(exc))
    text = "\n".join([article.summary or "", *article.highlights, article.body])
    path = f"fallback/{article.fallback}" if article.fallback else "rules"
    return Extracted(text, article.body, article.headline, article.published_at, tuple(article.authors), path=path)


def run_trafilatura(html: bytes, url: str, *, with_metadata: bool = False) -> Extracted:
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=with_metadata)
    if doc is None:
        return Extracted("", "", None, None, ())
    author = getattr(doc, "author", None)
    authors = tuple(a.strip() for a in author.split(";")) if author else ()
    text = getattr(doc, "text", None) or ""
    return Extracted(text, text, getattr(doc, "title", None), getattr(doc, "date", None), authors)


def timed(func: Callable[[], Extracted], repeat: int) -> tuple[Extracted, float]:
    """The result and the median wall milliseconds over ``repeat`` runs."""
    runs = []
    result = func()  # warm-up: imports, lxml and regex caches
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        runs.append((time.perf_counter() - start) * 1000)
    return result, median(runs)


def run(corpus: Path, repeat: int) -> tuple[Tally, Tally, Tally]:
    sources = load_sources()
    akhbar, plain, plain_meta = Tally("Akhbar"), Tally("trafilatura"), Tally("trafilatura+metadata")
    for name, html, truth in load_corpus(corpus):
        url = truth["url"]
        # The options the crawl would use: the registered outlet's time zone and names, else defaults.
        options = options_for(source_for_url(sources, url))
        got, ms = timed(lambda: run_akhbar(html, url, options), repeat)  # noqa: B023
        akhbar.add(name, truth, got, ms)
        got, ms = timed(lambda: run_trafilatura(html, url), repeat)  # noqa: B023
        plain.add(name, truth, got, ms)
        got, ms = timed(lambda: run_trafilatura(html, url, with_metadata=True), repeat)  # noqa: B023
        plain_meta.add(name, truth, got, ms)
    for name, html in load_negatives(corpus):
        # An unregistered address: nothing in the URL may tell that the page is not an article.
        akhbar.add_negative(name, run_akhbar(html, f"https://outlet.example/news/{name}", ExtractOptions()))
    return akhbar, plain, plain_meta


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "-"


def table(akhbar: Tally, plain: Tally, plain_meta: Tally) -> str:
    """The comparison as a Markdown table (pasted as is into the README)."""
    rows = [
        ("pages", *(str(t.pages) for t in (akhbar, plain, plain_meta))),
        ("article pages refused", str(akhbar.refused), "-", "-"),
        ("non-articles refused", _ratio(akhbar.negatives_refused, akhbar.negatives), "-", "-"),
        ("body precision", *(f"{t.snippets.precision:.3f}" for t in (akhbar, plain, plain_meta))),
        ("body recall", *(f"{t.snippets.recall:.3f}" for t in (akhbar, plain, plain_meta))),
        ("body F1", *(f"{t.snippets.f1:.3f}" for t in (akhbar, plain, plain_meta))),
        ("headlines exact", *(_ratio(t.headlines, t.pages) for t in (akhbar, plain, plain_meta))),
        ("dates right", *(_ratio(t.dates, t.pages) for t in (akhbar, plain, plain_meta))),
        ("bylines found", *(_ratio(t.bylines_found, t.bylines_expected) for t in (akhbar, plain, plain_meta))),
        ("wrong authors", *(str(t.bylines_wrong) for t in (akhbar, plain, plain_meta))),
        ("median ms/page", *(f"{median(t.millis):.1f}" for t in (akhbar, plain, plain_meta))),
        ("p95 ms/page", *(f"{percentile(t.millis, 0.95):.1f}" for t in (akhbar, plain, plain_meta))),
    ]
    header = ("", "Akhbar", "trafilatura (defaults)", "trafilatura (with_metadata=True)")
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    lines = [
        "| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |" for row in (header, *rows)
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def paths_line(akhbar: Tally) -> str:
    """How often each path gave the body: Akhbar's rules, or the fallback to plain trafilatura by reason."""
    extracted = sum(akhbar.paths.values())
    parts = [f"{path} {n}/{extracted}" for path, n in sorted(akhbar.paths.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "Body from: " + (", ".join(parts) if parts else "-")


def check_floors(akhbar: Tally, plain: Tally) -> list[str]:
    """The floors Akhbar misses, as sentences; empty when all are met."""
    misses = []
    if akhbar.refused:
        misses.append(f"{akhbar.refused} article page(s) refused")
    if akhbar.negatives_refused < akhbar.negatives:
        misses.append(f"{akhbar.negatives - akhbar.negatives_refused} non-article page(s) not refused")
    if akhbar.snippets.f1 < MIN_F1:
        misses.append(f"body F1 {akhbar.snippets.f1:.3f} < {MIN_F1}")
    if akhbar.snippets.f1 < plain.snippets.f1:
        misses.append(f"body F1 {akhbar.snippets.f1:.3f} < trafilatura's {plain.snippets.f1:.3f}")
    if akhbar.headlines < MIN_HEADLINES * akhbar.pages:
        misses.append(f"headlines {akhbar.headlines}/{akhbar.pages}")
    if akhbar.dates < MIN_DATES * akhbar.pages:
        misses.append(f"dates {akhbar.dates}/{akhbar.pages} < {MIN_DATES:.0%}")
    if akhbar.bylines_wrong:
        misses.append(f"{akhbar.bylines_wrong} wrong author(s)")
    if akhbar.bylines_found < MIN_BYLINES_FOUND * akhbar.bylines_expected:
        misses.append(f"bylines found {akhbar.bylines_found}/{akhbar.bylines_expected} < {MIN_BYLINES_FOUND:.0%}")
    ours, theirs = median(akhbar.millis), median(plain.millis)
    if theirs and ours > MAX_TIME_RATIO * theirs:
        misses.append(f"median {ours:.1f} ms > {MAX_TIME_RATIO}x trafilatura's {theirs:.1f} ms")
    return misses


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench-extract", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder with pages/ and truth/")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per page (median kept)")
    args = parser.parse_args(argv)
    if not (args.corpus / "truth").is_dir():
        print(f"bench-extract: no corpus at {args.corpus} (pages/ + truth/); skipped.")
        return 0
    akhbar, plain, plain_meta = run(args.corpus, max(1, args.repeat))
    print(f"Corpus: {args.corpus} ({akhbar.pages} pages with truth)\n")
    print(table(akhbar, plain, plain_meta))
    print("\ntrafilatura's defaults extract no metadata: its headline, date and author cells are zero by design;")
    print("the last column runs it again with with_metadata=True for those.")
    print(f"\n{paths_line(akhbar)}")
    print("\nAkhbar's misses:" if akhbar.failures else "\nAkhbar: no misses.")
    for failure in akhbar.failures:
        print(f"  - {failure}")
    misses = check_floors(akhbar, plain)
    if misses:
        print("\nFLOORS NOT MET: " + "; ".join(misses))
        return 1
    print(
        f"\nFloors met: no article refused, every non-article refused, F1 >= {MIN_F1} and >= trafilatura's,"
        f" headlines >= {MIN_HEADLINES:.0%}, dates >= {MIN_DATES:.0%},"
        f" no wrong author, bylines >= {MIN_BYLINES_FOUND:.0%}, median <= {MAX_TIME_RATIO}x trafilatura's."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
