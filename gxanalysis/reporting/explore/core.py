"""What every explorer shares: views (a table and its chart), drill paths, display, export, report commands.

An explorer is a function of a **selection** (the values of its drop-downs) and a **path** (the rows clicked so
far, shown as a breadcrumb) that returns a :class:`View`: a table of unrounded numbers with its column
definitions, which rows can be drilled into, the chart drawn from the same rows, and the report that shows
the same figures. Nothing here computes an indicator: each explorer gets its numbers from
:mod:`gxanalysis.indicators` and only selects, joins names and labels.

The widgets (:mod:`gxanalysis.reporting.explore.ui`) and the tests use the same views, so what a test checks
is what an analyst sees.
"""

from __future__ import annotations

import html
import io
import math
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gxanalysis.errors import ParameterError
from gxanalysis.indicators.display import format_growth, format_number
from gxanalysis.labels import check_lang, label

PAGE_SIZE = 25
"""Rows shown per page of a table (the chart shows the same rows)."""


def word(key: str, lang: str = "zh", **fmt: Any) -> str:
    """A word of the explorers from the label dictionary (group ``explore``), formatted with ``fmt``."""
    text = label("explore", key, lang)
    return text.format(**fmt) if fmt else text


# --------------------------------------------------------------------------------------------------
# selections and paths
# --------------------------------------------------------------------------------------------------
OUTSIDE = "__outside__"
"""Drill key of the enterprises that belong to no sub-chain of the cluster (growth and energy explorers)."""


@dataclass(frozen=True)
class Control:
    """A drop-down of an explorer.

    Attributes
    ----------
    key : str
        Name of the selection value.
    label : str
        Key of its label (group ``explore``).
    options : callable
        ``options(explorer) -> [(label, value), ...]``.
    resets_path : bool
        Whether changing it goes back to the top of the drill path (e.g. another grouping).
    visible : callable, optional
        ``visible(selection) -> bool``: shown only for some selections (e.g. the 达产率 variant).
    """

    key: str
    label: str
    options: Callable[[Any], list[tuple[str, Any]]]
    resets_path: bool = False
    visible: Callable[[dict], bool] | None = None


@dataclass(frozen=True)
class Step:
    """One level of the drill path: the kind of row clicked, its key and the label shown in the breadcrumb."""

    level: str
    key: Any
    label: str


@dataclass(frozen=True)
class Column:
    """A column of a view's table.

    ``kind``: ``"text"``, ``"int"``, ``"number"`` (``precision`` decimals, thousands separators), ``"growth"``
    (growth %, status labels from ``status``, 倍 from 100%), ``"month"``.
    """

    key: str
    label: str
    kind: str = "number"
    precision: int = 1
    status: str | None = None

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "number", "growth")


@dataclass(frozen=True)
class ReportLink:
    """The report that shows a view's figures, and its parameters (checked by the report's schema)."""

    report: str
    params: dict


