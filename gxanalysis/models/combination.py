"""Forecast combination of the growth models, and the model registry (``model="default"``).

Point forecasts are the weighted mean of the members' forecasts; intervals are quantiles of the
**mixture** of the members' simulated paths: each of the ``R`` paths is drawn from member ``i`` with
probability :math:`w_i`, so the interval reflects both each model's uncertainty and their disagreement.

Weights: ``"equal"`` (:math:`w_i = 1/M`) or ``"inverse_mse"``
(:math:`w_i \\propto 1/\\mathrm{MSE}_i`, the mean squared one-step in-sample residual over the last
three years, Bates and Granger 1969).

References
----------
.. [1] Bates, J. M. and Granger, C. W. J. (1969), "The combination of forecasts", *Operational Research
   Quarterly* 20(4), 451–468.
.. [2] Timmermann, A. (2006), "Forecast combinations", *Handbook of Economic Forecasting* 1, 135–196.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from gxanalysis.errors import ParameterError
from gxanalysis.models.base import GrowthModel, GrowthResults, _Fitted
from gxanalysis.models.series import SLOTS_PER_YEAR

DEFAULT_MODEL = "ar"
"""The model ``model="default"`` stands for: the best in the national year-end backtest
(docs/model_cards.md)."""


def model_class(name: str) -> type[GrowthModel]:
    """Model class by name: ``"sarimax"``, ``"ets"``, ``"ucm"``, ``"combination"`` or ``"default"``."""
    from gxanalysis.models.autoreg import ArGrowth
    from gxanalysis.models.ets import EtsGrowth
    from gxanalysis.models.sarimax import SarimaxGrowth
    from gxanalysis.models.ucm import UcmGrowth

    registry: dict[str, type[GrowthModel]] = {"ar": ArGrowth, "sarimax": SarimaxGrowth, "ets": EtsGrowth, "ucm": UcmGrowth,
                                              "combination": CombinationGrowth}
    key = DEFAULT_MODEL if name == "default" else name
    if key not in registry:
        raise ParameterError(f"model={name!r} is not known; use one of {['default', *registry]}")
    return registry[key]


class CombinationGrowth(GrowthModel):
    """Combination of growth models.

    Parameters
    ----------
    members : sequence of str, default ("sarimax", "ets", "ucm")
    weights : {"inverse_mse", "equal"}, default "inverse_mse"
    """

    name = "combination"

    def _validate_options(self) -> None:
        allowed = {"members", "weights"}
        bad = set(self.options) - allowed
        if bad:
            raise ParameterError(f"CombinationGrowth does not take {sorted(bad)}; options: {sorted(allowed)}")
        self.members = tuple(self.options.get("members", ("sarimax", "ets", "ucm")))
        self.weighting = self.options.get("weights", "inverse_mse")
        if self.weighting not in ("inverse_mse", "equal"):
            raise ParameterError(f"weights={self.weighting!r} is not allowed; use 'inverse_mse' or 'equal'")
        if not self.members or "combination" in self.members:
            raise ParameterError(f"members={self.members} must name at least one of sarimax, ets, ucm")

    def fit(self) -> GrowthResults:
        kw = dict(calendar=self.calendar, missing=self.missing, start=self.start,
                  window_years=self.window_years, sf_window=self.sf_window, working_days=self.working_days,
                  outliers=tuple(str(o) for o in self.outliers))
        return self.combine([model_class(m)(self.series, **kw).fit() for m in self.members])

    def combine(self, fitted: list[GrowthResults]) -> GrowthResults:
        """Combine already fitted members (in the order of ``members``): used by the backtest."""
        recent = 3 * SLOTS_PER_YEAR
        mse = np.array([float(np.nanmean(r._core.resid[-recent:] ** 2)) for r in fitted])
        w = np.full(len(fitted), 1.0 / len(fitted)) if self.weighting == "equal" else (1 / mse) / np.sum(1 / mse)
        params = pd.Series(w, index=[f"weight.{m}" for m in self.members], name="params")

        def mean(h: int, xf: Any) -> np.ndarray:
            return sum(wi * r._core.mean(h, r._future_exog(r._future_h(h))) for wi, r in
                       zip(w, fitted, strict=True))

        def simulate(h: int, reps: int, rng: np.random.Generator, xf: Any) -> np.ndarray:
            counts = rng.multinomial(reps, w)
            parts = [r._core.simulate(h, int(c), rng, r._future_exog(r._future_h(h))).reshape(h, int(c))
                     for r, c in zip(fitted, counts, strict=True) if c > 0]
            out = np.concatenate(parts, axis=1)
            return out[:, rng.permutation(reps)]

        resid = sum(wi * r._core.resid[-min(len(x._core.resid) for x in fitted):] for wi, r, x in
                    zip(w, fitted, fitted, strict=True))
        core = _Fitted(params, mean, simulate, np.asarray(resid), "members: " + ", ".join(self.members))
        first = fitted[0]
        return GrowthResults(self, first._index, first._y, None, core, first.levels)

