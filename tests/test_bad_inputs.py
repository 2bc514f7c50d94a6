"""The bad-input corpus: damaged copies of valid tables, built in a temporary folder for each case.

Every case ends in one of two ways, and never in a traceback or a silently changed figure:

* **refused**: validation reports an error naming the file, the row or cell, the column, the value (where
  there is one) and a fix, and ``load_dataset`` loads nothing;
* **accepted**: a documented normalisation (a title row above the header, a two-row header, a hidden
  sheet passed over, a formula's saved result, UTF-16, a unit in the header …), usually with a warning,
  and every table loads exactly as from the undamaged files, so no figure can change.

Cases come from the conftest fixture (every table, written as CSV or XLSX) and from the demo city (for
what needs realistic panels: unit slips of one enterprise, county variants, city-growth releases). Many
are generated from the data contract itself (every numeric column, every reference, every text column,
every required table), so that the classes are covered, not single examples.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from conftest import CURRENT_MONTH, ENTERPRISE_CODES, valid_frames, write_tables
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from gxanalysis.cli import main
from gxanalysis.config import demo_data_dir
from gxanalysis.data.dataset import Dataset, load_dataset
from gxanalysis.data.schema import TABLES, TABLES_BY_NAME
from gxanalysis.data.validate import validate_directory
from gxanalysis.errors import DataValidationError, GxError

ANY = object()
DEMO = demo_data_dir()
E1, E2, E3 = ENTERPRISE_CODES


@dataclass(frozen=True)
class Expect:
    """A problem that must be reported (fields left ``ANY`` are not compared; texts are regexes)."""

    file: str
    row: object = ANY
    column: object = ANY
    value: object = ANY
    message: str = ""
    fix: str = ""
    severity: str = "error"


@dataclass(frozen=True)
class Case:
    id: str
    cls: str
    expect: tuple[Expect, ...] = ()
    frames: Callable[[dict[str, pd.DataFrame]], None] | None = None  # damage the text frames before writing
    files: Callable[[Path], None] | None = None                     # damage the written folder
    fmt: str = "csv"               # "xlsx": the tables named in ``xlsx`` (or in ``expect``) are workbooks
    xlsx: tuple[str, ...] = ()
    source: str = "fixture"                                          # or "demo"
    warning: str | None = None     # accepted: a warning matching this regex must be reported
    accepted: bool = False         # accepted: every table loads as from the undamaged files
    check: Callable[[Dataset, Dataset], None] | None = None          # accepted: (baseline, loaded) instead
    exact: bool = False            # refused: the expected problems are the only problems of their files


# --------------------------------------------------------------------------------------------------
# helpers that damage tables
# --------------------------------------------------------------------------------------------------
def _set(table: str, row: int, column: str, value: str) -> Callable[[dict[str, pd.DataFrame]], None]:
    def damage(frames: dict[str, pd.DataFrame]) -> None:
        frames[table].loc[row, column] = value
    return damage


def _read(folder: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)


def _write(folder: Path, table: str, frame: pd.DataFrame) -> None:
    frame.to_csv(folder / f"{table}.csv", index=False, encoding="utf-8", lineterminator="\n")


def _csv_text(folder: Path, table: str) -> str:
    return (folder / f"{table}.csv").read_text(encoding="utf-8")


def _workbook(path: Path, sheets: list[tuple[str, pd.DataFrame, str]]) -> None:
    """Write ``(title, frame, state)`` sheets of the table named by the file with openpyxl, numeric
    columns of the contract as numbers, the others as text."""
    table = TABLES_BY_NAME.get(path.stem)
    numeric = {c.name for c in table.columns if c.dtype in ("int", "float")} if table else set()
    wb = Workbook()
    wb.remove(wb.active)
    for title, frame, state in sheets:
        ws = wb.create_sheet(title)
        ws.sheet_state = state
        ws.append(list(frame.columns))
        convert = [c in numeric for c in frame.columns]
        for record in frame.itertuples(index=False):
            ws.append([float(v) if num and v != "" else (v if v != "" else None)
                       for v, num in zip(record, convert, strict=True)])
    wb.save(path)


def _rewrite_member(path: Path, member_suffix: str, edit: Callable[[str], str]) -> None:
    """Edit one XML member of a workbook in place (for what openpyxl cannot write)."""
    data = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(data) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            content = zin.read(item.filename)
            if item.filename.endswith(member_suffix):
                content = edit(content.decode("utf-8")).encode("utf-8")
            zout.writestr(item, content)


def _scale(table: str, mask: Callable[[pd.DataFrame], pd.Series], columns: list[str], factor: float
           ) -> Callable[[Path], None]:
    def damage(folder: Path) -> None:
        frame = _read(folder, table)
        m = mask(frame)
        for c in columns:
            frame.loc[m, c] = (frame.loc[m, c].astype(float) * factor).round(6).map(lambda x: f"{x:.6g}")
        _write(folder, table, frame)
    return damage


# --------------------------------------------------------------------------------------------------
# the corpus
# --------------------------------------------------------------------------------------------------
def _encoding_cases() -> list[Case]:
    def utf16(folder: Path) -> None:
        text = _csv_text(folder, "enterprises").replace(",", "\t")
        (folder / "enterprises.csv").write_bytes(text.encode("utf-16"))

    def mixed(folder: Path) -> None:
        raw = (folder / "problems.csv").read_bytes().decode("utf-8")
        lines = raw.splitlines()
        head = "\n".join(lines[:2]).encode("utf-8") + b"\n"
        extra = ("Q1x," + ENTERPRISE_CODES[0] + ",2023-03-05,用工,市人社局,2023-04-05,,招工难招工难招工难招工难招工难"
                 ).encode("utf-8")
        tail = "\n".join(lines[2:]).encode("gbk") + b"\n"
        (folder / "problems.csv").write_bytes(head + extra + b"\n" + tail)

    def nul(folder: Path) -> None:
        (folder / "chains.csv").write_bytes((folder / "chains.csv").read_bytes().replace(b"C02", b"C0\x002"))

    def xlsx_as_csv(folder: Path) -> None:
        write_tables({"cities": valid_frames()["cities"]}, folder / "x", fmt="xlsx")
        (folder / "cities.csv").write_bytes((folder / "x" / "cities.xlsx").read_bytes())
        shutil.rmtree(folder / "x")

    def text_as_xlsx(folder: Path) -> None:
        (folder / "chains.csv").rename(folder / "chains.xlsx")

    def html_as_xlsx(folder: Path) -> None:
        (folder / "chains.csv").unlink()
        (folder / "chains.xlsx").write_text("<html><body><table><tr><td>chain_id</td></tr></table></body></html>",
                                            encoding="utf-8")

    def empty(folder: Path) -> None:
        (folder / "targets.csv").write_bytes(b"")

    def gbk(folder: Path) -> None:
        write_tables(valid_frames(), folder, encoding="gbk", chinese_headers=True)

    return [
        Case("utf16-tab-separated", "encodings", files=utf16, accepted=True),
        Case("gbk-chinese-headers", "encodings", files=gbk, accepted=True),
        Case("utf8-then-gbk-lines", "encodings", (Expect("problems.csv", 4, None, ANY, r"mixes encodings.*line 4",
                                                         r"save the whole file once as 'CSV UTF-8'"),), files=mixed),
        Case("nul-byte", "encodings", (Expect("chains.csv", None, None, "", r"NUL bytes", r"CSV UTF-8"),), files=nul),
        Case("workbook-named-csv", "encodings", (Expect("cities.csv", None, None, "", r"is an Excel workbook",
                                                        r"rename it to \.xlsx"),), files=xlsx_as_csv),
        Case("csv-named-xlsx", "encodings", (Expect("chains.xlsx", None, None, "", r"text file \(probably CSV\)",
                                                    r"rename it to chains\.csv"),), files=text_as_xlsx),
        Case("html-named-xlsx", "encodings", (Expect("chains.xlsx", None, None, "", r"web page",
                                                     r"save it as an \.xlsx"),), files=html_as_xlsx),
        Case("empty-file", "encodings", (Expect("targets.csv", None, None, "", r"the file is empty",
                                                r"headers on line 1"),), files=empty),
    ]


def _path_cases() -> list[Case]:
    def dangling(folder: Path) -> None:
        (folder / "enterprises.csv").unlink()
        os.symlink(folder / "elsewhere" / "enterprises.csv", folder / "enterprises.csv")

    def folder_named(folder: Path) -> None:
        (folder / "chains.csv").unlink()
        (folder / "chains.csv").mkdir()

    def double(folder: Path) -> None:
        (folder / "targets.csv").rename(folder / "targets.csv.csv")

    def both(folder: Path) -> None:
        write_tables({"cities": valid_frames()["cities"]}, folder, fmt="xlsx")

    def fifo(folder: Path) -> None:
        (folder / "cities.csv").unlink()
        os.mkfifo(folder / "cities.csv")

    cases = [
        Case("dangling-symlink", "files", (Expect("enterprises.csv", None, None, ANY, r"is a link .* does not exist",
                                                  r"point the link at the table file"),), files=dangling),
        Case("folder-named-like-a-table", "files", (Expect("chains.csv", None, None, "", r"is a folder, not a file",
                                                           r"put the table file itself"),), files=folder_named),
        Case("double-extension", "files", (Expect("targets.csv", None, None, "", r"required table 'targets'"),
                                           Expect("targets.csv.csv", None, None, "", r"not a table",
                                                  r"rename it to targets\.csv: the name has two extensions",
                                                  "warning")), files=double),
        Case("csv-and-xlsx", "files", (Expect("cities.csv", None, None, "", r"is in two files",
                                              r"keep only one"),), files=both),
    ]
    if hasattr(os, "mkfifo"):
        cases.append(Case("named-pipe", "files", (Expect("cities.csv", None, None, "", r"not a regular file",
                                                         r"replace it"),), files=fifo))
    return cases


def _header_cases() -> list[Case]:
    def title(folder: Path) -> None:
        (folder / "enterprises.csv").write_text("金澜市规上工业企业名录（2023年）\n" + _csv_text(folder, "enterprises"),
                                                encoding="utf-8")

    def title_with_unit(folder: Path) -> None:
        (folder / "enterprise_monthly.csv").write_text("企业月度数据,,,单位：亿元\n" + _csv_text(folder, "enterprise_monthly"),
                                                       encoding="utf-8")

    def names_above(folder: Path) -> None:
        (folder / "cities.csv").write_text("city\n" + _csv_text(folder, "cities"), encoding="utf-8")

    def two_rows(folder: Path) -> None:
        em = _read(folder, "enterprise_monthly")
        top = ["统一社会信用代码", "月份", "工业总产值", "", "工业增加值(可比价)", "", "主要产品产量", "营业收入", "",
               "利润总额", "", "用电量", "", "综合能源消费量", ""]
        sub = ["", "", "本年", "上年同期", "本年", "上年同期", "", "本年", "上年同期", "本年", "上年同期", "本年", "上年同期",
               "本年", "上年同期"]
        lines = [",".join(top), ",".join(sub), *(",".join(r) for r in em.itertuples(index=False))]
        (folder / "enterprise_monthly.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def two_rows_unreadable(folder: Path) -> None:
        em = _read(folder, "enterprise_monthly")
        top = ["统一社会信用代码", "月份", "工业总产值", "", "工业增加值(可比价)", "", *[""] * 9]
        sub = ["", "", "本月", "本月止累计", "本月", "本月止累计", *[""] * 9]
        lines = [",".join(top), ",".join(sub), *(",".join(r) for r in em.itertuples(index=False))]
        (folder / "enterprise_monthly.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def two_rows_merged_xlsx(folder: Path) -> None:
        pm = _read(folder, "project_monthly")
        (folder / "project_monthly.csv").unlink()
        wb = Workbook()
        ws = wb.active
        ws.title = "项目月度投资"
        ws.append(["项目编号", "月份", "投资"])
        ws.append([None, None, "本年完成投资"])
        ws.merge_cells("A1:A2")
        ws.merge_cells("B1:B2")
        for r in pm.itertuples(index=False):
            ws.append([r.project_id, r.period, float(r.investment)])
        wb.save(folder / "project_monthly.xlsx")

    def no_header(folder: Path) -> None:
        text = _csv_text(folder, "chains").split("\n", 1)[1]
        (folder / "chains.csv").write_text(text, encoding="utf-8")

    def unit_same(folder: Path) -> None:
        text = _csv_text(folder, "enterprise_targets").replace("output_target", "年度产值目标（万元）", 1)
        (folder / "enterprise_targets.csv").write_text(text, encoding="utf-8")

    def unit_other(folder: Path) -> None:
        text = _csv_text(folder, "enterprise_targets").replace("output_target", "年度产值目标（亿元）", 1)
        (folder / "enterprise_targets.csv").write_text(text, encoding="utf-8")

    def units_row(unit: str) -> Callable[[Path], None]:
        def damage(folder: Path) -> None:
            lines = _csv_text(folder, "projects").split("\n")
            cells = ["" for _ in lines[0].split(",")]
            header = lines[0].split(",")
            cells[header.index("total_investment")] = unit
            cells[header.index("annual_plan")] = unit
            (folder / "projects.csv").write_text("\n".join([lines[0], ",".join(cells), *lines[1:]]), encoding="utf-8")
        return damage

    def sep_line(folder: Path) -> None:
        (folder / "chains.csv").write_text("sep=,\n" + _csv_text(folder, "chains"), encoding="utf-8")

    def blank_first_row_xlsx(folder: Path) -> None:
        path = folder / "cities.xlsx"
        wb = load_workbook(path)
        wb.worksheets[0].insert_rows(1)
        wb.save(path)

    def title_xlsx(folder: Path) -> None:
        path = folder / "enterprise_monthly.xlsx"
        wb = load_workbook(path)
        ws = wb.worksheets[0]
        ws.insert_rows(1)
        ws["A1"] = "2023年规上工业企业月度数据"
        ws.merge_cells("A1:O1")
        wb.save(path)

    return [
        Case("title-row-csv", "headers", files=title, warning=r"the header is in row 2, not in row 1", accepted=True),
        Case("title-row-xlsx-merged", "headers", files=title_xlsx, fmt="xlsx", xlsx=("enterprise_monthly",),
             warning=r"the header is in row 2",
             accepted=True),
        Case("blank-first-row-xlsx", "headers", files=blank_first_row_xlsx, fmt="xlsx", xlsx=("cities",),
             warning=r"the header is in row 2", accepted=True),
        Case("title-row-stating-a-unit", "headers", (Expect("enterprise_monthly.csv", 2, None, "单位：亿元",
                                                            r"state a unit", r"convert the values"),),
             files=title_with_unit),
        Case("names-above-the-header", "headers", (Expect("cities.csv", 2, None, "", r"rows above it also hold column",
                                                          r"header is in row 1"),), files=names_above),
        Case("two-row-header-csv", "headers", files=two_rows, warning=r"the header spans rows 1–2", accepted=True),
        Case("two-row-header-xlsx-merged", "headers", files=two_rows_merged_xlsx,
             warning=r"the header spans rows 1–2 .* read as: 项目编号, 月份, 投资本年完成投资|the header spans rows 1–2",
             check=lambda base, ds: pd.testing.assert_frame_equal(ds.project_monthly, base.project_monthly)),
        Case("two-row-header-unreadable", "headers", (Expect("enterprise_monthly.csv", 2, None, "",
                                                             r"two-row header.*'工业总产值 本月止累计', '工业增加值\(可比价\) 本月止累计' are not columns",
                                                             r"write the header as one row"),),
             files=two_rows_unreadable),
        Case("no-header", "headers", (Expect("chains.csv", 1, None, "", r"no header row found",
                                             r"细分产业链代码, 细分产业链"),), files=no_header, exact=True),
        Case("unit-in-header-as-contract", "headers", files=unit_same, accepted=True),
        Case("units-row-below-the-header", "headers", files=units_row("万元"), accepted=True,
             warning=r"row 2 gives the units of the columns \(万元, 万元\)"),
        Case("units-row-with-another-unit", "units", (Expect("projects.csv", 2, "total_investment", "亿元",
                                                             r"row 2 gives the unit 亿元 for total_investment",
                                                             r"convert the column to 万元"),),
             files=units_row("亿元")),
        Case("excel-separator-hint-line", "headers", files=sep_line, warning=r"the header is in row 2",
             accepted=True),
        Case("unit-in-header-other-unit", "units", (Expect("enterprise_targets.csv", 1, "年度产值目标（亿元）", "",
                                                           r"gives the unit 亿元.*in 万元",
                                                           r"convert the column to 万元"),), files=unit_other),
    ]


def _sheet_cases() -> list[Case]:
    def stale_hidden(first_title: str) -> Callable[[Path], None]:
        def damage(folder: Path) -> None:
            cg = _read(folder, "city_growth")
            (folder / "city_growth.csv").unlink()
            stale = cg.assign(va_growth_ytd="38.1")
            _workbook(folder / "city_growth.xlsx", [(first_title, stale, "hidden"), ("Sheet1", cg, "visible")])
        return damage

    def only_hidden(state: str) -> Callable[[Path], None]:
        def damage(folder: Path) -> None:
            cg = _read(folder, "city_growth")
            (folder / "city_growth.csv").unlink()
            _workbook(folder / "city_growth.xlsx", [("全省各市规上工业增加值增速", cg, state),
                                                    ("说明", pd.DataFrame({"说明": ["见 data/README.md"]}), "visible")])
        return damage

    def two_visible(folder: Path) -> None:
        ch = _read(folder, "chains")
        (folder / "chains.csv").unlink()
        _workbook(folder / "chains.xlsx", [("Sheet1", ch, "visible"), ("Sheet2", ch.assign(chain_name="旧"), "visible")])

    def wrong_dimension(folder: Path) -> None:
        _rewrite_member(folder / "enterprise_monthly.xlsx", "worksheets/sheet1.xml",
                        lambda xml: re.sub(r'<dimension ref="[^"]+"\s*/>', '<dimension ref="A1:C3"/>', xml))

    return [
        Case("hidden-first-sheet-with-stale-data", "sheets", files=stale_hidden("旧数据"), accepted=True,
             warning=r"read the visible sheet 'Sheet1'; the hidden sheet\(s\) '旧数据' were not read"),
        Case("hidden-sheet-named-after-the-table", "sheets", files=stale_hidden("city_growth"), accepted=True,
             warning=r"hidden sheet\(s\) 'city_growth' were not read"),
        Case("only-hidden-sheets", "sheets", (Expect("city_growth.xlsx", None, None, "", r"are hidden; hidden sheets are "
                                                     r"never read", r"unhide the sheet"),), files=only_hidden("hidden")),
        Case("only-very-hidden-sheets", "sheets", (Expect("city_growth.xlsx", None, None, "", r"are hidden",
                                                          r"unhide"),), files=only_hidden("veryHidden")),
        Case("two-visible-sheets", "sheets", files=two_visible, accepted=True,
             warning=r"read sheet 'Sheet1', the first visible sheet; .*'Sheet2' were not read"),
        Case("stale-dimension-tag", "sheets", files=wrong_dimension, fmt="xlsx", xlsx=("enterprise_monthly",),
             accepted=True),
    ]


def _formula_cases() -> list[Case]:
    def no_result(column: int, formula: str) -> Callable[[Path], None]:
        def damage(folder: Path) -> None:
            path = folder / "enterprise_monthly.xlsx"
            wb = load_workbook(path)
            wb.worksheets[0].cell(row=4, column=column, value=formula)
            wb.save(path)
        return damage

    def cached(folder: Path) -> None:
        # the value 4000 of D? is replaced by a formula whose saved result is the same value
        path = folder / "enterprise_monthly.xlsx"
        wb = load_workbook(path)
        ws = wb.worksheets[0]
        for row in range(2, ws.max_row + 1):
            v = ws.cell(row=row, column=3).value
            ws.cell(row=row, column=3, value=float(v))
        wb.save(path)

        def edit(xml: str) -> str:
            return re.sub(r'<c r="C(\d+)"([^>]*)><v>([^<]+)</v></c>',
                          lambda m: f'<c r="C{m.group(1)}"{m.group(2)}><f>D{m.group(1)}/0.95</f><v>{m.group(3)}</v></c>',
                          xml)
        _rewrite_member(path, "worksheets/sheet1.xml", edit)

    def error_value(folder: Path) -> None:
        path = folder / "enterprise_monthly.xlsx"
        wb = load_workbook(path)
        wb.worksheets[0].cell(row=5, column=5, value="#DIV/0!")
        wb.save(path)

    def csv_formula(folder: Path) -> None:
        frame = _read(folder, "project_monthly")
        frame.loc[1, "investment"] = "=C2*2"
        _write(folder, "project_monthly", frame)

    def merged(folder: Path) -> None:
        path = folder / "enterprises.xlsx"
        wb = load_workbook(path)
        ws = wb.worksheets[0]
        ws.merge_cells("C2:C3")
        wb.save(path)

    def code_as_number(folder: Path) -> None:
        path = folder / "recognitions.xlsx"
        wb = load_workbook(path)
        wb.worksheets[0].cell(row=2, column=1, value=float("916603021096343146"))
        wb.save(path)

    return [
        Case("formula-without-result-number", "formulas",
             (Expect("enterprise_monthly.xlsx", 4, "gross_output_base", "=C4*0.95",
                     r"sheet 企业月度数据, cell D4: a formula without a saved result",
                     r"open and save the workbook in Excel"),), files=no_result(4, "=C4*0.95"), fmt="xlsx", exact=True),
        Case("formula-without-result-text", "formulas",
             (Expect("enterprises.xlsx", 3, "name", ANY, r"cell B3: a formula without a saved result",
                     r"选择性粘贴"),),
             files=lambda folder: _set_xlsx(folder / "enterprises.xlsx", 3, 2, '=HYPERLINK("http://x","乙")'),
             fmt="xlsx", exact=True),
        Case("formula-with-saved-result", "formulas", files=cached, fmt="xlsx", xlsx=("enterprise_monthly",),
             accepted=True),
        Case("spreadsheet-error-value", "formulas",
             (Expect("enterprise_monthly.xlsx", 5, "value_added", "#DIV/0!", r"a spreadsheet error value",
                     r"1,234\.5"),), files=error_value, fmt="xlsx"),
        Case("formula-text-in-csv", "formulas",
             (Expect("project_monthly.csv", 3, "investment", "=C2*2", r"it is a formula, and CSV files hold no",
                     r"number"),), files=csv_formula),
        Case("merged-cells-in-data-rows", "formulas",
             (Expect("enterprises.xlsx", 2, "county", "", r"cells C2:C3 are merged", r"unmerge the cells"),),
             files=merged, fmt="xlsx", exact=True),
        Case("credit-code-stored-as-number", "keys",
             (Expect("recognitions.xlsx", 2, "credit_code", ANY, r"stored as a number in Excel",
                     r"format the column as text"),), files=code_as_number, fmt="xlsx"),
    ]


def _set_xlsx(path: Path, row: int, column: int, value: object) -> None:
    wb = load_workbook(path)
    wb.worksheets[0].cell(row=row, column=column, value=value)
    wb.save(path)


def _numeric_columns() -> list[tuple[str, str]]:
    frames = valid_frames()
    return [(t.name, c.name) for t in TABLES if t.name in frames for c in t.columns
            if c.dtype in ("int", "float") and c.name in frames[t.name].columns and frames[t.name][c.name].iloc[0] != ""]


def _number_cases() -> list[Case]:
    cases = []
    seen: set[str] = set()
    for table, column in _numeric_columns():
        col = TABLES_BY_NAME[table].column(column)
        formats = ("csv",) if table in seen else ("csv", "xlsx")  # XLSX for the first column of each table
        seen.add(table)
        for fmt in formats:
            cases.append(Case(
                f"1e300-{table}.{column}-{fmt}", "numbers",
                (Expect(f"{table}.{fmt}", 2, column, "1e300", r"is above the maximum",
                        rf"between {re.escape(_bound(col.min))} and {re.escape(_bound(col.max))}"),),
                frames=_set(table, 0, column, "1e300"), fmt=fmt))
    for value in ("inf", "nan", "-inf", "1e999"):
        cases.append(Case(f"non-finite-{value}", "numbers",
                          (Expect("enterprise_monthly.csv", 3, "value_added", value, r"not a number",
                                  r"the valid range is between 0 and 1,000,000,000 万元"),),
                          frames=_set("enterprise_monthly", 1, "value_added", value)))
    cases += [
        Case("negative-output", "numbers", (Expect("enterprise_monthly.csv", 2, "gross_output", "-5",
                                                   r"must not be negative", r"between 0 and"),),
             frames=_set("enterprise_monthly", 0, "gross_output", "-5")),
        Case("stations-too-large-for-an-integer", "numbers", (Expect("base_stations.csv", 2, "stations", "1e20",
                                                                     r"is above the maximum 1,000,000 个",
                                                                     r"whole number"),),
             frames=_set("base_stations", 0, "stations", "1e20")),
        Case("number-with-its-unit", "numbers", (Expect("projects.csv", 2, "total_investment", "80000万元",
                                                        r"write the number without its unit"),),
             frames=_set("projects", 0, "total_investment", "80000万元")),
        Case("number-in-another-unit", "units", (Expect("projects.csv", 2, "total_investment", "8亿元",
                                                        r"given in 亿元, but the column is in 万元"),),
             frames=_set("projects", 0, "total_investment", "8亿元")),
        Case("target-percent-out-of-range", "numbers", (Expect("targets.csv", 2, "value", "1500",
                                                               r"a target in % must be between -100 and 1000"),),
             frames=_set("targets", 0, "value", "1500")),
        Case("total-row-at-the-bottom", "numbers", (Expect("enterprise_monthly.csv", 11, "credit_code", "合计",
                                                           r"looks like a total row"),),
             frames=lambda f: f.__setitem__("enterprise_monthly", pd.concat(
                 [f["enterprise_monthly"], pd.DataFrame([{"credit_code": "合计", "gross_output": "99999"}])],
                 ignore_index=True).fillna(""))),
    ]
    return cases


def _bound(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 1e4 else f"{x:.12g}"


def _key_cases() -> list[Case]:
    frames = valid_frames()
    cases = []
    for name, frame in frames.items():
        t = TABLES_BY_NAME[name]
        n = len(frame)
        cases.append(Case(
            f"duplicate-key-{name}", "keys",
            (Expect(f"{name}.csv", n + 2, ANY, ANY, rf"duplicate key \({re.escape(', '.join(t.key))}\): this row "
                    r"repeats row 2", r"keep one row per"),),
            frames=lambda f, name=name: f.__setitem__(name, pd.concat([f[name], f[name].iloc[[0]]],
                                                                       ignore_index=True))))
    cases.append(Case("credit-code-check-digit", "keys",
                      (Expect("enterprises.csv", 2, "credit_code", ANY, r"check digit", r"18 characters"),),
                      frames=_set("enterprises", 0, "credit_code", E1[:-1] + ("0" if E1[-1] != "0" else "1"))))
    return cases


def _reference_cases() -> list[Case]:
    frames = valid_frames()
    cases = []
    wrong = {"credit_code": ENTERPRISE_CODES[0][:-2] + "9" + ENTERPRISE_CODES[0][-1], "chain_id": "C0l",
             "city": "甲巿", "county": "东 区x"}
    for name, frame in frames.items():
        for c in TABLES_BY_NAME[name].columns:
            if c.references is None or c.name not in frame.columns or frame[c.name].iloc[0] == "":
                continue
            if c.references[0] not in frames and c.references[0] != "counties":
                continue
            if c.references[0] == "counties" and name == "enterprises":
                continue  # the fixture has no counties table: enterprises are the reference (see below)
            value = wrong.get(c.name, "X")
            if c.dtype == "credit_code":
                from stdnum.cn import uscc
                body = ENTERPRISE_CODES[0][:16] + "7"
                value = body + uscc.calc_check_digit(body)
            ref_table = c.references[0]
            ref_file = "enterprises.csv" if ref_table == "counties" else f"{ref_table}.csv"
            cases.append(Case(
                f"unknown-reference-{name}.{c.name}", "references",
                (Expect(f"{name}.csv", 2, c.name, value, rf"{re.escape(value)} is not in {re.escape(ref_file)}",
                        r"add it to|correct the value|use the county's name"),),
                frames=_set(name, 0, c.name, value)))
    cases += [
        Case("county-variant-without-reference", "references",
             (Expect("enterprises.csv", 3, "county", "東区", r"東区 is 东区 written in another form",
                     r"write it as 东区"),), frames=_set("enterprises", 1, "county", "東区"), exact=True),
        Case("targets-scope-unknown", "references",
             (Expect("targets.csv", 2, "scope", "東区", r"東区 is not in", r"closest known value is '东区'"),),
             frames=_set("targets", 0, "scope", "東区")),
        Case("project-not-in-that-years-list", "references",
             (Expect("project_monthly.csv", 8, "project_id", "P001", r"not in the 2022 project list"),),
             frames=lambda f: f.__setitem__("project_monthly", pd.concat([f["project_monthly"], pd.DataFrame(
                 [{"project_id": "P001", "period": "2022-12", "investment": "10"}])], ignore_index=True))),
    ]
    return cases


def _period_cases() -> list[Case]:
    cases = []
    for table, column, row in (("city_growth", "period", 0), ("enterprise_monthly", "period", 0),
                               ("projects", "planned_start", 0), ("project_monthly", "period", 0),
                               ("base_stations", "period", 0)):
        for value, message in (("2023-13", r"month 13 does not exist"), ("23-03", r"not a month"),
                               ("1999-12", r"month before 2000-01")):
            cases.append(Case(f"{table}.{column}={value}", "periods",
                              (Expect(f"{table}.csv", row + 2, column, value, message, r"YYYY|2000"),),
                              frames=_set(table, row, column, value)))
    cases += [
        Case("future-month", "periods", (Expect("base_stations.csv", 2, "period", "2024-01",
                                                r"after the current month"),),
             frames=_set("base_stations", 0, "period", "2024-01"), exact=True),
        Case("date-not-in-the-calendar", "periods", (Expect("problems.csv", 2, "raised_date", "2023-02-30",
                                                            r"no such day"),),
             frames=_set("problems", 0, "raised_date", "2023-02-30")),
        Case("recognition-date-in-another-year", "periods",
             (Expect("recognitions.csv", 2, "date", "2022-11-30", r"not in the year 2023", r"correct the date"),),
             frames=lambda f: f["recognitions"].__setitem__("date", ["2022-11-30"])),
        Case("recognition-date-accepted", "periods",
             frames=lambda f: f["recognitions"].__setitem__("date", ["2023-06-15"]),
             check=lambda base, ds: _assert_same_except(base, ds, "recognitions", ["date"])),
        Case("closing-date-ahead", "periods", (Expect("problems.csv", 2, "closed_date", "2024-03-20",
                                                      r"is after the current month 2023-12: it has not happened yet"),),
             frames=_set("problems", 0, "closed_date", "2024-03-20"), exact=True),
        Case("actual-start-ahead", "periods", (Expect("projects.csv", 2, "actual_start", "2024-04",
                                                      r"after the current month"),),
             frames=_set("projects", 0, "actual_start", "2024-04"), exact=True),
        Case("excel-serial-in-a-month-column", "periods",
             (Expect("project_monthly.csv", 2, "period", "44986", r"Excel date serial number"),),
             frames=_set("project_monthly", 0, "period", "44986")),
        Case("closed-before-raised", "periods", (Expect("problems.csv", 2, "closed_date", ANY,
                                                        r"is before raised_date"),),
             frames=_set("problems", 0, "closed_date", "2023-02-01")),
    ]
    return cases


def _assert_same_except(base: Dataset, ds: Dataset, table: str, columns: list[str]) -> None:
    for t in TABLES:
        a, b = base.table(t.name), ds.table(t.name)
        if t.name == table:
            a, b = a.drop(columns=columns), b.drop(columns=columns)
        pd.testing.assert_frame_equal(b, a)


def _drop(table: str, where: Callable[[pd.DataFrame], pd.Series]) -> Callable[[dict[str, pd.DataFrame]], None]:
    def damage(frames: dict[str, pd.DataFrame]) -> None:
        f = frames[table]
        frames[table] = f.loc[~where(f)].reset_index(drop=True)
    return damage


def _gap_cases() -> list[Case]:
    cases = [
        Case("enterprise-month-missing-mid-year", "gaps",
             (Expect("enterprise_monthly.csv", 3, "period", "2023-04", r"no row for 2023-03 between 2023-02 \(row 2\) "
                     r"and 2023-04 \(row 3\)", r"add the 2023-03 row"),),
             frames=_drop("enterprise_monthly", lambda f: (f.credit_code == E1) & (f.period == "2023-03")), exact=True),
        Case("project-month-missing-mid-year", "gaps",
             (Expect("project_monthly.csv", 3, "period", "2023-04", r"no row for 2023-03"),),
             frames=_drop("project_monthly", lambda f: (f.project_id == "P001") & (f.period == "2023-03")), exact=True),
        Case("month-missing-for-every-enterprise", "gaps",
             (Expect("enterprise_monthly.csv", None, "period", "2023-03", r"no rows for 2023-03: .*every enterprise",
                     r"add the 2023-03 rows"),),
             frames=_drop("enterprise_monthly", lambda f: f.period == "2023-03"), exact=True),
        Case("city-growth-release-missing", "gaps",
             (Expect("city_growth.csv", None, "period", "2023-03", r"no rows for 2023-03: .*every city"),),
             frames=_drop("city_growth", lambda f: f.period == "2023-03"), exact=True),
        Case("city-growth-row-missing-for-one-city", "gaps",
             (Expect("city_growth.csv", None, "city", "本市", r"no row for 本市 at 2023-03", r"add the row"),),
             frames=_drop("city_growth", lambda f: (f.city == "本市") & (f.period == "2023-03")), exact=True),
        Case("city-without-growth-rows", "gaps",
             (Expect("city_growth.csv", None, "city", "丙市", r"丙市 \(in cities.csv\) has no rows"),),
             frames=lambda f: f.__setitem__("cities", pd.concat([f["cities"], pd.DataFrame(
                 [{"city": "丙市", "province": "某省", "is_home": "否"}])], ignore_index=True))),
        Case("5g-county-missing-at-a-month", "gaps",
             (Expect("base_stations.csv", None, "county", "西区", r"no row for 西区 at 2023-03"),),
             frames=lambda f: f.__setitem__("base_stations", pd.concat([f["base_stations"], pd.DataFrame(
                 [{"county": "东区", "period": "2023-03", "stations": "110"}])], ignore_index=True))),
        Case("january-only-enterprise", "gaps",
             (Expect("enterprise_monthly.csv", ANY, "period", "2023-01", r"the only row of 2023 .* is January",
                     r"add its 2023-02"),),
             frames=lambda f: f.__setitem__("enterprise_monthly", pd.concat(
                 [f["enterprise_monthly"].loc[f["enterprise_monthly"].credit_code != E3],
                  f["enterprise_monthly"].loc[(f["enterprise_monthly"].credit_code == E3)
                                              & (f["enterprise_monthly"].period == "2023-02")].assign(period="2023-01")],
                 ignore_index=True)), exact=True),
        Case("enterprise-leaves-mid-year", "gaps",
             (Expect("enterprise_monthly.csv", 9, "period", "2023-03", r"up to 2023-03 .* none for 2023-04",
                     rf"enterprise_monthly,{E3}\|2023-04,,<why>"),),
             frames=_drop("enterprise_monthly", lambda f: (f.credit_code == E3) & (f.period == "2023-04")), exact=True),
        Case("enterprise-leaves-mid-year-confirmed", "gaps",
             frames=_drop("enterprise_monthly", lambda f: (f.credit_code == E3) & (f.period == "2023-04")),
             files=lambda folder: (folder / "confirmations.csv").write_text(
                 f"table,key,column,value,note\nenterprise_monthly,{E3}|2023-04,,,4月起停产注销\n", encoding="utf-8"),
             check=lambda base, ds: _assert_confirmed(ds, "enterprise_monthly.csv", r"none for 2023-04", "4月起停产注销")),
    ]
    for t in TABLES:
        if t.required:
            cases.append(Case(f"header-only-{t.name}", "gaps",
                              (Expect(f"{t.name}.csv", None, None, "", r"has a header but no data rows",
                                      rf"confirm it .* {t.name},,,,"),),
                              frames=lambda f, name=t.name: f.__setitem__(name, f[name].iloc[0:0])))
    return cases


def _assert_confirmed(ds: Dataset, file: str, message: str, note: str) -> None:
    """Loaded with no problem left: every doubt is listed as confirmed, with the analyst's note."""
    assert ds.problems == []
    assert ds.confirmed and all(p.severity == "confirmed" and note in p.fix for p in ds.confirmed)
    assert any(p.file == file and re.search(message, p.message) for p in ds.confirmed)


