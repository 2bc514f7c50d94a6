"""Benchmark: how long an explorer takes to redraw its table and chart after a selection change or a click.

Each explorer (``gxanalysis.reporting.explore``) is driven as an analyst would drive it — change the month,
the period, the grouping, click a row to drill down, go back — through its widgets (ipywidgets, no browser),
and the time of each redraw (recompute the view from the indicator functions, fill the table, draw the chart)
is printed, on the demo city and on a panel of about 50,000 enterprises made by copying the demo city
(each copy a new set of credit codes with the same counties, industries, chains, targets and capacities, its
levels scaled a little). The yardstick is the issue's budget: under 0.5 s on the demo city, under 1 s on the
50,000-enterprise panel. The first redraw of a month computes its indicators; later ones reuse the session's
cache, as in the app. Figures are printed, nothing is asserted.

    python benchmarks/bench_explore.py [--enterprises 50000] [--only demo|big]

The browser adds its own rendering time on top (measured, not asserted, by tests/test_app_browser.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gxanalysis.data.dataset import load_dataset  # noqa: E402
from gxanalysis.reporting.explore import EXPLORERS  # noqa: E402
from gxanalysis.reporting.explore.sessions import from_dataset  # noqa: E402
from gxanalysis.reporting.explore.ui import ExplorerUI  # noqa: E402

LEVEL_COLUMNS = ["gross_output", "gross_output_base", "value_added", "value_added_base", "product_output",
                 "revenue", "revenue_base", "profit", "profit_base", "electricity", "electricity_base", "energy",
                 "energy_base"]


def scaled_demo(n_enterprises: int, seed: int = 7):
    """The demo city copied until it has about ``n_enterprises`` enterprises (a Dataset, not validated)."""
    demo = load_dataset()
    copies = max(1, round(n_enterprises / len(demo.enterprises)))
    rng = np.random.default_rng(seed)
    ents, ems, tgts = [], [], []
    for k in range(copies):
        suffix = f"-{k:03d}"
        f = float(rng.lognormal(0, 0.15))
        e = demo.enterprises.copy()
        e["credit_code"] = e["credit_code"] + suffix
        e["name"] = e["name"] + suffix
        m = demo.enterprise_monthly.copy()
        m["credit_code"] = m["credit_code"] + suffix
        m[LEVEL_COLUMNS] = m[LEVEL_COLUMNS] * f
        t = demo.enterprise_targets.copy()
        t["credit_code"] = t["credit_code"] + suffix
        t["output_target"] = t["output_target"] * f
        ents.append(e), ems.append(m), tgts.append(t)
    return replace(demo, enterprises=pd.concat(ents, ignore_index=True),
                   enterprise_monthly=pd.concat(ems, ignore_index=True),
                   enterprise_targets=pd.concat(tgts, ignore_index=True))


SCRIPTS: dict[str, list[tuple[str, object]]] = {
    "growth": [("select", {"dimension": "chain"}), ("select", {"scope": "month"}), ("select", {"period": "2023-03"}),
               ("row", 2), ("row", 2), ("select", {"measure": "gross_output"}), ("back", 0),
               ("select", {"dimension": "county"}), ("row", 1), ("select", {"scope": "ytd"})],
    "schedule": [("select", {"dimension": "county"}), ("row", 1), ("select", {"period": "2023-03"}), ("back", 0),
                 ("select", {"dimension": "month"}), ("row", 1), ("select", {"topic": "capacity"}),
                 ("select", {"dimension": "division"}), ("row", 1), ("select", {"variant": "B"})],
    "projects": [("select", {"dimension": "county"}), ("row", 1), ("back", 0), ("select", {"dimension": "status"}),
                 ("select", {"margin": 10.0}), ("select", {"period": "2023-03"}), ("row", 1)],
    "energy": [("select", {"dimension": "county"}), ("row", 1), ("back", 0), ("select", {"view": "lmdi"}),
               ("select", {"period": "2022-12"}), ("row", 1), ("select", {"basis": "equal"})],
}


def drive(dataset, name: str) -> list[tuple[str, float, float]]:
    """Run an explorer's script; (action, wall seconds, CPU seconds of this process) of each action."""
    sess = from_dataset(dataset)
    t, c = time.perf_counter(), time.process_time()
    ui = ExplorerUI(EXPLORERS[name](sess))
    out = [("open", time.perf_counter() - t, time.process_time() - c)]
    for kind, arg in SCRIPTS[name]:
        t, c = time.perf_counter(), time.process_time()
        if kind == "select":
            ui.select(**arg)
            what = ",".join(f"{k}={v}" for k, v in arg.items())
        elif kind == "row":
            ui.click_row(arg)
            what = f"click row {arg}"
        else:
            ui.back(arg)
            what = f"back to level {arg}"
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        if ui.view is None:
            what += f" (not shown: {ui.message})"
        out.append((what, wall, cpu))
    return out


def report(label: str, dataset, budget: float) -> None:
    n = dataset.enterprises["credit_code"].nunique()
    print(f"\n{label}: {n:,} enterprises, {len(dataset.enterprise_monthly):,} panel rows; budget {budget:g} s")
    print("  wall = elapsed time; cpu = CPU time of this process (what an idle machine would take, about)")
    walls, cpus = [], []
    for name in EXPLORERS:
        rows = drive(dataset, name)
        w = [x for _, x, _ in rows[1:]]
        c = [x for _, _, x in rows[1:]]
        walls += w
        cpus += c
        print(f"  {name:<9s} open {rows[0][1]:6.3f} s | redraw wall median {statistics.median(w):.3f} max "
              f"{max(w):.3f} | cpu median {statistics.median(c):.3f} max {max(c):.3f} "
              f"({sum(x <= budget for x in c)}/{len(c)} within budget on cpu, {sum(x <= budget for x in w)} on wall)")
        for what, wall, cpu in rows[1:]:
            print(f"      wall {wall:6.3f} s  cpu {cpu:6.3f} s  {what}")
    for name, xs in (("wall", walls), ("cpu", cpus)):
        print(f"  all explorers, {name}: median {statistics.median(xs):.3f} s, 90th percentile "
              f"{float(np.percentile(xs, 90)):.3f} s, max {max(xs):.3f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--enterprises", type=int, default=50_000)
    ap.add_argument("--only", choices=("demo", "big"))
    args = ap.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f} at the start")
    if args.only != "big":
        report("demo city", load_dataset(), 0.5)
    if args.only != "demo":
        t = time.perf_counter()
        big = scaled_demo(args.enterprises)
        print(f"\n(scaled panel built in {time.perf_counter() - t:.1f} s)")
        report("scaled demo city", big, 1.0)


if __name__ == "__main__":
    main()
