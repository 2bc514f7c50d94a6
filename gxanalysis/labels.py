"""Every label a reader sees, in Chinese and English: one dictionary for the whole package.

Reports, the workbook, the brief, ``gx summary`` and the explorers take their words from here, so a figure
is called the same everywhere and a translation is made once. Each entry maps a key (the name used in code)
to ``{"zh": …, "en": …}``. :func:`label` looks one up; an unknown key or language is an error, never a
silent fallback to the code.

Groups
------
``indicator``  the headline figures of :func:`gxanalysis.summary.headline_figures`;
``status``     why a figure has no number (growth statuses of INDICATORS.md §1.3 and figure statuses);
``unit``       units as written after a number;
``schedule``   schedule classes against time progress (INDICATORS.md §5.3);
``rating``     supervision-task ratings (红 / 黄 / 蓝);
``cadence``    monitoring cadence (日调度 / 周调度 / 月调度);
``kind``       project kinds (新建 / 续建).

Industry divisions (GB/T 4754-2017 大类) are named by :func:`division_label` from the table
``gxanalysis/resources/gb4754_divisions.csv``.

Examples
--------
>>> label("indicator", "start_resume_rate"), label("indicator", "start_resume_rate", "en")
('重点项目开复工率', 'Start-or-resume rate of key projects')
>>> label("status", "loss_to_profit"), label("rating", "red", "en")
('由亏转盈', 'red (overdue)')
>>> division_label("32"), division_label("3211", "en")
('有色金属冶炼和压延加工业', 'Smelting and pressing of non-ferrous metals')
"""

from __future__ import annotations

import csv
import functools

from gxanalysis.config import ENCODING, RESOURCES_DIR
from gxanalysis.errors import ParameterError

LANGS = ("zh", "en")

NA_SYMBOL = "--"
"""Shown where a value is not applicable or cannot be computed (INDICATORS.md §9)."""

INDICATORS: dict[str, dict[str, str]] = {
    "va_growth_ytd": {"zh": "规上工业增加值累计增速", "en": "Value added of above-scale industry, growth year to date"},
    "va_growth_month": {"zh": "规上工业增加值当月增速", "en": "Value added of above-scale industry, growth in the month"},
    "province_rank": {"zh": "累计增速全省排名", "en": "Rank of the growth in the province"},
    "province_rank_change": {"zh": "排名较上期变化（位次）", "en": "Change of rank since the previous release"},
    "rank_streak_months": {"zh": "连续保持该位次（月）", "en": "Months at this rank in a row"},
    "rank_streak_releases": {"zh": "连续保持该位次（期）", "en": "Releases at this rank in a row"},
    "va_growth_target": {"zh": "全年增速目标", "en": "Annual growth target"},
    "va_growth_required": {"zh": "完成全年目标剩余月份需增长", "en": "Growth needed in the remaining months"},
    "capacity_attainment_mean": {"zh": "规上工业企业平均达产率", "en": "Average capacity attainment"},
    "key_projects": {"zh": "重点工业项目个数", "en": "Key industrial projects"},
    "start_resume_rate": {"zh": "重点项目开复工率", "en": "Start-or-resume rate of key projects"},
    "investment_completed": {"zh": "重点项目完成投资", "en": "Investment completed by key projects"},
    "investment_completion_rate": {"zh": "重点项目年度投资完成率", "en": "Completion of the annual investment plan"},
    "chain_output": {"zh": "“2+4”产业链群产值", "en": "Output of the '2+4' chain cluster"},
    "chain_output_growth": {"zh": "“2+4”产业链群产值增速", "en": "Output growth of the '2+4' chain cluster"},
    "energy_intensity_change": {"zh": "规上工业单位增加值能耗变化（当量值）",
                                "en": "Change of energy per unit of value added (equivalent value)"},
    "energy_intensity_change_ytd": {"zh": "规上工业单位增加值能耗累计变化（当量值）",
                                    "en": "Change of energy per unit of value added, year to date "
                                          "(equivalent value)"},
    "base_stations_new": {"zh": "本年新建5G基站", "en": "New 5G base stations this year"},
    "base_stations_total": {"zh": "5G基站总数", "en": "5G base stations in service"},
    "problems_raised": {"zh": "企业反映问题", "en": "Problems raised by enterprises"},
    "problems_closed": {"zh": "已办结问题", "en": "Problems closed"},
    "problem_closure_rate": {"zh": "问题办结率", "en": "Closure rate of problems"},
    "supervision_tasks": {"zh": "督办重点任务", "en": "Supervised key tasks"},
    "supervision_red": {"zh": "红色（逾期）任务", "en": "Red tasks (overdue)"},
    "supervision_yellow": {"zh": "黄色（临期）任务", "en": "Yellow tasks (due soon)"},
    "supervision_blue": {"zh": "蓝色（正常）任务", "en": "Blue tasks (on schedule)"},
    "zjtx_provincial_new": {"zh": "本年新认定省级专精特新中小企业",
                            "en": "Provincial specialised and innovative SMEs recognised this year"},
    "monitoring_daily": {"zh": "日调度企业（未达序时进度）", "en": "Enterprises followed daily (behind schedule)"},
    "monitoring_weekly": {"zh": "周调度企业（骨干企业）", "en": "Enterprises followed weekly (key enterprises)"},
    "monitoring_monthly": {"zh": "月调度企业（其他规上企业）", "en": "Enterprises followed monthly (the others)"},
}