def _unit_cases() -> list[Case]:
    def yuan(frames: dict[str, pd.DataFrame]) -> None:
        em = frames["enterprise_monthly"]
        em.loc[2, "gross_output"] = f"{float(em.loc[2, 'gross_output']) * 1e4:.1f}"  # E1, 2023-04, in 元

    return [
        Case("one-value-in-yuan", "units",
             (Expect("enterprise_monthly.csv", 4, "gross_output", "40000000.0",
                     r"10,000 times its same-sample base .*\(元 instead of 万元",
                     rf"enterprise_monthly,{E1}\|2023-04,gross_output,40000000\.0,"),), frames=yuan, exact=True),
        Case("one-value-in-yuan-confirmed", "units", frames=yuan,
             files=lambda folder: (folder / "confirmations.csv").write_text(
                 f"table,key,column,value,note\nenterprise_monthly,{E1}|2023-04,gross_output,40000000.0,企业核实\n",
                 encoding="utf-8"),
             check=lambda base, ds: (_assert_confirmed(ds, "enterprise_monthly.csv", r"10,000 times", "企业核实"),
                                     _assert_value(ds.enterprise_monthly, 2, "gross_output", 4e7))),
        Case("confirmation-for-another-value-lapses", "units",
             (Expect("enterprise_monthly.csv", 4, "gross_output", ANY, r"10,000 times"),
              Expect("confirmations.csv", 2, "value", "123", r"no longer applies", severity="warning")),
             frames=yuan, files=lambda folder: (folder / "confirmations.csv").write_text(
                 f"table,key,column,value,note\nenterprise_monthly,{E1}|2023-04,gross_output,123,企业核实\n",
                 encoding="utf-8")),
        Case("base-in-yiyuan", "units",
             (Expect("enterprise_monthly.csv", 2, "value_added", "600.0", r"10,000 times its same-sample base "
                     r"value_added_base \(工业增加值上年同期\) 0\.058"),),
             frames=_set("enterprise_monthly", 0, "value_added_base", "0.058")),
        Case("project-investment-in-yuan", "units",
             (Expect("project_monthly.csv", 4, "investment", "300000000", r"times the month before: one of the two"),),
             exact=True,
             frames=_set("project_monthly", 2, "investment", "300000000")),
        Case("target-in-yuan", "units",
             (Expect("enterprise_targets.csv", 2, "output_target", "150000000", r"annual output target .* 10,000 times",
                     r"enterprise_targets,.*\|2023,output_target,150000000,"),),
             frames=_set("enterprise_targets", 0, "output_target", "150000000")),
        Case("annual-plan-against-total", "units",
             (Expect("projects.csv", 2, "annual_plan", "300000000", r"annual plan .* times the total investment"),),
             frames=_set("projects", 0, "annual_plan", "300000000")),
        Case("value-added-above-output-warning", "units",
             frames=_set("enterprise_monthly", 8, "value_added", "2100"), warning=r"value_added .* exceeds gross_output",
             check=lambda base, ds: _assert_value(ds.enterprise_monthly, 8, "value_added", 2100.0)),
        Case("implausible-growth-warning", "units",
             frames=_set("enterprise_monthly", 0, "value_added_base", "5"),
             warning=r"120 times its same-sample base .* \+11,900%",
             check=lambda base, ds: _assert_value(ds.enterprise_monthly, 0, "value_added_base", 5.0)),
    ]


