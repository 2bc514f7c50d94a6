"""The vectorised loading gives what the cell-by-cell rules give: stripping as ``str.strip``, credit-code
check digits as ``stdnum``, numbers as Python's ``float``, and pyarrow's CSV reader the same cells and row
numbers as the pandas reader (or hands the file to it)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import uscc

from gxanalysis.data import readers
from gxanalysis.data.validate import _plain_numbers, valid_credit_codes

SPACES = " \t\u3000\u00a0\u2003\x1c\x85"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab1,.中文") + list(SPACES)), max_size=8), max_size=30))
def test_strip_cells_is_str_strip(cells):
    got = readers.strip_cells(pd.Series(cells, dtype=object))
    assert got.tolist() == [c.strip() for c in cells]


def _code(rng: np.random.Generator) -> str:
    body = "91" + "".join(str(d) for d in rng.integers(0, 10, 6)) + "".join(
        rng.choice(list("0123456789ABCDEFGHJKLMNPQRTUWXY"), 9))
    return body + uscc.calc_check_digit(body)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2 ** 32), st.lists(st.tuples(st.integers(0, 17), st.sampled_from(list("0189AIOSZXYa中 "))),
                                         max_size=20))
def test_credit_code_check_is_stdnum(seed, edits):
    rng = np.random.default_rng(seed)
    codes = [_code(rng) for _ in range(len(edits) + 3)]
    for i, (k, ch) in enumerate(edits):
        codes[i] = codes[i][:k] + ch + codes[i][k + 1:]
    codes += ["", "9111", codes[-1] + "1", codes[-2].lower()]
    expected = [len(c) == 18 and uscc.compact(c) == c and uscc.is_valid(c) for c in codes]
    assert valid_credit_codes(np.array(codes, dtype=object)).tolist() == expected
    assert sum(expected) >= 3


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.floats(allow_nan=False, allow_infinity=False).map(repr),
                          st.decimals(-1e6, 1e6, places=4, allow_nan=False).map(str),
                          st.sampled_from(["nan", "1.", ".5", "+3", "-0", "1e-5", "2E+3"])), min_size=1, max_size=30))
def test_plain_numbers_are_read_as_python_reads_them(cells):
    got = _plain_numbers(np.array(cells, dtype=object))
    expected = np.array([float(c) for c in cells])
    assert np.array_equal(got, expected, equal_nan=True)
    assert got.flags.writeable


def test_numbers_python_reads_differently_are_left_to_python():
    cells = np.array(["１２", "1_000", "inf", "3"], dtype=object)
    assert _plain_numbers(cells).tolist() == [12.0, 1000.0, float("inf"), 3.0]


CELL = st.text(alphabet=st.sampled_from(list('ab 1.,"中\t') + ["\u3000"]), max_size=5)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4).flatmap(lambda w: st.lists(st.lists(CELL, min_size=w, max_size=w), min_size=1, max_size=8)),
       st.booleans())
def test_the_arrow_reader_reads_the_cells_the_pandas_reader_reads(rows, crlf):
    buf = io.StringIO()
    import csv

    csv.writer(buf, lineterminator="\r\n" if crlf else "\n").writerows(rows)
    text = buf.getvalue()
    fast = readers._read_csv_arrow(text, ",")
    if fast is None:  # not a plain rectangle (a quote spanning lines …): the pandas path reads it
        return
    frame, lines = fast
    slow = pd.read_csv(io.StringIO(text), sep=",", header=None, dtype=str, keep_default_na=False, na_filter=False,
                       skip_blank_lines=False, engine="c").fillna("")
    assert frame.to_numpy().tolist() == slow.to_numpy().tolist()
    assert lines.tolist() == list(range(1, len(slow) + 1))


def test_a_ragged_file_goes_to_the_reader_that_names_the_line():
    assert readers._read_csv_arrow("a,b\n1,2\n3,4,5\n", ",") is None
    assert readers._read_csv_arrow('a,b\n"x\ny",2\n', ",") is None
    assert readers._read_csv_arrow("a,b\n1,2\n", ",")[0].to_numpy().tolist() == [["a", "b"], ["1", "2"]]


SCAN_CHAR = st.sampled_from(list('ab ,"\t\n\r中') + ["\u3000", "\ufeff"])


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=SCAN_CHAR, max_size=40), st.sampled_from([b"", b"\xef\xbb\xbf"]), st.integers(1, 9),
       st.booleans())
def test_the_scan_of_a_utf8_file_finds_what_its_decoded_text_shows(tmp_path_factory, body, bom, block, foreign):
    """What the reader learns from a UTF-8 file's bytes, block by block (line count, first line, delimiter,
    a quote that may span lines, a blank file), is what the decoded text of :func:`decode_bytes` shows; a
    file that is not plain UTF-8 (GBK bytes, a NUL) is left to the path that decodes it whole."""
    data = bom + body.encode("utf-8") + ("指标".encode("gbk") if foreign else b"")
    path = tmp_path_factory.mktemp("scan") / "t.csv"
    path.write_bytes(data)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(readers, "_SCAN_BLOCK", block)
        scan = readers._scan_utf8(path)
    if foreign:
        assert scan is None
        return
    text, encoding, problems = readers.decode_bytes(data, file="t.csv")
    if not text.strip() or text.startswith("\ufeff"):  # blank (reported by that path), or a second BOM kept
        assert scan is None
        return
    assert scan is not None and encoding == "utf-8-sig" and problems == []
    first = text.split("\n", 1)[0]
    assert scan.delimiter == readers._sniff_delimiter(text)
    assert scan.width == first.count(scan.delimiter) + 1
    assert scan.lines == text.count("\n") + (0 if text.endswith("\n") else 1)
    assert scan.spans_lines == ('"' in text)
    assert scan.lone_cr == ("\r" in text.replace("\r\n", ""))
    if any(c.isspace() for c in text.replace("\n", "").replace("\r", "")):  # may be stripped: said so
        assert scan.whitespace


def test_a_utf8_file_is_read_by_pyarrow_from_the_file_with_the_cells_of_its_text(tmp_path) -> None:
    text = "credit_code,period,value\n91,2023-01, 1.5\n中文,2023-02,\r\n,,\n"
    path = tmp_path / "t.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    scan = readers._scan_utf8(path)
    from_file, from_text = readers._read_csv_arrow(scan, scan.delimiter), readers._read_csv_arrow(text, ",")
    assert from_file[0].to_numpy().tolist() == from_text[0].to_numpy().tolist()
    assert from_file[0].to_numpy().tolist()[:3] == [["credit_code", "period", "value"], ["91", "2023-01", " 1.5"],
                                                    ["中文", "2023-02", ""]]
    assert from_file[1].tolist() == from_text[1].tolist() == [1, 2, 3, 4]
    assert readers._read_csv_grid(path).encoding == "utf-8-sig"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.text(alphabet=st.sampled_from(list("0123456789.-e中")), max_size=12), max_size=600),
                min_size=1, max_size=3))
def test_the_compact_text_of_a_converted_column_gives_back_every_cell(chunks):
    """The text kept for the messages after a number column is converted is, cell by cell, the Arrow text
    it replaces (several chunks, cells across the 256-cell steps, empty cells)."""
    import pyarrow as pa

    from gxanalysis.data.validate import _CompactText

    arr = pa.chunked_array([pa.array(c, type=pa.large_string()) for c in chunks], type=pa.large_string())
    series = pd.Series(pd.Series([], dtype=str).dtype.__from_arrow__(arr))
    compact = _CompactText.of(series.iloc[1:] if len(series) > 1 else series)
    expected = [c for chunk in chunks for c in chunk][1:] if len(series) > 1 else [c for chunk in chunks for c in chunk]
    assert compact is not None and len(compact) == len(expected)
    assert [compact.iloc[i] for i in range(len(expected))] == expected
    assert compact.to_numpy().tolist() == expected


def test_a_column_with_a_long_cell_or_of_objects_keeps_its_text() -> None:
    from gxanalysis.data.validate import _CompactText

    assert _CompactText.of(pd.Series(["1" * 256, "2"], dtype=str)) is None
    assert _CompactText.of(pd.Series(["1", "2"], dtype=object)) is None
    assert _CompactText.of(pd.Series(["1" * 255, "2"], dtype=str)).iloc[0] == "1" * 255
