"""The demo city: determinism, the data contract's structural rules, and the calibrated figures F1–F11.

Every figure is recomputed here with plain pandas from the committed CSV files in ``data/demo``,
independently of gxanalysis' indicator code, with the definitions listed in ``data/demo/README.md``.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from stdnum.cn import uscc

from gxanalysis import config
from gxanalysis.data import demo
from gxanalysis.data.schema import TABLES

DEMO = config.demo_data_dir()
CSV_FILES = [f"{t.name}.csv" for t in TABLES]
# columns read as text (codes keep leading zeros, blanks stay blank)
TEXT = {"credit_code": str, "supplier_code": str, "user_code": str, "industry_code": str, "chain_id": str,
        "group_kind": str, "period": str, "project_id": str}


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DEMO / f"{name}.csv", encoding="utf-8", dtype=TEXT, keep_default_na=False,
                       na_values=[""])


@pytest.fixture(scope="module")
def monthly() -> pd.DataFrame:
    return read("enterprise_monthly")


@pytest.fixture(scope="module")
def enterprises() -> pd.DataFrame:
    return read("enterprises")


def half_up(x: float, ndigits: int = 1) -> float:
    return float(Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-ndigits), rounding=ROUND_HALF_UP))


# --- files and determinism ----------------------------------------------------------------------------
def test_committed_files_exist_and_are_small() -> None:
    sizes = {f: (DEMO / f).stat().st_size for f in [*CSV_FILES, "README.md"]}
    assert sum(sizes.values()) < 3_000_000


def test_same_seed_gives_identical_bytes_and_matches_committed_files(tmp_path: Path) -> None:
    a = demo.write_demo_data(tmp_path / "a")
    b = demo.write_demo_data(tmp_path / "b", seed=demo.DEFAULT_SEED)
    for name in [*CSV_FILES, "README.md"]:
        data = (a / name).read_bytes()
        assert data == (b / name).read_bytes(), name
        assert data == (DEMO / name).read_bytes(), f"data/demo/{name} is stale: run `gx demo-data`"


def test_different_seed_gives_different_data_with_the_same_calibration() -> None:
    tables = demo.generate_demo_tables(seed=7)
    m = tables["enterprise_monthly"]
    assert not m.equals(read("enterprise_monthly"))
    apr = m[m["period"] == "2023-04"]
    assert apr["value_added"].sum() / apr["value_added_base"].sum() * 100 - 100 == pytest.approx(15.10, abs=0.02)
    inv = tables["project_monthly"]
    assert inv.loc[inv["period"] == "2023-04", "investment"].sum() == pytest.approx(301_000, abs=40)


def test_csv_format() -> None:
    for t in TABLES:
        raw = (DEMO / f"{t.name}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), t.name
        assert b"\r" not in raw and raw.endswith(b"\n"), t.name
        assert raw.decode("utf-8").split("\n", 1)[0].split(",") == t.column_names
    flags = read("enterprises")["is_key"]
    assert set(flags.astype(str).str.lower()) == {"true", "false"}


def test_generate_demo_tables_matches_schema_columns() -> None:
    tables = demo.generate_demo_tables()
    assert list(tables) == [t.name for t in TABLES]
    for t in TABLES:
        assert list(tables[t.name].columns) == t.column_names, t.name


# --- structural rules -------------------------------------------------------------------------------------
def test_credit_codes_pass_the_check_digit(enterprises: pd.DataFrame) -> None:
    codes = enterprises["credit_code"]
    assert codes.is_unique
    assert all(uscc.is_valid(c) for c in codes)
    assert codes.str[2:8].isin(["660302", "660303", "660321", "660322", "660323"]).all()


def test_no_january_rows_and_months_in_range(monthly: pd.DataFrame) -> None:
    for name in ("enterprise_monthly", "project_monthly", "energy_by_fuel", "city_growth"):
        periods = read(name)["period"]
        assert not periods.str.endswith("-01").any(), name
        assert periods.min() >= "2021-02" and periods.max() == "2023-04", name


def test_base_is_last_years_own_ytd(monthly: pd.DataFrame) -> None:
    m = monthly.copy()
    m["prev"] = (m["period"].str[:4].astype(int) - 1).astype(str) + m["period"].str[4:]
    last = m.drop(columns="prev").rename(columns=lambda c: f"{c}_ly")
    joined = m.merge(last, how="left", left_on=["credit_code", "prev"], right_on=["credit_code_ly", "period_ly"])
    has_prev = joined["gross_output_ly"].notna()
    assert has_prev.sum() > 0.9 * (m["period"] >= "2022").sum()
    for col in ("gross_output", "value_added", "revenue", "profit", "electricity", "energy"):
        pd.testing.assert_series_equal(joined.loc[has_prev, f"{col}_base"], joined.loc[has_prev, f"{col}_ly"],
                                       check_names=False)
    # rows without a row a year earlier: new plants (base 0) or firms above the threshold (小升规), which
    # bring their own base in their first year in the sample only
    first_year = m.groupby("credit_code")["period"].transform("min").str[:4]
    no_prev = joined[~has_prev]
    zero = no_prev["value_added_base"] == 0
    assert zero.any() and (~zero).any()
    entrants = no_prev[~zero]
    assert (entrants["period"].str[:4] == first_year[entrants.index]).all()
    years_with_new_plants = set(no_prev.loc[zero & (no_prev["value_added"] > 0), "period"].str[:4])
    assert {"2022", "2023"} <= years_with_new_plants
    upgrade_years = set(entrants.loc[entrants["period"].str[:4] > "2021", "period"].str[:4])
    assert {"2022", "2023"} <= upgrade_years


def test_exits_leave_no_later_rows(monthly: pd.DataFrame) -> None:
    last = monthly.groupby("credit_code")["period"].max()
    exits = last[last < "2023-04"]
    assert 3 <= len(exits) <= 15
    assert exits.isin(["2021-12", "2022-12"]).all()


def test_cumulative_columns_never_decrease(monthly: pd.DataFrame) -> None:
    cumulative = {t.name: ([c.name for c in t.columns if c.cumulative], t.group_for_cumulative) for t in TABLES
                  if t.group_for_cumulative}
    for name, (cols, group) in cumulative.items():
        df = read(name).sort_values([*group, "period"])
        df["year"] = df["period"].str[:4]
        diffs = df.groupby([*group, "year"])[cols].diff()
        assert (diffs.fillna(0) >= -1e-9).all().all(), name


def test_profit_has_turnarounds(monthly: pd.DataFrame) -> None:
    apr = monthly[monthly["period"] == "2023-04"]
    assert ((apr["profit_base"] < 0) & (apr["profit"] > 0)).any()
    assert ((apr["profit_base"] > 0) & (apr["profit"] < 0)).any()


def test_value_added_share_and_energy_above_electricity(monthly: pd.DataFrame) -> None:
    dec = monthly[monthly["period"] == "2022-12"]
    share = dec["value_added"] / dec["gross_output"]
    assert share.between(0.2, 0.4).mean() > 0.95
    assert (dec["energy"] >= 1.229 * dec["electricity"] - 0.01).all()


def test_sizes_and_directory(enterprises: pd.DataFrame, monthly: pd.DataFrame) -> None:
    assert 300 <= len(enterprises) <= 350
    assert 28 <= enterprises["is_key"].sum() <= 32
    assert set(monthly["credit_code"]) == set(enterprises["credit_code"])
    cities = read("cities")
    assert len(cities) == 14 and cities["is_home"].sum() == 1
    assert cities.loc[cities["is_home"], "city"].item() == "金澜市"
    chains = read("chains")
    assert len(chains) == 12 and chains.groupby("group_kind")["group_id"].nunique().to_dict() == {"2": 2, "4": 4}
    has_cap = enterprises["design_capacity"].notna()
    assert 0.5 <= has_cap.mean() <= 0.7
    assert enterprises.loc[has_cap, ["capacity_unit", "design_output_value"]].notna().all().all()


# --- F1–F11 ----------------------------------------------------------------------------------------------
def ytd_growth(m: pd.DataFrame, col: str) -> pd.Series:
    s = m.groupby("period")[[col, f"{col}_base"]].sum()
    return (s[col] / s[f"{col}_base"] - 1) * 100


def test_f1_value_added_growth(monthly: pd.DataFrame) -> None:
    assert ytd_growth(monthly, "value_added")["2023-04"] == pytest.approx(15.10, abs=0.02)


def test_f2_city_growth_and_streak(monthly: pd.DataFrame) -> None:
    cg = read("city_growth")
    cities = read("cities")["city"]
    releases = sorted(monthly["period"].unique())
    assert len(releases) == 25
    assert len(cg) == len(cities) * len(releases)
    assert set(cg["city"]) == set(cities) and set(cg["period"]) == set(releases)
    assert cg.loc[cg["period"].str.endswith("-02"), "va_growth_month"].isna().all()
    assert cg.loc[~cg["period"].str.endswith("-02"), "va_growth_month"].notna().all()
    home = cg[cg["city"] == "金澜市"].set_index("period")
    g = ytd_growth(monthly, "value_added")
    s = monthly.groupby("period")[["value_added", "value_added_base"]].sum()
    for p in releases:
        assert home.loc[p, "va_growth_ytd"] == half_up(g[p]), p
        if not p.endswith("-02"):
            prev = f"{p[:4]}-{int(p[5:]) - 1:02d}"
            d = s.loc[p] - s.loc[prev]
            assert home.loc[p, "va_growth_month"] == half_up((d["value_added"] / d["value_added_base"] - 1) * 100)
    assert cg["va_growth_ytd"].between(-10, 30).all()
    rank = cg.groupby("period")["va_growth_ytd"].rank(ascending=False, method="min")
    home_rank = rank[cg["city"] == "金澜市"].set_axis(home.index)
    top_count = cg.groupby("period")["va_growth_ytd"].transform(lambda x: (x == x.max()).sum())
    assert (top_count[(cg["city"] == "金澜市") & (cg["period"] >= "2022-02")] == 1).all()
    assert (home_rank["2022-02":] == 1).all()
    assert home_rank["2021-12"] == 2
    # streak counted back from 2023-04: in releases and in months (a 1–2月 release counts as two)
    streak = [p for p in reversed(releases)]
    n_rel = next(i for i, p in enumerate(streak) if home_rank[p] != 1)
    months = sum(2 if p.endswith("-02") else 1 for p in streak[:n_rel])
    assert (n_rel, months) == (14, 16)


def test_f3_capacity_attainment(enterprises: pd.DataFrame, monthly: pd.DataFrame) -> None:
    apr = monthly[monthly["period"] == "2023-04"].set_index("credit_code")
    e = enterprises[enterprises["design_capacity"] > 0].set_index("credit_code")
    assert e.index.isin(apr.index).all() and apr.loc[e.index, "product_output"].notna().all()
    attainment = apr.loc[e.index, "product_output"] / (e["design_capacity"] * 4 / 12) * 100
    assert attainment.mean() == pytest.approx(98.0, abs=0.04)
    assert attainment.min() < 80 and attainment.max() > 115


def test_f4_projects() -> None:
    projects = read("projects")
    p23 = projects[projects["year"] == 2023]
    assert len(p23) == 124 and p23["project_id"].is_unique
    assert 100 <= (projects["year"] == 2022).sum() <= 120
    due = (p23["kind"] == "续建") | ((p23["kind"] == "新建") & (p23["planned_start"] <= "2023-04"))
    started = p23["actual_start"].notna() & (p23["actual_start"] <= "2023-04")
    assert due.sum() == 100 and (due & started).sum() == 84
    assert round((due & started).sum() / due.sum() * 100, 1) == 84.0
    assert not (started & ~due).any()
    inv = read("project_monthly")
    apr = inv[inv["period"] == "2023-04"].set_index("project_id")["investment"]
    assert set(apr.index) == set(p23["project_id"])
    assert apr.sum() == pytest.approx(301_000, abs=40)
    plan = p23.set_index("project_id")["annual_plan"]
    behind = apr[started.to_numpy()] < plan[started.to_numpy()] * 4 / 12 * 0.5
    assert 3 <= behind.sum() <= 20
    assert p23["chain_id"].notna().mean() > 0.8 and p23["county"].nunique() == 5
    assert (inv.loc[inv["period"] < "2023", "investment"] >= 0).all()


def test_f5_chain_output(monthly: pd.DataFrame, enterprises: pd.DataFrame) -> None:
    chain = set(enterprises.loc[enterprises["chain_id"].notna(), "credit_code"])
    apr = monthly[(monthly["period"] == "2023-04") & monthly["credit_code"].isin(chain)]
    assert apr["gross_output"].sum() == pytest.approx(4_179_000, abs=40)
    growth = (apr["gross_output"].sum() / apr["gross_output_base"].sum() - 1) * 100
    assert growth == pytest.approx(22.4, abs=0.02)


def test_f6_energy_intensity(monthly: pd.DataFrame) -> None:
    dec = monthly[monthly["period"] == "2022-12"]
    e = dec["energy"].sum() / dec["energy_base"].sum()
    v = dec["value_added"].sum() / dec["value_added_base"].sum()
    assert (e / v - 1) * 100 == pytest.approx(-6.0, abs=0.02)


def test_f7_base_stations() -> None:
    bs = read("base_stations")
    total = bs.groupby("period")["stations"].sum()
    assert total["2023-04"] == 1075 and total["2022-12"] == 1003
    assert total.index.min() == "2021-01" and len(total) == 28
    assert (bs.sort_values("period").groupby("county")["stations"].diff().fillna(0) >= 0).all()


def test_f8_problems() -> None:
    pr = read("problems")
    assert len(pr) == 91 and pr["problem_id"].is_unique
    assert pr["raised_date"].between("2022-06-01", "2023-04-30").all()
    assert pr["closed_date"].notna().all() and (pr["closed_date"] <= "2023-04-30").all()
    assert (pr["closed_date"] >= pr["raised_date"]).all()
    assert (pr["closed_date"] > pr["due_date"]).any()


def test_f9_supervision_tasks() -> None:
    st = read("supervision_tasks")
    assert len(st) == 19 and st["area"].nunique() == 6
    as_of = dt.date(2023, 4, 30)
    due = pd.to_datetime(st["due_date"]).dt.date
    open_ = st["completed_date"].isna()
    red = open_ & (due < as_of)
    yellow = open_ & (due >= as_of) & (due <= as_of + dt.timedelta(days=15))
    assert (red.sum(), yellow.sum(), (~red & ~yellow).sum()) == (3, 4, 12)
    assert (st.loc[~open_, "completed_date"] <= "2023-04-30").all()
    # issued in batches from January to April 2023: fewer tasks at the earlier month ends
    issued = [int((st["start_date"] <= day).sum()) for day in ("2022-12-31", "2023-02-28", "2023-03-31",
                                                                "2023-04-30")]
    assert issued == [0, 10, 16, 19]
    assert (st["due_date"] >= st["start_date"]).all()
    assert (st.loc[~open_, "completed_date"] >= st.loc[~open_, "start_date"]).all()


def test_f10_recognitions(enterprises: pd.DataFrame) -> None:
    rec = read("recognitions")
    r23 = rec[rec["year"] == 2023].groupby(["kind", "level"]).size().to_dict()
    assert r23 == {("专精特新中小企业", "省级"): 10, ("世界一流示范企业", "国家级"): 1, ("绿色工厂", "省级"): 7,
                   ("节水型企业", "省级"): 2, ("绿色设计产品", "省级"): 1, ("数字化车间", "省级"): 1}
    world = rec.loc[rec["kind"] == "世界一流示范企业", "credit_code"].item()
    row = enterprises.set_index("credit_code").loc[world]
    assert row["product"] == "硫酸镍" and row["is_key"]
    assert (rec["year"] < 2023).sum() > 10


def _behind(monthly: pd.DataFrame, targets: pd.DataFrame, period: str) -> set[str]:
    year, mon = int(period[:4]), int(period[5:])
    now = monthly[monthly["period"] == period].set_index("credit_code")["gross_output"]
    t = targets[targets["year"] == year].set_index("credit_code")["output_target"].reindex(now.index)
    gap = now / t * 100 - mon / 12 * 100
    return set(gap[(t > 0) & (gap < 0)].index)


def test_f11_targets_behind_schedule_and_daily_records(monthly: pd.DataFrame,
                                                        enterprises: pd.DataFrame) -> None:
    tg = read("enterprise_targets")
    for year in (2022, 2023):
        sample = set(monthly.loc[monthly["period"].str[:4] == str(year), "credit_code"])
        assert set(tg.loc[tg["year"] == year, "credit_code"]) == sample
    behind = _behind(monthly, tg, "2023-04")
    assert len(behind) == 32
    key = set(enterprises.loc[enterprises["is_key"], "credit_code"])
    assert 1 <= len(behind & key) < len(key)
    daily = read("daily_records")
    assert set(daily.loc[daily["date"].str[:7] == "2023-04", "credit_code"]) == behind


@pytest.mark.parametrize("period", [f"2022-{m:02d}" for m in range(2, 13)] + ["2023-02", "2023-03", "2023-04"])
def test_behind_schedule_every_month_with_its_daily_records(monthly: pd.DataFrame, period: str) -> None:
    """Every month of 2022 and 2023: a plausible share behind schedule, each reporting every day of the month
    (1–2月: from 1 January), the days adding up to the month's output and electricity."""
    year, mon = int(period[:4]), int(period[5:])
    behind = _behind(monthly, read("enterprise_targets"), period)
    n = int((monthly["period"] == period).sum())
    assert 0.03 <= len(behind) / n <= 0.18, (period, len(behind), n)
    daily = read("daily_records")
    first = f"{year}-01-01" if mon == 2 else f"{period}-01"
    last = f"{period}-{pd.Period(period, 'M').days_in_month:02d}"
    in_month = daily[daily["date"].between(first, last)]
    assert set(in_month["credit_code"]) == behind
    n_days = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days + 1
    assert (in_month.groupby("credit_code")["date"].nunique() == n_days).all()
    m = monthly.set_index(["credit_code", "period"])
    sums = in_month.groupby("credit_code")[["output_value", "electricity"]].sum()
    previous = f"{year}-{mon - 1:02d}"
    for code, row in sums.iterrows():
        for col, daily_col in (("gross_output", "output_value"), ("electricity", "electricity")):
            before = m.loc[(code, previous), col] if mon > 2 and (code, previous) in m.index else 0.0
            assert row[daily_col] == pytest.approx(m.loc[(code, period), col] - before, abs=0.01)


