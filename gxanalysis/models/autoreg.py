"""Autoregression of growth with a base-effect lag, calendar regressors and calibrated intervals.

On the release calendar (11 periods a year: 1–2月, 3月 … 12月), single-period growth in log points
:math:`y_t = 100\\ln(1 + g_t)` is regressed on its own lags, one of which is the same period a year
earlier (lag 11), and on the calendar regressors :math:`x_t` of
:func:`gxanalysis.models.calendar.growth_calendar_exog`:

.. math:: y_t = c + \\sum_{l \\in L} \\phi_l\\, y_{t-l} + x_t'\\beta + \\varepsilon_t,
          \\qquad \\varepsilon_t \\sim N(0, \\sigma^2), \\quad L = \\{1, 11\\} \\text{ by default}.

The lag-11 term lets last year's figure for the same period enter (a base effect: a period whose
growth was depressed last year may grow faster this year); its coefficient is estimated, not imposed,
and on the national series it is small and of either sign (−0.20 to +0.15 across the origins of the
model card's backtest), so the forecasts there are mostly an AR(1) reversion to the window's mean.
The coefficients are estimated by least squares (``numpy.linalg.lstsq``). The default lags
(:data:`DEFAULT_LAGS`) stand for persistence and the base effect; ``lags="auto"`` chooses the lag set
by BIC (Schwarz 1978) among :data:`LAG_SETS` on a common sample. Rows whose growth, or a lag of it, falls
in a level-outlier period (2020-02, 2020-03) or the same period a year later are left out of the
estimation (the shutdown and its base effect), as are rows with a missing value.

**Estimation window** [U]: from :data:`WINDOW_START` (2013-02: from 2013 the NBS surveys and releases
January and February together, and growth settled at the lower post-2012 level), extended back so
that the sample has at least ``min_years`` years.

**Intervals**: each simulated path draws the coefficients from their least-squares sampling
distribution :math:`N(\\hat\\beta, \\hat\\sigma^2 (X'X)^{-1})` (parameter uncertainty) and Gaussian
innovations with standard deviation :math:`\\kappa\\hat\\sigma`. The calibration factor
:math:`\\kappa` comes from a rolling-origin backtest inside the fit, on data before the origin only:
for each of the last ``calibration_years`` complete years and each origin February–September the
model is re-estimated on the data up to that origin, the year-end (December) cumulative growth is
forecast, and the error is divided by the standard deviation of that forecast's simulated paths
(:math:`z_i`). Then :math:`\\kappa = |z|_{(k)} / 1.2816`, the split-conformal quantile of the scores
(:math:`k = \\lceil (n + 1) \\cdot 0.8 \\rceil`, Vovk et al. 2005), so that the 80% year-end intervals
would have covered 80% of those past outcomes; bounded to [0.5, 4]. Years containing a declared level
outlier (``outliers``, by default 2020) are not used: their errors say nothing about a usual year.

References
----------
.. [1] Schwarz, G. (1978), "Estimating the dimension of a model", *Annals of Statistics* 6(2), 461–464.
.. [2] Box, G. E. P., Jenkins, G. M., Reinsel, G. C. and Ljung, G. M. (2015), *Time Series Analysis:
   Forecasting and Control*, 5th ed., Wiley (seasonal autoregression).
.. [3] Vovk, V., Gammerman, A. and Shafer, G. (2005), *Algorithmic Learning in a Random World*,
   Springer (calibrating prediction intervals on held-out errors).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.models.base import GrowthModel, GrowthResults, _Fitted
from gxanalysis.models.series import SLOTS_PER_YEAR, GrowthSeries, LevelProfile, growth_from_log, log_growth

LAG_SETS: tuple[tuple[int, ...], ...] = ((1, 11), (1, 2, 11), (1,), (1, 2))
"""Candidate lag sets of ``lags="auto"`` (release periods; 11 = the same period a year earlier)."""

DEFAULT_LAGS = (1, 11)
"""Default lags [U]: persistence (the previous period) and the base effect (the same period a year
earlier). Chosen for what they stand for, before the backtest; ``lags="auto"`` chooses by BIC."""

SHORT_SAMPLE_LAGS = (1,)
"""Lags used when the sample is too short to estimate the requested ones (a city series of two
years: lag 11 leaves too few rows); ``summary()`` shows the lags used."""

WINDOW_START = "2013-02"
"""Default first period of the estimation sample [U] (the 2013 release-calendar break)."""

CALIBRATION_ORIGINS = tuple(range(2, 10))
"""Origin months of the calibration backtest: February–September, as in the model card's protocol."""

