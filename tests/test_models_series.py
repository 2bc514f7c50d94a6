"""Series handling on the release calendar: Jan–Feb convention, conversions, refusals, base weights."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gxanalysis.errors import InsufficientDataError
from gxanalysis.models.series import (
    GrowthSeries,
    implied_base_ratio,
    reconstruct_levels,
    release_index,
    single_month_from_ytd,
    to_release_calendar,
    ytd_from_single_month,
)

NBS = Path(__file__).resolve().parents[1] / "data" / "nbs" / "月度数据_规上工业增加值增长速度_1998-2023.csv"
YTD_TOL = 0.15  # pp: reconstructed weights reproduce the published (rounded) ytd within this RMSE


@pytest.fixture(scope="module")
def national():
    from gxanalysis.data.nbs import read_growth_series

    return GrowthSeries.from_rates(read_growth_series(NBS))


def test_release_calendar_has_no_january_and_feb_is_jan_feb(national):
    assert (national.index.month != 1).all()
    assert national.frame.loc["2020-02", "growth"] == -13.5  # the 1–2月 figure
    assert national.frame.loc["2023-12", "ytd"] == 4.6


def test_to_release_calendar_ignores_january_values():
    idx = pd.period_range("2023-01", "2023-03", freq="M", name="period")
    f = pd.DataFrame({"yoy": [9.9, np.nan, 3.9], "ytd": [9.9, 2.4, 3.0]}, index=idx)
    out = to_release_calendar(f)
    assert [str(p) for p in out.index] == ["2023-02", "2023-03"]
    assert out["growth"].tolist() == [2.4, 3.9]


def test_ytd_from_single_month_t1_vector():
    idx = release_index("2023-02", "2023-04")
    g = pd.Series([100 * (188 / 180 - 1), 100 * (130 / 120 - 1), 100 * (112 / 110 - 1)], index=idx)
    b = pd.Series([180.0, 120.0, 110.0], index=idx)
    ytd = ytd_from_single_month(g, b)
    assert ytd.iloc[-1] == pytest.approx(100 * (430 / 410 - 1), abs=1e-9)  # 4.878, not the mean 4.66
    back = single_month_from_ytd(ytd, b)
    np.testing.assert_allclose(back.to_numpy(), g.to_numpy(), atol=1e-9)


def test_conversions_refuse_without_base():
    idx = release_index("2023-02", "2023-04")
    s = pd.Series([2.4, 3.9, 5.6], index=idx)
    with pytest.raises(InsufficientDataError, match="base-weighted"):
        ytd_from_single_month(s, None)
    with pytest.raises(InsufficientDataError, match="base weights"):
        single_month_from_ytd(s, None)


def test_from_levels_growth_and_ytd():
    idx = pd.period_range("2023-01", "2023-04", freq="M", name="period")
    df = pd.DataFrame({"value": [50.0, 188, 318, 430], "base": [48.0, 180, 300, 410]}, index=idx)
    s = GrowthSeries.from_levels(df, value="value", base="base")
    assert [str(p) for p in s.index] == ["2023-02", "2023-03", "2023-04"]
    assert s.ytd.iloc[-1] == pytest.approx(100 * (430 / 410 - 1))
    assert s.growth.iloc[1] == pytest.approx(100 * (130 / 120 - 1))


def test_reconstructed_weights_reproduce_published_ytd(national):
    lp = reconstruct_levels(national, end_year=2019)
    assert lp.residual_rmse < YTD_TOL
    w = lp.base[lp.base.index.year == 2019]
    w = w / w.sum()
    assert 0.10 < w.iloc[0] < 0.20  # 1–2月: about two months' share
    assert (w.iloc[1:] > 0.05).all() and (w.iloc[1:] < 0.12).all()


def test_implied_ratio_flags_ill_conditioned_rows(national):
    r = implied_base_ratio(national)
    assert (r.loc["2023-05", "status"]) == "ill_conditioned"  # ytd 3.6 vs yoy 3.5
    assert r["ratio"][r["status"] != "ok"].isna().all()


def test_reconstruction_refuses_short_series(national):
    short = national.truncate("2000-06")
    with pytest.raises(InsufficientDataError, match="two complete years"):
        reconstruct_levels(short)
