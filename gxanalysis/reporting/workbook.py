"""The pack's table book: the Excel workbook of every table the reports show, and each table as CSV.

The workbook follows the conventions of statistical tables in spreadsheets (those of the ``gptables``
package): a cover sheet (what, when, the conventions), a contents sheet linking to every table, then one
table per sheet — title in A1, unit under it, the header row, the rows, notes below, nothing merged.
It is written with XlsxWriter:

* numbers are numeric cells holding the unrounded value, shown with the column's own decimals and
  thousands separators as the report shows them (counts as whole numbers); a cell whose figure cannot be
  computed holds the report's text (``--``, 由亏转盈, 新增 …);
* headers, sheet names and the cover speak the report's language (short sheet names from
  :data:`gxanalysis.labels.SHEETS`, the full titles on the contents sheet);
* columns are as wide as their content, a CJK character counted as two Latin ones;
* every sheet prints on A4 landscape, fitted to the page width, the header row repeated on each page,
  with the page number in the footer;
* no machine path and the local time on the cover.

Text from the data stays inert (:mod:`gxanalysis.spreadsheet`): every text is written as a string cell —
never a formula, never an automatic link — and formula-like text gets Excel's quote prefix. The CSV files
(UTF-8 with BOM, so Excel opens them in Chinese) get the apostrophe rule of
:func:`gxanalysis.spreadsheet.csv_safe`.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gxanalysis.errors import ReportError
from gxanalysis.labels import SHEETS, check_lang, label
from gxanalysis.spreadsheet import csv_safe, is_formula_like

HEADER_ROW = 3
"""Zero-based row of a table sheet's header (title, unit and the link back to the contents above it)."""

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BAD_SHEET_CHARS = '[]:*?/\\'
MAX_WIDTH = 50
"""Widest column (in Latin characters); longer text wraps."""


def text_width(text: str) -> int:
    """Display width of a text: a wide (CJK) character counts as two Latin characters.

    Examples
    --------
    >>> text_width("abc"), text_width("规上工业"), text_width("1-4月累计")
    (3, 8, 9)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def number_format(kind: str, precision: int, thousands: bool) -> str:
    """The Excel number format of a column: ``#,##0.0`` (one decimal, separators), ``#,##0``, ``0.00``.

    Examples
    --------
    >>> number_format("number", 1, True), number_format("int", 0, True), number_format("growth", 1, False)
    ('#,##0.0', '#,##0', '0.0')
    """
    base = "#,##0" if thousands else "0"
    return base + ("." + "0" * precision if precision > 0 and kind != "int" else "")


@dataclass
class _Column:
    kind: str
    precision: int
    thousands: bool
    precisions: list[int] | None


def _columns(table: dict[str, Any]) -> list[_Column]:
    """Each column's kind and decimals: recorded by the section, or (older records) read off the values."""
    formats = table.get("formats")
    n = len(table["columns"])
    if formats and len(formats) == n:
        out = []
        for f in formats:
            kind = f.get("kind", "text")
            out.append(_Column(kind, int(f.get("precision", 0 if kind == "int" else 1)),
                               bool(f.get("thousands", kind in ("number", "int"))), f.get("precisions")))
        return out
    out = []
    for j in range(n):
        values = [r[j] for r in table["data"] if j < len(r) and _is_number(r[j])]
        if values and all(float(v).is_integer() and isinstance(v, int) for v in values):
            out.append(_Column("int", 0, True, None))
        elif values:
            out.append(_Column("number", 1, True, None))
        else:
            out.append(_Column("text", 0, False, None))
    return out


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(float(v))


def _shown(table: dict[str, Any], i: int, j: int) -> str:
    """The report's text of a cell (``--``, a status label, a name)."""
    shown = table.get("shown")
    if shown and i < len(shown) and j < len(shown[i]):
        return str(shown[i][j])
    v = table["data"][i][j]
    return "--" if v is None or (isinstance(v, float) and not math.isfinite(v)) else str(v)


def _decimals(col: _Column, i: int) -> int:
    if col.kind == "int":
        return 0
    if col.precisions and i < len(col.precisions):
        return int(col.precisions[i])
    return col.precision


