"""The demo city: a deterministic, seeded generator of every input table for the fictional 金澜市.

金澜市 (Jinlan) is a fictional non-ferrous-metals city in the fictional 西凉省 (Xiliang province). Its
enterprises, projects, people and places are invented; only its headline figures are calibrated to the
figures F1–F11 of a real bureau's May-2023 report (``SEED.md``), so that every report, notebook and test
of gxanalysis can run end to end without confidential data.

How the generator works
-----------------------
1. A directory of about 330 above-scale enterprises is drawn: 30 named key enterprises (骨干企业) and
   generic ones with log-normal sizes, each with a county, a GB/T 4754-2017 industry, a sub-chain of the
   "2+4" cluster (or none), a main product and a valid unified social credit code.
2. Single-month values (value added at comparable prices, gross output, revenue, profit, electricity,
   non-electric energy, product output) are simulated for every enterprise from 2020-01 to 2023-04:
   size × seasonality (Spring-Festival dip, year-end peak) × a monthly compounding growth path × noise.
   2020 is internal history only: it supplies the same-sample bases of 2021.
3. Calibration is done by **scaling**, never by editing cells: a year's single-month values of a group
   of enterprises are multiplied by a factor solved for, then every year-to-date sum and next year's
   bases are rebuilt from the single months. The constants ``F1_…``–``F11_…`` below hold the targets.
4. The tables are assembled from the year-to-date sums (rounded to 2 decimals), and every figure that is
   checked against a target is recomputed from the rounded values.
5. Every other complete month (2022-02 … 2023-03) is made plausible without touching the 2023-04
   figures: enterprise targets are drawn so that the planned shares ``SHARE_BEHIND`` of the sample are
   behind schedule, the daily records follow the behind-schedule list of every month, supervision tasks
   are issued in batches (``TASK_BATCHES``) and recognitions are dated by batch.

Same seed → the same tables, byte for byte.

Examples
--------
>>> tables = generate_demo_tables()
>>> sorted(tables)[:3]
['base_stations', 'chains', 'cities']
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import math
import zlib
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import pandas as pd
from stdnum.cn import uscc

from gxanalysis import config
from gxanalysis.data.schema import TABLES, TABLES_BY_NAME, Table

__all__ = ["DEFAULT_SEED", "generate_demo_tables", "write_demo_data"]

DEFAULT_SEED = 20230430
"""The seed of the committed demo data (``data/demo``)."""

# ---------------------------------------------------------------------------------------------------
# Calibration targets (figure numbers of SEED.md). Every one is met by scaling, see the module docstring.
# ---------------------------------------------------------------------------------------------------
F1_VA_GROWTH_2023_04 = 15.10
"""F1, %: Σ value_added / Σ value_added_base − 1 over all enterprise_monthly rows of 2023-04."""
F2_FIRST_FROM, F2_FIRST_TO, F2_SECOND_AT = "2022-02", "2023-04", "2021-12"
"""F2: the home city is strictly first at every release 2022-02 … 2023-04 and second at 2021-12."""
VA_GROWTH_2021_12 = 9.6
"""Home city's value-added growth for 2021 (not a SEED figure; sets the F2 history)."""
VA_GROWTH_2022_12 = 12.8
"""Home city's value-added growth for 2022 (not a SEED figure; sets the F2 and F6 history)."""
F3_MEAN_ATTAINMENT_2023_04 = 98.0
"""F3, %: simple mean over enterprises with a design capacity of output / (capacity × 4/12) × 100."""
F4_N_PROJECTS_2023 = 124
"""F4: key industrial projects in the 2023 list."""
F4_N_ONGOING_2023, F4_N_NEW_DUE_2023, F4_N_NEW_LATER_2023 = 52, 48, 24
"""F4: 续建 projects; 新建 projects planned to start by 2023-04; 新建 projects planned later."""
F4_N_STARTED_2023_04 = 84
"""F4: projects of the start-or-resume denominator (52 + 48 = 100) started or resumed by 2023-04."""
F4_INVESTMENT_2023_04 = 301_000.0
"""F4, 万元: Σ project_monthly.investment at 2023-04 over the 2023 projects (30.1亿元)."""
F5_CHAIN_OUTPUT_2023_04 = 4_179_000.0
"""F5, 万元: Σ gross_output at 2023-04 over enterprises with a chain (417.9亿元)."""
F5_CHAIN_OUTPUT_GROWTH = 22.4
"""F5, %: Σ gross_output / Σ gross_output_base − 1 over the same rows."""
F6_INTENSITY_CHANGE_2022 = -6.0
"""F6, %: (Σ energy / Σ energy_base) / (Σ value_added / Σ value_added_base) − 1 at 2022-12, 当量值."""
F7_STATIONS_2022_12, F7_STATIONS_2023_04 = 1003, 1075
"""F7: 5G base stations in service (72 new in 2023)."""
F8_N_PROBLEMS = 91
"""F8: problems raised 2022-06 … 2023-04, all closed by 2023-04-30."""
F9_N_TASKS, F9_N_RED, F9_N_YELLOW = 19, 3, 4
"""F9: supervision tasks as of 2023-04-30: open and past due (red), open and due within 15 days
(yellow), the rest blue."""
F9_AS_OF = dt.date(2023, 4, 30)
F10_RECOGNITIONS_2023 = {
    ("专精特新中小企业", "省级"): 10,
    ("世界一流示范企业", "国家级"): 1,
    ("绿色工厂", "省级"): 7,
    ("节水型企业", "省级"): 2,
    ("绿色设计产品", "省级"): 1,
    ("数字化车间", "省级"): 1,
}
"""F10: recognitions of 2023 by (kind, level)."""
F11_N_BEHIND_2023_04 = 32
"""F11: enterprises behind their annual output target at 2023-04 (completion < 4/12 × 100)."""

# ---------------------------------------------------------------------------------------------------
# Every other month: planned shares the enterprise targets are drawn to (not SEED figures)
# ---------------------------------------------------------------------------------------------------
SHARE_BEHIND = {
    2022: {2: 0.15, 3: 0.12, 4: 0.10, 5: 0.09, 6: 0.085, 7: 0.08, 8: 0.075, 9: 0.07, 10: 0.065, 11: 0.055,
           12: 0.045},
    2023: {2: 0.15, 3: 0.12},
}
"""Planned share of the month's sample behind schedule (daily monitoring), by year and month; at 2023-04
the count is F11's, exactly. Slow starters after the Spring Festival catch up during the year; about
one enterprise in twenty misses its annual target."""
ZJTX_2022_FIRST_BATCH = 5
"""Provincial 专精特新 SMEs of 2022 in the first batch (spring); the other three came in an autumn batch."""
RECOGNITION_DATE = "date"
"""The optional 认定日期 column of ``recognitions``: written when the data contract has it."""

# ---------------------------------------------------------------------------------------------------
# The fictional geography and cluster
# ---------------------------------------------------------------------------------------------------
PROVINCE = "西凉省"
HOME_CITY = "金澜市"
OTHER_CITIES = ("雁平市", "青岚市", "玉泽市", "安澄市", "北屏市", "丹枫市", "宁朔市", "瀚川市", "星渚市",
                "临泓市", "云岫市", "望舒市", "澄阳市")
COUNTIES = {  # county → (fictional region code, weight of enterprises)
    "澜东区": ("660302", 0.30),
    "澜西区": ("660303", 0.24),
    "永宁县": ("660321", 0.20),
    "河清县": ("660322", 0.14),
    "石峡县": ("660323", 0.12),
}
CHAINS = (  # chain_id, chain_name, group_id, group_name, group_kind, lead unit
    ("C01", "铜", "G1", "有色金属新材料", "2", "金澜经济技术开发区管委会"),
    ("C02", "镍及镍基新材料", "G1", "有色金属新材料", "2", "金澜市工业和信息化局"),
    ("C03", "钴", "G1", "有色金属新材料", "2", "金澜市科学技术局"),
    ("C04", "钛及钛材", "G1", "有色金属新材料", "2", "金澜市发展和改革委员会"),
    ("C05", "铂族贵金属", "G1", "有色金属新材料", "2", "金澜市商务局"),
    ("C06", "硫化工", "G2", "化工循环", "2", "金澜化工循环产业园管委会"),
    ("C07", "氯碱化工", "G2", "化工循环", "2", "金澜市应急管理局"),
    ("C08", "电池材料", "G2", "化工循环", "2", "金澜市投资促进局"),
    ("C09", "资源综合利用", "G3", "资源综合利用", "4", "金澜市生态环境局"),
    ("C10", "光伏及新能源装备", "G4", "新能源装备（光伏）", "4", "金澜市能源局"),
    ("C11", "有色冶金及矿山装备", "G5", "装备制造", "4", "金澜市国有资产监督管理委员会"),
    ("C12", "农产品精深加工", "G6", "农产品精深加工", "4", "金澜市农业农村局"),
)

# product → (capacity unit, price in 万元 per unit at 2023 prices, business words for names)
PRODUCTS: dict[str, tuple[str, float, tuple[str, ...]]] = {
    "原煤": ("万吨", 700.0, ("煤业", "矿业")),
    "铁精粉": ("万吨", 900.0, ("矿业",)),
    "石灰石": ("万吨", 60.0, ("矿业", "石材")),
    "镍铜原矿": ("万吨", 450.0, ("矿业",)),
    "铜精矿": ("吨", 4.0, ("矿业",)),
    "面粉": ("吨", 0.33, ("粮油", "面业")),
    "饲料": ("吨", 0.36, ("饲料", "牧业科技")),
    "脱水蔬菜": ("吨", 1.5, ("农业科技", "食品")),
    "食用植物油": ("吨", 1.1, ("粮油",)),
    "番茄制品": ("吨", 0.6, ("食品",)),
    "麦芽": ("吨", 0.42, ("麦芽", "食品")),
    "焦炭": ("万吨", 2600.0, ("焦化", "煤化工")),
    "硫酸": ("万吨", 450.0, ("化工", "硫化工")),
    "硫化钠": ("吨", 0.35, ("化工",)),
    "液碱": ("万吨", 2800.0, ("氯碱化工", "化工")),
    "聚氯乙烯": ("吨", 0.65, ("化工", "塑化")),
    "盐酸": ("吨", 0.08, ("化工",)),
    "硫酸镍": ("吨", 3.2, ("镍盐", "新材料")),
    "钴盐": ("吨", 7.0, ("钴业", "新材料")),
    "钛白粉": ("吨", 1.7, ("钛业", "化工")),
    "三元前驱体": ("吨", 9.0, ("新能源材料", "新材料")),
    "磷酸铁锂": ("吨", 11.0, ("新能源材料", "锂电材料")),
    "电解液": ("吨", 6.0, ("新能源材料",)),
    "锂离子电池": ("万只", 45.0, ("锂电", "新能源")),
    "中成药": ("吨", 8.0, ("药业", "制药")),
    "塑料管材": ("吨", 1.2, ("塑业", "管业")),
    "水泥": ("万吨", 380.0, ("水泥", "建材")),
    "商品混凝土": ("万立方米", 360.0, ("建材", "混凝土")),
    "耐火材料": ("吨", 0.45, ("耐材", "建材")),
    "新型墙材": ("万立方米", 250.0, ("新型建材", "环保建材")),
    "矿渣微粉": ("万吨", 250.0, ("固废利用", "新型建材")),
    "光伏玻璃": ("万平方米", 25.0, ("光电玻璃", "新能源")),
    "钢材": ("万吨", 4200.0, ("钢铁", "特钢")),
    "电解镍": ("吨", 17.5, ("镍业", "有色金属")),
    "电解铜": ("吨", 6.2, ("铜业", "冶炼")),
    "电解钴": ("吨", 28.0, ("钴业",)),
    "海绵钛": ("吨", 7.5, ("钛业",)),
    "钛材": ("吨", 13.0, ("钛材", "钛业")),
    "铜材": ("吨", 6.8, ("铜材", "铜业")),
    "铜箔": ("吨", 9.0, ("铜箔", "电子材料")),
    "镍基合金": ("吨", 20.0, ("合金材料", "新材料")),
    "羰基镍粉": ("吨", 25.0, ("粉体材料", "新材料")),
    "铂族金属": ("千克", 22.0, ("贵金属",)),
    "贵金属催化材料": ("千克", 9.0, ("贵金属", "催化材料")),
    "再生铜": ("吨", 5.2, ("再生资源", "循环科技")),
    "再生铅": ("吨", 1.5, ("再生资源", "环保科技")),
    "金属结构件": ("吨", 0.85, ("钢结构", "金属制品")),
    "铜制品": ("吨", 7.0, ("铜制品", "金属制品")),
    "光伏支架": ("吨", 0.9, ("光伏科技", "金属制品")),
    "泵阀": ("台", 1.5, ("泵业", "机械")),
    "冶金专用设备": ("台套", 150.0, ("重工", "装备制造")),
    "矿山机械": ("台", 60.0, ("矿山机械", "重工")),
    "光伏组件": ("兆瓦", 170.0, ("光伏", "新能源")),
    "逆变器": ("台", 1.8, ("电力电子", "新能源")),
    "变压器": ("台", 25.0, ("电气", "变压器")),
    "电线电缆": ("公里", 9.0, ("电缆", "线缆")),
    "电子元器件": ("万只", 30.0, ("电子", "电子科技")),
    "发电量": ("万千瓦时", 0.32, ("热电", "电力")),
    "天然气供应量": ("万立方米", 2.6, ("燃气",)),
    "供水量": ("万吨", 2.8, ("水务",)),
}

