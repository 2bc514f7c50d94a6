"""Benchmark: ``gx summary`` from a CSV folder at province scale, whole process, against one DuckDB query.

Writes the demo city (``gx demo-data``) scaled to N enterprises: the directory and the monthly table are
replicated with fresh unified social credit codes (valid GB 32100 check digits; the same county, industry,
chain and levels), every other table is the demo city's own, so every table is valid. Then times, each as
a separate process as a user runs it,

* ``gx summary --period P --data DIR`` (loading, validation and every headline figure), and
* one DuckDB query over the same CSV files computing the month's city, chain, county and industry growth
  with contribution and pull, and the enterprise table (the yardstick),

and prints wall time (median of the repeats), peak resident memory of the process tree (psutil) and the
ratios. Figures are printed; nothing is asserted about speed.

    python benchmarks/bench_scale.py [--enterprises 50000] [--period 2023-04] [--repeat 2] [--dir DIR]
    python benchmarks/bench_scale.py --enterprises 500000 --repeat 1 --dir /tmp/scale500k   # national scale

The targets printed beside the figures: ``gx summary`` within 3× the query's process, and peak memory under
1 GiB at 50,000 enterprises (3 GiB at 500,000). 500,000 × 36 enterprise-months is a 1.4 GB CSV; writing it
takes minutes, so keep it with ``--dir``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psutil
from stdnum.cn import uscc

ROOT = Path(__file__).resolve().parents[1]

QUERY = """
WITH e AS (SELECT * FROM read_csv('{dir}/enterprises.csv', header = true, all_varchar = true)),
m AS (SELECT credit_code, period, CAST(value_added AS DOUBLE) AS va, CAST(value_added_base AS DOUBLE) AS vb
      FROM read_csv('{dir}/enterprise_monthly.csv', header = true, all_varchar = true)
      WHERE period = '{period}'),
j AS (SELECT m.*, e.name, e.county, e.industry_code, e.chain_id FROM m JOIN e USING (credit_code)),
g AS (SELECT CASE WHEN GROUPING(county) = 0 THEN 'county' WHEN GROUPING(industry_code) = 0 THEN 'industry'
                  WHEN GROUPING(chain_id) = 0 THEN 'chain' ELSE 'city' END AS level,
             coalesce(county, industry_code, chain_id) AS key, sum(va) AS va, sum(vb) AS vb, count(*) AS n
      FROM j GROUP BY GROUPING SETS ((), (county), (industry_code), (chain_id))),
t AS (SELECT va AS tva, vb AS tvb FROM g WHERE level = 'city')
SELECT level, key, NULL AS credit_code, NULL AS name, va, vb, n, va / vb * 100 - 100 AS growth,
       (va - vb) / (tva - tvb) * 100 AS contribution, (va - vb) / tvb * 100 AS pull FROM g, t