UNITS: dict[str, dict[str, str]] = {
    "%": {"zh": "%", "en": "%"},
    "位": {"zh": "位", "en": ""},
    "个月": {"zh": "个月", "en": "months"},
    "期": {"zh": "期", "en": "releases"},
    "个": {"zh": "个", "en": ""},
    "亿元": {"zh": "亿元", "en": "100 million yuan"},
    "万元": {"zh": "万元", "en": "10,000 yuan"},
    "件": {"zh": "件", "en": ""},
    "项": {"zh": "项", "en": ""},
    "家": {"zh": "家", "en": ""},
    "百分点": {"zh": "个百分点", "en": "pp"},
    "tce": {"zh": "吨标准煤", "en": "tce"},
    "万tce": {"zh": "万吨标准煤", "en": "10,000 tce"},
}

STATUSES: dict[str, dict[str, str]] = {
    "ok": {"zh": "", "en": ""},
    # growth statuses (INDICATORS.md §1.3); 由盈转亏 and 亏损增加 are the NBS wordings [S55], the others [P]/[U]
    "base_zero": {"zh": "新增", "en": "new"},
    "both_zero": {"zh": NA_SYMBOL, "en": NA_SYMBOL},
    "loss_to_profit": {"zh": "由亏转盈", "en": "loss to profit"},
    "profit_to_loss": {"zh": "由盈转亏", "en": "profit to loss"},
    "loss_widened": {"zh": "亏损增加", "en": "loss widened"},
    "loss_narrowed": {"zh": "减亏", "en": "loss narrowed"},
    "loss_unchanged": {"zh": "亏损持平", "en": "loss unchanged"},
    "missing": {"zh": NA_SYMBOL, "en": NA_SYMBOL},
    "not_published": {"zh": NA_SYMBOL, "en": NA_SYMBOL},
    "insufficient_data": {"zh": NA_SYMBOL, "en": NA_SYMBOL},
    "incomplete": {"zh": NA_SYMBOL, "en": NA_SYMBOL},
    "unstable_denominator": {"zh": NA_SYMBOL, "en": NA_SYMBOL},
    # figure statuses (why a headline figure has no number)
    "no_remaining_period": {"zh": NA_SYMBOL, "en": NA_SYMBOL},
    "no_data": {"zh": NA_SYMBOL, "en": NA_SYMBOL},
    "no_previous": {"zh": NA_SYMBOL, "en": NA_SYMBOL},
    "no_target": {"zh": NA_SYMBOL, "en": NA_SYMBOL},
    "no_plan": {"zh": NA_SYMBOL, "en": NA_SYMBOL},
    "no_december_stock": {"zh": NA_SYMBOL, "en": NA_SYMBOL},
}

