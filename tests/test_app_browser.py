"""End to end: ``gx app`` in headless Chromium — landing page, a selection change, two drill-downs, back up.

The test starts ``gx app`` as a user would, opens it in Debian's ``chromium`` through ``chromium-driver``
(Selenium; no browser is downloaded), changes the grouping of the growth explorer, drills into a chain
group and a sub-chain and goes back up, and checks after each step that the table and the chart show the
library's figures (computed here with :mod:`gxanalysis.indicators`, rounded as the bureau rounds). It checks
that no request left this computer (every URL the page loaded, websockets included) and that "make this a
report" prints the matching ``gx report`` command. Screenshots and the time each step took are saved under
``reports/test-artifacts/browser/`` (not in git).

Skipped when Chromium or its driver is missing, unless ``GX_REQUIRE_BROWSER=1`` (set by ``.ci/run``).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from gxanalysis import config
from gxanalysis.data.dataset import load_dataset
from gxanalysis.indicators import contribution
from gxanalysis.indicators.display import format_growth, format_number
from gxanalysis.indicators.frames import MonthIndex
from gxanalysis.periods import Month
from gxanalysis.summary import headline_figures

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
ARTIFACTS = config.PROJECT_DIR / "reports" / "test-artifacts" / "browser"
PERIOD = "2023-04"

pytestmark = pytest.mark.slow

if not (CHROMIUM and DRIVER):
    if os.environ.get("GX_REQUIRE_BROWSER") == "1":
        raise RuntimeError("GX_REQUIRE_BROWSER=1 but chromium or chromedriver is not installed "
                           "(apt-get install -y chromium chromium-driver)")
    pytest.skip("chromium and chromium-driver are not installed (Debian: apt-get install -y chromium "
                "chromium-driver)", allow_module_level=True)

webdriver = pytest.importorskip("selenium.webdriver")


# --------------------------------------------------------------------------------------------------
# the library's figures (what the page must show)
# --------------------------------------------------------------------------------------------------
def _rows(ds) -> object:
    now = MonthIndex(ds.enterprise_monthly).at(Month.parse(PERIOD))
    ent = ds.enterprises.merge(ds.chains[["chain_id", "group_id"]], on="chain_id", how="left")
    return now.merge(ent[["credit_code", "county", "chain_id", "group_id", "name"]], on="credit_code")


def expected_pulls(rows, group: str) -> dict[str, tuple[str, str, str]]:
    """Group → (growth, contribution, pull) as displayed, from contribution.contributions."""
    res = contribution.contributions(rows, current="value_added", base="value_added_base", group=group,
                                     unit="credit_code")
    t = res.table
    return {g: (format_growth(r["growth"], r["growth_status"]), format_number(r["contribution"]),
                format_number(r["pull"], 2)) for g, r in t.iterrows()}


@pytest.fixture(scope="module")
def library():
    ds = load_dataset()
    rows = _rows(ds)
    groups = dict(zip(ds.chains["group_id"], ds.chains["group_name"], strict=False))
    chains = dict(zip(ds.chains["chain_id"], ds.chains["chain_name"], strict=False))
    rows_g = rows.assign(group_id=rows["group_id"].astype(object).where(rows["group_id"].notna(), "outside"))
    g1 = rows[(rows["group_id"] == "G1").to_numpy()]
    nickel = rows[(rows["chain_id"] == "C02").to_numpy()].set_index("credit_code")
    movers = contribution.contributions(nickel, current="value_added", base="value_added_base").table
    movers = movers.join(nickel["name"]).sort_values("pull", ascending=False, kind="stable")
    county = contribution.contributions(rows, current="value_added", base="value_added_base", group="county",
                                        unit="credit_code").table["pull"]
    return {"headline": headline_figures(PERIOD, dataset=ds)["va_growth_ytd"].display(),
            "county_pulls": {k: round(float(v), 9) for k, v in county.items()},
            "county": expected_pulls(rows, "county"),
            "groups": {groups.get(k, "链群外企业"): v for k, v in expected_pulls(rows_g, "group_id").items()},
            "g1": {chains[k]: v for k, v in expected_pulls(g1, "chain_id").items()},
            "nickel_top": (movers["name"].iloc[0], format_number(movers["pull"].iloc[0], 2)),
            "g1_pulls": {chains[k]: float(v) for k, v in contribution.contributions(
                g1, current="value_added", base="value_added_base", group="chain_id",
                unit="credit_code").table["pull"].items()}}


# --------------------------------------------------------------------------------------------------
# the app and the browser
# --------------------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app():
    gx = shutil.which("gx", path=str(Path(sys.executable).parent)) or shutil.which("gx")
    assert gx, "the gx command is not installed beside this Python"
    port = _free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = (ARTIFACTS / "gx-app.log").open("w", encoding="utf-8")
    proc = subprocess.Popen([gx, "app", "--no-browser", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}/"
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.close()
            pytest.fail(f"gx app did not start: {(ARTIFACTS / 'gx-app.log').read_text(encoding='utf-8')[-2000:]}")
        time.sleep(0.5)
    yield url
    proc.send_signal(signal.SIGTERM)  # the app shuts its kernels down
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1900", "--lang=zh-CN"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.set_page_load_timeout(180)
    yield driver
    driver.quit()


TABLE_JS = """
const rows = Array.from(document.querySelectorAll('.gx-explorer .gx-row')).filter(r => r.offsetParent !== null);
return rows.map(r => [r.querySelector('button').innerText.replace(/ ›$/, '').trim(),
                      ...Array.from(r.querySelectorAll('.gx-cells div')).map(d => d.innerText.trim())]);