def test_daily_records_only_for_months_with_targets() -> None:
    daily = read("daily_records")
    assert daily["date"].min() == "2022-01-01" and daily["date"].max() == "2023-04-30"
    assert not daily.duplicated(["credit_code", "date"]).any()


def test_recognition_dates_when_written() -> None:
    """The 认定日期 column (written when the data contract has it, or on request): one date per batch, within
    the year, never after the data's last month; 2023's ten provincial 专精特新 SMEs by April (F10)."""
    rec = demo.generate_demo_tables(recognition_dates=True)["recognitions"]
    assert rec["date"].notna().all()
    assert (rec["date"].str[:4].astype(int) == rec["year"]).all() and (rec["date"] <= "2023-04-30").all()
    assert (rec.groupby(["year", "kind", "level", "batch"], dropna=False)["date"].nunique() == 1).all()
    zjtx = rec[(rec["kind"] == "专精特新中小企业") & (rec["level"] == "省级")]
    by_month = {p: int(((zjtx["year"] == int(p[:4])) & (zjtx["date"] <= f"{p}-31")).sum())
                for p in ("2022-02", "2022-06", "2022-12", "2023-02", "2023-04")}
    assert by_month == {"2022-02": 0, "2022-06": 5, "2022-12": 8, "2023-02": 0, "2023-04": 10}
    in_contract = "date" in demo.TABLES_BY_NAME["recognitions"].column_names
    assert ("date" in read("recognitions").columns) == in_contract
    assert "date" not in demo.generate_demo_tables(recognition_dates=False)["recognitions"].dropna(
        axis=1, how="all").columns


