"""Decoding pages: declared and undeclared Arabic charsets, disagreements between them, mojibake."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.extraction.encoding import Decoded, decode_html, decode_page, repair_mojibake

TITLE = "أخبار المدينة"
ARTICLE = (
    "أعلنت وزارة الصحة صباح اليوم افتتاح مستشفى جديد في ضواحي العاصمة، ويضم المستشفى مئة وخمسين سريرا "
    "وقسما للطوارئ يعمل على مدار الساعة؛ فهل تكفي هذه الخطوة لتخفيف الضغط؟"
)
FRENCH = "Le café de la Liberté à Alger: l’été «chaud» et 7°C à l’aube"

CORPUS = Path(__file__).parents[3] / "shared" / "corpus"
_ARABIC_LETTER_RE = re.compile("[\u0621-\u064a]")


def page(head: str = "", body: str = ARTICLE, title: str = TITLE) -> str:
    return f'<html><head>{head}<title>{title}</title></head><body dir="rtl"><p>{body}</p></body></html>'


def meta_charset(label: str) -> str:
    return f'<meta charset="{label}">'


def meta_http_equiv(label: str) -> str:
    return f'<meta http-equiv="Content-Type" content="text/html; charset={label}">'


def header(label: str) -> str:
    return f"text/html; charset={label}"


def mojibake(text: str, codec: str = "cp1252") -> str:
    """``text``'s UTF-8 bytes read as ``codec`` (as browsers read windows-1252: Latin-1 where it has no character)."""
    raw = text.encode("utf-8")
    return "".join(raw[i : i + 1].decode(codec, errors="ignore") or chr(raw[i]) for i in range(len(raw)))


def arabic_share(text: str) -> float:
    """Share of the non-ASCII letters that are Arabic ones."""
    letters = [c for c in text if not c.isascii() and c.isalpha()]
    return sum(1 for c in letters if _ARABIC_LETTER_RE.match(c)) / max(len(letters), 1)


def assert_clean(decoded: Decoded, encoding: str, expected: str | None = None) -> None:
    assert decoded.encoding == encoding
    assert ARTICLE in decoded.text if expected is None else decoded.text == expected
    assert not decoded.suspicious


# ---------------------------------------------------------------------------------------------
# Declared charsets, alone and agreeing


@pytest.mark.parametrize(
    ("label", "codec", "encoding"),
    [("windows-1256", "cp1256", "cp1256"), ("iso-8859-6", "iso8859_6", "iso8859-6"), ("UTF-8", "utf-8", "utf-8")],
)
def test_header_only(label: str, codec: str, encoding: str) -> None:
    assert_clean(decode_page(page().encode(codec), header(label)), encoding)


@pytest.mark.parametrize("meta", [meta_charset, meta_http_equiv])
@pytest.mark.parametrize(
    ("label", "codec", "encoding"), [("windows-1256", "cp1256", "cp1256"), ("ISO-8859-6", "iso8859_6", "iso8859-6")]
)
def test_meta_only(meta: Callable[[str], str], label: str, codec: str, encoding: str) -> None:
    assert_clean(decode_page(page(meta(label)).encode(codec)), encoding)


def test_header_and_meta_agreeing() -> None:
    body = page(meta_charset("windows-1256")).encode("cp1256")
    assert_clean(decode_page(body, header("windows-1256")), "cp1256")


# ---------------------------------------------------------------------------------------------
# Declarations that disagree with each other or with the bytes


@pytest.mark.parametrize(
    ("content_type", "meta", "codec", "encoding"),
    [
        # A UTF-8 header over a legacy page (the meta is right, or there is none).
        (header("utf-8"), meta_charset("windows-1256"), "cp1256", "cp1256"),
        (header("utf-8"), "", "cp1256", "cp1256"),
        # The server default Latin-1 / windows-1252 over a windows-1256 page.
        (header("iso-8859-1"), meta_http_equiv("windows-1256"), "cp1256", "cp1256"),
        (header("windows-1252"), meta_charset("windows-1256"), "cp1256", "cp1256"),
        (header("latin-1"), "", "cp1256", "cp1256"),
        (header("x-user-defined"), "", "cp1256", "cp1256"),
        # The header is right and the template's meta is not.
        (header("windows-1256"), meta_charset("utf-8"), "cp1256", "cp1256"),
        (header("iso-8859-6"), meta_charset("windows-1256"), "iso8859_6", "iso8859-6"),
        # A legacy header over a page that was moved to UTF-8.
        (header("windows-1256"), "", "utf-8", "utf-8"),
        (header("windows-1256"), meta_charset("windows-1256"), "utf-8", "utf-8"),
        # Both say windows-1256, but the bytes are ISO-8859-6 (and the other way round).
        (header("windows-1256"), meta_charset("windows-1256"), "iso8859_6", "iso8859-6"),
        (header("iso-8859-6"), meta_charset("iso-8859-6"), "cp1256", "cp1256"),
    ],
)
def test_disagreeing_declarations(content_type: str, meta: str, codec: str, encoding: str) -> None:
    assert_clean(decode_page(page(meta).encode(codec), content_type), encoding)