CALIBRATION_YEARS = 8
"""Complete years of the calibration backtest [U]: the window of the base-weight reconstruction
(``window_years``); 8 origins a year give up to 64 scores for the conformal quantile."""

CALIBRATION_LEVEL = 0.8
"""Coverage the calibration targets (the 80% intervals the bureau reads)."""

SKIP_OUTLIER_YEARS = True

KAPPA_BOUNDS = (0.5, 4.0)
_NO_PARAMS = pd.Series(dtype=float, name="params")  # inner calibration fits need no labelled parameters
_Z_LEVEL = 1.2815515655446004  # the 0.9 quantile of N(0, 1): |Z| < 1.2816 with probability 0.8


class ArGrowth(GrowthModel):
    """Least-squares autoregression with a base-effect lag and calibrated intervals (see the module).

    Parameters
    ----------
    data, calendar, missing, start, window_years, sf_window, working_days, outliers, min_years
        See :class:`~gxanalysis.models.base.GrowthModel`. ``start`` overrides the estimation window.
    lags : "auto" or sequence of int, default :data:`DEFAULT_LAGS` (1, 11)
        Autoregressive lags (release periods); ``"auto"`` chooses among :data:`LAG_SETS` by BIC.
    calibrate : bool, default True
        Calibrate the interval width on the model's own rolling-origin errors (module docstring);
        ``False`` uses :math:`\\kappa = 1`.
    calibration_years : int, default :data:`CALIBRATION_YEARS` (8)
        Complete years before the origin used for the calibration.

    Examples
    --------
    >>> from gxanalysis.config import NBS_DIR
    >>> from gxanalysis.data.nbs import read_growth_series
    >>> g = read_growth_series(NBS_DIR / "月度数据_规上工业增加值增长速度_1998-2023.csv")
    >>> res = ArGrowth(g.loc[:"2023-06"]).fit()
    >>> ye = res.year_end(target=5.0)
    >>> 3.0 < ye.point < 6.0 and ye.lower < ye.point < ye.upper
    True
    """

    name = "ar"

    def _validate_options(self) -> None:
        allowed = {"lags", "calibrate", "calibration_years"}
        bad = set(self.options) - allowed
        if bad:
            raise ParameterError(f"ArGrowth does not take {sorted(bad)}; options: {sorted(allowed)}")
        lags = self.options.get("lags", DEFAULT_LAGS)
        if lags == "auto":
            self.lag_sets = LAG_SETS
        else:
            try:
                lag_set = tuple(sorted({int(v) for v in lags}))
            except (TypeError, ValueError):
                raise ParameterError(f"lags={lags!r} is not 'auto' or a list of whole numbers, e.g. "
                                     "lags=(1, 11)") from None
            if not lag_set or lag_set[0] < 1 or lag_set[-1] > 24:
                raise ParameterError(f"lags={lags!r}: give lags between 1 and 24 release periods, e.g. (1, 11)")
            self.lag_sets = (lag_set,)
        self.calibrate = bool(self.options.get("calibrate", True))
        years = self.options.get("calibration_years", CALIBRATION_YEARS)
        if isinstance(years, bool) or not isinstance(years, int | np.integer) or not 2 <= int(years) <= 15:
            raise ParameterError(f"calibration_years={years!r} is not allowed; give 2–15 years")
        self.calibration_years = int(years)

    # -- sample ---------------------------------------------------------------------------------------
    def _default_start(self, series: GrowthSeries) -> pd.Period:
        """:data:`WINDOW_START`, moved back so that the sample has ``min_years`` years."""
        return self._window_start(series.last_period)

    def _window_start(self, last: pd.Period) -> pd.Period:
        need_from = pd.Period(f"{last.year - self.min_years}-{last.month:02d}", freq="M") + 1
        return min(pd.Period(WINDOW_START, freq="M"), need_from)

    def _sample(self) -> tuple[pd.PeriodIndex, np.ndarray, pd.DataFrame | None]:
        if self.start is None:
            start = self._default_start(self.series)
            if self.calendar and self.working_days:
                from gxanalysis.models.calendar import working_days_coverage

                start = max(start, pd.Period(f"{working_days_coverage()[0] + 1}-02", freq="M"))
            self.start = str(start)
            try:
                return super()._sample()
            finally:
                self.start = None
        return super()._sample()

    def fit(self) -> GrowthResults:
        """Estimate the model (and the interval calibration); returns a :class:`GrowthResults`."""
        idx, y, x = self._sample()
        xc, cal_cols = _calendar_part(x)
        bad = _excluded(idx, self.outliers)
        label = f"{idx[0]}–{idx[-1]}"
        try:
            spec = _select(y, xc, cal_cols, bad, self.lag_sets, label)
        except InsufficientDataError:
            if all(s == SHORT_SAMPLE_LAGS for s in self.lag_sets):
                raise
            spec = _select(y, xc, cal_cols, bad, (SHORT_SAMPLE_LAGS,), label)  # too short for lag 11
        levels = self.series.levels(window_years=self.window_years)
        kappa, n_cal = 1.0, 0
        if self.calibrate:
            kappa, n_cal = self._calibration(levels, spec.lags)
        core = _core(spec, y, kappa=kappa)
        core.extra.update({"kappa": kappa, "n_calibration": n_cal})
        chosen = f" (BIC among {[list(s) for s in self.lag_sets]})" if len(self.lag_sets) > 1 else ""
        if spec.lags not in self.lag_sets:
            chosen = f" (the sample is too short for lags {[list(s) for s in self.lag_sets]})"
        core.text = (f"lags {list(spec.lags)}{chosen}; "
                     f"interval calibration kappa = {kappa:.3f} from {n_cal} rolling-origin year-end errors")
        return GrowthResults(self, idx, y, x, core, levels)

    # -- calibration ------------------------------------------------------------------------------------
    def _calibration(self, levels: LevelProfile, lags: tuple[int, ...]) -> tuple[float, int]:
        """Robust scale of standardised year-end errors at past origins (module docstring).

        Every inner forecast re-estimates the model on the data up to its origin only (same window rule,
        same lags); the level profile (base weights) is the one of the current fit.
        """
        series = self.series
        fr = series.frame
        last = series.last_period
        first_year = last.year - self.calibration_years
        start0 = fr.index[0]
        if self.calendar and self.working_days:
            from gxanalysis.models.calendar import working_days_coverage

            start0 = max(start0, pd.Period(f"{working_days_coverage()[0] + 1}-02", freq="M"))
        sub = fr.loc[start0:]
        idx = sub.index
        if len(idx) == 0:
            return 1.0, 0
        y_all = log_growth(sub["growth"].to_numpy(dtype=float))
        x_all, cal_cols = _calendar_part(self._exog(idx))
        bad_all = _excluded(idx, self.outliers)
        window_pos = int(np.searchsorted(np.asarray(idx.asi8), pd.Period(WINDOW_START, freq="M").ordinal))
        ytd = sub["ytd"].to_numpy(dtype=float)
        base = levels.base.reindex(idx).to_numpy(dtype=float)
        prev_value = levels.value.reindex(idx - 12).to_numpy(dtype=float)  # base of a forecast period
        z = []
        rng = np.random.default_rng(20150301)
        outlier_years = {o.year for o in self.outliers} if SKIP_OUTLIER_YEARS else set()
        for year in range(first_year, last.year):
            if year in outlier_years:  # a declared level outlier: the year is not a usual year
                continue
            dec = pd.Period(f"{year}-12", freq="M")
            if dec not in idx or not np.isfinite(ytd[idx.get_loc(dec)]):
                continue
            e = idx.get_loc(dec) + 1
            actual = ytd[e - 1]
            for m in CALIBRATION_ORIGINS:
                origin = pd.Period(f"{year}-{m:02d}", freq="M")
                if origin not in idx:
                    continue
                b = idx.get_loc(origin) + 1
                a = max(0, min(window_pos, b - SLOTS_PER_YEAR * self.min_years))  # _window_start, by position
                try:
                    spec = _select(y_all[a:b], x_all[a:b], cal_cols, bad_all[a:b], (tuple(lags),))
                except (InsufficientDataError, np.linalg.LinAlgError):
                    continue
                core = _core(spec, y_all[a:b], kappa=1.0, with_params=False)
                keep = [cal_cols.index(c) for c in spec.cal_cols]
                xf = x_all[b:e][:, keep]
                g = np.column_stack([growth_from_log(core.mean(e - b, xf))[:, None],
                                     growth_from_log(core.simulate(e - b, 200, rng, xf))])
                first = idx.get_loc(pd.Period(f"{year}-02", freq="M")) if pd.Period(f"{year}-02", freq="M") in idx else None
                if first is None:
                    continue
                done = float(np.sum(base[first:b]))
                fut_b = prev_value[b:e]
                year_end = (((1.0 + ytd[b - 1] / 100.0) * done + fut_b @ (1.0 + g / 100.0))
                            / (done + fut_b.sum()) - 1.0) * 100.0
                sd = float(np.std(year_end[1:], ddof=1))
                if np.isfinite(year_end[0]) and np.isfinite(sd) and sd > 1e-9:
                    z.append((year_end[0] - actual) / sd)
        if len(z) < 8:
            return 1.0, len(z)
        n = len(z)
        rank = min(n, int(np.ceil((n + 1) * CALIBRATION_LEVEL)))
        kappa = float(np.sort(np.abs(z))[rank - 1] / _Z_LEVEL)
        return float(np.clip(kappa, *KAPPA_BOUNDS)), n