def _assert_value(frame: pd.DataFrame, row: int, column: str, value: float) -> None:
    assert frame.loc[row, column] == value


def _text_cases() -> list[Case]:
    frames = valid_frames()
    cases = []
    for name, frame in frames.items():
        t = TABLES_BY_NAME[name]
        for c in t.columns:
            if c.dtype != "str" or c.name not in frame.columns or frame[c.name].iloc[0] == "":
                continue
            value = frame[c.name].iloc[0][:1] + "\x07" + frame[c.name].iloc[0][1:]
            cases.append(Case(f"control-character-{name}.{c.name}", "text",
                              (Expect(f"{name}.csv", 2, c.name, value, r"control character U\+0007 \(BEL\) at "
                                      r"position 2", r"delete the invisible character"),),
                              frames=_set(name, 0, c.name, value)))
    cases += [
        Case("line-break-in-a-key", "text", (Expect("projects.csv", 2, "project_id", "P0\n01",
                                                    r"U\+000A \(LINE FEED", r"remove the line break"),),
             frames=_set("projects", 0, "project_id", "P0\n01")),
        Case("line-break-in-a-description-is-kept", "text",
             frames=_set("problems", 0, "description", "招工难\n缺技工"),
             check=lambda base, ds: (_assert_same_except(base, ds, "problems", ["description"]),
                                     _assert_text(ds.problems_log, 0, "description", "招工难\n缺技工"))),
        Case("zero-width-space-in-county", "text", (Expect("enterprises.csv", 2, "county", "东\u200b区",
                                                           r"U\+200B \(ZERO WIDTH SPACE\)"),),
             frames=_set("enterprises", 0, "county", "东\u200b区")),
        Case("bidi-override-in-a-name", "text", (Expect("chains.csv", 2, "chain_name", "新\u202e料材",
                                                        r"U\+202E \(RIGHT-TO-LEFT OVERRIDE\)"),),
             frames=_set("chains", 0, "chain_name", "新\u202e料材")),
        Case("spreadsheet-error-in-text", "text", (Expect("supervision_tasks.csv", 2, "responsible_unit", "#N/A",
                                                          r"a spreadsheet error value \(#N/A\)"),),
             frames=_set("supervision_tasks", 0, "responsible_unit", "#N/A")),
        Case("text-longer-than-a-cell", "text", (Expect("problems.csv", 2, "description", ANY,
                                                        r"more than a cell can hold \(32,767"),),
             frames=_set("problems", 0, "description", "长" * 40000)),
        Case("unclosed-quote", "text", (Expect("problems.csv", 3, None, "", r"quoted value is never closed",
                                               r"close the quote"),),
             files=lambda folder: (folder / "problems.csv").write_text(
                 _csv_text(folder, "problems").replace("流动资金贷款", '"流动资金贷款'), encoding="utf-8")),
        Case("ragged-line", "text", (Expect("cities.csv", 3, None, "", r"as many fields as the header"),),
             files=lambda folder: (folder / "cities.csv").write_text(
                 _csv_text(folder, "cities").replace("甲市,某省,否", "甲市,某省,否,多余"), encoding="utf-8")),
    ]
    return cases


