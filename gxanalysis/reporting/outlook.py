"""The year-end outlook of the monthly overview: forecast of the city's cumulative growth, the target,
the probability of reaching it, and the growth the remaining months must deliver (INDICATORS.md §5.4)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from gxanalysis.indicators import schedule
from gxanalysis.periods import Month
from gxanalysis.summary import required_remaining_growth as required_growth
from gxanalysis.summary import va_growth_target

if TYPE_CHECKING:  # pragma: no cover
    from gxanalysis.reporting.context import ReportContext


def city_levels(ctx: ReportContext) -> pd.DataFrame:
    """The city's year-to-date value added and same-sample base, summed over enterprises, by month."""
    em = ctx.data.enterprise_monthly
    em = em[em["period"] <= pd.Period(str(ctx.month), "M")]
    return em.groupby("period", as_index=False)[["value_added", "value_added_base"]].sum()


def _target(ctx: ReportContext) -> float | None:
    return va_growth_target(ctx.data, ctx.month.year, ctx.params.va_growth_target)


def required_remaining_growth(ctx: ReportContext) -> schedule.RequiredGrowth | None:
    """Growth the remaining months must deliver, from this year's same-sample bases (§5.4)."""
    target = _target(ctx)
    if target is None:
        return None
    em = ctx.data.enterprise_monthly
    return required_growth(em[em["period"] == pd.Period(str(ctx.month), "M")],
                           em[em["period"] == pd.Period(str(Month(ctx.month.year - 1, 12)), "M")],
                           ctx.month, target)


def city_outlook(ctx: ReportContext) -> tuple[pd.DataFrame, Any, str]:
    """Rows (item, value, lower, upper, unit), a chart and a note for the outlook section."""
    from gxanalysis.models.outlook import forecast_city_growth

    target = _target(ctx)
    levels = city_levels(ctx)
    fc = forecast_city_growth(levels, alpha=ctx.params.forecast_alpha, target=target)
    req = required_remaining_growth(ctx)
    level = int(round((1 - ctx.params.forecast_alpha) * 100))
    rows = [
        {"item": ctx.t("全年增速目标", "annual target"), "value": target, "lower": None, "upper": None,
         "unit": "%"},
        {"item": ctx.t(f"{ctx.ytd.label()}累计增速", f"growth {ctx.ytd.label('en')}"), "value": fc.ytd_now,
         "lower": None, "upper": None, "unit": "%"},
        {"item": ctx.t(f"全年累计增速预测（{level}%区间）", f"year-end growth forecast ({level}% interval)"),
         "value": fc.year_end, "lower": fc.lower, "upper": fc.upper, "unit": "%"},
        {"item": ctx.t("达到全年目标的概率", "probability of reaching the target"),
         "value": None if fc.probability is None else fc.probability * 100, "lower": None, "upper": None,
         "unit": "%"},
        {"item": ctx.t("后续月份需实现增速", "growth needed in the remaining months"),
         "value": None if req is None else req.value, "lower": None, "upper": None, "unit": "%"},
    ]
    note = ctx.t(f"预测模型：{fc.model}；按企业同口径水平值汇总后预测，1-2月合并。后续需实现增速 = "
                 "((1+目标)×上年全年基数 − (1+累计增速)×已过月份基数) ÷ 剩余月份基数 − 1。",
                 f"Model: {fc.model}, on the city's same-sample levels (Jan–Feb combined). Required growth = "
                 "((1+T)·B_year − (1+g_N)·B_done) / (B_year − B_done) − 1.")
    return pd.DataFrame(rows), fc.chart(ctx.lang), note
