"""The sections of the chain-output, investment and energy-intensity reports, on the demo city at 2023-04.

Each figure is checked against an independent plain-pandas computation from the CSV files in ``data/demo``
(read here as text tables, not through gxanalysis), e.g. the "2+4" cluster's 417.9亿元 and +22.4%, the
start-or-resume rate 84.0%, the 30.1亿元 invested and the 2022 intensity change of −6.0%.
"""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

from gxanalysis.config import demo_data_dir
from gxanalysis.data.dataset import load_dataset
from gxanalysis.errors import NotComputable, ParameterError
from gxanalysis.reporting.context import ReportContext
from gxanalysis.reporting.sections import chain, energy, investment

PERIOD = "2023-04"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def ds():
    return load_dataset(demo_data_dir())


@pytest.fixture(scope="module")
def raw() -> dict[str, pd.DataFrame]:
    """The demo CSV files as plain pandas frames (codes and months as text)."""
    folder = demo_data_dir()
    names = ["chains", "enterprises", "enterprise_monthly", "projects", "project_monthly", "material_flows",
             "targets", "power_coal_rates"]
    text = {"credit_code": str, "period": str, "chain_id": str, "industry_code": str, "planned_start": str,
            "actual_start": str, "supplier_code": str, "user_code": str, "project_id": str}
    return {n: pd.read_csv(folder / f"{n}.csv", encoding="utf-8", dtype=text) for n in names}


@pytest.fixture(scope="module")
def make_ctx(ds):
    def make(report: str, data=None, **params) -> ReportContext:
        ctx = ReportContext(report, period=params.pop("period", PERIOD), **params)
        ctx.__dict__["data"] = ds if data is None else data
        return ctx
    return make


def _row(table, column: str, value) -> pd.Series:
    v = table.values
    hit = v[v[column] == value]
    assert len(hit) == 1, f"{value!r} not found once in {column!r}: {list(v[column])}"
    return hit.iloc[0]


# --------------------------------------------------------------------------------------------------
# independent computations
# --------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cluster(raw) -> pd.DataFrame:
    em, ent, chains = raw["enterprise_monthly"], raw["enterprises"], raw["chains"]
    now = em[em["period"] == PERIOD].merge(ent[["credit_code", "name", "county", "chain_id"]], on="credit_code")
    now = now[now["chain_id"].notna()]
    return now.merge(chains[["chain_id", "chain_name", "group_id"]], on="chain_id")


def _intensity_change(rows: pd.DataFrame, e: str = "energy", e0: str = "energy_base") -> float:
    return ((rows[e].sum() / rows[e0].sum()) / (rows["value_added"].sum() / rows["value_added_base"].sum())
            - 1) * 100


def _at(raw, period: str) -> pd.DataFrame:
    em = raw["enterprise_monthly"]
    return em[em["period"] == period]


# --------------------------------------------------------------------------------------------------
# chain output
# --------------------------------------------------------------------------------------------------
def test_chain_output_cluster_total_and_rows(make_ctx, cluster):
    t = chain.chain_output(make_ctx("chain_output"))
    v = t.values
    out_col, growth_col = "1-4月累计产值", "同比增长%"
    total = v.iloc[0]
    expected_out = cluster["gross_output"].sum() / 1e4
    expected_growth = (cluster["gross_output"].sum() / cluster["gross_output_base"].sum() - 1) * 100
    assert total[out_col] == pytest.approx(expected_out, rel=1e-12)
    assert total[growth_col] == pytest.approx(expected_growth, rel=1e-12)
    assert t.frame.iloc[0][out_col] == "417.9" and t.frame.iloc[0][growth_col] == "22.4"
    labels = list(v["产业链"])
    chain_rows = v[[str(x).startswith("#") for x in labels]]
    group_rows = v.iloc[1:][[not str(x).startswith("#") for x in labels[1:]]]
    assert len(chain_rows) == 12 and len(group_rows) == 6
    assert chain_rows[out_col].sum() == pytest.approx(expected_out)
    assert group_rows[out_col].sum() == pytest.approx(expected_out)
    nickel = _row(t, "产业链", "#镍及镍基新材料")
    c02 = cluster[cluster["chain_id"] == "C02"]
    assert nickel[growth_col] == pytest.approx((c02["gross_output"].sum() / c02["gross_output_base"].sum() - 1) * 100)
    assert nickel["企业数"] == c02["credit_code"].nunique()


