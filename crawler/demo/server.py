"""``python -m crawler.demo.server`` (or ``python -m crawler.demo``): serve the demo outlets until Ctrl-C.

The servers themselves live in ``crawler.demo.httpd`` (re-exported here for older imports); the package
does not import this module, so running it as a script does not import it twice.
"""

from __future__ import annotations

import sys
import threading

from crawler.demo.httpd import DemoServer, Responder, RouteServer

__all__ = ["DemoServer", "Responder", "RouteServer", "main"]


def main() -> None:
    """Serve the demo outlets on 127.0.0.1 (a free port) until Ctrl-C."""
    server = DemoServer().start()
    print(f"demo outlets at {server.base_url} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
