"""ArGrowth: least-squares autoregression with a base-effect lag, calibrated intervals, API and refusals."""

import numpy as np
import pandas as pd
import pytest

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.models.autoreg import KAPPA_BOUNDS, LAG_SETS, ArGrowth
from gxanalysis.models.base import PROBABILITY_BOUNDS
from gxanalysis.models.combination import model_class
from gxanalysis.models.series import GrowthSeries, release_index, simulate_growth_series

OPTS = dict(working_days=False, outliers=())


@pytest.fixture(scope="module")
def sim():
    return simulate_growth_series(start_year=2005, end="2023-12", mean=6.0, ar=0.6, sigma=1.0,
                                  sf_effect=-8.0, seed=7)


@pytest.fixture(scope="module")
def res(sim):
    return ArGrowth(sim[0].truncate("2023-05"), **OPTS).fit()


def test_least_squares_matches_plain_numpy(sim):
    """Coefficients equal an independent least-squares fit of y_t on 1, y_{t-1}, y_{t-11}, x_t."""
    from gxanalysis.models.calendar import growth_calendar_exog

    s = sim[0].truncate("2023-05")
    r = ArGrowth(s, lags=(1, 11), start="2010-02", calibrate=False, **OPTS).fit()
    fr = s.frame.loc["2010-02":]
    y = 100 * np.log1p(fr["growth"].to_numpy() / 100)
    x = growth_calendar_exog(fr.index, working_days=False)["spring_festival"].to_numpy()
    m = np.column_stack([np.ones(len(y) - 11), y[10:-1], y[:-11], x[11:]])
    beta = np.linalg.lstsq(m, y[11:], rcond=None)[0]
    np.testing.assert_allclose(r.params[["intercept", "ar.L1", "ar.L11", "spring_festival"]].to_numpy(), beta,
                               rtol=1e-8)
    assert r.params["spring_festival"] == pytest.approx(-8.0, rel=0.2)


def test_window_starts_at_release_break_with_min_years(sim):
    s = sim[0]
    assert ArGrowth(s.truncate("2020-06"), **OPTS)._default_start(s.truncate("2020-06")) == pd.Period("2013-02", "M")
    short = s.truncate("2014-05")
    assert ArGrowth(short, **OPTS)._default_start(short) == pd.Period("2011-06", "M")  # three years back


def test_forecast_shape_and_calibration(res):
    fc = res.get_forecast(12, 0.2).frame
    assert not (fc.index.month == 1).any()
    assert list(fc.index[:2].astype(str)) == ["2023-06", "2023-07"]
    assert (fc["ytd_lower"] < fc["ytd"]).all() and (fc["ytd"] < fc["ytd_upper"]).all()
    kappa = res._core.extra["kappa"]
    assert KAPPA_BOUNDS[0] <= kappa <= KAPPA_BOUNDS[1]
    assert res._core.extra["n_calibration"] == 64  # 8 years × origins Feb–Sep
    assert tuple(res._core.extra["lags"]) in LAG_SETS
    assert "kappa" in res.summary()


def test_calibration_scales_the_interval(sim):
    s = sim[0].truncate("2023-05")
    cal = ArGrowth(s, **OPTS).fit()
    raw = ArGrowth(s, calibrate=False, **OPTS).fit()
    w_cal = cal.year_end(0.2)
    w_raw = raw.year_end(0.2)
    assert w_cal.point == pytest.approx(w_raw.point, abs=0.05)
    ratio = (w_cal.upper - w_cal.lower) / (w_raw.upper - w_raw.lower)
    assert ratio == pytest.approx(cal._core.extra["kappa"], rel=0.25)


def test_probability_never_certain_unless_secured(res):
    ye = res.year_end(0.2, target=-20.0)
    assert ye.probability == PROBABILITY_BOUNDS[1]
    assert res.year_end(0.2, target=40.0).probability == PROBABILITY_BOUNDS[0]


def test_secured_target_from_levels():
    """A target that last year's whole-year level already guarantees has probability 1."""
    idx = pd.period_range("2019-01", "2023-11", freq="M", name="period")
    rng = np.random.default_rng(3)
    rows = []
    for y in range(2019, 2024):
        cv, cb = 0.0, 0.0
        for m in range(1, 13):
            p = pd.Period(f"{y}-{m:02d}", "M")
            if p not in idx:
                continue
            base = 100.0 * 1.05 ** (y - 2019)
            cv += base * 1.05 * (1 + 0.02 * rng.standard_normal()) * (3.0 if y == 2023 and m == 11 else 1.0)
            cb += base
            rows.append({"period": p, "value": cv, "base": cb})
    s = GrowthSeries.from_levels(pd.DataFrame(rows).set_index("period"), value="value", base="base")
    r = ArGrowth(s, min_years=2, **OPTS).fit()
    assert r.year_end(target=10.0).probability == 1.0  # November alone tripled: the year is above +10%


def test_model_class_and_refusals(sim):
    assert model_class("ar") is ArGrowth
    with pytest.raises(ParameterError, match="lags='x'"):
        ArGrowth(sim[0], lags="x")
    with pytest.raises(ParameterError, match="calibration_years=1"):
        ArGrowth(sim[0], calibration_years=1)
    with pytest.raises(ParameterError, match="does not take"):
        ArGrowth(sim[0], order=(1, 0, 0))
    with pytest.raises(InsufficientDataError, match="at least 3 years"):
        ArGrowth(sim[0].truncate("2006-12"), **OPTS).fit()


def test_missing_drop_and_raise(sim):
    fr = sim[0].truncate("2022-12").frame.copy()
    fr.loc["2018-05", "growth"] = np.nan
    holed = GrowthSeries(fr, "levels", "holed")
    with pytest.raises(InsufficientDataError, match="2018-05"):
        ArGrowth(holed, **OPTS).fit()
    out = ArGrowth(holed, missing="drop", **OPTS).fit().forecast(3)
    assert np.isfinite(out["ytd"]).all()
    assert list(out.index) == list(release_index("2023-02", "2023-03"))


def test_every_model_has_a_reader_label():
    from gxanalysis.labels import MODELS

    for name in ("default", "ar", "sarimax", "ets", "ucm", "combination"):
        assert model_class(name).name in MODELS, name
