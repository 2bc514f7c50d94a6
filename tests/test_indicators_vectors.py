"""The test vectors T1–T20 of INDICATORS.md §11, one test each, computed by the library."""

from __future__ import annotations

import pandas as pd
import pytest

from gxanalysis.indicators import contribution, display, energy, growth, projects, schedule


def test_t01_cumulative_growth_is_level_based_not_simple_average():
    """T1: B = [100, 80, 120, 110], V = [106, 82, 130, 112] → g_cum(1–4) = 4.878 → 4.9, not 4.66."""
    b, v = [100.0, 80.0, 120.0, 110.0], [106.0, 82.0, 130.0, 112.0]
    months = ["2023-01", "2023-02", "2023-03", "2023-04"]
    d = pd.DataFrame({"period": months, "v": pd.Series(v).cumsum(), "b": pd.Series(b).cumsum()})
    ytd = growth.ytd_growth(d, current="v", base="b", jan_feb_combined=False)
    assert ytd["value"].iloc[-1] == pytest.approx(4.878048780, abs=1e-8)
    assert display.format_number(ytd["value"].iloc[-1]) == "4.9"
    monthly = growth.single_month_growth(d, current="v", base="b", jan_feb_combined=False)["value"]
    simple = monthly.mean()
    assert simple == pytest.approx(4.66, abs=0.01)
    assert display.format_number(simple) != "4.9"


def test_t02_aggregation_by_base_weights():
    """T2: bases 600/300/100 with growth 5/10/−20% aggregate to 4.0%."""
    f = pd.DataFrame({"b": [600.0, 300.0, 100.0]})
    f["v"] = f["b"] * [1.05, 1.10, 0.80]
    r = growth.aggregate_growth(f, current="v", base="b")
    assert r.loc["total", "value"] == pytest.approx(4.0)
    assert r.loc["total", "status"] == "ok"


def test_t03_pull_equals_base_share_times_growth():
    """T3: shares 17.7/44.3/38.0, growth 14.3/43.8/−23.5 → pulls 2.5/19.4/−8.9, sum 13.0 (Shanxi)."""
    d = pd.DataFrame({"b": [17.7, 44.3, 38.0]}, index=["mining", "manufacturing", "utilities"])
    d["v"] = d["b"] * (1 + pd.Series([14.3, 43.8, -23.5], index=d.index) / 100)
    r = contribution.contributions(d, current="v", base="b")
    assert [display.format_number(x) for x in r.table["pull"]] == ["2.5", "19.4", "-8.9"]
    assert display.format_number(r.table["pull"].sum()) == "13.0"
    assert display.format_number(r.total_growth) == "13.0"
    assert contribution.pull_from_share(44.3, 43.8) == pytest.approx(r.table.loc["manufacturing", "pull"])


def test_t04_pull_equals_total_growth_times_contribution():
    """T4: 18.4 × (25.1, 43.2, 31.7)% → 4.6, 7.95 (published 8.0), 5.8 (Fujian yearbook 1980)."""
    pulls = [contribution.pull_from_contribution(18.4, c) for c in (25.1, 43.2, 31.7)]
    assert display.format_number(pulls[0]) == "4.6"
    assert display.format_number(pulls[1], 2) == "7.95"
    assert display.format_number(pulls[2]) == "5.8"
    # the same identity from levels: pull_i = g_total × contribution_i / 100
    d = pd.DataFrame({"b": [30.0, 50.0, 20.0], "v": [35.0, 62.0, 21.0]})
    r = contribution.contributions(d, current="v", base="b")
    assert (r.table["pull"] - r.total_growth * r.table["contribution"] / 100).abs().max() < 1e-12


def test_t05_industry_pull_of_gdp_2021():
    """T5: GDP growth 8.1% × industry contribution 38.1% → pull 3.1 pp."""
    assert display.format_number(contribution.pull_from_contribution(8.1, 38.1)) == "3.1"


def test_t06_two_year_average_from_two_year_growth():
    """T6: 13.5% above June 2019 → two-year average 6.5%."""
    assert display.format_number(growth.two_year_average(growth_over_two_years=13.5)) == "6.5"


def test_t07_two_year_average_from_two_annual_rates():
    """T7: 7.5% then 2.4% → two-year average 4.9%."""
    assert display.format_number(growth.two_year_average(7.5, 2.4)) == "4.9"


def test_t08_schedule_gap_from_unrounded_values():
    """T8: 629.0/647.4 at October → 97.2% and +13.8 pp (NOT 13.9 from rounded inputs)."""
    c = schedule.completion_rate(629.0, 647.4)
    gap = schedule.schedule_gap(c, "2023-10")
    assert display.format_number(c) == "97.2"
    assert display.format_number(gap) == "13.8"
    assert display.format_number(97.2 - 83.3) == "13.9"  # the wrong way gives a different figure


def test_t09_schedule_gap_first_quarter_two_decimals():
    """T9: 313.64/1015 at March → 30.90%, +5.90 pp."""
    c = schedule.completion_rate(313.64, 1015)
    assert display.format_number(c, 2) == "30.90"
    assert display.format_pp(schedule.schedule_gap(c, "2021-03"), 2, signed=True) == "+5.90个百分点"


