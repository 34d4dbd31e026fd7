"""Search quality and speed: ``make bench-search``.

Quality is measured over the demo outlets' articles (``crawler/demo/data/*.toml``) with queries and
relevance judgments written by us (``JUDGMENTS``: the articles that are about what the query names,
read by a person, not derived from any analysis). Four analyses are compared on the same articles:

* ``folding``: letters folded only (the search before issue 16);
* ``light10``: Larkey's light10 stemmer (the rules Lucene's and Elasticsearch's Arabic analyzers use);
* ``snowball``: the snowballstemmer package's Arabic stemmer, when that package is installed;
* ``final``: ``crawler.search.analysis`` through the real SQLite store (surface forms and stems).

Reported: recall and precision at 10 (precision over the results shown, so a wrong article in the
top 10 counts against it; a query that finds nothing counts 0), clitic recall (an article found by the
definite form of a word it holds only with a clitic: «بالوزير» → «الوزير»), lone-proclitic recall (an
article found by a word it holds only behind و ف ب ك ل: «بطرابلس» → «طرابلس»), then the p95 latency
of the judged queries on a store of ``--articles`` generated articles (``benchmarks.outlet``), and the
time to index and to reindex it. Exits 1 when a floor is missed: clitic recall >= 95 %, precision at
10 no lower than folding's, p95 latency < 100 ms.

``--corpus DIR``: also the clitic recall over a folder of articles (``truth/*.json`` as in
``../shared/corpus`` or ``*.txt`` files, the first line a headline).
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.outlet import HEADLINE_CAPACITY, BenchOutlet
from crawler.demo import OUTLETS
from crawler.demo.articles import load_articles
from crawler.items import Article
from crawler.search.analysis import words
from crawler.store import SqliteStore
from crawler.store.sqlite import _transaction
from crawler.store.sqlite_search import reindex

K = 10
FLOOR_CLITIC_RECALL = 0.95
FLOOR_P95_MS = 100.0
DEFAULT_ARTICLES = 100_000
# Whole result lists, for recall measures that look past the top 10.
ALL = 10_000
# Clitics before the article (and «لل», «ولل», «فلل»: ل + ال), as the pairs are found in the text.
ARTICLE_PREFIXES = ("وال", "فال", "بال", "كال", "ولل", "فلل", "لل")
LONE_PROCLITICS = "وفبكل"

# Queries and the demo articles (0-based, in OUTLETS order, file order within each) about what they
# name, judged by reading the articles. Broken plurals (المدارس for المدرسة) are judged relevant: light
# stemming cannot find them, and the numbers should say so.
JUDGMENTS: tuple[tuple[str, frozenset[int]], ...] = tuple(
    (query, frozenset(relevant))
    for query, relevant in (
        ("المياه", {0, 3, 4, 5, 12, 22, 23, 24, 29, 32}),
        ("الوزارة", {3, 4, 8, 10, 12, 14, 15, 18, 21, 27, 33}),
        ("الكتاب", {2, 20}),
        ("التحلية", {5, 22, 29}),
        ("المهرجان", {7, 22, 28}),
        ("القطار", {13, 25}),
        ("المباراة", {1, 17, 30}),
        ("الأمطار", {4, 32}),
        ("الثلوج", {4, 27}),
        ("الصادرات", {14, 24}),
        ("الحكومة", {19}),  # the government; «حكومي» (governmental) is another word
        ("الرئيس", {0, 3, 4, 5, 6, 8, 9, 11, 13, 14, 22, 26, 28}),  # a head; not «الرئيسية» (main)
        ("الطاقة", {3, 5, 19, 24, 29, 32}),
        ("الدوري", {1, 17}),  # the league; «دوري» (periodic) in 29 is not
        ("المدرسة", {2, 4, 7, 9, 15, 16, 20, 21, 27, 33}),
        ("الجامعة", {5, 16, 20}),  # «جامع» (a mosque) in 28 is not
        ("البلدية", {0, 4, 5, 6, 7, 11}),
        ("الميناء", {2, 3, 7, 24}),
        ("طرابلس", {0}),
        ("بيروت", {1, 9, 10}),
        ("مراكش", {25, 26, 27, 28}),
    )
)

Search = Callable[[str, int], list[int]]  # query, limit -> article indexes, best first


@dataclass(frozen=True, slots=True)
class Quality:
    """One analysis's scores (each a mean over its queries or pairs)."""

    recall_at_10: float
    precision_at_10: float
    clitic_recall: float
    lone_proclitic_recall: float