# chain → (industry, product, weight) options for generic enterprises; None = outside the cluster
CHAIN_MEMBERS: dict[str | None, tuple[tuple[str, str, float], ...]] = {
    "C01": (("3211", "电解铜", 1), ("3251", "铜材", 3), ("09", "铜精矿", 1), ("38", "电线电缆", 2),
            ("33", "铜制品", 2), ("3251", "铜箔", 1)),
    "C02": (("3213", "电解镍", 1), ("32", "镍基合金", 2), ("09", "镍铜原矿", 1), ("2613", "硫酸镍", 1),
            ("32", "羰基镍粉", 1)),
    "C03": (("3213", "电解钴", 1), ("2613", "钴盐", 1)),
    "C04": (("32", "海绵钛", 1), ("3259", "钛材", 3), ("2643", "钛白粉", 1)),
    "C05": (("3229", "铂族金属", 1), ("3253", "贵金属催化材料", 1)),
    "C06": (("2611", "硫酸", 2), ("26", "硫化钠", 1)),
    "C07": (("2612", "液碱", 1), ("26", "聚氯乙烯", 1), ("26", "盐酸", 1)),
    "C08": (("26", "三元前驱体", 2), ("26", "磷酸铁锂", 1), ("3841", "锂离子电池", 1), ("26", "电解液", 1)),
    "C09": (("42", "再生铜", 2), ("30", "矿渣微粉", 1), ("42", "再生铅", 1), ("30", "新型墙材", 2)),
    "C10": (("3825", "光伏组件", 1), ("38", "逆变器", 1), ("30", "光伏玻璃", 1), ("33", "光伏支架", 2)),
    "C11": (("35", "冶金专用设备", 2), ("35", "矿山机械", 2), ("34", "泵阀", 2), ("38", "变压器", 1),
            ("33", "金属结构件", 2)),
    "C12": (("13", "脱水蔬菜", 2), ("13", "面粉", 1), ("13", "饲料", 2), ("15", "麦芽", 1), ("14", "番茄制品", 1),
            ("13", "食用植物油", 1)),
    None: (("06", "原煤", 2), ("08", "铁精粉", 1), ("10", "石灰石", 2), ("25", "焦炭", 1), ("30", "水泥", 2),
           ("30", "商品混凝土", 4), ("30", "耐火材料", 2), ("31", "钢材", 1), ("4411", "发电量", 1),
           ("45", "天然气供应量", 1), ("46", "供水量", 1), ("29", "塑料管材", 2), ("27", "中成药", 1),
           ("33", "金属结构件", 3), ("13", "面粉", 2), ("39", "电子元器件", 1), ("34", "泵阀", 2)),
}
GENERIC_PER_CHAIN = {"C01": 26, "C02": 19, "C03": 6, "C04": 10, "C05": 4, "C06": 12, "C07": 6, "C08": 11,
                     "C09": 19, "C10": 11, "C11": 21, "C12": 23, None: 132}

# key enterprises: (role, name, county, industry, chain, product, gross output 2022, 万元)
KEY_ENTERPRISES: tuple[tuple[str, str, str, str, str | None, str, float], ...] = (
    ("nickel_group", "金澜有色金属集团股份有限公司", "澜东区", "3213", "C02", "电解镍", 5_200_000),
    ("copper_smelter", "金澜铜业有限公司", "澜东区", "3211", "C01", "电解铜", 1_600_000),
    ("nickel_salt", "金澜泰丰镍盐股份有限公司", "澜东区", "2613", "C02", "硫酸镍", 650_000),
    ("nickel_mine", "金澜矿业有限公司", "永宁县", "09", "C02", "镍铜原矿", 400_000),
    ("pgm", "金澜贵金属材料有限公司", "澜东区", "3229", "C05", "铂族金属", 420_000),
    ("solar_module", "金澜光晟新能源科技有限公司", "河清县", "3825", "C10", "光伏组件", 380_000),
    ("titanium_chem", "金澜鼎盛钛业股份有限公司", "澜西区", "2643", "C04", "钛白粉", 320_000),
    ("precursor", "金澜新能源电池材料有限公司", "澜西区", "26", "C08", "三元前驱体", 300_000),
    ("copper_rod", "金澜瑞通铜材有限公司", "澜东区", "3251", "C01", "铜材", 280_000),
    ("cobalt", "金澜钴业有限公司", "澜东区", "2613", "C03", "钴盐", 260_000),
    ("power_plant", "金澜热电有限责任公司", "澜西区", "4411", None, "发电量", 260_000),
    ("coking", "金澜焦化有限公司", "石峡县", "25", None, "焦炭", 180_000),
    ("chlor_alkali", "金澜宏泰氯碱化工有限公司", "澜西区", "2612", "C07", "液碱", 160_000),
    ("sponge_ti", "金澜海绵钛有限责任公司", "澜西区", "32", "C04", "海绵钛", 150_000),
    ("copper_foil", "金澜铜箔科技有限公司", "澜东区", "3251", "C01", "铜箔", 130_000),
    ("sulfuric_acid", "金澜化工循环产业有限公司", "澜西区", "2611", "C06", "硫酸", 120_000),
    ("ni_alloy", "金澜镍基合金材料有限公司", "澜东区", "32", "C02", "镍基合金", 120_000),
    ("solar_glass", "金澜光伏玻璃有限公司", "河清县", "30", "C10", "光伏玻璃", 120_000),
    ("li_battery", "金澜锂电科技有限公司", "澜西区", "3841", "C08", "锂离子电池", 110_000),
    ("ti_material", "金澜钛材科技有限公司", "澜西区", "3259", "C04", "钛材", 90_000),
    ("coal", "金澜煤业有限公司", "石峡县", "06", None, "原煤", 90_000),
    ("recycling", "金澜资源再生利用有限公司", "永宁县", "42", "C09", "再生铜", 85_000),
    ("carbonyl_ni", "金澜羰化冶金有限公司", "澜东区", "32", "C02", "羰基镍粉", 80_000),
    ("cement", "金澜水泥有限公司", "永宁县", "30", None, "水泥", 70_000),
    ("met_equipment", "金澜镍都机械装备有限公司", "澜东区", "35", "C11", "冶金专用设备", 60_000),
    ("inverter", "金澜逆变电气有限公司", "河清县", "38", "C10", "逆变器", 50_000),
    ("transformer", "金澜电气设备有限公司", "澜西区", "38", "C11", "变压器", 45_000),
    ("slag", "金澜固废综合利用建材有限公司", "永宁县", "30", "C09", "矿渣微粉", 40_000),
    ("vegetables", "金澜绿源农业科技有限公司", "河清县", "13", "C12", "脱水蔬菜", 30_000),
    ("malt", "金澜丰禾麦芽有限公司", "河清县", "15", "C12", "麦芽", 25_000),
)

# energy intensity (tce per 万元 value added, 2020) and electricity share of energy (当量值) by division
ENERGY_PROFILE = {"06": (0.45, 0.6), "08": (0.9, 0.55), "09": (0.7, 0.6), "10": (0.6, 0.4), "13": (0.35, 0.35),
                  "14": (0.4, 0.3), "15": (0.5, 0.3), "25": (5.5, 0.08), "26": (3.2, 0.35), "27": (0.3, 0.4),
                  "29": (0.4, 0.6), "30": (3.0, 0.25), "31": (3.8, 0.25), "32": (2.6, 0.55), "33": (0.25, 0.6),
                  "34": (0.15, 0.6), "35": (0.15, 0.6), "38": (0.2, 0.65), "39": (0.15, 0.7), "42": (0.8, 0.5),
                  "44": (6.0, 0.05), "45": (0.2, 0.5), "46": (0.9, 0.75)}
# non-electric fuels: (name, unit, tce per unit) — GB/T 2589-2008; 天然气 per 万m³, the rest per 吨
FUELS = (("原煤", "吨", 0.7143), ("焦炭", "吨", 0.9714), ("天然气", "万立方米", 12.143), ("柴油", "吨", 1.4571))
ELECTRICITY_TCE_PER_10K_KWH = 1.229
"""电力 当量值: 0.1229 kgce/kWh = 1.229 tce per 万kWh (GB/T 2589-2008)."""
FUEL_MIX = {"32": (0.45, 0.30, 0.20, 0.05), "26": (0.60, 0.0, 0.35, 0.05), "25": (0.95, 0.0, 0.03, 0.02),
            "44": (0.97, 0.0, 0.0, 0.03), "30": (0.85, 0.0, 0.10, 0.05), "31": (0.30, 0.60, 0.07, 0.03),
            "06": (0.30, 0.0, 0.10, 0.60), "09": (0.30, 0.0, 0.10, 0.60), "42": (0.50, 0.20, 0.25, 0.05)}
N_MAJOR_ENERGY_USERS = 40

# ---------------------------------------------------------------------------------------------------
# The monthly grid: 2020-01 (internal history) … 2023-04
# ---------------------------------------------------------------------------------------------------
N_T = 40
T_YEAR = 2020 + np.arange(N_T) // 12
T_MONTH = np.arange(N_T) % 12 + 1
SEASONALITY = np.array([0.80, 0.70, 1.00, 0.99, 1.01, 1.04, 0.97, 0.98, 1.03, 1.01, 1.06, 1.21])
"""Jan … Dec: the Spring-Festival dip in January–February and the year-end peak."""
COVID_2020 = {1: 0.95, 2: 0.82, 3: 0.93}
PRICE_INDEX = {2020: 1.00, 2021: 1.07, 2022: 1.12, 2023: 1.18}
"""Producer prices relative to 2020: gross output is at current prices, value added at comparable ones."""
LAST = (2023, 4)


def _t(year: int, month: int) -> int:
    """Column of a month in the simulation grid."""
    return (year - 2020) * 12 + month - 1


def _month_str(t: int) -> str:
    return f"{T_YEAR[t]:04d}-{T_MONTH[t]:02d}"


def _rng(seed: int, family: str) -> np.random.Generator:
    """One independent stream per table family, so that changing one family leaves the others alone."""
    return np.random.default_rng([seed, zlib.crc32(family.encode("utf-8"))])


def _half_up(x: float, ndigits: int = 1) -> float:
    """Round half up on the decimal representation (四舍五入, INDICATORS.md §1.5)."""
    q = Decimal(1).scaleb(-ndigits)
    return float(Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP))


def _nice(x: float) -> float:
    """Two significant digits: design capacities and targets are round numbers."""
    if x <= 0:
        return 0.0
    mag = 10.0 ** (math.floor(math.log10(x)) - 1)
    return round(round(x / mag) * mag, 2)


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _ytd(x: np.ndarray) -> np.ndarray:
    """Year-to-date sums of single-month values (rows = enterprises, columns = the grid)."""
    out = np.empty_like(x)
    for year in range(2020, 2024):
        cols = np.flatnonzero(T_YEAR == year)
        out[:, cols] = np.cumsum(x[:, cols], axis=1)
    return out


def _base(ytd: np.ndarray) -> np.ndarray:
    """Same-period-last-year values (0 where there is no last year)."""
    out = np.zeros_like(ytd)
    out[:, 12:] = ytd[:, :-12]
    return out


# ---------------------------------------------------------------------------------------------------
# Credit codes and names
# ---------------------------------------------------------------------------------------------------
def _organisation_code(rng: np.random.Generator) -> str:
    """A 9-character organisation code (GB 11714-1997): 8 digits and the mod-11 check character."""
    body = "".join(str(d) for d in rng.integers(0, 10, 8))
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    c = 11 - sum(int(ch) * w for ch, w in zip(body, weights, strict=True)) % 11
    return body + ("0" if c == 11 else "X" if c == 10 else str(c))


