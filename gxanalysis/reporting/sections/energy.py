"""Sections of the energy-intensity report (能耗强度分析).

Energy use of above-scale industry (综合能源消费量, tce) and the change of energy per unit of value added at
comparable prices (单位工业增加值能耗) for the last full year and the year to date, against the year's target
and the five-year plan; by industry division; the LMDI decomposition of the change in energy use into
activity, structure and intensity effects; the largest energy users; and the annual decline still required
to meet the plan (INDICATORS.md §5.4, §7.2–7.5).

Energy basis (report parameter ``electricity_basis``):

* ``"equivalent"`` (当量值, electricity at 0.1229 kgce/kWh);
* ``"equal"`` (等价值, electricity at the year's thermal-power coal rate 供电煤耗 from the ``power_coal_rates``
  table — never a constant).

The major energy users with fuel-by-fuel data (``energy_by_fuel``) have their energy recomputed from their
fuel quantities with the chosen coefficient table (``coefficient_version``) and basis
(:func:`gxanalysis.indicators.energy.energy_by_fuel_to_tce`); the other enterprises keep the energy they
reported (当量值), with their electricity revalued at the year's coal rate on the equal basis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gxanalysis.errors import GxError, InsufficientDataError, ParameterError
from gxanalysis.indicators import energy, lmdi, schedule
from gxanalysis.indicators.display import format_number
from gxanalysis.periods import Month, Period
from gxanalysis.reporting.context import ReportContext, ReportTable
from gxanalysis.reporting.sections import Col, make_table

WAN = 10_000.0

DIVISION_NAMES: dict[str, str] = {
    "06": "煤炭开采和洗选业", "07": "石油和天然气开采业", "08": "黑色金属矿采选业", "09": "有色金属矿采选业",
    "10": "非金属矿采选业", "11": "开采专业及辅助性活动", "12": "其他采矿业", "13": "农副食品加工业",
    "14": "食品制造业", "15": "酒、饮料和精制茶制造业", "16": "烟草制品业", "17": "纺织业",
    "18": "纺织服装、服饰业", "19": "皮革、毛皮、羽毛及其制品和制鞋业", "20": "木材加工和木、竹、藤、棕、草制品业",
    "21": "家具制造业", "22": "造纸和纸制品业", "23": "印刷和记录媒介复制业", "24": "文教、工美、体育和娱乐用品制造业",
    "25": "石油、煤炭及其他燃料加工业", "26": "化学原料和化学制品制造业", "27": "医药制造业", "28": "化学纤维制造业",
    "29": "橡胶和塑料制品业", "30": "非金属矿物制品业", "31": "黑色金属冶炼和压延加工业",
    "32": "有色金属冶炼和压延加工业", "33": "金属制品业", "34": "通用设备制造业", "35": "专用设备制造业",
    "36": "汽车制造业", "37": "铁路、船舶、航空航天和其他运输设备制造业", "38": "电气机械和器材制造业",
    "39": "计算机、通信和其他电子设备制造业", "40": "仪器仪表制造业", "41": "其他制造业",
    "42": "废弃资源综合利用业", "43": "金属制品、机械和设备修理业", "44": "电力、热力生产和供应业",
    "45": "燃气生产和供应业", "46": "水的生产和供应业",
}
"""Divisions (大类) of GB/T 4754-2017 in mining, manufacturing and utilities (sections B, C, D)."""


def division_label(code: str) -> str:
    """``"32 有色金属冶炼和压延加工业"`` from a 2-digit division code (the code alone if unknown)."""
    name = DIVISION_NAMES.get(str(code))
    return f"{code} {name}" if name else str(code)


# --------------------------------------------------------------------------------------------------
# energy on the chosen basis
# --------------------------------------------------------------------------------------------------
def _basis_zh(ctx: ReportContext) -> str:
    return "当量值" if ctx.params.electricity_basis == "equivalent" else "等价值"


def _basis_en(ctx: ReportContext) -> str:
    return "equivalent value" if ctx.params.electricity_basis == "equivalent" else "equal value"


def _natural_gas(version: str) -> str | None:
    # the 2008 table distinguishes oil-field and gas-field gas; city gas is gas-field gas (1.2143 kgce/m3)
    return "gas_field" if version == "GB/T 2589-2008" else None


def _fuel_tce(ctx: ReportContext, month: Month) -> pd.Series:
    """tce by enterprise at ``month`` from ``energy_by_fuel`` on the chosen basis and coefficients."""
    ef = ctx.data.energy_by_fuel
    if ef is None or ef.empty:
        return pd.Series(dtype=float)
    rows = ef[ef["period"] == pd.Period(str(month), "M")]
    if rows.empty:
        return pd.Series(dtype=float)
    version = ctx.params.coefficient_version
    t = energy.energy_by_fuel_to_tce(rows, version=version, electricity_basis=ctx.params.electricity_basis,
                                     power_coal_rates=ctx.data.power_coal_rates, natural_gas=_natural_gas(version))
    return t.groupby("credit_code")["tce"].sum()


def _electricity_revaluation(ctx: ReportContext, electricity_wan_kwh: pd.Series, year: int) -> pd.Series:
    """tce to add to 当量值 energy to put its electricity (万kWh) on the chosen basis (0 on 当量值)."""
    if ctx.params.electricity_basis == "equivalent":
        return pd.Series(0.0, index=electricity_wan_kwh.index)
    version = ctx.params.coefficient_version
    rate = energy.power_coal_rate(ctx.data.power_coal_rates, year)
    equal = energy.to_tce(electricity_wan_kwh, "电力", "万kWh", version=version, electricity_basis="equal",
                          power_coal_rate=rate)
    equivalent = energy.to_tce(electricity_wan_kwh, "电力", "万kWh", version=version)
    return equal - equivalent


def energy_levels(ctx: ReportContext, month: Month) -> pd.DataFrame:
    """Per enterprise at ``month`` (year to date): energy and its base on the report's basis, value added.

    Returns the ``enterprise_monthly`` rows of ``month`` with ``energy_b`` and ``energy_base_b`` (tce, on the
    chosen basis), ``from_fuel`` (energy recomputed from ``energy_by_fuel``), ``industry_code``, ``division``,
    ``name`` and ``county``. The base of a major user comes from its fuel rows a year earlier when present.

    Raises
    ------
    InsufficientDataError
        No enterprise figures for ``month``, or (equal basis) no coal rate for a year needed.
    """
    em = ctx.data.enterprise_monthly
    rows = em[em["period"] == pd.Period(str(month), "M")].dropna(subset=["energy", "energy_base"])
    if rows.empty:
        raise InsufficientDataError(f"no enterprise energy figures for {month} in enterprise_monthly; "
                                    "load that month's data or choose another period")
    rows = rows.set_index("credit_code")
    cur_fuel = _fuel_tce(ctx, month)
    base_fuel = _fuel_tce(ctx, month - 12)
    el = rows["electricity"].fillna(0.0)
    el_base = rows["electricity_base"].fillna(0.0)
    current = rows["energy"] + _electricity_revaluation(ctx, el, month.year)
    has_base_fuel = rows.index.isin(base_fuel.index)
    base = rows["energy_base"].copy()
    revalue = ~has_base_fuel & (el_base > 0).to_numpy()
    if ctx.params.electricity_basis == "equal" and revalue.any():
        base[revalue] += _electricity_revaluation(ctx, el_base[revalue], month.year - 1)
    out = rows.copy()
    out["from_fuel"] = rows.index.isin(cur_fuel.index)
    out["energy_b"] = np.where(out["from_fuel"], cur_fuel.reindex(rows.index).to_numpy(), current.to_numpy())
    out["energy_base_b"] = np.where(has_base_fuel, base_fuel.reindex(rows.index).to_numpy(), base.to_numpy())
    ent = ctx.data.enterprises.set_index("credit_code")
    out = out.join(ent[["name", "county", "industry_code"]])
    out["division"] = out["industry_code"].astype(str).str[:2]
    return out.reset_index()


@dataclass(frozen=True)
class IntensityFigures:
    """Levels and changes of one period: energy (tce), value added (万元, comparable prices), changes (%)."""

    label: str
    energy: float
    energy_base: float
    value_added: float
    value_added_base: float
    energy_growth: float | None
    va_growth: float | None
    change: float | None
    status: str


def intensity_figures(ctx: ReportContext, month: Month, label: str) -> IntensityFigures:
    """Energy, value added and the change of energy intensity at ``month`` (YTD), from summed levels.

    .. math:: \\Delta I\\% = \\left(\\frac{\\sum E / \\sum E_0}{\\sum VA / \\sum VA_0} - 1\\right) \\times 100

    INDICATORS.md §7.4 (:func:`gxanalysis.indicators.energy.intensity_change_from_levels`). The status is
    ``"no_data"`` when the data (or, on the equal basis, the coal rate) for the period are missing.
    """
    try:
        lv = energy_levels(ctx, month)
    except InsufficientDataError:
        return IntensityFigures(label, np.nan, np.nan, np.nan, np.nan, None, None, None, "no_data")
    e, e0 = float(lv["energy_b"].sum()), float(lv["energy_base_b"].sum())
    v, v0 = float(lv["value_added"].sum()), float(lv["value_added_base"].sum())
    try:
        ic = energy.intensity_change_from_levels(e, e0, v, v0)
    except ParameterError:
        return IntensityFigures(label, e, e0, v, v0, None, None, None, "missing")
    return IntensityFigures(label, e, e0, v, v0, ic.energy_growth, ic.va_growth, ic.value, ic.status)


def _last_full_year(ctx: ReportContext) -> int:
    return ctx.month.year if ctx.month.month == 12 else ctx.month.year - 1


def _target(ctx: ReportContext, indicator: str, year: int | None = None) -> tuple[float | None, str, int | None]:
    t = ctx.data.targets
    sel = t[(t["indicator"] == indicator) & (t["scope"] == "city")]
    if year is not None:
        sel = sel[sel["year"] == year]
    else:  # the plan whose end year is the first at or after the reporting year
        sel = sel[sel["year"] >= ctx.month.year].sort_values("year")
    if sel.empty:
        return None, "", None
    r = sel.iloc[0]
    return float(r["value"]), str(r["note"]) if pd.notna(r["note"]) else "", int(r["year"])


def _basis_note(ctx: ReportContext) -> tuple[str, str]:
    version = ctx.params.coefficient_version
    gas = "，天然气按气田天然气1.2143 kgce/m³" if _natural_gas(version) else ""
    gas_en = ", natural gas as gas-field gas (1.2143 kgce/m³)" if _natural_gas(version) else ""
    n_fuel = ctx.data.energy_by_fuel["credit_code"].nunique() if ctx.data.energy_by_fuel is not None else 0
    if ctx.params.electricity_basis == "equivalent":
        zh = (f"能源按当量值计（电力0.1229 kgce/kWh）；{n_fuel}家重点用能企业按分品种消费量以{version}折标系数"
              f"重新折算{gas}，其余企业取报送的综合能源消费量（当量值）。")
        en = (f"Energy on the equivalent basis (electricity 0.1229 kgce/kWh); the {n_fuel} major users' energy is "
              f"recomputed from their fuel use with the {version} coefficients{gas_en}; other enterprises as "
              "reported (equivalent value).")
    else:
        rates = ctx.data.power_coal_rates
        rate_text = "、".join(f"{int(y)}年{r:g}" for y, r in zip(rates["year"], rates["gce_per_kwh"], strict=True))
        rate_en = ", ".join(f"{int(y)}: {r:g}" for y, r in zip(rates["year"], rates["gce_per_kwh"], strict=True))
        zh = (f"能源按等价值计：电力按当年火电供电煤耗（{rate_text} gce/kWh，“火电供电煤耗”表）折算；{n_fuel}家重点用能"
              f"企业按分品种消费量以{version}折标系数重新折算{gas}，其余企业在报送的当量值能耗上将用电量改按当年供电"
              "煤耗折算。缺少某年供电煤耗时该年不计算（“--”）。")
        en = (f"Energy on the equal-value basis: electricity at the year's thermal-power coal rate ({rate_en} "
              f"gce/kWh, table power_coal_rates); the {n_fuel} major users recomputed from their fuel use with the "
              f"{version} coefficients{gas_en}; for the other enterprises the electricity in their reported "
              "(equivalent-value) energy is revalued at the year's coal rate. A year without a coal rate is not "
              "computed ('--').")
    return zh, en


# --------------------------------------------------------------------------------------------------
# sections
# --------------------------------------------------------------------------------------------------
def intensity_summary(ctx: ReportContext) -> ReportTable:
    """Energy use, value added and the change of energy intensity: last full year and year to date, vs target."""
    year = _last_full_year(ctx)
    periods = [(Month(year, 12), Period.year_to_date(Month(year, 12)))]
    if ctx.month.month != 12:
        periods.append((ctx.month, ctx.ytd))
    rows = []
    for m, per in periods:
        f = intensity_figures(ctx, m, per.label(ctx.lang))
        target, _, _ = _target(ctx, "energy_intensity_change", m.year)
        rows.append({"period": f.label, "energy": f.energy / WAN, "energy_growth": f.energy_growth,
                     "va": f.value_added / WAN, "va_growth": f.va_growth,
                     "intensity": f.energy / f.value_added if f.value_added > 0 else np.nan,
                     "change": f.change, "status": "ok" if f.change is not None else "missing",
                     "target": target, "gap": None if target is None or f.change is None else f.change - target,
                     "met": ("--" if target is None or f.change is None else
                             ctx.t("完成", "met") if f.change <= target else ctx.t("未完成", "not met"))
                             if m.month == 12 else ctx.t("进行中", "in progress")})
    frame = pd.DataFrame(rows)
    cols = [Col("period", "期别", "Period", "text"), Col("energy", "综合能源消费量", "Energy use", precision=2),
            Col("energy_growth", "能耗增长%", "Energy growth %", "growth", status_col="status"),
            Col("va", "工业增加值(可比价)", "Value added (comparable prices)", precision=2),
            Col("va_growth", "增加值增长%", "Value-added growth %", "growth", status_col="status"),
            Col("intensity", "单位增加值能耗", "Energy per value added", precision=3),
            Col("change", "能耗强度变化%", "Intensity change %", status_col="status"),
            Col("target", "年度目标%", "Annual target %"), Col("gap", "与目标差(百分点)", "vs target (pp)"),
            Col("met", "目标完成情况", "Target", "text")]
    bz, be = _basis_note(ctx)
    _, tnote, _ = _target(ctx, "energy_intensity_change", ctx.month.year)
    if tnote:
        bz, be = bz + f"年度目标取“年度目标”表：{tnote}。", be + f" Targets from the targets table: {tnote}."
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


def _division_changes(lv: pd.DataFrame) -> pd.DataFrame:
    g = lv.groupby("division")[["energy_b", "energy_base_b", "value_added", "value_added_base"]].sum()
    g["n"] = lv.groupby("division")["credit_code"].nunique()
    changes, eg, vg = [], [], []
    for _, r in g.iterrows():
        try:
            ic = energy.intensity_change_from_levels(r["energy_b"], r["energy_base_b"], r["value_added"],
                                                     r["value_added_base"])
            changes.append(ic.value)
            eg.append(ic.energy_growth)
            vg.append(ic.va_growth)
        except ParameterError:  # a division without base-period energy or value added
            changes.append(np.nan)
            eg.append(np.nan)
            vg.append(np.nan)
    return g.assign(change=changes, energy_growth=eg, va_growth=vg)


def intensity_by_division(ctx: ReportContext) -> ReportTable:
    """Energy use, its share and the change of energy intensity by industry division (大类, industry_code[:2]).

    Year to date at the reporting month, and the last full year (INDICATORS.md §7.4).
    """
    year = _last_full_year(ctx)
    now = _division_changes(energy_levels(ctx, ctx.month))
    try:
        full = _division_changes(energy_levels(ctx, Month(year, 12)))[["change"]].rename(
            columns={"change": "change_year"})
    except InsufficientDataError:
        full = pd.DataFrame({"change_year": pd.Series(dtype=float)})
    frame = now.join(full, how="left")
    total_e = float(frame["energy_b"].sum())
    frame["share"] = frame["energy_b"] / total_e * 100
    frame["intensity"] = frame["energy_b"] / frame["value_added"].where(frame["value_added"] > 0)
    frame = frame.sort_values("energy_b", ascending=False).reset_index()
    frame["label"] = [division_label(c) for c in frame["division"]]
    ytd_total = intensity_figures(ctx, ctx.month, "")
    full_total = intensity_figures(ctx, Month(year, 12), "")
    total = {"label": ctx.t("规上工业合计", "All above-scale industry"), "n": int(frame["n"].sum()),
             "energy_b": total_e, "share": 100.0, "energy_growth": ytd_total.energy_growth,
             "va_growth": ytd_total.va_growth, "intensity": total_e / float(frame["value_added"].sum()),
             "change": ytd_total.change, "change_year": full_total.change}
    frame = pd.concat([pd.DataFrame([total]), frame], ignore_index=True)
    cols = [Col("label", "行业大类(GB/T 4754)", "Division (GB/T 4754)", "text"),
            Col("n", "企业数", "Enterprises", "int"), Col("energy_b", "综合能源消费量", "Energy use", precision=0),
            Col("share", "占比%", "Share %"), Col("energy_growth", "能耗增长%", "Energy growth %", "growth"),
            Col("va_growth", "增加值增长%", "Value-added growth %", "growth"),
            Col("intensity", "单位增加值能耗", "Energy per value added", precision=3),
            Col("change", f"强度变化%（{ctx.ytd.label()}）", f"Intensity change % ({ctx.ytd.label('en')})"),
            Col("change_year", f"强度变化%（{year}年）", f"Intensity change % ({year})")]
    bz, be = _basis_note(ctx)
    return make_table(ctx, frame, cols, name="intensity_by_division",
                      title_zh=f"分行业能耗及能耗强度变化（{ctx.ytd.label()}，{_basis_zh(ctx)}）",
                      title_en=f"Energy and intensity change by industry division ({ctx.ytd.label('en')}, "
                               f"{_basis_en(ctx)})",
                      unit_zh="单位：家、吨标准煤、%、吨标准煤/万元", unit_en="Unit: enterprises, tce, %, tce per 10,000 yuan",
                      note_zh="按企业行业代码前两位（国民经济行业分类大类）汇总水平值后计算；“--”为上年同期无能耗或增加值。"
                              + bz,
                      note_en="Levels summed by the first two digits of the industry code (GB/T 4754 division), "
                              "then the change computed; '--' = no base-period energy or value added. " + be)


def lmdi_decomposition(ctx: ReportContext) -> ReportTable:
    """LMDI-I decomposition of the change in energy use, last full year vs the year before, by division.

    .. math:: \\Delta E = \\Delta E_{act} + \\Delta E_{str} + \\Delta E_{int}

    From the December year-to-date levels of the last full year (current) and their same-sample bases (the
    year before), sectors = industry divisions, activity = value added at comparable prices
    (:func:`gxanalysis.indicators.lmdi.lmdi`). The additive effects add up to the observed change exactly;
    the residual is checked and stated in the note.
    """
    from gxanalysis.reporting.charts import bar_chart

    year = _last_full_year(ctx)
    cols = [Col("label", "行业大类(GB/T 4754)", "Division (GB/T 4754)", "text"),
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
        empty = pd.DataFrame({c.source: pd.Series([], dtype=object) for c in cols})
        return make_table(ctx, empty, cols, name="lmdi", title_zh=title_zh, title_en=title_en,
                          note_zh=f"无法分解：{exc}", note_en=f"Not decomposed: {exc}")
    g = lv.groupby("division")[["energy_b", "energy_base_b", "value_added", "value_added_base"]].sum()
    base = g[["energy_base_b", "value_added_base"]].rename(columns={"energy_base_b": "energy",
                                                                    "value_added_base": "value_added"})
    cur = g[["energy_b", "value_added"]].rename(columns={"energy_b": "energy"})
    res = lmdi.lmdi(base, cur, energy="energy", activity="value_added")
    residual = res.check(tol=1e-9)
    t = res.by_sector.copy()
    t["energy_0"], t["energy_T"] = base["energy"], cur["energy"]
    t["change"] = t["energy_T"] - t["energy_0"]
    t = t.sort_values("change", key=lambda s: s.abs(), ascending=False).reset_index()
    t["label"] = [division_label(c) for c in t["division"]]
    total = {"label": ctx.t("规上工业合计", "All above-scale industry"), "energy_0": res.value_0,
             "energy_T": res.value_T, "change": res.total, **res.effects.to_dict()}
    frame = pd.concat([pd.DataFrame([total]), t], ignore_index=True)
    effects = pd.Series({ctx.t("规模效应", "activity"): res.effects["activity"],
                         ctx.t("结构效应", "structure"): res.effects["structure"],
                         ctx.t("强度效应", "intensity"): res.effects["intensity"],
                         ctx.t("能耗变化合计", "total change"): res.total}) / WAN
    chart = bar_chart(effects, title=ctx.t(f"{year}年规上工业能耗变化的LMDI分解（{_basis_zh(ctx)}）",
                                           f"LMDI decomposition of the change in energy use, {year}"),
                      ylabel=ctx.t("万吨标准煤", "10,000 tce"), fmt="{:.2f}")
    e = {k: format_number(v, 0, thousands=True) for k, v in res.effects.items()}
    tot = format_number(res.total, 0, thousands=True)
    return make_table(ctx, frame, cols, name="lmdi", title_zh=title_zh, title_en=title_en,
                      unit_zh="单位：吨标准煤", unit_en="Unit: tce", chart=chart,
                      note_zh=f"对数平均迪氏指数法（LMDI-I，加法分解），按行业大类：规模效应为增加值（可比价）总量增长的"
                              f"影响，结构效应为行业间增加值比重变化的影响，强度效应为各行业单位增加值能耗变化的影响。三项"
                              f"效应之和等于能耗变化量：({e['activity']}) + ({e['structure']}) + "
                              f"({e['intensity']}) = {tot} 吨标准煤（残差{abs(residual):.1e}）。"
                              f"{year}年为12月累计水平值，{year - 1}年为其同口径上年同期。",
                      note_en=f"Log-mean Divisia index (LMDI-I, additive) by industry division: activity = growth of "
                              "total value added (comparable prices), structure = shifts of value-added shares "
                              "between divisions, intensity = changes of energy per value added within divisions. "
                              f"The three effects add to the change in energy use: ({e['activity']}) + "
                              f"({e['structure']}) + ({e['intensity']}) = {tot} tce (residual "
                              f"{abs(residual):.1e}). {year}: December year-to-date levels; {year - 1}: their "
                              "same-sample bases.")


def largest_users(ctx: ReportContext) -> ReportTable:
    """The ``top_n`` largest energy users (year to date) with their energy intensity and its change."""
    lv = energy_levels(ctx, ctx.month)
    total = float(lv["energy_b"].sum())
    n = ctx.params.top_n
    top = lv.sort_values("energy_b", ascending=False, kind="stable").head(n).copy()
    top["rank"] = range(1, len(top) + 1)
    top["share"] = top["energy_b"] / total * 100
    top["intensity"] = top["energy_b"] / top["value_added"].where(top["value_added"] > 0)
    changes = []
    for _, r in top.iterrows():
        try:
            changes.append(energy.intensity_change_from_levels(r["energy_b"], r["energy_base_b"], r["value_added"],
                                                               r["value_added_base"]).value)
        except ParameterError:
            changes.append(np.nan)
    top["change"] = changes
    top["division_label"] = [division_label(c) for c in top["division"]]
    top["source"] = [ctx.t("分品种折算", "from fuels") if f else ctx.t("报送", "as reported")
                     for f in top["from_fuel"]]
    cols = [Col("rank", "位次", "Rank", "int"), Col("name", "企业名称", "Enterprise", "text"),
            Col("division_label", "行业大类", "Division", "text"), Col("county", "县区", "County", "text"),
            Col("energy_b", "综合能源消费量", "Energy use", precision=0), Col("share", "占规上工业%", "Share %"),
            Col("value_added", "增加值(可比价)", "Value added", precision=0),
            Col("intensity", "单位增加值能耗", "Energy per value added", precision=3),
            Col("change", "能耗强度变化%", "Intensity change %"), Col("source", "能耗来源", "Energy from", "text")]
    top_share = float(top["energy_b"].sum()) / total * 100
    bz, be = _basis_note(ctx)
    return make_table(ctx, top, cols, name="largest_users",
                      title_zh=f"能耗前{n}位企业（{ctx.ytd.label()}，{_basis_zh(ctx)}）",
                      title_en=f"The {n} largest energy users ({ctx.ytd.label('en')}, {_basis_en(ctx)})",
                      unit_zh="单位：吨标准煤、万元、%、吨标准煤/万元", unit_en="Unit: tce, 10,000 yuan, %, tce per 10,000 yuan",
                      note_zh=f"前{n}位企业能耗合计占规上工业的{format_number(top_share)}%。" + bz,
                      note_en=f"Together {format_number(top_share)}% of above-scale industry's energy use. " + be)


def plan_progress(ctx: ReportContext) -> ReportTable:
    """Achieved annual intensity changes in the five-year plan and the annual decline still required.

    .. math:: d = 1 - \\left(\\frac{1 + \\Delta_{target}}{\\prod_y (1 + \\Delta_y)}\\right)^{1/(n-k)}

    The achieved change of each past plan year comes from its December rows and their bases;
    :func:`gxanalysis.indicators.energy.remaining_annual_decline` gives the even decline needed in the
    remaining years (INDICATORS.md §5.4, §7.4).
    """
    target, target_note, end_year = _target(ctx, "energy_intensity_change_plan")
    cols = [Col("item", "项目", "Item", "text"), Col("value", "数值", "Value", precision=2),
            Col("unit", "单位", "Unit", "text")]
    if target is None:
        frame = pd.DataFrame({"item": [ctx.t("“年度目标”表无五年规划能耗强度目标", "no plan target in the targets table")],
                              "value": [np.nan], "unit": [""]})
        return make_table(ctx, frame, cols, name="plan_progress", title_zh="“十四五”能耗强度目标进度",
                          title_en="Five-year plan: energy-intensity progress")
    plan_years = 5
    base_year = end_year - plan_years
    last = min(_last_full_year(ctx), end_year)
    pct = "%"
    rows, achieved = [], []
    for y in range(base_year + 1, last + 1):
        f = intensity_figures(ctx, Month(y, 12), str(y))
        yt, _, _ = _target(ctx, "energy_intensity_change", y)
        rows.append((ctx.t(f"{y}年能耗强度变化（实际）", f"{y}: intensity change (achieved)"), f.change, pct))
        if yt is not None:
            rows.append((ctx.t(f"{y}年年度目标", f"{y}: annual target"), yt, pct))
        achieved.append(f.change)
    complete = all(a is not None for a in achieved)
    if achieved and complete:
        cum = energy.plan_period_change(achieved)
        rows.append((ctx.t(f"{base_year + 1}-{last}年累计变化（比{base_year}年）",
                           f"{base_year + 1}–{last}: cumulative change vs {base_year}"), cum, pct))
    else:
        cum = None
    rows.append((ctx.t(f"规划目标：{end_year}年比{base_year}年", f"plan target: {end_year} vs {base_year}"), target, pct))
    rows.append((ctx.t("规划期年均需下降（均衡）", "even annual decline over the plan"),
                 schedule.even_annual_decline(-target, plan_years), pct))
    remaining = end_year - last
    if remaining > 0 and not complete:
        rows.append((ctx.t(f"{last + 1}-{end_year}年年均还需下降", f"{last + 1}–{end_year}: annual decline still "
                                                                   "required"), None, pct))
    if remaining > 0 and complete:
        try:
            req = energy.remaining_annual_decline(target, achieved, plan_years)
        except (ParameterError, GxError):
            req = None
        rows.append((ctx.t(f"{last + 1}-{end_year}年年均还需下降", f"{last + 1}–{end_year}: annual decline still "
                                                                   "required"), req, pct))
        if cum is not None and req is not None:
            rows.append((ctx.t("规划目标剩余降幅", "decline still to achieve"),
                         (1 - (1 + target / 100) / (1 + cum / 100)) * 100, pct))
    frame = pd.DataFrame(rows, columns=["item", "value", "unit"])
    missing = [y for y, a in zip(range(base_year + 1, last + 1), achieved, strict=True) if a is None]
    miss_zh = f"{'、'.join(map(str, missing))}年无法计算（缺少数据或供电煤耗），后续需降幅不计算。" if missing else ""
    miss_en = f" {', '.join(map(str, missing))} cannot be computed (data or coal rate missing): no required " \
              "decline." if missing else ""
    bz, be = _basis_note(ctx)
    return make_table(ctx, frame, cols, name="plan_progress",
                      title_zh=f"“十四五”能耗强度目标进度（{_basis_zh(ctx)}，截至{last}年）",
                      title_en=f"Five-year plan: energy-intensity progress ({_basis_en(ctx)}, to {last})",
                      unit_zh="单位：%（负值为下降；年均需下降为正值）", unit_en="Unit: % (negative = fall; required "
                                                                       "declines positive)",
                      note_zh=f"目标：{target_note or '五年规划能耗强度目标'}。各年实际变化由当年12月累计水平值及其同口径"
                              "上年同期计算；累计变化 = Π(1+年变化) − 1；年均还需下降 = 1 − ((1+目标)÷(1+累计变化))^(1/剩余"
                              "年数)。" + miss_zh + bz,
                      note_en=f"Target: {target_note or 'five-year plan intensity target'}. Each year's change from "
                              "its December year-to-date levels and their same-sample bases; cumulative = Π(1 + "
                              "change) − 1; required = 1 − ((1 + target) / (1 + cumulative))^(1 / remaining years)."
                              + miss_en + " " + be)


SECTIONS = [intensity_summary, intensity_by_division, lmdi_decomposition, largest_users, plan_progress]
