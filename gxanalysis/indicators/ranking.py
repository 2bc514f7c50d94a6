"""Rank of a region among the province's cities (全省排名), its change and its streak.

INDICATORS.md §8. Ranks are computed on the **published** (rounded) figures, descending, because those are
what is compared publicly; precision, rounding mode and tie handling are configurable [U]. Compare only
values of the same indicator, period, sample and release vintage: pass one release per period.

Examples
--------
>>> d = pd.DataFrame({"city": ["甲", "乙", "丙", "丁"] * 2,
...                   "period": ["2023-03"] * 4 + ["2023-04"] * 4,
...                   "va_growth_ytd": [5.02, 6.1, 4.96, 3.0, 5.3, 6.2, 5.28, 2.0]})
>>> province_ranking(d, "2023-04")["rank"].tolist()
[1, 2, 2, 4]
>>> r = rank_of(d, "丙", "2023-04")
>>> r.rank, r.previous_rank, r.rank_change
(2, 2, 0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.indicators.display import Rounding, round_series
from gxanalysis.indicators.frames import as_numeric, parse_months, require_columns
from gxanalysis.periods import Month, Period, release_months

Ties = Literal["min", "dense"]


def _prepare(data: pd.DataFrame, value: str, region: str, period_col: str) -> pd.DataFrame:
    require_columns(data, [region, period_col, value], "data")
    df = pd.DataFrame({"region": data[region].to_numpy(),
                       "month": parse_months(data[period_col], f"column {period_col!r}").to_numpy(),
                       "value": as_numeric(data[value], f"column {value!r}").to_numpy()})
    dup = df.duplicated(["region", "month"])
    if dup.any():
        r = df.loc[dup].iloc[0]
        raise ParameterError(f"data has more than one row for {r['region']} {r['month']}; keep one release "
                             "vintage per period (the latest) before ranking")
    return df


def _rank_month(df: pd.DataFrame, month: Month, precision: int, rounding: Rounding, ties: Ties,
                ascending: bool) -> pd.DataFrame:
    if ties not in ("min", "dense"):
        raise ParameterError(f"ties={ties!r} is not allowed; use 'min' (competition ranking 1,2,2,4) or "
                             "'dense' (1,2,2,3)")
    cur = df[(df["month"] == month) & df["value"].notna()].copy()
    cur["published"] = round_series(cur["value"], precision, rounding=rounding).to_numpy()
    cur["rank"] = cur["published"].rank(method=ties, ascending=ascending).astype(int)
    cur["n_regions"] = len(cur)
    return cur.sort_values(["rank", "region"], kind="stable")


def province_ranking(data: pd.DataFrame, period: str | Month, *, value: str = "va_growth_ytd",
                     region: str = "city", period_col: str = "period", precision: int = 1,
                     rounding: Rounding = "half_up", ties: Ties = "min", ascending: bool = False
                     ) -> pd.DataFrame:
    """Ranking of every region at one release, on the published (rounded) figures.

    .. math:: \\text{rank}_r = 1 + \\#\\{q : \\text{round}(x_q) > \\text{round}(x_r)\\} \\quad (\\text{ties}=\\text{"min"})

    INDICATORS.md §8. Regions without a value at that release are left out (``n_regions`` counts those
    ranked).

    Parameters
    ----------
    data : DataFrame
        Table ``city_growth``: ``city``, ``period``, the value column.
    period : str or Month
        Release month (``YYYY-MM``; ``2023-02`` is the 1–2月 release).
    value : str
        Column to rank, e.g. ``"va_growth_ytd"`` (累计) or ``"va_growth_month"`` (当月).
    precision, rounding : int, {"half_up", "half_even"}
        How figures are published (default 1 decimal, half-up).
    ties : {"min", "dense"}
        Competition ranking (1, 2, 2, 4; default) or dense ranking (1, 2, 2, 3) [U].
    ascending : bool
        False (default): larger is better (rank 1 = highest growth).

    Returns
    -------
    DataFrame
        ``region``, ``month``, ``value`` (unrounded), ``published``, ``rank``, ``n_regions``; by rank.

    Examples
    --------
    >>> d = pd.DataFrame({"city": list("abcd"), "period": "2023-04", "va_growth_ytd": [5.3, 6.2, 5.28, 2.0]})
    >>> province_ranking(d, "2023-04", ties="dense")["rank"].tolist()
    [1, 2, 2, 3]
    """
    df = _prepare(data, value, region, period_col)
    month = Month.parse(period)
    out = _rank_month(df, month, precision, rounding, ties, ascending)
    if out.empty:
        raise InsufficientDataError(f"no {value!r} values for {month} in data; check the period (YYYY-MM) and "
                                    "that the release is loaded")
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class RankResult:
    """The rank of one region at one release and its change vs the previous release.

    ``rank_change`` = previous rank − rank: positive means moved up (前移), negative moved back (后移).
    ``status`` is ``"ok"``, ``"missing"`` (no value for the region) or ``"no_previous"``.
    """

    region: str
    period: Month
    value: float | None
    published: float | None
    rank: int | None
    n_regions: int
    previous_period: Month | None
    previous_rank: int | None
    rank_change: int | None
    status: str


def rank_of(data: pd.DataFrame, region_name: str, period: str | Month, *, value: str = "va_growth_ytd",
            region: str = "city", period_col: str = "period", precision: int = 1,
            rounding: Rounding = "half_up", ties: Ties = "min", ascending: bool = False) -> RankResult:
    """Rank of ``region_name`` at ``period`` and its change since the previous release (§8).

    The previous release is the latest earlier month in ``data`` with a value for the region.

    Examples
    --------
    >>> d = pd.DataFrame({"city": list("abab"), "period": ["2023-02"] * 2 + ["2023-03"] * 2,
    ...                   "va_growth_ytd": [1.0, 2.0, 3.0, 2.0]})
    >>> r = rank_of(d, "a", "2023-03")
    >>> r.rank, r.previous_rank, r.rank_change, str(r.previous_period)
    (1, 2, 1, '2023-02')
    """
    df = _prepare(data, value, region, period_col)
    month = Month.parse(period)
    cur = _rank_month(df, month, precision, rounding, ties, ascending)
    mine = cur[cur["region"] == region_name]
    if region_name not in set(df["region"]):
        raise ParameterError(f"region {region_name!r} is not in column {region!r}; known: "
                             f"{sorted(set(df['region']), key=str)}")
    if mine.empty:
        return RankResult(region_name, month, None, None, None, len(cur), None, None, None, "missing")
    earlier = df[(df["region"] == region_name) & (df["month"] < month) & df["value"].notna()]
    if earlier.empty:
        return RankResult(region_name, month, float(mine["value"].iloc[0]), float(mine["published"].iloc[0]),
                          int(mine["rank"].iloc[0]), len(cur), None, None, None, "no_previous")
    prev_month = earlier["month"].max()
    prev = _rank_month(df, prev_month, precision, rounding, ties, ascending)
    prev_rank = int(prev.loc[prev["region"] == region_name, "rank"].iloc[0])
    rank = int(mine["rank"].iloc[0])
    return RankResult(region_name, month, float(mine["value"].iloc[0]), float(mine["published"].iloc[0]), rank,
                      len(cur), prev_month, prev_rank, prev_rank - rank, "ok")


@dataclass(frozen=True)
class RankStreak:
    """How long a region has held its current rank, ending at ``end``.

    Attributes
    ----------
    rank : int
    count : int
        Consecutive releases (``unit="releases"``) or months (``unit="months"``; a 1–2月 release counts 2).
    unit : str
    start : Period
        The first release of the streak (``Period(y, 1, 2)`` for a 1–2月 release).
    end : Period
    releases : tuple of Month
        The release months of the streak, oldest first.
    """

    rank: int
    count: int
    unit: str
    start: Period
    end: Period
    releases: tuple


def rank_streak(data: pd.DataFrame, region_name: str, period: str | Month, *,
                unit: Literal["months", "releases"] = "months", jan_feb_combined: bool = True,
                value: str = "va_growth_ytd", region: str = "city", period_col: str = "period",
                precision: int = 1, rounding: Rounding = "half_up", ties: Ties = "min",
                ascending: bool = False) -> RankStreak:
    """Consecutive releases at the current rank, ending at ``period`` ("连续N个月位居全省第X").

    Walks back through the expected releases (:func:`gxanalysis.periods.release_months`; January is skipped
    under the 1–2月 rule) while the region's rank equals its rank at ``period``. A release missing from
    ``data`` ends the streak (it cannot be confirmed).

    .. math:: \\text{count} = \\sum_{r \\in \\text{streak}} m_r, \\quad m_r = 2 \\text{ for a 1–2月 release, else } 1

    INDICATORS.md §8.

    Parameters
    ----------
    unit : {"months", "releases"}
        Count months (default; a 1–2月 release counts as two) or releases.

    Examples
    --------
    >>> d = pd.DataFrame({"city": list("ab") * 4,
    ...                   "period": [p for p in ["2022-12", "2023-02", "2023-03", "2023-04"] for _ in "ab"],
    ...                   "va_growth_ytd": [1.0, 2.0, 3.0, 2.0, 3.0, 2.0, 4.0, 2.0]})
    >>> s = rank_streak(d, "a", "2023-04")
    >>> s.rank, s.count, s.start.label()
    (1, 4, '2023年1-2月')
    >>> rank_streak(d, "a", "2023-04", unit="releases").count
    3
    """
    if unit not in ("months", "releases"):
        raise ParameterError(f"unit={unit!r} is not allowed; use 'months' or 'releases'")
    df = _prepare(data, value, region, period_col)
    end = Month.parse(period)
    here = rank_of(data, region_name, end, value=value, region=region, period_col=period_col,
                   precision=precision, rounding=rounding, ties=ties, ascending=ascending)
    if here.rank is None:
        raise InsufficientDataError(f"{region_name!r} has no {value!r} value at {end}; no rank to follow")
    first = df["month"].min()
    expected = release_months(first, end, jan_feb_combined=jan_feb_combined)[::-1]
    # rank every release at once (published = rounded values), then walk back from ``period``
    pub = df[df["value"].notna()].copy()
    pub["published"] = round_series(pub["value"], precision, rounding=rounding).to_numpy()
    pub["rank"] = pub.groupby("month", sort=False)["published"].rank(method=ties, ascending=ascending)
    mine = pub.loc[pub["region"] == region_name].set_index("month")["rank"]
    streak: list[Month] = []
    for m in expected:
        if m not in mine.index or int(mine.loc[m]) != here.rank:
            break
        streak.append(m)
    streak.reverse()

    def months_of(m: Month) -> int:
        return 2 if (jan_feb_combined and m.month == 2) else 1

    def as_period(m: Month) -> Period:
        return Period(m.year, 1, 2) if (jan_feb_combined and m.month == 2) else Period(m.year, m.month, m.month)

    count = len(streak) if unit == "releases" else int(np.sum([months_of(m) for m in streak]))
    return RankStreak(here.rank, count, unit, as_period(streak[0]), as_period(streak[-1]), tuple(streak))


# --------------------------------------------------------------------------------------------------
# the city against the province average (高于/低于全省X个百分点)
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProvinceComparison:
    """The city's published growth beside the province's at one release.

    Attributes
    ----------
    measure : {"ytd", "month"}
        累计 (year to date, 1–N月) or 当月 (the single month).
    period : Period
        The period of the figure (``2023年1-4月`` for the year to date, ``2023年4月`` for the month).
    value, province : float or None
        The city's and the province's published growth (%), rounded as published.
    gap : float or None
        ``value − province`` in percentage points: positive = 高于全省, negative = 低于全省.
    status : str
        ``"ok"``; ``"not_published"`` (no single-month figure at a 1–2月 release), ``"missing"`` (the city
        has no value at the release), ``"no_province"`` (the province's figure is not supplied).
    """

    measure: str
    period: Period
    value: float | None
    province: float | None
    gap: float | None
    status: str


def _published(frame: pd.DataFrame, column: str, month: Month, precision: int,
               rounding: Rounding) -> float | None:
    sel = frame.loc[frame["month"] == month, column]
    if sel.empty or pd.isna(sel.iloc[0]):
        return None
    return float(round_series(pd.Series([float(sel.iloc[0])]), precision, rounding=rounding).iloc[0])


def versus_province(city_growth: pd.DataFrame, province_growth: pd.DataFrame, region_name: str,
                    period: str | Month, *, measure: Literal["ytd", "month"] = "ytd", region: str = "city",
                    period_col: str = "period", precision: int = 1, rounding: Rounding = "half_up"
                    ) -> ProvinceComparison:
    """The city's growth against the province average at one release (§8).

    .. math:: \\text{gap} = \\text{round}(g_{city}) - \\text{round}(g_{province})

    Both figures are the provincial statistics bureau's published ones (``city_growth`` and
    ``province_growth``, rounded as published, default 1 decimal half-up): the bureau compares the figures it
    publishes, of the same release, so the gap is exact at the published precision ("高于全省8.6个百分点").
    INDICATORS.md §8 (compare only values of the same indicator, period and release).

    Parameters
    ----------
    city_growth : DataFrame
        Table ``city_growth``: ``city``, ``period``, ``va_growth_ytd``, ``va_growth_month``.
    province_growth : DataFrame
        Table ``province_growth``: ``period``, ``va_growth_ytd``, ``va_growth_month`` (may be empty:
        status ``"no_province"``).
    region_name : str
        The city (e.g. ``dataset.home_city``).
    period : str or Month
        Release month (``2023-02`` is the 1–2月 release).
    measure : {"ytd", "month"}
        累计 (default) or 当月. A 1–2月 release has no single-month figure (status ``"not_published"``).
    precision, rounding : int, {"half_up", "half_even"}
        How the figures are published.

    Returns
    -------
    ProvinceComparison

    Examples
    --------
    >>> cg = pd.DataFrame({"city": ["甲", "甲"], "period": ["2023-03", "2023-04"],
    ...                    "va_growth_ytd": [14.9, 15.1], "va_growth_month": [16.0, 15.7]})
    >>> pg = pd.DataFrame({"period": ["2023-03", "2023-04"], "va_growth_ytd": [6.6, 6.5],
    ...                    "va_growth_month": [6.0, 6.2]})
    >>> c = versus_province(cg, pg, "甲", "2023-04")
    >>> c.value, c.province, c.gap, c.period.label()
    (15.1, 6.5, 8.6, '2023年1-4月')
    >>> versus_province(cg, pg, "甲", "2023-04", measure="month").gap
    9.5
    >>> versus_province(cg, pg.iloc[:0], "甲", "2023-04").status
    'no_province'
    """
    if measure not in ("ytd", "month"):
        raise ParameterError(f"measure={measure!r} is not allowed; use 'ytd' (累计) or 'month' (当月)")
    require_columns(city_growth, [region, period_col, "va_growth_ytd"], "city_growth")
    month = Month.parse(period)
    column = "va_growth_ytd" if measure == "ytd" else "va_growth_month"
    this_period = Period.year_to_date(month) if measure == "ytd" else Period.month(month)
    mine = (city_growth[region] == region_name).to_numpy()
    if not mine.any():
        raise ParameterError(f"region {region_name!r} is not in city_growth's column {region!r}; known: "
                             f"{sorted(set(city_growth[region]), key=str)}")
    if measure == "month" and month.month <= 2:
        return ProvinceComparison(measure, this_period, None, None, None, "not_published")

    def at_month(data: pd.DataFrame, what: str) -> float | None:
        if column not in data.columns or not len(data):
            return None
        frame = pd.DataFrame({"month": parse_months(data[period_col], f"{what}: column {period_col!r}").to_numpy(),
                              column: as_numeric(data[column], f"{what}: column {column!r}").to_numpy()})
        return _published(frame, column, month, precision, rounding)

    value = at_month(city_growth[mine], "city_growth")
    if value is None:
        return ProvinceComparison(measure, this_period, None, None, None, "missing")
    province = at_month(province_growth, "province_growth")
    if province is None:
        return ProvinceComparison(measure, this_period, value, None, None, "no_province")
    return ProvinceComparison(measure, this_period, value, province, round(value - province, precision), "ok")
