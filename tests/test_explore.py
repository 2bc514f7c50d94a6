"""The explorers, driven through their widgets without a browser: selection → the figures on screen.

Each test changes drop-downs and clicks rows of an :class:`~gxanalysis.reporting.explore.ui.ExplorerUI` as an
analyst would, then reads what the widgets show (the table's cells, the chart's bars and labels) and
compares it with the headline figures of :func:`gxanalysis.summary.headline_figures` and with plain-pandas
recomputations from the raw CSV files of the demo city (``tests/independent.py``), at several months.
"""

from __future__ import annotations

import functools
import io

import independent as ind
import numpy as np
import pandas as pd
import pytest

from gxanalysis.errors import ParameterError
from gxanalysis.indicators.display import format_growth, format_number
from gxanalysis.reporting.explore import EXPLORERS, explorer, report_command, show
from gxanalysis.reporting.explore.core import Column, ReportLink, View, view_workbook
from gxanalysis.reporting.explore.schedule import behind_since
from gxanalysis.reporting.explore.sessions import session
from gxanalysis.reporting.workbook import HEADER_ROW
from gxanalysis.summary import headline_figures

DEMO = ind.REPO / "data" / "demo"


@pytest.fixture(scope="module")
def raw():
    """The demo city's raw tables, read as text by the independent module."""
    d = ind.Data(DEMO)
    em = d.table("enterprise_monthly").copy()
    for c in ("value_added", "value_added_base", "gross_output", "gross_output_base", "product_output"):
        em[c] = ind.number(em[c])
    ent = d.table("enterprises").merge(d.table("chains")[["chain_id", "chain_name", "group_id", "group_name"]],
                                       on="chain_id", how="left")
    return d, em.merge(ent, on="credit_code", how="left")


@functools.cache
def headline(period: str):
    """The headline figures of a month (the library's one definition), computed once per test run."""
    return headline_figures(period, dataset=session().dataset)


def plain_pulls(rows: pd.DataFrame, key: str, cur: str = "value_added", base: str = "value_added_base"):
    """Growth, contribution and pull of each group, with plain pandas (Σ levels, increments over the total)."""
    g = rows.groupby(key)[[cur, base]].sum()
    tc, tb = rows[cur].sum(), rows[base].sum()
    inc = g[cur] - g[base]
    return pd.DataFrame({"growth": (g[cur] / g[base] - 1) * 100, "contribution": inc / (tc - tb) * 100,
                         "pull": inc / tb * 100})


def shown(ui) -> dict[str, dict[str, str]]:
    t = ui.displayed()
    return {r.iloc[0]: r.to_dict() for _, r in t.iterrows()}


# --------------------------------------------------------------------------------------------------
# growth
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("period", ["2022-06", "2022-12", "2023-03", "2023-04"])
def test_growth_by_county_equals_the_headline_and_plain_pandas(raw, period):
    _, em = raw
    ui = show("growth", period=period)
    table = shown(ui)
    head = headline(period)
    assert table["合计"]["同比增长%"] == head["va_growth_ytd"].display()
    assert ui.view.frame.loc[ui.view.frame["total"], "growth"].iloc[0] == pytest.approx(head.value("va_growth_ytd"),
                                                                                      abs=1e-12)
    rows = em[em["period"] == period]
    expected = plain_pulls(rows, "county")
    for county, r in expected.iterrows():
        assert table[county]["同比增长%"] == format_growth(r["growth"])
        assert table[county]["贡献率%"] == format_number(r["contribution"])
        assert table[county]["拉动(百分点)"] == format_number(r["pull"], 2)
    bars = dict(ui.chart_values())
    assert bars == pytest.approx(expected["pull"].to_dict(), abs=1e-9), "the chart shows the same rows' pulls"
    assert set(ui.chart_texts()) >= {format_number(v, 2) for v in expected["pull"]}


def test_growth_single_month_equals_the_headline(raw):
    ui = show("growth")
    for period in ("2023-03", "2023-04", "2022-11"):
        ui.select(period=period, scope="month")
        head = headline(period)
        assert shown(ui)["合计"]["同比增长%"] == head["va_growth_month"].display()
        ui.select(scope="ytd")


