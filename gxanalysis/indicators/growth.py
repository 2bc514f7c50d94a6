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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.indicators import engine
from gxanalysis.indicators.frames import (
    MonthIndex,
    as_list,
    as_number,
    as_numeric,
    column_array,
    is_missing,
    member,
    month_mask,
    month_ordinals,
    parse_months,
    positions,
    require_columns,
)
from gxanalysis.periods import Month

STATUSES: tuple[str, ...] = (
    "ok", "base_zero", "both_zero", "loss_to_profit", "profit_to_loss", "loss_widened", "loss_narrowed",
    "loss_unchanged", "missing", "not_published", "insufficient_data", "incomplete",
)
"""Every status a growth figure can carry (see the module docstring)."""


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
    c, b = as_number(current, "current"), as_number(base, "base")
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
    c = as_numeric(pd.Series(np.asarray(current, dtype=object)), "current").to_numpy()
    b = as_numeric(pd.Series(np.asarray(base, dtype=object)), "base").to_numpy()
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
    require_columns(frame, [current, base], "frame")
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
                        columns: str | Sequence[str] | None = None,
                        combined_first: bool = False) -> pd.Series | pd.DataFrame:
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
    combined_first : bool
        Under the 1–2月 rule, give the February row the level of the combined January–February period
        (its year-to-date value) instead of NaN: the release calendar used by the forecasting models, where
        1–2月 is one period of the year (INDICATORS.md §1.2). A gap later in the year is still NaN.

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
    >>> single_month_levels(pd.Series([188.0, 318.0, 530.0], index=["2023-02", "2023-03", "2023-05"]),
    ...                     combined_first=True).tolist()
    [188.0, 130.0, nan]
    """
    if isinstance(ytd, pd.Series):
        frame = pd.DataFrame({"__v": as_numeric(ytd, "ytd").to_numpy(),
                              "__m": month_ordinals(pd.Series(ytd.index), "ytd index")})
        out = _difference(frame, ["__v"], "__m", [], jan_feb_combined, combined_first)["__v"]
        return pd.Series(out.to_numpy(), index=ytd.index, name=ytd.name)
    cols = as_list(columns)
    if not cols:
        raise ParameterError("columns= is required with a DataFrame: name the year-to-date value columns "
                             "to difference, e.g. columns=['value_added', 'value_added_base']")
    keys = as_list(by)
    require_columns(ytd, [period, *keys, *cols], "ytd")
    frame = pd.DataFrame({k: ytd[k].to_numpy() for k in keys})
    frame["__m"] = month_ordinals(ytd[period], f"column {period!r}")
    for c in cols:
        frame[c] = as_numeric(ytd[c], f"column {c!r}").to_numpy()
    dup = frame.duplicated([*keys, "__m"])
    if dup.any():
        row = frame.loc[dup].iloc[0]
        m = int(row["__m"])
        raise ParameterError(f"ytd has more than one row for {[row[k] for k in keys]} "
                             f"{Month(m // 12, m % 12 + 1)}; keep one row per group and month")
    diffed = _difference(frame, cols, "__m", keys, jan_feb_combined, combined_first)
    out = ytd.copy()
    for c in cols:
        out[c] = diffed[c].to_numpy()
    return out


def _difference(frame: pd.DataFrame, cols: list[str], mcol: str, keys: list[str],
                jan_feb_combined: bool, combined_first: bool = False) -> pd.DataFrame:
    """Difference year-to-date columns within each group and year; ``mcol`` holds month ordinals."""
    idx = frame[mcol].to_numpy(dtype=np.int64)
    order = np.lexsort((idx, *[pd.factorize(frame[k])[0] for k in reversed(keys)])) if keys else \
        np.argsort(idx, kind="stable")
    o_idx = idx[order]
    month_no = o_idx % 12 + 1
    same_group = np.ones(len(order), dtype=bool)
    for k in keys:
        codes = pd.factorize(frame[k])[0][order]
        same_group &= np.r_[False, codes[1:] == codes[:-1]]
    if not keys:
        same_group = np.r_[False, np.ones(max(len(order) - 1, 0), dtype=bool)]
    consecutive = same_group & np.r_[False, o_idx[1:] == o_idx[:-1] + 1] & (month_no > 1)
    result = pd.DataFrame(index=range(len(frame)))
    for c in cols:
        v = frame[c].to_numpy(dtype=float)[order]
        prev = np.r_[np.nan, v[:-1]]
        single = np.where(consecutive, v - prev, np.nan)
        single = np.where(month_no == 1, v, single)
        if jan_feb_combined:  # January and February: not published, or the combined period's level
            single = np.where(month_no <= 2, v if combined_first else np.nan, single)
        back = np.empty(len(order))
        back[order] = single
        result[c] = back
    return result


def _growth_frame(frame: pd.DataFrame, current: str, base: str, period: str, by: list[str],
                  jan_feb_combined: bool, single: bool) -> pd.DataFrame:
    require_columns(frame, [period, *by, current, base], "data")
    months = parse_months(frame[period], f"column {period!r}")
    if single:
        levels = single_month_levels(frame[[*by, period, current, base]], jan_feb_combined=jan_feb_combined,
                                     period=period, by=by or None, columns=[current, base])
    else:
        levels = frame[[*by, period, current, base]].copy()
        levels[current] = as_numeric(frame[current], f"column {current!r}")
        levels[base] = as_numeric(frame[base], f"column {base!r}")
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
    return _growth_frame(data, current, base, period, as_list(by), jan_feb_combined, single=False)


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
    return _growth_frame(data, current, base, period, as_list(by), jan_feb_combined, single=True)


def _rows_at(panel: Any, month: Month, period: str, columns: Sequence[str] | None = None) -> Any:
    """The rows of ``month``: a pandas frame (with ``columns`` only, if given), or a lazy frame of the engine
    holding the panel (every column)."""
    if isinstance(panel, MonthIndex):
        return panel.at(month, columns) if not panel.lazy else engine.rows_at(panel.frame, month, period)
    if engine.is_lazy(panel):
        engine.require(panel, [period], "panel")
        return engine.rows_at(panel, month, period)
    require_columns(panel, [period], "panel")
    rows = panel[month_mask(panel[period], month, f"panel column {period!r}")]
    return rows if columns is None else rows[list(columns)]


def _panel_is_lazy(panel: Any) -> bool:
    return panel.lazy if isinstance(panel, MonthIndex) else engine.is_lazy(panel)


def _earlier_units(panel: Any, month: Month, unit: str, period: str) -> Any:
    """The units with a row earlier in ``month``'s year than the previous month, as a lazy frame of the engine
    holding the panel (None when there is no such month); on pandas :func:`sample_single_month` marks them
    among the month's rows."""
    months = [Month(month.year, k) for k in range(1, month.month - 1)]
    frame = panel.frame if isinstance(panel, MonthIndex) else panel
    return engine.lazy(engine.rows_in(frame, months, period)).select(unit).unique() if months else None


