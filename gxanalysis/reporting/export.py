"""Exports of a report pack: code-free HTML that prints on A4, and the pack index ``reports/index.html``,
both from the Jinja2 templates in ``gxanalysis/resources/templates/``. (The workbook and the CSV tables are
written by :mod:`gxanalysis.reporting.workbook`, the brief by :mod:`gxanalysis.reporting.brief`, the PDFs by
:mod:`gxanalysis.reporting.pdf`.)

Text from the data stays inert in every export: HTML is escaped (Jinja2 autoescaping for the index) and the
page loads no MathJax (a chain name ``$\\alpha$`` is shown as typed).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from gxanalysis.config import RESOURCES_DIR, replace_path

TEMPLATES_DIR = RESOURCES_DIR / "templates"
"""The Jinja2 templates of the pack's HTML pages (shipped with the package): ``gx_report.html.j2`` (a report,
extending nbconvert's ``lab`` template, with the print CSS of ``gx_print.css.j2``) and ``index.html.j2``."""

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
                            extra_loaders=[jinja2.FileSystemLoader(str(TEMPLATES_DIR))])
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
    chars = tuple(sorted({ord(c) for c in page if ord(c) > 127}))
    if not chars:
        return page
    style = _font_face(chars)
    return page.replace("</head>", style + "\n</head>", 1) if "</head>" in page else style + page


@lru_cache(maxsize=16)
def _font_face(chars: tuple[int, ...]) -> str:
    """The ``<style>`` with the font subset for these code points. Subsetting is deterministic, so a page
    with the same characters (the same report of another month, in a batch) reuses the subset made once."""
    import base64
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    from gxanalysis.reporting.charts import cjk_font_path

    options = subset.Options()
    options.layout_features = ["*"]
    options.notdef_outline = True
    font = TTFont(str(cjk_font_path()), lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=list(chars))
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return ("<style>@font-face{font-family:'GX CJK';src:url(data:font/otf;base64," + data + ") format('opentype');}"
            "body,.jp-RenderedHTMLCommon,.jp-RenderedHTMLCommon table{font-family:'GX CJK','Microsoft YaHei',"
            "'PingFang SC','Noto Sans CJK SC',sans-serif;}</style>")


def recorded_tables(pack_dir: Path, report_order: list[str]) -> list[dict[str, Any]]:
    """Every table the notebooks recorded under ``pack_dir/tables``, in report order then display order."""
    out = []
    root = pack_dir / "tables"
    for report in report_order:
        for path in sorted((root / report).glob("*.json")):
            out.append(json.loads(path.read_text(encoding="utf-8")))
    return out


def _pack_entry(pack: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    """What the index shows of one pack: the period in the bureau's words, the reports' titles in the pack's
    order with their print versions, the brief and the workbook, the local time it was made."""
    from gxanalysis.labels import PACK, REPORTS
    from gxanalysis.periods import Period, local_time_label

    lang = "zh"
    reports = [r for r in manifest.get("reports", []) if (pack / f"{r}.html").is_file()]
    reports += sorted(p.stem for p in pack.glob("*.html") if p.stem not in reports)
    base = pack.name
    try:
        m = Period.parse(base).end
        label = (Period.year_to_date(m).label(lang) if m.month <= 2 else
                 f"{Period.month(m).label(lang)}（1-{m.month}月）")
    except Exception:  # noqa: BLE001 (a folder that is not a period is listed by its name)
        label = base
    entries = [{"title": REPORTS[r][lang] if r in REPORTS else r, "href": f"{base}/{r}.html",
                "pdf": f"{base}/{r}.pdf" if (pack / f"{r}.pdf").is_file() else None} for r in reports]
    docs = []
    for pattern, key in (("简报_*.docx", "brief"), ("*.xlsx", "workbook"), ("summary.csv", "summary")):
        for f in sorted(pack.glob(pattern)):
            docs.append({"title": PACK[key][lang], "href": f"{base}/{f.name}"})
    finished = manifest.get("finished", "")
    try:
        finished = local_time_label(dt.datetime.fromisoformat(finished), lang)
    except (TypeError, ValueError):
        finished = ""
    return {"label": label, "reports": entries, "documents": docs, "finished": finished}


def render_index(reports_dir: Path) -> str:
    """The HTML of ``reports/index.html`` (from ``index.html.j2``), with the CJK font it needs embedded."""
    import jinja2

    from gxanalysis.labels import PACK
    from gxanalysis.periods import local_time_label

    packs, city = [], ""
    for pack in sorted((p for p in reports_dir.iterdir() if p.is_dir() and (p / "manifest.json").is_file()),
                       reverse=True):
        try:
            manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        packs.append(_pack_entry(pack, manifest))
        city = city or str(manifest.get("city", ""))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True)
    page = env.get_template("index.html.j2").render(
        lang="zh", words={k: v["zh"] for k, v in PACK.items()}, packs=packs, city=city,
        updated=local_time_label(lang="zh"))
    return embed_cjk_font(page)


def write_index(reports_dir: Path) -> Path:
    """``reports/index.html``: every published pack, newest first, for leaders (written atomically)."""
    path = reports_dir / "index.html"
    write_text_atomic(path, render_index(reports_dir))
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


