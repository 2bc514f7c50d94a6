"""Reading one table file: encodings, headers, row numbers, XLSX cells."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from gxanalysis.data.readers import decode_bytes, normalise_header, read_table, read_text
from gxanalysis.errors import DataValidationError

CITIES_ZH = "城市,省份,是否本市\n本市,某省,是\n甲市,某省,否\n"


@pytest.mark.parametrize("encoding, expected", [("utf-8", "utf-8-sig"), ("utf-8-sig", "utf-8-sig"),
                                                ("gbk", "gb18030"), ("gb18030", "gb18030")])
def test_csv_encodings_are_detected(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "cities.csv"
    path.write_bytes(CITIES_ZH.encode(encoding))
    raw = read_table(path, "cities")
    assert raw.encoding == expected
    assert raw.data.columns.tolist() == ["city", "province", "is_home"]
    assert raw.data["city"].tolist() == ["本市", "甲市"]
    assert raw.headers == {"city": "城市", "province": "省份", "is_home": "是否本市"}
    assert raw.rows.tolist() == [2, 3]
    assert raw.problems == []


def test_undecodable_bytes_are_guessed_with_a_warning_naming_the_encodings_tried() -> None:
    data = "city,province,is_home\ncafé,naïve,1\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb18030")
    text, encoding, problems = decode_bytes(data, file="cities.csv")
    assert "city,province" in text
    assert encoding not in ("utf-8-sig", "gb18030")
    assert len(problems) == 1 and problems[0].severity == "warning"
    assert "tried utf-8-sig, gb18030, then charset-normalizer" in problems[0].message


def test_read_text_returns_text_and_encoding(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("指标,2023年12月\n".encode("gbk"))
    assert read_text(path) == ("指标,2023年12月\n", "gb18030")


def test_headers_are_stripped_and_matched_loosely(tmp_path: Path) -> None:
    path = tmp_path / "enterprise_monthly.csv"
    header = "\ufeff 统一社会信用代码 ,月份,工业总产值,工业总产值上年同期,工业增加值（可比价）,工业增加值上年同期, Extra "
    path.write_text(header + "\n" + ",".join(["a"] * 7) + "\n", encoding="utf-8")
    raw = read_table(path, "enterprise_monthly")
    assert raw.data.columns.tolist() == ["credit_code", "period", "gross_output", "gross_output_base",
                                         "value_added", "value_added_base", "Extra"]
    assert raw.headers["credit_code"] == "统一社会信用代码"
    assert raw.headers["value_added"] == "工业增加值（可比价）"
    assert raw.unknown_columns == ["Extra"]
    assert normalise_header("VALUE_ADDED ") == "value_added"


def test_csv_row_numbers_count_blank_lines_and_drop_empty_rows(tmp_path: Path) -> None:
    path = tmp_path / "cities.csv"
    path.write_text("city,province,is_home\n本市,某省,是\n\n , ,\n甲市,某省,否\n", encoding="utf-8")
    raw = read_table(path, "cities")
    assert raw.data["city"].tolist() == ["本市", "甲市"]
    assert raw.rows.tolist() == [2, 5]


def test_values_spanning_lines_keep_the_line_of_their_record(tmp_path: Path) -> None:
    path = tmp_path / "problems.csv"
    path.write_text('problem_id,description\nQ1,"招工难\r\n缺技工"\n\nQ2,融资\nQ3,"a\n\nb"\nQ4,x', encoding="utf-8")
    raw = read_table(path, "problems")
    assert raw.data["problem_id"].tolist() == ["Q1", "Q2", "Q3", "Q4"]
    assert raw.data["description"].tolist()[0] == "招工难\r\n缺技工"
    assert raw.rows.tolist() == [2, 5, 6, 9]


def test_cells_are_read_as_text_with_original_spacing(tmp_path: Path) -> None:
    path = tmp_path / "city_growth.csv"
    path.write_text('city,period,va_growth_ytd\n本市,2023-02," 1,234.5 "\n本市,2023-03,007\n', encoding="utf-8")
    raw = read_table(path, "city_growth")
    assert raw.data["va_growth_ytd"].tolist() == [" 1,234.5 ", "007"]


def test_ragged_csv_line_is_reported_with_its_line_number(tmp_path: Path) -> None:
    path = tmp_path / "cities.csv"
    path.write_text("city,province,is_home\n本市,某省,是\n甲市,某省,否,多余\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"cities.csv, row 3: .*as many fields as the header"):
        read_table(path, "cities")


def test_repeated_and_blank_headers_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "cities.csv"
    path.write_text("city,城市,province,is_home,\nA,B,某省,是,x\n", encoding="utf-8")
    raw = read_table(path, "cities")
    messages = [p.message for p in raw.problems]
    assert any("repeats the column 'city'" in m for m in messages)
    assert any("column 5 holds values but has no header" in m for m in messages)
    assert raw.data["city"].tolist() == ["A"]


def test_empty_csv_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "cities.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(DataValidationError, match="the file is empty"):
        read_table(path, "cities")


def test_xlsx_reads_the_named_sheet_with_excel_row_numbers(tmp_path: Path) -> None:
    wb = Workbook()
    first = wb.active
    first.title = "封面"
    first.append(["not the data"])
    ws = wb.create_sheet("企业问题台账")
    ws.append(["问题编号", "统一社会信用代码", "提出日期", "责任部门", "办结时限", "数量"])
    ws.append(["Q1", "91330100MA27U00011", dt.datetime(2023, 3, 1), "市人社局", dt.date(2023, 3, 31), 12.0])
    ws.append([None, None, None, None, None, None])
    ws.append(["Q2", "91330100MA27U00011", "2023-04-02", "市金融办", dt.datetime(2023, 5, 2, 9, 30), 0.1])
    path = tmp_path / "problems.xlsx"
    wb.save(path)
    raw = read_table(path, "problems")
    assert raw.sheet == "企业问题台账"
    assert raw.rows.tolist() == [2, 4]
    assert raw.data["raised_date"].tolist() == ["2023-03-01", "2023-04-02"]
    assert raw.data["due_date"].tolist() == ["2023-03-31", "2023-05-02 09:30:00"]
    assert raw.data["数量"].tolist() == ["12", "0.1"]
    assert raw.unknown_columns == ["数量"]


def test_xlsx_percentages_are_read_as_displayed(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["城市", "月份", "累计增速"])
    ws.append(["本市", "2023-02", 0.052])
    ws["C2"].number_format = "0.0%"
    path = tmp_path / "city_growth.xlsx"
    wb.save(path)
    assert read_table(path, "city_growth").data["va_growth_ytd"].tolist() == ["5.2%"]


def test_xlsx_falls_back_to_the_first_sheet(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.active.append(["city", "province", "is_home"])
    wb.active.append(["本市", "某省", True])
    path = tmp_path / "cities.xlsx"
    wb.save(path)
    raw = read_table(path, "cities")
    assert raw.sheet == "Sheet1"
    assert raw.data["is_home"].tolist() == ["true"]


def test_corrupt_workbook_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "cities.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(DataValidationError, match=r"cities.xlsx: cannot open the workbook"):
        read_table(path, "cities")


def test_whitespace_is_what_str_strip_removes():
    """The written-out list of characters trimmed from cells is exactly what ``str.strip()`` removes."""
    from gxanalysis.data.readers import _WHITESPACE

    assert _WHITESPACE == "".join(chr(i) for i in range(0x110000) if chr(i).isspace())


@pytest.mark.parametrize("body", ["名称" * 30, "金a" * 30])
def test_mixed_encodings_after_a_bom_name_the_byte_of_the_file(body):
    """A UTF-8 file with a BOM that GBK bytes continue: the byte named is the file's own (the BOM counted),
    and a position that falls inside a character of the UTF-8 part is no crash."""
    import codecs

    head = codecs.BOM_UTF8 + body.encode("utf-8")
    with pytest.raises(DataValidationError) as err:
        decode_bytes(head + "金".encode("gbk") + b"\n", file="x.csv")
    (problem,) = err.value.problems
    assert problem.row == 1
    assert f"byte {len(head)}" in str(problem.message)
    assert problem.value == repr(("金".encode("gbk") + b"\n")[:8])
