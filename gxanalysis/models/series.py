"""Published growth series on the release calendar: single-month and year-to-date growth, levels.

Industrial value added is published for **release periods**: 1–2月 (January and February together,
INDICATORS.md §1.2), then March … December. This module puts every input on that calendar:

* ``growth`` — the single-period y/y growth of each release period, percent: for February the 1–2月
  figure (which *is* the year-to-date figure at February), for March–December the single-month
  (当月同比) figure;
* ``ytd`` — the year-to-date (累计同比) growth, percent;
* ``value`` / ``base`` — the levels of each release period and their same-sample base, when the bureau
  has them (the demo city's enterprise table), or a level profile reconstructed from the published rates
  (national data, :func:`reconstruct_levels`).

January never has a row: no January figure is invented, and a January value in an input is ignored.

Conversions between single-month and year-to-date growth need levels or base weights (INDICATORS.md
§2.3); without them the functions refuse with :class:`~gxanalysis.errors.InsufficientDataError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.indicators.growth import single_month_levels
from gxanalysis.models.calendar import growth_calendar_exog

SLOTS_PER_YEAR = 11
"""Release periods per year: 1–2月, 3月, …, 12月."""

__all__ = [
    "SLOTS_PER_YEAR", "GrowthSeries", "LevelProfile", "release_index", "to_release_calendar",
    "reconstruct_levels", "ytd_from_single_month", "single_month_from_ytd", "implied_base_ratio",
    "log_growth", "growth_from_log",
]


# ---------------------------------------------------------------------------------------------------
# calendar helpers
# ---------------------------------------------------------------------------------------------------
def release_index(start: str | pd.Period, end: str | pd.Period) -> pd.PeriodIndex:
    """Monthly ``PeriodIndex`` of the release periods from ``start`` to ``end`` (Januaries left out).

    Examples
    --------
    >>> [str(p) for p in release_index("2022-11", "2023-03")]
    ['2022-11', '2022-12', '2023-02', '2023-03']
    """
    idx = pd.period_range(pd.Period(str(start), freq="M"), pd.Period(str(end), freq="M"), freq="M")
    return pd.PeriodIndex(idx[idx.month != 1], name="period")


def _slot(index: pd.PeriodIndex) -> np.ndarray:
    """0 for 1–2月 (February), 1 for March, …, 10 for December."""
    return np.asarray(index.month) - 2


def _check_monthly(obj: pd.Series | pd.DataFrame, what: str) -> None:
    if not isinstance(obj.index, pd.PeriodIndex) or obj.index.freqstr not in ("M", "ME"):
        raise ParameterError(f"{what} needs a monthly PeriodIndex, got {type(obj.index).__name__}; "
                             "read it with gxanalysis.data.nbs.read_growth_series or use "
                             "pd.period_range(..., freq='M')")


def log_growth(growth_pct: np.ndarray | pd.Series) -> np.ndarray | pd.Series:
    """Growth in log points: :math:`y = 100 \\ln(1 + g/100)` (g in percent)."""
    return 100.0 * np.log1p(np.asarray(growth_pct, dtype=float) / 100.0) if not isinstance(
        growth_pct, pd.Series) else 100.0 * np.log1p(growth_pct / 100.0)


def growth_from_log(y: np.ndarray | pd.Series) -> np.ndarray | pd.Series:
    """Inverse of :func:`log_growth`: :math:`g = 100 (e^{y/100} - 1)`, percent."""
    return 100.0 * np.expm1(np.asarray(y, dtype=float) / 100.0) if not isinstance(
        y, pd.Series) else 100.0 * np.expm1(y / 100.0)


def to_release_calendar(frame: pd.DataFrame) -> pd.DataFrame:
    """Published ``yoy``/``ytd`` (monthly index) → ``growth``/``ytd`` on release periods.

    February's ``growth`` is the 1–2月 figure (the February ``ytd``); a separately published February
    single-month rate (before 2013) is not used, so every year is on the same convention. January
    rows are dropped.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``yoy`` and ``ytd`` in percent, monthly ``PeriodIndex`` (as returned by
        :func:`gxanalysis.data.nbs.read_growth_series`).

    Returns
    -------
    pandas.DataFrame
        Columns ``growth`` and ``ytd`` (percent) on :func:`release_index`.

    Examples
    --------
    >>> idx = pd.period_range("2023-01", "2023-03", freq="M", name="period")
    >>> f = pd.DataFrame({"yoy": [None, None, 3.9], "ytd": [None, 2.4, 3.0]}, index=idx)
    >>> to_release_calendar(f)["growth"].tolist()
    [2.4, 3.9]
    """
    _check_monthly(frame, "to_release_calendar")
    for col in ("yoy", "ytd"):
        if col not in frame.columns:
            raise ParameterError(f"column {col!r} is missing (columns: {list(frame.columns)}); give a "
                                 "frame with 'yoy' and 'ytd' in percent")
    full = frame.sort_index()
    idx = release_index(full.index.min(), full.index.max())
    sub = full.reindex(idx)
    growth = sub["yoy"].astype(float).copy()
    feb = idx.month == 2
    growth[feb] = sub["ytd"].astype(float)[feb]
    return pd.DataFrame({"growth": growth.to_numpy(), "ytd": sub["ytd"].astype(float).to_numpy()},
                        index=idx)


# ---------------------------------------------------------------------------------------------------
# the series object
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GrowthSeries:
    """A published growth series on the release calendar (see the module docstring).

    Build it with :meth:`from_rates` (published rates) or :meth:`from_levels` (year-to-date levels and
    their same-sample base).

    Attributes
    ----------
    frame : pandas.DataFrame
        Index: release periods (monthly ``PeriodIndex`` ``"period"``, no January). Columns ``growth``
        and ``ytd`` (percent) and, for level data, ``value`` and ``base`` (single release period).
    kind : {"rates", "levels"}
    name : str
    """

    frame: pd.DataFrame
    kind: str = "rates"
    name: str = ""
    attrs: dict = field(default_factory=dict)

    @classmethod
    def from_rates(cls, frame: pd.DataFrame, *, name: str = "") -> GrowthSeries:
        """From published ``yoy`` and ``ytd`` (percent, monthly index); see :func:`to_release_calendar`."""
        rel = to_release_calendar(frame)
        first = rel["growth"].first_valid_index()
        if first is None:
            raise InsufficientDataError(f"series {name or '(unnamed)'} has no published growth figure; "
                                        "give a file with at least three years of monthly growth")
        rel = rel.loc[first:]
        last = rel["growth"].last_valid_index()
        rel = rel.loc[:last]
        return cls(rel, "rates", name, dict(getattr(frame, "attrs", {}) or {}))

    @classmethod
    def from_levels(cls, frame: pd.DataFrame, *, value: str = "value_added", base: str = "value_added_base",
                    name: str = "") -> GrowthSeries:
        """From year-to-date levels and their same-sample base (e.g. summed enterprise returns).

        .. math:: V_k = C_V(k) - C_V(k-1), \\quad g_k = V_k / B_k - 1, \\quad
                  g^{ytd}_k = C_V(k) / C_B(k) - 1

        with the 1–2月 period as the first ``k`` of the year (INDICATORS.md §2.3).

        Parameters
        ----------
        frame : pandas.DataFrame
            Monthly ``PeriodIndex`` (or a ``period`` column), one row per month, year-to-date levels in
            columns ``value`` and ``base`` (e.g. 万元). January rows are ignored.
        """
        df = frame.copy()
        if "period" in df.columns:
            df = df.set_index(pd.PeriodIndex(df["period"].astype(str), freq="M", name="period"))
        _check_monthly(df, "GrowthSeries.from_levels")
        for col in (value, base):
            if col not in df.columns:
                raise ParameterError(f"column {col!r} is missing (columns: {list(df.columns)}); pass "
                                     "value=... and base=... naming the year-to-date level columns")
        df = df.sort_index()
        idx = release_index(df.index.min(), df.index.max())
        cv = df[value].astype(float).reindex(idx)
        cb = df[base].astype(float).reindex(idx)
        # single-period levels of the release calendar (1–2月 is one period), one definition for the package
        v = single_month_levels(cv, combined_first=True)
        b = single_month_levels(cb, combined_first=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            g = (v / b - 1.0) * 100.0
            ytd = (cv / cb - 1.0) * 100.0
        out = pd.DataFrame({"growth": g.to_numpy(), "ytd": ytd.to_numpy(), "value": v.to_numpy(),
                            "base": b.to_numpy()}, index=idx)
        out = out.loc[out["growth"].first_valid_index():out["growth"].last_valid_index()]
        return cls(out, "levels", name, {})

    # -- views -----------------------------------------------------------------------------------
    @property
    def index(self) -> pd.PeriodIndex:
        return self.frame.index

    @property
    def growth(self) -> pd.Series:
        """Single-period growth, percent (February = 1–2月)."""
        return self.frame["growth"].rename("growth")

    @property
    def ytd(self) -> pd.Series:
        """Year-to-date growth, percent."""
        return self.frame["ytd"].rename("ytd")

    @property
    def last_period(self) -> pd.Period:
        return self.frame.index[-1]

    def truncate(self, end: str | pd.Period, *, start: str | pd.Period | None = None) -> GrowthSeries:
        """The series as known at ``end`` (inclusive): for rolling-origin evaluation."""
        end_p = pd.Period(str(end), freq="M")
        start_p = None if start is None else pd.Period(str(start), freq="M")
        sub = self.frame.loc[start_p:end_p]
        if sub.empty:
            raise InsufficientDataError(f"no data in {self.name or 'the series'} up to {end_p}; the series "
                                        f"starts {self.frame.index[0]}")
        return GrowthSeries(sub, self.kind, self.name, dict(self.attrs))

    def levels(self, *, window_years: int = 8) -> LevelProfile:
        """Levels of each release period: observed (level data) or reconstructed (rates)."""
        if self.kind == "levels":
            val = self.frame["value"]
            return LevelProfile(val.rename("value"), self.frame["base"].rename("base"),
                                pd.Series(dtype=float), float("nan"), 0, "observed levels")
        return reconstruct_levels(self, window_years=window_years)


# ---------------------------------------------------------------------------------------------------
# levels from rates
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LevelProfile:
    """Levels of each release period (relative scale) and the same-sample base.

    Attributes
    ----------
    value : pandas.Series
        Level of each release period, on the release index.
    base : pandas.Series
        Base (same period last year) of each release period.
    constants : pandas.Series
        Reconstruction only: the fitted log-level constant of each release slot (1–2月 = 0).
    residual_rmse : float
        Reconstruction only: RMSE (percentage points) of the published year-to-date rates re-computed
        from the reconstructed levels. Rounding to 0.1 alone gives about 0.03.
    n_obs : int
        Number of published year-to-date rates used in the fit.
    method : str
    """

    value: pd.Series
    base: pd.Series
    constants: pd.Series
    residual_rmse: float
    n_obs: int
    method: str


def _chain_log_levels(growth: pd.Series) -> pd.Series:
    """Per release slot, the cumulated log growth (a log-level up to a per-slot constant).

    A missing rate breaks the chain of its slot: earlier years of that slot become NaN.
    """
    y = log_growth(growth) / 100.0
    out = pd.Series(np.nan, index=growth.index)
    slots = _slot(growth.index)
    for k in range(SLOTS_PER_YEAR):
        sel = np.flatnonzero(slots == k)
        vals = y.to_numpy()[sel]
        chain = np.full(len(sel), np.nan)
        # chain from the last break onwards: level of the first year after the break = 0 (arbitrary)
        acc = 0.0
        started = False
        for i, v in enumerate(vals):
            if np.isnan(v):
                chain[:i + 1] = np.nan
                started = False
                acc = 0.0
                continue
            acc = acc + v if started else 0.0 + v
            started = True
            chain[i] = acc
        out.iloc[sel] = chain
    return out


def reconstruct_levels(series: GrowthSeries, *, window_years: int = 8, end_year: int | None = None,
                       f_scale: float = 0.05, shrink: float = 0.5) -> LevelProfile:
    """Levels of each release period implied by published single-period and year-to-date rates.

    The growth rates of one release slot ``k`` (1–2月, 3月, …, 12月), chained over the years, give its
    log-level up to a constant :math:`c_k`:

    .. math:: \\ln V_k(Y) = c_k + \\sum_{y \\le Y} \\ln(1 + g_k(y)).

    The constants (the seasonal profile of the base weights; :math:`c_0 = 0`) are estimated from the
    cumulation identity (INDICATORS.md §2.3)

    .. math:: 1 + g^{ytd}_N(Y) = \\frac{\\sum_{k \\le N} V_k(Y)}{\\sum_{k \\le N} V_k(Y-1)}

    by robust (soft-L1, scale ``f_scale`` percentage points) nonlinear least squares over the published
    year-to-date rates of the last ``window_years`` complete years, with a ridge penalty (``shrink``)
    pulling the single-month constants towards a common value. This replaces the ill-conditioned
    month-by-month ratio :math:`B_N/S_{N-1} = (g^{ytd}_{N-1} - g^{ytd}_N)/(g^{ytd}_N - g_N)` (see
    :func:`implied_base_ratio`) by one fit of 10 constants to about 80 rates, in which a rounding error of
    0.05 moves the residual, not a ratio. Base weights for year ``Y`` then follow from last year's
    levels, so shocks to the base (2020) move the weights of the following year.

    Parameters
    ----------
    series : GrowthSeries
        Rates (``kind="rates"``).
    window_years : int, default 8
        Complete years used for the constants.
    end_year : int, optional
        Last year used (default: the last year with a published December figure).
    f_scale : float, default 0.05
        Scale of the soft-L1 loss, percentage points (the rounding half-width).
    shrink : float, default 0.5
        Penalty (percentage points per unit of log weight) pulling the ten single-month constants
        towards their common mean: the rates carry little information on the weights (a weight enters
        only through the difference between a month's growth and the cumulative growth), so the
        profile is shrunk towards equal monthly weights, with 1–2月 free.

    Returns
    -------
    LevelProfile

    Raises
    ------
    InsufficientDataError
        With fewer than two complete years of both rates.
    """
    from scipy.optimize import least_squares

    fr = series.frame
    loglev = _chain_log_levels(fr["growth"])
    slots = _slot(fr.index)
    years = fr.index.year.to_numpy()
    table = pd.DataFrame({"y": years, "k": slots, "l": loglev.to_numpy(), "ytd": fr["ytd"].to_numpy()})
    lv = table.pivot_table(index="y", columns="k", values="l", aggfunc="first").reindex(
        columns=range(SLOTS_PER_YEAR))
    yt = table.pivot_table(index="y", columns="k", values="ytd", aggfunc="first").reindex(
        columns=range(SLOTS_PER_YEAR))
    complete = [y for y in lv.index if (y - 1) in lv.index and lv.loc[y].notna().all()
                and lv.loc[y - 1].notna().all() and yt.loc[y].iloc[1:].notna().sum() >= 5]
    if end_year is not None:
        complete = [y for y in complete if y <= end_year]
    use = complete[-window_years:]
    if len(use) < 2:
        raise InsufficientDataError(
            f"series {series.name or '(unnamed)'}: reconstructing base weights needs at least two complete "
            f"years of single-month and year-to-date growth after a complete year; found {len(use)} "
            f"({use}); give a longer series or the levels")
    cur = np.exp(lv.loc[use].to_numpy())
    prev = np.exp(lv.loc[[y - 1 for y in use]].to_numpy())
    target = yt.loc[use].to_numpy()[:, 1:]
    mask = ~np.isnan(target)

    def resid(theta: np.ndarray) -> np.ndarray:
        w = np.exp(np.concatenate([[0.0], theta]))
        num = np.cumsum(cur * w, axis=1)[:, 1:]
        den = np.cumsum(prev * w, axis=1)[:, 1:]
        pred = (num / den - 1.0) * 100.0
        monthly = theta - theta.mean()
        return np.concatenate([(pred - target)[mask], shrink * monthly])

    x0 = -np.log(prev[-1, 1:] / prev[-1, 0]) + np.log(1.0 / 2.0)  # each month ≈ half of 1–2月
    fit = least_squares(resid, x0, loss="soft_l1", f_scale=f_scale)
    const = np.concatenate([[0.0], fit.x])
    value = pd.Series(np.exp(const[slots] + loglev.to_numpy()), index=fr.index, name="value")
    base = value.copy()
    base[:] = np.nan
    for k in range(SLOTS_PER_YEAR):
        sel = slots == k
        base[sel] = value[sel].shift(1).to_numpy()
    # base of the first chained year of a slot: value / (1 + g)
    g = fr["growth"] / 100.0
    base = base.fillna(value / (1.0 + g))
    r = resid(fit.x)[: int(mask.sum())]
    return LevelProfile(value, base.rename("base"),
                        pd.Series(const, index=[f"slot{k}" for k in range(SLOTS_PER_YEAR)], name="c"),
                        float(np.sqrt(np.mean(r ** 2))), int(mask.sum()),
                        f"reconstructed from rates, {use[0]}–{use[-1]}, robust least squares")


# ---------------------------------------------------------------------------------------------------
# conversions
# ---------------------------------------------------------------------------------------------------
def ytd_from_single_month(growth: pd.Series, base: pd.Series | None) -> pd.Series:
    """Year-to-date growth from single-period growth and the base levels (INDICATORS.md §2.3).

    .. math:: g^{ytd}_N = \\frac{\\sum_{k \\le N} B_k (1 + g_k)}{\\sum_{k \\le N} B_k} - 1

    Parameters
    ----------
    growth : pandas.Series
        Single-period growth on release periods (percent; February = 1–2月).
    base : pandas.Series or None
        Base level of each release period (any unit, same for all). ``None`` → refusal.

    Raises
    ------
    InsufficientDataError
        Without ``base``: a cumulative rate is a base-weighted mean, not a simple average.

    Examples
    --------
    >>> idx = release_index("2023-02", "2023-04")
    >>> g = pd.Series([100 * (188 / 180 - 1), 100 * (130 / 120 - 1), 100 * (112 / 110 - 1)], index=idx)
    >>> round(float(ytd_from_single_month(g, pd.Series([180.0, 120, 110], index=idx)).iloc[-1]), 3)
    4.878
    """
    if base is None:
        raise InsufficientDataError(
            "year-to-date growth cannot be computed from single-month rates alone: it is a base-weighted "
            "mean (INDICATORS.md §2.3); give the base levels (base=...), e.g. from "
            "GrowthSeries.levels()")
    b = base.reindex(growth.index).astype(float)
    v = b * (1.0 + growth.astype(float) / 100.0)
    yr = growth.index.year
    out = (v.groupby(yr).cumsum() / b.groupby(yr).cumsum() - 1.0) * 100.0
    return out.rename("ytd")


def single_month_from_ytd(ytd: pd.Series, base: pd.Series | None) -> pd.Series:
    """Single-period growth from year-to-date growth and the base levels (INDICATORS.md §2.3).

    .. math:: g_N = \\frac{C_V(N) - C_V(N-1)}{B_N} - 1, \\quad C_V(N) = (1 + g^{ytd}_N) \\sum_{k\\le N} B_k

    Raises
    ------
    InsufficientDataError
        Without ``base`` (the library refuses rather than approximates).
    """
    if base is None:
        raise InsufficientDataError(
            "single-month growth cannot be recovered from year-to-date rates alone: it needs the base "
            "weights (INDICATORS.md §2.3); give base=... (levels) or use the published single-month rates")
    b = base.reindex(ytd.index).astype(float)
    yr = ytd.index.year
    cb = b.groupby(yr).cumsum()
    cv = (1.0 + ytd.astype(float) / 100.0) * cb
    v = cv - cv.groupby(yr).shift(1).fillna(0.0)
    return ((v / b - 1.0) * 100.0).rename("growth")


def implied_base_ratio(series: GrowthSeries, *, min_gap: float = 1.0) -> pd.DataFrame:
    """The month-by-month implied base ratio :math:`B_N / S_{N-1}` and whether it can be trusted.

    .. math:: \\frac{B_N}{S_{N-1}} = \\frac{g^{ytd}_{N-1} - g^{ytd}_N}{g^{ytd}_N - g_N}

    With rates rounded to 0.1 the ratio is ill-conditioned when :math:`|g^{ytd}_N - g_N|` is small:
    rows with a gap below ``min_gap`` percentage points get ``status="ill_conditioned"`` and NaN.
    A diagnostic; :func:`reconstruct_levels` is the estimator the models use.
    """
    fr = series.frame
    prev = fr["ytd"].groupby(fr.index.year).shift(1)
    gap = fr["ytd"] - fr["growth"]
    ratio = (prev - fr["ytd"]) / gap
    status = np.where(prev.isna(), "first_period", np.where(gap.abs() < min_gap, "ill_conditioned", "ok"))
    ratio = ratio.where(status == "ok")
    return pd.DataFrame({"ratio": ratio, "gap": gap, "status": status}, index=fr.index)


def simulate_growth_series(*, start_year: int = 2005, end: str = "2023-12", mean: float = 6.0, ar: float = 0.6,
                           sigma: float = 1.0, sf_effect: float = -8.0, seed: int = 0,
                           sf_window: tuple[int, int] = (10, 25)) -> tuple[GrowthSeries, np.ndarray]:
    """A seeded synthetic series with a Spring-Festival effect and the Jan–Feb release (tests, benchmarks).

    Single-period log growth on the release calendar,

    .. math:: y_t = \\mu + \\beta\\, x^{SF}_t + u_t, \\quad u_t = \\phi u_{t-1} + \\sigma \\varepsilon_t,

    with :math:`x^{SF}` the y/y difference of the Spring-Festival window share
    (:func:`gxanalysis.models.calendar.growth_calendar_exog`); levels are built with a base profile (1–2月 =
    1.6 months) and the series is returned as year-to-date levels through :meth:`GrowthSeries.from_levels`.

    Returns
    -------
    (GrowthSeries, ndarray)
        The series and the true growth ``y`` (log points).
    """
    rng = np.random.default_rng(seed)
    idx = release_index(f"{start_year}-02", end)
    x = growth_calendar_exog(idx, working_days=False, sf_window=sf_window)["spring_festival"].to_numpy()
    u = np.zeros(len(idx))
    for t in range(len(idx)):
        u[t] = (ar * u[t - 1] if t else 0.0) + sigma * rng.standard_normal()
    y = mean + sf_effect * x + u
    slots = _slot(idx)
    base = np.where(slots == 0, 1.6, 1.0) * 100.0
    value = np.empty(len(idx))
    for t in range(len(idx)):
        b = base[t] if t < SLOTS_PER_YEAR else value[t - SLOTS_PER_YEAR]
        base[t] = b
        value[t] = b * np.exp(y[t] / 100.0)
    df = pd.DataFrame({"value": value, "base": base}, index=idx)
    ytd = df.groupby(idx.year).cumsum()
    ytd.index = idx
    return GrowthSeries.from_levels(ytd, value="value", base="base", name="simulated"), y