STATUS_REASONS: dict[str, dict[str, str]] = {
    "base_zero": {"zh": "上年同期为零", "en": "the base is zero"},
    "both_zero": {"zh": "本期与上年同期均为零", "en": "both the value and its base are zero"},
    "missing": {"zh": "缺少数据", "en": "data are missing"},
    "not_published": {"zh": "1-2月合并发布，不单独计算当月", "en": "January and February are released together"},
    "insufficient_data": {"zh": "数据不足以计算", "en": "the data do not allow it"},
    "incomplete": {"zh": "部分单位缺少数据", "en": "some units lack data"},
    "unstable_denominator": {"zh": "总增量接近零", "en": "the total increment is close to zero"},
    "no_remaining_period": {"zh": "已到年末，无剩余月份", "en": "no month of the year remains"},
    "no_data": {"zh": "缺少本期数据", "en": "no data for the period"},
    "no_previous": {"zh": "无上期可比", "en": "no previous release to compare"},
    "no_target": {"zh": "无年度目标", "en": "no annual target"},
    "no_plan": {"zh": "无年度计划投资", "en": "no annual plan"},
    "no_december_stock": {"zh": "缺少上年末数据", "en": "no stock at last year's end"},
}
"""Why a figure is not computable: the footnote shown beside "--"."""

SCHEDULE: dict[str, dict[str, str]] = {
    "ahead": {"zh": "超序时", "en": "ahead"},
    "on_track": {"zh": "符合序时", "en": "on schedule"},
    "behind": {"zh": "滞后", "en": "behind"},
    "seriously_behind": {"zh": "严重滞后", "en": "seriously behind"},
    "no_target": {"zh": "无目标", "en": "no target"},
    "missing": {"zh": NA_SYMBOL, "en": NA_SYMBOL},
}

RATING: dict[str, dict[str, str]] = {
    "red": {"zh": "红", "en": "red (overdue)"},
    "yellow": {"zh": "黄", "en": "yellow (due soon)"},
    "blue": {"zh": "蓝", "en": "blue (on schedule)"},
}

CADENCE: dict[str, dict[str, str]] = {
    "daily": {"zh": "日调度", "en": "daily"},
    "weekly": {"zh": "周调度", "en": "weekly"},
    "monthly": {"zh": "月调度", "en": "monthly"},
}

KIND: dict[str, dict[str, str]] = {
    "新建": {"zh": "新建", "en": "new"},
    "续建": {"zh": "续建", "en": "ongoing"},
}

REPORTS: dict[str, dict[str, str]] = {
    "monthly_overview": {"zh": "工业经济运行情况", "en": "Industrial economy: monthly overview"},
    "chain_output": {"zh": "产业链产值分析", "en": "Industrial-chain output"},
    "investment": {"zh": "重点项目投资分析", "en": "Key-project investment"},
    "energy_intensity": {"zh": "能耗强度分析", "en": "Energy intensity"},
}
"""Titles of the reports."""

HEADINGS: dict[str, dict[str, dict[str, str]]] = {
    "monthly_overview": {
        "brief": {"zh": "运行简况", "en": "Summary"},
        "headline": {"zh": "主要指标", "en": "Headline figures"},
        "growth": {"zh": "增速与全省排名", "en": "Growth and rank in the province"},
        "capacity": {"zh": "企业达产率", "en": "Capacity attainment"},
        "cadence": {"zh": "分级调度", "en": "Monitoring cadence"},
        "outlook": {"zh": "全年目标测算", "en": "Year-end outlook"},
        "follow_up": {"zh": "问题闭环与督查督办", "en": "Problems and supervised tasks"},
        "upgrading": {"zh": "数字化与荣誉认定", "en": "5G and recognitions"},
    },
    "chain_output": {
        "output": {"zh": "产值及增速", "en": "Output and growth"},
        "contribution": {"zh": "贡献率与拉动", "en": "Contribution and pull"},
        "balance": {"zh": "物料平衡与产业链图谱", "en": "Material balance and chain map"},
    },
    "investment": {
        "headline": {"zh": "主要指标", "en": "Headline figures"},
        "starts": {"zh": "开复工情况", "en": "Starts and resumptions"},
        "completion": {"zh": "投资完成情况", "en": "Investment completed"},
        "projects": {"zh": "滞后项目与新开工项目", "en": "Projects behind plan and new starts"},
    },
    "energy_intensity": {
        "change": {"zh": "能耗强度变化", "en": "Intensity change"},
        "industry": {"zh": "分行业情况", "en": "By industry"},
        "lmdi": {"zh": "能耗变化的LMDI分解", "en": "LMDI decomposition"},
        "users": {"zh": "重点用能企业", "en": "Largest energy users"},
        "plan": {"zh": "“十四五”目标进度", "en": "Five-year plan progress"},
    },
}
"""The numbered headings of each report, in order (一、… in Chinese, 1. … in English)."""

