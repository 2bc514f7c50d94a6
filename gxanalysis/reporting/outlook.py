"""The year-end outlook of the monthly overview: forecast of the city's cumulative growth, the target,
the probability of reaching it, and the growth the remaining months must deliver (INDICATORS.md §5.4).

The numbers come from :func:`gxanalysis.models.outlook.forecast_city_growth` and the headline figures
(target and required growth, :func:`gxanalysis.summary.headline_figures`); this module lays them out and
draws the chart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from gxanalysis.errors import NotComputable
from gxanalysis.labels import label

if TYPE_CHECKING:  # pragma: no cover
    from gxanalysis.models.outlook import CityOutlook
    from gxanalysis.reporting.context import ReportContext
    from gxanalysis.summary import HeadlineFigures


def city_levels(ctx: ReportContext) -> pd.DataFrame:
    """The city's year-to-date value added and same-sample base, summed over each month's enterprises."""
    em = ctx.data.enterprise_monthly
    em = em[em["period"] <= pd.Period(str(ctx.month), "M")]
    return em.groupby("period", as_index=False)[["value_added", "value_added_base"]].sum()


def outlook_chart(fc: CityOutlook, lang: str = "zh") -> Any:
    """Cumulative growth this year: history, forecast and interval."""
    from gxanalysis.reporting.charts import line_chart

    hist = fc.history[fc.history.index.year == fc.year]["ytd"]
    f = fc.forecast
    idx = [str(p) for p in hist.index] + [str(p) for p in f.index]
    label_h, label_f = ("累计增速（实际）", "累计增速（预测）") if lang == "zh" else ("YTD growth (actual)",
                                                                      "YTD growth (forecast)")
    frame = pd.DataFrame({label_h: list(hist.to_numpy()) + [float("nan")] * len(f),
                          label_f: [float("nan")] * (len(hist) - 1) + [hist.iloc[-1]] + list(f["ytd"]),
                          "lo": [float("nan")] * len(hist) + list(f["ytd_lower"]),
                          "hi": [float("nan")] * len(hist) + list(f["ytd_upper"])}, index=idx)
    title = f"{fc.year}年累计增速预测" if lang == "zh" else f"Year-to-date growth forecast, {fc.year}"
    return line_chart(frame, title=title, ylabel="%", band=("lo", "hi"))


def city_outlook(ctx: ReportContext, figures: HeadlineFigures) -> tuple[pd.DataFrame, Any, str]:
    """Rows (item, value, lower, upper, unit), a chart and a note for the outlook section.

    Raises
    ------
    NotComputable
        In December (the year's growth is known) or with less than two years of data.
    """
    from gxanalysis.models.outlook import forecast_city_growth

    if ctx.month.month == 12:
        raise NotComputable("December: the year's growth is known, there is nothing to forecast",
                            zh="已到年末，全年增速已知，无需预测")
    target = figures.value("va_growth_target")
    fc = forecast_city_growth(city_levels(ctx), alpha=ctx.params.forecast_alpha, target=target)
    level = int(round((1 - ctx.params.forecast_alpha) * 100))
    rows = [
        {"item": ctx.t("全年增速目标", "annual target"), "value": target, "lower": None, "upper": None,
         "unit": "%"},
        {"item": ctx.t(f"{ctx.ytd.label()}累计增速", f"growth {ctx.ytd.label('en')}"),
         "value": figures.value("va_growth_ytd"), "lower": None, "upper": None, "unit": "%"},
        {"item": ctx.t(f"全年累计增速预测（{level}%区间）", f"year-end growth forecast ({level}% interval)"),
         "value": fc.year_end, "lower": fc.lower, "upper": fc.upper, "unit": "%"},
        {"item": ctx.t("达到全年目标的概率", "probability of reaching the target"),
         "value": None if fc.probability is None else fc.probability * 100, "lower": None, "upper": None,
         "unit": "%"},
        {"item": ctx.t("后续月份需实现增速", "growth needed in the remaining months"),
         "value": figures.value("va_growth_required"), "lower": None, "upper": None, "unit": "%"},
    ]
    model = label("model", fc.model, ctx.lang)
    note = ctx.t(f"预测模型：{model}；按企业同口径水平值汇总后预测，1-2月合并。后续需实现增速 = "
                 "((1+目标)×上年全年基数 − (1+累计增速)×已过月份基数) ÷ 剩余月份基数 − 1。",
                 f"Model: {model}, on the city's same-sample levels (Jan–Feb combined). Required growth = "
                 "((1+T)·B_year − (1+g_N)·B_done) / (B_year − B_done) − 1.")
    return pd.DataFrame(rows), outlook_chart(fc, ctx.lang), note


__all__ = ["city_levels", "city_outlook", "outlook_chart"]
