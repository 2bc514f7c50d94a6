"""Excel templates for the bureau's input tables, generated from the data contract.

One workbook ``<table>.xlsx`` per table of :data:`gxanalysis.data.schema.TABLES`:

* first sheet (named with the table's Chinese name): the Chinese headers in row 1, bold and frozen,
  column widths that fit, text format (文本) for codes, text and months so that Excel keeps
  ``91330100MA27U00018`` and ``2023-04`` as typed, and drop-down lists for 是/否 and allowed values;
* sheet ``说明``: one row per column — 列名 (English name), 中文表头, 类型, 单位, 必填, 说明,
  取值范围/引用 — then the table's key, period convention and rules.

A filled template is read by :func:`gxanalysis.data.readers.read_table` as it is (Chinese headers are
accepted). Regenerate with ``gx templates`` (writes ``data/templates/``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

from gxanalysis import config
from gxanalysis.data.contract_doc import TYPE_LABELS_ZH, column_rules
from gxanalysis.data.schema import TABLES, Column, Table
from gxanalysis.data.validate import TABLE_RULES

__all__ = ["INFO_HEADERS", "INFO_SHEET", "display_width", "write_template", "write_templates"]

INFO_SHEET = "说明"
"""Name of the sheet that documents the columns."""

INFO_HEADERS: tuple[str, ...] = ("列名", "中文表头", "类型", "单位", "必填", "说明", "取值范围/引用")
"""Header row of the ``说明`` sheet."""

_TEXT_TYPES = ("str", "credit_code", "month")
_SAMPLE_WIDTH = {"credit_code": 20, "month": 9, "date": 12, "year": 6, "bool": 6, "float": 12, "int": 10,
                 "str": 12}
_FIXED_TIME = dt.datetime(2024, 1, 1)


def display_width(text: str) -> int:
    """Width of ``text`` in Excel character units (CJK and full-width characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in str(text))


def _info_rows(t: Table) -> list[tuple[str, ...]]:
    return [(c.name, c.zh, TYPE_LABELS_ZH[c.dtype], c.unit, "是" if c.required else "否", c.description,
             column_rules(c, chinese=True)) for c in t.columns]


def _validation_list(c: Column) -> list[str] | None:
    if c.dtype == "bool":
        return ["是", "否"]
    if c.allowed is not None and len(",".join(c.allowed)) < 250:
        return list(c.allowed)
    return None


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
        cell = ws.cell(row=1, column=j, value=c.zh)
        cell.font = bold
        letter = get_column_letter(j)
        width = max(display_width(c.zh), _SAMPLE_WIDTH[c.dtype]) + 2
        ws.column_dimensions[letter].width = width
        if c.dtype in _TEXT_TYPES:
            ws.column_dimensions[letter].number_format = "@"
        choices = _validation_list(c)
        if choices:
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
    notes = [f"表：{table.name}（{table.zh}）{'' if table.required else '（可选）'} — {table.description}",
             "主键（每行唯一）：" + "、".join(table.key),
             "文件：" + f"{table.name}.xlsx 或 {table.name}.csv（UTF-8 或 GBK）；表头可用中文或英文列名"]
    if table.period_convention:
        notes.append(f"期间约定：{table.period_convention}")
    notes.extend(f"规则：{r.replace('`', '')}" for r in TABLE_RULES.get(table.name, ()))
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
