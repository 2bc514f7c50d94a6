"""Benchmark: the monthly report pack on the demo city.

Prints (a) the wall time of ``make report`` (the first quick-start command, environment already set up)
and of ``gx report --period 2023-04`` into a temporary folder, and (b) the same four notebooks run one after another with bare ``papermill`` (no HTML,
no workbook), with the ratio and the time per notebook. Figures are printed, not asserted.

    python benchmarks/bench_report.py [--repeat 2]
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gxanalysis.reporting.params import REPORTS  # noqa: E402


def _time(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    gx = str(Path(sys.executable).with_name("gx"))
    pack, seq, per_nb = [], [], {n: [] for n in REPORTS}
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as out:
            pack.append(_time([gx, "report", "--period", "2023-04", "--out", out, "--no-progress"]))
        with tempfile.TemporaryDirectory() as out:
            total = 0.0
            for name, spec in REPORTS.items():
                t = _time([sys.executable, "-m", "papermill", str(ROOT / "notebooks" / spec.notebook),
                           str(Path(out) / spec.notebook), "-p", "period", "2023-04", "-k", "python3",
                           "--no-progress-bar"])
                per_nb[name].append(t)
                total += t
            seq.append(total)
    quick = []
    if shutil.which("make") and (ROOT / ".venv" / "bin" / "gx").exists():
        for _ in range(args.repeat):
            quick.append(_time(["make", "-s", "report"]))
    p, s = statistics.median(pack), statistics.median(seq)
    if quick:
        print(f"quick start `make report` on a warm environment (writes reports/2023-04):     "
              f"{statistics.median(quick):6.1f} s")
    print(f"gx report --period 2023-04 (4 notebooks, HTML, workbook, summary, manifest): {p:6.1f} s "
          f"(median of {args.repeat})")
    print(f"bare papermill, the same 4 notebooks one after another:                 {s:6.1f} s")
    print(f"ratio pack / sequential bare run: {p / s:.2f}")
    for name, ts in per_nb.items():
        print(f"  {name:<18s} bare papermill {statistics.median(ts):5.1f} s")


if __name__ == "__main__":
    main()
