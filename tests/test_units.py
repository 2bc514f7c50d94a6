"""Quantity and unit conversion (INDICATORS.md §1.1)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gxanalysis.errors import UnitError
from gxanalysis.units import Quantity, canonical_unit, conversion_factor, convert


def test_conversions_between_units_of_a_kind():
    assert convert(1.0, "亿元", "元") == 1e8
    assert convert(2550.45, "吨标准煤", "kgce") == pytest.approx(2_550_450.0)
    assert convert(3.0, "亿千瓦时", "万kWh") == pytest.approx(30_000.0)
    assert conversion_factor("万tce", "tce") == 1e4
    s = convert(pd.Series([1.0, 2.0], index=["a", "b"], name="x"), "万元", "亿元")
    assert s.index.tolist() == ["a", "b"] and s.name == "x" and s.tolist() == pytest.approx([1e-4, 2e-4])
    assert isinstance(convert([1, 2], "元", "万元"), np.ndarray)


def test_refuses_other_kinds_and_unknown_units():
    with pytest.raises(UnitError, match="cannot convert '万元' \\(money\\) to 'tce'"):
        convert(1.0, "万元", "tce")
    with pytest.raises(UnitError, match="unknown unit '美元'"):
        canonical_unit("美元")


def test_quantity_arithmetic_and_refusals():
    a = Quantity(1.0, "亿元", "comparable")
    assert (a + Quantity(0.5, "亿元", "comparable")).value == 1.5
    assert (a - Quantity(0.5, "亿元", "comparable")).value == 0.5
    assert (2 * a).value == 2.0 and (a / 4).value == 0.25
    assert a / Quantity(0.5, "亿元", "comparable") == 2.0
    assert a.to("万元") == Quantity(10_000.0, "万元", "comparable")
    assert Quantity(1, "吨标准煤").unit == "tce"
    with pytest.raises(UnitError, match="the units differ; convert first"):
        a + Quantity(1.0, "万元", "comparable")
    with pytest.raises(UnitError, match="the bases differ"):
        a + Quantity(1.0, "亿元", "current")
    with pytest.raises(UnitError, match="the bases differ; convert both on the same energy basis"):
        Quantity(1, "tce", "equivalent") + Quantity(1, "tce", "equal")
    with pytest.raises(UnitError, match="plain number"):
        a + 1.0
    with pytest.raises(UnitError, match="basis 'equal' is not allowed for 万元"):
        Quantity(1.0, "万元", "equal")
    with pytest.raises(UnitError, match="the bases differ"):
        _ = a < Quantity(2.0, "亿元", "current")
    assert Quantity(1.0, "kWh") <= Quantity(1.0, "kWh")
