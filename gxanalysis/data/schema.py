"""The data contract: every input table the bureau supplies, in code.

This module is the single source of truth for table names, columns, Chinese headers, types, units, keys,
foreign keys and value rules. ``data/README.md`` documents the same contract for people, the Excel
templates (``data/templates/*.xlsx``) are generated from it, the loader maps Chinese headers to the
English column names with it, and validation checks every rule listed here.

Period conventions
------------------
* Months are ``YYYY-MM``; dates are ``YYYY-MM-DD``.
* Monthly enterprise and project figures are **year-to-date cumulative** values (本年累计, 1–N月), as the
  statistical direct-reporting system gives them: the row for ``2023-04`` holds January–April. Single-month
  values are derived by differencing consecutive cumulative values of the same year.
* January–February combined release: a January row is optional. Where it is absent, the first row of
  the year is February and holds 1–2月. Cumulative values never decrease within a year (except profit,
  which may be negative).
* ``*_base`` columns hold the same-sample base (同口径上年同期累计): last year's value for the same
  period and the same enterprise, as the statistics bureau supplies it. A plant that started production
  this year (新建投产) has base 0; an enterprise that grew above the threshold (小升规) brings its own
  base. The enterprises present at a period are that period's sample.
* Within a year, an enterprise or project that has rows has one for every month from its first to the
  last month of the table in that year (no gaps, no silent exits); every city has a ``city_growth`` row
  at every release month and every county a ``base_stations`` row at every month (:attr:`Table.panel`).

Ranges
------
Every numeric column has a minimum and a maximum (:attr:`Column.min`, :attr:`Column.max`): the sign rule
and a bound far above any real value, so that an overflow such as ``1e300`` is refused with the valid range
(a money value of one enterprise or project: at most 1,000,000,000 万元 = 10 万亿元).

Counties
--------
County names (``enterprises.county``, ``projects.county``, ``base_stations.county`` and a county
``targets.scope``) come from the table ``counties`` when it is supplied; without it the counties of
``enterprises`` are the reference. Names are compared exactly: a variant spelling (traditional characters,
a missing 区/县, a typo) is an error that names the closest known county.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DType = Literal["str", "int", "float", "bool", "month", "date", "credit_code", "year"]


@dataclass(frozen=True)
class Column:
    """One column of an input table.

    Attributes
    ----------
    name : str
        Column name in CSV files and in code (English, snake_case).
    zh : str
        Chinese header used in the Excel templates; accepted by the loader as an alias.
    dtype : str
        ``str``, ``int``, ``float``, ``bool`` (是/否, true/false, 1/0), ``month`` (YYYY-MM),
        ``date`` (YYYY-MM-DD), ``year`` (YYYY) or ``credit_code`` (统一社会信用代码, GB 32100-2015,
        check digit verified).
    unit : str
        Unit of the values ("" for none), e.g. ``万元``, ``tce``, ``万kWh``, ``%``.
    description : str
        What the column holds.
    required : bool
        Whether every row must have a value.
    min, max : float, optional
        Sign and range rules (inclusive).
    allowed : tuple of str, optional
        The values allowed in a categorical column.
    references : tuple (table, column), optional
        Foreign key: every value must appear in that column of that table.
    cumulative : bool
        A year-to-date value that must not decrease from one month to the next within a year.
    base : str, optional
        For a year-to-date value, the column holding its same-sample base (同口径上年同期), compared with it
        by the unit-slip check.
    """

    name: str
    zh: str
    dtype: DType
    unit: str = ""
    description: str = ""
    required: bool = True
    min: float | None = None
    max: float | None = None
    allowed: tuple[str, ...] | None = None
    references: tuple[str, str] | None = None
    cumulative: bool = False
    base: str | None = None


@dataclass(frozen=True)
class Table:
    """One input table (one CSV or XLSX file named ``<name>.csv`` / ``<name>.xlsx``).

    Attributes
    ----------
    group_for_cumulative : tuple of str
        The columns that identify one series of year-to-date values (an enterprise, a project): its
        cumulative columns must not decrease within a year, and its months must have no gap.
    panel : str, optional
        A unit column (city, county) for which every unit has a row at every period of the table: the
        figures of a period sum or rank over the units, so a missing row would change them.
    jan_feb_combined : bool
        January rows are optional (the 1–2月 rule): a period table's months are complete without them.
    """

    name: str
    zh: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    required: bool = True
    period_column: str | None = None
    period_convention: str = ""
    group_for_cumulative: tuple[str, ...] = field(default_factory=tuple)
    panel: str | None = None
    jan_feb_combined: bool = False

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"table {self.name!r} has no column {name!r}")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def header_aliases(self) -> dict[str, str]:
        """Map from every accepted header (English name, Chinese header) to the English name."""
        out: dict[str, str] = {}
        for c in self.columns:
            out[c.name] = c.name
            out[c.zh] = c.name
        return out


YTD = "year-to-date cumulative (本年累计); first row of a year may be 1–2月 (February)"

_ENT_FK = ("enterprises", "credit_code")
_COUNTY_FK = ("counties", "county")

MAX_MONEY = 1e9
"""Upper bound of a money value (万元) of one enterprise or project: 10 万亿元, far above any real one."""
MAX_GROWTH = 1000.0
"""Upper bound of a growth rate in percent (an eleven-fold rise)."""

_RELEASED_GROWTH = (
    Column("period", "月份", "month", description="Release month; 2023-02 is the 1–2月 release"),
    Column("va_growth_ytd", "累计增速", "float", "%", "Year-to-date real growth (1–N月), as published",
           min=-100, max=MAX_GROWTH),
    Column("va_growth_month", "当月增速", "float", "%", "Single-month real growth; blank for 1–2月 releases",
           required=False, min=-100, max=MAX_GROWTH),
)
"""The columns of a growth release of the provincial statistics bureau (``city_growth``, ``province_growth``)."""

TABLES: tuple[Table, ...] = (
    Table(
        "cities", "全省各市", "The province's prefecture-level cities: the comparison set for rankings.",
        (
            Column("city", "城市", "str", description="City name as published"),
            Column("province", "省份", "str", description="Province"),
            Column("is_home", "是否本市", "bool", description="True for exactly one city: ours"),
        ),
        key=("city",),
    ),
    Table(
        "city_growth", "全省各市规上工业增加值增速", "Official growth of above-scale industrial value added, "
        "every city of the province, as released by the provincial statistics bureau.",
        (
            Column("city", "城市", "str", references=("cities", "city")),
            *_RELEASED_GROWTH,
        ),
        key=("city", "period"), period_column="period",
        period_convention="one row per city and release month; no January rows (Jan–Feb combined)",
        panel="city", jan_feb_combined=True,
    ),
    Table(
        "province_growth", "全省规上工业增加值增速", "Official growth of the whole province's above-scale "
        "industrial value added, as released by the provincial statistics bureau with the cities' figures: "
        "the province average that the city is compared with (高于/低于全省X个百分点).",
        (
            *_RELEASED_GROWTH,
        ),
        key=("period",), required=False, period_column="period",
        period_convention="one row per release month; no January rows (Jan–Feb combined)",
        jan_feb_combined=True,
    ),
    Table(
        "chains", "产业链", "The \"2+4\" industrial-chain cluster: groups and their sub-chains (细分产业链).",
        (
            Column("chain_id", "细分产业链代码", "str", description="Short code, e.g. C01"),
            Column("chain_name", "细分产业链", "str"),
            Column("group_id", "产业链群代码", "str", description="Group code, e.g. G1"),
            Column("group_name", "产业链群", "str"),
            Column("group_kind", "链群类别", "str", allowed=("2", "4"),
                   description="'2' for the two pillar groups, '4' for the four emerging groups"),
            Column("lead_unit", "链长单位", "str", required=False, description="Lead unit (链长制)"),
        ),
        key=("chain_id",),
    ),
    Table(
        "counties", "县区", "The counties and districts (县、区) of the city: the reference for every county "
        "name in the other tables. Optional: without it, the counties of enterprises are the reference.",
        (
            Column("county", "县区", "str", description="Name as used in every other table, e.g. 澜东区"),
            Column("division_code", "行政区划代码", "str", required=False,
                   description="6-digit administrative division code (GB/T 2260)"),
        ),
        key=("county",), required=False,
    ),
    Table(
        "enterprises", "企业名录", "Above-scale industrial enterprises (规上工业企业) and their attributes.",
        (
            Column("credit_code", "统一社会信用代码", "credit_code",
                   description="18-character unified social credit code (GB 32100-2015), check digit verified"),
            Column("name", "企业名称", "str"),
            Column("county", "所在县区", "str", references=_COUNTY_FK),
            Column("industry_code", "行业代码", "str",
                   description="GB/T 4754-2017 division (2 digits) or class (4 digits)"),
            Column("chain_id", "所属细分产业链", "str", required=False, references=("chains", "chain_id"),
                   description="Sub-chain the enterprise belongs to; blank if none"),
            Column("is_key", "是否骨干企业", "bool", description="Key enterprise (骨干企业), scheduled weekly"),
            Column("product", "主要产品", "str", required=False),
            Column("design_capacity", "设计产能", "float", "", "Design annual capacity of the main product, "
                   "in capacity_unit (设计能力)", required=False, min=0, max=1e12),
            Column("capacity_unit", "产能单位", "str", required=False, description="e.g. 吨, 万吨, 兆瓦"),
            Column("design_output_value", "达产后年产值", "float", "万元",
                   "Annual output value at full production (for 达产率 variant B)", required=False, min=0,
                   max=MAX_MONEY),
        ),
        key=("credit_code",),
    ),
    Table(
        "enterprise_monthly", "企业月度数据", "Monthly figures of each enterprise, year to date, with "
        "the same-sample base (同口径上年同期) supplied by the statistics bureau.",
        (
            Column("credit_code", "统一社会信用代码", "credit_code", references=_ENT_FK),
            Column("period", "月份", "month"),
            Column("gross_output", "工业总产值", "float", "万元", "Gross industrial output value, current "
                   "prices, YTD", min=0, max=MAX_MONEY, cumulative=True, base="gross_output_base"),
            Column("gross_output_base", "工业总产值上年同期", "float", "万元", "Same-sample base, YTD",
                   min=0, max=MAX_MONEY, cumulative=True),
            Column("value_added", "工业增加值(可比价)", "float", "万元", "Industrial value added at comparable "
                   "prices (base-year prices), YTD", min=0, max=MAX_MONEY, cumulative=True,
                   base="value_added_base"),
            Column("value_added_base", "工业增加值上年同期", "float", "万元",
                   "Same-sample base, YTD (last year's current prices = comparable prices)", min=0,
                   max=MAX_MONEY, cumulative=True),
            Column("product_output", "主要产品产量", "float", "", "Main product output, in the enterprise's "
                   "capacity_unit, YTD", required=False, min=0, max=1e12, cumulative=True),
            Column("revenue", "营业收入", "float", "万元", "Operating revenue, YTD", required=False, min=0,
                   max=MAX_MONEY, cumulative=True, base="revenue_base"),
            Column("revenue_base", "营业收入上年同期", "float", "万元", required=False, min=0, max=MAX_MONEY,
                   cumulative=True),
            Column("profit", "利润总额", "float", "万元", "Total profit, YTD (may be negative)", required=False,
                   min=-MAX_MONEY, max=MAX_MONEY),
            Column("profit_base", "利润总额上年同期", "float", "万元", required=False, min=-MAX_MONEY,
                   max=MAX_MONEY),
            Column("electricity", "用电量", "float", "万kWh", "Electricity consumed, YTD", required=False,
                   min=0, max=1e8, cumulative=True, base="electricity_base"),
            Column("electricity_base", "用电量上年同期", "float", "万kWh", required=False, min=0, max=1e8,
                   cumulative=True),
            Column("energy", "综合能源消费量", "float", "tce", "Comprehensive energy consumption, 当量值 "
                   "basis, YTD", required=False, min=0, max=1e9, cumulative=True, base="energy_base"),
            Column("energy_base", "综合能源消费量上年同期", "float", "tce", required=False, min=0, max=1e9,
                   cumulative=True),
        ),
        key=("credit_code", "period"), period_column="period", period_convention=YTD,
        group_for_cumulative=("credit_code",), jan_feb_combined=True,
    ),
    Table(
        "enterprise_targets", "企业年度目标", "Annual gross-output targets of enterprises (for 序时进度 "
        "monitoring).",
        (
            Column("credit_code", "统一社会信用代码", "credit_code", references=_ENT_FK),
            Column("year", "年份", "year"),
            Column("output_target", "年度产值目标", "float", "万元", "Annual gross output value target",
                   min=0, max=MAX_MONEY),
        ),
        key=("credit_code", "year"),
    ),
    Table(
        "targets", "年度目标", "Annual targets of the city, a chain or a county.",
        (
            Column("year", "年份", "year"),
            Column("indicator", "指标", "str", allowed=(
                "va_growth", "chain_output_growth", "energy_intensity_change", "investment",
                "energy_intensity_change_plan")),
            Column("scope", "范围", "str", description="'city', a chain_id, a group_id or a county"),
            Column("value", "目标值", "float", description="Target value in the unit given (a percentage "
                   "between -100 and 1000)", min=-1e10, max=1e10),
            Column("unit", "单位", "str", allowed=("%", "万元", "亿元", "tce")),
            Column("note", "说明", "str", required=False),
        ),
        key=("year", "indicator", "scope"),
    ),
    Table(
        "projects", "重点项目", "Key industrial projects (重点工业项目) in each year's list.",
        (
            Column("year", "年份", "year", description="Year of the project list"),
            Column("project_id", "项目编号", "str"),
            Column("name", "项目名称", "str"),
            Column("county", "所在县区", "str", references=_COUNTY_FK),
            Column("chain_id", "所属细分产业链", "str", required=False, references=("chains", "chain_id")),
            Column("kind", "建设性质", "str", allowed=("新建", "续建"),
                   description="新建 (new; counts in 开工率) or 续建 (ongoing; counts in 复工率)"),
            Column("planned_start", "计划开(复)工月份", "month"),
            Column("actual_start", "实际开(复)工月份", "month", required=False,
                   description="Month the project started (新建) or resumed (续建); blank if not yet"),
            Column("total_investment", "总投资", "float", "万元", min=0, max=MAX_MONEY),
            Column("annual_plan", "年度计划投资", "float", "万元", min=0, max=MAX_MONEY),
            Column("in_stats", "是否入库纳统", "bool", description="Registered in the investment statistics"),
        ),
        key=("year", "project_id"),
    ),
    Table(
        "project_monthly", "项目月度投资", "Completed investment of key projects, year to date.",
        (
            Column("project_id", "项目编号", "str"),
            Column("period", "月份", "month"),
            Column("investment", "本年完成投资", "float", "万元", "Investment completed this year, YTD",
                   min=0, max=MAX_MONEY, cumulative=True),
        ),
        key=("project_id", "period"), period_column="period", period_convention=YTD,
        group_for_cumulative=("project_id",), jan_feb_combined=True,
    ),
    Table(
        "energy_by_fuel", "分品种能源消费", "Energy consumption by fuel of major energy users, in "
        "physical units, year to date (for conversion to tce on either basis).",
        (
            Column("credit_code", "统一社会信用代码", "credit_code", references=_ENT_FK),
            Column("period", "月份", "month"),
            Column("fuel", "能源品种", "str", description="As named in the coefficient table, e.g. 原煤, "
                   "天然气, 电力"),
            Column("quantity", "消费量", "float", "", "Quantity in the unit column, YTD", min=0, max=1e13,
                   cumulative=True),
            Column("unit", "计量单位", "str", allowed=("吨", "万立方米", "万kWh", "GJ", "立方米", "kWh", "千克")),
        ),
        key=("credit_code", "period", "fuel"), period_column="period", period_convention=YTD,
        group_for_cumulative=("credit_code", "fuel"), required=False, jan_feb_combined=True,
    ),
    Table(
        "power_coal_rates", "火电供电煤耗", "Coal consumption of thermal power supply per year, for "
        "electricity on the 等价值 (equal-value) basis. Supply the official figure for each year.",
        (
            Column("year", "年份", "year"),
            Column("gce_per_kwh", "供电煤耗", "float", "gce/kWh", min=200, max=500),
            Column("source", "来源", "str"),
        ),
        key=("year",), required=False,
    ),
    Table(
        "problems", "企业问题台账", "Problems raised by enterprises, assigned and followed until closed.",
        (
            Column("problem_id", "问题编号", "str"),
            Column("credit_code", "统一社会信用代码", "credit_code", references=_ENT_FK),
            Column("raised_date", "提出日期", "date"),
            Column("category", "问题类别", "str", required=False),
            Column("department", "责任部门", "str"),
            Column("due_date", "办结时限", "date"),
            Column("closed_date", "办结日期", "date", required=False, description="Blank while open"),
            Column("description", "问题描述", "str", required=False),
        ),
        key=("problem_id",),
    ),
    Table(
        "supervision_tasks", "督办任务", "Key tasks under supervision (督查督办), rated red/yellow/blue.",
        (
            Column("task_id", "任务编号", "str"),
            Column("area", "领域", "str"),
            Column("task", "任务内容", "str"),
            Column("responsible_unit", "责任单位", "str"),
            Column("start_date", "下达日期", "date"),
            Column("due_date", "完成时限", "date"),
            Column("completed_date", "完成日期", "date", required=False, description="Blank while open"),
        ),
        key=("task_id",),
    ),
    Table(
        "base_stations", "5G基站", "5G base stations in service at the end of each month, by county.",
        (
            Column("county", "县区", "str", references=_COUNTY_FK),
            Column("period", "月份", "month"),
            Column("stations", "5G基站总数", "int", "个", "Stations in service at month end (a stock)", min=0,
                   max=1e6),
        ),
        key=("county", "period"), period_column="period",
        period_convention="stock at the end of each month (not cumulative flows)", panel="county",
    ),
    Table(
        "recognitions", "荣誉认定", "Recognitions of enterprises (专精特新, green factory, …).",
        (
            Column("credit_code", "统一社会信用代码", "credit_code", references=_ENT_FK),
            Column("year", "年份", "year"),
            Column("kind", "认定类别", "str", allowed=(
                "专精特新中小企业", "专精特新小巨人", "绿色工厂", "节水型企业", "绿色设计产品", "数字化车间",
                "智能工厂", "世界一流示范企业")),
            Column("level", "级别", "str", allowed=("国家级", "省级", "市级")),
            Column("batch", "批次", "str", required=False),
            Column("date", "认定日期", "date", required=False,
                   description="Date of the recognition (认定/公布日期), in the year of `year`; when given, "
                   "recognitions are counted from this date"),
        ),
        key=("credit_code", "year", "kind", "level"),
    ),
    Table(
        "daily_records", "日调度数据", "Daily output of enterprises under daily monitoring (日调度).",
        (
            Column("credit_code", "统一社会信用代码", "credit_code", references=_ENT_FK),
            Column("date", "日期", "date"),
            Column("output_value", "当日产值", "float", "万元", min=0, max=1e7),
            Column("electricity", "当日用电量", "float", "万kWh", required=False, min=0, max=1e6),
        ),
        key=("credit_code", "date"), required=False,
    ),
    Table(
        "material_flows", "产业链物料流向", "Material flows of chain products between enterprises "
        "(for the chain material balance, 物料平衡).",
        (
            Column("year", "年份", "year"),
            Column("product", "产品", "str"),
            Column("chain_id", "所属细分产业链", "str", references=("chains", "chain_id")),
            Column("supplier_code", "供方统一社会信用代码", "credit_code", required=False,
                   references=_ENT_FK, description="Local supplier; blank = supplied from outside the city"),
            Column("user_code", "需方统一社会信用代码", "credit_code", required=False,
                   references=_ENT_FK, description="Local user; blank = sold outside the city"),
            Column("quantity", "数量", "float", min=0, max=1e12),
            Column("unit", "单位", "str"),
        ),
        key=("year", "product", "supplier_code", "user_code"), required=False,
    ),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}

CONFIRMATIONS = Table(
    "confirmations", "数据确认", "The analyst's confirmations of values that validation doubts: a value "
    "about 10,000 times its base or its neighbouring months (a unit slip: 元 for 万元, 亿元 for 万元), an "
    "implausible change, an enterprise that leaves the sample during a year, a required table that is empty "
    "this period. Kept beside the data as confirmations.csv (or .xlsx); not a table of the bureau's data. "
    "A confirmed doubt is not reported again; the loaded dataset lists every confirmation used.",
    (
        Column("table", "表名", "str", description="Table of the value, e.g. enterprise_monthly"),
        Column("key", "主键", "str", required=False, description="The row's key values in the table's key "
               "order, separated by |, e.g. 91660302000879078W|2023-04; blank for the whole table"),
        Column("column", "列名", "str", required=False, description="Column of the value (English name); "
               "blank for the whole row or table"),
        Column("value", "确认值", "str", required=False, description="The value as it stands in the file; "
               "when given, the confirmation lapses if the value changes"),
        Column("note", "确认说明", "str", description="Why the value is right (who checked, against what)"),
    ),
    key=("table", "key", "column"), required=False,
)
"""The analyst's confirmations file (``confirmations.csv``): the documented way to accept a value that
validation doubts. Not one of :data:`TABLES`."""


def table(name: str) -> Table:
    """The contract of one table, by file stem (e.g. ``"enterprise_monthly"``)."""
    try:
        return TABLES_BY_NAME[name]
    except KeyError:
        raise KeyError(f"no table {name!r} in the data contract; known tables: {', '.join(TABLES_BY_NAME)}") \
            from None
