"""Key-project indicators (INDICATORS.md §6)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

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
    assert to_date.loc["total", ["new_planned", "new_started", "ongoing_planned", "ongoing_resumed"]].tolist() == [2, 2, 2, 1]
    assert to_date.loc["total", "start_rate"] == pytest.approx(100.0)  # p5 started ahead of plan
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
