"""Follow-up of enterprises' problems, supervised tasks, 5G base stations and recognitions.

* problem closure rate and overdue problems (问题办结率, 超期问题; F8);
* supervision tasks rated red / yellow / blue (督办任务红黄蓝; F9);
* 5G base stations: stock, new this year, per 10,000 people (5G基站; F7; INDICATORS.md §8);
* recognitions counted by kind, level and year (专精特新 …; F10; INDICATORS.md §8).

Examples
--------
>>> t = pd.DataFrame({"task_id": ["1", "2", "3"], "due_date": ["2023-04-10", "2023-05-10", "2023-09-01"],
...                   "completed_date": [None, None, None]})
>>> rate_tasks(t, "2023-04-30")["rating"].tolist()
['red', 'yellow', 'blue']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.indicators.frames import as_list, as_numeric, parse_months, require_columns
from gxanalysis.labels import RATING
from gxanalysis.periods import Month

RATINGS_ZH = {k: v["zh"] for k, v in RATING.items()}


def _date(value, name: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        ts = pd.NaT
    if pd.isna(ts):
        raise ParameterError(f"{name}={value!r} is not a date; write it as YYYY-MM-DD")
    return ts.normalize()


def _dates(series: pd.Series, what: str, required: bool) -> pd.Series:
    out = pd.to_datetime(series, errors="coerce", format="ISO8601")
    bad = out.isna() & series.notna() & (series.astype(str).str.strip() != "")
    if bad.any():
        raise ParameterError(f"{what}: {series[bad].iloc[0]!r} is not a date (row {series[bad].index[0]!r}); "
                             "write dates as YYYY-MM-DD")
    if required and out.isna().any():
        raise ParameterError(f"{what} is blank in row {out.index[out.isna()][0]!r}; every row needs a date")
    return out


@dataclass(frozen=True)
class ProblemClosure:
    """Problem closure (F8): ``summary`` per group (``raised``, ``closed``, ``open``, ``overdue``,
    ``closure_rate`` %, ``closed_on_time``), and ``overdue``: the open problems past their due date."""

    summary: pd.DataFrame
    overdue: pd.DataFrame
    as_of: dt.date


def problem_closure(problems: pd.DataFrame, as_of: str | dt.date, *, by: str | Sequence[str] | None = None
                    ) -> ProblemClosure:
    """Closure rate of enterprises' problems (问题办结率) and the overdue list (F8).

    .. math:: \\text{closure rate} = \\frac{\\#\\{\\text{closed by } d\\}}{\\#\\{\\text{raised by } d\\}} \\times 100

    A problem is closed at ``as_of`` if its ``closed_date`` ≤ ``as_of``; overdue if still open and its
    ``due_date`` < ``as_of``. ``closed_on_time`` counts closures on or before the due date. Only problems
    raised by ``as_of`` count; when there are none the total row has zero counts and no rate (NaN).

    Parameters
    ----------
    problems : DataFrame
        Table ``problems``: ``problem_id``, ``raised_date``, ``due_date``, ``closed_date``, ``department`` ….
    as_of : str or date
    by : str or list of str, optional
        E.g. ``"department"``; None → ``"total"``.

    Examples
    --------
    >>> p = pd.DataFrame({"problem_id": ["1", "2", "3"], "department": ["甲", "甲", "乙"],
    ...                   "raised_date": ["2023-01-05", "2023-02-01", "2023-03-01"],
    ...                   "due_date": ["2023-02-01", "2023-03-01", "2023-06-01"],
    ...                   "closed_date": ["2023-01-20", None, None]})
    >>> r = problem_closure(p, "2023-04-30")
    >>> float(round(r.summary.loc["total", "closure_rate"], 1)), r.overdue["problem_id"].tolist()
    (33.3, ['2'])
    """
    day = _date(as_of, "as_of")
    keys = as_list(by)
    require_columns(problems, ["problem_id", "raised_date", "due_date", "closed_date", *keys], "problems")
    p = problems.copy()
    raised = _dates(p["raised_date"], "problems column 'raised_date'", True)
    due = _dates(p["due_date"], "problems column 'due_date'", True)
    closed = _dates(p["closed_date"], "problems column 'closed_date'", False)
    p = p[(raised <= day).to_numpy()].copy()
    due, closed = due[p.index], closed[p.index]
    p["is_closed"] = closed.notna() & (closed <= day)
    p["is_overdue"] = ~p["is_closed"] & (due < day)
    p["closed_on_time"] = p["is_closed"] & (closed <= due)
    p["days_overdue"] = np.where(p["is_overdue"], (day - due).dt.days, 0)
    if not keys:
        p["__all"] = "total"
    g = p.groupby(keys or ["__all"], dropna=False)
    summary = pd.DataFrame({"raised": g.size(), "closed": g["is_closed"].sum(),
                            "overdue": g["is_overdue"].sum(), "closed_on_time": g["closed_on_time"].sum()})
    if not keys and summary.empty:  # nothing raised by the date: zero counts, no rate
        summary = pd.DataFrame({"raised": [0], "closed": [0], "overdue": [0], "closed_on_time": [0]},
                               index=["total"])
    summary = summary.astype({"raised": int, "closed": int, "overdue": int, "closed_on_time": int})
    summary["open"] = summary["raised"] - summary["closed"]
    summary["closure_rate"] = (summary["closed"] / summary["raised"].where(summary["raised"] > 0)) * 100
    if not keys:
        summary.index.name = None
    overdue = p[p["is_overdue"]].sort_values("days_overdue", ascending=False, kind="stable")
    overdue = overdue.drop(columns=[c for c in ("__all", "is_closed", "is_overdue", "closed_on_time")
                                    if c in overdue.columns]).reset_index(drop=True)
    return ProblemClosure(summary, overdue, day.date())


def rate_tasks(tasks: pd.DataFrame, as_of: str | dt.date, *, due_soon_days: int = 15) -> pd.DataFrame:
    """Rate the supervised tasks issued by a date red / yellow / blue (督办任务红黄蓝; F9).

    Only tasks issued by ``as_of`` (``start_date`` ≤ ``as_of``) are on the board; a task issued later does
    not exist yet at that date. A task is open at ``as_of`` if ``completed_date`` is blank or later:

    * **red** (红) — open and past its due date (``due_date`` < ``as_of``);
    * **yellow** (黄) — open and due within ``due_soon_days`` days (0 ≤ due − as_of ≤ ``due_soon_days``);
    * **blue** (蓝) — the rest, including every task completed by ``as_of``.

    Parameters
    ----------
    tasks : DataFrame
        Table ``supervision_tasks`` (``due_date``, ``completed_date``, and ``start_date`` — a frame without
        ``start_date`` is taken as all issued).
    as_of : str or date
    due_soon_days : int
        The yellow window [U] (default 15).

    Returns
    -------
    DataFrame
        The tasks issued by ``as_of`` with ``is_open``, ``days_to_due`` (negative when overdue), ``rating``
        and ``rating_zh``.

    Examples
    --------
    >>> t = pd.DataFrame({"task_id": ["1", "2", "3"], "start_date": ["2023-01-05", "2023-01-05", "2023-05-02"],
    ...                   "due_date": ["2023-04-01", "2023-04-01", "2023-06-01"],
    ...                   "completed_date": ["2023-03-30", "2023-04-20", None]})
    >>> rate_tasks(t, "2023-04-10")[["task_id", "rating"]].values.tolist()
    [['1', 'blue'], ['2', 'red']]
    """
    if due_soon_days < 0:
        raise ParameterError(f"due_soon_days={due_soon_days!r} must be ≥ 0")
    day = _date(as_of, "as_of")
    require_columns(tasks, ["due_date", "completed_date"], "tasks")
    out = tasks
    if "start_date" in tasks.columns:
        issued = _dates(tasks["start_date"], "tasks column 'start_date'", False)
        out = tasks[(issued.isna() | (issued <= day)).to_numpy()]
    out = out.copy()
    due = _dates(out["due_date"], "tasks column 'due_date'", True)
    done = _dates(out["completed_date"], "tasks column 'completed_date'", False)
    out["is_open"] = done.isna() | (done > day)
    out["days_to_due"] = (due - day).dt.days
    out["rating"] = np.select([out["is_open"] & (out["days_to_due"] < 0),
                               out["is_open"] & (out["days_to_due"] <= due_soon_days)],
                              ["red", "yellow"], default="blue").astype(object)
    out["rating_zh"] = out["rating"].map(RATINGS_ZH)
    return out


def base_station_summary(base_stations: pd.DataFrame, period: str | Month, *, by: str | None = "county",
                         population: pd.Series | float | None = None) -> pd.DataFrame:
    """5G base stations: stock at ``period``, new this year and density per 10,000 people (F7; §8).

    .. math::

        \\text{new} = \\text{stock}_{t} - \\text{stock}_{\\text{Dec}(y-1)}, \\qquad
        \\text{per 10k} = \\frac{\\text{stock}_t}{\\text{population} / 10^4}

    INDICATORS.md §8 (净增 = end − previous year-end; the population definition is [U]: pass the resident
    population you use).

    Parameters
    ----------
    base_stations : DataFrame
        Table ``base_stations``: ``county``, ``period``, ``stations`` (stock at month end).
    period : str or Month
    by : str or None
        ``"county"`` (default, plus a ``"total"`` row) or None for the total only.
    population : Series or float, optional
        Persons (not 万人): a Series by county (and optionally ``"total"``), or a float for the total.

    Returns
    -------
    DataFrame
        ``stations``, ``stations_last_december``, ``new_this_year`` (NaN with status
        ``"no_december_stock"`` if last December is missing), ``per_10k_people``, ``status``.

    Examples
    --------
    >>> bs = pd.DataFrame({"county": ["A", "B", "A", "B"], "period": ["2022-12", "2022-12", "2023-04", "2023-04"],
    ...                    "stations": [100, 50, 130, 60]})
    >>> r = base_station_summary(bs, "2023-04", population=pd.Series({"A": 200000, "B": 100000, "total": 300000}))
    >>> r["new_this_year"].tolist(), round(float(r.loc["total", "per_10k_people"]), 2)
    ([30.0, 10.0, 40.0], 6.33)
    """
    month = Month.parse(period)
    require_columns(base_stations, ["period", "stations", by], "base_stations")
    d = base_stations.copy()
    d["__m"] = parse_months(d["period"], "base_stations column 'period'").to_numpy()
    d["stations"] = as_numeric(d["stations"], "base_stations column 'stations'")
    last_dec = Month(month.year - 1, 12)
    now = d[d["__m"] == month]
    if now.empty:
        raise InsufficientDataError(f"base_stations has no rows for {month}")
    dec = d[d["__m"] == last_dec]
    if by:
        cur = now.groupby(by)["stations"].sum()
        prev = dec.groupby(by)["stations"].sum().reindex(cur.index)
        cur.loc["total"] = cur.sum()
        prev.loc["total"] = prev.sum() if prev.notna().all() and len(dec) else np.nan
    else:
        cur = pd.Series({"total": now["stations"].sum()})
        prev = pd.Series({"total": dec["stations"].sum() if len(dec) else np.nan})
    out = pd.DataFrame({"stations": cur.astype(float), "stations_last_december": prev.astype(float)})
    out["new_this_year"] = out["stations"] - out["stations_last_december"]
    if population is None:
        out["per_10k_people"] = np.nan
    else:
        pop = (population.reindex(out.index).astype(float) if isinstance(population, pd.Series)
               else pd.Series(np.nan, index=out.index).where(out.index != "total", float(population)))
        out["per_10k_people"] = out["stations"] / (pop.where(pop > 0) / 1e4)
    out["status"] = np.where(out["stations_last_december"].isna(), "no_december_stock", "ok")
    return out


def recognitions_as_of(recognitions: pd.DataFrame, as_of: str | dt.date | None = None) -> pd.DataFrame:
    """The recognitions granted by ``as_of``: where the table has a ``date`` (认定日期) column, rows whose
    date is later are left out; rows without a date count from their ``year`` (a year after ``as_of``'s
    is left out too). With ``as_of=None`` every row.

    Examples
    --------
    >>> r = pd.DataFrame({"credit_code": ["A", "B", "C"], "year": [2023, 2023, 2023],
    ...                   "date": ["2023-03-20", "2023-06-01", None]})
    >>> recognitions_as_of(r, "2023-04-30")["credit_code"].tolist()
    ['A', 'C']
    """
    if as_of is None:
        return recognitions
    day = _date(as_of, "as_of")
    require_columns(recognitions, ["year"], "recognitions")
    keep = (pd.to_numeric(recognitions["year"], errors="coerce") <= day.year).to_numpy().copy()
    if "date" in recognitions.columns:
        dates = _dates(recognitions["date"], "recognitions column 'date'", False)
        keep &= (dates.isna() | (dates <= day)).to_numpy()
    return recognitions[keep]


def recognition_count(recognitions: pd.DataFrame, *, year: int, kind: str, level: str,
                      as_of: str | dt.date | None = None) -> int:
    """Recognitions of ``kind`` at ``level`` granted in ``year`` (by ``as_of`` when given; F10, §8).

    Examples
    --------
    >>> r = pd.DataFrame({"credit_code": ["A", "B"], "year": [2023, 2023], "kind": "专精特新中小企业",
    ...                   "level": "省级", "date": ["2023-03-20", "2023-06-01"]})
    >>> recognition_count(r, year=2023, kind="专精特新中小企业", level="省级", as_of="2023-04-30")
    1
    """
    require_columns(recognitions, ["year", "kind", "level"], "recognitions")
    r = recognitions_as_of(recognitions, as_of)
    return int(((pd.to_numeric(r["year"], errors="coerce") == int(year)) & (r["kind"] == kind)
                & (r["level"] == level)).sum())


def recognition_counts(recognitions: pd.DataFrame, *, by: Sequence[str] = ("kind", "level", "year"),
                       up_to_year: int | None = None, cumulative: bool = False,
                       as_of: str | dt.date | None = None) -> pd.DataFrame:
    """Counts of recognised enterprises (专精特新, 绿色工厂 …) by kind, level and year (F10; §8).

    Each row of ``recognitions`` is one recognition. With ``cumulative=True`` and ``"year"`` in ``by``, each
    year shows recognitions up to and including it (累计培育, cumulative recognitions — not the number
    currently valid, whose rules are [U]). With ``as_of``, only recognitions granted by that date
    (:func:`recognitions_as_of`).

    Examples
    --------
    >>> r = pd.DataFrame({"credit_code": ["A", "B", "A"], "year": [2022, 2023, 2023],
    ...                   "kind": ["专精特新中小企业"] * 2 + ["专精特新小巨人"], "level": ["省级", "省级", "国家级"]})
    >>> recognition_counts(r, by=["kind", "year"], cumulative=True)["count"].tolist()
    [1, 2, 0, 1]
    """
    keys = list(by)
    require_columns(recognitions, ["credit_code", *keys, *(["year"] if up_to_year else [])], "recognitions")
    r = recognitions_as_of(recognitions, as_of).copy()
    if up_to_year is not None:
        r = r[pd.to_numeric(r["year"], errors="coerce") <= int(up_to_year)]
    counts = r.groupby(keys, dropna=False).size().rename("count").reset_index()
    if cumulative:
        if "year" not in keys:
            raise ParameterError("cumulative=True needs 'year' in by=")
        others = [k for k in keys if k != "year"]
        full = []
        years = sorted(counts["year"].unique())
        groups = counts.groupby(others, dropna=False) if others else [((), counts)]
        for key, g in groups:
            s = g.set_index("year")["count"].reindex(years, fill_value=0).cumsum()
            part = s.rename("count").reset_index()
            for k, v in zip(others, key if isinstance(key, tuple) else (key,), strict=False):
                part[k] = v
            full.append(part)
        counts = pd.concat(full, ignore_index=True)[keys + ["count"]]
    return counts.sort_values(keys, kind="stable").reset_index(drop=True)
