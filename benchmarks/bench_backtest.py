"""Benchmark: the model card's backtest of year-end cumulative growth on the national series.

Protocol (docs/model_cards.md): national above-scale industrial value added (the NBS export in
``data/nbs``), year-end (December) cumulative growth forecast from each origin February–September of
the target years 2015–2019 and 2021–2023 (set A, 64 forecasts per model) with only the data published up
to the origin; MAE, RMSE and MASE in percentage points, with and without 2021, 80% interval coverage and
mean width, seconds per fit.

Yardsticks: the naive baselines of :mod:`gxanalysis.models.backtest` and, when statsforecast is installed
(``pip install statsforecast``; it is not a dependency of the package), its AutoARIMA and AutoETS with
``season_length=12`` on the release-calendar growth from 2013-02, point forecasts cumulated to the
year-end rate at the same base weights as the package's models.

Run: ``python benchmarks/bench_backtest.py [--models ar,ucm,sarimax] [--repetitions 2000]``.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import pandas as pd

from gxanalysis.config import NBS_DIR
from gxanalysis.data.nbs import read_growth_series
from gxanalysis.models.backtest import (
    DEFAULT_ORIGINS,
    DEFAULT_YEARS,
    BacktestResult,
    print_tables,
    year_end_backtest,
)
from gxanalysis.models.base import paths_to_rates
from gxanalysis.models.combination import DEFAULT_MODEL
from gxanalysis.models.series import GrowthSeries, release_index

SERIES = NBS_DIR / "月度数据_规上工业增加值增长速度_1998-2023.csv"


def _statsforecast_records(series: GrowthSeries) -> pd.DataFrame | None:
    """Point forecasts of statsforecast AutoARIMA / AutoETS (season 12, data from 2013-02) by origin."""
    try:
        from statsforecast.models import AutoARIMA, AutoETS
    except ImportError:
        print("statsforecast is not installed: its AutoARIMA / AutoETS rows are skipped (pip install statsforecast)")
        return None
    fr = series.frame
    dec = fr["ytd"][fr.index.month == 12]
    dec.index = dec.index.year
    rows = []
    for year in DEFAULT_YEARS:
        past = dec[(dec.index < year) & (dec.index >= year - 10)]
        scale = float(np.nanmean(np.abs(np.diff(past.to_numpy()))))
        for m in DEFAULT_ORIGINS:
            origin = pd.Period(f"{year}-{m:02d}", freq="M")
            known = series.truncate(origin)
            levels = known.levels()
            y = known.frame.loc["2013-02":, "growth"].to_numpy(dtype=float)
            future = release_index(origin + 1, pd.Period(f"{year}-12", freq="M"))
            for name, model in (("statsforecast AutoARIMA", AutoARIMA(season_length=12)),
                                ("statsforecast AutoETS", AutoETS(season_length=12))):
                t0 = time.perf_counter()
                g = model.forecast(y=y, h=len(future))["mean"]
                fc = float(paths_to_rates(known, levels, future, np.asarray(g)[:, None])[1][-1, 0])
                rows.append({"model": name, "year": year, "origin": str(origin), "horizon": 12 - m,
                             "forecast": fc, "lower": np.nan, "upper": np.nan, "actual": float(dec[year]),
                             "scale": scale, "seconds": time.perf_counter() - t0})
    rec = pd.DataFrame(rows)
    rec["error"] = rec["forecast"] - rec["actual"]
    rec["covered"] = np.nan
    return rec


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--models", default=f"{DEFAULT_MODEL},ucm,sarimax,ets")
    p.add_argument("--repetitions", type=int, default=2000, help="simulated paths (2000: the package default)")
    args = p.parse_args()
    print(f"{os.cpu_count()} cores, load average before the run "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    data = read_growth_series(SERIES)
    res = year_end_backtest(data, models=args.models.split(","), repetitions=args.repetitions)
    sf = _statsforecast_records(GrowthSeries.from_rates(data))
    if sf is not None:
        res = BacktestResult(pd.concat([res.records, sf[res.records.columns]], ignore_index=True), res.alpha,
                             res.seconds)
    print(f"default model: {DEFAULT_MODEL}")
    print_tables(res)


if __name__ == "__main__":
    main()