def _credit_code(region: str, rng: np.random.Generator) -> str:
    """An 18-character unified social credit code (GB 32100-2015) with a valid check digit."""
    first17 = "91" + region + _organisation_code(rng)
    return uscc.validate(first17 + uscc.calc_check_digit(first17))


_BRAND_CHARS = "鑫瑞恒泰华源宏盛通达丰润晟嘉德祥隆昌兴利宇腾博诚信和康鼎瀚铭泓峰益众联创亿汇"


# ---------------------------------------------------------------------------------------------------
# Directory of enterprises
# ---------------------------------------------------------------------------------------------------
def _enterprise_directory(seed: int) -> pd.DataFrame:
    """Every enterprise ever in the sample, with internal simulation attributes.

    Internal columns: ``role`` (key-enterprise role or ""), ``size`` (gross output 2022, 万元, before
    normalisation), ``va_ratio``, ``entry`` (continuing / new_plant / upgrade), ``first_year``,
    ``start_t`` (first producing month), ``last_year`` (last year in the sample).
    """
    rng = _rng(seed, "enterprises")
    counties = list(COUNTIES)
    weights = np.array([w for _, w in COUNTIES.values()])
    used_codes: set[str] = set()
    used_names: set[str] = set()
    rows: list[dict] = []

    def new_code(county: str) -> str:
        while True:
            code = _credit_code(COUNTIES[county][0], rng)
            if code not in used_codes:
                used_codes.add(code)
                return code

    for role, name, county, industry, chain, product, size in KEY_ENTERPRISES:
        used_names.add(name)
        rows.append(dict(credit_code=new_code(county), name=name, county=county, industry_code=industry,
                         chain_id=chain, is_key=True, product=product, role=role, size=float(size)))

    for chain, n in GENERIC_PER_CHAIN.items():
        options = CHAIN_MEMBERS[chain]
        p = np.array([w for *_, w in options], dtype=float)
        for _ in range(n):
            industry, product, _w = options[rng.choice(len(options), p=p / p.sum())]
            county = counties[rng.choice(len(counties), p=weights)]
            biz = PRODUCTS[product][2]
            while True:
                place = "金澜" if rng.random() < 0.6 else county[:2]
                brand = "".join(rng.choice(list(_BRAND_CHARS), 2, replace=False))
                suffix = rng.choice(["有限公司", "有限公司", "有限责任公司", "股份有限公司"])
                name = f"{place}{brand}{biz[rng.integers(len(biz))]}{suffix}"
                if name not in used_names:
                    used_names.add(name)
                    break
            size = float(np.clip(np.exp(rng.normal(math.log(14_000), 1.0)), 3_000, 350_000))
            rows.append(dict(credit_code=new_code(county), name=name, county=county, industry_code=industry,
                             chain_id=chain, is_key=False, product=product, role="", size=size))

    ents = pd.DataFrame(rows)
    n = len(ents)
    ents["va_ratio"] = rng.uniform(0.29, 0.40, n)
    ents["entry"] = "continuing"
    ents["first_year"] = 2021
    ents["start_t"] = 0
    ents["last_year"] = 2023
    # sample changes among generic enterprises: exits at year end, new plants, small firms growing above
    # the threshold (小升规) — drawn without replacement from the generic rows
    generic = rng.permutation(np.flatnonzero(~ents["is_key"].to_numpy()))
    plan = ([("exit", 2021)] * 4 + [("exit", 2022)] * 5 + [("new_plant", 2021)] * 3
            + [("new_plant", 2022)] * 6 + [("new_plant", 2023)] * 3 + [("upgrade", 2021)] * 4
            + [("upgrade", 2022)] * 8 + [("upgrade", 2023)] * 10)
    for idx, (kind, year) in zip(generic[: len(plan)], plan, strict=True):
        if kind == "exit":
            ents.loc[idx, "last_year"] = year
            ents.loc[idx, "size"] = min(ents.loc[idx, "size"], 9_000.0)
        elif kind == "new_plant":
            ents.loc[idx, "entry"] = "new_plant"
            ents.loc[idx, "first_year"] = year
            last_start = 3 if year == 2023 else 11
            ents.loc[idx, "start_t"] = _t(year, int(rng.integers(1 if year == 2023 else 3, last_start + 1)))
        else:
            ents.loc[idx, "entry"] = "upgrade"
            ents.loc[idx, "first_year"] = year
            low, high = {2021: (3_000, 6_000), 2022: (2_400, 4_500), 2023: (1_400, 1_800)}[year]
            ents.loc[idx, "size"] = float(rng.uniform(low, high))
    return ents


# ---------------------------------------------------------------------------------------------------
# Simulation of single-month values and calibration
# ---------------------------------------------------------------------------------------------------
class _Simulation:
    """Single-month arrays (enterprises × grid) and the row mask of ``enterprise_monthly``."""

    def __init__(self, ents: pd.DataFrame, seed: int) -> None:
        self.ents = ents
        self.rng = _rng(seed, "monthly")
        n = len(ents)
        first = ents["first_year"].to_numpy()
        last = ents["last_year"].to_numpy()
        start = ents["start_t"].to_numpy()
        grid = np.arange(N_T)
        self.active = (grid[None, :] >= start[:, None]) & (T_YEAR[None, :] <= last[:, None])
        self.row = (self.active & (T_YEAR[None, :] >= first[:, None]) & (T_YEAR[None, :] >= 2021)
                    & (T_MONTH[None, :] >= 2))
        ramp = np.clip((grid[None, :] - start[:, None] + 1) / 5.0, 0.0, 1.0)
        self.ramp = np.where(ents["entry"].to_numpy()[:, None] == "new_plant", ramp, 1.0) * self.active
        self.chain = ents["chain_id"].notna().to_numpy()
        self.division = ents["industry_code"].str[:2].to_numpy()
        self.n = n

    # -- generic helpers --------------------------------------------------------------------------
    def ratio(self, x: np.ndarray, t: int, group: np.ndarray | None = None) -> float:
        """Σ YTD / Σ base over the sample at grid column ``t``."""
        ytd = _ytd(x)
        mask = self.row[:, t] if group is None else self.row[:, t] & group
        return float(ytd[mask, t].sum() / _base(ytd)[mask, t].sum())

    def level(self, x: np.ndarray, t: int, group: np.ndarray | None = None) -> float:
        mask = self.row[:, t] if group is None else self.row[:, t] & group
        return float(_ytd(x)[mask, t].sum())

    def base_level(self, x: np.ndarray, t: int, group: np.ndarray | None = None) -> float:
        mask = self.row[:, t] if group is None else self.row[:, t] & group
        return float(_base(_ytd(x))[mask, t].sum())

    @staticmethod
    def scale_year(x: np.ndarray, year: int, factor: float, group: np.ndarray | None = None) -> None:
        """Multiply the single months of ``year`` (of ``group``) by ``factor``, in place."""
        cols = T_YEAR == year
        rows = np.ones(x.shape[0], bool) if group is None else group
        x[np.ix_(rows, cols)] *= factor

    # -- value added ------------------------------------------------------------------------------
    def simulate_value_added(self) -> None:
        rng, ents = self.rng, self.ents
        n = self.n
        va_ratio = ents["va_ratio"].to_numpy()
        # annual growth drivers (log), chain enterprises faster; upgrades grow fast into the sample
        mu = {2020: 0.06, 2021: 0.085, 2022: 0.11, 2023: 0.13}
        log_growth = np.zeros((n, 4))
        for k, year in enumerate(range(2020, 2024)):
            log_growth[:, k] = mu[year] + np.where(self.chain, 0.02, -0.03) + rng.normal(0, 0.07, n)
        upgrade = ents["entry"].to_numpy() == "upgrade"
        first = ents["first_year"].to_numpy()
        for k, year in enumerate(range(2020, 2024)):
            log_growth[upgrade & (first - 1 <= year) & (year <= first), k] += 0.25
        exit_soon = ents["last_year"].to_numpy() < 2023
        log_growth[exit_soon] -= 0.12
        monthly_log = log_growth[:, T_YEAR - 2020] / 12.0
        level = np.exp(np.cumsum(monthly_log, axis=1))
        noise_sd = np.where(ents["is_key"].to_numpy(), 0.025, 0.06)
        noise = np.exp(rng.normal(0, 1, (n, N_T)) * noise_sd[:, None])
        covid = np.array([COVID_2020.get(int(m), 1.0) if y == 2020 else 1.0 for y, m in zip(T_YEAR, T_MONTH,
                                                                                             strict=True)])
        # size: gross output 2022 → value added per month at 2020 comparable prices
        monthly_va = ents["size"].to_numpy() * va_ratio / PRICE_INDEX[2022] / 12.0 / np.exp(log_growth[:, :2]
                                                                                              .sum(axis=1))
        self.va = (monthly_va[:, None] * SEASONALITY[T_MONTH - 1][None, :] * level * noise * covid[None, :]
                   * self.ramp)
        self.go_noise = np.exp(rng.normal(0, 0.02, (n, N_T)))

    def gross_output_from_value_added(self) -> np.ndarray:
        price = np.array([PRICE_INDEX[int(y)] for y in T_YEAR])
        return self.va / self.ents["va_ratio"].to_numpy()[:, None] * price[None, :] * self.go_noise

    def normalise_size(self) -> float:
        """Scale every enterprise so that the chain cluster's 2022 Jan–Apr output is near its F5 base."""
        go = self.gross_output_from_value_added()
        target = F5_CHAIN_OUTPUT_2023_04 / (1 + F5_CHAIN_OUTPUT_GROWTH / 100)
        factor = target / self.base_level(go, _t(*LAST), self.chain)
        self.va *= factor
        return factor

    def calibrate_value_added(self) -> dict[str, float]:
        """Scale each year's value added so that the city's growth hits its target (F1 for 2023)."""
        factors = {}
        for year, t, growth in ((2021, _t(2021, 12), VA_GROWTH_2021_12), (2022, _t(2022, 12), VA_GROWTH_2022_12),
                                (2023, _t(*LAST), F1_VA_GROWTH_2023_04)):
            k = (1 + growth / 100) / self.ratio(self.va, t)
            self.scale_year(self.va, year, k)
            factors[f"va_{year}"] = k
        return factors

    # -- gross output, revenue, profit ----------------------------------------------------------------
    def simulate_gross_output(self) -> dict[str, float]:
        """Gross output from value added, then F5: the chain cluster's 2022 and 2023 output."""
        self.go = self.gross_output_from_value_added()
        t = _t(*LAST)
        base_target = F5_CHAIN_OUTPUT_2023_04 / (1 + F5_CHAIN_OUTPUT_GROWTH / 100)
        a = base_target / self.base_level(self.go, t, self.chain)
        self.scale_year(self.go, 2022, a, self.chain)
        b = F5_CHAIN_OUTPUT_2023_04 / self.level(self.go, t, self.chain)
        self.scale_year(self.go, 2023, b, self.chain)
        return {"go_chain_2022": a, "go_chain_2023": b}

    def simulate_revenue_profit(self) -> None:
        rng, n = self.rng, self.n
        sales_ratio = rng.uniform(0.90, 1.04, n)
        self.revenue = self.go * sales_ratio[:, None] * np.exp(rng.normal(0, 0.03, (n, N_T)))
        margin = np.clip(rng.normal(0.055, 0.035, n), -0.02, 0.15)
        by_year = margin[:, None] + rng.normal(0, 0.012, (n, 4))
        # a few turnarounds: loss → profit and profit → loss between 2022 and 2023
        order = rng.permutation(n)
        by_year[order[:6], 2], by_year[order[:6], 3] = -0.05, 0.035
        by_year[order[6:12], 2], by_year[order[6:12], 3] = 0.04, -0.045
        by_year[order[12:15], :] = -0.03
        monthly_margin = by_year[:, T_YEAR - 2020] + rng.normal(0, 0.01, (n, N_T))
        self.profit = self.revenue * monthly_margin

    # -- energy -----------------------------------------------------------------------------------------
    def simulate_energy(self) -> dict[str, float]:
        """Electricity and non-electric energy from value added, then F6: 2022 non-electric energy."""
        rng, n = self.rng, self.n
        profile = np.array([ENERGY_PROFILE.get(d, (0.3, 0.5)) for d in self.division])
        intensity = profile[:, 0] * np.exp(rng.normal(0, 0.25, n))
        share = np.clip(profile[:, 1] + rng.normal(0, 0.05, n), 0.03, 0.8)
        decline = np.exp(-0.035 * (T_YEAR - 2020))
        energy = self.va * intensity[:, None] * decline[None, :] * np.exp(rng.normal(0, 0.03, (n, N_T)))
        self.electricity = energy * share[:, None] / ELECTRICITY_TCE_PER_10K_KWH
        self.non_electric = energy * (1 - share[:, None])
        t = _t(2022, 12)
        va_ratio = self.ratio(self.va, t)
        energy_target = (1 + F6_INTENSITY_CHANGE_2022 / 100) * va_ratio * self.base_level(self.energy, t)
        k = ((energy_target - ELECTRICITY_TCE_PER_10K_KWH * self.level(self.electricity, t))
             / self.level(self.non_electric, t))
        self.scale_year(self.non_electric, 2022, k)
        return {"non_electric_2022": k}

    @property
    def energy(self) -> np.ndarray:
        return ELECTRICITY_TCE_PER_10K_KWH * self.electricity + self.non_electric

    # -- product output and design capacity -------------------------------------------------------------
    def simulate_product_output(self) -> None:
        """Main product output in physical units (2023 prices) and, for ~60% of enterprises, capacity."""
        rng, ents = self.rng, self.ents
        price = ents["product"].map(lambda p: PRODUCTS[p][1]).to_numpy()
        deflator = np.array([PRICE_INDEX[2023] / PRICE_INDEX[int(y)] for y in T_YEAR])
        self.product = self.go * deflator[None, :] / price[:, None]
        division = self.division
        eligible = ((ents["last_year"].to_numpy() == 2023) & ~np.isin(division, ["44", "45", "46"]))
        draw = rng.random(self.n)
        self.has_capacity = eligible & ((draw < 0.66) | ents["is_key"].to_numpy())
        attainment = np.clip(rng.normal(1.0, 0.15, self.n), 0.6, 1.35)
        cols = np.flatnonzero(T_YEAR == 2023)
        # potential output at full production: a new plant's ramp-up is taken out, and months before its
        # start count at the mean of its producing months
        prod, ramp = self.product[:, cols], self.ramp[:, cols]
        full = np.divide(prod, ramp, out=np.zeros_like(prod), where=ramp > 0)
        mean_full = full.sum(axis=1) / np.maximum((ramp > 0).sum(axis=1), 1)
        potential = np.where(ramp > 0, full, mean_full[:, None]).sum(axis=1) * 3
        self.capacity = np.array([_nice(p / a) if c else np.nan
                                  for p, a, c in zip(potential, attainment, self.has_capacity, strict=True)])
        self.design_output_value = np.where(self.has_capacity,
                                            [_nice(c * p) if c == c else np.nan
                                             for c, p in zip(self.capacity, price, strict=True)], np.nan)

    def mean_attainment(self, product: np.ndarray) -> float:
        """F3 on values rounded as written: mean of output(YTD 2023-04) / (capacity × 4/12) × 100."""
        t = _t(*LAST)
        ytd = np.round(_ytd(product)[:, t], 2)
        mask = self.has_capacity & self.row[:, t]
        return float(np.mean(ytd[mask] / (self.capacity[mask] * 4 / 12) * 100))

    def calibrate_attainment(self) -> float:
        """F3: scale 2023 product output of the enterprises with a capacity until the mean is on target."""
        factor = 1.0
        for _ in range(30):
            current = self.mean_attainment(self.product)
            if abs(current - F3_MEAN_ATTAINMENT_2023_04) < 0.002:
                break
            k = F3_MEAN_ATTAINMENT_2023_04 / current
            self.scale_year(self.product, 2023, k, self.has_capacity)
            factor *= k
        return factor


