"""The validated columnar store: ingest, load as from the folder, refuse when stale, append a month, atomic."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gxanalysis import config
from gxanalysis.cli import main
from gxanalysis.data import readers
from gxanalysis.data.dataset import load_dataset
from gxanalysis.data.ingest import ingest
from gxanalysis.data.schema import TABLES
from gxanalysis.data.store import MANIFEST, PERIOD_TABLES, StaleStoreError, StoreError, is_store
from gxanalysis.errors import DataValidationError, ParameterError
from gxanalysis.summary import headline_figures


def _demo_dir() -> Path:
    return Path(config.default_data_dir())


def _period_files(folder: Path):
    """Each period table's CSV in ``folder``: its path, header line and ``(period, line)`` of every row."""
    for t in PERIOD_TABLES:
        path = folder / f"{t}.csv"
        if not path.exists():
            continue
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        col = lines[0].rstrip("\r\n").split(",").index("period")
        yield path, lines[0], [(line.split(",")[col], line) for line in lines[1:]]


def _split_month(src: Path, base: Path, full: Path, month: str) -> None:
    """``base``: the folder without ``month`` in its period tables; ``full``: the same rows with the month's rows
    appended at the end of each file (as a bureau adds a month to its exports)."""
    for d in (base, full):
        shutil.copytree(src, d)
    for path, head, rows in _period_files(src):
        old = [line for period, line in rows if period < month]
        new = [line for period, line in rows if period == month]
        (base / path.name).write_text(head + "".join(old), encoding="utf-8", newline="")
        (full / path.name).write_text(head + "".join(old + new), encoding="utf-8", newline="")


def _assert_same(a, b) -> None:
    for t in TABLES:
        fa, fb = a.table(t.name), b.table(t.name)
        assert fa.columns.tolist() == fb.columns.tolist(), t.name
        assert fa.dtypes.astype(str).tolist() == fb.dtypes.astype(str).tolist(), t.name
        pd.testing.assert_frame_equal(fa, fb, check_exact=True, obj=t.name)
    assert a.problems == b.problems
    assert [p.message.text("zh") if hasattr(p.message, "text") else p.message for p in a.problems] == \
        [p.message.text("zh") if hasattr(p.message, "text") else p.message for p in b.problems]
    assert a.confirmed == b.confirmed


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "data"
    shutil.copytree(_demo_dir(), out)
    return out


