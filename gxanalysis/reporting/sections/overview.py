"""Sections of the monthly overview (工业经济运行情况): headline figures, growth and rank, capacity,
monitoring cadence, the year-end outlook, follow-up work.

Every number comes from an indicator function (or from the headline figures, which come from them); a
section only selects the rows, labels and formats.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from gxanalysis.errors import NotComputable
from gxanalysis.indicators import capacity, contribution, follow_up, growth, ranking, schedule
from gxanalysis.indicators.chains import cluster_members
from gxanalysis.indicators.frames import MonthIndex, member
from gxanalysis.labels import CADENCE, SCHEDULE, division_label, label
from gxanalysis.periods import Month, Period, release_months
from gxanalysis.reporting.context import ReportContext, ReportTable
from gxanalysis.reporting.sections import Col, make_table
from gxanalysis.summary import HeadlineFigures, growth_change, remembered_figures, remembered_previous
from gxanalysis.units import convert


def figures(ctx: ReportContext) -> HeadlineFigures:
    """The headline figures of the context's month with the overview's parameters (computed once per context)."""
    if "_headline_figures" not in ctx.__dict__:
        ctx.__dict__["_headline_figures"] = remembered_figures(ctx.month, ctx.data, ctx.params.summary_options())
    return ctx.__dict__["_headline_figures"]


def _panel(ctx: ReportContext) -> MonthIndex:
    if "_panel" not in ctx.__dict__:
        ctx.__dict__["_panel"] = MonthIndex(ctx.data.enterprise_monthly)
    return ctx.__dict__["_panel"]


def _period_text(figure_period: str, lang: str) -> str:
    """A figure's period in the bureau's notation (2023年1-4月, 2023年, 截至2023年4月末)."""
    p = figure_period
    if p.startswith("to "):
        day = pd.Timestamp(p[3:])
        return f"截至{day.year}年{day.month}月末" if lang == "zh" else f"to end-{day:%b %Y}"
    if len(p) == 4 and p.isdigit():
        return f"{p}年" if lang == "zh" else p
    if len(p) == 10 and p[4] == "-" and p[7] == "-":
        day = pd.Timestamp(p)
        return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else f"{day:%d %b %Y}"
    if ".." in p and p.count("-") == 2:  # a span across years (rank streak): 2022-01..2023-04
        a, b = p.split("..")
        ma, mb = Month.parse(a), Month.parse(b)
        if lang == "zh":
            return f"{ma.year}年{ma.month}月至{mb.year}年{mb.month}月"
        return f"{Period.month(ma).label('en')} – {Period.month(mb).label('en')}"
    return Period.parse(p).label(lang)


def brief(ctx: ReportContext) -> str:
    """The month's account in words (运行简况), from the headline figures; Markdown for the notebook."""
    from gxanalysis.reporting.narrative import brief as paragraphs

    title = ctx.t(f"**{ctx.ytd.label()}运行简况**", f"**Summary, {ctx.ytd.label('en')}**")
    return "\n\n".join([title, *paragraphs(figures(ctx), ctx.lang)])


def headline(ctx: ReportContext) -> ReportTable:
    """Every headline figure of the month (the same figures as ``gx summary``); a figure that cannot be
    computed shows "--" and the reason in the table's footnote."""
    from gxanalysis.labels import STATUS_REASONS

    figs = figures(ctx)
    rows, reasons = [], []
    for f in figs:
        if not f.ok and f.status in STATUS_REASONS:
            reasons.append(f"{f.label(ctx.lang)}{ctx.t('：', ': ')}{STATUS_REASONS[f.status][ctx.lang]}")
        rows.append({"label": f.label(ctx.lang), "period": _period_text(f.period, ctx.lang),
                     "value": f.display(ctx.lang), "number": f.value if f.ok else None, "precision": f.precision,
                     "unit": label("unit", f.unit, ctx.lang) if f.unit in _UNITS else f.unit})
    cols = [Col("label", "指标", "Indicator", "text"), Col("period", "时期", "Period", "text"),
            Col("value", "数值", "Value", "display", raw="number", precision_col="precision"),
            Col("unit", "单位", "Unit", "text")]
    why_zh = ("“--”表示本期无法计算：" + "；".join(reasons) + "。") if reasons else ""
    why_en = ("'--' = not computable this period: " + "; ".join(reasons) + ".") if reasons else ""
    return make_table(ctx, pd.DataFrame(rows), cols, name="headline", title_zh=f"主要指标（{ctx.ytd.label()}）",
                      title_en=f"Headline figures ({ctx.ytd.label('en')})",
                      note_zh="增速按可比价、同口径企业计算。排名按公布的一位小数增速，并列取最小名次。" + why_zh,
                      note_en="Growth at comparable prices on the same sample of enterprises. Ranks on published "
                              "one-decimal figures, ties share the best rank. " + why_en)


