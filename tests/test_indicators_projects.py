"""Key-project indicators (INDICATORS.md §6)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.indicators import projects as pj


def _projects():
    return pd.DataFrame({
        "year": 2023, "project_id": ["p1", "p2", "p3", "p4", "p5"], "name": list("ABCDE"),
        "county": ["x", "x", "y", "y", "y"], "chain_id": ["C01", "C02", "C01", "C01", None],
        "kind": ["新建", "新建", "续建", "续建", "新建"],
        "planned_start": ["2023-03", "2023-05", "2023-02", "2023-03", "2023-09"],
        "actual_start": ["2023-03", None, "2023-02", None, "2023-04"],
        "total_investment": 1000.0, "annual_plan": [120.0, 240.0, 120.0, 60.0, 120.0],
        "in_stats": [True, False, True, True, False],
    })


def _monthly():
    return pd.DataFrame({"project_id": ["p1", "p3", "p5", "p1"], "period": ["2023-06", "2023-06", "2023-06", "2023-05"],
                         "investment": [70.0, 30.0, 80.0, 50.0]})


def test_start_rates_denominators_and_groups():
    to_date = pj.start_rates(_projects(), "2023-06")
    # new projects due by June: p1, p2 (p5 is planned for September: not in the set, although it started);
    # ongoing projects: p3, p4, all of them — numerator and denominator on the same set (INDICATORS.md §6.1)
    assert to_date.loc["total", ["new_planned", "new_started", "ongoing_planned", "ongoing_resumed"]].tolist() == [2, 1, 2, 1]
    assert to_date.loc["total", "start_rate"] == pytest.approx(50.0)
    assert to_date.loc["total", "start_or_resume_rate"] == pytest.approx(50.0)
    annual = pj.start_rates(_projects(), "2023-06", denominator="annual")
    assert annual.loc["total", "start_rate"] == pytest.approx(200 / 3)
    assert annual.loc["total", "start_or_resume_rate"] == pytest.approx(60.0)
    by = pj.start_rates(_projects(), "2023-06", by="county")
    assert by.loc["x", "start_rate"] == pytest.approx(50.0)
    assert np.isnan(by.loc["x", "resume_rate"])


def test_start_rates_errors():
    with pytest.raises(ParameterError, match="denominator='plan'"):
        pj.start_rates(_projects(), "2023-06", denominator="plan")
    with pytest.raises(InsufficientDataError, match="no list for 2024"):
        pj.start_rates(_projects(), "2024-06")
    bad = _projects().assign(kind="改建")
    with pytest.raises(ParameterError, match="改建"):
        pj.start_rates(bad, "2023-06")


def test_investment_completion_by_chain_and_missing():
    r = pj.investment_completion(_projects(), _monthly(), "2023-06", by="chain_id")
    # C01: p1 70 + p3 30 + p4 (started? no → 0) over 120+120+60
    assert r.loc["C01", "completion_rate"] == pytest.approx(100 / 300 * 100)
    assert r.loc["C01", "schedule"] == "seriously_behind"
    r2 = pj.investment_completion(_projects(), _monthly().iloc[1:], "2023-06")
    assert r2.loc["total", "status"] == "incomplete" and r2.loc["total", "missing_projects"] == ["p1"]
    stats = pj.investment_completion(_projects(), _monthly(), "2023-06", in_stats_only=True)
    assert stats.loc["total", "n_projects"] == 3


def test_projects_behind_plan_and_new_starts():
    behind = pj.projects_behind_plan(_projects(), _monthly(), "2023-06", margin=5.0)
    assert behind["project_id"].tolist() == ["p2", "p4", "p3"]
    assert pj.new_starts(_projects(), "2023-04")["project_id"].tolist() == ["p5"]


def test_projects_not_due_yet_are_not_behind_plan_unless_asked():
    p = pd.DataFrame({"year": 2023, "project_id": ["due", "later"], "kind": "新建",
                      "planned_start": ["2023-03", "2023-09"], "actual_start": [None, None],
                      "annual_plan": [100.0, 100.0]})
    m = pd.DataFrame({"project_id": [], "period": [], "investment": []})
    assert pj.projects_behind_plan(p, m, "2023-06")["project_id"].tolist() == ["due"]
    assert set(pj.projects_behind_plan(p, m, "2023-06", include_not_due=True)["project_id"]) == {"due", "later"}


_KINDS = st.sampled_from(["新建", "续建"])


@st.composite
def _project_lists(draw):
    n = draw(st.integers(1, 25))
    rows = []
    for i in range(n):
        planned = draw(st.integers(1, 12))
        started = draw(st.one_of(st.none(), st.integers(1, 12)))
        rows.append({"year": 2023, "project_id": f"p{i}", "kind": draw(_KINDS),
                     "county": draw(st.sampled_from(["甲", "乙", "丙"])),
                     "planned_start": f"2023-{planned:02d}",
                     "actual_start": None if started is None else f"2023-{started:02d}"})
    return pd.DataFrame(rows)


@settings(max_examples=150, deadline=None)
@given(_project_lists(), st.integers(1, 12), st.sampled_from(["to_date", "annual"]))
def test_property_start_rates_are_shares_of_one_project_set(projects, month, denominator):
    period = f"2023-{month:02d}"
    total = pj.start_rates(projects, period, denominator=denominator).loc["total"]
    for rate in ("start_rate", "resume_rate", "start_or_resume_rate"):
        assert np.isnan(total[rate]) or 0.0 <= total[rate] <= 100.0
    parts = pj.start_rates(projects, period, denominator=denominator, by="county")
    counts = ["new_planned", "new_started", "ongoing_planned", "ongoing_resumed"]
    # the counts of a partition add up to the total's, so the total's rates follow from the parts' counts
    assert parts[counts].sum().tolist() == total[counts].tolist()
    den = parts["new_planned"].sum() + parts["ongoing_planned"].sum()
    if den:
        num = parts["new_started"].sum() + parts["ongoing_resumed"].sum()
        assert total["start_or_resume_rate"] == pytest.approx(num / den * 100)
    # an independent count from the definition (plain pandas)
    started = projects["actual_start"].notna() & (projects["actual_start"].fillna("9999-99") <= period)
    in_set = (projects["kind"] == "续建") | (projects["planned_start"] <= period) if denominator == "to_date" \
        else pd.Series(True, index=projects.index)
    assert int(in_set.sum()) == total["new_planned"] + total["ongoing_planned"]
    assert int((in_set & started).sum()) == total["new_started"] + total["ongoing_resumed"]
