"""PDF versions of the HTML reports, printed by a Chromium-based browser in headless mode.

The PDF is what the leaders' browser prints: the same page, the same print CSS (A4, page numbers, no
heading at a page foot, table rows never split, header rows repeated), the CJK font embedded in the page.
Chromium is used rather than an HTML-to-PDF library because it is already on the bureau's PCs — Microsoft
Edge is Chromium and ships with Windows 10 and 11 — and needs no GTK/Pango stack there (WeasyPrint does).
The browser is found on the PATH (``chromium``, ``google-chrome``, ``msedge`` …), in the usual install
folders on Windows and macOS, or named by ``GX_BROWSER``. Without a browser the PDFs are skipped with a
note in the manifest; a PDF that fails never fails the pack.

``gx report`` prints each report with a browser process of its own (several at once). ``gx batch`` keeps
one browser per region open (:class:`WarmBrowser`, driven over a pipe with the DevTools protocol) and prints
each pack's reports as tabs of it: the same PDFs (page size from the print CSS, backgrounds, no header or
footer) without starting a browser per PDF.

Examples
--------
>>> find_browser(env={"GX_BROWSER": "/nonexistent/browser"}, search_path="") is None
True
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

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


def _kill_tree(pid: int) -> None:
    """Kill a browser process and every process it started."""
    import psutil

    with contextlib.suppress(psutil.Error):
        parent = psutil.Process(pid)
        for child in parent.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                child.kill()
        parent.kill()


def _kill(proc: subprocess.Popen) -> None:
    """End the browser and every process it started."""
    _kill_tree(proc.pid)
    with contextlib.suppress(Exception):
        proc.wait(timeout=10)


def _die_with_parent() -> None:
    """Linux: the browser gets SIGKILL if ``gx`` dies (a killed run leaves no browser behind)."""
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG


def _popen_options() -> dict:
    """Options for a browser process: no console window (Windows), its own session and killed with ``gx``
    (Linux)."""
    kwargs: dict = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "stdin": subprocess.DEVNULL}
    if os.name == "nt":
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP | getattr(subprocess, "CREATE_NO_WINDOW", 0)
    else:
        kwargs["start_new_session"] = True
        if sys.platform.startswith("linux"):
            kwargs["preexec_fn"] = _die_with_parent
    return kwargs


def _browser_args(browser: Path, profile: str) -> list[str]:
    """The browser and the switches every print uses (headless, its own profile, nothing from the network)."""
    args = [str(browser), "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-sync", "--mute-audio",
            f"--user-data-dir={profile}", "--run-all-compositor-stages-before-draw"]
    if os.name == "posix" and hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
    return args


def _is_pdf(path: Path) -> bool:
    """Whether ``path`` is a file that starts as a PDF does (its first five bytes only are read)."""
    if not path.is_file():
        return False
    with open(path, "rb") as f:
        return f.read(5) == b"%PDF-"


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
        tmp = pdf.with_name(f".{pdf.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        args = [*_browser_args(browser, profile), "--no-pdf-header-footer", f"--print-to-pdf={tmp}",
                html.resolve().as_uri()]
        kwargs = _popen_options()
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
        if not _is_pdf(tmp):
            tmp.unlink(missing_ok=True)
            last = (err or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
            raise RuntimeError(f"{browser.name} wrote no PDF for {html.name} (exit code {proc.returncode}): "
                               f"{last[0]}")
        os.replace(tmp, pdf)
    return pdf


class PrintTimeout(RuntimeError):
    """A warm browser did not answer in time (it is still running: the page is not printed again)."""


class WarmBrowser:
    """One headless browser kept open to print many reports (a batch's packs), driven over a pipe.

    Each :meth:`print` opens a tab, loads the HTML file, waits for its load event and its fonts, prints it
    with ``Page.printToPDF`` as ``--print-to-pdf`` does (CSS page size, backgrounds, no header or footer),
    writes a temporary file and renames it into place, and closes the tab. Several threads may print at
    once (one tab each). POSIX only (the protocol pipe is file descriptors 3 and 4 of the browser).

    Raises
    ------
    RuntimeError
        From the constructor when the browser does not start or answer; from :meth:`print` when a page
        cannot be loaded or printed in time, or the browser has gone.

    Examples
    --------
    >>> with WarmBrowser(find_browser()) as warm:  # doctest: +SKIP
    ...     result = print_reports(folder, ["monthly_overview"], warm=warm)
    """

    def __init__(self, browser: Path, *, startup_timeout: float = 30) -> None:
        if os.name != "posix":
            raise RuntimeError("a warm browser needs a POSIX pipe; each report is printed by a process of its own")
        self.browser = Path(browser)
        self._profile = tempfile.TemporaryDirectory(prefix="gx-print-warm-")
        self._lock = threading.Lock()
        self._next_id = 0
        self._waiting: dict[int, tuple[threading.Event, list]] = {}
        self._events: dict[str, list[dict]] = {}
        self._event_cv = threading.Condition()
        self._closed = False
        self.pid = 0
        self._write_fd = self._read_fd = -1
        import fcntl

        to_browser, self._write_fd = os.pipe()  # CLOEXEC: the browser gets them only as fds 3 and 4
        self._read_fd, from_browser = os.pipe()
        # out of the way of 3 and 4 first, so that neither dup2 below overwrites the other end
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_browser, from_browser)]
        try:
            actions = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)]
            actions += [(os.POSIX_SPAWN_DUP2, high[0], 3), (os.POSIX_SPAWN_DUP2, high[1], 4)]
            args = [*_browser_args(self.browser, self._profile.name), "--remote-debugging-pipe", "about:blank"]
            self.pid = os.posix_spawn(str(self.browser), args, dict(os.environ), file_actions=actions, setsid=True)
        except OSError as exc:
            self.close()
            raise RuntimeError(f"{self.browser.name} did not start: {exc}") from None
        finally:
            for fd in (to_browser, from_browser, *high):
                os.close(fd)
        self._reader = threading.Thread(target=self._read, name="gx-print-warm-reader", daemon=True)
        self._reader.start()
        try:
            self._call("Browser.getVersion", timeout=startup_timeout)
        except BaseException:
            self.close()
            raise

    # -- the protocol ------------------------------------------------------------------------------------

    def _read(self) -> None:
        """Reader thread: split the browser's answers (NUL-terminated JSON) into replies and events."""
        buf = b""
        while True:
            try:
                chunk = os.read(self._read_fd, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buf += chunk
            *messages, buf = buf.split(b"\0")
            for raw in messages:
                msg = json.loads(raw)
                if "id" in msg:
                    with self._lock:
                        waiting = self._waiting.pop(msg["id"], None)
                    if waiting is not None:
                        waiting[1].append(msg)
                        waiting[0].set()
                elif msg.get("sessionId"):
                    with self._event_cv:
                        self._events.setdefault(msg["sessionId"], []).append(msg)
                        self._event_cv.notify_all()
        self._closed = True
        with self._lock:
            waiting, self._waiting = list(self._waiting.values()), {}
        for event, _ in waiting:
            event.set()
        with self._event_cv:
            self._event_cv.notify_all()

    def _call(self, method: str, params: dict | None = None, session: str | None = None,
              timeout: float = TIMEOUT_S) -> dict:
        if self._closed:
            raise RuntimeError(f"{self.browser.name} (warm) has stopped")
        done, answer = threading.Event(), []
        with self._lock:
            self._next_id += 1
            msg = {"id": self._next_id, "method": method, "params": params or {}}
            if session:
                msg["sessionId"] = session
            self._waiting[self._next_id] = (done, answer)
            data = json.dumps(msg).encode("utf-8") + b"\0"
            try:
                while data:
                    data = data[os.write(self._write_fd, data):]
            except OSError as exc:
                self._waiting.pop(msg["id"], None)
                raise RuntimeError(f"{self.browser.name} (warm) has stopped: {exc}") from None
        if not done.wait(timeout):
            with self._lock:
                self._waiting.pop(msg["id"], None)
            raise PrintTimeout(f"{self.browser.name} did not answer {method} within {timeout:g} s")
        if not answer:
            raise RuntimeError(f"{self.browser.name} (warm) stopped during {method}")
        if "error" in answer[0]:
            raise RuntimeError(f"{self.browser.name}: {method} failed: {answer[0]['error'].get('message', '')}")
        return answer[0].get("result", {})

    def _wait_event(self, session: str, method: str, deadline: float) -> dict:
        with self._event_cv:
            while True:
                for k, ev in enumerate(self._events.get(session, [])):
                    if ev.get("method") == method:
                        return self._events[session].pop(k)
                left = deadline - time.monotonic()
                if self._closed:
                    raise RuntimeError(f"{self.browser.name} (warm) stopped before {method}")
                if left <= 0:
                    raise PrintTimeout(f"{self.browser.name} sent no {method} in time")
                self._event_cv.wait(left)

    # -- printing ------------------------------------------------------------------------------------------

    def print(self, html: Path, pdf: Path, *, timeout: float = TIMEOUT_S) -> Path:
        """Print one HTML file to ``pdf`` in a new tab (the PDF a ``--print-to-pdf`` process makes)."""
        deadline = time.monotonic() + timeout
        left = lambda: max(0.1, deadline - time.monotonic())  # noqa: E731
        tmp = pdf.with_name(f".{pdf.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        target = self._call("Target.createTarget", {"url": "about:blank"}, timeout=left())["targetId"]
        session = ""
        try:
            session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 timeout=left())["sessionId"]
            self._call("Page.enable", session=session, timeout=left())
            nav = self._call("Page.navigate", {"url": html.resolve().as_uri()}, session=session, timeout=left())
            if nav.get("errorText"):
                raise RuntimeError(f"{self.browser.name} could not open {html.name}: {nav['errorText']}")
            self._wait_event(session, "Page.loadEventFired", deadline)
            self._call("Runtime.evaluate", {"expression": "document.fonts.ready.then(() => true)",
                                            "awaitPromise": True}, session=session, timeout=left())
            out = self._call("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True,
                                                 "displayHeaderFooter": False}, session=session, timeout=left())
            data = base64.b64decode(out.get("data", ""))
            if not data.startswith(b"%PDF-"):
                raise RuntimeError(f"{self.browser.name} wrote no PDF for {html.name}")
            tmp.write_bytes(data)
            os.replace(tmp, pdf)
        except PrintTimeout:
            tmp.unlink(missing_ok=True)
            raise PrintTimeout(f"{self.browser.name} did not print {html.name} within {timeout:g} s") from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        finally:
            with contextlib.suppress(RuntimeError):
                self._call("Target.closeTarget", {"targetId": target}, timeout=10)
            with self._event_cv:
                self._events.pop(session, None)
        return pdf

    def _exited(self, wait: float = 0) -> bool:
        """Whether the browser process has ended (reaped), waiting up to ``wait`` seconds."""
        deadline = time.monotonic() + wait
        while True:
            try:
                if os.waitpid(self.pid, os.WNOHANG)[0] == self.pid:
                    return True
            except ChildProcessError:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    @property
    def alive(self) -> bool:
        """Whether the browser is running and answering."""
        return not self._closed and self.pid > 0 and not self._exited()

    def close(self) -> None:
        """End the browser (and every process it started) and remove its profile."""
        if self.pid > 0 and not self._exited():
            with contextlib.suppress(RuntimeError):
                if not self._closed:
                    self._call("Browser.close", timeout=5)
            if not self._exited(wait=5):
                _kill_tree(self.pid)
                self._exited(wait=10)
        self._closed = True
        for fd in (self._write_fd, self._read_fd):
            with contextlib.suppress(OSError):
                if fd >= 0:
                    os.close(fd)
        self._write_fd = self._read_fd = -1
        with contextlib.suppress(OSError):
            self._profile.cleanup()

    def __enter__(self) -> WarmBrowser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def warm_browser(browser: Path | None = None) -> WarmBrowser | None:
    """A :class:`WarmBrowser` for many prints, or ``None`` where none can be kept open (no browser, not POSIX,
    or it did not start): the caller then prints each report with a process of its own."""
    browser = browser or find_browser()
    if browser is None or os.name != "posix":
        return None
    try:
        return WarmBrowser(browser)
    except (RuntimeError, OSError) as exc:
        log.warning("a browser for the PDFs could not be kept open (%s); each PDF is printed by a browser "
                    "process of its own", exc)
        return None


def print_reports(folder: Path, reports: list[str], *, browser: Path | None = None,
                  timeout: float = TIMEOUT_S, workers: int | None = None,
                  warm: WarmBrowser | None = None) -> PrintResult:
    """``<report>.pdf`` beside each ``<report>.html`` of ``folder``; never raises for a failed print.

    The reports are printed several at once (``workers``, default one per core, at most one per report):
    by browser processes of their own, each with its own profile and temporary file, or, given a running
    ``warm`` browser, as tabs of it (a report it fails to print is printed by a process of its own). The
    PDFs are those a one-at-a-time print makes, and the result lists them in the reports' order.
    """
    import concurrent.futures as cf

    if warm is not None and warm.alive:
        browser = warm.browser
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
        if warm is not None and warm.alive:
            try:
                warm.print(folder / f"{report}.html", folder / f"{report}.pdf", timeout=timeout)
                return ""
            except PrintTimeout as exc:  # a page that hangs would hang a browser process of its own too
                return str(exc)
            except (RuntimeError, OSError):
                pass  # printed below by a browser process of its own
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


__all__ = ["find_browser", "html_to_pdf", "print_reports", "PrintResult", "WarmBrowser", "warm_browser",
           "PrintTimeout", "BROWSER_ENV"]
