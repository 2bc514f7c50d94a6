"""Rolling-origin backtest of year-end cumulative growth (全年累计增速) forecasts.

For every origin month ``m`` of every test year ``Y`` the models see the series as published up to
``m`` (an origin in January sees December of ``Y-1``: January is not released) and forecast the
December year-to-date growth of ``Y``; the horizon is ``12 - m`` months. The protocol of the model card:
origins February–September (:data:`DEFAULT_ORIGINS`) of the target years 2015–2019 and 2021–2023
(:data:`DEFAULT_YEARS`, "set A": 64 forecasts), scored with and without 2021 (whose figures are
dominated by the 2020 base). Baselines:

* ``carry_ytd`` — the latest published year-to-date rate carried to year end;
* ``last_month`` — the latest single-period growth for every remaining month, cumulated at base weights;
* ``seasonal_naive`` — each remaining month grows as the same month last year, cumulated at base weights.

Metrics: MAE, RMSE, MASE (absolute error divided by the mean absolute year-on-year change of the
December figure over the ten years before the test year, i.e. the in-sample error of the annual naive
forecast [1]), and the coverage of the ``1 - alpha`` intervals.

Run ``gx backtest`` for the national table (a few minutes).

References
----------
.. [1] Hyndman, R. J. and Koehler, A. B. (2006), "Another look at measures of forecast accuracy",
   *International Journal of Forecasting* 22(4), 679–688.
.. [2] Tashman, L. J. (2000), "Out-of-sample tests of forecasting accuracy: an analysis and review",
   *International Journal of Forecasting* 16(4), 437–450.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from gxanalysis.models.base import as_growth_series, check_alpha, paths_to_rates
from gxanalysis.models.combination import CombinationGrowth, model_class
from gxanalysis.models.series import GrowthSeries, release_index

DEFAULT_YEARS = (2015, 2016, 2017, 2018, 2019, 2021, 2022, 2023)
"""Set A: the target years of the model card's backtest (2020 is left out: no model foresaw the shutdown)."""
DEFAULT_ORIGINS = tuple(range(2, 10))
"""Origin months February–September (horizons 10 … 3 months to December)."""
DEFAULT_MODELS = ("ar", "ucm", "sarimax", "ets", "combination")
BASELINES = ("carry_ytd", "last_month", "seasonal_naive")


@dataclass(frozen=True)
class BacktestResult:
    """Records (one row per model × origin) and the summary tables.

    Attributes
    ----------
    records : pandas.DataFrame
        Columns ``model, year, origin, horizon, forecast, lower, upper, actual, error, covered, scale,
        seconds`` (fitting and forecasting time).
    alpha : float
    seconds : float
        Wall time of the run.
    """

    records: pd.DataFrame
    alpha: float
    seconds: float

    def table(self, *, exclude_years: Sequence[int] = ()) -> pd.DataFrame:
        """One row per model: MAE, RMSE, MASE (pp / ratio), interval coverage and mean width, seconds per fit."""
        r = self.records[~self.records["year"].isin(list(exclude_years))]
        rows = {}
        for model, g in r.groupby("model", sort=False):
            err = g["error"]
            rows[model] = {
                "MAE": err.abs().mean(), "RMSE": float(np.sqrt((err ** 2).mean())),
                "MASE": (err.abs() / g["scale"]).mean(),
                f"coverage {100 * (1 - self.alpha):.0f}%": g["covered"].mean(),
                "width": (g["upper"] - g["lower"]).mean(), "s/fit": g["seconds"].mean(), "n": len(g)}
        return pd.DataFrame(rows).T

    def by_origin(self, *, exclude_years: Sequence[int] = ()) -> pd.DataFrame:
        """MAE (pp) by model and origin month."""
        r = self.records[~self.records["year"].isin(list(exclude_years))]
        r = r.assign(abs_error=r["error"].abs(), month=r["origin"].str[-2:].astype(int))
        return r.pivot_table(index="model", columns="month", values="abs_error", aggfunc="mean", sort=False)

    def by_year(self) -> pd.DataFrame:
        """MAE (pp) by model and test year."""
        r = self.records.assign(abs_error=self.records["error"].abs())
        return r.pivot_table(index="model", columns="year", values="abs_error", aggfunc="mean", sort=False)


def _baselines(known: GrowthSeries, year: int) -> dict[str, float]:
    """Year-end forecasts of the three naive baselines from the series as known at the origin."""
    levels = known.levels()
    last = known.last_period
    fr = known.frame
    out = {"carry_ytd": float(fr["ytd"].iloc[-1])}
    future = release_index(last + 1, pd.Period(f"{year}-12", freq="M"))
    last_growth = float(fr["growth"].iloc[-1])
    g_last = np.full((len(future), 1), last_growth)
    out["last_month"] = float(paths_to_rates(known, levels, future, g_last)[1][-1, 0])
    prev = fr["growth"].reindex(future - 12)
    g_seas = prev.to_numpy(dtype=float)[:, None]
    out["seasonal_naive"] = float(paths_to_rates(known, levels, future, g_seas)[1][-1, 0])
    return out


