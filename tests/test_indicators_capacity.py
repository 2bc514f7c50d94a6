"""Capacity attainment 达产率 and capacity utilisation (INDICATORS.md §4)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gxanalysis.errors import ParameterError, UnitError
from gxanalysis.indicators import capacity as cap


def _tables():
    ent = pd.DataFrame({"credit_code": ["A", "B", "C"], "name": ["甲", "乙", "丙"],
                        "design_capacity": [5.0, 12.0, 100.0], "capacity_unit": ["万吨", "万吨", "兆瓦"],
                        "design_output_value": [12000.0, None, 24000.0]})
    mon = pd.DataFrame({"credit_code": ["A", "B", "C", "A"], "period": ["2023-05", "2023-05", "2023-05", "2023-04"],
                        "product_output": [1.9, None, 50.0, 1.5], "gross_output": [4000.0, 5000.0, 9000.0, 3000.0]})
    return ent, mon


def test_variant_a_prorates_design_capacity():
    """§4.2 worked example: 5万吨/年, Jan–May 1.9万吨 → 91.2% (38.0% unprorated)."""
    ent, mon = _tables()
    t = cap.capacity_attainment(ent, mon, "2023-05")
    row = t.set_index("credit_code")
    assert row.loc["A", "attainment"] == pytest.approx(91.2, abs=0.01)
    assert row.loc["B", "status"] == "missing" and np.isnan(row.loc["B", "attainment"])
    assert row.loc["C", "attainment"] == pytest.approx(50 / (100 * 5 / 12) * 100)


def test_average_mean_vs_weighted_and_unit_guard():
    ent, mon = _tables()
    t = cap.capacity_attainment(ent, mon, "2023-05")
    mean = cap.average_attainment(t)
    assert mean.how == "mean" and mean.n == 2 and mean.excluded == ("B",)
    with pytest.raises(UnitError, match="different units"):
        cap.average_attainment(t, how="weighted")
    b = cap.capacity_attainment(ent, mon, "2023-05", variant="B")
    w = cap.average_attainment(b, how="weighted")
    assert w.how == "weighted" and w.value == pytest.approx((4000 + 9000) / ((12000 + 24000) * 5 / 12) * 100)
    with pytest.raises(ParameterError, match="how='median'"):
        cap.average_attainment(t, how="median")


def test_variant_c_needs_a_plan():
    ent, mon = _tables()
    with pytest.raises(ParameterError, match="pass plan="):
        cap.capacity_attainment(ent, mon, "2023-05", variant="C")
    t = cap.capacity_attainment(ent, mon, "2023-05", variant="C", plan=pd.Series({"A": 5000.0}))
    assert t["attainment"].tolist() == [80.0]


def test_scalar_variants_and_errors():
    assert cap.attainment_value(4500.0, 12000.0, 6) == pytest.approx(75.0)
    assert cap.attainment_vs_plan(95.0, 100.0) == 95.0
    with pytest.raises(ParameterError, match="months=13"):
        cap.attainment_physical(1.0, 5.0, 13)
    with pytest.raises(ParameterError, match="design_capacity"):
        cap.attainment_physical(1.0, 0.0, 5)
    with pytest.raises(ParameterError, match="variant='D'"):
        cap.capacity_attainment(*_tables(), "2023-05", variant="D")


def test_capacity_utilisation_value_terms():
    assert cap.capacity_utilisation([82.4], [100.0]) == pytest.approx(82.4)
    with pytest.raises(ParameterError, match="one capacity per output"):
        cap.capacity_utilisation([1.0, 2.0], [3.0])
