"""Sections of the energy-intensity report (能耗强度分析).

Energy use of above-scale industry (综合能源消费量, tce) and the change of energy per unit of value added at
comparable prices (单位工业增加值能耗) for the last full year and the year to date, against the year's target
and the five-year plan; by industry division; the LMDI decomposition of the change in energy use into
activity, structure and intensity effects; the largest energy users; a check of the major users' reported
energy against their fuel quantities; and the annual decline still required to meet the plan
(INDICATORS.md §5.4, §7.2–7.5).

Every figure is computed from the enterprises' reported energy by
:func:`gxanalysis.indicators.energy.energy_levels` on the report's basis (parameter ``electricity_basis``):

* ``"equivalent"`` (当量值): the energy as reported (electricity at 0.1229 kgce/kWh);
* ``"equal"`` (等价值): the electricity in it revalued at the year's thermal-power coal rate (供电煤耗, table
  ``power_coal_rates`` — never a constant).

So the overview's headline change (当量值) and this report's always agree. The fuel-by-fuel data of the
major users (``energy_by_fuel``) are converted with the chosen coefficient table (``coefficient_version``)
only in the check section :func:`fuel_check`.
"""

from __future__ import annotations

import pandas as pd

from gxanalysis.errors import InsufficientDataError, NotComputable
from gxanalysis.indicators import energy, lmdi, targets
from gxanalysis.indicators.display import format_number
from gxanalysis.indicators.frames import MonthIndex
from gxanalysis.labels import division_label as _division_label
from gxanalysis.periods import Month, Period
from gxanalysis.reporting.context import ReportContext, ReportTable
from gxanalysis.reporting.sections import Col, make_table
from gxanalysis.units import convert


def _basis_zh(ctx: ReportContext) -> str:
    return "当量值" if ctx.params.electricity_basis == "equivalent" else "等价值"


def _basis_en(ctx: ReportContext) -> str:
    return "equivalent value" if ctx.params.electricity_basis == "equivalent" else "equal value"


def _natural_gas(version: str) -> str | None:
    # the 2008 table distinguishes oil-field and gas-field gas; city gas is gas-field gas (1.2143 kgce/m3)
    return "gas_field" if version == "GB/T 2589-2008" else None


def _panel(ctx: ReportContext) -> MonthIndex:
    if "_panel" not in ctx.__dict__:
        ctx.__dict__["_panel"] = MonthIndex(ctx.data.enterprise_monthly)
    return ctx.__dict__["_panel"]


def energy_levels(ctx: ReportContext, month: Month) -> pd.DataFrame:
    """The month's enterprises with energy on the report's basis (:func:`gxanalysis.indicators.energy.energy_levels`),
    their name, county, industry code and division."""
    lv = energy.energy_levels(_panel(ctx).at(month), month, basis=ctx.params.electricity_basis,
                              power_coal_rates=ctx.data.power_coal_rates)
    ent = ctx.data.enterprises.set_index("credit_code")[["name", "county", "industry_code"]]
    lv = lv.join(ent, on="credit_code")
    lv["division"] = lv["industry_code"].astype(str).str[:2]
    return lv


def _figures(ctx: ReportContext, month: Month) -> energy.IntensityFigures | None:
    """The month's intensity figures on the report's basis; None when the data do not allow them."""
    try:
        return energy.intensity_figures(energy_levels(ctx, month))
    except InsufficientDataError:
        return None


def division_label(code: str, lang: str = "zh") -> str:
    """The GB/T 4754 name of a division code (the package's label dictionary)."""
    return _division_label(code, lang)


def _target(ctx: ReportContext, year: int) -> float | None:
    return targets.annual_target(ctx.data.targets, year=year, indicator="energy_intensity_change")


