"""Growth rates, YTD vs single month, aggregation, same sample, deflation (INDICATORS.md §1.3–1.6, §2)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.indicators import growth as g


@pytest.mark.parametrize(("current", "base", "status"), [
    (110, 100, "ok"), (0, 100, "ok"), (5, 0, "base_zero"), (0, 0, "both_zero"), (-5, 0, "base_zero"),
    (80, -20, "loss_to_profit"), (0, -20, "loss_to_profit"), (-30, 10, "profit_to_loss"),
    (-30, -20, "loss_widened"), (-10, -20, "loss_narrowed"), (-20, -20, "loss_unchanged"),
    (None, 10, "missing"), (10, float("nan"), "missing"),
])
def test_growth_statuses_scalar_and_vector_agree(current, base, status):
    r = g.growth(current, base)
    assert r.status == status
    assert (r.value is not None) == (status == "ok")
    t = g.growth_table(pd.Series([current], dtype=float), pd.Series([base], dtype=float))
    assert t["status"].iloc[0] == status
    if status == "ok":
        assert t["value"].iloc[0] == pytest.approx(r.value)
    else:
        assert np.isnan(t["value"].iloc[0])


def test_growth_rejects_text():
    with pytest.raises(ParameterError, match=r"current='abc' is not a number"):
        g.growth("abc", 1)


def test_growth_table_refuses_misaligned_index():
    with pytest.raises(ParameterError, match="different indexes"):
        g.growth_table(pd.Series([1.0], index=["a"]), pd.Series([1.0], index=["b"]))


def test_add_growth_keeps_input_unchanged():
    df = pd.DataFrame({"v": [106.0], "b": [100.0]}, index=["x"])
    out = g.add_growth(df, current="v", base="b")
    assert list(df.columns) == ["v", "b"]
    assert out.loc["x", "growth"] == pytest.approx(6.0)


def test_add_growth_names_missing_column():
    with pytest.raises(ParameterError, match=r"no column\(s\) \['va'\]"):
        g.add_growth(pd.DataFrame({"v": [1.0]}), current="va", base="v")


def test_single_month_levels_jan_feb_rule_and_gaps():
    s = pd.Series([50.0, 188.0, 318.0, 540.0], index=["2023-01", "2023-02", "2023-03", "2023-05"])
    out = g.single_month_levels(s)
    assert np.isnan(out.iloc[0]) and np.isnan(out.iloc[1])
    assert out.iloc[2] == 130.0
    assert np.isnan(out.iloc[3])  # April missing: May cannot be derived
    out2 = g.single_month_levels(s, jan_feb_combined=False)
    assert out2.tolist()[:3] == [50.0, 138.0, 130.0]


def test_single_month_levels_frame_by_group_keeps_order():
    d = pd.DataFrame({"credit_code": ["B", "A", "A", "B"], "period": ["2023-04", "2023-03", "2023-04", "2023-03"],
                      "v": [40.0, 10.0, 25.0, 30.0]})
    out = g.single_month_levels(d, by="credit_code", columns="v")
    np.testing.assert_array_equal(out["v"].to_numpy(), [10.0, np.nan, 15.0, np.nan])
    assert out["credit_code"].tolist() == ["B", "A", "A", "B"]


def test_single_month_levels_year_boundary():
    s = pd.Series([1200.0, 200.0, 330.0], index=["2022-12", "2023-02", "2023-03"])
    np.testing.assert_array_equal(g.single_month_levels(s).to_numpy(), [np.nan, np.nan, 130.0])
    np.testing.assert_array_equal(g.single_month_levels(s, jan_feb_combined=False).to_numpy(),
                                  [np.nan, np.nan, 130.0])  # Dec→Feb is not consecutive within a year


def test_single_month_levels_requires_columns_for_frames():
    with pytest.raises(ParameterError, match="columns= is required"):
        g.single_month_levels(pd.DataFrame({"period": ["2023-03"], "v": [1.0]}))


def test_single_month_levels_rejects_duplicates():
    d = pd.DataFrame({"period": ["2023-03", "2023-03"], "v": [1.0, 2.0]})
    with pytest.raises(ParameterError, match="more than one row"):
        g.single_month_levels(d, columns="v")


def test_ytd_growth_january_not_published():
    d = pd.DataFrame({"period": ["2023-01", "2023-02"], "v": [10.0, 21.0], "b": [10.0, 20.0]})
    r = g.ytd_growth(d, current="v", base="b")
    assert r["status"].tolist() == ["not_published", "ok"]
    r2 = g.ytd_growth(d, current="v", base="b", jan_feb_combined=False)
    assert r2["status"].tolist() == ["ok", "ok"]


def test_single_month_growth_by_enterprise():
    d = pd.DataFrame({"credit_code": ["A", "A", "B", "B"], "period": ["2023-02", "2023-03"] * 2,
                      "v": [20.0, 33.0, 5.0, 5.0], "b": [20.0, 30.0, 0.0, 0.0]})
    r = g.single_month_growth(d, current="v", base="b", by="credit_code")
    assert r["status"].tolist() == ["not_published", "ok", "not_published", "both_zero"]
    assert r["value"].iloc[1] == pytest.approx(30.0)


def test_monthly_from_cumulative_rates_refuses_or_raises():
    rates = pd.Series([4.4, 6.0], index=["2023-02", "2023-03"])
    assert set(g.monthly_from_cumulative_rates(rates)["status"]) == {"insufficient_data"}
    with pytest.raises(InsufficientDataError, match="base levels"):
        g.monthly_from_cumulative_rates(rates, on_insufficient="raise")


def test_two_year_average_errors():
    with pytest.raises(ParameterError, match="needs growth_year1"):
        g.two_year_average(5.0)
    with pytest.raises(ParameterError, match="above -100%"):
        g.two_year_average(-100.0, 5.0)
    with pytest.raises(ParameterError, match="not both"):
        g.two_year_average(1.0, 2.0, growth_over_two_years=3.0)


def test_pp_change_series_and_missing():
    s = g.pp_change(pd.Series([96.8, 50.0]), pd.Series([100.7, 49.0]))
    assert s.round(1).tolist() == [-3.9, 1.0]
    assert g.pp_change(None, 1.0) is None


def test_aggregate_growth_incomplete_lists_units():
    f = pd.DataFrame({"code": ["a", "b", "c"], "county": ["x", "x", "y"], "v": [10.0, None, 5.0],
                      "b": [8.0, 4.0, 5.0]})
    r = g.aggregate_growth(f, current="v", base="b", by="county", unit="code")
    assert r.loc["x", "status"] == "incomplete" and np.isnan(r.loc["x", "value"])
    assert r.loc["x", "missing_units"] == ["b"]
    assert r.loc["y", "status"] == "ok" and r.loc["y", "value"] == 0.0


def test_aggregate_growth_base_zero_unit_enters_numerator():
    f = pd.DataFrame({"v": [520.0, 470.0, 30.0], "b": [500.0, 480.0, 0.0]})
    assert g.aggregate_growth(f, current="v", base="b").loc["total", "value"] == pytest.approx(4.0816326, 1e-6)


def test_sample_changes_and_table():
    d = pd.DataFrame({"period": ["2022-04", "2022-04", "2023-04", "2023-04"], "credit_code": ["A", "B", "A", "C"],
                      "b": [1.0, 1.0, 2.0, 0.0]})
    s = g.sample_changes(d, previous="2022-04", current="2023-04", base="b")
    assert s.table()["change"].tolist() == ["entry", "exit", "base_zero"]
    with pytest.raises(InsufficientDataError, match="no rows for the current period 2024-04"):
        g.sample_changes(d, previous="2023-04", current="2024-04")


def test_nominal_comparison_warns():
    r = g.nominal_comparison(1100.0, 1000.0)
    assert r.value == pytest.approx(10.0) and "not the same-sample growth" in r.warning


def test_deflate_needs_an_index():
    with pytest.raises(ParameterError, match="no deflator is assumed"):
        g.deflate(100.0, None)
    with pytest.raises(ParameterError, match="positive index"):
        g.deflate(100.0, 0)
    s = g.deflate(pd.Series([102.0, 99.0], index=["a", "b"]), pd.Series([102.0, 99.0], index=["a", "b"]))
    assert s.tolist() == pytest.approx([100.0, 100.0])
    with pytest.raises(InsufficientDataError, match=r"no value for \['b'\]"):
        g.deflate(pd.Series([1.0, 2.0], index=["a", "b"]), pd.Series([100.0], index=["a"]))


def test_real_growth_from_nominal_and_ppi():
    """§2.2: VA_cp = nominal / (PPI/100); growth from the deflated level over last year's level."""
    assert g.growth(g.deflate(1070.0, 102.0), 1000.0).value == pytest.approx((1070 / 1.02 / 1000 - 1) * 100)