@dataclass
class View:
    """A table and its chart: what the explorer shows for a selection and a drill path.

    Attributes
    ----------
    title : str
        What the table shows (scope, period, indicator, grouping).
    summary : str
        One sentence with the total of the scope (e.g. its growth).
    columns : list of Column
        The table's columns, the first the row label.
    frame : DataFrame
        Unrounded numbers; ``label`` (row label), ``key`` (drill key or None), ``total`` (bool, the total
        row shown first, not sorted or charted) and the columns' keys.
    child : str or None
        The level a row click drills to (None: the rows cannot be drilled).
    chart_columns : list of str
        Numeric columns the chart can show; ``chart_column`` is the default.
    chart_kind : {"bar", "line"}
        Bars (one per row of the page) or a line over the rows in order (months).
    sort_column, descending : the default order of the rows.
    note : str
        Definitions and caveats under the table.
    unit : str
        Unit line of the table.
    report : ReportLink, optional
    """

    title: str
    summary: str
    columns: list[Column]
    frame: pd.DataFrame
    child: str | None = None
    chart_columns: list[str] = field(default_factory=list)
    chart_column: str | None = None
    chart_kind: str = "bar"
    sort_column: str | None = None
    descending: bool = True
    note: str = ""
    unit: str = ""
    report: ReportLink | None = None
    lang: str = "zh"

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise ParameterError(f"the view has no column {key!r}; columns: {', '.join(c.key for c in self.columns)}")

    @property
    def sortable(self) -> list[Column]:
        return [c for c in self.columns if c.numeric or c.kind == "month"]

    def rows(self, sort: str | None = None, descending: bool | None = None) -> pd.DataFrame:
        """The rows in display order: the total row first, then the others sorted (missing values last)."""
        f = self.frame
        if "total" in f.columns:
            total, rest = f[f["total"].astype(bool)], f[~f["total"].astype(bool)]
        else:
            total, rest = f.iloc[0:0], f
        col = sort or self.sort_column
        desc = self.descending if descending is None else descending
        if col and col in rest.columns and len(rest):
            rest = rest.sort_values(col, ascending=not desc, kind="stable", na_position="last")
        return pd.concat([total, rest])

    def page(self, number: int = 0, *, sort: str | None = None, descending: bool | None = None,
             size: int = PAGE_SIZE) -> tuple[pd.DataFrame, int]:
        """Rows of page ``number`` (0-based; the total row on every page) and the number of pages."""
        rows = self.rows(sort, descending)
        is_total = rows["total"].astype(bool) if "total" in rows.columns else pd.Series(False, index=rows.index)
        total, rest = rows[is_total.to_numpy()], rows[~is_total.to_numpy()]
        pages = max(1, math.ceil(len(rest) / size))
        number = min(max(0, number), pages - 1)
        return pd.concat([total, rest.iloc[number * size:(number + 1) * size]]), pages

    def display(self, rows: pd.DataFrame | None = None) -> pd.DataFrame:
        """The rows as display text (rounded half-up, ``--`` where not computable, status labels)."""
        rows = self.rows() if rows is None else rows
        out = {}
        totals = rows["total"].astype(bool).to_numpy() if "total" in rows.columns else np.zeros(len(rows), bool)
        for c in self.columns:
            values = rows[c.key] if c.key in rows.columns else pd.Series([None] * len(rows), index=rows.index)
            statuses = rows[c.status] if c.status and c.status in rows.columns else None
            out[c.label] = ["" if totals[i] and c.kind == "text" and _missing(v) else
                            display_value(v, c, None if statuses is None else statuses.iloc[i], self.lang)
                            for i, v in enumerate(values)]
        return pd.DataFrame(out, index=rows.index)

    def _repr_html_(self) -> str:
        """The whole table as HTML (notebooks show a view like a report table)."""
        parts = [TABLE_CSS, f"<h4 class='gx-title'>{html.escape(self.title)}</h4>"]
        if self.summary:
            parts.append(f"<p class='gx-summary'>{html.escape(self.summary)}</p>")
        if self.unit:
            parts.append(f"<p class='gx-unit'>{html.escape(self.unit)}</p>")
        parts.append(table_html(self, self.rows()))
        if self.note:
            parts.append(f"<p class='gx-note'>{html.escape(self.note)}</p>")
        return "\n".join(parts)

    def chart_data(self, rows: pd.DataFrame, column: str | None = None) -> pd.Series:
        """The values the chart shows for ``rows`` (the total row left out), labelled by row."""
        col = column or self.chart_column
        if col is None:
            return pd.Series(dtype=float)
        body = rows[~rows["total"].astype(bool)] if "total" in rows.columns else rows
        values = pd.to_numeric(body[col], errors="coerce") if col in body.columns else pd.Series(dtype=float)
        return pd.Series(values.to_numpy(dtype=float), index=[str(x) for x in body["label"]], name=col)


