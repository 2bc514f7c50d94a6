"""The headline figures of a reporting month: every figure of the bureau's monthly account (SEED.md F1–F11).

One function, :func:`headline_figures`, used by ``gx summary``, by the runner's ``summary.csv`` and by the
monthly-overview notebook, so the three can never disagree. Each row is one figure, computed from levels
with the indicator library and rounded only for display:

``indicator, scope, period, value, unit, status``

``value`` is the display value (text, half-up rounding, "--" when not computable) and ``status`` is
``ok`` or the indicator's structured status (``base_zero``, ``missing``, ``no_data`` …).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gxanalysis.errors import GxError, InsufficientDataError
from gxanalysis.indicators import capacity, energy, follow_up, growth, projects, ranking, schedule
from gxanalysis.indicators.display import format_number
from gxanalysis.periods import Month, Period

COLUMNS = ["indicator", "scope", "period", "value", "unit", "status"]

LABELS_ZH: dict[str, str] = {
    "va_growth_ytd": "规上工业增加值累计增速",
    "va_growth_month": "规上工业增加值当月增速",
    "province_rank": "累计增速全省排名",
    "province_rank_change": "排名较上期变化(位次)",
    "rank_streak_months": "连续保持该位次(月)",
    "rank_streak_releases": "连续保持该位次(期)",
    "va_growth_target": "全年增速目标",
    "va_growth_required": "完成全年目标后续月份需增长",
    "capacity_attainment_mean": "规上企业平均达产率",
    "key_projects": "重点工业项目个数",
    "start_resume_rate": "重点项目开复工率",
    "investment_completed": "重点项目完成投资",
    "investment_completion_rate": "重点项目年度投资完成率",
    "chain_output": "“2+4”产业链群产值",
    "chain_output_growth": "“2+4”产业链群产值增速",
    "energy_intensity_change": "规上工业单位增加值能耗变化(当量值)",
    "energy_intensity_change_ytd": "规上工业单位增加值能耗累计变化(当量值)",
    "base_stations_new": "本年新建5G基站",
    "base_stations_total": "5G基站总数",
    "problems_raised": "企业反映问题(件)",
    "problems_closed": "已办结问题(件)",
    "problem_closure_rate": "问题办结率",
    "supervision_tasks": "督办重点任务",
    "supervision_red": "红色(逾期)任务",
    "supervision_yellow": "黄色(临期)任务",
    "supervision_blue": "蓝色(正常)任务",
    "zjtx_provincial_new": "本年新认定省级专精特新中小企业",
    "monitoring_daily": "日调度企业(未达序时进度)",
    "monitoring_weekly": "周调度企业(骨干企业)",
    "monitoring_monthly": "月调度企业(其他规上企业)",
}
"""Chinese label of each indicator (the report shows these; the CSV keeps the English names)."""


@dataclass(frozen=True)
class SummaryOptions:
    """Choices behind the headline figures; the defaults are the bureau's conventions ([U] items)."""

    capacity_variant: str = "A"
    capacity_average: str = "mean"
    start_rate_denominator: str = "to_date"
    schedule_tolerance_pp: float = 0.0
    seriously_behind_pp: float = 5.0
    due_soon_days: int = 15
    rank_ties: str = "min"
    va_growth_target: float | None = None


def _fmt(value: Any, precision: int = 1) -> str:
    return format_number(value, precision)


def _row(rows: list[dict], indicator: str, scope: str, period: Any, value: Any, unit: str,
         status: str = "ok", precision: int = 1) -> None:
    text = _fmt(value, precision) if status == "ok" or value is not None else "--"
    if value is None or (isinstance(value, float) and value != value):
        text = "--"
        status = status if status != "ok" else "missing"
    rows.append({"indicator": indicator, "scope": scope, "period": str(period), "value": text,
                 "unit": unit, "status": status})


def _member(values: pd.Series, candidates: pd.Series) -> np.ndarray:
    """``values.isin(candidates)`` through a hash index: fast for millions of string codes (also with the
    Arrow-backed strings of pandas 3, whose ``isin`` loops in Python)."""
    return pd.Index(pd.unique(candidates.dropna())).get_indexer(values) >= 0


