"""Loading a validated dataset: typed frames, provenance, complete months, all-or-nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from gxanalysis.data.dataset import Dataset, load_dataset
from gxanalysis.data.schema import TABLES
from gxanalysis.errors import DataValidationError, InsufficientDataError
from gxanalysis.periods import Month

EXPECTED_KIND = {"int": "Int64", "year": "Int64", "float": "float64", "bool": "bool", "month": "period[M]"}


def test_every_table_is_an_attribute() -> None:
    names = {f for f in Dataset.__dataclass_fields__}
    assert {"problems_log" if t.name == "problems" else t.name for t in TABLES} <= names


def test_load_valid_dataset_gives_typed_frames(valid_data_dir: Path) -> None:
    ds = load_dataset(valid_data_dir)
    for t in TABLES:
        frame = ds.table(t.name)
        assert frame.columns.tolist() == t.column_names, t.name
        for c in t.columns:
            dtype = frame[c.name].dtype
            if c.dtype in EXPECTED_KIND:
                assert str(dtype) == EXPECTED_KIND[c.dtype], (t.name, c.name, dtype)
            elif c.dtype == "date":
                assert pd.api.types.is_datetime64_dtype(dtype), (t.name, c.name, dtype)
            else:
                assert pd.api.types.is_object_dtype(dtype) or isinstance(dtype, pd.StringDtype), (t.name, c.name)
    em = ds.enterprise_monthly
    assert len(em) == 9
    assert em["period"].iloc[0] == pd.Period("2023-02", freq="M")
    assert em["gross_output"].iloc[0] == 2000.0
    assert ds.problems_log is ds.table("problems")
    assert ds.problems_log["closed_date"].isna().tolist() == [False, True]
    assert ds.enterprises["chain_id"].isna().tolist() == [False, False, True]
    assert ds.enterprises["is_key"].tolist() == [True, False, False]


def test_absent_optional_tables_are_empty_frames(valid_data_dir: Path) -> None:
    ds = load_dataset(valid_data_dir)
    assert ds.energy_by_fuel.empty
    assert ds.energy_by_fuel.columns.tolist() == ["credit_code", "period", "fuel", "quantity", "unit"]
    assert str(ds.energy_by_fuel["period"].dtype) == "period[M]"
    assert "energy_by_fuel" not in ds.files
    assert len(ds.power_coal_rates) == 2


def test_provenance(valid_data_dir: Path) -> None:
    ds = load_dataset(valid_data_dir)
    assert ds.source_dir == valid_data_dir
    assert ds.files["enterprises"] == valid_data_dir / "enterprises.csv"
    assert ds.file_hashes["enterprises"] == hashlib.sha256(
        (valid_data_dir / "enterprises.csv").read_bytes()).hexdigest()
    assert set(ds.file_hashes) == set(ds.files)
    for name, path in ds.files.items():  # hashed in a second thread while validated: every file's own bytes
        assert ds.file_hashes[name] == hashlib.sha256(path.read_bytes()).hexdigest(), name
    assert ds.problems == []


def test_home_city_and_latest_complete_month(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    ds = load_dataset(table_kit.write(frames, tmp_path / "a"))
    assert ds.home_city == "本市"
    assert ds.latest_period() == Month(2023, 4)
    # city growth for April not yet released: March is the newest complete month
    frames["city_growth"] = frames["city_growth"][frames["city_growth"]["period"] != "2023-04"]
    ds = load_dataset(table_kit.write(frames, tmp_path / "b"))
    assert ds.latest_period() == Month(2023, 3)


def test_latest_period_without_a_common_month(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    # project investment only for January: no month is in all three tables
    frames["project_monthly"] = pd.DataFrame({"project_id": ["P001", "P002"], "period": ["2023-01", "2023-01"],
                                              "investment": ["100", "80"]})
    ds = load_dataset(table_kit.write(frames, tmp_path))
    with pytest.raises(InsufficientDataError, match="no month has rows in all of enterprise_monthly"):
        ds.latest_period()
    assert ds.problems == []


def test_a_header_only_required_table_is_an_error_unless_confirmed(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    frames["supervision_tasks"] = frames["supervision_tasks"].iloc[0:0]
    folder = table_kit.write(frames, tmp_path)
    with pytest.raises(DataValidationError, match=r"supervision_tasks\.csv: required table supervision_tasks "
                       r"\(督办任务\) has a header but no data rows") as info:
        load_dataset(folder)
    assert "supervision_tasks,,,,<why it is empty>" in info.value.errors[0].fix
    (folder / "confirmations.csv").write_text("table,key,column,value,note\nsupervision_tasks,,,,本年未下达督办任务\n",
                                              encoding="utf-8")
    ds = load_dataset(folder)
    assert ds.supervision_tasks.empty and ds.problems == []
    [confirmed] = ds.confirmed
    assert (confirmed.file, confirmed.severity) == ("supervision_tasks.csv", "confirmed")
    assert confirmed.fix == "confirmed in confirmations.csv (row 2): 本年未下达督办任务"
    # the confirmations decide what is accepted: hashed and recorded like the tables
    assert ds.files["confirmations"] == folder / "confirmations.csv"
    assert ds.file_hashes["confirmations"] == hashlib.sha256((folder / "confirmations.csv").read_bytes()).hexdigest()


def test_table_by_unknown_name(valid_data_dir: Path) -> None:
    ds = load_dataset(valid_data_dir)
    with pytest.raises(KeyError, match="no table 'enterprise' in the data contract"):
        ds.table("enterprise")


def test_xlsx_with_chinese_headers_loads_like_csv(tmp_path: Path, table_kit, valid_data_dir: Path) -> None:
    folder = table_kit.write(table_kit.frames(), tmp_path / "xlsx", fmt="xlsx", chinese_headers=True)
    assert sorted(p.suffix for p in folder.iterdir()) == [".xlsx"] * 14
    from_xlsx = load_dataset(folder)
    from_csv = load_dataset(valid_data_dir)
    for t in TABLES:
        pd.testing.assert_frame_equal(from_xlsx.table(t.name), from_csv.table(t.name), check_dtype=True)


def test_gbk_csv_loads(tmp_path: Path, table_kit, valid_data_dir: Path) -> None:
    folder = table_kit.write(table_kit.frames(), tmp_path / "gbk", encoding="gbk", chinese_headers=True)
    pd.testing.assert_frame_equal(load_dataset(folder).enterprises, load_dataset(valid_data_dir).enterprises)


def test_any_error_raises_and_loads_nothing(tmp_path: Path, table_kit) -> None:
    frames = table_kit.frames()
    frames["enterprise_monthly"].loc[0, "gross_output"] = "暂无"
    frames["chains"].loc[0, "group_kind"] = "9"
    folder = table_kit.write(frames, tmp_path)
    result = None
    with pytest.raises(DataValidationError, match=r"2 error\(s\) in the input data; nothing was loaded") as info:
        result = load_dataset(folder)
    assert result is None
    assert [(p.file, p.row, p.column) for p in info.value.errors] == [
        ("chains.csv", 2, "group_kind"), ("enterprise_monthly.csv", 2, "gross_output")]
    assert "enterprise_monthly.csv, row 2, column 'gross_output': not a number (value: '暂无')" in str(info.value)


def test_default_folder_is_gx_data_dir(valid_data_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("GX_DATA_DIR", str(valid_data_dir))
    assert load_dataset().source_dir == valid_data_dir.resolve()
