"""``akhbar serve``: the web interface (``crawler.web``) over a store, read-only, served by waitress.

Everything is checked before the server starts (the store opens read-only at the current schema, the
sources registry reads, the address binds), so a mistake is one line and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType

from crawler.app.report import EXIT_OK, EXIT_USAGE
from crawler.archive.naming import warc_dir
from crawler.sources import Source, load_sources
from crawler.store import open_store

LOOPBACK = ("127.0.0.1", "::1", "localhost")
DEFAULT_PORT = 8080
# waitress worker threads: requests served at once (each SQLite reader has its own connection).
DEFAULT_THREADS = 4


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], add_db: Callable[..., None]) -> None:
    serve = sub.add_parser("serve", help="the web interface over the store (read-only): latest, search, sources")
    add_db(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT}; 0: any free)")
    serve.add_argument("--sources", metavar="FILE", help="registry naming outlets (default: the bundled one)")
    serve.add_argument(
        "--warc", metavar="DIR", type=Path, help="WARC archive for captures (default: warc/ beside the database)"
    )
    serve.add_argument("--threads", type=int, default=DEFAULT_THREADS, help=argparse.SUPPRESS)


def run(args: argparse.Namespace, store_uri: Callable[[str], str]) -> int:
    import waitress

    from crawler.web import WebOptions, create_app

    if not 0 <= args.port <= 65535:
        return _usage(f"--port {args.port}: expected a port number from 1 to 65535 (0: any free port)")
    if args.warc is not None and not args.warc.is_dir():
        return _usage(f"--warc {args.warc}: no such folder")
    uri = store_uri(args.db)
    with open_store(uri, read_only=True):  # a missing store, an older schema: StorageError, exit 2
        pass
    options = WebOptions(uri, with_demo_outlets(load_sources(args.sources)), args.warc or archive_of(uri))
    app = create_app(options)
    try:
        server = waitress.create_server(app, host=args.host, port=args.port, threads=max(args.threads, 1))
    except (OSError, ValueError) as exc:
        return _usage(f"cannot listen on {args.host} port {args.port}: {exc}")
    host, port = _address(server)
    print(f"akhbar serve: {args.db} (read-only) at http://{host}:{port}/ ; Ctrl-C stops", file=sys.stderr, flush=True)
    if args.host not in LOOPBACK:
        print(f"akhbar serve: listening on {args.host}: anyone who reaches it can read the store", file=sys.stderr)
    if options.warc_dir is not None:
        print(f"akhbar serve: captures from the WARC archive {options.warc_dir}", file=sys.stderr)

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    except KeyboardInterrupt:
        print("akhbar serve: stopped", file=sys.stderr)
    finally:
        server.close()
        app.extensions["akhbar"].close()
    return EXIT_OK


def with_demo_outlets(sources: Sequence[Source]) -> list[Source]:
    """The registry, plus the demo outlets it does not know (so ``data/demo.db`` shows countries and zones)."""
    from crawler.demo import OUTLETS  # here, not at the top: every akhbar command imports this module

    known = {s.id for s in sources}
    demo = [
        Source(o.id, o.name, o.name_ar, f"http://127.0.0.1/{o.id}/", (), o.country, "ar", o.timezone)
        for o in OUTLETS
        if o.id not in known
    ]
    return [*sources, *demo]


def archive_of(store_uri: str) -> Path | None:
    """The WARC folder beside the store (``warc/``, or ``<name>-warc`` as ``akhbar demo`` makes), if any."""
    folder = warc_dir(store_uri)
    if folder is not None and folder.is_dir():
        return folder
    scheme, _, rest = store_uri.partition("://")
    if scheme.startswith("sqlite") and rest.startswith("/"):
        db = Path(rest[1:])
        demo = db.with_name(f"{db.stem}-warc")
        return demo if demo.is_dir() else None
    return None


def _address(server: object) -> tuple[str, int]:
    host, port = getattr(server, "effective_host", "?"), getattr(server, "effective_port", 0)
    return (f"[{host}]" if ":" in str(host) else str(host)), int(port)


def _usage(message: str) -> int:
    print(f"akhbar serve: error: {message}", file=sys.stderr)
    return EXIT_USAGE