def _sheet_name(table: dict[str, Any], lang: str, used: set[str]) -> str:
    """The table's short sheet name (:data:`SHEETS`), unique in the workbook, at most 31 characters."""
    name = table.get("name")
    if name in SHEETS:
        base = label("sheet", name, lang)
    else:  # a table without a short name: its title, made legal
        base = "".join("_" if ch in _BAD_SHEET_CHARS else ch for ch in str(table.get("title", ""))).strip("'")
        base = base[:31] or label("workbook", "table", lang)
    candidate, i = base, 2
    while candidate.lower() in {u.lower() for u in used}:
        suffix = f"（{i}）" if lang == "zh" else f" ({i})"
        candidate = base[:31 - len(suffix)] + suffix
        i += 1
    used.add(candidate)
    return candidate


def plan_sheets(tables: list[dict[str, Any]], lang: str) -> list[str]:
    """The sheet name of every table, in order (the same names as the CSV files)."""
    used = {label("workbook", "cover", lang), label("workbook", "contents", lang)}
    return [_sheet_name(t, lang, used) for t in tables]


def _check_text(sheet: str, row: int, col: int, value: str) -> None:
    bad = _ILLEGAL_XML.search(value)
    if bad:
        from xlsxwriter.utility import xl_rowcol_to_cell

        raise ReportError(
            f"workbook sheet {sheet!r}, cell {xl_rowcol_to_cell(row, col)}: the text {value!r} holds the "
            f"control character U+{ord(bad.group()):04X}, which Excel files cannot store; remove it from the "
            "input table (gx validate names the file, row and column)")


class _Formats:
    """XlsxWriter formats, made once per distinct look."""

    def __init__(self, wb: Any, font: str) -> None:
        self.wb, self.font, self.cache = wb, font, {}

    def get(self, **props: Any) -> Any:
        key = tuple(sorted(props.items()))
        if key not in self.cache:
            self.cache[key] = self.wb.add_format({"font_name": self.font, "font_size": 10, **props})
        return self.cache[key]


def _put_text(ws: Any, fmts: _Formats, row: int, col: int, value: Any, **props: Any) -> None:
    """A text cell: always a string cell (never a formula or a link), quote prefix when formula-like."""
    text = "" if value is None else str(value)
    _check_text(ws.name, row, col, text)
    if is_formula_like(text):
        props["quote_prefix"] = True
    ws.write_string(row, col, text, fmts.get(**props))


_HEAD = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E79", "border": 1, "align": "center",
         "valign": "vcenter", "text_wrap": True}


def _escape_header(text: str) -> str:
    return str(text).replace("&", "&&")


def write_workbook(tables: list[dict[str, Any]], path: Path, *, title: str, period_label: str,
                   cover_lines: list[tuple[str, str]], lang: str = "zh") -> Path:
    """Write the pack's workbook: cover, contents (links to every sheet), one formatted sheet per table.

    Parameters
    ----------
    tables : list of dict
        Tables as recorded by :meth:`ReportContext._record <gxanalysis.reporting.context.ReportContext>`:
        ``title``, ``unit``, ``note``, ``columns``, ``data`` (numbers unrounded) and, when known,
        ``name``, ``report``, ``shown`` (the report's text of each cell) and ``formats`` (kind and decimals
        of each column).
    path : Path
    title, period_label : str
        The cover's title and period.
    cover_lines : list of (str, str)
        Further lines of the cover (label, text).
    lang : {"zh", "en"}

    Returns
    -------
    Path
    """
    import xlsxwriter

    check_lang(lang)
    if not tables:
        raise ReportError(f"no tables were recorded for the workbook {path.name}; did the notebooks run "
                          "with output_dir set?")
    font = "宋体" if lang == "zh" else "Arial"
    # text is never a formula, a number or a link because of how it looks (the text-safety rule)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                         "strings_to_urls": False})
    try:
        fmts = _Formats(wb, font)
        names = plan_sheets(tables, lang)
        cover = wb.add_worksheet(label("workbook", "cover", lang))
        contents = wb.add_worksheet(label("workbook", "contents", lang))
        _write_cover(cover, fmts, title, period_label, cover_lines, lang)
        _write_contents(contents, fmts, tables, names, lang)
        for table, name in zip(tables, names, strict=True):
            _write_table(wb.add_worksheet(name), fmts, table, title, period_label, lang)
        wb.set_properties({"title": title, "subject": period_label})
    finally:
        wb.close()
    return path