@pytest.mark.parametrize(("codec", "encoding"), [("cp1256", "cp1256"), ("iso8859_6", "iso8859-6")])
def test_undeclared_legacy_arabic(codec: str, encoding: str) -> None:
    assert_clean(decode_page(page().encode(codec)), encoding)


def test_undeclared_utf8_with_a_broken_byte_stays_utf8() -> None:
    body = page().encode("utf-8").replace(b"<p>", b"<p>\xff")
    decoded = decode_page(body)
    assert decoded.encoding == "utf-8"
    assert ARTICLE in decoded.text


def test_latin_page_keeps_its_declared_charset() -> None:
    body = page(body=FRENCH, title="Accueil").encode("cp1252")
    decoded = decode_page(body, header("windows-1252"))
    assert decoded.encoding == "cp1252"
    assert FRENCH in decoded.text


def test_bom_wins_over_declarations_and_is_stripped() -> None:
    body = b"\xef\xbb\xbf" + page(meta_charset("windows-1256")).encode("utf-8")
    assert_clean(decode_page(body, header("windows-1256")), "utf-8", page(meta_charset("windows-1256")))


def test_ascii_page_reports_its_declared_charset() -> None:
    html = page(meta_charset("windows-1256"), body="News", title="Home")
    assert decode_page(html.encode("ascii")) == Decoded(html, "cp1256", False, False)


def test_decode_html_returns_text_and_encoding() -> None:
    body = page().encode("cp1256")
    decoded = decode_page(body, header("windows-1256"))
    assert decode_html(body, header("windows-1256")) == (decoded.text, decoded.encoding)


# ---------------------------------------------------------------------------------------------
# Mojibake


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_mojibake_of_a_whole_page_is_repaired(codec: str) -> None:
    html = page(meta_charset("utf-8"), body=f"{ARTICLE}</p><p>{FRENCH}")
    decoded = decode_page(mojibake(html, codec).encode("utf-8"), header("utf-8"))
    assert decoded == Decoded(html, "utf-8", True, False)


def test_mojibake_in_part_of_a_page_is_repaired() -> None:
    html = page(meta_charset("utf-8"), body=f"{ARTICLE}</p><p>{mojibake(ARTICLE)}")
    decoded = decode_page(html.encode("utf-8"))
    assert decoded.text == page(meta_charset("utf-8"), body=f"{ARTICLE}</p><p>{ARTICLE}")
    assert decoded.repaired_mojibake
    assert not decoded.suspicious


def test_repair_mojibake_on_text() -> None:
    assert repair_mojibake(f"{TITLE} | {mojibake(TITLE)}") == (f"{TITLE} | {TITLE}", True)
    assert repair_mojibake(ARTICLE) == (ARTICLE, False)


@pytest.mark.parametrize(
    "text",
    [
        FRENCH,
        "Ã la carte: «Ã» et «Ø» sont des lettres; São Paulo, Øresund, Ùn",
        # French mojibake alone is not this module's business: without Arabic it is left as it is.
        mojibake(FRENCH),
    ],
)
def test_latin_text_is_not_repaired(text: str) -> None:
    assert repair_mojibake(text) == (text, False)
    assert decode_page(page(body=text).encode("utf-8")).text == page(body=text)


def test_mojibake_with_lost_bytes_is_repaired_but_flagged() -> None:
    # Decoding with errors="replace" turned the bytes windows-1252 lacks (e.g. the 0x81 of «ف») into U+FFFD.
    damaged = ARTICLE.encode("utf-8").decode("cp1252", errors="replace")
    decoded = decode_page(page(body=damaged).encode("utf-8"))
    assert decoded.repaired_mojibake
    assert decoded.suspicious
    assert "وزارة الصحة" in decoded.text


def test_unrepairable_mojibake_is_flagged() -> None:
    # Mojibake pairs whose bytes do not form UTF-8 (lead bytes without their continuations).
    decoded = decode_page(page(body="Ø Ù Ø§Ø Ù„Ù Ø¹Ø").encode("utf-8"))
    assert not decoded.repaired_mojibake
    assert decoded.suspicious


# ---------------------------------------------------------------------------------------------
# Real pages of ../shared/corpus


@pytest.fixture
def corpus_pages() -> Path:
    if not CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CORPUS} is missing in CI")
        pytest.skip(f"{CORPUS} is absent (only developers' machines and CI have it)")
    return CORPUS / "pages"


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["elbilad-home-1", "stadelahly-home-1"])
def test_corpus_mojibake_homepages_are_repaired(corpus_pages: Path, name: str) -> None:
    decoded = decode_page((corpus_pages / f"{name}.html").read_bytes())
    assert decoded.repaired_mojibake
    assert not decoded.suspicious
    assert arabic_share(decoded.text) > 0.95


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "encoding"), [("iso-8859-6", "iso8859-6"), ("windows-1256", "cp1256")])
def test_corpus_undeclared_fragments(corpus_pages: Path, name: str, encoding: str) -> None:
    decoded = decode_page((corpus_pages / f"chardet-{name}-fragment-1.html").read_bytes())
    assert decoded.encoding == encoding
    assert not decoded.suspicious
    assert arabic_share(decoded.text) > 0.95