# ---------------------------------------------------------------------------------------------------
# least squares
# ---------------------------------------------------------------------------------------------------
class _Spec:
    """A fitted lag set: coefficients, their covariance, the residuals and the BIC.

    ``resid`` has one value per row of the sample, NaN where a row was left out (lags, outliers, gaps)."""

    def __init__(self, lags: tuple[int, ...], names: list[str], beta: np.ndarray, cov: np.ndarray,
                 sigma: float, resid: np.ndarray, bic: float, cal_cols: list[str], n: int) -> None:
        self.lags, self.names, self.beta, self.cov = lags, names, beta, cov
        self.sigma, self.resid, self.bic, self.cal_cols, self.n = sigma, resid, bic, cal_cols, n


def _excluded(idx: pd.PeriodIndex, outliers: Sequence[pd.Period]) -> np.ndarray:
    bad = np.zeros(len(idx), dtype=bool)
    for o in outliers:
        bad |= np.asarray(idx == o) | np.asarray(idx == o + 12)
    return bad


def _design(y: np.ndarray, xc: np.ndarray, lags: tuple[int, ...], start: int) -> tuple[np.ndarray, np.ndarray]:
    rows = np.arange(start, len(y))
    cols = [np.ones(len(rows))] + [y[rows - lag] for lag in lags] + [xc[rows, j] for j in range(xc.shape[1])]
    return rows, np.column_stack(cols)


