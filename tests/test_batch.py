"""gx batch: the demo city's counties × two months on a local Dask cluster, one corrupt region reported and the
others published as gx report publishes them; the warm kernel gives the same tables as a fresh gx report.

These tests run real notebooks (the overview only, to keep the run short) on real Dask workers.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gxanalysis.data.dataset import file_sha256, load_dataset
from gxanalysis.data.regions import regions_from_folders, split_by_county
from gxanalysis.errors import ParameterError
from gxanalysis.reporting.batch import parse_periods
from gxanalysis.reporting.runner import pack_is_whole

pytestmark = pytest.mark.slow

PERIODS = ("2023-03", "2023-04")
GOOD = ("河清县", "石峡县")  # the two smallest counties of the demo city
BAD = "石峡县-坏副本"


def _gx(*args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gxanalysis.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout)


@pytest.fixture(scope="module")
def counties(tmp_path_factory) -> dict[str, Path]:
    """The demo city split by county (every folder validated by the split)."""
    regions = split_by_county(None, tmp_path_factory.mktemp("counties"))
    return {r.name: r.data_dir for r in regions}


def test_split_by_county_gives_valid_folders_that_add_up_to_the_city(counties):
    city = load_dataset(None)
    assert sorted(counties) == sorted(city.counties["county"])
    parts = [load_dataset(d) for d in counties.values()]
    # every enterprise-month of the city is in exactly one county folder, with the same values
    assert sum(len(p.enterprise_monthly) for p in parts) == len(city.enterprise_monthly)
    for p, county in zip(parts, counties, strict=True):
        assert set(p.enterprises["county"]) == {county}
        assert list(p.counties["county"]) == [county]
        assert set(p.projects["county"]) <= {county}
    va = sum(p.enterprise_monthly["value_added"].sum() for p in parts)
    assert va == pytest.approx(city.enterprise_monthly["value_added"].sum(), rel=1e-12)
    # the city-level tables are the city's
    assert all(p.city_growth.equals(city.city_growth) for p in parts)


def _regions(counties: dict[str, Path], dest: Path, good: tuple[str, ...]) -> Path:
    """Folders of ``good`` counties and a copy of 石峡县 with one bad cell (gross_output 'abc' on row 3)."""
    for name in good:
        shutil.copytree(counties[name], dest / name)
    bad = dest / BAD
    shutil.copytree(counties["石峡县"], bad)
    monthly = bad / "enterprise_monthly.csv"
    lines = monthly.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[2].split(",")
    cells[2] = "abc"  # gross_output of the second data row (row 3 of the file)
    lines[2] = ",".join(cells)
    monthly.write_text("".join(lines), encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def batch(counties, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess, Path]:
    """Two counties and a corrupt copy of one × two months, on a local Dask cluster of two workers."""
    regions = _regions(counties, tmp_path_factory.mktemp("regions"), GOOD)
    out = tmp_path_factory.mktemp("batch_out")
    proc = _gx("batch", "--data", str(regions), "--periods", ",".join(PERIODS), "--reports", "monthly_overview",
               "--out", str(out), "--cluster", "local", "--workers", "2")
    return out, proc, regions


def test_batch_publishes_the_good_regions_and_reports_the_corrupt_one(batch, counties):
    out, proc, _ = batch
    assert proc.returncode == 1, proc.stdout + proc.stderr
    table = proc.stdout
    assert "3 region(s) × 2 period(s) on a local Dask cluster (2 worker(s)): 4 published, 2 failed" in table
    rows = {tuple(line.split()[:3]) for line in table.splitlines()[2:] if line.strip()}
    for region in GOOD:
        for period in PERIODS:
            assert (region, period, "published") in rows, table
    for period in PERIODS:
        assert (BAD, period, "failed") in rows, table
        line = next(ln for ln in table.splitlines() if ln.startswith(BAD) and period in ln)
        # the one-line reason names the file, row, column, value and fix
        assert "enterprise_monthly.csv, row 3, column 'gross_output'" in line and "'abc'" in line
        assert "Fix:" in line
    assert not (out / BAD / "2023-03").exists() and not (out / BAD / "2023-04").exists()


def test_every_published_pack_is_whole_and_read_its_own_region(batch, counties):
    out, _, regions = batch
    for region in GOOD:
        for period in PERIODS:
            pack = out / region / period
            assert pack_is_whole(pack), pack
            manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
            assert manifest["period"] == period and manifest["reports"] == ["monthly_overview"]
            assert Path(manifest["data_dir"]) == (regions / region).resolve()
            hashes = {k: v["sha256"] for k, v in manifest["input_files"].items()}
            assert hashes["enterprise_monthly"] == file_sha256(counties[region] / "enterprise_monthly.csv")
            status = json.loads((out / region / "logs" / f"{manifest['run_id']}.status.json")
                                .read_text(encoding="utf-8"))
            assert status["status"] == "ok" and status["exit_code"] == 0
            assert (pack / "monthly_overview.html").stat().st_size > 10_000


def test_batch_record_lists_every_pack(batch):
    out, proc, _ = batch
    record = json.loads((out / "last_batch.json").read_text(encoding="utf-8"))
    assert record["exit_code"] == 1 and record["warm_kernels"] is True
    packs = {(p["region"], p["period"]): p for p in record["packs"]}
    assert len(packs) == 6
    assert sum(p["status"] == "published" for p in packs.values()) == 4
    # each good region's packs ran on one warm kernel
    assert all(p["warm"] for (r, _), p in packs.items() if r in GOOD)
    assert (out / "batch" / f"{record['batch_id']}.json").is_file()
    assert f"summary: {out / 'batch' / (record['batch_id'] + '.json')}" in proc.stdout


def test_warm_kernel_pack_has_the_tables_of_a_fresh_gx_report(batch, counties, tmp_path):
    """The second pack on a region's warm kernel (namespace reset, data loaded once) equals ``gx report``."""
    out, _, _ = batch
    region, period = GOOD[0], PERIODS[-1]
    proc = _gx("report", "--period", period, "--reports", "monthly_overview", "--data", str(counties[region]),
               "--out", str(tmp_path), "--no-progress")
    assert proc.returncode == 0, proc.stderr
    fresh, warm = tmp_path / period / "表格", out / region / period / "表格"
    names = sorted(p.name for p in fresh.glob("*.csv"))
    assert len(names) >= 5 and names == sorted(p.name for p in warm.glob("*.csv"))
    for name in names:
        assert (warm / name).read_bytes() == (fresh / name).read_bytes(), name
    assert (out / region / period / "summary.csv").read_bytes() == (tmp_path / period / "summary.csv").read_bytes()