def test_growth_single_month_of_january_february_is_not_published():
    ui = show("growth", period="2023-02", scope="month")
    assert ui.view is None
    assert "1-2月合并发布" in ui.message and "1-2月合并发布" in ui.summary.value
    assert ui.displayed().empty


def test_growth_drill_down_chain_group_sub_chain_enterprise_and_back(raw):
    _, em = raw
    rows = em[em["period"] == "2023-04"]
    ui = show("growth", dimension="chain")
    groups = rows.assign(group_name=rows["group_name"].fillna("链群外企业"))
    expected = plain_pulls(groups, "group_name")
    table = shown(ui)
    for name, r in expected.iterrows():
        assert table[name]["拉动(百分点)"] == format_number(r["pull"], 2), name

    ui.click_label("有色金属新材料")
    assert [b.description for b in ui.crumbs.children] == ["金澜市", "› 有色金属新材料"]
    g1 = rows[rows["group_id"] == "G1"]
    expected = plain_pulls(g1, "chain_name")
    table = shown(ui)
    assert table["合计"]["同比增长%"] == format_growth((g1["value_added"].sum() / g1["value_added_base"].sum() - 1) * 100)
    for name, r in expected.iterrows():
        assert table[name]["贡献率%"] == format_number(r["contribution"]), name
    assert dict(ui.chart_values()) == pytest.approx(expected["pull"].to_dict(), abs=1e-9)
    v = ui.view.frame[~ui.view.frame["total"]]
    assert v["contribution"].sum() == pytest.approx(100.0) and v["pull"].sum() == pytest.approx(
        ui.view.frame.loc[ui.view.frame["total"], "growth"].iloc[0])

    ui.click_label("镍及镍基新材料")
    nickel = rows[rows["chain_id"] == "C02"]
    inc = (nickel["value_added"] - nickel["value_added_base"]) / nickel["value_added_base"].sum() * 100
    top = nickel.loc[inc.idxmax(), "name"]
    assert ui.displayed().iloc[1, 0] == top, "the enterprise pulling the chain most comes first"
    ui.order_box.value = False  # smallest first: the enterprises dragging the chain down
    bottom = nickel.loc[inc.idxmin(), "name"]
    assert ui.displayed().iloc[1, 0] == bottom

    ui.click_label(top)
    months = ui.displayed()
    assert months.iloc[-1, 0] == "2023年1-4月"
    one = em[(em["name"] == top)].sort_values("period")
    assert months.iloc[-1]["同比增长%"] == format_growth(
        (one["value_added"].iloc[-1] / one["value_added_base"].iloc[-1] - 1) * 100)

    ui.back(0)
    assert "有色金属新材料" in shown(ui) and len(ui.crumbs.children) == 1


def test_growth_pages_and_sorting_keep_table_and_chart_together():
    ui = show("growth", dimension="county")
    ui.click_label("澜东区")
    first = ui.displayed()
    assert len(first) == 26, "the total and 25 enterprises"
    ui.next_button.click()
    second = ui.displayed()
    assert second.iloc[0, 0] == "合计" and set(second.iloc[1:, 0]).isdisjoint(first.iloc[1:, 0])
    assert [label for label, _ in ui.chart_values()] == list(second.iloc[1:, 0]), "the chart shows the page"
    ui.sort_box.value = "growth"
    page = ui.rows[~ui.rows["total"].astype(bool)]
    values = page["growth"].dropna()
    assert list(values) == sorted(values, reverse=True) and ui.page_number == 0
    assert [label for label, _ in ui.chart_values()] == list(page["label"])


def test_growth_english_labels():
    ui = show("growth", lang="en")
    headers = list(ui.displayed().columns)
    assert headers[0] == "County" and "YoY %" in headers and "Pull (pp)" in headers
    assert ui.controls["scope"].description == "Period"


def test_growth_report_command_uses_the_report_schema():
    ui = show("growth", dimension="chain", period="2023-03")
    ui.click_label("有色金属新材料")
    cmd = ui.make_report()
    assert cmd.command == "gx report --period 2023-03 --reports chain_output -p group_id=G1"
    assert cmd.params.group_id == "G1" and "gx report" in ui.output.value
    ui.back(0)
    ui.select(dimension="county")
    assert ui.make_report().command == "gx report --period 2023-03 --reports monthly_overview"


