"""Display conventions: Decimal rounding, 倍, status labels, "#" items, the bureau table (§1.5, §9)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from gxanalysis.errors import ParameterError
from gxanalysis.indicators import display as dp


@pytest.mark.parametrize(("value", "precision", "half_up", "half_even"), [
    (0.35, 1, "0.4", "0.4"), (1.050, 1, "1.1", "1.0"), (2.675, 2, "2.68", "2.68"), (0.125, 2, "0.13", "0.12"),
    (-1.25, 1, "-1.3", "-1.2"), (13.825, 1, "13.8", "13.8"), (97.15, 1, "97.2", "97.2"),
])
def test_rounding_modes_use_the_shortest_decimal(value, precision, half_up, half_even):
    assert dp.format_number(value, precision) == half_up
    assert dp.format_number(value, precision, rounding="half_even") == half_even


def test_round_decimal_types_and_errors():
    assert dp.round_decimal(Decimal("2.45"), 1) == Decimal("2.5")
    assert dp.round_decimal("2.45", 1, rounding="half_even") == Decimal("2.4")
    assert dp.round_decimal(np.float64(2.45), 1) == Decimal("2.5")
    with pytest.raises(ParameterError, match="rounding='truncate'"):
        dp.round_decimal(1.0, 1, rounding="truncate")
    with pytest.raises(ParameterError, match="precision=-1"):
        dp.round_decimal(1.0, -1)
    with pytest.raises(ParameterError, match="missing value"):
        dp.round_decimal(float("nan"))
    with pytest.raises(ParameterError, match="non-finite"):
        dp.round_decimal(float("inf"))


def test_format_number_na_and_negative_zero():
    assert dp.format_number(None) == "--" and dp.format_number(np.nan, na_symbol="—") == "—"
    assert dp.format_number(-0.04) == "0.0"


def test_multiple_convention_threshold_and_reading():
    assert dp.format_growth(124.0) == "1.2倍"
    assert dp.format_growth(200.0) == "2.0倍"
    assert dp.format_growth(124.0, multiple_threshold=None) == "124.0"
    assert dp.format_growth(124.0, multiple_threshold=150) == "124.0"
    assert dp.format_growth(124.0, multiple_reading="ratio") == "2.2倍"
    assert dp.format_growth(99.9) == "99.9"
    with pytest.raises(ParameterError, match="multiple_reading='times'"):
        dp.format_growth(150.0, multiple_reading="times")


@pytest.mark.parametrize(("status", "zh", "en"), [
    ("loss_to_profit", "由亏转盈", "loss to profit"), ("profit_to_loss", "由盈转亏", "profit to loss"),
    ("loss_widened", "亏损增加", "loss widened"), ("loss_narrowed", "减亏", "loss narrowed"),
    ("base_zero", "新增", "new"), ("both_zero", "--", "--"), ("not_published", "--", "--"),
])
def test_status_labels(status, zh, en):
    assert dp.status_label(status) == zh and dp.status_label(status, "en") == en
    assert dp.format_growth(None, status) == zh


def test_status_errors():
    with pytest.raises(ParameterError, match="unknown status 'gone'"):
        dp.status_label("gone")
    with pytest.raises(ParameterError, match="unknown growth status 'gone'"):
        dp.format_growth(1.0, "gone")


def test_pp_and_words():
    assert dp.format_pp(-3.9) == "-3.9个百分点"
    assert dp.format_pp(0.04, signed=True) == "0.0个百分点"
    assert dp.format_change_words(0.01) == "持平"
    assert dp.format_change_words(-3.61, 2, lang="en") == "down 3.61%"


def test_sub_items():
    assert dp.sub_item("轻工业") == "#轻工业" and dp.is_sub_item("#轻工业") and not dp.is_sub_item("轻工业")


def test_render_table_layout():
    rows = pd.DataFrame({"month": [130.0, 5.0, np.nan], "ytd": [430.0, 12.0, 80.0], "growth": [4.878, 160.0, np.nan],
                         "growth_status": ["ok", "ok", "profit_to_loss"]}, index=["规上工业", "轻工业", "利润总额"])
    t = dp.render_table(rows, period="2023-04", sub_items=["轻工业"])
    assert list(t.columns) == ["本月", "1-4月累计", "同比增长%"]
    assert list(t.index) == ["规上工业", "#轻工业", "利润总额"]
    assert t.values.tolist() == [["130.0", "430.0", "4.9"], ["5.0", "12.0", "1.6倍"], ["--", "80.0", "由盈转亏"]]
    en = dp.render_table(rows, period="2023-04", lang="en", level_precision={"规上工业": 0})
    assert list(en.columns) == ["Month", "Jan–Apr", "YoY %"] and en.iloc[0, 0] == "130"
    assert en.iloc[2, 2] == "profit to loss"
    assert rows.index.tolist() == ["规上工业", "轻工业", "利润总额"]  # input not mutated


def test_render_table_errors():
    with pytest.raises(ParameterError, match=r"no column\(s\) \['month'\]"):
        dp.render_table(pd.DataFrame({"ytd": [1.0], "growth": [1.0]}))
    with pytest.raises(ParameterError, match="3 headings"):
        dp.render_table(pd.DataFrame({"month": [1.0], "ytd": [1.0], "growth": [1.0]}), columns=["a"])
