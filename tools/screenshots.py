"""Screenshots of every explorer (in ``gx app``) and every research lab, for documentation and reviews.

Starts ``gx app`` on a free port, opens each explorer in headless Chromium (Debian's ``chromium`` and
``chromium-driver``), makes one characteristic selection or drill-down and saves the page; then runs each lab
notebook with papermill (its default parameters), converts it to code-free HTML and saves that page. Output:
``reports/screenshots/*.png`` (not in git).

    python tools/screenshots.py [--out DIR] [--skip-labs]
"""

from __future__ import annotations

import argparse
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gxanalysis import config  # noqa: E402

READY_JS = "const s = document.querySelector('.gx-ready span'); return s ? parseInt(s.getAttribute('data-seq')) : 0;"
CLICK_JS = """Array.from(document.querySelectorAll('.gx-row button')).find(b => b.innerText.startsWith(arguments[0])).click();"""

# explorer → actions before the screenshot: ("select", control, visible text) or ("click", row label)
ACTIONS = {
    "growth": [("select", "dimension", "产业链"), ("click", "有色金属新材料")],
    "schedule": [("click", "永宁县")],
    "projects": [("click", "永宁县")],
    "energy": [("select", "period", "2022年12月"), ("select", "view", "LMDI分解")],
}
LABS = ("model_lab", "lmdi_lab", "material_balance_lab")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1200"):
        opts.add_argument(arg)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=opts)


def _full_page(driver, path: Path) -> None:
    height = driver.execute_script(
        "return Math.max(...Array.from(document.querySelectorAll('body, body *')).map(e => e.scrollHeight));")
    driver.set_window_size(1400, min(int(height) + 40, 6000))
    time.sleep(0.5)
    driver.save_screenshot(str(path))
    driver.set_window_size(1400, 1200)


def _wait(driver, before: int, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (driver.execute_script(READY_JS) or 0) > before:
            time.sleep(0.3)
            return
        time.sleep(0.2)
    raise TimeoutError("the explorer did not redraw")


def explorers(out: Path) -> list[Path]:
    from selenium.webdriver.support.ui import Select

    port = _free_port()
    gx = shutil.which("gx", path=str(Path(sys.executable).parent)) or "gx"
    proc = subprocess.Popen([gx, "app", "--no-browser", "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    shots = []
    try:
        url = f"http://localhost:{port}/"
        for _ in range(360):
            try:
                urllib.request.urlopen(url, timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        d = _driver()
        try:
            d.get(url)
            shots.append(out / "app_landing.png")
            _full_page(d, shots[-1])
            for name, actions in ACTIONS.items():
                d.get(f"{url}voila/render/{name}.ipynb")
                _wait(d, 0)
                for kind, *args in actions:
                    seq = d.execute_script(READY_JS)
                    if kind == "select":
                        Select(d.find_element("css selector", f".gx-control-{args[0]} select")).select_by_visible_text(args[1])
                    else:
                        d.execute_script(CLICK_JS, args[0])
                    _wait(d, seq)
                shots.append(out / f"explorer_{name}.png")
                _full_page(d, shots[-1])
        finally:
            d.quit()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    return shots


def labs(out: Path) -> list[Path]:
    import papermill as pm

    from gxanalysis.reporting.export import notebook_to_html

    work = out / "labs"
    work.mkdir(parents=True, exist_ok=True)
    shots = []
    d = _driver()
    try:
        for lab in LABS:
            nb = work / f"{lab}.ipynb"
            pm.execute_notebook(str(config.NOTEBOOKS_DIR / "labs" / f"{lab}.ipynb"), str(nb), kernel_name="python3",
                                parameters={"output_dir": str(work / lab)}, progress_bar=False)
            page = notebook_to_html(nb, work / f"{lab}.html", title=lab)
            d.get(page.resolve().as_uri())
            shots.append(out / f"lab_{lab}.png")
            _full_page(d, shots[-1])
    finally:
        d.quit()
    return shots


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(config.default_reports_dir() / "screenshots"))
    ap.add_argument("--skip-labs", action="store_true")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    shots = explorers(out)
    if not args.skip_labs:
        shots += labs(out)
    for s in shots:
        print(s)


if __name__ == "__main__":
    main()