def _basis_note(ctx: ReportContext) -> tuple[str, str]:
    if ctx.params.electricity_basis == "equivalent":
        return ("能源为企业报送的综合能源消费量（当量值，电力按0.1229 kgce/kWh折算）。",
                "Energy is the comprehensive energy consumption the enterprises report (equivalent value, "
                "electricity at 0.1229 kgce/kWh).")
    rates = ctx.data.power_coal_rates
    rate_text = "、".join(f"{int(y)}年{r:g}" for y, r in zip(rates["year"], rates["gce_per_kwh"], strict=True))
    rate_en = ", ".join(f"{int(y)}: {r:g}" for y, r in zip(rates["year"], rates["gce_per_kwh"], strict=True))
    return (f"能源按等价值计：企业报送的综合能源消费量（当量值）中的用电量改按当年火电供电煤耗（{rate_text} gce/kWh，"
            "“火电供电煤耗”表）折算，上年同期按上年供电煤耗。缺少某年供电煤耗时该年不计算（“--”）。",
            f"Energy on the equal-value basis: the electricity in the reported (equivalent-value) energy is "
            f"revalued at the year's thermal-power coal rate ({rate_en} gce/kWh, table power_coal_rates), the "
            "base at the year before's. A year without a coal rate is not computed ('--').")


# --------------------------------------------------------------------------------------------------
# sections
# --------------------------------------------------------------------------------------------------
def intensity_summary(ctx: ReportContext) -> ReportTable:
    """Energy use, value added and the change of energy intensity: last full year and year to date, vs target."""
    year = energy.last_full_year(ctx.month)
    periods = [Month(year, 12)] + ([ctx.month] if ctx.month.month != 12 else [])
    rows = []
    for m in periods:
        f = _figures(ctx, m)
        target = _target(ctx, m.year)
        label = Period(m.year, 1, 12).label(ctx.lang) if m.month == 12 else Period.year_to_date(m).label(ctx.lang)
        if f is None:
            rows.append({"period": label, "status": "no_data", "target": target, "met": "--"})
            continue
        rows.append({"period": label, "energy": convert(f.energy, "tce", "万tce"), "energy_growth": f.energy_growth,
                     "va": convert(f.value_added, "万元", "亿元"), "va_growth": f.va_growth,
                     "intensity": f.intensity, "change": f.change, "status": f.status,
                     "target": target, "gap": None if target is None or f.change is None else f.change - target,
                     "met": ("--" if target is None or f.change is None else
                             ctx.t("完成", "met") if f.change <= target else ctx.t("未完成", "not met"))
                     if m.month == 12 else ctx.t("进行中", "in progress")})
    if all(r["status"] == "no_data" for r in rows):
        raise NotComputable(f"no energy figures for {year} or {ctx.month}", zh="本期及上一完整年度均无能耗数据")
    frame = pd.DataFrame(rows)
    cols = [Col("period", "时期", "Period", "text"), Col("energy", "综合能源消费量", "Energy use", precision=2),
            Col("energy_growth", "能耗增长%", "Energy growth %", "growth", status_col="status"),
            Col("va", "工业增加值(可比价)", "Value added (comparable prices)", precision=2),
            Col("va_growth", "增加值增长%", "Value-added growth %", "growth", status_col="status"),
            Col("intensity", "单位增加值能耗", "Energy per value added", precision=3),
            Col("change", "能耗强度变化%", "Intensity change %", status_col="status"),
            Col("target", "年度目标%", "Annual target %"), Col("gap", "与目标差(百分点)", "vs target (pp)"),
            Col("met", "目标完成情况", "Target", "text")]
    bz, be = _basis_note(ctx)
    return make_table(ctx, frame, cols, name="intensity_summary",
                      title_zh=f"规上工业单位增加值能耗变化（{_basis_zh(ctx)}）",
                      title_en=f"Energy per unit of industrial value added ({_basis_en(ctx)})",
                      unit_zh="单位：万吨标准煤、亿元、吨标准煤/万元、%、百分点",
                      unit_en="Unit: 10,000 tce, 100 million yuan, tce per 10,000 yuan, %, pp",
                      note_zh="能耗强度变化 = (Σ能耗÷Σ上年同期能耗) ÷ (Σ增加值÷Σ上年同期增加值) − 1，同口径企业、可比价；"
                              "负值为下降。与目标差 = 变化 − 目标，负值表示好于目标。" + bz,
                      note_en="Intensity change = (ΣE / ΣE₀) / (ΣVA / ΣVA₀) − 1 over the same enterprises, value added "
                              "at comparable prices; negative = a fall. vs target = change − target (negative = "
                              "better than the target). " + be)


