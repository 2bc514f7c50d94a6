"""gx report: parameters checked before any kernel starts, the pack's contents, failures that never
replace a good pack, and concurrent runs. These tests run real notebooks with papermill."""

from __future__ import annotations

import json
import re
import shutil
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


def test_summary_and_brief_use_the_overviews_parameters(tmp_path, monkeypatch):
    # and without a browser to print with, the pack is published without PDFs, with a note why
    monkeypatch.setenv("GX_BROWSER", str(tmp_path / "no-such-browser"))
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
    assert "no Chromium-based browser" in m["pdf"]["skipped"] and not list((tmp_path / "2023-04").glob("*.pdf"))


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


def test_progress_lines_follow_the_analysts_language(tmp_path, capsys, monkeypatch):
    """gx --lang zh (or GX_LANG, or the locale) gives Chinese progress lines, log levels and the last line;
    the report language (--lang of gx report) is another option."""
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", _fake_notebooks(tmp_path, "raise ValueError('on purpose')"))
    args = ["report", "--period", "2023-04", "--reports", "investment", "--out", str(tmp_path / "out"),
            "--no-progress", "--lang", "en"]
    assert main(["--lang", "zh", *args]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert any(" 信息 运行 " in ln and "报告 investment" in ln for ln in err), err
    assert any("[1/1] 重点项目投资分析（investment）：失败" in ln for ln in err), err
    assert any(" 错误 运行失败：investment failed" in ln for ln in err), err
    assert err[-1].startswith("gx report：失败（FAILED）：") and "上一次成功的报告包（如有）未改动" in err[-1]
    monkeypatch.setenv("GX_LANG", "en")
    assert main(args) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert any(" INFO run " in ln for ln in err) and any("[1/1] investment FAILED" in ln for ln in err), err
    assert err[-1].startswith("gx report: FAILED: investment failed")


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


def _workbook_texts(xlsx: Path) -> dict[str, str]:
    """Every text a reader of the workbook sees, by sheet: the sheet's name and its text cells."""
    from openpyxl import load_workbook

    wb = load_workbook(xlsx)
    return {ws.title: "\n".join([ws.title] + [c.value for row in ws.iter_rows() for c in row
                                              if isinstance(c.value, str)]) for ws in wb}


def _pack_texts(folder: Path) -> dict[str, str]:
    """What leaders read in a pack: the HTML reports, the workbook's sheets, the Word and text briefs."""
    from language import visible_text

    from gxanalysis.reporting.brief import docx_text

    texts = {p.name: visible_text(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.html"))}
    texts |= {f"workbook sheet {k}": v for k, v in _workbook_texts(next(folder.glob("*.xlsx"))).items()}
    texts["brief (docx)"] = docx_text(next(folder.glob("简报_*.docx")))
    texts["brief (txt)"] = next(folder.glob("简报_*.txt")).read_text(encoding="utf-8-sig")
    return texts


def test_chinese_pages_have_no_english_codes_or_placeholders(pack):
    """In Chinese mode no report page, workbook sheet (names and cells), brief or the index has an English
    word, an indicator code, a chain code or a "1-N月" header."""
    from language import visible_text, zh_problems

    out, _ = pack
    texts = _pack_texts(out / "2023-04")
    texts["index.html"] = visible_text((out / "index.html").read_text(encoding="utf-8"))
    assert len([k for k in texts if k.startswith("workbook sheet")]) > 30
    problems = {name: found for name, text in texts.items() if (found := zh_problems(text))}
    assert not problems, problems


def test_english_pages_have_no_chinese_outside_proper_names(tmp_path):
    from language import en_problems

    result = run_pack("2023-04", out_dir=tmp_path, lang="en", progress=False)
    assert result.ok, [r.error for r in result.results if not r.ok]
    names = _proper_names()
    texts = _pack_texts(tmp_path / "2023-04")
    problems = {name: found for name, text in texts.items() if (found := en_problems(text, names))}
    assert not problems, problems
    from openpyxl import load_workbook

    wb = load_workbook(next((tmp_path / "2023-04").glob("*.xlsx")))
    assert wb.sheetnames[:3] == ["Cover", "Contents", "Headline figures"]


# --------------------------------------------------------------------------------------------------
# the table book, the Word brief, print
# --------------------------------------------------------------------------------------------------
def _sheet_rows(ws) -> list[list]:
    return [[c for c in row] for row in ws.iter_rows()]


def test_workbook_numbers_are_numeric_cells_with_each_figures_precision(pack):
    from openpyxl import load_workbook

    out, _ = pack
    wb = load_workbook(next((out / "2023-04").glob("*.xlsx")))
    ws = wb["主要指标"]
    assert [c.value for c in ws[4]] == ["指标", "时期", "数值", "单位"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=5) if r[0].value}
    figures = headline_figures("2023-04")
    checked = 0
    for f in figures:
        cell = rows[f.label()][2]
        if f.ok:
            assert cell.data_type == "n", f.indicator
            assert cell.value == pytest.approx(f.value, abs=1e-9), f.indicator
            assert cell.number_format == ("#,##0" if f.precision == 0 else "#,##0." + "0" * f.precision)
            if f.precision == 0:
                assert isinstance(cell.value, int), f.indicator  # counts as whole numbers, never 161.0
            checked += 1
        else:
            assert cell.value == f.display()
    assert checked > 25
    main = wb["规上工业主要指标"]
    assert [c.value for c in main[4]] == ["指标", "本月", "1-4月累计", "同比增长%"]
    gross = next(r for r in main.iter_rows(min_row=5) if r[0].value.startswith("工业总产值"))
    assert [c.data_type for c in gross] == ["s", "n", "n", "n"]
    assert [c.number_format for c in gross[1:]] == ["#,##0.00", "#,##0.00", "0.0"]
    county = wb["分县区增加值"]
    heads = [c.value for c in county[4]]
    n_col = heads.index("企业数")
    assert all(isinstance(r[n_col].value, int) and r[n_col].number_format == "#,##0"
               for r in county.iter_rows(min_row=5, max_row=county.max_row - 2) if r[0].value)
    # nowhere is a number stored as text
    number_text = re.compile(r"-?\d[\d,]*\.\d+")
    for sheet in wb.worksheets[2:]:
        bad = [c.coordinate for row in sheet.iter_rows(min_row=5) for c in row
               if isinstance(c.value, str) and number_text.fullmatch(c.value)]
        assert not bad, (sheet.title, bad[:5])


def test_workbook_has_contents_links_print_setup_and_no_machine_path(pack):
    from openpyxl import load_workbook

    out, _ = pack
    wb = load_workbook(next((out / "2023-04").glob("*.xlsx")))
    tables = wb.sheetnames[2:]
    assert wb.sheetnames[:2] == ["封面", "目录"] and len(tables) > 30
    assert all(len(n) <= 31 for n in wb.sheetnames)
    contents = wb["目录"]
    links = {c.hyperlink.location for row in contents.iter_rows(min_row=4) for c in row if c.hyperlink}
    assert links == {f"'{n}'!A1" for n in tables}
    titles = [r[1].value for r in contents.iter_rows(min_row=4)]
    assert "规模以上工业主要指标（2023年1-4月）" in titles
    for name in tables:
        ws = wb[name]
        assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape", name
        # one page wide (1 is the default, left out of the file), as many pages down as needed
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0, name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert ws.print_title_rows == "$4:$4", name
        assert "&P" in ws.oddFooter.center.text, name
        assert ws.freeze_panes in ("A5", "B5"), name
        assert ws["A3"].hyperlink.location == "'目录'!A1", name
    # widths fitted to content, a CJK character counted twice
    ws = wb["主要指标"]
    body = []
    for c in ws["A"][4:]:  # the table's rows, down to the blank row above its note
        if c.value is None:
            break
        body.append(c.value)
    longest = max(len(v) for v in body)
    assert ws.column_dimensions["A"].width >= 2 * longest
    cover = "\n".join(str(c.value) for row in wb["封面"].iter_rows() for c in row if c.value is not None)
    assert str(config.demo_data_dir()) not in cover and "/" not in cover and "\\" not in cover
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", cover) and "+00:00" not in cover


def test_each_table_is_also_a_csv_that_excel_opens(pack):
    out, _ = pack
    from openpyxl import load_workbook

    d = out / "2023-04"
    wb = load_workbook(next(d.glob("*.xlsx")), read_only=True)
    files = sorted((d / "表格").glob("*.csv"))
    assert [f.stem.split("_", 1)[1] for f in files] == wb.sheetnames[2:]
    assert all(f.read_bytes().startswith(b"\xef\xbb\xbf") for f in files)  # UTF-8 with BOM
    headline = pd.read_csv(files[0], encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(headline.columns) == ["指标", "时期", "数值", "单位"]
    figures = headline_figures("2023-04")
    assert list(headline["数值"]) == [f.display() for f in figures]  # as the report rounds them
    manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    assert all(f"表格/{f.name}" in manifest["files"] for f in files)


def test_word_brief_opens_and_its_figures_equal_gx_summarys(pack, capsys):
    from docx import Document
    from docx.oxml.ns import qn

    from gxanalysis.indicators.display import format_target
    from gxanalysis.reporting.brief import docx_text

    out, _ = pack
    path = out / "2023-04" / "简报_2023-04.docx"
    doc = Document(str(path))
    text = docx_text(path)
    assert main(["summary", "--period", "2023-04", "--format", "json"]) == 0
    shown = {f["indicator"]: f for f in json.loads(capsys.readouterr().out)["figures"]}
    d = {k: v["display"] for k, v in shown.items()}
    for phrase in (f"增加值同比增长{d['va_growth_ytd']}%", f"增速居全省第{d['province_rank']}位",
                   f"已连续{d['rank_streak_months']}个月保持全省第一", f"4月当月规上工业增加值增长{d['va_growth_month']}%",
                   f"产值{d['chain_output']}亿元，同比增长{d['chain_output_growth']}%",
                   f"{d['key_projects']}个重点工业项目开复工率{d['start_resume_rate']}%",
                   f"完成投资{d['investment_completed']}亿元，完成年度计划的{d['investment_completion_rate']}%",
                   f"能耗（当量值）下降{d['energy_intensity_change'].lstrip('-')}%",
                   f"新建5G基站{d['base_stations_new']}个、累计{d['base_stations_total']}个",
                   f"新认定省级专精特新中小企业{d['zjtx_provincial_new']}家",
                   f"{d['monitoring_daily']}家企业产值完成率低于序时进度",
                   f"{d['supervision_red']}项督办任务逾期未完成（红色）",
                   f"要实现全年增长{format_target(shown['va_growth_target']['value'])}%的目标，5-12月需增长"
                   f"{d['va_growth_required']}%。"):
        assert phrase in text, phrase
    assert "要实现全年增长10%的目标，5-12月需增长8.0%" in text and "10.0%" not in text
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、总体情况", "二、主要特点", "三、存在问题", "四、全年目标测算"]
    assert doc.paragraphs[0].text == "金澜市2023年1-4月工业经济运行情况"
    assert re.fullmatch(r"金澜市工业和信息化局　\d{4}年\d{1,2}月\d{1,2}日", doc.paragraphs[1].text)
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    fonts = doc.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋"
    assert doc.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert (out / "2023-04" / "简报_2023-04.txt").read_text(encoding="utf-8-sig").count("一、总体情况") == 1


def test_every_report_has_an_a4_pdf_with_its_chinese_text(pack):
    from pypdf import PdfReader

    from gxanalysis.reporting.pdf import find_browser

    out, _ = pack
    d = out / "2023-04"
    manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    if find_browser() is None:
        assert "no Chromium-based browser" in manifest["pdf"]["skipped"]
        pytest.skip("no Chromium, Chrome or Edge on this machine (.ci/run installs Debian's chromium)")
    assert manifest["pdf"]["failed"] == {} and len(manifest["pdf"]["files"]) == len(REPORTS)
    for name, spec in REPORTS.items():
        reader = PdfReader(str(d / f"{name}.pdf"))
        assert len(reader.pages) >= 2, name
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842), name  # A4 portrait
        first = reader.pages[0].extract_text().replace(" ", "")
        assert spec.title_zh in first, name  # the embedded CJK font carries the text
        assert "1/" in first.replace("\n", ""), name  # page numbers in the margin


def test_report_pages_carry_the_print_css_and_the_index_is_for_leaders(pack):
    from language import visible_text

    out, _ = pack
    page = (out / "2023-04" / "monthly_overview.html").read_text(encoding="utf-8")
    for rule in ("size: A4", "break-after: avoid", "break-inside: avoid", "display: table-header-group",
                 "max-width: 100%"):
        assert rule in page, rule
    index = (out / "index.html").read_text(encoding="utf-8")
    text = visible_text(index)
    titles = [spec.title_zh for spec in REPORTS.values()]
    positions = [text.index(t) for t in titles]
    assert positions == sorted(positions)  # the pack's order
    assert "monthly_overview" not in text and "版本" not in text and "Commit" not in text
    assert "2023年4月（1-4月）" in text and "简报" in text and "报表" in text
    assert "@font-face{font-family:'GX CJK'" in index
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", text)


def test_a_large_store_pack_reads_its_panel_in_duckdb_with_the_same_summary_and_brief(tmp_path, monkeypatch):
    """The parent of a run keeps no copy of the tables it validated, and reads a store's large panel in
    DuckDB (``panel="auto"``) for the pack's own figures, brief and workbook: the same files come out."""
    from gxanalysis.data import store
    from gxanalysis.data.ingest import ingest
    from gxanalysis.reporting import runner

    src = tmp_path / "data"
    shutil.copytree(config.default_data_dir(), src)
    st = tmp_path / "store"
    ingest(src, st)
    panels = []
    real_complete = runner._complete_pack

    def complete(stage, names, period, lang, dataset, *args, **kwargs):
        panels.append(type(dataset.enterprise_monthly).__module__.split(".")[0])
        return real_complete(stage, names, period, lang, dataset, *args, **kwargs)

    monkeypatch.setattr(runner, "_complete_pack", complete)
    texts, large = {}, store.LARGE_PANEL_ROWS
    for rows in (large, 1):
        monkeypatch.setattr(store, "LARGE_PANEL_ROWS", rows)
        out = tmp_path / f"out{rows}"
        assert run_pack("2023-04", reports=["investment"], data_dir=st, out_dir=out, progress=False).ok
        pack = out / "2023-04"
        texts[rows] = [(pack / "summary.csv").read_text(encoding="utf-8-sig"),
                       (pack / "简报_2023-04.txt").read_text(encoding="utf-8"),
                       _workbook_texts(pack / "工业经济分析报表_2023-04.xlsx")]
    assert panels == ["pandas", "duckdb"]
    cover = next(iter(texts[large][2].values()))  # the sources of a pack made from a store: its folder's tables
    assert "数据来源" in cover and "企业月度" in cover and "重点项目" in cover, cover
    assert texts[1][:2] == texts[large][:2]
    when = r"\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d\d|\d{4}-\d\d-\d\d \d\d:\d\d"  # the time the pack was made
    strip = lambda t: {k: re.sub(when, "", v) for k, v in t.items()}  # noqa: E731
    assert strip(texts[1][2]) == strip(texts[large][2])
