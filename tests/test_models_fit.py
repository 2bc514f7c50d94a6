"""Growth models: parameter recovery on seeded simulated series, interval coverage, API, refusals."""

import numpy as np
import pandas as pd
import pytest

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.models.combination import CombinationGrowth, model_class
from gxanalysis.models.ets import EtsGrowth
from gxanalysis.models.sarimax import SarimaxGrowth
from gxanalysis.models.series import simulate_growth_series
from gxanalysis.models.ucm import UcmGrowth

SF_COEF_TOL = 0.15  # relative error allowed on the Spring-Festival coefficient
AR_TOL = 0.15  # absolute error allowed on the AR coefficient
MEAN_TOL = 0.5  # log points, on the mean growth
TRUE = dict(mean=6.0, ar=0.6, sigma=1.0, sf_effect=-8.0)
OPTS = dict(working_days=False, outliers=())


@pytest.fixture(scope="module")
def sim():
    return simulate_growth_series(start_year=2005, seed=11, **TRUE)


@pytest.fixture(scope="module")
def sarimax_res(sim):
    return SarimaxGrowth(sim[0], order=(1, 0, 0), seasonal_order=(0, 0, 0), trend="c", **OPTS).fit()


def test_sarimax_recovers_parameters(sarimax_res):
    p = sarimax_res.params
    assert p["spring_festival"] == pytest.approx(TRUE["sf_effect"], rel=SF_COEF_TOL)
    assert p["ar.L1"] == pytest.approx(TRUE["ar"], abs=AR_TOL)
    assert p["intercept"] / (1 - p["ar.L1"]) == pytest.approx(TRUE["mean"], abs=MEAN_TOL)


def test_params_read_only(sarimax_res):
    p = sarimax_res.params
    with pytest.raises(ValueError):
        p.iloc[0] = 0.0


def test_ucm_and_ets_recover_sf_effect(sim):
    u = UcmGrowth(sim[0], **OPTS).fit().params
    e = EtsGrowth(sim[0], trend=None, **OPTS).fit().params
    assert u["spring_festival"] == pytest.approx(TRUE["sf_effect"], rel=SF_COEF_TOL)
    assert e["calendar.spring_festival"] == pytest.approx(TRUE["sf_effect"], rel=SF_COEF_TOL)


def test_forecast_frame_follows_release_convention(sarimax_res):
    fc = sarimax_res.get_forecast(14, alpha=0.2).frame
    assert list(fc.columns) == ["yoy", "yoy_lower", "yoy_upper", "ytd", "ytd_lower", "ytd_upper"]
    assert not (fc.index.month == 1).any()
    feb = fc[fc.index.month == 2]
    assert feb["yoy"].isna().all() and feb["ytd"].notna().all()
    ok = fc.dropna()
    assert ((ok["yoy_lower"] <= ok["yoy"]) & (ok["yoy"] <= ok["yoy_upper"])).all()
    assert (fc["ytd_upper"] - fc["ytd_lower"] > 0).all()
    point = sarimax_res.forecast(14)
    assert point["ytd"].equals(fc["ytd"])


def test_ytd_forecast_is_base_weighted_cumulation(sarimax_res):
    """From a December origin the year-to-date forecast is the base-weighted cumulation of the
    single-period forecasts, with last year's levels as bases (INDICATORS.md §2.3)."""
    from gxanalysis.models.series import ytd_from_single_month

    fc = sarimax_res.forecast(12)
    g = fc["yoy"].copy()
    g.loc["2024-02"] = fc.loc["2024-02", "ytd"]
    last_year = sarimax_res.levels.value.loc["2023-02":"2023-12"]
    base = pd.Series(last_year.to_numpy(), index=last_year.index + 12)
    expected = ytd_from_single_month(g, base)
    np.testing.assert_allclose(fc["ytd"].to_numpy(), expected.to_numpy(), atol=1e-9)
    simple_mean = g.mean()
    assert abs(fc.loc["2024-12", "ytd"] - simple_mean) > 1e-6