def _calendar_part(x: pd.DataFrame | None) -> tuple[np.ndarray, list[str]]:
    """The calendar columns of the regressor frame (outlier columns are handled by exclusion)."""
    cols = [] if x is None else [c for c in x.columns if not str(c).startswith("outlier.")]
    return (np.zeros((0 if x is None else len(x), 0)) if not cols else x[cols].to_numpy(dtype=float)), cols


def _select(y: np.ndarray, xc: np.ndarray, cal_cols: list[str], bad: np.ndarray,
            lag_sets: Sequence[tuple[int, ...]], label: str = "") -> _Spec:
    """Least squares for each lag set on a common sample; the one with the lowest BIC.

    ``xc``: calendar regressors (rows of ``y``); ``bad``: rows left out (outlier periods), with their lags.
    """
    if xc.shape[1]:  # drop a regressor that is constant in the sample (e.g. no Spring-Festival shift)
        ok = (np.nanmax(xc, axis=0) - np.nanmin(xc, axis=0)) > 1e-9
        xc, cal_cols = xc[:, ok], [c for c, k in zip(cal_cols, ok, strict=True) if k]
    bad = bad | np.isnan(y)
    start = max(max(s) for s in lag_sets)
    rows = np.arange(start, len(y))
    keep = ~bad[rows] & np.isfinite(xc[rows]).all(axis=1)
    for s in lag_sets:
        for lag in s:
            keep &= ~bad[rows - lag]
    n = int(keep.sum())
    best: _Spec | None = None
    for lags in lag_sets:
        _, m = _design(np.nan_to_num(y), xc, lags, start)
        m, target = m[keep], y[rows][keep]
        k = m.shape[1]
        if n < k + 10:
            continue
        beta, *_ = np.linalg.lstsq(m, target, rcond=None)
        used = target - m @ beta
        sigma2 = float(used @ used) / (n - k)
        bic = n * np.log(float(used @ used) / n) + k * np.log(n)
        resid = np.full(len(y), np.nan)
        resid[rows[keep]] = used
        cov = sigma2 * np.linalg.pinv(m.T @ m)
        names = ["intercept"] + [f"ar.L{lag}" for lag in lags] + cal_cols
        spec = _Spec(tuple(lags), names, beta, cov, float(np.sqrt(sigma2)), resid, float(bic), cal_cols, n)
        if best is None or spec.bic < best.bic:
            best = spec
    if best is None:
        raise InsufficientDataError(
            f"ArGrowth: only {n} usable release periods in the sample {label} (after lags and outlier "
            "periods); give a longer series")
    return best