def test_growth_explorer_matches_the_chain_report_section():
    """"Make this a report" leads to the same figures: the chain report's sub-chain contributions."""
    from gxanalysis.reporting.context import ReportContext
    from gxanalysis.reporting.sections import chain

    ex = explorer("growth")
    sel = {"period": "2023-04", "dimension": "chain", "measure": "gross_output"}
    v = ex.view(sel, ex.drill(ex.view(sel), (), "G1"))
    ctx = ReportContext("chain_output", dataset=session().dataset, period="2023-04", group_id="G1")
    section = chain.chain_contributions(ctx).values
    report = dict(zip(section["细分产业链"], section["拉动(百分点)"], strict=True))
    mine = dict(zip(v.frame["label"], v.frame["pull"], strict=True))
    for name, pull in report.items():
        if name != "合计":
            assert mine[name] == pytest.approx(pull, abs=1e-12), name


# --------------------------------------------------------------------------------------------------
# capacity and schedule
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("period", ["2022-09", "2023-02", "2023-04"])
def test_schedule_behind_counts_equal_the_headline_and_plain_pandas(raw, period):
    d, em = raw
    ui = show("schedule", period=period)
    head = headline(period)
    table = shown(ui)
    assert int(table["合计"]["滞后"]) == head.value("monitoring_daily")
    behind = ind.behind_schedule(d, period)
    rows = em[em["period"] == period]
    for county, n in rows[rows["credit_code"].isin(behind)].groupby("county").size().items():
        assert int(table[county]["滞后"]) == n, county
    assert dict(ui.chart_values()) == {c: float(table[c]["滞后"]) for c in table if c != "合计"}


def test_schedule_behind_since_and_how_far(raw):
    d, em = raw
    ui = show("schedule", period="2023-04")
    ui.click_label("永宁县")
    t = ui.displayed()
    behind = {m: ind.behind_schedule(d, m) for m in ("2023-02", "2023-03", "2023-04")}
    names = em.drop_duplicates("credit_code").set_index("credit_code")["name"]
    for code in behind["2023-04"]:
        if names[code] not in set(t.iloc[:, 0]):
            continue
        run = 0
        for m in ("2023-04", "2023-03", "2023-02"):
            if code in behind[m]:
                run += 1
            else:
                break
        row = t[t.iloc[:, 0] == names[code]].iloc[0]
        assert int(row["连续滞后(期)"]) == run
        since = {1: "2023年4月", 2: "2023年3月", 3: "2023年2月"}[run]
        assert row["滞后起始"] == since
    gaps = [float(x) for x in t["进度差(百分点)"]]
    assert gaps == sorted(gaps), "most behind first"


def test_behind_since_counts_an_unbroken_run_only():
    from gxanalysis.periods import Month

    s = {Month(2023, 2): pd.Series({"a": "behind", "b": "behind"}),
         Month(2023, 3): pd.Series({"a": "on_track", "b": "behind"}),
         Month(2023, 4): pd.Series({"a": "behind", "b": "seriously_behind", "c": "ahead"})}
    r = behind_since(s, Month(2023, 4))
    assert r.loc["a", "releases"] == 1 and str(r.loc["a", "since"]) == "2023-04"
    assert r.loc["b", "releases"] == 3 and str(r.loc["b", "since"]) == "2023-02"
    assert "c" not in r.index


@pytest.mark.parametrize("period", ["2022-12", "2023-04"])
def test_capacity_attainment_equals_the_headline_and_plain_pandas(raw, period):
    d, em = raw
    ui = show("schedule", period=period, topic="capacity", dimension="county")
    head = headline(period)
    table = shown(ui)
    assert table["合计"]["平均达产率%"] == head["capacity_attainment_mean"].display()
    ent = d.table("enterprises").assign(cap=lambda x: ind.number(x["design_capacity"]))
    rows = em[em["period"] == period].merge(ent[["credit_code", "cap"]], on="credit_code")
    rows = rows[rows["cap"] > 0]
    att = rows["product_output"] / (rows["cap"] * int(period[-2:]) / 12) * 100
    for county, mean in att.groupby(rows["county"]).mean().items():
        assert table[county]["平均达产率%"] == format_number(mean), county


