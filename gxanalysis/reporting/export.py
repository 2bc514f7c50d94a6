"""Exports of a report pack: code-free HTML, the Excel workbook of every table shown, the pack index.

Text from the data stays inert in every export: HTML is escaped and the page loads no MathJax (a chain
name ``$\\alpha$`` is shown as typed), and no workbook cell is ever a formula
(:mod:`gxanalysis.spreadsheet`).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from pathlib import Path
from typing import Any

from gxanalysis.errors import ReportError
from gxanalysis.spreadsheet import is_formula_like

_REPORT_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{#- Reports show no formulas: without MathJax, '$' in a name is text, and the page needs no CDN for it -#}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
"""

DEV_TAG = "gx-dev"
"""Notebook cells with this tag (the how-to-run notes for analysts) are left out of the HTML reports."""


def notebook_to_html(notebook: Path, html_path: Path, *, title: str) -> Path:
    """Render an executed notebook as HTML without any code (inputs and prompts removed) and without the
    cells tagged :data:`DEV_TAG`.

    Charts are embedded as PNG (the CJK glyphs are in the pixels), so the file stands alone.
    """
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    nb = nbformat.read(str(notebook), as_version=4)
    nb.metadata["title"] = title
    exporter = HTMLExporter(template_name="lab", template_file="gx_report.html.j2",
                            extra_loaders=[jinja2.DictLoader({"gx_report.html.j2": _REPORT_TEMPLATE})])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    # analysts' notes (how to run the notebook) are for Jupyter, not for the leaders' page
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={DEV_TAG}), enabled=True)
    body, _ = exporter.from_notebook_node(nb)
    html_path.write_text(embed_cjk_font(body), encoding="utf-8")
    return html_path


def embed_cjk_font(page: str) -> str:
    """Embed the bundled CJK font, cut down to the characters the page uses, so its Chinese text renders
    on any machine (the charts already carry their glyphs as pixels).

    The subset (fontTools, typically 100–200 KB for a report) is inlined as a base64 ``@font-face`` and
    used before the viewer's own fonts.
    """
    import base64
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    from gxanalysis.reporting.charts import cjk_font_path

    chars = {ord(c) for c in page if ord(c) > 127}
    if not chars:
        return page
    options = subset.Options()
    options.layout_features = ["*"]
    options.notdef_outline = True
    font = TTFont(str(cjk_font_path()), lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(chars))
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    style = ("<style>@font-face{font-family:'GX CJK';src:url(data:font/otf;base64," + data + ") format('opentype');}"
             "body,.jp-RenderedHTMLCommon,.jp-RenderedHTMLCommon table{font-family:'GX CJK','Microsoft YaHei',"
             "'PingFang SC','Noto Sans CJK SC',sans-serif;}</style>")
    return page.replace("</head>", style + "\n</head>", 1) if "</head>" in page else style + page


def _sheet_name(title: str, used: set[str]) -> str:
    bad = '[]:*?/\\'
    base = "".join("_" if ch in bad else ch for ch in title)[:28] or "表"
    name, i = base, 2
    while name in used:
        name = f"{base[:26]}_{i}"
        i += 1
    used.add(name)
    return name


def recorded_tables(pack_dir: Path, report_order: list[str]) -> list[dict[str, Any]]:
    """Every table the notebooks recorded under ``pack_dir/tables``, in report order then display order."""
    out = []
    root = pack_dir / "tables"
    for report in report_order:
        for path in sorted((root / report).glob("*.json")):
            out.append(json.loads(path.read_text(encoding="utf-8")))
    return out


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _put(ws: Any, row: int, column: int, value: Any) -> Any:
    """Write one cell; text is always a string cell, never a formula.

    openpyxl turns any text starting with ``=`` into a formula; here the type is forced back to string,
    and formula-like text (``=``, ``+``, ``-``, ``@``, tab, CR first) gets Excel's quote prefix so it stays
    text when someone edits the cell. A control character (not allowed in xlsx) is a ReportError naming
    the sheet and the cell.
    """
    if isinstance(value, str):
        bad = _ILLEGAL_XML.search(value)
        if bad:
            from openpyxl.utils import get_column_letter

            raise ReportError(
                f"workbook sheet {ws.title!r}, cell {get_column_letter(column)}{row}: the text {value!r} holds "
                f"the control character U+{ord(bad.group()):04X}, which Excel files cannot store; remove it "
                "from the input table (gx validate names the file, row and column)")
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    return cell


