"""Shared machinery of the growth models: the model → results shape, calendar exog, simulation → rates.

Every model works on the release calendar of :mod:`gxanalysis.models.series` (1–2月, 3月, …, 12月;
eleven periods a year, no January) and on growth in log points, :math:`y = 100\\ln(1 + g/100)`.
Forecast growth paths are turned into levels with the base of each period (last year's level), and
year-to-date growth is computed from those levels (INDICATORS.md §2.3), never by averaging rates.

Prediction intervals come from simulation: each model draws ``repetitions`` future paths from its
fitted state-space (or ETS) form; the single-month and year-to-date intervals are quantiles of the
simulated paths, so both use the joint distribution of the future months.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.models.calendar import SF_WINDOW, growth_calendar_exog
from gxanalysis.models.series import (
    SLOTS_PER_YEAR,
    GrowthSeries,
    LevelProfile,
    growth_from_log,
    log_growth,
    release_index,
)

MISSING_OPTIONS = ("raise", "drop")
__all__ = ["LEVEL_OUTLIERS", "SF_WINDOW", "GrowthModel", "GrowthResults", "GrowthForecast", "YearEnd",
           "growth_calendar_exog", "paths_to_rates", "target_probability", "PROBABILITY_BOUNDS", "statespace_fitted", "check_alpha", "check_steps",
           "check_missing", "as_growth_series", "understood_fit_warnings", "convergence_note"]

PROBABILITY_BOUNDS = (0.005, 0.995)
"""Range of a reported target-attainment probability unless the outcome is arithmetically settled [U]:
2,000 simulated paths cannot resolve tail probabilities finer than this, and the tails of a fitted model
are its least reliable part, so a leader is never shown 100.0% (or 0.0%) for an open question."""

LEVEL_OUTLIERS = ("2020-02", "2020-03")
"""Temporary level outliers (additive outliers in the level) used by default [U]: the 2020 shutdown in
1–2月 and March. In growth terms an outlier in period ``t`` is a regressor +1 at ``t`` and −1 at the
same period a year later (the base effect); it only enters a sample that contains those periods."""



# ---------------------------------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------------------------------
def check_alpha(alpha: float) -> float:
    """``alpha`` in (0, 0.5]: ``1 - alpha`` is the interval coverage."""
    try:
        a = float(alpha)
    except (TypeError, ValueError):
        raise ParameterError(f"alpha={alpha!r} is not a number; give a value in (0, 0.5], e.g. 0.2 for "
                             "80% intervals") from None
    if not (0.0 < a <= 0.5) or math.isnan(a):
        raise ParameterError(f"alpha={alpha!r} is outside the allowed range (0, 0.5]; e.g. 0.2 gives 80% "
                             "intervals, 0.05 gives 95%")
    return a


def check_steps(steps: int, *, name: str = "steps", upper: int = 36) -> int:
    """``steps`` (months ahead) in 1 … ``upper``."""
    if isinstance(steps, bool) or not isinstance(steps, int | np.integer):
        raise ParameterError(f"{name}={steps!r} is not a whole number of months; give 1–{upper}")
    if not 1 <= int(steps) <= upper:
        raise ParameterError(f"{name}={steps} is outside the allowed range 1–{upper} (months ahead)")
    return int(steps)


def check_missing(missing: str) -> str:
    if missing not in MISSING_OPTIONS:
        raise ParameterError(f"missing={missing!r} is not allowed; use one of {MISSING_OPTIONS}")
    return missing


def as_growth_series(data: Any) -> GrowthSeries:
    """Accept a :class:`GrowthSeries` or a frame with ``yoy``/``ytd`` (percent, monthly index)."""
    if isinstance(data, GrowthSeries):
        return data
    if isinstance(data, pd.DataFrame):
        if {"value", "base"} <= set(data.columns):
            return GrowthSeries.from_levels(data, value="value", base="base")
        return GrowthSeries.from_rates(data)
    raise ParameterError(f"data of type {type(data).__name__} is not a growth series; give a GrowthSeries "
                         "or a DataFrame with columns yoy, ytd (percent) and a monthly PeriodIndex")


# ---------------------------------------------------------------------------------------------------
# warnings of the estimators
# ---------------------------------------------------------------------------------------------------
UNDERSTOOD_WARNINGS = (
    r"Non-stationary starting autoregressive parameters found",
    r"Non-invertible starting (seasonal )?(MA|moving average)",
    r"Maximum Likelihood optimization failed to converge",
)
"""Messages of statsmodels warnings silenced during a fit, and why:

* the starting-value messages: statsmodels found its default starting values outside the stationary or
  invertible region and starts from zeros instead (the estimate is unaffected);
* the convergence message: the optimiser stopped at its iteration limit; this is not hidden, it is
  recorded in the results (:func:`convergence_note`, shown by ``summary()``).

Every other warning of a fit (data, numerical or deprecation warnings) is shown."""


@contextmanager
def understood_fit_warnings() -> Iterator[None]:
    """Silence only :data:`UNDERSTOOD_WARNINGS` (by message) inside the block."""
    with warnings.catch_warnings():
        for message in UNDERSTOOD_WARNINGS:
            warnings.filterwarnings("ignore", message=message)
        yield


def convergence_note(res: Any) -> str:
    """A line for ``summary()`` when a statsmodels maximum-likelihood fit did not converge, else ``""``."""
    retvals = getattr(res, "mle_retvals", None) or {}
    if retvals.get("converged", True):
        return ""
    return (f"note: the likelihood optimiser stopped after {retvals.get('iterations', '?')} iterations without "
            "meeting its convergence criterion; the estimates may be imprecise")


# ---------------------------------------------------------------------------------------------------
# simulated growth paths → single-month and year-to-date rates, from levels
# ---------------------------------------------------------------------------------------------------
def paths_to_rates(series: GrowthSeries, levels: LevelProfile, future: pd.PeriodIndex,
                   growth_paths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Single-period and year-to-date growth (percent) of every path.

    .. math:: V_k(Y) = B_k(Y)\\,(1 + g_k(Y)), \\quad B_k(Y) = V_k(Y - 1), \\quad
              g^{ytd}_N(Y) = \\frac{(1 + g^{ytd}_{N_0}) S_{N_0} + \\sum_{N_0 < k \\le N} V_k(Y)}
                                   {\\sum_{k \\le N} B_k(Y)} - 1

    where :math:`N_0` is the last published period of the current year and :math:`S_{N_0}` its
    cumulative base: the published year-to-date rate is the anchor, the forecast months are added at
    their base weights.

    Parameters
    ----------
    growth_paths : ndarray, shape (H, R)
        Single-period growth in percent for the ``H`` future release periods.
    """
    hist = series.frame
    value = levels.value
    base = levels.base
    known_v = dict(zip(zip(value.index.year, value.index.month, strict=True), value.to_numpy(),
                       strict=True))
    known_b = dict(zip(zip(base.index.year, base.index.month, strict=True), base.to_numpy(), strict=True))
    n_paths = growth_paths.shape[1]
    sim_v: dict[tuple[int, int], np.ndarray] = {}
    last = hist.index[-1]
    anchor_year = last.year
    cum_v: dict[int, np.ndarray] = {}
    cum_b: dict[int, np.ndarray] = {}
    if last.month < 12:
        sb = float(np.sum([known_b.get((anchor_year, m), np.nan) for m in range(2, last.month + 1)]))
        ytd_last = float(hist["ytd"].iloc[-1])
        if np.isnan(ytd_last) and last.month == 2:
            ytd_last = float(hist["growth"].iloc[-1])
        if np.isnan(ytd_last) or not np.isfinite(sb):
            raise InsufficientDataError(f"the year-to-date growth or the base levels of {last} are missing; "
                                        "the year-to-date forecast needs the latest cumulative rate")
        cum_b[anchor_year] = np.full(n_paths, sb)
        cum_v[anchor_year] = np.full(n_paths, (1.0 + ytd_last / 100.0) * sb)
    ytd_out = np.empty_like(growth_paths)
    for i, p in enumerate(future):
        y, m = p.year, p.month
        key_prev = (y - 1, m)
        if key_prev in sim_v:
            b = sim_v[key_prev]
        elif key_prev in known_v and np.isfinite(known_v[key_prev]):
            b = np.full(n_paths, known_v[key_prev])
        else:
            raise InsufficientDataError(f"no level for {y - 1}-{m:02d}, the base of {p}; the year-to-date "
                                        "forecast needs one full year of history")
        v = b * (1.0 + growth_paths[i] / 100.0)
        sim_v[(y, m)] = v
        if y not in cum_v:
            cum_v[y] = np.zeros(n_paths)
            cum_b[y] = np.zeros(n_paths)
        cum_v[y] = cum_v[y] + v
        cum_b[y] = cum_b[y] + b
        ytd_out[i] = (cum_v[y] / cum_b[y] - 1.0) * 100.0
    return growth_paths, ytd_out