_ZH_NUMERALS = "一二三四五六七八九十"


def heading(report: str, key: str, lang: str = "zh") -> str:
    """A report's numbered heading, e.g. ``heading("monthly_overview", "growth")`` → 三、增速与全省排名."""
    check_lang(lang)
    entries = HEADINGS.get(report, {})
    if key not in entries:
        raise ParameterError(f"no heading {key!r} in report {report!r}; headings: {', '.join(entries)}")
    n = list(entries).index(key)
    text = entries[key][lang]
    return f"{_ZH_NUMERALS[n]}、{text}" if lang == "zh" else f"{n + 1}. {text}"


SECTIONS: dict[str, dict[str, dict[str, str]]] = {
    "monthly_overview": {
        "brief": {"zh": "运行简况", "en": "Summary"},
        "headline": {"zh": "主要指标", "en": "Headline figures"},
        "main_indicators": {"zh": "规模以上工业主要指标", "en": "Main indicators of above-scale industry"},
        "province_ranking": {"zh": "全省各市增速排名", "en": "Growth of the province's cities"},
        "growth_trend": {"zh": "增速及排名走势", "en": "Growth and rank over time"},
        "va_by_county": {"zh": "分县区规上工业增加值增速", "en": "Value added by county"},
        "va_by_industry": {"zh": "分行业规上工业增加值增速", "en": "Value added by industry"},
        "capacity_attainment": {"zh": "企业达产率", "en": "Capacity attainment"},
        "monitoring_cadence": {"zh": "企业调度分级", "en": "Monitoring cadence"},
        "behind_schedule": {"zh": "日调度企业名单", "en": "Enterprises under daily monitoring"},
        "daily_progress": {"zh": "日调度企业周进度", "en": "Weekly progress of enterprises under daily monitoring"},
        "outlook": {"zh": "全年增速预测与目标", "en": "Year-end outlook"},
        "problems": {"zh": "企业反映问题办理情况", "en": "Enterprise problems"},
        "supervision": {"zh": "督办任务红黄蓝", "en": "Supervised tasks"},
        "upgrading": {"zh": "5G基站与荣誉认定", "en": "5G base stations and recognitions"},
    },
    "chain_output": {
        "chain_output": {"zh": "产业链群产值及增速", "en": "Chain output and growth"},
        "chain_contributions": {"zh": "细分产业链贡献率与拉动", "en": "Contribution and pull by sub-chain"},
        "growth_by_chain": {"zh": "细分产业链增速与年度目标", "en": "Sub-chain growth against the target"},
        "top_movers": {"zh": "产值增量前后位企业", "en": "Enterprises moving the chain most"},
        "county_output": {"zh": "分县区产值及增速", "en": "Output by county"},
        "material_balance_table": {"zh": "重点产品物料平衡", "en": "Material balance of chain products"},
        "chain_map_edges": {"zh": "产业链图谱", "en": "Chain map"},
    },
    "investment": {
        "investment_summary": {"zh": "重点工业项目主要指标", "en": "Key industrial projects: headline figures"},
        "start_rates_by_county": {"zh": "分县区开复工情况", "en": "Project starts by county"},
        "start_rates_by_chain": {"zh": "分产业链开复工情况", "en": "Project starts by sub-chain"},
        "completion_by_county": {"zh": "分县区投资完成情况", "en": "Investment completed by county"},
        "completion_by_chain": {"zh": "分产业链投资完成情况", "en": "Investment completed by sub-chain"},
        "behind_plan": {"zh": "投资进度滞后项目", "en": "Projects behind plan"},
        "new_starts_this_month": {"zh": "本月新开(复)工项目", "en": "Projects started this month"},
    },
    "energy_intensity": {
        "intensity_summary": {"zh": "单位增加值能耗变化", "en": "Energy per unit of value added"},
        "intensity_by_division": {"zh": "分行业能耗及能耗强度", "en": "Energy intensity by industry"},
        "lmdi_decomposition": {"zh": "能耗变化的LMDI分解", "en": "LMDI decomposition of the change in energy use"},
        "largest_users": {"zh": "重点用能企业", "en": "The largest energy users"},
        "fuel_check": {"zh": "重点用能企业分品种折标核对", "en": "Major users: energy from fuel quantities"},
        "plan_progress": {"zh": "“十四五”能耗强度目标进度", "en": "Five-year plan: energy-intensity progress"},
    },
}
"""Titles of the report sections (used where a section cannot be computed and a note takes its place)."""