def test_chain_contributions_identities(make_ctx, cluster):
    t = chain.chain_contributions(make_ctx("chain_output"))
    v = t.values
    total, parts = v.iloc[0], v.iloc[1:]
    growth = (cluster["gross_output"].sum() / cluster["gross_output_base"].sum() - 1) * 100
    assert parts["拉动(百分点)"].sum() == pytest.approx(growth, abs=1e-9)
    assert parts["贡献率%"].sum() == pytest.approx(100.0, abs=1e-9)
    assert total["同比增长%"] == pytest.approx(growth)
    inc = (cluster.groupby("chain_id")["gross_output"].sum() - cluster.groupby("chain_id")["gross_output_base"].sum())
    c01 = _row(t, "细分产业链", "铜")
    assert c01["贡献率%"] == pytest.approx(inc["C01"] / inc.sum() * 100)
    assert c01["拉动(百分点)"] == pytest.approx(inc["C01"] / cluster["gross_output_base"].sum() * 100)
    assert c01["占比%"] == pytest.approx(cluster.loc[cluster["chain_id"] == "C01", "gross_output"].sum()
                                        / cluster["gross_output"].sum() * 100)
    assert "划分" in t.note and "100%" in t.note


def test_top_movers_follow_top_n(make_ctx, cluster):
    t = chain.top_movers(make_ctx("chain_output", top_n=3))
    v = t.values
    inc = (cluster.set_index("credit_code")["gross_output"] - cluster.set_index("credit_code")["gross_output_base"])
    up = v[v["方向"] == "拉动"]
    assert len(up) == 3
    expected = cluster.set_index("credit_code").loc[inc.sort_values(ascending=False).index[:3], "name"]
    assert list(up["企业名称"]) == list(expected)
    down = v[v["方向"] == "拖累"]
    assert len(down) == min(3, int((inc < 0).sum()))
    assert (down["增量"] < 0).all()
    base = cluster["gross_output_base"].sum()
    assert up.iloc[0]["拉动(百分点)"] == pytest.approx(inc.max() / base * 100)


def test_county_output(make_ctx, cluster):
    t = chain.county_output(make_ctx("chain_output"))
    by = cluster.groupby("county")[["gross_output", "gross_output_base"]].sum()
    for county, r in by.iterrows():
        row = _row(t, "县区", county)
        assert row["产值"] == pytest.approx(r["gross_output"] / 1e4)
        assert row["同比增长%"] == pytest.approx((r["gross_output"] / r["gross_output_base"] - 1) * 100)
    assert t.values.iloc[1:]["拉动(百分点)"].sum() == pytest.approx(t.values.iloc[0]["同比增长%"])


def test_growth_by_chain_has_chart_and_target(make_ctx, raw, cluster):
    t = chain.growth_by_chain(make_ctx("chain_output"))
    tg = raw["targets"]
    target = float(tg[(tg["year"] == 2023) & (tg["indicator"] == "chain_output_growth")]["value"].iloc[0])
    assert t.chart is not None
    assert set(t.values["年度目标%"]) == {target}
    c10 = cluster[cluster["chain_id"] == "C10"]
    row = _row(t, "细分产业链", "光伏及新能源装备")
    g = (c10["gross_output"].sum() / c10["gross_output_base"].sum() - 1) * 100
    assert row["同比增长%"] == pytest.approx(g) and row["与目标差(百分点)"] == pytest.approx(g - target)


