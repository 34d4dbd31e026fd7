"""HTTP servers on 127.0.0.1 serving fixed routes from memory: the demo outlets, and test outlets."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from crawler.demo.site import Route, build_routes

_NOT_FOUND: Route = (404, "text/plain; charset=utf-8", b"not found")
_LAST_MODIFIED = "Sun, 29 Nov 2026 06:00:00 GMT"


# A dynamic route: called with the request's path and headers, returns (status, headers, body).
Responder = Callable[[str, Mapping[str, str]], tuple[int, Mapping[str, str], bytes]]


class RouteServer:
    """Serves ``routes`` (path → status, type, body) in a background thread; a context manager.

    Query strings and fragments are ignored when looking a path up; every request path is recorded
    in ``requests`` (and with its headers in ``received``) so tests can count fetches. Like a real
    outlet's server, fixed routes carry an ``ETag`` and ``Last-Modified`` and answer a matching
    conditional request with 304, except paths in ``ignore_conditional`` (servers that ignore the
    headers). ``responders`` maps paths to functions for behaviour that changes per request.
    """

    def __init__(self, routes: Mapping[str, Route] | None = None, host: str = "127.0.0.1", port: int = 0) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.responders: dict[str, Responder] = {}
        self.ignore_conditional: set[str] = set()
        self.requests: list[str] = []
        self.received: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "AkhbarDemo/1.0"

            def do_GET(self) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                server.requests.append(self.path)
                server.received.append((self.path, headers))
                path = self.path.split("?", 1)[0].split("#", 1)[0]
                responder = server.responders.get(path)
                if responder is not None:
                    status, extra, body = responder(path, headers)
                    self._reply(status, extra, body)
                    return
                status, ctype, body = server.routes.get(path, _NOT_FOUND)
                extra = {"Content-Type": ctype}
                if status == 200:
                    etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
                    extra |= {"ETag": etag, "Last-Modified": _LAST_MODIFIED}
                    if path not in server.ignore_conditional and headers.get("if-none-match") == etag:
                        self._reply(304, {"ETag": etag}, b"")
                        return
                self._reply(status, extra, body)

            def _reply(self, status: int, headers: Mapping[str, str], body: bytes) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return  # quiet: the crawl reports what matters

        self._httpd = ThreadingHTTPServer((host, port), Handler)
        self._httpd.daemon_threads = True
        self.base_url = f"http://{host}:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="akhbar-server", daemon=True)

    def fetched(self, path: str) -> int:
        """How many requests asked for ``path`` (query string ignored)."""
        return sum(1 for p in self.requests if p.split("?", 1)[0] == path)

    def start(self) -> RouteServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> RouteServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


class DemoServer(RouteServer):
    """The three demo outlets, with absolute links to the port the server got."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(host=host, port=port)
        self.routes.update(build_routes(self.base_url))
