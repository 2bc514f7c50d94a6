"""Sections of the monthly overview (工业经济运行情况): headline figures, growth and rank, capacity,
monitoring cadence, the year-end outlook, follow-up work."""

from __future__ import annotations

import pandas as pd

from gxanalysis.indicators import capacity, follow_up, ranking, schedule
from gxanalysis.periods import Month, release_months
from gxanalysis.reporting.context import ReportContext, ReportTable
from gxanalysis.reporting.sections import Col, make_table
from gxanalysis.summary import SummaryOptions, headline_figures, label


def _options(ctx: ReportContext) -> SummaryOptions:
    p = ctx.params
    return SummaryOptions(capacity_variant=p.capacity_variant, schedule_tolerance_pp=p.schedule_tolerance_pp,
                          seriously_behind_pp=p.seriously_behind_pp, due_soon_days=p.due_soon_days,
                          va_growth_target=p.va_growth_target)


def _figures(ctx: ReportContext) -> pd.DataFrame:
    """The headline figures of the context's month, computed once per context (brief and headline share them)."""
    if "_headline_figures" not in ctx.__dict__:
        ctx.__dict__["_headline_figures"] = headline_figures(ctx.month, dataset=ctx.data, options=_options(ctx))
    return ctx.__dict__["_headline_figures"]


def brief(ctx: ReportContext) -> str:
    """The month's account in words (运行简况), from the headline figures; Markdown for the notebook."""
    from gxanalysis.reporting.narrative import brief as paragraphs

    figures = _figures(ctx)
    title = ctx.t(f"**{ctx.ytd.label()}运行简况**", f"**Summary, {ctx.ytd.label('en')}**")
    return "\n\n".join([title, *paragraphs(figures, ctx.month, ctx.lang)])


def headline(ctx: ReportContext) -> ReportTable:
    """Every headline figure of the month (the same table as ``gx summary``)."""
    figures = _figures(ctx)
    shown = figures.assign(label=[label(i, ctx.lang) for i in figures["indicator"]])
    cols = [Col("label", "指标", "Indicator", "text"), Col("indicator", "代码", "Code", "text"),
            Col("scope", "范围", "Scope", "text"), Col("period", "期别", "Period", "text"),
            Col("value", "数值", "Value", "display"), Col("unit", "单位", "Unit", "text"),
            Col("status", "状态", "Status", "text")]
    return make_table(ctx, shown, cols, name="headline", title_zh=f"主要指标（{ctx.ytd.label()}）",
                      title_en=f"Headline figures ({ctx.ytd.label('en')})",
                      note_zh="增速按可比价、同口径企业计算；“--”表示无法计算。排名按公布的一位小数增速，并列取最小名次。",
                      note_en="Growth at comparable prices on the same sample of enterprises; '--' = not "
                              "computable. Ranks on published one-decimal figures, ties share the best rank.")


_MAIN_INDICATORS = (  # column, zh label, en label, divisor, unit (zh, en)
    ("gross_output", "工业总产值（现价）", "Gross output (current prices)", 1e4, ("亿元", "100 million yuan")),
    ("value_added", "工业增加值（可比价）", "Value added (comparable prices)", 1e4, ("亿元", "100 million yuan")),
    ("revenue", "营业收入", "Operating revenue", 1e4, ("亿元", "100 million yuan")),
    ("profit", "利润总额", "Total profit", 1e4, ("亿元", "100 million yuan")),
    ("electricity", "工业用电量", "Electricity", 1e4, ("亿千瓦时", "100 million kWh")),
    ("energy", "综合能源消费量（当量值）", "Energy (calorific equivalent)", 1e4, ("万吨标准煤", "10,000 tce")),
)