def intensity_by_division(ctx: ReportContext) -> ReportTable:
    """Energy use, its share and the change of energy intensity by industry division (大类).

    Year to date at the reporting month, and the last full year
    (:func:`gxanalysis.indicators.energy.intensity_by`; INDICATORS.md §7.4).
    """
    year = energy.last_full_year(ctx.month)
    lv = energy_levels(ctx, ctx.month)
    now = energy.intensity_by(lv, "division")
    try:
        full = energy.intensity_by(energy_levels(ctx, Month(year, 12)), "division")[["change"]]
    except InsufficientDataError:
        full = pd.DataFrame({"change": pd.Series(dtype=float)})
    frame = now.join(full.rename(columns={"change": "change_year"}), how="left")
    frame = frame.sort_values("energy_b", ascending=False).reset_index()
    frame["label"] = [division_label(c, ctx.lang) for c in frame["division"]]
    ytd_total = energy.intensity_figures(lv)
    full_total = _figures(ctx, Month(year, 12))
    total = {"label": ctx.t("规上工业合计", "All above-scale industry"), "n": int(frame["n"].sum()),
             "energy_b": ytd_total.energy, "share": 100.0, "energy_growth": ytd_total.energy_growth,
             "va_growth": ytd_total.va_growth, "intensity": ytd_total.intensity, "change": ytd_total.change,
             "change_year": None if full_total is None else full_total.change}
    frame = pd.concat([pd.DataFrame([total]), frame], ignore_index=True)
    cols = [Col("label", "行业", "Industry", "text"),
            Col("n", "企业数", "Enterprises", "int"), Col("energy_b", "综合能源消费量", "Energy use", precision=0),
            Col("share", "占比%", "Share %"), Col("energy_growth", "能耗增长%", "Energy growth %", "growth"),
            Col("va_growth", "增加值增长%", "Value-added growth %", "growth"),
            Col("intensity", "单位增加值能耗", "Energy per value added", precision=3),
            Col("change", f"强度变化%（{ctx.ytd.label()}）", f"Intensity change % ({ctx.ytd.label('en')})"),
            Col("change_year", f"强度变化%（{year}年）", f"Intensity change % ({year})")]
    bz, be = _basis_note(ctx)
    return make_table(ctx, frame, cols, name="intensity_by_division",
                      title_zh=f"分行业能耗及能耗强度变化（{ctx.ytd.label()}，{_basis_zh(ctx)}）",
                      title_en=f"Energy and intensity change by industry ({ctx.ytd.label('en')}, "
                               f"{_basis_en(ctx)})",
                      unit_zh="单位：家、吨标准煤、%、吨标准煤/万元", unit_en="Unit: enterprises, tce, %, tce per 10,000 yuan",
                      note_zh="按国民经济行业分类大类汇总水平值后计算；“--”为上年同期无能耗或增加值。" + bz,
                      note_en="Levels summed by GB/T 4754 division, then the change computed; '--' = no "
                              "base-period energy or value added. " + be)


