"""Standard-coal conversion, intensity and its change (INDICATORS.md §7)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gxanalysis.errors import InsufficientDataError, ParameterError, UnitError
from gxanalysis.indicators import energy as en


def test_coefficient_versions_and_flags():
    assert set(en._all_coefficients()["version"]) == set(en.VERSIONS)
    c2008 = en.load_coefficients("GB/T 2589-2008").set_index("fuel")
    assert c2008.loc["天然气(油田)", "kgce_per_unit"] == 1.33
    assert c2008.loc["天然气(气田)", "kgce_per_unit"] == 1.2143
    assert (en.load_coefficients("GB/T 2589-2020")["status"] == "unconfirmed").all()
    with pytest.raises(ParameterError, match="version='GB 2589'"):
        en.load_coefficients("GB 2589")


def test_coefficients_match_shared_reference_table():
    path = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "reference" / \
        "tce_conversion_coefficients.csv"
    if not path.exists():
        pytest.skip("shared reference table not available")
    ref = pd.read_csv(path, encoding="utf-8")
    local = en.load_coefficients("local-stat-bureau").set_index("fuel")
    for fuel in ["原煤", "洗精煤", "焦炭", "天然气", "原油", "柴油", "汽油", "液化石油气"]:
        assert local.loc[fuel, "kgce_per_unit"] == pytest.approx(float(ref.set_index("energy_zh").loc[fuel, "kgce_per_unit"]))


def test_natural_gas_choice_is_explicit_in_2008():
    with pytest.raises(ParameterError, match="natural_gas='gas_field' or 'oil_field'"):
        en.to_tce(1.0, "天然气", "立方米")
    assert en.to_tce(10_000.0, "天然气", "立方米", natural_gas="oil_field") == pytest.approx(13.3)
    with pytest.raises(ParameterError, match="single 天然气 coefficient"):
        en.to_tce(1.0, "天然气", "立方米", version="local-stat-bureau", natural_gas="oil_field")


def test_equal_basis_requires_the_years_rate():
    with pytest.raises(ParameterError, match="needs power_coal_rate="):
        en.to_tce(1.0, "电力", "万kWh", electricity_basis="equal")
    with pytest.raises(ParameterError, match="not plausible"):
        en.to_tce(1.0, "电力", "万kWh", electricity_basis="equal", power_coal_rate=0.3)
    with pytest.raises(ParameterError, match="only used with electricity_basis='equal'"):
        en.to_tce(1.0, "电力", "万kWh", power_coal_rate=300.0)
    rates = pd.DataFrame({"year": [2023], "gce_per_kwh": [300.0], "source": ["test"]})
    with pytest.raises(InsufficientDataError, match="no row for 2022"):
        en.power_coal_rate(rates, 2022)


def test_to_tce_units_and_fuels():
    s = en.to_tce(pd.Series([1.0, 1.0], index=["a", "b"]), pd.Series(["原煤", "热力"]), pd.Series(["吨", "GJ"]))
    assert s.index.tolist() == ["a", "b"]
    assert s.tolist() == pytest.approx([0.7143, 0.03412])
    with pytest.raises(UnitError, match=r"unknown quantity unit\(s\) \['桶'\]"):
        en.to_tce(1.0, "原油", "桶")
    with pytest.raises(UnitError, match="measured in kg"):
        en.to_tce(1.0, "原煤", "立方米")
    with pytest.raises(ParameterError, match=r"no GB/T 2589-2008 coefficient for fuel\(s\) \['核能'\]"):
        en.to_tce(1.0, "核能", "吨")


def test_energy_by_fuel_to_tce_equal_basis_by_year():
    t = pd.DataFrame({"credit_code": "A", "period": ["2022-12", "2023-03"], "fuel": "电力",
                      "quantity": [10.0, 10.0], "unit": "万kWh"})
    rates = pd.DataFrame({"year": [2022, 2023], "gce_per_kwh": [305.0, 300.0]})
    out = en.energy_by_fuel_to_tce(t, electricity_basis="equal", power_coal_rates=rates)
    assert out["tce"].tolist() == pytest.approx([30.5, 30.0])
    assert set(out["electricity_basis"]) == {"equal"}


def test_intensity_and_change_edge_cases():
    assert en.energy_intensity(pd.Series([5.0]), pd.Series([10.0])).tolist() == [0.5]
    with pytest.raises(ParameterError, match="positive value added"):
        en.energy_intensity(5.0, 0.0)
    with pytest.raises(ParameterError, match="va_growth=-100"):
        en.intensity_change(2.0, -100.0)
    assert en.intensity_change(2.0, 6.0, same_sample=False).status == "samples_differ"
    with pytest.raises(ParameterError, match="positive levels"):
        en.intensity_change_from_levels(1.0, 0.0, 1.0, 1.0)


def test_plan_period_and_remaining_decline():
    assert en.plan_period_change([-3.0, -2.0]) == pytest.approx((0.97 * 0.98 - 1) * 100)
    with pytest.raises(ParameterError, match="no year remains"):
        en.remaining_annual_decline(-13.5, [-3.0] * 5, 5)