def section_title(report: str, section: str, lang: str = "zh") -> str:
    """The title of a report section, e.g. ``section_title("monthly_overview", "outlook")`` → 全年增速预测与目标."""
    check_lang(lang)
    entry = SECTIONS.get(report, {}).get(section)
    if entry is None:
        raise ParameterError(f"no section {section!r} in report {report!r}; sections: "
                             f"{', '.join(SECTIONS.get(report, {}))}")
    return entry[lang]


SHEETS: dict[str, dict[str, str]] = {
    # the monthly overview
    "headline": {"zh": "主要指标", "en": "Headline figures"},
    "main_indicators": {"zh": "规上工业主要指标", "en": "Main indicators"},
    "province_ranking": {"zh": "全省各市排名", "en": "Cities of the province"},
    "growth_trend": {"zh": "增速及排名走势", "en": "Growth and rank"},
    "va_by_county": {"zh": "分县区增加值", "en": "Value added by county"},
    "va_by_industry": {"zh": "分行业增加值", "en": "Value added by industry"},
    "capacity": {"zh": "企业达产率", "en": "Capacity attainment"},
    "cadence": {"zh": "调度分级", "en": "Monitoring cadence"},
    "daily_list": {"zh": "日调度企业", "en": "Daily monitoring"},
    "daily_progress": {"zh": "日调度周进度", "en": "Daily monitoring by week"},
    "outlook": {"zh": "全年目标测算", "en": "Year-end outlook"},
    "problems": {"zh": "问题办理", "en": "Enterprise problems"},
    "supervision": {"zh": "督办任务", "en": "Supervised tasks"},
    "upgrading": {"zh": "5G与荣誉认定", "en": "5G and recognitions"},
    # chain output
    "chain_output": {"zh": "链群产值", "en": "Chain output"},
    "chain_contributions": {"zh": "细分链贡献拉动", "en": "Sub-chain contributions"},
    "chain_growth_target": {"zh": "细分链增速与目标", "en": "Sub-chain growth vs target"},
    "chain_top_movers": {"zh": "增量前后位企业", "en": "Top movers"},
    "chain_by_county": {"zh": "链群分县区", "en": "Chain output by county"},
    "material_balance": {"zh": "物料平衡", "en": "Material balance"},
    "chain_map": {"zh": "产业链图谱", "en": "Chain map"},
    "chain_map_links": {"zh": "图谱供需关系", "en": "Chain map links"},
    # investment
    "investment_summary": {"zh": "项目主要指标", "en": "Key projects"},
    "start_rates_county": {"zh": "分县区开复工", "en": "Starts by county"},
    "start_rates_chain": {"zh": "分产业链开复工", "en": "Starts by sub-chain"},
    "completion_county": {"zh": "分县区投资完成", "en": "Investment by county"},
    "completion_chain": {"zh": "分产业链投资完成", "en": "Investment by sub-chain"},
    "behind_plan": {"zh": "滞后项目", "en": "Projects behind plan"},
    "new_starts": {"zh": "本月新开复工", "en": "Started this month"},
    # energy intensity
    "intensity_summary": {"zh": "能耗强度变化", "en": "Energy intensity"},
    "intensity_by_division": {"zh": "分行业能耗", "en": "Intensity by industry"},
    "lmdi": {"zh": "LMDI分解", "en": "LMDI decomposition"},
    "largest_users": {"zh": "重点用能企业", "en": "Largest energy users"},
    "fuel_check": {"zh": "分品种折标核对", "en": "Fuel check"},
    "plan_progress": {"zh": "十四五目标进度", "en": "Five-year plan"},
}
"""Short worksheet names of the tables in the workbook (Excel allows 31 characters; the contents sheet
gives each table's full title), by :attr:`ReportTable.name <gxanalysis.reporting.context.ReportTable>`."""