def _assert_text(frame: pd.DataFrame, row: int, column: str, value: str) -> None:
    assert frame.loc[row, column] == value


def _demo_cases() -> list[Case]:
    big = "916603026600446743"  # the largest enterprise of the demo city
    money = ["gross_output", "gross_output_base", "value_added", "value_added_base", "revenue", "revenue_base",
             "profit", "profit_base"]

    def rename_county(row: int, value: str) -> Callable[[Path], None]:
        def damage(folder: Path) -> None:
            ent = _read(folder, "enterprises")
            ent.loc[row, "county"] = value
            _write(folder, "enterprises", ent)
        return damage

    def drop_counties(folder: Path) -> None:
        (folder / "counties.csv").unlink()
        rename_county(3, "澜東区")(folder)

    return [
        Case("demo-one-enterprise-in-yiyuan", "units",
             (Expect("enterprise_targets.csv", ANY, "output_target", ANY, r"10,000 times the enterprise's gross output"),),
             files=_scale("enterprise_monthly", lambda f: f.credit_code == big, money, 1e-4), source="demo"),
        Case("demo-one-enterprise-2023-in-yiyuan", "units",
             (Expect("enterprise_monthly.csv", ANY, "gross_output_base", ANY, r"1/10,000 of the enterprise's own "
                     r"gross_output a year earlier"),),
             files=_scale("enterprise_monthly", lambda f: (f.credit_code == big) & f.period.str.startswith("2023"),
                          money, 1e-4), source="demo"),
        Case("demo-output-only-in-yuan", "units",
             (Expect("enterprise_monthly.csv", ANY, "gross_output", ANY,
                     r"10,000 times its same-sample base|is above the maximum 1,000,000,000 万元", r"元 instead of 万元"),),
             files=_scale("enterprise_monthly", lambda f: (f.credit_code == big) & (f.period == "2023-04"),
                          ["gross_output"], 1e4), source="demo"),
        Case("demo-one-small-enterprise-in-yiyuan", "units",
             (Expect("enterprise_monthly.csv", ANY, "gross_output", ANY, r"electricity \(用电量\) per 万元 of gross "
                     r"output is 10,000 times the median of the enterprises of industry",
                     r"confirm it in confirmations.csv"),),
             files=_scale("enterprise_monthly", lambda f: f.credit_code == "91660302165881918E", money, 1e-4),
             source="demo"),
        Case("demo-unknown-county-without-counties-table", "references",
             (Expect("enterprises.csv", 5, "county", "南山区", r"only this enterprise is in county 南山区",
                     r"add a counties table .* enterprises,\w+,county,南山区,"),),
             files=lambda folder: ((folder / "counties.csv").unlink(), rename_county(3, "南山区")(folder)),
             source="demo"),
        Case("demo-county-traditional-characters", "references",
             (Expect("enterprises.csv", 5, "county", "澜東区", r"澜東区 is not in counties.csv",
                     r"closest known value is '澜东区' \(the same name written with traditional characters"),),
             files=rename_county(3, "澜東区"), source="demo", exact=True),
        Case("demo-county-near-spelling", "references",
             (Expect("enterprises.csv", 5, "county", "澜东", r"澜东 is not in counties.csv",
                     r"closest known value is '澜东区'"),), files=rename_county(3, "澜东"), source="demo"),
        Case("demo-county-unknown", "references",
             (Expect("enterprises.csv", 5, "county", "南山区", r"南山区 is not in counties.csv"),),
             files=rename_county(3, "南山区"), source="demo"),
        Case("demo-county-variant-without-counties-table", "references",
             (Expect("enterprises.csv", 5, "county", "澜東区", r"澜東区 is 澜东区 written in another form"),),
             files=drop_counties, source="demo"),
        Case("demo-city-growth-release-missing", "gaps",
             (Expect("city_growth.csv", None, "period", "2022-08", r"no rows for 2022-08"),),
             files=lambda folder: _write(folder, "city_growth", _read(folder, "city_growth").query("period != '2022-08'")),
             source="demo", exact=True),
        Case("demo-home-city-release-missing", "gaps",
             (Expect("city_growth.csv", None, "city", "金澜市", r"no row for 金澜市 at 2022-08"),),
             files=lambda folder: _write(folder, "city_growth", _read(folder, "city_growth").query(
                 "not (period == '2022-08' and city == '金澜市')")), source="demo", exact=True),
        Case("demo-enterprise-month-deleted", "gaps",
             (Expect("enterprise_monthly.csv", ANY, "period", "2022-07", r"no row for 2022-06"),),
             files=lambda folder: _write(folder, "enterprise_monthly", _read(folder, "enterprise_monthly").query(
                 f"not (credit_code == '{big}' and period == '2022-06')")), source="demo", exact=True),
        Case("demo-project-listed-county-unknown", "references",
             (Expect("projects.csv", 2, "county", "澜西", r"澜西 is not in counties.csv",
                     r"closest known value is '澜西区'"),),
             files=lambda folder: _write(folder, "projects", _read(folder, "projects").assign(
                 county=lambda f: f.county.where(f.index != 0, "澜西"))), source="demo"),
        Case("demo-hidden-sheet-with-stale-growth", "sheets",
             files=lambda folder: _demo_hidden_sheet(folder), source="demo", accepted=True,
             warning=r"hidden sheet\(s\) 'city_growth' were not read"),
    ]