def main_indicators(ctx: ReportContext) -> ReportTable:
    """The bureau's table of main indicators: 本月 | 1–N月累计 | 同比增长%, from same-sample levels.

    Single-month levels are differences of consecutive year-to-date sums (not shown for 1–2月); growth is
    the year-to-date growth over the same-sample base, with the status labels (由亏转盈 …) where a rate is
    not meaningful. The "2+4" cluster's output is an "of which" (#) row under gross output.
    """
    from gxanalysis.indicators import growth as gr
    from gxanalysis.indicators.display import render_table

    em = ctx.data.enterprise_monthly
    now = em[em["period"] == pd.Period(str(ctx.month), "M")]
    prev = em[em["period"] == pd.Period(str(ctx.month - 1), "M")] if ctx.month.month > 2 else None
    chain_codes = ctx.data.enterprises.loc[ctx.data.enterprises["chain_id"].notna(), "credit_code"]
    rows = []
    for col, zh, en, div, unit in _MAIN_INDICATORS:
        rows.append((ctx.t(zh, en), now, col, div, unit))
        if col == "gross_output":
            rows.append((ctx.t("“2+4”产业链群", "'2+4' chain cluster"),
                         now[now["credit_code"].isin(chain_codes)], col, div, unit))
    records, labels = [], []
    for row_label, frame, col, div, unit in rows:
        ytd, base = frame[col].sum(min_count=1), frame[f"{col}_base"].sum(min_count=1)
        sample = frame["credit_code"]
        month_level = (ytd - prev.loc[prev["credit_code"].isin(sample), col].sum()) if prev is not None \
            else float("nan")
        g = gr.growth(ytd, base)
        labels.append(f"{row_label}（{unit[0]}）" if ctx.lang == "zh" else f"{row_label} ({unit[1]})")
        records.append({"month": month_level / div, "ytd": ytd / div, "growth": g.value,
                        "growth_status": g.status})
    rows_frame = pd.DataFrame(records, index=labels)
    # value added is published as a growth rate only (absolute amounts are at current prices)
    va = labels[2]
    rows_frame.loc[va, ["month", "ytd"]] = float("nan")
    shown = render_table(rows_frame, period=ctx.period, sub_items=[labels[1]], lang=ctx.lang,
                         level_precision=2)
    shown = shown.reset_index(names=ctx.t("指标", "Indicator"))
    values = rows_frame.reset_index(names=ctx.t("指标", "Indicator"))
    return ReportTable(
        name="main_indicators", title=ctx.t(f"规模以上工业主要指标（{ctx.ytd.label()}）",
                                            f"Main indicators of above-scale industry ({ctx.ytd.label('en')})"),
        frame=shown, values=values,
        unit=ctx.t("单位见指标名称；增速%", "Units in the row labels; growth in %"),
        note=ctx.t("增加值按可比价计算，只公布增速；其余为现价。本月数为本月止累计减上月止累计；1-2月合并发布，不列本月数。"
                   "“#”为其中项。",
                   "Value added is at comparable prices and published as growth only; other rows at current "
                   "prices. The month's figure is the difference of year-to-date sums; January and February are "
                   "released together. '#' marks an of-which row."))