def _check_one_row(frame: Any, unit: str, month: Month) -> None:
    """A unit with two rows in a month would be counted twice: refuse (the message of single_month_levels)."""
    import narwhals as nw

    if engine.is_lazy(frame):
        got = engine.collect(engine.lazy(frame).select(nw.len().alias("n"), nw.col(unit).n_unique().alias("u")))
        n, u = (got[c].fillna(0).astype(int).iloc[0] if len(got) else 0 for c in ("n", "u"))
        if n != u:
            dup = engine.collect(engine.lazy(frame).group_by(unit).agg(nw.len().alias("n"))
                                 .filter(nw.col("n") > 1).sort(unit).head(1))
            raise ParameterError(f"ytd has more than one row for {[dup[unit].iloc[0]]} {month}; keep one row "
                                 "per group and month")
        return
    dup = frame[unit].duplicated()
    if dup.any():
        raise ParameterError(f"ytd has more than one row for {[frame.loc[dup, unit].iloc[0]]} {month}; keep one "
                             "row per group and month")


def _single_month_core(now: Any, prev: Any, earlier: Any, *, unit: str, cols: list[str]):
    """The month's rows with single-month levels and their status — the one definition, any engine.

    ``now``, ``prev``: the rows of the month and of the previous month; ``earlier``: the units with a row
    earlier in the year (or None). A Narwhals LazyFrame of ``now``'s columns, ``cols`` replaced.
    """
    import narwhals as nw

    lf = engine.lazy(now)
    names = engine.columns(now)
    p = engine.lazy(prev).select(nw.col(unit), *[nw.col(c).cast(nw.Float64).alias(f"__prev{i}")
                                                  for i, c in enumerate(cols)],
                                 nw.lit(1).cast(nw.Int64).alias("__has_prev"))
    j = lf.join(p, on=unit, how="left")
    if earlier is not None:
        j = j.join(engine.lazy(earlier).with_columns(nw.lit(1).cast(nw.Int64).alias("__had")), on=unit, how="left")
    else:
        j = j.with_columns(nw.lit(None, dtype=nw.Float64).alias("__had"))  # a null (a float: pandas has no null int64)
    has_prev = ~nw.col("__has_prev").is_null()
    entered = nw.col("__has_prev").is_null() & nw.col("__had").is_null()
    single = {c: nw.when(entered).then(nw.col(c).cast(nw.Float64))
              .otherwise(nw.col(c).cast(nw.Float64) - nw.col(f"__prev{i}")).alias(c) for i, c in enumerate(cols)}
    status = (nw.when(has_prev).then(nw.lit("ok"))
              .otherwise(nw.when(entered).then(nw.lit("entered")).otherwise(nw.lit("gap")))
              .alias("single_month_status"))
    return j.select(*[single.get(c, nw.col(c)) for c in names], status)