def test_material_balance_and_chain_map(make_ctx, raw):
    mf = raw["material_flows"]
    t = chain.material_balance_table(make_ctx("chain_output"))
    cu = mf[mf["product"] == "电解铜"]
    use = cu.loc[cu["user_code"].notna(), "quantity"].sum()
    both = cu.loc[cu["user_code"].notna() & cu["supplier_code"].notna(), "quantity"].sum()
    out = cu.loc[cu["supplier_code"].notna(), "quantity"].sum()
    row = _row(t, "产品", "电解铜")
    assert row["本地配套率%"] == pytest.approx(both / use * 100)
    assert row["富余(+)/缺口(−)"] == pytest.approx(out - use)
    assert len(t.values) == mf["product"].nunique()
    shown, edges = chain.chain_map_edges(make_ctx("chain_output"))
    assert shown.chart is not None and shown.display and not edges.display  # the diagram on the page
    pairs = mf.fillna({"supplier_code": "-", "user_code": "-"}).groupby(["supplier_code", "user_code", "product"])
    assert len(edges.values) == pairs.ngroups  # every link in the workbook
    assert edges.values["数量"].sum() == pytest.approx(mf["quantity"].sum())
    assert "市外" in set(edges.values["上游（供方）"])
    assert shown.values["供需关系"].sum() == pairs.ngroups


def test_group_filter(make_ctx, cluster):
    ctx = make_ctx("chain_output", group_id="G2")
    t = chain.chain_output(ctx)
    g2 = cluster[cluster["group_id"] == "G2"]
    assert t.values.iloc[0]["1-4月累计产值"] == pytest.approx(g2["gross_output"].sum() / 1e4)
    assert len(t.values) == 1 + 1 + g2["chain_id"].nunique()
    c = chain.chain_contributions(ctx)
    assert c.values.iloc[1:]["拉动(百分点)"].sum() == pytest.approx(
        (g2["gross_output"].sum() / g2["gross_output_base"].sum() - 1) * 100)
    mb = chain.material_balance_table(ctx)
    assert set(mb.values["产品"]) == {"硫酸", "液碱", "三元前驱体"}
    with pytest.raises(ParameterError, match="group_id.*'G9'.*allowed: G1"):
        chain.chain_output(make_ctx("chain_output", group_id="G9"))


def test_material_sections_without_flows(make_ctx, ds):
    empty = dataclasses.replace(ds, material_flows=ds.material_flows.iloc[0:0])
    for fn in (chain.material_balance_table, chain.chain_map_edges):
        with pytest.raises(NotComputable, match="material flows") as info:
            fn(make_ctx("chain_output", data=empty))
        assert "物料流向" in info.value.reason("zh")


# --------------------------------------------------------------------------------------------------
# investment
# --------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def year_projects(raw) -> pd.DataFrame:
    p = raw["projects"]
    p = p[p["year"] == 2023].copy()
    pm = raw["project_monthly"]
    inv = pm[pm["period"] == PERIOD].set_index("project_id")["investment"]
    p["completed"] = p["project_id"].map(inv).fillna(0.0)
    p["due"] = p["planned_start"] <= PERIOD
    p["done"] = p["actual_start"].notna() & (p["actual_start"].fillna("9999") <= PERIOD)
    return p


def test_investment_summary(make_ctx, year_projects):
    p = year_projects
    t = investment.investment_summary(make_ctx("investment"))
    values = dict(zip(t.values["指标"], t.values["数值"], strict=True))
    assert values["2023年重点工业项目"] == len(p) == 124
    rate = p.loc[p["due"], "done"].sum() / p["due"].sum() * 100
    assert values["开复工率"] == pytest.approx(rate) and rate == pytest.approx(84.0)
    assert values["本年完成投资"] == pytest.approx(p["completed"].sum() / 1e4)
    assert dict(zip(t.frame["指标"], t.frame["数值"], strict=True))["本年完成投资"] == "30.1"
    assert values["投资完成率"] == pytest.approx(p["completed"].sum() / p["annual_plan"].sum() * 100)
    annual = investment.investment_summary(make_ctx("investment", start_rate_denominator="annual"))
    values = dict(zip(annual.values["指标"], annual.values["数值"], strict=True))
    assert values["开复工率"] == pytest.approx(p["done"].sum() / len(p) * 100)
    assert "全年计划" in annual.note


