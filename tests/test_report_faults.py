"""Faults injected into real ``gx report`` processes: SIGKILL at random instants of publication, SIGKILL of
``gx`` and of a kernel, SIGTERM, SIGINT, a full disk, a read-only output, an input changed during the run
and three concurrent runs of one period.

In every case: the last good pack is intact and served, nothing partial or mixed is published, and no
process outlives ``gx`` (each ``gx`` is started with a marker in its environment, which its notebook
processes and kernels inherit; psutil finds any of them still alive).
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psutil
import pytest

from gxanalysis import config
from gxanalysis.reporting.runner import (
    _set_aside_interrupted_runs,
    pack_is_whole,
    recover_publications,
)

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.name == "nt", reason="POSIX signals; Windows has its own stop path")]

PERIOD = "2023-04"
REPORT = "investment"  # the quickest report; each run here is a real papermill run of it
MARK = "GX_TEST_MARK"


# -- helpers ---------------------------------------------------------------------------------------------

def _gx_argv(out: Path, *extra: str, reports: str = REPORT, data: Path | None = None) -> list[str]:
    argv = [sys.executable, "-m", "gxanalysis.cli", "report", "--period", PERIOD, "--reports", reports,
            "--out", str(out), "--no-progress", *extra]
    if data is not None:
        argv += ["--data", str(data)]
    return argv


class Gx:
    """A ``gx report`` process with a marker in its environment; stdout and stderr go to files."""

    def __init__(self, argv: list[str], tmp: Path, env: dict[str, str] | None = None) -> None:
        self.mark = uuid.uuid4().hex
        self.err = tmp / f"gx-{self.mark[:8]}.err"
        self.outf = tmp / f"gx-{self.mark[:8]}.out"
        full_env = dict(os.environ) | (env or {}) | {MARK: self.mark}
        with self.err.open("w", encoding="utf-8") as e, self.outf.open("w", encoding="utf-8") as o:
            self.proc = subprocess.Popen(argv, stdout=o, stderr=e, env=full_env)

    @property
    def stderr(self) -> str:
        return self.err.read_text(encoding="utf-8", errors="replace")

    def wait(self, timeout: float = 300) -> int:
        return self.proc.wait(timeout=timeout)

    def account(self, code: int, out: Path) -> str:
        """A run explained in full, not cut short: its exit code, the end of its stderr and the status and
        reason of its status file (found by its process id)."""
        mine = [s for s in map(_status, (out / "logs").glob("*.status.json")) if s.get("pid") == self.proc.pid]
        status = [f"{s['run_id']}: {s['status']}: {s.get('reason')}" for s in mine]
        return f"exit {code}\n{self.stderr[-3000:]}\nstatus: {status or 'none written'}"

    def processes(self) -> list[psutil.Process]:
        """Every live process carrying this run's marker (gx itself, notebook processes, kernels)."""
        found = []
        for p in psutil.process_iter():
            try:
                if p.environ().get(MARK) == self.mark and p.status() != psutil.STATUS_ZOMBIE:
                    found.append(p)
            except (psutil.Error, OSError):
                continue
        return found

    def kernels(self) -> list[psutil.Process]:
        out = []
        for p in self.processes():
            try:
                if "ipykernel_launcher" in " ".join(p.cmdline()):
                    out.append(p)
            except psutil.Error:
                continue
        return out

    def wait_for_kernel(self, timeout: float = 120) -> psutil.Process:
        return _wait_for(lambda: (self.kernels() or [None])[0], timeout, f"a kernel of gx ({self.stderr})")

    def wait_for_text(self, text: str, timeout: float = 180) -> None:
        _wait_for(lambda: text in self.stderr, timeout, f"{text!r} in gx's stderr ({self.stderr})")

    def survivors_after(self, timeout: float = 15) -> tuple[list[psutil.Process], float]:
        """Processes of this run still alive ``timeout`` s after gx ended (and how long they took to go)."""
        t0 = time.monotonic()
        left = self.processes()
        while left and time.monotonic() - t0 < timeout:
            time.sleep(0.1)
            left = self.processes()
        return left, time.monotonic() - t0


