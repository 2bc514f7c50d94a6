"""Sections of the key-project investment report (重点项目投资分析).

Start, resume and start-or-resume rates (开工率 / 复工率 / 开复工率) overall, by county and by chain; investment
completed against the annual plan (投资完成率) and the gap to time progress (序时进度) by chain and by county;
projects behind plan; projects that started this month (INDICATORS.md §5.1–5.3, §6.1–6.2). The numbers come
from :mod:`gxanalysis.indicators.projects`; the report parameters ``start_rate_denominator`` and
``behind_margin_pp`` choose the denominator of the rates and the margin of "behind plan".
"""

from __future__ import annotations

import pandas as pd

from gxanalysis.indicators import projects
from gxanalysis.indicators.display import format_number
from gxanalysis.labels import KIND
from gxanalysis.periods import Period
from gxanalysis.reporting.context import ReportContext, ReportTable
from gxanalysis.reporting.sections import Col, make_table
from gxanalysis.units import convert

_SCHEDULE_LABELS = {"ahead": ("超序时", "ahead"), "on_track": ("符合序时", "on track"),
                    "behind": ("滞后", "behind"), "seriously_behind": ("严重滞后", "seriously behind"),
                    "missing": ("--", "--")}


def _denominator_note(ctx: ReportContext) -> tuple[str, str]:
    if ctx.params.start_rate_denominator == "to_date":
        return (f"新建项目为计划开工月份在{ctx.period.label()}及以前的项目，续建项目为清单全部续建项目；分子为其中已开(复)工的项目。",
                f"New projects: those planned to start by {ctx.period.label('en')}; ongoing projects: every "
                "ongoing project of the list; the numerator counts those of them that have started or resumed.")
    return (f"分母为{ctx.month.year}年重点项目清单的全部新建（续建）项目（全年计划），分子为其中已开(复)工的项目。",
            f"Denominator: every new (ongoing) project of the {ctx.month.year} list (annual plan); the numerator "
            "counts those of them that have started or resumed.")


def _year_projects(ctx: ReportContext) -> pd.DataFrame:
    p = ctx.data.projects
    return p[p["year"] == ctx.month.year]


def _chain_label(ctx: ReportContext, chain_id) -> str:
    if chain_id is None or pd.isna(chain_id) or str(chain_id).strip() == "":
        return ctx.t("未归属产业链", "no chain")
    names = ctx.data.chains.set_index("chain_id")["chain_name"]
    return str(names.get(chain_id, chain_id))


def _month(ctx: ReportContext, month) -> str:
    """A month as the bureau writes it (2023年3月 / Mar 2023)."""
    return Period.parse(str(month)).label(ctx.lang)


def _schedule_label(ctx: ReportContext, s: str) -> str:
    zh, en = _SCHEDULE_LABELS.get(s, (s, s))
    return ctx.t(zh, en)