def _print_setup(ws: Any, title: str, period_label: str, lang: str, *, repeat: int | None = None) -> None:
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.fit_to_pages(1, 0)  # as wide as the page, as many pages down as needed
    ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    ws.center_horizontally()
    if repeat is not None:
        ws.repeat_rows(repeat)
    ws.set_header(f"&L{_escape_header(title)}&R{_escape_header(period_label)}")
    ws.set_footer("&C" + label("workbook", "page", lang))


def _write_cover(ws: Any, fmts: _Formats, title: str, period_label: str, lines: list[tuple[str, str]],
                 lang: str) -> None:
    _put_text(ws, fmts, 0, 0, title, bold=True, font_size=16)
    _put_text(ws, fmts, 1, 0, period_label, font_size=12)
    row = 3
    for key, value in lines:
        _put_text(ws, fmts, row, 0, key, bold=True, valign="top")
        _put_text(ws, fmts, row, 1, value, text_wrap=True, valign="top")
        lines_needed = max(1, math.ceil(text_width(value) / 88))
        if lines_needed > 1:
            ws.set_row(row, 14 * lines_needed)
        row += 1
    ws.write_url(row + 1, 0, f"internal:'{label('workbook', 'contents', lang)}'!A1",
                 fmts.get(font_color="blue", underline=1), label("workbook", "contents", lang))
    ws.set_column(0, 0, max(12, max((text_width(k) for k, _ in lines), default=8) + 2))
    ws.set_column(1, 1, 90)
    _print_setup(ws, title, period_label, lang)
    ws.set_portrait()


def _write_contents(ws: Any, fmts: _Formats, tables: list[dict[str, Any]], names: list[str], lang: str) -> None:
    from gxanalysis.labels import REPORTS

    heads = [label("workbook", k, lang) for k in ("sheet", "table", "report", "unit")]
    _put_text(ws, fmts, 0, 0, label("workbook", "contents", lang), bold=True, font_size=14)
    for j, h in enumerate(heads):
        _put_text(ws, fmts, 2, j, h, **_HEAD)
    link = fmts.get(font_color="blue", underline=1, border=1)
    widths = [text_width(h) for h in heads]
    for i, (t, name) in enumerate(zip(tables, names, strict=True), start=3):
        _check_text(ws.name, i, 0, name)
        ws.write_url(i, 0, f"internal:'{name}'!A1", link, name)
        report = t.get("report")
        report_title = REPORTS[report][lang] if report in REPORTS else ""
        unit = t.get("unit") or ""
        for j, text in ((1, t.get("title", "")), (2, report_title), (3, unit)):
            _put_text(ws, fmts, i, j, text, border=1)
        for j, text in enumerate((name, t.get("title", ""), report_title, unit)):
            widths[j] = max(widths[j], text_width(text))
    for j, w in enumerate(widths):
        ws.set_column(j, j, min(w + 2, 70))
    ws.freeze_panes(3, 0)
    _print_setup(ws, label("workbook", "contents", lang), "", lang, repeat=2)