def province_ranking(ctx: ReportContext) -> ReportTable:
    """Year-to-date value-added growth of every city in the province, ranked; the home city highlighted."""
    from gxanalysis.reporting.charts import bar_chart

    ranked = ranking.province_ranking(ctx.data.city_growth, ctx.month)
    month = ranking.province_ranking(ctx.data.city_growth, ctx.month, value="va_growth_month") \
        if ctx.data.city_growth.loc[ctx.data.city_growth["period"] == pd.Period(str(ctx.month), "M"),
                                    "va_growth_month"].notna().any() else None
    if month is not None:
        ranked = ranked.merge(month[["region", "value", "rank"]].rename(
            columns={"value": "month_value", "rank": "month_rank"}), on="region", how="left")
    home = ctx.data.home_city
    ranked["region_label"] = [f"★{r}" if r == home else r for r in ranked["region"]]
    chart = bar_chart(ranked.set_index("region")["published"], horizontal=True, highlight=home,
                      title=ctx.t(f"全省各市规上工业增加值累计增速（{ctx.ytd.label()}）",
                                  f"Value-added growth by city ({ctx.ytd.label('en')})"),
                      ylabel=ctx.t("增速（%）", "growth (%)"))
    cols = [Col("rank", "累计排名", "Rank (YTD)", "int"), Col("region_label", "城市", "City", "text"),
            Col("value", "1-N月累计增速", "YTD growth", "growth"),
            Col("month_value", "当月增速", "Month growth", "growth"),
            Col("month_rank", "当月排名", "Rank (month)", "int")]
    return make_table(ctx, ranked, cols, name="province_ranking",
                      title_zh=f"全省各市规上工业增加值增速排名（{ctx.ytd.label()}）",
                      title_en=f"Value-added growth of the province's cities ({ctx.ytd.label('en')})",
                      unit_zh="单位：%", unit_en="Unit: %", chart=chart,
                      note_zh="数据来源：省统计局公布的各市增速；当月增速1-2月合并发布，不单独公布2月。",
                      note_en="Source: provincial statistics bureau; January and February are released "
                              "together, so there is no February single-month figure.")


def growth_trend(ctx: ReportContext) -> ReportTable:
    """The home city's growth and rank at every release of the last two years."""
    from gxanalysis.reporting.charts import line_chart

    cg = ctx.data.city_growth
    home = ctx.data.home_city
    first = Month(ctx.month.year - 1, 1)
    rows = []
    for m in release_months(first, ctx.month):
        r = ranking.rank_of(cg, home, m)
        sel = cg[(cg["city"] == home) & (cg["period"] == pd.Period(str(m), "M"))]
        month_value = float(sel["va_growth_month"].iloc[0]) if len(sel) else None
        rows.append({"period": str(m), "ytd": r.value, "month": month_value, "rank": r.rank})
    frame = pd.DataFrame(rows)
    chart_frame = frame.set_index("period")[["ytd", "month"]].rename(
        columns={"ytd": ctx.t("累计增速", "YTD growth"), "month": ctx.t("当月增速", "month growth")})
    chart = line_chart(chart_frame, title=ctx.t(f"{home}规上工业增加值增速走势", f"{home}: value-added growth"),
                       ylabel=ctx.t("增速（%）", "growth (%)"))
    cols = [Col("period", "月份", "Month", "text"), Col("ytd", "累计增速", "YTD growth", "growth"),
            Col("month", "当月增速", "Month growth", "growth"), Col("rank", "全省排名", "Rank", "int")]
    return make_table(ctx, frame, cols, name="growth_trend", title_zh=f"{home}规上工业增加值增速及全省排名",
                      title_en=f"{home}: value-added growth and rank", unit_zh="单位：%、位",
                      unit_en="Unit: %, rank", chart=chart)


def capacity_attainment(ctx: ReportContext) -> ReportTable:
    """达产率 by industry division: the mean over enterprises, with the lowest enterprises named."""
    per = capacity.capacity_attainment(ctx.data.enterprises, ctx.data.enterprise_monthly, ctx.month,
                                       variant=ctx.params.capacity_variant)
    ent = ctx.data.enterprises.set_index("credit_code")
    per = per.join(ent[["industry_code", "county"]], on="credit_code")
    per = per.dropna(subset=["attainment"])
    per["division"] = per["industry_code"].astype(str).str[:2]
    rows = []
    for div, g in per.groupby("division"):
        avg = capacity.average_attainment(g)
        low = g.nsmallest(1, "attainment")
        rows.append({"division": div, "n": avg.n, "mean": avg.value,
                     "below_90": int((g["attainment"] < 90).sum()),
                     "lowest": f"{low['name'].iloc[0]}（{low['attainment'].iloc[0]:.1f}%）"})
    total = capacity.average_attainment(per)
    rows.append({"division": ctx.t("合计", "All"), "n": total.n, "mean": total.value,
                 "below_90": int((per["attainment"] < 90).sum()), "lowest": ""})
    frame = pd.DataFrame(rows)
    cols = [Col("division", "行业大类(GB/T 4754)", "Division (GB/T 4754)", "text"),
            Col("n", "企业数", "Enterprises", "int"), Col("mean", "平均达产率", "Mean attainment"),
            Col("below_90", "达产率<90%企业数", "Below 90%", "int"),
            Col("lowest", "最低企业", "Lowest", "text")]
    variant = ctx.params.capacity_variant
    return make_table(ctx, frame, cols, name="capacity", title_zh=f"规上工业企业达产率（{ctx.ytd.label()}）",
                      title_en=f"Capacity attainment ({ctx.ytd.label('en')})", unit_zh="单位：%、家",
                      unit_en="Unit: %, enterprises",
                      note_zh=f"口径{variant}：" + ("产品产量÷(设计产能×月数/12)" if variant == "A" else
                                                  "产值÷(达产后年产值×月数/12)") + "；平均为企业简单平均。",
                      note_en=f"Variant {variant}: " + ("output ÷ (design capacity × months/12)" if variant == "A"
                                                        else "output value ÷ (design output value × months/12)")
                              + "; the average is the simple mean over enterprises.")


