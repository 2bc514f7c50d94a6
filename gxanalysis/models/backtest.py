"""Rolling-origin backtest of year-end cumulative growth (全年累计增速) forecasts.

For every origin month ``m`` of every test year ``Y`` the models see the series as published up to
``m`` (an origin in January sees December of ``Y-1``: January is not released) and forecast the
December year-to-date growth of ``Y``; the horizon is ``12 - m`` months. Baselines:

* ``carry_ytd`` — the latest published year-to-date rate carried to year end;
* ``last_month`` — the latest single-period growth for every remaining month, cumulated at base weights;
* ``seasonal_naive`` — each remaining month grows as the same month last year, cumulated at base weights.

Metrics: MAE, RMSE, MASE (absolute error divided by the mean absolute year-on-year change of the
December figure over the ten years before the test year, i.e. the in-sample error of the annual naive
forecast [1]), and the coverage of the ``1 - alpha`` intervals.

Run ``python -m gxanalysis.models.backtest`` for the national table (a few minutes).

References
----------
.. [1] Hyndman, R. J. and Koehler, A. B. (2006), "Another look at measures of forecast accuracy",
   *International Journal of Forecasting* 22(4), 679–688.
.. [2] Tashman, L. J. (2000), "Out-of-sample tests of forecasting accuracy: an analysis and review",
   *International Journal of Forecasting* 16(4), 437–450.
"""

from __future__ import annotations

import argparse
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
BASELINES = ("carry_ytd", "last_month", "seasonal_naive")
HORIZON_BANDS = ((1, 2), (3, 5), (6, 8), (9, 11))


@dataclass(frozen=True)
class BacktestResult:
    """Records (one row per model × origin) and the summary tables.

    Attributes
    ----------
    records : pandas.DataFrame
        Columns ``model, year, origin, horizon, forecast, lower, upper, actual, error, covered, scale``.
    alpha : float
    seconds : float
        Wall time of the run.
    """

    records: pd.DataFrame
    alpha: float
    seconds: float

    def table(self, *, min_horizon: int = 3, exclude_years: Sequence[int] = ()) -> pd.DataFrame:
        """One row per model: MAE per horizon band, MAE/RMSE/MASE at ``horizon >= min_horizon``, coverage."""
        r = self.records[~self.records["year"].isin(list(exclude_years))]
        rows = {}
        for model, g in r.groupby("model", sort=False):
            row = {}
            for a, b in HORIZON_BANDS:
                sel = g[(g["horizon"] >= a) & (g["horizon"] <= b)]
                row[f"MAE h{a}-{b}"] = sel["error"].abs().mean()
            far = g[g["horizon"] >= min_horizon]
            row[f"MAE h>={min_horizon}"] = far["error"].abs().mean()
            row[f"RMSE h>={min_horizon}"] = float(np.sqrt((far["error"] ** 2).mean()))
            row[f"MASE h>={min_horizon}"] = (far["error"].abs() / far["scale"]).mean()
            row[f"coverage {100 * (1 - self.alpha):.0f}%"] = g["covered"].mean()
            row["n"] = len(g)
            rows[model] = row
        return pd.DataFrame(rows).T

    def by_year(self, *, min_horizon: int = 3) -> pd.DataFrame:
        """MAE at ``horizon >= min_horizon`` by model and test year."""
        far = self.records[self.records["horizon"] >= min_horizon]
        return far.assign(abs_error=far["error"].abs()).pivot_table(index="model", columns="year",
                                                                     values="abs_error", aggfunc="mean")


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


def year_end_backtest(data: GrowthSeries | pd.DataFrame, *, models: Sequence[str] = ("sarimax", "ets", "ucm",
                                                                                       "combination"),
                      years: Sequence[int] = DEFAULT_YEARS, alpha: float = 0.2, repetitions: int = 1000,
                      origins: Sequence[int] = tuple(range(1, 12)), model_options: dict | None = None,
                      progress: bool = False) -> BacktestResult:
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
        Per model name, keyword options for its constructor.

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
                rows.append({**base, "model": name, "forecast": fc, "lower": np.nan, "upper": np.nan})
            fitted = {}
            for name in models:
                if name == "combination":
                    comb = CombinationGrowth(known, **opts.get("combination", {}))
                    members = [fitted.get(mm) or model_class(mm)(known, **opts.get(mm, {})).fit()
                               for mm in comb.members]
                    res = comb.combine(members)
                else:
                    res = model_class(name)(known, **opts.get(name, {})).fit()
                    fitted[name] = res
                ye = res.year_end(alpha, repetitions=repetitions)
                rows.append({**base, "model": name, "forecast": ye.point, "lower": ye.lower, "upper": ye.upper})
            if progress:
                print(f"  origin {base['origin']} done ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    rec = pd.DataFrame(rows)
    rec["error"] = rec["forecast"] - rec["actual"]
    rec["covered"] = np.where(rec["lower"].isna(), np.nan,
                              ((rec["actual"] >= rec["lower"]) & (rec["actual"] <= rec["upper"])).astype(float))
    cols = ["model", "year", "origin", "horizon", "forecast", "lower", "upper", "actual", "error", "covered",
            "scale"]
    return BacktestResult(rec[cols], alpha, time.perf_counter() - t0)


def main(argv: list[str] | None = None) -> int:
    """``python -m gxanalysis.models.backtest [--series FILE] [--records OUT.csv]``."""
    from gxanalysis.config import NBS_DIR
    from gxanalysis.data.nbs import read_growth_series

    p = argparse.ArgumentParser(prog="python -m gxanalysis.models.backtest",
                                description="Rolling-origin backtest of year-end cumulative growth.")
    p.add_argument("--series", default=str(NBS_DIR / "月度数据_规上工业增加值增长速度_1998-2023.csv"))
    p.add_argument("--models", default="sarimax,ets,ucm,combination")
    p.add_argument("--repetitions", type=int, default=1000)
    p.add_argument("--records", help="write the per-origin records to this CSV")
    args = p.parse_args(argv)
    data = read_growth_series(Path(args.series))
    res = year_end_backtest(data, models=args.models.split(","), repetitions=args.repetitions, progress=True)
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 20)
    print(f"Year-end cumulative growth, origins every month of {', '.join(map(str, DEFAULT_YEARS))}; "
          f"{res.seconds:.0f} s")
    print(res.table().round(3).to_string())
    print("\nwithout 2021 (base effects of 2020):")
    print(res.table(exclude_years=[2021]).round(3).to_string())
    print("\nMAE at h>=3 by year:")
    print(res.by_year().round(2).to_string())
    if args.records:
        res.records.to_csv(args.records, index=False, encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