def test_start_rates_by_county_and_chain(make_ctx, year_projects):
    p = year_projects
    t = investment.start_rates_by_county(make_ctx("investment"))
    for county, g in p.groupby("county"):
        row = _row(t, "县区", county)
        new = g[g["kind"] == "新建"]
        assert row["开复工率%"] == pytest.approx(g.loc[g["due"], "done"].sum() / g["due"].sum() * 100)
        if new["due"].any():
            assert row["开工率%"] == pytest.approx(new.loc[new["due"], "done"].sum() / new["due"].sum() * 100)
    c = investment.start_rates_by_chain(make_ctx("investment"))
    g = p[p["chain_id"] == "C07"]
    assert _row(c, "细分产业链", "氯碱化工")["开复工率%"] == pytest.approx(
        g.loc[g["due"], "done"].sum() / g["due"].sum() * 100)
    none = p[p["chain_id"].isna()]
    assert _row(c, "细分产业链", "未归属产业链")["新建项目"] == int((none["due"] & (none["kind"] == "新建")).sum())


def test_completion_by_county_and_chain(make_ctx, year_projects):
    p = year_projects
    t = investment.completion_by_county(make_ctx("investment"))
    assert t.chart is not None
    for county, g in p.groupby("county"):
        row = _row(t, "县区", county)
        assert row["本年完成投资"] == pytest.approx(g["completed"].sum() / 1e4)
        rate = g["completed"].sum() / g["annual_plan"].sum() * 100
        assert row["完成率%"] == pytest.approx(rate)
        assert row["进度差(百分点)"] == pytest.approx(rate - 400 / 12)
    c = investment.completion_by_chain(make_ctx("investment"))
    assert c.values.iloc[1:]["本年完成投资"].sum() == pytest.approx(p["completed"].sum() / 1e4)
    assert c.values.iloc[0]["本年完成投资"] == pytest.approx(30.1, abs=0.05)


def test_behind_plan_margin(make_ctx, year_projects):
    p = year_projects
    rate = p["completed"] / p["annual_plan"] * 100
    for margin in (5.0, 20.0):
        t = investment.behind_plan(make_ctx("investment", behind_margin_pp=margin))
        due = p["actual_start"].notna() & (p["actual_start"] <= PERIOD) | (p["planned_start"] <= PERIOD)
        expected = set(p.loc[(rate < 400 / 12 - margin) & due, "project_id"])  # not-due projects left out
        names = p.set_index("project_id")["name"]
        assert set(t.values["项目名称"]) == {names[i] for i in expected}
        assert list(t.values["进度差(百分点)"]) == sorted(t.values["进度差(百分点)"])
    assert investment.behind_plan(make_ctx("investment", behind_margin_pp=40.0)).values.empty


def test_new_starts(make_ctx, year_projects):
    t = investment.new_starts_this_month(make_ctx("investment"))
    expected = year_projects[year_projects["actual_start"] == PERIOD]
    assert set(t.values["项目名称"]) == set(expected["name"])
    assert len(t.values) == 14


# --------------------------------------------------------------------------------------------------
# energy intensity
# --------------------------------------------------------------------------------------------------
def test_intensity_summary(make_ctx, raw):
    t = energy.intensity_summary(make_ctx("energy_intensity"))
    full, ytd = t.values.iloc[0], t.values.iloc[1]
    dec = _at(raw, "2022-12")
    assert full["能耗强度变化%"] == pytest.approx(_intensity_change(dec), abs=1e-4)
    assert t.frame.iloc[0]["能耗强度变化%"] == "-6.0"
    assert full["综合能源消费量"] == pytest.approx(dec["energy"].sum() / 1e4, rel=1e-6)
    assert full["年度目标%"] == -3.0 and t.frame.iloc[0]["目标完成情况"] == "完成"
    assert ytd["能耗强度变化%"] == pytest.approx(_intensity_change(_at(raw, PERIOD)), abs=1e-4)
    assert "当量值" in t.title


def _equal_basis(rows: pd.DataFrame, rate: float, rate_base: float) -> pd.DataFrame:
    # 1万kWh = 1.229 tce at 当量值 and rate/100 tce at a coal rate of `rate` gce/kWh
    return rows.assign(e_eq=rows["energy"] + rows["electricity"] * (rate / 100 - 1.229),
                       e0_eq=rows["energy_base"] + rows["electricity_base"] * (rate_base / 100 - 1.229))