def test_capacity_by_month_then_who_pulled_it_down(raw):
    d, em = raw
    ui = show("schedule", period="2023-04", topic="capacity", dimension="month")
    assert ui.view.chart_kind == "line" and ui.displayed().iloc[-1, 0] == "2023年1-4月"
    ui.click_label("2023年一季度")
    t = ui.view.rows()
    ent = d.table("enterprises").assign(cap=lambda x: ind.number(x["design_capacity"]))
    cap = ent.set_index("credit_code")["cap"]

    def rate(m: str, n: int) -> pd.Series:
        r = em[em["period"] == m].set_index("credit_code")
        c = cap.reindex(r.index)
        return (r["product_output"] / (c * n / 12) * 100)[c > 0]

    change = (rate("2023-03", 3) - rate("2023-02", 2)).dropna()
    names = em.drop_duplicates("credit_code").set_index("credit_code")["name"]
    worst = names[change.idxmin()]
    assert t["label"].iloc[0] == worst, "the largest fall first"
    assert t["change"].iloc[0] == pytest.approx(change.min(), abs=1e-9)


# --------------------------------------------------------------------------------------------------
# projects
# --------------------------------------------------------------------------------------------------
def test_projects_by_county_equal_the_headline_and_drill_to_projects(raw):
    d, _ = raw
    ui = show("projects", period="2023-04")
    head = headline("2023-04")
    table = shown(ui)
    assert table["合计"]["开复工率%"] == head["start_resume_rate"].display() == "84.0"
    assert table["合计"]["完成投资(亿元)"] == head["investment_completed"].display() == "30.1"
    pr = d.table("projects")
    pr = pr[pr["year"] == 2023]
    pm = d.table("project_monthly")
    inv = pm[pm["period"] == "2023-04"].assign(x=lambda x: ind.number(x["investment"])).set_index("project_id")["x"]
    plan = pr.assign(p=ind.number(pr["annual_plan"])).set_index("project_id")["p"]
    done = inv.reindex(plan.index).fillna(0.0)
    by_county = pd.DataFrame({"plan": plan, "done": done, "county": pr.set_index("project_id")["county"]})
    for county, g in by_county.groupby("county"):
        assert table[county]["投资完成率%"] == format_number(g["done"].sum() / g["plan"].sum() * 100), county
        assert int(table[county]["项目数"]) == len(g)
    ui.click_label("永宁县")
    projects_shown = ui.view.rows()
    assert len(projects_shown) == int(table["永宁县"]["项目数"])
    gaps = projects_shown["gap"].to_numpy(dtype=float)
    assert list(gaps) == sorted(gaps), "the projects furthest behind first"
    assert (projects_shown["behind"] == "滞后").sum() == int(table["永宁县"]["滞后项目"])


def test_projects_margin_and_denominator_reach_the_report_command():
    ui = show("projects", period="2023-04")
    ui.select(margin=10.0, denominator="annual")
    assert ui.make_report().command == ("gx report --period 2023-04 --reports investment "
                                        "-p start_rate_denominator=annual -p behind_margin_pp=10.0")


# --------------------------------------------------------------------------------------------------
# energy
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("period", "figure"), [("2022-12", "energy_intensity_change"),
                                                ("2023-04", "energy_intensity_change_ytd")])
def test_energy_intensity_equals_the_headline(period, figure):
    ui = show("energy", period=period)
    head = headline("2023-04")
    assert shown(ui)["合计"]["能耗强度变化%"] == head[figure].display()


def test_energy_lmdi_adds_up_and_matches_the_energy_report():
    from gxanalysis.reporting.context import ReportContext
    from gxanalysis.reporting.sections import energy as energy_sections

    ui = show("energy", period="2022-12", view="lmdi")
    f = ui.view.frame
    total = f[f["total"]].iloc[0]
    assert total[["activity", "structure", "intensity_effect"]].sum() == pytest.approx(total["change"], rel=1e-12)
    ctx = ReportContext("energy_intensity", dataset=session().dataset, period="2023-04")
    report = energy_sections.lmdi_decomposition(ctx).values
    rep_total = report.iloc[0]
    assert total["activity"] == pytest.approx(rep_total["规模效应"], rel=1e-12)
    assert total["intensity_effect"] == pytest.approx(rep_total["强度效应"], rel=1e-12)
    ui.click_label("有色金属冶炼和压延加工业")
    sub = ui.view.frame
    sub_total = sub[sub["total"]].iloc[0]
    assert sub_total["change"] == pytest.approx(f.loc[f["label"] == "有色金属冶炼和压延加工业", "change"].iloc[0])


