"""Target completion (完成率), schedule gap against time progress (序时进度), behind-schedule monitoring,
and the growth or decline still required to meet a target.

INDICATORS.md §5. Time progress itself is :func:`gxanalysis.periods.time_progress`. Gaps are computed from
**unrounded** completion rates (§1.5): 629.0/647.4 at October is 97.2% and +13.8 pp, not 13.9.

Examples
--------
>>> c = completion_rate(629.0, 647.4)
>>> round(c, 3), round(schedule_gap(c, "2023-10"), 3), classify_schedule(schedule_gap(c, "2023-10"))
(97.158, 13.825, 'ahead')
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.indicators.frames import (
    as_number,
    as_numeric,
    column_array,
    member,
    month_rows,
    require_columns,
    text_array,
    text_take,
    values_at,
)
from gxanalysis.periods import Month, Period, time_progress, week_bounds

SCHEDULE_CLASSES = ("ahead", "on_track", "behind", "seriously_behind")
"""Schedule classes: 超序时 / 符合序时 / 滞后 / 严重滞后 (bands are [U], §5.3)."""


def completion_rate(actual, target):
    """Target completion rate (完成率), percent.

    .. math:: \\text{completion} = \\frac{\\text{actual}_{YTD}}{\\text{annual target}} \\times 100

    INDICATORS.md §5.2. Above 100% is valid. Series: NaN (and no error) where the target is missing or
    not positive — check ``target > 0`` upstream; scalars raise.

    Examples
    --------
    >>> round(completion_rate(629.0, 647.4), 1), round(completion_rate(313.64, 1015), 2)
    (97.2, 30.9)
    """
    if isinstance(actual, pd.Series) or isinstance(target, pd.Series):
        t = target.where(target > 0) if isinstance(target, pd.Series) else (
            target if target and target > 0 else np.nan)
        return actual / t * 100
    a, t = as_number(actual, "actual"), as_number(target, "target")
    if t is None or t <= 0:
        raise ParameterError(f"target={target!r} must be a positive annual target")
    if a is None:
        raise ParameterError("actual is missing; a completion rate needs the year-to-date value")
    return a / t * 100


def schedule_gap(completion, period: Period | Month | str | None = None, *, progress: float | None = None,
                 basis: Literal["month", "day"] = "month", as_of: dt.date | None = None):
    """Gap between completion and time progress, percentage points (超/低于序时进度).

    .. math:: \\text{gap} = \\text{completion} - \\text{time\\_progress}

    INDICATORS.md §5.1–5.2. Positive = ahead (超序时), negative = behind (滞后). Pass the unrounded
    completion rate.

    Parameters
    ----------
    completion : float or Series
        Completion rate (%), unrounded.
    period : Period, Month or str
        Reporting period (its last month gives N/12).
    progress : float, optional
        Time progress (%) directly, instead of ``period``.
    basis, as_of
        Passed to :func:`gxanalysis.periods.time_progress` (day basis [U]).

    Examples
    --------
    >>> round(schedule_gap(30.9004926, "2021-03"), 2), round(schedule_gap(23.7, "2018-03"), 1)
    (5.9, -1.3)
    """
    if progress is None:
        if period is None:
            raise ParameterError("schedule_gap needs period= (e.g. '2023-10') or progress= (time progress, %)")
        progress = time_progress(period, basis=basis, as_of=as_of)
    return completion - progress


def classify_schedule(gap, tol: float = 0.0, serious: float = 5.0):
    """Classify a schedule gap (pp) as ahead / on_track / behind / seriously_behind.

    * ``ahead`` if gap > tol; ``on_track`` if |gap| ≤ tol;
    * ``behind`` if −serious ≤ gap < −tol; ``seriously_behind`` if gap < −serious.

    INDICATORS.md §5.3: the bands are not official [U] — defaults tol = 0, serious = 5 pp, to be confirmed
    by the bureau. A missing gap gives ``"missing"``.

    Examples
    --------
    >>> [classify_schedule(g) for g in (13.8, 0.0, -1.3, -7.0)]
    ['ahead', 'on_track', 'behind', 'seriously_behind']
    >>> classify_schedule(pd.Series([1.0, -6.0, None]), tol=1.0).tolist()
    ['on_track', 'seriously_behind', 'missing']
    """
    if tol < 0 or serious < tol:
        raise ParameterError(f"tol={tol} and serious={serious}: need 0 ≤ tol ≤ serious (pp)")
    if isinstance(gap, pd.Series | np.ndarray):
        g = pd.Series(gap, dtype=float) if not isinstance(gap, pd.Series) else gap.astype(float)
        out = np.select([g.isna(), g > tol, g >= -tol, g >= -serious],
                        ["missing", "ahead", "on_track", "behind"], default="seriously_behind")
        return pd.Series(out, index=g.index, name=g.name, dtype=object)
    g = as_number(gap, "gap")
    if g is None:
        return "missing"
    if g > tol:
        return "ahead"
    if g >= -tol:
        return "on_track"
    return "behind" if g >= -serious else "seriously_behind"


@dataclass(frozen=True)
class MonitoringCadence:
    """Monitoring cadence of every enterprise (日调度 / 周调度 / 月调度) and the lists behind it.

    Attributes
    ----------
    table : DataFrame
        One row per enterprise: ``credit_code``, ``name``, ``is_key``, ``actual``, ``target``,
        ``completion`` (%), ``time_progress`` (%), ``gap`` (pp), ``schedule`` (class or ``"no_target"`` /
        ``"missing"``), ``cadence`` (``daily``/``weekly``/``monthly``), ``reason``.
    daily, weekly, monthly : tuple of str
        Credit codes under each cadence.
    """

    table: pd.DataFrame
    daily: tuple
    weekly: tuple
    monthly: tuple


def monitoring_cadence(enterprises: pd.DataFrame, monthly: pd.DataFrame, targets: pd.DataFrame,
                       period: str | Month, *, value: str = "gross_output", tol: float = 0.0,
                       serious: float = 5.0, daily_from: Literal["behind", "seriously_behind"] = "behind",
                       sample_only: bool = True) -> MonitoringCadence:
    """Which enterprises to follow daily, weekly or monthly (以日保周、以周保月 …, §5.3 [U]).

    * **daily** — behind schedule (completion below time progress by more than ``tol``; with
      ``daily_from="seriously_behind"`` only those more than ``serious`` pp behind);
    * **weekly** — key enterprises (骨干企业, ``is_key``) not under daily monitoring;
    * **monthly** — every other above-scale enterprise.

    The enterprises considered are the month's sample (those with a row of ``monthly`` at ``period``);
    ``sample_only=False`` also lists the directory's other enterprises (as ``missing``). An enterprise
    without a target for the year is never "behind" (schedule ``no_target``).

    .. math:: \\text{gap}_i = \\frac{Y_i^{YTD}}{T_i} \\times 100 - \\frac{N}{12} \\times 100

    Parameters
    ----------
    enterprises : DataFrame
        Table ``enterprises`` (``credit_code``, ``name``, ``is_key``).
    monthly : DataFrame
        Table ``enterprise_monthly`` (``credit_code``, ``period``, ``value`` column YTD).
    targets : DataFrame
        Table ``enterprise_targets`` (``credit_code``, ``year``, ``output_target``).
    period : str or Month
        Reporting month.
    value : str
        The YTD column compared with the target (default ``gross_output``, 万元).
    tol, serious : float
        Bands of :func:`classify_schedule`.

    Examples
    --------
    >>> ent = pd.DataFrame({"credit_code": ["A", "B", "C"], "name": ["甲", "乙", "丙"], "is_key": [True, True, False]})
    >>> mon = pd.DataFrame({"credit_code": ["A", "B", "C"], "period": "2023-06", "gross_output": [40.0, 60.0, 55.0]})
    >>> tgt = pd.DataFrame({"credit_code": ["A", "B", "C"], "year": 2023, "output_target": [100.0, 100.0, 100.0]})
    >>> c = monitoring_cadence(ent, mon, tgt, "2023-06")
    >>> c.daily, c.weekly, c.monthly
    (('A',), ('B',), ('C',))
    """
    month = Month.parse(period)
    require_columns(enterprises, ["credit_code", "is_key"], "enterprises")
    rows = month_rows(monthly, month, "monthly")
    require_columns(rows, ["credit_code", "period", value], "monthly")
    require_columns(targets, ["credit_code", "year", "output_target"], "targets")
    if daily_from not in ("behind", "seriously_behind"):
        raise ParameterError(f"daily_from={daily_from!r}; use 'behind' or 'seriously_behind'")
    actual = as_numeric(rows.set_index("credit_code")[value], f"monthly column {value!r}")
    actual = actual[~actual.index.duplicated(keep="last")]
    tg = targets[pd.to_numeric(targets["year"], errors="coerce") == month.year]
    target = as_numeric(tg.set_index("credit_code")["output_target"], "targets column 'output_target'")
    target = target[~target.index.duplicated(keep="last")]
    ent = enterprises.drop_duplicates("credit_code").set_index("credit_code")
    if sample_only:
        ent = ent[member(ent.index, actual.index)]
    codes = ent.index
    tbl = pd.DataFrame({"credit_code": codes,
                        "name": column_array(ent["name"]) if "name" in ent.columns else None,
                        "is_key": ent["is_key"].astype(bool).to_numpy(),
                        "actual": values_at(actual, codes),
                        "target": values_at(target, codes)})
    tp = time_progress(month)
    tbl["completion"] = completion_rate(tbl["actual"], tbl["target"])
    tbl["time_progress"] = tp
    tbl["gap"] = tbl["completion"] - tp
    sched = classify_schedule(tbl["gap"], tol, serious)
    sched = np.where(tbl["target"].isna() | (tbl["target"] <= 0), "no_target", sched)
    sched = np.where((sched != "no_target") & tbl["actual"].isna(), "missing", sched)
    tbl["schedule"] = text_array(sched)
    behind = ("behind", "seriously_behind") if daily_from == "behind" else ("seriously_behind",)
    is_daily = np.isin(sched, behind)
    which = np.select([is_daily, tbl["is_key"].to_numpy()], [0, 1], default=2)  # daily, weekly, monthly
    tbl["cadence"] = text_take(["daily", "weekly", "monthly"], which)
    tbl["reason"] = text_take(["behind schedule (低于序时进度)", "key enterprise (骨干企业)", "above-scale enterprise"],
                              which)
    codes_arr = tbl["credit_code"].to_numpy(dtype=object)
    pick = lambda k: tuple(codes_arr[which == k].tolist())  # noqa: E731
    return MonitoringCadence(tbl, pick(0), pick(1), pick(2))


def _daily_frame(daily_records: pd.DataFrame, month: Month, value: str, first: int | None = None) -> pd.DataFrame:
    require_columns(daily_records, ["credit_code", "date", value], "daily_records")
    d = daily_records[["credit_code", "date", value]].copy()
    d["date"] = pd.to_datetime(d["date"], errors="coerce", format="ISO8601")
    if d["date"].isna().any():
        raise ParameterError("daily_records has dates that are not YYYY-MM-DD; fix column 'date'")
    d = d[(d["date"].dt.year == month.year) & (d["date"].dt.month >= (first or month.month))
          & (d["date"].dt.month <= month.month)]
    if d.empty:
        raise InsufficientDataError(f"daily_records has no rows in {month}; check the month")
    d[value] = as_numeric(d[value], f"daily_records column {value!r}")
    return d.sort_values(["credit_code", "date"])


def daily_progress(daily_records: pd.DataFrame, target: pd.Series | float, month: str | Month, *,
                   target_scope: Literal["year", "month"] = "year", ytd_before: pd.Series | float | None = None,
                   value: str = "output_value", tol: float = 0.0, serious: float = 5.0,
                   jan_feb_combined: bool = True) -> pd.DataFrame:
    """Progress of enterprises under daily monitoring (日调度): cumulative output to each day vs time progress.

    .. math::

        \\text{completion}_d = \\frac{Y^{YTD}_{m-1} + \\sum_{k \\le d} y_k}{T_{year}} \\times 100,
        \\quad \\text{progress}_d = \\frac{\\text{day of year}(d)}{365\\text{ or }366} \\times 100

    or, with ``target_scope="month"``, month-to-date output over the month's target against
    day/days-in-month. INDICATORS.md §5.1 (day-based time progress [U]), §5.3.

    Parameters
    ----------
    daily_records : DataFrame
        Table ``daily_records``: ``credit_code``, ``date``, ``output_value`` (万元).
    target : Series or float
        Annual target (``target_scope="year"``) or the month's target (``"month"``), indexed by credit_code
        (a float applies to every enterprise).
    month : str or Month
    ytd_before : Series or float, optional
        Year scope: year-to-date output at the end of the previous month (from ``enterprise_monthly``),
        by credit_code. Required after the year's first period (no zero is assumed).
    jan_feb_combined : bool
        Under the 1–2月 rule the February period runs from 1 January: the records of January and February
        count, and there is no earlier output to add.

    Returns
    -------
    DataFrame
        ``credit_code``, ``date``, the daily value, ``cumulative``, ``completion`` (%), ``time_progress`` (%),
        ``gap`` (pp), ``schedule``.

    Examples
    --------
    >>> rec = pd.DataFrame({"credit_code": "A", "date": ["2023-06-01", "2023-06-02"], "output_value": [1.0, 1.0]})
    >>> p = daily_progress(rec, 60.0, "2023-06", target_scope="month")
    >>> p["completion"].round(2).tolist(), p["time_progress"].round(2).tolist()
    ([1.67, 3.33], [3.33, 6.67])
    """
    m = Month.parse(month)
    combined = jan_feb_combined and m.month == 2
    d = _daily_frame(daily_records, m, value, first=1 if combined else None)
    if combined and ytd_before is None:
        ytd_before = 0.0
    codes = d["credit_code"].unique()
    tgt = (target.reindex(codes) if isinstance(target, pd.Series) else pd.Series(float(target), index=codes))
    if tgt.isna().any() or (tgt <= 0).any():
        raise ParameterError(f"target is missing or not positive for {list(tgt[tgt.isna() | (tgt <= 0)].index)}; "
                             "give a positive target for every enterprise under daily monitoring")
    d["cumulative"] = d.groupby("credit_code")[value].cumsum()
    if target_scope == "year":
        if ytd_before is None:
            if m.month != 1 and not combined:
                raise ParameterError(f"ytd_before= is required for {m}: the year-to-date output at the end of "
                                     f"{m - 1} (enterprise_monthly), by credit_code")
            before = pd.Series(0.0, index=codes)
        else:
            before = (ytd_before.reindex(codes) if isinstance(ytd_before, pd.Series)
                      else pd.Series(float(ytd_before), index=codes))
            if before.isna().any():
                raise ParameterError(f"ytd_before has no value for {list(before[before.isna()].index)}")
        d["cumulative"] = d["cumulative"] + d["credit_code"].map(before)
        d["time_progress"] = [time_progress(m, basis="day", as_of=x.date()) for x in d["date"]]
    elif target_scope == "month":
        d["time_progress"] = [x.day / m.days * 100 for x in d["date"]]
    else:
        raise ParameterError(f"target_scope={target_scope!r}; use 'year' or 'month'")
    d["completion"] = d["cumulative"] / d["credit_code"].map(tgt) * 100
    d["gap"] = d["completion"] - d["time_progress"]
    d["schedule"] = classify_schedule(d["gap"], tol, serious)
    return d.reset_index(drop=True)


def weekly_progress(daily_records: pd.DataFrame, target: pd.Series | float, month: str | Month, **kwargs
                    ) -> pd.DataFrame:
    """Weekly view of :func:`daily_progress` (周调度): the position at the last recorded day of each ISO week.

    INDICATORS.md §5.3 (week definition [U]: Monday–Sunday). Same parameters as :func:`daily_progress`;
    adds ``week_start`` and ``week_output`` (output recorded in the week within the month).

    Examples
    --------
    >>> rec = pd.DataFrame({"credit_code": "A", "date": pd.date_range("2023-06-01", "2023-06-12").astype(str),
    ...                     "output_value": 1.0})
    >>> w = weekly_progress(rec, 60.0, "2023-06", target_scope="month")
    >>> w["week_start"].astype(str).tolist(), w["week_output"].tolist()
    (['2023-05-29', '2023-06-05', '2023-06-12'], [4.0, 7.0, 1.0])
    """
    d = daily_progress(daily_records, target, month, **kwargs)
    value = kwargs.get("value", "output_value")
    d["week_start"] = [week_bounds(x.date())[0] for x in d["date"]]
    week_out = d.groupby(["credit_code", "week_start"])[value].sum().rename("week_output")
    last = d.groupby(["credit_code", "week_start"]).tail(1).set_index(["credit_code", "week_start"])
    last = last.join(week_out).reset_index()
    return last[["credit_code", "week_start", "date", "week_output", "cumulative", "completion",
                 "time_progress", "gap", "schedule"]]


@dataclass(frozen=True)
class RequiredGrowth:
    """Growth (%) needed in the remaining months.

    Attributes
    ----------
    value : float or None
        Unrounded percent; None unless ``status == "ok"``.
    status : str
        ``"ok"`` or ``"no_remaining_period"`` (December: nothing remains).
    flag : str or None
        None, ``"target_secured"`` (≤ 0 needed: the target is reached even if the remaining months shrink)
        or ``"unrealistically_high"`` (above ``realistic_max``).
    base_share : float
        s = B_done / B_total, the share of last year's base already elapsed.
    """

    value: float | None
    status: str
    flag: str | None
    base_share: float = float("nan")


def _required(target: float, ytd_growth: float, s: float, realistic_max: float) -> RequiredGrowth:
    if s >= 1:
        return RequiredGrowth(None, "no_remaining_period", None, s)
    g = (((1 + target / 100) - s * (1 + ytd_growth / 100)) / (1 - s) - 1) * 100
    flag = "target_secured" if g <= 0 else ("unrealistically_high" if g > realistic_max else None)
    return RequiredGrowth(g, "ok", flag, s)


def required_growth(target: float, ytd_growth: float, base_done: float, base_total: float, *,
                    realistic_max: float = 20.0) -> RequiredGrowth:
    """Growth needed in the rest of the year to reach an annual growth target (§5.4).

    .. math:: g_{req} = \\frac{(1+T) B_{total} - (1+g_N) B_{done}}{B_{total} - B_{done}} - 1

    INDICATORS.md §5.4. Inputs in percent; bases are last year's levels (1..N months and full year), same
    sample, comparable prices. N = 12 (``base_done == base_total``) → ``"no_remaining_period"``.

    Parameters
    ----------
    target : float
        Annual growth target T (%).
    ytd_growth : float
        Year-to-date growth g_N (%).
    base_done, base_total : float
        Last year's level for months 1..N and for the whole year.
    realistic_max : float
        Required growth above this (%) is flagged ``"unrealistically_high"`` [U].

    Examples
    --------
    >>> round(required_growth(6.0, 5.0, 670.0, 1050.0).value, 2)
    7.76
    >>> required_growth(6.0, 5.0, 1050.0, 1050.0).status
    'no_remaining_period'
    """
    t, g = as_number(target, "target"), as_number(ytd_growth, "ytd_growth")
    bd, bt = as_number(base_done, "base_done"), as_number(base_total, "base_total")
    if None in (t, g, bd, bt):
        raise ParameterError("required_growth needs target, ytd_growth, base_done and base_total (none missing)")
    if bt <= 0 or bd < 0 or bd > bt:
        raise ParameterError(f"base_done={base_done!r}, base_total={base_total!r}: need 0 ≤ base_done ≤ "
                             "base_total and base_total > 0 (last year's levels for months 1..N and the year)")
    return _required(t, g, bd / bt, realistic_max)


def required_remaining_growth(now: pd.DataFrame, last_december: pd.DataFrame, month: str | Month,
                              target: float, *, current: str = "value_added", base: str = "value_added_base",
                              unit: str = "credit_code", realistic_max: float = 20.0) -> RequiredGrowth:
    """Growth the months after ``month`` must deliver for the year to reach ``target``, from the panel.

    .. math:: g_{req} = \\frac{(1+T) B_{total} - (1+g_N) B_{done}}{B_{total} - B_{done}} - 1

    with, over the enterprises of ``month``'s sample *S* (same sample, INDICATORS.md §5.4, §1.6):
    :math:`g_N = \\sum_S V / \\sum_S B - 1` (year to date), :math:`B_{done} = \\sum_S B` (their same-sample
    base to ``month``) and :math:`B_{total}` = their value added in the whole of last year (last December's
    year-to-date values).

    Parameters
    ----------
    now : DataFrame
        The panel rows of ``month`` (year to date).
    last_december : DataFrame
        The panel rows of December of the year before.
    month : str or Month
    target : float
        Annual growth target T, percent.

    Returns
    -------
    RequiredGrowth
        ``status="no_remaining_period"`` in December.

    Raises
    ------
    InsufficientDataError
        When last December's levels are missing or do not exceed the base already elapsed.
    """
    m = Month.parse(month)
    if m.month == 12:
        return RequiredGrowth(None, "no_remaining_period", None, 1.0)
    require_columns(now, [unit, current, base], "now")
    require_columns(last_december, [unit, current], "last_december")
    from gxanalysis.indicators import engine

    dec = last_december.loc[member(last_december[unit], now[unit])]
    base_total = float(engine.group_sums(pd.DataFrame({"v": as_numeric(dec[current], f"column {current!r}")}),
                                         columns=["v"])["v"].iloc[0])
    sums = engine.group_sums(pd.DataFrame({"v": as_numeric(now[current], f"column {current!r}").to_numpy(),
                                           "b": as_numeric(now[base], f"column {base!r}").to_numpy()}),
                             columns=["v", "b"]).iloc[0]
    base_done = float(sums["b"])
    if base_done <= 0 or base_total <= base_done:
        raise InsufficientDataError(
            f"last year's full-year value added of the {m} sample ({base_total:,.1f}) does not exceed its base "
            f"to {m} ({base_done:,.1f}); the growth required in the remaining months needs last December's "
            "levels (load the December rows of last year)")
    ytd = float(sums["v"]) / base_done * 100 - 100
    return required_growth(target, ytd, base_done, base_total, realistic_max=realistic_max)


def required_growth_from_share(target: float, ytd_growth: float, base_share: float, *,
                               realistic_max: float = 20.0) -> RequiredGrowth:
    """Base-share form of :func:`required_growth`, with s = B_done / B_total (a fraction, 0–1).

    .. math:: g_{req} = \\frac{(1+T) - s(1+g_N)}{1-s} - 1

    INDICATORS.md §5.4; test vector T16 (T = 6%, g_N = 5%, s = 0.65 → 7.857%).

    Examples
    --------
    >>> round(required_growth_from_share(6.0, 5.0, 0.65).value, 3)
    7.857
    """
    s = as_number(base_share, "base_share")
    if s is None or not 0 <= s <= 1:
        raise ParameterError(f"base_share={base_share!r} must be a fraction in [0, 1] (B_done / B_total)")
    return _required(float(target), float(ytd_growth), s, realistic_max)


def required_annual_decline(target_total_decline: float, achieved_decline: float, remaining_years: float
                            ) -> float:
    """Even annual decline (%) still needed to reach a plan-period decline target.

    .. math:: d_{req} = 1 - \\left(\\frac{1 - D_{target}}{1 - D_{achieved}}\\right)^{1/n_{remaining}}

    INDICATORS.md §5.4 (energy practice, [S73]). Declines are positive percentages (13.5 = fell 13.5%).
    A negative result means the target is already met.

    Examples
    --------
    >>> round(required_annual_decline(13.5, 5.0, 3), 2)
    3.08
    """
    if remaining_years is None or remaining_years <= 0:
        raise ParameterError(f"remaining_years={remaining_years!r} must be positive")
    if target_total_decline >= 100 or achieved_decline >= 100:
        raise ParameterError("declines must be below 100%")
    ratio = (1 - target_total_decline / 100) / (1 - achieved_decline / 100)
    return (1 - ratio ** (1 / remaining_years)) * 100


def even_annual_decline(total_decline: float, years: float) -> float:
    """Even annual decline (%) that compounds to ``total_decline`` over ``years``.

    .. math:: d = 1 - (1 - D)^{1/n}

    INDICATORS.md §5.4; test vector T17 (13.5% over 5 years → 2.86%/yr).

    Examples
    --------
    >>> round(even_annual_decline(13.5, 5), 2)
    2.86
    """
    if years is None or years <= 0 or not math.isfinite(years):
        raise ParameterError(f"years={years!r} must be positive")
    return required_annual_decline(total_decline, 0.0, years)
