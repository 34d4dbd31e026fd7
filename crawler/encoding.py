"""Decoding fetched bytes to text, with the legacy Arabic charsets in mind."""

from __future__ import annotations

from w3lib.encoding import html_to_unicode

# Legacy encodings Arabic sites still serve undeclared, tried after UTF-8 fails strictly.
_ARABIC_FALLBACKS = ("cp1256", "iso8859_6")


def _sniff(body: bytes) -> str | None:
    """Guess an undeclared charset: UTF-8 if it decodes strictly, else windows-1256."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    for encoding in _ARABIC_FALLBACKS:
        try:
            body.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode an HTML page: BOM, then the HTTP charset, then ``<meta>``, then sniffing.

    Returns ``(text, encoding_used)``. Never raises: undecodable bytes become U+FFFD.
    """
    encoding, text = html_to_unicode(content_type, body, auto_detect_fun=_sniff)
    return text, encoding
