"""The library's layout: packages in floors, no module importing a higher floor or in a circle.

Every ``import`` in ``crawler/`` is read with ``ast`` (those under ``TYPE_CHECKING`` and inside
functions too), so the rules hold for the code as written, not only for what runs at import time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CRAWLER = Path(__file__).resolve().parents[2] / "crawler"
# Floors, lowest first: a module may import its own floor and the ones below it.
FLOORS = {
    "vocabulary": 0,  # crawler/*.py: items, sources, selectors, arabic, urls, stats, errors
    "search": 0,  # beside the vocabulary: the Arabic analysis, the query language, snippets (never the store)
    "net": 1,
    "extraction": 2,
    "listings": 3,
    "store": 4,
    "archive": 4,  # beside the store: WARC files, the digest table, CDXJ indexes
    "distributed": 4,  # beside the store: the shared crawl's Redis keys, leases, politeness
    "app": 5,
    "demo": 5,
    "web": 5,  # beside the app: the read-only web interface of `akhbar serve` (Flask)
    "monitoring": 5,  # beside app: run history, expectations, alerts, reports, metrics (reads the store)
}
# What the library's own packages never know of: Scrapy is for spiders/, pipelines/ and the app floor
# (and for the failure words of ``crawler.errors``, which name Scrapy's and Twisted's errors).
SCRAPY_FREE = ("net", "extraction", "listings", "store", "archive", "distributed", "web", "monitoring")
SCRAPY = ("scrapy", "twisted")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(CRAWLER.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _floor(module: str) -> str:
    if module == "crawler.__main__":
        return "app"  # ``python -m crawler``: the command itself
    parts = module.split(".")
    if len(parts) >= 3 or (len(parts) == 2 and parts[1] in FLOORS):
        return parts[1]
    return "vocabulary"


def _imports(path: Path) -> set[str]:
    """Modules ``path`` imports: ``import a.b`` and ``from a.b import c`` (``a.b.c`` when that is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


MODULES = {_module_name(p): p for p in sorted(CRAWLER.rglob("*.py"))}
GRAPH = {name: {m for m in _imports(path) if m in MODULES and m != name} for name, path in MODULES.items()}


def test_every_package_says_what_it_holds_and_may_import() -> None:
    packages = [p for p in CRAWLER.iterdir() if (p / "__init__.py").is_file()]
    assert {p.name for p in packages} >= set(FLOORS) - {"vocabulary"}
    for package in packages:
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
        assert doc, f"{package}/__init__.py has no docstring"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_higher_floor(module: str) -> None:
    own = FLOORS[_floor(module)]
    upward = sorted(m for m in GRAPH[module] if m != "crawler" and FLOORS[_floor(m)] > own)
    assert not upward, f"{module} (floor {_floor(module)}) imports {upward}"
    if _floor(module) in SCRAPY_FREE:
        outside = sorted(m for m in _imports(MODULES[module]) if m.split(".")[0] in SCRAPY)
        assert not outside, f"{module} imports {outside}: only the app floor and spiders/pipelines know Scrapy"


def test_no_import_cycles() -> None:
    # Package __init__ modules re-export their modules; an edge into a package is an edge to its members
    # only through what they import, so cycles are looked for among plain modules.
    plain = {m for m, p in MODULES.items() if p.name != "__init__.py"}
    graph = {m: GRAPH[m] & plain for m in plain}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, path: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle.extend([*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt])
                return True
            if state.get(nxt) is None and visit(nxt, [*path, nxt]):
                return True
        state[node] = 2
        return False

    for module in sorted(graph):
        if state.get(module) is None and visit(module, [module]):
            break
    assert not cycle, " → ".join(cycle)


def test_the_rules_catch_an_upward_import(tmp_path: Path) -> None:
    # The checker itself: a vocabulary module importing the store is reported.
    fake = tmp_path / "crawler" / "items.py"
    fake.parent.mkdir()
    fake.write_text("from crawler.store.base import Store\n", encoding="utf-8")
    assert "crawler.store.base" in _imports(fake)
    assert FLOORS[_floor("crawler.store.base")] > FLOORS[_floor("crawler.items")]