def _demo_hidden_sheet(folder: Path) -> None:
    """The issue's case: a hidden sheet named after the table, first in the workbook, holds stale growth
    rates (38.1 for every city); the visible sheet holds the published ones."""
    cg = _read(folder, "city_growth")
    (folder / "city_growth.csv").unlink()
    _workbook(folder / "city_growth.xlsx", [("city_growth", cg.assign(va_growth_ytd="38.1"), "hidden"),
                                            ("全省各市规上工业增加值增速", cg, "visible")])


CORPUS: list[Case] = [*_encoding_cases(), *_path_cases(), *_header_cases(), *_sheet_cases(), *_formula_cases(),
                      *_number_cases(), *_key_cases(), *_reference_cases(), *_period_cases(), *_gap_cases(),
                      *_unit_cases(), *_text_cases(), *_demo_cases()]


# --------------------------------------------------------------------------------------------------
# running a case
# --------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def baselines(tmp_path_factory) -> dict[str, Dataset]:
    # XLSX loads exactly as CSV (test_dataset), so one baseline serves both formats
    return {"fixture": load_dataset(write_tables(valid_frames(), tmp_path_factory.mktemp("base"))),
            "demo": load_dataset(DEMO)}


def _build(case: Case, folder: Path) -> Path:
    if case.source == "demo":
        shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns("README.md"))
    else:
        frames = valid_frames()
        if case.frames is not None:
            case.frames(frames)
        workbooks = set(case.xlsx) | {e.file[:-5] for e in case.expect if e.file.endswith(".xlsx")}
        if case.fmt == "xlsx":
            write_tables({k: v for k, v in frames.items() if k in workbooks}, folder, fmt="xlsx")
        write_tables({k: v for k, v in frames.items() if case.fmt != "xlsx" or k not in workbooks}, folder)
    if case.files is not None:
        case.files(folder)
    return folder


