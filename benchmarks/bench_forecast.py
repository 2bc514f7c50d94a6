"""Benchmark: fit + 12-month forecast for 300 simulated series (a province: cities × industries).

Each series is simulated with seeded Spring-Festival effects on the release calendar (January never
published, February = 1–2月), fitted on 2005–2022 and forecast for 2023. Prints the wall time and the
holdout MAE (single-period growth, percentage points) of the default model, next to statsforecast's
AutoETS on the same series (skipped with a message if statsforecast is not installed).

Run: ``python benchmarks/bench_forecast.py [--n 300]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

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


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=300)
    args = p.parse_args()
    series = _province(args.n)
    train = [s.truncate("2022-12") for s in series]
    actual = np.array([s.growth.loc["2023-02":"2023-12"].to_numpy() for s in series])
    cls = model_class("default")
    t0 = time.perf_counter()
    fc = []
    for s in train:
        res = cls(s).fit()
        f = res.get_forecast(12, 0.2, repetitions=500).frame
        g = f["yoy"].copy()
        g.iloc[0] = f["ytd"].iloc[0]  # February: the 1–2月 figure
        fc.append(g.to_numpy())
    t_default = time.perf_counter() - t0
    mae_default = float(np.mean(np.abs(np.array(fc) - actual)))
    print(f"{args.n} series, fit on 2005-02…2022-12, forecast 2023 (11 release periods)")
    print(f"default model ({DEFAULT_MODEL}): wall {t_default:.1f} s ({1000 * t_default / args.n:.0f} ms/series), "
          f"holdout MAE {mae_default:.3f} pp")
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
        frames.append(pd.DataFrame({"unique_id": str(i), "ds": np.arange(len(g)), "y": g.to_numpy()}))
    df = pd.concat(frames, ignore_index=True)
    t0 = time.perf_counter()
    sf = StatsForecast(models=[AutoETS(season_length=SLOTS_PER_YEAR)], freq=1, n_jobs=1)
    pred = sf.forecast(df=df, h=SLOTS_PER_YEAR)
    t_sf = time.perf_counter() - t0
    pred["unique_id"] = pred["unique_id"].astype(int)
    arr = pred.sort_values(["unique_id", "ds"])["AutoETS"].to_numpy().reshape(args.n, SLOTS_PER_YEAR)
    mae_sf = float(np.mean(np.abs(arr - actual)))
    print(f"statsforecast AutoETS (season 11, no calendar regressors): wall {t_sf:.1f} s "
          f"(includes numba compilation on first use), holdout MAE {mae_sf:.3f} pp")


if __name__ == "__main__":
    main()
