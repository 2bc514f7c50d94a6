"""Benchmark: fit + 12-month forecast of 300 simulated series (a province: cities × industries).

Each series is simulated with seeded Spring-Festival effects on the release calendar (January never
published, February = 1–2月), fitted on 2005–2022 and forecast for the 11 release periods of 2023.
The default model runs in parallel on the machine's cores (one process per core, as a user's script
would with ``concurrent.futures``); the yardstick is statsforecast's AutoETS on the same series with
``n_jobs=-1`` (all cores). Both are timed as a whole process step, from the series in memory to the
forecasts in memory, including process start-up and (for the default) 500 simulated paths per series for
the intervals. Accuracy: MAE (percentage points) and MASE (MAE ÷ in-sample MAE of the seasonal naive
forecast, lag 11) of single-period growth in 2023, averaged over the series.

statsforecast is not a dependency of the package: install it for the comparison
(``pip install statsforecast``); without it the yardstick is skipped with a message.

Run: ``python benchmarks/bench_forecast.py [--n 300] [--workers N]``.
"""

from __future__ import annotations

import argparse
import os
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import psutil

from gxanalysis.models.combination import DEFAULT_MODEL, model_class
from gxanalysis.models.series import SLOTS_PER_YEAR, simulate_growth_series


def _province(n: int):
    rng = np.random.default_rng(2023)
    out = []
    for i in range(n):
        s, _ = simulate_growth_series(start_year=2005, end="2023-12", mean=float(rng.uniform(2, 12)),
                                      ar=float(rng.uniform(0.3, 0.9)), sigma=float(rng.uniform(0.5, 3.0)),
                                      sf_effect=float(rng.uniform(-12, -2)), seed=1000 + i)
        out.append(s)
    return out


def _forecast_one(series) -> np.ndarray:
    """The default model's 2023 single-period forecasts (February = 1–2月) of one series."""
    res = model_class("default")(series).fit()
    f = res.get_forecast(12, 0.2, repetitions=500).frame
    g = f["yoy"].copy()
    g.iloc[0] = f["ytd"].iloc[0]  # February: the 1–2月 figure
    return g.to_numpy()


def _mase_scale(train) -> np.ndarray:
    """In-sample MAE of the seasonal naive forecast (same period last year) of each series."""
    out = []
    for s in train:
        g = s.growth.to_numpy()
        out.append(float(np.nanmean(np.abs(g[SLOTS_PER_YEAR:] - g[:-SLOTS_PER_YEAR]))))
    return np.array(out)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=300)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = p.parse_args()
    series = _province(args.n)
    train = [s.truncate("2022-12") for s in series]
    actual = np.array([s.growth.loc["2023-02":"2023-12"].to_numpy() for s in series])
    scale = _mase_scale(train)
    print(f"{args.n} series, fit on 2005-02…2022-12, forecast 2023 (11 release periods); "
          f"{os.cpu_count()} cores, load average before the run {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    psutil.cpu_percent(None)
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        fc = np.array(list(pool.map(_forecast_one, train, chunksize=max(1, args.n // (4 * args.workers)))))
    t_default = time.perf_counter() - t0
    busy = psutil.cpu_percent(None)
    err = np.abs(fc - actual)
    mae_default = float(err.mean())
    mase_default = float(np.mean(err.mean(axis=1) / scale))
    print(f"default model ({DEFAULT_MODEL}, {args.workers} processes): wall {t_default:.1f} s "
          f"({1000 * t_default / args.n:.0f} ms/series), MAE {mae_default:.3f} pp, MASE {mase_default:.3f} "
          f"(machine CPU busy {busy:.0f}% during the run)")
    try:
        import pandas as pd
        from statsforecast import StatsForecast
        from statsforecast.models import AutoETS
    except ImportError:
        print("statsforecast is not installed: AutoETS comparison skipped (pip install statsforecast)")
        return
    frames = []
    for i, s in enumerate(train):
        g = s.growth
        frames.append(pd.DataFrame({"unique_id": i, "ds": np.arange(len(g)), "y": g.to_numpy()}))
    df = pd.concat(frames, ignore_index=True)
    psutil.cpu_percent(None)
    t0 = time.perf_counter()
    sf = StatsForecast(models=[AutoETS(season_length=SLOTS_PER_YEAR)], freq=1, n_jobs=-1)
    pred = sf.forecast(df=df, h=SLOTS_PER_YEAR, level=[80])
    t_sf = time.perf_counter() - t0
    busy = psutil.cpu_percent(None)
    arr = pred.sort_values(["unique_id", "ds"])["AutoETS"].to_numpy().reshape(args.n, SLOTS_PER_YEAR)
    err_sf = np.abs(arr - actual)
    mae_sf = float(err_sf.mean())
    mase_sf = float(np.mean(err_sf.mean(axis=1) / scale))
    print(f"statsforecast AutoETS (season 11, no calendar regressors, n_jobs=-1): wall {t_sf:.1f} s "
          f"({1000 * t_sf / args.n:.0f} ms/series), MAE {mae_sf:.3f} pp, MASE {mase_sf:.3f} "
          f"(machine CPU busy {busy:.0f}% during the run)")
    print(f"ratio default / AutoETS wall time: {t_default / t_sf:.2f}")


if __name__ == "__main__":
    main()
