"""``gx batch``: report packs over many regions × periods, on local processes or a Dask cluster.

How a batch goes
----------------
1. The regions (data folders: ``--data DIR1,DIR2`` or a folder of region folders, see
   :func:`gxanalysis.data.regions.regions_from_folders`), the periods and the options are checked before
   anything starts (a usage error exits 2).
2. One task per region is handed to a worker: a local process (default, ``--workers`` at once), a local
   Dask cluster (``--cluster local``) or the Dask distributed scheduler at an address
   (``--cluster tcp://host:8786``; its workers must have this gxanalysis installed and see the data and
   ``--out`` folders at the same paths — they are checked before the tasks are sent).
3. A region's task validates and loads the region's tables once (:func:`~gxanalysis.reporting.warm.load_once`),
   starts its warm kernels (:class:`~gxanalysis.reporting.warm.WarmKernels`, ``--jobs`` of them: a pack's
   notebooks run on them at once, as ``gx report --jobs`` runs them) and one headless browser that prints
   every pack's PDFs as tabs (:class:`~gxanalysis.reporting.pdf.WarmBrowser`, POSIX; elsewhere a browser
   process per PDF, as ``gx report``), and runs the region's packs one
   after another with :func:`~gxanalysis.reporting.runner.run_pack`, so each pack is staged, completed
   and published into ``OUT/<region>/<period>/`` exactly as ``gx report`` does it (input snapshot,
   run lock, status files, atomic publication; a failed pack is kept in ``OUT/<region>/failed/``, the
   last good pack is never touched). Invalid data fail every period of that region with the first
   problem; the other regions go on.
4. When every task is back, one summary (region × period: published or failed with the one-line reason)
   is printed and written to ``OUT/batch/<batch id>.json`` and ``OUT/last_batch.json``.

Exit codes: 0 every pack published, 1 at least one pack failed (or the cluster could not be used),
2 a usage error (nothing was started), 3 the output folder cannot be used, 130/143 interrupted.
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import datetime as dt
import os
import secrets
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gxanalysis.errors import ClusterError, GxError, OutputError, ParameterError

EXIT_OK, EXIT_FAILED = 0, 1


@dataclass(frozen=True)
class RegionTask:
    """What one worker does: every period of one region (plain values, so it travels to any worker)."""

    region: str
    data_dir: str
    periods: tuple[str, ...]
    out_dir: str
    reports: tuple[str, ...] = ()
    timeout: float = 600.0
    overrides: tuple[tuple[str, Any], ...] = ()
    lang: str = "zh"
    warm: bool = True
    jobs: int = 1


@dataclass
class PackOutcome:
    """One pack of a batch: ``published`` or ``failed`` with the one-line ``reason``."""

    region: str
    period: str
    status: str
    reason: str = ""
    exit_code: int = 0
    pack_dir: str = ""
    failed_dir: str = ""
    seconds: float = 0.0
    run_id: str = ""
    host: str = ""
    warm: bool = False


@dataclass
class BatchResult:
    """Every pack of a batch, in region × period order, and where the summary was written."""

    batch_id: str
    outcomes: list[PackOutcome] = field(default_factory=list)
    seconds: float = 0.0
    where: str = ""
    record: Path | None = None

    @property
    def ok(self) -> bool:
        return bool(self.outcomes) and all(o.status == "published" for o in self.outcomes)

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.ok else EXIT_FAILED

    def summary(self) -> str:
        """The table printed at the end of ``gx batch``: one line per region × period."""
        published = sum(o.status == "published" for o in self.outcomes)
        failed = len(self.outcomes) - published
        regions = list(dict.fromkeys(o.region for o in self.outcomes))
        periods = list(dict.fromkeys(o.period for o in self.outcomes))
        width = max([len("region")] + [_display_width(r) for r in regions])
        lines = [f"gx batch {self.batch_id}: {len(regions)} region(s) × {len(periods)} period(s) on {self.where}: "
                 f"{published} published, {failed} failed ({self.seconds:.1f} s)",
                 f"{_pad('region', width)}  period   result     seconds  pack / reason"]
        for o in self.outcomes:
            what = o.pack_dir if o.status == "published" else o.reason
            lines.append(f"{_pad(o.region, width)}  {o.period}  {o.status:<9}  {o.seconds:7.1f}  {what}")
        return "\n".join(lines)


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))


def one_line(exc: BaseException) -> str:
    """A failure in one line: the message's first line, with the first listed problem when there are more."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    if not lines:
        return type(exc).__name__
    text = lines[0] if len(lines) == 1 else f"{lines[0]} {lines[1]}"
    if len(lines) > 2:
        text += f" (+{len(lines) - 2} more; gx validate lists them all)"
    return text


