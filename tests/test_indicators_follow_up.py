"""Problem closure, task ratings, 5G, recognitions."""

from __future__ import annotations

import pandas as pd
import pytest

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.indicators import follow_up as fu


def test_problem_closure_by_department():
    p = pd.DataFrame({"problem_id": list("1234"), "department": ["甲", "甲", "乙", "乙"],
                      "raised_date": ["2023-01-05", "2023-02-01", "2023-03-01", "2023-06-01"],
                      "due_date": ["2023-02-01", "2023-03-01", "2023-03-10", "2023-07-01"],
                      "closed_date": ["2023-02-20", None, "2023-03-05", None]})
    r = fu.problem_closure(p, "2023-04-30", by="department")
    assert r.summary.loc["甲", "closure_rate"] == 50.0 and r.summary.loc["乙", "raised"] == 1
    assert r.summary.loc["甲", "closed_on_time"] == 0 and r.summary.loc["乙", "closed_on_time"] == 1
    assert r.overdue["problem_id"].tolist() == ["2"] and r.overdue["days_overdue"].tolist() == [60]
    with pytest.raises(ParameterError, match="as_of='soon' is not a date"):
        fu.problem_closure(p, "soon")


def test_task_ratings_edges():
    t = pd.DataFrame({"task_id": list("12345"),
                      "due_date": ["2023-04-29", "2023-04-30", "2023-05-15", "2023-05-16", "2023-04-01"],
                      "completed_date": [None, None, None, None, "2023-05-02"]})
    r = fu.rate_tasks(t, "2023-04-30")
    assert r["rating"].tolist() == ["red", "yellow", "yellow", "blue", "red"]
    assert r["rating_zh"].tolist()[0] == "红"
    assert fu.rate_tasks(t, "2023-04-30", due_soon_days=30)["rating"].tolist()[3] == "yellow"
    bad = t.assign(due_date=["2023-13-01"] + list(t["due_date"][1:]))
    with pytest.raises(ParameterError, match="'2023-13-01' is not a date"):
        fu.rate_tasks(bad, "2023-04-30")


def test_base_stations_total_only_and_missing_december():
    bs = pd.DataFrame({"county": ["A", "B"], "period": "2023-04", "stations": [10, 20]})
    r = fu.base_station_summary(bs, "2023-04", by=None, population=1_000_000)
    assert r.loc["total", "stations"] == 30 and r.loc["total", "status"] == "no_december_stock"
    assert r.loc["total", "per_10k_people"] == pytest.approx(0.3)
    with pytest.raises(InsufficientDataError, match="no rows for 2023-05"):
        fu.base_station_summary(bs, "2023-05")


def test_base_station_density_published_example():
    """§8: 4,838,000 stations and 1.408 billion people → 34.4 per 10,000."""
    bs = pd.DataFrame({"county": ["全国"], "period": ["2025-12"], "stations": [4_838_000]})
    r = fu.base_station_summary(bs, "2025-12", by=None, population=1_408_000_000)
    assert round(float(r.loc["total", "per_10k_people"]), 1) == pytest.approx(34.4)


def test_recognition_counts_filters():
    r = pd.DataFrame({"credit_code": ["A", "B", "C"], "year": [2021, 2022, 2023],
                      "kind": "专精特新中小企业", "level": ["省级", "省级", "国家级"]})
    out = fu.recognition_counts(r, by=["level"], up_to_year=2022)
    assert out.to_dict("list") == {"level": ["省级"], "count": [2]}
    with pytest.raises(ParameterError, match="needs 'year' in by="):
        fu.recognition_counts(r, by=["level"], cumulative=True)
