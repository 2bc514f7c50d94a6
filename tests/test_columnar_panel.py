"""Loading a panel from Arrow text gives what the cell-by-cell path gives: the same typed frames for valid
tables, and the same problems (file, row, column, value, message, fix) for a panel with many kinds of
mistakes — bad numbers, a falling year-to-date value, a repeated key, a gap, a unit slip against the year
before. The cell-by-cell path is the pandas reader's (object cells), forced by refusing the Arrow reader."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gxanalysis import config
from gxanalysis.data import readers
from gxanalysis.data.schema import TABLES_BY_NAME
from gxanalysis.data.validate import _arrow_numbers, validate_directory


def _both_paths(folder: Path, monkeypatch) -> tuple:
    fast = validate_directory(folder, current_month="2023-12")
    with monkeypatch.context() as m:
        m.setattr(readers, "_read_csv_arrow", lambda text, delimiter: None)
        slow = validate_directory(folder, current_month="2023-12")
    return fast, slow


def test_valid_tables_give_the_same_frames_on_both_paths(monkeypatch) -> None:
    fast, slow = _both_paths(config.demo_data_dir(), monkeypatch)
    assert fast.ok and slow.ok
    assert fast.format(lang="en") == slow.format(lang="en")
    monthly = fast.frames["enterprise_monthly"]
    assert len(monthly) > 1000 and readers.is_arrow_text(monthly["credit_code"])
    for name, frame in fast.frames.items():
        pd.testing.assert_frame_equal(frame, slow.frames[name], check_exact=True, obj=name)


@pytest.fixture
def broken_panel(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(config.demo_data_dir(), folder)
    path = folder / "enterprise_monthly.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    va, vb, go = header.index("value_added"), header.index("value_added_base"), header.index("gross_output")

    def edit(i: int, col: int, value: str) -> None:
        cells = lines[i].split(",")
        cells[col] = value
        lines[i] = ",".join(cells)

    edit(5, va, "12x")                                  # not a number
    edit(9, go, '" 1,234.5 "')                          # thousands separator and spaces: accepted
    edit(14, va, str(float(lines[13].split(",")[va]) / 3))  # year-to-date falls (same enterprise, next month)
    edit(20, vb, str(float(lines[20].split(",")[vb]) * 10000))  # unit slip against its base
    lines.insert(30, lines[29])                         # a repeated key
    del lines[40]                                       # a gap in a series
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_a_broken_panel_gives_the_same_problems_on_both_paths(broken_panel: Path, monkeypatch) -> None:
    fast, slow = _both_paths(broken_panel, monkeypatch)
    assert not fast.ok
    assert fast.to_frame().equals(slow.to_frame())
    assert fast.format(lang="zh", max_lines=None) == slow.format(lang="zh", max_lines=None)
    text = fast.format(lang="en", max_lines=None)
    for needle in ("'12x'", "repeats row 30", "falls from", "no row for 2022-04", "1/10,000 of its"):
        assert needle in text, needle


PLAIN = st.one_of(st.floats(allow_nan=False, allow_infinity=False).map(repr),
                  st.decimals(-1e6, 1e6, places=4, allow_nan=False).map(str),
                  st.sampled_from(["1.", ".5", "+3", "-0", "1e-5", "2E+3", ""]))


@settings(max_examples=60, deadline=None)
@given(st.lists(PLAIN, min_size=1, max_size=30))
def test_arrow_numbers_are_read_as_python_reads_them(cells):
    import pyarrow as pa

    got = _arrow_numbers(readers._arrow_text(pa.chunked_array([pa.array(cells, type=pa.large_string())])),
                         TABLES_BY_NAME["enterprise_monthly"].column("gross_output"))
    expected = np.array([float(c) if c else np.nan for c in cells])
    assert got is not None and np.array_equal(got, expected, equal_nan=True)


@pytest.mark.parametrize("cell", ["inf", "nan", "1e999", "1_000", "１２", " 3", "3%", "1-2", "e5", "-"])
def test_cells_python_reads_differently_go_to_the_cell_by_cell_path(cell):
    import pyarrow as pa

    text = readers._arrow_text(pa.chunked_array([pa.array(["1", cell], type=pa.large_string())]))
    assert _arrow_numbers(text, TABLES_BY_NAME["enterprise_monthly"].column("gross_output")) is None


def test_plausibility_in_blocks_gives_the_same_doubts_as_in_one_block(tmp_path: Path, monkeypatch) -> None:
    """The unit-slip and plausibility checks compare a long panel block by block (``plausibility.BLOCK``
    rows at a time): with blocks of a few rows, so that neighbours and months a year apart fall in
    different blocks, every problem and warning is the one found in one block."""
    from gxanalysis.data import plausibility

    folder = tmp_path / "data"
    shutil.copytree(config.demo_data_dir(), folder)
    path = folder / "enterprise_monthly.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")

    def scale(i: int, column: str, factor: float) -> None:
        cells = lines[i].split(",")
        j = header.index(column)
        cells[j] = repr(float(cells[j]) * factor)
        lines[i] = ",".join(cells)

    december = [i for i, line in enumerate(lines) if ",2022-12," in line]
    scale(20, "value_added_base", 10000)   # against its base (and falls the month after)
    scale(33, "gross_output", 10000)       # against its base
    for column in ("value_added", "value_added_base"):  # against last year's value and gross output
        scale(december[0], column, 10000)
    for column in ("energy", "energy_base"):  # against the month before and last year's value
        scale(december[2], column, 10000)
    scale(47, "revenue", 40)               # a single month far from the month before
    scale(61, "value_added", 3)
    scale(75, "electricity_base", 1 / 10000)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = validate_directory(folder, current_month="2023-12")
    for block in (1, 7, 64):
        monkeypatch.setattr(plausibility, "BLOCK", block)
        blocks = validate_directory(folder, current_month="2023-12")
        assert blocks.to_frame().equals(whole.to_frame()), block
        assert blocks.format(lang="en", max_lines=None) == whole.format(lang="en", max_lines=None)
    text = whole.format(lang="en", max_lines=None)
    for needle in ("1/10,000 of its same-sample base", "times the enterprise's own value_added a year earlier",
                   "rises from", "times gross_output", "derived from the year-to-date values", "falls from"):
        assert needle in text, needle
