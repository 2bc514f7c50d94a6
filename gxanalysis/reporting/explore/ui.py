"""The explorers as ipywidgets: drop-downs, a breadcrumb, a linked table and chart, export, report command.

One :class:`ExplorerUI` shows one :class:`~gxanalysis.reporting.explore.core.Explorer`. A change of a
drop-down, a click on a row (drill down) or on the breadcrumb (back up), a new sort order or page recomputes
the view and redraws the table and its chart together: the chart shows exactly the rows of the page. The same
object runs in JupyterLab and in ``gx app`` (Voilà); every text from the data is escaped (names are never
markup) and charts are inline SVG, so no asset is fetched from anywhere.

Examples
--------
In a notebook::

    from gxanalysis.reporting.explore import growth_explorer
    growth_explorer()
"""

from __future__ import annotations

import base64
import html
import re
import time
import unicodedata
from typing import Any

import pandas as pd

from gxanalysis.errors import GxError, NotComputable
from gxanalysis.reporting.explore.core import (
    PAGE_SIZE,
    Explorer,
    View,
    chart_figure,
    figure_png,
    report_command,
    svg_chart,
    view_workbook,
    word,
)

CSS = """<style>
.gx-explorer { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; }
.gx-explorer .gx-title { font-size: 15px; font-weight: 600; color: #1f4e79; margin: 4px 0; }
.gx-explorer .gx-summary { font-size: 13px; color: #222; margin: 2px 0 6px 0; }
.gx-explorer .gx-note, .gx-explorer .gx-unit { font-size: 12px; color: #555; }
.gx-explorer .gx-error { font-size: 13px; color: #7f6000; background: #fff8e1; padding: 4px 8px; }
.gx-explorer .gx-cells { display: grid; font-size: 13px; }
.gx-explorer .gx-cells div { padding: 2px 6px; text-align: right; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; border-bottom: 1px solid #e4e4e4; }
.gx-explorer .gx-cells div.t { text-align: left; }
.gx-explorer .gx-header div { background: #1f4e79; color: #fff; text-align: center; font-weight: 600;
  white-space: normal; display: flex; align-items: center; justify-content: center; }
.gx-explorer .gx-total .gx-cells div { font-weight: 600; background: #f2f6fa; }
.gx-explorer button.gx-drill { text-align: left; justify-content: flex-start; background: #fff; color: #1f4e79;
  border: none; border-bottom: 1px solid #e4e4e4; box-shadow: none; height: auto; min-height: 24px;
  font-size: 13px; padding: 2px 6px; margin: 0; white-space: nowrap; overflow: hidden; }
.gx-explorer button.gx-drill:hover { background: #e8f0f8; text-decoration: underline; }
.gx-explorer button.gx-leaf { color: #222; cursor: default; }
.gx-explorer button.gx-leaf:hover { background: #fff; text-decoration: none; }
.gx-explorer .gx-total button.gx-drill { font-weight: 600; background: #f2f6fa; color: #222; }
.gx-explorer button.gx-crumb { background: none; border: none; box-shadow: none; color: #1f4e79;
  text-decoration: underline; padding: 0 4px; }
.gx-explorer button.gx-crumb:disabled { color: #222; text-decoration: none; opacity: 1; font-weight: 600; }
.gx-explorer pre.gx-command { background: #f4f4f4; padding: 6px 10px; font-size: 13px; white-space: pre-wrap; }
.gx-explorer table.gx-params { border-collapse: collapse; font-size: 12px; }
.gx-explorer table.gx-params td, .gx-explorer table.gx-params th { border-bottom: 1px solid #ddd;
  padding: 2px 8px; text-align: left; }
.gx-explorer .gx-chart svg { max-width: 100%; height: auto; }
</style>"""


