"""Growth rates (增长速度 / 同比增长), year-to-date vs single month, aggregation, same sample, deflation.

INDICATORS.md §1.3–1.6 and §2.2–2.5. Every rate is in percent and is computed from *levels* (current
value and same-sample base, 同口径上年同期). Nothing here averages rates.

Statuses
--------
Every growth figure comes with a status; its value is ``None`` (scalar) or NaN (frame) unless the status is
``"ok"``:

======================  ===========================================  ================
status                  situation                                    label
======================  ===========================================  ================
``ok``                  base > 0 (current ≥ 0)                       the number
``base_zero``           base = 0, current ≠ 0                        新增 / --
``both_zero``           base = 0, current = 0                        --
``loss_to_profit``      base < 0, current ≥ 0                        由亏转盈
``profit_to_loss``      base > 0, current < 0                        由盈转亏
``loss_widened``        base < 0, current < base                     亏损增加
``loss_narrowed``       base < 0, base < current < 0                 减亏
``loss_unchanged``      base < 0, current = base                     亏损持平
``missing``             base or current missing                      --
``not_published``       January / February single month (1–2月 rule)  --
``insufficient_data``   only rates given where levels are needed     --
``incomplete``          an aggregate with units lacking data          --
======================  ===========================================  ================

Examples
--------
>>> growth(430, 410)
GrowthResult(value=4.878048780487809, status='ok')
>>> growth(80, -20)
GrowthResult(value=None, status='loss_to_profit')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.periods import Month

STATUSES: tuple[str, ...] = (
    "ok", "base_zero", "both_zero", "loss_to_profit", "profit_to_loss", "loss_widened", "loss_narrowed",
    "loss_unchanged", "missing", "not_published", "insufficient_data", "incomplete",
)
"""Every status a growth figure can carry (see the module docstring)."""


# --------------------------------------------------------------------------------------------------
# helpers shared by the indicator modules
# --------------------------------------------------------------------------------------------------
def _is_missing(x: Any) -> bool:
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return bool(math.isnan(float(x)))
    except (TypeError, ValueError):
        return False


def _number(x: Any, name: str) -> float | None:
    """A float, or None when missing; ParameterError when not a number."""
    if _is_missing(x):
        return None
    try:
        return float(x)
    except (TypeError, ValueError):
        raise ParameterError(f"{name}={x!r} is not a number; pass a number (or None when missing)") from None


def _require_columns(frame: pd.DataFrame, columns: Iterable[str | None], what: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(f"{what} must be a DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c is not None and c not in frame.columns]
    if missing:
        raise ParameterError(f"{what} has no column(s) {missing}; columns present: {list(frame.columns)}. "
                             "Pass the names of your columns as keyword arguments")


def _numeric(series: pd.Series, what: str) -> pd.Series:
    """A Series as float, raising ParameterError naming the first value that is not a number."""
    try:
        return pd.to_numeric(series, errors="raise").astype(float)
    except (ValueError, TypeError):
        coerced = pd.to_numeric(series, errors="coerce")
        bad = series[coerced.isna() & series.notna()]
        raise ParameterError(f"{what}: value {bad.iloc[0]!r} at {bad.index[0]!r} is not a number; "
                             "fix or blank it") from None


def _months(values: pd.Series, what: str) -> pd.Series:
    """Parse a column of months (``YYYY-MM`` text, Month, pandas Period or Timestamp) to Month objects.

    Each distinct value is parsed once (``pd.factorize``), so a panel of millions of rows costs the
    number of distinct months, not the number of rows.
    """
    values = pd.Series(values) if not isinstance(values, pd.Series) else values
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if (codes < 0).any():
        raise ParameterError(f"{what} has a missing period; every row needs a month (YYYY-MM)")
    parsed = np.empty(len(uniques), dtype=object)
    for i, v in enumerate(uniques):
        parsed[i] = Month.parse(v)
    return pd.Series(parsed[codes], index=values.index, dtype=object)


def _month_mask(values: pd.Series, month: Month, what: str) -> np.ndarray:
    """Boolean mask of the rows of ``values`` (a column of months) that fall in ``month``, vectorised."""
    codes, uniques = pd.factorize(pd.Series(values), use_na_sentinel=True)
    if (codes < 0).any():
        raise ParameterError(f"{what} has a missing period; every row needs a month (YYYY-MM)")
    hits = [i for i, v in enumerate(uniques) if Month.parse(v) == month]
    return np.isin(codes, hits)


def _as_list(x: str | Sequence[str] | None) -> list[str]:
    if x is None:
        return []
    return [x] if isinstance(x, str) else list(x)


# --------------------------------------------------------------------------------------------------
# the primitive
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GrowthResult:
    """A growth rate with its status.

    Attributes
    ----------
    value : float or None
        Growth in percent, unrounded; None unless ``status == "ok"``.
    status : str
        One of :data:`STATUSES`.
    """

    value: float | None
    status: str

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _classify(c: float, b: float) -> str:
    if b > 0:
        return "profit_to_loss" if c < 0 else "ok"
    if b == 0:
        return "both_zero" if c == 0 else "base_zero"
    if c >= 0:
        return "loss_to_profit"
    if c < b:
        return "loss_widened"
    if c > b:
        return "loss_narrowed"
    return "loss_unchanged"


def growth(current: float | None, base: float | None) -> GrowthResult:
    """Year-on-year growth (同比增长) of a level over its same-sample base.

    .. math:: g = \\left(\\frac{V}{B} - 1\\right) \\times 100

    INDICATORS.md §1.3. ``current`` and ``base`` must be levels for the same period length, enterprise
    sample and price basis. Non-positive bases give a status instead of a number (profits: 由亏转盈 …).

    Parameters
    ----------
    current, base : float or None
        Levels (any unit, the same for both). None or NaN → status ``"missing"``.

    Returns
    -------
    GrowthResult
        ``value`` in percent (unrounded) and ``status``.

    Examples
    --------
    >>> growth(112, 110).value
    1.8181818181818077
    >>> growth(5, 0), growth(0, 0).status, growth(-30, 10).status, growth(-30, -20).status
    (GrowthResult(value=None, status='base_zero'), 'both_zero', 'profit_to_loss', 'loss_widened')
    >>> growth(None, 10).status
    'missing'
    """
    c, b = _number(current, "current"), _number(base, "base")
    if c is None or b is None:
        return GrowthResult(None, "missing")
    status = _classify(c, b)
    return GrowthResult((c / b - 1.0) * 100.0 if status == "ok" else None, status)


def growth_table(current: pd.Series | Sequence[float], base: pd.Series | Sequence[float]) -> pd.DataFrame:
    """Vectorised :func:`growth`: one row per element, columns ``value`` (%) and ``status``.

    .. math:: g_i = (V_i / B_i - 1) \\times 100

    INDICATORS.md §1.3. Series must share the same index (not re-aligned silently).

    Parameters
    ----------
    current, base : Series or array-like
        Levels; the index of ``current`` is kept.

    Returns
    -------
    DataFrame
        ``value`` (float, NaN where status ≠ "ok") and ``status`` (str).

    Examples
    --------
    >>> t = growth_table(pd.Series([106, 0, 80], index=["a", "b", "c"]), pd.Series([100, 0, -20], index=["a", "b", "c"]))
    >>> t["status"].tolist(), float(round(t.loc["a", "value"], 6))
    (['ok', 'both_zero', 'loss_to_profit'], 6.0)
    """
    if isinstance(current, pd.Series) and isinstance(base, pd.Series):
        if not current.index.equals(base.index):
            raise ParameterError("current and base have different indexes; align them first "
                                 "(e.g. base.reindex(current.index)) so no unit is dropped silently")
        index = current.index
    else:
        index = current.index if isinstance(current, pd.Series) else (
            base.index if isinstance(base, pd.Series) else None)
    c = _numeric(pd.Series(np.asarray(current, dtype=object)), "current").to_numpy()
    b = _numeric(pd.Series(np.asarray(base, dtype=object)), "base").to_numpy()
    if c.shape != b.shape:
        raise ParameterError(f"current has {c.size} values and base {b.size}; give one base per value")
    miss = np.isnan(c) | np.isnan(b)
    conds = [miss,
             (b > 0) & (c < 0), b > 0,
             (b == 0) & (c == 0), b == 0,
             c >= 0, c < b, c > b]
    choices = ["missing", "profit_to_loss", "ok", "both_zero", "base_zero",
               "loss_to_profit", "loss_widened", "loss_narrowed"]
    status = np.select(conds, choices, default="loss_unchanged")
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(status == "ok", (c / b - 1.0) * 100.0, np.nan)
    return pd.DataFrame({"value": value, "status": pd.Series(status, dtype=object).to_numpy()}, index=index)


def add_growth(frame: pd.DataFrame, *, current: str, base: str, value: str = "growth",
               status: str = "growth_status") -> pd.DataFrame:
    """A copy of ``frame`` with two columns added: growth (%) of ``current`` over ``base`` and its status.

    INDICATORS.md §1.3.

    Examples
    --------
    >>> df = pd.DataFrame({"va": [106.0, 30.0], "va_base": [100.0, 0.0]})
    >>> add_growth(df, current="va", base="va_base")[["growth", "growth_status"]].values.tolist()
    [[6.000000000000005, 'ok'], [nan, 'base_zero']]
    """
    _require_columns(frame, [current, base], "frame")
    g = growth_table(frame[current], frame[base])
    out = frame.copy()
    out[value] = g["value"].to_numpy()
    out[status] = g["status"].to_numpy()
    return out


# --------------------------------------------------------------------------------------------------
# year to date and single month (§2.3)
# --------------------------------------------------------------------------------------------------
def single_month_levels(ytd: pd.Series | pd.DataFrame, *, jan_feb_combined: bool = True,
                        period: str = "period", by: str | Sequence[str] | None = None,
                        columns: str | Sequence[str] | None = None) -> pd.Series | pd.DataFrame:
    """Single-month (当月) levels from year-to-date (1–N月累计) levels, by differencing within a year.

    .. math:: V(N) = C_V(N) - C_V(N-1)

    INDICATORS.md §1.2, §2.3. With ``jan_feb_combined`` the single months January and February are not
    published: NaN. March = C(1–3) − C(1–2). Without the rule, January = C(1). A month whose previous
    month is absent from the data is NaN (cannot be derived) — never the cumulative value.

    Parameters
    ----------
    ytd : Series or DataFrame
        Series: YTD levels indexed by month (``YYYY-MM``, Month, pandas Period). DataFrame: long table with a
        ``period`` column, optional group keys ``by`` (e.g. ``"credit_code"``) and value ``columns``.
    jan_feb_combined : bool
        The 1–2月 rule (default True).
    period : str
        Name of the month column (DataFrame input).
    by : str or list of str, optional
        Group keys (DataFrame input): each group is differenced separately.
    columns : str or list of str
        Value columns to difference (DataFrame input, required).

    Returns
    -------
    Series or DataFrame
        Same shape, index and order as the input; value columns replaced by single-month levels
        (NaN = not published or not derivable).

    Examples
    --------
    >>> c = pd.Series([188.0, 318.0, 430.0], index=["2023-02", "2023-03", "2023-04"])
    >>> single_month_levels(c).tolist()
    [nan, 130.0, 112.0]
    >>> single_month_levels(pd.Series([100.0, 180.0], index=["2023-01", "2023-02"]), jan_feb_combined=False).tolist()
    [100.0, 80.0]
    """
    if isinstance(ytd, pd.Series):
        months = _months(pd.Series(ytd.index, index=ytd.index), "ytd index")
        frame = pd.DataFrame({"__v": _numeric(ytd, "ytd").to_numpy(), "__m": months.to_numpy()})
        out = _difference(frame, ["__v"], "__m", [], jan_feb_combined)["__v"]
        return pd.Series(out.to_numpy(), index=ytd.index, name=ytd.name)
    cols = _as_list(columns)
    if not cols:
        raise ParameterError("columns= is required with a DataFrame: name the year-to-date value columns "
                             "to difference, e.g. columns=['value_added', 'value_added_base']")
    keys = _as_list(by)
    _require_columns(ytd, [period, *keys, *cols], "ytd")
    frame = ytd.copy()
    frame["__m"] = _months(ytd[period], f"column {period!r}").to_numpy()
    for c in cols:
        frame[c] = _numeric(ytd[c], f"column {c!r}")
    dup = frame.duplicated([*keys, "__m"])
    if dup.any():
        row = frame.loc[dup].iloc[0]
        raise ParameterError(f"ytd has more than one row for {[row[k] for k in keys]} {row['__m']}; "
                             "keep one row per group and month")
    diffed = _difference(frame, cols, "__m", keys, jan_feb_combined)
    out = ytd.copy()
    for c in cols:
        out[c] = diffed[c].to_numpy()
    return out


def _difference(frame: pd.DataFrame, cols: list[str], mcol: str, keys: list[str],
                jan_feb_combined: bool) -> pd.DataFrame:
    frame = frame.copy()
    frame["__pos"] = np.arange(len(frame))
    frame["__idx"] = [m.year * 12 + m.month - 1 for m in frame[mcol]]
    frame["__year"] = [m.year for m in frame[mcol]]
    frame["__month"] = [m.month for m in frame[mcol]]
    order = frame.sort_values([*keys, "__idx"], kind="stable")
    group = order.groupby(keys, sort=False, dropna=False) if keys else None
    prev_idx = (group["__idx"].shift(1) if group is not None else order["__idx"].shift(1))
    consecutive = (prev_idx == order["__idx"] - 1) & (order["__month"] > 1)
    result = order[["__pos"]].copy()
    for c in cols:
        prev = group[c].shift(1) if group is not None else order[c].shift(1)
        single = np.where(consecutive, order[c] - prev, np.nan)
        single = np.where(order["__month"] == 1, order[c], single)
        if jan_feb_combined:
            single = np.where(order["__month"] <= 2, np.nan, single)
        result[c] = single
    return result.sort_values("__pos").reset_index(drop=True)


def _growth_frame(frame: pd.DataFrame, current: str, base: str, period: str, by: list[str],
                  jan_feb_combined: bool, single: bool) -> pd.DataFrame:
    _require_columns(frame, [period, *by, current, base], "data")
    months = _months(frame[period], f"column {period!r}")
    if single:
        levels = single_month_levels(frame[[*by, period, current, base]], jan_feb_combined=jan_feb_combined,
                                     period=period, by=by or None, columns=[current, base])
    else:
        levels = frame[[*by, period, current, base]].copy()
        levels[current] = _numeric(frame[current], f"column {current!r}")
        levels[base] = _numeric(frame[base], f"column {base!r}")
    g = growth_table(levels[current].reset_index(drop=True), levels[base].reset_index(drop=True))
    month_no = np.array([m.month for m in months])
    not_pub = (month_no <= (2 if single else 1)) if jan_feb_combined else np.zeros(len(frame), dtype=bool)
    status = np.where(not_pub, "not_published", g["status"].to_numpy())
    out = levels.reset_index(drop=True)
    out["value"] = np.where(not_pub, np.nan, g["value"].to_numpy())
    out["status"] = status.astype(object)
    out.index = frame.index
    return out


def ytd_growth(data: pd.DataFrame, *, current: str, base: str, period: str = "period",
               by: str | Sequence[str] | None = None, jan_feb_combined: bool = True) -> pd.DataFrame:
    """Cumulative growth (累计增速, 1–N月) from year-to-date levels.

    .. math:: g_{cum}(N) = \\frac{\\sum_{m \\le N} V(m)}{\\sum_{m \\le N} B(m)} - 1 = \\frac{C_V(N)}{C_B(N)} - 1

    INDICATORS.md §2.3. Under the 1–2月 rule a January row (1月 alone) is ``"not_published"``.

    Parameters
    ----------
    data : DataFrame
        Long table (e.g. ``enterprise_monthly``) with ``period``, keys ``by`` and YTD level columns.
    current, base : str
        YTD level columns, e.g. ``"value_added"`` and ``"value_added_base"``.
    by : str or list of str, optional
        Group keys kept in the output (e.g. ``"credit_code"``).

    Returns
    -------
    DataFrame
        ``by``, ``period``, the two level columns, ``value`` (%) and ``status``; index of ``data``.

    Examples
    --------
    >>> d = pd.DataFrame({"period": ["2023-02", "2023-04"], "v": [188.0, 430.0], "b": [180.0, 410.0]})
    >>> ytd_growth(d, current="v", base="b")["value"].round(3).tolist()
    [4.444, 4.878]
    """
    return _growth_frame(data, current, base, period, _as_list(by), jan_feb_combined, single=False)


def single_month_growth(data: pd.DataFrame, *, current: str, base: str, period: str = "period",
                        by: str | Sequence[str] | None = None, jan_feb_combined: bool = True) -> pd.DataFrame:
    """Single-month growth (当月同比) from year-to-date levels, differenced within each year.

    .. math:: g_{month}(N) = \\frac{C_V(N) - C_V(N-1)}{C_B(N) - C_B(N-1)} - 1

    INDICATORS.md §2.3, §1.2. Both level series are differenced (current *and* base). January and
    February are ``"not_published"`` under the 1–2月 rule; a month whose previous month is absent is
    ``"missing"``.

    Returns
    -------
    DataFrame
        ``by``, ``period``, the two *single-month* level columns, ``value`` (%) and ``status``.

    Examples
    --------
    >>> d = pd.DataFrame({"period": ["2023-02", "2023-03", "2023-04"], "v": [188.0, 318.0, 430.0],
    ...                   "b": [180.0, 300.0, 410.0]})
    >>> r = single_month_growth(d, current="v", base="b")
    >>> r["status"].tolist(), r["value"].round(1).tolist()
    (['not_published', 'ok', 'ok'], [nan, 8.3, 1.8])
    """
    return _growth_frame(data, current, base, period, _as_list(by), jan_feb_combined, single=True)


def monthly_from_cumulative_rates(cumulative_growth: pd.Series, base_ytd: pd.Series | None = None, *,
                                  jan_feb_combined: bool = True,
                                  on_insufficient: Literal["status", "raise"] = "status") -> pd.DataFrame:
    """Single-month growth from published cumulative growth rates — only when base levels are given.

    .. math:: C_V(N) = C_B(N)\\,(1 + g_{cum}(N)/100), \\quad g_{month}(N) = \\frac{C_V(N)-C_V(N-1)}{C_B(N)-C_B(N-1)} - 1

    INDICATORS.md §2.3: from rates alone the monthly rate cannot be recovered (it needs the base
    weights); this function refuses rather than approximate.

    Parameters
    ----------
    cumulative_growth : Series
        Published YTD growth (%), indexed by month.
    base_ytd : Series, optional
        YTD same-sample base levels, same index. Without them every row is ``"insufficient_data"``.
    on_insufficient : {"status", "raise"}
        Return the statuses (default) or raise :class:`~gxanalysis.errors.InsufficientDataError`.

    Examples
    --------
    >>> g = pd.Series([4.444444, 6.0, 4.878049], index=["2023-02", "2023-03", "2023-04"])
    >>> monthly_from_cumulative_rates(g)["status"].unique().tolist()
    ['insufficient_data']
    >>> b = pd.Series([180.0, 300.0, 410.0], index=g.index)
    >>> monthly_from_cumulative_rates(g, b)["value"].round(1).tolist()
    [nan, 8.3, 1.8]
    """
    if base_ytd is None:
        if on_insufficient == "raise":
            raise InsufficientDataError(
                "single-month growth cannot be derived from cumulative growth rates alone: the base levels "
                "(同口径上年同期累计) are needed as weights; pass base_ytd= (from the statistics bureau)")
        if on_insufficient != "status":
            raise ParameterError(f"on_insufficient={on_insufficient!r}; use 'status' or 'raise'")
        return pd.DataFrame({"value": np.nan, "status": "insufficient_data"},
                            index=cumulative_growth.index).astype({"status": object})
    if not cumulative_growth.index.equals(base_ytd.index):
        raise ParameterError("cumulative_growth and base_ytd have different indexes; give one base level "
                             "per published rate")
    g = _numeric(cumulative_growth, "cumulative_growth")
    b = _numeric(base_ytd, "base_ytd")
    data = pd.DataFrame({"period": list(cumulative_growth.index), "v": (b * (1 + g / 100)).to_numpy(),
                         "b": b.to_numpy()})
    r = single_month_growth(data, current="v", base="b", jan_feb_combined=jan_feb_combined)
    return pd.DataFrame({"value": r["value"].to_numpy(), "status": r["status"].to_numpy()},
                        index=cumulative_growth.index)


# --------------------------------------------------------------------------------------------------
# two-year average, percentage points
# --------------------------------------------------------------------------------------------------
def two_year_average(growth_year1: float | None = None, growth_year2: float | None = None, *,
                     growth_over_two_years: float | None = None) -> float:
    """Two-year average growth (两年平均增长), in percent.

    .. math:: \\bar g = \\sqrt{(1+g_1)(1+g_2)} - 1 = \\sqrt{L_t / L_{t-24}} - 1

    INDICATORS.md §1.3, §2.5; test vectors T6, T7.

    Parameters
    ----------
    growth_year1, growth_year2 : float
        Growth (%) in each of the two years (e.g. 2022 over 2021, then 2023 over 2022).
    growth_over_two_years : float
        Alternatively: growth (%) over the same period two years earlier ("比2019年同期增长13.5%").

    Examples
    --------
    >>> round(two_year_average(growth_over_two_years=13.5), 2), round(two_year_average(7.5, 2.4), 2)
    (6.54, 4.92)
    """
    if growth_over_two_years is not None:
        if growth_year1 is not None or growth_year2 is not None:
            raise ParameterError("give either growth_year1 and growth_year2, or growth_over_two_years, not both")
        ratio = 1 + float(growth_over_two_years) / 100
        what = f"growth_over_two_years={growth_over_two_years}"
    else:
        if growth_year1 is None or growth_year2 is None or _is_missing(growth_year1) or _is_missing(growth_year2):
            raise ParameterError("two_year_average needs growth_year1 and growth_year2 (%), or "
                                 "growth_over_two_years (%)")
        ratio = (1 + float(growth_year1) / 100) * (1 + float(growth_year2) / 100)
        what = f"growth_year1={growth_year1}, growth_year2={growth_year2}"
    if ratio <= 0:
        raise ParameterError(f"{what} gives a two-year level ratio of {ratio:g} ≤ 0; growth must be above -100%")
    return (math.sqrt(ratio) - 1) * 100


def pp_change(ratio_now: Any, ratio_ref: Any) -> Any:
    """Change of a ratio in percentage points (个百分点): ``ratio_now − ratio_ref``.

    .. math:: \\Delta_{pp} = r_{now} - r_{ref}

    INDICATORS.md §1.4. Use unrounded ratios (§1.5). Scalars: None when either is missing; Series:
    element-wise, NaN where either is missing.

    Examples
    --------
    >>> round(pp_change(97.158, 100 * 10 / 12), 3), pp_change(96.8, None)
    (13.825, None)
    """
    if isinstance(ratio_now, pd.Series | np.ndarray) or isinstance(ratio_ref, pd.Series | np.ndarray):
        return ratio_now - ratio_ref
    a, b = _number(ratio_now, "ratio_now"), _number(ratio_ref, "ratio_ref")
    return None if a is None or b is None else a - b


# --------------------------------------------------------------------------------------------------
# aggregation and the same sample (§1.6, §2.4)
# --------------------------------------------------------------------------------------------------
def aggregate_growth(frame: pd.DataFrame, *, current: str, base: str, by: str | Sequence[str] | None = None,
                     unit: str | None = None) -> pd.DataFrame:
    """Growth of an aggregate from the levels of its units: Σ current / Σ base − 1, per group.

    .. math:: g = \\frac{\\sum_i V_i}{\\sum_i B_i} - 1 = \\sum_i \\frac{B_i}{\\sum_j B_j}\\, g_i

    INDICATORS.md §1.6 rule 1, §2.4. Rates are never averaged. A unit with base 0 (新建投产) enters the
    numerator. A unit with a missing current or base makes its group ``"incomplete"`` (value NaN) and is
    listed in ``missing_units`` — nothing is imputed.

    Parameters
    ----------
    frame : DataFrame
        One row per unit (enterprise, county, industry) in the **current** sample.
    current, base : str
        Level columns (same unit, sample and price basis).
    by : str or list of str, optional
        Group keys; None → one aggregate over all rows (index ``"total"``).
    unit : str, optional
        Column naming the units (for ``missing_units``); default: the row index.

    Returns
    -------
    DataFrame
        Per group: ``current``, ``base`` (sums), ``n_units``, ``value`` (%), ``status``, ``missing_units``.

    Examples
    --------
    >>> f = pd.DataFrame({"g": ["x", "x", "x"], "v": [630.0, 330.0, 80.0], "b": [600.0, 300.0, 100.0]})
    >>> r = aggregate_growth(f, current="v", base="b", by="g")
    >>> float(round(r.loc["x", "value"], 6)), r.loc["x", "status"]
    (4.0, 'ok')
    """
    keys = _as_list(by)
    _require_columns(frame, [current, base, *keys, unit], "frame")
    df = pd.DataFrame({"__c": _numeric(frame[current], f"column {current!r}"),
                       "__b": _numeric(frame[base], f"column {base!r}")}, index=frame.index)
    df["__unit"] = frame[unit].to_numpy() if unit else list(frame.index)
    for k in keys:
        df[k] = frame[k].to_numpy()
    if not keys:
        df["__all"] = "total"
        keys_ = ["__all"]
    else:
        keys_ = keys
    rows = []
    for key, g in df.groupby(keys_, sort=True, dropna=False):
        miss = g["__c"].isna() | g["__b"].isna()
        c, b = g["__c"].sum(), g["__b"].sum()
        if miss.any():
            res = GrowthResult(None, "incomplete")
        else:
            res = growth(c, b)
        rows.append({"__key": key[0] if len(keys_) == 1 else key, "current": c, "base": b,
                     "n_units": len(g), "value": np.nan if res.value is None else res.value,
                     "status": res.status, "missing_units": list(g.loc[miss, "__unit"])})
    out = pd.DataFrame(rows)
    if out.empty:
        raise ParameterError("frame has no rows to aggregate")
    if len(keys_) == 1:
        out.index = pd.Index(out.pop("__key").to_numpy(), name=None if not keys else keys[0])
    else:
        out.index = pd.MultiIndex.from_tuples(out.pop("__key"), names=keys)
    return out


@dataclass(frozen=True)
class SampleChanges:
    """Changes of the enterprise sample between two periods (§1.6 rule 3).

    Attributes
    ----------
    entries : tuple
        Units in the current sample but not in the previous one (小升规, 新建投产, moved in).
    exits : tuple
        Units in the previous sample but not in the current one.
    base_zero : tuple
        Units of the current sample with a same-sample base of 0 (新建投产: no growth rate of their own).
    continuing : tuple
        Units in both samples.
    """

    entries: tuple = field(default_factory=tuple)
    exits: tuple = field(default_factory=tuple)
    base_zero: tuple = field(default_factory=tuple)
    continuing: tuple = field(default_factory=tuple)

    def table(self) -> pd.DataFrame:
        """One row per unit that entered, left or has a zero base: columns ``unit``, ``change``."""
        rows = [(u, "entry") for u in self.entries] + [(u, "exit") for u in self.exits] + \
               [(u, "base_zero") for u in self.base_zero]
        return pd.DataFrame(rows, columns=["unit", "change"])


def sample_changes(data: pd.DataFrame, *, previous: str | Month, current: str | Month, period: str = "period",
                   unit: str = "credit_code", base: str | None = None) -> SampleChanges:
    """Entries, exits and zero-base units between two periods' samples (同口径, §1.6).

    The sample of a period is the set of units with a row at that period. When the periods are in
    different years this shows the annual directory change; within a year, enterprises added monthly.

    Parameters
    ----------
    data : DataFrame
        Long table with ``period`` and ``unit`` columns (e.g. ``enterprise_monthly``).
    previous, current : str or Month
        The two periods (``YYYY-MM``).
    base : str, optional
        Base column; units of the current sample whose base is 0 are listed in ``base_zero``.

    Examples
    --------
    >>> d = pd.DataFrame({"period": ["2022-12", "2022-12", "2023-04", "2023-04"],
    ...                   "credit_code": ["A", "B", "A", "C"], "b": [1.0, 2.0, 5.0, 0.0]})
    >>> s = sample_changes(d, previous="2022-12", current="2023-04", base="b")
    >>> s.entries, s.exits, s.base_zero, s.continuing
    (('C',), ('B',), ('C',), ('A',))
    """
    _require_columns(data, [period, unit, base], "data")
    months = _months(data[period], f"column {period!r}")
    p, c = Month.parse(previous), Month.parse(current)
    prev_units = set(data.loc[(months == p).to_numpy(), unit])
    cur_rows = data.loc[(months == c).to_numpy()]
    if cur_rows.empty:
        raise InsufficientDataError(f"data has no rows for the current period {c}; check the period column "
                                    f"{period!r}")
    cur_units = set(cur_rows[unit])
    zero: tuple = ()
    if base is not None:
        b = _numeric(cur_rows[base], f"column {base!r}")
        zero = tuple(sorted(cur_rows.loc[(b == 0).to_numpy(), unit]))
    return SampleChanges(tuple(sorted(cur_units - prev_units)), tuple(sorted(prev_units - cur_units)), zero,
                         tuple(sorted(cur_units & prev_units)))


@dataclass(frozen=True)
class NominalComparison:
    """Current total vs last year's *published* total (名义同比) — not a growth rate (§1.6 rule 2)."""

    value: float | None
    status: str
    warning: str