def target_probability(paths: np.ndarray, target: float, *, secured: bool = False,
                       bounds: tuple[float, float] = PROBABILITY_BOUNDS) -> float:
    """Probability that the year-end growth reaches ``target``, from the simulated (calibrated) paths.

    .. math:: \\hat p = \\min\\bigl(\\max\\bigl(\\tfrac{1}{R} \\textstyle\\sum_r 1[g_r \\ge T],\\ p_{lo}\\bigr),
              \\ p_{hi}\\bigr)

    bounded to :data:`PROBABILITY_BOUNDS` unless ``secured`` (the target is reached even if the
    remaining months produce nothing), when it is 1.

    Examples
    --------
    >>> paths = np.array([4.8, 5.1, 5.3, 5.6])
    >>> target_probability(paths, 5.0)
    0.75
    >>> target_probability(paths, 3.0), target_probability(paths, 3.0, secured=True)
    (0.995, 1.0)
    """
    if secured:
        return 1.0
    share = float(np.mean(np.asarray(paths, dtype=float) >= float(target)))
    return float(min(max(share, bounds[0]), bounds[1]))


def _secured(series: GrowthSeries, levels: LevelProfile, year: int, target: float) -> bool:
    """True if the value already produced this year exceeds (1 + target) × last year's whole-year level."""
    last = series.last_period
    if last.year != year:
        return False
    base = levels.base
    done = base[(base.index.year == year) & (base.index <= last)]
    prev = levels.value[levels.value.index.year == year - 1]
    ytd = float(series.frame["ytd"].iloc[-1])
    if len(prev) < SLOTS_PER_YEAR or prev.isna().any() or done.isna().any() or not np.isfinite(ytd):
        return False
    return (1.0 + ytd / 100.0) * float(done.sum()) >= (1.0 + target / 100.0) * float(prev.sum())


# ---------------------------------------------------------------------------------------------------
# model and results
# ---------------------------------------------------------------------------------------------------
@dataclass
class _Fitted:
    """What a model's core fit hands to the results object."""

    params: pd.Series
    mean: Any  # callable (H, exog_future) -> ndarray (H,) log growth
    simulate: Any  # callable (H, R, rng, exog_future) -> ndarray (H, R) log growth
    resid: np.ndarray
    text: str = ""
    extra: dict = field(default_factory=dict)


def statespace_fitted(res: Any, x: pd.DataFrame | None, *, exog_prefix: str, n_burn: int) -> _Fitted:
    """Wrap a fitted statsmodels state-space result (SARIMAX, UnobservedComponents) as a :class:`_Fitted`.

    ``exog_prefix`` is how statsmodels names the exog coefficients (``"x"`` for SARIMAX, ``"beta.x"`` for
    UnobservedComponents); they are renamed to the regressors' column names. The first ``n_burn``
    residuals (diffuse initialisation) are dropped.
    """
    mapping = {} if x is None else {f"{exog_prefix}{i + 1}": c for i, c in enumerate(x.columns)}
    names = [mapping.get(n, n) for n in res.model.param_names]
    params = pd.Series(np.asarray(res.params), index=names, name="params")
    resid = np.asarray(res.resid)[n_burn:]

    def mean(h: int, xf: Any) -> np.ndarray:
        return np.asarray(res.forecast(h, exog=None if xf is None else xf.to_numpy(dtype=float)))

    def simulate(h: int, reps: int, rng: np.random.Generator, xf: Any) -> np.ndarray:
        sim = res.simulate(h, anchor="end", repetitions=reps, rng=rng,
                           exog=None if xf is None else xf.to_numpy(dtype=float))
        return np.asarray(sim).reshape(h, reps)

    return _Fitted(params, mean, simulate, resid, convergence_note(res), {"aic": float(res.aic), "res": res})