def lmdi_decomposition(ctx: ReportContext) -> ReportTable:
    """LMDI-I decomposition of the change in energy use, last full year vs the year before, by division.

    .. math:: \\Delta E = \\Delta E_{act} + \\Delta E_{str} + \\Delta E_{int}

    From the December year-to-date levels of the last full year (current) and their same-sample bases (the
    year before), sectors = industry divisions, activity = value added at comparable prices
    (:func:`gxanalysis.indicators.lmdi.lmdi`). The additive effects add up to the observed change exactly;
    the residual is checked and stated in the note.
    """
    from gxanalysis.reporting.charts import bar_chart

    year = energy.last_full_year(ctx.month)
    cols = [Col("label", "行业", "Industry", "text"),
            Col("energy_0", f"{year - 1}年能耗", f"Energy {year - 1}", precision=0),
            Col("energy_T", f"{year}年能耗", f"Energy {year}", precision=0),
            Col("change", "能耗变化", "Change", precision=0),
            Col("activity", "规模效应", "Activity effect", precision=0),
            Col("structure", "结构效应", "Structure effect", precision=0),
            Col("intensity", "强度效应", "Intensity effect", precision=0)]
    title_zh = f"规上工业能耗变化的LMDI分解（{year}年比{year - 1}年，{_basis_zh(ctx)}）"
    title_en = f"LMDI decomposition of the change in energy use ({year} vs {year - 1}, {_basis_en(ctx)})"
    try:
        lv = energy_levels(ctx, Month(year, 12))
    except InsufficientDataError as exc:
        raise NotComputable(f"no December {year} energy figures: {exc}", zh=f"缺少{year}年12月的能耗数据") from None
    g = energy.intensity_by(lv, "division")
    base = g[["energy_base_b", "value_added_base"]].rename(columns={"energy_base_b": "energy",
                                                                    "value_added_base": "value_added"})
    cur = g[["energy_b", "value_added"]].rename(columns={"energy_b": "energy"})
    res = lmdi.lmdi(base, cur, energy="energy", activity="value_added")
    residual = res.check(tol=1e-9)
    t = res.by_sector.copy()
    t["energy_0"], t["energy_T"] = base["energy"], cur["energy"]
    t["change"] = t["energy_T"] - t["energy_0"]
    t = t.sort_values("change", key=lambda s: s.abs(), ascending=False).reset_index()
    t["label"] = [division_label(c, ctx.lang) for c in t[t.columns[0]]]
    total = {"label": ctx.t("规上工业合计", "All above-scale industry"), "energy_0": res.value_0,
             "energy_T": res.value_T, "change": res.total, **res.effects.to_dict()}
    frame = pd.concat([pd.DataFrame([total]), t], ignore_index=True)
    effects = convert(pd.Series({ctx.t("规模效应", "activity"): res.effects["activity"],
                                 ctx.t("结构效应", "structure"): res.effects["structure"],
                                 ctx.t("强度效应", "intensity"): res.effects["intensity"],
                                 ctx.t("能耗变化合计", "total change"): res.total}), "tce", "万tce")
    chart = bar_chart(effects, title=ctx.t(f"{year}年规上工业能耗变化的LMDI分解（{_basis_zh(ctx)}）",
                                           f"LMDI decomposition of the change in energy use, {year}"),
                      ylabel=ctx.t("万吨标准煤", "10,000 tce"), fmt="{:.2f}")
    e = {k: format_number(v, 0, thousands=True) for k, v in res.effects.items()}
    residual_zh = "分解无残差" if abs(residual) < 0.001 else f"残差{format_number(residual, 3)}吨标准煤"
    tot = format_number(res.total, 0, thousands=True)
    return make_table(ctx, frame, cols, name="lmdi", title_zh=title_zh, title_en=title_en,
                      unit_zh="单位：吨标准煤", unit_en="Unit: tce", chart=chart,
                      note_zh=f"对数平均迪氏指数法（LMDI，加法分解），按行业大类：规模效应为增加值（可比价）总量增长的"
                              f"影响，结构效应为行业间增加值比重变化的影响，强度效应为各行业单位增加值能耗变化的影响。三项"
                              f"效应之和等于能耗变化量：({e['activity']}) + ({e['structure']}) + "
                              f"({e['intensity']}) = {tot} 吨标准煤（{residual_zh}）。"
                              f"{year}年为12月累计水平值，{year - 1}年为其同口径上年同期。",
                      note_en=f"Log-mean Divisia index (LMDI-I, additive) by industry division: activity = growth of "
                              "total value added (comparable prices), structure = shifts of value-added shares "
                              "between divisions, intensity = changes of energy per value added within divisions. "
                              f"The three effects add to the change in energy use: ({e['activity']}) + "
                              f"({e['structure']}) + ({e['intensity']}) = {tot} tce (residual "
                              f"{abs(residual):.1g} tce). {year}: December year-to-date levels; {year - 1}: their "
                              "same-sample bases.")