def _cadence(ctx: ReportContext) -> schedule.MonitoringCadence:
    now = ctx.data.enterprise_monthly
    sample = now[now["period"] == pd.Period(str(ctx.month), "M")]["credit_code"]
    ent = ctx.data.enterprises[ctx.data.enterprises["credit_code"].isin(sample)]
    return schedule.monitoring_cadence(ent, now, ctx.data.enterprise_targets, ctx.month,
                                       tol=ctx.params.schedule_tolerance_pp,
                                       serious=ctx.params.seriously_behind_pp)


def monitoring_cadence(ctx: ReportContext) -> ReportTable:
    """How many enterprises are followed daily, weekly and monthly, and why (以日保周、以周保月)."""
    cad = _cadence(ctx)
    tbl = cad.table
    rows = [
        {"cadence": ctx.t("日调度", "daily"), "rule": ctx.t("未达序时进度", "behind schedule"),
         "n": len(cad.daily), "output": tbl.loc[tbl["credit_code"].isin(cad.daily), "actual"].sum() / 1e4},
        {"cadence": ctx.t("周调度", "weekly"), "rule": ctx.t("骨干企业（达序时进度）", "key enterprises on schedule"),
         "n": len(cad.weekly), "output": tbl.loc[tbl["credit_code"].isin(cad.weekly), "actual"].sum() / 1e4},
        {"cadence": ctx.t("月调度", "monthly"), "rule": ctx.t("其他规上企业", "other above-scale enterprises"),
         "n": len(cad.monthly), "output": tbl.loc[tbl["credit_code"].isin(cad.monthly), "actual"].sum() / 1e4},
    ]
    cols = [Col("cadence", "调度频次", "Cadence", "text"), Col("rule", "纳入条件", "Rule", "text"),
            Col("n", "企业数", "Enterprises", "int"), Col("output", "1-N月产值", "Output YTD")]
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
    tbl = cad.table[cad.table["credit_code"].isin(cad.daily)].sort_values("gap")
    tbl = tbl.assign(actual=tbl["actual"], target=tbl["target"],
                     is_key_label=[ctx.t("是", "yes") if k else "" for k in tbl["is_key"]],
                     schedule_label=[{"behind": ctx.t("滞后", "behind"),
                                      "seriously_behind": ctx.t("严重滞后", "seriously behind")}.get(s, s)
                                     for s in tbl["schedule"]])
    cols = [Col("name", "企业名称", "Enterprise", "text"), Col("is_key_label", "骨干企业", "Key", "text"),
            Col("actual", "1-N月产值", "Output YTD"), Col("target", "年度目标", "Annual target"),
            Col("completion", "完成率", "Completion"), Col("gap", "进度差(百分点)", "Gap (pp)"),
            Col("schedule_label", "状态", "Status", "text")]
    return make_table(ctx, tbl, cols, name="daily_list", title_zh=f"日调度企业名单（{ctx.ytd.label()}）",
                      title_en=f"Enterprises under daily monitoring ({ctx.ytd.label('en')})",
                      unit_zh="单位：万元、%、百分点", unit_en="Unit: 10,000 yuan, %, pp")