_UNITS = {"%", "位", "个月", "期", "个", "亿元", "万元", "件", "项", "家", "百分点"}

_MAIN_INDICATORS = (  # column, zh label, en label, unit from, unit to, (zh, en) unit text
    ("gross_output", "工业总产值（现价）", "Gross output (current prices)", "万元", "亿元", ("亿元", "100 million yuan")),
    ("value_added", "工业增加值（可比价）", "Value added (comparable prices)", "万元", "亿元",
     ("亿元", "100 million yuan")),
    ("revenue", "营业收入", "Operating revenue", "万元", "亿元", ("亿元", "100 million yuan")),
    ("profit", "利润总额", "Total profit", "万元", "亿元", ("亿元", "100 million yuan")),
    ("electricity", "工业用电量", "Electricity", "万kWh", "亿kWh", ("亿千瓦时", "100 million kWh")),
    ("energy", "综合能源消费量（当量值）", "Energy (calorific equivalent)", "tce", "万tce", ("万吨标准煤", "10,000 tce")),
)


def main_indicators(ctx: ReportContext) -> ReportTable:
    """The bureau's table of main indicators: 本月 | 1–N月累计 | 同比增长%, from same-sample levels.

    Each row is :func:`gxanalysis.indicators.growth.month_and_ytd` (single months of the month's sample;
    none for 1–2月); the "2+4" cluster's output is an "of which" (#) row under gross output.
    """
    from gxanalysis.indicators.display import render_table

    panel = _panel(ctx)
    cluster = cluster_members(ctx.data.enterprises, ctx.data.chains)["credit_code"]
    records, labels = [], []
    for col, zh, en, u_from, u_to, unit in _MAIN_INDICATORS:
        rows = [(ctx.t(zh, en), None)]
        if col == "gross_output":
            rows.append((ctx.t("“2+4”产业链群", "'2+4' chain cluster"), cluster))
        for row_label, units in rows:
            r = growth.month_and_ytd(panel, ctx.month, current=col, base=f"{col}_base", units=units)
            labels.append(f"{row_label}（{unit[0]}）" if ctx.lang == "zh" else f"{row_label} ({unit[1]})")
            records.append({"month": convert(r["month"], u_from, u_to), "ytd": convert(r["ytd"], u_from, u_to),
                            "growth": r["growth"], "growth_status": r["growth_status"]})
    rows_frame = pd.DataFrame(records, index=labels)
    # value added is published as a growth rate only (absolute amounts are at current prices)
    va = labels[2]
    rows_frame.loc[va, ["month", "ytd"]] = float("nan")
    shown = render_table(rows_frame, period=ctx.period, sub_items=[labels[1]], lang=ctx.lang,
                         level_precision=2)
    shown = shown.reset_index(names=ctx.t("指标", "Indicator"))
    values = rows_frame[["month", "ytd", "growth"]].reset_index(names=ctx.t("指标", "Indicator"))
    values.columns = shown.columns  # the workbook's headers are the page's
    formats = ({"kind": "text"}, {"kind": "number", "precision": 2, "thousands": True},
               {"kind": "number", "precision": 2, "thousands": True}, {"kind": "growth", "precision": 1})
    return ReportTable(
        name="main_indicators", title=ctx.t(f"规模以上工业主要指标（{ctx.ytd.label()}）",
                                            f"Main indicators of above-scale industry ({ctx.ytd.label('en')})"),
        frame=shown, values=values, formats=formats,
        unit=ctx.t("单位见指标名称；增速%", "Units in the row labels; growth in %"),
        note=ctx.t("增加值按可比价计算，只公布增速；其余为现价。本月数为本月止累计减上月止累计（同一批企业）；1-2月合并发布，"
                   "不列本月数。“#”为其中项。",
                   "Value added is at comparable prices and published as growth only; other rows at current "
                   "prices. The month's figure is the difference of year-to-date values of the same enterprises; "
                   "January and February are released together. '#' marks an of-which row."))


