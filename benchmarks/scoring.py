"""Scoring extracted articles against the corpus truth files (``../shared/corpus/README.md``).

Pure functions over plain values, so that the protocol itself is unit-tested: snippets are compared
after collapsing whitespace (NBSP included) and nothing else; Arabic letters are compared exactly.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

# Any run of whitespace, NBSP and the other Unicode spaces included (``\s`` covers them in str mode).
_SPACES_RE = re.compile(r"\s+")
# ISO dates: a day alone («2013-08-03») or a day with a time of day.
_TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def collapse(text: str) -> str:
    """Whitespace runs to one space, ends stripped: the only normalisation the protocol allows."""
    return _SPACES_RE.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class SnippetScore:
    """Counts of the snippet protocol for one page (or summed over pages)."""

    true_positives: int = 0
    false_negatives: int = 0
    false_positives: int = 0
    true_negatives: int = 0

    def __add__(self, other: SnippetScore) -> SnippetScore:
        return SnippetScore(
            self.true_positives + other.true_positives,
            self.false_negatives + other.false_negatives,
            self.false_positives + other.false_positives,
            self.true_negatives + other.true_negatives,
        )

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_snippets(
    extracted: str,
    with_snippets: Iterable[str],
    without_snippets: Iterable[str],
    *,
    body: str | None = None,
    fields: Sequence[str] = (),
) -> SnippetScore:
    """A ``with`` snippet found is a hit, one missing a miss; a ``without`` snippet found a false positive.

    ``extracted`` is the whole article (summary + key points + body). A ``without`` snippet that is part
    of one of the truth's own ``fields`` (its summary, a key point) belongs in that field and must only
    stay out of the ``body``; any other is looked for in the whole article.
    """
    text = collapse(extracted)
    hits = [collapse(s) in text for s in with_snippets]
    leaks = [leaked(s, extracted, extracted if body is None else body, fields) for s in without_snippets]
    return SnippetScore(sum(hits), hits.count(False), sum(leaks), leaks.count(False))


def leaked(snippet: str, extracted: str, body: str, fields: Sequence[str] = ()) -> bool:
    """Whether a ``without`` snippet is where it must not be (see ``score_snippets``)."""
    wanted = collapse(snippet)
    own_field = any(wanted and wanted in collapse(f) for f in fields if f)
    return wanted in collapse(body if own_field else extracted)


def headline_matches(extracted: str | None, truth: str | None) -> bool:
    """Exact match after whitespace collapsing."""
    return truth is not None and extracted is not None and collapse(extracted) == collapse(truth)


def _parse_iso(value: str) -> datetime | date | None:
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        if _TIME_RE.match(text):
            return datetime.fromisoformat(text)
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def dates_match(extracted: str | None, truth: str | None) -> bool:
    """Same instant when both carry a time and a zone, else the same calendar day (as each writes it)."""
    if not extracted or not truth:
        return False
    ours, theirs = _parse_iso(extracted), _parse_iso(truth)
    if ours is None or theirs is None:
        return False
    if (
        isinstance(ours, datetime)
        and isinstance(theirs, datetime)
        and ours.tzinfo is not None
        and theirs.tzinfo is not None
    ):
        return ours == theirs
    return _day(ours) == _day(theirs)


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


@dataclass(frozen=True, slots=True)
class AuthorOutcome:
    """How the extracted bylines compare with the truth's author (a person, or null)."""

    expected: bool  # the truth names a person
    found: bool  # that person is among the extracted authors
    wrong: bool  # an extracted author is not the truth's person (or any, when the truth has none)


def judge_authors(extracted: Sequence[str], truth: str | Sequence[str] | None) -> AuthorOutcome:
    """A missing byline is a miss; a byline that is not the truth's person is wrong."""
    expected = [truth] if isinstance(truth, str) else list(truth or [])
    wanted = {collapse(name) for name in expected if name}
    got = {collapse(name) for name in extracted if name and name.strip()}
    return AuthorOutcome(expected=bool(wanted), found=bool(wanted) and wanted <= got, wrong=bool(got - wanted))


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` in 0..1); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0
