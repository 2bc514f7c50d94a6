"""Benchmark: the headline figures (``gx summary``) on a province-scale panel, next to DuckDB.

Builds a synthetic panel of 50,000 above-scale enterprises × 36 months (year-to-date levels with
same-sample bases, the demo city's other tables), then times

* ``gxanalysis.summary.headline_figures`` (the library: every figure of the month), and
* the same enterprise-level aggregations written as one DuckDB SQL query over the same frames
  (value-added growth, chain output and growth, mean capacity attainment, energy-intensity change for the
  last full year and year to date, enterprises behind schedule / key / other),

and prints wall time (median of repeats), peak resident memory during each, and the ratio. It also checks
that both give the same figures. Figures are printed, nothing is asserted about speed.

    python benchmarks/bench_summary.py [--enterprises 50000] [--months 36] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gxanalysis.data.dataset import load_dataset  # noqa: E402
from gxanalysis.summary import headline_figures  # noqa: E402

PERIOD = "2023-04"


def build_panel(n_ent: int, n_months: int, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Enterprises, their monthly YTD figures and annual targets (synthetic, seeded)."""
    rng = np.random.default_rng(seed)
    demo = load_dataset()
    chains = demo.chains["chain_id"].to_numpy()
    codes = np.array([f"91660000MA{i:08d}" for i in range(n_ent)])
    has_cap = rng.random(n_ent) < 0.6
    ent = pd.DataFrame({
        "credit_code": codes, "name": [f"企业{i}" for i in range(n_ent)],
        "county": rng.choice(["甲区", "乙区", "丙县", "丁县", "戊县"], n_ent),
        "industry_code": rng.choice(["32", "26", "31", "33", "38", "13"], n_ent),
        "chain_id": np.where(rng.random(n_ent) < 0.55, rng.choice(chains, n_ent), None),
        "is_key": rng.random(n_ent) < 0.08,
        "product": "产品", "design_capacity": np.where(has_cap, rng.lognormal(8, 1, n_ent), np.nan),
        "capacity_unit": np.where(has_cap, "吨", None),
        "design_output_value": np.where(has_cap, rng.lognormal(10, 1, n_ent), np.nan)})
    end = pd.Period(PERIOD, "M")
    months = pd.period_range(end - (n_months - 1), end, freq="M")
    size = rng.lognormal(6, 1.2, n_ent)
    g = rng.normal(0.12, 0.15, n_ent).clip(-0.6, 2)
    season = 1 + 0.1 * np.sin(np.arange(12) / 12 * 2 * np.pi)
    single = size[:, None] * season[months.month.to_numpy() - 1][None, :] * rng.lognormal(0, 0.1, (n_ent, n_months))
    years = months.year.to_numpy()
    ytd = np.zeros_like(single)
    for y in np.unique(years):
        cols = np.flatnonzero(years == y)
        ytd[:, cols] = np.cumsum(single[:, cols], axis=1)
    base = ytd / (1 + g[:, None])
    ge = rng.normal(0.05, 0.1, n_ent)[:, None]
    rep = np.repeat
    em = pd.DataFrame({
        "credit_code": rep(codes, n_months), "period": pd.PeriodIndex(np.tile(months, n_ent), freq="M"),
        "gross_output": (ytd * 3.3).ravel(), "gross_output_base": (base * 3.3).ravel(),
        "value_added": ytd.ravel(), "value_added_base": base.ravel(),
        "product_output": (ytd / size[:, None] * np.nan_to_num(ent["design_capacity"].to_numpy())[:, None]
                           / 12 * 0.98).ravel(),
        "revenue": (ytd * 3.2).ravel(), "revenue_base": (base * 3.2).ravel(),
        "profit": (ytd * 0.2).ravel(), "profit_base": (base * 0.2).ravel(),
        "electricity": (ytd * 0.5).ravel(), "electricity_base": (base * 0.5).ravel(),
        "energy": (ytd * 0.8 * (1 + ge)).ravel(), "energy_base": (base * 0.8).ravel()})
    tgt = pd.DataFrame({"credit_code": np.concatenate([codes, codes]),
                        "year": pd.array(np.repeat([end.year - 1, end.year], n_ent), dtype="Int64"),
                        "output_target": np.concatenate([size * 12 * 3.3, size * 12 * 3.3 * 1.1])})
    return ent, em, tgt