def test_equal_basis_uses_the_years_coal_rate(make_ctx, raw, ds):
    rates = raw["power_coal_rates"].set_index("year")["gce_per_kwh"]
    t = energy.intensity_summary(make_ctx("energy_intensity", electricity_basis="equal"))
    dec = _equal_basis(_at(raw, "2022-12"), rates[2022], rates[2021])
    assert t.values.iloc[0]["能耗强度变化%"] == pytest.approx(_intensity_change(dec, "e_eq", "e0_eq"), abs=1e-4)
    assert t.values.iloc[0]["综合能源消费量"] == pytest.approx(dec["e_eq"].sum() / 1e4, rel=1e-6)
    assert "等价值" in t.title
    # another coal rate in the data gives another figure: the rate is read, not assumed
    other = ds.power_coal_rates.assign(gce_per_kwh=[302.5, 250.0, 300.0])
    t2 = energy.intensity_summary(make_ctx("energy_intensity", electricity_basis="equal",
                                           data=dataclasses.replace(ds, power_coal_rates=other)))
    dec2 = _equal_basis(_at(raw, "2022-12"), 250.0, rates[2021])
    assert t2.values.iloc[0]["综合能源消费量"] == pytest.approx(dec2["e_eq"].sum() / 1e4, rel=1e-6)
    # 2021 needs the 2020 rate, which the demo does not have: not computed, no required decline
    plan = energy.plan_progress(make_ctx("energy_intensity", electricity_basis="equal"))
    assert dict(zip(plan.frame["项目"], plan.frame["数值"], strict=True))["2021年能耗强度变化（实际）"] == "--"
    assert "2021年无法计算" in plan.note


def test_one_energy_definition_whatever_the_coefficient_table(make_ctx, raw):
    # the intensity figures come from the reported energy; the coefficient table only changes the fuel check
    base = energy.intensity_summary(make_ctx("energy_intensity")).values
    v2020 = energy.intensity_summary(make_ctx("energy_intensity", coefficient_version="GB/T 2589-2020")).values
    pd.testing.assert_frame_equal(base, v2020)
    assert base.iloc[0]["能耗强度变化%"] == pytest.approx(_intensity_change(_at(raw, "2022-12")), rel=1e-9)
    check08 = energy.fuel_check(make_ctx("energy_intensity")).values
    check20 = energy.fuel_check(make_ctx("energy_intensity", coefficient_version="GB/T 2589-2020"))
    assert check20.values["按分品种折算"].sum() > check08["按分品种折算"].sum()  # natural gas 1.33, not 1.2143
    assert "GB/T 2589-2020" in check20.title
    assert check08["差额"].abs().max() < 0.1  # the demo's fuel data convert to the reported energy


def test_intensity_by_division(make_ctx, raw):
    t = energy.intensity_by_division(make_ctx("energy_intensity"))
    now = _at(raw, PERIOD).merge(raw["enterprises"][["credit_code", "industry_code"]], on="credit_code")
    now["division"] = now["industry_code"].str[:2]
    v = t.values
    assert v.iloc[1:]["综合能源消费量"].sum() == pytest.approx(v.iloc[0]["综合能源消费量"])
    assert v.iloc[0]["综合能源消费量"] == pytest.approx(now["energy"].sum(), rel=1e-6)
    d32 = now[now["division"] == "32"]
    row = _row(t, "行业", "有色金属冶炼和压延加工业")
    assert row["强度变化%（2023年1-4月）"] == pytest.approx(_intensity_change(d32), abs=1e-4)
    assert row["企业数"] == len(d32)


def test_lmdi_effects_add_to_the_change(make_ctx, raw):
    t = energy.lmdi_decomposition(make_ctx("energy_intensity"))
    dec = _at(raw, "2022-12")
    change = dec["energy"].sum() - dec["energy_base"].sum()
    total = t.values.iloc[0]
    effects = total["规模效应"] + total["结构效应"] + total["强度效应"]
    assert total["能耗变化"] == pytest.approx(change, abs=1.0)  # major users from fuels: within 0.004 tce each
    assert effects == pytest.approx(total["能耗变化"], abs=1e-6)
    parts = t.values.iloc[1:]
    assert (parts["规模效应"] + parts["结构效应"] + parts["强度效应"]).to_numpy() == pytest.approx(
        parts["能耗变化"].to_numpy(), abs=1e-6)
    assert total["规模效应"] > 0 > total["强度效应"]
    assert "之和等于能耗变化量" in t.note and t.chart is not None