def province_ranking(ctx: ReportContext) -> ReportTable:
    """Year-to-date value-added growth of every city in the province, ranked; the home city highlighted."""
    from gxanalysis.reporting.charts import bar_chart

    cg = ctx.data.city_growth
    ranked = ranking.province_ranking(cg, ctx.month)
    this = cg[cg["period"] == pd.Period(str(ctx.month), "M")]
    if this["va_growth_month"].notna().any():
        month = ranking.province_ranking(cg, ctx.month, value="va_growth_month")
        ranked = ranked.merge(month[["region", "value", "rank"]].rename(
            columns={"value": "month_value", "rank": "month_rank"}), on="region", how="left")
    home = ctx.data.home_city
    ranked["region_label"] = [f"★{r}" if r == home else r for r in ranked["region"]]
    chart = bar_chart(ranked.set_index("region")["published"], horizontal=True, highlight=home,
                      title=ctx.t(f"全省各市规上工业增加值累计增速（{ctx.ytd.label()}）",
                                  f"Value-added growth by city ({ctx.ytd.label('en')})"),
                      ylabel=ctx.t("增速（%）", "growth (%)"))
    cols = [Col("rank", "累计排名", "Rank (YTD)", "int"), Col("region_label", "城市", "City", "text"),
            Col("value", f"{ctx.ytd.ytd_label()}增速", f"Growth {ctx.ytd.ytd_label('en')}", "growth"),
            Col("month_value", "当月增速", "Month growth", "growth"),
            Col("month_rank", "当月排名", "Rank (month)", "int")]
    return make_table(ctx, ranked, cols, name="province_ranking",
                      title_zh=f"全省各市规上工业增加值增速排名（{ctx.ytd.label()}）",
                      title_en=f"Value-added growth of the province's cities ({ctx.ytd.label('en')})",
                      unit_zh="单位：%", unit_en="Unit: %", chart=chart,
                      note_zh="数据来源：省统计局公布的各市增速；当月增速1-2月合并发布，不单独公布2月。",
                      note_en="Source: provincial statistics bureau; January and February are released "
                              "together, so there is no February single-month figure.")


def previous(ctx: ReportContext) -> HeadlineFigures | None:
    """The headline figures of the previous release (computed once per context); None without data."""
    if "_previous_figures" not in ctx.__dict__:
        ctx.__dict__["_previous_figures"] = remembered_previous(figures(ctx), ctx.data)
    return ctx.__dict__["_previous_figures"]


def growth_vs_province(ctx: ReportContext) -> ReportTable:
    """当月 and 累计 growth beside the previous figure and the province average (高于全省X个百分点), with the rank.

    The city's growth and its change are the headline figures (:func:`gxanalysis.summary.growth_change`,
    the brief's sentence); the province, the gap and the rank are on the published figures
    (:func:`gxanalysis.indicators.ranking.versus_province`, :func:`~gxanalysis.indicators.ranking.rank_of`).
    """
    from gxanalysis.labels import STATUS_REASONS

    cg, home = ctx.data.city_growth, ctx.data.home_city
    rows, reasons = [], set()
    for measure, column in (("month", "va_growth_month"), ("ytd", "va_growth_ytd")):
        change = growth_change(figures(ctx), previous(ctx), measure)
        versus = ranking.versus_province(cg, ctx.data.province_growth, home, ctx.month, measure=measure)
        rank = ranking.rank_of(cg, home, ctx.month, value=column).rank if versus.value is not None else None
        reasons |= {st for st in (change.status, versus.status) if st not in ("ok", "no_previous")}
        what = ctx.t("当月增速", "Growth in the month") if measure == "month" else \
            ctx.t("累计增速", "Growth year to date")
        rows.append({"label": f"{what}{ctx.t('（', ' (')}{change.period.label(ctx.lang)}{ctx.t('）', ')')}",
                     "value": change.value, "status": change.status if change.value is None else "ok",
                     "previous_label": change.previous_period.label(ctx.lang) if change.previous_period else None,
                     "previous": change.previous, "change": change.change, "province": versus.province,
                     "province_status": "ok" if versus.province is not None else versus.status,
                     "gap": versus.gap, "rank": rank})
    if all(r["value"] is None for r in rows):
        raise NotComputable(f"no value-added growth for {ctx.month}", zh=f"缺少{ctx.ytd.label()}的增加值增速")
    frame = pd.DataFrame(rows)
    why = [STATUS_REASONS[r][ctx.lang] for r in sorted(reasons) if r in STATUS_REASONS]
    cols = [Col("label", "指标", "Indicator", "text"),
            Col("value", "本市增速", "The city", "growth", status_col="status"),
            Col("previous_label", "上期", "Previous", "text"),
            Col("previous", "上期增速", "Previous growth", "growth"),
            Col("change", "比上期(百分点)", "Change (pp)"),
            Col("province", "全省增速", "Province", "growth", status_col="province_status"),
            Col("gap", "高于全省(百分点)", "Above the province (pp)"),
            Col("rank", "全省排名", "Rank", "int")]
    note_zh = ("本市增速按同口径可比价水平值计算，“比上期”为本期增速减上期增速（正数为加快、负数为回落），按未修约的增速计算，"
               "可能与表中一位小数之差相差0.1；3月当月与1-2月比较；"
               "全省增速、“高于全省”（本市增速减全省增速，负数为低于全省）和排名按省统计局公布数计算。")
    note_en = ("The city's growth is computed from same-sample levels at comparable prices; change = this period's "
               "growth minus the previous one (positive: faster), from the unrounded rates, so it may differ by "
               "0.1 from the difference of the rounded figures shown; March compared with January–February; the "
               "province's growth, the gap (the city's minus the province's; negative: below) and the rank use "
               "the provincial statistics bureau's published figures.")
    if why:
        note_zh += "“--”表示本期无法计算：" + "；".join(why) + "。"
        note_en += " '--' = not computable this period: " + "; ".join(why) + "."
    return make_table(ctx, frame, cols, name="growth_vs_province",
                      title_zh=f"{home}规上工业增加值增速与全省比较（{ctx.ytd.label()}）",
                      title_en=f"{home}: value-added growth against the province ({ctx.ytd.label('en')})",
                      unit_zh="单位：%、百分点、位", unit_en="Unit: %, pp, rank", note_zh=note_zh, note_en=note_en)


