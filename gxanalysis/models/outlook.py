"""Year-end outlook of a city's value-added growth from its same-sample levels (the monthly overview).

The city's year-to-date value added and base, summed over its enterprises, are turned into the published
release calendar (:meth:`GrowthSeries.from_levels`), the documented default model is fitted, and the
year-end cumulative growth is forecast with an interval and, given a target, the probability of reaching it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gxanalysis.errors import NotComputable


@dataclass(frozen=True)
class CityOutlook:
    """Forecast of the year's cumulative growth.

    Attributes
    ----------
    year : int
    ytd_now : float
        Cumulative growth to the last month of data, percent.
    year_end, lower, upper : float
        Forecast of December's cumulative growth and its ``1 - alpha`` interval, percent.
    probability : float or None
        Probability (0–1) that the year-end growth reaches the target.
    model : str
    forecast : pandas.DataFrame
        The monthly forecast table (``yoy``, ``ytd`` and their bounds).
    history : pandas.DataFrame
        Published (level-derived) ``growth`` and ``ytd`` by release period.
    """

    year: int
    ytd_now: float
    year_end: float
    lower: float
    upper: float
    probability: float | None
    model: str
    forecast: pd.DataFrame
    history: pd.DataFrame


def forecast_city_growth(levels: pd.DataFrame, *, alpha: float = 0.2, target: float | None = None,
                         model: str = "default") -> CityOutlook:
    """Forecast the year-end cumulative growth of an aggregate from its year-to-date levels.

    Parameters
    ----------
    levels : pandas.DataFrame
        Columns ``period`` (monthly), ``value_added`` and ``value_added_base`` (YTD, same sample).
    alpha : float
        1 − interval coverage (0.2 → 80% interval).
    target : float, optional
        Annual growth target, percent.
    model : str
        A model name of :func:`gxanalysis.models.combination.model_class` (default: the documented default).

    Raises
    ------
    NotComputable
        With fewer than two years of monthly levels, or when the last month is December.
    """
    from gxanalysis.models.combination import model_class
    from gxanalysis.models.series import GrowthSeries

    series = GrowthSeries.from_levels(levels, value="value_added", base="value_added_base", name="city")
    if len(series.frame) < 20:
        raise NotComputable(f"only {len(series.frame)} monthly releases of levels; the outlook needs at least "
                            "two years of enterprise data",
                            zh=f"企业数据仅有{len(series.frame)}期，预测需要至少两年的数据")
    if series.last_period.month == 12:
        raise NotComputable(f"{series.last_period} is the year's last month: the year-end growth is known, there "
                            "is nothing to forecast", zh="已到年末，全年增速已知，无需预测")
    results = model_class(model)(series, min_years=2).fit()
    ye = results.year_end(alpha, target=target)
    fc = results.get_forecast(ye.steps, alpha).frame
    return CityOutlook(year=ye.year, ytd_now=float(series.frame["ytd"].iloc[-1]), year_end=ye.point,
                       lower=ye.lower, upper=ye.upper, probability=ye.probability,
                       model=results.model.name, forecast=fc, history=series.frame)
