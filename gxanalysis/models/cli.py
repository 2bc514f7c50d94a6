"""``gx forecast``: forecast single-month and year-to-date growth from a published series."""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path

import pandas as pd

from gxanalysis.errors import ParameterError

HORIZON_RANGE = (1, 36)
OUTPUT_COLUMNS = ("period", "yoy", "yoy_lower", "yoy_upper", "ytd", "ytd_lower", "ytd_upper")


def _validate(horizon: int, alpha: float, target: float | None, model: str) -> None:
    lo, hi = HORIZON_RANGE
    if isinstance(horizon, bool) or not isinstance(horizon, int) or not lo <= horizon <= hi:
        raise ParameterError(f"horizon={horizon!r} is outside the allowed range {lo}–{hi} (months ahead); "
                             "e.g. --horizon 12")
    if not isinstance(alpha, int | float) or math.isnan(alpha) or not 0.0 < alpha <= 0.5:
        raise ParameterError(f"alpha={alpha!r} is outside the allowed range (0, 0.5]; e.g. --alpha 0.2 for "
                             "80% intervals")
    if target is not None and (math.isnan(target) or not -50.0 < target < 100.0):
        raise ParameterError(f"target={target!r} is outside the allowed range (-50, 100) percent; e.g. "
                             "--target 6.0")
    from gxanalysis.models.combination import model_class

    model_class(model)  # raises ParameterError naming the allowed models


def write_csv_atomic(frame: pd.DataFrame, out: Path) -> None:
    """Write ``frame`` to ``out`` as UTF-8 with BOM (Excel), through a temporary file and a replace."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            frame.to_csv(fh, index=False, lineterminator="\n")
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def forecast_command(series: Path, horizon: int, target: float | None, alpha: float, out: Path,
                     model: str) -> int:
    """Run ``gx forecast``: read ``series``, fit ``model``, write the forecast table to ``out``.

    Parameters
    ----------
    series : pathlib.Path
        NBS portal export (GBK or UTF-8) or a tidy CSV ``period,yoy,ytd`` (percent).
    horizon : int
        Months ahead, 1–36.
    target : float or None
        Annual growth target, percent.
    alpha : float
        In (0, 0.5]; the intervals cover ``1 - alpha``.
    out : pathlib.Path
        Output CSV: ``period, yoy, yoy_lower, yoy_upper, ytd, ytd_lower, ytd_upper`` (percent), one row per
        released month (no January row; February carries the 1–2月 figure in ``ytd``).
    model : str
        ``"default"``, ``"sarimax"``, ``"ets"``, ``"ucm"`` or ``"combination"``.

    Returns
    -------
    int
        0 on success (errors are raised as :class:`~gxanalysis.errors.GxError` for the ``gx`` wrapper).
    """
    _validate(horizon, alpha, target, model)
    from gxanalysis.data.nbs import read_growth_series
    from gxanalysis.models.combination import model_class

    path = Path(series)
    if not path.is_file():
        raise ParameterError(f"series file {str(path)!r} does not exist; give an NBS export or a CSV "
                             "period,yoy,ytd")
    data = read_growth_series(path)
    mod = model_class(model)(data)
    res = mod.fit()
    fc = res.get_forecast(horizon, alpha).frame
    table = fc.reset_index()
    table["period"] = table["period"].astype(str)
    table = table[list(OUTPUT_COLUMNS)]
    for c in OUTPUT_COLUMNS[1:]:
        table[c] = table[c].round(2)
    write_csv_atomic(table, Path(out))
    ye = res.year_end(alpha, target=target)
    print(f"model: {mod.name} (requested {model!r}); data to {res.last_period}")
    print(ye)
    print(f"{len(table)} forecast rows written to {out}")
    return 0