def test_energy_basis_changes_the_figures():
    ui = show("energy", period="2023-04")
    equivalent = shown(ui)["合计"]["综合能源消费量(吨标准煤)"]
    ui.select(basis="equal")
    assert shown(ui)["合计"]["综合能源消费量(吨标准煤)"] != equivalent
    assert ui.make_report().command == ("gx report --period 2023-04 --reports energy_intensity "
                                        "-p electricity_basis=equal")


# --------------------------------------------------------------------------------------------------
# what every explorer shares
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(EXPLORERS))
def test_every_explorer_opens_drills_exports_and_goes_back(name):
    ui = show(name)
    assert ui.view is not None, ui.message
    assert not ui.displayed().empty and ui.chart_values()
    ui.click_row(next(i for i, k in enumerate(ui.rows["key"]) if pd.notna(k)))
    assert len(ui.crumbs.children) == 2 and ui.view is not None
    data = ui.export_excel()
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    sheet = wb.worksheets[-1]  # the cover, the contents, then the view's table
    assert [c.value for c in sheet[HEADER_ROW + 1]] == [c.label for c in ui.view.columns]
    assert ui.export_png()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "download=" in ui.output.value and "data:image/png;base64," in ui.output.value
    ui.back(0)
    assert len(ui.crumbs.children) == 1


def test_excel_export_never_writes_a_formula():
    frame = pd.DataFrame({"label": ['=HYPERLINK("http://x","y")', "+1+2"], "v": [1.5, 2.25], "key": None,
                          "total": False})
    v = View("t", "s", [Column("label", "名称", "text"), Column("v", "值")], frame)
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(view_workbook(v))).worksheets[-1]
    first = HEADER_ROW + 2  # openpyxl counts rows from 1
    cells = [ws.cell(row=r, column=1) for r in (first, first + 1)]
    assert [c.value for c in cells] == ['=HYPERLINK("http://x","y")', "+1+2"]
    assert all(c.data_type == "s" for c in cells)
    assert ws.cell(row=first + 1, column=2).value == 2.25, "numbers unrounded"


def test_names_from_the_data_are_escaped_in_table_and_chart():
    frame = pd.DataFrame({"label": ["<b>x</b>", "$\\alpha$"], "v": [1.0, -2.0], "key": ["a", "b"],
                          "total": False})
    v = View("t", "s", [Column("label", "名称", "text"), Column("v", "值")], frame, child="x",
             chart_columns=["v"], chart_column="v")
    from gxanalysis.reporting.explore.core import svg_chart, table_html

    html_ = table_html(v, v.rows()) + svg_chart(v, v.rows())
    assert "<b>x</b>" not in html_ and "&lt;b&gt;x&lt;/b&gt;" in html_ and "$\\alpha$" in html_


def test_session_is_loaded_once(monkeypatch):
    import gxanalysis.data.dataset as dataset
    from gxanalysis.reporting.explore import sessions as session_module

    s = session()
    calls = []
    monkeypatch.setattr(dataset, "load_dataset", lambda *a, **k: calls.append(a) or s.dataset)
    ui = show("growth")
    ui.select(dimension="chain")
    ui.select(period="2023-03")
    assert session_module.session() is s and calls == []


def test_unknown_selection_is_refused_with_the_allowed_values():
    ex = explorer("growth")
    with pytest.raises(ParameterError, match="allowed: county, division, chain"):
        ex.view({"dimension": "province"})
    with pytest.raises(ParameterError, match="no selection 'colour'"):
        ex.view({"colour": "red"})