def sample_single_month(panel: pd.DataFrame | MonthIndex, month: str | Month, *, columns: str | Sequence[str],
                        unit: str = "credit_code", period: str = "period",
                        jan_feb_combined: bool = True) -> pd.DataFrame:
    r"""Single-month (当月) levels of the units in ``month``'s sample, from year-to-date rows.

    .. math:: v_i(N) = C_i(N) - C_i(N-1), \qquad i \in S(N)

    INDICATORS.md §1.2, §1.6, §2.3: the sample is the set of units with a row at ``month`` (同口径); each
    unit's single month is the difference of its own year-to-date values (:func:`single_month_levels`), so
    a unit that left the directory earlier in the year does not disturb the month.

    * A unit with no row earlier in the year entered the sample this month (a plant that started
      production, 新建投产): its year to date before the month is zero, so its single month is its year to
      date (``single_month_status = "entered"``).
    * A unit with a row earlier in the year but none at the previous month has a gap: its single month
      cannot be derived (``"gap"``, NaN; an aggregate containing it is ``"incomplete"``). Validation refuses
      such data (a cumulative series must not skip a month).
    * Under the 1–2月 rule January and February are ``"not_published"``.

    Parameters
    ----------
    panel : DataFrame or MonthIndex
        Year-to-date rows (e.g. ``enterprise_monthly``), or a :class:`~gxanalysis.indicators.frames.MonthIndex`
        of them.
    month : str or Month
    columns : str or list of str
        Year-to-date level columns.
    unit : str
        The unit key (default ``credit_code``).

    Returns
    -------
    DataFrame
        The rows of ``month`` with ``columns`` replaced by single-month levels, and ``single_month_status``
        (``ok``, ``entered``, ``gap``, ``not_published``).

    Examples
    --------
    >>> p = pd.DataFrame({"credit_code": ["a", "a", "b", "c", "c"],
    ...                   "period": ["2023-03", "2023-04", "2023-04", "2023-02", "2023-04"],
    ...                   "v": [30.0, 42.0, 9.0, 5.0, 11.0]})
    >>> r = sample_single_month(p, "2023-04", columns="v")
    >>> r["v"].tolist(), r["single_month_status"].tolist()
    ([12.0, 9.0, nan], ['ok', 'entered', 'gap'])
    """
    import narwhals as nw

    m = Month.parse(month)
    cols = as_list(columns)
    now = _rows_at(panel, m, period)
    lazy_panel = _panel_is_lazy(panel)
    if lazy_panel:
        engine.require(now, [unit, *cols], "panel")
    else:
        require_columns(now, [unit, *cols], "panel")
    if jan_feb_combined and m.month <= 2:
        if lazy_panel:
            return engine.lazy(now).with_columns(*[nw.lit(None, dtype=nw.Float64).alias(c) for c in cols],
                                                 nw.lit("not_published").alias("single_month_status")).to_native()
        out = now.copy()
        for c in cols:
            out[c] = np.nan
        out["single_month_status"] = "not_published"
        return out
    if m.month == 1:
        if lazy_panel:
            return engine.lazy(now).with_columns(*[nw.col(c).cast(nw.Float64) for c in cols],
                                                 nw.lit("ok").alias("single_month_status")).to_native()
        out = now.copy()
        out["single_month_status"] = "ok"
        for c in cols:
            out[c] = as_numeric(now[c], f"column {c!r}").to_numpy()
        return out
    if lazy_panel:
        prev = _rows_at(panel, m - 1, period)
        _check_one_row(now, unit, m)
        _check_one_row(prev, unit, m - 1)
        earlier = _earlier_units(panel, m, unit, period)
        return _single_month_core(now, prev, earlier, unit=unit, cols=cols).to_native()
    prev = _rows_at(panel, m - 1, period, columns=[unit, *cols])
    # on pandas each unit is keyed by its row in the month, so the joins of the one definition match
    # integers, not text; a unit not in the month is -1 and matches no row
    months_before = [Month(m.year, k) for k in range(1, m.month - 1)]
    if isinstance(panel, MonthIndex):  # the units numbered once over the panel
        code_now, code_prev = panel.codes_at(m, unit), panel.codes_at(m - 1, unit)
        if np.bincount(code_now).max(initial=0) > 1 or np.bincount(code_prev).max(initial=0) > 1:
            _check_one_row(now, unit, m)
            _check_one_row(prev, unit, m - 1)
        row_of = np.full(max(code_now.max(initial=-1), code_prev.max(initial=-1)) + 1, -1, dtype=np.intp)
        row_of[code_now] = np.arange(len(now))
        prev_rows = row_of[code_prev]
        had = None
        if months_before:  # the month's units with a row earlier in the year than the previous month
            seen = np.zeros(len(panel.frame) + 1, dtype=bool)
            for k in months_before:
                seen[panel.codes_at(k, unit)] = True
            had = seen[code_now]
    else:
        _check_one_row(now, unit, m)
        _check_one_row(prev, unit, m - 1)
        prev_rows = positions(now[unit], prev[unit])
        had = None
        if months_before:
            before = pd.concat([_rows_at(panel, k, period, columns=[unit])[unit] for k in months_before])
            had = member(now[unit], before)
    typed = pd.DataFrame({unit: np.arange(len(now)), "__pos": np.arange(len(now))})
    for c in cols:
        typed[c] = as_numeric(now[c], f"column {c!r}").to_numpy()
    prev_typed = pd.DataFrame({unit: prev_rows})
    for c in cols:
        prev_typed[c] = as_numeric(prev[c], f"column {c!r}").to_numpy()
    earlier = None if had is None else pd.DataFrame({unit: np.flatnonzero(had)})
    got = engine.collect(_single_month_core(typed, prev_typed, earlier, unit=unit, cols=cols)).sort_values("__pos")
    out = now.copy()
    for c in cols:
        out[c] = got[c].to_numpy(dtype=float)
    out["single_month_status"] = got["single_month_status"].to_numpy(dtype=object)
    return out