def growth_trend(ctx: ReportContext) -> ReportTable:
    """The home city's growth and rank at every release of the last two years."""
    from gxanalysis.reporting.charts import line_chart

    cg = ctx.data.city_growth
    home = ctx.data.home_city
    first = max(Month(ctx.month.year - 1, 1), Month.parse(cg["period"].min()))
    rows = []
    for m in release_months(first, ctx.month):
        sel = cg[(cg["city"] == home) & (cg["period"] == pd.Period(str(m), "M"))]
        if sel.empty:
            continue
        r = ranking.rank_of(cg, home, m)
        rows.append({"period": Period.year_to_date(m).label(ctx.lang), "ytd": r.value,
                     "month": float(sel["va_growth_month"].iloc[0]) if pd.notna(sel["va_growth_month"].iloc[0])
                     else None, "rank": r.rank})
    if not rows:
        raise NotComputable(f"city_growth has no release for {home}", zh=f"省统计局数据中没有{home}的增速")
    frame = pd.DataFrame(rows)
    chart_frame = frame.set_index("period")[["ytd", "month"]].rename(
        columns={"ytd": ctx.t("累计增速", "YTD growth"), "month": ctx.t("当月增速", "month growth")})
    chart = line_chart(chart_frame, title=ctx.t(f"{home}规上工业增加值增速走势", f"{home}: value-added growth"),
                       ylabel=ctx.t("增速（%）", "growth (%)"))
    cols = [Col("period", "时期", "Period", "text"), Col("ytd", "累计增速", "YTD growth", "growth"),
            Col("month", "当月增速", "Month growth", "growth"), Col("rank", "全省排名", "Rank", "int")]
    return make_table(ctx, frame, cols, name="growth_trend", title_zh=f"{home}规上工业增加值增速及全省排名",
                      title_en=f"{home}: value-added growth and rank", unit_zh="单位：%、位",
                      unit_en="Unit: %, rank", chart=chart)


def _panel_with(ctx: ReportContext, attribute: str) -> MonthIndex:
    """The enterprise panel with one attribute of the directory (county, division), indexed by month."""
    key = f"_panel_{attribute}"
    if key not in ctx.__dict__:
        ent = ctx.data.enterprises.set_index("credit_code")
        em = ctx.data.enterprise_monthly
        values = (ent["industry_code"].astype(str).str[:2] if attribute == "division" else ent[attribute])
        ctx.__dict__[key] = MonthIndex(em.assign(**{attribute: em["credit_code"].map(values).to_numpy()}))
    return ctx.__dict__[key]


