"""``akhbar warc …``: the WARC archive of the crawls (``index``: a CDXJ index for replay with pywb)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from crawler.app.report import EXIT_ALL_FAILED, EXIT_OK, EXIT_USAGE
from crawler.archive.index import files_to_index, write_cdxj
from crawler.archive.naming import warc_dir


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], add_db: Callable[..., None]) -> None:
    warc = sub.add_parser("warc", help="the WARC archive of the crawls: index it for replay")
    actions = warc.add_subparsers(dest="warc_command", metavar="ACTION", required=True)
    index = actions.add_parser("index", help="write a CDXJ index (sorted, pywb's format) of WARC files")
    index.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="WARC files or folders (default: the archive beside --db, data/warc)",
    )
    index.add_argument("--out", type=Path, metavar="FILE", help="index file (default: standard output)")
    add_db(index)


def run(args: argparse.Namespace, store_uri: Callable[[str], str]) -> int:
    folder = warc_dir(store_uri(args.db))
    paths = list(args.files) or ([folder] if folder is not None else [])
    try:
        files, recovered = files_to_index(paths)
    except FileNotFoundError as exc:
        print(f"akhbar warc index: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for path in recovered:
        print(f"akhbar warc index: {path} was left open by a crash: recovered, whole records kept", file=sys.stderr)
    if not files:
        print(f"akhbar warc index: no WARC files in {', '.join(map(str, paths))}", file=sys.stderr)
        return EXIT_ALL_FAILED
    write_cdxj(files, args.out or sys.stdout)
    if args.out:
        print(f"{len(files)} WARC files indexed into {args.out}", file=sys.stderr)
    return EXIT_OK