def _wait_for(predicate, timeout: float, what: str):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _one_line(stderr: str) -> str:
    """The message gx ends with: one line, no traceback."""
    assert "Traceback" not in stderr, stderr
    return stderr.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def good_reports(tmp_path_factory) -> Path:
    """One real pack (investment + energy intensity) of the demo city: the 'last good pack' of each test."""
    out = tmp_path_factory.mktemp("good")
    code = subprocess.run(_gx_argv(out, reports=f"{REPORT},energy_intensity", data=config.demo_data_dir()),
                          capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert code.returncode == 0, code.stderr
    assert pack_is_whole(out / PERIOD)
    return out


@pytest.fixture
def out(good_reports, tmp_path) -> Path:
    """A reports folder holding the last good pack of 2023-04."""
    d = tmp_path / "reports"
    shutil.copytree(good_reports, d)
    return d


def _manifest(pack: Path) -> dict:
    return json.loads((pack / "manifest.json").read_text(encoding="utf-8"))


def _assert_last_good_pack(out: Path, good_run_id: str) -> None:
    pack = out / PERIOD
    assert pack.is_dir(), "the last good pack is served"
    assert _manifest(pack)["run_id"] == good_run_id, "it is the last good pack, not a partial new one"
    assert pack_is_whole(pack), "every file listed in its manifest, sizes and hashes matching"
    assert PERIOD in (out / "index.html").read_text(encoding="utf-8")


def _status(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# -- SIGKILL during publication --------------------------------------------------------------------------

@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_folders_are_swapped_in_one_rename_on_linux(tmp_path):
    from gxanalysis.reporting.runner import _exchange

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "new.txt").write_text("new", encoding="utf-8")
    (b / "old.txt").write_text("old", encoding="utf-8")
    assert _exchange(a, b) is True
    assert (b / "new.txt").is_file() and (a / "old.txt").is_file()


_PUBLISH_CHILD = """
import sys
from pathlib import Path
from gxanalysis.reporting import runner
stage, out = Path(sys.argv[1]), Path(sys.argv[2])
print("publishing", flush=True)
runner._publish(stage, out, sys.argv[3])
print("published", flush=True)
"""


def _staged_copy(out: Path, run_id: str) -> Path:
    """A complete staged pack in ``.runs/<run_id>``: the current pack copied, its manifest's run id changed."""
    stage = out / ".runs" / run_id
    shutil.copytree(out / PERIOD, stage)
    m = _manifest(stage)
    m["run_id"] = run_id
    (stage / "manifest.json").write_text(json.dumps(m, ensure_ascii=False, indent=1), encoding="utf-8")
    return stage


@pytest.mark.parametrize("mode", ["exchange", "renames"])
def test_sigkill_at_random_instants_of_the_publication_step(out, tmp_path, mode):
    """12 real processes run the runner's publication step (slowed by the test hook, 0.15 s a step) and are
    killed at a random instant: in swap mode the period's folder is a whole pack at every instant; with two
    renames (Windows) it is whole again after the recovery every run starts with."""
    rng = random.Random(20230430 + len(mode))
    outcomes: dict[str, int] = {}
    env = dict(os.environ) | {"GX_TEST_PUBLISH": f"pause=0.15,mode={'auto' if mode == 'exchange' else mode}"}
    ids = {_manifest(out / PERIOD)["run_id"]}
    for i in range(12):
        run_id = f"{PERIOD}_20990101T0000{i:02d}_{mode[:6]}"
        stage = _staged_copy(out, run_id)
        ids.add(run_id)
        child = subprocess.Popen([sys.executable, "-c", _PUBLISH_CHILD, str(stage), str(out), PERIOD],
                                 stdout=subprocess.PIPE, text=True, env=env)
        assert child.stdout.readline().strip() == "publishing"
        time.sleep(rng.uniform(0.0, 0.7))  # the publication takes 0.45-0.6 s with the pauses
        child.kill()
        child.wait()
        if mode == "exchange":
            assert pack_is_whole(out / PERIOD), f"iteration {i}: the pack is whole without any recovery"
        elif not (out / PERIOD).exists():
            outcomes["missing until the recovery"] = outcomes.get("missing until the recovery", 0) + 1
        recover_publications(out)
        _set_aside_interrupted_runs(out)
        pack = out / PERIOD
        assert pack.is_dir() and pack_is_whole(pack), f"iteration {i}"
        published = _manifest(pack)["run_id"]
        assert published in ids
        outcomes["new pack" if published == run_id else "old pack kept"] = \
            outcomes.get("new pack" if published == run_id else "old pack kept", 0) + 1
        assert not any((out / ".runs").iterdir()), f"iteration {i}: nothing left half-way"
        shutil.rmtree(out / "failed")
        (out / "failed").mkdir()
    print(f"\n{mode}: {outcomes}")
    assert outcomes.get("new pack", 0) + outcomes.get("old pack kept", 0) == 12


def test_sigkill_of_gx_report_at_a_random_instant_of_its_publication(out, tmp_path):
    """A real gx report killed at a random instant of its publication (each step slowed to 0.5 s): the pack
    in place is whole at once (old or new, no recovery needed), and no process survives."""
    good = _manifest(out / PERIOD)["run_id"]
    gx = Gx(_gx_argv(out), tmp_path, env={"GX_TEST_PUBLISH": "pause=0.5"})
    gx.wait_for_text("publishing")
    time.sleep(random.Random(7).uniform(0.0, 2.0))
    gx.proc.send_signal(signal.SIGKILL)
    gx.wait()
    left, _ = gx.survivors_after()
    assert not left, left
    pack = out / PERIOD
    assert pack_is_whole(pack), "swap publication: whole at every instant"
    killed = next(p.name.removesuffix(".status.json") for p in (out / "logs").glob("*.status.json")
                  if _status(p)["pid"] == gx.proc.pid)
    assert _manifest(pack)["run_id"] in (good, killed)
    recover_publications(out)
    _set_aside_interrupted_runs(out)
    assert pack_is_whole(pack) and not any((out / ".runs").iterdir())


def test_a_kill_between_the_two_renames_is_undone_by_the_next_run(out, tmp_path):
    """Where folders cannot be swapped in one step (Windows), publication is two renames. gx is killed
    between them (steps slowed to 3 s, kill 4.5 s in): the period's folder is missing, the old pack sits in
    .runs/<id>.previous; the next real run puts it back before anything else, then publishes its own."""
    good = _manifest(out / PERIOD)["run_id"]
    gx = Gx(_gx_argv(out), tmp_path, env={"GX_TEST_PUBLISH": "pause=3,mode=renames"})
    gx.wait_for_text("publishing")
    time.sleep(4.5)
    gx.proc.send_signal(signal.SIGKILL)
    gx.wait()
    assert not (out / PERIOD).exists(), "killed between the renames"
    (previous,) = (out / ".runs").glob("*.previous")
    assert _manifest(previous)["run_id"] == good and pack_is_whole(previous)
    nxt = Gx(_gx_argv(out, "--jobs", "1", reports="chain_output"), tmp_path,
             env={"GX_TEST_PUBLISH": "pause=0"})
    nxt.wait_for_text("restored the last good pack of 2023-04")
    assert _manifest(out / PERIOD)["run_id"] == good and pack_is_whole(out / PERIOD), \
        "restored before the next run's notebooks start"
    assert nxt.wait() == 0, nxt.stderr
    assert pack_is_whole(out / PERIOD) and (out / PERIOD / "chain_output.html").is_file()
    assert not any((out / ".runs").iterdir())
    (aside,) = (out / "failed").iterdir()
    assert aside.name.endswith("_interrupted") and _status(aside / "status.json")["status"] == "interrupted"
    left, _ = gx.survivors_after()
    assert not left


# -- SIGKILL, SIGTERM, SIGINT while notebooks run --------------------------------------------------------

def test_sigkill_of_gx_takes_its_notebook_processes_and_kernels_with_it(out, tmp_path):
    good = _manifest(out / PERIOD)["run_id"]
    gx = Gx(_gx_argv(out), tmp_path)
    gx.wait_for_kernel()
    before = gx.processes()
    assert len(before) >= 3, "gx, its notebook process and the kernel"
    gx.proc.send_signal(signal.SIGKILL)
    gx.wait()
    left, took = gx.survivors_after()
    assert not left, f"{left} still alive after {took:.1f} s"
    print(f"\n{len(before) - 1} child processes gone {took:.1f} s after SIGKILL of gx")
    _assert_last_good_pack(out, good)
    (stage,) = (out / ".runs").iterdir()
    status = out / "logs" / f"{stage.name}.status.json"
    assert _status(status)["status"] == "running"
    moved = _set_aside_interrupted_runs(out)  # what the next run does first, at once (no 24 h wait)
    assert moved and not any((out / ".runs").iterdir())
    assert (out / "failed" / f"{stage.name}_interrupted").is_dir()
    assert _status(status)["status"] == "interrupted"


def test_sigkill_of_a_kernel_fails_the_run_cleanly(out, tmp_path):
    good = _manifest(out / PERIOD)["run_id"]
    gx = Gx(_gx_argv(out), tmp_path)
    gx.wait_for_kernel().kill()
    assert gx.wait() == 1
    line = _one_line(gx.stderr)
    assert line.startswith("gx report: FAILED") and REPORT in line and "unchanged" in line
    _assert_last_good_pack(out, good)
    left, _ = gx.survivors_after()
    assert not left
    last = _status(out / "last_run.json")
    assert last["status"] == "failed" and last["exit_code"] == 1 and last["reports"][REPORT] == "failed"
    assert (Path(last["failed_dir"]) / "status.json").is_file()


@pytest.mark.parametrize("sig,code,word", [(signal.SIGTERM, 143, "SIGTERM"), (signal.SIGINT, 130, "Ctrl-C")])
def test_sigterm_and_sigint_stop_queued_work_with_one_line_and_the_documented_code(out, tmp_path, sig, code,
                                                                                   word):
    good = _manifest(out / PERIOD)["run_id"]
    gx = Gx(_gx_argv(out, "--jobs", "1", reports=f"{REPORT},chain_output"), tmp_path)
    gx.wait_for_kernel()  # investment runs, chain_output is queued
    gx.proc.send_signal(sig)
    assert gx.wait(timeout=60) == code
    line = _one_line(gx.stderr)
    assert line.startswith("gx report: ") and word in line and "nothing was published" in line
    left, _ = gx.survivors_after()
    assert not left
    _assert_last_good_pack(out, good)
    last = _status(out / "last_run.json")
    assert last["status"] == "interrupted" and last["exit_code"] == code
    assert last["reports"]["chain_output"] == "not run"
    failed = Path(last["failed_dir"])
    assert failed.is_dir() and not (failed / "chain_output.html").exists()
    assert not (failed / "notebooks" / "chain_output.ipynb").exists(), "the queued report never started"
    assert not any((out / ".runs").iterdir())


# -- the output folder -----------------------------------------------------------------------------------

def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    if not shutil.which("mount") or os.geteuid() != 0:
        return False
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                       capture_output=True, text=True)
    return r.returncode == 0


