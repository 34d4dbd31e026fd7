"""Plain-language descriptions of fetch failures, for stats reasons and the crawl summary."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web._newclient import ParseError, ResponseFailed, ResponseNeverReceived

# Failure types → (stats reason, message). Checked in order; the first match wins. Scrapy (2.13+)
# wraps Twisted's response failures in DownloadFailedError; the wrapped one is matched instead.
_KNOWN: tuple[tuple[tuple[type[BaseException], ...], str, str], ...] = (
    ((CannotResolveHostError, net.DNSLookupError), "dns", "host name not found (DNS lookup failed)"),
    ((DownloadConnectionRefusedError, net.ConnectionRefusedError), "refused", "connection refused"),
    ((DownloadTimeoutError, net.TimeoutError, net.TCPTimedOutError), "timeout", "timed out"),
    ((ResponseDataLossError,), "data_loss", "response cut short (data loss)"),
    # The HTTP handler cancels a download once its body passes DOWNLOAD_MAXSIZE (or announces more).
    ((DownloadCancelledError,), "too_large", "response larger than the size limit (DOWNLOAD_MAXSIZE)"),
    ((UnsupportedURLSchemeError,), "bad_scheme", "URL scheme not supported"),
    ((ResponseNeverReceived,), "no_response", "connection closed before any response"),
    (
        (ResponseFailed, net.ConnectionLost, net.ConnectionDone),
        "connection_lost",
        "connection lost mid-response",
    ),
)
# Scrapy's IgnoreRequest stands for several outcomes, told apart only by its message: a fragment of
# the message → (stats reason, message).
_IGNORED: tuple[tuple[str, str, str], ...] = (
    ("max redirections reached", "redirect_loop", "too many redirects (a redirect loop?)"),
    (
        "during decompression",
        "too_large",
        "response larger than the size limit once decompressed (DOWNLOAD_MAXSIZE; a compression bomb?)",
    ),
)


# Reasons of the download failures every crawl meets (the outlet's fault or the network's, never ours):
# logged as one line, without a traceback (crawler/app/quietlog.py).
KNOWN_REASONS: frozenset[str] = frozenset({reason for _, reason, _ in _KNOWN} | {"bad_response"})


def describe_failure(failure: Failure) -> tuple[str, str]:
    """``(reason, message)`` for a request's failure: ``("http_404", "HTTP 404 Not Found")``…"""
    assert failure.value is not None  # a Failure always wraps an exception
    return describe_exception(failure.value)


def known_failure(exc: BaseException) -> str | None:
    """The message of a download failure every crawl meets (DNS, refused, timeout…), else None."""
    reason, message = describe_exception(exc)
    return message if reason in KNOWN_REASONS else None


def describe_exception(exc: BaseException) -> tuple[str, str]:
    """``(reason, message)`` for the exception a request failed with (see ``describe_failure``)."""
    if isinstance(exc, HttpError):
        status = exc.response.status
        retry_after = exc.response.headers.get("Retry-After")
        if retry_after:
            return f"http_{status}", f"HTTP {status} (Retry-After: {retry_after.decode('latin-1')})"
        return f"http_{status}", f"HTTP {status}"
    refused = getattr(exc, "reason", None)
    if isinstance(exc, IgnoreRequest) and isinstance(refused, str):
        return refused, str(exc)  # a request Akhbar refused to make (spiders.guard.BlockedRequest)
    if isinstance(exc, IgnoreRequest):
        text = str(exc)
        for fragment, reason, message in _IGNORED:
            if fragment in text:
                return reason, message
        return "ignored", f"request not made: {text or 'forbidden by robots.txt'}"
    if isinstance(exc, DownloadFailedError) and exc.__cause__ is not None:
        exc = exc.__cause__
    if isinstance(exc, ResponseFailed) and any(r.check(ParseError) for r in exc.reasons):
        return "bad_response", "the server's answer is not valid HTTP"
    for types, reason, message in _KNOWN:
        if isinstance(exc, types):
            return reason, message
    return type(exc).__name__.lower(), f"{type(exc).__name__}: {exc}"
