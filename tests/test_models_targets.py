"""Target questions: required growth (INDICATORS.md §5.4, T16), scenarios on levels."""

import pandas as pd
import pytest

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.models.targets import required_growth, scenario_year_end


def test_t16_required_growth_base_share():
    r = required_growth(6.0, 5.0, base_share=0.65)
    assert r.value == pytest.approx(100 * ((1.06 - 0.65 * 1.05) / 0.35 - 1), abs=1e-12)
    assert round(r.value, 3) == 7.857 and r.status == "ok" and r.flag == ""


def test_required_growth_explicit_bases_and_edges():
    assert round(required_growth(6.0, 5.0, base_done=670, base_total=1050).value, 2) == 7.76
    assert required_growth(6.0, 5.0, base_share=1.0).status == "no_remaining_period"
    assert required_growth(3.0, 8.0, base_share=0.9).flag == "secured"
    assert required_growth(20.0, 0.0, base_share=0.9).flag == "implausible"
    with pytest.raises(ParameterError, match="base_total=600 must exceed base_done=700"):
        required_growth(6.0, 5.0, base_done=700, base_total=600)
    with pytest.raises(ParameterError, match="base_share"):
        required_growth(6.0, 5.0)


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
