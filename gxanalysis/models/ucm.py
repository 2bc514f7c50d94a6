"""Unobserved-components growth model: a random-walk level of growth plus a stationary cycle.

.. math:: y_t = \\mu_t + c_t + x_t'\\beta + \\varepsilon_t, \\quad \\mu_{t+1} = \\mu_t + \\eta_t,
          \\quad c_{t+1} = \\rho c_t + \\kappa_t

on the release calendar, :math:`y_t = 100\\ln(1+g_t)`, :math:`x_t` the calendar regressors of
:func:`gxanalysis.models.calendar.growth_calendar_exog`.

References
----------
.. [1] Harvey, A. C. (1989), *Forecasting, Structural Time Series Models and the Kalman Filter*,
   Cambridge University Press.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gxanalysis.errors import ParameterError
from gxanalysis.models.base import GrowthModel, _Fitted, statespace_fitted, understood_fit_warnings

LEVELS = ("local level", "random walk with drift", "local linear trend", "smooth trend")


class UcmGrowth(GrowthModel):
    """Unobserved components (statsmodels ``UnobservedComponents``) on single-period growth.

    Parameters
    ----------
    level : str, default "local level"
        One of :data:`LEVELS`.
    autoregressive : int, default 1
        Order of the AR component (0 for none).
    """

    name = "ucm"

    def _validate_options(self) -> None:
        allowed = {"level", "autoregressive"}
        bad = set(self.options) - allowed
        if bad:
            raise ParameterError(f"UcmGrowth does not take {sorted(bad)}; options: {sorted(allowed)}")
        self.level = self.options.get("level", "local level")
        if self.level not in LEVELS:
            raise ParameterError(f"level={self.level!r} is not allowed; use one of {LEVELS}")
        self.autoregressive = int(self.options.get("autoregressive", 1))

    def _fit_core(self, y: np.ndarray, x: pd.DataFrame | None) -> _Fitted:
        from statsmodels.tsa.statespace.structural import UnobservedComponents

        xa = None if x is None else x.to_numpy(dtype=float)
        mod = UnobservedComponents(y, level=self.level, autoregressive=self.autoregressive or None, exog=xa)
        with understood_fit_warnings():
            res = mod.fit(disp=False, maxiter=300)
        return statespace_fitted(res, x, exog_prefix="beta.x", n_burn=1)
