"""The layout of docs/architecture.md holds in the code: layers import one way, no import cycle, every module
documented.

Imports are read from the source (module level and inside functions alike): a lower layer must never
import a higher one, and no group of modules may import each other in a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import gxanalysis

PACKAGE = Path(gxanalysis.__file__).resolve().parent
DOC = PACKAGE.parent / "docs" / "architecture.md"

LAYERS: list[tuple[str, ...]] = [
    ("gxanalysis", "gxanalysis.config", "gxanalysis.errors"),
    ("gxanalysis.periods", "gxanalysis.units", "gxanalysis.labels"),
    ("gxanalysis.data",),
    ("gxanalysis.indicators",),
    ("gxanalysis.summary",),
    ("gxanalysis.models",),
    ("gxanalysis.reporting",),
    ("gxanalysis.cli",),
]
"""Lowest first; a module belongs to the layer of its longest matching prefix."""


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(path: Path, modules: set[str]) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        found |= {n for n in names if n in modules}
    return found


def _layer(module: str) -> int:
    best, depth = -1, -1
    for i, prefixes in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > depth:
                best, depth = i, len(p)
    assert best >= 0, f"{module} belongs to no layer of LAYERS; add it"
    return best


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    mods = _modules()
    return {m: _imports(p, set(mods)) - {m} for m, p in mods.items()}


def test_no_lower_layer_imports_a_higher_one(graph):
    bad = [f"{a} (layer {_layer(a)}) imports {b} (layer {_layer(b)})"
           for a, deps in graph.items() for b in deps
           if _layer(b) > _layer(a) and b != "gxanalysis"]
    assert not bad, "\n".join(sorted(bad))


def test_no_import_cycle(graph):
    # Tarjan's strongly connected components; a package's __init__ importing its own modules is not a cycle
    edges = {a: {b for b in deps if not a.startswith(b + ".") and b != "gxanalysis"} for a, deps in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"


def test_every_module_is_in_the_architecture_note():
    text = DOC.read_text(encoding="utf-8")
    missing = [m for m, p in _modules().items()
               if p.name != "__init__.py" and p.name not in text and p.stem not in text]
    assert not missing, f"docs/architecture.md does not mention {missing}"


def test_indicators_never_take_a_report_context():
    for path in (PACKAGE / "indicators").glob("*.py"):
        assert "ReportContext" not in path.read_text(encoding="utf-8"), path.name