def daily_progress(ctx: ReportContext) -> ReportTable:
    """Enterprises under daily monitoring: progress at each week's end of the month, from daily records."""
    cad = _cadence(ctx)
    daily = ctx.data.daily_records
    in_month = daily[(daily["date"].dt.year == ctx.month.year) & (daily["date"].dt.month == ctx.month.month)]
    codes = [c for c in cad.daily if c in set(in_month["credit_code"])]
    if not codes:
        return make_table(ctx, pd.DataFrame({"msg": [ctx.t("本月无日调度数据", "no daily records this month")]}),
                          [Col("msg", "说明", "Note", "text")], name="daily_progress",
                          title_zh="日调度企业进度", title_en="Daily monitoring progress")
    em = ctx.data.enterprise_monthly
    prev = em[em["period"] == pd.Period(str(ctx.month - 1), "M")].set_index("credit_code")["gross_output"]
    targets = ctx.data.enterprise_targets
    tgt = targets[targets["year"] == ctx.month.year].set_index("credit_code")["output_target"]
    weekly = schedule.weekly_progress(in_month[in_month["credit_code"].isin(codes)], tgt, ctx.month,
                                      ytd_before=prev if ctx.month.month > 1 else None)
    names = ctx.data.enterprises.set_index("credit_code")["name"]
    weekly = weekly.assign(name=weekly["credit_code"].map(names), day=weekly["date"].dt.strftime("%m-%d"))
    cols = [Col("name", "企业名称", "Enterprise", "text"), Col("day", "截至日期", "To date", "text"),
            Col("week_output", "本周产值", "Output this week"), Col("completion", "年度目标完成率", "Completion"),
            Col("time_progress", "时间进度(按日)", "Time progress (days)"),
            Col("gap", "进度差(百分点)", "Gap (pp)")]
    return make_table(ctx, weekly, cols, name="daily_progress",
                      title_zh=f"日调度企业周进度（{ctx.period.label()}）",
                      title_en=f"Weekly progress of enterprises under daily monitoring ({ctx.period.label('en')})",
                      unit_zh="单位：万元、%、百分点", unit_en="Unit: 10,000 yuan, %, pp",
                      note_zh="按日时间进度 = 当年已过天数 ÷ 全年天数；周为周一至周日。",
                      note_en="Day-based time progress = days elapsed ÷ days in the year; weeks run Monday–"
                              "Sunday.")


def outlook(ctx: ReportContext) -> ReportTable:
    """Where the year's growth will land: the forecast, the target and the growth the rest must deliver."""
    from gxanalysis.reporting.outlook import city_outlook

    frame, chart, note = city_outlook(ctx)
    cols = [Col("item", "项目", "Item", "text"), Col("value", "数值", "Value"),
            Col("lower", "区间下限", "Lower"), Col("upper", "区间上限", "Upper"), Col("unit", "单位", "Unit", "text")]
    return make_table(ctx, frame, cols, name="outlook", title_zh=f"全年增速预测与目标（{ctx.month.year}年）",
                      title_en=f"Year-end outlook ({ctx.month.year})", chart=chart, note_zh=note, note_en=note)