# --------------------------------------------------------------------------------------------------
# sections
# --------------------------------------------------------------------------------------------------
def investment_summary(ctx: ReportContext) -> ReportTable:
    """The key figures: projects on the year's list, start-or-resume rates, investment completed and its rate."""
    p = _year_projects(ctx)
    den = ctx.params.start_rate_denominator
    sr = projects.start_rates(ctx.data.projects, ctx.month, denominator=den).loc["total"]
    inv = projects.investment_completion(ctx.data.projects, ctx.data.project_monthly, ctx.month).loc["total"]
    n_new, n_old = int((p["kind"] == "新建").sum()), int((p["kind"] == "续建").sum())
    rows = [
        (ctx.t(f"{ctx.month.year}年重点工业项目", f"key industrial projects {ctx.month.year}"), len(p),
         ctx.t("个", "projects"), 0),
        (ctx.t("  其中：新建项目", "  of which new"), n_new, ctx.t("个", "projects"), 0),
        (ctx.t("        续建项目", "  of which ongoing"), n_old, ctx.t("个", "projects"), 0),
        (ctx.t("已开(复)工项目", "started or resumed"), sr["new_started"] + sr["ongoing_resumed"],
         ctx.t("个", "projects"), 0),
        (ctx.t("开工率", "start rate (new)"), sr["start_rate"], "%", 1),
        (ctx.t("复工率", "resume rate (ongoing)"), sr["resume_rate"], "%", 1),
        (ctx.t("开复工率", "start-or-resume rate"), sr["start_or_resume_rate"], "%", 1),
        (ctx.t("年度计划投资", "annual planned investment"), convert(inv["annual_plan"], "万元", "亿元"),
         ctx.t("亿元", "100 million yuan"), 1),
        (ctx.t("本年完成投资", "investment completed this year"), convert(inv["completed"], "万元", "亿元"),
         ctx.t("亿元", "100 million yuan"), 1),
        (ctx.t("投资完成率", "completion of the annual plan"), inv["completion_rate"], "%", 1),
        (ctx.t("序时进度", "time progress"), inv["time_progress"], "%", 1),
        (ctx.t("进度差（完成率 − 序时进度）", "gap (completion − time progress)"), inv["gap"],
         ctx.t("百分点", "pp"), 1),
    ]
    frame = pd.DataFrame(rows, columns=["item", "value", "unit", "precision"])
    cols = [Col("item", "指标", "Indicator", "text"), Col("value", "数值", "Value", precision_col="precision"),
            Col("unit", "单位", "Unit", "text")]
    table = make_table(ctx, frame, cols, name="investment_summary",
                       title_zh=f"重点工业项目主要指标（{ctx.ytd.label()}）",
                       title_en=f"Key industrial projects: headline figures ({ctx.ytd.label('en')})",
                       note_zh="开工率 = 已开工新建项目 ÷ 新建项目；复工率 = 已复工续建项目 ÷ 续建项目；开复工率 = "
                               "(已开工+已复工) ÷ (新建+续建)。" + _denominator_note(ctx)[0] +
                               f" 投资完成率 = 本年完成投资 ÷ 年度计划投资；序时进度 = {ctx.month.month}/12。"
                               "口径：项目台账（含未入库纳统项目）。",
                       note_en="Start rate = new projects started ÷ new projects; resume rate = ongoing projects "
                               "resumed ÷ ongoing projects; start-or-resume rate = (started + resumed) ÷ (new + "
                               "ongoing). " + _denominator_note(ctx)[1] +
                               f" Completion = investment completed ÷ annual plan; time progress = "
                               f"{ctx.month.month}/12. Scope: the project ledger (including projects not yet in "
                               "the statistics).")
    return table


def _rates_table(ctx: ReportContext, by: str) -> pd.DataFrame:
    den = ctx.params.start_rate_denominator
    total = projects.start_rates(ctx.data.projects, ctx.month, denominator=den)
    total.index = [ctx.t("合计", "Total")]
    parts = projects.start_rates(ctx.data.projects, ctx.month, denominator=den, by=by)
    if by == "chain_id":
        parts.index = [_chain_label(ctx, c) for c in parts.index]
    frame = pd.concat([total, parts])
    frame.index.name = "label"
    frame = frame.reset_index()
    frame["planned"] = frame["new_planned"] + frame["ongoing_planned"]
    frame["done"] = frame["new_started"] + frame["ongoing_resumed"]
    return frame


_RATE_COLS = [Col("new_planned", "新建项目", "New", "int"), Col("new_started", "已开工", "Started", "int"),
              Col("start_rate", "开工率%", "Start rate %"),
              Col("ongoing_planned", "续建项目", "Ongoing", "int"), Col("ongoing_resumed", "已复工", "Resumed", "int"),
              Col("resume_rate", "复工率%", "Resume rate %"),
              Col("start_or_resume_rate", "开复工率%", "Start-or-resume rate %")]


def _start_rates_section(ctx: ReportContext, by: str, *, head: tuple[str, str], scope: tuple[str, str],
                         name: str) -> ReportTable:
    frame = _rates_table(ctx, by)
    nz, ne = _denominator_note(ctx)
    return make_table(ctx, frame, [Col("label", head[0], head[1], "text"), *_RATE_COLS], name=name,
                      title_zh=f"重点项目开复工情况（分{scope[0]}，截至{ctx.period.label()}）",
                      title_en=f"Project starts by {scope[1]} (to {ctx.period.label('en')})", unit_zh="单位：个、%",
                      unit_en="Unit: projects, %", note_zh=nz + f"“--”表示该{scope[0]}无此类项目。",
                      note_en=ne + f" '--' = no such projects in the {scope[1]}.")


def start_rates_by_county(ctx: ReportContext) -> ReportTable:
    """开工率, 复工率 and 开复工率 of the year's projects, in total and by county (INDICATORS.md §6.1)."""
    return _start_rates_section(ctx, "county", head=("县区", "County"), scope=("县区", "county"),
                                name="start_rates_county")


def start_rates_by_chain(ctx: ReportContext) -> ReportTable:
    """开工率, 复工率 and 开复工率 of the year's projects, in total and by sub-chain (INDICATORS.md §6.1)."""
    return _start_rates_section(ctx, "chain_id", head=("细分产业链", "Sub-chain"), scope=("产业链", "sub-chain"),
                                name="start_rates_chain")


