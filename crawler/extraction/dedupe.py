"""Content fingerprints for recognising the same article text at another address or outlet."""

from __future__ import annotations

import hashlib

from crawler.arabic import search_form


def body_hash(body: str) -> str:
    """Hash of the body's search form: equal for the same text whatever its spelling variants,
    diacritics, punctuation or spacing."""
    return hashlib.sha256(search_form(body).encode("utf-8")).hexdigest()[:32]
