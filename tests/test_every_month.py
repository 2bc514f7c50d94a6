"""``gx summary`` at every complete month, every figure checked against an independent recomputation.

For each complete month of a data folder (rows in ``enterprise_monthly``, ``city_growth`` and
``project_monthly``: for the demo city every release 2022-02 … 2023-04, including the 1–2月 release, a
December and the first months of the problem ledger), ``gx summary --period P --format json`` is run as a
user runs it (the console script of this environment, in a subprocess) and each figure is compared with
``tests/independent.py``, which reads the raw CSV files with plain pandas and knows nothing of gxanalysis.
Numbers must agree to 1e-9 (relative), counts exactly, and a figure that cannot be computed must be null
with a status that says why.

Three data folders: the committed demo city, the demo city of another seed, and a variant of a third seed
edited to reach the corners of the definitions (a rival city above and level with 金澜市 after rounding,
rows without energy or product output, enterprises without a target or with a zero one, open problems and
a problem before the ledger's first month, supervision tasks of 2022 done late or still open, project
months written 2022/3 and 2022年3月, thousands separators, 是/否 flags, Chinese headers, GBK and BOM files).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import independent
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "data" / "demo"
GX = Path(sys.executable).with_name("gx.exe" if os.name == "nt" else "gx")
DEMO_MONTHS = [f"2022-{m:02d}" for m in range(2, 13)] + ["2023-02", "2023-03", "2023-04"]
NAMED_STATUSES = {"not_published", "no_previous", "no_remaining_period"}
"""Statuses the definitions name; other non-ok statuses are only required to be non-ok with a null value."""
REL = 1e-9


def gx(*args: str) -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8"}
    env.pop("GX_DATA_DIR", None)
    return subprocess.run([str(GX), *args], capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=600, check=False)


# ---------------------------------------------------------------------------------------------------
# Data folders
# ---------------------------------------------------------------------------------------------------
def _write(df: pd.DataFrame, path: Path, *, encoding: str = "utf-8", chinese: bool = False) -> None:
    if chinese:
        zh = {v: k for k, v in independent.contract_headers()[path.stem].items()}
        df = df.rename(columns=zh)
    df.to_csv(path, index=False, encoding=encoding, lineterminator="\n")


def _read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8")


def make_variant(folder: Path) -> None:
    """Edit a generated demo folder in place so that the definitions' corners occur (see the module doc)."""
    home = "金澜市"
    # city_growth: a rival above 金澜市 at 2022-07 (12.x5 rounds up), level with it after rounding at 2022-09
    # and 2023-03 (ties share the rank)
    cg = _read(folder, "city_growth")
    rival = next(c for c in cg["city"].unique() if c != home)
    for period, delta in (("2022-07", 0.45), ("2022-09", -0.05), ("2023-03", 0.04)):
        mine = float(cg.loc[(cg["city"] == home) & (cg["period"] == period), "va_growth_ytd"].iloc[0])
        cg.loc[(cg["city"] == rival) & (cg["period"] == period), "va_growth_ytd"] = f"{mine + delta:.2f}"
    _write(cg, folder / "city_growth.csv", encoding="gbk", chinese=True)

    # enterprises: 是/否 flags, Chinese headers, GBK
    ents = _read(folder, "enterprises")
    ents["is_key"] = ents["is_key"].map({"true": "是", "false": "否"})
    _write(ents, folder / "enterprises.csv", encoding="gbk", chinese=True)

    # enterprise_monthly: five enterprises report no energy in 2022, three no product output in 2023 (BOM)
    em = _read(folder, "enterprise_monthly")
    codes = sorted(em["credit_code"].unique())
    no_energy = em["credit_code"].isin(codes[10:15]) & em["period"].str.startswith("2022")
    em.loc[no_energy, "energy"] = ""
    with_output = sorted(em.loc[em["product_output"] != "", "credit_code"].unique())
    em.loc[em["credit_code"].isin(with_output[:3]) & em["period"].str.startswith("2023"), "product_output"] = ""
    _write(em, folder / "enterprise_monthly.csv", encoding="utf-8-sig")

    # enterprise_targets: three enterprises without a 2023 target, two with a zero 2022 target
    et = _read(folder, "enterprise_targets")
    et = et[~(et["credit_code"].isin(codes[20:23]) & (et["year"] == "2023"))]
    et.loc[et["credit_code"].isin(codes[30:32]) & (et["year"] == "2022"), "output_target"] = "0"
    _write(et, folder / "enterprise_targets.csv")

    # projects: months written 2022/3 and 2022年3月, annual plans with thousands separators, 是/否
    pj = _read(folder, "projects")
    pj.loc[pj.index % 7 == 0, "planned_start"] = pj["planned_start"].map(lambda m: f"{m[:4]}/{int(m[5:])}")
    has_start = pj["actual_start"] != ""
    pj.loc[has_start & (pj.index % 5 == 0), "actual_start"] = pj["actual_start"].map(
        lambda m: f"{m[:4]}年{int(m[5:])}月" if m else m)
    pj["annual_plan"] = pj["annual_plan"].map(lambda v: f"{float(v):,.2f}")
    pj["in_stats"] = pj["in_stats"].map({"true": "是", "false": "否"})
    _write(pj, folder / "projects.csv", chinese=True)

    # problems: four never closed, one raised before the ledger's first month
    pr = _read(folder, "problems")
    pr.loc[pr.index[[3, 17, 40, 88]], "closed_date"] = ""
    extra = pr.iloc[[0]].assign(problem_id="WT202203-000", raised_date="2022-03-15", due_date="2022-04-15",
                                closed_date="2022-05-06")
    _write(pd.concat([extra, pr], ignore_index=True), folder / "problems.csv")

    # supervision_tasks: two tasks of 2022, one done late, one still open
    st = _read(folder, "supervision_tasks")
    extra = pd.DataFrame([
        ("DB2022-01", "要素保障", "协调重点企业用能指标", "金澜市发展和改革委员会", "2022-03-01", "2022-09-30",
         "2022-10-20"),
        ("DB2022-02", "重大项目建设", "推动重点项目入库纳统", "金澜市统计局", "2022-05-10", "2022-12-31", ""),
    ], columns=st.columns)
    _write(pd.concat([extra, st], ignore_index=True), folder / "supervision_tasks.csv", encoding="gbk",
           chinese=True)

    # base_stations: Chinese headers, GBK
    _write(_read(folder, "base_stations"), folder / "base_stations.csv", encoding="gbk", chinese=True)


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    out = {"demo": DEMO}
    for name, seed in (("seed 7", 7), ("variant", 11)):
        folder = tmp_path_factory.mktemp(name.replace(" ", ""))
        r = gx("demo-data", "--out", str(folder), "--seed", str(seed))
        assert r.returncode == 0, r.stderr
        if name == "variant":
            make_variant(folder)
            r = gx("validate", str(folder))
            assert r.returncode == 0, r.stdout + r.stderr
        out[name] = folder
    return out


