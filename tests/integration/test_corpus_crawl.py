"""A crawl of a loopback outlet that serves every article page of ../shared/corpus stores every one of them.

The pages are read where they are (never copied into the repo) and served as their bytes, with no
charset in the Content-Type, so decoding is the crawler's own; the test skips on a user's clone and
fails in CI when the corpus is absent.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from xml.sax.saxutils import escape

from crawler.demo.server import RouteServer
from tests.conftest import run_akhbar


def _feed(base_url: str, names: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{escape(name)}</title><link>{base_url}/pages/{escape(name)}.html</link></item>" for name in names
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>corpus</title>'
        f"<link>{base_url}/</link>{items}</channel></rss>"
    ).encode()


def test_every_corpus_article_page_is_stored(shared_dir: Path, tmp_path: Path) -> None:
    corpus = shared_dir / "corpus"
    truths = {t.stem: json.loads(t.read_text(encoding="utf-8")) for t in sorted((corpus / "truth").glob("*.json"))}
    assert len(truths) >= 20
    routes = {
        f"/pages/{name}.html": (200, "text/html", (corpus / "pages" / truth["file"]).read_bytes())
        for name, truth in truths.items()
    }
    with RouteServer(routes) as server:
        server.routes["/feed.xml"] = (200, "application/rss+xml", _feed(server.base_url, list(truths)))
        (tmp_path / "sources.toml").write_text(
            f'[[sources]]\nid = "corpus"\nname = "Corpus"\nname_ar = "المدونة"\nhomepage = "{server.base_url}/"\n'
            f'feeds = ["{server.base_url}/feed.xml"]\ncountry = "INT"\nlanguage = "ar"\n',
            encoding="utf-8",
        )
        result = run_akhbar(
            "crawl", "--sources", "sources.toml", "--db", "a.db", "--profile", "test", cwd=tmp_path, timeout=300
        )
    assert result.returncode == 0, result.stdout + result.stderr
    with sqlite3.connect(tmp_path / "a.db") as db:
        stored = {Path(url).stem: headline for url, headline in db.execute("SELECT url, headline FROM articles")}
    assert sorted(stored) == sorted(truths), result.stdout
    wrong = {name: h for name, h in stored.items() if " ".join(h.split()) != " ".join(truths[name]["headline"].split())}
    assert not wrong
