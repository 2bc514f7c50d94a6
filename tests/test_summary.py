"""gx summary on the demo city reproduces the bureau's headline figures (SEED.md F1–F11) at display
precision, from the indicator library; the figures are numbers, display text is made from them."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from gxanalysis.cli import main
from gxanalysis.errors import InsufficientDataError
from gxanalysis.summary import COLUMNS, SummaryOptions, headline_figures

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
def figures():
    return headline_figures("2023-04")


@pytest.mark.parametrize("figure", list(EXPECTED))
def test_seed_figure_reproduced(figures, figure):
    for indicator, expected in EXPECTED[figure]:
        assert figures[indicator].display() == expected, f"{figure} {indicator}"


def test_values_are_numbers_with_status_and_options(figures):
    f = figures["va_growth_ytd"]
    assert isinstance(f.value, float) and f.status == "ok" and f.precision == 1
    assert isinstance(figures["key_projects"].value, int)
    assert figures.options == SummaryOptions()
    frame = figures.frame()
    assert pd.api.types.is_object_dtype(frame["value"]) or pd.api.types.is_float_dtype(frame["value"])
    assert frame.set_index("indicator").loc["va_growth_ytd", "value"] == pytest.approx(15.1, abs=0.05)


def test_f9_ratings_and_f11_cadence_partition_the_tasks_and_enterprises(figures):
    assert figures.value("supervision_red") + figures.value("supervision_yellow") \
        + figures.value("supervision_blue") == 19
    n = sum(figures.value(f"monitoring_{c}") for c in ("daily", "weekly", "monthly"))
    from gxanalysis.data.dataset import load_dataset

    em = load_dataset().enterprise_monthly
    assert n == int((em["period"] == pd.Period("2023-04", "M")).sum())
    assert figures.value("monitoring_daily") > 0 and figures.value("monitoring_weekly") > 0


def test_options_change_the_figures():
    base = headline_figures("2023-04")
    other = headline_figures("2023-04", options=SummaryOptions(va_growth_target=8.0,
                                                               start_rate_denominator="annual"))
    assert other.value("va_growth_target") == 8.0
    assert other.value("va_growth_required") < base.value("va_growth_required")
    assert other.value("start_resume_rate") < base.value("start_resume_rate")
    assert other.options.start_rate_denominator == "annual"


def test_cli_csv_and_json(capsys):
    assert main(["summary", "--period", "2023-04"]) == 0
    csv = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert list(csv.columns) == COLUMNS
    row = csv.set_index("indicator").loc["va_growth_ytd"]
    assert row["value"] == "15.1" and float(row["unrounded"]) == pytest.approx(15.1, abs=0.05)
    assert main(["summary", "--period", "2023-04", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["period"] == "2023-04" and out["options"]["start_rate_denominator"] == "to_date"
    by = {r["indicator"]: r for r in out["figures"]}
    assert isinstance(by["va_growth_ytd"]["value"], float) and by["va_growth_ytd"]["display"] == "15.1"
    assert by["province_rank"]["value"] == 1 and by["chain_output"]["unit"] == "亿元"


def test_december_and_jan_feb_give_statuses_not_errors():
    dec = headline_figures("2022-12")
    assert dec["va_growth_required"].status == "no_remaining_period" and dec.value("va_growth_required") is None
    assert dec["va_growth_required"].display() == "--"
    assert dec["energy_intensity_change"].period == "2022"  # the last full year in December is that year
    feb = headline_figures("2022-02")
    assert feb["va_growth_month"].status == "not_published"
    assert feb.value("problems_raised") == 0 and feb["problem_closure_rate"].status == "no_data"


def test_month_without_data_is_a_clear_error(capsys):
    with pytest.raises(InsufficientDataError, match="latest month in the data is 2023-04"):
        headline_figures("2023-09")
    assert main(["summary", "--period", "2023-09"]) == 1
    assert "2023-04" in capsys.readouterr().err
    assert main(["summary", "--period", "2023-13"]) == 2


def test_gx_summary_writes_to_a_console_or_file_that_cannot_hold_chinese(monkeypatch):
    # `gx summary > out.txt` on a Western Windows: the redirect's encoding is cp1252
    monkeypatch.delenv("PYTHONIOENCODING", raising=False)
    buffer = io.BytesIO()
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(buffer, encoding="cp1252"))
    assert main(["summary", "--period", "2023-04"]) == 0
    import sys

    sys.stdout.flush()
    assert "金澜市" in buffer.getvalue().decode("utf-8")
