"""Contribution, pull and share (INDICATORS.md §3)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gxanalysis.errors import ParameterError
from gxanalysis.indicators import contribution as c


def test_contributions_by_group_column_and_partition_identities():
    d = pd.DataFrame({"county": ["x", "x", "y"], "v": [110.0, 60.0, 40.0], "b": [100.0, 50.0, 50.0]})
    r = c.contributions(d, current="v", base="b", group="county")
    assert r.partition
    assert r.table.loc["x", "contribution"] == pytest.approx(200.0)   # above 100% is kept
    assert r.table.loc["y", "contribution"] == pytest.approx(-100.0)  # negative is kept
    check = c.check_identities(r)
    assert check.holds and check.sum_pull == pytest.approx(r.total_growth)


def test_overlapping_chains_are_not_a_partition():
    d = pd.DataFrame({"code": ["a", "b", "c"], "v": [110.0, 60.0, 40.0], "b": [100.0, 50.0, 50.0]})
    m = pd.DataFrame({"unit": ["a", "b", "b"], "group": ["C01", "C01", "C02"]})
    r = c.contributions(d, current="v", base="b", membership=m, unit="code")
    assert not r.partition
    assert r.problems["overlapping"] == ["b"] and r.problems["uncovered"] == ["c"]
    assert r.total_base == 200.0  # the whole is the universe, not the sum of the chains
    assert r.table.loc["C01", "pull"] == pytest.approx(10.0)
    assert not c.check_identities(r).holds
    with pytest.raises(ParameterError, match="not a partition"):
        c.check_identities(r, raise_on_failure=True)


def test_unstable_denominator_flag():
    d = pd.DataFrame({"v": [100.05, 99.9999], "b": [100.0, 100.0]})
    r = c.contributions(d, current="v", base="b")
    assert set(r.table["status"]) == {"unstable_denominator"}
    assert r.table["contribution"].isna().all()
    assert not r.table["pull"].isna().any()
    r2 = c.contributions(d, current="v", base="b", eps=0.0)
    assert set(r2.table["status"]) == {"ok"}


def test_contributions_errors():
    d = pd.DataFrame({"v": [1.0, None], "b": [1.0, 1.0]}, index=["a", "b"])
    with pytest.raises(ParameterError, match=r"missing 'v' or 'b' for \['b'\]"):
        c.contributions(d, current="v", base="b")
    with pytest.raises(ParameterError, match="eps=-1"):
        c.contributions(d.fillna(1.0), current="v", base="b", eps=-1)
    dup = pd.DataFrame({"u": ["a", "a"], "v": [1.0, 2.0], "b": [1.0, 1.0]})
    with pytest.raises(ParameterError, match="more than once"):
        c.contributions(dup, current="v", base="b", unit="u")


def test_is_partition_forms():
    assert c.is_partition(pd.Series({"a": "x", "b": "y"}), ["a", "b"])
    assert not c.is_partition({"x": ["a", "z"]}, ["a"])
    assert c.partition_problems({"x": ["a", "z"]}, ["a"])["unknown"] == ["z"]


def test_share():
    assert c.share(35.2, 120.0) == pytest.approx(29.333333)
    with pytest.raises(ParameterError, match="non-zero total"):
        c.share(1.0, 0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(1, 1e5), st.floats(0, 1e5), st.integers(0, 3)), min_size=1, max_size=10))
def test_property_pulls_sum_to_total_growth_for_any_partition(rows):
    """§3.1: Σ pull = g_total and Σ contribution = 100 whenever the groups partition the units."""
    d = pd.DataFrame(rows, columns=["b", "v", "grp"])
    r = c.contributions(d, current="v", base="b", group="grp")
    assert r.partition
    assert r.table["pull"].sum() == pytest.approx(r.total_growth, rel=1e-9, abs=1e-7)
    if r.table["status"].iloc[0] == "ok":
        assert r.table["contribution"].sum() == pytest.approx(100.0, rel=1e-9, abs=1e-6)
    assert c.check_identities(r, tol=1e-6).holds
    assert np.isclose(r.table["share_base"].sum(), 100.0)
