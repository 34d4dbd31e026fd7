"""The Arabic analysis: a text's words folded (``crawler.arabic.search_form``), then lightly stemmed.

Every word is indexed twice: its *surface* form (folded letters only: «بالوزير» → «بالوزير») and its
*stems* (clitics and frequent suffixes off: «بالوزير» → «وزير»). Queries look words up by stem, phrases
by surface form, and exact forms rank first because they match both.

The rules follow Larkey's light10 and Lucene's ArabicStemmer (the article and its combinations with
و ف ب ك ل, then one suffix) with stricter length floors where those over-stem («لبنان» is not «لبن»
with a dual ending). A lone proclitic (و ف ب ك ل not followed by the article) is ambiguous: the و of
«وطرابلس» is «and», that of «وزير» is a root letter. So the index keeps both readings of such a word
(«وزير» and «زير», «بطرابلس» and «طرابلس») while a query word is read as written: «طرابلس» finds
«بطرابلس», and «وزير» still finds only itself and its own clitic forms.

The index holds this module's output: a change to a rule needs a store migration that reindexes
(as SQLite schema version 5 does), or stored articles and queries would disagree.
"""

from __future__ import annotations

import re
from functools import lru_cache

from crawler.arabic import search_form

# A word: a run of letters and digits in the search form (the underscore separates, as in SQLite's
# unicode61 tokenizer).
WORD_RE = re.compile(r"[^\W_]+")
# The article with the proclitics that combine with it, longest first (after folding). «لل» is ل + ال,
# «ولل» و + ل + ال.
ARTICLE_PREFIXES = ("وال", "فال", "بال", "كال", "ولل", "فلل", "ال", "لل")
# Proclitics that stand alone before a word: and, so, with/in, like, for.
SINGLE_PROCLITICS = frozenset("وفبكل")
# Suffixes, longest first, each with the fewest letters it must leave; ة is folded to ه, which goes
# like the pronoun ه. The plural/dual endings and «كم» leave four letters: «لبنان», «ايران», «البحرين»
# and «المحاكم» keep their last letters; pronouns and the feminine ending leave three («بيتها» →
# «بيت»). The adjective ending ي/ية is kept (light10 strips it): «الرئيسية» (main) is not «الرئيس»,
# «الدولية» (international) is not «الدولة», «الحكومي» is not «الحكومة»; «الدولية» and «دولي» share
# «دولي».
SUFFIXES: tuple[tuple[str, int], ...] = (
    ("هما", 3),
    ("كما", 3),
    ("ها", 3),
    ("هم", 4),
    ("هن", 4),
    ("كم", 4),
    ("نا", 3),
    ("ات", 3),
    ("ون", 4),
    ("ين", 4),
    ("ان", 4),
    ("ه", 3),
)
# No stem is shorter than this.
MIN_STEM = 3
# Words a lone-proclitic reading would confuse with a common word («كمال» is not «ك» + «مال»).
NO_PROCLITIC_READING = frozenset({"كمال", "كانت", "فيما", "لقد", "فقط"})


def words(text: str) -> list[str]:
    """The surface forms of ``text``'s words: folded, punctuation gone («الكَاظِمى،» → «الكاظمي»)."""
    return WORD_RE.findall(search_form(text))


def strip_article(word: str) -> str:
    """``word`` without the article and a proclitic joined to it («للمياه» → «مياه», «بالوزير» → «وزير»)."""
    for prefix in ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
            return word[len(prefix) :]
    return word


def strip_suffix(word: str) -> str:
    """``word`` without one frequent suffix, when enough of it is left («حكومتها» → «حكومت»)."""
    for suffix, floor in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= floor:
            return word[: -len(suffix)]
    return word


# Words memoised by ``stem`` and ``index_stems`` (pure functions): news text repeats its vocabulary.
_CACHED_WORDS = 1 << 16


@lru_cache(maxsize=_CACHED_WORDS)
def stem(word: str) -> str:
    """A surface form's stem, as a query reads it: article (and proclitic with it) off, then one suffix.

    «بالوزير» → «وزير», «والحكومة» (folded «والحكومه») → «حكوم», «وزير» → «وزير».
    """
    if not word.isalpha():
        return word
    bare = strip_article(word)
    if bare == word and word.startswith("ال"):
        return word  # an article too short to come off («الذي», «التي», «الله»): a word of its own
    return strip_suffix(bare)


@lru_cache(maxsize=_CACHED_WORDS)
def index_stems(word: str) -> tuple[str, ...]:
    """The stems the index keeps for a surface form: ``stem(word)``, and the stem of the word without a
    lone leading proclitic when that reading leaves a word of ``MIN_STEM`` letters or more
    («بطرابلس» → «بطرابلس», «طرابلس»; «وزير» → «وزير», «زير»)."""
    first = stem(word)
    if (
        len(word) <= MIN_STEM
        or word[0] not in SINGLE_PROCLITICS
        or strip_article(word) != word
        or word in NO_PROCLITIC_READING
        or not word.isalpha()
    ):
        return (first,)
    second = stem(word[1:])
    return (first,) if second == first else (first, second)


def surface_text(text: str) -> str:
    """``text`` as the index's surface columns hold it: its words, folded, one space apart."""
    return " ".join(words(text))


def stem_text(text: str) -> str:
    """``text`` as the index's stem columns hold it: every index stem of every word, one space apart."""
    return " ".join(s for w in words(text) for s in index_stems(w))
