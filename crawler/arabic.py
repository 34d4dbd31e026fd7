"""Arabic text: cleaning for storage, folding for search, and script detection.

Cleaning only removes invisible or decorative characters and normalises spacing; it never changes the
letters or diacritics of the text. Folding (for search and hashing) is lossy on purpose and is never
stored as the article's text.
"""

from __future__ import annotations

import re
import unicodedata

# Tatweel (kashida) stretches letters for display («جمـــيل»); between two letters it is decoration and
# goes. After a prefix before a quote, digit or Latin word («لـ"داعش"», «بـ19») it is spelling and stays
# (one of it).
TATWEEL = "\u0640"
_DECORATIVE_TATWEEL_RE = re.compile("(?<=[\u0621-\u064a\u064b-\u065f])\u0640+(?=[\u0621-\u064a])")
_TATWEEL_RUN_RE = re.compile("\u0640{2,}")
# Zero-width and bidi control characters that outlets' CMSes leave in text. ZWNJ (U+200C) is kept:
# Persian and Urdu spelling needs it.
_INVISIBLE_RE = re.compile("[\u061c\u200b\u200d\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
# Every horizontal space character, NBSP and its relatives included.
_SPACES_RE = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES_RE = re.compile(r"\n\s*\n+")

# Folded letters: hamza-carrying alefs and alef wasla -> bare alef, ta marbuta -> ha, alef maqsura
# and Persian ya -> ya, Persian kaf -> kaf (Arabic typed on Persian keyboards); tatweel dropped.
_FOLD_TABLE = str.maketrans(
    {
        "\u0622": "\u0627",  # آ
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0671": "\u0627",  # ٱ
        "\u0629": "\u0647",  # ة -> ه
        "\u0649": "\u064a",  # ى -> ي
        "\u06cc": "\u064a",  # ی -> ي
        "\u06a9": "\u0643",  # ک -> ك
        TATWEEL: None,
    }
)
_DIACRITICS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_NON_WORD_RE = re.compile(r"[^\w]+")

_ARABIC_LETTER_RE = re.compile("[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff]")
_LETTER_RE = re.compile(r"[^\W\d_]")
# Arabic-script characters that are letters (not marks such as the dagger alef U+0670).
_ARABIC_SCRIPT_LETTER_RE = re.compile("(?=[^\\W\\d_])[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff]")


def clean_text(text: str) -> str:
    """NFC; decorative tatweel, zero-width and bidi controls removed; spaces collapsed within each line.

    Line breaks are kept (single breaks inside a paragraph become spaces, blank lines stay one blank
    line), so paragraph structure survives.
    """
    text = unicodedata.normalize("NFC", text)
    text = _TATWEEL_RUN_RE.sub(TATWEEL, _DECORATIVE_TATWEEL_RE.sub("", text))
    text = _INVISIBLE_RE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for block in _BLANK_LINES_RE.split(text):
        joined = " ".join(line.strip() for line in block.split("\n"))
        joined = _SPACES_RE.sub(" ", joined).strip()
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)


def clean_line(text: str) -> str:
    """``clean_text`` for one-line fields (headline, author, tag): every break becomes a space."""
    return clean_text(text).replace("\n\n", " ")


def fold_letters(text: str) -> str:
    """Lossy letter folding shared by search and date parsing; punctuation and spacing are kept.

    Lower-cased, NFKC (presentation forms; Eastern digits stay Eastern digits), invisible characters
    (ZWNJ included), diacritics and tatweel dropped, letter variants folded (see ``_FOLD_TABLE``).
    """
    text = unicodedata.normalize("NFKC", text).lower()
    text = _DIACRITICS_RE.sub("", text).translate(_FOLD_TABLE)
    return _INVISIBLE_RE.sub("", text).replace("\u200c", "")


def search_form(text: str) -> str:
    """Fold spelling variants so that «الكاظمي», «الكاظمى» and «الكَاظِمي» compare equal:
    ``fold_letters`` with punctuation turned into single spaces."""
    return _NON_WORD_RE.sub(" ", fold_letters(text)).strip()


def arabic_letter_ratio(text: str) -> float:
    """Share of letters in ``text`` that are Arabic-script letters (0.0 when it has no letters)."""
    letters = len(_LETTER_RE.findall(text))
    if not letters:
        return 0.0
    return len(_ARABIC_SCRIPT_LETTER_RE.findall(text)) / letters


# Letters of Persian and Urdu that Arabic does not use (Persian ye/kaf, peh, tcheh, jeh, gaf;
# Urdu tteh, ddal, rreh, noon ghunna, yeh barree, heh doachashmee, heh goal).
_PERSIAN_LETTER_RE = re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc]")
_URDU_LETTER_RE = re.compile("[\u0679\u0688\u0691\u06ba\u06d2\u06be\u06c1]")
# Share of script letters above which a text is Persian/Urdu rather than Arabic written on a
# Persian keyboard (which slips in an occasional ی or ک).
_OTHER_SCRIPT_SHARE = 0.02
_MIN_SCRIPT_RATIO = 0.5


def detect_language(text: str) -> str | None:
    """``"ar"``, ``"fa"`` or ``"ur"`` for Arabic-script text; ``None`` when the text is mostly not."""
    if arabic_letter_ratio(text) < _MIN_SCRIPT_RATIO:
        return None
    script_letters = len(_ARABIC_LETTER_RE.findall(text))
    if len(_URDU_LETTER_RE.findall(text)) / script_letters > _OTHER_SCRIPT_SHARE:
        return "ur"
    if len(_PERSIAN_LETTER_RE.findall(text)) / script_letters > _OTHER_SCRIPT_SHARE:
        return "fa"
    return "ar"
