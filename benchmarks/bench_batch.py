"""Benchmark: a further pack of ``gx batch`` (warm kernel, data loaded once) against one ``gx report``.

Whole processes, as a user runs them, on the demo city (one region):

- ``gx report --period 2023-04`` into a fresh folder (the yardstick);
- ``gx batch`` of the same region for 1 period and for N periods (local processes, one worker);
  the time per further pack is (T(N) − T(1)) / (N − 1), so the batch's start-up, its first kernel and its
  first load of the data are paid once and counted in neither.

Prints each round, the median, the ratio further pack / gx report (the target is at most 1/3), the
per-pack seconds recorded by the batch itself, and the load average before and after (the machine is
busy when it exceeds the core count). Figures are printed, not asserted.

    python benchmarks/bench_batch.py [--repeat 2] [--reports monthly_overview] [--periods 2022-12,2023-02,2023-03,2023-04]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _time(cmd: list[str], ok_codes: tuple[int, ...] = (0,)) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8")
    took = time.perf_counter() - t0
    if proc.returncode not in ok_codes:
        sys.exit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return took


def _load() -> str:
    try:
        return "/".join(f"{x:.1f}" for x in os.getloadavg())
    except (AttributeError, OSError):  # Windows
        return "n/a"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--reports", default="", help="comma-separated reports (default: the whole pack)")
    ap.add_argument("--periods", default="2022-12,2023-02,2023-03,2023-04",
                    help="the N periods of the longer batch; its last one is the yardstick's period")
    ap.add_argument("--data", default=str(ROOT / "data" / "demo"))
    args = ap.parse_args()
    gx = str(Path(sys.executable).with_name("gx.exe" if os.name == "nt" else "gx"))
    periods = [p.strip() for p in args.periods.split(",") if p.strip()]
    last, n = periods[-1], len(periods)
    sel = ["--reports", args.reports] if args.reports else []
    rounds = []
    print(f"bench_batch: {os.cpu_count()} core(s); region {args.data}; reports {args.reports or 'all four'}; "
          f"periods {','.join(periods)}", flush=True)
    for k in range(args.repeat):
        before = _load()
        with tempfile.TemporaryDirectory() as out:
            t_report = _time([gx, "report", "--period", last, "--data", args.data, "--out", out, "--no-progress",
                              *sel])
        with tempfile.TemporaryDirectory() as out:
            t_one = _time([gx, "batch", "--data", args.data, "--periods", last, "--out", out, "--workers", "1", *sel])
        with tempfile.TemporaryDirectory() as out:
            t_all = _time([gx, "batch", "--data", args.data, "--periods", ",".join(periods), "--out", out,
                           "--workers", "1", *sel])
            record = json.loads((Path(out) / "last_batch.json").read_text(encoding="utf-8"))
        inside = [p["seconds"] for p in record["packs"]]
        assert all(p["status"] == "published" for p in record["packs"]), record["packs"]
        further = (t_all - t_one) / (n - 1)
        rounds.append((t_report, t_one, t_all, further, inside))
        print(f"round {k + 1}: gx report {t_report:6.1f} s | gx batch 1 period {t_one:6.1f} s | gx batch {n} "
              f"periods {t_all:6.1f} s | further pack {further:5.1f} s = {further / t_report:.2f} × gx report | "
              f"per pack inside the batch: first {inside[0]:.1f} s, further "
              f"{statistics.mean(inside[1:]):.1f} s | load average {before} → {_load()}", flush=True)
    med = [statistics.median(r[i] for r in rounds) for i in range(4)]
    print(f"median of {len(rounds)}: gx report {med[0]:.1f} s; further pack in a batch {med[3]:.1f} s; "
          f"ratio {med[3] / med[0]:.2f} (target ≤ 0.33); batch of {n}: {med[2]:.1f} s vs {n} × gx report "
          f"{n * med[0]:.1f} s")


if __name__ == "__main__":
    main()
