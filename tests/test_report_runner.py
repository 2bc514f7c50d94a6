"""gx report: parameters checked before any kernel starts, the pack's contents, failures that never
replace a good pack, and concurrent runs. These tests run real notebooks with papermill."""

from __future__ import annotations

import json
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from gxanalysis import config
from gxanalysis.cli import main
from gxanalysis.errors import ParameterError
from gxanalysis.reporting.params import REPORTS, validate_params
from gxanalysis.reporting.runner import run_pack
from gxanalysis.summary import SummaryOptions, headline_figures

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> tuple[Path, object]:
    """One full pack of the demo city for 2023-04 (all four reports)."""
    out = tmp_path_factory.mktemp("reports")
    result = run_pack("2023-04", out_dir=out, progress=False)
    assert result.ok, [r.error for r in result.results if not r.ok]
    return out, result


def test_pack_holds_every_output(pack):
    out, result = pack
    d = out / "2023-04"
    assert result.pack_dir == d
    for name in REPORTS:
        assert (d / f"{name}.html").is_file()
        assert (d / "notebooks" / REPORTS[name].notebook).is_file()
    assert (d / "summary.csv").is_file() and (d / "manifest.json").is_file()
    assert "同比增长15.1%" in (d / "简报_2023-04.txt").read_text(encoding="utf-8-sig")
    assert len(list(d.glob("*.xlsx"))) == 1
    assert (out / "index.html").read_text(encoding="utf-8").count("2023-04") >= 1
    assert not (out / ".runs" / result.run_id).exists()


def test_html_is_code_free_and_has_chinese_charts(pack):
    out, _ = pack
    page = (out / "2023-04" / "monthly_overview.html").read_text(encoding="utf-8")
    assert "ReportContext(" not in page and "ctx.show" not in page  # no code cells
    assert "data:image/png;base64" in page
    assert "规上工业增加值累计增速" in page


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_td = False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        self._in_td = tag in ("td", "th")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._in_td = False

    def handle_data(self, data):
        if self._in_td and self.rows:
            self.rows[-1].append(data.strip())


