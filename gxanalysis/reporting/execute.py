"""Run one report notebook with papermill and export its code-free HTML (a child process of the runner).

``python -m gxanalysis.reporting.execute JOB.json`` — the job file names the input and output notebooks,
the parameters (already validated), the kernel and the HTML path. Exit code 0 on success, 3 when a cell
raised (papermill has written the notebook with the failing cell marked), 4 for any other failure, 5 when
the ``gx`` process that started it is gone.

This process never outlives ``gx``: a watchdog thread checks every quarter of a second that ``gx`` (named
by ``GX_REPORT_PARENT_PID``) is still its parent and, when it is not, kills its own children (the kernel)
and exits; on Linux the kernel also sends it a parent-death signal. Both work whatever killed ``gx``
(SIGKILL included). The kernel, in turn, exits when this process goes (ipykernel's parent poller).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
import traceback
from pathlib import Path

PARENT_PID_ENV = "GX_REPORT_PARENT_PID"
WATCH_INTERVAL_S = 0.25
EXIT_ORPHANED = 5


def _kill_children_and_exit() -> None:
    import psutil

    try:
        children = psutil.Process().children(recursive=True)
    except psutil.Error:
        children = []
    for c in children:
        try:
            c.kill()
        except psutil.Error:
            pass
    os._exit(EXIT_ORPHANED)


def _parent_alive(pid: int) -> bool:
    if os.name == "nt":
        import psutil

        return psutil.pid_exists(pid)
    return os.getppid() == pid  # a child is re-parented the moment its parent dies


def _watch(pid: int) -> None:
    while True:
        if not _parent_alive(pid):
            _kill_children_and_exit()
        time.sleep(WATCH_INTERVAL_S)


def die_with_parent() -> None:
    """Make this process (and the kernel it starts) end when the ``gx`` process that started it ends."""
    raw = os.environ.get(PARENT_PID_ENV, "")
    if not raw.isdigit():
        return
    pid = int(raw)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, int(signal.SIGTERM), 0, 0, 0)
            signal.signal(signal.SIGTERM, lambda signum, frame: _kill_children_and_exit())
        except (OSError, AttributeError, ValueError):
            pass  # the watchdog below still covers it
    if not _parent_alive(pid):  # gx died before the watch began
        _kill_children_and_exit()
    threading.Thread(target=_watch, args=(pid,), name="gx-parent-watchdog", daemon=True).start()


def main(job_file: str) -> int:
    die_with_parent()
    job = json.loads(Path(job_file).read_text(encoding="utf-8"))
    import papermill as pm

    from gxanalysis.reporting.export import notebook_to_html

    out = Path(job["output"])
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        pm.execute_notebook(job["input"], str(out), parameters=job["parameters"],
                            kernel_name=job["kernel_name"], cwd=job["cwd"], progress_bar=False,
                            log_output=False, request_save_on_cell_execute=True)
    except pm.PapermillExecutionError as exc:
        print(f"cell {exc.exec_count} raised {exc.ename}: {exc.evalue}", file=sys.stderr)
        return 3
    except Exception:  # dead kernel, missing notebook, …: keep the trace for the run log
        traceback.print_exc()
        return 4
    notebook_to_html(out, Path(job["html"]), title=job["title"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