def _text_width(text: str) -> int:
    """Display width of a text in half-width units (a CJK character counts two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class ExplorerUI:
    """The widgets of one explorer and their callbacks.

    Parameters
    ----------
    explorer : Explorer
    page_size : int
        Rows per page (the total row comes on top of every page).

    Attributes
    ----------
    selection : dict
        The drop-downs' values.
    path : tuple of Step
        The rows clicked so far (the breadcrumb after the top level).
    view : View or None
        What is shown (None when the selection cannot be shown; ``message`` says why).
    seconds : float
        Time the last redraw took (compute, table and chart), for the benchmark.
    """

    def __init__(self, explorer: Explorer, *, page_size: int = PAGE_SIZE) -> None:
        import ipywidgets as w

        self.ex = explorer
        self.lang = explorer.lang
        self.page_size = page_size
        self.selection = explorer.defaults()
        self.path: tuple = ()
        self.page_number = 0
        self.sort: str | None = None
        self.descending: bool | None = None
        self.chart_column: str | None = None
        self.view: View | None = None
        self.rows: pd.DataFrame = pd.DataFrame()
        self.message = ""
        self.seconds = 0.0
        self._quiet = False
        style = {"description_width": "initial"}

        self.controls: dict[str, Any] = {}
        for c in explorer.controls:
            dd = w.Dropdown(options=c.options(explorer), value=self.selection[c.key],
                            description=word(c.label, self.lang), style=style,
                            layout=w.Layout(width="auto", min_width="160px"))
            dd.add_class(f"gx-control-{c.key}")
            dd.observe(self._on_control(c), names="value")
            self.controls[c.key] = dd
        self.crumbs = w.HBox(layout=w.Layout(flex_flow="row wrap", margin="4px 0"))
        self.crumbs.add_class("gx-breadcrumb")
        self.title = w.HTML()
        self.summary = w.HTML()
        self.summary.add_class("gx-summary-box")
        self.sort_box = w.Dropdown(description=word("sort", self.lang), style=style,
                                   layout=w.Layout(width="auto", min_width="200px"))
        self.sort_box.add_class("gx-sort")
        self.order_box = w.ToggleButtons(options=[(word("descending", self.lang), True),
                                                  (word("ascending", self.lang), False)],
                                         style={"button_width": "80px"})
        self.order_box.add_class("gx-order")
        self.chart_box = w.Dropdown(description=word("chart_of", self.lang), style=style,
                                    layout=w.Layout(width="auto", min_width="200px"))
        self.chart_box.add_class("gx-chart-column")
        self.sort_box.observe(self._on_sort, names="value")
        self.order_box.observe(self._on_sort, names="value")
        self.chart_box.observe(self._on_chart, names="value")

        self.head = w.HTML()
        self.head.add_class("gx-head")
        self.row_widgets: list[Any] = []
        for i in range(page_size + 1):
            button = w.Button(layout=w.Layout(width="220px", margin="0"))
            button.add_class("gx-drill")
            button.on_click(self._on_row(i))
            cells = w.HTML(layout=w.Layout(margin="0"))
            row = w.HBox([button, cells], layout=w.Layout(display="none", margin="0"))
            row.add_class("gx-row")
            self.row_widgets.append(row)
        self.table = w.VBox([self.head, *self.row_widgets], layout=w.Layout(margin="4px 0"))
        self.table.add_class("gx-tablebox")
        self.prev_button = w.Button(description=word("prev_page", self.lang), layout=w.Layout(width="90px"))
        self.next_button = w.Button(description=word("next_page", self.lang), layout=w.Layout(width="90px"))
        self.prev_button.add_class("gx-prev")
        self.next_button.add_class("gx-next")
        self.page_label = w.HTML()
        self.prev_button.on_click(lambda _: self._turn(-1))
        self.next_button.on_click(lambda _: self._turn(1))
        self.pager = w.HBox([self.prev_button, self.page_label, self.next_button])
        self.chart = w.HTML()
        self.chart.add_class("gx-chartbox")
        self.note = w.HTML()
        self.excel_button = w.Button(description=word("export_excel", self.lang), layout=w.Layout(width="auto"))
        self.png_button = w.Button(description=word("export_png", self.lang), layout=w.Layout(width="auto"))
        self.report_button = w.Button(description=word("make_report", self.lang), button_style="primary",
                                      layout=w.Layout(width="auto"))
        self.excel_button.add_class("gx-export-excel")
        self.png_button.add_class("gx-export-png")
        self.report_button.add_class("gx-make-report")
        self.excel_button.on_click(lambda _: self.export_excel())
        self.png_button.on_click(lambda _: self.export_png())
        self.report_button.on_click(lambda _: self.make_report())
        self.output = w.HTML()
        self.output.add_class("gx-output")
        self._seq = 0
        self.ready = w.HTML(layout=w.Layout(display="none"))  # changes last: the redraw is complete
        self.ready.add_class("gx-ready")
        style_box = w.HTML(CSS)
        self.widget = w.VBox([
            style_box, w.HBox(list(self.controls.values()), layout=w.Layout(flex_flow="row wrap")),
            self.crumbs, self.title, self.summary,
            w.HBox([self.sort_box, self.order_box, self.chart_box], layout=w.Layout(flex_flow="row wrap")),
            self.table, self.pager, self.chart, self.note,
            w.HBox([self.excel_button, self.png_button, self.report_button]), self.output, self.ready])
        self.widget.add_class("gx-explorer")
        self.widget.add_class(f"gx-explorer-{explorer.name}")
        self.refresh()

    # -- display in a notebook ----------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    # -- callbacks ------------------------------------------------------------------------------------
    def _on_control(self, control: Any) -> Any:
        def handler(change: dict) -> None:
            if self._quiet:
                return
            self.selection = {**self.selection, control.key: change["new"]}
            if control.resets_path:
                self.path = ()
                self._reset_order()
            self.page_number = 0
            self.refresh()
        return handler

    def _on_row(self, i: int) -> Any:
        def handler(_: Any) -> None:
            self.click_row(i)
        return handler

    def _on_sort(self, _: dict) -> None:
        if self._quiet:
            return
        self.sort = self.sort_box.value
        self.descending = self.order_box.value
        self.page_number = 0
        self.refresh()

    def _on_chart(self, _: dict) -> None:
        if self._quiet:
            return
        self.chart_column = self.chart_box.value
        t0 = time.perf_counter()
        self._draw_chart()
        self._done(t0)

    def _reset_order(self) -> None:
        self.sort = self.descending = self.chart_column = None

    def _turn(self, step: int) -> None:
        self.page_number += step
        self.refresh()

    # -- actions (also used by tests and the benchmark) ----------------------------------------------
    def select(self, **values: Any) -> None:
        """Set drop-downs as a user would (each change redraws)."""
        for key, value in values.items():
            self.controls[key].value = value

    def click_row(self, i: int) -> None:
        """Drill into the ``i``-th row shown (0 = the first row, usually the total)."""
        if self.view is None or self.view.child is None or i >= len(self.rows):
            return
        key = self.rows["key"].iloc[i]
        if key is None or (isinstance(key, float) and key != key):
            return
        self.path = self.ex.drill(self.view, self.path, key)
        self.page_number = 0
        self._reset_order()
        self.refresh()

    def click_label(self, text: str) -> None:
        """Drill into the row labelled ``text``."""
        labels = [str(x) for x in self.rows["label"]]
        self.click_row(labels.index(text))

    def back(self, level: int) -> None:
        """Go back to breadcrumb ``level`` (0 = the top)."""
        self.path = tuple(self.path[:level])
        self.page_number = 0
        self._reset_order()
        self.refresh()

    # -- drawing -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute the view for the selection and path, redraw table and chart."""
        t0 = time.perf_counter()
        for c in self.ex.controls:
            if c.visible is not None:
                self.controls[c.key].layout.display = None if c.visible(self.selection) else "none"
        self._draw_crumbs()
        try:
            self.view = self.ex.view(self.selection, self.path)
            self.message = ""
        except GxError as exc:
            self.view = None
            self.message = exc.reason(self.lang) if isinstance(exc, NotComputable) else str(exc)
        if self.view is None:
            self.rows = pd.DataFrame()
            self.title.value = ""
            self.summary.value = (f"<div class='gx-error'>{html.escape(word('error', self.lang))}："
                                  f"{html.escape(self.message)}</div>")
            for row in self.row_widgets:
                row.layout.display = "none"
            self.head.layout.display = "none"
            self.chart.value = ""
            self.note.value = ""
            self.page_label.value = ""
            self._done(t0)
            return
        v = self.view
        self._quiet = True
        try:
            sortable = [(c.label, c.key) for c in v.sortable]
            self.sort_box.options = sortable
            keys = [k for _, k in sortable]
            sort = self.sort if self.sort in keys else (v.sort_column if v.sort_column in keys else None)
            self.sort_box.value = sort if sort is not None else (keys[0] if keys else None)
            self.sort_box.layout.display = None if v.chart_kind != "line" else "none"
            self.order_box.layout.display = self.sort_box.layout.display
            self.order_box.value = v.descending if self.descending is None else self.descending
            charts = [(v.column(k).label, k) for k in v.chart_columns]
            self.chart_box.options = charts
            ck = [k for _, k in charts]
            self.chart_box.value = self.chart_column if self.chart_column in ck else v.chart_column
        finally:
            self._quiet = False
        sort_key = self.sort if self.sort in [c.key for c in v.sortable] else None
        self.rows, pages = v.page(self.page_number, sort=sort_key, descending=self.descending,
                                  size=self.page_size)
        self.page_number = min(self.page_number, pages - 1)
        self.title.value = f"<div class='gx-title'>{html.escape(v.title)}</div>"
        self.summary.value = f"<div class='gx-summary'>{html.escape(v.summary)}</div>"
        self._draw_table()
        n_rest = int((~v.frame["total"].astype(bool)).sum()) if "total" in v.frame.columns else len(v.frame)
        self.page_label.value = (f"<span class='gx-pages'>"
                                 f"{html.escape(word('page_of', self.lang, page=self.page_number + 1, pages=pages, rows=n_rest))}"
                                 f"</span>")
        self.prev_button.disabled = self.page_number <= 0
        self.next_button.disabled = self.page_number >= pages - 1
        hint = word("drill_hint", self.lang) if v.child else ""
        self.note.value = (f"<div class='gx-unit'>{html.escape(v.unit)}</div>"
                           f"<div class='gx-note'>{html.escape(' '.join(x for x in (v.note, hint) if x))}</div>")
        self.output.value = ""
        self._draw_chart()
        self._done(t0)

    def _done(self, t0: float) -> None:
        self.seconds = time.perf_counter() - t0
        self._seq += 1
        self.ready.value = f"<span data-seq='{self._seq}'></span>"

    def _draw_crumbs(self) -> None:
        import ipywidgets as w

        labels = self.ex.breadcrumb(self.selection, self.path)
        buttons = []
        for i, text in enumerate(labels):
            b = w.Button(description=("› " if i else "") + text, layout=w.Layout(width="auto"),
                         disabled=i == len(labels) - 1)
            b.add_class("gx-crumb")
            b.on_click(lambda _, i=i: self.back(i))
            buttons.append(b)
        old = list(self.crumbs.children)
        self.crumbs.children = buttons
        for b in old:
            b.close()

    def _draw_table(self) -> None:
        v = self.view
        shown = v.display(self.rows)
        headers = list(shown.columns)
        widths = []
        for j, h in enumerate(headers):
            units = max(_text_width(t) for t in [h, *[str(x) for x in shown.iloc[:, j]]]) + (2 if j == 0 else 0)
            widths.append(round(max(6, min(34 if j == 0 else 24, units)) * 7.5) + 16)
        label_w = f"{widths[0]}px"
        template = " ".join(f"{x}px" for x in widths[1:])
        self.head.value = self._cells(headers, f"{label_w} {template}", header=True)
        self.head.layout.display = None
        totals = self.rows["total"].astype(bool).to_numpy() if "total" in self.rows.columns else [False] * len(self.rows)
        keys = self.rows["key"].to_numpy() if "key" in self.rows.columns else [None] * len(self.rows)
        for i, row in enumerate(self.row_widgets):
            if i >= len(shown):
                row.layout.display = "none"
                continue
            button, cells = row.children
            values = [str(x) for x in shown.iloc[i]]
            drillable = v.child is not None and not totals[i] and keys[i] is not None
            button.description = values[0] + (" ›" if drillable else "")
            button.tooltip = values[0]
            button.layout.width = label_w
            if drillable:
                button.remove_class("gx-leaf")
            else:
                button.add_class("gx-leaf")
            kinds = [c.kind for c in v.columns[1:]]
            cells.value = self._cells(values[1:], template, kinds=kinds)
            if totals[i]:
                row.add_class("gx-total")
            else:
                row.remove_class("gx-total")
            row.layout.display = None

    @staticmethod
    def _cells(values: list[str], template: str, *, header: bool = False, kinds: list[str] | None = None) -> str:
        cells = "".join(f"<div class='{'t' if kinds and kinds[j] == 'text' else 'n'}'>{html.escape(x)}</div>"
                        for j, x in enumerate(values))
        cls = "gx-cells gx-header" if header else "gx-cells"
        return f"<div class='{cls}' style='grid-template-columns:{template}'>{cells}</div>"

    def _draw_chart(self) -> None:
        v = self.view
        if v is None:
            return
        column = self.chart_column if self.chart_column in v.chart_columns else v.chart_column
        self.chart.value = f"<div class='gx-chart'>{svg_chart(v, self.rows, column)}</div>"

    # -- export and report -----------------------------------------------------------------------------
    def _file_stem(self) -> str:
        parts = [self.ex.title, *self.ex.breadcrumb(self.selection, self.path)[1:], str(self.selection.get("period", ""))]
        return re.sub(r'[\\/:*?"<>|\s]+', "_", "_".join(p for p in parts if p))[:80]

    def _link(self, data: bytes, filename: str, mime: str) -> None:
        b64 = base64.b64encode(data).decode("ascii")
        self.output.value = (f"<a class='gx-download' download='{html.escape(filename)}' "
                             f"href='data:{mime};base64,{b64}'>{html.escape(word('download', self.lang))} "
                             f"{html.escape(filename)}</a>")

    def export_excel(self) -> bytes | None:
        """The current view (all its rows, in display order) as an Excel workbook; a download link is shown."""
        if self.view is None:
            return None
        rows = self.view.rows(self.sort, self.descending)
        data = view_workbook(self.view, rows, breadcrumb=self.ex.breadcrumb(self.selection, self.path))
        self._link(data, self._file_stem() + ".xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        return data

    def export_png(self) -> bytes | None:
        """The chart shown, as PNG; a download link is shown."""
        if self.view is None:
            return None
        column = self.chart_column if self.chart_column in self.view.chart_columns else self.view.chart_column
        fig = chart_figure(self.view, self.rows, column)
        if fig is None:
            return None
        data = figure_png(fig)
        self._link(data, self._file_stem() + ".png", "image/png")
        return data

    def make_report(self) -> Any:
        """Show the ``gx report`` command (and its parameters) that makes the report of this view."""
        if self.view is None or self.view.report is None:
            return None
        from gxanalysis.reporting.params import report_spec

        cmd = report_command(self.view.report, period=self.selection["period"], lang=self.lang,
                             data_dir=self.ex.session.data_dir)
        spec = report_spec(cmd.report)
        params = cmd.parameters(self.lang)
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in params.columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(str(x))}</td>" for x in rec) + "</tr>"
                       for rec in params.itertuples(index=False))
        self.output.value = (f"<div>{html.escape(word('report_intro', self.lang, title=spec.title(self.lang)))}</div>"
                             f"<pre class='gx-command'>{html.escape(cmd.command)}</pre>"
                             f"<table class='gx-params'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        return cmd

    # -- what is on screen (tests read the widgets, not the view) -------------------------------------
    def displayed(self) -> pd.DataFrame:
        """The table as the widgets show it: header and cell texts of the visible rows."""
        if self.view is None:
            return pd.DataFrame()
        headers = _strip(self.head.value)
        rows = []
        for row in self.row_widgets:
            if row.layout.display == "none":
                continue
            button, cells = row.children
            rows.append([button.description.removesuffix(" ›"), *_strip(cells.value)])
        return pd.DataFrame(rows, columns=headers)

    def chart_texts(self) -> list[str]:
        """Every text drawn in the chart (title, axis labels, tick labels, value labels)."""
        return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", self.chart.value)]

    def chart_values(self) -> list[tuple[str, float]]:
        """(label, value) of every bar or point of the chart, in the order drawn."""
        marks = re.findall(r"<(?:rect|circle) class='gx-(?:bar|point)'[^>]*data-label='([^']*)' data-value='([^']*)'",
                           self.chart.value)
        return [(html.unescape(a), float(b)) for a, b in marks]


def _strip(fragment: str) -> list[str]:
    return [html.unescape(x) for x in re.findall(r"<div[^>]*>([^<]*)</div>", fragment)]