def _va_by(ctx: ReportContext, attribute: str) -> pd.DataFrame:
    """Value-added growth (year to date and the month), share, contribution and pull by ``attribute``."""
    panel = _panel_with(ctx, attribute)
    now = panel.at(ctx.month)
    res = contribution.contributions(now, current="value_added", base="value_added_base", group=attribute,
                                     unit="credit_code")
    t = res.table.copy()
    t["n"] = now.groupby(attribute)["credit_code"].nunique().reindex(t.index)
    sm = growth.sample_single_month_growth(panel, ctx.month, current="value_added", base="value_added_base",
                                           by=attribute)
    t["month_growth"] = sm["value"].reindex(t.index)
    t["month_status"] = sm["status"].reindex(t.index)
    t = t.sort_values("base", ascending=False)
    total = {"n": int(now["credit_code"].nunique()), "growth": res.total_growth, "growth_status": "ok",
             "share_base": 100.0, "contribution": float(t["contribution"].sum()), "pull": float(t["pull"].sum())}
    city = growth.sample_single_month_growth(panel, ctx.month, current="value_added", base="value_added_base")
    total["month_growth"] = city.loc["total", "value"]
    total["month_status"] = city.loc["total", "status"]
    return pd.concat([pd.DataFrame([total], index=["total"]), t])


def _va_table(ctx: ReportContext, attribute: str, first: Col, name_of: Callable[[str], str], *, name: str,
              what_zh: str, what_en: str) -> ReportTable:
    t = _va_by(ctx, attribute)
    t["label"] = [ctx.t("全市", "City") if k == "total" else name_of(k) for k in t.index]
    cols = [first, Col("n", "企业数", "Enterprises", "int"),
            Col("growth", f"{ctx.ytd.ytd_label()}增速", f"Growth {ctx.ytd.ytd_label('en')}", "growth",
                status_col="growth_status"),
            Col("month_growth", "当月增速", "Growth in the month", "growth", status_col="month_status"),
            Col("share_base", "上年同期占比%", "Share of the base %"),
            Col("contribution", "贡献率%", "Contribution %"), Col("pull", "拉动(百分点)", "Pull (pp)", precision=2)]
    return make_table(ctx, t, cols, name=name, title_zh=f"分{what_zh}规上工业增加值增速（{ctx.ytd.label()}）",
                      title_en=f"Value added by {what_en} ({ctx.ytd.label('en')})", unit_zh="单位：家、%、百分点",
                      unit_en="Unit: enterprises, %, pp",
                      note_zh=f"按企业所在{what_zh}汇总同口径可比价水平值后计算；贡献率 = 增量 ÷ 全市增量 × 100%，拉动 = 增量 ÷ "
                              "全市上年同期 × 100（百分点），合计为全市；当月为本月止累计减上月止累计。",
                      note_en=f"Same-sample levels at comparable prices summed by the {what_en} of each enterprise; "
                              "contribution = increment ÷ the city's increment × 100, pull = increment ÷ the city's "
                              "base × 100 (pp); the total row is the city; the month = year to date minus the "
                              "previous month's.")


def va_by_county(ctx: ReportContext) -> ReportTable:
    """Value-added growth by county (县区): year to date and the month, contribution and pull (§2.4, §3)."""
    return _va_table(ctx, "county", Col("label", "县区", "County", "text"), str, name="va_by_county",
                     what_zh="县区", what_en="county")


def va_by_industry(ctx: ReportContext) -> ReportTable:
    """Value-added growth by industry (GB/T 4754 大类): year to date and the month, contribution and pull."""
    return _va_table(ctx, "division", Col("label", "行业", "Industry", "text"),
                     lambda k: division_label(k, ctx.lang), name="va_by_industry",
                     what_zh="行业", what_en="industry")


def capacity_attainment(ctx: ReportContext) -> ReportTable:
    """达产率 by industry division: the mean over enterprises, with the lowest enterprises named."""
    now = _panel(ctx).at(ctx.month)
    per = capacity.capacity_attainment(ctx.data.enterprises, now, ctx.month, variant=ctx.params.capacity_variant)
    t = capacity.attainment_by(per, ctx.data.enterprises, by="division", threshold=90.0)
    if t.loc["total", "n"] == 0:
        raise NotComputable(f"no enterprise with a design capacity reports output for {ctx.month}",
                            zh="本期没有企业报送产量，无法计算达产率")
    t = t.reset_index()
    t["division_label"] = [ctx.t("合计", "All") if d == "total" else division_label(d, ctx.lang)
                           for d in t["division"]]
    t["lowest_text"] = ["" if d == "total" or pd.isna(v) else f"{n}（{v:.1f}%）"
                        for d, n, v in zip(t["division"], t["lowest_name"], t["lowest"], strict=True)]
    cols = [Col("division_label", "行业", "Industry", "text"),
            Col("n", "企业数", "Enterprises", "int"), Col("mean", "平均达产率", "Mean attainment"),
            Col("below_threshold", "达产率<90%企业数", "Below 90%", "int"),
            Col("lowest_text", "最低企业", "Lowest", "text")]
    variant = ctx.params.capacity_variant
    return make_table(ctx, t, cols, name="capacity", title_zh=f"规上工业企业达产率（{ctx.ytd.label()}）",
                      title_en=f"Capacity attainment ({ctx.ytd.label('en')})", unit_zh="单位：%、家",
                      unit_en="Unit: %, enterprises",
                      note_zh=("产品产量÷(设计产能×月数/12)" if variant == "A" else "产值÷(达产后年产值×月数/12)")
                              + "；平均为企业简单平均；行业按国民经济行业分类大类。",
                      note_en=("Output ÷ (design capacity × months/12)" if variant == "A"
                               else "Output value ÷ (design output value × months/12)")
                              + "; the average is the simple mean over enterprises; industries are GB/T 4754 "
                                "divisions.")


