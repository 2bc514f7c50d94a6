"""The monthly overview's sections, each figure checked against a plain-pandas computation on the demo CSVs."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

import gxanalysis
from gxanalysis.config import demo_data_dir
from gxanalysis.data.dataset import load_dataset
from gxanalysis.reporting.context import ReportContext
from gxanalysis.reporting.sections import overview

PERIOD = "2023-04"


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


@pytest.fixture(scope="module")
def csv():
    text = {"credit_code": str, "period": str, "industry_code": str, "city": str}
    return {n: pd.read_csv(demo_data_dir() / f"{n}.csv", encoding="utf-8", dtype=text)
            for n in ("city_growth", "enterprises", "enterprise_monthly", "enterprise_targets", "daily_records",
                      "problems", "supervision_tasks", "base_stations", "cities")}


@pytest.fixture(scope="module")
def ctx(ds):
    return ReportContext("monthly_overview", period=PERIOD, dataset=ds)


def _half_up(x: float) -> float:
    return float(Decimal(repr(float(x))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def test_province_ranking_on_published_figures(ctx, csv):
    cg = csv["city_growth"]
    now = cg[cg["period"] == PERIOD].copy()
    now["published"] = now["va_growth_ytd"].map(_half_up)
    now["rank"] = now["published"].rank(method="min", ascending=False).astype(int)
    t = overview.province_ranking(ctx).values
    got = dict(zip(t["城市"].str.lstrip("★"), t["累计排名"], strict=True))
    assert got == dict(zip(now["city"], now["rank"], strict=True))
    home = csv["cities"].loc[csv["cities"]["is_home"].astype(str).str.lower() == "true", "city"].iloc[0]
    assert got[home] == 1 and t.iloc[0]["城市"] == f"★{home}"


def _published_at(frame: pd.DataFrame, period: str, column: str) -> float | None:
    sel = frame.loc[frame["period"] == period, column]
    return None if sel.empty or pd.isna(sel.iloc[0]) else _half_up(sel.iloc[0])


@pytest.mark.parametrize("period", ["2022-02", "2022-03", "2022-07", "2022-12", "2023-02", "2023-03", "2023-04"])
def test_growth_vs_province_from_the_csvs(ds, csv, period):
    """当月 and 累计: the city's growth and change from levels (the independent computation), the province and
    the gap from the published figures in tenths of a point."""
    from independent import headline_figures as independent_figures

    cg, cities = csv["city_growth"], csv["cities"]
    home = cities.loc[cities["is_home"].astype(str).str.lower() == "true", "city"].iloc[0]
    mine = cg[cg["city"] == home]
    prov = pd.read_csv(demo_data_dir() / "province_growth.csv", encoding="utf-8", dtype={"period": str})
    year, mon = int(period[:4]), int(period[5:])
    before = f"{year - 1}-12" if mon == 2 else f"{year}-{mon - 1:02d}"
    now_f, before_f = independent_figures(demo_data_dir(), period), independent_figures(demo_data_dir(), before)
    t = overview.growth_vs_province(ReportContext("monthly_overview", period=period, dataset=ds)).values

    def check(row, column, previous_column):
        value, p = _published_at(mine, period, column), _published_at(prov, period, column)
        assert t.iloc[row]["本市增速"] == pytest.approx(now_f[column].value, abs=1e-9)
        assert t.iloc[row]["比上期(百分点)"] == pytest.approx(
            now_f[column].value - before_f[previous_column].value, abs=1e-9)
        assert t.iloc[row]["全省增速"] == p
        assert round(t.iloc[row]["高于全省(百分点)"] * 10) == round(value * 10) - round(p * 10)

    check(1, "va_growth_ytd", "va_growth_ytd")
    if mon == 2:
        assert t.iloc[0][["本市增速", "全省增速", "高于全省(百分点)", "比上期(百分点)"]].isna().all()
    else:
        check(0, "va_growth_month", "va_growth_ytd" if mon == 3 else "va_growth_month")


def test_growth_vs_province_without_the_province_table(ds):
    """An optional table left out: the city's figures stay, the province's are "--" with the reason."""
    import dataclasses

    from gxanalysis.data.schema import TABLES_BY_NAME
    from gxanalysis.data.validate import empty_frame

    bare = dataclasses.replace(ds, province_growth=empty_frame(TABLES_BY_NAME["province_growth"]))
    t = overview.growth_vs_province(ReportContext("monthly_overview", period=PERIOD, dataset=bare))
    assert [round(v, 1) for v in t.values["本市增速"]] == [14.6, 15.1]
    assert t.values["全省增速"].isna().all() and (t.frame["全省增速"] == "--").all()
    assert "未提供全省增速" in t.note


def test_growth_trend_lists_every_release_of_two_years(ctx):
    t = overview.growth_trend(ctx).values
    expected = ["2022年1-2月", "2022年一季度"] + [f"2022年1-{m}月" for m in (4, 5)] + ["2022年上半年"] + \
        [f"2022年1-{m}月" for m in (7, 8)] + ["2022年前三季度"] + [f"2022年1-{m}月" for m in (10, 11)] + \
        ["2022年全年", "2023年1-2月", "2023年一季度", "2023年1-4月"]
    assert list(t["时期"]) == expected
    assert set(t["全省排名"]) == {1}


def test_capacity_attainment_by_division_is_the_simple_mean(ctx, csv):
    e, m = csv["enterprises"], csv["enterprise_monthly"]
    now = m[m["period"] == PERIOD].merge(e, on="credit_code")
    now = now[now["design_capacity"] > 0]
    now["att"] = now["product_output"] / (now["design_capacity"] * 4 / 12) * 100
    now["div"] = now["industry_code"].str[:2]
    t = overview.capacity_attainment(ctx).values.set_index("行业")
    names = pd.read_csv(Path(gxanalysis.__file__).parent / "resources" / "gb4754_divisions.csv", dtype=str,
                        encoding="utf-8").set_index("code")["name_zh"]
    for div, g in now.groupby("div"):
        assert t.loc[names[div], "平均达产率"] == pytest.approx(g["att"].mean())
        assert t.loc[names[div], "企业数"] == len(g)
    assert t.loc["合计", "平均达产率"] == pytest.approx(now["att"].mean())
    assert _half_up(now["att"].mean()) == 98.0


def _gaps(csv) -> pd.DataFrame:
    e, m, tg = csv["enterprises"], csv["enterprise_monthly"], csv["enterprise_targets"]
    now = m[m["period"] == PERIOD][["credit_code", "gross_output"]]
    t = tg[tg["year"] == 2023][["credit_code", "output_target"]]
    d = now.merge(t, on="credit_code").merge(e[["credit_code", "is_key"]], on="credit_code")
    d["gap"] = d["gross_output"] / d["output_target"] * 100 - 4 / 12 * 100
    return d


def test_monitoring_cadence_counts_and_daily_list(ctx, csv):
    d = _gaps(csv)
    behind = d[d["gap"] < 0]
    key = d["is_key"].astype(str).str.lower() == "true"
    t = overview.monitoring_cadence(ctx).values
    assert list(t["企业数"]) == [len(behind), int((key & (d["gap"] >= 0)).sum()), int((~key & (d["gap"] >= 0)).sum())]
    assert t["1-4月累计产值"].iloc[0] == pytest.approx(behind["gross_output"].sum() / 1e4)
    lst = overview.behind_schedule(ctx).values
    assert len(lst) == len(behind)
    assert sorted(lst["进度差(百分点)"]) == pytest.approx(sorted(behind["gap"]))


def test_daily_progress_ends_the_month_at_the_monthly_figure(ctx, csv):
    d = _gaps(csv)
    behind = set(d.loc[d["gap"] < 0, "credit_code"])
    t = overview.daily_progress(ctx).values.set_index("企业名称")
    names = csv["enterprises"].set_index("credit_code")["name"]
    assert len(t) == len(behind)
    assert [c for c in t.columns if c.startswith("截至")][-1] == "截至4月30日"
    # daily records sum to the April output, so the month-end completion equals the monthly one, and the
    # month-end gap is that completion less the day-based time progress
    for code in behind:
        row = d.loc[d["credit_code"] == code].iloc[0]
        expected = row["gross_output"] / row["output_target"] * 100
        assert t.loc[names[code], "年度目标完成率"] == pytest.approx(expected, abs=1e-3)
        assert t.loc[names[code], "截至4月30日"] == pytest.approx(expected - 120 / 365 * 100, abs=1e-3)


def test_outlook_required_growth_and_forecast(ctx, csv):
    m = csv["enterprise_monthly"]
    now, dec = m[m["period"] == PERIOD], m[m["period"] == "2022-12"]
    base_total = dec[dec["credit_code"].isin(now["credit_code"])]["value_added"].sum()
    base_done, g = now["value_added_base"].sum(), now["value_added"].sum() / now["value_added_base"].sum() - 1
    required = ((1.10 * base_total - (1 + g) * base_done) / (base_total - base_done) - 1) * 100
    t = overview.outlook(ctx).values.set_index("项目")
    assert t.iloc[4]["数值"] == pytest.approx(required)
    assert t.iloc[1]["数值"] == pytest.approx(g * 100)
    fc = t.iloc[2]
    assert fc["区间下限"] < fc["数值"] < fc["区间上限"]
    assert 0 <= t.iloc[3]["数值"] <= 100


def test_problems_and_supervision(ctx, csv):
    p = overview.problems(ctx).values
    total = p[p["责任部门"] == "合计"].iloc[0]
    assert (total["交办问题"], total["已办结"], total["办结率"]) == (91, 91, pytest.approx(100.0))
    assert p[p["责任部门"] != "合计"]["交办问题"].sum() == 91
    s = overview.supervision(ctx).values
    tasks = csv["supervision_tasks"]
    due = pd.to_datetime(tasks["due_date"])
    done = pd.to_datetime(tasks["completed_date"]) <= pd.Timestamp("2023-04-30")
    red = (~done) & (due < pd.Timestamp("2023-04-30"))
    yellow = (~done) & (due >= pd.Timestamp("2023-04-30")) & (due <= pd.Timestamp("2023-05-15"))
    assert (s["等级"] == "红").sum() == red.sum() == 3
    assert (s["等级"] == "黄").sum() == yellow.sum() == 4
    assert len(s) == 19


def test_upgrading_5g_by_county(ctx, csv):
    bs = csv["base_stations"]
    t = overview.upgrading(ctx).values.set_index("项目")
    now = bs[bs["period"] == PERIOD].set_index("county")["stations"]
    dec = bs[bs["period"] == "2022-12"].set_index("county")["stations"]
    for county in now.index:
        assert t.loc[f"5G基站（{county}）", "总数"] == now[county]
        assert t.loc[f"5G基站（{county}）", "2023年新增"] == now[county] - dec[county]
    assert (t.loc["5G基站（合计）", "总数"], t.loc["5G基站（合计）", "2023年新增"]) == (1075, 72)
    assert t.loc["专精特新中小企业（省级）", "2023年新增"] == 10
