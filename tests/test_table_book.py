"""The pack as the bureau publishes it, piece by piece: the table book's sheets and cells, the Word brief,
the PDF step (found browser, failing browser, no browser). The whole pack is checked in
``test_report_runner.py``."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gxanalysis.labels import SHEETS
from gxanalysis.reporting import pdf
from gxanalysis.reporting.brief import brief_document, docx_text, write_docx
from gxanalysis.reporting.workbook import csv_rows, plan_sheets, write_csv_tables, write_workbook
from gxanalysis.summary import headline_figures


@pytest.fixture(scope="module")
def demo():
    from gxanalysis.data.dataset import load_dataset

    ds = load_dataset()
    return ds, headline_figures("2023-04", dataset=ds)


# -- the table book ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sheet_names_fit_excel_and_are_unique(lang):
    names = [v[lang] for v in SHEETS.values()]
    assert all(0 < len(n) <= 31 for n in names), [n for n in names if len(n) > 31]
    assert len({n.lower() for n in names}) == len(names)
    assert not [n for n in names if set(n) & set('[]:*?/\\') or n.startswith("'")]


def _table(**extra):
    return {"report": "monthly_overview", "name": "va_by_county", "title": "分县区规上工业增加值增速（2023年1-4月）",
            "unit": "单位：家、%", "note": "合计为全市。", "columns": ["县区", "企业数", "1-4月累计增速", "拉动(百分点)"],
            "data": [["全市", 321, 15.1000054, 15.1000054], ["澜东区", 99, 158.3, None],
                     ["=甲区", 3, None, 0.004]],
            "shown": [["全市", "321", "15.1", "15.10"], ["澜东区", "99", "1.6倍", "--"], ["=甲区", "3", "由亏转盈", "0.00"]],
            "formats": [{"kind": "text"}, {"kind": "int", "precision": 0, "thousands": True},
                        {"kind": "growth", "precision": 1, "thousands": False},
                        {"kind": "number", "precision": 2, "thousands": True}]} | extra


def test_a_sheet_stores_numbers_with_the_columns_format_and_text_where_there_is_none(tmp_path):
    path = write_workbook([_table()], tmp_path / "b.xlsx", title="报表", period_label="2023年4月",
                          cover_lines=[("地区", "金澜市")])
    wb = load_workbook(path)
    assert wb.sheetnames == ["封面", "目录", "分县区增加值"]
    ws = wb["分县区增加值"]
    assert ws["A1"].value.startswith("分县区") and ws["A2"].value == "单位：家、%"
    assert [c.value for c in ws[4]] == ["县区", "企业数", "1-4月累计增速", "拉动(百分点)"]
    assert [(c.value, c.data_type, c.number_format) for c in ws[5]][1:] == [
        (321, "n", "#,##0"), (pytest.approx(15.1000054), "n", "0.0"), (pytest.approx(15.1000054), "n", "#,##0.00")]
    # growth of 100% or more stays a number; a status or "--" is the report's text, right-aligned
    assert ws["C6"].value == pytest.approx(158.3) and ws["D6"].value == "--" and ws["C7"].value == "由亏转盈"
    assert ws["C7"].alignment.horizontal == "right"
    assert ws["A7"].value == "=甲区" and ws["A7"].data_type == "s" and ws["A7"].quotePrefix
    assert ws["A9"].value == "注：合计为全市。"
    assert ws.column_dimensions["C"].width >= len("1-4月累计增速") + 2


def test_csv_rows_round_as_the_report_and_neutralise_formula_text(tmp_path):
    rows = csv_rows(_table())
    assert rows[1] == ["全市", "321", "15.1", "15.10"]
    assert rows[2] == ["澜东区", "99", "158.3", "--"]
    assert rows[3] == ["'=甲区", "3", "由亏转盈", "0.00"]
    files = write_csv_tables([_table(), _table()], tmp_path / "表格")
    assert [f.name for f in files] == ["01_分县区增加值.csv", "02_分县区增加值（2）.csv"]
    assert files[0].read_bytes().startswith(b"\xef\xbb\xbf")


def test_english_workbook_speaks_english(tmp_path):
    t = _table(columns=["County", "Enterprises", "Growth Jan–Apr", "Pull (pp)"], title="Value added by county")
    path = write_workbook([t], tmp_path / "b.xlsx", title="Tables", period_label="Apr 2023", cover_lines=[],
                          lang="en")
    assert load_workbook(path).sheetnames == ["Cover", "Contents", "Value added by county"]
    assert plan_sheets([t, t], "en") == ["Value added by county", "Value added by county (2)"]


# -- the Word brief ---------------------------------------------------------------------------------------

def test_chinese_docx_has_no_english_and_says_the_target_as_the_bureau_does(demo, tmp_path):
    from language import zh_problems

    ds, figures = demo
    path = write_docx(brief_document(figures, ds), tmp_path / "简报.docx")
    text = docx_text(path)
    assert zh_problems(text) == []
    assert "要实现全年增长10%的目标，5-12月需增长8.0%。" in text and "实现全年增长10.0%" not in text
    assert "比3月当月提高" in text or "比3月当月回落" in text  # the change on the previous month
    assert "--" not in text


def test_english_docx_has_no_chinese_outside_names(demo, tmp_path):
    from language import en_problems
    from test_report_runner import _proper_names

    ds, figures = demo
    text = docx_text(write_docx(brief_document(figures, ds, lang="en"), tmp_path / "brief.docx"))
    assert en_problems(text, _proper_names() | {"金澜市"}) == []
    assert "1. Overview" in text and "To reach the annual target of 10% growth" in text


def test_a_figure_that_cannot_be_computed_leaves_its_sentence_out(demo):
    ds, figures = demo
    gone = {"va_growth_required", "chain_output", "energy_intensity_change", "energy_intensity_change_ytd"}
    fewer = dataclasses.replace(figures, figures=tuple(
        dataclasses.replace(f, value=None, status="no_data") if f.indicator in gone else f for f in figures))
    doc = brief_document(fewer, ds)
    text = doc.text()
    assert "全年目标测算" not in text and "需增长" not in text
    assert "产业链群完成产值" not in text and "能耗" not in text
    assert "同比增长15.1%" in text


def test_december_brief_has_no_remaining_months_and_no_previous_month_comparison_in_february():
    from gxanalysis.data.dataset import load_dataset

    ds = load_dataset()
    december = brief_document(headline_figures("2022-12", dataset=ds), ds).text()
    assert "需增长" not in december and "--" not in december
    february = brief_document(headline_figures("2023-02", dataset=ds), ds).text()
    assert "2023年1-2月" in february and "比1月" not in february and "当月" not in february


# -- print ----------------------------------------------------------------------------------------------------

def test_no_browser_means_no_pdf_and_a_note(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_browser", lambda: None)
    (tmp_path / "r.html").write_text("<html><body>报告</body></html>", encoding="utf-8")
    result = pdf.print_reports(tmp_path, ["r"])
    assert "GX_BROWSER" in result.manifest()["skipped"] and not (tmp_path / "r.pdf").exists()


def _stand_in(path: Path, body: str) -> Path:
    """An executable that stands in for the browser (a Python script with a shebang)."""
    path.write_text(f"#!{sys.executable}\nimport sys, time\n{body}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in browser is a script with a shebang")
def test_a_browser_that_fails_or_hangs_is_reported_not_raised(tmp_path):
    (tmp_path / "r.html").write_text("<html><body>报告</body></html>", encoding="utf-8")
    failing = _stand_in(tmp_path / "failing", "sys.stderr.write('GPU process crashed\\n'); sys.exit(3)")
    result = pdf.print_reports(tmp_path, ["r"], browser=failing)
    assert "wrote no PDF" in result.failed["r"] and "GPU process crashed" in result.failed["r"]
    assert "exit code 3" in result.failed["r"]
    hanging = _stand_in(tmp_path / "hanging", "time.sleep(60)")
    result = pdf.print_reports(tmp_path, ["r"], browser=hanging, timeout=1)
    assert "did not print r.html within 1 s" in result.failed["r"]
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*.tmp"))


def test_the_browser_is_found_on_the_path_or_by_gx_browser(tmp_path):
    exe = tmp_path / ("msedge.exe" if sys.platform == "win32" else "msedge")
    exe.write_text("", encoding="utf-8")
    exe.chmod(0o755)
    assert pdf.find_browser(env={}, search_path=str(tmp_path)) == exe
    assert pdf.find_browser(env={"GX_BROWSER": str(exe)}, search_path="") == exe
    assert pdf.find_browser(env={"GX_BROWSER": str(tmp_path / "none")}, search_path=str(tmp_path)) is None


def _real_browser() -> Path:
    browser = pdf.find_browser()
    if browser is None:
        pytest.skip("no Chromium, Chrome or Edge on this machine (.ci/run installs Debian's chromium)")
    return browser


def _long_chinese_page(path: Path, rows: int = 120) -> Path:
    """A report-like page: an A4 print CSS, a CJK font embedded, a table longer than one page."""
    from gxanalysis.reporting.export import embed_cjk_font

    body = "".join(f"<tr><td>第{i}行企业</td><td>{i}.0</td></tr>" for i in range(rows))
    page = ("<html><head><style>@page{size:A4 portrait;margin:15mm}thead{display:table-header-group}"
            "tr{break-inside:avoid}</style></head><body><h1>工业经济运行情况</h1><table><thead><tr><th>企业名称</th>"
            f"<th>产值</th></tr></thead><tbody>{body}</tbody></table></body></html>")
    path.write_text(embed_cjk_font(page), encoding="utf-8")
    return path


def _pages(path: Path) -> list[tuple[tuple[int, int], str]]:
    """(A4 size in points, text) of each page of a PDF."""
    from pypdf import PdfReader

    return [((round(float(p.mediabox.width)), round(float(p.mediabox.height))), p.extract_text())
            for p in PdfReader(str(path)).pages]


@pytest.mark.slow
def test_a_real_browser_prints_chinese_on_a4(tmp_path):
    browser = _real_browser()
    from pypdf import PdfReader

    html = _long_chinese_page(tmp_path / "r.html")
    out = pdf.html_to_pdf(html, tmp_path / "r.pdf", browser)
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 2
    assert (round(float(reader.pages[0].mediabox.width)), round(float(reader.pages[0].mediabox.height))) == (595, 842)
    second = reader.pages[1].extract_text().replace(" ", "")
    assert "企业名称" in second  # the header row repeated on the next page
    assert re.search(r"第\d+行企业", second)


needs_pipe = pytest.mark.skipif(sys.platform == "win32", reason="a warm browser is driven over a POSIX pipe")


@pytest.mark.slow
@needs_pipe
def test_a_warm_browser_prints_the_pdfs_a_browser_process_prints(tmp_path):
    browser = _real_browser()
    cold, hot = tmp_path / "cold", tmp_path / "hot"
    for folder in (cold, hot):
        folder.mkdir()
        for i, rows in enumerate((120, 40, 260)):
            _long_chinese_page(folder / f"r{i}.html", rows)
    names = ["r0", "r1", "r2"]
    assert pdf.print_reports(cold, names, browser=browser).files == [f"{n}.pdf" for n in names]
    with pdf.WarmBrowser(browser) as warm:
        result = pdf.print_reports(hot, names, warm=warm, workers=3)  # three tabs at once
        assert result.files == [f"{n}.pdf" for n in names] and not result.failed
        assert warm.alive
    assert not warm.alive
    for n in names:
        printed = _pages(hot / f"{n}.pdf")
        assert printed == _pages(cold / f"{n}.pdf")  # the same pages, sizes and text
        assert len(printed) >= 2 and {size for size, _ in printed} == {(595, 842)}
    assert not list(hot.glob(".*.tmp"))


@pytest.mark.slow
@needs_pipe
def test_a_bad_page_does_not_stop_a_warm_browser_and_a_dead_one_is_replaced(tmp_path):
    browser = _real_browser()
    _long_chinese_page(tmp_path / "good.html", 10)
    with pdf.WarmBrowser(browser) as warm:
        with pytest.raises(RuntimeError, match="could not open missing.html"):
            warm.print(tmp_path / "missing.html", tmp_path / "missing.pdf", timeout=30)
        (tmp_path / "hangs.html").write_text("<html><body>报告<script>while (true) {}</script></body></html>",
                                             encoding="utf-8")
        result = pdf.print_reports(tmp_path, ["hangs", "good"], warm=warm, timeout=3)
        assert result.failed == {"hangs": f"{warm.browser.name} did not print hangs.html within 3 s"}
        assert result.files == ["good.pdf"]
        assert warm.alive  # neither bad page stops the browser
        (tmp_path / "good.pdf").unlink()
        pdf._kill_tree(warm.pid)
        assert warm._exited(wait=10) and not warm.alive
        result = pdf.print_reports(tmp_path, ["good"], warm=warm)  # each report by a process of its own
        assert result.files == ["good.pdf"] and not result.failed
    assert _pages(tmp_path / "good.pdf")[0][0] == (595, 842)
    assert not list(tmp_path.glob(".*.tmp"))


@needs_pipe
def test_a_browser_that_does_not_speak_the_protocol_is_not_kept_open(tmp_path):
    silent = _stand_in(tmp_path / "silent", "sys.exit(0)")
    with pytest.raises(RuntimeError, match="silent.*stopped"):
        pdf.WarmBrowser(silent, startup_timeout=10)
    assert pdf.warm_browser(silent) is None  # gx batch then prints with a process per report
    hanging = _stand_in(tmp_path / "hanging", "time.sleep(60)")
    with pytest.raises(RuntimeError, match="did not answer Browser.getVersion within 1 s"):
        pdf.WarmBrowser(hanging, startup_timeout=1)


def test_manifest_note_is_json(tmp_path):
    note = pdf.PrintResult(browser="chromium", files=["a.pdf"], failed={"b": "timed out"}).manifest()
    assert json.loads(json.dumps(note)) == {"printed_by": "chromium", "files": ["a.pdf"], "failed": {"b": "timed out"}}


def test_templates_ship_with_the_package():
    import tomllib

    from gxanalysis.reporting.export import TEMPLATES_DIR

    assert {p.name for p in TEMPLATES_DIR.glob("*.j2")} >= {"gx_report.html.j2", "gx_print.css.j2", "index.html.j2"}
    root = Path(__file__).resolve().parents[1]
    package_data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "resources/**/*" in package_data["package-data"]["gxanalysis"]
    assert TEMPLATES_DIR.resolve().is_relative_to(root / "gxanalysis" / "resources")
