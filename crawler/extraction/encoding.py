"""Decoding fetched bytes to text, with the legacy Arabic charsets and their accidents in mind.

Arabic sites often declare the wrong charset (a server default of ISO-8859-1 over windows-1256
bytes, a template's UTF-8 over a legacy database) or none at all, and some serve UTF-8 that was
decoded as Latin-1 and encoded again («Ø§Ù„Ø®Ø¨Ø±» for «الخبر»). ``decode_page`` settles the
charset by which candidate reads as Arabic, then repairs such double-encoded runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, to_unicode

# Legacy encodings Arabic sites still serve, tried beside whatever the page declares; UTF-8 last, for
# UTF-8 pages with a few broken bytes. On ties the earlier one wins.
_FALLBACKS = ("cp1256", "iso8859-6", "utf-8")
# The common server default: it gets no benefit of the doubt over a charset that reads as Arabic.
_SERVER_DEFAULT = "cp1252"
# A declared charset that decodes strictly is kept unless another one scores this much better.
_DECLARED_BONUS = 0.2

# Letters of the Arabic script (Persian and Urdu ones included; no digits, marks or punctuation).
_ARABIC_LETTER = "\u0621-\u063a\u0641-\u064a\u066e-\u06d3"
_ARABIC_LETTER_RE = re.compile(f"[{_ARABIC_LETTER}]")
# An Arabic letter touching a Latin one: no real word does that, but ISO-8859-6 read as windows-1256
# does (its heh, waw and yeh come out as «ç», «è», «ê»), and so does French read as ISO-8859-6.
_LATIN_LETTER = "A-Za-z\u00c0-\u00ff"
_MIXED_SCRIPT_RE = re.compile(f"[{_ARABIC_LETTER}][{_LATIN_LETTER}]|[{_LATIN_LETTER}][{_ARABIC_LETTER}]")


def _latin1_view(byte: int) -> str:
    """How ``byte`` shows when read as windows-1252, or as Latin-1 where windows-1252 has no character."""
    return bytes([byte]).decode("cp1252", errors="ignore") or chr(byte)


# UTF-8 continuation bytes (0x80-0xBF) as windows-1252 or Latin-1 show them, and the table that
# turns those characters back into Latin-1 ones, i.e. into their bytes.
_TRAIL = "".join(sorted({c for b in range(0x80, 0xC0) for c in (_latin1_view(b), chr(b))}))
_TO_LATIN1 = str.maketrans({_latin1_view(b): chr(b) for b in range(0x80, 0x100)})
_TRAIL_CHAR = f"[{re.escape(_TRAIL)}]"
# A run of whole UTF-8 sequences seen through Latin-1 eyes: 2-, 3- and 4-byte lead bytes (0xC2-0xF4
# show as «Â»-«ô») each followed by their continuation bytes.
_MOJIBAKE_RUN_RE = re.compile(
    f"(?:[\u00c2-\u00df]{_TRAIL_CHAR}|[\u00e0-\u00ef]{_TRAIL_CHAR}{{2}}|[\u00f0-\u00f4]{_TRAIL_CHAR}{{3}})+"
)
# The cheap test for the fast path: Arabic's UTF-8 lead bytes (0xD8-0xDB, «Ø»-«Û») before a
# continuation byte. Correct pages of any language almost never hold this pair.
_ARABIC_MOJIBAKE_RE = re.compile(f"[\u00d8-\u00db]{_TRAIL_CHAR}")
# A repaired run must give at least this many Arabic letters before the page counts as mojibake.
_MIN_ARABIC_REPAIR = 2
# Mojibake pairs still left, or a share of U+FFFD among non-ASCII characters, that flag a page.
_SUSPICIOUS_PAIRS = 3
_SUSPICIOUS_REPLACEMENT_SHARE = 0.01


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded page and how it was decoded."""

    text: str
    #: Python codec name the bytes were decoded with (``utf-8``, ``cp1256``, ``iso8859-6``, ...).
    encoding: str
    #: Whether double-encoded UTF-8 runs were repaired.
    repaired_mojibake: bool
    #: Whether the text still looks broken: mojibake left, or many U+FFFD.
    suspicious: bool


# Characters of a candidate reading that are scored (see ``_arabic_score``).
_SCORE_WINDOW = 8000


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", errors="ignore"))