# --- other tables ----------------------------------------------------------------------------------------
def test_energy_by_fuel_converts_back(monthly: pd.DataFrame) -> None:
    fuel = read("energy_by_fuel")
    coef = {"原煤": 0.7143, "焦炭": 0.9714, "柴油": 1.4571, "天然气": 12.143, "电力": 1.229}
    units = {"原煤": "吨", "焦炭": "吨", "柴油": "吨", "天然气": "万立方米", "电力": "万kWh"}
    assert (fuel["unit"] == fuel["fuel"].map(units)).all()
    assert 35 <= fuel["credit_code"].nunique() <= 45
    fuel["tce"] = fuel["quantity"] * fuel["fuel"].map(coef)
    tce = fuel.groupby(["credit_code", "period"])["tce"].sum()
    m = monthly.set_index(["credit_code", "period"])
    assert np.abs(tce - m.loc[tce.index, "energy"]).max() <= 0.05
    power = fuel[fuel["fuel"] == "电力"].set_index(["credit_code", "period"])["quantity"]
    assert (power == m.loc[power.index, "electricity"]).all()
    assert len(power) == (monthly["credit_code"].isin(fuel["credit_code"])).sum()


def test_targets_and_power_coal_rates() -> None:
    tg = read("targets").set_index(["year", "indicator", "scope"])["value"]
    assert tg[(2023, "va_growth", "city")] == 10.0
    assert tg[(2023, "chain_output_growth", "city")] == 15.0
    assert tg[(2022, "energy_intensity_change", "city")] == tg[(2023, "energy_intensity_change", "city")] == -3.0
    assert tg[(2025, "energy_intensity_change_plan", "city")] == -13.5
    projects = read("projects")
    plan23 = projects.loc[projects["year"] == 2023, "annual_plan"].sum()
    assert tg[(2023, "investment", "city")] == pytest.approx(plan23, abs=0.01)
    rates = read("power_coal_rates")
    assert list(rates["year"]) == [2021, 2022, 2023]
    assert rates["gce_per_kwh"].between(280, 320).all()
    assert (rates["source"] == "示例值（演示数据），请以官方公布值替换").all()


