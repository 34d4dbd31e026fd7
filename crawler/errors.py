"""Plain-language descriptions of fetch failures, for stats reasons and the crawl summary."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

# Failure types → (stats reason, message). Checked in order; the first match wins.
_KNOWN: tuple[tuple[tuple[type[BaseException], ...], str, str], ...] = (
    ((CannotResolveHostError, net.DNSLookupError), "dns", "host name not found (DNS lookup failed)"),
    ((DownloadConnectionRefusedError, net.ConnectionRefusedError), "refused", "connection refused"),
    ((DownloadTimeoutError, net.TimeoutError, net.TCPTimedOutError), "timeout", "timed out"),
    ((ResponseDataLossError,), "data_loss", "response cut short (data loss)"),
    ((UnsupportedURLSchemeError,), "bad_scheme", "URL scheme not supported"),
    ((ResponseNeverReceived,), "no_response", "connection closed before any response"),
    (
        (ResponseFailed, net.ConnectionLost, net.ConnectionDone),
        "connection_lost",
        "connection lost mid-response",
    ),
)


def describe_failure(failure: Failure) -> tuple[str, str]:
    """``(reason, message)`` for a request's failure: ``("http_404", "HTTP 404 Not Found")``…"""
    exc = failure.value
    if isinstance(exc, HttpError):
        status = exc.response.status
        return f"http_{status}", f"HTTP {status}"
    refused = getattr(exc, "reason", None)
    if isinstance(exc, IgnoreRequest) and isinstance(refused, str):
        return refused, str(exc)  # a request Akhbar refused to make (spiders.guard.BlockedRequest)
    if isinstance(exc, IgnoreRequest):
        return "ignored", f"request not made: {exc or 'forbidden by robots.txt'}"
    for types, reason, message in _KNOWN:
        if isinstance(exc, types):
            return reason, message
    return type(exc).__name__.lower(), f"{type(exc).__name__}: {exc}"