def _arabic_score(text: str) -> float:
    """Share of non-ASCII characters that are Arabic letters, less mixed-script pairs and U+FFFD.

    Read on a window from the middle of the page (where the article is) rather than all of it: the
    candidates differ on every non-ASCII byte, so a few thousand characters tell them apart.
    """
    if len(text) > _SCORE_WINDOW:
        start = (len(text) - _SCORE_WINDOW) // 2
        text = text[start : start + _SCORE_WINDOW]
    non_ascii = _non_ascii(text)
    if not non_ascii:
        return 0.0
    good = len(_ARABIC_LETTER_RE.findall(text))
    bad = len(_MIXED_SCRIPT_RE.findall(text)) + text.count("\ufffd")
    return (good - bad) / non_ascii


def _decode(body: bytes, encoding: str) -> tuple[str, bool]:
    """``body`` decoded with U+FFFD for bad bytes, and whether it decoded strictly."""
    try:
        return body.decode(encoding), True
    except UnicodeDecodeError:
        return to_unicode(body, encoding), False


def _best_reading(body: bytes, declared: list[str]) -> tuple[str, str]:
    """Decode bytes that are not UTF-8: the candidate charset that reads most like Arabic."""
    readings = []
    for encoding in dict.fromkeys([*declared, *_FALLBACKS]):
        text, strict = _decode(body, encoding)
        score = _arabic_score(text)
        if strict and encoding in declared and encoding != _SERVER_DEFAULT:
            score += _DECLARED_BONUS
        readings.append((score, encoding, text))
    _score, encoding, text = max(readings, key=lambda reading: reading[0])  # the first on ties
    return encoding, text


def _decode_bytes(body: bytes, content_type: str | None) -> tuple[str, str]:
    """``(encoding, text)``: BOM first; valid UTF-8 as such; else the best-scoring candidate."""
    bom_encoding, bom = read_bom(body)
    if bom_encoding is not None and bom is not None:
        return bom_encoding, to_unicode(body[len(bom) :], bom_encoding)
    declared = [e for e in (http_content_type_encoding(content_type), html_body_declared_encoding(body)) if e]
    if body.isascii():
        encoding = declared[0] if declared else "utf-8"
        return encoding, to_unicode(body, encoding)
    try:
        # Non-ASCII bytes that happen to form valid UTF-8 are UTF-8, whatever the page declares.
        return "utf-8", body.decode("utf-8")
    except UnicodeDecodeError:
        return _best_reading(body, declared)


def _unmojibake(run: str) -> str | None:
    """The text whose UTF-8 bytes ``run`` shows through windows-1252/Latin-1, or None."""
    try:
        return run.translate(_TO_LATIN1).encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Repair double-encoded UTF-8 Arabic runs in ``text``; return ``(text, repaired?)``.

    Runs are repaired one by one, and only once one of them gives Arabic words: the other runs of
    such a page («Â«», «Ã©») are the same accident, while a page without that evidence (French
    with «é» or a real «Ã») is left alone.
    """
    if not _ARABIC_MOJIBAKE_RE.search(text):
        return text, False
    repairs = {run: fixed for run in set(_MOJIBAKE_RUN_RE.findall(text)) if (fixed := _unmojibake(run)) is not None}
    if not any(len(_ARABIC_LETTER_RE.findall(fixed)) >= _MIN_ARABIC_REPAIR for fixed in repairs.values()):
        return text, False
    return _MOJIBAKE_RUN_RE.sub(lambda m: repairs.get(m[0], m[0]), text), True


def _looks_broken(text: str) -> bool:
    if len(_ARABIC_MOJIBAKE_RE.findall(text)) >= _SUSPICIOUS_PAIRS:
        return True
    replacements = text.count("\ufffd")
    return replacements > 0 and replacements > _SUSPICIOUS_REPLACEMENT_SHARE * _non_ascii(text)


def decode_page(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode an HTML page, settling disagreeing charsets and repairing double-encoded UTF-8.

    Never raises: undecodable bytes become U+FFFD (and may flag the result as ``suspicious``).
    """
    encoding, text = _decode_bytes(body, content_type)
    text, repaired = repair_mojibake(text)
    return Decoded(text, encoding, repaired, _looks_broken(text))


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode an HTML page (see ``decode_page``); return ``(text, encoding_used)``."""
    decoded = decode_page(body, content_type)
    return decoded.text, decoded.encoding
