"""PDF versions of the HTML reports, printed by a Chromium-based browser in headless mode.

The PDF is what the leaders' browser prints: the same page, the same print CSS (A4, page numbers, no
heading at a page foot, table rows never split, header rows repeated), the CJK font embedded in the page.
Chromium is used rather than an HTML-to-PDF library because it is already on the bureau's PCs — Microsoft
Edge is Chromium and ships with Windows 10 and 11 — and needs no GTK/Pango stack there (WeasyPrint does).
The browser is found on the PATH (``chromium``, ``google-chrome``, ``msedge`` …), in the usual install
folders on Windows and macOS, or named by ``GX_BROWSER``. Without a browser the PDFs are skipped with a
note in the manifest; a PDF that fails never fails the pack.

Examples
--------
>>> find_browser(env={"GX_BROWSER": "/nonexistent/browser"}, search_path="") is None
True
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

BROWSER_ENV = "GX_BROWSER"
"""Environment variable naming the browser executable to print with (a path or a command name)."""

_COMMANDS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge",
             "microsoft-edge", "microsoft-edge-stable")
_WINDOWS = (("PROGRAMFILES(X86)", r"Microsoft\Edge\Application\msedge.exe"),
            ("PROGRAMFILES", r"Microsoft\Edge\Application\msedge.exe"),
            ("PROGRAMFILES", r"Google\Chrome\Application\chrome.exe"),
            ("PROGRAMFILES(X86)", r"Google\Chrome\Application\chrome.exe"),
            ("LOCALAPPDATA", r"Google\Chrome\Application\chrome.exe"))
_MACOS = ("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
          "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
          "/Applications/Chromium.app/Contents/MacOS/Chromium")
TIMEOUT_S = 180
"""Longest a browser may take to print one report."""


def find_browser(env: Mapping[str, str] | None = None, search_path: str | None = None) -> Path | None:
    """The Chromium-based browser to print with, or None when there is none.

    ``GX_BROWSER`` first (it must exist), then the commands on the PATH, then the usual install folders
    (Windows: Edge, then Chrome; macOS: Chrome, Edge, Chromium).
    """
    env = os.environ if env is None else env
    named = env.get(BROWSER_ENV, "").strip()
    if named:
        found = shutil.which(named, path=search_path) or (named if Path(named).is_file() else None)
        return Path(found) if found else None
    for cmd in _COMMANDS:
        found = shutil.which(cmd, path=search_path)
        if found:
            return Path(found)
    candidates: list[Path] = []
    if sys.platform == "win32":
        candidates = [Path(env[var]) / rel for var, rel in _WINDOWS if env.get(var)]
    elif sys.platform == "darwin":
        candidates = [Path(p) for p in _MACOS]
    return next((p for p in candidates if p.is_file()), None)


@dataclass
class PrintResult:
    """What the PDF step did: the files made, the reports that failed (with why), or why it was skipped."""

    browser: str = ""
    files: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    skipped: str = ""

    def manifest(self) -> dict[str, object]:
        if self.skipped:
            return {"skipped": self.skipped}
        return {"printed_by": self.browser, "files": self.files, "failed": self.failed}


def _kill(proc: subprocess.Popen) -> None:
    """End the browser and every process it started."""
    import psutil

    with contextlib.suppress(psutil.Error):
        parent = psutil.Process(proc.pid)
        for child in parent.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                child.kill()
        parent.kill()
    with contextlib.suppress(Exception):
        proc.wait(timeout=10)


def _die_with_parent() -> None:
    """Linux: the browser gets SIGKILL if ``gx`` dies (a killed run leaves no browser behind)."""
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG


def html_to_pdf(html: Path, pdf: Path, browser: Path, *, timeout: float = TIMEOUT_S,
                running: set | None = None) -> Path:
    """Print one HTML file to PDF with a headless browser (its own temporary profile, no network needed).

    ``running``, when given, holds the browser process while it prints (so a caller printing several
    reports at once can stop them all).

    Raises
    ------
    RuntimeError
        When the browser fails, times out or writes no PDF (the message says which).
    """
    with tempfile.TemporaryDirectory(prefix="gx-print-") as profile:
        tmp = pdf.with_name(f".{pdf.name}.{os.getpid()}.tmp")
        args = [str(browser), "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync", "--mute-audio",
                f"--user-data-dir={profile}", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
                f"--print-to-pdf={tmp}", html.resolve().as_uri()]
        if os.name == "posix" and hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        kwargs: dict = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "stdin": subprocess.DEVNULL}
        if os.name == "nt":
            kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP | getattr(subprocess, "CREATE_NO_WINDOW", 0)
        else:
            kwargs["start_new_session"] = True
            if sys.platform.startswith("linux"):
                kwargs["preexec_fn"] = _die_with_parent
        proc = subprocess.Popen(args, **kwargs)
        if running is not None:
            running.add(proc)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            tmp.unlink(missing_ok=True)
            raise RuntimeError(f"{browser.name} did not print {html.name} within {timeout:g} s") from None
        except BaseException:
            _kill(proc)
            tmp.unlink(missing_ok=True)
            raise
        finally:
            if running is not None:
                running.discard(proc)
        ok = tmp.is_file() and tmp.stat().st_size > 0 and tmp.read_bytes()[:5] == b"%PDF-"
        if not ok:
            tmp.unlink(missing_ok=True)
            last = (err or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
            raise RuntimeError(f"{browser.name} wrote no PDF for {html.name} (exit code {proc.returncode}): "
                               f"{last[0]}")
        os.replace(tmp, pdf)
    return pdf


def print_reports(folder: Path, reports: list[str], *, browser: Path | None = None,
                  timeout: float = TIMEOUT_S, workers: int | None = None) -> PrintResult:
    """``<report>.pdf`` beside each ``<report>.html`` of ``folder``; never raises for a failed print.

    The reports are printed by several browser processes at once (``workers``, default one per core, at
    most one per report): each has its own profile and its own temporary file, so the PDFs are those a
    one-at-a-time print makes, and the result lists them in the reports' order.
    """
    import concurrent.futures as cf

    browser = browser or find_browser()
    if browser is None:
        return PrintResult(skipped="no Chromium-based browser (Chromium, Chrome or Edge) was found; install one "
                                   f"or set {BROWSER_ENV} to its executable to get PDF versions of the reports")
    result = PrintResult(browser=browser.name)
    todo = [r for r in reports if (folder / f"{r}.html").is_file()]
    if not todo:
        return result
    n = max(1, min(workers or os.cpu_count() or 1, len(todo)))

    running: set = set()

    def one(report: str) -> str:
        try:
            html_to_pdf(folder / f"{report}.html", folder / f"{report}.pdf", browser, timeout=timeout,
                        running=running)
        except (OSError, RuntimeError) as exc:
            return str(exc)
        return ""

    pool = cf.ThreadPoolExecutor(max_workers=n, thread_name_prefix="gx-print")
    try:
        errors = list(pool.map(one, todo))  # in the reports' order
    except BaseException:  # Ctrl-C, SIGTERM: no browser is left printing
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in list(running):
            _kill(proc)
        raise
    pool.shutdown(wait=True)
    for report, error in zip(todo, errors, strict=True):
        if error:
            result.failed[report] = error
        else:
            result.files.append(f"{report}.pdf")
    return result


__all__ = ["find_browser", "html_to_pdf", "print_reports", "PrintResult", "BROWSER_ENV"]
