"""Completion, schedule gap, monitoring cadence, required growth (INDICATORS.md §5)."""

from __future__ import annotations

import pandas as pd
import pytest

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.indicators import schedule as s


def test_classify_bands_configurable():
    assert s.classify_schedule(-3.0) == "behind"
    assert s.classify_schedule(-3.0, tol=3.0) == "on_track"
    assert s.classify_schedule(-3.0, serious=2.0) == "seriously_behind"
    assert s.classify_schedule(None) == "missing"
    with pytest.raises(ParameterError, match="need 0 ≤ tol ≤ serious"):
        s.classify_schedule(1.0, tol=6.0)


def test_completion_rate_errors_and_series():
    with pytest.raises(ParameterError, match="target=0"):
        s.completion_rate(1.0, 0)
    out = s.completion_rate(pd.Series([50.0, 10.0]), pd.Series([100.0, 0.0]))
    assert out.iloc[0] == 50.0 and pd.isna(out.iloc[1])
    with pytest.raises(ParameterError, match="period="):
        s.schedule_gap(50.0)


def test_day_based_gap():
    gap = s.schedule_gap(33.0, "2023-04", basis="day")
    assert gap == pytest.approx(33.0 - 120 / 365 * 100)


def _cadence_tables():
    ent = pd.DataFrame({"credit_code": ["A", "B", "C", "D", "E"], "name": list("甲乙丙丁戊"),
                        "is_key": [True, True, False, False, False]})
    mon = pd.DataFrame({"credit_code": ["A", "B", "C", "D", "E"], "period": "2023-06",
                        "gross_output": [47.0, 60.0, 44.0, 55.0, 10.0]})
    tgt = pd.DataFrame({"credit_code": ["A", "B", "C", "D"], "year": 2023, "output_target": [100.0] * 4})
    return ent, mon, tgt


def test_monitoring_cadence_lists():
    c = s.monitoring_cadence(*_cadence_tables(), "2023-06")
    assert c.daily == ("A", "C") and c.weekly == ("B",) and c.monthly == ("D", "E")
    t = c.table.set_index("credit_code")
    assert t.loc["E", "schedule"] == "no_target" and t.loc["C", "schedule"] == "seriously_behind"
    c2 = s.monitoring_cadence(*_cadence_tables(), "2023-06", daily_from="seriously_behind")
    assert c2.daily == ("C",) and c2.weekly == ("A", "B")


def test_monitoring_cadence_covers_the_month_sample_only():
    ent, mon, tgt = _cadence_tables()
    ent = pd.concat([ent, pd.DataFrame({"credit_code": ["F"], "name": ["己"], "is_key": [True]})])
    c = s.monitoring_cadence(ent, mon, tgt, "2023-06")
    assert "F" not in c.table["credit_code"].tolist()  # no row in 2023-06: not in the month's sample
    assert len(c.daily) + len(c.weekly) + len(c.monthly) == len(mon)
    wide = s.monitoring_cadence(ent, mon, tgt, "2023-06", sample_only=False)
    assert wide.table.set_index("credit_code").loc["F", "schedule"] == "no_target"


def test_daily_progress_year_scope_needs_ytd_before():
    rec = pd.DataFrame({"credit_code": "A", "date": ["2023-06-01", "2023-06-02"], "output_value": [1.0, 2.0]})
    with pytest.raises(ParameterError, match="ytd_before= is required for 2023-06"):
        s.daily_progress(rec, 100.0, "2023-06")
    p = s.daily_progress(rec, pd.Series({"A": 100.0}), "2023-06", ytd_before=pd.Series({"A": 40.0}))
    assert p["cumulative"].tolist() == [41.0, 43.0]
    assert p["time_progress"].iloc[0] == pytest.approx(152 / 365 * 100)
    assert p["schedule"].tolist() == ["behind", "ahead"]  # 41 < 41.6; 43 > 41.9
    with pytest.raises(InsufficientDataError, match="no rows in 2023-07"):
        s.daily_progress(rec, 100.0, "2023-07", ytd_before=0.0)
    with pytest.raises(ParameterError, match="target is missing"):
        s.daily_progress(rec, pd.Series({"B": 1.0}), "2023-06", ytd_before=0.0)


def test_weekly_progress_takes_last_day_of_week():
    rec = pd.DataFrame({"credit_code": "A", "date": pd.date_range("2023-06-01", "2023-06-30").astype(str),
                        "output_value": 2.0})
    w = s.weekly_progress(rec, 60.0, "2023-06", target_scope="month")
    assert w["completion"].iloc[-1] == pytest.approx(100.0)
    assert w["week_output"].sum() == pytest.approx(60.0)


def test_required_growth_flags_and_errors():
    r = s.required_growth(6.0, 12.0, 900.0, 1000.0)
    assert r.flag == "target_secured" and r.value < 0
    r = s.required_growth(10.0, -10.0, 900.0, 1000.0)
    assert r.flag == "unrealistically_high"
    with pytest.raises(ParameterError, match="0 ≤ base_done ≤ base_total"):
        s.required_growth(6.0, 5.0, 1100.0, 1000.0)
    with pytest.raises(ParameterError, match="base_share=1.5"):
        s.required_growth_from_share(6.0, 5.0, 1.5)
    assert s.required_growth_from_share(6.0, 5.0, 1.0).status == "no_remaining_period"


def test_required_annual_decline():
    assert s.required_annual_decline(13.5, 0.0, 5) == pytest.approx(s.even_annual_decline(13.5, 5))
    assert s.required_annual_decline(13.5, 14.0, 2) < 0
    with pytest.raises(ParameterError, match="remaining_years=0"):
        s.required_annual_decline(13.5, 5.0, 0)