SQL = """
WITH now AS (SELECT * FROM em WHERE period = '{period}'),
dec AS (SELECT * FROM em WHERE period = '{dec}'),
cap AS (SELECT avg(n.product_output / (e.design_capacity * {m} / 12.0) * 100) AS cap_mean
        FROM now n JOIN ent e USING (credit_code) WHERE e.design_capacity > 0 AND n.product_output IS NOT NULL),
cad AS (SELECT n.credit_code, e.is_key,
               n.gross_output / t.output_target * 100 - {m} / 12.0 * 100 AS gap
        FROM now n JOIN ent e USING (credit_code)
        LEFT JOIN tgt t ON t.credit_code = n.credit_code AND t.year = {year})
SELECT
  (SELECT sum(value_added) / sum(value_added_base) * 100 - 100 FROM now) AS va_growth_ytd,
  (SELECT sum(n.gross_output) / 10000 FROM now n JOIN ent e USING (credit_code) WHERE e.chain_id IS NOT NULL)
      AS chain_output,
  (SELECT sum(n.gross_output) / sum(n.gross_output_base) * 100 - 100 FROM now n JOIN ent e USING (credit_code)
      WHERE e.chain_id IS NOT NULL) AS chain_output_growth,
  (SELECT cap_mean FROM cap) AS capacity_attainment_mean,
  (SELECT (sum(energy) / sum(energy_base)) / (sum(value_added) / sum(value_added_base)) * 100 - 100 FROM dec)
      AS energy_intensity_change,
  (SELECT (sum(energy) / sum(energy_base)) / (sum(value_added) / sum(value_added_base)) * 100 - 100 FROM now)
      AS energy_intensity_change_ytd,
  (SELECT count(*) FROM cad WHERE gap < 0) AS monitoring_daily,
  (SELECT count(*) FROM cad WHERE NOT (gap < 0) AND is_key) AS monitoring_weekly,
  (SELECT count(*) FROM cad WHERE NOT (gap < 0 OR is_key) OR (gap IS NULL AND NOT is_key)) AS monitoring_monthly
"""


class PeakRSS:
    """Peak resident memory of this process while the block runs (sampled every 5 ms, via psutil)."""

    def __enter__(self):
        import psutil

        self._proc = psutil.Process()
        self.peak = self._proc.memory_info().rss
        self._stop = False
        self._t = threading.Thread(target=self._sample, daemon=True)
        self._t.start()
        return self

    def _sample(self):
        while not self._stop:
            self.peak = max(self.peak, self._proc.memory_info().rss)
            time.sleep(0.005)

    def __exit__(self, *exc):
        self._stop = True
        self._t.join()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--enterprises", type=int, default=50_000)
    ap.add_argument("--months", type=int, default=36)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    import duckdb

    t0 = time.perf_counter()
    ent, em, tgt = build_panel(args.enterprises, args.months)
    demo = load_dataset()
    ds = replace(demo, enterprises=ent, enterprise_monthly=em, enterprise_targets=tgt)
    print(f"panel: {len(ent):,} enterprises × {args.months} months = {len(em):,} rows "
          f"({em.memory_usage(deep=True).sum() / 2**20:,.0f} MiB in pandas), built in {time.perf_counter() - t0:.1f} s")

    gx_times, gx_peaks = [], []
    for _ in range(args.repeat):
        with PeakRSS() as mem:
            t = time.perf_counter()
            figs = headline_figures(PERIOD, dataset=ds)
            gx_times.append(time.perf_counter() - t)
        gx_peaks.append(mem.peak)

    con = duckdb.connect()
    con.register("ent", ent)
    em_sql = em.assign(period=em["period"].astype(str))
    con.register("em", em_sql)
    con.register("tgt", tgt.assign(year=tgt["year"].astype("int64")))
    p = pd.Period(PERIOD, "M")
    sql = SQL.format(period=PERIOD, dec=f"{p.year - 1}-12", m=p.month, year=p.year)
    db_times, db_peaks = [], []
    for _ in range(args.repeat):
        with PeakRSS() as mem:
            t = time.perf_counter()
            row = con.execute(sql).df().iloc[0]
            db_times.append(time.perf_counter() - t)
        db_peaks.append(mem.peak)

    g, d = statistics.median(gx_times), statistics.median(db_times)
    print(f"gxanalysis headline_figures ({len(figs)} figures): {g:7.3f} s   peak RSS {max(gx_peaks) / 2**30:.2f} GiB")
    print(f"DuckDB, one SQL query ({len(row)} figures):        {d:7.3f} s   peak RSS {max(db_peaks) / 2**30:.2f} GiB")
    print(f"ratio gxanalysis / DuckDB: {g / d:.2f}  (target ≤ 2; memory target < 4 GiB)")
    v = figs.set_index("indicator")["value"]
    print("\nsame figures? (gxanalysis display value vs DuckDB, rounded)")
    for name in row.index:
        ours = v.get(name, "--")
        theirs = row[name]
        print(f"  {name:<30s} {ours:>10s} {float(theirs):12.3f}")


if __name__ == "__main__":
    main()
