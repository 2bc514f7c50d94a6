"""The data contract's texts in Chinese, for the analyst: the ``说明`` sheets of the templates.

:mod:`gxanalysis.data.schema` describes each table and column in English (``data/README.md``); the
templates the bureau's staff fill in explain them in Chinese from here. A column without an entry has no
note beyond its name, type, unit and rules. ``tests/test_templates.py`` checks that every English
description, table description, period convention and table rule has its Chinese text.
"""

from __future__ import annotations

__all__ = ["ALLOWED_ZH", "COLUMN_NOTES_ZH", "PERIOD_CONVENTIONS_ZH", "TABLE_NOTES_ZH", "TABLE_RULES_ZH"]

TABLE_NOTES_ZH: dict[str, str] = {
    "cities": "全省各设区市：排名的比较范围。",
    "city_growth": "省统计局发布的全省各市规上工业增加值增速。",
    "province_growth": "省统计局发布的全省规上工业增加值增速，用于比较本市高于（低于）全省多少个百分点。可选。",
    "chains": "“2+4”产业链群：链群及其细分产业链。",
    "counties": "本市各县（区）：其他各表县区名称的依据。可选：没有此表时，以企业名录中的县区为准。",
    "enterprises": "规上工业企业及其属性。",
    "enterprise_monthly": "各企业本年累计月度数据，附统计部门提供的同口径上年同期数。",
    "enterprise_targets": "企业年度产值目标（用于序时进度监测）。",
    "targets": "全市、产业链或县区的年度目标。",
    "projects": "各年度重点工业项目清单。",
    "project_monthly": "重点项目本年累计完成投资。",
    "energy_by_fuel": "重点用能企业分品种能源消费量（实物量，本年累计），用于折算当量值或等价值标准煤。",
    "power_coal_rates": "各年火电供电煤耗，用于按等价值折算电力；请填写每年的官方数据。",
    "problems": "企业反映的问题，交办并跟踪至办结。",
    "supervision_tasks": "督查督办重点任务，按红、黄、蓝评级。",
    "base_stations": "各县区每月末在用的5G基站数。",
    "recognitions": "企业获得的荣誉认定（专精特新、绿色工厂等）。",
    "daily_records": "日调度企业的每日产值。",
    "material_flows": "产业链产品在企业之间的物料流向（用于产业链物料平衡）。",
}
"""Per table, what it holds."""

PERIOD_CONVENTIONS_ZH: dict[str, str] = {
    "one row per city and release month; no January rows (Jan–Feb combined)":
        "每个城市每个发布月份一行；1月不单独发布（1–2月合并），不填1月的行",
    "one row per release month; no January rows (Jan–Feb combined)":
        "每个发布月份一行；1月不单独发布（1–2月合并），不填1月的行",
    "year-to-date cumulative (本年累计); first row of a year may be 1–2月 (February)":
        "本年累计值；每年第一行可以是1–2月（填2月）",
    "stock at the end of each month (not cumulative flows)": "每月末的存量（不是累计流量）",
}
"""Period conventions of the contract, English → Chinese."""