@pytest.mark.slow
def test_interval_coverage_on_simulated_data():
    """80% one-year-ahead intervals of single-period growth cover about 80% (loose: 65–92%)."""
    hits = []
    for seed in range(8):
        s, y = simulate_growth_series(start_year=2005, end="2024-12", seed=100 + seed, **TRUE)
        res = SarimaxGrowth(s.truncate("2023-12"), order=(1, 0, 0), seasonal_order=(0, 0, 0), trend="c",
                            **OPTS).fit()
        fc = res.get_forecast(12, 0.2, repetitions=1000).frame
        actual = s.growth.loc["2024-03":"2024-12"]
        f = fc.loc["2024-03":"2024-12"]
        hits.extend(((actual >= f["yoy_lower"]) & (actual <= f["yoy_upper"])).tolist())
    cov = float(np.mean(hits))
    assert 0.65 <= cov <= 0.92, cov


@pytest.mark.slow
def test_combination_weights_and_mixture(sim):
    res = CombinationGrowth(sim[0], weights="equal", **OPTS).fit()
    assert res.params.to_numpy() == pytest.approx(np.full(3, 1 / 3))
    ye = res.year_end(0.2, target=6.0)
    assert ye.lower < ye.point < ye.upper
    assert 0.0 <= ye.probability <= 1.0


@pytest.mark.slow
def test_refusals(sim):
    s = sim[0]
    with pytest.raises(ParameterError, match="missing='maybe'"):
        SarimaxGrowth(s, missing="maybe")
    with pytest.raises(ParameterError, match="alpha=0.7"):
        SarimaxGrowth(s, **OPTS).fit().get_forecast(12, alpha=0.7)
    with pytest.raises(ParameterError, match="steps=0"):
        EtsGrowth(s, **OPTS).fit().forecast(0)
    with pytest.raises(ParameterError, match="model='arima'"):
        model_class("arima")
    with pytest.raises(InsufficientDataError, match="at least 3 years"):
        EtsGrowth(s.truncate("2006-12"), **OPTS).fit()
    gap = s.frame.copy()
    gap.loc["2010-05", "growth"] = np.nan
    from gxanalysis.models.series import GrowthSeries

    holed = GrowthSeries(gap, "levels", "holed")
    with pytest.raises(InsufficientDataError, match="2010-05.*missing='drop'"):
        UcmGrowth(holed, **OPTS).fit()
    assert np.isfinite(UcmGrowth(holed, missing="drop", **OPTS).fit().forecast(3)["ytd"]).all()


def test_summary_and_plot(sarimax_res):
    import matplotlib

    matplotlib.use("Agg")
    assert "spring_festival" in sarimax_res.summary()
    fig = sarimax_res.plot_forecast(6)
    assert len(fig.axes) == 2
    assert isinstance(sarimax_res.resid, pd.Series)


@pytest.mark.slow
def test_combination_rolling_weights_match_backtest_errors(sim):
    """Rolling-origin weights are inverse year-end MSEs of the members on the years before the origin,
    the same errors the backtest harness records; a cache makes a second fit reuse them."""
    from gxanalysis.models.backtest import year_end_backtest

    s = sim[0].truncate("2023-04")
    comb = CombinationGrowth(s, members=("ar", "ets"), weight_years=2, **OPTS)
    cache: dict = {}
    res = comb.fit(cache=cache)
    n_cached = len(cache)
    assert n_cached == 2 * 2 * 8
    bt = year_end_backtest(s, models=["ar", "ets"], years=[2021, 2022], repetitions=50,
                           model_options={"ar": OPTS, "ets": OPTS})
    mse = bt.records[bt.records["model"].isin(["ar", "ets"])].groupby("model")["error"].apply(
        lambda e: float(np.mean(e ** 2)))
    expected = (1 / mse[["ar", "ets"]]) / (1 / mse[["ar", "ets"]]).sum()
    np.testing.assert_allclose(res.params.to_numpy(), expected.to_numpy(), rtol=1e-9)
    comb.fit(cache=cache)
    assert len(cache) == n_cached
    with pytest.raises(ParameterError, match="weights='best'"):
        CombinationGrowth(s, weights="best")
