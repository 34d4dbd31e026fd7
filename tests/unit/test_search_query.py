"""The query language: every syntax, and every malformed form refused with a one-line message."""

from __future__ import annotations

import pytest

from crawler.search.query import Kind, Query, QueryError, Term, parse_query
from crawler.search.snippets import Matcher, mark, snippet


def word(text: str) -> Term:
    return Term(Kind.WORD, (text,))


def test_words_must_all_match_and_are_looked_up_by_stem() -> None:
    query = parse_query("الوزير بطرابلس")
    assert query == Query(((word("الوزير"),), (word("بطرابلس"),)))
    assert [t.stem for t in query.terms()] == ["وزير", "بطرابلس"]


def test_words_are_folded() -> None:
    assert parse_query("الكَاظِمى") == Query(((word("الكاظمي"),),))


def test_phrase_keeps_its_surface_forms_in_order() -> None:
    assert parse_query('"وزير الخارجية"') == Query(((Term(Kind.PHRASE, ("وزير", "الخارجيه")),),))


def test_prefix() -> None:
    [[term]] = parse_query("الوزار*").groups
    assert term == Term(Kind.PREFIX, ("الوزار",))
    assert term.stem == "وزار"  # the article comes off, the rest stays a prefix


def test_or_joins_its_neighbours() -> None:
    query = parse_query('غزة OR رفح "وقف اطلاق" OR هدنة')
    assert [[t.words for t in g] for g in query.groups] == [
        [("غزه",), ("رفح",)],
        [("وقف", "اطلاق"), ("هدنه",)],
    ]


def test_exclusion_of_words_and_phrases() -> None:
    query = parse_query('اقتصاد -رياضة -"كأس العالم"')
    assert query.groups == ((word("اقتصاد"),),)
    assert query.excluded == (word("رياضه"), Term(Kind.PHRASE, ("كاس", "العالم")))


def test_lowercase_or_is_a_word() -> None:
    assert parse_query("غزة or رفح").groups == ((word("غزه"),), (word("or"),), (word("رفح"),))


def test_punctuation_separates_words_and_a_hyphen_inside_a_word_is_not_exclusion() -> None:
    assert parse_query("غزة،رفح").groups == ((word("غزه"),), (word("رفح"),))
    assert parse_query("covid-19").groups == ((word("covid"),), (word("19"),))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"وزير الخارجية', "unbalanced quote"),
        ('وزير"', "unbalanced quote"),
        ('"', "unbalanced quote"),
        ("-", "lone '-'"),
        ("غزة -", "lone '-'"),
        ("-غزة", "only excluded terms"),
        ("", "no words"),
        ("   ", "no words"),
        ("…،؛؟!", "no words"),
        ('""', "no words"),
        ("OR", "OR needs a term"),
        ("OR غزة", "OR needs a term"),
        ("غزة OR", "OR needs a term"),
        ("غزة OR OR رفح", "OR needs a term"),
        ("غزة OR -رفح", "OR cannot join"),
        ("(غزة OR رفح)", "not query syntax"),
        ("headline:غزة", "not query syntax"),
        ("^غزة", "not query syntax"),
        ("{headline}", "not query syntax"),
        ("غزة+رفح", "not query syntax"),
        ("*", "a prefix is one word"),
        ("غ*زة", "'*' only ends"),
        ("غزة**", "'*' only ends"),
        ("غ*", "at least two letters"),
        ("a,b*", "one word"),
    ],
)
def test_malformed_queries_get_one_line(query: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_phrases_may_hold_syntax_characters() -> None:
    assert parse_query('"(غزة): رفح"').groups == ((Term(Kind.PHRASE, ("غزه", "رفح")),),)


def test_matcher_marks_clitic_forms_and_prefixes() -> None:
    match = Matcher(parse_query("الوزير طراب*"))
    assert match("بالوزير") and match("وزير") and match("الوزيران")
    assert match("طرابلس") and match("بطرابلس")
    assert not match("الوزارة") and not match("زير")


def test_snippet_marks_every_matched_word_in_its_window() -> None:
    text = "في طرابلس اليوم، التقى الوزيرُ بالوزير الآخر قرب ميناء المدينة."
    window, spans = snippet(["", text], Matcher(parse_query("الوزير")))
    assert window == text
    assert [window[a:b] for a, b in spans] == ["الوزيرُ", "بالوزير"]
    assert mark(window, spans) == "في طرابلس اليوم، التقى [الوزيرُ] [بالوزير] الآخر قرب ميناء المدينة."


def test_snippet_without_a_match_is_the_lead() -> None:
    window, spans = snippet(["نص بلا تطابق"], Matcher(parse_query("غزة")))
    assert (window, spans) == ("نص بلا تطابق", ())
