"""Forecast combination of the growth models, and the model registry (``model="default"``).

Point forecasts are the weighted mean of the members' forecasts; intervals are quantiles of the
**mixture** of the members' simulated paths: each of the ``R`` paths is drawn from member ``i`` with
probability :math:`w_i`, so the interval reflects both each model's uncertainty and their disagreement.

Weights:

* ``"rolling"`` (default): :math:`w_i \\propto 1/\\mathrm{MSE}_i`, the mean squared error of member
  ``i``'s **year-end** forecasts in a rolling-origin backtest on the ``weight_years`` complete years before
  the origin (origins February–September; each forecast re-estimates the member on the data up to its
  origin only; years with a declared level outlier are skipped) — out-of-sample performance on the
  quantity the bureau reads (Bates and Granger 1969; Timmermann 2006);
* ``"inverse_mse"``: the same form with the mean squared one-step **in-sample** residual over the last
  three years;
* ``"equal"``: :math:`w_i = 1/M`.

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

from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.models.base import GrowthModel, GrowthResults, _Fitted
from gxanalysis.models.series import SLOTS_PER_YEAR

WEIGHTINGS = ("rolling", "inverse_mse", "equal")

DEFAULT_MODEL = "ar"
"""The model ``model="default"`` stands for: the best in the national year-end backtest
(docs/model_cards.md)."""


def model_class(name: str) -> type[GrowthModel]:
    """Model class by name: ``"ar"``, ``"sarimax"``, ``"ets"``, ``"ucm"``, ``"combination"`` or ``"default"``
    (:data:`DEFAULT_MODEL`).

    Examples
    --------
    >>> model_class("default").__name__
    'ArGrowth'
    """
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
    members : sequence of str, default ("ar", "ucm", "sarimax")
    weights : {"rolling", "inverse_mse", "equal"}, default "rolling"
    weight_years : int, default 5
        Complete years before the origin of the rolling-origin weights.
    """

    name = "combination"

    def _validate_options(self) -> None:
        allowed = {"members", "weights", "weight_years"}
        bad = set(self.options) - allowed
        if bad:
            raise ParameterError(f"CombinationGrowth does not take {sorted(bad)}; options: {sorted(allowed)}")
        self.members = tuple(self.options.get("members", ("ar", "ucm", "sarimax")))
        self.weighting = self.options.get("weights", "rolling")
        if self.weighting not in WEIGHTINGS:
            raise ParameterError(f"weights={self.weighting!r} is not allowed; use one of {WEIGHTINGS}")
        if not self.members or "combination" in self.members or "default" in self.members:
            raise ParameterError(f"members={self.members} must name at least one of ar, sarimax, ets, ucm")
        for m in self.members:
            model_class(m)
        years = self.options.get("weight_years", 5)
        if isinstance(years, bool) or not isinstance(years, int) or not 2 <= years <= 15:
            raise ParameterError(f"weight_years={years!r} is not allowed; give 2–15 years")
        self.weight_years = years

    def _member_kw(self) -> dict:
        return dict(calendar=self.calendar, missing=self.missing, start=self.start,
                    window_years=self.window_years, sf_window=self.sf_window, working_days=self.working_days,
                    outliers=tuple(str(o) for o in self.outliers), min_years=self.min_years)

    def fit(self, *, cache: dict | None = None) -> GrowthResults:
        """Fit the members and combine them; ``cache`` (a dict) keeps rolling-origin errors between calls
        on the same series (the backtest passes one)."""
        kw = self._member_kw()
        return self.combine([model_class(m)(self.series, **kw).fit() for m in self.members], cache=cache)

    def rolling_mse(self, cache: dict | None = None) -> np.ndarray:
        """Per member, the mean squared year-end error at the origins February–September of the
        ``weight_years`` complete years before the last period (see the module docstring)."""
        series = self.series
        fr = series.frame
        last = series.last_period
        outlier_years = {o.year for o in self.outliers}
        kw = self._member_kw()
        cache = {} if cache is None else cache
        sq: list[list[float]] = [[] for _ in self.members]
        for year in range(last.year - self.weight_years, last.year):
            dec = pd.Period(f"{year}-12", freq="M")
            if year in outlier_years or dec not in fr.index or not np.isfinite(fr.loc[dec, "ytd"]):
                continue
            actual = float(fr.loc[dec, "ytd"])
            for m in range(2, 10):
                origin = pd.Period(f"{year}-{m:02d}", freq="M")
                if origin not in fr.index:
                    continue
                known = series.truncate(origin)
                key_data = float(pd.util.hash_pandas_object(known.frame[["growth", "ytd"]]).sum())
                for i, name in enumerate(self.members):
                    key = (name, str(origin), key_data, tuple(sorted(kw.items(), key=str)).__repr__())
                    if key not in cache:
                        try:
                            cache[key] = model_class(name)(known, **kw).fit().year_end(repetitions=200).point
                        except InsufficientDataError:
                            cache[key] = float("nan")
                    sq[i].append((cache[key] - actual) ** 2)
        return np.array([float(np.nanmean(s)) if np.isfinite(s).sum() >= 8 else np.nan for s in sq])

    def combine(self, fitted: list[GrowthResults], *, cache: dict | None = None) -> GrowthResults:
        """Combine already fitted members (in the order of ``members``): used by the backtest."""
        recent = 3 * SLOTS_PER_YEAR
        if self.weighting == "equal":
            w = np.full(len(fitted), 1.0 / len(fitted))
        else:
            mse = (self.rolling_mse(cache) if self.weighting == "rolling" else
                   np.array([float(np.nanmean(r._core.resid[-recent:] ** 2)) for r in fitted]))
            if not np.isfinite(mse).all() or (mse <= 0).any():  # too few past years: equal weights
                w = np.full(len(fitted), 1.0 / len(fitted))
            else:
                w = (1 / mse) / np.sum(1 / mse)
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