@pytest.fixture(scope="module")
def demo_store(demo_copy: Path, tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("store") / "store"
    result = ingest(demo_copy, store)
    assert result.mode == "full"
    return store


def test_store_gives_the_folders_dataset(demo_copy: Path, demo_store: Path) -> None:
    folder, stored = load_dataset(demo_copy), load_dataset(demo_store)
    _assert_same(folder, stored)
    assert stored.source_dir == demo_store
    assert stored.files == {"store": demo_store / MANIFEST}
    manifest = json.loads((demo_store / MANIFEST).read_text(encoding="utf-8"))
    assert {n: r["sha256"] for n, r in manifest["source"]["files"].items()} == folder.file_hashes
    assert manifest["tables"]["enterprise_monthly"]["rows"] == len(folder.enterprise_monthly)
    months = sorted(folder.enterprise_monthly["period"].astype(str).unique())
    assert manifest["tables"]["enterprise_monthly"]["periods"] == months
    parts = sorted(p.name for p in (demo_store / "enterprise_monthly").iterdir())
    assert parts == [f"period={m}" for m in months]  # Hive layout, one partition per month


def test_summary_figures_identical_from_folder_and_store(demo_copy: Path, demo_store: Path, capsys) -> None:
    a = headline_figures("2023-04", data_dir=demo_copy).to_json_dict()
    b = headline_figures("2023-04", data_dir=demo_store).to_json_dict()
    assert a == b
    assert main(["--lang", "en", "summary", "--period", "2023-03", "--data", str(demo_copy)]) == 0
    from_folder = capsys.readouterr().out
    assert main(["--lang", "en", "summary", "--period", "2023-03", "--data", str(demo_store)]) == 0
    assert capsys.readouterr().out == from_folder
    assert "va_growth_ytd" in from_folder


def test_warnings_are_kept_in_the_store(valid_data_dir: Path, tmp_path: Path) -> None:
    # an optional table with a header and no rows is a warning; a confirmed doubt too would be kept
    header = (_demo_dir() / "material_flows.csv").read_text(encoding="utf-8").splitlines()[0]
    (valid_data_dir / "material_flows.csv").write_text(header + "\n", encoding="utf-8")
    folder = load_dataset(valid_data_dir)
    assert folder.problems, "the fixture should give a warning"
    ingest(valid_data_dir, tmp_path / "s")
    stored = load_dataset(tmp_path / "s")
    _assert_same(folder, stored)
    assert stored.problems[0].message.text("zh") == folder.problems[0].message.text("zh")


def test_changed_input_refused_until_ingested_again(valid_data_dir: Path, tmp_path: Path, capsys) -> None:
    store = tmp_path / "s"
    ingest(valid_data_dir, store)
    assert ingest(valid_data_dir, store).mode == "unchanged"
    path = valid_data_dir / "enterprise_targets.csv"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[1] = lines[1][:-1] + ("1" if lines[1][-1] != "1" else "2")  # same size, other bytes
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(StaleStoreError) as err:
        load_dataset(store)
    assert "enterprise_targets.csv" in str(err.value)
    assert f"gx ingest {valid_data_dir} --to {store}" in str(err.value)
    assert "已过期" in err.value.args[0].text("zh")
    assert main(["--lang", "zh", "summary", "--period", "2023-04", "--data", str(store)]) == 1
    message = capsys.readouterr().err
    assert "数据仓" in message and "enterprise_targets.csv" in message and "gx ingest" in message
    # a file added or removed is refused too
    result = ingest(valid_data_dir, store)
    assert result.mode == "full"
    assert load_dataset(store).enterprise_targets.equals(load_dataset(valid_data_dir).enterprise_targets)
    (valid_data_dir / "power_coal_rates.csv").unlink()
    with pytest.raises(StaleStoreError, match="power_coal_rates.csv was removed"):
        load_dataset(store)
    ingest(valid_data_dir, store)
    shutil.copy(valid_data_dir / "chains.csv", valid_data_dir / "confirmations.csv")
    with pytest.raises(StaleStoreError, match="confirmations.csv was added"):
        load_dataset(store)
    # the source folder gone: the store is self-contained
    moved = tmp_path / "elsewhere"
    shutil.move(valid_data_dir, moved)
    assert len(load_dataset(store).enterprises) == 3


@pytest.mark.parametrize("typed", [False, True], ids=["text", "typed"])
def test_append_a_month_equals_full_ingest(tmp_path: Path, monkeypatch, typed: bool) -> None:
    """Appending April gives the store of the whole folder; ``typed``: the number columns typed while read, as
    a province's files are (the appended window included), else every cell read as text."""
    monkeypatch.setattr(readers, "TYPED_MIN_BYTES", 0 if typed else 1 << 62)
    src, base, full = _demo_dir(), tmp_path / "data", tmp_path / "full"
    _split_month(src, base, full, "2023-04")
    store = tmp_path / "store"
    ingest(base, store)
    assert load_dataset(store).enterprise_monthly["period"].max() == pd.Period("2023-03", "M")
    before = {p.relative_to(store) for p in store.rglob("*.parquet")}
    for t in PERIOD_TABLES:  # the bureau appends April's rows to its files
        if (full / f"{t}.csv").exists():
            shutil.copy(full / f"{t}.csv", base / f"{t}.csv")
    result = ingest(base, store, append=True)
    assert result.mode == "append" and result.period == "2023-04"
    assert result.rows["enterprise_monthly"] == (load_dataset(full).enterprise_monthly["period"]
                                                 == pd.Period("2023-04", "M")).sum()
    after = {p.relative_to(store) for p in store.rglob("*.parquet")}
    assert before < after  # only new partitions were written, none rewritten
    assert {p.parts[1] for p in after - before} == {"period=2023-04"}
    _assert_same(load_dataset(store), load_dataset(full))
    reference = tmp_path / "reference"
    ingest(full, reference)
    _assert_same(load_dataset(store), load_dataset(reference))
    assert headline_figures("2023-04", data_dir=store).to_json_dict() == \
        headline_figures("2023-04", data_dir=full).to_json_dict()
    manifest = json.loads((store / MANIFEST).read_text(encoding="utf-8"))
    assert [h["mode"] for h in manifest["history"]] == ["full", "append"]
    # what is kept of each input file (its hash, size and whether a row is a line) is what a full ingest keeps
    kept = lambda m: {n: {k: f.get(k) for k in ("sha256", "size", "simple")} for n, f in m["source"]["files"].items()}  # noqa: E731
    assert kept(manifest) == kept(json.loads((reference / MANIFEST).read_text(encoding="utf-8")))
    assert manifest["source"]["files"]["enterprise_monthly"]["simple"] is True


def _through(src: Path, out: Path, month: str, *, january: bool = True) -> Path:
    """A copy of ``src`` with the rows of the period tables up to ``month`` only; ``january=False``: without the
    rows of any January either (no table then holds a January, as when every table follows the combined
    1–2月 release)."""
    shutil.copytree(src, out)
    for path, head, rows in _period_files(out):
        keep = [line for period, line in rows if period <= month and (january or not period.endswith("-01"))]
        path.write_text(head + "".join(keep), encoding="utf-8", newline="")
    return out


@pytest.mark.parametrize(("month", "january"), [("2023-01", True), ("2023-02", True), ("2023-02", False)],
                         ids=["january", "february-after-january", "february-after-december"])
def test_append_across_the_new_year_equals_full_ingest(tmp_path: Path, month: str, january: bool) -> None:
    """The first month of a year appended to a store ending in December (or January): the months it is checked
    with span the year before, and the store is the whole folder's. The demo city's tables follow the combined
    1–2月 release (no January) but for the 5G counts, which have one: January gains only those; February after
    December is the 1–2月 release itself."""
    src = _through(_demo_dir(), tmp_path / "src", month, january=january)
    base, full = tmp_path / "data", tmp_path / "full"
    _split_month(src, base, full, month)
    store = tmp_path / "store"
    ingest(base, store)
    for t in PERIOD_TABLES:
        if (full / f"{t}.csv").exists():
            shutil.copy(full / f"{t}.csv", base / f"{t}.csv")
    result = ingest(base, store, append=True)
    assert result.mode == "append" and result.period == month
    _assert_same(load_dataset(store), load_dataset(full))
    if month.endswith("-02"):
        assert headline_figures(month, data_dir=store).to_json_dict() == \
            headline_figures(month, data_dir=full).to_json_dict()


@pytest.mark.parametrize("typed", [False, True], ids=["text", "typed"])
def test_a_slip_in_the_first_release_of_a_year_is_found_as_in_the_whole_folder(tmp_path: Path, monkeypatch,
                                                                                typed: bool) -> None:
    """February (1–2月) appended straight after December: a 元 slip in a new row is reported as validating the
    whole folder reports it, the months a year before being among those it is checked with; ``typed``: the
    number columns typed while read (the window of the append too)."""
    monkeypatch.setattr(readers, "TYPED_MIN_BYTES", 0 if typed else 1 << 62)
    src = _through(_demo_dir(), tmp_path / "src", "2023-02", january=False)
    base, full = tmp_path / "data", tmp_path / "full"
    _split_month(src, base, full, "2023-02")
    store = tmp_path / "store"
    ingest(base, store)
    before = _snapshot(store)
    em = full / "enterprise_monthly.csv"
    lines = em.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    february = [i for i, line in enumerate(lines) if ",2023-02," in line]
    row = lines[february[7]].rstrip("\n").split(",")
    for column in ("value_added", "value_added_base"):  # both in 元: only the same month a year before shows it
        row[header.index(column)] = f"{float(row[header.index(column)]) * 10000:.2f}"
    lines[february[7]] = ",".join(row) + "\n"
    em.write_text("".join(lines), encoding="utf-8", newline="")
    for t in PERIOD_TABLES:
        if (full / f"{t}.csv").exists():
            shutil.copy(full / f"{t}.csv", base / f"{t}.csv")

    def at_row(exc: DataValidationError) -> list[tuple]:
        return sorted((p.column, p.value, str(p.message), p.severity) for p in exc.problems
                      if p.file == em.name and p.row == february[7] + 1)

    with pytest.raises(DataValidationError) as appended:
        ingest(base, store, append=True)
    assert _snapshot(store) == before
    with pytest.raises(DataValidationError) as whole:
        ingest(full, tmp_path / "reference")
    assert [p for p in whole.value.errors if p.row == february[7] + 1 and p.message.key == "last_year_slip"]
    assert at_row(appended.value) == at_row(whole.value)
    assert [str(p) for p in appended.value.errors if p.file != em.name] == \
        [str(p) for p in whole.value.errors if p.file != em.name]


def _snapshot(store: Path) -> dict[str, bytes]:
    return {str(p.relative_to(store)): p.read_bytes() for p in sorted(store.rglob("*")) if p.is_file()
            and p.name != ".ingest.lock"}


@pytest.fixture
def march_store(tmp_path: Path) -> tuple[Path, Path, Path]:
    src, base, full = _demo_dir(), tmp_path / "data", tmp_path / "full"
    _split_month(src, base, full, "2023-04")
    store = tmp_path / "store"
    ingest(base, store)
    return base, full, store


def _append_lines(path: Path, lines: list[str]) -> int:
    """Append lines to a CSV; returns the line number of the first."""
    text = path.read_text(encoding="utf-8")
    first = text.count("\n") + 1
    path.write_text(text + "".join(line + "\n" for line in lines), encoding="utf-8", newline="")
    return first


def test_bad_new_month_gives_a_located_error_and_leaves_the_store(march_store) -> None:
    base, full, store = march_store
    before = _snapshot(store)
    em = base / "enterprise_monthly.csv"
    header = em.read_text(encoding="utf-8").splitlines()[0].split(",")
    march = [line for line in em.read_text(encoding="utf-8").splitlines()[1:] if ",2023-03," in line]
    row = march[0].split(",")
    row[header.index("period")] = "2023-04"
    row[header.index("value_added")] = str(float(row[header.index("value_added")]) / 2)  # year to date falls
    line = _append_lines(em, [",".join(row)])
    with pytest.raises(DataValidationError) as err:
        ingest(base, store, append=True)
    problems = [p for p in err.value.errors if p.file == "enterprise_monthly.csv" and p.row == line]
    assert problems, [str(p) for p in err.value.errors][:5]
    assert any(p.column == "value_added" and "falls" in p.message for p in problems)
    assert _snapshot(store) == before
    # without --append the same folder is validated whole: the same error at the same place
    with pytest.raises(DataValidationError) as whole:
        ingest(base, store)
    assert any(p.row == line and p.column == "value_added" for p in whole.value.errors)
    assert _snapshot(store) == before


@pytest.mark.parametrize("typed", [False, True], ids=["text", "typed"])
def test_messages_on_appended_rows_are_the_whole_folders(march_store, monkeypatch, typed: bool) -> None:
    """Errors in the new month's rows are reported with the file, line, column, value and text that validating
    the whole folder gives; with the number columns typed while read, their cells' text is read back from the
    folder's own file at those lines."""
    monkeypatch.setattr(readers, "TYPED_MIN_BYTES", 0 if typed else 1 << 62)
    read_back: list[Path] = []  # the files whose cells' text a message read back
    cells = readers.FileCells.cells

    def spy(self, lines):
        read_back.append(self._path)
        return cells(self, lines)

    monkeypatch.setattr(readers.FileCells, "cells", spy)
    base, full, store = march_store
    before = _snapshot(store)
    for t in PERIOD_TABLES:
        if (full / f"{t}.csv").exists():
            shutil.copy(full / f"{t}.csv", base / f"{t}.csv")
    em = base / "enterprise_monthly.csv"
    lines = em.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    april = [i for i, line in enumerate(lines) if ",2023-04," in line]
    edits = {april[3]: ("value_added", 0.5), april[40]: ("gross_output", 10000.0)}  # falls; a slip to 元
    for i, (column, factor) in edits.items():
        row = lines[i].rstrip("\n").split(",")
        row[header.index(column)] = f"{float(row[header.index(column)]) * factor:.2f}"
        lines[i] = ",".join(row) + "\n"
    em.write_text("".join(lines), encoding="utf-8", newline="")

    def at_edits(exc: DataValidationError) -> list[tuple]:
        return sorted((p.row, p.column, p.value, str(p.message), p.severity) for p in exc.problems
                      if p.file == em.name and p.row in {i + 1 for i in edits})

    with pytest.raises(DataValidationError) as appended:
        ingest(base, store, append=True)
    assert _snapshot(store) == before
    with pytest.raises(DataValidationError) as whole:
        ingest(base, store)
    assert _snapshot(store) == before
    found = at_edits(appended.value)
    assert {(row, column) for row, column, *_ in found} >= {(i + 1, c) for i, (c, _) in edits.items()}
    assert found == at_edits(whole.value)
    assert all(path == em for path in read_back) and bool(read_back) == typed


def test_appended_month_must_be_the_next(march_store) -> None:
    base, full, store = march_store
    before = _snapshot(store)
    for t in PERIOD_TABLES:
        path = full / f"{t}.csv"
        if path.exists():
            text = path.read_text(encoding="utf-8").replace(",2023-04,", ",2023-05,")
            (base / path.name).write_text(text, encoding="utf-8", newline="")
    with pytest.raises(DataValidationError) as err:
        ingest(base, store, append=True)
    skipped = [p for p in err.value.errors if p.column == "period" and "appended row" in p.message]
    assert skipped and all(p.row is not None and p.value == "2023-05" for p in skipped)
    assert "2023-04" in skipped[0].fix and "追加" in skipped[0].message.text("zh")
    # the validation of the window says the same: April is missing
    assert any("2023-04" in p.message and p.file == "city_growth.csv" for p in err.value.errors)
    assert _snapshot(store) == before


def test_rows_of_a_month_not_next_are_each_named_in_order(march_store) -> None:
    """New rows of the next month and of a later one: each row of the later month is named, by its line,
    in the file's order, and the several months are said once."""
    base, full, store = march_store
    before = _snapshot(store)
    for t in PERIOD_TABLES:
        path = full / f"{t}.csv"
        if path.exists():
            shutil.copyfile(path, base / path.name)
    em = base / "enterprise_monthly.csv"
    lines = em.read_text(encoding="utf-8").splitlines(keepends=True)
    april = [i for i, line in enumerate(lines) if ",2023-04," in line]
    later = april[1::3]
    assert len(later) > 5
    for i in later:
        lines[i] = lines[i].replace(",2023-04,", ",2023-06,")
    em.write_text("".join(lines), encoding="utf-8", newline="")
    with pytest.raises(DataValidationError) as err:
        ingest(base, store, append=True)
    named = [p for p in err.value.errors if p.file == em.name and p.column == "period" and "appended row" in p.message]
    assert [p.row for p in named] == [i + 1 for i in later]
    assert all(p.value == "2023-06" and "2023-06" in p.message for p in named)
    assert [p for p in err.value.errors if "several months" in p.message and "2023-06" in p.message]
    assert _snapshot(store) == before


def test_edited_history_is_not_appended(march_store) -> None:
    base, full, store = march_store
    for t in PERIOD_TABLES:
        if (full / f"{t}.csv").exists():
            shutil.copy(full / f"{t}.csv", base / f"{t}.csv")
    em = base / "enterprise_monthly.csv"
    lines = em.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1], lines[2] = lines[2], lines[1]  # an earlier month's rows were rewritten
    em.write_text("".join(lines), encoding="utf-8", newline="")
    with pytest.raises(StoreError, match="enterprise_monthly.csv"):
        ingest(base, store, append=True)
    result = ingest(base, store)  # without --append: validated and written again
    assert result.mode == "full" and "enterprise_monthly.csv" in result.text("en")
    _assert_same(load_dataset(store), load_dataset(base))