"""
HEAD_JS = "return Array.from(document.querySelectorAll('.gx-explorer .gx-header div')).map(d => d.innerText.trim());"
BARS_JS = """
return Array.from(document.querySelectorAll('.gx-explorer .gx-chart rect.gx-bar')).map(
  b => [b.getAttribute('data-label'), parseFloat(b.getAttribute('data-value'))]);
"""
CHART_TEXT_JS = """
return Array.from(document.querySelectorAll('.gx-explorer .gx-chart text')).map(t => t.textContent);
"""
CRUMB_JS = "return Array.from(document.querySelectorAll('.gx-breadcrumb button')).map(b => b.innerText.trim());"


def _wait(driver, predicate, what: str, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except Exception as exc:  # the page is being redrawn
            last = exc
        time.sleep(0.2)
    driver.save_screenshot(str(ARTIFACTS / "timeout.png"))
    raise AssertionError(f"timed out waiting for {what}; last: {last!r}")


SEQ_JS = """
const s = document.querySelector('.gx-explorer .gx-ready span');
return s ? parseInt(s.getAttribute('data-seq')) : 0;
"""


def _redrawn(driver, before: int, what: str, timeout: float = 120.0) -> None:
    """Wait until the explorer has finished the redraw that follows an action (its sequence number moved)."""
    _wait(driver, lambda: driver.execute_script(SEQ_JS) > before, what, timeout)


def _table(driver) -> dict[str, list[str]]:
    head = driver.execute_script(HEAD_JS)
    return {r[0]: dict(zip(head, r, strict=False)) for r in driver.execute_script(TABLE_JS)}


def _check(table: dict, expected: dict[str, tuple[str, str, str]]) -> None:
    for name, (growth, contrib, pull) in expected.items():
        assert name in table, f"{name} not in the table: {list(table)}"
        row = table[name]
        assert (row["同比增长%"], row["贡献率%"], row["拉动(百分点)"]) == (growth, contrib, pull), name


def _message(msg_type: str, content: dict, session: str) -> str:
    import uuid

    return json.dumps({"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "visitor",
                                  "session": session, "date": "", "version": "5.3"},
                       "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": []})


def _code_is_refused(driver, url: str) -> None:
    """Send the page's kernel an execute_request over its websocket: it must not run; kernel_info still works."""
    import uuid

    import websocket  # websocket-client, a dependency of jupyter_server

    config_data = json.loads(driver.execute_script(
        "return document.getElementById('jupyter-config-data').textContent;"))
    kernel = config_data["kernelId"]
    marker = ARTIFACTS / f"executed-{uuid.uuid4().hex}.txt"
    ws = websocket.create_connection(f"ws://{urlparse(url).netloc}/api/kernels/{kernel}/channels", timeout=30)
    try:
        sid = uuid.uuid4().hex
        code = f"open({str(marker)!r}, 'w').write('ran')"
        ws.send(_message("execute_request", {"code": code, "silent": False, "store_history": False,
                                             "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
                         sid))
        ws.send(_message("kernel_info_request", {}, sid))
        seen = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            msg = json.loads(ws.recv())
            seen.append(msg["header"]["msg_type"])
            if msg["header"]["msg_type"] == "kernel_info_reply":
                break
        assert "kernel_info_reply" in seen, f"the kernel's websocket answered nothing: {seen}"
        assert "execute_reply" not in seen and "execute_input" not in seen
        time.sleep(1.0)
        assert not marker.exists(), "code sent by a visitor ran in the kernel"
    finally:
        ws.close()


def test_gx_app_in_chromium(app, browser, library):
    timings: dict[str, float] = {}
    d = browser
    t = time.monotonic()
    d.get(app)
    links = d.execute_script("return Array.from(document.querySelectorAll('li.gx-explorer-link a')).map(a => a.innerText)")
    assert links == ["增速与贡献", "达产率与序时进度", "重点项目", "能耗与LMDI分解"]
    assert d.title == "工业经济运行分析"
    d.save_screenshot(str(ARTIFACTS / "01_landing.png"))

    d.find_element("id", "gx-open-growth").click()
    _wait(d, lambda: d.execute_script(SEQ_JS) > 0, "the growth explorer", 180)
    table = _table(d)
    timings["open growth explorer (kernel start, data load)"] = time.monotonic() - t
    assert table["合计"]["同比增长%"] == library["headline"] == "15.1"
    _check(table, library["county"])
    bars = d.execute_script(BARS_JS)
    assert {k: round(v, 9) for k, v in bars} == library["county_pulls"], "one bar per county, at its pull"
    assert [v for _, v in bars] == sorted((v for _, v in bars), reverse=True), "largest pull first"
    d.save_screenshot(str(ARTIFACTS / "02_growth_by_county.png"))

    # change a selection: group by chain
    from selenium.webdriver.support.ui import Select

    t, seq = time.monotonic(), d.execute_script(SEQ_JS)
    Select(d.find_element("css selector", ".gx-control-dimension select")).select_by_visible_text("产业链")
    _redrawn(d, seq, "the chain-group table")
    table = _table(d)
    timings["select 分组 = 产业链"] = time.monotonic() - t
    _check(table, library["groups"])
    assert "有色金属新材料" in dict(d.execute_script(BARS_JS))
    d.save_screenshot(str(ARTIFACTS / "03_growth_by_chain_group.png"))

    # drill down: the chain group 有色金属新材料, then its sub-chain 镍及镍基新材料
    t, seq = time.monotonic(), d.execute_script(SEQ_JS)
    d.execute_script("""Array.from(document.querySelectorAll('.gx-row button'))
        .find(b => b.innerText.startsWith('有色金属新材料')).click();""")
    _redrawn(d, seq, "the sub-chains of G1")
    table = _table(d)
    timings["click 有色金属新材料 (drill down)"] = time.monotonic() - t
    assert d.execute_script(CRUMB_JS) == ["金澜市", "› 有色金属新材料"]
    _check(table, library["g1"])
    bars = d.execute_script(BARS_JS)
    assert {label: round(v, 9) for label, v in bars} == {k: round(v, 9) for k, v in library["g1_pulls"].items()}
    texts = d.execute_script(CHART_TEXT_JS)
    for name, (_, _, pull) in library["g1"].items():
        assert name in texts and pull in texts, f"the chart shows {name} and its pull {pull}"
    d.save_screenshot(str(ARTIFACTS / "04_drill_chain_group.png"))

    t, seq = time.monotonic(), d.execute_script(SEQ_JS)
    d.execute_script("""Array.from(document.querySelectorAll('.gx-row button'))
        .find(b => b.innerText.startsWith('镍及镍基新材料')).click();""")
    top_name, top_pull = library["nickel_top"]
    _redrawn(d, seq, "the enterprises of the nickel chain")
    timings["click 镍及镍基新材料 (drill down)"] = time.monotonic() - t
    first = d.execute_script(TABLE_JS)[1]  # the row after the total: the largest pull
    assert first[0] == top_name and first[-1] == top_pull
    d.save_screenshot(str(ARTIFACTS / "05_drill_sub_chain_enterprises.png"))

    # make this a report: the gx report command of the chain group
    d.execute_script("document.querySelector('.gx-make-report').click();")
    command = _wait(d, lambda: d.execute_script(
        "const p = document.querySelector('.gx-output pre'); return p ? p.innerText : null;"), "the command")
    assert command.strip() == f"gx report --period {PERIOD} --reports chain_output -p group_id=G1"
    d.save_screenshot(str(ARTIFACTS / "06_make_report.png"))

    # back up with the breadcrumb
    t, seq = time.monotonic(), d.execute_script(SEQ_JS)
    d.execute_script("document.querySelector('.gx-breadcrumb button').click();")
    _redrawn(d, seq, "the chain groups again")
    table = _table(d)
    timings["breadcrumb 金澜市 (back up)"] = time.monotonic() - t
    _check(table, library["groups"])
    d.save_screenshot(str(ARTIFACTS / "07_back_to_city.png"))

    # nothing left this computer
    urls = set()
    for entry in d.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg["method"] == "Network.requestWillBeSent":
            urls.add(msg["params"]["request"]["url"])
        elif msg["method"] == "Network.webSocketCreated":
            urls.add(msg["params"]["url"])
    assert any(u.startswith("ws://") for u in urls), "the kernel's websocket was seen"
    outside = sorted(u for u in urls if urlparse(u).scheme not in ("data", "blob")
                     and urlparse(u).hostname not in ("localhost", "127.0.0.1"))
    assert not outside, f"requests left this computer: {outside}"
    # the kernel behind the page runs no code a visitor sends: only widget messages pass
    _code_is_refused(d, app)

    (ARTIFACTS / "timings.json").write_text(json.dumps({"seconds": timings, "requests": len(urls)},
                                                       ensure_ascii=False, indent=1), encoding="utf-8")
