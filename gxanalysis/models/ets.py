"""Exponential-smoothing (ETS) growth model, after a calendar pre-adjustment.

statsmodels' ``ETSModel`` takes no regressors, so the calendar effect is estimated first by least
squares on first differences (which removes the slowly moving level of growth),

.. math:: \\Delta y_t = \\Delta x_t'\\beta + u_t,

then ETS(A, A\\ :sub:`d`, N) (additive errors, damped additive trend, no seasonality — growth rates
compare the same period of two years, so they carry no seasonal pattern) is fitted to
:math:`y_t - x_t'\\beta` and :math:`x_{T+h}'\\beta` is added back to the forecasts.

References
----------
.. [1] Hyndman, R. J., Koehler, A. B., Ord, J. K. and Snyder, R. D. (2008), *Forecasting with
   Exponential Smoothing: The State Space Approach*, Springer.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from gxanalysis.errors import ParameterError
from gxanalysis.models.base import GrowthModel, _Fitted, convergence_note, understood_fit_warnings


class EtsGrowth(GrowthModel):
    """ETS (statsmodels ``ETSModel``) on calendar-adjusted single-period growth.

    Parameters
    ----------
    trend : {"add", None}, default "add"
    damped_trend : bool, default True
    """

    name = "ets"

    def _validate_options(self) -> None:
        allowed = {"trend", "damped_trend"}
        bad = set(self.options) - allowed
        if bad:
            raise ParameterError(f"EtsGrowth does not take {sorted(bad)}; options: {sorted(allowed)}")
        self.trend = self.options.get("trend", "add")
        if self.trend not in ("add", None):
            raise ParameterError(f"trend={self.trend!r} is not allowed; use 'add' or None")
        self.damped_trend = bool(self.options.get("damped_trend", True)) and self.trend is not None

    def _fit_core(self, y: np.ndarray, x: pd.DataFrame | None) -> _Fitted:
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

        ok = ~np.isnan(y)
        if not ok.all():  # missing="drop": the last unbroken stretch
            last_gap = int(np.flatnonzero(~ok)[-1])
            y = y[last_gap + 1:]
            x = None if x is None else x.iloc[last_gap + 1:]
        beta = np.zeros(0)
        names: list[str] = []
        if x is not None:
            dx = np.diff(x.to_numpy(dtype=float), axis=0)
            dy = np.diff(y)
            beta = np.linalg.lstsq(dx, dy, rcond=None)[0]
            names = [f"calendar.{c}" for c in x.columns]
            y_adj = y - x.to_numpy(dtype=float) @ beta
        else:
            y_adj = y
        mod = ETSModel(y_adj, error="add", trend=self.trend, damped_trend=self.damped_trend)
        with understood_fit_warnings():
            res = mod.fit(disp=False, maxiter=500)
        params = pd.Series(np.concatenate([np.asarray(res.params), beta]),
                           index=list(res.model.param_names) + names, name="params")

        def cal(xf: Any) -> np.ndarray:
            return 0.0 if xf is None or not len(beta) else xf.to_numpy(dtype=float) @ beta

        def mean(h: int, xf: Any) -> np.ndarray:
            return np.asarray(res.forecast(h)) + cal(xf)

        def simulate(h: int, reps: int, rng: np.random.Generator, xf: Any) -> np.ndarray:
            sim = np.asarray(res.simulate(h, anchor="end", repetitions=reps, rng=rng)).reshape(h, reps)
            c = cal(xf)
            return sim + (c[:, None] if np.ndim(c) else c)

        return _Fitted(params, mean, simulate, np.asarray(res.resid)[1:], convergence_note(res),
                       {"aic": float(res.aic)})