def _cadence(ctx: ReportContext) -> schedule.MonitoringCadence:
    if "_cadence" not in ctx.__dict__:
        ctx.__dict__["_cadence"] = schedule.monitoring_cadence(
            ctx.data.enterprises, _panel(ctx).at(ctx.month), ctx.data.enterprise_targets, ctx.month,
            tol=ctx.params.schedule_tolerance_pp, serious=ctx.params.seriously_behind_pp)
    return ctx.__dict__["_cadence"]


def monitoring_cadence(ctx: ReportContext) -> ReportTable:
    """How many enterprises are followed daily, weekly and monthly, and why (以日保周、以周保月)."""
    cad = _cadence(ctx)
    tbl = cad.table
    rules = {"daily": ("未达序时进度", "behind schedule"), "weekly": ("骨干企业（达序时进度）", "key enterprises on schedule"),
             "monthly": ("其他规上企业", "other above-scale enterprises")}
    rows = [{"cadence": CADENCE[c][ctx.lang], "rule": ctx.t(*rules[c]), "n": len(codes),
             "output": convert(tbl.loc[member(tbl["credit_code"], codes), "actual"].sum(), "万元", "亿元")}
            for c, codes in (("daily", cad.daily), ("weekly", cad.weekly), ("monthly", cad.monthly))]
    cols = [Col("cadence", "调度频次", "Cadence", "text"), Col("rule", "纳入条件", "Rule", "text"),
            Col("n", "企业数", "Enterprises", "int"),
            Col("output", f"{ctx.ytd.ytd_label()}产值", f"Output {ctx.ytd.ytd_label('en')}")]
    return make_table(ctx, pd.DataFrame(rows), cols, name="cadence",
                      title_zh=f"企业调度分级（{ctx.period.label()}）",
                      title_en=f"Monitoring cadence ({ctx.period.label('en')})", unit_zh="单位：家、亿元",
                      unit_en="Unit: enterprises, 100 million yuan",
                      note_zh=f"序时进度 = {ctx.month.month}/12；进度差 = 产值目标完成率 − 序时进度。",
                      note_en=f"Time progress = {ctx.month.month}/12; gap = completion of the output target − "
                              "time progress.")


def behind_schedule(ctx: ReportContext) -> ReportTable:
    """The enterprises under daily monitoring: completion of their annual output target vs time progress."""
    cad = _cadence(ctx)
    tbl = cad.table[member(cad.table["credit_code"], cad.daily)].sort_values("gap", kind="stable")
    tbl = tbl.assign(is_key_label=[ctx.t("是", "yes") if k else "" for k in tbl["is_key"]],
                     schedule_label=[SCHEDULE.get(s, {"zh": s, "en": s})[ctx.lang] for s in tbl["schedule"]])
    cols = [Col("name", "企业名称", "Enterprise", "text"), Col("is_key_label", "骨干企业", "Key", "text"),
            Col("actual", f"{ctx.ytd.ytd_label()}产值", f"Output {ctx.ytd.ytd_label('en')}"),
            Col("target", "年度目标", "Annual target"),
            Col("completion", "完成率", "Completion"), Col("gap", "进度差(百分点)", "Gap (pp)"),
            Col("schedule_label", "状态", "Status", "text")]
    return make_table(ctx, tbl, cols, name="daily_list", title_zh=f"日调度企业名单（{ctx.ytd.label()}）",
                      title_en=f"Enterprises under daily monitoring ({ctx.ytd.label('en')})",
                      unit_zh="单位：万元、%、百分点", unit_en="Unit: 10,000 yuan, %, pp")