def _umount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _fill(folder: Path, leave: int = 0) -> Path:
    """Fill the disk of ``folder`` until ``leave`` bytes are free (or it is full)."""
    filler = folder / "filler.bin"
    chunk = b"\0" * (1 << 20)
    with filler.open("ab") as fh:
        try:
            while True:
                free = shutil.disk_usage(folder).free - leave
                if free <= 0:
                    break
                fh.write(chunk[:min(len(chunk), free)])
                fh.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


@pytest.fixture
def small_disk(tmp_path):
    mnt = tmp_path / "disk"
    if not _mount_tmpfs(mnt, "24m"):
        pytest.skip("cannot mount a tmpfs here (needs root); the in-process ENOSPC test in "
                    "test_report_runner covers a full disk")
    yield mnt
    _umount(mnt)


def test_full_disk_before_and_during_a_run(small_disk, good_reports, tmp_path):
    out = small_disk / "reports"
    shutil.copytree(good_reports, out)
    good = _manifest(out / PERIOD)["run_id"]
    filler = _fill(small_disk, leave=512 * 1024)
    gx = Gx(_gx_argv(out), tmp_path)
    assert gx.wait() == 3
    line = _one_line(gx.stderr)
    assert "MB free" in line and "nothing was run" in line, line
    assert not any((out / ".runs").iterdir())
    _assert_last_good_pack(out, good)

    filler.unlink()  # room again: the run starts, then the disk fills up while the notebook runs
    gx = Gx(_gx_argv(out), tmp_path)
    gx.wait_for_kernel()
    _fill(small_disk)
    code = gx.wait()
    filler.unlink()
    line = _one_line(gx.stderr)
    assert code == 3, gx.stderr
    assert "full" in line and "unchanged" in line, line
    _assert_last_good_pack(out, good)
    assert not any((out / ".runs").iterdir()), "the staging folder went to failed/"
    assert len(list((out / "failed").iterdir())) == 1
    left, _ = gx.survivors_after()
    assert not left