def test_material_flows_balance(enterprises: pd.DataFrame) -> None:
    mf = read("material_flows")
    assert (mf["year"] == 2022).all()
    assert mf["chain_id"].isin(read("chains")["chain_id"]).all()
    codes = set(enterprises["credit_code"])
    assert mf["supplier_code"].dropna().isin(codes).all() and mf["user_code"].dropna().isin(codes).all()
    assert not (mf["supplier_code"].isna() & mf["user_code"].isna()).any()
    assert not mf.duplicated(["year", "product", "supplier_code", "user_code"]).any()
    rates, balance = {}, {}
    for product, g in mf.groupby("product"):
        local = g.loc[g["supplier_code"].notna() & g["user_code"].notna(), "quantity"].sum()
        use = g.loc[g["user_code"].notna(), "quantity"].sum()
        production = g.loc[g["supplier_code"].notna(), "quantity"].sum()
        rates[product] = local / use * 100
        balance[product] = production - use
    assert min(rates.values()) < 30 and max(rates.values()) > 85
    assert min(balance.values()) < 0 < max(balance.values())


def test_validator_passes_on_the_demo_data() -> None:
    from gxanalysis.data import validate

    report = validate.validate_directory(DEMO)
    assert report.ok, report.format()


# --- every complete month ---------------------------------------------------------------------------------
COMPLETE = [f"2022-{m:02d}" for m in range(2, 13)] + ["2023-02", "2023-03", "2023-04"]