COLUMN_NOTES_ZH: dict[tuple[str, str], str] = {
    ("cities", "city"): "按发布时的写法填写城市名",
    ("cities", "province"): "所属省份",
    ("cities", "is_home"): "恰好一个城市填“是”：本市",
    ("city_growth", "period"): "发布月份；2023-02 即1–2月的数据",
    ("city_growth", "va_growth_ytd"): "累计实际增速（1–N月），按发布数填写",
    ("city_growth", "va_growth_month"): "当月实际增速；1–2月的发布留空",
    ("province_growth", "period"): "发布月份；2023-02 即1–2月的数据",
    ("province_growth", "va_growth_ytd"): "全省累计实际增速（1–N月），按发布数填写",
    ("province_growth", "va_growth_month"): "全省当月实际增速；1–2月的发布留空",
    ("chains", "chain_id"): "简码，如 C01",
    ("chains", "group_id"): "链群代码，如 G1",
    ("chains", "group_kind"): "两大支柱链群填 2，四个新兴链群填 4",
    ("chains", "lead_unit"): "链长单位（链长制）",
    ("counties", "county"): "与其他各表的写法一致，如 澜东区",
    ("counties", "division_code"): "6位行政区划代码（GB/T 2260）",
    ("enterprises", "credit_code"): "18位统一社会信用代码（GB 32100-2015），校验位会核对",
    ("enterprises", "industry_code"): "GB/T 4754-2017 行业大类（2位）或小类（4位）代码",
    ("enterprises", "chain_id"): "企业所属的细分产业链；不属于任何产业链时留空",
    ("enterprises", "is_key"): "骨干企业，周调度",
    ("enterprises", "design_capacity"): "主要产品的设计年产能，单位见“产能单位”（设计能力）",
    ("enterprises", "capacity_unit"): "如 吨、万吨、兆瓦",
    ("enterprises", "design_output_value"): "达产后的年产值（用于达产率口径B）",
    ("enterprise_monthly", "gross_output"): "工业总产值，现价，本年累计",
    ("enterprise_monthly", "gross_output_base"): "同口径上年同期数，本年累计",
    ("enterprise_monthly", "value_added"): "工业增加值，可比价（基年价格），本年累计",
    ("enterprise_monthly", "value_added_base"): "同口径上年同期数，本年累计（上年现价即可比价）",
    ("enterprise_monthly", "product_output"): "主要产品产量，单位同企业的“产能单位”，本年累计",
    ("enterprise_monthly", "revenue"): "营业收入，本年累计",
    ("enterprise_monthly", "profit"): "利润总额，本年累计（可为负数）",
    ("enterprise_monthly", "electricity"): "用电量，本年累计",
    ("enterprise_monthly", "energy"): "综合能源消费量，当量值，本年累计",
    ("enterprise_targets", "output_target"): "年度工业总产值目标",
    ("targets", "scope"): "全市填 city，或填细分产业链代码、产业链群代码或县区名称",
    ("targets", "value"): "目标值，单位见“单位”列（百分数在 -100 至 1000 之间）",
    ("projects", "year"): "项目清单的年份",
    ("projects", "kind"): "新建（计入开工率）或续建（计入复工率）",
    ("projects", "actual_start"): "项目开工（新建）或复工（续建）的月份；尚未开（复）工时留空",
    ("projects", "in_stats"): "是否已入库纳入投资统计",
    ("project_monthly", "investment"): "本年完成投资，本年累计",
    ("energy_by_fuel", "fuel"): "按折标系数表中的名称填写，如 原煤、天然气、电力",
    ("energy_by_fuel", "quantity"): "消费量，单位见“计量单位”列，本年累计",
    ("problems", "closed_date"): "未办结时留空",
    ("supervision_tasks", "completed_date"): "未完成时留空",
    ("base_stations", "stations"): "月末在用的基站数（存量）",
    ("recognitions", "date"): "认定（公布）日期，应在“年份”当年内；填写后从该日起计数",
    ("material_flows", "supplier_code"): "本地供方；留空表示由市外供应",
    ("material_flows", "user_code"): "本地需方；留空表示销往市外",
}
"""Per (table, column), the Chinese note of a column that has an English description."""