def test_unreachable_cluster_is_one_line_and_exit_1(counties, tmp_path):
    proc = _gx("batch", "--data", str(counties["石峡县"]), "--periods", "2023-04", "--out", str(tmp_path),
               "--cluster", "tcp://127.0.0.1:9", timeout=120)
    assert proc.returncode == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "石峡县").exists()


def test_regions_and_periods_are_checked(counties, tmp_path):
    parent = next(iter(counties.values())).parent
    assert [r.name for r in regions_from_folders(str(parent))] == sorted(counties)
    two = regions_from_folders(f"{counties['河清县']},{counties['石峡县']}")
    assert [r.name for r in two] == ["河清县", "石峡县"]
    with pytest.raises(ParameterError, match="holds no enterprises table"):
        regions_from_folders(str(tmp_path))
    with pytest.raises(ParameterError, match="does not exist"):
        regions_from_folders(str(tmp_path / "nowhere"))
    assert parse_periods("2023-03, 2023-04") == ["2023-03", "2023-04"]
    with pytest.raises(ParameterError, match="twice"):
        parse_periods("2023-03,2023-03")
    proc = _gx("batch", "--data", str(parent), "--periods", "2023-13", "--out", str(tmp_path), timeout=120)
    assert proc.returncode == 2 and "2023-13" in proc.stderr


def test_local_processes_publish_the_good_region_and_report_the_corrupt_one(counties, tmp_path):
    """Without --cluster the packs run on local processes: the same publication and the same summary."""
    regions = _regions(counties, tmp_path / "regions", GOOD[:1])
    out = tmp_path / "out"
    proc = _gx("batch", "--data", str(regions), "--periods", "2023-04", "--reports", "monthly_overview",
               "--out", str(out), "--workers", "2")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "2 region(s) × 1 period(s) on 2 local process(es): 1 published, 1 failed" in proc.stdout, proc.stdout
    assert pack_is_whole(out / GOOD[0] / "2023-04")
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith(BAD))
    assert "failed" in line and "enterprise_monthly.csv, row 3, column 'gross_output'" in line
    assert not (out / BAD / "2023-04").exists()
    record = json.loads((out / "last_batch.json").read_text(encoding="utf-8"))
    assert {(p["region"], p["status"]) for p in record["packs"]} == {(GOOD[0], "published"), (BAD, "failed")}
