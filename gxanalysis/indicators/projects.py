"""Key industrial projects (重点工业项目): start and resume rates, investment completion, projects behind plan.

INDICATORS.md §6. Columns as in the schema tables ``projects`` (year, project_id, name, county, chain_id,
kind 新建/续建, planned_start, actual_start, total_investment, annual_plan, in_stats) and ``project_monthly``
(project_id, period, investment YTD).

Examples
--------
>>> round(100 * 206 / 255, 1), round(100 * 28 / 66, 1)
(80.8, 42.4)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.indicators.frames import as_list, as_numeric, is_missing, parse_months, require_columns
from gxanalysis.indicators.schedule import classify_schedule
from gxanalysis.periods import Month, time_progress

Denominator = Literal["to_date", "annual"]
_PROJECT_COLS = ["year", "project_id", "kind", "planned_start", "actual_start"]


def _year_projects(projects: pd.DataFrame, month: Month, extra: Sequence[str] = ()) -> pd.DataFrame:
    require_columns(projects, [*_PROJECT_COLS, *extra], "projects")
    p = projects[pd.to_numeric(projects["year"], errors="coerce") == month.year].copy()
    if p.empty:
        raise InsufficientDataError(f"projects has no list for {month.year}; load that year's key-project list")
    bad = set(p["kind"]) - {"新建", "续建"}
    if bad:
        raise ParameterError(f"projects column 'kind' has {sorted(bad)}; allowed: 新建 (new), 续建 (ongoing)")
    p["__planned"] = parse_months(p["planned_start"], "projects column 'planned_start'").to_numpy()
    p["__actual"] = [None if is_missing(v) or str(v).strip() == "" else Month.parse(v) for v in p["actual_start"]]
    return p


def _rate(num: float, den: float) -> float:
    return num / den * 100 if den > 0 else np.nan


def start_rates(projects: pd.DataFrame, period: str | Month, *, denominator: Denominator = "to_date",
                by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Start rate (开工率), resume rate (复工率) and start-or-resume rate (开复工率), in percent.

    .. math::

        \\text{开工率} = \\frac{\\#\\{p \\in N : s_p \\le t\\}}{\\# N}, \\quad
        \\text{复工率} = \\frac{\\#\\{p \\in O : s_p \\le t\\}}{\\# O}, \\quad
        \\text{开复工率} = \\frac{\\#\\{p \\in N \\cup O : s_p \\le t\\}}{\\#(N \\cup O)}
        \\quad (\\times 100)

    INDICATORS.md §6.1; test vectors T10 (206/255 = 80.8%, annual denominator) and T11 (28/66 = 42.4%).
    *N* is the set of new projects (新建) and *O* the set of ongoing projects (续建) in the denominator, *s_p*
    the month a project actually started or resumed and *t* the reporting month. **Numerator and
    denominator are counted on the same set of projects**, so no rate exceeds 100%, and the rates of a
    partition of the projects (by county, by chain) combine to the total's rate from the counts.

    Parameters
    ----------
    projects : DataFrame
        Table ``projects``.
    period : str or Month
        Reporting month; the year's list is ``projects.year == period.year``.
    denominator : {"to_date", "annual"}
        ``"to_date"`` (default; the plan to date): the new projects whose planned start is at or before
        ``period``, plus every ongoing project of the list (they are due to resume from the start of the
        year); a new project that started ahead of its planned month is counted once it is due.
        ``"annual"``: every project of the year's list (the annual plan, as in T10). The choice varies
        between reports [V]; see ``docs/assumptions.md``.
    by : str or list of str, optional
        Group keys, e.g. ``"chain_id"`` or ``"county"``; None → one row ``"total"``.

    Returns
    -------
    DataFrame
        Per group: ``new_planned`` and ``new_started`` (new projects in the denominator, and of those the
        ones started), ``ongoing_planned`` and ``ongoing_resumed``, ``start_rate``, ``resume_rate``,
        ``start_or_resume_rate`` (NaN when the set is empty) and ``denominator``.

    Examples
    --------
    >>> p = pd.DataFrame({"year": 2023, "project_id": ["a", "b", "c", "d", "e"],
    ...                   "kind": ["新建", "新建", "新建", "续建", "续建"],
    ...                   "planned_start": ["2023-03", "2023-04", "2023-09", "2023-02", "2023-06"],
    ...                   "actual_start": ["2023-03", None, "2023-04", "2023-02", None]})
    >>> r = start_rates(p, "2023-04")
    >>> r.loc["total", ["new_planned", "new_started", "ongoing_planned", "ongoing_resumed"]].tolist()
    [2, 1, 2, 1]
    >>> r[["start_rate", "resume_rate", "start_or_resume_rate"]].round(1).loc["total"].tolist()
    [50.0, 50.0, 50.0]
    >>> float(start_rates(p, "2023-04", denominator="annual").loc["total", "start_or_resume_rate"])
    60.0
    """
    month = Month.parse(period)
    if denominator not in ("to_date", "annual"):
        raise ParameterError(f"denominator={denominator!r} is not allowed; use 'to_date' (new projects due to "
                             "start by the period and every ongoing project) or 'annual' (the whole year's list)")
    keys = as_list(by)
    p = _year_projects(projects, month, keys)
    p["__new"] = (p["kind"] == "新建").to_numpy()
    if denominator == "annual":
        in_set = np.ones(len(p), dtype=bool)
    else:
        due = np.array([m <= month for m in p["__planned"]], dtype=bool)
        in_set = ~p["__new"].to_numpy() | due
    done = np.array([a is not None and a <= month for a in p["__actual"]], dtype=bool)
    p["__in"] = in_set
    p["__done"] = in_set & done
    if not keys:
        p["__all"] = "total"
    rows = []
    for key, g in p.groupby(keys or ["__all"], sort=True, dropna=False):
        new, old = g[g["__new"]], g[~g["__new"]]
        r = {"new_planned": int(new["__in"].sum()), "new_started": int(new["__done"].sum()),
             "ongoing_planned": int(old["__in"].sum()), "ongoing_resumed": int(old["__done"].sum())}
        r["start_rate"] = _rate(r["new_started"], r["new_planned"])
        r["resume_rate"] = _rate(r["ongoing_resumed"], r["ongoing_planned"])
        r["start_or_resume_rate"] = _rate(r["new_started"] + r["ongoing_resumed"],
                                          r["new_planned"] + r["ongoing_planned"])
        r["denominator"] = denominator
        r["__key"] = key[0] if len(key) == 1 else key
        rows.append(r)
    out = pd.DataFrame(rows)
    if len(keys) > 1:
        out.index = pd.MultiIndex.from_tuples(out.pop("__key"), names=keys)
    else:
        out.index = pd.Index(out.pop("__key").to_numpy(), name=keys[0] if keys else None)
    return out