def _exit_code(exc: BaseException) -> int:
    if isinstance(exc, ParameterError):
        return 2
    if isinstance(exc, OutputError):
        return 3
    return 1


# -- the work of one region (runs in a worker) ------------------------------------------------------------

def run_region(task: RegionTask) -> list[dict[str, Any]]:
    """Run every period of one region, its data loaded once and its notebooks on one warm kernel.

    Returns one :class:`PackOutcome` (as a dict) per period; never raises for a failed pack.
    """
    import platform

    from gxanalysis.reporting.pdf import warm_browser
    from gxanalysis.reporting.runner import run_pack
    from gxanalysis.reporting.warm import WarmKernels, load_once

    host = platform.node()
    out_dir = Path(task.out_dir) / task.region
    outcomes: list[dict[str, Any]] = []

    def failed_all(exc: BaseException, t0: float) -> list[dict[str, Any]]:
        return [dataclasses.asdict(PackOutcome(task.region, p, "failed", one_line(exc), _exit_code(exc),
                                               seconds=time.perf_counter() - t0, host=host))
                for p in task.periods]

    t0 = time.perf_counter()
    try:
        load_once(Path(task.data_dir))  # the region's tables validated once; every pack reuses them
    except GxError as exc:
        return failed_all(exc, t0)
    kernel = printer = None
    try:
        if task.warm:
            try:
                kernel = WarmKernels(task.jobs)
            except Exception as exc:  # no kernel can start here: every pack of the region fails with why
                return failed_all(RuntimeError(f"the warm kernel did not start: {type(exc).__name__}: {exc}"), t0)
            printer = warm_browser()  # None (a browser process per PDF) where none can be kept open
        for period in task.periods:
            t = time.perf_counter()
            try:
                r = run_pack(period, reports=list(task.reports) or None, data_dir=Path(task.data_dir),
                             out_dir=out_dir, jobs=task.jobs, timeout=task.timeout, overrides=dict(task.overrides),
                             lang=task.lang, progress=False, loader=load_once,
                             executor=kernel.executor if kernel else None, printer=printer)
                o = PackOutcome(task.region, r.period, "published" if r.ok else "failed", r.reason,
                                r.exit_code, str(r.pack_dir or ""), str(r.failed_dir or ""), r.seconds, r.run_id,
                                host, kernel is not None)
            except GxError as exc:
                o = PackOutcome(task.region, period, "failed", one_line(exc), _exit_code(exc),
                                seconds=time.perf_counter() - t, host=host)
            except KeyboardInterrupt:
                raise
            except Exception as exc:  # anything else fails this pack, not the batch
                o = PackOutcome(task.region, period, "failed", f"{type(exc).__name__}: {one_line(exc)}", 1,
                                seconds=time.perf_counter() - t, host=host)
            outcomes.append(dataclasses.asdict(o))
    finally:
        if kernel is not None:
            kernel.shutdown()
        if printer is not None:
            printer.close()
    return outcomes


def _worker_check(out_dir: str, data_dirs: list[str]) -> dict[str, Any]:
    """What a cluster worker sees: its gxanalysis version and whether the folders of the batch exist."""
    import platform

    import gxanalysis

    return {"version": gxanalysis.__version__, "host": platform.node(),
            "missing": [d for d in [out_dir, *data_dirs] if not Path(d).is_dir()]}


# -- the fan-out -----------------------------------------------------------------------------------------

def _run_local(tasks: list[RegionTask], workers: int, done: Any) -> list[dict[str, Any]]:
    import multiprocessing

    out: list[dict[str, Any]] = []
    with cf.ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(run_region, t): t for t in tasks}
        try:
            for fut in cf.as_completed(futures):
                out.extend(_task_result(futures[fut], fut.result, done))
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return out


def _task_result(task: RegionTask, get: Any, done: Any) -> list[dict[str, Any]]:
    """A task's outcomes; a worker that died fails the region's periods with the reason."""
    try:
        rows = get()
    except KeyboardInterrupt:
        raise
    except Exception as exc:
        rows = [dataclasses.asdict(PackOutcome(task.region, p, "failed", f"the worker was lost: "
                                               f"{type(exc).__name__}: {one_line(exc)}", 1)) for p in task.periods]
    done(task, rows)
    return rows