# --- scoring: pure functions -----------------------------------------------------------------------
def recall_at(found: Sequence[int], relevant: frozenset[int], k: int = K) -> float:
    """Share of the relevant articles in the first ``k`` found (1.0 when none is relevant)."""
    return len(relevant.intersection(found[:k])) / len(relevant) if relevant else 1.0


def precision_at(found: Sequence[int], relevant: frozenset[int], k: int = K) -> float:
    """Share of the first ``k`` found that are relevant; 0.0 when nothing is found."""
    shown = found[:k]
    return len(relevant.intersection(shown)) / len(shown) if shown else 0.0


def clitic_pairs(texts: Sequence[str]) -> list[tuple[int, str]]:
    """(article, definite form) for every word an article holds only with a clitic before the article
    («بالوزير», «للمياه» but never «الوزير», «المياه»)."""
    pairs = []
    for index, text in enumerate(texts):
        present = set(words(text))
        wanted = set()
        for word in present:
            rest = next((word[len(p) :] for p in ARTICLE_PREFIXES if word.startswith(p)), None)
            if rest is not None and len(rest) >= 3 and "ال" + rest not in present:
                wanted.add("ال" + rest)
        pairs += [(index, w) for w in sorted(wanted)]
    return pairs


def lone_proclitic_pairs(texts: Sequence[str]) -> list[tuple[int, str]]:
    """(article, word) for every word an article holds only behind a lone proclitic («بطرابلس») that
    another article holds bare (so it is a word, not a root letter read as a clitic)."""
    vocabularies = [set(words(t)) for t in texts]
    everywhere = set().union(*vocabularies) if vocabularies else set()
    pairs = []
    for index, present in enumerate(vocabularies):
        wanted = {
            w[1:]
            for w in present
            if w[0] in LONE_PROCLITICS
            and len(w) > 4
            and not w[1:].startswith("ال")
            and w[1:] not in present
            and w[1:] in everywhere
        }
        pairs += [(index, w) for w in sorted(wanted)]
    return pairs


def found_share(search: Search, pairs: Sequence[tuple[int, str]]) -> float:
    """Share of the pairs whose article the search finds by the pair's word (1.0 when there are none)."""
    if not pairs:
        return 1.0
    return sum(index in search(word, ALL) for index, word in pairs) / len(pairs)


def quality(search: Search, texts: Sequence[str], judgments: Iterable[tuple[str, frozenset[int]]]) -> Quality:
    judged = [(search(q, K), relevant) for q, relevant in judgments]
    return Quality(
        recall_at_10=statistics.fmean([recall_at(f, r) for f, r in judged] or [0.0]),
        precision_at_10=statistics.fmean([precision_at(f, r) for f, r in judged] or [0.0]),
        clitic_recall=found_share(search, clitic_pairs(texts)),
        lone_proclitic_recall=found_share(search, lone_proclitic_pairs(texts)),
    )


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..1) of ``values``."""
    ranked = sorted(values)
    return ranked[min(len(ranked) - 1, max(0, math.ceil(share * len(ranked)) - 1))]


# --- the analyses compared --------------------------------------------------------------------------
def light10(word: str) -> str:
    """Larkey, Ballesteros and Connell's light10 on a folded word (Lucene's ArabicStemmer is close)."""
    if len(word) > 3 and word.startswith("و"):
        word = word[1:]
    for prefix in ("وال", "بال", "كال", "فال", "لل", "ال"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix) :]
            break
    for suffix in ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


def snowball() -> Callable[[str], str] | None:
    """The snowballstemmer package's Arabic stemmer, or ``None`` when it is not installed."""
    try:
        import snowballstemmer
    except ImportError:
        return None
    stemmer = snowballstemmer.stemmer("arabic")
    return lambda word: str(stemmer.stemWord(word))