def sample_single_month_growth(panel: pd.DataFrame | MonthIndex, month: str | Month, *, current: str, base: str,
                               by: str | Sequence[str] | None = None, unit: str = "credit_code",
                               period: str = "period", jan_feb_combined: bool = True) -> pd.DataFrame:
    r"""Single-month growth (当月同比) of an aggregate, on the month's sample, from year-to-date levels.

    .. math:: g_{month}(N) = \frac{\sum_{i \in S(N)} [C_{V,i}(N) - C_{V,i}(N-1)]}
              {\sum_{i \in S(N)} [C_{B,i}(N) - C_{B,i}(N-1)]} - 1

    over the month's sample with the single months of :func:`sample_single_month` (INDICATORS.md §2.3); the
    result has the columns of :func:`aggregate_growth` plus ``n_entered`` (units that entered this month).
    January and February are ``"not_published"`` under the 1–2月 rule.

    Examples
    --------
    >>> p = pd.DataFrame({"credit_code": ["a", "a"], "period": ["2023-03", "2023-04"],
    ...                   "v": [318.0, 430.0], "b": [300.0, 410.0]})
    >>> r = sample_single_month_growth(p, "2023-04", current="v", base="b")
    >>> round(float(r.loc["total", "value"]), 3), r.loc["total", "status"]
    (1.818, 'ok')
    >>> sample_single_month_growth(p, "2023-02", current="v", base="b").loc["total", "status"]
    'not_published'
    """
    import narwhals as nw

    keys = as_list(by)
    rows = sample_single_month(panel, month, columns=[current, base], unit=unit, period=period,
                               jan_feb_combined=jan_feb_combined)
    lazy_rows = engine.is_lazy(rows)
    if jan_feb_combined and Month.parse(month).month <= 2:
        if keys:
            present = (engine.collect(engine.lazy(rows).select(*keys).unique()) if lazy_rows
                       else rows[keys].drop_duplicates())
            present = present.astype(object).where(present.notna(), None)
            present = present.sort_values(keys, na_position="last", kind="mergesort")
            index = (pd.MultiIndex.from_frame(present) if len(keys) > 1
                     else pd.Index(present[keys[0]].to_numpy(), name=keys[0]))
        else:
            index = pd.Index(["total"])
        return pd.DataFrame({"current": np.nan, "base": np.nan, "n_units": 0, "value": np.nan,
                             "status": "not_published", "missing_units": [[] for _ in range(len(index))],
                             "n_entered": 0}, index=index)
    entered = engine.group_sums(rows, by=keys, counts={"entered": nw.col("single_month_status") == "entered"})
    if int(entered["n"].sum()) == 0:
        raise InsufficientDataError(f"no rows for {Month.parse(month)}: no single-month growth")
    out = aggregate_growth(rows, current=current, base=base, by=keys or None, unit=unit)
    if keys:
        n_ent = entered.set_index(keys)["entered"]
        out["n_entered"] = n_ent.reindex(out.index, fill_value=0).astype(int).to_numpy()
    else:
        out["n_entered"] = int(entered["entered"].iloc[0])
    return out