def _missing(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def display_value(value: Any, column: Column, status: Any = None, lang: str = "zh") -> str:
    """One cell as shown: the bureau's rounding and symbols (:mod:`gxanalysis.indicators.display`)."""
    if column.kind == "growth":
        st = status if isinstance(status, str) and status else "ok"
        return format_growth(None if st != "ok" else value, st, column.precision, lang=lang)
    if column.kind == "int":
        return format_number(value, 0, thousands=True)
    if column.kind == "number":
        return format_number(value, column.precision, thousands=True)
    if _missing(value):
        return "--"
    return str(value)


# --------------------------------------------------------------------------------------------------
# the explorer base class
# --------------------------------------------------------------------------------------------------
class Explorer:
    """An explorer: its drop-downs, its views by drill level, and the report each view corresponds to.

    Subclasses set :attr:`name`, :attr:`controls` and implement :meth:`view`.

    Parameters
    ----------
    session : Session
        The loaded data (:func:`gxanalysis.reporting.explore.sessions.session`).
    lang : {"zh", "en"}
    """

    name = ""
    controls: tuple[Control, ...] = ()

    def __init__(self, session: Any, lang: str = "zh") -> None:
        self.session = session
        self.lang = check_lang(lang)

    @property
    def title(self) -> str:
        return word(f"{self.name}_title", self.lang)

    def w(self, key: str, **fmt: Any) -> str:
        return word(key, self.lang, **fmt)

    def t(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def defaults(self) -> dict:
        """The first option of every control (the latest month for the month)."""
        return {c.key: c.options(self)[0][1] for c in self.controls}

    def check(self, selection: dict) -> dict:
        """``selection`` completed with defaults; an unknown key or value raises ParameterError."""
        out = self.defaults()
        for k, v in selection.items():
            ctrl = next((c for c in self.controls if c.key == k), None)
            if ctrl is None:
                raise ParameterError(f"explorer {self.name!r} has no selection {k!r}; selections: "
                                     f"{', '.join(c.key for c in self.controls)}")
            allowed = [value for _, value in ctrl.options(self)]
            if v not in allowed:
                raise ParameterError(f"explorer {self.name!r}: {k}={v!r} is not allowed; allowed: "
                                     f"{', '.join(map(str, allowed))}")
            out[k] = v
        return out

    def view(self, selection: dict, path: Sequence[Step] = ()) -> View:  # pragma: no cover - abstract
        raise NotImplementedError

    def drill(self, view: View, path: Sequence[Step], key: Any) -> tuple[Step, ...]:
        """The path after clicking the row with drill key ``key`` of ``view``."""
        if view.child is None:
            raise ParameterError("the rows of this view cannot be drilled into")
        match = view.frame[view.frame["key"].astype(object) == key] if "key" in view.frame.columns else view.frame[:0]
        if match.empty:
            raise ParameterError(f"no row with key {key!r} in this view")
        return (*path, Step(view.child, key, str(match["label"].iloc[0])))

    def breadcrumb(self, selection: dict, path: Sequence[Step]) -> list[str]:
        """The labels of the path, the top level first."""
        return [self.top_label(selection), *[s.label for s in path]]

    def top_label(self, selection: dict) -> str:
        return self.session.dataset.home_city

    def months(self) -> list[tuple[str, Any]]:
        """Month options, newest first, labelled as the bureau writes them (2023年4月 / Apr 2023)."""
        from gxanalysis.periods import Period

        return [(Period.month(m).label(self.lang), str(m)) for m in reversed(self.session.months)]


# --------------------------------------------------------------------------------------------------
# tables as HTML (names from the data are escaped: text is never markup)
# --------------------------------------------------------------------------------------------------
TABLE_CSS = """<style>
.gx-table { border-collapse: collapse; font-size: 13px; margin: 4px 0 8px 0; }
.gx-table th { background: #1f4e79; color: #fff; padding: 4px 10px; text-align: center; }
.gx-table td { border-bottom: 1px solid #ddd; padding: 3px 10px; text-align: right; }
.gx-table td.t { text-align: left; }
.gx-table tr.gx-total td { font-weight: 600; background: #f2f6fa; }
.gx-unit, .gx-note, .gx-summary { color: #555; font-size: 12px; margin: 2px 0; }
</style>"""


def table_html(view: View, rows: pd.DataFrame) -> str:
    """The rows of a view as an HTML table (numbers right-aligned), every cell escaped."""
    shown = view.display(rows)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in shown.columns)
    body = []
    for i, rec in enumerate(shown.itertuples(index=False)):
        total = bool(rows["total"].iloc[i]) if "total" in rows.columns else False
        cells = "".join(f"<td class='{'t' if j == 0 or view.columns[j].kind == 'text' else 'n'}'>"
                        f"{html.escape(str(v))}</td>" for j, v in enumerate(rec))
        body.append(f"<tr class='{'gx-total' if total else ''}'>{cells}</tr>")
    return f"<table class='gx-table'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


# --------------------------------------------------------------------------------------------------
# charts: one figure per view, drawn with the report theme; SVG on screen, PNG for export
# --------------------------------------------------------------------------------------------------
def chart_figure(view: View, rows: pd.DataFrame, column: str | None = None) -> Any:
    """The matplotlib figure of a view's chart for ``rows`` (None when there is nothing to draw).

    Bars are annotated with the same rounding as the table; negative bars in red. Text from the data is
    drawn as text (mathtext off: a ``$`` in a name is a dollar sign).
    """
    import matplotlib.pyplot as plt
    from matplotlib import rc_context

    from gxanalysis.reporting.charts import PALETTE, apply_theme

    col = column or view.chart_column
    data = view.chart_data(rows, col)
    if data.empty or col is None or not np.isfinite(data.to_numpy(dtype=float)).any():
        return None
    spec = view.column(col)
    apply_theme()
    title = f"{view.title} · {spec.label}"
    with rc_context({"text.parse_math": False, "svg.fonttype": "none"}):
        if view.chart_kind == "line":
            fig, ax = plt.subplots(figsize=(8.5, 3.6))
            x = list(range(len(data)))
            ax.plot(x, data.to_numpy(dtype=float), marker="o", ms=4, color=PALETTE[0])
            step = max(1, len(x) // 12)
            ax.set_xticks(x[::step], [data.index[i] for i in x[::step]], rotation=30, ha="right")
            for i, v in enumerate(data.to_numpy(dtype=float)):
                if np.isfinite(v) and (len(x) <= 14 or i == len(x) - 1):
                    ax.annotate(_chart_text(v, spec), (i, v), xytext=(0, 5), textcoords="offset points",
                                ha="center", fontsize=8)
            ax.set_ylabel(spec.label)
        else:
            height = max(2.6, 0.3 * len(data) + 1.0)
            fig, ax = plt.subplots(figsize=(8.5, height))
            values = data.to_numpy(dtype=float)
            y = np.arange(len(values))
            colors = [PALETTE[1] if np.isfinite(v) and v < 0 else PALETTE[0] for v in values]
            ax.barh(y, np.nan_to_num(values), color=colors, height=0.65)
            ax.set_yticks(y, list(data.index))
            ax.invert_yaxis()
            lo, hi = float(np.nanmin(np.r_[values, 0])), float(np.nanmax(np.r_[values, 0]))
            pad = (hi - lo) * 0.18 or 1.0
            ax.set_xlim(lo - (pad if lo < 0 else 0), hi + pad)
            for i, v in enumerate(values):
                if np.isfinite(v):
                    ax.annotate(_chart_text(v, spec), (v, i), xytext=(3 if v >= 0 else -3, 0),
                                textcoords="offset points", va="center", ha="left" if v >= 0 else "right",
                                fontsize=8, gid=f"gx-value-{i}")
            ax.axvline(0, color="#444", lw=0.6)
            ax.set_xlabel(spec.label)
        ax.set_title(title, fontsize=11)
        fig.tight_layout()
    plt.close(fig)
    return fig


FONT_STACK = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', 'Source Han Sans SC', sans-serif"
BAR_COLOUR, NEGATIVE_COLOUR, GRID_COLOUR = "#1f4e79", "#c00000", "#dddddd"


def _tick_text(t: float, ticks: list[float]) -> str:
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    decimals = max(0, -math.floor(math.log10(step))) if step > 0 else 0
    return format_number(t, decimals, thousands=True)


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values (steps of 1, 2 or 5 × 10^k) covering [lo, hi]."""
    if not np.isfinite(lo) or not np.isfinite(hi):
        return [0.0]
    if hi - lo <= 0:
        hi, lo = hi + 1.0, lo - 1.0
    raw = (hi - lo) / max(1, n)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step) * step
    ticks, t = [], first
    while t <= hi + step * 1e-9:
        ticks.append(round(t, 12))
        t += step
    return ticks


def svg_chart(view: View, rows: pd.DataFrame, column: str | None = None) -> str:
    """The chart of a view for ``rows`` as inline SVG, drawn directly (milliseconds, no font files needed).

    Bars (one per row, in the table's order; negative in red) or a line over the rows (months), each value
    labelled with the table's rounding; every text from the data is escaped. ``""`` when there is nothing
    to draw. The PNG export draws the same values with matplotlib (:func:`chart_figure`).
    """
    col = column or view.chart_column
    data = view.chart_data(rows, col)
    values = data.to_numpy(dtype=float)
    if col is None or data.empty or not np.isfinite(values).any():
        return ""
    spec = view.column(col)
    esc = html.escape
    labels = [str(x) for x in data.index]
    finite = values[np.isfinite(values)]
    title = f"{view.title} · {spec.label}"
    parts: list[str] = []
    if view.chart_kind == "line":
        width, height, left, right, top, bottom = 860, 300, 60, 20, 36, 70
        lo, hi = float(finite.min()), float(finite.max())
        ticks = _nice_ticks(lo, hi)
        y0, y1 = min(ticks[0], lo), max(ticks[-1], hi)
        plot_w, plot_h = width - left - right, height - top - bottom
        def yy(v: float) -> float:
            return top + plot_h * (1 - (v - y0) / ((y1 - y0) or 1.0))
        def xx(i: int) -> float:
            return left + (plot_w * i / max(1, len(values) - 1) if len(values) > 1 else plot_w / 2)
        for t in ticks:
            parts.append(f"<line x1='{left}' x2='{width - right}' y1='{yy(t):.1f}' y2='{yy(t):.1f}' "
                         f"stroke='{GRID_COLOUR}' stroke-width='1'/>"
                         f"<text class='gx-tick' x='{left - 6}' y='{yy(t) + 4:.1f}' text-anchor='end' "
                         f"font-size='11'>{esc(_tick_text(t, ticks))}</text>")
        pts = [(xx(i), yy(v)) for i, v in enumerate(values) if np.isfinite(v)]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        parts.append(f"<polyline fill='none' stroke='{BAR_COLOUR}' stroke-width='2' points='{points}'/>")
        step = max(1, math.ceil(len(values) / 14))
        for i, v in enumerate(values):
            x = xx(i)
            if np.isfinite(v):
                parts.append(f"<circle class='gx-point' cx='{x:.1f}' cy='{yy(v):.1f}' r='3' fill='{BAR_COLOUR}' "
                             f"data-label='{esc(labels[i])}' data-value='{float(v)!r}'/>")
                if len(values) <= 14 or i == len(values) - 1 or i % step == 0:
                    parts.append(f"<text class='gx-value' x='{x:.1f}' y='{yy(v) - 7:.1f}' text-anchor='middle' "
                                 f"font-size='11'>{esc(_chart_text(v, spec))}</text>")
            if i % step == 0 or i == len(values) - 1:
                parts.append(f"<text class='gx-label' transform='translate({x:.1f},{top + plot_h + 14}) rotate(-30)' "
                             f"text-anchor='end' font-size='11'>{esc(labels[i])}</text>")
    else:
        label_w = min(300, max(60, 7 * max(_display_width(t) for t in labels) + 12))
        bar_h, gap, top, bottom, right = 18, 6, 36, 34, 70
        width = 860
        height = top + bottom + len(values) * (bar_h + gap)
        left = label_w + 10
        lo, hi = min(0.0, float(finite.min())), max(0.0, float(finite.max()))
        ticks = _nice_ticks(lo, hi)
        x0, x1 = min(ticks[0], lo), max(ticks[-1], hi)
        plot_w = width - left - right
        def xx(v: float) -> float:
            return left + plot_w * (v - x0) / ((x1 - x0) or 1.0)
        for t in ticks:
            parts.append(f"<line x1='{xx(t):.1f}' x2='{xx(t):.1f}' y1='{top - 4}' y2='{height - bottom + 2}' "
                         f"stroke='{GRID_COLOUR}' stroke-width='1'/>"
                         f"<text class='gx-tick' x='{xx(t):.1f}' y='{height - bottom + 16}' text-anchor='middle' "
                         f"font-size='11'>{esc(_tick_text(t, ticks))}</text>")
        zero = xx(0.0)
        for i, v in enumerate(values):
            y = top + i * (bar_h + gap)
            parts.append(f"<text class='gx-label' x='{label_w}' y='{y + bar_h - 4}' text-anchor='end' "
                         f"font-size='12'>{esc(labels[i])}</text>")
            if not np.isfinite(v):
                continue
            x, w = (zero, xx(v) - zero) if v >= 0 else (xx(v), zero - xx(v))
            colour = NEGATIVE_COLOUR if v < 0 else BAR_COLOUR
            parts.append(f"<rect class='gx-bar' x='{x:.1f}' y='{y}' width='{max(w, 0.5):.1f}' height='{bar_h}' "
                         f"fill='{colour}' data-label='{esc(labels[i])}' data-value='{float(v)!r}'/>")
            tx, anchor = (xx(v) + 4, "start") if v >= 0 else (xx(v) - 4, "end")
            parts.append(f"<text class='gx-value' x='{tx:.1f}' y='{y + bar_h - 4}' text-anchor='{anchor}' "
                         f"font-size='11'>{esc(_chart_text(v, spec))}</text>")
        parts.append(f"<line x1='{zero:.1f}' x2='{zero:.1f}' y1='{top - 4}' y2='{height - bottom + 2}' "
                     "stroke='#444' stroke-width='1'/>")
        parts.append(f"<text class='gx-axis' x='{left + plot_w / 2:.1f}' y='{height - 4}' text-anchor='middle' "
                     f"font-size='12'>{esc(spec.label)}</text>")
    head = (f"<svg xmlns='http://www.w3.org/2000/svg' class='gx-svg' width='{width}' height='{height}' "
            f"viewBox='0 0 {width} {height}' font-family=\"{FONT_STACK}\" data-column='{esc(col)}'>"
            f"<text class='gx-chart-title' x='{width / 2}' y='20' text-anchor='middle' font-size='14' "
            f"font-weight='600'>{esc(title)}</text>")
    return head + "".join(parts) + "</svg>"


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _chart_text(v: float, column: Column) -> str:
    return format_number(v, column.precision if column.kind != "int" else 0, thousands=True)


_SVG_FONT = re.compile(r"font-family:\s*'?Noto Sans CJK SC'?")


def figure_svg(fig: Any) -> str:
    """The figure as inline SVG (text kept as text, CJK fonts of the reader's system as fallback)."""
    from matplotlib import rc_context

    buf = io.StringIO()
    with rc_context({"svg.fonttype": "none", "text.parse_math": False}):
        fig.savefig(buf, format="svg", bbox_inches="tight")
    svg = buf.getvalue()
    svg = svg[svg.find("<svg"):]
    return _SVG_FONT.sub("font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif", svg)


def figure_png(fig: Any, dpi: int = 150) -> bytes:
    """The figure as PNG (the bundled CJK font, for reports and slides)."""
    from matplotlib import rc_context

    buf = io.BytesIO()
    with rc_context({"text.parse_math": False}):
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    return buf.getvalue()


# --------------------------------------------------------------------------------------------------
# export: the current view to Excel (unrounded numbers, display precision) and PNG
# --------------------------------------------------------------------------------------------------
def view_workbook(view: View, rows: pd.DataFrame | None = None, *, breadcrumb: Sequence[str] = ()) -> bytes:
    """The view as an Excel workbook (the pack's workbook layout: a cover sheet, then the table).

    Numbers are written unrounded (formatted to display precision in Excel); text is never a formula.
    """
    from gxanalysis.reporting.workbook import write_workbook

    rows = view.rows() if rows is None else rows
    columns, data = [], []
    for c in view.columns:
        columns.append(c.label)
    for _, r in rows.iterrows():
        rec = []
        for c in view.columns:
            v = r.get(c.key)
            if c.kind == "growth" and c.status and r.get(c.status) not in (None, "ok") and isinstance(r.get(c.status), str):
                v = display_value(None, c, r.get(c.status), view.lang)  # 由亏转盈, 新增 … as in the table
            rec.append(_cell(v))
        data.append(rec)
    table = {"title": view.title, "unit": view.unit, "note": view.note, "columns": columns, "data": data}
    cover = [(word("view", view.lang), " › ".join(breadcrumb) or view.title), ("", view.summary)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "view.xlsx"
        write_workbook([table], path, title=view.title, period_label=view.summary, cover_lines=cover,
                       lang=view.lang)
        _no_formulas(path)
        return path.read_bytes()


def _cell(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, int | float | str):
        return v
    return str(v)


def _no_formulas(path: Path) -> None:
    """Make every cell that openpyxl took for a formula a string cell again (names from the data)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    changed = False
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    changed = True
    if changed:
        wb.save(path)


# --------------------------------------------------------------------------------------------------
# "make this a report": the gx report command with the same parameter schema
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReportCommand:
    """The ``gx report`` command that makes the report of a view, and the report's parameters."""

    report: str
    argv: tuple[str, ...]
    params: Any  # the validated ReportParams

    @property
    def command(self) -> str:
        return " ".join(_quote(a) for a in self.argv)

    def parameters(self, lang: str = "zh") -> pd.DataFrame:
        """Every parameter of the report's schema: name, value, meaning."""
        from gxanalysis.reporting.params import report_spec

        fields = report_spec(self.report).params.model_fields
        values = self.params.model_dump()
        return pd.DataFrame([{word("parameter", lang): k, word("value", lang): values[k],
                              word("meaning", lang): info.description or ""}
                             for k, info in fields.items() if k != "output_dir"])


def _quote(arg: str) -> str:
    return arg if re.fullmatch(r"[A-Za-z0-9_./:=,\-]+", arg) else '"' + arg.replace('"', '\\"') + '"'


def report_command(link: ReportLink, *, period: str, lang: str = "zh", data_dir: str | Path | None = None
                   ) -> ReportCommand:
    """The ``gx report`` command of a view's report, checked by the report's parameter schema.

    Parameters that keep their default are left out of the command; ``--data`` is given when the data are
    not the default folder.

    Examples
    --------
    >>> c = report_command(ReportLink("investment", {"behind_margin_pp": 10.0}), period="2023-04")
    >>> c.command
    'gx report --period 2023-04 --reports investment -p behind_margin_pp=10.0'
    """
    from gxanalysis import config
    from gxanalysis.reporting.params import COMMON_PARAMETERS, report_spec, validate_params

    values = {"period": period, "lang": lang, **link.params}
    default_dir = config.default_data_dir()
    if data_dir and Path(data_dir).resolve() != default_dir:
        values["data_dir"] = str(data_dir)
    params = validate_params(link.report, values)
    argv = ["gx", "report", "--period", params.period, "--reports", link.report]
    if params.data_dir:
        argv += ["--data", params.data_dir]
    if params.lang != "zh":
        argv += ["--lang", params.lang]
    fields = report_spec(link.report).params.model_fields
    for name, info in fields.items():
        if name in COMMON_PARAMETERS:
            continue
        v = getattr(params, name)
        if v != info.default:
            argv += ["-p", f"{name}={v}"]
    return ReportCommand(link.report, tuple(argv), params)


def with_title(view: View, **changes: Any) -> View:
    return replace(view, **changes)
