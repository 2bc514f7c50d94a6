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
from pathlib import Path
from typing import Any

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


def recorded_tables(pack_dir: Path, report_order: list[str]) -> list[dict[str, Any]]:
    """Every table the notebooks recorded under ``pack_dir/tables``, in report order then display order."""
    out = []
    root = pack_dir / "tables"
    for report in report_order:
        for path in sorted((root / report).glob("*.json")):
            out.append(json.loads(path.read_text(encoding="utf-8")))
    return out


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