def _run_dask(tasks: list[RegionTask], cluster: str, workers: int, done: Any) -> tuple[list[dict[str, Any]], str]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:  # pragma: no cover - a dependency of gxanalysis
        raise ClusterError("--cluster needs dask.distributed: pip install \"dask[distributed]\"") from None
    import logging

    local = None
    try:
        if cluster == "local":
            local = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                 dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(local)
            where = f"a local Dask cluster ({workers} worker(s))"
        else:
            try:
                client = Client(cluster, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise ClusterError(f"cannot reach the Dask scheduler at {cluster} ({one_line(exc)}); start it "
                                   "with `dask scheduler` and workers with `dask worker ADDRESS` on machines "
                                   "that see the data and --out folders, or run without --cluster") from None
            where = f"the Dask cluster {cluster}"
    except ValueError as exc:
        raise ParameterError(f"option --cluster: {cluster!r} is not a scheduler address ({exc}); give "
                             "tcp://HOST:PORT or local") from None
    try:
        _check_workers(client, tasks)
        n = len(client.scheduler_info().get("workers", {}))
        if local is None:
            where += f" ({n} worker(s))"
        futures = {client.submit(run_region, t, key=f"gx-batch-{t.region}-{secrets.token_hex(4)}", pure=False,
                                 retries=0): t for t in tasks}
        out: list[dict[str, Any]] = []
        try:
            for fut in as_completed(list(futures)):
                out.extend(_task_result(futures[fut], fut.result, done))
        except BaseException:
            client.cancel(list(futures), force=True)
            raise
        return out, where
    finally:
        client.close()
        if local is not None:
            local.close()


def _check_workers(client: Any, tasks: list[RegionTask]) -> None:
    import gxanalysis

    if not client.scheduler_info().get("workers"):
        client.wait_for_workers(1, timeout=60)
    seen = client.run(_worker_check, tasks[0].out_dir, sorted({t.data_dir for t in tasks}))
    for worker, info in seen.items():
        if info["version"] != gxanalysis.__version__:
            raise ClusterError(f"worker {worker} ({info['host']}) has gxanalysis {info['version']}, this is "
                               f"{gxanalysis.__version__}; install the same version on every worker")
        if info["missing"]:
            raise ClusterError(f"worker {worker} ({info['host']}) does not see {', '.join(info['missing'])}; the "
                               "data and --out folders must be at the same paths on every worker (a shared drive)")


# -- a batch ---------------------------------------------------------------------------------------------

def parse_periods(text: str) -> list[str]:
    """``2023-02,2023-03`` → the months, checked (``latest`` is resolved per region by the runner)."""
    from gxanalysis.periods import Month

    out = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        out.append("latest" if part.lower() == "latest" else str(Month.parse(part)))
    if not out:
        raise ParameterError(f"option --periods: {text!r} names no month; give YYYY-MM[,YYYY-MM…]")
    if len(set(out)) != len(out):
        raise ParameterError(f"option --periods: {text!r} names a month twice; give each month once")
    return out


def run_batch(regions: list[Any], periods: list[str], *, out_dir: Path, reports: list[str] | None = None,
              cluster: str | None = None, workers: int | None = None, jobs: int | None = None,
              timeout: float = 600.0,
              overrides: dict[str, Any] | None = None, lang: str = "zh", warm: bool = True,
              progress: Any = None) -> BatchResult:
    """Run the report packs of every region × period and return the outcome of each.

    Parameters
    ----------
    regions : list of Region
        Name and data folder of each region (:mod:`gxanalysis.data.regions`).
    periods : list of str
        Reporting months ``YYYY-MM`` (or ``latest``).
    out_dir : Path
        Packs are published to ``out_dir/<region>/<period>/``; the summary goes to ``out_dir/batch/``.
    reports : list of str, optional
        Report names (default: all four).
    cluster : str, optional
        None: local processes; ``"local"``: a local Dask cluster; ``tcp://host:port``: that Dask scheduler.
    workers : int, optional
        Local processes or local Dask workers (default: one per core, at most one per region).
    jobs : int, optional
        Notebooks of a pack run at once in a region, each on a warm kernel of its own, 1–64 (default: the
        cores left to each local worker, ``cores // workers``; 1 on a remote cluster).
    timeout : float
        Seconds allowed per notebook (a cell, on a warm kernel).
    warm : bool
        One warm kernel per region (default); False runs each notebook in a fresh kernel as ``gx report``.
    progress : callable, optional
        Called with each region's (task, outcomes) as it comes back.

    Returns
    -------
    BatchResult
        ``ok`` when every pack was published; ``exit_code`` 0 or 1.

    Raises
    ------
    ParameterError
        A bad option, report name or parameter (nothing started).
    OutputError
        The output folder cannot be used.
    ClusterError
        The cluster cannot be reached or its workers cannot run the batch.
    """
    from gxanalysis.reporting.params import REPORTS, check_run_options
    from gxanalysis.reporting.runner import check_output_folder, write_status

    t0 = time.perf_counter()
    started = dt.datetime.now().astimezone()
    jobs, timeout = check_run_options(jobs, timeout)
    for n in reports or []:
        if n not in REPORTS:
            raise ParameterError(f"option --reports: no report named {n!r}; allowed: {', '.join(REPORTS)}")
    if not regions:
        raise ParameterError("option --data: no region to run")
    names = [r.name for r in regions]
    if len(set(names)) != len(names):
        raise ParameterError(f"option --data: two regions share a name ({', '.join(names)}); rename a folder")
    out_dir = Path(os.path.abspath(out_dir))
    check_output_folder(out_dir)
    ncpu = os.cpu_count() or 1
    if workers is not None and not 1 <= workers <= 256:
        raise ParameterError(f"option --workers: {workers} is out of range; give 1-256")
    workers = min(workers or ncpu, len(regions))
    jobs = jobs or (1 if cluster and cluster != "local" else max(1, ncpu // workers))
    batch_id = f"{started:%Y%m%dT%H%M%S}_{secrets.token_hex(3)}"
    tasks = [RegionTask(r.name, str(Path(r.data_dir).resolve()), tuple(periods), str(out_dir), tuple(reports or ()),
                        float(timeout), tuple(sorted((overrides or {}).items())), lang, warm, jobs)
             for r in regions]
    done = progress or (lambda task, rows: None)
    if cluster:
        rows, where = _run_dask(tasks, cluster, workers, done)
    else:
        rows = _run_local(tasks, workers, done)
        where = f"{workers} local process(es)"
    order = {(t.region, p): i for i, t in enumerate(tasks) for p in t.periods}
    outcomes = sorted((PackOutcome(**r) for r in rows), key=lambda o: order.get((o.region, o.period), len(order)))
    result = BatchResult(batch_id, outcomes, time.perf_counter() - t0, where)
    record = {"batch_id": batch_id, "started": started.isoformat(timespec="seconds"),
              "finished": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "where": where,
              "periods": periods, "reports": list(reports or REPORTS), "warm_kernels": warm,
              "kernels_per_region": jobs if warm else 0,
              "seconds": round(result.seconds, 2), "exit_code": result.exit_code,
              "packs": [dataclasses.asdict(o) for o in outcomes]}
    result.record = out_dir / "batch" / f"{batch_id}.json"
    try:
        result.record.parent.mkdir(exist_ok=True)
    except OSError as exc:  # the packs are published; only the summary file cannot be kept
        print(f"gx batch: the summary file cannot be written in {result.record.parent}: {exc}", file=sys.stderr)
    write_status(record, [result.record, out_dir / "last_batch.json"])
    return result


def batch_command(ns: Any) -> int:
    """Run ``gx batch`` with its parsed options (the parser is in :mod:`gxanalysis.cli`)."""
    from gxanalysis import config
    from gxanalysis.data.regions import regions_from_folders
    from gxanalysis.reporting.params import parse_cli_assignments

    regions = regions_from_folders(ns.data)
    periods = parse_periods(ns.periods)
    reports = [r.strip() for r in ns.reports.split(",") if r.strip()] if ns.reports else None

    def progress(task: RegionTask, rows: list[dict[str, Any]]) -> None:
        ok = sum(r["status"] == "published" for r in rows)
        print(f"gx batch: {task.region}: {ok} of {len(rows)} pack(s) published", file=sys.stderr, flush=True)

    try:
        result = run_batch(regions, periods, out_dir=Path(ns.out) if ns.out else config.default_reports_dir(),
                           reports=reports, cluster=ns.cluster, workers=ns.workers, jobs=ns.jobs,
                           timeout=ns.timeout,
                           overrides=parse_cli_assignments(ns.param), lang=ns.lang, warm=not ns.fresh_kernels,
                           progress=progress)
    except KeyboardInterrupt as exc:
        print("gx batch: interrupted; packs already published stay, running ones were stopped and kept in "
              "OUT/<region>/failed/", file=sys.stderr)
        return getattr(exc, "exit_code", 130)
    print(result.summary())
    print(f"summary: {result.record}")
    return result.exit_code


__all__ = ["run_batch", "run_region", "batch_command", "parse_periods", "BatchResult", "PackOutcome",
           "RegionTask", "ClusterError", "one_line"]
