"""Excel templates and the data-contract documentation, both generated from the schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from gxanalysis import config
from gxanalysis.cli import main as gx_main
from gxanalysis.data.contract_doc import (
    END_MARKER,
    START_MARKER,
    render_contract_markdown,
    update_readme,
)
from gxanalysis.data.contract_zh import (
    ALLOWED_ZH,
    COLUMN_NOTES_ZH,
    PERIOD_CONVENTIONS_ZH,
    TABLE_NOTES_ZH,
    TABLE_RULES_ZH,
)
from gxanalysis.data.dataset import load_dataset
from gxanalysis.data.readers import read_table
from gxanalysis.data.schema import TABLES, TABLES_BY_NAME
from gxanalysis.data.templates import (
    EXAMPLE_SHEET,
    INFO_HEADERS,
    INFO_SHEET,
    display_width,
    example_row,
    header_text,
    write_templates,
)
from gxanalysis.data.validate import TABLE_RULES, validate_directory, validate_tables

REGENERATE = "gx contract-doc"


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> list[Path]:
    return write_templates(tmp_path_factory.mktemp("templates"))


def test_one_template_per_table(templates: list[Path]) -> None:
    assert [p.name for p in templates] == [f"{t.name}.xlsx" for t in TABLES]


def test_template_layout(templates: list[Path]) -> None:
    for path in templates:
        t = TABLES_BY_NAME[path.stem]
        wb = load_workbook(path)
        ws = wb.worksheets[0]
        assert ws.title == t.zh
        assert [c.value for c in ws[1]] == [header_text(c) for c in t.columns]
        assert all(cell.value == f"{c.zh}（{c.unit}）" for cell, c in zip(ws[1], t.columns, strict=True) if c.unit)
        assert all(c.font.bold for c in ws[1])
        assert ws.freeze_panes == "A2"
        assert ws.max_row == 1
        for cell, col in zip(ws[1], t.columns, strict=True):
            assert ws.column_dimensions[cell.column_letter].width >= display_width(header_text(col))
        info = wb[INFO_SHEET]
        rows = list(info.iter_rows(values_only=True))
        assert rows[0] == INFO_HEADERS
        assert [r[0] for r in rows[1:len(t.columns) + 1]] == t.column_names
        assert [r[1] for r in rows[1:len(t.columns) + 1]] == [c.zh for c in t.columns]
        assert [r[4] for r in rows[1:len(t.columns) + 1]] == ["是" if c.required else "否" for c in t.columns]


def test_info_sheet_gives_types_rules_and_key(templates: list[Path]) -> None:
    path = next(p for p in templates if p.stem == "project_monthly")
    rows = list(load_workbook(path)[INFO_SHEET].iter_rows(values_only=True))
    assert rows[3] == ("investment", "本年完成投资", "数值", "万元", "是", "本年完成投资，本年累计",
                       "0–1,000,000,000；本年累计，年内逐月不减")
    notes = [r[0] for r in rows[5:] if r[0]]
    assert "主键（每行唯一）：项目编号、月份" in notes
    assert "规则：“项目编号”必须在该月份所在年度的重点项目清单中" in notes
    assert "期间约定：本年累计值；每年第一行可以是1–2月（填2月）" in notes


def test_the_info_sheets_are_in_chinese() -> None:
    """Every English text of the contract has its Chinese text for the 说明 sheet."""
    for t in TABLES:
        assert t.name in TABLE_NOTES_ZH
        assert not t.period_convention or t.period_convention in PERIOD_CONVENTIONS_ZH
        assert len(TABLE_RULES_ZH.get(t.name, ())) == len(TABLE_RULES.get(t.name, ())), t.name
        for c in t.columns:
            if c.description:
                assert (t.name, c.name) in COLUMN_NOTES_ZH, (t.name, c.name)
    assert set(COLUMN_NOTES_ZH) <= {(t.name, c.name) for t in TABLES for c in t.columns}
    for (table, column), aliases in ALLOWED_ZH.items():
        assert sorted(aliases.values()) == sorted(TABLES_BY_NAME[table].column(column).allowed)


def test_example_rows_are_valid_and_never_read_as_data(templates: list[Path], tmp_path: Path) -> None:
    for path in templates:
        t = TABLES_BY_NAME[path.stem]
        example = load_workbook(path)[EXAMPLE_SHEET]
        rows = list(example.iter_rows(values_only=True))
        assert list(rows[0]) == [header_text(c) for c in t.columns]
        assert [v or "" for v in rows[1]] == example_row(t)
        # the template as it is: no data rows (the example sheet is documentation)
        assert read_table(path, t).data.shape[0] == 0
        # the example row, typed into the data sheet, passes every check of its own table
        wb = load_workbook(path)
        for j, value in enumerate(example_row(t), start=1):
            wb.worksheets[0].cell(row=2, column=j, value=value or None)
        filled = tmp_path / path.name
        wb.save(filled)
        raw = read_table(filled, t)
        assert raw.problems == [] and raw.data.shape[0] == 1
        report = validate_tables({t.name: raw}, current_month="2023-12")
        own = [p for p in report.problems if p.file == filled.name]
        assert own == [], "\n".join(map(str, own))


def test_chinese_drop_down_values_are_accepted_as_the_codes(tmp_path: Path) -> None:
    from gxanalysis.data.templates import write_template

    path = write_template(TABLES_BY_NAME["targets"], tmp_path / "targets.xlsx")
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    listed = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert any("规上工业增加值增速" in f for f in listed) and not any("va_growth" in f for f in listed)
    for j, value in enumerate(["2023", "规上工业增加值增速", "city", "10", "%", ""], start=1):
        ws.cell(row=2, column=j, value=value or None)
    wb.save(path)
    report = validate_tables({"targets": read_table(path, "targets")}, current_month="2023-12")
    assert [p for p in report.problems if p.file == "targets.xlsx"] == []
    assert report.frames["targets"]["indicator"].tolist() == ["va_growth"]


def test_display_width() -> None:
    assert display_width("abc") == 3
    assert display_width("统一社会信用代码") == 16


def test_filled_templates_validate_and_load(tmp_path: Path, templates: list[Path], table_kit) -> None:
    frames = table_kit.frames()
    folder = tmp_path / "filled"
    folder.mkdir()
    for path in templates:
        if path.stem not in frames:
            continue
        wb = load_workbook(path)
        ws = wb.worksheets[0]
        row = frames[path.stem].iloc[0]
        for j, col in enumerate(TABLES_BY_NAME[path.stem].columns, start=1):
            value = row.get(col.name, "")
            ws.cell(row=2, column=j, value=value if value != "" else None)
        wb.save(folder / path.name)
    raw = read_table(folder / "enterprises.xlsx", "enterprises")
    assert raw.rows.tolist() == [2]
    assert raw.headers["credit_code"] == "统一社会信用代码"
    report = validate_directory(folder, current_month=table_kit.current_month)
    assert report.ok, report.format()
    ds = load_dataset(folder)
    assert ds.enterprises["credit_code"].tolist() == [table_kit.codes[0]]
    assert str(ds.latest_period()) == "2023-02"


def test_committed_templates_are_up_to_date() -> None:
    for t in TABLES:
        path = config.TEMPLATES_DIR / f"{t.name}.xlsx"
        assert path.exists(), f"{path} is missing: run `gx templates`"
        wb = load_workbook(path, read_only=True)
        header = next(wb.worksheets[0].iter_rows(max_row=1, values_only=True))
        info = list(wb[INFO_SHEET].iter_rows(min_row=2, max_row=len(t.columns) + 1, values_only=True))
        wb.close()
        assert list(header) == [header_text(c) for c in t.columns], f"{path} is out of date: run `gx templates`"
        assert [r[0] for r in info] == t.column_names, f"{path} is out of date: run `gx templates`"


def test_contract_markdown_covers_every_table_and_column() -> None:
    text = render_contract_markdown()
    for t in TABLES:
        assert f"### `{t.name}` — {t.zh}" in text
        for c in t.columns:
            assert f"| `{c.name}` | {c.zh} |" in text
    assert "| `credit_code` | 统一社会信用代码 | 统一社会信用代码 |  | yes | → enterprises.credit_code" in text
    assert "| `kind` | 建设性质 | text |  | yes | one of: 新建, 续建 |" in text
    assert "* Rule: `project_id` must be in `projects` for the year of `period`" in text


def test_data_readme_is_in_sync_with_the_contract() -> None:
    readme = (config.DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert START_MARKER in readme and END_MARKER in readme
    section = readme.split(START_MARKER, 1)[1].split(END_MARKER, 1)[0]
    assert section.strip() == render_contract_markdown().strip(), (
        f"data/README.md is out of date with gxanalysis/data/schema.py: run `{REGENERATE}`")


def test_update_readme_rewrites_only_the_section(tmp_path: Path, capsys) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# intro\n\n{START_MARKER}\nold\n{END_MARKER}\n\ntail\n", encoding="utf-8")
    assert gx_main(["contract-doc", "--check", "--readme", str(readme)]) == 1
    assert "out of date" in capsys.readouterr().out
    assert gx_main(["contract-doc", "--readme", str(readme)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# intro\n\n") and text.endswith(f"{END_MARKER}\n\ntail\n")
    assert "old" not in text.split(START_MARKER)[1].split("## The data contract")[0]
    assert update_readme(readme, check=True) is False
    assert gx_main(["contract-doc", "--check", "--readme", str(readme)]) == 0