def _matches(p, e: Expect) -> bool:
    return (p.file == e.file and p.severity == e.severity
            and (e.row is ANY or p.row == e.row) and (e.column is ANY or p.column == e.column)
            and (e.value is ANY or p.value == e.value)
            and re.search(e.message, p.message) is not None and re.search(e.fix, p.fix) is not None)


@pytest.mark.parametrize("case", CORPUS, ids=[c.id for c in CORPUS])
def test_bad_input(case: Case, tmp_path: Path, baselines) -> None:
    folder = _build(case, tmp_path / "data")
    current = CURRENT_MONTH if case.source == "fixture" else None
    try:
        report = validate_directory(folder, current_month=current)
    except GxError as exc:  # pragma: no cover - every damaged folder is a folder
        pytest.fail(f"validation raised instead of reporting: {exc}")
    for p in report.problems:  # every problem is located and says how to fix it
        assert p.file and p.message and p.fix, p
        assert "Traceback" not in p.message
        if p.severity == "error" and p.row is None and p.column is None:
            assert p.file.split(".")[0] in {t.name for t in TABLES} | {"confirmations"} or "." in p.file, p
    _assert_both_languages(report.problems)
    if case.expect:
        assert not report.ok, report.format()
        for e in case.expect:
            assert any(_matches(p, e) for p in report.problems), (
                f"expected {e}\ngot:\n" + "\n".join(str(p) for p in report.problems))
        if case.exact:
            files = {e.file for e in case.expect}
            extra = [p for p in report.problems if p.file in files and not any(_matches(p, e) for e in case.expect)]
            assert not extra, "unexpected problems:\n" + "\n".join(map(str, extra))
        return
    assert report.ok, report.format()
    if case.warning:
        assert any(p.severity == "warning" and re.search(case.warning, p.message) for p in report.problems), \
            report.format()
    ds = load_dataset(folder)
    base = baselines[case.source]
    if case.check is not None:
        case.check(base, ds)
    else:
        assert case.accepted
        for t in TABLES:  # no figure can change: every table loads as from the undamaged files
            pd.testing.assert_frame_equal(ds.table(t.name), base.table(t.name), obj=t.name)