class TokenIndex:
    """An FTS5 index of the articles' words through one word analysis: the benchmark's baselines."""

    FIELDS = ("headline", "summary", "highlights", "body", "tags")

    def __init__(self, articles: Sequence[Article], analyse: Callable[[str], str]) -> None:
        self._analyse = analyse
        self._conn = sqlite3.connect(":memory:")
        self._conn.execute(f"CREATE VIRTUAL TABLE t USING fts5 ({', '.join(self.FIELDS)})")
        for index, article in enumerate(articles):
            texts = [_field(article, f) for f in self.FIELDS]
            self._conn.execute(
                "INSERT INTO t (rowid, headline, summary, highlights, body, tags) VALUES (?, ?, ?, ?, ?, ?)",
                (index, *(self._text(t) for t in texts)),
            )

    def _text(self, text: str) -> str:
        return " ".join(self._analyse(w) for w in words(text))

    def search(self, query: str, limit: int) -> list[int]:
        terms = [self._analyse(w) for w in words(query)]
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
        sql = "SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t, 10.0, 4.0, 3.0, 1.0, 2.0), rowid LIMIT ?"
        return [row[0] for row in self._conn.execute(sql, (match, limit))]


def store_search(store: SqliteStore, ids: dict[int, int]) -> Search:
    """A search through the store, answering with the articles' indexes (``ids``: store id → index)."""
    return lambda query, limit: [ids[h.article.id or 0] for h in store.search(query, limit=limit)]


# --- articles ------------------------------------------------------------------------------------
def demo_articles() -> list[Article]:
    """The demo outlets' articles as stored articles, in OUTLETS order."""
    found = []
    for outlet in OUTLETS:
        for n, demo in enumerate(load_articles(outlet.id)):
            found.append(
                Article(
                    url=f"https://{outlet.id}.example/{demo.slug}",
                    headline=demo.headline,
                    body="\n\n".join(demo.paragraphs),
                    summary=demo.summary or None,
                    highlights=list(demo.highlights),
                    tags=list(demo.tags),
                    source_id=outlet.id,
                    published_at=demo.published_at,
                    body_hash=f"{outlet.id}-{n}",
                )
            )
    return found


