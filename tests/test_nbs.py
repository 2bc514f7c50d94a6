"""The NBS portal export parser, against the raw exports shipped in data/nbs/."""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gxanalysis.config import NBS_DIR, PROJECT_DIR
from gxanalysis.data.nbs import (
    VALUE_ADDED_YOY,
    VALUE_ADDED_YTD,
    detect_encoding,
    published_release,
    read_growth_series,
    read_nbs_export,
)
from gxanalysis.errors import DataValidationError, GxError

VA_FILE = NBS_DIR / "月度数据_规上工业增加值增长速度_1998-2023.csv"
PPI_FILE = NBS_DIR / "月度数据_工业生产者出厂价格指数_1998-2023.csv"
REFERENCE = PROJECT_DIR.parent / "shared" / "data" / "reference" / "nbs_release_industry_growth_excerpts.csv"


@pytest.fixture(scope="module")
def va() -> pd.DataFrame:
    return read_nbs_export(VA_FILE)


def test_raw_files_are_the_portal_format():
    raw = VA_FILE.read_bytes()
    assert detect_encoding(raw) == "gbk"
    assert raw.count(b"\r\n") == raw.count(b"\n") > 0  # CRLF


def test_index_columns_and_attrs(va):
    assert isinstance(va.index, pd.PeriodIndex)
    assert va.index.name == "period"
    assert va.index.freqstr.startswith("M")
    assert va.index.is_monotonic_increasing
    assert str(va.index[0]) == "1998-01" and str(va.index[-1]) == "2023-12"
    assert len(va) == 26 * 12  # every month, January rows included
    assert list(va.columns) == [VALUE_ADDED_YOY, VALUE_ADDED_YTD]
    assert all(dt == np.float64 for dt in va.dtypes)
    assert va.attrs["source"] == "国家统计局"
    assert va.attrs["database"] == "月度数据"
    assert va.attrs["encoding"] == "gbk"
    assert va.attrs["file"] == str(VA_FILE)
    assert len(va.attrs["notes"]) == 3
    assert va.attrs["notes"][2].startswith("3.自2013年起")


@pytest.mark.parametrize(("month", "column", "expected"), [
    ("2023-12", VALUE_ADDED_YTD, 4.6),
    ("2022-12", VALUE_ADDED_YTD, 3.6),
    ("2021-12", VALUE_ADDED_YTD, 9.6),
    ("2020-02", VALUE_ADDED_YTD, -13.5),
    ("2010-12", VALUE_ADDED_YTD, 15.7),
    ("2023-12", VALUE_ADDED_YOY, 6.8),
])
def test_spot_values(va, month, column, expected):
    assert va.loc[month, column] == pytest.approx(expected, abs=1e-12)


def test_blank_cells_stay_blank(va):
    jan = va[va.index.month == 1]
    assert jan.isna().all().all()
    feb = va[(va.index.month == 2) & (va.index.year >= 2013)]
    assert feb[VALUE_ADDED_YOY].isna().all()
    assert feb[VALUE_ADDED_YTD].notna().all()
    # before 2013 February has its single-month value (2012-02: 21.3)
    assert va.loc["2012-02", VALUE_ADDED_YOY] == pytest.approx(21.3)
    assert va.loc["1998-01":"1998-06"].isna().all().all()
    assert va.loc["1998-07"].notna().all()
    # no value is invented: the non-blank cells of the file are exactly the non-NaN cells of the frame
    text = VA_FILE.read_bytes().decode("gbk")
    rows = [r for r in csv.reader(text.splitlines()) if r and r[0] in (VALUE_ADDED_YOY, VALUE_ADDED_YTD)]
    assert sum(1 for r in rows for c in r[1:] if c.strip()) == int(va.notna().sum().sum())


def test_ppi_file():
    ppi = read_nbs_export(PPI_FILE)
    # the export holds one indicator row (all industry); no sub-index rows are invented
    assert list(ppi.columns) == ["工业生产者出厂价格指数(上年同月=100)"]
    assert len(ppi) == 312
    assert ppi.loc["2023-12"].iloc[0] == pytest.approx(97.3)
    assert ppi.loc["1998-01"].iloc[0] == pytest.approx(98.7)
    assert ppi.attrs["notes"][0].startswith("国家统计局从2011年1月开始")
    assert '"工业品价格统计"' in ppi.attrs["notes"][0]  # CSV-doubled quotes are unescaped
    assert ppi.attrs["source"] == "国家统计局"


@pytest.mark.parametrize(("encoding", "newline"), [("utf-8", "\n"), ("utf-8-sig", "\r\n"),
                                                    ("gb18030", "\n")])
def test_other_encodings_give_the_same_frame(va, tmp_path, encoding, newline):
    text = VA_FILE.read_bytes().decode("gbk").replace("\r\n", "\n")
    copy = tmp_path / "export.csv"
    copy.write_bytes(text.replace("\n", newline).encode(encoding))
    other = read_nbs_export(copy)
    pd.testing.assert_frame_equal(other, va)
    assert other.attrs["encoding"] == ("gbk" if encoding == "gb18030" else encoding)
    assert other.attrs["notes"] == va.attrs["notes"]