WORKBOOK: dict[str, dict[str, str]] = {
    "title": {"zh": "工业经济运行分析报表", "en": "Industrial economy: tables"},
    "cover": {"zh": "封面", "en": "Cover"},
    "contents": {"zh": "目录", "en": "Contents"},
    "period": {"zh": "报告期", "en": "Reporting period"},
    "city": {"zh": "地区", "en": "City"},
    "reports": {"zh": "报告", "en": "Reports"},
    "sources": {"zh": "数据来源", "en": "Sources"},
    "generated": {"zh": "生成时间", "en": "Generated"},
    "notes": {"zh": "说明", "en": "Notes"},
    "sheet": {"zh": "工作表", "en": "Sheet"},
    "table": {"zh": "表格", "en": "Table"},
    "report": {"zh": "所属报告", "en": "Report"},
    "unit": {"zh": "单位", "en": "Unit"},
    "back": {"zh": "返回目录", "en": "Back to contents"},
    "note_prefix": {"zh": "注：", "en": "Note: "},
    "page": {"zh": "第 &P 页，共 &N 页", "en": "Page &P of &N"},
    "conventions": {
        "zh": "增速按可比价、同口径企业计算；单元格中为未修约的数值，按报告的位数显示（四舍五入），可直接计算。"
              "增速100%以上在报告中写作“倍”，此处为百分数；“--”表示本期无法计算；由亏转盈、新增等状态以文字列示。"
              "每张表另存为同名的逗号分隔文本文件（“{folder}”文件夹，可直接用电子表格软件打开，数值按报告的位数修约）。",
        "en": "Growth at comparable prices on the same sample of enterprises. Cells hold unrounded numbers shown "
              "with the report's decimals (rounded half-up), ready for calculation. Growth of 100% or more, "
              "written as a multiple in the reports, is a percentage here; '--' = not computable this period; "
              "statuses such as 'loss to profit' are written as text. Each table is also saved as a CSV file "
              "of the same name (folder '{folder}', UTF-8, numbers rounded as in the reports)."},
    "csv_folder": {"zh": "表格", "en": "csv"},
}
"""The words of the workbook's cover and contents sheets."""

BRIEF: dict[str, dict[str, str]] = {
    "title": {"zh": "{city}{period}工业经济运行情况", "en": "{city}: the industrial economy, {period}"},
    "issuer": {"zh": "{city}工业和信息化局", "en": "{city} Bureau of Industry and Information Technology"},
    "overall": {"zh": "总体情况", "en": "Overview"},
    "features": {"zh": "主要特点", "en": "Main features"},
    "problems": {"zh": "存在问题", "en": "Problems"},
    "target": {"zh": "全年目标测算", "en": "The annual target"},
    "growth": {"zh": "增速与排名", "en": "Growth and rank"},
    "chains": {"zh": "产业链", "en": "Industrial chains"},
    "projects": {"zh": "项目投资", "en": "Key projects"},
    "energy": {"zh": "节能降耗", "en": "Energy"},
    "upgrading": {"zh": "数字化与企业培育", "en": "5G and recognitions"},
    "behind": {"zh": "部分企业未达序时进度", "en": "Enterprises behind schedule"},
    "projects_behind": {"zh": "部分项目投资进度滞后", "en": "Projects behind plan"},
    "tasks": {"zh": "督办任务逾期", "en": "Overdue tasks"},
    "page": {"zh": "— {page} —", "en": "— {page} —"},
}
"""The headings and fixed words of the Word brief (简报); ``{…}`` are filled in."""

PACK: dict[str, dict[str, str]] = {
    "index_title": {"zh": "工业经济分析报告", "en": "Industrial economy reports"},
    "period": {"zh": "报告期", "en": "Period"},
    "reports": {"zh": "报告", "en": "Reports"},
    "documents": {"zh": "简报与报表", "en": "Brief and tables"},
    "finished": {"zh": "生成时间", "en": "Generated"},
    "none": {"zh": "还没有报告。", "en": "No reports yet."},
    "updated": {"zh": "本页更新于", "en": "Updated"},
    "print": {"zh": "打印版", "en": "PDF"},
    "brief": {"zh": "简报", "en": "Brief"},
    "workbook": {"zh": "报表", "en": "Tables"},
    "summary": {"zh": "主要指标", "en": "Headline figures"},
}
"""The words of ``reports/index.html``."""