def write_workbook(tables: list[dict[str, Any]], path: Path, *, title: str, period_label: str,
                   cover_lines: list[tuple[str, str]]) -> Path:
    """The pack's Excel workbook: a cover sheet, then one sheet per table with title, unit, notes.

    Numbers are written unrounded with a one-decimal number format, so analysts can compute with them.
    Every text cell is a string cell (never a formula), whatever the text from the data begins with.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    if not tables:
        raise ReportError(f"no tables were recorded for the workbook {path.name}; did the notebooks run "
                          "with output_dir set?")
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    _put(cover, 1, 1, title).font = Font(size=16, bold=True)
    _put(cover, 2, 1, period_label)
    row = 4
    for key, value in cover_lines:
        _put(cover, row, 1, key).font = Font(bold=True)
        _put(cover, row, 2, value)
        row += 1
    row += 1
    _put(cover, row, 1, "工作表").font = Font(bold=True)
    _put(cover, row, 2, "内容").font = Font(bold=True)
    cover.column_dimensions["A"].width = 28
    cover.column_dimensions["B"].width = 80
    used: set[str] = {"封面"}
    header_fill = PatternFill("solid", fgColor="1F4E79")
    for t in tables:
        name = _sheet_name(t["title"], used)
        row += 1
        _put(cover, row, 1, name)
        _put(cover, row, 2, t["title"])
        ws = wb.create_sheet(name)
        _put(ws, 1, 1, t["title"]).font = Font(size=13, bold=True)
        _put(ws, 2, 1, t.get("unit") or "").font = Font(italic=True, color="555555")
        for j, col in enumerate(t["columns"], start=1):
            c = _put(ws, 4, j, col)
            c.font = Font(bold=True, color="FFFFFF")
            c.fill = header_fill
            c.alignment = Alignment(horizontal="center", wrap_text=True)
            ws.column_dimensions[get_column_letter(j)].width = max(10, min(40, 2 * len(str(col)) + 4))
        for i, rec in enumerate(t["data"], start=5):
            for j, v in enumerate(rec, start=1):
                cell = _put(ws, i, j, v)
                if isinstance(v, float):
                    cell.number_format = "0.0"
        if t.get("note"):
            _put(ws, len(t["data"]) + 6, 1, "注：" + t["note"]).font = Font(color="555555")
        ws.freeze_panes = "A5"
    wb.properties.title = title
    wb.save(str(path))
    return path


def write_index(reports_dir: Path) -> Path:
    """``reports/index.html``: every published pack, newest first, with links to its files."""
    packs = sorted((p for p in reports_dir.iterdir() if p.is_dir() and (p / "manifest.json").is_file()),
                   reverse=True)
    rows = []
    for pack in packs:
        try:
            manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        links = " · ".join(
            f"<a href='{html.escape(pack.name)}/{html.escape(f.name)}'>{html.escape(f.stem)}</a>"
            for f in sorted(pack.glob("*.html")))
        extra = " · ".join(f"<a href='{html.escape(pack.name)}/{html.escape(f.name)}'>{html.escape(f.name)}</a>"
                           for f in sorted(pack.glob("*.xlsx")) + sorted(pack.glob("*.txt")) + [pack / "summary.csv"]
                           if f.exists())
        rows.append(f"<tr><td>{html.escape(pack.name)}</td><td>{links}</td><td>{extra}</td>"
                    f"<td>{html.escape(str(manifest.get('finished', '')))}</td>"
                    f"<td>{html.escape(str(manifest.get('git_commit', '')))[:10]}</td></tr>")
    body = "\n".join(rows) or "<tr><td colspan='5'>还没有报告包 (no packs yet)</td></tr>"
    now = dt.datetime.now().isoformat(timespec="seconds")
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>gxanalysis 报告 / reports</title>
<style>body{{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;}}
table{{border-collapse:collapse}}td,th{{border-bottom:1px solid #ddd;padding:4px 12px;text-align:left}}
th{{background:#1f4e79;color:#fff}}</style></head><body>
<h1>工业经济分析报告 · Report packs</h1>
<table><tr><th>期别 Period</th><th>报告 Reports</th><th>表格 Tables</th><th>生成时间 Finished</th><th>版本 Commit</th></tr>
{body}
</table><p style="color:#777">更新于 {now}</p></body></html>
"""
    path = reports_dir / "index.html"
    write_text_atomic(path, page)
    return path


def write_text_atomic(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``path`` through a temporary file of a unique name in the same folder, then one replace.

    Readers see the old file or the new one, never a part; two processes writing the same file at once
    each write their own temporary file (the last replace wins, nothing is mixed). The file gets the
    usual permissions (the umask's), so a web server can read ``index.html``.
    """
    import secrets

    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with tmp.open("x", encoding=encoding, newline="") as fh:
            fh.write(text)
        replace_path(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def replace_path(src: Path, dst: Path, attempts: int = 20) -> None:
    """``os.replace`` (a file, or a folder onto a missing path), retried briefly on Windows, where a
    reader holding a file open (a browser, a virus scanner) blocks the rename for a moment."""
    import time

    for i in range(attempts):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if os.name != "nt" or i == attempts - 1:
                raise
            time.sleep(0.05 * (i + 1))
