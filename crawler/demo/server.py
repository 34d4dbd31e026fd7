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
    server = DemoServer()
    started = False
    # The address is printed inside the try: a Ctrl-C right after it still stops the server quietly
    # (and one before the server thread runs has nothing to stop: shutdown() would wait for it).
    try:
        server.start()
        started = True
        print(f"demo outlets at {server.base_url} (Ctrl-C to stop)", file=sys.stderr, flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        if started:
            server.stop()


if __name__ == "__main__":
    main()
