"""The web interface of ``akhbar serve``: a read-only Flask application over a store (latest articles,
search, article pages, sources, exports), its Jinja2 templates and style sheet. On the top floor beside
``crawler.app`` (which starts it); may import every lower floor (store, archive, search, vocabulary),
never ``crawler.app`` or Scrapy.
"""

from crawler.web.app import create_app
from crawler.web.context import WebOptions

__all__ = ["WebOptions", "create_app"]
