"""The User-Agent Akhbar sends: honest about what it is, with a URL where site owners reach the operator."""

from __future__ import annotations

from crawler import __version__


def user_agent(contact_url: str) -> str:
    """``Akhbar/<version> (news crawler; +<contact URL>)``."""
    return f"Akhbar/{__version__} (news crawler; +{contact_url})"