def test_read_only_output_and_an_output_that_is_a_file(out, tmp_path):
    good = _manifest(out / PERIOD)["run_id"]
    ro = tmp_path / "ro"
    if os.geteuid() == 0:
        if not _mount_tmpfs(ro, "16m"):
            pytest.skip("running as root without mount: a read-only folder cannot be made")
        shutil.copytree(out, ro / "reports")
        subprocess.run(["mount", "-o", "remount,ro", str(ro)], check=True)
        target = ro / "reports"
    else:
        target = out
        for p in [out, *out.rglob("*")]:
            if p.is_dir():
                p.chmod(0o555)
    try:
        t0 = time.monotonic()
        gx = Gx(_gx_argv(target), tmp_path)
        assert gx.wait() == 3
        line = _one_line(gx.stderr)
        assert ("read-only" in line or "permission" in line) and "nothing was run" in line, line
        assert time.monotonic() - t0 < 60, "refused before any kernel starts"
        _assert_last_good_pack(target, good)
    finally:
        if os.geteuid() == 0:
            _umount(ro)
        else:
            for p in [out, *out.rglob("*")]:
                if p.is_dir():
                    p.chmod(0o755)
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x", encoding="utf-8")
    gx = Gx(_gx_argv(a_file), tmp_path)
    assert gx.wait() == 3
    assert "is a file, not a folder" in _one_line(gx.stderr)
    gx = Gx(_gx_argv(a_file / "reports"), tmp_path)
    assert gx.wait() == 3
    assert "is a file" in _one_line(gx.stderr)