def test_largest_users(make_ctx, raw):
    t = energy.largest_users(make_ctx("energy_intensity", top_n=5))
    now = _at(raw, PERIOD).merge(raw["enterprises"][["credit_code", "name"]], on="credit_code")
    top = now.sort_values("energy", ascending=False).head(5)
    assert list(t.values["企业名称"]) == list(top["name"])
    first = top.iloc[0]
    assert t.values.iloc[0]["单位增加值能耗"] == pytest.approx(first["energy"] / first["value_added"], rel=1e-6)


def test_plan_progress_required_decline(make_ctx, raw):
    t = energy.plan_progress(make_ctx("energy_intensity"))
    values = dict(zip(t.values["项目"], t.values["数值"], strict=True))
    c21, c22 = _intensity_change(_at(raw, "2021-12")), _intensity_change(_at(raw, "2022-12"))
    assert values["2021年能耗强度变化（实际）"] == pytest.approx(c21, abs=1e-4)
    assert values["2022年能耗强度变化（实际）"] == pytest.approx(c22, abs=1e-4)
    achieved = (1 + c21 / 100) * (1 + c22 / 100)
    required = (1 - ((1 - 0.135) / achieved) ** (1 / 3)) * 100
    assert values["2023-2025年年均还需下降"] == pytest.approx(required, abs=1e-4)
    assert values["规划期年均需下降（均衡）"] == pytest.approx((1 - 0.865 ** 0.2) * 100)


# --------------------------------------------------------------------------------------------------
# every section, in English
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("report, module", [("chain_output", chain), ("investment", investment),
                                            ("energy_intensity", energy)])
def test_english_headers(make_ctx, report, module):
    ctx = make_ctx(report, lang="en")
    for fn in module.SECTIONS:
        out = fn(ctx)
        for t in out if isinstance(out, list) else [out]:
            heads = [str(c) for c in t.frame.columns]
            assert not [h for h in heads if CJK.search(h)], f"{fn.__name__}: {heads}"
            assert list(t.values.columns) == heads
            assert not CJK.search(t.unit), f"{fn.__name__}: {t.unit}"


def test_overview_main_indicators_table_from_levels():
    from gxanalysis.reporting.context import ReportContext
    from gxanalysis.reporting.sections import overview

    em = pd.read_csv(demo_data_dir() / "enterprise_monthly.csv", encoding="utf-8")
    now, prev = em[em["period"] == "2023-04"], em[em["period"] == "2023-03"]
    t = overview.main_indicators(ReportContext("monthly_overview", period="2023-04"))
    v = t.values.set_index(t.values.columns[0])
    assert list(v.columns) == list(t.frame.columns[1:]), "the workbook's headers are the page's"
    v.columns = ["month", "ytd", "growth"]  # 本月, 1-4月累计, 同比增长
    go = v.iloc[0]
    assert go["ytd"] == pytest.approx(now["gross_output"].sum() / 1e4)
    assert go["growth"] == pytest.approx((now["gross_output"].sum() / now["gross_output_base"].sum() - 1) * 100)
    assert go["month"] == pytest.approx((now["gross_output"].sum() - prev["gross_output"].sum()) / 1e4)
    assert v.iloc[1]["ytd"] == pytest.approx(417.9, abs=0.005)  # the "2+4" cluster, an of-which row
    assert t.frame.iloc[1, 0].startswith("#")
    assert t.frame.iloc[2, 1] == "--" and t.frame.iloc[2, 3] == "15.1"  # value added: growth only
    feb = overview.main_indicators(ReportContext("monthly_overview", period="2023-02"))
    assert (feb.frame.iloc[:, 1] == "--").all()  # no single-month figures for 1–2月
