"""Target questions: required growth (INDICATORS.md §5.4, T16), scenarios on levels."""

import pandas as pd
import pytest

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.models.targets import scenario_year_end


def test_required_growth_has_one_definition():
    # the models layer answers target questions with the indicator library's formula (INDICATORS.md §5.4)
    from gxanalysis.indicators import schedule
    from gxanalysis.models import targets

    assert targets.required_growth is schedule.required_growth
    r = schedule.required_growth(6.0, 5.0, 670.0, 1050.0)
    assert round(r.value, 2) == 7.76 and r.base_share == pytest.approx(670 / 1050)
    assert schedule.required_growth(3.0, 8.0, 900.0, 1000.0).flag == "target_secured"
    assert schedule.required_growth(20.0, 0.0, 900.0, 1000.0).flag == "unrealistically_high"
    with pytest.raises(ParameterError, match="need 0 ≤ base_done ≤ base_total"):
        schedule.required_growth(6.0, 5.0, 700.0, 600.0)


def _levels():
    rows = []
    # two enterprises; last year Jan–Aug and Jan–Dec, this year Jan–Aug (YTD, 万元)
    for code, (v8_prev, v12_prev, v8, b8) in {"A": (800, 1200, 880, 800), "B": (200, 300, 190, 200)}.items():
        rows += [{"credit_code": code, "period": "2022-08", "value_added": v8_prev, "value_added_base": 1},
                 {"credit_code": code, "period": "2022-12", "value_added": v12_prev, "value_added_base": 1},
                 {"credit_code": code, "period": "2023-08", "value_added": v8, "value_added_base": b8}]
    return pd.DataFrame(rows)


def test_scenario_on_levels():
    out = scenario_year_end(_levels(), year=2023).iloc[0]
    # baseline: A grows 10% in the rest (400 → 440), B −5% (100 → 95): (880+190+440+95)/(1000+500)
    assert out["baseline"] == pytest.approx(100 * (1605 / 1500 - 1))
    assert out["ytd"] == pytest.approx(100 * (1070 / 1000 - 1))
    shock = scenario_year_end(_levels(), year=2023, changes={"A": -50}).iloc[0]
    assert shock["scenario"] == pytest.approx(100 * ((1605 - 220) / 1500 - 1))
    assert shock["difference"] == pytest.approx(-220 / 1500 * 100)


def test_scenario_refusals():
    with pytest.raises(ParameterError, match=r"unit\(s\) \['Z'\]"):
        scenario_year_end(_levels(), year=2023, changes={"Z": 10})
    with pytest.raises(InsufficientDataError, match="no rows for 2030"):
        scenario_year_end(_levels(), year=2030)
    lv = _levels()
    with pytest.raises(InsufficientDataError, match="December"):
        scenario_year_end(lv[lv["period"] != "2022-12"], year=2023)