def nominal_comparison(current_total: float, published_last_year_total: float) -> NominalComparison:
    """Nominal comparison (名义同比): current total / last year's published total − 1, with a warning.

    .. math:: r = \\left(\\frac{V_t}{P_{t-12}} - 1\\right) \\times 100

    INDICATORS.md §1.6. The enterprise sample has changed since last year's publication, so this is not
    the official growth rate; use :func:`aggregate_growth` on same-sample bases for that.

    Examples
    --------
    >>> r = nominal_comparison(1060.0, 1000.0)
    >>> round(r.value, 6), r.status, r.warning[:25]
    (6.0, 'ok', 'nominal comparison (名义同比)')
    """
    g = growth(current_total, published_last_year_total)
    return NominalComparison(g.value, g.status,
                             "nominal comparison (名义同比) against last year's published total: the sample "
                             "differs, this is not the same-sample growth rate (同口径增速)")


def deflate(nominal: Any, price_index: Any) -> Any:
    """Comparable-price levels (可比价) from nominal levels and a price index (previous year = 100).

    .. math:: VA_{cp}(t) = \\frac{VA_{nominal}(t)}{PPI(t\\ \\text{vs}\\ t_0) / 100}

    INDICATORS.md §2.2 (single deflation 单缩法). No deflator is ever invented: ``price_index=None`` raises.

    Parameters
    ----------
    nominal : float or Series
        Current-price levels of period *t*.
    price_index : float or Series
        Producer price index (工业品出厂价格指数) of *t* against the same period last year, previous year
        = 100 (e.g. 102.3). A Series must cover every index label of ``nominal``.

    Returns
    -------
    float or Series
        Levels at the base period's prices; growth = deflated / base − 1 (:func:`growth`).

    Examples
    --------
    >>> round(deflate(1023.0, 102.3), 6)
    1000.0
    """
    if price_index is None:
        raise ParameterError("deflate() needs price_index= (PPI, previous year = 100) from the statistics "
                             "bureau; no deflator is assumed. Pass comparable-price levels directly if you "
                             "have them")
    if isinstance(price_index, pd.Series):
        if isinstance(nominal, pd.Series):
            missing = nominal.index.difference(price_index.index)
            if len(missing):
                raise InsufficientDataError(f"price_index has no value for {list(missing)[:10]}; supply a "
                                            "price index for every level (none is assumed)")
            price_index = price_index.reindex(nominal.index)
        pi = _numeric(price_index, "price_index")
        if pi.isna().any() or (pi <= 0).any():
            bad = pi[pi.isna() | (pi <= 0)]
            raise ParameterError(f"price_index has missing or non-positive values at {list(bad.index)[:10]}; "
                                 "supply positive indices (previous year = 100)")
        return nominal / (pi / 100.0)
    pi = _number(price_index, "price_index")
    if pi is None or pi <= 0:
        raise ParameterError(f"price_index={price_index!r} must be a positive index (previous year = 100)")
    if isinstance(nominal, pd.Series | np.ndarray):
        return nominal / (pi / 100.0)
    n = _number(nominal, "nominal")
    return None if n is None else n / (pi / 100.0)