def year_end_backtest(data: GrowthSeries | pd.DataFrame, *, models: Sequence[str] = DEFAULT_MODELS,
                      years: Sequence[int] = DEFAULT_YEARS, alpha: float = 0.2, repetitions: int = 1000,
                      origins: Sequence[int] = DEFAULT_ORIGINS, model_options: dict | None = None,
                      labels: dict[str, str] | None = None, progress: bool = False) -> BacktestResult:
    """Rolling-origin evaluation of year-end cumulative growth forecasts (see the module docstring).

    Parameters
    ----------
    data : GrowthSeries or DataFrame
        The whole published series (``yoy``, ``ytd``).
    models : sequence of str
        Model names (:func:`~gxanalysis.models.combination.model_class`); ``"combination"`` reuses the
        fits of its members made at the same origin.
    years : sequence of int
        Test years (every listed origin month of each).
    alpha : float
        Interval level (0.2 → 80% intervals).
    repetitions : int
        Simulated paths per forecast.
    origins : sequence of int
        Origin months (1–11); horizon = 12 − origin.
    model_options : dict, optional
        Per model name (or label), keyword options for its constructor.
    labels : dict, optional
        Label → model name, to run one model with several option sets (``models`` then lists labels),
        e.g. ``labels={"ar_13": "ar"}, model_options={"ar_13": {"lags": (1, 11)}}``.

    Returns
    -------
    BacktestResult
    """
    alpha = check_alpha(alpha)
    series = as_growth_series(data)
    opts = dict(model_options or {})
    t0 = time.perf_counter()
    dec = series.frame["ytd"][series.frame.index.month == 12]
    dec.index = dec.index.year
    rows = []
    roll_cache: dict = {}  # rolling-origin errors of the combination's members, shared across origins
    for year in years:
        actual = float(dec.get(year, np.nan))
        if np.isnan(actual):
            continue
        past = dec[(dec.index < year) & (dec.index >= year - 10)]
        scale = float(np.nanmean(np.abs(np.diff(past.to_numpy())))) if len(past) > 2 else np.nan
        for m in origins:
            origin = pd.Period(f"{year - 1}-12", freq="M") if m == 1 else pd.Period(f"{year}-{m:02d}", freq="M")
            known = series.truncate(origin)
            base = dict(year=year, origin=f"{year}-{m:02d}", horizon=12 - m, actual=actual, scale=scale)
            for name, fc in _baselines(known, year).items():
                rows.append({**base, "model": name, "forecast": fc, "lower": np.nan, "upper": np.nan,
                             "seconds": np.nan})
            fitted = {}
            for label in models:
                name = (labels or {}).get(label, label)
                t1 = time.perf_counter()
                if name == "combination":
                    comb = CombinationGrowth(known, **opts.get(label, {}))
                    members = [fitted.get(mm) or model_class(mm)(known, **opts.get(mm, {})).fit()
                               for mm in comb.members]
                    res = comb.combine(members, cache=roll_cache)
                else:
                    res = model_class(name)(known, **opts.get(label, {})).fit()
                    fitted[label] = res
                ye = res.year_end(alpha, repetitions=repetitions)
                rows.append({**base, "model": label, "forecast": ye.point, "lower": ye.lower, "upper": ye.upper,
                             "seconds": time.perf_counter() - t1})
            if progress:
                print(f"  origin {base['origin']} done ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    rec = pd.DataFrame(rows)
    rec["error"] = rec["forecast"] - rec["actual"]
    rec["covered"] = np.where(rec["lower"].isna(), np.nan,
                              ((rec["actual"] >= rec["lower"]) & (rec["actual"] <= rec["upper"])).astype(float))
    cols = ["model", "year", "origin", "horizon", "forecast", "lower", "upper", "actual", "error", "covered",
            "scale", "seconds"]
    return BacktestResult(rec[cols], alpha, time.perf_counter() - t0)


def backtest_command(*, series: Path | None = None, models: Sequence[str] | None = None,
                     repetitions: int = 1000, records: Path | None = None) -> int:
    """``gx backtest``: the rolling-origin backtest of year-end growth on a published series, printed."""
    from gxanalysis.config import NBS_DIR
    from gxanalysis.data.nbs import read_growth_series

    path = series or NBS_DIR / "月度数据_规上工业增加值增长速度_1998-2023.csv"
    data = read_growth_series(Path(path))
    res = year_end_backtest(data, models=list(models or DEFAULT_MODELS), repetitions=repetitions, progress=True)
    print_tables(res)
    if records:
        res.records.to_csv(records, index=False, encoding="utf-8")
    return 0


def print_tables(res: BacktestResult) -> None:
    """Print the model card's tables (set A, set A without 2021, MAE by origin month and by year)."""
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        years = sorted(res.records["year"].unique())
        print(f"Year-end cumulative growth; origins {', '.join(sorted(res.records['origin'].str[-2:].unique()))} "
              f"of {', '.join(map(str, years))} ({res.records.groupby('model').size().max()} forecasts per "
              f"model); {res.seconds:.0f} s")
        print("\nset A:")
        print(res.table().round(3).to_string())
        print("\nset A without 2021:")
        print(res.table(exclude_years=[2021]).round(3).to_string())
        print("\nMAE by origin month (set A):")
        print(res.by_origin().round(2).to_string())
        print("\nMAE by origin month (set A without 2021):")
        print(res.by_origin(exclude_years=[2021]).round(2).to_string())
        print("\nMAE by year:")
        print(res.by_year().round(2).to_string())

