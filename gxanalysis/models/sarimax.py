"""SARIMAX growth model with Chinese calendar regressors (regression with ARIMA errors).

.. math:: \\phi(L)\\Phi(L^{11})(1 - L)^d (y_t - x_t'\\beta - \\mu) = \\theta(L)\\Theta(L^{11})\\varepsilon_t

on the release calendar (11 periods a year: 1–2月, 3月 … 12月), :math:`y_t = 100\\ln(1 + g_t)` the
single-period growth, :math:`x_t` the y/y differences of the Spring-Festival window share and of log
working days (:func:`gxanalysis.models.calendar.growth_calendar_exog`). A seasonal MA term at lag 11 (one
year) captures base effects: a shock to last year's level returns in this year's growth with the
opposite sign.

References
----------
.. [1] Durbin, J. and Koopman, S. J. (2012), *Time Series Analysis by State Space Methods*, 2nd ed.,
   Oxford University Press (the state-space form statsmodels' SARIMAX uses).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gxanalysis.errors import ParameterError
from gxanalysis.models.base import GrowthModel, _Fitted, statespace_fitted, understood_fit_warnings
from gxanalysis.models.series import SLOTS_PER_YEAR


class SarimaxGrowth(GrowthModel):
    """Regression with SARIMA errors on single-period growth (release calendar).

    Parameters
    ----------
    data, calendar, missing, start, window_years, sf_window, working_days
        See :class:`~gxanalysis.models.base.GrowthModel`.
    order : (int, int, int), default (1, 1, 1)
    seasonal_order : (int, int, int), default (0, 0, 1)
        Seasonal (P, D, Q); the period is 11 release periods.
    trend : str or None, default None
        statsmodels trend ("c" for a constant; only with ``d = 0``).

    Examples
    --------
    >>> from gxanalysis.config import NBS_DIR
    >>> from gxanalysis.data.nbs import read_growth_series
    >>> g = read_growth_series(NBS_DIR / "月度数据_规上工业增加值增长速度_1998-2023.csv")
    >>> res = SarimaxGrowth(g.loc[:"2023-06"]).fit()
    >>> 2.0 < res.year_end().point < 7.0
    True
    """

    name = "sarimax"

    def _validate_options(self) -> None:
        allowed = {"order", "seasonal_order", "trend"}
        bad = set(self.options) - allowed
        if bad:
            raise ParameterError(f"SarimaxGrowth does not take {sorted(bad)}; options: {sorted(allowed)}")
        self.order = tuple(self.options.get("order", (1, 1, 1)))
        self.seasonal_order = tuple(self.options.get("seasonal_order", (0, 0, 1)))
        self.trend = self.options.get("trend")
        if len(self.order) != 3 or len(self.seasonal_order) != 3:
            raise ParameterError(f"order={self.order} / seasonal_order={self.seasonal_order}: give three "
                                 "integers each, e.g. order=(1, 1, 1), seasonal_order=(0, 0, 1)")

    def _fit_core(self, y: np.ndarray, x: pd.DataFrame | None) -> _Fitted:
        from statsmodels.tsa.statespace.sarimax import SARIMAX

        xa = None if x is None else x.to_numpy(dtype=float)
        mod = SARIMAX(y, exog=xa, order=self.order, seasonal_order=(*self.seasonal_order, SLOTS_PER_YEAR),
                      trend=self.trend, missing="none")
        with understood_fit_warnings():
            res = mod.fit(disp=False, maxiter=200)
        return statespace_fitted(res, x, exog_prefix="x", n_burn=max(self.order[1] + SLOTS_PER_YEAR * self.seasonal_order[1], 1))