def _completion_table(ctx: ReportContext, by: str) -> pd.DataFrame:
    pr, pm = ctx.data.projects, ctx.data.project_monthly
    total = projects.investment_completion(pr, pm, ctx.month)
    total.index = [ctx.t("合计", "Total")]
    parts = projects.investment_completion(pr, pm, ctx.month, by=by)
    if by == "chain_id":
        parts.index = [_chain_label(ctx, c) for c in parts.index]
    else:
        parts = parts.sort_values("completion_rate", ascending=False, kind="stable")
    frame = pd.concat([total, parts])
    frame.index.name = "label"
    frame = frame.reset_index()
    frame["plan_yi"] = convert(frame["annual_plan"], "万元", "亿元")
    frame["completed_yi"] = convert(frame["completed"], "万元", "亿元")
    frame["schedule_label"] = [_schedule_label(ctx, s) for s in frame["schedule"]]
    return frame


def _completion_cols(first: Col) -> list[Col]:
    return [first, Col("n_projects", "项目数", "Projects", "int"), Col("plan_yi", "年度计划投资", "Annual plan"),
            Col("completed_yi", "本年完成投资", "Completed"), Col("completion_rate", "完成率%", "Completion %"),
            Col("time_progress", "序时进度%", "Time progress %"), Col("gap", "进度差(百分点)", "Gap (pp)"),
            Col("schedule_label", "进度状态", "Schedule", "text")]


def _completion_note(ctx: ReportContext) -> tuple[str, str]:
    return (f"完成率 = 本年完成投资 ÷ 年度计划投资 × 100%；进度差 = 完成率 − 序时进度（{ctx.month.month}/12）。"
            "进度差在0以上为超序时，0至−5个百分点为滞后，低于−5个百分点为严重滞后。",
            f"Completion = investment completed this year ÷ annual plan × 100; gap = completion − time progress "
            f"({ctx.month.month}/12). Gap above 0: ahead; 0 to −5 pp: behind; below −5 pp: seriously behind.")


def completion_by_chain(ctx: ReportContext) -> ReportTable:
    """Investment completed against the annual plan by sub-chain, with the gap to time progress (§6.2)."""
    frame = _completion_table(ctx, "chain_id")
    nz, ne = _completion_note(ctx)
    return make_table(ctx, frame, _completion_cols(Col("label", "细分产业链", "Sub-chain", "text")),
                      name="completion_chain", title_zh=f"重点项目投资完成情况（分产业链，{ctx.ytd.label()}）",
                      title_en=f"Investment completed by sub-chain ({ctx.ytd.label('en')})",
                      unit_zh="单位：个、亿元、%、百分点", unit_en="Unit: projects, 100 million yuan, %, pp",
                      note_zh=nz, note_en=ne)


def completion_by_county(ctx: ReportContext) -> ReportTable:
    """Investment completed against the annual plan by county, with a chart of completion vs time progress."""
    from gxanalysis.reporting.charts import PALETTE, bar_chart

    frame = _completion_table(ctx, "county")
    tp = float(frame["time_progress"].iloc[0])
    chart = bar_chart(frame.set_index("label")["completion_rate"],
                      title=ctx.t(f"各县区重点项目投资完成率与序时进度（{ctx.ytd.label()}）",
                                  f"Completion of planned investment by county ({ctx.ytd.label('en')})"),
                      ylabel=ctx.t("完成率（%）", "completion (%)"))
    ax = chart.axes[0]
    ax.axhline(tp, color=PALETTE[3], lw=1.4, ls="--")
    ax.annotate(ctx.t(f"序时进度{format_number(tp)}%", f"time progress {format_number(tp)}%"), (len(frame) - 0.5, tp), xytext=(0, 3),
                textcoords="offset points", ha="right", fontsize=8, color=PALETTE[3])
    nz, ne = _completion_note(ctx)
    return make_table(ctx, frame, _completion_cols(Col("label", "县区", "County", "text")),
                      name="completion_county", title_zh=f"重点项目投资完成情况（分县区，{ctx.ytd.label()}）",
                      title_en=f"Investment completed by county ({ctx.ytd.label('en')})",
                      unit_zh="单位：个、亿元、%、百分点", unit_en="Unit: projects, 100 million yuan, %, pp",
                      note_zh=nz + "图中虚线为序时进度。", note_en=ne + " The dashed line is time progress.", chart=chart)


