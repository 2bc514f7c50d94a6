"""gx summary on the demo city reproduces the bureau's headline figures (SEED.md F1–F11) at display
precision, from the indicator library."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from gxanalysis.cli import main
from gxanalysis.errors import InsufficientDataError
from gxanalysis.summary import COLUMNS, headline_figures

EXPECTED = {  # SEED.md figure → (indicator, display value)
    "F1": [("va_growth_ytd", "15.1")],
    "F2": [("province_rank", "1"), ("rank_streak_months", "16")],
    "F3": [("capacity_attainment_mean", "98.0")],
    "F4": [("key_projects", "124"), ("start_resume_rate", "84.0"), ("investment_completed", "30.1")],
    "F5": [("chain_output", "417.9"), ("chain_output_growth", "22.4")],
    "F6": [("energy_intensity_change", "-6.0")],
    "F7": [("base_stations_new", "72"), ("base_stations_total", "1075")],
    "F8": [("problems_closed", "91"), ("problems_raised", "91")],
    "F9": [("supervision_tasks", "19")],
    "F10": [("zjtx_provincial_new", "10")],
}


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return headline_figures("2023-04")


@pytest.mark.parametrize("figure", list(EXPECTED))
def test_seed_figure_reproduced(figures, figure):
    values = figures.set_index("indicator")["value"]
    for indicator, expected in EXPECTED[figure]:
        assert values[indicator] == expected, f"{figure} {indicator}"


def test_f9_ratings_and_f11_cadence_partition_the_tasks_and_enterprises(figures):
    v = figures.set_index("indicator")["value"].astype(str)
    assert int(v["supervision_red"]) + int(v["supervision_yellow"]) + int(v["supervision_blue"]) == 19
    n = sum(int(v[f"monitoring_{c}"]) for c in ("daily", "weekly", "monthly"))
    from gxanalysis.data.dataset import load_dataset

    em = load_dataset().enterprise_monthly
    assert n == int((em["period"] == pd.Period("2023-04", "M")).sum())
    assert int(v["monitoring_daily"]) > 0 and int(v["monitoring_weekly"]) > 0


def test_cli_csv_and_json(capsys):
    assert main(["summary", "--period", "2023-04"]) == 0
    csv = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str)
    assert list(csv.columns) == COLUMNS
    assert csv.set_index("indicator").loc["va_growth_ytd", "value"] == "15.1"
    assert main(["summary", "--period", "2023-04", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["indicator"] for r in rows} >= {"va_growth_ytd", "chain_output"}


def test_month_without_data_is_a_clear_error(capsys):
    with pytest.raises(InsufficientDataError, match="latest month in the data is 2023-04"):
        headline_figures("2023-09")
    assert main(["summary", "--period", "2023-09"]) == 1
    assert "2023-04" in capsys.readouterr().err
    assert main(["summary", "--period", "2023-13"]) == 2