def largest_users(ctx: ReportContext) -> ReportTable:
    """The ``top_n`` largest energy users (year to date) with their energy intensity and its change."""
    lv = energy_levels(ctx, ctx.month)
    per = energy.intensity_by(lv, "credit_code")
    n = ctx.params.top_n
    top = per.sort_values("energy_b", ascending=False, kind="stable").head(n).reset_index()
    top["rank"] = range(1, len(top) + 1)
    info = lv.drop_duplicates("credit_code").set_index("credit_code")
    top["name"] = top["credit_code"].map(info["name"])
    top["county"] = top["credit_code"].map(info["county"])
    top["division_label"] = [division_label(d, ctx.lang) for d in top["credit_code"].map(info["division"])]
    cols = [Col("rank", "位次", "Rank", "int"), Col("name", "企业名称", "Enterprise", "text"),
            Col("division_label", "行业", "Industry", "text"), Col("county", "县区", "County", "text"),
            Col("energy_b", "综合能源消费量", "Energy use", precision=0), Col("share", "占规上工业%", "Share %"),
            Col("value_added", "增加值(可比价)", "Value added", precision=0),
            Col("intensity", "单位增加值能耗", "Energy per value added", precision=3),
            Col("change", "能耗强度变化%", "Intensity change %")]
    top_share = float(top["share"].sum())
    bz, be = _basis_note(ctx)
    return make_table(ctx, top, cols, name="largest_users",
                      title_zh=f"能耗前{n}位企业（{ctx.ytd.label()}，{_basis_zh(ctx)}）",
                      title_en=f"The {n} largest energy users ({ctx.ytd.label('en')}, {_basis_en(ctx)})",
                      unit_zh="单位：吨标准煤、万元、%、吨标准煤/万元", unit_en="Unit: tce, 10,000 yuan, %, tce per 10,000 yuan",
                      note_zh=f"前{n}位企业能耗合计占规上工业的{format_number(top_share)}%。" + bz,
                      note_en=f"Together {format_number(top_share)}% of above-scale industry's energy use. " + be)


def fuel_check(ctx: ReportContext) -> ReportTable:
    """The major users' reported energy against their fuel quantities converted with the chosen coefficients.

    :func:`gxanalysis.indicators.energy.energy_by_fuel_to_tce` on the ``energy_by_fuel`` rows of the month
    (coefficient table ``coefficient_version``, 当量值 basis) next to the energy the same enterprises report;
    a difference points at a reporting error or at a coefficient table other than the enterprises' own.
    """
    ef = ctx.data.energy_by_fuel
    if ef is None or ef.empty:
        raise NotComputable("the data have no fuel-by-fuel energy (energy_by_fuel)", zh="数据中没有分品种能源消费表")
    rows = ef[ef["period"] == pd.Period(str(ctx.month), "M")]
    if rows.empty:
        raise NotComputable(f"energy_by_fuel has no rows for {ctx.month}", zh="本月没有分品种能源消费数据")
    version = ctx.params.coefficient_version
    t = energy.energy_by_fuel_to_tce(rows, version=version, natural_gas=_natural_gas(version))
    by = t.groupby("credit_code")["tce"].sum().rename("from_fuel")
    now = _panel(ctx).at(ctx.month).set_index("credit_code")["energy"]
    frame = by.to_frame().join(now.rename("reported"))
    frame["difference"] = frame["from_fuel"] - frame["reported"]
    frame["difference_pct"] = frame["difference"] / frame["reported"].where(frame["reported"] > 0) * 100
    frame = frame.sort_values("reported", ascending=False).reset_index()
    frame["name"] = frame["credit_code"].map(ctx.data.enterprises.set_index("credit_code")["name"])
    cols = [Col("name", "企业名称", "Enterprise", "text"),
            Col("reported", "报送综合能源消费量", "Reported energy", precision=1),
            Col("from_fuel", "按分品种折算", "From fuel quantities", precision=1),
            Col("difference", "差额", "Difference", precision=1),
            Col("difference_pct", "差额%", "Difference %", precision=2)]
    return make_table(ctx, frame, cols, name="fuel_check",
                      title_zh=f"重点用能企业分品种折标核对（{ctx.ytd.label()}，{version}）",
                      title_en=f"Major users: energy from fuel quantities ({ctx.ytd.label('en')}, {version})",
                      unit_zh="单位：吨标准煤、%", unit_en="Unit: tce, %",
                      note_zh=f"分品种消费量按{version}折标系数（当量值）折算后与企业报送的综合能源消费量比较；本报告的能耗指标"
                              "均采用企业报送值。",
                      note_en=f"Fuel quantities converted with the {version} coefficients (equivalent value), "
                              "compared with the energy the enterprises report; the report's energy figures use the "
                              "reported energy.")