def test_headline_figures_in_html_equal_gx_summary(pack):
    out, _ = pack
    parser = _Cells()
    html = (out / "2023-04" / "monthly_overview.html").read_text(encoding="utf-8")
    headline = html[html.index("主要指标（2023年1-4月）"):]
    parser.feed(headline[:headline.index("</table>")])
    shown = {r[0]: r[2] for r in parser.rows if len(r) >= 4}
    summary = headline_figures("2023-04")
    for f in summary:
        assert shown[f.label()] == f.display(), f.indicator
    csv = pd.read_csv(out / "2023-04" / "summary.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(csv["value"]) == [f.display() for f in summary]
    assert list(csv["indicator"]) == [f.indicator for f in summary]


def test_summary_and_brief_use_the_overviews_parameters(tmp_path):
    result = run_pack("2023-04", reports=["monthly_overview"], out_dir=tmp_path, progress=False,
                      overrides={"va_growth_target": "8", "start_rate_denominator": "annual"})
    assert result.ok
    csv = pd.read_csv(tmp_path / "2023-04" / "summary.csv", encoding="utf-8-sig", dtype=str,
                      keep_default_na=False).set_index("indicator")
    expected = headline_figures("2023-04", options=SummaryOptions(va_growth_target=8.0,
                                                                  start_rate_denominator="annual"))
    assert csv.loc["va_growth_target", "value"] == "8.0"
    assert csv.loc["va_growth_required", "value"] == expected["va_growth_required"].display()
    assert csv.loc["start_resume_rate", "value"] == expected["start_resume_rate"].display()
    brief = (tmp_path / "2023-04" / "简报_2023-04.txt").read_text(encoding="utf-8-sig")
    assert "要实现全年增长8%的目标" in brief
    m = json.loads((tmp_path / "2023-04" / "manifest.json").read_text(encoding="utf-8"))
    assert m["summary_options"]["va_growth_target"] == 8.0


@pytest.mark.parametrize("period", ["2022-12", "2022-06"])
def test_a_section_that_cannot_be_computed_leaves_a_note_and_the_pack_publishes(tmp_path, period):
    result = run_pack(period, reports=["monthly_overview"], out_dir=tmp_path, progress=False)
    assert result.ok, result.results
    html = (tmp_path / period / "monthly_overview.html").read_text(encoding="utf-8")
    m = json.loads((tmp_path / period / "manifest.json").read_text(encoding="utf-8"))
    notes = {n["section"]: n for n in m["sections_not_computed"]}
    assert "outlook" in notes
    assert "全年增速预测与目标：本期不列示" in html and notes["outlook"]["reason"] in html
    if period == "2022-12":
        assert "已到年末" in notes["outlook"]["reason"]
    else:
        assert "两年" in notes["outlook"]["reason"]


def test_executed_notebooks_record_their_parameters(pack):
    out, _ = pack
    for name, spec in REPORTS.items():
        nb = nbformat.read(out / "2023-04" / "notebooks" / spec.notebook, as_version=4)
        recorded = nb.metadata["papermill"]["parameters"]
        assert recorded["period"] == "2023-04"
        assert set(recorded) == set(spec.params.model_fields), name


def test_manifest_records_inputs_versions_commit_and_timings(pack):
    out, _ = pack
    m = json.loads((out / "2023-04" / "manifest.json").read_text(encoding="utf-8"))
    assert m["period"] == "2023-04" and set(m["reports"]) == set(REPORTS)
    assert len(m["input_files"]["enterprise_monthly"]["sha256"]) == 64
    assert m["packages"]["pandas"] and m["git_commit"]
    assert set(REPORTS) <= set(m["timings_s"])
    assert m["parameters"]["investment"]["start_rate_denominator"] == "to_date"


def test_workbook_has_cover_and_a_sheet_per_table(pack):
    from openpyxl import load_workbook

    out, _ = pack
    wb = load_workbook(next((out / "2023-04").glob("*.xlsx")), read_only=True)
    assert wb.sheetnames[0] == "封面"
    assert len(wb.sheetnames) > 8


def test_invalid_parameter_rejected_before_any_kernel_starts(tmp_path, capsys):
    code = main(["report", "--period", "2023-04", "--reports", "investment", "--out", str(tmp_path),
                 "-p", "start_rate_denominator=sometimes"])
    err = capsys.readouterr().err
    assert code == 2
    assert "start_rate_denominator" in err and "sometimes" in err and "to_date" in err
    assert not (tmp_path / ".runs").exists() and not (tmp_path / "logs").exists()
    with pytest.raises(ParameterError, match="unknown parameter 'colour'"):
        validate_params("chain_output", {"period": "2023-04", "colour": "red"})
    assert main(["report", "--period", "2023-13", "--out", str(tmp_path)]) == 2
    assert main(["report", "--period", "2023-04", "--reports", "nope", "--out", str(tmp_path)]) == 2


def test_failed_run_keeps_previous_pack_and_marks_the_failing_cell(tmp_path, capsys, monkeypatch):
    good = run_pack("2023-04", reports=["investment"], out_dir=tmp_path, progress=False)
    assert good.ok
    before = (tmp_path / "2023-04" / "manifest.json").read_bytes()
    # A cell of the notebook raises (as a section does when a figure cannot be computed).
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", _fake_notebooks(
        tmp_path, "from gxanalysis.errors import InsufficientDataError\n"
                  "raise InsufficientDataError('no enterprise figures for 2023-04')"))
    code = main(["report", "--period", "2023-04", "--reports", "investment", "--out", str(tmp_path),
                 "--no-progress"])
    assert code == 1
    assert (tmp_path / "2023-04" / "manifest.json").read_bytes() == before  # last good pack untouched
    failed = list((tmp_path / "failed").iterdir())
    assert len(failed) == 1
    nb = nbformat.read(failed[0] / "notebooks" / "investment.ipynb", as_version=4)
    errors = [c for c in nb.cells if c.cell_type == "code" and any(o.get("output_type") == "error"
                                                                   for o in c.get("outputs", []))]
    assert errors, "the failing cell carries its error output"
    assert "InsufficientDataError" in json.dumps(errors[0]["outputs"])
    assert any("An Exception was encountered" in c.get("source", "") for c in nb.cells), \
        "papermill marks the failing cell"
    assert (failed[0] / "run.log").is_file()
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("gx report: FAILED: investment failed: ") and "InsufficientDataError" in err[-1]
    status = json.loads((failed[0] / "status.json").read_text(encoding="utf-8"))
    assert status["status"] == "failed" and status["exit_code"] == 1 and "InsufficientDataError" in status["reason"]
    assert json.loads((tmp_path / "last_run.json").read_text(encoding="utf-8"))["run_id"] == status["run_id"]


