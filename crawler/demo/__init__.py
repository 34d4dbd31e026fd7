"""The bundled demo outlets: three fictional Arabic news sites served on 127.0.0.1, with known truth.

On the top floor with ``crawler.app``, which runs it (``akhbar demo``); tests and benchmarks serve it too.
"""

from crawler.demo.httpd import DemoServer
from crawler.demo.model import DemoArticle, DemoOutlet
from crawler.demo.site import (
    ARTICLES,
    BOILERPLATE_PHRASES,
    NOT_ARTICLE_PATHS,
    OUTLETS,
    broken_sources_toml,
    sources_toml,
)

__all__ = [
    "ARTICLES",
    "BOILERPLATE_PHRASES",
    "NOT_ARTICLE_PATHS",
    "OUTLETS",
    "DemoArticle",
    "DemoOutlet",
    "DemoServer",
    "broken_sources_toml",
    "sources_toml",
]
