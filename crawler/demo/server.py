"""HTTP servers on 127.0.0.1 serving fixed routes from memory: the demo outlets, and test outlets."""

from __future__ import annotations

import sys
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from crawler.demo.site import Route, build_routes

_NOT_FOUND: Route = (404, "text/plain; charset=utf-8", b"not found")


class RouteServer:
    """Serves ``routes`` (path → status, type, body) in a background thread; a context manager.

    Query strings and fragments are ignored when looking a path up; every request path is recorded
    in ``requests`` so tests can count fetches.
    """

    def __init__(self, routes: Mapping[str, Route] | None = None, host: str = "127.0.0.1", port: int = 0) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "AkhbarDemo/1.0"

            def do_GET(self) -> None:
                server.requests.append(self.path)
                path = self.path.split("?", 1)[0].split("#", 1)[0]
                status, ctype, body = server.routes.get(path, _NOT_FOUND)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return  # quiet: the crawl reports what matters

        self._httpd = ThreadingHTTPServer((host, port), Handler)
        self._httpd.daemon_threads = True
        self.base_url = f"http://{host}:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="akhbar-server", daemon=True)

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


def main() -> None:
    """``python -m crawler.demo.server``: serve the demo outlets until Ctrl-C."""
    server = DemoServer().start()
    print(f"demo outlets at {server.base_url} (Ctrl-C to stop)", file=sys.stderr)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