def test_a_period_without_data_is_refused_before_any_kernel(tmp_path, capsys):
    data = _data_without_month(tmp_path, "2023-04")
    t0 = time.perf_counter()
    for reports in ("monthly_overview", "chain_output", "energy_intensity"):
        code = main(["report", "--period", "2023-04", "--reports", reports, "--out", str(tmp_path / "out"),
                     "--data", str(data)])
        assert code == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "enterprise_monthly" in err and "2023-04" in err, err
        assert "--period 2023-03" in err, "names the latest month the data hold"
    assert main(["report", "--period", "2023-01", "--reports", "investment", "--out", str(tmp_path / "out")]) == 2
    assert "January is published together with February" in capsys.readouterr().err
    assert main(["report", "--period", "2021-06", "--reports", "investment", "--out", str(tmp_path / "out")]) == 2
    assert "no list for 2021" in capsys.readouterr().err
    assert not (tmp_path / "out" / ".runs").exists()
    assert time.perf_counter() - t0 < 60, "no notebook ran"


def _data_without_month(tmp_path: Path, month: str) -> Path:
    """A copy of the demo data without the enterprise figures of ``month`` (valid tables, no data)."""
    import shutil

    d = tmp_path / "data"
    shutil.copytree(config.demo_data_dir(), d)
    em = pd.read_csv(d / "enterprise_monthly.csv", dtype=str, encoding="utf-8", keep_default_na=False)
    em[em["period"] != month].to_csv(d / "enterprise_monthly.csv", index=False, encoding="utf-8")
    return d


@pytest.mark.parametrize("option,value,words", [
    ("-p", "va_growth_target=inf", ["va_growth_target", "inf", "finite", "≤ 100"]),
    ("-p", "va_growth_target=nan", ["va_growth_target", "nan", "finite"]),
    ("-p", "behind_margin_pp=1e300", ["behind_margin_pp", "1e300", "≤ 50"]),
    ("--timeout", "nan", ["--timeout", "nan", "1 to 86400"]),
    ("--timeout", "inf", ["--timeout", "inf", "1 to 86400"]),
    ("--timeout", "0", ["--timeout", "0", "1 to 86400"]),
    ("--jobs", "0", ["--jobs", "0", "1 to 64"]),
])
def test_non_finite_and_out_of_range_values_are_refused(tmp_path, capsys, option, value, words):
    code = main(["report", "--period", "2023-04", "--out", str(tmp_path), option, value])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    for w in words:
        assert w in err, (w, err)
    assert not (tmp_path / ".runs").exists()


def test_two_runs_of_the_same_period_do_not_corrupt_each_other(tmp_path):
    results = []

    def run() -> None:
        results.append(run_pack("2023-04", reports=["investment"], out_dir=tmp_path, progress=False, jobs=1))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.ok for r in results)
    assert {r.run_id for r in results} == {r.run_id for r in results} and len({r.run_id for r in results}) == 2
    pack = tmp_path / "2023-04"
    m = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    assert m["run_id"] in {r.run_id for r in results}
    assert (pack / "investment.html").is_file()
    assert not any((tmp_path / ".runs").iterdir())


def test_data_dependent_and_common_parameters_are_checked_before_any_kernel(tmp_path, capsys):
    assert main(["report", "--period", "2023-04", "--reports", "chain_output", "--out", str(tmp_path),
                 "-p", "group_id=G9"]) == 2
    err = capsys.readouterr().err
    assert "group_id" in err and "G9" in err and "G1" in err
    assert main(["report", "--period", "2023-04", "--out", str(tmp_path), "-p", "period=2023-03"]) == 2
    assert "--period" in capsys.readouterr().err
    assert main(["report", "--period", "2023-04", "--out", str(tmp_path), "-p", "top_n"]) == 2
    assert "NAME=VALUE" in capsys.readouterr().err
    assert not (tmp_path / ".runs").exists()


def test_latest_period_is_the_newest_complete_month():
    from gxanalysis.reporting.runner import resolve_period

    assert resolve_period("latest", None) == "2023-04"
    assert resolve_period("2023-4", None) == "2023-04"


def test_equal_value_basis_without_coal_rates_stops_before_any_kernel(tmp_path, capsys):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(config.demo_data_dir(), data)
    (data / "power_coal_rates.csv").unlink()  # an optional table the 等价值 basis needs
    code = main(["report", "--period", "2023-04", "--reports", "energy_intensity", "--data", str(data),
                 "--out", str(tmp_path / "out"), "-p", "electricity_basis=equal"])
    assert code == 2
    err = capsys.readouterr().err
    assert "power_coal_rates" in err and "2022" in err and "electricity_basis=equivalent" in err
    assert not (tmp_path / "out" / ".runs").exists()


