"""Nowcast of value-added growth from industrial electricity growth (a leading indicator).

Industrial electricity consumption (工业用电量, INDICATORS.md §7.6) is known from the grid company days
after a month ends, before the value-added figures. The nowcast is a regression with ARMA errors on the
release calendar (1–2月, 3月, …, 12月):

.. math:: y_t = \\mu + \\beta e_t + u_t, \\qquad \\phi(L) u_t = \\theta(L) \\varepsilon_t,

:math:`y_t` and :math:`e_t` the value-added and electricity growth in log points. The nowcast of the
current period is the one-step forecast given its electricity growth; the interval is the Gaussian
forecast interval of the state-space model.

The electricity sample is not the above-scale sample [U], so :math:`\\beta` is estimated, not assumed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.models.base import check_alpha, check_missing, understood_fit_warnings
from gxanalysis.models.series import GrowthSeries, growth_from_log, log_growth


def growth_from_enterprise_levels(levels: pd.DataFrame, *, columns: tuple[str, ...] = (
        "value_added", "electricity")) -> pd.DataFrame:
    """Aggregate growth of each measure from enterprise year-to-date levels (sum, then divide).

    Parameters
    ----------
    levels : pandas.DataFrame
        ``enterprise_monthly``-shaped: ``period`` and, for each measure ``m``, ``m`` and ``m_base``.

    Returns
    -------
    pandas.DataFrame
        One column per measure: single-period growth (percent) on the release calendar.
    """
    out = {}
    for col in columns:
        for c in (col, f"{col}_base"):
            if c not in levels.columns:
                raise ParameterError(f"column {c!r} is missing from the levels; columns: {list(levels.columns)}")
        tot = levels.groupby(levels["period"].astype(str))[[col, f"{col}_base"]].sum(min_count=1)
        tot.index = pd.PeriodIndex(tot.index, freq="M", name="period")
        out[col] = GrowthSeries.from_levels(tot, value=col, base=f"{col}_base").growth
    return pd.DataFrame(out)


class ElectricityNowcast:
    """Regression of value-added growth on electricity growth with ARMA errors.

    Parameters
    ----------
    data : pandas.DataFrame
        Release-calendar index; columns ``target`` and ``indicator`` (percent growth). The last rows may
        have the indicator without the target: those are nowcast.
    target, indicator : str, default "value_added", "electricity"
    order : (int, int, int), default (1, 0, 0)
    missing : {"raise", "drop"}, default "raise"
    """

    def __init__(self, data: pd.DataFrame, *, target: str = "value_added", indicator: str = "electricity",
                 order: tuple[int, int, int] = (1, 0, 0), missing: str = "raise") -> None:
        for c in (target, indicator):
            if c not in data.columns:
                raise ParameterError(f"column {c!r} is missing; columns: {list(data.columns)}")
        self.data = data[[target, indicator]].astype(float).copy()
        self.target, self.indicator = target, indicator
        self.order = tuple(order)
        self.missing = check_missing(missing)

    def fit(self) -> NowcastResults:
        from statsmodels.tsa.statespace.sarimax import SARIMAX

        d = self.data
        known = d[self.target].last_valid_index()
        if known is None:
            raise InsufficientDataError(f"no {self.target} figure to estimate the nowcast from")
        hist = d.loc[:known]
        gaps = hist.index[hist.isna().any(axis=1)]
        if len(gaps) and self.missing == "raise":
            raise InsufficientDataError(f"missing values in {[str(p) for p in gaps[:6]]}; fill them or pass "
                                        "missing='drop'")
        if len(gaps):
            hist = hist.dropna()
        if len(hist) < 24:
            raise InsufficientDataError(f"the nowcast needs at least 24 periods with both series; found {len(hist)}")
        y = log_growth(hist[self.target].to_numpy())
        x = log_growth(hist[self.indicator].to_numpy())[:, None]
        with understood_fit_warnings():
            res = SARIMAX(y, exog=x, order=self.order, trend="c").fit(disp=False)
        names = [self.indicator if n == "x1" else n for n in res.model.param_names]
        return NowcastResults(self, res, pd.Series(np.asarray(res.params), index=names, name="params"),
                              d.loc[d.index > known, self.indicator])


@dataclass
class NowcastResults:
    """Fitted nowcast; :meth:`nowcast` gives the periods with the indicator but no target yet."""

    model: ElectricityNowcast
    res: object
    _params: pd.Series
    pending: pd.Series

    @property
    def params(self) -> pd.Series:
        return self._params.copy()

    def nowcast(self, alpha: float = 0.2, indicator: pd.Series | None = None) -> pd.DataFrame:
        """Value-added growth of the pending periods (percent) with ``1 - alpha`` intervals."""
        alpha = check_alpha(alpha)
        ind = self.pending if indicator is None else indicator
        if ind.isna().any() or len(ind) == 0:
            raise InsufficientDataError("no period has the indicator without the target; nothing to nowcast")
        x = log_growth(ind.to_numpy(dtype=float))[:, None]
        fc = self.res.get_forecast(len(ind), exog=x)
        ci = np.asarray(fc.conf_int(alpha=alpha))
        return pd.DataFrame({"nowcast": growth_from_log(np.asarray(fc.predicted_mean)),
                             "lower": growth_from_log(ci[:, 0]), "upper": growth_from_log(ci[:, 1])},
                            index=ind.index)

    def summary(self) -> str:
        return str(self.res.summary())


def nowcast_backtest(data: pd.DataFrame, *, first: str, alpha: float = 0.2, **kw) -> pd.DataFrame:
    """One-step rolling evaluation: each period from ``first`` is nowcast from the data before it plus its
    indicator. Returns per period ``actual, nowcast, lower, upper, naive`` (naive = last target value)."""
    rows = []
    idx = data.index
    for p in idx[idx >= pd.Period(first, freq="M")]:
        sub = data.loc[:p].copy()
        actual = float(sub.iloc[-1][kw.get("target", "value_added")])
        sub.iloc[-1, sub.columns.get_loc(kw.get("target", "value_added"))] = np.nan
        r = ElectricityNowcast(sub, **kw).fit()
        nc = r.nowcast(alpha).iloc[0]
        naive = float(sub[kw.get("target", "value_added")].dropna().iloc[-1])
        rows.append({"period": p, "actual": actual, "nowcast": nc["nowcast"], "lower": nc["lower"],
                     "upper": nc["upper"], "naive": naive})
    return pd.DataFrame(rows).set_index("period")
