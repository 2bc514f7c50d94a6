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
``kind``       project kinds (新建 / 续建);
``explore``    words of the explorers and the web app (controls, column headings, drill levels).

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
    "province_va_growth_ytd": {"zh": "全省规上工业增加值累计增速",
                               "en": "Value added of the province's above-scale industry, growth year to date"},
    "va_growth_vs_province": {"zh": "累计增速高于全省", "en": "Growth year to date above the province's"},
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
    "no_province": {"zh": NA_SYMBOL, "en": NA_SYMBOL},
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
    "no_province": {"zh": "未提供全省增速", "en": "the province's growth is not supplied"},
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
        "growth_vs_province": {"zh": "与全省比较", "en": "Against the province"},
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
    "growth_vs_province": {"zh": "与全省比较", "en": "Against the province"},
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
    "ar": {"zh": "自回归模型（含上年同期、春节与工作日效应）",
           "en": "autoregression with last year's same month, Spring Festival and working days"},
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

EXPLORE: dict[str, dict[str, str]] = {
    # the web app and the explorers
    "app_title": {"zh": "工业经济运行分析", "en": "Industrial economy explorer"},
    "app_intro": {"zh": "选择一个分析模块：用下拉框选择月份和口径，点击表格中的行逐级下钻，点击上方路径返回上一级。",
                  "en": "Pick an explorer: choose the month and conventions, click a row of the table to drill "
                        "down, click the path above it to go back up."},
    "app_data": {"zh": "数据目录", "en": "Data folder"},
    "app_latest": {"zh": "最新月份", "en": "Latest month"},
    "open": {"zh": "打开", "en": "Open"},
    "growth_title": {"zh": "增速与贡献", "en": "Growth and contributions"},
    "growth_intro": {"zh": "全市→县区／行业／产业链→细分产业链→企业：累计或当月增速、占比、贡献率和拉动，拉动和拖累最大的企业。",
                     "en": "City → county / industry / chain → sub-chain → enterprise: growth year to date or in "
                           "the month, share, contribution and pull, the enterprises moving it most."},
    "schedule_title": {"zh": "达产率与序时进度", "en": "Capacity attainment and schedule"},
    "schedule_intro": {"zh": "哪些企业低于序时进度、从哪个月开始、差多少；达产率分行业、分县区和逐月走势，哪些企业拉低了达产率。",
                       "en": "Which enterprises are behind schedule, since when and by how much; capacity "
                             "attainment by industry, county and month, and who pulled it down."},
    "projects_title": {"zh": "重点项目", "en": "Key projects"},
    "projects_intro": {"zh": "分县区、分产业链、分类型和分进度的开复工率、投资完成率与序时进度差，滞后项目逐个列出。",
                       "en": "Start-or-resume rate, investment completion and the gap to time progress by county, "
                             "chain, kind and schedule; every project behind plan."},
    "energy_title": {"zh": "能耗与LMDI分解", "en": "Energy and LMDI decomposition"},
    "energy_intro": {"zh": "分行业、分县区、分产业链和分企业的能耗、单位增加值能耗及其变化（当量值或等价值），能耗变化的LMDI分解。",
                     "en": "Energy use, energy per unit of value added and its change by industry, county, chain and "
                           "enterprise (equivalent or equal value), and the LMDI decomposition of the change."},
    # controls
    "period": {"zh": "月份", "en": "Month"},
    "scope": {"zh": "口径", "en": "Period"},
    "scope_ytd": {"zh": "累计（1-N月）", "en": "Year to date"},
    "scope_month": {"zh": "当月", "en": "Single month"},
    "measure": {"zh": "指标", "en": "Indicator"},
    "dimension": {"zh": "分组", "en": "Group by"},
    "topic": {"zh": "专题", "en": "Topic"},
    "topic_schedule": {"zh": "序时进度（分级调度）", "en": "Schedule (monitoring cadence)"},
    "topic_capacity": {"zh": "达产率", "en": "Capacity attainment"},
    "view": {"zh": "视图", "en": "View"},
    "view_intensity": {"zh": "能耗强度", "en": "Energy intensity"},
    "view_lmdi": {"zh": "LMDI分解", "en": "LMDI decomposition"},
    "basis": {"zh": "电力折算", "en": "Electricity"},
    "basis_equivalent": {"zh": "当量值", "en": "equivalent value"},
    "basis_equal": {"zh": "等价值", "en": "equal value"},
    "variant": {"zh": "达产率口径", "en": "Attainment variant"},
    "variant_A": {"zh": "A 实物产量÷设计产能", "en": "A physical output / capacity"},
    "variant_B": {"zh": "B 产值÷达产后年产值", "en": "B output value / design value"},
    "threshold": {"zh": "达产率低于（%）", "en": "Attainment below (%)"},
    "tolerance": {"zh": "序时容差（百分点）", "en": "Tolerance (pp)"},
    "serious": {"zh": "严重滞后（低于百分点）", "en": "Seriously behind (pp below)"},
    "denominator": {"zh": "开复工率分母", "en": "Start-rate denominator"},
    "denominator_to_date": {"zh": "截至本月应开工项目", "en": "projects due by the month"},
    "denominator_annual": {"zh": "全年项目", "en": "the whole year's list"},
    "margin": {"zh": "滞后判定（低于序时百分点）", "en": "Behind plan by more than (pp)"},
    "sort": {"zh": "排序", "en": "Sort by"},
    "descending": {"zh": "从大到小", "en": "largest first"},
    "ascending": {"zh": "从小到大", "en": "smallest first"},
    "chart_of": {"zh": "图示", "en": "Chart"},
    "prev_page": {"zh": "上一页", "en": "Previous"},
    "next_page": {"zh": "下一页", "en": "Next"},
    "page_of": {"zh": "第{page}/{pages}页，共{rows}行", "en": "page {page} of {pages}, {rows} rows"},
    "export_excel": {"zh": "导出Excel", "en": "Export Excel"},
    "export_png": {"zh": "导出图片", "en": "Export PNG"},
    "make_report": {"zh": "生成报告命令", "en": "Make this a report"},
    "download": {"zh": "下载", "en": "Download"},
    "report_intro": {"zh": "在命令行运行下面的命令，按同样的口径生成“{title}”报告：",
                     "en": "Run this command to make the report \u201c{title}\u201d with the same choices:"},
    "parameter": {"zh": "参数", "en": "Parameter"},
    "value": {"zh": "取值", "en": "Value"},
    "meaning": {"zh": "含义", "en": "Meaning"},
    "drill_hint": {"zh": "点击带“›”的行查看下一级。", "en": "Click a row marked \u203a to drill down."},
    "no_rows": {"zh": "本期没有符合条件的数据。", "en": "No rows for this selection."},
    "error": {"zh": "无法显示", "en": "Cannot show this view"},
    "seconds": {"zh": "用时{s}秒", "en": "{s} s"},
    # measures and groupings
    "value_added": {"zh": "工业增加值", "en": "Value added"},
    "gross_output": {"zh": "工业总产值", "en": "Gross output"},
    "revenue": {"zh": "营业收入", "en": "Revenue"},
    "profit": {"zh": "利润总额", "en": "Profit"},
    "energy": {"zh": "综合能源消费量", "en": "Energy use"},
    "county": {"zh": "县区", "en": "County"},
    "division": {"zh": "行业", "en": "Industry"},
    "chain": {"zh": "产业链", "en": "Chain"},
    "chain_group": {"zh": "产业链群", "en": "Chain group"},
    "sub_chain": {"zh": "细分产业链", "en": "Sub-chain"},
    "outside_cluster": {"zh": "链群外企业", "en": "Outside the cluster"},
    "enterprise": {"zh": "企业", "en": "Enterprise"},
    "project": {"zh": "项目", "en": "Project"},
    "month_row": {"zh": "逐月", "en": "By month"},
    "kind": {"zh": "项目类型", "en": "Kind"},
    "progress": {"zh": "投资进度", "en": "Investment progress"},
    "not_started": {"zh": "未开工", "en": "not started"},
    "total": {"zh": "合计", "en": "Total"},
    "city_total": {"zh": "全市", "en": "City"},
    # columns
    "name": {"zh": "名称", "en": "Name"},
    "n_enterprises": {"zh": "企业数", "en": "Enterprises"},
    "n_projects": {"zh": "项目数", "en": "Projects"},
    "current": {"zh": "本期", "en": "This period"},
    "base": {"zh": "上年同期", "en": "Same period last year"},
    "increment": {"zh": "增量", "en": "Increment"},
    "growth": {"zh": "同比增长%", "en": "YoY %"},
    "share": {"zh": "占比%", "en": "Share %"},
    "contribution": {"zh": "贡献率%", "en": "Contribution %"},
    "pull": {"zh": "拉动(百分点)", "en": "Pull (pp)"},
    "target": {"zh": "年度目标", "en": "Annual target"},
    "actual": {"zh": "累计完成", "en": "Done to date"},
    "completion": {"zh": "完成率%", "en": "Completion %"},
    "time_progress": {"zh": "序时进度%", "en": "Time progress %"},
    "gap": {"zh": "进度差(百分点)", "en": "Gap (pp)"},
    "schedule": {"zh": "进度", "en": "Schedule"},
    "behind": {"zh": "滞后", "en": "Behind"},
    "seriously_behind": {"zh": "严重滞后", "en": "Seriously behind"},
    "cadence": {"zh": "调度方式", "en": "Cadence"},
    "daily": {"zh": "日调度", "en": "Daily"},
    "weekly": {"zh": "周调度", "en": "Weekly"},
    "behind_since": {"zh": "滞后起始", "en": "Behind since"},
    "behind_months": {"zh": "连续滞后(期)", "en": "Releases behind"},
    "is_key": {"zh": "骨干企业", "en": "Key enterprise"},
    "yes": {"zh": "是", "en": "yes"},
    "attainment": {"zh": "达产率%", "en": "Attainment %"},
    "attainment_mean": {"zh": "平均达产率%", "en": "Mean attainment %"},
    "attainment_change": {"zh": "较上期(百分点)", "en": "vs previous (pp)"},
    "below_threshold": {"zh": "低于阈值企业", "en": "Below threshold"},
    "lowest": {"zh": "最低企业", "en": "Lowest"},
    "lowest_rate": {"zh": "最低达产率%", "en": "Lowest %"},
    "output": {"zh": "产量", "en": "Output"},
    "capacity": {"zh": "设计产能(折算)", "en": "Capacity (prorated)"},
    "unit": {"zh": "单位", "en": "Unit"},
    "annual_plan": {"zh": "年度计划投资", "en": "Annual plan"},
    "completed": {"zh": "完成投资", "en": "Invested"},
    "completion_rate": {"zh": "投资完成率%", "en": "Completion %"},
    "start_rate": {"zh": "开复工率%", "en": "Start-or-resume %"},
    "n_behind": {"zh": "滞后项目", "en": "Behind plan"},
    "planned_start": {"zh": "计划开工", "en": "Planned start"},
    "actual_start": {"zh": "实际开工", "en": "Started"},
    "energy_b": {"zh": "综合能源消费量", "en": "Energy use"},
    "intensity": {"zh": "单位增加值能耗", "en": "Energy per value added"},
    "energy_growth": {"zh": "能耗增长%", "en": "Energy growth %"},
    "va_growth": {"zh": "增加值增长%", "en": "Value-added growth %"},
    "intensity_change": {"zh": "能耗强度变化%", "en": "Intensity change %"},
    "energy_0": {"zh": "上年同期能耗", "en": "Energy, base"},
    "energy_T": {"zh": "本期能耗", "en": "Energy, now"},
    "energy_change": {"zh": "能耗变化", "en": "Change"},
    "activity": {"zh": "规模效应", "en": "Activity effect"},
    "structure": {"zh": "结构效应", "en": "Structure effect"},
    "intensity_effect": {"zh": "强度效应", "en": "Intensity effect"},
    "month": {"zh": "月份", "en": "Month"},
}
"""Words of the explorers and the web app (controls, column headings, levels)."""