# -- inputs and concurrency ------------------------------------------------------------------------------

def _workbook_tables(pack: Path) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    wb = load_workbook(next(pack.glob("*.xlsx")), read_only=True)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb if ws.title != "封面"}


def test_an_input_changed_during_the_run_does_not_mix_the_pack(out, good_reports, tmp_path):
    """Both input tables the two reports read are rewritten (current month ×1.5) right after the run took
    its snapshot: every report, the workbook, summary.csv and the manifest hashes are those of the data at
    the start — the same as the last good pack made from the unchanged data."""
    import pandas as pd

    from gxanalysis.data.dataset import file_sha256
    from gxanalysis.summary import headline_figures

    data = tmp_path / "data"
    shutil.copytree(config.demo_data_dir(), data)
    original = {n: file_sha256(data / f"{n}.csv") for n in ("enterprise_monthly", "project_monthly")}
    good = good_reports / PERIOD  # made by a run on the unchanged data
    gx = Gx(_gx_argv(out, "--jobs", "1", reports=f"{REPORT},energy_intensity", data=data), tmp_path)
    _wait_for(lambda: list((out / ".runs").glob("*/inputs/project_monthly.csv")), 120, "the input snapshot")
    for name, cols in (("enterprise_monthly", ["value_added", "energy", "gross_output"]),
                       ("project_monthly", ["investment"])):
        f = pd.read_csv(data / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8")
        now = f["period"] == PERIOD
        for c in cols:
            f.loc[now, c] = (pd.to_numeric(f.loc[now, c]) * 1.5).round(1).astype(str)
        f.to_csv(data / f"{name}.csv", index=False, encoding="utf-8")
    assert headline_figures(PERIOD, data_dir=data).display_frame()["value"].tolist() != \
        pd.read_csv(good / "summary.csv", dtype=str, encoding="utf-8-sig")["value"].tolist(), \
        "the change alters the figures"
    assert gx.wait() == 0, gx.stderr
    pack = out / PERIOD
    m = _manifest(pack)
    assert m["run_id"] != _manifest(good)["run_id"]
    for name, digest in original.items():
        assert m["input_files"][name]["sha256"] == digest != file_sha256(data / f"{name}.csv")
    assert sorted(m["inputs_changed_during_run"]) == ["enterprise_monthly.csv", "project_monthly.csv"]
    assert _workbook_tables(pack) == _workbook_tables(good), "every table of both reports: the unchanged data"
    assert (pack / "summary.csv").read_bytes() == (good / "summary.csv").read_bytes()
    assert pack_is_whole(pack)


def test_three_concurrent_runs_of_one_period(out, tmp_path):
    """Three gx report processes of the same period at once: all publish in turn, the pack is always
    served (polled every 20 ms), it ends whole and from one run only, and no temporary file is left."""
    stop = threading.Event()
    missing = []

    def watch() -> None:
        while not stop.is_set():
            try:
                json.loads((out / PERIOD / "manifest.json").read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                missing.append(repr(exc))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        runs = [Gx(_gx_argv(out, "--jobs", "1"), tmp_path) for _ in range(3)]
        codes = [g.wait(timeout=600) for g in runs]
    finally:
        stop.set()
        watcher.join()
    assert codes == [0, 0, 0], "\n\n".join(g.account(c, out) for g, c in zip(runs, codes, strict=True) if c)
    assert not missing, missing[:3]
    pack = out / PERIOD
    assert pack_is_whole(pack)
    statuses = [_status(p) for p in (out / "logs").glob("*.status.json")]
    ours = {s["run_id"] for s in statuses if s["status"] == "ok" and s["pid"] in {g.proc.pid for g in runs}}
    assert len(ours) == 3 and _manifest(pack)["run_id"] in ours
    import nbformat

    nb = nbformat.read(pack / "notebooks" / "investment.ipynb", as_version=4)
    assert _manifest(pack)["run_id"] in nb.metadata["papermill"]["parameters"]["output_dir"], \
        "the notebook is of the run the manifest names (nothing mixed)"
    assert not any((out / ".runs").iterdir())
    assert not list(out.glob(".*.tmp")) and not list(out.rglob("*.tmp"))
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('<td class="period">') == 1 and f'href="{PERIOD}/' in index, "the pack listed once"
    for g in runs:
        left, _ = g.survivors_after(5)
        assert not left
