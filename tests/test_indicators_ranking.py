"""Provincial ranking, rank change and streak (INDICATORS.md §8)."""

from __future__ import annotations

import pandas as pd
import pytest

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.indicators import ranking as rk


def _releases() -> pd.DataFrame:
    periods = ["2022-11", "2022-12", "2023-02", "2023-03", "2023-04"]
    vals = {"甲": [5.0, 3.0, 6.0, 6.1, 6.04], "乙": [6.0, 6.5, 5.0, 5.0, 6.0], "丙": [1.0, 1.0, 1.0, 1.0, 2.0]}
    return pd.DataFrame([{"city": c, "period": p, "va_growth_ytd": v[i]}
                         for c, v in vals.items() for i, p in enumerate(periods)])


def test_rank_on_published_rounded_figures_with_ties():
    d = _releases()
    r = rk.province_ranking(d, "2023-04")
    assert dict(zip(r["region"], r["rank"], strict=True)) == {"甲": 1, "乙": 1, "丙": 3}
    dense = rk.province_ranking(d, "2023-04", ties="dense")
    assert dict(zip(dense["region"], dense["rank"], strict=True))["丙"] == 2
    unrounded = rk.province_ranking(d, "2023-04", precision=2)
    assert dict(zip(unrounded["region"], unrounded["rank"], strict=True))["乙"] == 2


def test_rank_change_against_previous_release():
    r = rk.rank_of(_releases(), "甲", "2023-02")
    assert (r.rank, r.previous_rank, r.rank_change, str(r.previous_period)) == (1, 2, 1, "2022-12")
    assert r.n_regions == 3


def test_rank_streak_months_and_releases():
    d = _releases()
    s = rk.rank_streak(d, "甲", "2023-04")
    assert (s.rank, s.count, s.unit) == (1, 4, "months")   # 1–2月 counts two months
    assert s.start.label() == "2023年1-2月" and str(s.releases[0]) == "2023-02"
    assert rk.rank_streak(d, "甲", "2023-04", unit="releases").count == 3
    assert rk.rank_streak(d, "丙", "2023-04").count == 6  # Nov, Dec, Jan–Feb (2), Mar, Apr


def test_rank_streak_stops_at_missing_release():
    d = _releases()
    d = d[d["period"] != "2022-12"]
    assert rk.rank_streak(d, "丙", "2023-04").count == 4


def test_ranking_errors():
    d = _releases()
    with pytest.raises(ParameterError, match="ties='average'"):
        rk.province_ranking(d, "2023-04", ties="average")
    with pytest.raises(InsufficientDataError, match="no 'va_growth_ytd' values for 2023-05"):
        rk.province_ranking(d, "2023-05")
    with pytest.raises(ParameterError, match="region '丁' is not in column 'city'"):
        rk.rank_of(d, "丁", "2023-04")
    dup = pd.concat([d, d.head(1)])
    with pytest.raises(ParameterError, match="more than one row"):
        rk.province_ranking(dup, "2023-04")