# ---------------------------------------------------------------------------------------------------
# The comparison
# ---------------------------------------------------------------------------------------------------
def compare(output: dict, expected: dict[str, independent.Figure]) -> list[str]:
    """Every disagreement between ``gx summary`` JSON figures and the independent ones, as text."""
    got = {f["indicator"]: f for f in output["figures"]}
    problems = [f"{name}: missing from gx summary" for name in expected if name not in got]
    problems += [f"{name}: in gx summary but not defined independently" for name in got if name not in expected]
    for name, exp in expected.items():
        if name not in got:
            continue
        g = got[name]
        value, status = g.get("value"), g.get("status")
        if exp.value is None:
            if value is not None or status == "ok":
                problems.append(f"{name}: expected no value ({exp.status}), got {value!r} ({status})")
            elif exp.status in NAMED_STATUSES and status != exp.status:
                problems.append(f"{name}: expected status {exp.status}, got {status}")
        elif status != "ok" or value is None:
            problems.append(f"{name}: expected {exp.value!r}, got {value!r} ({status})")
        elif name in independent.COUNTS:
            if value != exp.value:
                problems.append(f"{name}: expected {exp.value}, got {value!r}")
        elif not isinstance(value, int | float) or value != pytest.approx(exp.value, rel=REL, abs=1e-12):
            problems.append(f"{name}: expected {exp.value!r}, got {value!r}")
    return problems


def test_complete_months_of_the_demo_are_every_release_from_2022_02() -> None:
    assert independent.complete_months(DEMO) == DEMO_MONTHS
    cg = _read(DEMO, "city_growth")
    releases = sorted(p for p in cg["period"].unique() if "2022-02" <= p <= "2023-04")
    assert releases == DEMO_MONTHS


@pytest.mark.parametrize("dataset", ["demo", "seed 7", "variant"])
def test_every_figure_at_every_complete_month(folders: dict[str, Path], dataset: str) -> None:
    folder = folders[dataset]
    months = independent.complete_months(folder)
    assert months == DEMO_MONTHS
    data = independent.Data(folder)
    failures = {}
    for period in months:
        r = gx("summary", "--period", period, "--format", "json", "--data", str(folder))
        if r.returncode != 0:
            failures[period] = [f"gx summary exited {r.returncode}: {r.stderr.strip()[-500:]}"]
            continue
        output = json.loads(r.stdout)
        if not isinstance(output, dict) or not isinstance(output.get("figures"), list):
            failures[period] = ['the JSON is not one object {"period", "options", "figures": [...]}']
            continue
        problems = [] if output.get("period") == period else [f"period {output.get('period')!r}"]
        problems += compare(output, independent.headline_figures(data, period))
        if problems:
            failures[period] = problems
    assert not failures, "\n".join(f"{dataset} {p}: {msg}" for p, msgs in failures.items() for msg in msgs)


def test_the_comparison_catches_a_wrong_figure() -> None:
    """The comparison itself: a figure off by one part in 10⁸, a wrong count, a value where none is due and
    a missing figure are all reported."""
    expected = {"va_growth_ytd": independent.Figure(15.1), "province_rank": independent.Figure(1),
                "va_growth_month": independent.Figure(None, "not_published"),
                "key_projects": independent.Figure(124)}
    output = {"figures": [
        {"indicator": "va_growth_ytd", "value": 15.1 * (1 + 1e-8), "status": "ok"},
        {"indicator": "province_rank", "value": 2, "status": "ok"},
        {"indicator": "va_growth_month", "value": 3.0, "status": "ok"},
    ]}
    problems = compare(output, expected)
    assert [p.split(":")[0] for p in problems] == ["key_projects", "va_growth_ytd", "province_rank",
                                                   "va_growth_month"]
    exact = {"figures": [{"indicator": "va_growth_ytd", "value": 15.1, "status": "ok"},
                         {"indicator": "province_rank", "value": 1, "status": "ok"},
                         {"indicator": "va_growth_month", "value": None, "status": "not_published"},
                         {"indicator": "key_projects", "value": 124, "status": "ok"}]}
    assert compare(exact, expected) == []