IDENTIFIERS = {t.name for t in TABLES} | {c.name for t in TABLES for c in t.columns} | {
    w for t in TABLES for c in t.columns for w in c.name.split("_")}
ZH_TERMS = ({t.zh for t in TABLES} | {c.zh for t in TABLES for c in t.columns} | {
    c.unit for t in TABLES for c in t.columns if c.unit} | {
    "统一社会信用代码", "工业增加值", "工业总产值", "本年累计", "文本", "是", "否", "另存为", "工作簿", "逗号分隔", "取消单元格合并", "右键工作表标签",
    "取消隐藏", "复制", "选择性粘贴", "数值", "续建", "是否本市", "月", "年", "亿元", "元", "万吨标准煤", "吨", "万吨", "兆瓦"})


def _assert_both_languages(problems) -> None:
    """Every problem reads fully in Chinese for zh and in English for en (names and values aside), one line
    per problem and grouped."""
    from language import validation_en_problems, validation_zh_problems

    from gxanalysis.data.messages import Msg, problem_line, problem_lines

    for p in problems:
        assert isinstance(p.message, Msg) and isinstance(p.fix, Msg), f"message without a catalog key: {p}"
        zh, en = problem_line(p, "zh"), problem_line(p, "en")
        assert en == str(p), en
        assert not validation_zh_problems(zh, p, IDENTIFIERS), (zh, validation_zh_problems(zh, p, IDENTIFIERS))
        assert not validation_en_problems(en, p, ZH_TERMS), (en, validation_en_problems(en, p, ZH_TERMS))
    lines = problem_lines(problems, "zh")  # identical problems of several rows on one line, worded as well
    assert len(lines) <= len(problems)
    for line in lines:
        assert not validation_zh_problems(line, list(problems), IDENTIFIERS), line


