"""Exports of a report pack: code-free HTML, the Excel workbook of every table shown, the pack index."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from typing import Any

from gxanalysis.errors import ReportError

DEV_TAG = "gx-dev"
"""Notebook cells with this tag (the how-to-run notes for analysts) are left out of the HTML reports."""


def notebook_to_html(notebook: Path, html_path: Path, *, title: str) -> Path:
    """Render an executed notebook as HTML without any code (inputs and prompts removed) and without the
    cells tagged :data:`DEV_TAG`.

    Charts are embedded as PNG (the CJK glyphs are in the pixels), so the file stands alone.
    """
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    nb = nbformat.read(str(notebook), as_version=4)
    nb.metadata["title"] = title
    exporter = HTMLExporter(template_name="lab")
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


def write_workbook(tables: list[dict[str, Any]], path: Path, *, title: str, period_label: str,
                   cover_lines: list[tuple[str, str]]) -> Path:
    """The pack's Excel workbook: a cover sheet, then one sheet per table with title, unit, notes.

    Numbers are written unrounded with a one-decimal number format, so analysts can compute with them.
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
    cover["A1"] = title
    cover["A1"].font = Font(size=16, bold=True)
    cover["A2"] = period_label
    row = 4
    for key, value in cover_lines:
        cover.cell(row=row, column=1, value=key).font = Font(bold=True)
        cover.cell(row=row, column=2, value=value)
        row += 1
    row += 1
    cover.cell(row=row, column=1, value="工作表").font = Font(bold=True)
    cover.cell(row=row, column=2, value="内容").font = Font(bold=True)
    cover.column_dimensions["A"].width = 28
    cover.column_dimensions["B"].width = 80
    used: set[str] = {"封面"}
    header_fill = PatternFill("solid", fgColor="1F4E79")
    for t in tables:
        name = _sheet_name(t["title"], used)
        row += 1
        cover.cell(row=row, column=1, value=name)
        cover.cell(row=row, column=2, value=t["title"])
        ws = wb.create_sheet(name)
        ws["A1"] = t["title"]
        ws["A1"].font = Font(size=13, bold=True)
        ws["A2"] = t.get("unit") or ""
        ws["A2"].font = Font(italic=True, color="555555")
        for j, col in enumerate(t["columns"], start=1):
            c = ws.cell(row=4, column=j, value=col)
            c.font = Font(bold=True, color="FFFFFF")
            c.fill = header_fill
            c.alignment = Alignment(horizontal="center", wrap_text=True)
            ws.column_dimensions[get_column_letter(j)].width = max(10, min(40, 2 * len(str(col)) + 4))
        for i, rec in enumerate(t["data"], start=5):
            for j, v in enumerate(rec, start=1):
                cell = ws.cell(row=i, column=j, value=v)
                if isinstance(v, float):
                    cell.number_format = "0.0"
        if t.get("note"):
            ws.cell(row=len(t["data"]) + 6, column=1, value="注：" + t["note"]).font = Font(color="555555")
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
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(path)
    return path
