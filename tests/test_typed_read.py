"""Number columns typed while a large CSV is read: the same frames and the same messages as reading every
cell as text, and the text path whenever a cell is not a plain number."""

from __future__ import annotations

import csv
import os
import random
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gxanalysis.data.readers as readers
from gxanalysis.data.readers import read_table
from gxanalysis.data.validate import typed_while_read, validate_directory
from gxanalysis.errors import DataValidationError

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


def _render(problem) -> tuple:
    def both(text):
        return tuple(text.text(lang) if hasattr(text, "text") else str(text) for lang in ("en", "zh"))

    return (problem.file, problem.row, problem.column, problem.value, problem.severity,
            both(problem.message), both(problem.fix))


def _validate(folder: Path, monkeypatch: pytest.MonkeyPatch, *, typed: bool):
    monkeypatch.setattr(readers, "TYPED_MIN_BYTES", 0 if typed else 1 << 62)
    report = validate_directory(folder, current_month="2023-04")
    return [_render(p) for p in report.problems], report.frames


def _same_either_way(folder: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    text_problems, text_frames = _validate(folder, monkeypatch, typed=False)
    typed_problems, typed_frames = _validate(folder, monkeypatch, typed=True)
    assert typed_problems == text_problems
    for name, frame in text_frames.items():
        pd.testing.assert_frame_equal(typed_frames[name], frame, check_exact=True)
    return len(text_problems)


_FORMS = [lambda v: f"{v * 10000:.2f}", lambda v: f"-{v}", lambda v: f"{v:.3e}", lambda v: f"00{v:.2f}0",
          lambda v: f"{v}.5" if float(v).is_integer() else f"{v}", lambda v: f"{v * 1e9:.1f}", lambda v: f" {v}\t",
          lambda v: f"+{v}", lambda v: "", lambda v: f"{v / 1000:.6f}", lambda v: "9007199254740993",
          lambda v: f'"{v}"']


def _mutate(folder: Path, seed: int, bad: list[str]) -> None:
    """Rewrite some number cells of every CSV in other forms that are still plain numbers (a unit slip,
    a sign, an exponent, zeros, a fraction in a whole-number column, spaces, quotes, empty); ``bad`` cells
    (not plain numbers) go into the first number column of enterprise_monthly.csv."""
    rng = random.Random(seed)
    for f in sorted(folder.glob("*.csv")):
        rows = list(csv.reader(f.read_text(encoding="utf-8-sig").splitlines()))
        if len(rows) < 3:
            continue
        numeric = []
        for j in range(len(rows[0])):
            sample = [r[j] for r in rows[1:50] if j < len(r) and r[j]]
            try:
                [float(v) for v in sample]
            except ValueError:
                continue
            if sample:
                numeric.append(j)
        if not numeric:
            continue
        for _ in range(max(1, len(rows) // 200)):
            i, j = rng.randrange(1, len(rows)), rng.choice(numeric)
            if j < len(rows[i]) and rows[i][j]:
                rows[i][j] = rng.choice(_FORMS)(float(rows[i][j]))
        if f.name == "enterprise_monthly.csv":
            for k, value in enumerate(bad):
                rows[10 + 7 * k][numeric[0]] = value
        f.write_text("\n".join(",".join(f'"{c}"' if "," in c else c for c in r) for r in rows) + "\n",
                     encoding="utf-8")


def test_the_demo_reads_the_same_typed_and_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _same_either_way(DEMO, monkeypatch) == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_numbers_in_other_plain_forms_give_the_same_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             seed: int) -> None:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    _mutate(folder, seed, bad=[])
    monkeypatch.setattr(readers, "TYPED_MIN_BYTES", 0)
    em = read_table(folder / "enterprise_monthly.csv", "enterprise_monthly",
                    numbers=typed_while_read(readers.table_by_name("enterprise_monthly")))
    assert "gross_output" in em.typed  # the numbers were typed while read: the messages come from the file
    assert _same_either_way(folder, monkeypatch) > 20


@pytest.mark.parametrize("bad", ["abc", "1,234.5", "nan", "inf", "1e400", "5%", "１２", "\u00a05", "#N/A"])
def test_a_cell_that_is_not_a_plain_number_sends_the_file_to_the_text_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    _mutate(folder, 5, bad=[bad])
    monkeypatch.setattr(readers, "TYPED_MIN_BYTES", 0)
    em = read_table(folder / "enterprise_monthly.csv", "enterprise_monthly",
                    numbers=typed_while_read(readers.table_by_name("enterprise_monthly")))
    assert em.typed == {}
    problems = _same_either_way(folder, monkeypatch)
    assert problems > 0


_HEADER = "credit_code,period,gross_output,gross_output_base,value_added,value_added_base\n"
_ROW = "91440300MA5EXAMPLE,2023-01,{},80.5,30.25,20\n"


@pytest.mark.parametrize("layout, typed", [
    ("plain", True),
    ("crlf", True),
    ("bom", True),
    ("blank_lines", True),
    ("title_row", False),
    ("units_row", False),
    ("quote_spans_lines", False),
    ("quoted_values", True),
    ("no_whitespace", True),
    ("chinese_across_blocks", True),
    ("lone_cr", False),
    ("gbk", False),
])
def test_file_layouts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str, typed: bool) -> None:
    monkeypatch.setattr(readers, "TYPED_MIN_BYTES", 0)
    if layout == "chinese_across_blocks":  # blocks of 5 bytes: characters and CRLF split between blocks
        monkeypatch.setattr(readers, "_SCAN_BLOCK", 5)
    lines = [_ROW.format(v) for v in ("100.50", " 7 ", '"8.25"', "", "1e3")]
    body = "".join(lines)
    text = {"plain": _HEADER + body,
            "quoted_values": _HEADER + body + '"91440300MA5EXAMPLE","2023-02","1,0",2,3,4\n'.replace('"1,0"', '"10"'),
            "no_whitespace": _HEADER + "".join(_ROW.format(v) for v in ("100.50", "7", "8.25", "", "1e3")),
            "chinese_across_blocks": ("统一社会信用代码,月份,工业总产值,工业总产值上年同期,工业增加值（可比价）,工业增加值上年同期\r\n"
                                      + body.replace("\n", "\r\n")),
            "lone_cr": _HEADER + lines[0] + lines[1].replace("\n", "\r") + "".join(lines[2:]),
            "gbk": "统一社会信用代码,月份,工业总产值,工业总产值上年同期,工业增加值（可比价）,工业增加值上年同期\n" + body,
            "crlf": (_HEADER + body).replace("\n", "\r\n"),
            "bom": "\ufeff" + _HEADER + body,
            "blank_lines": _HEADER + lines[0] + "\n,,,,,\n" + "".join(lines[1:]),
            "title_row": "某市规上工业企业月报\n" + _HEADER + body,
            "units_row": _HEADER + ",,万元,万元,万元,万元\n" + body,
            "quote_spans_lines": _HEADER + body + '91440300MA5EXAMPLE,"2023-\n02",1,2,3,4\n'}[layout]
    path = tmp_path / "enterprise_monthly.csv"
    path.write_bytes(text.encode("gbk" if layout == "gbk" else "utf-8"))
    t = readers.table_by_name("enterprise_monthly")
    try:
        slow = read_table(path, t)
    except DataValidationError as exc:  # the text path refuses it: so does the typed read, with the same words
        with pytest.raises(DataValidationError) as info:
            read_table(path, t, numbers=typed_while_read(t))
        assert info.value.problems == exc.problems and not typed
        return
    fast = read_table(path, t, numbers=typed_while_read(t))
    assert bool(fast.typed) is typed
    assert fast.rows.tolist() == slow.rows.tolist()
    assert fast.problems == slow.problems
    assert fast.headers == slow.headers
    for name in fast.data.columns:
        if name in fast.typed:
            expected = [float(v) if v else np.nan for v in readers.strip_cells(slow.data[name]).tolist()]
            np.testing.assert_array_equal(fast.data[name].to_numpy(), np.asarray(expected, dtype=float))
            assert fast.cell_text(name).tolist() == list(readers.strip_cells(slow.data[name]))
        else:
            assert fast.data[name].tolist() == slow.data[name].tolist()


def test_the_text_of_a_typed_cell_is_refused_once_the_file_changed(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "TYPED_MIN_BYTES", 0)
    path = tmp_path / "enterprise_monthly.csv"
    path.write_text(_HEADER + _ROW.format("100.50"), encoding="utf-8")
    t = readers.table_by_name("enterprise_monthly")
    raw = read_table(path, t, numbers=typed_while_read(t))
    assert raw.cell_text("gross_output").iloc[0] == "100.50"
    path.write_text(_HEADER + _ROW.format("999.00"), encoding="utf-8")
    os.utime(path, ns=(raw.stamp[1] + 10**9, raw.stamp[1] + 10**9))
    with pytest.raises(DataValidationError) as info:
        raw.cell_text("gross_output").iloc[0]
    assert "changed while it was being checked" in str(info.value)
    assert "文件在检查过程中被修改" in info.value.problems[0].message.text("zh")


def test_small_files_are_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "enterprise_monthly.csv"
    path.write_text(_HEADER + _ROW.format("100.50"), encoding="utf-8")
    t = readers.table_by_name("enterprise_monthly")
    assert path.stat().st_size < readers.TYPED_MIN_BYTES
    assert read_table(path, t, numbers=typed_while_read(t)).typed == {}


def _cell_by_cell(cells: list[str], unit: str) -> tuple[np.ndarray, np.ndarray]:
    """The conversion of a number column one cell at a time, as written in the data contract: ``%``
    dropped in a column of percentages; if every cell is then a number for ``float``, ``float``; else
    thousands separators checked and removed and ``pandas.to_numeric``. Returns (values, bad)."""
    from gxanalysis.data.validate import _THOUSANDS_RE

    clean = ["nan" if c == "" else c for c in cells]
    if unit == "%":
        clean = [c[:-1].rstrip() if c.endswith("%") else c for c in clean]
    commas = np.zeros(len(cells), dtype=bool)
    try:
        values = np.asarray([float(c) for c in clean], dtype=float)
    except ValueError:
        for i, c in enumerate(cells):
            if "," in c:
                commas[i] = _THOUSANDS_RE.fullmatch(c) is None
                clean[i] = c.replace(",", "")
        values = np.asarray(pd.to_numeric(np.asarray(clean, dtype=object), errors="coerce"), dtype=float)
    empty = np.asarray([c == "" for c in cells])
    bad = ~empty & (~np.isfinite(values) | commas)
    values[bad | empty] = np.nan
    return values, bad


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("unit", ["万元", "%"])
def test_a_column_with_some_cells_not_plain_converts_as_cell_by_cell(seed: int, unit: str) -> None:
    from gxanalysis.data.schema import Column
    from gxanalysis.data.validate import _convert

    rng = random.Random(seed)
    odd = ["1,234.5", "12,34", "5%", "5.5 %", "1_000", "abc", "nan", "inf", "１２", "1e400", "0x10", "=SUM(A1)"]
    cells = []
    for _ in range(3000):
        r = rng.random()
        cells.append("" if r < 0.05 else rng.choice(odd[:seed + 4]) if r < 0.1
                     else f"{rng.uniform(-1e6, 1e6):.{rng.randint(0, 12)}f}")
    text = pd.Series(cells, dtype="str")
    assert readers.is_arrow_text(text)
    col = Column("value", "值", "float", unit=unit)
    typed, _, bad, _ = _convert(col, text)
    values, expected_bad = _cell_by_cell(cells, unit)
    np.testing.assert_array_equal(bad, expected_bad)
    np.testing.assert_array_equal(typed.to_numpy(dtype=float), values)