def _one_per_class(source: str) -> list[Case]:
    picked: dict[str, Case] = {}
    for c in CORPUS:
        if c.source == source and c.expect and c.cls not in picked and c.id != "future-month":
            picked[c.cls] = c
    return list(picked.values())


@pytest.mark.parametrize("case", _one_per_class("fixture") + _one_per_class("demo")[:2], ids=lambda c: c.id)
def test_a_refused_case_loads_nothing_and_gx_validate_exits_1(case: Case, tmp_path: Path, capsys) -> None:
    folder = _build(case, tmp_path / "data")
    result = None
    with pytest.raises(DataValidationError, match=r"nothing was loaded"):
        result = load_dataset(folder)
    assert result is None
    code = main(["validate", str(folder)])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert code == 1 and "nothing can be loaded until the errors are fixed" in out.out


def test_the_corpus_covers_every_class_table_and_format() -> None:
    assert len(CORPUS) >= 60
    assert len({c.id for c in CORPUS}) == len(CORPUS)
    classes = {c.cls for c in CORPUS}
    assert {"encodings", "headers", "sheets", "formulas", "units", "keys", "references", "periods", "gaps",
            "numbers", "text", "files"} <= classes
    named = {e.file.split(".")[0] for c in CORPUS for e in c.expect}
    assert {t.name for t in TABLES if t.required} <= named
    assert {c.fmt for c in CORPUS} == {"csv", "xlsx"}
    assert any(c.accepted or c.check for c in CORPUS) and any(c.expect for c in CORPUS)


def corpus_counts() -> dict[str, int]:
    """Cases per class (printed in the closing note)."""
    out: dict[str, int] = {}
    for c in CORPUS:
        out[c.cls] = out.get(c.cls, 0) + 1
    return out



# --------------------------------------------------------------------------------------------------
# beyond the listed cases: any hostile cell anywhere is reported, never a traceback
# --------------------------------------------------------------------------------------------------
HOSTILE = ["", "1e300", "-1e300", "nan", "inf", "9" * 40, "=1+1", "@SUM(A1)", "#REF!", "\x00", "\x07", "\u202e",
           "\u200b", "2023-13", "0000-01", "2023-02-29", "１２３", "1_000", "0x10", "1,2,3", "合计", "\n", "澜東区",
           "2023年13月", "5%", "'", '"', "91330100MA27U00011", "9.166e+17", "—", "1e-320", "-0"]


@given(edits=st.lists(st.tuples(st.sampled_from(sorted(valid_frames())), st.integers(0, 20), st.integers(0, 20),
                                st.sampled_from(HOSTILE)), min_size=1, max_size=3))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_hostile_cell_is_reported_not_raised(edits, tmp_path_factory) -> None:
    frames = valid_frames()
    for table, row, col, value in edits:
        frame = frames[table]
        frame.iloc[row % len(frame), col % frame.shape[1]] = value
    folder = write_tables(frames, tmp_path_factory.mktemp("hostile"))
    report = validate_directory(folder, current_month=CURRENT_MONTH)
    for p in report.problems:
        assert p.file and p.message and p.fix, p
    if report.ok:
        load_dataset(folder)
