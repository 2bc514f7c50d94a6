"""Chinese calendar effects for monthly series: moving holidays and working days.

Three lunar holidays move between Gregorian months from year to year and shift industrial activity with
them (INDICATORS.md §1.2, §2.5):

* **春节 Spring Festival** (Chinese New Year, lunar 1/1): between 21 January and 20 February; factories
  close for one to three weeks around it, which is why the NBS releases January and February together;
* **端午 Dragon Boat Festival** (lunar 5/5): late May to late June;
* **中秋 Mid-Autumn Festival** (lunar 8/15): mid-September to early October.

This module gives their dates (computed with the ``lunardate`` package), moving-holiday regressors built
the way the U.S. Census Bureau's ``genhol`` program builds them, working days per month from China's
official holiday and make-up-workday (调休) schedule (the ``chinese_calendar`` package), and all of these
in one frame for use as ``exog`` in statsmodels models. All are functions of the calendar alone, so they
are known for future months: they can be extended over a forecast horizon (working days only as far as
the official schedule has been published, see :func:`working_days`).

References
----------
.. [1] U.S. Census Bureau, "Genhol: a utility for generating holiday regressors", X-13ARIMA-SEATS
   documentation, https://www.census.gov/data/software/x13as/genhol.html
.. [2] U.S. Census Bureau, "Notes on centering holiday regressors",
   https://www.census.gov/srd/www/genhol/genhol_center.html
.. [3] Findley, D. F., Monsell, B. C., Bell, W. R., Otto, M. C. and Chen, B.-C. (1998), "New
   capabilities and methods of the X-12-ARIMA seasonal-adjustment program", *Journal of Business &
   Economic Statistics* 16(2), 127–152 (Table 2: the holiday-window regressor).
.. [4] Lin, J.-L. and Liu, T.-S. (2003), "Modeling lunar calendar holiday effects in Taiwan",
   *Taiwan Economic Forecast and Policy* 33(1), 1–37.
.. [5] Sax, C. and Eddelbuettel, D. (2018), "Seasonal adjustment by X-13ARIMA-SEATS in R", *Journal of
   Statistical Software* 87(11) (``seasonal::genhol``, Chinese New Year example).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Literal

import numpy as np
import pandas as pd

from gxanalysis.errors import ParameterError, PeriodError

__all__ = [
    "DEFAULT_CENTER_SPAN",
    "DEFAULT_WINDOWS",
    "HOLIDAYS",
    "LUNAR_YEARS",
    "SF_WINDOW",
    "calendar_regressors",
    "growth_calendar_exog",
    "holiday_date",
    "holiday_dates",
    "moving_holiday_regressor",
    "working_days",
    "working_days_coverage",
]

HOLIDAYS: dict[str, tuple[int, int, str]] = {
    "spring_festival": (1, 1, "春节"),
    "dragon_boat": (5, 5, "端午"),
    "mid_autumn": (8, 15, "中秋"),
}
"""Holiday name → (lunar month, lunar day, Chinese name)."""

_ALIASES = {
    "春节": "spring_festival", "chinese_new_year": "spring_festival", "cny": "spring_festival",
    "端午": "dragon_boat", "端午节": "dragon_boat",
    "中秋": "mid_autumn", "中秋节": "mid_autumn",
}

LUNAR_YEARS = range(1900, 2100)
"""Gregorian years whose holiday dates can be computed: the span of the ``lunardate`` tables (1900–2099)."""

DEFAULT_WINDOWS: dict[str, tuple[int, int]] = {
    "spring_festival": (10, 7),
    "dragon_boat": (2, 2),
    "mid_autumn": (2, 2),
}
"""Default (``before``, ``after``) windows in days [U]. The Spring Festival window — the ten days before
New Year's Day and the seven after it — covers the run-down before the break and the official week off;
the other two cover their three-day public holidays with a day's margin. These are design assumptions:
pass ``before``/``after`` to fit a series (factory restarts can take two to three weeks)."""

DEFAULT_CENTER_SPAN: tuple[int, int] = (1990, 2099)
"""Years over which the calendar-month means are taken when centring (genhol's ``firstmean``/``lastmean``).
A fixed, long span keeps the regressor's past values unchanged when the index is extended."""

Center = Literal["calendar", "mean"] | None


# --------------------------------------------------------------------------------------------------
# holiday dates
# --------------------------------------------------------------------------------------------------
def _holiday_key(name: str) -> str:
    key = _ALIASES.get(name, name)
    if key not in HOLIDAYS:
        raise ParameterError(f"holiday={name!r} is not known; use one of {', '.join(HOLIDAYS)} "
                             "(or 春节, 端午, 中秋)")
    return key


@cache
def _lunar_to_solar(year: int, month: int, day: int) -> dt.date:
    import lunardate

    lunar = lunardate.LunarDate(year, month, day)
    convert = getattr(lunar, "to_solar_date", None) or lunar.toSolarDate
    return convert()


def holiday_date(name: str, year: int) -> dt.date:
    """Gregorian date of a lunar holiday in ``year``.

    Parameters
    ----------
    name : {"spring_festival", "dragon_boat", "mid_autumn"}
        春节 (lunar 1/1), 端午 (lunar 5/5) or 中秋 (lunar 8/15); the Chinese names are accepted too.
    year : int
        Gregorian year (equal to the lunar year for these three holidays), 1900–2099.

    Returns
    -------
    datetime.date

    Raises
    ------
    ParameterError
        An unknown holiday, or a year outside the ``lunardate`` tables (1900–2099).

    Examples
    --------
    >>> holiday_date("spring_festival", 2024), holiday_date("中秋", 2023)
    (datetime.date(2024, 2, 10), datetime.date(2023, 9, 29))
    """
    key = _holiday_key(name)
    year = int(year)
    if year not in LUNAR_YEARS:
        raise ParameterError(f"year {year} is outside the lunar tables ({LUNAR_YEARS.start}–"
                             f"{LUNAR_YEARS.stop - 1}) used for {key} ({HOLIDAYS[key][2]}); "
                             "use a year in that span")
    month, day, _ = HOLIDAYS[key]
    return _lunar_to_solar(year, month, day)


def holiday_dates(name: str, years: Iterable[int]) -> pd.Series:
    """Gregorian dates of a lunar holiday for several years.

    Parameters
    ----------
    name : str
        See :func:`holiday_date`.
    years : iterable of int

    Returns
    -------
    pandas.Series
        ``datetime64`` values, indexed by ``year``, named after the holiday.

    Examples
    --------
    >>> holiday_dates("spring_festival", [2022, 2023]).dt.strftime("%m-%d").tolist()
    ['02-01', '01-22']
    """
    key = _holiday_key(name)
    ys = [int(y) for y in years]
    return pd.Series(pd.to_datetime([holiday_date(key, y) for y in ys]),
                     index=pd.Index(ys, name="year"), name=key)


# --------------------------------------------------------------------------------------------------
# moving-holiday regressors (genhol)
# --------------------------------------------------------------------------------------------------
def _as_monthly_index(index: pd.Index, what: str = "index") -> pd.PeriodIndex:
    if isinstance(index, pd.PeriodIndex) and index.freqstr.startswith("M"):
        return index
    if isinstance(index, pd.DatetimeIndex):
        return index.to_period("M")
    raise PeriodError(f"{what} must be a monthly PeriodIndex (got {type(index).__name__}"
                      f"{' ' + index.freqstr if isinstance(index, pd.PeriodIndex) else ''}); "
                      "build one with pd.period_range('2015-01', '2023-12', freq='M')")


@cache
def _raw_shares(key: str, before: int, after: int, first_year: int, last_year: int) -> pd.DataFrame:
    """Uncentred shares: rows = years ``first_year``–``last_year``, columns = months 1–12."""
    counts = np.zeros((last_year - first_year + 1, 12))
    length = before + after + 1
    lo = max(first_year - 1, LUNAR_YEARS.start)
    hi = min(last_year + 1, LUNAR_YEARS.stop - 1)
    for y in range(lo, hi + 1):
        h = holiday_date(key, y)
        for k in range(-before, after + 1):
            d = h + dt.timedelta(days=k)
            if first_year <= d.year <= last_year:
                counts[d.year - first_year, d.month - 1] += 1
    return pd.DataFrame(counts / length, index=pd.RangeIndex(first_year, last_year + 1),
                        columns=range(1, 13))


def moving_holiday_regressor(index: pd.PeriodIndex, holiday: str = "spring_festival", *,
                             before: int | None = None, after: int | None = None,
                             center: Center = "calendar",
                             center_span: tuple[int, int] = DEFAULT_CENTER_SPAN,
                             jan_feb_combined: bool = False) -> pd.Series:
    """Moving-holiday regressor for a monthly index, built as the Census Bureau's genhol builds it.

    The holiday's effect is assumed constant over a window of days around it, from ``before`` days
    before the holiday to ``after`` days after it (both ends included, ``before + after + 1`` days).
    The raw regressor of a month is the share of the window's days that fall in that month
    (Findley et al. 1998, Table 2; genhol [1]):

    .. math:: h_{y,m} = \\frac{\\#\\{d \\in [H_y - b,\\; H_y + a] : d \\in \\text{month } (y, m)\\}}{b + a + 1}

    where :math:`H_y` is the holiday's date in year :math:`y` (a window crossing a year end counts in
    both years). With ``center="calendar"`` (genhol's calendar centring [2]) the mean of each calendar
    month over the years of ``center_span`` is subtracted,

    .. math:: x_{y,m} = h_{y,m} - \\frac{1}{Y} \\sum_{y' = y_0}^{y_1} h_{y',m},

    so the regressor averages zero for every calendar month over the span and the holiday effect is not
    confounded with the seasonal factors. ``center="mean"`` subtracts the overall mean instead (for
    holidays that move through the whole year); ``None`` leaves the shares as they are.

    This equals ``seasonal::genhol(dates, start=-before, end=after, center=...)`` in R [5] when that is
    centred over the same years.

    Parameters
    ----------
    index : pandas.PeriodIndex
        Monthly periods (a ``DatetimeIndex`` is converted to months). May extend into the future: the
        regressor is known ahead.
    holiday : {"spring_festival", "dragon_boat", "mid_autumn"}, default "spring_festival"
        Also 春节, 端午, 中秋.
    before, after : int, optional
        Days in the window before and after the holiday, ≥ 0. Defaults: :data:`DEFAULT_WINDOWS`
        (Spring Festival 10 and 7 [U]).
    center : {"calendar", "mean", None}, default "calendar"
    center_span : (int, int), default (1990, 2099)
        First and last year of the centring means (genhol's ``firstmean``/``lastmean``); within
        1900–2099. Keep it fixed across fits so past values do not change when the index grows.
    jan_feb_combined : bool, default False
        For series observed only as January–February totals (1–2月, INDICATORS.md §1.2): February
        carries the regressor of January and February together (:math:`x_{y,1} + x_{y,2}`) and January
        is 0. A Spring Festival window then matters only where it spills into March.

    Returns
    -------
    pandas.Series
        Float, on ``index`` as given, named after the holiday. No unit: a share of the window (−1…1
        after centring).

    Raises
    ------
    ParameterError
        Unknown holiday or centring, negative window, a span or index outside 1900–2099.

    Examples
    --------
    >>> idx = pd.period_range("2020-01", "2020-03", freq="M")
    >>> moving_holiday_regressor(idx, center=None).round(4).tolist()  # 春节 2020-01-25: 01-15 … 02-01
    [0.9444, 0.0556, 0.0]
    >>> x = moving_holiday_regressor(pd.period_range("1990-01", "2099-12", freq="M"))
    >>> bool(abs(x.groupby(x.index.month).mean()).max() < 1e-12)
    True
    """
    key = _holiday_key(holiday)
    months = _as_monthly_index(index)
    b0, a0 = DEFAULT_WINDOWS[key]
    before = b0 if before is None else before
    after = a0 if after is None else after
    for pname, val in (("before", before), ("after", after)):
        if isinstance(val, bool) or not isinstance(val, int | np.integer) or val < 0 or val > 150:
            raise ParameterError(f"{pname}={val!r} is not allowed; give a whole number of days 0–150")
    if center not in ("calendar", "mean", None):
        raise ParameterError(f"center={center!r} is not allowed; use 'calendar', 'mean' or None")
    y0, y1 = (int(v) for v in center_span)
    if not (LUNAR_YEARS.start <= y0 <= y1 <= LUNAR_YEARS.stop - 1):
        raise ParameterError(f"center_span={center_span!r} is not allowed; give (first, last) years "
                             f"with {LUNAR_YEARS.start} ≤ first ≤ last ≤ {LUNAR_YEARS.stop - 1}")
    if len(months) == 0:
        return pd.Series([], index=index, dtype="float64", name=key)
    iy0, iy1 = int(months.year.min()), int(months.year.max())
    if iy0 < LUNAR_YEARS.start or iy1 > LUNAR_YEARS.stop - 1:
        raise ParameterError(f"the index runs {months.min()}–{months.max()}, outside the lunar tables "
                             f"({LUNAR_YEARS.start}–{LUNAR_YEARS.stop - 1}); shorten the index")
    lo, hi = min(iy0, y0), max(iy1, y1)
    raw = _raw_shares(key, int(before), int(after), lo, hi).copy()
    if jan_feb_combined:
        raw[2] = raw[1] + raw[2]
        raw[1] = 0.0
    if center == "calendar":
        raw = raw - raw.loc[y0:y1].mean(axis=0)
    elif center == "mean":
        raw = raw - float(raw.loc[y0:y1].to_numpy().mean())
    values = raw.to_numpy()[months.year.to_numpy() - lo, months.month.to_numpy() - 1]
    return pd.Series(values.astype("float64"), index=index, name=key)


# --------------------------------------------------------------------------------------------------
# working days
# --------------------------------------------------------------------------------------------------
def working_days_coverage() -> tuple[int, int]:
    """First and last year of the official schedule known to the installed ``chinese_calendar``.

    The package raises ``NotImplementedError`` ("no available data for year …") outside this span; the
    span is read from its holiday tables, so it grows when the package is upgraded (each November the
    State Council publishes the next year's schedule).

    Examples
    --------
    >>> first, last = working_days_coverage()
    >>> first <= 2023 <= last
    True
    """
    import chinese_calendar

    years = [d.year for d in chinese_calendar.holidays] + [d.year for d in chinese_calendar.workdays]
    return min(years), max(years)


@cache
def _working_days_in_month(year: int, month: int) -> int:
    import chinese_calendar

    first = dt.date(year, month, 1)
    n = pd.Period(f"{year:04d}-{month:02d}", freq="M").days_in_month
    return sum(bool(chinese_calendar.is_workday(first + dt.timedelta(days=k))) for k in range(n))


def working_days(index: pd.PeriodIndex) -> pd.Series:
    """Working days (工作日) per month under China's official holiday and make-up-workday (调休) schedule.

    .. math:: \\text{working\\_days}(m) = \\#\\{d \\in m : d \\text{ is a working day}\\}

    A day is a working day when it is a Monday–Friday that is not an official holiday, or a weekend day
    declared a make-up workday (调休上班), as published each year by the General Office of the State
    Council (国务院办公厅关于…部分节假日安排的通知), through the ``chinese_calendar`` package.

    Parameters
    ----------
    index : pandas.PeriodIndex
        Monthly periods.

    Returns
    -------
    pandas.Series
        Integer days, on ``index``, named ``"working_days"``.

    Raises
    ------
    ParameterError
        For a month outside the schedule the package knows (:func:`working_days_coverage`, e.g. 2004–
        2026), naming the month and the package's last known year: future schedules are published one
        year ahead, so this regressor is *not* known beyond that year.

    Examples
    --------
    >>> working_days(pd.period_range("2024-01", "2024-02", freq="M")).tolist()  # 春节 2024 + 2-04, 2-18
    [22, 18]
    """
    months = _as_monthly_index(index)
    first, last = working_days_coverage()
    outside = [p for p in months if not first <= p.year <= last]
    if outside:
        import chinese_calendar

        version = getattr(chinese_calendar, "__version__", "?")
        raise ParameterError(
            f"working days are unknown for {outside[0]}"
            f"{f' (and {len(outside) - 1} more month(s))' if len(outside) > 1 else ''}: the official "
            f"holiday schedule in chinese_calendar {version} covers {first}–{last} (last known year "
            f"{last}); upgrade it (pip install -U chinese-calendar) once the State Council publishes "
            "the schedule, or leave working days out (working_days=False)")
    values = [_working_days_in_month(p.year, p.month) for p in months]
    return pd.Series(values, index=index, name="working_days", dtype="int64")


_working_days = working_days  # calendar_regressors' ``working_days`` flag shadows the function


# --------------------------------------------------------------------------------------------------
# all calendar features
# --------------------------------------------------------------------------------------------------
def calendar_regressors(index: pd.PeriodIndex, holidays: Sequence[str] = ("spring_festival",), *,
                        working_days: bool = True,
                        windows: dict[str, tuple[int, int]] | None = None,
                        center: Center = "calendar",
                        center_span: tuple[int, int] = DEFAULT_CENTER_SPAN,
                        jan_feb_combined: bool = False) -> pd.DataFrame:
    """Calendar features for a monthly index, ready as ``exog`` for statsmodels.

    Every column is a function of the calendar, so it can be built for future months and passed as
    ``exog`` to ``forecast``/``get_forecast`` (statsmodels needs the future values; the working-day
    column only as far as the official schedule is published, :func:`working_days`).

    Parameters
    ----------
    index : pandas.PeriodIndex
        Monthly periods, past and future.
    holidays : sequence of str, default ("spring_festival",)
        Moving holidays, one column each (see :func:`moving_holiday_regressor`); ``()`` for none.
    working_days : bool, default True
        Add ``"working_days"`` (official working days in the month).
    windows : dict, optional
        Holiday → (``before``, ``after``) days, overriding :data:`DEFAULT_WINDOWS`.
    center, center_span, jan_feb_combined
        Passed to :func:`moving_holiday_regressor`.

    Returns
    -------
    pandas.DataFrame
        On ``index``; columns: the holiday names, then ``"working_days"`` (float).

    Raises
    ------
    ParameterError
        From the two builders, e.g. a month past the working-day schedule.

    Examples
    --------
    >>> idx = pd.period_range("2023-01", "2023-12", freq="M")
    >>> list(calendar_regressors(idx, ("spring_festival", "mid_autumn")).columns)
    ['spring_festival', 'mid_autumn', 'working_days']
    """
    windows = dict(windows or {})
    unknown = [k for k in windows if _holiday_key(k) not in [_holiday_key(h) for h in holidays]]
    if unknown:
        raise ParameterError(f"windows gives {unknown} which are not in holidays={tuple(holidays)}; "
                             "add them to holidays or drop them from windows")
    windows = {_holiday_key(k): v for k, v in windows.items()}
    cols: dict[str, pd.Series] = {}
    for name in holidays:
        key = _holiday_key(name)
        if key in cols:
            raise ParameterError(f"holiday {name!r} is listed twice in holidays={tuple(holidays)}")
        before, after = windows.get(key, DEFAULT_WINDOWS[key])
        cols[key] = moving_holiday_regressor(index, key, before=before, after=after, center=center,
                                             center_span=center_span, jan_feb_combined=jan_feb_combined)
    if working_days:
        cols["working_days"] = _working_days(index).astype("float64")
    return pd.DataFrame(cols, index=index)


SF_WINDOW: tuple[int, int] = (10, 25)
"""Spring-Festival window (days before, days after) of the growth models [U]: the post-festival
slowdown lasts past the Lantern Festival (day 15), so the window reaches into March when the
festival is late; a 7-day window would never leave February."""


# ---------------------------------------------------------------------------------------------------
# calendar regressors in growth form (release calendar: 1–2月, 3月 … 12月)
# ---------------------------------------------------------------------------------------------------
def growth_calendar_exog(index: pd.PeriodIndex, *, spring_festival: bool = True, working_days: bool = True,
                         sf_window: tuple[int, int] = SF_WINDOW) -> pd.DataFrame:
    """Calendar regressors for year-on-year growth of release periods.

    Built from :func:`moving_holiday_regressor` and :func:`working_days` on calendar months, summed over
    January and February for the 1–2月 period, then differenced against the same period a year
    earlier, because growth compares a period with the same period last year:

    .. math:: x^{SF}_t = h_t - h_{t-12}, \\qquad x^{WD}_t = 100 \\ln(d_t / d_{t-12})

    (:math:`h` the share of the Spring-Festival window in the period, :math:`d` working days). A
    coefficient of 1 on :math:`x^{WD}` means output proportional to working days. Both are known for
    future periods (working days as far as the official schedule is published).
    """
    table = _growth_calendar_table(int(index.min().year) - 1, int(index.max().year), bool(spring_festival),
                                   bool(working_days), (int(sf_window[0]), int(sf_window[1])))
    return table.reindex(index)


@cache
def _growth_calendar_table(first_year: int, last_year: int, spring_festival: bool, working_days: bool,
                           sf_window: tuple[int, int]) -> pd.DataFrame:
    """:func:`growth_calendar_exog` on every release period of ``first_year + 1`` … ``last_year`` (cached;
    callers get a reindexed copy)."""
    months = pd.period_range(pd.Period(f"{first_year}-01", freq="M"), pd.Period(f"{last_year}-12", freq="M"),
                             freq="M", name="period")
    n_years = last_year - first_year + 1
    out = {}
    if spring_festival:
        h = moving_holiday_regressor(months, "spring_festival", before=sf_window[0], after=sf_window[1],
                                     center=None).to_numpy(dtype=float)
        rel = _to_release(h, n_years)
        out["spring_festival"] = rel[1:] - rel[:-1]
    if working_days:
        rel = _to_release(_working_days(months).to_numpy(dtype=float), n_years)
        out["working_days"] = 100.0 * np.log(rel[1:] / rel[:-1])
    idx = pd.PeriodIndex(months[(months.month != 1) & (months.year > first_year)], name="period")
    return pd.DataFrame({k: v.reshape(-1) for k, v in out.items()}, index=idx)


def _to_release(values: np.ndarray, n_years: int) -> np.ndarray:
    """Monthly values of whole years (January first) → release periods, shape (years, 11): January
    added to February."""
    arr = np.asarray(values, dtype=float).reshape(n_years, 12)
    rel = arr[:, 1:].copy()
    rel[:, 0] += arr[:, 0]
    return rel