def _core(spec: _Spec, y: np.ndarray, *, kappa: float, with_params: bool = True) -> _Fitted:
    """Mean and simulation of the fitted autoregression (log growth, the ``_Fitted`` interface)."""
    lags = spec.lags
    depth = max(lags)
    hist = np.asarray(y[-depth:], dtype=float)
    if np.isnan(hist).any():  # a missing recent value: carry the last known one (missing="drop")
        hist = pd.Series(hist).ffill().bfill().to_numpy()
    n_ar = len(lags)
    params = (pd.Series(np.concatenate([spec.beta, [spec.sigma ** 2]]), index=[*spec.names, "sigma2"],
                        name="params") if with_params else _NO_PARAMS)
    try:
        chol = np.linalg.cholesky(spec.cov + 1e-12 * np.eye(len(spec.beta)))
    except np.linalg.LinAlgError:
        chol = np.diag(np.sqrt(np.clip(np.diag(spec.cov), 0.0, None)))

    def _cal(xf: Any, h: int) -> np.ndarray:
        if not spec.cal_cols:
            return np.zeros((h, 0))
        if xf is None:
            raise ParameterError("the calendar regressors of the forecast periods are missing")
        if isinstance(xf, np.ndarray):  # already the calendar columns, in order
            return xf[:h]
        return xf[spec.cal_cols].to_numpy(dtype=float)[:h]

    def _run(beta: np.ndarray, xcal: np.ndarray, shocks: np.ndarray) -> np.ndarray:
        """beta: (R, k); xcal: (h, c); shocks: (h, R) → paths (h, R)."""
        h, reps = shocks.shape
        buf = np.empty((depth + h, reps))
        buf[:depth] = hist[:, None]
        for t in range(h):
            pos = depth + t
            v = beta[:, 0].copy()
            for j, lag in enumerate(lags):
                v += beta[:, 1 + j] * buf[pos - lag]
            if xcal.shape[1]:
                v += beta[:, 1 + n_ar:] @ xcal[t]
            buf[pos] = v + shocks[t]
        return buf[depth:]

    def mean(h: int, xf: Any) -> np.ndarray:
        return _run(spec.beta[None, :], _cal(xf, h), np.zeros((h, 1)))[:, 0]

    def simulate(h: int, reps: int, rng: np.random.Generator, xf: Any) -> np.ndarray:
        beta = spec.beta[None, :] + rng.standard_normal((reps, len(spec.beta))) @ chol.T
        shocks = kappa * spec.sigma * rng.standard_normal((h, reps))
        return _run(beta, _cal(xf, h), shocks)

    return _Fitted(params, mean, simulate, spec.resid, "", {"bic": spec.bic, "lags": lags})