TABLE_RULES_ZH: dict[str, tuple[str, ...]] = {
    "cities": ("恰好一个城市的“是否本市”为“是”",),
    "province_growth": ("月份不晚于当前月份", "每个发布月份最多一行"),
    "city_growth": ("月份不晚于当前月份",
                    "每个城市在表中的每个发布月份都有一行，“全省各市”中的每个城市都有数据；两期发布之间不缺期"
                    "（不需要1月的行）"),
    "counties": ("不能有两个只是写法不同（繁简体、全角字母、空格）的县区名称",),
    "enterprises": ("填了“设计产能”时必须填写“产能单位”",
                    "“所在县区”必须在县区表中（没有县区表时：同一县区的两种写法，或其他县区都有五家以上企业而某县区只有一家，"
                    "均为错误）",
                    "“达产后年产值”不能是年化工业总产值的约一万倍（单位错误）"),
    "enterprise_monthly": ("月份不晚于当前月份",
                           "同一年内，同一企业（项目、能源品种）的两个月份之间不能缺月，也不能有所有企业都缺的月份",
                           "某企业（项目、能源品种）在某年有数据，则在该年表中此后的每个月都要有一行（确已退出样本的，"
                           "在 confirmations.csv 中确认）；一年只有1月的行是错误",
                           "与同口径基数、上月、上年同期或相关表相差约一万倍（元/万元、亿元/万元）的值是错误，"
                           "除非在 confirmations.csv 中确认",
                           "警告：为基数的100倍以上（或1/100以下）、当月值为上月的20倍以上（或1/20以下）、增加值大于总产值"),
    "enterprise_targets": ("“年度产值目标”不能是年化工业总产值的约一万倍（单位错误）",),
    "targets": ("“范围”填 city、产业链表中的细分产业链代码或链群代码，或县区名称",
                "以 % 表示的目标在 -100 至 1000 之间"),
    "projects": ("“所在县区”必须在县区表中（或企业名录的县区中）",
                 "“实际开(复)工月份”不晚于当前月份",
                 "“年度计划投资”与“总投资”不能相差约一万倍（单位错误）"),
    "project_monthly": ("“项目编号”必须在该月份所在年度的重点项目清单中",
                        "月份不晚于当前月份",
                        "同一年内，同一项目的两个月份之间不能缺月，也不能有所有项目都缺的月份",
                        "某项目在某年有数据，则在该年表中此后的每个月都要有一行（确已退出的，在 confirmations.csv 中确认）；"
                        "一年只有1月的行是错误",
                        "“本年完成投资”不能是项目计划投资或上月数的约一万倍"),
    "energy_by_fuel": ("月份不晚于当前月份",
                       "同一年内，同一企业同一能源品种的两个月份之间不能缺月，也不能有所有企业都缺的月份",
                       "某企业的某能源品种在某年有数据，则在该年表中此后的每个月都要有一行（确已退出的，在 confirmations.csv "
                       "中确认）；一年只有1月的行是错误"),
    "base_stations": ("月份不晚于当前月份",
                      "“县区”必须在县区表中（或企业名录的县区中）",
                      "每个县区在表中的每个月份都有一行，县区表中的每个县区都有数据；两个月份之间不缺月"),
    "problems": ("“办结日期”和“办结时限”不早于“提出日期”",
                 "“提出日期”和“办结日期”不晚于当前月份"),
    "supervision_tasks": ("“完成日期”和“完成时限”不早于“下达日期”",
                          "“下达日期”和“完成日期”不晚于当前月份"),
    "recognitions": ("“认定日期”填写时应在“年份”当年内，且不晚于当前月份",),
    "daily_records": ("日期不晚于当前月份",
                      "一个月的每日产值合计不能是该企业当月工业总产值的约一万倍（单位错误）"),
}
"""Per table, the rules of :data:`gxanalysis.data.validate.TABLE_RULES` in Chinese, in the same order."""

ALLOWED_ZH: dict[tuple[str, str], dict[str, str]] = {
    ("targets", "indicator"): {
        "规上工业增加值增速": "va_growth",
        "产业链群产值增速": "chain_output_growth",
        "单位增加值能耗变化": "energy_intensity_change",
        "重点项目完成投资": "investment",
        "单位增加值能耗规划目标": "energy_intensity_change_plan",
    },
}
"""Per (table, column) with coded allowed values, the Chinese value the templates' drop-down lists offer →
the code. Validation accepts either and stores the code."""
