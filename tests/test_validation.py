"""Validation of input tables: every rule of the contract, located problems, `gx validate`."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from stdnum.cn import uscc

from gxanalysis.cli import main
from gxanalysis.data.validate import credit_code_problem, find_table_files, validate_directory
from gxanalysis.errors import DataValidationError, ParameterError


def _validate(kit, frames: dict[str, pd.DataFrame], folder: Path, **kwargs):
    kit.write(frames, folder, **kwargs)
    return validate_directory(folder, current_month=kit.current_month)


def _problems(report, file: str, column: str | None = None) -> list:
    return [p for p in report.problems if p.file == file and (column is None or p.column == column)]


def test_valid_fixture_passes(valid_data_dir: Path, table_kit) -> None:
    report = validate_directory(valid_data_dir, current_month=table_kit.current_month)
    assert report.ok, report.format()
    assert report.problems == []
    assert report.format().endswith("all 14 tables valid")
    assert set(report.files) == set(table_kit.frames())


def test_gx_validate_exits_0_on_valid_tables(valid_data_dir: Path, capsys) -> None:
    assert main(["validate", str(valid_data_dir)]) == 0
    assert "all 14 tables valid" in capsys.readouterr().out


def test_gx_validate_lists_every_problem_with_file_row_and_column(tmp_path: Path, table_kit, capsys) -> None:
    frames = table_kit.frames()
    # 1. a duplicated enterprise-month: row 2 (first data row) repeated at the end (line 11)
    em = frames["enterprise_monthly"]
    frames["enterprise_monthly"] = pd.concat([em, em.iloc[[0]]], ignore_index=True)
    # 2. a bad check digit in enterprises.csv, line 3
    good = frames["enterprises"].loc[1, "credit_code"]
    wrong = "0" if good[-1] != "0" else "1"
    frames["enterprises"].loc[1, "credit_code"] = good[:-1] + wrong
    # 3. a GBK-encoded city_growth.csv with Chinese headers and 暂无 in a numeric column, line 4
    city_growth = frames.pop("city_growth")
    city_growth.loc[2, "va_growth_ytd"] = "暂无"
    folder = table_kit.write(frames, tmp_path / "bad")
    city_growth.rename(columns={"city": "城市", "period": "月份", "va_growth_ytd": "累计增速",
                                "va_growth_month": "当月增速"}).to_csv(
        folder / "city_growth.csv", index=False, encoding="gbk")

    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert re.search(r"enterprise_monthly\.csv, row 11, column 'credit_code': duplicate key "
                     r"\(credit_code, period\): this row repeats row 2", out)
    assert re.search(rf"enterprises\.csv, row 3, column 'credit_code': invalid 统一社会信用代码: the check digit "
                     rf"\(18th character\) is '{wrong}' but should be '{good[-1]}'", out)
    assert "city_growth.csv, row 4, column '累计增速': not a number (value: '暂无')" in out
    assert "Summary:" in out and "nothing can be loaded" in out
    # the rows that use the mistyped code point at the invalid code in enterprises.csv
    assert "enterprises.csv has invalid values in rows 3 of that column" in out


def test_numbers_accept_thousands_separators_and_spaces(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    frames["enterprises"].loc[0, "design_capacity"] = " 1,234.5 "
    frames["enterprises"].loc[0, "design_output_value"] = "12,345,678"
    report = _validate(table_kit, frames, tmp_path)
    assert report.ok, report.format()
    ent = report.frames["enterprises"]
    assert ent.loc[0, "design_capacity"] == 1234.5
    assert ent.loc[0, "design_output_value"] == 12345678.0


def test_percent_sign_accepted_only_in_percent_columns(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    frames["city_growth"].loc[0, "va_growth_ytd"] = "5.2%"
    frames["enterprise_monthly"].loc[0, "gross_output"] = "5.2%"
    report = _validate(table_kit, frames, tmp_path)
    assert report.frames["city_growth"].loc[0, "va_growth_ytd"] == 5.2
    assert [(p.file, p.row, p.message) for p in report.problems] == [
        ("enterprise_monthly.csv", 2, "not a number")]


@pytest.mark.parametrize("value, reason", [("暂无", "not a number"), ("1.2.3", "not a number"),
                                           ("1,23.4", "not a number"), ("inf", "not a number"),
                                           ("--", "not a number")])
def test_text_in_a_numeric_column_is_an_error_naming_the_value(tmp_path: Path, table_kit, value, reason) -> None:
    frames = table_kit.frames()
    frames["enterprise_monthly"].loc[3, "gross_output"] = value
    report = _validate(table_kit, frames, tmp_path)
    [p] = _problems(report, "enterprise_monthly.csv", "gross_output")
    assert (p.row, p.value, p.message, p.severity) == (5, value, reason, "error")
    assert "1,234.5" in p.fix


def test_whole_numbers_reject_fractions(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    frames["base_stations"].loc[1, "stations"] = "12.5"
    report = _validate(table_kit, frames, tmp_path)
    [p] = _problems(report, "base_stations.csv", "stations")
    assert (p.row, p.message) == (3, "not a whole number")


@pytest.mark.parametrize("text, expected", [("是", True), ("否", False), ("TRUE", True), ("false", False),
                                            ("1", True), ("0", False), ("Y", True), ("n", False)])
def test_booleans(tmp_path: Path, table_kit, text: str, expected: bool) -> None:
    frames = table_kit.frames()
    frames["enterprises"].loc[1, "is_key"] = text
    report = _validate(table_kit, frames, tmp_path)
    assert report.ok, report.format()
    assert bool(report.frames["enterprises"].loc[1, "is_key"]) is expected


def test_bad_boolean(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    frames["projects"].loc[0, "in_stats"] = "可能"
    report = _validate(table_kit, frames, tmp_path)
    [p] = _problems(report, "projects.csv", "in_stats")
    assert p.row == 2 and p.message == "not 是 or 否" and "是 or 否" in p.fix


@pytest.mark.parametrize("text", ["2023-03", "2023/3", "2023年3月", " 2023-3 ", "2023-03-01"])
def test_month_forms_normalise_to_monthly_periods(tmp_path: Path, table_kit, text: str) -> None:
    frames = table_kit.frames()
    frames["project_monthly"].loc[1, "period"] = text
    report = _validate(table_kit, frames, tmp_path)
    assert report.ok, report.format()
    period = report.frames["project_monthly"]["period"]
    assert str(period.dtype) == "period[M]"
    assert period.iloc[1] == pd.Period("2023-03", freq="M")


@pytest.mark.parametrize("text, reason", [("2023-13", "month 13 does not exist"), ("23-03", "not a month"),
                                          ("2023-03-15", "not a month"), ("三月", "not a month")])
def test_bad_months(tmp_path: Path, table_kit, text: str, reason: str) -> None:
    frames = table_kit.frames()
    frames["base_stations"].loc[0, "period"] = text
    report = _validate(table_kit, frames, tmp_path)
    [p] = _problems(report, "base_stations.csv", "period")
    assert (p.row, p.value, p.message) == (2, text, reason)
    assert "YYYY-MM" in p.fix


def test_bad_dates_and_years(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    frames["problems"].loc[0, "raised_date"] = "2023-02-30"
    frames["problems"].loc[1, "due_date"] = "下月底"
    frames["targets"].loc[0, "year"] = "23"
    report = _validate(table_kit, frames, tmp_path)
    assert [(p.row, p.message) for p in _problems(report, "problems.csv")] == [
        (2, "no such day in the calendar"), (3, "not a date")]
    [p] = _problems(report, "targets.csv")
    assert (p.row, p.column, p.message) == (2, "year", "not a 4-digit year")


def test_credit_code_messages() -> None:
    body = "91330100MA27U0001"
    good = body + uscc.calc_check_digit(body)
    assert credit_code_problem(good) is None
    assert credit_code_problem(good.lower()) is None
    assert credit_code_problem(good[:-1]) == "a 统一社会信用代码 has 18 characters; this one has 17"
    assert "character 9 ('I') is not allowed" in credit_code_problem("91330100I" + good[9:])
    assert "characters 1–8 must be digits, but character 2 ('X') is not" in credit_code_problem("9X" + good[2:])
    wrong = "0" if good[-1] != "0" else "1"
    assert credit_code_problem(good[:-1] + wrong) == (
        f"the check digit (18th character) is '{wrong}' but should be '{good[-1]}' for the first 17 characters")


def test_credit_codes_are_normalised(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    code = frames["enterprises"].loc[0, "credit_code"]
    frames["recognitions"].loc[0, "credit_code"] = " " + code.lower() + " "
    report = _validate(table_kit, frames, tmp_path)
    assert report.ok, report.format()
    assert report.frames["recognitions"].loc[0, "credit_code"] == code


def test_required_values_and_columns(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    frames["chains"].loc[1, "chain_name"] = "  "
    frames["targets"] = frames["targets"].drop(columns=["scope"])
    frames["targets"] = frames["targets"].drop(columns=["note"])  # optional: may be omitted
    report = _validate(table_kit, frames, tmp_path)
    [p] = _problems(report, "chains.csv")
    assert (p.row, p.column, p.message) == (3, "chain_name", "required value missing (chain_name, 细分产业链)")
    [p] = _problems(report, "targets.csv")
    assert (p.row, p.column) == (None, "scope")
    assert p.message == "required column 'scope' (范围) is missing"


def test_unknown_column_suggests_the_closest_name(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    frames["cities"] = frames["cities"].rename(columns={"province": "provnce"})
    frames["chains"]["备注"] = "x"
    report = _validate(table_kit, frames, tmp_path)
    unknown = [p for p in report.problems if p.message.startswith("unknown column")]
    assert [(p.file, p.column) for p in unknown] == [("cities.csv", "provnce"), ("chains.csv", "备注")]
    assert "rename it to '省份' (or 'province')" in unknown[0].fix
    assert "delete the column" in unknown[1].fix


def test_sign_and_range_rules(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    frames["projects"].loc[1, "annual_plan"] = "-5"
    frames["power_coal_rates"].loc[0, "gce_per_kwh"] = "600"
    frames["city_growth"].loc[0, "va_growth_ytd"] = "-120"
    report = _validate(table_kit, frames, tmp_path)
    [p] = _problems(report, "projects.csv")
    assert (p.row, p.value, p.message) == (3, "-5", "annual_plan (年度计划投资) must not be negative")
    [p] = _problems(report, "power_coal_rates.csv")
    assert p.message == "gce_per_kwh (供电煤耗) is above the maximum 500 gce/kWh"
    assert p.fix == "check the value: it must be between 200 and 500 gce/kWh"
    [p] = _problems(report, "city_growth.csv")
    assert p.message == "va_growth_ytd (累计增速) is below the minimum -100 %"


def test_allowed_values_are_listed_in_the_fix(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    frames["projects"].loc[0, "kind"] = "改建"
    report = _validate(table_kit, frames, tmp_path)
    [p] = _problems(report, "projects.csv")
    assert (p.row, p.column, p.value) == (2, "kind", "改建")
    assert p.fix == "use one of: 新建, 续建"


def test_duplicate_keys_name_every_repeat_and_the_first_row(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    cities = frames["cities"]
    frames["cities"] = pd.concat([cities, cities.iloc[[1, 1]].assign(is_home="否")], ignore_index=True)
    report = _validate(table_kit, frames, tmp_path)
    dups = [p for p in _problems(report, "cities.csv") if "duplicate key" in p.message]
    assert [(p.row, p.message) for p in dups] == [
        (5, "duplicate key (city): this row repeats row 3"), (6, "duplicate key (city): this row repeats row 3")]


def test_month_forms_are_compared_as_months_in_keys(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    bs = frames["base_stations"]
    frames["base_stations"] = pd.concat([bs, bs.iloc[[0]].assign(period="2023年4月")], ignore_index=True)
    report = _validate(table_kit, frames, tmp_path)
    [p] = _problems(report, "base_stations.csv")
    assert (p.row, p.message) == (4, "duplicate key (county, period): this row repeats row 2")


def test_foreign_key_violations(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    other = table_kit.credit_code("91330100MA27U0009")
    frames["enterprise_monthly"].loc[4, "credit_code"] = other
    frames["enterprises"].loc[1, "chain_id"] = "C99"
    frames["city_growth"].loc[0, "city"] = "丙市"
    report = _validate(table_kit, frames, tmp_path)
    [p] = [p for p in _problems(report, "enterprise_monthly.csv") if "is not in" in p.message]
    assert (p.row, p.column, p.value) == (6, "credit_code", other)
    assert p.message == f"{other} is not in enterprises.csv (column credit_code)"
    [p] = _problems(report, "enterprises.csv")
    assert (p.row, p.column, p.message) == (3, "chain_id", "C99 is not in chains.csv (column chain_id)")
    [p] = _problems(report, "city_growth.csv")
    assert (p.row, p.column, p.value) == (2, "city", "丙市")


def test_project_monthly_needs_the_project_in_that_years_list(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    pm = frames["project_monthly"]
    frames["project_monthly"] = pd.concat(
        [pm, pd.DataFrame({"project_id": ["P001", "P777"], "period": ["2022-12", "2023-04"],
                           "investment": ["10", "10"]})], ignore_index=True)
    report = _validate(table_kit, frames, tmp_path)
    assert [(p.row, p.message) for p in _problems(report, "project_monthly.csv")] == [
        (8, "project P001 is not in the 2022 project list of projects.csv (it is listed for 2023)"),
        (9, "project P777 is not in projects.csv")]


def test_cumulative_decrease_names_both_rows(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    em = frames["enterprise_monthly"]
    # enterprise 2: April's value below March's
    em.loc[5, "value_added"] = "100"
    # its rows listed newest first (lines 5, 6, 7 = Apr, Mar, Feb): still compared month by month
    frames["enterprise_monthly"] = em.iloc[[0, 1, 2, 5, 4, 3, 6, 7, 8]].reset_index(drop=True)
    # a decrease within the 1e-9 relative tolerance is accepted (P001: 2000 in March, April 2e-10 lower)
    pmon = frames["project_monthly"]
    pmon.loc[1, "investment"] = "2000"
    pmon.loc[2, "investment"] = "1999.9999996"
    report = _validate(table_kit, frames, tmp_path)
    [p] = report.problems
    assert (p.file, p.row, p.column, p.value) == ("enterprise_monthly.csv", 5, "value_added", "100")
    assert "falls from 1800 in 2023-03 (row 6) to 100 in 2023-04 (row 5)" in p.message
    assert "check rows 6 and 5" in p.fix
    pmon.loc[2, "investment"] = "1999.99999"  # 5e-9 lower: flagged
    report = _validate(table_kit, frames, tmp_path)
    assert [(p.file, p.row) for p in report.problems] == [("enterprise_monthly.csv", 5), ("project_monthly.csv", 4)]


def test_cumulative_values_restart_each_year(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    pm = frames["project_monthly"]
    frames["project_monthly"] = pd.concat(
        [pm, pd.DataFrame({"project_id": ["P001"], "period": ["2024-02"], "investment": ["5"]})],
        ignore_index=True)
    frames["projects"] = pd.concat([frames["projects"], frames["projects"].iloc[[0]].assign(year="2024")],
                                   ignore_index=True)
    table_kit.write(frames, tmp_path)
    report = validate_directory(tmp_path, current_month="2024-03")
    assert report.ok, report.format()


def test_period_ranges(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    frames["base_stations"].loc[0, "period"] = "2024-01"
    frames["projects"].loc[0, "planned_start"] = "1999-12"
    frames["projects"].loc[1, "planned_start"] = "2024-06"  # planned months may lie ahead
    report = _validate(table_kit, frames, tmp_path)
    [p] = _problems(report, "base_stations.csv")
    assert (p.row, p.message) == (2, "month after the current month 2023-12: figures cannot be reported ahead")
    [p] = _problems(report, "projects.csv")
    assert (p.row, p.column, p.message) == (2, "planned_start", "month before 2000-01")


def test_date_order(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    frames["problems"].loc[0, "closed_date"] = "2023-02-01"
    frames["supervision_tasks"].loc[0, "due_date"] = "2023-01-01"
    report = _validate(table_kit, frames, tmp_path)
    [p] = _problems(report, "problems.csv")
    assert (p.row, p.column) == (2, "closed_date")
    assert p.message == "closed_date (办结日期) is before raised_date (提出日期) 2023-03-01"
    [p] = _problems(report, "supervision_tasks.csv")
    assert (p.row, p.column) == (2, "due_date")


@pytest.mark.parametrize("flags, expected_rows", [(["否", "否", "否"], [None]), (["是", "否", "是"], [2, 4])])
def test_exactly_one_home_city(tmp_path: Path, table_kit, flags, expected_rows) -> None:
    frames = table_kit.frames()
    frames["cities"]["is_home"] = flags
    report = _validate(table_kit, frames, tmp_path)
    problems = _problems(report, "cities.csv", "is_home")
    assert [p.row for p in problems] == expected_rows


def test_capacity_unit_required_with_design_capacity(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    frames["enterprises"].loc[0, "capacity_unit"] = ""
    report = _validate(table_kit, frames, tmp_path)
    [p] = _problems(report, "enterprises.csv")
    assert (p.row, p.column) == (2, "capacity_unit")
    assert "required when design_capacity" in p.message


def test_missing_required_table_and_duplicate_files(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    del frames["chains"]
    folder = table_kit.write(frames, tmp_path)
    table_kit.write({"cities": table_kit.frames()["cities"]}, folder, fmt="xlsx")
    (folder / "enterprise.csv").write_text("x\n", encoding="utf-8")
    (folder / "~$cities.xlsx").write_bytes(b"lock")
    report = validate_directory(folder, current_month=table_kit.current_month)
    by_file = {p.file: p for p in report.problems if p.row is None}
    assert by_file["chains.csv"].message == "required table 'chains' (产业链) is missing: no chains.csv or chains.xlsx"
    assert "two files, cities.csv and cities.xlsx" in by_file["cities.csv"].message
    assert by_file["enterprise.csv"].severity == "warning"
    assert by_file["enterprise.csv"].fix.startswith("rename it to enterprises.csv")
    assert "~$cities.xlsx" not in by_file
    files, _ = find_table_files(folder)
    assert "cities" not in files and "chains" not in files


def test_missing_folder_is_a_parameter_error(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match=r"does not exist .* gx validate"):
        validate_directory(tmp_path / "nowhere")
    assert main(["validate", str(tmp_path / "nowhere")]) == 2


def test_report_to_frame_and_raise(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    frames["chains"].loc[0, "group_kind"] = "3"
    report = _validate(table_kit, frames, tmp_path)
    frame = report.to_frame()
    assert frame.columns.tolist() == ["file", "row", "column", "value", "message", "fix", "severity"]
    assert frame.loc[0, "row"] == 2 and str(frame["row"].dtype) == "Int64"
    assert not report.ok
    with pytest.raises(DataValidationError, match=r"1 error\(s\) in the input data; nothing was loaded"):
        report.raise_if_errors()


def test_format_limits_lines_but_counts_all(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    frames["enterprise_monthly"]["gross_output"] = "x"
    report = _validate(table_kit, frames, tmp_path)
    text = report.format(max_lines=3, lang="en", grouped=False)
    assert "... and 6 more problems" in text
    assert "enterprise_monthly.csv  9 errors, 0 warnings" in text
    grouped = report.format(max_lines=3, lang="en")  # the nine identical errors are one line
    assert "enterprise_monthly.csv, 9 rows (2–10), column 'gross_output': not a number" in grouped
    assert "more problems" not in grouped and "enterprise_monthly.csv  9 errors, 0 warnings" in grouped