def _investment_at(projects: pd.DataFrame, project_monthly: pd.DataFrame, month: Month,
                   in_stats_only: bool, keys: list[str]) -> pd.DataFrame:
    p = _year_projects(projects, month, ["annual_plan", *keys, *(["in_stats"] if in_stats_only else [])])
    if in_stats_only:
        p = p[p["in_stats"].astype(bool)]
    require_columns(project_monthly, ["project_id", "period", "investment"], "project_monthly")
    pm = project_monthly[(parse_months(project_monthly["period"], "project_monthly column 'period'") == month)
                         .to_numpy()]
    inv = as_numeric(pm.set_index("project_id")["investment"], "project_monthly column 'investment'")
    inv = inv[~inv.index.duplicated(keep="last")]
    p["annual_plan"] = as_numeric(p["annual_plan"], "projects column 'annual_plan'")
    p["completed"] = inv.reindex(p["project_id"]).to_numpy()
    not_started = [a is None or a > month for a in p["__actual"]]
    # no row and not started: nothing invested yet; no row but started: unknown (missing)
    p["investment_status"] = np.where(p["completed"].notna(), "ok",
                                      np.where(not_started, "not_started", "missing"))
    p["completed"] = p["completed"].where(~(p["investment_status"] == "not_started"), 0.0)
    return p


def investment_completion(projects: pd.DataFrame, project_monthly: pd.DataFrame, period: str | Month, *,
                          by: str | Sequence[str] | None = None, in_stats_only: bool = False,
                          tol: float = 0.0, serious: float = 5.0) -> pd.DataFrame:
    """Investment completion rate (投资完成率) against the annual plan, by group, with the schedule gap.

    .. math:: \\text{completion} = \\frac{\\sum \\text{investment}_{YTD}}{\\sum \\text{annual plan}} \\times 100,
              \\quad \\text{gap} = \\text{completion} - N/12 \\times 100

    INDICATORS.md §6.2, §5.2; test vector T8 (629.0/647.4 = 97.2%, +13.8 pp at October). A project without a
    ``project_monthly`` row at ``period`` counts 0 if it has not started, otherwise its group is
    ``"incomplete"`` (rate NaN, the projects listed in ``missing_projects``).

    Parameters
    ----------
    projects, project_monthly : DataFrame
        Schema tables ``projects`` and ``project_monthly`` (YTD 万元).
    period : str or Month
    by : str or list of str, optional
        E.g. ``"chain_id"`` or ``"county"``; None → ``"total"``.
    in_stats_only : bool
        Only projects registered in the statistics (入库纳统, ``in_stats``) — the statistical scope; the
        default is the management ledger (项目台账), §6.3.
    tol, serious : float
        Bands of :func:`~gxanalysis.indicators.schedule.classify_schedule`.

    Returns
    -------
    DataFrame
        Per group: ``n_projects``, ``annual_plan``, ``completed``, ``completion_rate``, ``time_progress``,
        ``gap``, ``schedule``, ``status``, ``missing_projects``.

    Examples
    --------
    >>> p = pd.DataFrame({"year": 2023, "project_id": ["a", "b"], "kind": "续建", "planned_start": "2023-02",
    ...                   "actual_start": "2023-02", "annual_plan": [400.0, 247.4]})
    >>> m = pd.DataFrame({"project_id": ["a", "b"], "period": "2023-10", "investment": [400.0, 229.0]})
    >>> r = investment_completion(p, m, "2023-10")
    >>> float(round(r.loc["total", "completion_rate"], 1)), float(round(r.loc["total", "gap"], 1))
    (97.2, 13.8)
    """
    month = Month.parse(period)
    keys = as_list(by)
    p = _investment_at(projects, project_monthly, month, in_stats_only, keys)
    if not keys:
        p["__all"] = "total"
    tp = time_progress(month)
    rows = []
    for key, g in p.groupby(keys or ["__all"], sort=True, dropna=False):
        miss = g["investment_status"] == "missing"
        plan, done = float(g["annual_plan"].sum()), float(g["completed"].sum())
        rate = np.nan if miss.any() or plan <= 0 else done / plan * 100
        status = "incomplete" if miss.any() else ("no_plan" if plan <= 0 else "ok")
        rows.append({"__key": key[0] if len(key) == 1 else key, "n_projects": len(g), "annual_plan": plan,
                     "completed": done, "completion_rate": rate, "time_progress": tp, "gap": rate - tp,
                     "status": status, "missing_projects": list(g.loc[miss, "project_id"])})
    out = pd.DataFrame(rows)
    out.insert(out.columns.get_loc("status"), "schedule", classify_schedule(out["gap"], tol, serious).to_numpy())
    if len(keys) > 1:
        out.index = pd.MultiIndex.from_tuples(out.pop("__key"), names=keys)
    else:
        out.index = pd.Index(out.pop("__key").to_numpy(), name=keys[0] if keys else None)
    return out