def test_failed_ingest_leaves_the_store_untouched(demo_copy: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    data = tmp_path / "data"
    shutil.copytree(demo_copy, data)
    ingest(data, store)
    before = _snapshot(store)
    path = data / "enterprises.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";", 3), encoding="utf-8")  # a broken header
    with pytest.raises(DataValidationError):
        ingest(data, store, refresh=True)
    assert _snapshot(store) == before
    assert not list(store.glob(".*.tmp"))


def test_interrupted_write_keeps_the_previous_store(demo_copy: Path, tmp_path: Path, monkeypatch) -> None:
    from gxanalysis.data import ingest as ingest_mod

    store = tmp_path / "store"
    ingest(demo_copy, store)
    before = _snapshot(store)
    calls = {"n": 0}
    from gxanalysis.data import store as store_mod

    real = store_mod._write_parquet

    def failing(table, path):
        calls["n"] += 1
        if calls["n"] == 20:
            raise OSError(28, "No space left on device", str(path))
        real(table, path)

    monkeypatch.setattr(store_mod, "_write_parquet", failing)
    assert ingest_mod.write_table.__module__ == store_mod.__name__
    with pytest.raises(OSError):
        ingest(demo_copy, store, refresh=True)
    assert _snapshot(store) == before  # the half-written files were removed; the manifest never changed
    _assert_same(load_dataset(store), load_dataset(demo_copy))


def test_store_target_must_be_a_store_or_empty(demo_copy: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ParameterError):
        ingest(demo_copy, other)
    assert [p.name for p in other.iterdir()] == ["notes.txt"]
    with pytest.raises(ParameterError):
        ingest(demo_copy, demo_copy / "store")
    with pytest.raises(StoreError):
        ingest(demo_copy, tmp_path / "new", append=True)
    assert not is_store(tmp_path / "new")


def test_cli_ingest_and_validate(demo_copy: Path, tmp_path: Path, capsys) -> None:
    store = tmp_path / "store"
    assert main(["--lang", "zh", "ingest", str(demo_copy), "--to", str(store)]) == 0
    out = capsys.readouterr().out
    n_tables = sum((demo_copy / f"{t.name}.csv").is_file() for t in TABLES)
    assert f"已校验并写入 {n_tables} 张表" in out
    assert main(["--lang", "en", "ingest", str(demo_copy), "--to", str(store)]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["--lang", "en", "validate", str(store)]) == 0
    assert "validated when ingested" in capsys.readouterr().out
    assert main(["--lang", "en", "ingest", str(demo_copy), "--to", str(store), "--append", "--refresh"]) == 2
    assert main(["--lang", "zh", "ingest", "--help"]) == 0
    assert "数据仓" in capsys.readouterr().out


def test_period_partitions_readable_by_duckdb(demo_store: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    got = duckdb.sql(
        f"SELECT period, count(*) AS n, sum(value_added) AS va FROM read_parquet("
        f"'{demo_store.as_posix()}/enterprise_monthly/*/*.parquet', hive_partitioning = true) "
        "GROUP BY period ORDER BY period").df()
    em = load_dataset(demo_store).enterprise_monthly
    expected = em.groupby(em["period"].astype(str))["value_added"].agg(["count", "sum"])
    assert got["period"].tolist() == expected.index.tolist()
    assert got["n"].tolist() == expected["count"].tolist()
    assert np.allclose(got["va"], expected["sum"], rtol=1e-12)


def test_report_run_copies_the_store_and_reads_the_copy(demo_store: Path, tmp_path: Path) -> None:
    from gxanalysis.reporting.runner import _snapshot_inputs

    dataset = load_dataset(demo_store)
    copy = _snapshot_inputs(dataset, tmp_path / "inputs")  # what gx report does before any notebook runs
    assert is_store(copy)
    _assert_same(load_dataset(copy), dataset)


def test_a_store_is_a_region_of_gx_batch(demo_store: Path, tmp_path: Path) -> None:
    from gxanalysis.data.regions import regions_from_folders

    assert [r.data_dir for r in regions_from_folders(str(demo_store))] == [demo_store.resolve()]
    parent = demo_store.parent
    assert [r.name for r in regions_from_folders(str(parent))] == [demo_store.name]


def _older_contract(store: Path, drop: str = "province_growth") -> None:
    """Make ``store``'s manifest one written before the table ``drop`` existed (its files removed)."""
    path = store / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["gxanalysis"] = "0.0.1"
    del manifest["contract"][drop]
    del manifest["tables"][drop]
    shutil.rmtree(store / drop)
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


def test_a_store_of_an_older_contract_is_refused_with_the_fix(demo_copy: Path, demo_store: Path, tmp_path: Path,
                                                                capsys) -> None:
    store = tmp_path / "old"
    shutil.copytree(demo_store, store)
    _older_contract(store)
    with pytest.raises(StoreError) as err:
        load_dataset(store)
    message = str(err.value)
    assert f"the store {store} was written under another data contract (gxanalysis 0.0.1" in message
    assert "it has no table province_growth" in message
    assert f"run `gx ingest {demo_copy.resolve()} --to {store}`" in message
    zh = err.value.args[0].text("zh")
    assert f"数据仓 {store} 按另一版数据规范写入" in zh and "缺少数据表 province_growth" in zh
    assert f"gx ingest {demo_copy.resolve()} --to {store}" in zh
    assert main(["--lang", "zh", "summary", "--period", "2023-04", "--data", str(store)]) == 1
    line = capsys.readouterr().err
    assert line.count("\n") == 1 and "缺少数据表 province_growth" in line and "Traceback" not in line
    # --append never adds a month onto it; a plain ingest writes the whole store again (not "unchanged")
    with pytest.raises(StoreError, match="another data contract"):
        ingest(demo_copy, store, append=True)
    result = ingest(demo_copy, store)
    assert result.mode == "full" and "another data contract" in str(result.reason)
    assert "按另一版数据规范写入" in result.text("zh")
    _assert_same(load_dataset(demo_store), load_dataset(store))
    assert ingest(demo_copy, store).mode == "unchanged"


def test_a_store_whose_columns_or_types_differ_is_refused(demo_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "cols"
    shutil.copytree(demo_store, store)
    path = store / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["tables"]["enterprises"]["columns"].remove("product")
    manifest["tables"]["enterprise_monthly"]["dtypes"]["value_added"] = "str"
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(StoreError) as err:
        load_dataset(store)
    assert "table enterprises has the columns credit_code, name, county" in str(err.value)
    assert "column value_added of table enterprise_monthly is stored as str, the contract's type is float64" \
        in str(err.value)
    assert "数据表 enterprise_monthly 的列 value_added 存为 str 类型" in err.value.args[0].text("zh")


def test_the_stale_check_names_table_files_as_validation_does(demo_store: Path) -> None:
    from gxanalysis.data import readers, store, validate

    assert store.TABLE_SUFFIXES == readers.SUPPORTED_SUFFIXES
    assert store.CONFIRMATIONS_STEM == validate.CONFIRMATIONS_FILE
    source = Path(json.loads((demo_store / MANIFEST).read_text(encoding="utf-8"))["source"]["dir"])
    found, _ = validate.find_table_files(source)
    assert {n: ps for n, ps in store._candidate_files(source).items() if n != "confirmations"} == \
        {n: [p] for n, p in found.items()}


def test_months_of_a_store_are_read_as_months(tmp_path):
    """``months`` given as ``2023-4`` reads the partition ``period=2023-04`` (not an empty table), and a table
    that is not a period table is refused by name."""
    from gxanalysis.data.store import read_store

    store = tmp_path / "store"
    ingest(_demo_dir(), store)
    got = read_store(store, months={"enterprise_monthly": ["2023-4"]})
    frame = got.frames["enterprise_monthly"]
    assert len(frame) and set(frame["period"].astype(str)) == {"2023-04"}
    with pytest.raises(ParameterError, match="'enterprises'"):
        read_store(store, months={"enterprises": ["2023-04"]})


@pytest.mark.parametrize("block", [3, 1 << 24])
@pytest.mark.parametrize(("text", "rows", "simple"), [
    ("a,b\n1,2\n3,4\n", 2, True),          # every data row one line
    ("a,b\n1,2\n3,4", 2, False),           # no line break after the last row
    ('a,b\n1,"x\ny"\n3,4\n', 2, False),    # a quoted value spanning lines: rows are not lines
    ("a,b\n", 0, True),
])
def test_file_record_tells_whether_each_row_is_one_line(tmp_path: Path, monkeypatch, block: int, text: str,
                                                        rows: int, simple: bool) -> None:
    """The manifest's ``simple`` (row i on line i + 2, what lets a month be appended without reading the
    file) is counted block by block, the same whatever the block size."""
    from gxanalysis.data import store

    monkeypatch.setattr(store, "_RECORD_BLOCK", block)
    path = tmp_path / "enterprise_monthly.csv"
    path.write_bytes(text.encode("utf-8"))
    assert store.file_record(path, "0" * 64, rows)["simple"] is simple


@pytest.mark.parametrize("block", [1, 5, 64, 1 << 24])
def test_lines_of_a_file_read_block_by_block(tmp_path: Path, monkeypatch, block: int) -> None:
    """The lines an appended month is validated with (the header, the rows of the months it is compared
    with, everything after the stored bytes) are those of the whole file, whatever the block size."""
    from gxanalysis.data import ingest as ingest_module

    rng = np.random.default_rng(block)
    lines = [b"credit_code,period,value\n"] + [
        f"{i},2023-{1 + i % 12:02d},{rng.integers(1, 10 ** int(rng.integers(1, 9)))}\n".encode() for i in range(300)]
    data = b"".join(lines)
    old_size = len(b"".join(lines[:251]))
    path = tmp_path / "enterprise_monthly.csv"
    path.write_bytes(data)
    monkeypatch.setattr(ingest_module, "_LINES_BLOCK", block)
    for wanted in ([], [1], [1, 2, 250], sorted(rng.choice(np.arange(1, 251), 40, replace=False).tolist())):
        head, body, tail = ingest_module._lines_of(path, np.asarray(wanted, dtype=np.int64), old_size)
        assert head == lines[0]
        assert body == b"".join(lines[i] for i in wanted)
        assert tail == data[old_size:]
