"""Warm kernels: run the report notebooks of many packs on one kernel, the region's data loaded once.

``gx report`` starts a fresh kernel for every notebook (its own process, papermill); a batch
(:mod:`gxanalysis.reporting.batch`) runs many packs of one region one after another, so it keeps one
kernel of this environment alive and runs each notebook on it with nbclient:

1. before each notebook the kernel's namespace is emptied (``%reset -f``; open figures closed), so no
   variable of one report can leak into the next — the notebook imports what it uses again, which costs
   nothing once the modules are loaded;
2. the region's tables are validated and loaded in the kernel once (:func:`preload`): a further pack's
   input snapshot whose files hash as the loaded ones reuses the loaded tables, pointed at that
   snapshot; a snapshot with other bytes is validated and loaded afresh;
3. the parameters are injected as papermill does (the ``injected-parameters`` cell after the
   ``parameters`` cell), the executed notebook is saved in the staging folder and exported to the
   code-free HTML by the same :func:`~gxanalysis.reporting.export.notebook_to_html`.

A cell that raises fails that notebook (the saved notebook shows the failing cell), as with
``gx report``; a cell that runs longer than the timeout, or a kernel that dies, fails the notebook and the
kernel is restarted for the next one. :class:`WarmKernels` keeps ``n`` such kernels (one thread each) and
runs a pack's notebooks on them up to ``n`` at once, like ``gx report --jobs``; its :meth:`~WarmKernels.executor`
has the signature of the runner's notebook step, so :func:`~gxanalysis.reporting.runner.run_pack` stages,
completes and publishes the pack exactly as for ``gx report``.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from gxanalysis import config
from gxanalysis.errors import ReportError

_LOADED: dict[tuple, Any] = {}
"""Content key of a data folder → its loaded Dataset (one region per kernel or process: one entry)."""


def folder_key(folder: Path) -> tuple:
    """The names and SHA-256 of every file at the top of a data folder (what a run snapshots)."""
    from gxanalysis.data.dataset import file_sha256

    files = sorted(p for p in Path(folder).iterdir() if p.is_file() and not p.name.startswith("~$"))
    return tuple((p.name, file_sha256(p)) for p in files)


def load_once(folder: Path | None) -> Any:
    """Validate and load a data folder, or reuse the tables loaded from a folder with the same bytes.

    The reused Dataset is the loaded one pointed at ``folder`` (``source_dir`` and ``files``): its frames,
    hashes and warnings are those of identical files, so nothing differs from loading ``folder``.

    Raises
    ------
    DataValidationError
        When the folder's tables are invalid (nothing is kept).
    """
    from gxanalysis.data.dataset import load_dataset

    folder = Path(folder) if folder is not None else config.default_data_dir()
    key = folder_key(folder)
    loaded = _LOADED.get(key)
    if loaded is None:
        loaded = load_dataset(folder)
        _LOADED.clear()
        _LOADED[key] = loaded
    if Path(loaded.source_dir) == folder:
        return loaded
    return dataclasses.replace(loaded, source_dir=folder,
                               files={n: folder / Path(p).name for n, p in loaded.files.items()})


def preload(data_dir: str) -> None:
    """In a warm kernel: make the report notebooks' :class:`ReportContext` use the tables of ``data_dir``
    loaded once (:func:`load_once`)."""
    from gxanalysis.reporting import context

    context.PRELOADED.clear()
    context.PRELOADED[str(data_dir)] = load_once(Path(data_dir))


_RESET = """\
get_ipython().run_line_magic('reset', '-f')
import matplotlib.pyplot
matplotlib.pyplot.close('all')
del matplotlib
from gxanalysis.reporting import warm
warm.preload({data_dir!r})
del warm
"""


class WarmKernel:
    """One ipykernel of this Python environment, kept alive across the notebooks of many packs.

    Parameters
    ----------
    startup_timeout : float
        Seconds allowed for the kernel to start.

    Examples
    --------
    >>> kernel = WarmKernel()  # doctest: +SKIP
    >>> kernel.run("investment", params, stage, timeout=600)  # doctest: +SKIP
    >>> kernel.shutdown()  # doctest: +SKIP
    """

    def __init__(self, startup_timeout: float = 120) -> None:
        from jupyter_client import KernelManager
        from jupyter_client.kernelspec import KernelSpecManager

        from gxanalysis.reporting.runner import KERNEL_NAME, _write_kernelspec

        self.kernel_name = KERNEL_NAME
        self._root = Path(tempfile.mkdtemp(prefix="gx-warm-kernel-"))
        _write_kernelspec(self._root)
        self._startup_timeout = startup_timeout
        self.km = KernelManager(kernel_name=KERNEL_NAME,
                                kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(self._root / "kernels")]))
        self.kc: Any = None
        self._stderr: Any = None
        self.notebooks_run = 0
        self._start()

    def _start(self) -> None:
        env = dict(os.environ)
        env.setdefault("PYTHONIOENCODING", "utf-8")
        env["MPLBACKEND"] = "Agg"
        if self._stderr is None:  # the kernel's own messages, quoted when it dies (not on the terminal)
            self._stderr = (self._root / "kernel.log").open("ab")
        if self.km.has_kernel:
            self.km.restart_kernel(now=True, env=env, stdout=self._stderr, stderr=self._stderr)
        else:
            self.km.start_kernel(cwd=str(config.NOTEBOOKS_DIR), env=env, stdout=self._stderr, stderr=self._stderr)
        if self.kc is not None:
            self.kc.stop_channels()
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=self._startup_timeout)

    def _reset(self, data_dir: str, timeout: float) -> None:
        reply = self.kc.execute_interactive(_RESET.format(data_dir=data_dir), timeout=timeout,
                                            store_history=False, output_hook=lambda msg: None)
        content = reply.get("content", {})
        if content.get("status") != "ok":
            raise ReportError(f"the warm kernel could not load {data_dir}: {content.get('ename', '')}: "
                              f"{content.get('evalue', '')}")

    def run(self, report: str, params: Any, stage: Path, timeout: float) -> Any:
        """Run one report notebook on this kernel; the :class:`NotebookResult` as the runner makes it."""
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
        from papermill.iorw import load_notebook_node
        from papermill.parameterize import parameterize_notebook

        from gxanalysis.periods import Period
        from gxanalysis.reporting.export import notebook_to_html
        from gxanalysis.reporting.params import REPORTS, params_for_papermill
        from gxanalysis.reporting.runner import NotebookResult

        spec = REPORTS[report]
        nb_out = stage / "notebooks" / spec.notebook
        html_out = stage / f"{report}.html"
        nb_out.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        nb = load_notebook_node(str(config.NOTEBOOKS_DIR / spec.notebook))  # every cell with its tags
        nb = parameterize_notebook(nb, params_for_papermill(params), kernel_name=self.kernel_name,
                                   language="python")
        error = ""
        try:
            self._reset(params.data_dir, timeout)
            client = NotebookClient(nb, km=self.km, kernel_name=self.kernel_name, timeout=timeout,
                                    resources={"metadata": {"path": str(config.NOTEBOOKS_DIR)}})
            client.kc = self.kc
            client.execute()
        except CellExecutionError as exc:
            error = f"cell raised {exc.ename}: {exc.evalue}"
        except CellTimeoutError:
            error = f"a cell ran longer than {timeout:.0f} s (kernel restarted); raise --timeout"
            self._start()
        except (DeadKernelError, RuntimeError, TimeoutError) as exc:
            error = (f"the kernel died or did not answer ({type(exc).__name__}: {exc}){self._log_tail()}; "
                     "kernel restarted")
            self._start()
        except ReportError as exc:
            error = str(exc)
        finally:
            nbformat.write(nb, str(nb_out))
            self.notebooks_run += 1
        if not error:
            title = f"{spec.title(params.lang)}（{Period.parse(params.period).ytd().label(params.lang)}）"
            notebook_to_html(nb_out, html_out, title=title)
            return NotebookResult(report, True, time.perf_counter() - t0, nb_out, html_out)
        return NotebookResult(report, False, time.perf_counter() - t0, nb_out, error=error)

    def _log_tail(self) -> str:
        try:
            lines = (self._root / "kernel.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            return ""
        lines = [ln for ln in lines if "[IPKernelApp] WARNING" not in ln][-3:]
        return f"; the kernel said: {' | '.join(lines)}" if lines else ""

    def shutdown(self) -> None:
        """Stop the kernel and remove its kernelspec folder."""
        try:
            if self.kc is not None:
                self.kc.stop_channels()
            if self.km.has_kernel:
                self.km.shutdown_kernel(now=True)
        finally:
            if self._stderr is not None:
                self._stderr.close()
            shutil.rmtree(self._root, ignore_errors=True)

    def __enter__(self) -> WarmKernel:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.shutdown()


class WarmKernels:
    """``n`` warm kernels for the packs of one region; the notebooks of a pack run on them, up to ``n`` at once.

    Each kernel belongs to a thread of its own, which starts it, runs its notebooks and stops it (a
    kernel's client is never used from two threads). :meth:`executor` has the signature of the runner's
    notebook step, so :func:`~gxanalysis.reporting.runner.run_pack` stages, completes and publishes each
    pack exactly as for ``gx report``.

    Examples
    --------
    >>> with WarmKernels(2) as kernels:  # doctest: +SKIP
    ...     run_pack("2023-04", data_dir=folder, executor=kernels.executor, loader=load_once)
    """

    def __init__(self, n: int = 1, startup_timeout: float = 120) -> None:
        import concurrent.futures as cf

        self._threads = [cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"gx-warm-kernel-{i}")
                         for i in range(max(1, n))]
        self.kernels: list[WarmKernel] = []
        starting = [t.submit(WarmKernel, startup_timeout) for t in self._threads]
        try:
            for f in starting:
                self.kernels.append(f.result())
        except BaseException:
            self.shutdown()
            raise

    def executor(self, names: list[str], params: dict[str, Any], stage: Path, kernel_root: Path,
                 timeout: float, jobs: int | None, show_bar: bool, rlog: logging.Logger) -> list[Any]:
        """Run the pack's notebooks on the free kernels (each notebook on a kernel reset for it); logged as
        ``gx report`` logs them; results in the pack's order."""
        import concurrent.futures as cf
        import queue

        free: queue.Queue[int] = queue.Queue()
        for i in range(len(self.kernels)):
            free.put(i)
        futures: dict[cf.Future, str] = {}
        for n in names:
            i = free.get()  # wait for a kernel to be free
            fut = self._threads[i].submit(self.kernels[i].run, n, params[n], stage, timeout)
            fut.add_done_callback(lambda _f, i=i: free.put(i))
            futures[fut] = n
        results = []
        for fut in cf.as_completed(futures):
            r = fut.result()
            results.append(r)
            rlog.info("[%d/%d] %s %s (%.1f s, warm kernel)", len(results), len(names), r.report,
                      "ok" if r.ok else "FAILED", r.seconds)
        order = {n: k for k, n in enumerate(names)}
        return sorted(results, key=lambda r: order[r.report])

    def shutdown(self) -> None:
        """Stop every kernel (each in its own thread)."""
        for thread, kernel in zip(self._threads, self.kernels, strict=False):
            try:
                thread.submit(kernel.shutdown).result(timeout=60)
            except Exception:  # a kernel that will not stop is killed with its process by the OS later
                pass
        for thread in self._threads:
            thread.shutdown(wait=False)

    def __enter__(self) -> WarmKernels:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.shutdown()


__all__ = ["WarmKernel", "WarmKernels", "load_once", "preload", "folder_key"]