def _simulate(seed: int) -> tuple[_Simulation, dict[str, float]]:
    sim = _Simulation(_enterprise_directory(seed), seed)
    sim.simulate_value_added()
    factors = {"size": sim.normalise_size()}
    factors |= sim.calibrate_value_added()
    factors |= sim.simulate_gross_output()
    sim.simulate_revenue_profit()
    factors |= sim.simulate_energy()
    sim.simulate_product_output()
    factors["product_2023"] = sim.calibrate_attainment()
    return sim, factors


# ---------------------------------------------------------------------------------------------------
# Table families
# ---------------------------------------------------------------------------------------------------
def _enterprises_table(sim: _Simulation) -> pd.DataFrame:
    e = sim.ents
    unit = e["product"].map(lambda p: PRODUCTS[p][0])
    return pd.DataFrame({
        "credit_code": e["credit_code"], "name": e["name"], "county": e["county"],
        "industry_code": e["industry_code"], "chain_id": e["chain_id"], "is_key": e["is_key"].astype(bool),
        "product": e["product"], "design_capacity": sim.capacity,
        "capacity_unit": unit.where(sim.has_capacity, None),
        "design_output_value": sim.design_output_value,
    }).sort_values("credit_code", ignore_index=True)


def _enterprise_monthly_table(sim: _Simulation) -> pd.DataFrame:
    """Year-to-date values rounded to 2 decimals; each base is the rounded YTD of a year earlier."""
    i_idx, t_idx = np.nonzero(sim.row)
    out = {"credit_code": sim.ents["credit_code"].to_numpy()[i_idx],
           "period": [_month_str(t) for t in t_idx]}
    pairs = (("gross_output", sim.go), ("value_added", sim.va), ("revenue", sim.revenue),
             ("profit", sim.profit), ("electricity", sim.electricity), ("energy", sim.energy))
    for name, x in pairs:
        ytd = np.round(_ytd(x), 2)
        out[name] = ytd[i_idx, t_idx]
        out[f"{name}_base"] = np.round(_base(ytd), 2)[i_idx, t_idx]
    product = np.round(_ytd(sim.product), 2)[i_idx, t_idx]
    out["product_output"] = np.where(sim.has_capacity[i_idx], product, np.nan)
    df = pd.DataFrame(out)
    cols = ["credit_code", "period", "gross_output", "gross_output_base", "value_added", "value_added_base",
            "product_output", "revenue", "revenue_base", "profit", "profit_base", "electricity",
            "electricity_base", "energy", "energy_base"]
    return df[cols].sort_values(["credit_code", "period"], ignore_index=True)


def _run_rates(monthly: pd.DataFrame, year: int) -> pd.DataFrame:
    """Annualised year-to-date output, gross_output(M) × 12 / M, of every enterprise (rows) by month (columns).

    An enterprise is behind schedule at M exactly when its annual target exceeds its run rate at M.
    """
    m = monthly[monthly["period"].str.startswith(f"{year}-")]
    mon = m["period"].str[5:].astype(int)
    rates = m.assign(mon=mon, rate=m["gross_output"] * 12 / mon)
    return rates.pivot(index="credit_code", columns="mon", values="rate").sort_index()


def _target_between(rng: np.random.Generator, low: float, high: float) -> float | None:
    """A target strictly inside (low, high) with a 0.2% margin at both ends (None if there is no room)."""
    lo, hi = low * 1.002, high * 0.998
    return float(lo + rng.uniform(0.25, 0.75) * (hi - lo)) if lo < hi else None


def _targets_for_year(rates: pd.DataFrame, share_behind: dict[int, float], rng: np.random.Generator,
                      fixed_behind: set[str] | None = None) -> dict[str, float]:
    """Annual output targets that put about ``share_behind[M]`` of the sample behind schedule at each month M.

    Each enterprise draws the month from which it is on schedule (the shares fall through the year, so the
    months are nested): on schedule all year, from a later month on (a slow start), or never (it misses
    its annual target). The target is placed between its run rates before and after that month. A plant
    that starts producing during the year gets a target below its run rate at the last month. With
    ``fixed_behind`` (the enterprises behind at the last month, behind at every month), the count at the
    last month is exact and the shares of the earlier months count these enterprises in.
    """
    months = sorted(rates.columns)
    n, k = len(rates), len(fixed_behind or ())
    # shares among the enterprises not fixed behind (all of them without fixed_behind)
    cond = {mm: max(0.0, (share_behind.get(mm, 0.0) * n - k) / (n - k)) for mm in months}
    out: dict[str, float] = {}
    for code, row in rates.iterrows():
        row = row.dropna()
        u = rng.uniform()
        if fixed_behind is not None and code in fixed_behind:
            out[code] = float(row.max() * rng.uniform(1.03, 1.6))
            continue
        if row.index.min() > months[0]:  # a plant starting this year: behind while it ramps up
            out[code] = float(row.iloc[-1] * rng.uniform(0.80, 0.98))
            continue
        recover = next((mm for mm in months if u >= cond[mm]), None)
        if recover is None or recover > row.index.max():  # misses the year's target
            out[code] = float(row.max() * rng.uniform(1.02, 1.15))
            continue
        before, after = row[row.index < recover], row[row.index >= recover]
        target = _target_between(rng, before.max(), after.min()) if len(before) else None
        out[code] = target if target is not None else float(after.min() * rng.uniform(0.90, 0.995))
    return out


def _behind_by_month(monthly: pd.DataFrame, targets: pd.DataFrame) -> dict[str, list[str]]:
    """Codes behind schedule at every month with targets: completion − N/12 × 100 < 0 (F11's rule)."""
    out = {}
    t = targets.set_index(["credit_code", "year"])["output_target"]
    for period, rows in monthly.groupby("period"):
        year, mon = int(period[:4]), int(period[5:])
        tgt = t.reindex(pd.MultiIndex.from_arrays([rows["credit_code"], np.full(len(rows), year)])).to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            gap = rows["gross_output"].to_numpy() / tgt * 100 - mon / 12 * 100
        behind = (tgt > 0) & (gap < 0)
        if np.isfinite(tgt).any():
            out[period] = sorted(rows.loc[behind, "credit_code"])
    return out


def _enterprise_targets_table(monthly: pd.DataFrame, sim: _Simulation, seed: int) -> tuple[pd.DataFrame,
                                                                                            dict[str, list[str]]]:
    """Annual output targets 2022 and 2023 (F11 and every month's 日调度 list).

    Returns the table and, for every month of 2022 and 2023, the codes behind schedule.
    """
    rng = _rng(seed, "targets")
    rows = []
    for code, t in _targets_for_year(_run_rates(monthly, 2022), SHARE_BEHIND[2022], rng).items():
        rows.append((code, 2022, float(round(t))))
    apr23 = monthly[monthly["period"] == "2023-04"].set_index("credit_code")["gross_output"]
    key = set(sim.ents.loc[sim.ents["is_key"], "credit_code"])
    codes = list(apr23.index)
    key_codes = [c for c in codes if c in key]
    other_codes = [c for c in codes if c not in key]
    n_key_behind = 7
    behind = set(rng.choice(key_codes, n_key_behind, replace=False)) | set(
        rng.choice(other_codes, F11_N_BEHIND_2023_04 - n_key_behind, replace=False))
    for code, t in _targets_for_year(_run_rates(monthly, 2023), SHARE_BEHIND[2023], rng, behind).items():
        rows.append((code, 2023, float(round(t))))
    df = pd.DataFrame(rows, columns=["credit_code", "year", "output_target"])
    df = df.sort_values(["credit_code", "year"], ignore_index=True)
    by_month = _behind_by_month(monthly, df)
    if by_month["2023-04"] != sorted(behind):  # pragma: no cover - a programming error, caught by the tests
        raise RuntimeError("F11: the enterprises behind at 2023-04 are not the ones drawn")
    return df, by_month