class _ByMonth:
    """Rows of a monthly table by month, indexed once (a province panel has millions of rows)."""

    def __init__(self, frame: pd.DataFrame, column: str = "period") -> None:
        self.frame = frame
        self.positions = frame.groupby(column, sort=False, observed=True).indices

    def at(self, month: Month) -> pd.DataFrame:
        pos = self.positions.get(pd.Period(str(month), "M"))
        return self.frame.iloc[pos] if pos is not None else self.frame.iloc[0:0]

    def totals(self, columns: list[str], year: int, last: Month) -> pd.DataFrame:
        """Column sums per month of ``year`` up to ``last`` (one row per month, ``period`` column)."""
        arrays = {c: self.frame[c].to_numpy(dtype=float) for c in columns}
        end = pd.Period(str(last), "M")
        months = sorted(m for m in self.positions if m.year == year and m <= end)
        return pd.DataFrame({"period": pd.PeriodIndex(months, freq="M"),
                             **{c: [arrays[c][self.positions[m]].sum() for m in months] for c in columns}})


def va_growth_target(dataset: Any, year: int, override: float | None = None) -> float | None:
    """The city's annual value-added growth target (%): ``override`` if given, else the ``targets`` table."""
    if override is not None:
        return float(override)
    t = dataset.targets
    sel = t[(t["year"] == year) & (t["indicator"] == "va_growth") & (t["scope"] == "city")]
    return float(sel["value"].iloc[0]) if len(sel) else None


def required_remaining_growth(now: pd.DataFrame, last_december: pd.DataFrame, month: Month,
                              target: float) -> schedule.RequiredGrowth | None:
    """Growth the months after ``month`` must deliver for the year to reach ``target`` (INDICATORS.md §5.4).

    ``now`` holds the enterprises' year-to-date rows at ``month`` (their sample), ``last_december`` last
    year's December rows: the full-year base is last year's value added of this year's sample, the base done
    is the same-sample base to ``month``. None when no month remains or the bases do not allow it.
    """
    if month.month == 12:
        return None
    base_total = float(last_december.loc[_member(last_december["credit_code"], now["credit_code"]),
                                         "value_added"].sum())
    base_done = float(now["value_added_base"].sum())
    if base_total <= base_done or base_done <= 0:
        return None
    ytd = float(now["value_added"].sum()) / base_done * 100 - 100
    return schedule.required_growth(target, ytd, base_done, base_total)