def _project_list(n: int, started: int, planned_to_date: int | None = None) -> pd.DataFrame:
    planned_to_date = n if planned_to_date is None else planned_to_date
    return pd.DataFrame({
        "year": 2023, "project_id": [f"P{i:03d}" for i in range(n)], "kind": "新建",
        "planned_start": ["2023-03" if i < planned_to_date else "2023-12" for i in range(n)],
        "actual_start": ["2023-05" if i < started else None for i in range(n)],
    })


def test_t10_start_rate_annual_denominator():
    """T10: 206 of 255 (annual plan) → 80.8%; with the plan to date (223) → 92.4% (Jiangmen)."""
    p = _project_list(255, 206, planned_to_date=223)
    annual = projects.start_rates(p, "2023-10", denominator="annual").loc["total", "start_rate"]
    to_date = projects.start_rates(p, "2023-10").loc["total", "start_rate"]
    assert display.format_number(annual) == "80.8"
    assert display.format_number(to_date) == "92.4"


def test_t11_start_rate_changzhou():
    """T11: 28 of 66 municipal projects started → 42.4%."""
    p = _project_list(66, 28)
    assert display.format_number(projects.start_rates(p, "2023-06")
                                 .loc["total", "start_rate"]) == "42.4"


def test_t12_intensity_change_hainan():
    """T12: e = +2.63%, g = +3.9% → −1.22% (two decimals, Hainan electricity intensity)."""
    r = energy.intensity_change(2.63, 3.9)
    assert display.format_number(r.value, 2) == "-1.22"


def test_t13_intensity_change_in_words():
    """T13: e = +2%, g = +6% → −3.77% → "下降3.8%"."""
    r = energy.intensity_change_from_levels(5_100_000, 5_000_000, 10_600_000, 10_000_000)
    assert display.format_number(r.value, 2) == "-3.77"
    assert display.format_change_words(r.value) == "下降3.8%"


def test_t14_conversion_to_tce():
    """T14: 1,000 t coal + 500,000 m³ gas @1.2143 + 10⁷ kWh @0.1229 → 2,550.45 tce."""
    t = energy.to_tce([1000.0, 500_000.0, 10_000_000.0], ["原煤", "天然气", "电力"], ["吨", "立方米", "kWh"],
                      natural_gas="gas_field")
    assert float(t.sum()) == pytest.approx(2550.45, abs=1e-9)
    local = energy.to_tce([1000.0, 50.0, 1000.0], ["原煤", "天然气", "电力"], ["吨", "万立方米", "万kWh"],
                          version="local-stat-bureau")
    assert float(local.sum()) == pytest.approx(2550.45, abs=1e-9)


def test_t15_electricity_equivalent_coefficient():
    """T15: 860/7000 = 0.122857 → 0.1229 kgce/kWh, the table's value."""
    c = energy.electricity_equivalent_coefficient()
    assert str(display.round_decimal(c, 4)) == "0.1229"
    table = energy.load_coefficients().set_index("fuel")
    assert table.loc["电力", "kgce_per_unit"] == pytest.approx(float(display.round_decimal(c, 4)))


def test_t16_required_growth_from_base_share():
    """T16: T = 6%, g_N = 5%, s = 0.65 → 7.857%; with explicit bases 670/1050 → 7.76%."""
    assert schedule.required_growth_from_share(6.0, 5.0, 0.65).value == pytest.approx(7.857142857, abs=1e-8)
    assert display.format_number(schedule.required_growth(6.0, 5.0, 670.0, 1050.0).value, 2) == "7.76"


def test_t17_five_year_even_decline():
    """T17: 13.5% over 5 years → 2.86%/yr."""
    assert display.format_number(schedule.even_annual_decline(13.5, 5), 2) == "2.86"


def test_t18_new_enterprise_contribution():
    """T18: old1 500→520, old2 480→470, new 0→30 → total 4.08%; contributions 50/−25/75%."""
    d = pd.DataFrame({"v": [520.0, 470.0, 30.0], "b": [500.0, 480.0, 0.0]}, index=["old1", "old2", "new"])
    r = contribution.contributions(d, current="v", base="b")
    assert r.total_growth == pytest.approx(4.0816326, abs=1e-6)
    assert r.table["contribution"].tolist() == pytest.approx([50.0, -25.0, 75.0])
    assert r.table["pull"].tolist() == pytest.approx([2.0408163, -1.0204082, 3.0612245], abs=1e-6)
    assert r.table.loc["new", "growth_status"] == "base_zero"


def test_t19_rounding_mode():
    """T19: 0.35 and 1.050 to 1 decimal: HALF_EVEN 0.4, 1.0; HALF_UP 0.4, 1.1."""
    assert [display.format_number(x, 1, rounding="half_even") for x in (0.35, 1.050)] == ["0.4", "1.0"]
    assert [display.format_number(x, 1, rounding="half_up") for x in (0.35, 1.050)] == ["0.4", "1.1"]


def test_t20_status_label_loss_to_profit():
    """T20: base = −20, current = 80 → status loss_to_profit, no percentage."""
    r = growth.growth(80, -20)
    assert r.status == "loss_to_profit" and r.value is None
    assert display.format_growth(r.value, r.status) == "由亏转盈"
