"""Target questions: year-end growth, the chance of reaching a target, required growth, scenarios.

* :func:`year_end_growth` — year-end (December) cumulative growth with an interval and, with a target,
  the probability of reaching it (from a fitted growth model's simulated paths);
* :func:`required_growth_from_results` — the growth the remaining months must deliver (INDICATORS.md §5.4),
  with the base weights of a fitted model (the formula itself is
  :func:`gxanalysis.indicators.schedule.required_growth`);
* :func:`scenario_year_end` — on year-to-date levels of enterprises: the year-end growth if some
  enterprises' output in the remaining months changes by x%.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.indicators.schedule import RequiredGrowth, required_growth
from gxanalysis.models.base import GrowthResults, YearEnd


def year_end_growth(results: GrowthResults, *, alpha: float = 0.2, target: float | None = None) -> YearEnd:
    """Year-end cumulative growth forecast with a ``1 - alpha`` interval (and P(≥ target)).

    The probability is the share of simulated paths whose December year-to-date growth (unrounded) is
    at least ``target`` percent, bounded away from 0 and 1 unless the target is arithmetically secured
    (:func:`gxanalysis.models.base.target_probability`).
    """
    return results.year_end(alpha, target=target)


def required_growth_from_results(results: GrowthResults, target: float) -> RequiredGrowth:
    """:func:`~gxanalysis.indicators.schedule.required_growth` with the base weights of a fitted model's
    level profile."""
    series = results.model.series
    last = series.last_period
    if last.month == 12:
        return RequiredGrowth(None, "no_remaining_period", None, 1.0)
    base = results.levels.base
    year = base[base.index.year == last.year]
    done = float(year[year.index <= last].sum())
    total_known = year.reindex(pd.period_range(f"{last.year}-02", f"{last.year}-12", freq="M")
                               [lambda i: i.month != 1])
    value = results.levels.value
    prev = value[value.index.year == last.year - 1]
    if len(prev) < 11 or prev.isna().any():
        raise InsufficientDataError(f"last year's levels ({last.year - 1}) are incomplete; give the base "
                                    "share instead (schedule.required_growth_from_share)")
    total = float(prev.sum()) if total_known.isna().any() else float(total_known.sum())
    return required_growth(target, float(series.ytd.iloc[-1]), done, total)


def scenario_year_end(levels: pd.DataFrame, *, year: int, changes: Mapping[str, float] | None = None,
                      value: str = "value_added", base: str = "value_added_base",
                      unit: str = "credit_code") -> pd.DataFrame:
    """Year-end growth under a scenario for the remaining months, from year-to-date levels.

    For each unit (enterprise) with YTD value :math:`C_V(N)` and base :math:`C_B(N)` at the last month
    ``N`` of ``year``, the remaining months' base is last year's output in those months,
    :math:`R = C_V^{Y-1}(12) - C_V^{Y-1}(N)`, and the baseline keeps the unit's YTD growth:

    .. math:: \\hat V_{rest} = R\\,(1 + g^{ytd}_N), \\qquad
              \\hat V^{scen}_{rest} = \\hat V_{rest}\\,(1 + x/100),

    .. math:: g_{year} = \\frac{\\sum_u (C_V(N) + \\hat V_{rest})}{\\sum_u (C_B(N) + R)} - 1.

    Aggregated from levels (INDICATORS.md §2.4), never by averaging rates.

    Parameters
    ----------
    levels : pandas.DataFrame
        Columns ``unit``, ``period`` (YYYY-MM), ``value``, ``base`` (year-to-date, e.g. 万元), with the
        rows of ``year`` and of December of ``year - 1``.
    year : int
    changes : mapping, optional
        Unit → change of its remaining-month output, percent (e.g. ``{"9144…": -30}``).

    Returns
    -------
    pandas.DataFrame
        One row: ``month`` (N), ``ytd`` (growth to N), ``baseline``, ``scenario`` (year-end growth, %)
        and ``difference`` (percentage points).
    """
    changes = dict(changes or {})
    need = {unit, "period", value, base}
    if not need <= set(levels.columns):
        raise ParameterError(f"levels lacks column(s) {sorted(need - set(levels.columns))}; give year-to-date "
                             f"levels with {sorted(need)}")
    df = levels.copy()
    df["_p"] = pd.PeriodIndex(df["period"].astype(str), freq="M")
    cur = df[df["_p"].dt.year == year]
    if cur.empty:
        raise InsufficientDataError(f"no rows for {year} in the levels; give the year's YTD rows")
    last = cur["_p"].max()
    n = last.month
    now = cur[cur["_p"] == last].set_index(unit)
    prev = df[df["_p"].dt.year == year - 1]
    prev_dec = prev[prev["_p"].dt.month == 12].set_index(unit)[value]
    prev_n = prev[prev["_p"].dt.month == n].set_index(unit)[value]
    unknown = sorted(set(changes) - set(now.index))
    if unknown:
        raise ParameterError(f"changes name unit(s) {unknown[:5]} not reporting in {last}; check the {unit}")
    if n == 12:
        rest = pd.Series(0.0, index=now.index)
    else:
        missing = sorted(set(now.index) - set(prev_dec.index) - set(prev_n.index))
        if missing or prev_dec.empty:
            raise InsufficientDataError(f"last year's December and {year - 1}-{n:02d} levels are needed for "
                                        f"the remaining months' base; missing for {missing[:5] or 'all units'}")
        rest = (prev_dec.reindex(now.index) - prev_n.reindex(now.index)).astype(float)
    cv, cb = now[value].astype(float), now[base].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(cb > 0, cv / cb - 1.0, 0.0)
    v_rest = rest * (1.0 + g)
    factor = pd.Series(1.0, index=now.index)
    for k, x in changes.items():
        factor[k] = 1.0 + float(x) / 100.0
    den = float(cb.sum() + rest.sum())
    baseline = (float(cv.sum() + v_rest.sum()) / den - 1.0) * 100.0
    scenario = (float(cv.sum() + (v_rest * factor).sum()) / den - 1.0) * 100.0
    ytd = (float(cv.sum()) / float(cb.sum()) - 1.0) * 100.0
    return pd.DataFrame({"month": [str(last)], "ytd": [ytd], "baseline": [baseline], "scenario": [scenario],
                         "difference": [scenario - baseline]})