UNION ALL
SELECT 'enterprise', county, credit_code, name, va, vb, 1, va / vb * 100 - 100, NULL, NULL FROM j
"""

YARDSTICK = """
import sys, time, duckdb
duckdb.sql("SET enable_progress_bar = false")
t0 = time.perf_counter()
rows = duckdb.sql(sys.argv[1]).fetchall()
print(len(rows), time.perf_counter() - t0)
"""


def _org_codes(start: int, n: int) -> np.ndarray:
    """``n`` 9-character organisation codes (GB 11714: 8 digits and the mod-11 check), from a counter."""
    numbers = np.arange(start, start + n) % 10 ** 8
    digits = (numbers[:, None] // 10 ** np.arange(7, -1, -1)) % 10
    c = 11 - (digits * np.array([3, 7, 9, 10, 5, 8, 4, 2])).sum(axis=1) % 11
    check = np.where(c == 11, "0", np.where(c == 10, "X", c.astype(str)))
    return np.char.add(np.char.zfill(numbers.astype(str), 8), check)


def write_scaled_demo(out: Path, n_enterprises: int) -> tuple[int, int]:
    """The demo city with ``n_enterprises`` enterprises in ``out``; returns (enterprises, enterprise-months)."""
    subprocess.run([str(Path(sys.executable).with_name("gx")), "demo-data", "--out", str(out)], check=True,
                   capture_output=True)
    ents = pd.read_csv(out / "enterprises.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    monthly = pd.read_csv(out / "enterprise_monthly.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    copies = max(1, -(-n_enterprises // len(ents)))
    e_parts, m_parts = [ents], [monthly]
    used = set(ents["credit_code"])
    counter = 10 ** 7
    for r in range(1, copies):
        take = ents if (r + 1) * len(ents) <= n_enterprises else ents.iloc[: n_enterprises - r * len(ents)]
        codes: list[str] = []
        while len(codes) < len(take):
            orgs = _org_codes(counter, len(take) - len(codes))
            counter += len(orgs)
            for region, org in zip(take["credit_code"].str[2:8].iloc[len(codes):], orgs, strict=True):
                first17 = "91" + region + org
                code = first17 + uscc.calc_check_digit(first17)
                if code not in used:
                    used.add(code)
                    codes.append(code)
        mapping = dict(zip(take["credit_code"], codes, strict=True))
        e = take.assign(credit_code=codes, name=take["name"] + f"（{r}）")
        m = monthly[monthly["credit_code"].isin(mapping)]
        e_parts.append(e)
        m_parts.append(m.assign(credit_code=m["credit_code"].map(mapping)))
    ents = pd.concat(e_parts, ignore_index=True)
    monthly = pd.concat(m_parts, ignore_index=True)
    ents.to_csv(out / "enterprises.csv", index=False, encoding="utf-8")
    monthly.to_csv(out / "enterprise_monthly.csv", index=False, encoding="utf-8")
    return len(ents), len(monthly)


def run(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS of the process tree (MiB, sampled every 20 ms) and stdout of ``cmd``."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    ps = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            rss = ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.02)
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])} … failed ({proc.returncode}):\n{err[-2000:]}")
    return wall, peak / 2 ** 20, out


def compile_package() -> None:
    """Compile the package's bytecode before timing, as ``pip install`` does for an installed package: an
    editable install run with ``PYTHONDONTWRITEBYTECODE`` set would compile every module at every start."""
    import compileall

    compileall.compile_dir(str(ROOT / "gxanalysis"), quiet=1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--enterprises", type=int, default=50_000)
    ap.add_argument("--period", default="2023-04")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--dir", type=Path, default=None, help="keep the scaled data here (default: a temp dir)")
    args = ap.parse_args()
    compile_package()
    tmp = None
    if args.dir is None:
        tmp = Path(tempfile.mkdtemp(prefix="gx_scale_"))
        data = tmp / "data"
    else:
        data = args.dir
    try:
        if not (data / "enterprise_monthly.csv").exists():
            t0 = time.perf_counter()
            n_e, n_m = write_scaled_demo(data, args.enterprises)
            print(f"scaled demo: {n_e:,} enterprises, {n_m:,} enterprise-months, "
                  f"{(data / 'enterprise_monthly.csv').stat().st_size / 2 ** 20:.0f} MiB enterprise_monthly.csv "
                  f"(written in {time.perf_counter() - t0:.1f} s)")
        gx = str(Path(sys.executable).with_name("gx"))
        sql = QUERY.format(dir=data.as_posix(), period=args.period)
        gx_runs, q_runs, q_inner = [], [], []
        for _ in range(args.repeat):
            gx_runs.append(run([gx, "summary", "--period", args.period, "--data", str(data)])[:2])
            wall, peak, out = run([sys.executable, "-c", YARDSTICK, sql])
            q_runs.append((wall, peak))
            q_inner.append(float(out.split()[1]))
        gx_t = statistics.median(w for w, _ in gx_runs)
        q_t = statistics.median(w for w, _ in q_runs)
        gx_m = max(m for _, m in gx_runs)
        q_m = max(m for _, m in q_runs)
        print(f"load average (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in psutil.getloadavg())}")
        print(f"{'':38s}{'wall s':>10s}{'peak MiB':>10s}")
        print(f"{'gx summary (CSV folder)':38s}{gx_t:10.2f}{gx_m:10.0f}   runs: "
              + ", ".join(f"{w:.2f}" for w, _ in gx_runs))
        print(f"{'DuckDB query, whole process':38s}{q_t:10.2f}{q_m:10.0f}   runs: "
              + ", ".join(f"{w:.2f}" for w, _ in q_runs))
        print(f"{'DuckDB query alone':38s}{statistics.median(q_inner):10.2f}")
        print(f"ratio gx summary / DuckDB query process: {gx_t / q_t:.1f}×; "
              f"/ query alone: {gx_t / statistics.median(q_inner):.1f}× "
              f"(target: within 3×, peak < {1 if args.enterprises <= 50_000 else 3} GiB)")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
