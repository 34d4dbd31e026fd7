"""The Flask application of ``akhbar serve``: the pages' blueprints, security headers on every response,
and errors as pages (a bad argument 400, a missing article 404, an unusable store 503), never a traceback.

Read-only by construction: every route answers GET (and HEAD) only, so any other method is 405, and the
store is opened read-only (``crawler.store.open_store(read_only=True)``).
"""

from __future__ import annotations

import logging

from flask import Flask, Response, render_template
from werkzeug.exceptions import HTTPException

from crawler.store import StorageError
from crawler.urls import is_http_url
from crawler.web.captures import WarcIndex
from crawler.web.context import EXTENSION, WebContext, WebOptions
from crawler.web.dates import day_of
from crawler.web.params import BadRequest
from crawler.web.views_article import articles
from crawler.web.views_list import lists
from crawler.web.views_metrics import metrics
from crawler.web.views_sources import sources

logger = logging.getLogger(__name__)

# Sent with every response (a capture sets a stricter policy of its own): nothing but our own style
# sheet loads, no script runs, no page of ours is framed, and outlets are not told what was read here.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'none'; object-src 'none'; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(options: WebOptions) -> Flask:
    """The application over ``options.store_uri``; the store opens on the first request that needs it."""
    app = Flask(__name__)
    warc = WarcIndex(options.warc_dir) if options.warc_dir is not None and options.warc_dir.is_dir() else None
    app.extensions[EXTENSION] = WebContext(options, warc)
    app.jinja_env.filters["day"] = day_of
    app.jinja_env.tests["http_url"] = is_http_url  # only http(s) addresses become links (no javascript:)
    for blueprint in (lists, articles, sources, metrics):
        app.register_blueprint(blueprint)
    app.after_request(_secure)
    app.register_error_handler(BadRequest, _bad_request)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(StorageError, _storage_error)
    return app


def _secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _bad_request(error: BadRequest) -> tuple[str, int]:
    return render_template("message.html", code=400, title="طلب غير صالح", message=str(error)), 400


def _http_error(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    return render_template("message.html", code=code, title=error.name, message=error.description), code


def _storage_error(error: StorageError) -> tuple[str, int]:
    logger.error("store unavailable: %s", error)
    return render_template("message.html", code=503, title="المخزن غير متاح", message=str(error)), 503
