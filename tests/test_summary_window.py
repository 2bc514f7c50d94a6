"""The headline figures from only the months they need: the rule (summary.months_needed), proved at every month.

A dataset loaded for some months only (``load_dataset(…, months=…)``; from a store only those partitions
are read) must give every headline figure exactly as the whole dataset does — value, status, note — at every
release month, also for the release before (the brief's comparison), and must refuse a month it lacks.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from gxanalysis import config
from gxanalysis.cli import main
from gxanalysis.data.dataset import Dataset, load_dataset, restrict
from gxanalysis.data.ingest import ingest
from gxanalysis.data.store import MANIFEST
from gxanalysis.errors import PartialDataError
from gxanalysis.periods import Month
from gxanalysis.summary import (
    MONTHLY_TABLES,
    HeadlineFigures,
    growth_change,
    headline_figures,
    months_needed,
    previous_figures,
    previous_release,
)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("demo") / "data"
    shutil.copytree(Path(config.default_data_dir()), src)
    store = tmp_path_factory.mktemp("store") / "store"
    assert ingest(src, store).mode == "full"
    return store


@pytest.fixture(scope="module")
def whole(demo_store: Path) -> Dataset:
    return load_dataset(demo_store)


def _release_months(ds: Dataset) -> list[Month]:
    """Every month with enterprise figures (January has none: 1–2月 are released together)."""
    return sorted(Month.parse(m) for m in ds.enterprise_monthly["period"].unique())


def _figures(f: HeadlineFigures | None) -> list[tuple] | None:
    """Every field of every figure (value, status, note, …), not the time of computation."""
    if f is None:
        return None
    return [dataclasses.astuple(x) for x in f.figures] + [(str(f.period), f.home_city, repr(f.options))]


def _assert_same_figures(full: Dataset, part: Dataset, month: Month) -> None:
    a, b = headline_figures(month, dataset=full), headline_figures(month, dataset=part)
    assert _figures(a) == _figures(b), month
    pa, pb = previous_figures(a, full), previous_figures(b, part)
    assert _figures(pa) == _figures(pb), month
    for measure in ("ytd", "month"):
        assert growth_change(a, pa, measure) == growth_change(b, pb, measure), (month, measure)


def test_the_rule() -> None:
    m = months_needed("2023-04")
    assert set(m) == set(MONTHLY_TABLES)
    assert [str(x) for x in m["enterprise_monthly"]] == ["2022-12", "2023-01", "2023-02", "2023-03", "2023-04"]
    # 1–2月: the previous release is December, whose figures need its whole year and the December before
    feb = [str(x) for x in months_needed("2023-02")["enterprise_monthly"]]
    assert feb == ["2021-12"] + [f"2022-{k:02d}" for k in range(1, 13)] + ["2023-01", "2023-02"]
    assert str(previous_release("2023-02")) == "2022-12"
    dec = [str(x) for x in months_needed("2022-12")["enterprise_monthly"]]
    assert dec == ["2021-12"] + [f"2022-{k:02d}" for k in range(1, 13)]
    march = [str(x) for x in months_needed("2023-03")["enterprise_monthly"]]
    assert march == ["2022-12", "2023-01", "2023-02", "2023-03"]


def test_store_read_for_the_months_gives_every_figure_at_every_month(demo_store: Path, whole: Dataset) -> None:
    months = _release_months(whole)
    assert str(months[0]) == "2021-02" and str(months[-1]) == "2023-04" and len(months) >= 24
    for month in months:
        part = load_dataset(demo_store, months=months_needed(month))
        assert part.window is not None
        held = {Month.parse(p) for p in part.enterprise_monthly["period"].unique()}
        assert held <= set(months_needed(month)["enterprise_monthly"])
        assert len(part.enterprise_monthly) < len(whole.enterprise_monthly)
        _assert_same_figures(whole, part, month)


def test_a_restricted_panel_with_entries_and_exits_gives_the_same_figures(whole: Dataset) -> None:
    # the demo panel has entries (new plants from 2022-03, 2023-03) and exits (at a year end); add exits and
    # entries within a year: some enterprises stop after 2022-06, others start in 2022-08 and in 2023-03
    em = whole.enterprise_monthly
    codes = sorted(em["credit_code"].unique())
    leave, enter, late = codes[:12], codes[12:24], codes[24:30]
    period = em["period"]
    keep = ~((em["credit_code"].isin(leave)) & (period > pd.Period("2022-06", "M")))
    keep &= ~((em["credit_code"].isin(enter)) & (period < pd.Period("2022-08", "M")))
    keep &= ~((em["credit_code"].isin(late)) & (period < pd.Period("2023-03", "M")))
    panel = dataclasses.replace(whole, enterprise_monthly=em[keep].reset_index(drop=True))
    firsts = panel.enterprise_monthly.groupby("credit_code")["period"].min().astype(str)
    lasts = panel.enterprise_monthly.groupby("credit_code")["period"].max().astype(str)
    assert {"2022-08", "2023-03"} <= set(firsts) and "2022-06" in set(lasts)
    entered = headline_figures("2022-08", dataset=panel)["va_growth_month"].note
    assert "entered" in entered
    for month in [m for m in _release_months(panel) if m.year >= 2022]:
        _assert_same_figures(panel, restrict(panel, months_needed(month)), month)


def test_folder_restricted_equals_store_restricted(demo_store: Path) -> None:
    src = Path(json.loads((demo_store / MANIFEST).read_text(encoding="utf-8"))["source"]["dir"])
    a = load_dataset(src, months=months_needed("2023-02"))
    b = load_dataset(demo_store, months=months_needed("2023-02"))
    assert a.window == b.window
    for name in MONTHLY_TABLES:
        pd.testing.assert_frame_equal(a.table(name), b.table(name), check_exact=True, obj=name)
    assert a.latest_period() == b.latest_period() == Month(2023, 4)  # it knows the months it does not hold
    assert a.require_period("2023-04") == Month(2023, 4)


def test_a_partial_dataset_refuses_months_it_does_not_hold(demo_store: Path, whole: Dataset) -> None:
    part = load_dataset(demo_store, months={"enterprise_monthly": ["2023-03", "2023-04"]})
    assert [str(m) for m in part.window.held["enterprise_monthly"]] == ["2023-03", "2023-04"]
    assert len(part.window.present["enterprise_monthly"]) == len(_release_months(whole))
    with pytest.raises(PartialDataError, match=r"enterprise_monthly: 2022-12, 2023-02 \(it holds 2023-03, 2023-04\).*load_dataset"):
        headline_figures("2023-04", dataset=part)
    # the figures of one month on a dataset for that month, but the previous release's months are missing
    only = load_dataset(demo_store, months=months_needed("2023-04"))
    figures = headline_figures("2023-04", dataset=only)
    assert previous_figures(figures, only) is not None
    narrow = load_dataset(demo_store, months={"enterprise_monthly": ["2022-12", "2023-01", "2023-02", "2023-03",
                                                                     "2023-04"]})
    feb = load_dataset(demo_store, months=months_needed("2023-02"))
    with pytest.raises(PartialDataError):
        previous_figures(headline_figures("2023-02", dataset=feb), narrow)  # 2022's months are not held
    # a month the source does not have is absent from the whole dataset too: the usual message
    with pytest.raises(Exception, match="latest month in the data is 2023-04"):
        headline_figures("2023-06", dataset=load_dataset(demo_store, months=months_needed("2023-06")))


def test_gx_summary_reads_only_the_partitions_it_needs(demo_store: Path, tmp_path: Path, capsys) -> None:
    assert main(["--lang", "en", "summary", "--period", "2023-04", "--data", str(demo_store)]) == 0
    full = capsys.readouterr().out
    cut = tmp_path / "store"
    shutil.copytree(demo_store, cut)
    removed = 0
    for name in MONTHLY_TABLES:
        for part in (cut / name).glob("period=2021-*"):
            shutil.rmtree(part)
            removed += 1
    assert removed >= 3 * 11
    assert main(["--lang", "en", "summary", "--period", "2023-04", "--data", str(cut)]) == 0
    assert capsys.readouterr().out == full
    # a month whose window reaches into 2021 reads those partitions: they are missing, and that is said
    assert main(["--lang", "en", "summary", "--period", "2022-02", "--data", str(cut)]) == 1
    assert "cannot be read" in capsys.readouterr().err


def test_the_store_path_imports_no_validation(demo_store: Path) -> None:
    code = ("import sys; from gxanalysis.cli import main; rc = main(['summary', '--period', '2023-04', '--data', "
            f"{str(demo_store)!r}]); print('MODULES', ' '.join(sorted(sys.modules))); sys.exit(rc)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                         check=True).stdout
    modules = set(out.split("MODULES", 1)[1].split())
    assert "gxanalysis.summary" in modules and "gxanalysis.data.store" in modules
    for name in ("gxanalysis.data.validate", "gxanalysis.data.checked", "gxanalysis.data.readers",
                 "gxanalysis.data.plausibility", "gxanalysis.data.coverage", "openpyxl", "duckdb", "stdnum"):
        assert name not in modules, name


def test_a_store_panel_held_in_duckdb_gives_every_figure_at_every_month(demo_store: Path, whole: Dataset) -> None:
    from gxanalysis.indicators import engine

    for month in _release_months(whole):
        part = load_dataset(demo_store, months=months_needed(month), panel="duckdb")
        assert engine.kind(part.enterprise_monthly) == "duckdb"
        _assert_same_figures(whole, part, month)
    # the whole store's panel in DuckDB: the months it holds are asked of DuckDB
    lazy = load_dataset(demo_store, panel="duckdb")
    assert lazy.window is None and lazy.months_present("enterprise_monthly") == _release_months(whole)
    _assert_same_figures(whole, lazy, Month(2023, 2))


def test_a_store_panel_as_a_relation_has_the_rows_of_the_frame(demo_store: Path) -> None:
    from gxanalysis.data.store import read_relation, read_store
    from gxanalysis.indicators import engine

    manifest = json.loads((demo_store / MANIFEST).read_text(encoding="utf-8"))
    entry = manifest["tables"]["enterprise_monthly"]
    for months in (None, ["2022-12", "2023-01", "2023-04"], ["2019-05"]):  # whole, some months (one absent), none
        frame = read_store(demo_store, months={"enterprise_monthly": months} if months else None
                           ).frames["enterprise_monthly"]
        got = engine.collect(read_relation(demo_store, "enterprise_monthly", entry, months=months))
        assert list(got.columns) == list(frame.columns) == entry["columns"]
        want = frame.assign(period=frame["period"].astype(str))
        keys = ["credit_code", "period"]
        got = got.sort_values(keys).reset_index(drop=True)
        want = want.sort_values(keys).reset_index(drop=True)
        assert (len(want) == 0) == (months == ["2019-05"])
        pd.testing.assert_frame_equal(got, want, check_dtype=False, check_exact=True)


def test_auto_holds_a_large_store_panel_in_duckdb_and_a_small_one_in_pandas(demo_store: Path, monkeypatch) -> None:
    from gxanalysis.data import store
    from gxanalysis.errors import ParameterError
    from gxanalysis.indicators import engine

    needed = months_needed("2023-04")
    rows = store.stored_rows(json.loads((demo_store / MANIFEST).read_text(encoding="utf-8")), "enterprise_monthly",
                             [str(m) for m in needed["enterprise_monthly"]])
    assert 0 < rows < store.LARGE_PANEL_ROWS
    assert engine.kind(load_dataset(demo_store, months=needed, panel="auto").enterprise_monthly) == "pandas"
    monkeypatch.setattr(store, "LARGE_PANEL_ROWS", rows)  # the months read reach the threshold
    assert engine.kind(load_dataset(demo_store, months=needed, panel="auto").enterprise_monthly) == "duckdb"
    monkeypatch.setattr(store, "LARGE_PANEL_ROWS", rows + 1)
    assert engine.kind(load_dataset(demo_store, months=needed, panel="auto").enterprise_monthly) == "pandas"
    with pytest.raises(ParameterError, match="panel='spark' is not allowed; use one of pandas, duckdb, auto"):
        load_dataset(demo_store, panel="spark")


def test_gx_summary_gives_the_same_figures_on_every_engine(demo_store: Path, capsys) -> None:
    from gxanalysis.data.store import PANEL_ENGINES

    src = json.loads((demo_store / MANIFEST).read_text(encoding="utf-8"))["source"]["dir"]
    outputs = set()
    for data in (str(demo_store), src):
        for name in PANEL_ENGINES:
            args = ["--lang", "en", "summary", "--period", "2023-03", "--data", data, "--format", "json"]
            assert main(args + ["--engine", name]) == 0
            outputs.add(capsys.readouterr().out)
    assert len(outputs) == 1 and '"va_growth_ytd"' in outputs.pop()


def test_figures_in_duckdb_of_a_store_replaced_meanwhile_are_computed_on_the_new_store(
        demo_store: Path, tmp_path: Path, monkeypatch) -> None:
    import gxanalysis.summary as summary

    src = Path(json.loads((demo_store / MANIFEST).read_text(encoding="utf-8"))["source"]["dir"])
    store = tmp_path / "store"
    assert ingest(src, store).mode == "full"
    expected = _figures(headline_figures("2023-04", data_dir=store, panel="pandas"))
    real, calls = summary._headline_figures, []

    def replaced_first(month, ds, opts):  # a full ingest replaces every file before DuckDB reads them
        calls.append(ds)
        if len(calls) == 1:
            ingest(src, store, refresh=True)
        return real(month, ds, opts)

    monkeypatch.setattr(summary, "_headline_figures", replaced_first)
    got = headline_figures("2023-04", data_dir=store, panel="duckdb")
    assert len(calls) == 2 and calls[0].file_hashes["store"] != calls[1].file_hashes["store"]
    assert _figures(got) == expected
    # a DuckDB error that is not the store replaced is raised as it is, once
    calls.clear()
    monkeypatch.setattr(summary, "_headline_figures", lambda month, ds, opts: calls.append(ds) or
                        ds.enterprise_monthly.query("x", "SELECT * FROM no_such_table").fetchall())
    with pytest.raises(Exception, match="no_such_table") as info:
        headline_figures("2023-04", data_dir=store, panel="duckdb")
    assert type(info.value).__module__.lstrip("_").startswith("duckdb") and len(calls) == 1