def _fake_notebooks(tmp_path: Path, source: str) -> Path:
    """A notebooks folder whose investment notebook runs ``source`` (to test the runner, not a report)."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell("period = '2023-04'")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(source)]
    nbformat.write(nb, folder / REPORTS["investment"].notebook)
    return folder


def test_dead_kernel_is_detected_and_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", _fake_notebooks(tmp_path, "import os\nos._exit(1)"))
    result = run_pack("2023-04", reports=["investment"], out_dir=tmp_path / "out", progress=False, timeout=120)
    assert not result.ok and result.failed_dir is not None
    assert "DeadKernelError" in result.results[0].error or "died" in result.results[0].error.lower()
    assert not (tmp_path / "out" / "2023-04").exists()


def test_hung_notebook_is_killed_at_the_timeout(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", _fake_notebooks(tmp_path, "import time\ntime.sleep(600)"))
    result = run_pack("2023-04", reports=["investment"], out_dir=tmp_path / "out", progress=False, timeout=8)
    assert not result.ok
    assert "timed out after 8 s" in result.results[0].error
    assert result.results[0].seconds < 60
    assert (result.failed_dir / "run.log").is_file()  # what the run made is kept with its log
    status = json.loads((result.failed_dir / "status.json").read_text(encoding="utf-8"))
    assert status["status"] == "failed" and "timed out" in status["reason"]


def test_a_killed_run_is_set_aside_at_once_and_a_full_disk_while_completing_the_pack_is_kept(tmp_path,
                                                                                             monkeypatch):
    """A staging folder whose run holds no lock is set aside by the next run at once (no waiting period);
    a disk that fills while the pack is completed (ENOSPC raised by the workbook writer) fails the run with
    exit code 3 and keeps what was made."""
    import errno

    import gxanalysis.reporting.runner as runner

    stale = tmp_path / ".runs" / "2023-04_20230101T000000_dead"
    stale.mkdir(parents=True)
    (stale / "run.log").write_text("killed", encoding="utf-8")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / ".runs" / "x.xlsx"))

    monkeypatch.setattr(runner, "_write_workbook", full)
    result = run_pack("2023-04", reports=["investment"], out_dir=tmp_path, progress=False)
    assert not result.ok and "No space left" in result.results[-1].error
    assert result.exit_code == 3 and "is full" in result.reason
    assert (tmp_path / "failed" / "2023-04_20230101T000000_dead_interrupted" / "run.log").is_file()
    assert (result.failed_dir / "investment.html").is_file()  # what was made is kept
    assert not (tmp_path / "2023-04").exists() and not any((tmp_path / ".runs").iterdir())
    status = json.loads((tmp_path / "failed" / "2023-04_20230101T000000_dead_interrupted" / "status.json")
                        .read_text(encoding="utf-8"))
    assert status["status"] == "interrupted"


# --------------------------------------------------------------------------------------------------
# the language of what leaders read
# --------------------------------------------------------------------------------------------------
def _proper_names() -> set[str]:
    """Names that come from the data (enterprises, places, chains, tasks …): allowed in an English page."""
    folder = config.demo_data_dir()
    columns = {"enterprises": ["name", "county", "product"], "chains": ["chain_name", "group_name", "lead_unit"],
               "cities": ["city", "province"], "projects": ["name", "county"], "base_stations": ["county"],
               "supervision_tasks": ["area", "task", "responsible_unit"], "material_flows": ["product", "unit"],
               "problems": ["department", "category", "description"], "targets": ["note"]}
    names: set[str] = set()
    for table, cols in columns.items():
        frame = pd.read_csv(folder / f"{table}.csv", dtype=str, encoding="utf-8")
        for c in cols:
            names |= set(frame[c].dropna()) if c in frame.columns else set()
    return names


def test_chinese_pages_have_no_english_codes_or_placeholders(pack):
    from language import visible_text, zh_problems

    out, _ = pack
    problems = {}
    for page in sorted((out / "2023-04").glob("*.html")):
        found = zh_problems(visible_text(page.read_text(encoding="utf-8")))
        if found:
            problems[page.name] = found
    brief = next((out / "2023-04").glob("简报_*.txt")).read_text(encoding="utf-8-sig")
    if zh_problems(brief):
        problems["brief"] = zh_problems(brief)
    assert not problems, problems


def test_english_pages_have_no_chinese_outside_proper_names(tmp_path):
    from language import en_problems, visible_text

    result = run_pack("2023-04", out_dir=tmp_path, lang="en", progress=False)
    assert result.ok, [r.error for r in result.results if not r.ok]
    names = _proper_names()
    problems = {p.name: en_problems(visible_text(p.read_text(encoding="utf-8")), names)
                for p in sorted((tmp_path / "2023-04").glob("*.html"))}
    brief = next((tmp_path / "2023-04").glob("简报_*.txt")).read_text(encoding="utf-8-sig")
    problems["brief"] = en_problems(brief, names)
    assert not any(problems.values()), problems
