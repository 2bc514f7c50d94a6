"""The model modules import one way: no import cycle, at module or at function level."""

import ast
from pathlib import Path

MODELS = Path(__file__).resolve().parents[1] / "gxanalysis" / "models"


def _imports(path: Path) -> set[str]:
    """Every ``gxanalysis.models.*`` module imported anywhere in the file (also inside functions)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "gxanalysis.models":
                out |= {f"gxanalysis.models.{a.name}" for a in node.names}
            elif node.module.startswith("gxanalysis.models."):
                out.add(node.module)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("gxanalysis.models.")}
    return out


def test_no_import_cycle_among_models():
    graph = {f"gxanalysis.models.{p.stem}": _imports(p) for p in MODELS.glob("*.py") if p.stem != "__init__"}
    assert "gxanalysis.models.calendar" in graph["gxanalysis.models.series"]  # the walk sees imports
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt] if nxt in stack else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for mod in sorted(graph):
        if mod not in state:
            visit(mod, [mod])
    assert not cycles, cycles


def test_base_and_series_layers():
    assert "gxanalysis.models.base" not in _imports(MODELS / "series.py")
    assert "gxanalysis.models.series" in _imports(MODELS / "base.py")
    assert not _imports(MODELS / "calendar.py")
