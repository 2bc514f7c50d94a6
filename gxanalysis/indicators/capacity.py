"""Capacity attainment (达产率) of enterprises and projects, and NBS capacity utilisation (产能利用率).

INDICATORS.md §4. 达产率 has no written local definition [U]; three variants are offered, chosen per
report:

* **A** — physical output ÷ (design annual capacity × months/12)  (达到设计能力程度, prorated) [P]/[U];
* **B** — output value ÷ (design output value at full production 达产后年产值 × months/12) [U];
* **C** — actual output (or value) ÷ planned or committed output for the period [U].

The NBS capacity utilisation is a different concept: value terms, sustainable capacity, quarterly (§4.1).

Examples
--------
>>> round(attainment_physical(1.9, 5.0, 5), 1)
91.2
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from gxanalysis.errors import ParameterError, UnitError
from gxanalysis.indicators.frames import (
    as_numeric,
    column_array,
    month_rows,
    require_columns,
    text_take,
    values_at,
)
from gxanalysis.periods import Month


def _ratio(actual, capacity, what: str):
    if isinstance(actual, pd.Series | np.ndarray) or isinstance(capacity, pd.Series | np.ndarray):
        cap = pd.Series(capacity) if not isinstance(capacity, pd.Series) else capacity
        with np.errstate(divide="ignore", invalid="ignore"):
            return actual / cap.where(cap > 0) * 100
    if capacity is None or float(capacity) <= 0:
        raise ParameterError(f"{what}={capacity!r} must be positive; an enterprise without a {what} has no 达产率")
    return float(actual) / float(capacity) * 100


def _check_months(months: int) -> None:
    if not 1 <= int(months) <= 12:
        raise ParameterError(f"months={months!r} must be 1–12 (months in the reporting period)")


def attainment_physical(output, design_capacity, months: int):
    """达产率 variant A: physical output over prorated design capacity, percent.

    .. math:: A = \\frac{Q_{period}}{K_{design} \\times n/12} \\times 100

    INDICATORS.md §4.2. Output and capacity in the same physical unit (e.g. 万吨). Proration by
    months is an assumption [U]. Series give NaN where the capacity is missing or zero.

    Examples
    --------
    >>> round(attainment_physical(1.9, 5.0, 5), 2), round(attainment_physical(1.9, 5.0, 12), 1)
    (91.2, 38.0)
    """
    _check_months(months)
    return _ratio(output, design_capacity * (months / 12), "design_capacity")


def attainment_value(output_value, design_output_value, months: int):
    """达产率 variant B: output value over prorated design output value (达产后年产值), percent.

    .. math:: B = \\frac{Y_{period}}{Y_{design} \\times n/12} \\times 100

    INDICATORS.md §4.2 [U]. Both in 万元, current prices.

    Examples
    --------
    >>> round(attainment_value(4500.0, 12000.0, 6), 1)
    75.0
    """
    _check_months(months)
    return _ratio(output_value, design_output_value * (months / 12), "design_output_value")


def attainment_vs_plan(actual, planned):
    """达产率 variant C: actual output (or value) over the planned or committed output for the period.

    .. math:: C = \\frac{Q_{period}}{Q_{plan}} \\times 100

    INDICATORS.md §4.2 [U].

    Examples
    --------
    >>> attainment_vs_plan(95.0, 100.0)
    95.0
    """
    return _ratio(actual, planned, "planned")


def capacity_attainment(enterprises: pd.DataFrame, monthly: pd.DataFrame, period: str | Month, *,
                        variant: Literal["A", "B", "C"] = "A", plan: pd.Series | None = None,
                        plan_column: str = "gross_output") -> pd.DataFrame:
    """达产率 of each enterprise at a reporting month, from the schema tables.

    .. math:: \\text{A} = \\frac{Q}{K \\cdot n/12}, \\quad \\text{B} = \\frac{Y}{Y_{design} \\cdot n/12},
              \\quad \\text{C} = \\frac{X}{X_{plan}} \\quad (\\times 100)

    INDICATORS.md §4.2. Year-to-date values at ``period`` (n = its month number).

    Parameters
    ----------
    enterprises : DataFrame
        Table ``enterprises``: ``credit_code``, ``name``, ``design_capacity``, ``capacity_unit``,
        ``design_output_value``.
    monthly : DataFrame
        Table ``enterprise_monthly``: ``credit_code``, ``period``, ``product_output`` (variant A),
        ``gross_output`` (variants B, C).
    period : str or Month
        Reporting month (``YYYY-MM``).
    variant : {"A", "B", "C"}
    plan : Series, optional
        Variant C: planned output for the period, indexed by credit_code, same unit as ``plan_column``.
    plan_column : str
        Variant C: the column of ``monthly`` compared with the plan (default ``gross_output``).

    Returns
    -------
    DataFrame
        One row per enterprise with a capacity (or plan): ``credit_code``, ``name``, ``actual``,
        ``capacity`` (prorated), ``unit``, ``attainment`` (%), ``status`` (``"ok"``, ``"missing"`` when
        the enterprise has no row or no output at ``period``). Enterprises without capacity are left out.

    Examples
    --------
    >>> ent = pd.DataFrame({"credit_code": ["A", "B"], "name": ["甲", "乙"], "design_capacity": [5.0, None],
    ...                     "capacity_unit": ["万吨", None], "design_output_value": [12000.0, 6000.0]})
    >>> mon = pd.DataFrame({"credit_code": ["A", "B"], "period": "2023-05", "product_output": [1.9, None],
    ...                     "gross_output": [4000.0, 3000.0]})
    >>> capacity_attainment(ent, mon, "2023-05")["attainment"].round(1).tolist()
    [91.2]
    >>> capacity_attainment(ent, mon, "2023-05", variant="B")["attainment"].round(1).tolist()
    [80.0, 120.0]
    """
    month = Month.parse(period)
    n = month.month
    require_columns(enterprises, ["credit_code"], "enterprises")
    rows = month_rows(monthly, month, "monthly")
    require_columns(rows, ["credit_code", "period"], "monthly")
    rows = rows.drop_duplicates("credit_code", keep="last").set_index("credit_code")
    ent = enterprises.set_index("credit_code")
    names = ent["name"] if "name" in ent.columns else pd.Series(index=ent.index, dtype=object)
    if variant == "A":
        require_columns(enterprises, ["design_capacity", "capacity_unit"], "enterprises")
        require_columns(rows, ["product_output"], "monthly")
        cap = as_numeric(ent["design_capacity"], "enterprises column 'design_capacity'")
        keep = (cap > 0).to_numpy()
        cap = cap[keep]
        actual = pd.Series(values_at(as_numeric(rows["product_output"], "monthly column 'product_output'"), cap.index), index=cap.index)
        prorated = cap * n / 12
        unit = ent["capacity_unit"][keep]
    elif variant == "B":
        require_columns(enterprises, ["design_output_value"], "enterprises")
        require_columns(rows, ["gross_output"], "monthly")
        cap = as_numeric(ent["design_output_value"], "enterprises column 'design_output_value'")
        keep = (cap > 0).to_numpy()
        cap = cap[keep]
        actual = pd.Series(values_at(as_numeric(rows["gross_output"], "monthly column 'gross_output'"), cap.index), index=cap.index)
        prorated = cap * n / 12
        unit = pd.Series("万元", index=cap.index)
    elif variant == "C":
        if plan is None:
            raise ParameterError("variant 'C' compares with a plan: pass plan= (Series of planned output for the "
                                 "period, indexed by credit_code)")
        require_columns(rows, [plan_column], "monthly")
        prorated = as_numeric(plan, "plan")
        prorated = prorated[prorated > 0]
        actual = as_numeric(rows[plan_column], f"monthly column {plan_column!r}").reindex(prorated.index)
        unit = pd.Series(plan_column, index=prorated.index)
    else:
        raise ParameterError(f"variant={variant!r} is not allowed; use 'A' (physical), 'B' (value) or 'C' (plan)")
    with np.errstate(divide="ignore", invalid="ignore"):
        att = actual / prorated * 100
    names = names[keep] if variant != "C" else names.reindex(prorated.index)  # A, B: the rows of ``cap``
    out = pd.DataFrame({"credit_code": prorated.index, "name": column_array(names),
                        "actual": actual.to_numpy(), "capacity": prorated.to_numpy(),
                        "unit": column_array(unit), "attainment": att.to_numpy()})
    out["status"] = text_take(["ok", "missing"], out["actual"].isna().to_numpy())
    out["variant"] = variant
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class AttainmentAverage:
    """Average 达产率 over enterprises and how it was taken.

    ``how`` is ``"mean"`` (simple mean of the enterprises' rates) or ``"weighted"`` (Σ actual / Σ prorated
    capacity); ``n`` enterprises were used, ``excluded`` lists those without output.
    """

    value: float | None
    how: str
    n: int
    excluded: tuple
    unit: str | None


def average_attainment(per_enterprise: pd.DataFrame, *, how: Literal["mean", "weighted"] = "mean"
                       ) -> AttainmentAverage:
    """Average 达产率 over enterprises.

    .. math:: \\bar A_{mean} = \\frac{1}{n}\\sum_i A_i, \\qquad \\bar A_{weighted} = \\frac{\\sum_i Q_i}{\\sum_i K_i n/12} \\times 100

    INDICATORS.md §4.2. ``"mean"`` (default) gives every enterprise the same weight: what a ledger of
    projects reports [U]. ``"weighted"`` is only allowed when every enterprise's capacity is in the same
    unit, or for value-based variant B (万元) — adding tonnes to megawatts is refused.

    Parameters
    ----------
    per_enterprise : DataFrame
        Output of :func:`capacity_attainment`.
    how : {"mean", "weighted"}

    Examples
    --------
    >>> t = pd.DataFrame({"credit_code": ["A", "B"], "actual": [1.9, 3.0], "capacity": [2.0, 6.0],
    ...                   "unit": ["万吨", "万吨"], "attainment": [95.0, 50.0], "status": ["ok", "ok"]})
    >>> average_attainment(t).value, round(average_attainment(t, how="weighted").value, 2)
    (72.5, 61.25)
    """
    require_columns(per_enterprise, ["actual", "capacity", "unit", "attainment", "status"], "per_enterprise")
    ok = per_enterprise[per_enterprise["status"] == "ok"]
    excluded = tuple(per_enterprise.loc[per_enterprise["status"] != "ok", "credit_code"]
                     .to_numpy(dtype=object).tolist()) if "credit_code" in per_enterprise.columns else ()
    if ok.empty:
        return AttainmentAverage(None, how, 0, excluded, None)
    units = sorted({str(u) for u in pd.unique(ok["unit"].dropna())})
    if how == "mean":
        return AttainmentAverage(float(ok["attainment"].mean()), "mean", len(ok), excluded,
                                 units[0] if len(units) == 1 else None)
    if how == "weighted":
        if len(units) != 1:
            raise UnitError(f"how='weighted' adds capacities, but they are in different units {units}; use "
                            "how='mean' or variant 'B' (output value, 万元)")
        return AttainmentAverage(float(ok["actual"].sum() / ok["capacity"].sum() * 100), "weighted", len(ok),
                                 excluded, units[0])
    raise ParameterError(f"how={how!r} is not allowed; use 'mean' or 'weighted'")


def attainment_by(per_enterprise: pd.DataFrame, enterprises: pd.DataFrame, *, by: str = "division",
                  threshold: float = 90.0, how: Literal["mean", "weighted"] = "mean") -> pd.DataFrame:
    """Average 达产率 by group — industry division (大类) or county — with the enterprises below a threshold.

    Each group's average is :func:`average_attainment` over its enterprises with a rate; the last row
    (index ``"total"``) is the average over all of them, so it equals the headline figure.

    Parameters
    ----------
    per_enterprise : DataFrame
        Output of :func:`capacity_attainment`.
    enterprises : DataFrame
        Table ``enterprises`` (``credit_code``, ``industry_code``, ``county``).
    by : {"division", "county"}
        ``"division"``: the first two digits of ``industry_code`` (GB/T 4754 大类).
    threshold : float
        Enterprises below this rate (%) are counted in ``below_threshold`` [U] (default 90).

    Returns
    -------
    DataFrame
        Index: the group codes, then ``"total"``; columns ``n``, ``mean`` (%), ``below_threshold``,
        ``lowest_code``, ``lowest_name``, ``lowest`` (the lowest enterprise's rate).

    Examples
    --------
    >>> per = pd.DataFrame({"credit_code": ["A", "B", "C"], "name": ["甲", "乙", "丙"], "actual": [9.0, 8.0, 5.0],
    ...                     "capacity": [10.0, 10.0, 10.0], "unit": "吨", "attainment": [90.0, 80.0, 50.0],
    ...                     "status": "ok"})
    >>> ent = pd.DataFrame({"credit_code": ["A", "B", "C"], "industry_code": ["3211", "3212", "2614"]})
    >>> t = attainment_by(per, ent)
    >>> t[["n", "mean", "below_threshold", "lowest_name"]].values.tolist()
    [[1, 50.0, 1, '丙'], [2, 85.0, 1, '乙'], [3, 73.33333333333333, 2, '丙']]
    """
    require_columns(enterprises, ["credit_code", "industry_code" if by == "division" else by], "enterprises")
    if by not in ("division", "county"):
        raise ParameterError(f"by={by!r} is not allowed; use 'division' (GB/T 4754 大类) or 'county'")
    ent = enterprises.drop_duplicates("credit_code").set_index("credit_code")
    key = (ent["industry_code"].astype(str).str[:2] if by == "division" else ent[by].astype(str))
    per = per_enterprise[per_enterprise["status"] == "ok"].copy()
    per["__group"] = key.reindex(per["credit_code"]).to_numpy()
    rows, index = [], []
    for group, g in [*per.groupby("__group", sort=True), ("total", per)]:
        avg = average_attainment(g, how=how)
        low = g.nsmallest(1, "attainment")
        rows.append({"n": avg.n, "mean": avg.value, "below_threshold": int((g["attainment"] < threshold).sum()),
                     "lowest_code": low["credit_code"].iloc[0] if len(low) else None,
                     "lowest_name": low["name"].iloc[0] if len(low) and "name" in low.columns else None,
                     "lowest": float(low["attainment"].iloc[0]) if len(low) else np.nan})
        index.append(group)
    return pd.DataFrame(rows, index=pd.Index(index, name=by))


def capacity_utilisation(gross_output_value, capacity_value) -> float:
    """NBS capacity utilisation (产能利用率), value terms, percent.

    .. math:: U = \\frac{\\sum_i Y_i}{\\sum_i K^{value}_i} \\times 100

    INDICATORS.md §4.1. Both in value terms (gross output value and sustainable capacity, 万元), usually
    quarterly. A municipal bureau normally quotes a locally surveyed figure; store it with its source.

    Examples
    --------
    >>> round(capacity_utilisation([824.0, 1000.0], [1000.0, 1200.0]), 2)
    82.91
    """
    y = np.asarray(gross_output_value, dtype=float)
    k = np.asarray(capacity_value, dtype=float)
    if y.shape != k.shape:
        raise ParameterError(f"gross_output_value has {y.size} values and capacity_value {k.size}; give one "
                             "capacity per output")
    if np.isnan(y).any() or np.isnan(k).any():
        raise ParameterError("gross_output_value or capacity_value has missing values; fill or drop them")
    if k.sum() <= 0:
        raise ParameterError(f"capacity_value sums to {k.sum()!r}; capacity must be positive")
    return float(y.sum() / k.sum() * 100)
