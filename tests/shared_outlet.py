"""A loopback outlet for the shared-crawl tests: ``BenchOutlet``'s generated articles and feeds, every
request logged with when it started and ended (to count fetches and check politeness), article pages
answered after ``delay`` seconds (so a worker can be killed with requests in flight)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from benchmarks.outlet import BenchOutlet


@dataclass(frozen=True)
class Hit:
    path: str
    started: float
    ended: float


class LoggedOutlet:
    def __init__(self, outlet: BenchOutlet, *, delay: float = 0.0) -> None:
        self.outlet = outlet
        self.delay = delay
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                started = time.monotonic()
                path = self.path.split("?", 1)[0]
                status, ctype, body = server.outlet.respond(self.path, server.base_url)
                if server.delay and server.outlet.index_of(path) is not None:
                    time.sleep(server.delay)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                with server._lock:
                    server.hits.append(Hit(path, started, time.monotonic()))

            def log_message(self, format: str, *args: object) -> None:
                return

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def article_hits(self) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if self.outlet.index_of(h.path) is not None]

    def __enter__(self) -> LoggedOutlet:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