def _split_cents(total: float, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` (2 decimals) into parts proportional to ``weights`` that add up exactly."""
    cents = int(round(total * 100))
    raw = weights / weights.sum() * cents
    parts = np.floor(raw).astype(np.int64)
    rest = cents - int(parts.sum())
    parts[np.argsort(-(raw - parts), kind="stable")[:rest]] += 1
    return parts / 100.0


def _daily_records_table(monthly: pd.DataFrame, behind: dict[str, list[str]], seed: int) -> pd.DataFrame:
    """Daily output and electricity of the enterprises behind schedule, every month of 2022 and 2023 (日调度).

    The enterprises behind at month M report every day of M, and their days add up to the month's output and
    electricity (differenced year-to-date values; a plant's first month counts from zero). At the 1–2月
    release the days run from 1 January to the end of February and add up to the 1–2月 values.
    """
    rng = _rng(seed, "daily")
    m = monthly.set_index(["credit_code", "period"])[["gross_output", "electricity"]]
    rows = []
    for period in sorted(behind):
        year, mon = int(period[:4]), int(period[5:])
        first = dt.date(year, 1 if mon == 2 else mon, 1)
        days = [first + dt.timedelta(days=k) for k in range((_last_day(year, mon) - first).days + 1)]
        weekday = np.array([0.97 if d.weekday() >= 5 else 1.0 for d in days])
        previous = f"{year}-{mon - 1:02d}"
        for code in behind[period]:
            now = m.loc[(code, period)]
            before = m.loc[(code, previous)] if mon > 2 and (code, previous) in m.index else 0.0 * now
            w = weekday * np.exp(rng.normal(0, 0.06, len(days)))
            output = _split_cents(float(now["gross_output"] - before["gross_output"]), w)
            power = _split_cents(float(now["electricity"] - before["electricity"]),
                                 w * np.exp(rng.normal(0, 0.03, len(days))))
            for d, o, p in zip(days, output, power, strict=True):
                rows.append((code, d.isoformat(), o, p))
    df = pd.DataFrame(rows, columns=["credit_code", "date", "output_value", "electricity"])
    return df.sort_values(["credit_code", "date"], ignore_index=True)


def _energy_by_fuel_table(monthly: pd.DataFrame, sim: _Simulation, seed: int) -> pd.DataFrame:
    """Quantities by fuel of the largest energy users; they convert back to ``energy`` within 0.005 tce."""
    rng = _rng(seed, "fuels")
    division = dict(zip(sim.ents["credit_code"], sim.division, strict=True))
    last = monthly[monthly["period"] == "2023-04"].nlargest(N_MAJOR_ENERGY_USERS, "energy")["credit_code"]
    rows = []
    for code in sorted(last):
        mix = np.array(FUEL_MIX.get(division[code], (0.50, 0.0, 0.40, 0.10)))
        mix = np.where(mix > 0, mix * np.exp(rng.normal(0, 0.15, 4)), 0.0)
        mix[0] = max(mix[0], 0.15)
        mix = mix / mix.sum()
        for rec in monthly[monthly["credit_code"] == code].itertuples(index=False):
            residual = rec.energy - ELECTRICITY_TCE_PER_10K_KWH * rec.electricity
            qty = {}
            for (fuel, unit, coef), share in zip(FUELS[1:], mix[1:], strict=True):
                if share > 0:
                    qty[fuel] = (round(residual * share / coef, 2), unit)
            rest = residual - sum(q * coef for (fuel, unit, coef) in FUELS[1:] if fuel in qty
                                  for q in [qty[fuel][0]])
            rows.append((code, rec.period, "原煤", round(rest / FUELS[0][2], 2), "吨"))
            for fuel, (q, unit) in qty.items():
                rows.append((code, rec.period, fuel, q, unit))
            rows.append((code, rec.period, "电力", rec.electricity, "万kWh"))
    df = pd.DataFrame(rows, columns=["credit_code", "period", "fuel", "quantity", "unit"])
    return df.sort_values(["credit_code", "period", "fuel"], ignore_index=True)


def _home_growth(monthly: pd.DataFrame) -> pd.DataFrame:
    """The home city's value-added growth from enterprise levels: YTD, and single month (March on)."""
    sums = monthly.groupby("period")[["value_added", "value_added_base"]].sum()
    out = []
    for period, row in sums.iterrows():
        ytd = (row["value_added"] / row["value_added_base"] - 1) * 100
        month = np.nan
        year, mon = int(period[:4]), int(period[5:])
        if mon >= 3:
            prev = sums.loc[f"{year}-{mon - 1:02d}"]
            month = ((row["value_added"] - prev["value_added"])
                     / (row["value_added_base"] - prev["value_added_base"]) - 1) * 100
        out.append((period, ytd, month))
    return pd.DataFrame(out, columns=["period", "ytd", "month"]).set_index("period")


def _city_growth_table(monthly: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Published growth of every city (F2): ours from the enterprise data, the others simulated.

    Other cities get a smooth year-to-date path per year (level + early-year swing + AR(1) noise);
    single-month growth is derived from it with a seasonal base profile, so the two are consistent. Each
    year's path is shifted down where needed so that the home city is first from 2022-02 and second at
    2021-12 (one rival city is placed 0.4 points above it).
    """
    rng = _rng(seed, "cities")
    home = _home_growth(monthly)
    home_pub = home["ytd"].map(_half_up)
    periods = list(home.index)
    rows = [(HOME_CITY, p, home_pub[p], np.nan if np.isnan(home.loc[p, "month"]) else _half_up(home.loc[p, "month"]))
            for p in periods]
    level_mean = {2021: 7.0, 2022: 5.5, 2023: 5.0}
    swing_mean = {2021: 9.0, 2022: 1.0, 2023: -1.0}
    rival = 0
    for c, city in enumerate(OTHER_CITIES):
        profile = SEASONALITY * np.exp(rng.normal(0, 0.04, 12))
        ytd: dict[str, float] = {}
        for year in (2021, 2022, 2023):
            months = [p for p in periods if p.startswith(str(year))]
            lv = rng.normal(level_mean[year], 2.6)
            swing = rng.normal(swing_mean[year], 2.0)
            ar, path = 0.0, []
            for p in months:
                mon = int(p[5:])
                ar = 0.7 * ar + rng.normal(0, 0.35)
                path.append(lv + swing * math.exp(-(mon - 2) / 2.5) + ar)
            path = np.array(path)
            home_path = np.array([home_pub[p] for p in months])
            if year >= 2022:
                path -= max(0.0, float(np.max(path - (home_path - 0.3 - rng.uniform(0, 1.5)))))
            else:
                dec = months.index("2021-12")
                if c == rival:
                    path += home_path[dec] + 0.4 - path[dec]
                else:
                    path -= max(0.0, path[dec] - (home_path[dec] - 0.3 - rng.uniform(0, 1.5)))
            ytd.update(dict(zip(months, path, strict=True)))
        for p in periods:
            year, mon = int(p[:4]), int(p[5:])
            month = np.nan
            if mon >= 3:
                b_now, b_prev = profile[:mon].sum(), profile[: mon - 1].sum()
                prev = ytd[f"{year}-{mon - 1:02d}"]
                month = _half_up(((1 + ytd[p] / 100) * b_now - (1 + prev / 100) * b_prev)
                                 / profile[mon - 1] * 100 - 100)
            rows.append((city, p, _half_up(ytd[p]), month))
    return pd.DataFrame(rows, columns=["city", "period", "va_growth_ytd", "va_growth_month"])


def _province_growth_table(city_growth: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The province's published growth (F12): the cities' published growth weighted by their share.

    A statistics bureau computes the province figure from the province's levels; the demo city has no
    levels for the other cities, so it weights each city's published growth by a fixed, fictional share of
    the province's value added (金澜市 about 9%) and rounds half up to 1 decimal, which places the province
    near the middle of the cities, as in a real release.
    """
    rng = _rng(seed, "province")
    cities = [HOME_CITY, *OTHER_CITIES]
    share = rng.dirichlet(np.full(len(OTHER_CITIES), 6.0)) * 0.91
    weights = pd.Series(np.r_[0.09, share], index=cities)
    rows = []
    for period, g in city_growth.groupby("period", sort=True):
        w = weights.reindex(g["city"]).to_numpy()
        ytd = float(np.dot(w, g["va_growth_ytd"].to_numpy()) / w.sum())
        month_values = g["va_growth_month"].to_numpy(dtype=float)
        month = (np.nan if np.isnan(month_values).any()
                 else _half_up(float(np.dot(w, month_values) / w.sum())))
        rows.append((period, _half_up(ytd), month))
    return pd.DataFrame(rows, columns=["period", "va_growth_ytd", "va_growth_month"])


def _cities_table() -> pd.DataFrame:
    return pd.DataFrame({"city": [HOME_CITY, *OTHER_CITIES], "province": PROVINCE,
                         "is_home": [True] + [False] * len(OTHER_CITIES)})


def _chains_table() -> pd.DataFrame:
    return pd.DataFrame(CHAINS, columns=["chain_id", "chain_name", "group_id", "group_name", "group_kind",
                                         "lead_unit"])


def _counties_table() -> pd.DataFrame:
    """The reference list of county names (the fictional region codes of ``COUNTIES``)."""
    return pd.DataFrame({"county": list(COUNTIES), "division_code": [code for code, _ in COUNTIES.values()]})


PROJECT_TEMPLATES = {
    "C01": ("年产{n}万吨高精度铜板带项目", "{n}万吨再生铜冶炼技改项目", "年产{n}万吨电解铜箔项目", "铜基新材料产业园{k}期项目"),
    "C02": ("年产{n}万吨镍基新材料项目", "镍冶炼系统节能降碳改造项目", "高纯镍及镍合金{k}期项目", "{n}万吨镍铜矿采选扩能项目"),
    "C03": ("年产{n}千吨电积钴扩能项目", "钴盐生产线智能化改造项目"),
    "C04": ("年产{n}万吨氯化法钛白粉项目", "海绵钛扩能改造{k}期项目", "钛材精深加工项目"),
    "C05": ("铂族金属精炼提纯{k}期项目", "贵金属催化材料项目"),
    "C06": ("{n}万吨硫酸余热回收利用项目", "硫化工产业链延伸{k}期项目"),
    "C07": ("年产{n}万吨离子膜烧碱项目", "氯碱装置节能改造项目"),
    "C08": ("年产{n}万吨三元前驱体项目", "年产{n}万吨磷酸铁锂正极材料项目", "废旧锂电池回收利用项目"),
    "C09": ("冶炼渣综合利用{k}期项目", "年产{n}万吨固废资源化利用项目", "尾矿综合利用项目"),
    "C10": ("{n}00MW光伏组件生产线项目", "{n}00MW光伏发电项目", "光伏支架制造{k}期项目"),
    "C11": ("有色冶金专用设备制造项目", "矿山智能装备{k}期项目", "节能环保装备制造项目"),
    "C12": ("年产{n}万吨脱水蔬菜加工项目", "农产品冷链物流及精深加工项目", "年产{n}万吨饲料生产线项目"),
    None: ("{n}万吨新型干法水泥技改项目", "热电联产机组节能改造项目", "工业园区供水管网改造项目", "年产{n}万立方米商品混凝土项目"),
}


def _project_names(rng: np.random.Generator, chains: Sequence[str | None], counties: Sequence[str],
                   used: set[str]) -> list[str]:
    out = []
    for chain, county in zip(chains, counties, strict=True):
        templates = PROJECT_TEMPLATES[chain]
        while True:
            place = "金澜" if rng.random() < 0.5 else county[:2]
            brand = "".join(rng.choice(list(_BRAND_CHARS), 2, replace=False))
            text = templates[rng.integers(len(templates))].format(n=int(rng.integers(1, 10)), k=rng.choice(
                ["一", "二", "三"]))
            name = f"{place}{brand}{text}"
            if name not in used:
                used.add(name)
                out.append(name)
                break
    return out


def _projects_tables(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Key projects of 2022 (110) and 2023 (124, F4) and their monthly YTD investment.

    Project sizes are drawn first; one size factor, solved for, then scales every amount of both years
    (total investment, annual plans, investment) so that the 2023 projects' investment at 2023-04 is
    F4_INVESTMENT_2023_04.
    """
    rng = _rng(seed, "projects")
    chain_ids = [c[0] for c in CHAINS]
    chain_p = np.array([6, 8, 3, 5, 2, 3, 2, 6, 5, 6, 3, 4], float)
    counties = list(COUNTIES)
    county_p = np.array([w for _, w in COUNTIES.values()])
    used: set[str] = set()

    def draw(n: int) -> tuple[list[str | None], list[str]]:
        c = rng.choice(len(chain_ids), n, p=chain_p / chain_p.sum())
        chains: list[str | None] = [None if rng.random() < 0.1 else chain_ids[k] for k in c]
        return chains, [counties[k] for k in rng.choice(len(counties), n, p=county_p)]

    # -- 2022 list: 45 ongoing (from 2021) and 65 new, 5 of which did not start ------------------------
    n22_old, n22_new = 45, 65
    n22 = n22_old + n22_new
    ids22 = [f"XM2021-{k:03d}" for k in range(1, n22_old + 1)] + [f"XM2022-{k:03d}" for k in
                                                                   range(1, n22_new + 1)]
    chains22, county22 = draw(n22)
    total22 = np.clip(np.exp(rng.normal(math.log(30_000), 0.9, n22)), 5_000, 600_000)
    planned22 = np.r_[rng.integers(1, 4, n22_old), rng.integers(1, 10, n22_new)]
    plan22 = total22 * rng.uniform(0.3, 0.6, n22) * np.minimum(1.0, (13 - planned22) / 10)
    start22 = np.clip(planned22 + rng.choice([-1, 0, 0, 0, 1, 1, 2], n22), 1, 12)
    not_started22 = np.zeros(n22, bool)
    not_started22[n22_old + rng.choice(n22_new, 5, replace=False)] = True
    invest22 = plan22 * rng.uniform(0.75, 1.15, n22) * ~not_started22

    # -- 2023 list: 52 ongoing (started projects of 2022), 48 new due by April, 24 new due later --------
    carried = np.sort(rng.choice(np.flatnonzero(~not_started22), F4_N_ONGOING_2023, replace=False))
    n_new = F4_N_NEW_DUE_2023 + F4_N_NEW_LATER_2023
    n23 = F4_N_ONGOING_2023 + n_new
    chains_new, county_new = draw(n_new)
    total_new = np.clip(np.exp(rng.normal(math.log(30_000), 0.9, n_new)), 5_000, 800_000)
    total23 = np.r_[total22[carried], total_new]
    remaining = np.r_[total22[carried] - invest22[carried], total_new]
    planned23 = np.r_[rng.integers(1, 4, F4_N_ONGOING_2023), rng.integers(1, 5, F4_N_NEW_DUE_2023),
                      rng.integers(5, 11, F4_N_NEW_LATER_2023)]
    plan23 = remaining * rng.uniform(0.35, 0.7, n23) * np.minimum(1.0, (13 - planned23) / 10)
    # F4 start-or-resume: the denominator is the first 100 rows (续建 + 新建 due by April)
    started = np.zeros(n23, bool)
    n_new_started = F4_N_STARTED_2023_04 - (F4_N_ONGOING_2023 - 4)  # 48 of 52 续建 resumed, 36 of 48 新建
    started[rng.choice(F4_N_ONGOING_2023, F4_N_ONGOING_2023 - 4, replace=False)] = True
    started[F4_N_ONGOING_2023 + rng.choice(F4_N_NEW_DUE_2023, n_new_started, replace=False)] = True
    start23 = np.clip(planned23 + rng.choice([-1, 0, 0, 1], n23), 1, 4)
    # YTD April progress against the annual plan: most near or above time progress, nine well behind
    progress = rng.uniform(0.30, 0.55, n23)
    behind = rng.choice(np.flatnonzero(started), 9, replace=False)
    progress[behind] = rng.uniform(0.04, 0.15, len(behind))
    ramp_up = np.minimum(1.0, (4 - start23 + 3) / 4)  # projects that started in April have spent less
    invest23 = plan23 * progress * ramp_up * started

    # -- F4: one size factor for every amount of both lists ------------------------------------------
    factor = F4_INVESTMENT_2023_04 / invest23.sum()
    total22, plan22, invest22 = (np.round(x * factor, -1) for x in (total22, plan22, invest22))
    plan22 = np.minimum(plan22, total22)
    total23 = np.r_[total22[carried], np.round(total_new * factor, -1)]
    plan23 = np.minimum(np.round(plan23 * factor, -1), total23)
    invest23 = invest23 * factor
    invest23 *= F4_INVESTMENT_2023_04 / invest23.sum()

    p22 = pd.DataFrame({
        "year": 2022, "project_id": ids22, "name": _project_names(rng, chains22, county22, used),
        "county": county22, "chain_id": chains22, "kind": ["续建"] * n22_old + ["新建"] * n22_new,
        "planned_start": [f"2022-{m:02d}" for m in planned22],
        "actual_start": [None if ns else f"2022-{m:02d}" for m, ns in zip(start22, not_started22, strict=True)],
        "total_investment": total22, "annual_plan": plan22,
        "in_stats": ~not_started22 & ((np.arange(n22) < n22_old) | (rng.random(n22) < 0.95)),
    })
    p23 = pd.DataFrame({
        "year": 2023,
        "project_id": [ids22[k] for k in carried] + [f"XM2023-{k:03d}" for k in range(1, n_new + 1)],
        "name": list(p22["name"].iloc[carried]) + _project_names(rng, chains_new, county_new, used),
        "county": [county22[k] for k in carried] + county_new,
        "chain_id": [chains22[k] for k in carried] + chains_new,
        "kind": ["续建"] * F4_N_ONGOING_2023 + ["新建"] * n_new,
        "planned_start": [f"2023-{m:02d}" for m in planned23],
        "actual_start": [f"2023-{m:02d}" if s else None for m, s in zip(start23, started, strict=True)],
        "total_investment": total23, "annual_plan": plan23,
        "in_stats": (np.arange(n23) < F4_N_ONGOING_2023) | started & (rng.random(n23) < 0.9),
    })
    monthly22 = _project_months(ids22, 2022, 12, start22, not_started22, invest22, rng)
    monthly23 = _project_months(p23["project_id"], 2023, 4, start23, ~started, invest23, rng)
    # rounding: the residual cents go to the largest project's April value
    april = monthly23["period"] == "2023-04"
    big = monthly23.loc[april, "investment"].idxmax()
    resid = F4_INVESTMENT_2023_04 - monthly23.loc[april, "investment"].sum()
    monthly23.loc[big, "investment"] = round(monthly23.loc[big, "investment"] + resid, 2)

    projects = pd.concat([p22, p23], ignore_index=True)
    projects["in_stats"] = projects["in_stats"].astype(bool)
    monthly = pd.concat([monthly22, monthly23], ignore_index=True)
    return projects, monthly.sort_values(["project_id", "period"], ignore_index=True)


def _project_months(ids: Sequence[str], year: int, last_month: int, start: np.ndarray, not_started: np.ndarray,
                    total: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """YTD investment of each project, 2..last_month (no January row), ``total`` reached at last_month."""
    rows = []
    months = np.arange(1, last_month + 1)
    for pid, s, ns, tot in zip(ids, start, not_started, total, strict=True):
        w = np.where(months >= s, np.exp(rng.normal(0, 0.35, len(months))), 0.0)
        w = w * np.where(months <= 2, 0.6, 1.0)  # winter: little construction in January–February
        ytd = np.zeros(len(months)) if ns or w.sum() == 0 else np.cumsum(w / w.sum() * tot)
        for m in range(2, last_month + 1):
            rows.append((pid, f"{year}-{m:02d}", round(float(ytd[m - 1]), 2)))
    return pd.DataFrame(rows, columns=["project_id", "period", "investment"])


def _base_stations_table(seed: int) -> pd.DataFrame:
    """5G base stations in service at each month end, by county (F7)."""
    rng = _rng(seed, "stations")
    counties = list(COUNTIES)
    share = np.array([0.34, 0.27, 0.16, 0.12, 0.11])
    months = [f"{y}-{m:02d}" for y in (2021, 2022, 2023) for m in range(1, 13)][:28]
    # total stock: 2021-01 … 2022-12 reaches F7_STATIONS_2022_12, 2023-01 … 04 adds 72
    start = 468
    inc_a = rng.multinomial(F7_STATIONS_2022_12 - start, np.full(23, 1 / 23))
    inc_b = rng.multinomial(F7_STATIONS_2023_04 - F7_STATIONS_2022_12, np.full(4, 1 / 4))
    increments = np.r_[start, inc_a, inc_b]
    stock = np.zeros((len(counties), len(months)), int)
    for k, inc in enumerate(increments):
        add = rng.multinomial(int(inc), share)
        stock[:, k] = (stock[:, k - 1] if k else 0) + add
    rows = [(c, m, int(stock[i, k])) for i, c in enumerate(counties) for k, m in enumerate(months)]
    return pd.DataFrame(rows, columns=["county", "period", "stations"])


def _problems_table(codes: Sequence[str], seed: int) -> pd.DataFrame:
    """Problems raised by enterprises 2022-06 … 2023-04, every one closed by 2023-04-30 (F8)."""
    rng = _rng(seed, "problems")
    categories = {"要素保障": "市发展和改革委员会", "用地": "金澜市自然资源局", "用工": "金澜市人力资源和社会保障局",
                  "电力供应": "国网金澜供电公司", "融资": "金澜市金融工作办公室", "环评审批": "金澜市生态环境局",
                  "物流运输": "金澜市交通运输局", "市场拓展": "金澜市商务局", "技术人才": "金澜市科学技术局",
                  "能耗指标": "金澜市工业和信息化局"}
    texts = {"要素保障": "蒸汽供应不稳定，影响连续生产", "用地": "扩建项目用地指标尚未落实",
             "用工": "技术工人招聘困难", "电力供应": "新增负荷接入需增容",
             "融资": "流动资金贷款续贷困难", "环评审批": "技改项目环评批复进度慢",
             "物流运输": "铁路专用线运力不足", "市场拓展": "产品需拓展省外市场",
             "技术人才": "研发人员引进和职称评定", "能耗指标": "新建项目能耗指标需统筹"}
    cats = list(categories)
    start, end = dt.date(2022, 6, 1), dt.date(2023, 4, 20)
    span = (end - start).days
    rows = []
    raised = sorted(start + dt.timedelta(days=int(d)) for d in rng.integers(0, span + 1, F8_N_PROBLEMS))
    for k, day in enumerate(raised, start=1):
        cat = cats[rng.integers(len(cats))]
        due = day + dt.timedelta(days=int(rng.choice([15, 30, 30, 45, 60])))
        late = rng.random() < 0.15
        limit = (due - day).days
        took = int(rng.integers(limit + 3, limit + 40)) if late else int(rng.integers(2, limit + 1))
        closed = min(day + dt.timedelta(days=took), dt.date(2023, 4, 30))
        rows.append((f"WT{day:%Y%m}-{k:03d}", codes[rng.integers(len(codes))], day.isoformat(), cat,
                     categories[cat], due.isoformat(), closed.isoformat(), texts[cat]))
    return pd.DataFrame(rows, columns=["problem_id", "credit_code", "raised_date", "category", "department",
                                       "due_date", "closed_date", "description"])


SUPERVISION_TASKS = (
    ("产业链延伸", "编制12条细分产业链图谱和年度招商清单", "金澜市工业和信息化局"),
    ("产业链延伸", "推进镍钴新材料产业园二期基础设施建设", "金澜经济技术开发区管委会"),
    ("产业链延伸", "建立重点产业链企业物料平衡台账", "金澜市统计局"),
    ("产业链延伸", "引进铜箔、钛材下游精深加工企业", "金澜市投资促进局"),
    ("重大项目建设", "推动124个重点工业项目开复工", "金澜市发展和改革委员会"),
    ("重大项目建设", "完成三元前驱体项目设备安装调试", "澜西区人民政府"),
    ("重大项目建设", "落实重点项目用地和能耗指标", "金澜市自然资源局"),
    ("科技创新", "新培育省级专精特新中小企业10家", "金澜市工业和信息化局"),
    ("科技创新", "建设镍钴新材料省级技术创新中心", "金澜市科学技术局"),
    ("科技创新", "组织企业申报首台（套）重大技术装备", "金澜市工业和信息化局"),
    ("绿色低碳转型", "推进冶炼企业节能降碳技术改造", "金澜市工业和信息化局"),
    ("绿色低碳转型", "创建省级绿色工厂7家", "金澜市生态环境局"),
    ("绿色低碳转型", "开展重点用能企业能源审计", "金澜市发展和改革委员会"),
    ("数字化转型", "新建5G基站并推进工业互联网应用", "金澜市通信发展办公室"),
    ("数字化转型", "建设省级数字化车间和智能工厂", "金澜市工业和信息化局"),
    ("数字化转型", "上线规上工业企业运行监测平台", "金澜市大数据服务中心"),
    ("要素保障", "建立企业问题闭环办理机制", "金澜市营商环境建设局"),
    ("要素保障", "协调重点企业电力增容接入", "国网金澜供电公司"),
    ("要素保障", "开展规上工业企业用工对接服务", "金澜市人力资源和社会保障局"),
)


TASK_BATCHES = ((dt.date(2023, 1, 16), 10), (dt.date(2023, 3, 8), 6), (dt.date(2023, 4, 11), 3))
"""Issue dates (下达日期) of the supervision tasks and the number issued on each: the year's plan in January,
more tasks in March and April."""


def _task_batches(status: np.ndarray, rng: np.random.Generator) -> list[dt.date]:
    """Issue date of each task: a task done or overdue by 2023-04-30 was issued by March, a task due after
    June (open_later) after January; the batch sizes are ``TASK_BATCHES``."""
    (jan, _n_jan), (mar, n_mar), (apr, n_apr) = TASK_BATCHES
    issued: dict[int, dt.date] = {}
    late = [i for i in rng.permutation(len(status)) if status[i] in ("open_later", "yellow")]
    for i in late[:n_apr]:
        issued[int(i)] = apr
    rest = [int(i) for i in rng.permutation(len(status)) if int(i) not in issued]
    march = [i for i in rest if status[i] == "open_later"]
    march += [i for i in rest if status[i] != "open_later"][: n_mar - len(march)]
    for i in march:
        issued[i] = mar
    return [issued.get(i, jan) for i in range(len(status))]


def _supervision_tasks_table(seed: int) -> pd.DataFrame:
    """19 tasks in 6 areas, issued in batches from January to April 2023; as of 2023-04-30: 3 red,
    4 yellow, 12 blue (F9)."""
    rng = _rng(seed, "tasks")
    n = len(SUPERVISION_TASKS)
    status = np.array(["red"] * F9_N_RED + ["yellow"] * F9_N_YELLOW + ["done"] * 8
                      + ["open_later"] * (n - F9_N_RED - F9_N_YELLOW - 8))
    status = status[rng.permutation(n)]
    rows = []
    issued = _task_batches(status, rng)
    for k, ((area, task, unit), st, start) in enumerate(zip(SUPERVISION_TASKS, status, issued, strict=True),
                                                         start=1):
        done = None
        if st == "red":
            due = dt.date(2023, 3, 31) + dt.timedelta(days=int(rng.integers(0, 25)))
        elif st == "yellow":
            due = F9_AS_OF + dt.timedelta(days=int(rng.integers(3, 13)))
        elif st == "done":
            due = dt.date(2023, 3, 15) + dt.timedelta(days=int(rng.integers(0, 90)))
            done = min(due + dt.timedelta(days=int(rng.integers(-20, 8))), F9_AS_OF)
            done = max(done, start + dt.timedelta(days=10))
        else:
            due = dt.date(2023, 6, 30) + dt.timedelta(days=int(rng.choice([0, 92, 184])))
        rows.append((f"DB2023-{k:02d}", area, task, unit, start.isoformat(), due.isoformat(),
                     done.isoformat() if done else None))
    return pd.DataFrame(rows, columns=["task_id", "area", "task", "responsible_unit", "start_date", "due_date",
                                       "completed_date"])


def _recognitions_table(sim: _Simulation, seed: int) -> pd.DataFrame:
    """Recognitions 2021–2023; the 2023 counts are F10."""
    rng = _rng(seed, "recognitions")
    e = sim.ents
    present23 = e["last_year"].to_numpy() == 2023
    role = dict(zip(e["role"], e["credit_code"], strict=True))
    small = e.loc[present23 & ~e["is_key"].to_numpy() & (e["size"].to_numpy() < 40_000) &
                  e["chain_id"].notna().to_numpy(), "credit_code"].tolist()
    manufacturers = e.loc[present23 & ~np.isin(sim.division, ["06", "08", "09", "10", "44", "45", "46"]),
                          "credit_code"].tolist()
    rows = []
    pool = list(rng.permutation(small))
    for year, n in ((2021, 6), (2022, 8), (2023, F10_RECOGNITIONS_2023[("专精特新中小企业", "省级")])):
        for k in range(n):
            batch = "第二批" if year == 2022 and k >= ZJTX_2022_FIRST_BATCH else "第一批"
            rows.append((pool.pop(), year, "专精特新中小企业", "省级", f"{year}年{batch}"))
    rows.append((role["carbonyl_ni"], 2022, "专精特新小巨人", "国家级", "第四批"))
    rows.append((role["nickel_salt"], 2023, "世界一流示范企业", "国家级", None))
    picks = list(rng.permutation(manufacturers))
    for (kind, level), n in F10_RECOGNITIONS_2023.items():
        if kind in ("专精特新中小企业", "世界一流示范企业"):
            continue
        for _ in range(n):
            rows.append((picks.pop(), 2023, kind, level, "2023年"))
    for year, kind, level, n in ((2021, "绿色工厂", "国家级", 2), (2021, "绿色工厂", "省级", 4),
                                 (2022, "绿色工厂", "省级", 5), (2022, "绿色设计产品", "国家级", 1),
                                 (2022, "数字化车间", "省级", 2), (2022, "智能工厂", "省级", 1),
                                 (2021, "节水型企业", "省级", 2)):
        for _ in range(n):
            rows.append((picks.pop(), year, kind, level, f"{year}年"))
    df = pd.DataFrame(rows, columns=["credit_code", "year", "kind", "level", "batch"])
    df = df.sort_values(["year", "kind", "credit_code"], ignore_index=True)
    return df.assign(date=_recognition_dates(df, seed))


def _recognition_dates(df: pd.DataFrame, seed: int) -> list[str]:
    """认定日期 (YYYY-MM-DD): one date per batch of a kind and level, within its year and never after the
    data's last month (2023-04). Spring batches of 专精特新 SMEs in March–April, autumn ones in
    September–October, a 小巨人 batch in August, other recognitions March–December (January–April in 2023)."""
    rng = _rng(seed, "recognition dates")
    keys = [(int(y), k, lv, b if isinstance(b, str) else "") for y, k, lv, b in
            df[["year", "kind", "level", "batch"]].itertuples(index=False)]
    dates: dict[tuple, str] = {}
    for key in sorted(set(keys)):
        year, kind, _level, batch = key
        if kind == "专精特新中小企业":
            first, last = ((3, 10), (4, 20)) if batch.endswith("第一批") else ((9, 1), (10, 31))
        elif kind == "专精特新小巨人":
            first, last = (8, 1), (8, 31)
        elif year == LAST[0]:
            first, last = (1, 15), (LAST[1], 20)
        else:
            first, last = (3, 1), (12, 15)
        start = dt.date(year, *first)
        span = (dt.date(year, *last) - start).days
        dates[key] = (start + dt.timedelta(days=int(rng.integers(0, span + 1)))).isoformat()
    return [dates[key] for key in keys]


MATERIAL_FLOWS = (  # product, chain, supplier products, user products, local production, local use, rate
    ("电解铜", "C01", ("电解铜",), ("铜材", "铜箔", "电线电缆", "铜制品"), 150_000, 70_000, 0.78),
    ("硫酸", "C06", ("硫酸", "电解镍", "电解铜"), ("硫酸镍", "钛白粉", "三元前驱体", "钴盐"), 1_650_000, 950_000, 0.88),
    ("电解镍", "C02", ("电解镍",), ("镍基合金", "羰基镍粉", "三元前驱体"), 160_000, 22_000, 0.92),
    ("硫酸镍", "C02", ("硫酸镍",), ("三元前驱体",), 90_000, 60_000, 0.62),
    ("钴盐", "C03", ("钴盐",), ("三元前驱体",), 6_000, 14_000, 0.40),
    ("海绵钛", "C04", ("海绵钛",), ("钛材",), 15_000, 26_000, 0.55),
    ("液碱", "C07", ("液碱",), ("硫酸镍", "钛白粉", "三元前驱体", "钴盐"), 120_000, 300_000, 0.35),
    ("三元前驱体", "C08", ("三元前驱体",), ("锂离子电池",), 40_000, 9_000, 0.20),
)


def _material_flows_table(sim: _Simulation, seed: int) -> pd.DataFrame:
    """Chain-product flows of 2022 between local enterprises, from outside and to outside."""
    rng = _rng(seed, "flows")
    e = sim.ents[sim.ents["last_year"] >= 2022]
    rows = []
    for product, chain, sup_products, user_products, production, use, rate in MATERIAL_FLOWS:
        suppliers = e[e["product"].isin(sup_products)].nlargest(4, "size")["credit_code"].tolist()
        users = e[e["product"].isin(user_products)].nlargest(6, "size")["credit_code"].tolist()
        production *= rng.uniform(0.9, 1.1)
        use = min(use * rng.uniform(0.9, 1.1), 0.95 * production / rate)  # local deliveries ≤ production
        p_s = production * rng.dirichlet(np.full(len(suppliers), 2.0))
        d_u = use * rng.dirichlet(np.full(len(users), 2.0))
        local = rate * use
        for s, ps in zip(suppliers, p_s, strict=True):
            for u, du in zip(users, d_u, strict=True):
                if s != u:
                    rows.append((2022, product, chain, s, u, round(rate * du * ps / production, 2), "吨"))
            rows.append((2022, product, chain, s, None, round(ps - local * ps / production, 2), "吨"))
        for u, du in zip(users, d_u, strict=True):
            rows.append((2022, product, chain, None, u, round((1 - rate) * du, 2), "吨"))
    return pd.DataFrame(rows, columns=["year", "product", "chain_id", "supplier_code", "user_code", "quantity",
                                       "unit"])


def _targets_table(projects: pd.DataFrame) -> pd.DataFrame:
    plan = projects.groupby("year")["annual_plan"].sum()
    rows = [
        (2022, "va_growth", "city", 9.0, "%", "规上工业增加值增速年度目标"),
        (2023, "va_growth", "city", 10.0, "%", "规上工业增加值增速年度目标"),
        (2023, "chain_output_growth", "city", 15.0, "%", "“2+4”产业链群产值增速年度目标"),
        (2022, "energy_intensity_change", "city", -3.0, "%", "规上工业单位增加值能耗（当量值）年度目标"),
        (2023, "energy_intensity_change", "city", -3.0, "%", "规上工业单位增加值能耗（当量值）年度目标"),
        (2025, "energy_intensity_change_plan", "city", -13.5, "%", "“十四五”规划目标，以2020年为基期"),
        (2022, "investment", "city", round(float(plan[2022]), 2), "万元", "重点工业项目年度计划投资"),
        (2023, "investment", "city", round(float(plan[2023]), 2), "万元", "重点工业项目年度计划投资"),
    ]
    return pd.DataFrame(rows, columns=["year", "indicator", "scope", "value", "unit", "note"])


def _power_coal_rates_table() -> pd.DataFrame:
    source = "示例值（演示数据），请以官方公布值替换"
    return pd.DataFrame({"year": [2021, 2022, 2023], "gce_per_kwh": [302.5, 301.0, 300.0],
                         "source": source})


# ---------------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------------
def generate_demo_tables(seed: int = DEFAULT_SEED, *, recognition_dates: bool | None = None
                         ) -> dict[str, pd.DataFrame]:
    """Every input table of the demo city 金澜市, calibrated to the figures F1–F11 of SEED.md.

    Pure: no file is read or written. Values are already rounded as they are written (2 decimals).

    Parameters
    ----------
    seed : int
        Random seed; the same seed gives the same tables. The calibration targets hold for any seed.
    recognition_dates : bool, optional
        Whether ``recognitions`` carries its ``date`` column (认定日期). Default: when the data contract has
        the column. True adds it after the contract's columns even where the contract lacks it (the
        validator then reports it as unknown); False leaves it blank.

    Returns
    -------
    dict of str to pandas.DataFrame
        One frame per table of the data contract (``gxanalysis.data.schema.TABLES``), keyed by table name,
        with the contract's columns in the contract's order.

    Notes
    -----
    The figures and their definitions are listed in ``data/demo/README.md``. Growth follows
    INDICATORS.md §1.6 (same sample) and §2.3 (from levels).
    """
    sim, _factors = _simulate(seed)
    monthly = _enterprise_monthly_table(sim)
    enterprises = _enterprises_table(sim)
    targets_ent, behind = _enterprise_targets_table(monthly, sim, seed)
    projects, project_monthly = _projects_tables(seed)
    city_growth = _city_growth_table(monthly, seed)
    codes_recent = sorted(monthly.loc[monthly["period"] >= "2022-06", "credit_code"].unique())
    tables = {
        "cities": _cities_table(),
        "city_growth": city_growth,
        "province_growth": _province_growth_table(city_growth, seed),
        "chains": _chains_table(),
        "counties": _counties_table(),
        "enterprises": enterprises,
        "enterprise_monthly": monthly,
        "enterprise_targets": targets_ent,
        "targets": _targets_table(projects),
        "projects": projects,
        "project_monthly": project_monthly,
        "energy_by_fuel": _energy_by_fuel_table(monthly, sim, seed),
        "power_coal_rates": _power_coal_rates_table(),
        "problems": _problems_table(codes_recent, seed),
        "supervision_tasks": _supervision_tasks_table(seed),
        "base_stations": _base_stations_table(seed),
        "recognitions": _recognitions_table(sim, seed),
        "daily_records": _daily_records_table(monthly, behind, seed),
        "material_flows": _material_flows_table(sim, seed),
    }
    out = {}
    for table in TABLES:
        df = tables[table.name]
        missing = [c for c in table.column_names if c not in df.columns]
        if missing:  # pragma: no cover - a programming error, caught by the tests
            raise RuntimeError(f"demo table {table.name!r} lacks columns {missing}")
        out[table.name] = df[table.column_names].reset_index(drop=True)
    rec, in_contract = out["recognitions"], RECOGNITION_DATE in TABLES_BY_NAME["recognitions"].column_names
    if recognition_dates and not in_contract:
        out["recognitions"] = rec.assign(**{RECOGNITION_DATE: tables["recognitions"][RECOGNITION_DATE]})
    elif recognition_dates is False and in_contract:
        out["recognitions"] = rec.assign(**{RECOGNITION_DATE: None})
    return out


def _format_cell(value: object, dtype: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if dtype == "float":
        text = f"{float(value):.2f}".rstrip("0")
        text = text + "0" if text.endswith(".") else text
        return "0.0" if text == "-0.0" else text
    if dtype in ("int", "year"):
        return str(int(value))
    if dtype == "bool":
        return "true" if bool(value) else "false"
    return str(value)


def _write_csv(df: pd.DataFrame, table: Table, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(list(df.columns))
        dtype_of = {c.name: c.dtype for c in table.columns}
        dtypes = [dtype_of.get(c, "str") for c in df.columns]
        for record in df.itertuples(index=False, name=None):
            writer.writerow([_format_cell(v, d) for v, d in zip(record, dtypes, strict=True)])


def write_demo_data(out_dir: Path | None = None, *, seed: int = DEFAULT_SEED,
                    recognition_dates: bool | None = None) -> Path:
    """Generate the demo city and write one CSV per table plus ``README.md`` to ``out_dir``.

    Parameters
    ----------
    out_dir : pathlib.Path, optional
        Destination folder (created if needed); default ``gxanalysis.config.demo_data_dir()``.
    seed : int
        Random seed (default 20230430, the seed of the committed files).
    recognition_dates : bool, optional
        See :func:`generate_demo_tables` (default: write ``recognitions.date`` when the contract has it).

    Returns
    -------
    pathlib.Path
        The folder written. Files are UTF-8 without BOM with ``\\n`` line ends; the same seed gives the
        same bytes.
    """
    out = Path(out_dir) if out_dir is not None else config.demo_data_dir()
    out.mkdir(parents=True, exist_ok=True)
    tables = generate_demo_tables(seed, recognition_dates=recognition_dates)
    for table in TABLES:
        _write_csv(tables[table.name], table, out / f"{table.name}.csv")
    (out / "README.md").write_text(_readme(tables, seed), encoding="utf-8", newline="\n")
    return out


def _readme(tables: dict[str, pd.DataFrame], seed: int) -> str:
    ents = tables["enterprises"]
    monthly = tables["enterprise_monthly"]
    n_apr = int((monthly["period"] == "2023-04").sum())
    counts = {name: len(df) for name, df in tables.items()}
    table_lines = "\n".join(f"| `{name}.csv` | {n:,} |" for name, n in counts.items())
    prov = tables["province_growth"].set_index("period")["va_growth_ytd"]
    home = tables["city_growth"]
    home = home[home["city"] == HOME_CITY].set_index("period")["va_growth_ytd"]
    f12 = (f"1–4月 2023: {prov['2023-04']:.1f}%, so 金澜市 ({home['2023-04']:.1f}%) is "
           f"{home['2023-04'] - prov['2023-04']:.1f} points above the province (高于全省)")
    return README_TEMPLATE.format(seed=seed, n_ents=len(ents), n_apr=n_apr,
                                  n_key=int(ents["is_key"].sum()), n_chain=int(ents["chain_id"].notna().sum()),
                                  n_capacity=int(ents["design_capacity"].notna().sum()), tables=table_lines,
                                  f12=f12)


README_TEMPLATE = """\
# The demo city 金澜市 (Jinlan)

**Everything in this folder is fictional.** 金澜市 is an invented non-ferrous-metals city in the invented
西凉省 (Xiliang province, 14 prefecture-level cities). Its enterprises, credit codes, projects, people and
places are made up; the credit codes pass the GB 32100-2015 check digit but use an unassigned region code
(66xxxx). Only the city's headline figures are real: they are calibrated to the figures F1–F11 of a real
municipal Industry and IT Bureau's May-2023 report, so that gxanalysis can be run and tested end to end
without confidential data.

- {n_ents} above-scale industrial enterprises in the directory ({n_apr} in the sample at 2023-04), of which
  {n_key} key enterprises (骨干企业, e.g. a titanium-chemicals maker, a solar-module maker and a nickel-salt
  maker) and {n_chain} in the 12 sub-chains of the "2+4" cluster; {n_capacity} have a design capacity.
- 5 counties/districts: 澜东区, 澜西区, 永宁县, 河清县, 石峡县.
- Monthly data 2021-02 … 2023-04 (5G stations from 2021-01; key projects, enterprise targets and daily
  records from 2022) under the conventions of `gxanalysis/data/schema.py`: year-to-date
  values, no January rows (the February row is 1–2月), same-sample bases (a continuing enterprise's base
  is its own year-to-date value a year earlier; new plants have base 0; firms growing above the threshold
  (小升规) bring their own base; exits happen at year end and leave no later rows).

## Regenerate

```
gx demo-data                 # writes data/demo (seed {seed})
gx demo-data --out DIR --seed N
```

The generator is `gxanalysis/data/demo.py` (`write_demo_data`, `generate_demo_tables`). The same seed
gives byte-identical files (UTF-8 without BOM, `\\n` line ends, values rounded to 2 decimals). The
calibration is solved by scaling whole years of single-month values of groups of enterprises, so the
figures below hold for every seed.

## Calibrated figures and their definitions

All figures are computed from the written CSV values.

| # | Definition | Value |
|---|---|---|
| F1 | Σ `value_added` / Σ `value_added_base` − 1 over all `enterprise_monthly` rows of 2023-04 | 15.1% |
| F2 | `city_growth`: every city, every release 2021-02 … 2023-04 (no January rows; `va_growth_month` blank in February). 金澜市's `va_growth_ytd` is F1's formula at each release rounded half up to 1 decimal; its `va_growth_month` is the growth of the differenced levels (March on). Ranked on the published `va_growth_ytd`, 金澜市 is strictly first at every release 2022-02 … 2023-04 and second at 2021-12 | first for 16 months (14 releases; 1–2月 counts as two months) |
| F3 | 达产率 variant A: for each enterprise with `design_capacity` > 0, `product_output`(2023-04, YTD) / (`design_capacity` × 4/12) × 100; simple mean | 98.0% |
| F4 | `projects` of 2023: rows; start-or-resume rate = projects with `actual_start` ≤ 2023-04 among (续建 + 新建 with `planned_start` ≤ 2023-04); Σ `project_monthly.investment` at 2023-04 | 124; 84 / 100 = 84%; 301,000 万元 = 30.1亿元 |
| F5 | Enterprises with a `chain_id`, 2023-04: Σ `gross_output`; Σ `gross_output` / Σ `gross_output_base` − 1 | 4,179,000 万元 = 417.9亿元; 22.4% |
| F6 | 2022-12, all enterprises: (Σ `energy` / Σ `energy_base`) / (Σ `value_added` / Σ `value_added_base`) − 1, energy on the 当量值 basis | −6.0% |
| F7 | `base_stations`: Σ `stations` over counties at 2023-04; at 2022-12 | 1,075; 1,003 (72 new in 2023) |
| F8 | `problems` raised 2022-06 … 2023-04; closed by 2023-04-30 | 91; 91 |
| F9 | `supervision_tasks` issued (`start_date`) by 2023-04-30, as of that day (6 areas): red = open and `due_date` before 2023-04-30; yellow = open and due within 15 days; blue = done, or open and due later | 19 = 3 red + 4 yellow + 12 blue |
| F10 | `recognitions` of 2023: 专精特新中小企业 省级; also 世界一流示范企业 国家级 (the nickel-salt maker) 1, 绿色工厂 省级 7, 节水型企业 省级 2, 绿色设计产品 省级 1, 数字化车间 省级 1 | 10 |
| F11 | `enterprise_targets` 2023: completion = `gross_output`(YTD 2023-04) / `output_target` × 100, gap = completion − 4/12 × 100; enterprises behind (gap < 0) are monitored daily (`daily_records`), key enterprises weekly, all monthly | 32 behind |
| F12 | `province_growth`: the province's published growth at every release of `city_growth`: the cities' published growth weighted by fixed, fictional shares of the province's value added (金澜市 9%), rounded half up to 1 decimal; `va_growth_month` blank in February | {f12} |

## Every month

The figures above are those of 2023-04. Every complete month 2022-02 … 2023-04 (a month with
`enterprise_monthly`, `city_growth` and `project_monthly` rows; 2021 has no project list) gives figures of
the same kind a bureau would recognise:

| Tables | At every month |
|---|---|
| `enterprise_monthly`, `city_growth` | Year-to-date value-added growth 11–13% through 2022 (12.8% for the year) and 15–16% in 2023; 金澜市 first in the province at every release from 2022-02 (second at 2021-12). Chain output grows 17–20% in 2022. Energy per unit of value added: about −6% year to date in every month of 2022 (F6 scales the whole year), about −4% for 2021, −1% to −3% year to date in 2023. 达产率 rises from 70–85% at 1–2月 to about 100% in December |
| `enterprise_targets`, `daily_records` | The targets of 2022 and 2023 put about 15% of the month's sample behind schedule at the 1–2月 release, 12% in March, 10% in April, falling to about 5% in December 2022 (slow starters catch up; about one enterprise in twenty misses its annual target); at 2023-04 exactly the 32 of F11. The Spring-Festival dip puts 1–2月 output at about 12–13% of a year's against a time progress of 16.7%, so the enterprises on schedule from 1–2月 complete about 135–150% of their target by December. Every enterprise behind schedule at a month reports every day of that month, and its days add up to the month's output and electricity (differenced year-to-date values; at the 1–2月 release the days run from 1 January and add up to the 1–2月 values) |
| `projects`, `project_monthly` | 2022 list: 110 projects, 45 续建 due to resume January–March and 65 新建 planned January–September (5 never start); 开复工率 about 60% at 1–2月, 85–90% in spring, about 95% from October; investment about 3% of the annual plan at 1–2月, about 90% in December. 2023: 65% at 1–2月, 84% in April (F4) |
| `problems` | The ledger opens in June 2022 (no problems raised 2022-02 … 05); a month's newest problems are still open at its end, so the closure rate is below 100% until 2023-04 (F8) |
| `supervision_tasks` | The 19 tasks are the 2023 plan, issued in three batches: 10 on 2023-01-16, 6 on 2023-03-08, 3 on 2023-04-11 (10, 16 and 19 tasks at the ends of February, March and April). There are none in 2022: every task issued by a month counts at that month, so tasks of 2022 would change F9 |
| `base_stations` | The stock grows every month: 468 at 2021-01, 1,003 at 2022-12, 1,075 at 2023-04 |
| `recognitions` | Dated by batch (认定日期, `date`, written when the data contract has the column): provincial 专精特新 SMEs 6 in spring 2021, 5 in spring and 3 in autumn 2022, 10 in March–April 2023; the other recognitions of 2023 by April |
| `targets` | 2022: value-added growth target 9.0%, so the growth the remaining months need falls below zero in the autumn (the target is secured); 2023: 10.0% |

Other tables: `energy_by_fuel` (the 40 largest energy users; quantities convert with GB/T 2589-2008
coefficients — 原煤 0.7143, 焦炭 0.9714, 柴油 1.4571 kgce/kg, 天然气 12.143 tce/万m³, 电力 当量值
1.229 tce/万kWh — to their `energy` within 0.05 tce), `power_coal_rates` (illustrative values only:
replace them with the official figures), `targets` (2023 va_growth 10.0%, chain_output_growth 15.0%,
energy_intensity_change −3.0% for 2022 and 2023, the 14th Five-Year Plan −13.5% for 2025 against 2020,
investment = Σ annual plans of the year's projects), `material_flows` (2022 flows of chain products
between local enterprises, from and to outside the city).

## Files

| File | Rows |
|---|---|
{tables}
"""