class GrowthModel:
    """Base class: a growth model on the release calendar.

    Parameters
    ----------
    data : GrowthSeries or pandas.DataFrame
        Published growth (``yoy``, ``ytd`` in percent, monthly ``PeriodIndex``) or a
        :class:`~gxanalysis.models.series.GrowthSeries`.
    calendar : bool, default True
        Use the calendar regressors of :func:`growth_calendar_exog` (models that take exog).
    missing : {"raise", "drop"}, default "raise"
        A missing rate inside the sample: ``"raise"`` stops with the periods named; ``"drop"`` leaves
        it out of the estimation (state-space models skip it in the Kalman filter; ETS keeps the last
        unbroken stretch).
    start : str, optional
        First period of the estimation sample, ``YYYY-MM``. Default: the first period for which the
        calendar regressors are known.
    window_years : int, default 8
        Years used to reconstruct base weights from rates (:func:`~gxanalysis.models.series.
        reconstruct_levels`).
    sf_window : (int, int), default :data:`SF_WINDOW`
    working_days : bool, default True
        Include the working-day regressor (with ``calendar``).
    outliers : tuple of str, default :data:`LEVEL_OUTLIERS`
        Periods with a temporary level outlier (regressor +1 at the period, −1 a year later).
    """

    name = "base"
    uses_exog = True

    def __init__(self, data: Any, *, calendar: bool = True, missing: str = "raise", start: str | None = None,
                 window_years: int = 8, sf_window: tuple[int, int] = SF_WINDOW, working_days: bool = True,
                 outliers: tuple[str, ...] = LEVEL_OUTLIERS, min_years: int = 3, **options: Any) -> None:
        self.series = as_growth_series(data)
        self.missing = check_missing(missing)
        self.calendar = bool(calendar) and self.uses_exog
        self.working_days = bool(working_days)
        self.start = start
        self.window_years = int(window_years)
        self.sf_window = tuple(sf_window)
        self.outliers = tuple(pd.Period(str(o), freq="M") for o in outliers)
        if not 2 <= int(min_years) <= 20:
            raise ParameterError(f"min_years={min_years!r} is not allowed; give 2–20 years of releases")
        self.min_years = int(min_years)
        self.options = dict(options)
        self._validate_options()

    def _validate_options(self) -> None:  # pragma: no cover - overridden where options exist
        if self.options:
            raise ParameterError(f"{type(self).__name__} takes no option(s) {sorted(self.options)}")

    # -- data preparation ----------------------------------------------------------------------------
    def _exog(self, index: pd.PeriodIndex) -> pd.DataFrame | None:
        if not self.uses_exog:
            return None
        cols = {}
        if self.calendar:
            cols.update(growth_calendar_exog(index, working_days=self.working_days,
                                             sf_window=self.sf_window).to_dict("series"))
        for o in self.outliers:
            x = np.where(index == o, 1.0, 0.0) - np.where(index == o + 12, 1.0, 0.0)
            cols[f"outlier.{o}"] = pd.Series(x, index=index)
        return pd.DataFrame(cols, index=index) if cols else None

    def _sample(self) -> tuple[pd.PeriodIndex, np.ndarray, pd.DataFrame | None]:
        fr = self.series.frame
        if self.start is not None:
            fr = fr.loc[pd.Period(str(self.start), freq="M"):]
        elif self.calendar and self.working_days:
            from gxanalysis.models.calendar import working_days_coverage

            first_year = working_days_coverage()[0] + 1
            fr = fr.loc[pd.Period(f"{first_year}-02", freq="M"):]
        y = log_growth(fr["growth"].to_numpy(dtype=float))
        idx = fr.index
        gaps = np.flatnonzero(np.isnan(y))
        if len(gaps):
            if self.missing == "raise":
                shown = ", ".join(str(idx[i]) for i in gaps[:6])
                raise InsufficientDataError(
                    f"{len(gaps)} missing growth figure(s) inside the sample ({shown}"
                    f"{', …' if len(gaps) > 6 else ''}); fill them from the source or pass missing='drop'")
        need = self.min_years * SLOTS_PER_YEAR
        if np.sum(~np.isnan(y)) < need:
            raise InsufficientDataError(
                f"{type(self).__name__} needs at least {self.min_years} years ({need} release periods) of "
                f"growth; the sample {idx[0]}–{idx[-1]} has {int(np.sum(~np.isnan(y)))}; give a longer series, "
                "or, for a short local series of levels (GrowthSeries.from_levels), lower the requirement with "
                "min_years=2")
        x = self._exog(idx)
        if x is not None:
            keep = [c for c in x.columns if np.nanstd(x[c].to_numpy()) > 1e-9]
            x = x[keep] if keep else None
        return idx, y, x

    def _fit_core(self, y: np.ndarray, x: pd.DataFrame | None) -> _Fitted:  # pragma: no cover
        raise NotImplementedError

    def fit(self) -> GrowthResults:
        """Estimate the model; returns a :class:`GrowthResults`."""
        idx, y, x = self._sample()
        core = self._fit_core(y, x)
        levels = self.series.levels(window_years=self.window_years)
        return GrowthResults(self, idx, y, x, core, levels)