def daily_progress(ctx: ReportContext) -> ReportTable:
    """Enterprises under daily monitoring: progress at each week's end of the month, from daily records."""
    cad = _cadence(ctx)
    daily = ctx.data.daily_records
    if daily is None or daily.empty:
        raise NotComputable("the data have no daily records (daily_records)", zh="数据中没有日调度记录")
    first = 1 if ctx.month.month == 2 else ctx.month.month  # the 1–2月 period runs from 1 January
    in_month = daily[(daily["date"].dt.year == ctx.month.year) & (daily["date"].dt.month >= first)
                     & (daily["date"].dt.month <= ctx.month.month)]
    codes = [c for c in cad.daily if c in set(in_month["credit_code"])]
    if not codes:
        raise NotComputable(f"no daily records in {ctx.month} for the enterprises under daily monitoring",
                            zh="本月没有日调度企业的逐日记录")
    ytd_before = None
    if ctx.month.month > 2:  # year to date at the end of last month; an enterprise that entered since: zero
        prev = _panel(ctx).at(ctx.month - 1).set_index("credit_code")["gross_output"]
        ytd_before = prev.reindex(codes).fillna(0.0)
    targets = ctx.data.enterprise_targets
    tgt = targets[targets["year"] == ctx.month.year].set_index("credit_code")["output_target"]
    weekly = schedule.weekly_progress(in_month[member(in_month["credit_code"], codes)], tgt, ctx.month,
                                      ytd_before=ytd_before)
    names = ctx.data.enterprises.set_index("credit_code")["name"]
    weekly["week"] = [f"{d.month}月{d.day}日" if ctx.lang == "zh" else f"{d:%d %b}" for d in weekly["date"]]
    order = list(dict.fromkeys(weekly.sort_values("date")["week"]))
    gaps = weekly.pivot_table(index="credit_code", columns="week", values="gap", aggfunc="last")[order]
    last = weekly.sort_values("date").groupby("credit_code").tail(1).set_index("credit_code")
    frame = gaps.rename(columns=lambda w: f"gap_{w}")
    frame["month_output"] = weekly.groupby("credit_code")["week_output"].sum()
    frame["completion"] = last["completion"]
    frame["name"] = frame.index.map(names)
    frame = frame.sort_values(f"gap_{order[-1]}", kind="stable").reset_index()
    cols = [Col("name", "企业名称", "Enterprise", "text")]
    cols += [Col(f"gap_{w}", ctx.t(f"截至{w}", f"to {w}"), ctx.t(f"截至{w}", f"to {w}")) for w in order]
    cols += [Col("month_output", "本期产值", "Output in the period"),
             Col("completion", "年度目标完成率", "Completion of the annual target")]
    return make_table(ctx, frame, cols, name="daily_progress",
                      title_zh=f"日调度企业逐周进度差（{ctx.period.label()}）",
                      title_en=f"Enterprises under daily monitoring: gap to time progress week by week "
                               f"({ctx.period.label('en')})",
                      unit_zh="单位：百分点（进度差）、万元、%", unit_en="Unit: pp (gap), 10,000 yuan, %",
                      note_zh="进度差 = 年度产值目标完成率 − 按日时间进度（当年已过天数 ÷ 全年天数），截至每周最后一个有记录的日期；"
                              "周为周一至周日；负值为低于序时进度。",
                      note_en="Gap = completion of the annual output target − day-based time progress (days "
                              "elapsed ÷ days in the year), at the last recorded day of each week (Monday–Sunday); "
                              "negative = behind schedule.")


def outlook(ctx: ReportContext) -> ReportTable:
    """Where the year's growth will land: the forecast, the target and the growth the rest must deliver."""
    from gxanalysis.reporting.outlook import city_outlook

    frame, chart, note = city_outlook(ctx, figures(ctx))
    cols = [Col("item", "项目", "Item", "text"), Col("value", "数值", "Value"),
            Col("lower", "区间下限", "Lower"), Col("upper", "区间上限", "Upper"), Col("unit", "单位", "Unit", "text")]
    return make_table(ctx, frame, cols, name="outlook", title_zh=f"全年增速预测与目标（{ctx.month.year}年）",
                      title_en=f"Year-end outlook ({ctx.month.year})", chart=chart, note_zh=note, note_en=note)


