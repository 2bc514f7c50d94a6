"""Annual and plan targets of the city, a chain group, a sub-chain or a county (the ``targets`` table).

One lookup for every target a report compares with: the value-added growth target, the chain-output growth
target, the energy-intensity targets (annual and five-year plan). A target is looked up by year, indicator
and scope; :func:`annual_target` can fall back through a list of scopes (a sub-chain's own target, else its
group's, else the city's).

Examples
--------
>>> t = pd.DataFrame({"year": [2023, 2023, 2025], "indicator": ["va_growth", "chain_output_growth",
...                   "energy_intensity_change_plan"], "scope": ["city", "G1", "city"],
...                   "value": [10.0, 18.0, -13.5], "unit": "%", "note": [None, None, "“十四五”"]})
>>> annual_target(t, year=2023, indicator="va_growth")
10.0
>>> annual_target(t, year=2023, indicator="chain_output_growth", scope=("C01", "G1", "city"))
18.0
>>> plan_target(t, indicator="energy_intensity_change_plan", year=2023)
PlanTarget(value=-13.5, end_year=2025, note='“十四五”')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from gxanalysis.indicators.frames import as_list, require_columns

__all__ = ["annual_target", "PlanTarget", "plan_target"]


def _rows(targets: pd.DataFrame | None, indicator: str) -> pd.DataFrame:
    if targets is None:
        return pd.DataFrame(columns=["year", "indicator", "scope", "value", "note"])
    require_columns(targets, ["year", "indicator", "scope", "value"], "targets")
    return targets[targets["indicator"] == indicator]


def annual_target(targets: pd.DataFrame | None, *, year: int, indicator: str,
                  scope: str | Sequence[str] = "city", override: float | None = None) -> float | None:
    """The target of ``indicator`` for ``year`` (value in the table's unit), or None if there is none.

    Parameters
    ----------
    targets : DataFrame
        Table ``targets`` (``year``, ``indicator``, ``scope``, ``value``).
    year : int
    indicator : str
        E.g. ``"va_growth"``, ``"chain_output_growth"``, ``"energy_intensity_change"``.
    scope : str or sequence of str
        ``"city"``, a chain group, a sub-chain or a county; a sequence is tried in order.
    override : float, optional
        A value given by the analyst (e.g. the report parameter ``va_growth_target``): returned as is.
    """
    if override is not None:
        return float(override)
    rows = _rows(targets, indicator)
    rows = rows[pd.to_numeric(rows["year"], errors="coerce") == int(year)]
    for sc in as_list(scope):
        hit = rows[rows["scope"].astype(str) == str(sc)]
        if len(hit):
            return float(hit["value"].iloc[0])
    return None


@dataclass(frozen=True)
class PlanTarget:
    """A plan-period target: ``value`` (e.g. −13.5 %), the plan's ``end_year`` and the table's ``note``."""

    value: float
    end_year: int
    note: str


def plan_target(targets: pd.DataFrame | None, *, indicator: str, year: int, scope: str = "city"
                ) -> PlanTarget | None:
    """The plan target whose end year is the first at or after ``year`` (e.g. the 14th Five-Year Plan's
    −13.5% for 2025 when reporting in 2023), or None."""
    rows = _rows(targets, indicator)
    rows = rows[(rows["scope"].astype(str) == scope)
                & (pd.to_numeric(rows["year"], errors="coerce") >= int(year))].sort_values("year")
    if rows.empty:
        return None
    r = rows.iloc[0]
    note = r["note"] if "note" in rows.columns and pd.notna(r["note"]) else ""
    return PlanTarget(float(r["value"]), int(r["year"]), str(note))