@pytest.fixture(scope="module", params=["committed", "seed 7"])
def every_month(request, tmp_path_factory) -> pd.DataFrame:
    """Month × figure table recomputed with the plain-pandas module ``independent`` (no gxanalysis code)."""
    import independent

    if request.param == "committed":
        folder = DEMO
    else:
        folder = demo.write_demo_data(tmp_path_factory.mktemp("seed7"), seed=7, recognition_dates=False)
    assert independent.complete_months(folder) == COMPLETE
    d = independent.Data(folder)
    return pd.DataFrame({p: {k: f.value for k, f in independent.headline_figures(d, p).items()}
                         for p in COMPLETE}).T


def test_every_month_is_plausible(every_month: pd.DataFrame) -> None:
    f = every_month
    y22, y23 = f.loc["2022-02":"2022-12"], f.loc["2023-02":"2023-04"]
    assert f["va_growth_ytd"].between(8, 20).all()
    assert (f["province_rank"] == 1).all()
    assert f["chain_output_growth"].between(10, 30).all()
    assert f["capacity_attainment_mean"].between(65, 105).all()
    assert f["energy_intensity_change"].between(-8, -2).all()
    assert f["energy_intensity_change_ytd"].astype(float).between(-8, 0).all()
    share_daily = f["monitoring_daily"] / (f["monitoring_daily"] + f["monitoring_weekly"] + f["monitoring_monthly"])
    assert share_daily.between(0.03, 0.18).all()
    assert (f["monitoring_weekly"] >= 15).all()
    for year in (y22, y23):
        # 开复工率 and investment progress rise through the year; neither exceeds 100%
        assert year["start_resume_rate"].between(50, 100).all()
        assert year["start_resume_rate"].iloc[-1] - year["start_resume_rate"].iloc[0] >= 15
        assert year["investment_completion_rate"].is_monotonic_increasing
        assert year["base_stations_new"].is_monotonic_increasing and (year["base_stations_new"] > 0).all()
        assert year["supervision_tasks"].is_monotonic_increasing
    assert y22["investment_completion_rate"].iloc[0] < 10 and 75 < y22["investment_completion_rate"].iloc[-1] < 100
    assert f["base_stations_total"].is_monotonic_increasing
    # the problem ledger opens in June 2022; closure below 100% until April 2023
    assert (f.loc[:"2022-05", "problems_raised"] == 0).all() and f["problems_raised"].is_monotonic_increasing
    assert f.loc["2022-06":"2023-03", "problem_closure_rate"].astype(float).between(15, 99.9).all()
    # supervision tasks: none in 2022, fewer at the earlier month ends of 2023
    assert (y22["supervision_tasks"] == 0).all() and list(y23["supervision_tasks"]) == [10, 16, 19]
    ratings = f["supervision_red"] + f["supervision_yellow"] + f["supervision_blue"]
    assert (ratings == f["supervision_tasks"]).all()