def problems(ctx: ReportContext) -> ReportTable:
    """Enterprise problems by responsible department: raised, closed, open, overdue (闭环管控)."""
    pc = follow_up.problem_closure(ctx.data.problems_log, ctx.month.last_day, by="department")
    s = pc.summary.reset_index()
    total = follow_up.problem_closure(ctx.data.problems_log, ctx.month.last_day).summary.reset_index()
    total[s.columns[0]] = ctx.t("合计", "All")
    s = pd.concat([s, total[s.columns]], ignore_index=True)
    cols = [Col(s.columns[0], "责任部门", "Department", "text"), Col("raised", "交办问题", "Raised", "int"),
            Col("closed", "已办结", "Closed", "int"), Col("open", "未办结", "Open", "int"),
            Col("overdue", "逾期未办结", "Overdue", "int"), Col("closed_on_time", "按期办结", "On time", "int"),
            Col("closure_rate", "办结率", "Closure rate")]
    return make_table(ctx, s, cols, name="problems", title_zh=f"企业反映问题办理情况（截至{ctx.month.last_day}）",
                      title_en=f"Enterprise problems (to {ctx.month.last_day})", unit_zh="单位：件、%",
                      unit_en="Unit: problems, %")


def supervision(ctx: ReportContext) -> ReportTable:
    """Supervised key tasks rated red / yellow / blue as of the month's last day (督查督办)."""
    rated = follow_up.rate_tasks(ctx.data.supervision_tasks, ctx.month.last_day,
                                 due_soon_days=ctx.params.due_soon_days)
    order = {"red": 0, "yellow": 1, "blue": 2}
    rated = rated.sort_values(["rating", "due_date"], key=lambda s: s.map(order) if s.name == "rating" else s)
    rated = rated.assign(due=rated["due_date"].dt.strftime("%Y-%m-%d"),
                         rating_label=rated["rating_zh"] if ctx.lang == "zh" else rated["rating"])
    cols = [Col("rating_label", "等级", "Rating", "text"), Col("area", "领域", "Area", "text"),
            Col("task", "任务", "Task", "text"), Col("responsible_unit", "责任单位", "Responsible", "text"),
            Col("due", "完成时限", "Due", "text"), Col("days_to_due", "距时限天数", "Days to due", "int")]
    return make_table(ctx, rated, cols, name="supervision", title_zh=f"督办任务红黄蓝（截至{ctx.month.last_day}）",
                      title_en=f"Supervised tasks (as of {ctx.month.last_day})",
                      note_zh=f"红：逾期未完成；黄：{ctx.params.due_soon_days}天内到期；蓝：其余（含已完成）。",
                      note_en=f"Red: overdue; yellow: due within {ctx.params.due_soon_days} days; blue: the rest "
                              "(including completed).")


def upgrading(ctx: ReportContext) -> ReportTable:
    """5G base stations by county and this year's recognitions (三化改造)."""
    bs = follow_up.base_station_summary(ctx.data.base_stations, ctx.month, by="county").reset_index()
    rec = follow_up.recognition_counts(ctx.data.recognitions, by=("kind", "level", "year"))
    this_year = rec[rec["year"] == ctx.month.year]
    county = [ctx.t("合计", "total") if c == "total" else c for c in bs[bs.columns[0]]]
    rows = [{"item": ctx.t(f"5G基站（{c}）", f"5G stations ({c})"), "value": r["stations"],
             "new": r["new_this_year"]} for c, (_, r) in zip(county, bs.iterrows(), strict=True)]
    rows += [{"item": f"{r['kind']}（{r['level']}）", "value": None, "new": r["count"]}
             for _, r in this_year.iterrows()]
    cols = [Col("item", "项目", "Item", "text"), Col("value", "总数", "Total", "int"),
            Col("new", f"{ctx.month.year}年新增", f"New in {ctx.month.year}", "int")]
    return make_table(ctx, pd.DataFrame(rows), cols, name="upgrading",
                      title_zh=f"5G基站与荣誉认定（截至{ctx.period.label()}）",
                      title_en=f"5G base stations and recognitions (to {ctx.period.label('en')})",
                      unit_zh="单位：个、家", unit_en="Unit: stations, enterprises")


SECTIONS = [brief, headline, main_indicators, province_ranking, growth_trend, capacity_attainment, monitoring_cadence,
            behind_schedule, daily_progress, outlook, problems, supervision, upgrading]
