"""Report sections: one function per table or chart a report shows.

Each section takes a :class:`~gxanalysis.reporting.context.ReportContext` and returns a
:class:`~gxanalysis.reporting.context.ReportTable` (or a matplotlib figure). The numbers come from the
indicator library; the section only selects, labels and formats. Report notebooks call the sections one per
cell; the interactive explorer calls the whole list in :data:`SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from gxanalysis.indicators.display import format_growth, format_number
from gxanalysis.reporting.context import ReportContext, ReportTable


@dataclass(frozen=True)
class Col:
    """How one column of a section table is labelled and formatted.

    ``kind``: ``"text"`` (as is, left-aligned), ``"display"`` (an already formatted number, as is),
    ``"number"`` (``precision`` decimals, thousands separators),
    ``"growth"`` (growth %, 倍 for ≥100%, status labels via ``status_col``), ``"int"``.

    ``precision_col`` names a column of per-row decimals (a table whose rows mix counts and rates);
    ``raw`` names the column of numbers behind a ``"display"`` column (written to the workbook as
    numbers, with ``precision_col``'s decimals).
    """

    source: str
    zh: str
    en: str
    kind: str = "number"
    precision: int = 1
    status_col: str | None = None
    precision_col: str | None = None
    raw: str | None = None

    def cell_format(self, frame: pd.DataFrame) -> dict[str, Any]:
        """How the workbook and the CSV files store this column: its kind and decimals (per row if any)."""
        kind = {"display": "number" if self.raw else "text"}.get(self.kind, self.kind)
        out: dict[str, Any] = {"kind": kind, "precision": 0 if kind == "int" else self.precision,
                               "thousands": kind in ("number", "int")}
        if self.precision_col and self.precision_col in frame.columns:
            out["precisions"] = [int(p) if p == p and p is not None else self.precision
                                 for p in frame[self.precision_col]]
        return out


def make_table(ctx: ReportContext, frame: pd.DataFrame, cols: Sequence[Col], *, name: str, title_zh: str,
               title_en: str, unit_zh: str = "", unit_en: str = "", note_zh: str = "", note_en: str = "",
               chart: Any = None) -> ReportTable:
    """Build a :class:`ReportTable` from a numeric frame: display strings for the page, raw values for Excel.

    Rounding is half-up with :mod:`decimal` (``gxanalysis.indicators.display``); "--" where a value cannot
    be computed.
    """
    lang = ctx.lang
    shown: dict[str, list[str]] = {}
    raw: dict[str, Any] = {}
    for c in cols:
        head = c.zh if lang == "zh" else c.en
        values = frame[c.source] if c.source in frame.columns else pd.Series([None] * len(frame))
        raw_source = c.raw if c.raw and c.raw in frame.columns else c.source
        raw[head] = (frame[raw_source] if raw_source in frame.columns else values).to_numpy()
        decimals = (frame[c.precision_col] if c.precision_col and c.precision_col in frame.columns
                    else [c.precision] * len(frame))
        if c.kind in ("text", "display"):
            shown[head] = ["--" if v is None or (isinstance(v, float) and v != v) else str(v) for v in values]
        elif c.kind == "int":
            shown[head] = [format_number(v, 0, thousands=True) for v in values]
        elif c.kind == "growth":
            statuses = frame[c.status_col] if c.status_col and c.status_col in frame.columns else \
                ["ok"] * len(frame)
            shown[head] = [format_growth(v, s if isinstance(s, str) else "ok", c.precision, lang=lang)
                           for v, s in zip(values, statuses, strict=False)]
        else:
            shown[head] = [format_number(v, int(d), thousands=True)
                           for v, d in zip(values, decimals, strict=True)]
    return ReportTable(
        name=name, title=title_zh if lang == "zh" else title_en, frame=pd.DataFrame(shown),
        values=pd.DataFrame(raw), unit=unit_zh if lang == "zh" else unit_en,
        note=note_zh if lang == "zh" else note_en, chart=chart,
        text_columns=tuple(c.zh if lang == "zh" else c.en for c in cols if c.kind == "text"),
        formats=tuple(c.cell_format(frame) for c in cols))


def _registry() -> Mapping[str, list[Callable[[ReportContext], Any]]]:
    from gxanalysis.reporting.sections import chain, energy, investment, overview

    return {
        "monthly_overview": overview.SECTIONS,
        "chain_output": chain.SECTIONS,
        "investment": investment.SECTIONS,
        "energy_intensity": energy.SECTIONS,
    }


class _Sections(Mapping):
    """Report name → its sections in display order (imported on first use)."""

    def __getitem__(self, key: str) -> list[Callable[[ReportContext], Any]]:
        return _registry()[key]

    def __iter__(self):
        return iter(_registry())

    def __len__(self) -> int:
        return len(_registry())


SECTIONS: Mapping[str, list[Callable[[ReportContext], Any]]] = _Sections()

__all__ = ["Col", "make_table", "SECTIONS"]