def month_and_ytd(panel: pd.DataFrame | MonthIndex, month: str | Month, *, current: str, base: str,
                  units: Sequence | None = None, unit: str = "credit_code", period: str = "period",
                  jan_feb_combined: bool = True) -> dict[str, Any]:
    """The bureau's three numbers of an indicator: 本月 level, 1–N月累计 level and its growth (同比增长%).

    .. math:: \\text{本月} = \\sum_{i \\in S} v_i(N), \\quad \\text{累计} = \\sum_{i \\in S} C_i(N), \\quad
              g = \\frac{\\sum_{i \\in S} C_i(N)}{\\sum_{i \\in S} C_{B,i}(N)} - 1

    over the month's sample *S* (optionally only the ``units`` listed, e.g. the chain cluster), with the
    single month of :func:`sample_single_month` (None for 1–2月) and the growth of :func:`growth`
    (a status instead of a rate for non-positive bases: 由亏转盈 …). INDICATORS.md §2.3, §9.

    Returns
    -------
    dict
        ``month`` (float or NaN), ``ytd`` (float), ``growth`` (float or NaN), ``growth_status``, ``n_units``.

    Examples
    --------
    >>> p = pd.DataFrame({"credit_code": ["a", "a", "b", "b"], "period": ["2023-03", "2023-04"] * 2,
    ...                   "v": [30.0, 42.0, 10.0, 15.0], "vb": [28.0, 40.0, 9.0, 13.0]})
    >>> r = month_and_ytd(p, "2023-04", current="v", base="vb")
    >>> r["month"], r["ytd"], round(r["growth"], 3), r["growth_status"]
    (17.0, 57.0, 7.547, 'ok')
    """
    import narwhals as nw

    rows = sample_single_month(panel, month, columns=[current], unit=unit, period=period,
                               jan_feb_combined=jan_feb_combined)
    ytd_rows = _rows_at(panel, Month.parse(month), period)
    if units is not None:
        if engine.is_lazy(rows):
            listed = list(pd.unique(pd.Series(list(units), dtype=object)))
            rows = engine.lazy(rows).filter(nw.col(unit).is_in(listed)).to_native()
            ytd_rows = engine.lazy(ytd_rows).filter(nw.col(unit).is_in(listed)).to_native()
        else:
            rows = rows[member(rows[unit], units)]
            ytd_rows = ytd_rows[member(ytd_rows[unit], units)]
    status = nw.col("single_month_status")
    single = engine.lazy(rows).with_columns(
        nw.when(status.is_in(["ok", "entered"])).then(nw.col(current).cast(nw.Float64))
        .otherwise(nw.lit(None, dtype=nw.Float64)).alias("__single"))
    sm = engine.group_sums(single, columns=["__single"],
                           counts={"gap": status == "gap", "used": status.is_in(["ok", "entered"])}).iloc[0]
    month_level = float(sm["__single"]) if sm["used"] and not sm["gap"] else float("nan")
    if engine.is_lazy(ytd_rows):
        levels = engine.lazy(ytd_rows).select(nw.col(current).cast(nw.Float64).alias("__v"),
                                              nw.col(base).cast(nw.Float64).alias("__vb"))
    else:
        levels = pd.DataFrame({"__v": as_numeric(ytd_rows[current], f"column {current!r}").to_numpy(),
                               "__vb": as_numeric(ytd_rows[base], f"column {base!r}").to_numpy()})
    lv = engine.group_sums(levels, columns=["__v", "__vb"]).iloc[0]
    n = int(lv["n"])
    level = float(lv["__v"]) if lv["__null___v"] < n else float("nan")  # sum(min_count=1)
    base_level = float(lv["__vb"]) if lv["__null___vb"] < n else float("nan")
    g = growth(level, base_level)
    return {"month": month_level, "ytd": level, "growth": float("nan") if g.value is None else g.value,
            "growth_status": g.status, "n_units": n}


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
    g = as_numeric(cumulative_growth, "cumulative_growth")
    b = as_numeric(base_ytd, "base_ytd")
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
        if growth_year1 is None or growth_year2 is None or is_missing(growth_year1) or is_missing(growth_year2):
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
    a, b = as_number(ratio_now, "ratio_now"), as_number(ratio_ref, "ratio_ref")
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
    import narwhals as nw

    keys = as_list(by)
    if engine.is_lazy(frame):  # DuckDB or Dask: typed columns, the units named by a column
        engine.require(frame, [current, base, *keys, unit], "frame")
        if unit is None:
            raise ParameterError("unit= is required for a DuckDB or Dask frame (it has no row index): name the "
                                 "column of the units, e.g. unit='credit_code'")
        src = engine.lazy(frame).select(*[nw.col(k) for k in keys],
                                        nw.col(current).cast(nw.Float64).alias("__c"),
                                        nw.col(base).cast(nw.Float64).alias("__b"), nw.col(unit).alias("__unit"))
    else:
        require_columns(frame, [current, base, *keys, unit], "frame")
        src = pd.DataFrame({"__c": as_numeric(frame[current], f"column {current!r}"),
                            "__b": as_numeric(frame[base], f"column {base!r}")}, index=frame.index)
        src["__unit"] = column_array(frame[unit]) if unit else frame.index.to_numpy()
        for k in keys:
            src[k] = column_array(frame[k])
    sums = engine.group_sums(src, by=keys, columns=["__c", "__b"])
    if sums.empty or int(sums["n"].sum()) == 0:
        raise ParameterError("frame has no rows to aggregate")
    incomplete = (sums["__null___c"] > 0) | (sums["__null___b"] > 0)
    missing: dict[Any, list] = {}
    if incomplete.any():  # the units lacking a level, in row order (DuckDB, Dask: by unit)
        lf = engine.lazy(src).filter(nw.col("__c").is_null() | nw.col("__b").is_null()).select(*keys, "__unit")
        rows = engine.collect(lf if not engine.is_lazy(frame) else lf.sort("__unit"))
        for key, g in (rows.groupby(keys, sort=False, dropna=False) if keys else [((), rows)]):
            missing[_group_key(key)] = list(g["__unit"])
    out_rows = []
    for i, r in sums.iterrows():
        key = tuple(r[k] for k in keys) if keys else ("total",)
        res = GrowthResult(None, "incomplete") if incomplete.iloc[i] else growth(r["__c"], r["__b"])
        out_rows.append({"__key": key[0] if len(key) == 1 else key, "current": r["__c"], "base": r["__b"],
                         "n_units": int(r["n"]), "value": np.nan if res.value is None else res.value,
                         "status": res.status, "missing_units": missing.get(_group_key(key), [])})
    out = pd.DataFrame(out_rows)
    if len(keys) <= 1:
        out.index = pd.Index(out.pop("__key").to_numpy(), name=None if not keys else keys[0])
    else:
        out.index = pd.MultiIndex.from_tuples(out.pop("__key"), names=keys)
    return out


