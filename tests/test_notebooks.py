"""Report notebooks are thin and their parameters cell is the report's schema."""

from __future__ import annotations

import ast

import nbformat
import papermill as pm
import pytest

from gxanalysis import config
from gxanalysis.reporting.params import REPORTS

NOTEBOOKS = sorted(p for p in config.NOTEBOOKS_DIR.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


@pytest.mark.parametrize("name", list(REPORTS))
def test_parameters_cell_equals_the_schema(name):
    spec = REPORTS[name]
    inspected = pm.inspect_notebook(str(config.NOTEBOOKS_DIR / spec.notebook))
    assert list(inspected) == list(spec.params.model_fields), "same names, same order"
    for field, info in spec.params.model_fields.items():
        assert ast.literal_eval(inspected[field]["default"]) == info.default, field
        assert inspected[field]["help"] == info.description, field


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(config.NOTEBOOKS_DIR)) for p in NOTEBOOKS])
def test_notebook_is_stored_clean_and_thin(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    assert nb.cells[0].cell_type == "markdown", "a title cell saying what it shows and how to run it"
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert not cell.get("outputs") and cell.get("execution_count") is None, "stored without outputs"
        tree = ast.parse(cell.source)
        assert not any(isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Lambda)) for n in ast.walk(tree)), \
            "no functions or classes defined in a notebook"


def test_every_report_has_its_notebook():
    for spec in REPORTS.values():
        assert (config.NOTEBOOKS_DIR / spec.notebook).is_file(), spec.notebook
