"""Holiday dates, genhol-style moving-holiday regressors and official working days."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from gxanalysis.errors import ParameterError, PeriodError
from gxanalysis.models.calendar import (
    DEFAULT_WINDOWS,
    calendar_regressors,
    holiday_date,
    holiday_dates,
    moving_holiday_regressor,
    working_days,
    working_days_coverage,
)

SPRING_FESTIVAL = {  # published dates of 春节 (lunar 1/1)
    2023: "2023-01-22", 2024: "2024-02-10", 2020: "2020-01-25", 2021: "2021-02-12",
    2022: "2022-02-01", 2019: "2019-02-05", 2015: "2015-02-19", 2013: "2013-02-10",
    2000: "2000-02-05", 2010: "2010-02-14", 2030: "2030-02-03", 1990: "1990-01-27",
    2025: "2025-01-29",
}


@pytest.mark.parametrize(("year", "date"), sorted(SPRING_FESTIVAL.items()))
def test_spring_festival_dates(year, date):
    assert holiday_date("spring_festival", year) == dt.date.fromisoformat(date)


@pytest.mark.parametrize(("name", "date"), [
    ("dragon_boat", "2023-06-22"), ("dragon_boat", "2024-06-10"), ("端午", "2020-06-25"),
    ("mid_autumn", "2023-09-29"), ("mid_autumn", "2024-09-17"), ("中秋", "2020-10-01"),
])
def test_other_holidays(name, date):
    d = dt.date.fromisoformat(date)
    assert holiday_date(name, d.year) == d


def test_all_years_1990_2099_in_range():
    sf = holiday_dates("spring_festival", range(1990, 2100))
    assert len(sf) == 110 and sf.index.name == "year"
    assert (sf >= sf.index.map(lambda y: pd.Timestamp(y, 1, 21))).all()
    assert (sf <= sf.index.map(lambda y: pd.Timestamp(y, 2, 20))).all()
    mid = holiday_dates("mid_autumn", range(1990, 2100))
    assert mid.dt.month.isin([9, 10]).all()
    db = holiday_dates("dragon_boat", range(1990, 2100))
    assert db.dt.month.isin([5, 6]).all()


def test_unknown_holiday_and_year():
    with pytest.raises(ParameterError, match=r"holiday='easter' is not known.*spring_festival"):
        holiday_date("easter", 2020)
    with pytest.raises(ParameterError, match=r"year 2100 is outside the lunar tables \(1900–2099\)"):
        holiday_date("spring_festival", 2100)


def _shares_by_counting(holiday_day: dt.date, before: int, after: int) -> dict[tuple[int, int], float]:
    days = pd.date_range(holiday_day - dt.timedelta(days=before), holiday_day + dt.timedelta(days=after))
    counts = pd.Series(1, index=days).groupby([days.year, days.month]).sum()
    return {k: v / len(days) for k, v in counts.items()}


@pytest.mark.parametrize(("year", "before", "after"), [(2015, 30, 20), (2020, 10, 7), (2023, 25, 0),
                                                       (2021, 0, 30)])
def test_uncentred_shares_count_window_days(year, before, after):
    idx = pd.period_range(f"{year - 1}-12", f"{year}-04", freq="M")
    x = moving_holiday_regressor(idx, before=before, after=after, center=None)
    expected = _shares_by_counting(holiday_date("spring_festival", year), before, after)
    for p, v in x.items():
        assert v == pytest.approx(expected.get((p.year, p.month), 0.0), abs=1e-15), str(p)
    assert x.sum() == pytest.approx(1.0)  # 2023: the window starts in December 2022


def test_calendar_centring_matches_the_definition():
    span = (2000, 2029)
    full = pd.period_range("2000-01", "2029-12", freq="M")
    raw = moving_holiday_regressor(full, before=20, after=15, center=None)
    means = raw.groupby(raw.index.month).mean()
    centred = moving_holiday_regressor(full, before=20, after=15, center="calendar", center_span=span)
    np.testing.assert_allclose(centred.to_numpy(), raw.to_numpy() - means.loc[full.month].to_numpy(),
                               atol=1e-15)
    # genhol's property: zero mean per calendar month over the span
    assert centred.groupby(centred.index.month).mean().abs().max() < 1e-14
    assert raw.groupby(raw.index.month).mean().loc[[1, 2]].min() > 0.2  # not zero before centring
    overall = moving_holiday_regressor(full, before=20, after=15, center="mean", center_span=span)
    assert overall.mean() == pytest.approx(0.0, abs=1e-14)


def test_values_do_not_change_when_the_index_grows():
    short = moving_holiday_regressor(pd.period_range("2010-01", "2023-12", freq="M"))
    long = moving_holiday_regressor(pd.period_range("2005-01", "2030-12", freq="M"))
    pd.testing.assert_series_equal(short, long.loc[short.index])


def test_index_kept_and_default_window():
    idx = pd.period_range("2018-01", "2018-06", freq="M", name="period")
    x = moving_holiday_regressor(idx)
    assert x.index is idx and x.name == "spring_festival"
    assert DEFAULT_WINDOWS["spring_festival"] == (10, 7)
    pd.testing.assert_series_equal(x, moving_holiday_regressor(idx, before=10, after=7))
    dti = pd.date_range("2018-01-31", periods=6, freq="ME")
    np.testing.assert_allclose(moving_holiday_regressor(dti).to_numpy(), x.to_numpy())


def test_jan_feb_combined_variant():
    idx = pd.period_range("2014-01", "2016-12", freq="M")
    sep = moving_holiday_regressor(idx, before=10, after=20)
    comb = moving_holiday_regressor(idx, before=10, after=20, jan_feb_combined=True)
    assert (comb[comb.index.month == 1] == 0).all()
    feb = comb.index.month == 2
    np.testing.assert_allclose(comb[feb].to_numpy(),
                               sep[feb].to_numpy() + sep[comb.index.month == 1].to_numpy(), atol=1e-15)
    other = ~comb.index.month.isin([1, 2])
    pd.testing.assert_series_equal(comb[other], sep[other])
    # a late New Year (2015-02-19) spills into March: the Jan–Feb total is below its average
    assert comb.loc["2015-02"] < 0 < comb.loc["2015-03"]


def test_regressor_errors():
    idx = pd.period_range("2020-01", "2020-12", freq="M")
    with pytest.raises(ParameterError, match=r"before=-1 is not allowed.*0–150"):
        moving_holiday_regressor(idx, before=-1)
    with pytest.raises(ParameterError, match=r"center='x13' is not allowed"):
        moving_holiday_regressor(idx, center="x13")
    with pytest.raises(ParameterError, match=r"center_span=\(1850, 2000\)"):
        moving_holiday_regressor(idx, center_span=(1850, 2000))
    with pytest.raises(PeriodError, match="monthly PeriodIndex"):
        moving_holiday_regressor(pd.period_range("2020Q1", "2020Q4", freq="Q"))


@pytest.mark.parametrize(("month", "expected"), [
    ("2024-01", 22), ("2024-02", 18),  # 春节 Feb 10–17, make-up days Sun Feb 4 and Sun Feb 18
    ("2023-01", 18),  # Jan 2 off, 春节 Jan 23–27 off, Sat 28 and Sun 29 worked
    ("2023-10", 19),  # 国庆 Oct 2–6 off, Sat 7 and Sun 8 worked
    ("2019-05", 21),  # 劳动节 May 1–3 off (Wed–Fri), Sun Apr 28 and Sun May 5 worked
])
def test_working_days_official_schedule(month, expected):
    idx = pd.PeriodIndex([month], freq="M")
    assert working_days(idx).iloc[0] == expected


def test_working_days_past_coverage():
    first, last = working_days_coverage()
    assert first == 2004 and last >= 2025
    beyond = pd.period_range(f"{last}-11", f"{last + 1}-02", freq="M")
    with pytest.raises(ParameterError, match=rf"unknown for {last + 1}-01.*last known year {last}.*upgrade"):
        working_days(beyond)
    with pytest.raises(ParameterError, match=r"unknown for 2003-12"):
        working_days(pd.period_range("2003-12", "2004-01", freq="M"))


def test_calendar_regressors_for_exog():
    first, last = working_days_coverage()
    past = pd.period_range("2015-01", "2023-12", freq="M")
    future = pd.period_range("2024-01", f"{last}-12", freq="M")
    x_past = calendar_regressors(past, ("spring_festival", "dragon_boat", "mid_autumn"))
    x_future = calendar_regressors(future, ("spring_festival", "dragon_boat", "mid_autumn"))
    assert list(x_past.columns) == ["spring_festival", "dragon_boat", "mid_autumn", "working_days"]
    assert x_past.index is past and x_future.notna().all().all()
    assert (x_past.dtypes == "float64").all()
    pd.testing.assert_series_equal(x_past["spring_festival"], moving_holiday_regressor(past))
    # holiday regressors alone go as far as the lunar tables
    far = calendar_regressors(pd.period_range("2090-01", "2099-12", freq="M"), working_days=False)
    assert list(far.columns) == ["spring_festival"] and far.notna().all().all()
    custom = calendar_regressors(past, windows={"spring_festival": (20, 15)}, working_days=False)
    pd.testing.assert_series_equal(custom["spring_festival"],
                                   moving_holiday_regressor(past, before=20, after=15))
    with pytest.raises(ParameterError, match=r"windows gives \['mid_autumn'\]"):
        calendar_regressors(past, windows={"mid_autumn": (1, 1)})
