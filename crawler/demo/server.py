"""The demo outlets' HTTP server: 127.0.0.1, an ephemeral port, everything served from memory."""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from crawler.demo.site import Route, build_routes

_NOT_FOUND: Route = (404, "text/plain; charset=utf-8", b"not found")


class DemoServer:
    """Serves the demo outlets in a background thread; use as a context manager."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        routes: dict[str, Route] = {}
        self.requests: list[str] = []
        requests = self.requests

        class Handler(BaseHTTPRequestHandler):
            server_version = "AkhbarDemo/1.0"

            def do_GET(self) -> None:
                requests.append(self.path)
                path = self.path.split("?", 1)[0].split("#", 1)[0]
                status, ctype, body = routes.get(path, _NOT_FOUND)
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
        routes.update(build_routes(self.base_url))
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="akhbar-demo", daemon=True)

    def start(self) -> DemoServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def main() -> None:
    """``python -m crawler.demo.server``: serve until Ctrl-C."""
    server = DemoServer().start()
    print(f"demo outlets at {server.base_url} (Ctrl-C to stop)", file=sys.stderr)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