def corpus_articles(folder: Path) -> list[Article]:
    """Articles of a corpus folder: ``truth/*.json`` (headline, summary, highlights, body snippets)
    and ``*.txt`` (first line the headline, the rest the body)."""
    found = []
    for path in sorted(folder.glob("truth/*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        snippets = [
            truth.get("body_first_sentence") or "",
            *(truth.get("with") or []),
            truth.get("body_last_sentence") or "",
        ]
        found.append(
            Article(
                url=f"https://corpus.example/{path.stem}",
                headline=truth.get("headline") or "",
                body="\n\n".join(b for b in snippets if b),
                summary=truth.get("summary"),
                highlights=list(truth.get("highlights") or []),
                body_hash=path.stem,
            )
        )
    for path in sorted(folder.glob("*.txt")):
        head, _, text = path.read_text(encoding="utf-8").partition("\n")
        found.append(Article(url=f"https://corpus.example/{path.stem}", headline=head, body=text, body_hash=path.name))
    return found


def generated_articles(count: int) -> Iterable[Article]:
    """``count`` articles from the benchmark outlet's generator (its headlines repeat past 16,000; each
    body ends with its own number so that none is a copy of another)."""
    outlet = BenchOutlet(min(count, HEADLINE_CAPACITY))
    for n in range(count):
        demo = outlet.article(n % outlet.size)
        yield Article(
            url=f"https://bench.example/{n}",
            headline=demo.headline,
            body="\n\n".join((*demo.paragraphs, f"رقم {n}")),
            summary=demo.summary,
            highlights=list(demo.highlights),
            tags=list(demo.tags),
            source_id="throughput",
            published_at=demo.published_at,
            body_hash=f"bench-{n}",
        )


def _field(article: Article, name: str) -> str:
    value = getattr(article, name)
    if value is None:
        return ""
    return "\n".join(value) if isinstance(value, list) else str(value)


def _text(article: Article) -> str:
    return "\n".join(_field(article, f) for f in TokenIndex.FIELDS)


# --- the run -------------------------------------------------------------------------------------
def measure_quality(
    articles: Sequence[Article], judgments: Sequence[tuple[str, frozenset[int]]], folder: Path
) -> dict[str, Quality]:
    """Each analysis's quality over ``articles`` (the final one through a store in ``folder``)."""
    texts = [_text(a) for a in articles]
    analyses: dict[str, Callable[[str], str]] = {"folding": lambda w: w, "light10": light10}
    if (stemmer := snowball()) is not None:
        analyses["snowball"] = stemmer
    results = {name: quality(TokenIndex(articles, fn).search, texts, judgments) for name, fn in analyses.items()}
    with SqliteStore(folder / "quality.db") as store:
        ids = {r.id: n for n, r in enumerate(store.upsert_many(list(articles)))}
        results["final"] = quality(store_search(store, ids), texts, judgments)
    return results


@dataclass(frozen=True, slots=True)
class Speed:
    articles: int
    index_s: float
    reindex_s: float
    p50_ms: float
    p95_ms: float


def measure_speed(count: int, queries: Sequence[str], folder: Path, repeat: int = 5) -> Speed:
    """Index ``count`` generated articles, time the judged queries on them, then a full reindex."""
    path = folder / "speed.db"
    start = time.perf_counter()
    with SqliteStore(path) as store:
        batch: list[Article] = []
        for article in generated_articles(count):
            batch.append(article)
            if len(batch) == 1000:
                store.upsert_many(batch)
                batch = []
        store.upsert_many(batch)
    index_s = time.perf_counter() - start
    timings = []
    with SqliteStore(path) as store:
        for _ in range(repeat):
            for query in queries:
                began = time.perf_counter()
                store.search(query, limit=K)
                timings.append((time.perf_counter() - began) * 1000)
    conn = sqlite3.connect(path, isolation_level=None)
    start = time.perf_counter()
    with _transaction(conn):
        reindex(conn)
    reindex_s = time.perf_counter() - start
    conn.close()
    return Speed(count, index_s, reindex_s, statistics.median(timings), percentile(timings, 0.95))


def report(results: dict[str, Quality], corpus: dict[str, Quality] | None, speed: Speed | None) -> list[str]:
    """The report's lines and, last, the floors' verdicts."""
    lines = [f"{'analysis':<10} {'recall@10':>10} {'prec@10':>8} {'clitic recall':>14} {'lone-proclitic':>15}"]
    for name, q in results.items():
        lines.append(
            f"{name:<10} {q.recall_at_10:>10.1%} {q.precision_at_10:>8.1%} {q.clitic_recall:>14.1%}"
            f" {q.lone_proclitic_recall:>15.1%}"
        )
    if corpus:
        lines.append("corpus folder:")
        lines += [
            f"{n:<10} clitic recall {q.clitic_recall:.1%}, lone-proclitic {q.lone_proclitic_recall:.1%}"
            for n, q in corpus.items()
        ]
    if speed:
        lines.append(
            f"{speed.articles:,} generated articles: indexed in {speed.index_s:.0f} s (store writes included), "
            f"reindexed in {speed.reindex_s:.0f} s; query latency p50 {speed.p50_ms:.1f} ms, p95 {speed.p95_ms:.1f} ms"
        )
    return lines


def floors(results: dict[str, Quality], speed: Speed | None) -> list[tuple[str, bool]]:
    final, folding = results["final"], results["folding"]
    checks = [
        (
            f"clitic recall {final.clitic_recall:.1%} >= {FLOOR_CLITIC_RECALL:.0%}",
            final.clitic_recall >= FLOOR_CLITIC_RECALL,
        ),
        (
            f"precision@10 {final.precision_at_10:.1%} >= folding's {folding.precision_at_10:.1%}",
            final.precision_at_10 >= folding.precision_at_10,
        ),
    ]
    if speed is not None:
        checks.append((f"p95 latency {speed.p95_ms:.1f} ms < {FLOOR_P95_MS:.0f} ms", speed.p95_ms < FLOOR_P95_MS))
    return checks


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench-search", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, help="generated store size (0: no speed run)")
    parser.add_argument("--corpus", type=Path, help="also a folder of articles (truth/*.json or *.txt)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        folder = Path(tmp)
        results = measure_quality(demo_articles(), JUDGMENTS, folder)
        corpus = None
        if args.corpus is not None:
            articles = corpus_articles(args.corpus)
            if not articles:
                print(f"bench-search: no articles in {args.corpus}", file=sys.stderr)
                return 2
            (folder / "corpus").mkdir()
            corpus = measure_quality(articles, (), folder / "corpus")
        speed = measure_speed(args.articles, [q for q, _ in JUDGMENTS], folder) if args.articles > 0 else None
    for line in report(results, corpus, speed):
        print(line)
    checks = floors(results, speed)
    for text, met in checks:
        print(f"{'met' if met else 'MISSED'}: {text}")
    return 0 if all(met for _, met in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
