"""Rewrite each report notebook's parameters cell and context cell from the report's parameter schema.

The schema in ``gxanalysis/reporting/params.py`` is the one place where a report's parameters are defined;
``tests/test_notebooks.py`` checks that every notebook's papermill ``parameters`` cell has the same names,
defaults and help. After adding or changing a parameter, run

    python tools/sync_notebook_parameters.py

and commit the notebooks. Outputs stay stripped; the other cells are not touched.
"""

from __future__ import annotations

import json
import sys
import typing
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gxanalysis.reporting.params import REPORTS  # noqa: E402


def _annotation(ann: object) -> str:
    origin = typing.get_origin(ann)
    args = typing.get_args(ann)
    if origin is typing.Literal:
        return type(args[0]).__name__
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)) and type(None) in args:
        inner = [a for a in args if a is not type(None)][0]
        return f'"Optional[{_annotation(inner)}]"'
    return getattr(ann, "__name__", str(ann))


def parameters_source(report: str) -> str:
    lines = []
    for name, info in REPORTS[report].params.model_fields.items():
        default = json.dumps(info.default, ensure_ascii=False) if isinstance(info.default, str) else repr(info.default)
        lines.append(f"{name}: {_annotation(info.annotation)} = {default}  # {info.description}")
    return "\n".join(lines)


def context_call(report: str) -> str:
    args = ", ".join(f"{n}={n}" for n in REPORTS[report].params.model_fields)
    return f"ctx = ReportContext({report!r}, {args})"


def main() -> None:
    for name, spec in REPORTS.items():
        path = ROOT / "notebooks" / spec.notebook
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            if "parameters" in cell.metadata.get("tags", []):
                cell.source = parameters_source(name)
            elif "ctx = ReportContext(" in cell.source:
                head = cell.source.split("ctx = ReportContext(")[0]
                cell.source = head + context_call(name)
        nbformat.write(nb, path)
        print(f"{path.relative_to(ROOT)}: parameters cell written from the schema of {name!r}")


if __name__ == "__main__":
    main()