def behind_plan(ctx: ReportContext) -> ReportTable:
    """Projects whose completion is more than ``behind_margin_pp`` below time progress, worst first (§6.2)."""
    margin = ctx.params.behind_margin_pp
    b = projects.projects_behind_plan(ctx.data.projects, ctx.data.project_monthly, ctx.month, margin=margin)
    starts = _year_projects(ctx).set_index("project_id")
    planned = b["project_id"].map(starts["planned_start"])
    actual = b["project_id"].map(starts["actual_start"])
    now = pd.Period(str(ctx.month), "M")
    state = [ctx.t(f"已开(复)工（{_month(ctx, a)}）", f"started {_month(ctx, a)}") if pd.notna(a) else
             (ctx.t(f"未到计划开工期（{_month(ctx, p)}）", f"not due yet ({_month(ctx, p)})") if p > now else
              ctx.t(f"逾期未开工（计划{_month(ctx, p)}）", f"overdue start (planned {_month(ctx, p)})"))
             for a, p in zip(actual, planned, strict=True)]
    b = b.assign(chain_label=[_chain_label(ctx, c) for c in b["chain_id"]],
                 kind_label=[KIND[k][ctx.lang] for k in b["kind"]], start_state=state)
    cols = [Col("name", "项目名称", "Project", "text"),
            Col("county", "县区", "County", "text"), Col("chain_label", "细分产业链", "Sub-chain", "text"),
            Col("kind_label", "建设性质", "Kind", "text"), Col("annual_plan", "年度计划投资", "Annual plan", "int"),
            Col("completed", "本年完成投资", "Completed", "int"), Col("completion_rate", "完成率%", "Completion %"),
            Col("gap", "进度差(百分点)", "Gap (pp)"), Col("start_state", "开(复)工情况", "Start", "text")]
    n_year = len(_year_projects(ctx))
    return make_table(ctx, b, cols, name="behind_plan",
                      title_zh=f"投资进度滞后项目（{ctx.ytd.label()}，低于序时进度{margin:g}个百分点以上）",
                      title_en=f"Projects behind plan ({ctx.ytd.label('en')}, more than {margin:g} pp below time "
                               "progress)",
                      unit_zh="单位：万元、%、百分点", unit_en="Unit: 10,000 yuan, %, pp",
                      note_zh=f"共{len(b)}个项目（占{n_year}个重点项目的{format_number(len(b) / n_year * 100)}%），按进度差由低到高"
                              f"排列；序时进度 = {ctx.month.month}/12；已到计划开(复)工月份但未开工的项目完成投资计为0；"
                              "尚未到计划开(复)工月份的项目不列入。",
                      note_en=f"{len(b)} projects of {n_year}, worst first; time progress = {ctx.month.month}/12; "
                              "projects due to start but not started count 0 investment; projects not yet due "
                              "to start are left out.")


def new_starts_this_month(ctx: ReportContext) -> ReportTable:
    """Projects of the year's list that started (新建) or resumed (续建) in the reporting month (§6.1)."""
    n = projects.new_starts(ctx.data.projects, ctx.month)
    n = n.assign(chain_label=[_chain_label(ctx, c) for c in n["chain_id"]],
                 kind_label=[KIND[k][ctx.lang] for k in n["kind"]],
                 planned=[_month(ctx, p) for p in n["planned_start"]],
                 in_stats_label=[ctx.t("是", "yes") if v else ctx.t("否", "no") for v in n["in_stats"]])
    cols = [Col("name", "项目名称", "Project", "text"),
            Col("county", "县区", "County", "text"), Col("chain_label", "细分产业链", "Sub-chain", "text"),
            Col("kind_label", "建设性质", "Kind", "text"), Col("planned", "计划开(复)工", "Planned start", "text"),
            Col("total_investment", "总投资", "Total investment", "int"),
            Col("annual_plan", "年度计划投资", "Annual plan", "int"),
            Col("in_stats_label", "入库纳统", "In statistics", "text")]
    n_new = int((n["kind"] == "新建").sum())
    total_yi = convert(n["total_investment"].sum(), "万元", "亿元")
    return make_table(ctx, n, cols, name="new_starts", title_zh=f"{ctx.period.label()}新开(复)工项目",
                      title_en=f"Projects started or resumed in {ctx.period.label('en')}",
                      unit_zh="单位：万元", unit_en="Unit: 10,000 yuan",
                      note_zh=f"本月新开工{n_new}个、复工{len(n) - n_new}个，总投资{format_number(total_yi)}"
                              "亿元。",
                      note_en=f"{n_new} new projects started and {len(n) - n_new} ongoing projects resumed this month; "
                              f"total investment {format_number(total_yi)} (100 million yuan).")


SECTIONS = [investment_summary, start_rates_by_county, start_rates_by_chain, completion_by_county,
            completion_by_chain, behind_plan, new_starts_this_month]
