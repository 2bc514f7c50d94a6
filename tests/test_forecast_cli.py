"""`gx forecast` end to end on the real NBS export, and its parameter checks."""

from pathlib import Path

import pandas as pd
import pytest

from gxanalysis.cli import main

NBS = Path(__file__).resolve().parents[1] / "data" / "nbs" / "月度数据_规上工业增加值增长速度_1998-2023.csv"


@pytest.mark.slow
def test_forecast_from_raw_gbk_export(tmp_path, capsys):
    out = tmp_path / "f.csv"
    rc = main(["forecast", "--series", str(NBS), "--horizon", "12", "--out", str(out), "--target", "5"])
    assert rc == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(out, encoding="utf-8-sig")
    assert list(df.columns) == ["period", "yoy", "yoy_lower", "yoy_upper", "ytd", "ytd_lower", "ytd_upper"]
    assert df["period"].tolist()[0] == "2024-02" and df["period"].tolist()[-1] == "2024-12"
    assert len(df) == 11 and pd.isna(df.loc[0, "yoy"]) and not pd.isna(df.loc[0, "ytd"])
    assert (df["ytd_lower"] < df["ytd_upper"]).all()
    printed = capsys.readouterr().out
    assert "2024 year-end cumulative growth" in printed and "probability of reaching 5%" in printed
    assert not list(tmp_path.glob(".f.csv.*"))  # no temporary file left


@pytest.mark.slow
def test_forecast_from_tidy_csv(tmp_path):
    from gxanalysis.data.nbs import read_growth_series

    g = read_growth_series(NBS).loc["2012-01":"2023-06"].reset_index()
    g["period"] = g["period"].astype(str)
    src = tmp_path / "tidy.csv"
    g.to_csv(src, index=False, encoding="utf-8")
    out = tmp_path / "o.csv"
    assert main(["forecast", "--series", str(src), "--horizon", "6", "--out", str(out), "--model", "ets"]) == 0
    assert pd.read_csv(out, encoding="utf-8-sig")["period"].tolist()[-1] == "2023-12"


@pytest.mark.parametrize("args, msg", [
    (["--horizon", "0"], "horizon=0 is outside the allowed range 1–36"),
    (["--horizon", "37"], "horizon=37 is outside the allowed range 1–36"),
    (["--alpha", "0.6"], r"alpha=0.6 is outside the allowed range \(0, 0.5\]"),
    (["--alpha", "0"], r"alpha=0.0 is outside the allowed range \(0, 0.5\]"),
    (["--model", "prophet"], "model='prophet' is not known"),
])
def test_parameter_errors(tmp_path, capsys, args, msg):
    import re

    rc = main(["forecast", "--series", str(NBS), "--out", str(tmp_path / "x.csv"), *args])
    assert rc == 2
    assert re.search(msg, capsys.readouterr().err)
    assert not (tmp_path / "x.csv").exists()


def test_missing_file(tmp_path, capsys):
    rc = main(["forecast", "--series", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "x.csv")])
    assert rc == 2 and "does not exist" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.parametrize("origin", ["2023-02", "2023-09", "2022-12"])
def test_default_model_at_any_origin(tmp_path, capsys, origin):
    """The default model from data ending at a Jan–Feb release, a September and a December."""
    from gxanalysis.data.nbs import read_growth_series

    g = read_growth_series(NBS).loc[:origin].reset_index()
    g["period"] = g["period"].astype(str)
    src = tmp_path / "tidy.csv"
    g.to_csv(src, index=False, encoding="utf-8")
    out = tmp_path / "o.csv"
    assert main(["forecast", "--series", str(src), "--horizon", "12", "--out", str(out), "--target", "5"]) == 0
    df = pd.read_csv(out, encoding="utf-8-sig")
    assert not df["period"].str.endswith("-01").any()
    assert (df["ytd_lower"] < df["ytd"]).all() and (df["ytd"] < df["ytd_upper"]).all()
    printed = capsys.readouterr().out
    year = int(origin[:4]) + (1 if origin.endswith("-12") else 0)
    assert "model: ar" in printed and f"{year} year-end cumulative growth" in printed
    prob = float(printed.split("probability of reaching 5%: ")[1].split("%")[0])
    assert 0 < prob < 100