MODELS: dict[str, dict[str, str]] = {
    "ucm": {"zh": "不可观测成分模型（含春节效应）", "en": "unobserved components model with the Spring Festival"},
    "sarimax": {"zh": "季节ARIMA模型（含春节与工作日效应）",
                "en": "seasonal ARIMA with Spring Festival and working-day regressors"},
    "ets": {"zh": "指数平滑模型", "en": "exponential smoothing"},
    "combination": {"zh": "组合预测模型", "en": "forecast combination"},
}
"""Forecasting models, as readers are told which one made a forecast."""

RECOGNITIONS: dict[str, dict[str, str]] = {
    "专精特新中小企业": {"zh": "专精特新中小企业", "en": "specialised and innovative SMEs"},
    "专精特新小巨人": {"zh": "专精特新“小巨人”", "en": "specialised and innovative 'little giants'"},
    "绿色工厂": {"zh": "绿色工厂", "en": "green factories"},
    "节水型企业": {"zh": "节水型企业", "en": "water-saving enterprises"},
    "绿色设计产品": {"zh": "绿色设计产品", "en": "green-design products"},
    "数字化车间": {"zh": "数字化车间", "en": "digital workshops"},
    "智能工厂": {"zh": "智能工厂", "en": "smart factories"},
    "世界一流示范企业": {"zh": "世界一流示范企业", "en": "world-class demonstration enterprises"},
    "国家级": {"zh": "国家级", "en": "national"},
    "省级": {"zh": "省级", "en": "provincial"},
    "市级": {"zh": "市级", "en": "municipal"},
}
"""Recognition kinds and levels (the allowed values of the ``recognitions`` table)."""

PLACES: dict[str, dict[str, str]] = {
    "outside": {"zh": "市外", "en": "outside the city"},
}

GROUPS: dict[str, dict[str, dict[str, str]]] = {
    "indicator": INDICATORS, "model": MODELS, "recognition": RECOGNITIONS, "place": PLACES, "unit": UNITS, "status": STATUSES, "reason": STATUS_REASONS,
    "schedule": SCHEDULE, "rating": RATING, "cadence": CADENCE, "kind": KIND, "sheet": SHEETS,
    "workbook": WORKBOOK, "brief": BRIEF, "pack": PACK,
}


def check_lang(lang: str) -> str:
    """``lang`` if it is a supported language, else :class:`ParameterError`."""
    if lang not in LANGS:
        raise ParameterError(f"lang={lang!r} is not supported; use 'zh' (中文) or 'en' (English)")
    return lang


def label(group: str, key: str, lang: str = "zh") -> str:
    """The label of ``key`` in ``group`` (see the module docstring) in ``lang``.

    Raises
    ------
    ParameterError
        For an unknown group, key or language.
    """
    check_lang(lang)
    try:
        entries = GROUPS[group]
    except KeyError:
        raise ParameterError(f"no label group {group!r}; groups: {', '.join(GROUPS)}") from None
    try:
        return entries[key][lang]
    except KeyError:
        raise ParameterError(f"no {group} label for {key!r}; known: {', '.join(entries)}") from None


@functools.lru_cache(maxsize=1)
def _divisions() -> dict[str, dict[str, str]]:
    with open(RESOURCES_DIR / "gb4754_divisions.csv", encoding=ENCODING, newline="") as fh:
        return {r["code"]: {"zh": r["name_zh"], "en": r["name_en"], "section": r["section"]}
                for r in csv.DictReader(fh)}


def division_label(industry_code: str, lang: str = "zh") -> str:
    """The name of the GB/T 4754-2017 division (大类) of an industry code (its first two digits).

    A code that is not a division of mining, manufacturing or utilities is returned as given, so nothing
    is hidden; the reports never show a bare known code.
    """
    check_lang(lang)
    code = str(industry_code).strip()[:2]
    entry = _divisions().get(code)
    return entry[lang] if entry else str(industry_code)


def division_names(lang: str = "zh") -> dict[str, str]:
    """Every division code and its name."""
    check_lang(lang)
    return {code: e[lang] for code, e in _divisions().items()}