def _group_key(key: Any) -> tuple:
    """A group's key as a tuple with missing values made equal (NaN, None and NA are one missing key)."""
    key = key if isinstance(key, tuple) else (key,)
    return tuple(None if is_missing(k) else k for k in key) or ("total",)


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
    require_columns(data, [period, unit, base], "data")
    months = parse_months(data[period], f"column {period!r}")
    p, c = Month.parse(previous), Month.parse(current)
    prev_units = set(data.loc[(months == p).to_numpy(), unit])
    cur_rows = data.loc[(months == c).to_numpy()]
    if cur_rows.empty:
        raise InsufficientDataError(f"data has no rows for the current period {c}; check the period column "
                                    f"{period!r}")
    cur_units = set(cur_rows[unit])
    zero: tuple = ()
    if base is not None:
        b = as_numeric(cur_rows[base], f"column {base!r}")
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
        pi = as_numeric(price_index, "price_index")
        if pi.isna().any() or (pi <= 0).any():
            bad = pi[pi.isna() | (pi <= 0)]
            raise ParameterError(f"price_index has missing or non-positive values at {list(bad.index)[:10]}; "
                                 "supply positive indices (previous year = 100)")
        return nominal / (pi / 100.0)
    pi = as_number(price_index, "price_index")
    if pi is None or pi <= 0:
        raise ParameterError(f"price_index={price_index!r} must be a positive index (previous year = 100)")
    if isinstance(nominal, pd.Series | np.ndarray):
        return nominal / (pi / 100.0)
    n = as_number(nominal, "nominal")
    return None if n is None else n / (pi / 100.0)