def headline_figures(period: str | Month, *, data_dir: Path | None = None, dataset: Any = None,
                     options: SummaryOptions | None = None) -> pd.DataFrame:
    """Every headline figure for a reporting month (SEED.md F1–F11), from levels.

    Parameters
    ----------
    period : str or Month
        Reporting month ``YYYY-MM``.
    data_dir : Path, optional
        Folder of the bureau's tables (default: ``GX_DATA_DIR`` or the demo city).
    dataset : Dataset, optional
        An already loaded dataset (then ``data_dir`` is ignored).
    options : SummaryOptions, optional
        Conventions: 达产率 variant and average, 开复工率 denominator, schedule bands, rank ties.

    Returns
    -------
    pandas.DataFrame
        Columns ``indicator, scope, period, value, unit, status``; ``value`` is the display text.

    Raises
    ------
    InsufficientDataError
        When the data hold no enterprise figures for ``period`` (names the latest month available).

    Notes
    -----
    Definitions (INDICATORS.md sections):

    * F1 ``va_growth_ytd`` — Σ value added / Σ same-sample base − 1 over the enterprises of the month
      (comparable prices, year to date; §1.6, §2.3).
    * F2 ``province_rank`` — rank of the home city's published year-to-date growth among the province's
      cities (§8; ties ``min``); the streak counts months, a 1–2月 release counting as two.
    * F3 ``capacity_attainment_mean`` — simple mean over enterprises of output ÷ (design capacity × N/12)
      (variant A, §4.2).
    * F4 — projects of the year's list; 开复工率 over projects due to start by the month (§6.1);
      investment completed this year (§6.2).
    * F5 — gross output value (current prices) of enterprises in the "2+4" chains and its growth (§1.3).
    * F6 — change in energy per unit of value added (当量值, comparable prices) in the last full year (§7.4).
    * F7–F10 — follow-up work (§8): 5G stations, problems, supervision tasks, recognitions.
    * F11 — enterprises by monitoring cadence (§5.3).
    """
    from gxanalysis.data.dataset import load_dataset

    opts = options or SummaryOptions()
    ds = dataset if dataset is not None else load_dataset(data_dir)
    month = Month.parse(period)
    ytd = Period.year_to_date(month)
    em = ds.enterprise_monthly
    by_month = _ByMonth(em)
    now = by_month.at(month)
    if now.empty:
        months = em["period"].dropna()
        latest = str(months.max()) if len(months) else "none"
        raise InsufficientDataError(f"no enterprise figures for {month} in {ds.source_dir}; the latest month "
                                    f"in the data is {latest}; run with --period {latest} or load that "
                                    "month's data")
    rows: list[dict] = []
    city = ds.home_city

    # F1 value-added growth (year to date and single month), from same-sample levels
    agg = growth.aggregate_growth(now, current="value_added", base="value_added_base")
    _row(rows, "va_growth_ytd", city, ytd, agg["value"].iloc[0], "%", agg["status"].iloc[0])
    totals = by_month.totals(["value_added", "value_added_base"], month.year, month)
    sm = growth.single_month_growth(totals, current="value_added", base="value_added_base")
    sm_now = sm[sm["period"] == pd.Period(str(month), "M")] if "period" in sm.columns else sm.iloc[0:0]
    if len(sm_now):
        _row(rows, "va_growth_month", city, month, sm_now["value"].iloc[0], "%", sm_now["status"].iloc[0])
    else:
        _row(rows, "va_growth_month", city, month, None, "%", "not_published")

    # F2 rank in the province and streak
    cg = ds.city_growth
    try:
        r = ranking.rank_of(cg, city, month, ties=opts.rank_ties)
        _row(rows, "province_rank", city, ytd, r.rank, "位", "ok" if r.rank is not None else r.status, 0)
        _row(rows, "province_rank_change", city, ytd, r.rank_change, "位",
             "ok" if r.rank_change is not None else r.status, 0)
        s = ranking.rank_streak(cg, city, month, unit="months", ties=opts.rank_ties)
        span = f"{s.start.start}..{s.end.end}"
        _row(rows, "rank_streak_months", city, span, s.count, "个月", "ok", 0)
        _row(rows, "rank_streak_releases", city, span, len(s.releases), "期", "ok", 0)
    except InsufficientDataError:
        for name in ("province_rank", "province_rank_change", "rank_streak_months", "rank_streak_releases"):
            _row(rows, name, city, ytd, None, "位", "no_data", 0)

    # target and the growth the remaining months must deliver (§5.4), on same-sample bases
    target = va_growth_target(ds, month.year, opts.va_growth_target)
    if target is not None:
        _row(rows, "va_growth_target", city, month.year, target, "%")
        req = required_remaining_growth(now, by_month.at(Month(month.year - 1, 12)), month, target)
        if req is not None:
            _row(rows, "va_growth_required", city, Period(month.year, month.month + 1, 12), req.value, "%",
                 req.status if req.status != "high" else "ok")
        else:
            _row(rows, "va_growth_required", city, month.year, None, "%", "no_remaining_period")

    # F3 capacity attainment
    per = capacity.capacity_attainment(ds.enterprises, now, month, variant=opts.capacity_variant)
    avg = capacity.average_attainment(per, how=opts.capacity_average)
    _row(rows, "capacity_attainment_mean", "规上工业企业", ytd, avg.value, "%")

    # F4 key projects
    year_projects = ds.projects[ds.projects["year"] == month.year]
    _row(rows, "key_projects", f"{month.year}年重点工业项目", month.year, len(year_projects), "个", "ok", 0)
    sr = projects.start_rates(ds.projects, month, denominator=opts.start_rate_denominator)
    _row(rows, "start_resume_rate", f"denominator={opts.start_rate_denominator}", ytd,
         sr.loc["total", "start_or_resume_rate"], "%")
    inv = projects.investment_completion(ds.projects, ds.project_monthly, month)
    _row(rows, "investment_completed", f"{month.year}年重点工业项目", ytd,
         inv.loc["total", "completed"] / 10_000, "亿元")
    _row(rows, "investment_completion_rate", f"{month.year}年重点工业项目", ytd,
         inv.loc["total", "completion_rate"], "%", inv.loc["total", "status"])

    # F5 chain cluster output value and growth (current prices)
    chain_rows = now[_member(now["credit_code"], ds.enterprises.loc[
        ds.enterprises["chain_id"].notna() & (ds.enterprises["chain_id"] != ""), "credit_code"])]
    out = float(chain_rows["gross_output"].sum())
    _row(rows, "chain_output", "“2+4”产业链群", ytd, out / 10_000, "亿元")
    cg_g = growth.aggregate_growth(chain_rows, current="gross_output", base="gross_output_base")
    _row(rows, "chain_output_growth", "“2+4”产业链群", ytd, cg_g["value"].iloc[0], "%", cg_g["status"].iloc[0])

    # F6 energy intensity: last full year, and year to date
    for label, m in (("energy_intensity_change", Month(month.year - 1, 12)), ("energy_intensity_change_ytd",
                                                                              month)):
        sub = by_month.at(m).dropna(subset=["energy", "energy_base"])
        per_label = str(m.year) if label == "energy_intensity_change" else str(Period.year_to_date(m))
        if sub.empty:
            _row(rows, label, "规上工业", per_label, None, "%", "no_data")
            continue
        ic = energy.intensity_change_from_levels(float(sub["energy"].sum()), float(sub["energy_base"].sum()),
                                                 float(sub["value_added"].sum()),
                                                 float(sub["value_added_base"].sum()))
        _row(rows, label, "规上工业", per_label, ic.value, "%", ic.status)

    # F7 5G base stations
    bs = follow_up.base_station_summary(ds.base_stations, month, by=None)
    _row(rows, "base_stations_new", city, f"{month.year}-01..{month.month:02d}", bs["new_this_year"].iloc[-1],
         "个", "ok", 0)
    _row(rows, "base_stations_total", city, month, bs["stations"].iloc[-1], "个", "ok", 0)

    # F8 problems, F9 supervision tasks (as of the month's last day)
    as_of = month.last_day
    pc = follow_up.problem_closure(ds.problems_log, as_of)
    s = pc.summary.iloc[0]
    _row(rows, "problems_raised", city, f"to {as_of}", s["raised"], "件", "ok", 0)
    _row(rows, "problems_closed", city, f"to {as_of}", s["closed"], "件", "ok", 0)
    _row(rows, "problem_closure_rate", city, f"to {as_of}", s["closure_rate"], "%")
    rated = follow_up.rate_tasks(ds.supervision_tasks, as_of, due_soon_days=opts.due_soon_days)
    _row(rows, "supervision_tasks", city, str(as_of), len(rated), "项", "ok", 0)
    for colour in ("red", "yellow", "blue"):
        _row(rows, f"supervision_{colour}", city, str(as_of), int((rated["rating"] == colour).sum()), "项",
             "ok", 0)

    # F10 recognitions
    rec = ds.recognitions
    n_zjtx = int(((rec["year"] == month.year) & (rec["kind"] == "专精特新中小企业")
                  & (rec["level"] == "省级")).sum())
    _row(rows, "zjtx_provincial_new", city, month.year, n_zjtx, "家", "ok", 0)

    # F11 monitoring cadence
    cad = schedule.monitoring_cadence(ds.enterprises[_member(ds.enterprises["credit_code"], now["credit_code"])],
                                      now, ds.enterprise_targets, month, tol=opts.schedule_tolerance_pp,
                                      serious=opts.seriously_behind_pp)
    for name, codes in (("daily", cad.daily), ("weekly", cad.weekly), ("monthly", cad.monthly)):
        _row(rows, f"monitoring_{name}", "规上工业企业", month, len(codes), "家", "ok", 0)

    return pd.DataFrame(rows, columns=COLUMNS)


def label(indicator: str, lang: str = "zh") -> str:
    """The display label of a headline indicator (Chinese by default, the English name otherwise)."""
    return LABELS_ZH.get(indicator, indicator) if lang == "zh" else indicator.replace("_", " ")


def as_of_date(period: str | Month) -> dt.date:
    """The day the follow-up figures are taken at: the reporting month's last day."""
    return Month.parse(period).last_day


__all__ = ["headline_figures", "required_remaining_growth", "va_growth_target", "SummaryOptions", "COLUMNS", "LABELS_ZH", "label", "GxError"]