def test_corrupted_cell_names_file_line_and_column(tmp_path):
    text = VA_FILE.read_bytes().decode("gbk")
    lines = text.split("\r\n")
    cells = lines[4].split(",")  # line 5: the cumulative row
    assert cells[0] == VALUE_ADDED_YTD and cells[3] == "4.1"  # 2023年10月
    cells[3] = "四点一"
    lines[4] = ",".join(cells)
    bad = tmp_path / "corrupt.csv"
    bad.write_bytes("\r\n".join(lines).encode("gbk"))
    with pytest.raises(DataValidationError, match=r"corrupt\.csv, row 5, column '2023年10月'.*四点一") as info:
        read_nbs_export(bad)
    (problem,) = info.value.errors
    assert (problem.row, problem.column, problem.value) == (5, "2023年10月", "四点一")
    assert "blank" in problem.fix
    with pytest.raises(GxError, match="row 5"):
        read_growth_series(bad)


def test_bad_month_heading_and_missing_header(tmp_path):
    text = VA_FILE.read_bytes().decode("gbk").replace("2023年11月", "2023年13月", 1)
    bad = tmp_path / "heading.csv"
    bad.write_text(text, encoding="gbk", newline="")
    with pytest.raises(DataValidationError, match=r"row 3, column '2023年13月'.*not a month"):
        read_nbs_export(bad)
    nohead = tmp_path / "nohead.csv"
    nohead.write_text("something,else\n1,2\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"no header row starting with '指标'"):
        read_nbs_export(nohead)


def test_growth_series_from_the_export(va):
    g = read_growth_series(VA_FILE)
    assert list(g.columns) == ["yoy", "ytd"]
    pd.testing.assert_index_equal(g.index, va.index)
    assert g.loc["2023-12"].tolist() == [6.8, 4.6]
    assert g.loc["2020-02", "ytd"] == -13.5 and math.isnan(g.loc["2020-02", "yoy"])
    assert g.attrs["format"] == "nbs"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_growth_series_from_a_tidy_csv(tmp_path, encoding):
    p = tmp_path / "tidy.csv"
    p.write_bytes("period,yoy,ytd\r\n2023-02,,2.4\r\n2023-03,3.9,3.0\r\n2023-05,3.5,3.6\r\n".encode(encoding))
    g = read_growth_series(p)
    assert [str(x) for x in g.index] == ["2023-02", "2023-03", "2023-04", "2023-05"]
    assert g.index.name == "period"
    assert math.isnan(g.loc["2023-02", "yoy"]) and g.loc["2023-02", "ytd"] == 2.4
    assert g.loc["2023-04"].isna().all()  # a month absent from the file is a NaN row
    assert g.loc["2023-05", "yoy"] == 3.5
    assert g.attrs["format"] == "tidy"


def test_tidy_csv_errors(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("month,growth\n2023-03,3.9\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"t\.csv, row 1, column 'month'.*period,yoy,ytd"):
        read_growth_series(p)
    p.write_text("period,yoy,ytd\n2023-03,3.9,3.0\n2023-04,n/a,3.6\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"row 3, column 'yoy'.*not a number.*'n/a'"):
        read_growth_series(p)
    p.write_text("period,yoy,ytd\n2023-13,3.9,3.0\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"row 2, column 'period'.*cannot read the month.*YYYY-MM"):
        read_growth_series(p)
    p.write_text("period,yoy,ytd\n2023-03,3.9,3.0\n2023-03,3.9,3.0\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"row 3.*appears twice"):
        read_growth_series(p)


def test_ppi_is_not_a_growth_series():
    with pytest.raises(DataValidationError, match=r"expected one single-month row"):
        read_growth_series(PPI_FILE)


def test_published_release_matches_the_file(va):
    rel = published_release(va)
    assert list(rel.columns) == ["yoy", "ytd", "release"]
    pd.testing.assert_index_equal(rel.index, va.index)
    # nothing is published outside the calendar ...
    assert not (va[VALUE_ADDED_YOY].notna() & ~rel["yoy"]).any()
    assert not (va[VALUE_ADDED_YTD].notna() & ~rel["ytd"]).any()
    # ... and inside it only 1998-02 … 1998-06 are missing
    missing = va.index[(va[VALUE_ADDED_YTD].isna() & rel["ytd"]).to_numpy()]
    assert [str(p) for p in missing] == ["1998-02", "1998-03", "1998-04", "1998-05", "1998-06"]
    assert rel.loc["2023-02", "release"] == "2023年1-2月"
    assert rel.loc["2023-01", "release"] == ""


def _reference_month(label: str) -> str:
    m = re.match(r"^(\d{4})年(?:1-)?(\d{1,2})月", label)
    assert m, label
    return f"{m.group(1)}-{int(m.group(2)):02d}"


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared reference folder not available")
def test_agrees_with_release_excerpts(va):
    ref = pd.read_csv(REFERENCE, encoding="utf-8")
    compared = 0
    for _, row in ref.iterrows():
        month = pd.Period(_reference_month(row["period_label"]), freq="M")
        if month not in va.index:
            continue
        for col, ind in (("total_iva_yoy", VALUE_ADDED_YOY), ("total_iva_ytd", VALUE_ADDED_YTD)):
            if pd.notna(row[col]):
                assert va.loc[month, ind] == pytest.approx(float(row[col])), (row["period_label"], col)
                compared += 1
            else:
                assert math.isnan(va.loc[month, ind]) or row["period_type"] != "jan_feb_combined"
    assert compared >= 6  # 2018 1-2月, 2023-06, 2023-08 and 2023-12 overlap the export


def test_inputs_not_found(tmp_path):
    with pytest.raises(DataValidationError, match="cannot read the file"):
        read_nbs_export(Path(tmp_path / "missing.csv"))