def _write_table(ws: Any, fmts: _Formats, t: dict[str, Any], book_title: str, period_label: str,
                 lang: str) -> None:
    cols = _columns(t)
    _put_text(ws, fmts, 0, 0, t.get("title", ""), bold=True, font_size=13)
    _put_text(ws, fmts, 1, 0, t.get("unit") or "", italic=True, font_color="#555555")
    ws.write_url(2, 0, f"internal:'{label('workbook', 'contents', lang)}'!A1",
                 fmts.get(font_color="blue", underline=1), label("workbook", "back", lang))
    widths = [text_width(h) for h in t["columns"]]
    cell_widths = [4] * len(cols)
    data = t["data"]
    row_lines = [1] * len(data)
    texts: list[list[tuple[str, Any] | None]] = []
    for i, rec in enumerate(data):
        out = []
        for j, col in enumerate(cols):
            v = rec[j] if j < len(rec) else None
            if col.kind != "text" and _is_number(v):
                d = _decimals(col, i)
                shown = f"{float(v):,.{d}f}" if col.thousands else f"{float(v):.{d}f}"
                out.append(("n", (v, d)))
                cell_widths[j] = max(cell_widths[j], len(shown))
            else:
                text = _shown(t, i, j) if col.kind != "text" or t.get("shown") else \
                    ("" if v is None else str(v))
                out.append(("s", text))
                cell_widths[j] = max(cell_widths[j], text_width(text))
        texts.append(out)
    final = []
    for j in range(len(cols)):
        want = max(cell_widths[j], min(widths[j], max(cell_widths[j], 12)))
        final.append(min(want + 2, MAX_WIDTH))
    for j, w in enumerate(final):
        ws.set_column(j, j, w)
    head_lines = max((math.ceil(widths[j] / max(final[j] - 2, 1)) for j in range(len(cols))), default=1)
    ws.set_row(HEADER_ROW, 15 * max(1, head_lines))
    for j, h in enumerate(t["columns"]):
        _put_text(ws, fmts, HEADER_ROW, j, h, **_HEAD)
    for i, out in enumerate(texts):
        r = HEADER_ROW + 1 + i
        for j, (kind, value) in enumerate(out):
            col = cols[j]
            if kind == "n":
                v, d = value
                if col.kind == "int" or d == 0 and float(v).is_integer():
                    v = int(round(float(v))) if float(v).is_integer() else v
                ws.write_number(r, j, v, fmts.get(num_format=number_format(col.kind, d, col.thousands),
                                                  border=1))
            else:
                align = "left" if col.kind == "text" else "right"
                wrap = text_width(value) > final[j] - 2
                if wrap:
                    row_lines[i] = max(row_lines[i], math.ceil(text_width(value) / max(final[j] - 2, 1)))
                _put_text(ws, fmts, r, j, value, border=1, align=align, text_wrap=wrap, valign="top")
        if row_lines[i] > 1:
            ws.set_row(r, 14 * row_lines[i])
    if t.get("note"):
        note = label("workbook", "note_prefix", lang) + str(t["note"])
        r = HEADER_ROW + len(data) + 2
        _put_text(ws, fmts, r, 0, note, font_color="#555555")
    ws.freeze_panes(HEADER_ROW + 1, 1 if cols and cols[0].kind == "text" else 0)
    _print_setup(ws, book_title, period_label, lang, repeat=HEADER_ROW)


def csv_rows(table: dict[str, Any]) -> list[list[Any]]:
    """A table as CSV rows: the header, then each row with numbers as the report rounds them (half-up, no
    separators) and the report's text where there is no number; formula-like text neutralised.

    Examples
    --------
    >>> t = {"columns": ["县区", "增速"], "data": [["=东区", 4.05], ["西区", None]],
    ...      "shown": [["=东区", "4.1"], ["西区", "由亏转盈"]],
    ...      "formats": [{"kind": "text"}, {"kind": "growth", "precision": 1}]}
    >>> csv_rows(t)
    [['县区', '增速'], ["'=东区", '4.1'], ['西区', '由亏转盈']]
    """
    from gxanalysis.indicators.display import format_number

    cols = _columns(table)
    rows: list[list[Any]] = [[csv_safe(str(h)) for h in table["columns"]]]
    for i, rec in enumerate(table["data"]):
        out = []
        for j, col in enumerate(cols):
            v = rec[j] if j < len(rec) else None
            if col.kind != "text" and _is_number(v):
                out.append(format_number(v, _decimals(col, i)))
            else:
                out.append(csv_safe(_shown(table, i, j)))
        rows.append(out)
    return rows


def write_csv_tables(tables: list[dict[str, Any]], folder: Path, lang: str = "zh") -> list[Path]:
    """Each table as ``<folder>/<NN>_<sheet name>.csv`` (UTF-8 with BOM; the workbook's sheet order)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k, (table, name) in enumerate(zip(tables, plan_sheets(tables, lang), strict=True), start=1):
        safe = re.sub(r'[<>:"/\\|?*\s]+', "_", name).strip("._") or "table"
        path = folder / f"{k:02d}_{safe}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(csv_rows(table))
        out.append(path)
    return out


__all__ = ["write_workbook", "write_csv_tables", "csv_rows", "plan_sheets", "text_width", "number_format"]