def test_report_command_names_another_data_folder(tmp_path):
    cmd = report_command(ReportLink("investment", {}), period="2023-04", data_dir=tmp_path / "bureau data")
    assert cmd.argv[6:8] == ("--data", str(tmp_path / "bureau data"))
    assert f'--data "{tmp_path / "bureau data"}"' in cmd.command
    with pytest.raises(ParameterError, match="behind_margin_pp"):
        report_command(ReportLink("investment", {"behind_margin_pp": 99.0}), period="2023-04")


def test_labs_series_of_the_city_and_a_county_are_the_explorers_figures():
    from gxanalysis.reporting.labs import growth_series

    city = growth_series("city")
    assert city.frame.loc[pd.Period("2023-04", "M"), "ytd"] == pytest.approx(
        headline("2023-04").value("va_growth_ytd"), abs=1e-9)
    county = growth_series("county", "永宁县")
    v = explorer("growth").view({"period": "2023-04"})
    assert county.frame.loc[pd.Period("2023-04", "M"), "ytd"] == pytest.approx(
        v.frame.loc[v.frame["label"] == "永宁县", "growth"].iloc[0], abs=1e-9)
    with pytest.raises(ParameterError, match="counties: "):
        growth_series("county", "不存在县")


def test_lmdi_lab_effects_add_up_by_every_grouping():
    from gxanalysis.reporting.labs import LmdiLab

    for by in ("division", "county", "chain", "key"):
        lab = LmdiLab(years="2022", by=by)
        r = lab.results[2022]
        assert r.effects.sum() == pytest.approx(r.total, rel=1e-12)
        assert r.by_sector.sum().sum() == pytest.approx(r.total, rel=1e-12)
    assert LmdiLab(years="2022", by="key").results[2022].total == pytest.approx(
        LmdiLab(years="2022").results[2022].total, rel=1e-12), "the same change, however it is grouped"


def test_material_balance_lab_and_its_flow_diagram():
    from gxanalysis.indicators import material_balance
    from gxanalysis.reporting.labs import MaterialBalanceLab

    lab = MaterialBalanceLab(chain="铜")
    flows = session().dataset.material_flows
    year = int(pd.to_numeric(flows["year"]).max())
    expected = material_balance.material_balance(flows[(flows["year"] == year) & (flows["chain_id"] == "C01")])
    assert lab.balance["local_supply_rate"].to_dict() == expected["local_supply_rate"].to_dict()
    fig = lab.plot_flows()
    labels = [t.get_text() for t in fig.axes[0].texts]
    e = lab.edges()
    for name, q in e.groupby("supplier_name")["quantity"].sum().nlargest(3).items():
        assert f"{name}  {format_number(q, 0, thousands=True)}" in labels
    assert np.isclose(e["quantity"].sum(), lab.balance.loc[(lab.product, e["unit"].iloc[0]), "local_output"]
                      + e.loc[e["supplier_code"] == material_balance.EXTERNAL, "quantity"].sum())


def test_gx_app_refuses_invalid_data_before_serving(tmp_path, capsys):
    from gxanalysis.cli import main

    (tmp_path / "enterprises.csv").write_text("credit_code,name\n", encoding="utf-8")
    assert main(["app", "--no-browser", "--data", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("gx app: ") and "enterprise_monthly" in err


def test_landing_page_lists_the_explorers_in_chinese():
    from gxanalysis.reporting.app import landing_page

    page = landing_page(data_dir=DEMO, latest="2023-04")
    for name, title in (("growth", "增速与贡献"), ("schedule", "达产率与序时进度"), ("projects", "重点项目"),
                        ("energy", "能耗与LMDI分解")):
        assert f"href='voila/render/{name}.ipynb'" in page and title in page
    assert "http" not in page.replace("http-equiv", ""), "nothing loaded from elsewhere"


@pytest.mark.parametrize("period", ["2022-06", "2023-04"])
def test_projects_progress_classes_use_each_projects_start(period):
    from gxanalysis.indicators import projects
    from gxanalysis.periods import Month

    per = explorer("projects")._per_project(Month.parse(period))
    sr = projects.start_rates(session().dataset.projects, Month.parse(period), denominator="annual", by="project_id")
    assert per["started"].tolist() == ((sr["new_started"] + sr["ongoing_resumed"]) > 0).reindex(per.index).tolist()
    assert (per.loc[~per["started"], "status_key"] == "not_started").all()