def projects_behind_plan(projects: pd.DataFrame, project_monthly: pd.DataFrame, period: str | Month, *,
                         margin: float = 0.0, in_stats_only: bool = False,
                         include_not_due: bool = False) -> pd.DataFrame:
    """Projects whose investment completion is below time progress by more than ``margin`` pp (滞后项目).

    .. math:: \\frac{I_{YTD}}{P_{annual}} \\times 100 < \\frac{N}{12} \\times 100 - \\text{margin}

    INDICATORS.md §6.2, §5.3 (the margin is [U]). Projects with no investment row although started are
    listed with ``investment_status="missing"`` and are not judged. A project not yet started whose planned
    start is after ``period`` is not due yet and is left out unless ``include_not_due=True``.

    Returns
    -------
    DataFrame
        One row per project behind plan, worst first: ``project_id``, ``name``, ``county``, ``chain_id``,
        ``annual_plan``, ``completed``, ``completion_rate``, ``time_progress``, ``gap``.

    Examples
    --------
    >>> p = pd.DataFrame({"year": 2023, "project_id": ["a", "b"], "kind": "新建", "planned_start": "2023-03",
    ...                   "actual_start": ["2023-03", None], "annual_plan": [100.0, 100.0]})
    >>> m = pd.DataFrame({"project_id": ["a"], "period": "2023-06", "investment": [45.0]})
    >>> projects_behind_plan(p, m, "2023-06")["project_id"].tolist()
    ['b', 'a']
    """
    month = Month.parse(period)
    p = _investment_at(projects, project_monthly, month, in_stats_only, [])
    p = p[p["investment_status"] != "missing"]
    if not include_not_due:
        due = [(a is not None and a <= month) or pl <= month
               for a, pl in zip(p["__actual"], p["__planned"], strict=True)]
        p = p[np.asarray(due, dtype=bool)]
    plan = p["annual_plan"].where(p["annual_plan"] > 0)
    p["completion_rate"] = p["completed"] / plan * 100
    p["time_progress"] = time_progress(month)
    p["gap"] = p["completion_rate"] - p["time_progress"]
    behind = p[p["gap"] < -margin].sort_values("gap", kind="stable")
    cols = [c for c in ["project_id", "name", "county", "chain_id", "kind", "annual_plan", "completed",
                        "completion_rate", "time_progress", "gap", "investment_status"] if c in behind.columns]
    return behind[cols].reset_index(drop=True)


def new_starts(projects: pd.DataFrame, period: str | Month) -> pd.DataFrame:
    """Projects of the year's list that started (新建) or resumed (续建) in the month ``period`` (当月新开工).

    INDICATORS.md §6.1.

    Examples
    --------
    >>> p = pd.DataFrame({"year": 2023, "project_id": ["a", "b"], "kind": ["新建", "续建"],
    ...                   "planned_start": "2023-03", "actual_start": ["2023-04", "2023-03"]})
    >>> new_starts(p, "2023-04")["project_id"].tolist()
    ['a']
    """
    month = Month.parse(period)
    p = _year_projects(projects, month)
    hit = [a is not None and a == month for a in p["__actual"]]
    return p.loc[hit, [c for c in projects.columns]].reset_index(drop=True)