def plan_progress(ctx: ReportContext) -> ReportTable:
    """Achieved annual intensity changes in the five-year plan and the annual decline still required.

    .. math:: d = 1 - \\left(\\frac{1 + \\Delta_{target}}{\\prod_y (1 + \\Delta_y)}\\right)^{1/(n-k)}

    The achieved change of each past plan year comes from its December rows and their bases
    (:func:`gxanalysis.indicators.energy.plan_progress`; INDICATORS.md §5.4, §7.4).
    """
    plan = targets.plan_target(ctx.data.targets, indicator="energy_intensity_change_plan", year=ctx.month.year)
    if plan is None:
        raise NotComputable("the targets table has no five-year plan intensity target",
                            zh="“年度目标”表中没有五年规划能耗强度目标")
    plan_years = 5
    base_year = plan.end_year - plan_years
    last = min(energy.last_full_year(ctx.month), plan.end_year)
    annual = {}
    for y in range(base_year + 1, last + 1):
        f = _figures(ctx, Month(y, 12))
        annual[y] = None if f is None else f.change
    prog = energy.plan_progress(annual, target=plan.value, end_year=plan.end_year, plan_years=plan_years)
    pct = "%"
    rows = []
    for y, v in prog.annual.items():
        rows.append((ctx.t(f"{y}年能耗强度变化（实际）", f"{y}: intensity change (achieved)"), v, pct))
        yt = _target(ctx, y)
        if yt is not None:
            rows.append((ctx.t(f"{y}年年度目标", f"{y}: annual target"), yt, pct))
    if prog.cumulative is not None:
        rows.append((ctx.t(f"{base_year + 1}-{last}年累计变化（比{base_year}年）",
                           f"{base_year + 1}–{last}: cumulative change vs {base_year}"), prog.cumulative, pct))
    rows.append((ctx.t(f"规划目标：{plan.end_year}年比{base_year}年", f"plan target: {plan.end_year} vs {base_year}"),
                 plan.value, pct))
    rows.append((ctx.t("规划期年均需下降（均衡）", "even annual decline over the plan"), prog.even_decline, pct))
    if plan.end_year > last:
        rows.append((ctx.t(f"{last + 1}-{plan.end_year}年年均还需下降",
                           f"{last + 1}–{plan.end_year}: annual decline still required"), prog.required_decline, pct))
        if prog.still_to_achieve is not None and not prog.missing_years:
            rows.append((ctx.t("规划目标剩余降幅", "decline still to achieve"), prog.still_to_achieve, pct))
    frame = pd.DataFrame(rows, columns=["item", "value", "unit"])
    cols = [Col("item", "项目", "Item", "text"), Col("value", "数值", "Value", precision=2),
            Col("unit", "单位", "Unit", "text")]
    missing = prog.missing_years
    miss_zh = f"{'、'.join(map(str, missing))}年无法计算（缺少数据或供电煤耗），后续需降幅不计算。" if missing else ""
    miss_en = f" {', '.join(map(str, missing))} cannot be computed (data or coal rate missing): no required " \
              "decline." if missing else ""
    bz, be = _basis_note(ctx)
    return make_table(ctx, frame, cols, name="plan_progress",
                      title_zh=f"“十四五”能耗强度目标进度（{_basis_zh(ctx)}，截至{last}年）",
                      title_en=f"Five-year plan: energy-intensity progress ({_basis_en(ctx)}, to {last})",
                      unit_zh="单位：%（负值为下降；年均需下降为正值）", unit_en="Unit: % (negative = fall; required "
                                                                       "declines positive)",
                      note_zh=f"目标：{plan.note or '五年规划能耗强度目标'}。各年实际变化由当年12月累计水平值及其同口径"
                              "上年同期计算；累计变化 = Π(1+年变化) − 1；年均还需下降 = 1 − ((1+目标)÷(1+累计变化))^(1/剩余"
                              "年数)。" + miss_zh + bz,
                      note_en=f"Target: the five-year plan's {plan.value:g}% by {plan.end_year} against "
                              f"{plan.end_year - 5}. Each year's change from "
                              "its December year-to-date levels and their same-sample bases; cumulative = Π(1 + "
                              "change) − 1; required = 1 − ((1 + target) / (1 + cumulative))^(1 / remaining years)."
                              + miss_en + " " + be)


SECTIONS = [intensity_summary, intensity_by_division, lmdi_decomposition, largest_users, fuel_check, plan_progress]
