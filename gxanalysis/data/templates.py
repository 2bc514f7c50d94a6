"""Excel templates for the bureau's input tables, generated from the data contract.

One workbook ``<table>.xlsx`` per table of :data:`gxanalysis.data.schema.TABLES`:

* first sheet (named with the table's Chinese name): the Chinese headers in row 1 with their unit
  (``工业总产值（万元）``), bold and frozen, column widths that fit, text format (文本) for codes, text and
  months so that Excel keeps ``91330100MA27U00018`` and ``2023-04`` as typed, and drop-down lists in
  Chinese for 是/否 and allowed values (:data:`gxanalysis.data.contract_zh.ALLOWED_ZH`: validation accepts
  them and stores the code);
* sheet ``说明``: one row per column — 列名 (English name), 中文表头, 类型, 单位, 必填, 说明,
  取值范围/引用 — then the table's key, period convention and rules, all in Chinese
  (:mod:`gxanalysis.data.contract_zh`);
* sheet ``填写示例``: the header and one example row (never read as data).

A filled template is read by :func:`gxanalysis.data.readers.read_table` as it is (Chinese headers are
accepted). Regenerate with ``gx templates`` (writes ``data/templates/``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

from gxanalysis import config
from gxanalysis.data.contract_doc import TYPE_LABELS_ZH, column_rules
from gxanalysis.data.contract_zh import (
    ALLOWED_ZH,
    COLUMN_NOTES_ZH,
    PERIOD_CONVENTIONS_ZH,
    TABLE_NOTES_ZH,
    TABLE_RULES_ZH,
)
from gxanalysis.data.schema import TABLES, Column, Table

__all__ = ["EXAMPLE_SHEET", "INFO_HEADERS", "INFO_SHEET", "display_width", "example_row", "header_text",
           "write_template", "write_templates"]

INFO_SHEET = "说明"
"""Name of the sheet that documents the columns."""

EXAMPLE_SHEET = "填写示例"
"""Name of the sheet with one example row (a documentation sheet: never read as data)."""

INFO_HEADERS: tuple[str, ...] = ("列名", "中文表头", "类型", "单位", "必填", "说明", "取值范围/引用")
"""Header row of the ``说明`` sheet."""

_TEXT_TYPES = ("str", "credit_code", "month")
_SAMPLE_WIDTH = {"credit_code": 20, "month": 9, "date": 12, "year": 6, "bool": 6, "float": 12, "int": 10,
                 "str": 12}
_FIXED_TIME = dt.datetime(2024, 1, 1)


def display_width(text: str) -> int:
    """Width of ``text`` in Excel character units (CJK and full-width characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in str(text))


def header_text(c: Column) -> str:
    """The template's header of a column: its Chinese name with its unit, ``工业总产值（万元）``."""
    return f"{c.zh}（{c.unit}）" if c.unit else c.zh


def _info_rows(t: Table) -> list[tuple[str, ...]]:
    return [(c.name, c.zh, TYPE_LABELS_ZH[c.dtype], c.unit, "是" if c.required else "否",
             COLUMN_NOTES_ZH.get((t.name, c.name), ""), column_rules(c, chinese=True)) for c in t.columns]


def _choices(t: Table, c: Column) -> list[str] | None:
    """The values of a column's drop-down list, in Chinese."""
    if c.dtype == "bool":
        return ["是", "否"]
    if c.allowed is not None:
        aliases = {code: zh for zh, code in ALLOWED_ZH.get((t.name, c.name), {}).items()}
        return [aliases.get(v, v) for v in c.allowed]
    return None


_EXAMPLE_TEXT = {
    "city": "澜州市", "province": "澜江省", "county": "澜东区", "chain_id": "C01", "chain_name": "铜基新材料",
    "group_id": "G1", "group_name": "新材料产业链群", "lead_unit": "市工信局", "division_code": "660302",
    "industry_code": "3251", "product": "铜制品", "capacity_unit": "吨", "project_id": "XM2023-001",
    "fuel": "原煤", "unit": "吨", "scope": "city", "note": "年度计划目标", "source": "中电联",
    "problem_id": "WT2023-001", "category": "用工", "department": "市人社局", "description": "招工难",
    "task_id": "DB2023-001", "area": "工业投资", "task": "推进重点项目开工", "responsible_unit": "投资科",
    "batch": "第一批",
}
_EXAMPLE_NAME = {"enterprises": "澜东益瑞金属制品股份有限公司", "projects": "年产5万吨铜基新材料项目"}
_EXAMPLE_BY_TYPE = {"month": "2023-04", "date": "2023-04-15", "year": "2023", "bool": "是", "int": "12"}
_EXAMPLE_UNIT_VALUE = {"%": "6.5", "万元": "1234.5", "万kWh": "56.7", "tce": "89.1", "gce/kWh": "301.5", "个": "120"}