GROUPS: dict[str, dict[str, dict[str, str]]] = {
    "indicator": INDICATORS, "model": MODELS, "recognition": RECOGNITIONS, "place": PLACES, "unit": UNITS, "status": STATUSES, "reason": STATUS_REASONS,
    "schedule": SCHEDULE, "rating": RATING, "cadence": CADENCE, "kind": KIND, "sheet": SHEETS,
    "workbook": WORKBOOK, "brief": BRIEF, "pack": PACK, "explore": EXPLORE,
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


CLI: dict[str, dict[str, str]] = {
    "description": {"zh": "gxanalysis：工信局工业经济指标计算与报告生成。", "en": "gxanalysis: industrial-economy "
                    "indicators and reports for a municipal Industry and IT Bureau (工信局)."},
    "lang": {"zh": "界面语言：zh（中文）或 en（English）；默认取环境变量 GX_LANG 或系统区域设置",
             "en": "language of messages and help: zh or en (default: GX_LANG, else the system locale)"},
    "version": {"zh": "显示版本号", "en": "show the version"},
    "validate": {"zh": "检查目录中的全部输入表，一次列出所有问题（文件、行、列、修改方法）",
                 "en": "check every input table in DIR and list all problems (file, row, column, fix)"},
    "validate.dir": {"zh": "存放各数据表（CSV 或 XLSX）的目录", "en": "folder holding the bureau's tables (CSV or XLSX)"},
    "demo-data": {"zh": "生成演示城市的数据表（固定随机种子，可重现）",
                  "en": "generate the demo city's tables (deterministic, seeded)"},
    "demo-data.out": {"zh": "输出目录（默认 data/demo）", "en": "output folder (default: data/demo)"},
    "demo-data.seed": {"zh": "随机种子（默认 %(default)s）", "en": "random seed (default: %(default)s)"},
    "templates": {"zh": "生成本局数据的 Excel 填报模板（中文表头）",
                  "en": "write the Excel templates (Chinese headers) for the bureau's data"},
    "templates.out": {"zh": "输出目录（默认 data/templates）", "en": "output folder (default: data/templates)"},
    "ingest": {"zh": "校验数据目录一次，写入列式数据仓（Parquet，按月分区）；之后各命令的 --data 可指向数据仓",
               "en": "validate a data folder once and write it to a columnar store (Parquet by month); every "
               "--data then accepts the store"},
    "ingest.description": {"zh": "校验 DIR 中的全部数据表（与 gx validate 相同，有错误时不写入任何内容），写入数据仓 STORE："
                           "每张表一个 Parquet 文件，期别表按月分区（period=YYYY-MM/），清单 gxstore.json 记录各输入文件的 "
                           "SHA-256、行数、月份和校验警告。数据仓已存在时：输入文件没有改动则不做任何事；各 CSV 文件只在末尾"
                           "新增了下一个月的行时只校验并追加该月；否则全部重新写入。源文件改动后读取数据仓会被拒绝，"
                           "直到再次运行 gx ingest。写入失败时原数据仓保持不变。",
                           "en": "Validate every table in DIR (as gx validate does; nothing is written when any error is "
                           "found) and write the store STORE: one Parquet file per table, the period tables partitioned by "
                           "month (period=YYYY-MM/), and the manifest gxstore.json with each input file's SHA-256, the row "
                           "counts, the months and the warnings of validation. When STORE exists: nothing is done if no "
                           "input changed; if the CSV files only gained the next month's rows at their end, only that month "
                           "is validated and appended; otherwise everything is written again. A store whose source files "
                           "changed is refused by every command until gx ingest is run again. A failed ingest leaves the "
                           "store as it was."},
    "ingest.dir": {"zh": "存放各数据表（CSV 或 XLSX）的目录", "en": "folder holding the bureau's tables (CSV or XLSX)"},
    "ingest.to": {"zh": "数据仓文件夹（新的、空的，或已有的数据仓）", "en": "the store folder (new, empty, or an existing store)"},
    "ingest.append": {"zh": "只追加新的一个月；不能追加时报错并说明原因（不全部重写）",
                      "en": "only append the new month; refuse, with the reason, when that is not possible"},
    "ingest.refresh": {"zh": "全部重新校验并写入", "en": "validate and write everything again"},
    "summary": {"zh": "某月的全部主要指标，输出 CSV 或 JSON", "en": "every headline figure for a period, as CSV or JSON"},
    "period": {"zh": "报告月份，格式 YYYY-MM（如 2023-04）", "en": "reporting month, YYYY-MM (e.g. 2023-04)"},
    "data": {"zh": "本局数据表所在目录（默认：环境变量 GX_DATA_DIR，否则演示城市）",
             "en": "folder of the bureau's tables (default: GX_DATA_DIR, else the demo city)"},
    "summary.format": {"zh": "输出格式（默认 csv）", "en": "output format (default: csv)"},
    "summary.engine": {"zh": "企业月度面板的计算引擎：auto（默认：数据仓中的大面板用 DuckDB，其余用 pandas）、pandas 或 duckdb；结果完全相同",
                       "en": "engine of the enterprise panel: auto (default: DuckDB for a store's large panel, "
                             "pandas otherwise), pandas or duckdb; the figures are the same"},
    "forecast": {"zh": "根据公布的增速序列预测当月及累计增速", "en": "forecast monthly and year-to-date growth "
                 "from a published series"},
    "forecast.series": {"zh": "国家统计局导出文件（GBK 或 UTF-8），或含 period,yoy,ytd 的 CSV",
                        "en": "NBS portal export (GBK or UTF-8) or a CSV period,yoy,ytd"},
    "forecast.horizon": {"zh": "预测月数（默认 %(default)s）", "en": "months ahead (default: %(default)s)"},
    "forecast.target": {"zh": "全年增速目标（%），如 6.0", "en": "annual growth target, percent, e.g. 6.0"},
    "forecast.alpha": {"zh": "1 − 区间覆盖率（默认 %(default)s，即80%区间）",
                       "en": "1 - interval coverage (default: %(default)s)"},
    "forecast.model": {"zh": "模型名称（默认：文档所述的默认模型）", "en": "model name (default: the documented default)"},
    "forecast.out": {"zh": "输出的 CSV 文件", "en": "output CSV"},
    "backtest": {"zh": "滚动起点回测：各模型对年末累计增速的预测误差", "en": "rolling-origin backtest of the "
                 "year-end cumulative growth, by model"},
    "backtest.series": {"zh": "增速序列文件（默认：全国规上工业增加值增速）",
                        "en": "growth series (default: the national above-scale value added)"},
    "backtest.models": {"zh": "逗号分隔的模型名称", "en": "comma-separated model names"},
    "backtest.repetitions": {"zh": "每次预测的模拟路径数", "en": "simulated paths per forecast"},
    "backtest.records": {"zh": "将每个起点的结果写入此 CSV", "en": "write the per-origin records to this CSV"},
    "contract-doc": {"zh": "根据数据约定重新生成 data/README.md 的约定部分",
                     "en": "regenerate the data-contract section of data/README.md"},
    "contract-doc.check": {"zh": "只检查：README 过期时退出码为 1", "en": "only check: exit 1 if the README is "
                           "out of date"},
    "contract-doc.readme": {"zh": "要更新的 README（默认 data/README.md）",
                            "en": "README to update (default: data/README.md)"},
    "report": {"zh": "运行报告笔记本并发布报告包", "en": "run the report notebooks and publish the pack"},
    "report.description": {"zh": "用 papermill 运行报告笔记本，发布报告包到 OUT/PERIOD（无代码的 HTML、执行后的笔记本、"
                           "Excel 报表、summary.csv、manifest.json）。",
                           "en": "Run the report notebooks with papermill and publish the pack to OUT/PERIOD "
                           "(HTML without code, executed notebooks, Excel workbook, summary.csv, "
                           "manifest.json)."},
    "report.period": {"zh": "报告月份 YYYY-MM，或 latest（数据中最新的完整月份）",
                      "en": "reporting month YYYY-MM, or 'latest' (newest complete month in the data)"},
    "report.reports": {"zh": "逗号分隔的报告名称（默认全部：%(default)s）",
                       "en": "comma-separated report names (default: all: %(default)s)"},
    "report.out": {"zh": "报告包发布目录（默认：环境变量 GX_REPORTS_DIR，否则 reports/）",
                   "en": "where packs are published (default: GX_REPORTS_DIR or reports/)"},
    "report.jobs": {"zh": "同时运行的笔记本数，1-64（默认每核一个）", "en": "notebooks run at once, 1-64 (default: "
                    "one per core)"},
    "report.timeout": {"zh": "每个笔记本允许的秒数，1-86400（默认 %(default)s）",
                       "en": "seconds allowed per notebook, 1-86400 (default: %(default)s)"},
    "report.lang": {"zh": "报告语言（默认 zh）", "en": "report language (default: zh)"},
    "report.param": {"zh": "报告参数，如 -p start_rate_denominator=annual（可重复）",
                     "en": "a report parameter, e.g. -p start_rate_denominator=annual (repeatable)"},
    "report.no-progress": {"zh": "即使在终端中也只输出普通日志行", "en": "plain log lines even on a terminal"},
    "batch": {"zh": "对多个地区 × 多个月份批量生成报告包（本机多进程或 Dask 集群）",
              "en": "report packs over many regions × periods (local processes or a Dask cluster)"},
    "batch.description": {"zh": "对每个地区的每个月份生成报告包，与 gx report 相同地发布到 OUT/地区/月份（暂存、原子发布、"
                          "锁、状态文件）。每个地区的数据只校验和加载一次，该地区的各报告包在同一个预热的内核上依次运行"
                          "（每个笔记本之前清空命名空间）。结束时列出每个地区 × 月份：已发布，或失败及一行原因；"
                          "全部发布退出码 0，有失败为 1，用法错误为 2。",
                          "en": "Run the report pack of every region for every period and publish each to "
                          "OUT/REGION/PERIOD exactly as gx report does (staging, atomic publication, locks, status "
                          "files). Each region's data are validated and loaded once and its packs run one after "
                          "another on one warm kernel (the namespace is reset before each notebook). At the end one "
                          "summary lists every region × period: published, or failed with the one-line reason; "
                          "exit 0 when all were published, 1 when any failed, 2 for a usage error."},
    "batch.data": {"zh": "地区数据目录，逗号分隔（DIR1,DIR2），或存放各地区目录的上级目录（如 gx split-counties 的输出）",
                   "en": "region data folders separated by commas (DIR1,DIR2), or one folder of region folders "
                   "(e.g. the output of gx split-counties)"},
    "batch.periods": {"zh": "报告月份，逗号分隔，如 2023-02,2023-03,2023-04（或 latest）",
                      "en": "reporting months separated by commas, e.g. 2023-02,2023-03,2023-04 (or latest)"},
    "batch.reports": {"zh": "逗号分隔的报告名称（默认全部）", "en": "comma-separated report names (default: all)"},
    "batch.out": {"zh": "发布目录，报告包在 OUT/地区/月份（默认：环境变量 GX_REPORTS_DIR，否则 reports/）",
                  "en": "where packs are published, as OUT/REGION/PERIOD (default: GX_REPORTS_DIR or reports/)"},
    "batch.cluster": {"zh": "Dask 调度器地址，如 tcp://主机:8786，或 local（本机 Dask 集群）；不给则用本机多进程。"
                      "集群的各工作节点须安装同一版本的 gxanalysis，并以相同路径看到数据目录和 OUT",
                      "en": "Dask scheduler address, e.g. tcp://HOST:8786, or local (a local Dask cluster); "
                      "without it, local processes. Cluster workers need the same gxanalysis and must see the "
                      "data folders and OUT at the same paths"},
    "batch.workers": {"zh": "本机进程数或本机 Dask 工作进程数（默认每核一个，不超过地区数）",
                      "en": "local processes or local Dask workers (default: one per core, at most one per region)"},
    "batch.jobs": {"zh": "每个地区同时运行的笔记本数（各用一个预热内核），1-64（默认：本机核数 ÷ 工作进程数；远程集群为 1）",
                   "en": "notebooks of a pack run at once in a region, each on a warm kernel of its own, 1-64 "
                   "(default: cores ÷ local workers; 1 on a remote cluster)"},
    "batch.fresh-kernels": {"zh": "每个笔记本用新内核（与 gx report 相同，较慢），不用预热内核",
                            "en": "a fresh kernel for every notebook (as gx report, slower) instead of warm kernels"},
    "split-counties": {"zh": "把一个城市的数据表按区县拆成各区县的数据目录（每个都经过校验）",
                       "en": "split a city's tables into one data folder per county (each validated)"},
    "split-counties.out": {"zh": "写入各区县目录的上级目录", "en": "folder to write the county folders into"},
    "app": {"zh": "在本机以网页应用提供分析模块（Voilà，不显示代码）",
            "en": "serve the explorers as a web app on this computer (Voilà; no code shown)"},
    "app.description": {"zh": "启动分析模块网页应用：选择月份和口径、逐级下钻、导出 Excel 和图片，无需编写代码。",
                        "en": "Start the explorers' web app: choose the month and conventions, drill down, export "
                        "Excel and pictures, without writing code."},
    "app.port": {"zh": "监听端口（默认 %(default)s）", "en": "port to listen on (default: %(default)s)"},
    "app.no-browser": {"zh": "不自动打开浏览器窗口", "en": "do not open a browser window"},
    "app.host": {"zh": "监听地址（默认 %(default)s，仅本机；其他地址会让能访问它的任何人使用分析模块）",
                 "en": "address to listen on (default: %(default)s, this computer only; another address lets "
                 "anyone who can reach it use the explorers)"},
    "interrupted": {"zh": "已中断", "en": "interrupted"},
    "demo-written": {"zh": "演示城市数据已写入 {path}", "en": "demo city written to {path}"},
    "templates-written": {"zh": "已写入 {n} 个模板：{path}", "en": "{n} templates written to {path}"},
}
"""The ``gx`` command's help and messages (``gx --lang zh|en``, ``GX_LANG``)."""

GROUPS["cli"] = CLI


def default_lang() -> str:
    """The analyst's language: ``GX_LANG`` if set (zh or en), else Chinese on a Chinese system locale, else
    English."""
    import locale
    import os

    env = os.environ.get("GX_LANG", "").strip().lower()
    if env in LANGS:
        return env
    names = [os.environ.get(v, "") for v in ("LC_ALL", "LC_MESSAGES", "LANG")]
    try:
        names.append(locale.getlocale()[0] or "")
    except ValueError:  # an unknown locale name
        pass
    return "zh" if any(n.lower().startswith(("zh", "chinese")) for n in names if n) else "en"


PROGRESS: dict[str, dict[str, str]] = {
    "run_start": {"zh": "运行 {run_id}：报告 {reports}，数据 {data}，{jobs} 个并行任务，每个报告限时 {timeout:.0f} 秒",
                  "en": "run {run_id}: reports {reports}, data {data}, {jobs} job(s), timeout {timeout:.0f} s"},
    "report_done": {"zh": "[{i}/{n}] {report}：{status}（{seconds:.1f} 秒）",
                    "en": "[{i}/{n}] {report} {status} ({seconds:.1f} s)"},
    "bar_line": {"zh": "  {report}：{status}（{seconds:.1f} 秒）", "en": "  {report}: {status} ({seconds:.1f} s)"},
    "bar_desc": {"zh": "gx report {period}", "en": "gx report {period}"},
    "bar_unit": {"zh": "个报告", "en": "report"},
    "ok": {"zh": "完成", "en": "ok"},
    "failed": {"zh": "失败", "en": "FAILED"},
    "inputs_changed": {"zh": "运行期间输入文件 {files} 有改动；报告包使用开始时复制的数据（哈希值见 manifest.json）",
                       "en": "input file(s) {files} changed during the run; the pack holds the figures of the copy "
                             "taken at the start (the hashes in the manifest)"},
    "publishing": {"zh": "正在发布 {path}", "en": "publishing {path}"},
    "published": {"zh": "已发布 {path}，用时 {seconds:.1f} 秒", "en": "published {path} in {seconds:.1f} s"},
    "report_failed": {"zh": "{report} 失败：{error}", "en": "{report} FAILED: {error}"},
    "run_failed": {"zh": "运行失败：{reason}", "en": "run failed: {reason}"},
    "last_good_kept": {"zh": "{period} 上一次成功的报告包（如有）未改动；失败的运行保存在 {failed}",
                       "en": "the last good pack for {period} (if any) is unchanged; the failed run is kept in {failed}"},
    "run_stopped": {"zh": "运行 {run_id}：{how}", "en": "run {run_id}: {how}"},
    "pack_published": {"zh": "报告包已发布：{path}（{seconds:.1f} 秒）；日志：{log}",
                       "en": "pack published: {path} ({seconds:.1f} s); log: {log}"},
    "pack_failed": {"zh": "gx report：失败（FAILED）：{reason}；{period} 上一次成功的报告包（如有）未改动；失败的运行保存在 "
                          "{failed}；日志：{log}",
                    "en": "gx report: FAILED: {reason}; the last good pack of {period} (if any) is unchanged; the "
                          "failed run is kept in {failed}; log: {log}"},
    "stop_ctrl_c": {"zh": "已中断（Ctrl-C）", "en": "interrupted (Ctrl-C)"},
    "stop_signal": {"zh": "被 {signal} 信号停止", "en": "stopped by {signal}"},
    "stop_after_publish": {"zh": "{how}，此前报告包已发布：{pack}", "en": "{how} after the pack was published: {pack}"},
    "stop_kept": {"zh": "；未完成的运行保存在 {failed}", "en": "; the partial run is kept in {failed}"},
    "stop_of_period": {"zh": "{period} ", "en": " of {period}"},
    "stop_nothing_published": {"zh": "{how}；排队的报告未开始，未发布任何内容（{last}上一次成功的报告包未改动）{kept}",
                               "en": "{how}; queued reports were not started and nothing was published (the last "
                                     "good pack{last} is unchanged){kept}"},
    "level_INFO": {"zh": "信息", "en": "INFO"},
    "level_WARNING": {"zh": "警告", "en": "WARNING"},
    "level_ERROR": {"zh": "错误", "en": "ERROR"},
}
"""Progress lines of ``gx report`` (the console and the run's log), in the analyst's language
(``gx --lang``, ``GX_LANG``, the locale); ``str.format`` templates."""

GROUPS["progress"] = PROGRESS


def progress_text(key: str, lang: str, **values: object) -> str:
    """A progress line of ``gx report`` in ``lang``.

    >>> progress_text("report_done", "zh", i=1, n=4, report="investment", status="完成", seconds=12.34)
    '[1/4] investment：完成（12.3 秒）'
    """
    return label("progress", key, lang).format(**values)


PARAMETERS: dict[str, dict[str, str]] = {
    "va_growth_target": {"zh": "全年规上工业增加值增速目标（%）；空则取“年度目标”表"},
    "schedule_tolerance_pp": {"zh": "进度差在 ±X 个百分点以内为符合序时"},
    "seriously_behind_pp": {"zh": "进度差低于 −X 个百分点为严重滞后"},
    "due_soon_days": {"zh": "未完成且 N 天内到期的督办任务为黄色"},
    "capacity_variant": {"zh": "达产率口径：A 按产量，B 按产值"},
    "start_rate_denominator": {"zh": "开复工率分母：to_date 计划至今开工的新建项目加全部续建项目；annual 全年清单"},
    "forecast_alpha": {"zh": "1 − 预测区间覆盖率（0.2 即 80% 区间）"},
    "top_n": {"zh": "列出的企业数"},
    "group_id": {"zh": "只分析该产业链群（如 G1）；空为整个链群"},
    "behind_margin_pp": {"zh": "投资完成率低于序时进度超过 X 个百分点的项目为滞后"},
    "electricity_basis": {"zh": "电力折标：equivalent 当量值，equal 等价值（按当年供电煤耗）"},
    "coefficient_version": {"zh": "分品种折标系数表"},
}
"""Chinese help of the report parameters (the English help is the schema's own description)."""

EXIT_CODES: dict[int, dict[str, str]] = {
    0: {"zh": "报告包已发布", "en": "the pack was published"},
    1: {"zh": "运行失败（笔记本出错或超时、数据无效、输入文件在运行中被改动）；上一个完好的报告包不变",
        "en": "the run failed (a notebook failed or timed out, invalid data, an input changed while being read); "
              "the last good pack is unchanged"},
    2: {"zh": "选项或参数有误，或该月没有数据；什么都没有运行", "en": "a bad option or parameter, or no data for the "
        "period; nothing was started"},
    3: {"zh": "输出目录不可用（是文件、只读、无权限或磁盘已满）", "en": "the output folder cannot be used (a file, "
        "read-only, no permission, disk full)"},
    130: {"zh": "被 Ctrl-C 中断", "en": "interrupted by Ctrl-C"},
    143: {"zh": "被 SIGTERM 终止（一般为 128 + 信号编号）", "en": "stopped by SIGTERM (in general 128 + the signal "
          "number)"},
}
"""Exit codes of ``gx report`` (and, for 0–3, of every ``gx`` command)."""

ARGPARSE_ZH: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "expected one argument": "需要一个值",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}
"""argparse's own words in Chinese (``gx --lang zh``)."""
