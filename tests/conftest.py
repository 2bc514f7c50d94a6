"""Shared fixtures: a tiny but complete, valid set of input tables written to a temporary folder.

``valid_frames()`` gives every table as text (English headers), ``write_tables(frames, folder)``
writes them as CSV or XLSX (UTF-8, GBK, Chinese headers on request), and the fixtures
``make_valid_tables`` / ``valid_data_dir`` wrap both. Nothing here reads ``data/demo``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from stdnum.cn import uscc

from gxanalysis.data.schema import TABLES_BY_NAME

CURRENT_MONTH = "2023-12"
"""The ``current_month`` used when validating the fixture tables (their last period is 2023-04)."""


def credit_code(body17: str) -> str:
    """A valid 统一社会信用代码 from its first 17 characters (check digit by python-stdnum)."""
    return body17 + uscc.calc_check_digit(body17)


ENTERPRISE_CODES = [credit_code("91330100MA27U000" + d) for d in "123"]


def valid_frames() -> dict[str, pd.DataFrame]:
    """Every required table (and ``power_coal_rates``), as text with English headers; all rules hold."""
    e1, e2, e3 = ENTERPRISE_CODES
    months = ["2023-02", "2023-03", "2023-04"]
    f: dict[str, pd.DataFrame] = {}
    f["cities"] = pd.DataFrame({"city": ["本市", "甲市", "乙市"], "province": ["某省"] * 3,
                                "is_home": ["是", "否", "否"]})
    f["city_growth"] = pd.DataFrame(
        [(c, m, f"{g + k * 0.1:.1f}", "" if m == "2023-02" else f"{g + k * 0.2:.1f}")
         for c, g in (("本市", 5.0), ("甲市", 4.0), ("乙市", 6.0)) for k, m in enumerate(months)],
        columns=["city", "period", "va_growth_ytd", "va_growth_month"])
    f["chains"] = pd.DataFrame({"chain_id": ["C01", "C02"], "chain_name": ["新材料", "装备制造"],
                                "group_id": ["G1", "G2"], "group_name": ["材料链群", "装备链群"],
                                "group_kind": ["2", "4"], "lead_unit": ["市工信局", ""]})
    f["enterprises"] = pd.DataFrame({
        "credit_code": [e1, e2, e3], "name": ["甲材料有限公司", "乙装备有限公司", "丙食品有限公司"],
        "county": ["东区", "西区", "东区"], "industry_code": ["2614", "3412", "1391"],
        "chain_id": ["C01", "C02", ""], "is_key": ["是", "否", "否"], "product": ["树脂", "机床", ""],
        "design_capacity": ["10000", "", ""], "capacity_unit": ["吨", "", ""],
        "design_output_value": ["50000", "", ""]})
    rows = []
    for code, scale in ((e1, 1.0), (e2, 2.0), (e3, 0.5)):
        for k, m in enumerate(months, start=2):
            go = 1000 * scale * k
            rows.append((code, m, f"{go:.1f}", f"{go * 0.95:.1f}", f"{go * 0.3:.1f}", f"{go * 0.29:.1f}",
                         f"{100 * k}", f"{go * 1.02:.1f}", f"{go:.1f}", f"{go * 0.05:.1f}", f"{go * 0.04:.1f}",
                         f"{10 * k}", f"{9 * k}", f"{50 * k}", f"{48 * k}"))
    cols = [c.name for c in TABLES_BY_NAME["enterprise_monthly"].columns]
    f["enterprise_monthly"] = pd.DataFrame(rows, columns=cols)
    f["enterprise_targets"] = pd.DataFrame({"credit_code": [e1, e2], "year": ["2023", "2023"],
                                            "output_target": ["15000", "30000"]})
    f["targets"] = pd.DataFrame({"year": ["2023", "2023"], "indicator": ["va_growth", "investment"],
                                 "scope": ["city", "city"], "value": ["6.0", "500000"], "unit": ["%", "万元"],
                                 "note": ["", ""]})
    f["projects"] = pd.DataFrame({
        "year": ["2023", "2023"], "project_id": ["P001", "P002"], "name": ["新材料扩产项目", "机床智能化改造"],
        "county": ["东区", "西区"], "chain_id": ["C01", "C02"], "kind": ["新建", "续建"],
        "planned_start": ["2023-03", "2023-02"], "actual_start": ["2023-04", "2023-02"],
        "total_investment": ["80000", "20000"], "annual_plan": ["30000", "10000"], "in_stats": ["是", "否"]})
    f["project_monthly"] = pd.DataFrame(
        [(p, m, f"{base * k:.0f}") for p, base in (("P001", 1000), ("P002", 800))
         for k, m in enumerate(months, start=1)], columns=["project_id", "period", "investment"])
    f["problems"] = pd.DataFrame({
        "problem_id": ["Q1", "Q2"], "credit_code": [e1, e2], "raised_date": ["2023-03-01", "2023-04-02"],
        "category": ["用工", "融资"], "department": ["市人社局", "市金融办"],
        "due_date": ["2023-03-31", "2023-05-02"], "closed_date": ["2023-03-20", ""],
        "description": ["招工难", "流动资金贷款"]})
    f["supervision_tasks"] = pd.DataFrame({
        "task_id": ["T1"], "area": ["工业投资"], "task": ["推进重点项目开工"], "responsible_unit": ["投资科"],
        "start_date": ["2023-01-10"], "due_date": ["2023-06-30"], "completed_date": [""]})
    f["base_stations"] = pd.DataFrame({"county": ["东区", "西区"], "period": ["2023-04", "2023-04"],
                                       "stations": ["120", "85"]})
    f["recognitions"] = pd.DataFrame({"credit_code": [e1], "year": ["2023"], "kind": ["专精特新中小企业"],
                                      "level": ["省级"], "batch": ["第一批"]})
    f["power_coal_rates"] = pd.DataFrame({"year": ["2022", "2023"], "gce_per_kwh": ["300.7", "300.0"],
                                          "source": ["中电联", "中电联"]})
    return f


def write_tables(frames: dict[str, pd.DataFrame], folder: Path, *, fmt: str = "csv", encoding: str = "utf-8",
                 chinese_headers: bool = False) -> Path:
    """Write text frames as ``<table>.csv`` (in ``encoding``) or ``<table>.xlsx``; return the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        out = frame
        if chinese_headers:
            zh = {c.name: c.zh for c in TABLES_BY_NAME[name].columns}
            out = frame.rename(columns=zh)
        if fmt == "csv":
            out.to_csv(folder / f"{name}.csv", index=False, encoding=encoding, lineterminator="\n")
        else:
            out.to_excel(folder / f"{name}.xlsx", index=False, sheet_name=TABLES_BY_NAME[name].zh)
    return folder


@pytest.fixture
def make_valid_tables() -> Callable[..., Path]:
    """``make_valid_tables(folder, fmt="csv", encoding="utf-8", chinese_headers=False) -> folder``."""
    def make(folder: Path, **kwargs) -> Path:
        return write_tables(valid_frames(), folder, **kwargs)
    return make


@pytest.fixture
def valid_data_dir(tmp_path: Path) -> Path:
    """A folder holding the valid fixture tables as UTF-8 CSV."""
    return write_tables(valid_frames(), tmp_path / "valid")


@pytest.fixture
def table_kit() -> SimpleNamespace:
    """Helpers for tests that alter the valid tables before writing them.

    ``frames()`` (fresh text frames), ``write(frames, folder, fmt=..., encoding=...,
    chinese_headers=...)``, ``credit_code(first17)``, ``codes`` (the enterprises' codes) and
    ``current_month`` (pass it to the validator).
    """
    return SimpleNamespace(frames=valid_frames, write=write_tables, credit_code=credit_code,
                           codes=list(ENTERPRISE_CODES), current_month=CURRENT_MONTH)