def problems(ctx: ReportContext) -> ReportTable:
    """Enterprise problems by responsible department: raised, closed, open, overdue (闭环管控)."""
    pc = follow_up.problem_closure(ctx.data.problems_log, ctx.month.last_day, by="department")
    if pc.summary.empty:
        raise NotComputable(f"no problem raised by {ctx.month.last_day}", zh="截至本月末尚无企业反映问题")
    s = pc.summary.reset_index()
    total = follow_up.problem_closure(ctx.data.problems_log, ctx.month.last_day).summary.reset_index()
    total[s.columns[0]] = ctx.t("合计", "All")
    s = pd.concat([s, total[s.columns]], ignore_index=True)
    cols = [Col(s.columns[0], "责任部门", "Department", "text"), Col("raised", "交办问题", "Raised", "int"),
            Col("closed", "已办结", "Closed", "int"), Col("open", "未办结", "Open", "int"),
            Col("overdue", "逾期未办结", "Overdue", "int"), Col("closed_on_time", "按期办结", "On time", "int"),
            Col("closure_rate", "办结率", "Closure rate")]
    end = _period_text(f"to {ctx.month.last_day}", ctx.lang)
    return make_table(ctx, s, cols, name="problems", title_zh=f"企业反映问题办理情况（{end}）",
                      title_en=f"Enterprise problems ({end})", unit_zh="单位：件、%", unit_en="Unit: problems, %")


def supervision(ctx: ReportContext) -> ReportTable:
    """Supervised key tasks issued by the month's last day, rated red / yellow / blue (督查督办)."""
    rated = follow_up.rate_tasks(ctx.data.supervision_tasks, ctx.month.last_day,
                                 due_soon_days=ctx.params.due_soon_days)
    if rated.empty:
        raise NotComputable(f"no supervised task issued by {ctx.month.last_day}", zh="截至本月末尚未下达督办任务")
    order = {"red": 0, "yellow": 1, "blue": 2}
    rated = rated.sort_values(["rating", "due_date"], key=lambda s: s.map(order) if s.name == "rating" else s)
    from gxanalysis.labels import RATING

    rated = rated.assign(due=[f"{d.year}年{d.month}月{d.day}日" if ctx.lang == "zh" else f"{d:%Y-%m-%d}"
                              for d in rated["due_date"]],
                         rating_label=[RATING[r][ctx.lang] for r in rated["rating"]])
    cols = [Col("rating_label", "等级", "Rating", "text"), Col("area", "领域", "Area", "text"),
            Col("task", "任务", "Task", "text"), Col("responsible_unit", "责任单位", "Responsible", "text"),
            Col("due", "完成时限", "Due", "text"), Col("days_to_due", "距时限天数", "Days to due", "int")]
    end = _period_text(f"to {ctx.month.last_day}", ctx.lang)
    return make_table(ctx, rated, cols, name="supervision", title_zh=f"督办任务红黄蓝（{end}）",
                      title_en=f"Supervised tasks ({end})",
                      note_zh=f"红：逾期未完成；黄：{ctx.params.due_soon_days}天内到期；蓝：其余（含已完成）。只列截至月末已下达的任务。",
                      note_en=f"Red: overdue; yellow: due within {ctx.params.due_soon_days} days; blue: the rest "
                              "(including completed). Only tasks issued by the month's end.")


def upgrading(ctx: ReportContext) -> ReportTable:
    """5G base stations by county and this year's recognitions (三化改造)."""
    bs = follow_up.base_station_summary(ctx.data.base_stations, ctx.month, by="county").reset_index()
    rec = follow_up.recognition_counts(ctx.data.recognitions, by=("kind", "level", "year"),
                                       as_of=ctx.month.last_day)
    this_year = rec[rec["year"] == ctx.month.year]
    county = [ctx.t("合计", "total") if c == "total" else c for c in bs[bs.columns[0]]]
    rows = [{"item": ctx.t(f"5G基站（{c}）", f"5G stations ({c})"), "value": r["stations"],
             "new": r["new_this_year"]} for c, (_, r) in zip(county, bs.iterrows(), strict=True)]
    rows += [{"item": ctx.t(f"{r['kind']}（{r['level']}）", f"{label('recognition', r['level'], 'en')} "
                                                            f"{label('recognition', r['kind'], 'en')}"),
              "value": None, "new": r["count"]} for _, r in this_year.iterrows()]
    cols = [Col("item", "项目", "Item", "text"), Col("value", "总数", "Total", "int"),
            Col("new", f"{ctx.month.year}年新增", f"New in {ctx.month.year}", "int")]
    return make_table(ctx, pd.DataFrame(rows), cols, name="upgrading",
                      title_zh=f"5G基站与荣誉认定（截至{ctx.period.label()}）",
                      title_en=f"5G base stations and recognitions (to {ctx.period.label('en')})",
                      unit_zh="单位：个、家", unit_en="Unit: stations, enterprises")


SECTIONS = [brief, headline, main_indicators, growth_vs_province, province_ranking, growth_trend, va_by_county, va_by_industry,
            capacity_attainment,
            monitoring_cadence, behind_schedule, daily_progress, outlook, problems, supervision, upgrading]