# ---------------------------------------------------------------- property tests
levels = st.floats(min_value=1.0, max_value=1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(levels, levels), min_size=2, max_size=12))
def test_property_ytd_growth_is_base_weighted_mean_of_monthly_growth(pairs):
    """§2.3: g_cum(N) = Σ_m w_m g_month(m) with w_m = B(m)/Σ B — for any monthly levels."""
    b = np.array([p[0] for p in pairs])
    v = np.array([p[1] for p in pairs])
    months = [f"2023-{m:02d}" for m in range(1, len(pairs) + 1)]
    d = pd.DataFrame({"period": months, "v": v.cumsum(), "b": b.cumsum()})
    ytd = g.ytd_growth(d, current="v", base="b", jan_feb_combined=False)["value"].iloc[-1]
    monthly = g.single_month_growth(d, current="v", base="b", jan_feb_combined=False)["value"].to_numpy()
    weighted = float(np.sum(b / b.sum() * monthly))
    assert ytd == pytest.approx(weighted, rel=1e-9, abs=1e-7)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(levels, levels), min_size=2, max_size=8))
def test_property_aggregate_growth_is_sum_over_sum_not_mean_of_rates(pairs):
    b = np.array([p[0] for p in pairs])
    v = np.array([p[1] for p in pairs])
    f = pd.DataFrame({"v": v, "b": b})
    agg = g.aggregate_growth(f, current="v", base="b").loc["total", "value"]
    assert agg == pytest.approx((v.sum() / b.sum() - 1) * 100, rel=1e-12, abs=1e-9)
    rates = (v / b - 1) * 100
    if np.ptp(b) > 1e-6 * b.max() and np.ptp(rates) > 1e-3:  # unequal weights, unequal rates
        weighted = float(np.sum(b / b.sum() * rates))
        assert agg == pytest.approx(weighted, rel=1e-9, abs=1e-7)
        if abs(weighted - rates.mean()) > 1e-6:
            assert agg != pytest.approx(rates.mean(), rel=1e-12, abs=1e-9)


def test_aggregate_differs_from_simple_average_example():
    f = pd.DataFrame({"v": [630.0, 330.0, 80.0], "b": [600.0, 300.0, 100.0]})
    agg = g.aggregate_growth(f, current="v", base="b").loc["total", "value"]
    assert agg == pytest.approx(4.0)
    assert np.mean([5.0, 10.0, -20.0]) == pytest.approx(-5 / 3)


def test_sample_single_month_of_february_without_the_combined_release() -> None:
    """With ``jan_feb_combined=False`` February is a month of its own: its single month is February's year to
    date less January's; a unit with no January row entered in February (its year to date is its month)."""
    p = pd.DataFrame({"credit_code": ["a", "a", "b"], "period": ["2023-01", "2023-02", "2023-02"],
                      "v": [100.0, 230.0, 50.0]})
    out = g.sample_single_month(p, "2023-02", columns="v", jan_feb_combined=False)
    assert out["v"].tolist() == [130.0, 50.0]
    assert out["single_month_status"].tolist() == ["ok", "entered"]
    combined = g.sample_single_month(p, "2023-02", columns="v")
    assert combined["single_month_status"].tolist() == ["not_published", "not_published"]