def example_row(table: Table) -> list[str]:
    """One example row of ``table``: values of the right type, unit and allowed set (a valid
    统一社会信用代码), for the ``填写示例`` sheet."""
    from stdnum.cn import uscc

    head = "91660302000879078"
    code = head + uscc.calc_check_digit(head)
    out = []
    for c in table.columns:
        choices = _choices(table, c)
        if choices and c.dtype != "bool":
            value = "%" if table.name == "targets" and c.name == "unit" else choices[0]
        elif c.dtype == "credit_code":
            value = code
        elif c.dtype == "float":
            value = "10" if table.name == "targets" else _EXAMPLE_UNIT_VALUE.get(c.unit, "1234.5")
        elif c.dtype in _EXAMPLE_BY_TYPE:
            value = _EXAMPLE_BY_TYPE[c.dtype]
        elif c.name == "name":
            value = _EXAMPLE_NAME.get(table.name, "示例名称")
        else:
            value = _EXAMPLE_TEXT.get(c.name, "")
        if c.name in ("closed_date", "completed_date"):
            value = "2023-04-20"
        out.append(value)
    return out


def write_template(table: Table, path: Path) -> Path:
    """Write the template of one table to ``path`` (an ``.xlsx`` file); return the path."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = table.zh
    bold = Font(bold=True)
    for j, c in enumerate(table.columns, start=1):
        cell = ws.cell(row=1, column=j, value=header_text(c))
        cell.font = bold
        letter = get_column_letter(j)
        width = max(display_width(header_text(c)), _SAMPLE_WIDTH[c.dtype]) + 2
        ws.column_dimensions[letter].width = width
        if c.dtype in _TEXT_TYPES:
            ws.column_dimensions[letter].number_format = "@"
        choices = _choices(table, c)
        if choices and len(",".join(choices)) < 250:  # Excel's limit for a list typed in the rule
            dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle=c.zh,
                                error="请从下拉列表中选择：" + "、".join(choices))
            dv.add(f"{letter}2:{letter}100000")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"

    info = wb.create_sheet(INFO_SHEET)
    rows = _info_rows(table)
    for j, h in enumerate(INFO_HEADERS, start=1):
        info.cell(row=1, column=j, value=h).font = bold
    for i, r in enumerate(rows, start=2):
        for j, v in enumerate(r, start=1):
            info.cell(row=i, column=j, value=v if v != "" else None)
    notes = [f"表：{table.name}（{table.zh}）{'' if table.required else '（可选）'} — {TABLE_NOTES_ZH[table.name]}",
             "主键（每行唯一）：" + "、".join(table.column(k).zh for k in table.key),
             "文件：" + f"{table.name}.xlsx 或 {table.name}.csv（UTF-8 或 GBK）；表头可用中文或英文列名，"
             "可带单位（如 工业总产值（万元）），单位须与本表一致",
             f"示例：见工作表“{EXAMPLE_SHEET}”（该表不会作为数据读取）"]
    if table.period_convention:
        notes.append(f"期间约定：{PERIOD_CONVENTIONS_ZH[table.period_convention]}")
    notes.extend(f"规则：{r}" for r in TABLE_RULES_ZH.get(table.name, ()))
    start = len(rows) + 3
    for k, note in enumerate(notes):
        info.cell(row=start + k, column=1, value=note)
    for j, h in enumerate(INFO_HEADERS, start=1):
        values = [h, *(r[j - 1] for r in rows)]
        info.column_dimensions[get_column_letter(j)].width = min(max(display_width(v) for v in values) + 2, 60)
        if j >= 6:
            for i in range(2, len(rows) + 2):
                info.cell(row=i, column=j).alignment = Alignment(wrap_text=True, vertical="top")
    info.freeze_panes = "A2"

    example = wb.create_sheet(EXAMPLE_SHEET)
    for j, (c, value) in enumerate(zip(table.columns, example_row(table), strict=True), start=1):
        example.cell(row=1, column=j, value=header_text(c)).font = bold
        example.cell(row=2, column=j, value=value or None)
        letter = get_column_letter(j)
        example.column_dimensions[letter].width = max(display_width(header_text(c)), display_width(value)) + 2
        if c.dtype in _TEXT_TYPES:
            example.column_dimensions[letter].number_format = "@"
    example.freeze_panes = "A2"

    wb.properties.creator = "gxanalysis"
    wb.properties.title = f"{table.zh} ({table.name})"
    wb.properties.created = _FIXED_TIME
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_templates(out_dir: Path | None = None) -> list[Path]:
    """Write one Excel template per table of the data contract.

    Parameters
    ----------
    out_dir : Path, optional
        Folder to write to (created if needed); default :data:`gxanalysis.config.TEMPLATES_DIR`
        (``data/templates``).

    Returns
    -------
    list of Path
        The files written, ``<table>.xlsx``, in contract order.
    """
    out = Path(out_dir) if out_dir is not None else config.TEMPLATES_DIR
    return [write_template(t, out / f"{t.name}.xlsx") for t in TABLES]
