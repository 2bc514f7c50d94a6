"""Electricity → value-added nowcast on simulated data with a known link."""

import numpy as np
import pandas as pd
import pytest

from gxanalysis.errors import InsufficientDataError
from gxanalysis.models.nowcast import ElectricityNowcast, growth_from_enterprise_levels, nowcast_backtest
from gxanalysis.models.series import release_index

BETA = 0.8
BETA_TOL = 0.1


def _simulated(seed=3, n_years=12):
    rng = np.random.default_rng(seed)
    idx = release_index("2012-02", f"{2011 + n_years}-12")
    e = np.zeros(len(idx))
    u = np.zeros(len(idx))
    for t in range(len(idx)):
        e[t] = (0.7 * e[t - 1] if t else 0) + 2.0 * rng.standard_normal()
        u[t] = (0.5 * u[t - 1] if t else 0) + 0.6 * rng.standard_normal()
    va = 2.0 + BETA * (e + 5.0) + u
    return pd.DataFrame({"value_added": va, "electricity": e + 5.0}, index=idx)


@pytest.mark.slow
def test_recovers_link_and_beats_naive():
    data = _simulated()
    res = ElectricityNowcast(data).fit()
    assert res.params["electricity"] == pytest.approx(BETA, abs=BETA_TOL)
    bt = nowcast_backtest(data.iloc[-60:], first=str(data.index[-12]))
    mae = (bt["nowcast"] - bt["actual"]).abs().mean()
    naive = (bt["naive"] - bt["actual"]).abs().mean()
    assert mae < naive


def test_pending_period_and_refusal():
    data = _simulated()
    data.iloc[-1, 0] = np.nan
    nc = ElectricityNowcast(data).fit().nowcast(0.2)
    assert list(nc.index) == [data.index[-1]]
    assert nc["lower"].iloc[0] < nc["nowcast"].iloc[0] < nc["upper"].iloc[0]
    with pytest.raises(InsufficientDataError, match="at least 24"):
        ElectricityNowcast(data.iloc[-10:]).fit()


def test_growth_from_enterprise_levels():
    lv = pd.DataFrame({"credit_code": ["A", "B", "A", "B"], "period": ["2023-02", "2023-02", "2023-03", "2023-03"],
                       "value_added": [10.0, 20, 16, 31], "value_added_base": [9.0, 20, 14, 30],
                       "electricity": [5.0, 5, 8, 8], "electricity_base": [5.0, 4, 7, 7]})
    g = growth_from_enterprise_levels(lv)
    assert g.loc["2023-03", "value_added"] == pytest.approx(100 * ((47 - 30) / (44 - 29) - 1))
    assert g.loc["2023-02", "electricity"] == pytest.approx(100 * (10 / 9 - 1))
