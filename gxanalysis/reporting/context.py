"""What a report notebook holds on to: its parameters, the loaded data, and a recorder of what it shows.

A report notebook opens a :class:`ReportContext` in its first code cell, then each cell calls one library
function that returns a :class:`ReportTable` (or a chart) and shows it with ``ctx.show(...)``. When the
notebook runs under ``gx report`` (``output_dir`` set), every table shown is also recorded as JSON so the
runner can assemble the Excel workbook of the pack; interactively nothing is written.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from gxanalysis.errors import InsufficientDataError, NotComputable
from gxanalysis.periods import Month, Period

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from gxanalysis.data.dataset import Dataset
    from gxanalysis.reporting.params import ReportParams


@dataclass
class ReportTable:
    """A table as a report shows it.

    Attributes
    ----------
    name : str
        Short identifier (ASCII), used for the Excel sheet and the recorded file.
    title : str
        Title in the report language, including the period.
    frame : pandas.DataFrame
        What is displayed: headers in the report language, values already formatted for display
        (rounded half-up, "--" for not computable).
    values : pandas.DataFrame, optional
        The same table with unrounded numbers, written to Excel (formatted there to display precision).
    unit : str
        Unit line shown under the title (e.g. ``单位：亿元、%``).
    note : str
        Notes under the table (definitions, basis, caveats).
    chart : matplotlib Figure, optional
        A chart shown after the table.
    """

    name: str
    title: str
    frame: pd.DataFrame
    values: pd.DataFrame | None = None
    unit: str = ""
    note: str = ""
    chart: Figure | None = field(default=None, repr=False)
    text_columns: tuple[str, ...] = ()
    display: bool = True
    """False for a table that goes to the workbook only (e.g. the full list behind a diagram)."""
    formats: tuple[dict[str, Any], ...] = ()
    """How the workbook and the CSV files store each column of ``values``: ``{"kind": "text" | "number" |
    "int" | "growth", "precision": decimals, "thousands": bool}`` and optionally ``"precisions"`` (decimals
    per row). :func:`~gxanalysis.reporting.sections.make_table` fills it from the columns' specs."""

    def to_html(self) -> str:
        parts = [f"<h3>{html.escape(self.title)}</h3>"]
        if self.unit:
            parts.append(f"<p class='gx-unit'>{html.escape(self.unit)}</p>")
        parts.append(_table_html(self.frame, set(self.text_columns)))
        if self.note:
            parts.append(f"<p class='gx-note'>{html.escape(self.note)}</p>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()


def _table_html(frame: pd.DataFrame, text_columns: set[str]) -> str:
    """An HTML table: numbers right-aligned, text columns (and the first column) left-aligned."""
    cols = [str(c) for c in frame.columns]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = []
    for row in frame.itertuples(index=False):
        cells = []
        for j, v in enumerate(row):
            text = "--" if v is None or (isinstance(v, float) and v != v) else str(v)
            cls = " class='t'" if j == 0 or cols[j] in text_columns else ""
            cells.append(f"<td{cls}>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<table class='gx-table'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>"
            "</table>")


_TABLE_CSS = """<style>
.gx-table { border-collapse: collapse; font-size: 13px; margin: 4px 0 8px 0; }
.gx-table th { background: #1f4e79; color: #fff; padding: 4px 10px; text-align: center; }
.gx-table td { border-bottom: 1px solid #ddd; padding: 3px 10px; text-align: right; }
.gx-table td.t { text-align: left; }
.gx-unit, .gx-note { color: #555; font-size: 12px; margin: 2px 0; }
.gx-title { font-size: 24px; margin: 4px 0; }
.gx-sub { color: #444; margin: 0 0 10px 0; }
.gx-na { color: #7f6000; background: #fff8e1; padding: 4px 8px; font-size: 13px; }
</style>"""


def _inert_markdown(text: str) -> str:
    """Markdown whose text from the data stays text: no raw HTML (``<``, ``>``, ``&`` escaped) and no
    math (``$`` escaped), while the emphasis and paragraphs of the library's own wording still render.

    Examples
    --------
    >>> print(_inert_markdown("**简况** <img src=x onerror=alert(1)> $x$"))
    **简况** &lt;img src=x onerror=alert(1)&gt; \\$x\\$
    """
    return html.escape(text, quote=False).replace("$", "\\$")


def _png(fig: Figure) -> Any:
    """A matplotlib figure as a PNG display object, whatever matplotlib backend the kernel uses."""
    import io

    from IPython.display import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return Image(data=buf.getvalue(), format="png")


PRELOADED: dict[str, Dataset] = {}
"""Data folder → its tables, already validated and loaded by a batch's warm kernel
(:func:`gxanalysis.reporting.warm.preload`); :attr:`ReportContext.data` uses them instead of loading again."""


class ReportContext:
    """Parameters, data and recorder of one report run (or one interactive session).

    Parameters
    ----------
    report : str
        Report name (``monthly_overview``, ``chain_output``, ``investment``, ``energy_intensity``).
    dataset : Dataset, optional
        Already loaded tables to use instead of loading ``data_dir``.
    **params
        The report's parameters (checked against its schema).

    Examples
    --------
    >>> ctx = ReportContext("investment", period="2023-04")
    >>> ctx.period.label(), ctx.ytd.label()
    ('2023年4月', '2023年1-4月')
    """

    def __init__(self, report: str, *, dataset: Dataset | None = None, **params: Any) -> None:
        from gxanalysis.reporting.params import validate_params

        self.report = report
        self.params: ReportParams = validate_params(report, params)
        self.month = Month.parse(self.params.period)
        self.lang = self.params.lang
        self._seq = 0
        self._css_shown = False
        self.not_computed: list[dict[str, str]] = []
        out = self.params.output_dir
        self.record_dir = Path(out) / "tables" / report if out else None
        self.notes_file = Path(out) / "notes" / f"{report}.json" if out else None
        if dataset is not None:  # an already loaded dataset (explorers, tests) instead of data_dir
            self.__dict__["data"] = dataset

    @property
    def period(self) -> Period:
        """The single month being reported."""
        return Period.month(self.month)

    @property
    def ytd(self) -> Period:
        """Year to date at the reporting month (1–N月)."""
        return Period.year_to_date(self.month)

    @cached_property
    def data(self) -> Dataset:
        """The validated input tables (loaded once per context)."""
        from gxanalysis.data.dataset import load_dataset

        if self.params.data_dir in PRELOADED:  # a batch's warm kernel loaded this folder once
            return PRELOADED[self.params.data_dir]
        return load_dataset(Path(self.params.data_dir) if self.params.data_dir else None)

    def t(self, zh: str, en: str) -> str:
        """Pick the label for the report language."""
        return zh if self.lang == "zh" else en

    def title(self) -> None:
        """Show the report's title and period in the report language (the first thing leaders read)."""
        from IPython.display import HTML, display

        from gxanalysis.labels import REPORTS

        name = REPORTS[self.report][self.lang]
        city = self.data.home_city
        head = f"{city}{name}" if self.lang == "zh" else f"{city}: {name}"
        sub = self.t(f"{self.ytd.label()}（报告期：{self.period.label()}）",
                     f"{self.ytd.label('en')} (reporting month {self.period.label('en')})")
        display(HTML(f"<h1 class='gx-title'>{html.escape(head)}</h1><p class='gx-sub'>{html.escape(sub)}</p>"))

    def heading(self, key: str) -> None:
        """Show a numbered section heading of the report in the report language (一、… / 1. …)."""
        from IPython.display import Markdown, display

        from gxanalysis.labels import heading

        display(Markdown(f"## {heading(self.report, key, self.lang)}"))

    # -- showing and recording -------------------------------------------------------------------
    def show(self, item: ReportTable | Figure | str | list | Callable[[ReportContext], Any]) -> None:
        """Display a table, chart or Markdown text, and record tables for the workbook.

        ``item`` may be a report section (a function of the context, e.g. ``overview.outlook``): it is
        computed here, and if the data do not allow it for this period (an
        :class:`~gxanalysis.errors.InsufficientDataError`, e.g. no remaining months in December) a short
        note in the report's language takes its place and is recorded for the run's manifest, so one
        section that cannot be computed never costs the whole report.
        """
        from IPython.display import HTML, Markdown, display

        if not self._css_shown:
            display(HTML(_TABLE_CSS))
            self._css_shown = True
        if callable(item) and not isinstance(item, ReportTable) and not hasattr(item, "savefig"):
            try:
                item = item(self)
            except InsufficientDataError as exc:
                self._not_computed(getattr(item, "__name__", "section"), exc)
                return
        if isinstance(item, list | tuple):
            for part in item:
                self.show(part)
            return
        if isinstance(item, str):
            display(Markdown(_inert_markdown(item)))
            return
        if isinstance(item, ReportTable):
            if not item.display:
                self._record(item)
                return
            display(HTML(item.to_html()))
            if item.chart is not None:
                display(_png(item.chart))
            self._record(item)
            return
        if hasattr(item, "savefig"):
            display(_png(item))
            return
        display(item)

    def _not_computed(self, section: str, exc: InsufficientDataError) -> None:
        """Show and record why a section is left out for this period."""
        from IPython.display import HTML, display

        from gxanalysis.labels import section_title

        title = section_title(self.report, section, self.lang)
        if isinstance(exc, NotComputable):
            reason = exc.reason(self.lang)
        else:
            reason = self.t("本期数据不足，无法计算", "the data for this period do not allow it")
        text = self.t(f"{title}：本期不列示（{reason}）。", f"{title}: not shown for this period ({reason}).")
        display(HTML(f"<p class='gx-na'>{html.escape(text)}</p>"))
        note = {"report": self.report, "section": section, "title": title, "reason": reason, "detail": str(exc)}
        self.not_computed.append(note)
        if self.notes_file is not None:
            self.notes_file.parent.mkdir(parents=True, exist_ok=True)
            self.notes_file.write_text(json.dumps(self.not_computed, ensure_ascii=False, indent=1),
                                       encoding="utf-8")

    def _record(self, table: ReportTable) -> None:
        if self.record_dir is None:
            return
        self.record_dir.mkdir(parents=True, exist_ok=True)
        self._seq += 1
        safe = re.sub(r"[^A-Za-z0-9_]+", "_", table.name).strip("_") or "table"
        values = table.values if table.values is not None else table.frame
        same_shape = values.shape == table.frame.shape
        payload = {
            "report": self.report,
            "name": table.name,
            "title": table.title,
            "unit": table.unit,
            "note": table.note,
            "lang": self.lang,
            # the headers the reader sees (the numbers' frame may carry working names)
            "columns": [str(c) for c in (table.frame.columns if same_shape else values.columns)],
            "data": json.loads(values.to_json(orient="values", force_ascii=False, date_format="iso")),
            "shown": table.frame.astype(str).values.tolist() if same_shape else None,
            "formats": list(table.formats) if len(table.formats) == values.shape[1] else None,
        }
        path = self.record_dir / f"{self._seq:02d}_{safe}.json"
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