class GrowthResults:
    """Results of a fitted growth model (the statsmodels results shape).

    Attributes
    ----------
    model : GrowthModel
    params : pandas.Series
        Read-only view of the estimated parameters.
    levels : LevelProfile
        The levels used to turn growth paths into year-to-date growth.
    """

    def __init__(self, model: GrowthModel, index: pd.PeriodIndex, y: np.ndarray, exog: pd.DataFrame | None,
                 core: _Fitted, levels: LevelProfile) -> None:
        self.model = model
        self._index = index
        self._y = y
        self._exog = exog
        self._core = core
        self.levels = levels
        self._params = core.params.copy()
        self._params.flags.allows_duplicate_labels = True
        self._cache: dict[tuple, tuple] = {}

    @property
    def params(self) -> pd.Series:
        """Estimated parameters (a read-only view; copy it to change it)."""
        p = self._params.copy()
        arr = p.to_numpy()
        arr.setflags(write=False)
        return pd.Series(arr, index=p.index, name=p.name, copy=False)

    @property
    def resid(self) -> pd.Series:
        """One-step-ahead in-sample residuals, log points."""
        r = self._core.resid
        return pd.Series(r, index=self._index[-len(r):], name="resid")

    @property
    def last_period(self) -> pd.Period:
        return self.model.series.last_period

    # -- forecasting -------------------------------------------------------------------------------------
    def _future(self, steps: int) -> pd.PeriodIndex:
        last = self.last_period
        return release_index(last + 1, last + steps)

    def _future_h(self, h: int) -> pd.PeriodIndex:
        """The first ``h`` future release periods."""
        return self._future(h + h // SLOTS_PER_YEAR + 2)[:h]

    def _future_exog(self, future: pd.PeriodIndex) -> pd.DataFrame | None:
        if self._exog is None:
            return None
        return self.model._exog(future)[list(self._exog.columns)]

    def _paths(self, steps: int, repetitions: int, seed: int) -> tuple[pd.PeriodIndex, np.ndarray, np.ndarray,
                                                                       np.ndarray, np.ndarray]:
        key = (steps, repetitions, seed)
        if key not in self._cache:
            future = self._future(steps)
            if len(future) == 0:
                raise ParameterError(f"steps={steps} from {self.last_period} reaches only January, which is "
                                     "not released on its own; give steps ≥ 2")
            xf = self._future_exog(future)
            rng = np.random.default_rng(seed)
            mean_y = np.asarray(self._core.mean(len(future), xf), dtype=float)
            sim_y = np.asarray(self._core.simulate(len(future), repetitions, rng, xf), dtype=float)
            sim_y = sim_y.reshape(len(future), repetitions)
            g_mean, ytd_mean = paths_to_rates(self.model.series, self.levels, future,
                                              growth_from_log(mean_y)[:, None])
            g_sim, ytd_sim = paths_to_rates(self.model.series, self.levels, future, growth_from_log(sim_y))
            self._cache[key] = (future, g_mean[:, 0], ytd_mean[:, 0], g_sim, ytd_sim)
        return self._cache[key]

    def forecast(self, steps: int = 12) -> pd.DataFrame:
        """Point forecasts for the next ``steps`` calendar months.

        Returns
        -------
        pandas.DataFrame
            Index: release periods (no January row); columns ``yoy`` (single month, NaN for February,
            whose figure is the 1–2月 cumulative) and ``ytd``, percent.
        """
        fc = self.get_forecast(steps)
        return fc.frame[["yoy", "ytd"]].copy()

    def get_forecast(self, steps: int = 12, alpha: float = 0.2, *, repetitions: int = 2000,
                     seed: int = 20230430) -> GrowthForecast:
        """Forecasts with ``1 - alpha`` prediction intervals (simulation quantiles).

        Parameters
        ----------
        steps : int
            Calendar months ahead, 1–36 (a January consumes a step and gives no row).
        alpha : float
            In (0, 0.5]; 0.2 → 80% intervals.
        repetitions : int
            Simulated paths.
        seed : int
            Seed of the simulation (the intervals are reproducible).
        """
        steps = check_steps(steps)
        alpha = check_alpha(alpha)
        future, g_mean, ytd_mean, g_sim, ytd_sim = self._paths(steps, repetitions, seed)
        lo, hi = 100 * alpha / 2, 100 * (1 - alpha / 2)
        frame = pd.DataFrame({
            "yoy": g_mean, "yoy_lower": np.percentile(g_sim, lo, axis=1),
            "yoy_upper": np.percentile(g_sim, hi, axis=1),
            "ytd": ytd_mean, "ytd_lower": np.percentile(ytd_sim, lo, axis=1),
            "ytd_upper": np.percentile(ytd_sim, hi, axis=1)}, index=future)
        frame.loc[frame.index.month == 2, ["yoy", "yoy_lower", "yoy_upper"]] = np.nan
        return GrowthForecast(frame, alpha, ytd_sim, g_sim, self.model.name)

    def year_end(self, alpha: float = 0.2, *, target: float | None = None, repetitions: int = 2000,
                 seed: int = 20230430) -> YearEnd:
        """Year-end (December) cumulative growth of the current year, with an interval.

        The current year is that of the last published period; after a December figure it is the next
        year. With ``target`` (percent), also the probability that the year-end growth reaches it.
        """
        alpha = check_alpha(alpha)
        last = self.last_period
        year = last.year + 1 if last.month == 12 else last.year
        steps = (pd.Period(f"{year}-12", freq="M") - last).n
        fc = self.get_forecast(steps, alpha, repetitions=repetitions, seed=seed)
        paths = fc.ytd_paths[-1]
        prob = None
        if target is not None:
            prob = target_probability(paths, float(target),
                                      secured=_secured(self.model.series, self.levels, year, float(target)))
        return YearEnd(year, float(fc.frame["ytd"].iloc[-1]), float(fc.frame["ytd_lower"].iloc[-1]),
                       float(fc.frame["ytd_upper"].iloc[-1]), alpha, target, prob, paths, steps)

    # -- reporting ------------------------------------------------------------------------------------
    def summary(self) -> str:
        """A text summary: model, sample, parameters, level reconstruction."""
        m = self.model
        lines = [f"{type(m).__name__} ({m.name})",
                 f"sample: {self._index[0]} – {self._index[-1]} ({int(np.sum(~np.isnan(self._y)))} release "
                 "periods; growth in log points 100·ln(1+g))",
                 f"calendar regressors: {list(self._exog.columns) if self._exog is not None else 'none'}",
                 f"base weights: {self.levels.method}"
                 + (f" (ytd RMSE {self.levels.residual_rmse:.3f} pp on {self.levels.n_obs} rates)"
                    if self.levels.n_obs else ""),
                 f"one-step in-sample RMSE: {float(np.sqrt(np.nanmean(self._core.resid ** 2))):.3f} log points",
                 "", "parameters:"]
        lines += [f"  {k:<28s} {v: .4f}" for k, v in self._params.items()]
        if self._core.text:
            lines += ["", self._core.text]
        return "\n".join(lines)

    def plot_forecast(self, steps: int = 12, alpha: float = 0.2, *, history_years: int = 4, ax: Any = None):
        """Plot history and forecast of single-month and year-to-date growth with intervals.

        Returns the matplotlib ``Figure`` (matplotlib is imported here, not at module import).
        """
        import matplotlib.pyplot as plt

        fc = self.get_forecast(steps, alpha).frame
        hist = self.model.series.frame
        hist = hist[hist.index.year >= self.last_period.year - history_years + 1]
        if ax is None:
            fig, axes = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
        else:
            axes = ax
            fig = axes[0].figure
        for a, col, label in ((axes[0], "yoy", "single month y/y, %"), (axes[1], "ytd", "year to date y/y, %")):
            h = hist["growth"] if col == "yoy" else hist["ytd"]
            h = h.where(h.index.month != 2) if col == "yoy" else h
            a.plot(h.index.to_timestamp(), h.to_numpy(), marker=".", label="published")
            f = fc[col]
            a.plot(f.index.to_timestamp(), f.to_numpy(), marker=".", label="forecast")
            a.fill_between(f.index.to_timestamp(), fc[f"{col}_lower"].to_numpy(),
                           fc[f"{col}_upper"].to_numpy(), alpha=0.25,
                           label=f"{100 * (1 - alpha):.0f}% interval")
            a.set_ylabel(label)
            a.legend(loc="best", fontsize=8)
        axes[0].set_title(f"{self.model.name}: forecast from {self.last_period}")
        return fig


@dataclass(frozen=True)
class GrowthForecast:
    """Forecast table and the simulated paths behind its intervals.

    Attributes
    ----------
    frame : pandas.DataFrame
        Columns ``yoy, yoy_lower, yoy_upper, ytd, ytd_lower, ytd_upper`` (percent), index the release
        periods.
    alpha : float
    ytd_paths, yoy_paths : ndarray, shape (H, R)
    model : str
    """

    frame: pd.DataFrame
    alpha: float
    ytd_paths: np.ndarray
    yoy_paths: np.ndarray
    model: str

    def summary_frame(self) -> pd.DataFrame:
        return self.frame.copy()


@dataclass(frozen=True)
class YearEnd:
    """Year-end cumulative growth forecast (全年累计增速).

    Attributes
    ----------
    year : int
    point, lower, upper : float
        Percent; ``lower``/``upper`` bound the ``1 - alpha`` interval.
    alpha : float
    target : float or None
    probability : float or None
        Probability that the year-end growth reaches ``target`` (:func:`target_probability`).
    paths : ndarray
    steps : int
        Months from the last published period to December.
    """

    year: int
    point: float
    lower: float
    upper: float
    alpha: float
    target: float | None
    probability: float | None
    paths: np.ndarray
    steps: int

    def __str__(self) -> str:
        s = (f"{self.year} year-end cumulative growth: {self.point:.1f}% "
             f"({100 * (1 - self.alpha):.0f}% interval {self.lower:.1f}% – {self.upper:.1f}%)")
        if self.target is not None:
            s += f"; probability of reaching {self.target:g}%: {100 * self.probability:.1f}%"
        return s

