"""LMDI-I decomposition (对数平均迪氏指数分解) of the change in industrial energy use or energy intensity.

The change of energy use between year 0 and year T is split into

* **activity** — growth of total output (value added at comparable prices),
* **structure** — shifts of output shares between sectors (industries, sub-sectors),
* **intensity** — changes of energy per unit of output within each sector,

with the log-mean-Divisia index method I (Ang 2005), which is exact: the additive effects sum to the
observed change and the multiplicative effects multiply to the observed ratio, with no residual.

.. math::

    E = \\sum_i Q \\cdot \\frac{Q_i}{Q} \\cdot \\frac{E_i}{Q_i} = \\sum_i Q\\, S_i\\, I_i, \\qquad
    \\Delta E_x = \\sum_i L(E_i^T, E_i^0) \\ln\\frac{x_i^T}{x_i^0}, \\qquad
    L(a, b) = \\frac{a - b}{\\ln a - \\ln b}, \\; L(a, a) = a

Zero values are handled by the analytical limits of the small-value strategy (Ang & Liu 2007):
:math:`L(x, 0) = 0`; a sector that appears (:math:`E_i^0 = 0 < E_i^T`) contributes :math:`E_i^T` to the
effect of the factor that was zero (structure when it had no output, intensity when it had output but no
energy), and symmetrically for a sector that disappears.

References
----------
1. Ang, B. W. (2005). The LMDI approach to decomposition analysis: a practical guide. *Energy Policy* 33,
   867–871.
2. Ang, B. W., Liu, N. (2007). Handling zero values in the logarithmic mean Divisia index decomposition
   approach. *Energy Policy* 35, 238–246.

Examples
--------
>>> base = pd.DataFrame({"energy": [20.0, 10.0, 8.0, 12.0], "output": [5.0, 5.0, 10.0, 30.0]},
...                     index=["S1.1", "S1.2", "S2.1", "S2.2"])
>>> cur = pd.DataFrame({"energy": [30.0, 10.0, 15.0, 9.0], "output": [12.0, 8.0, 30.0, 30.0]}, index=base.index)
>>> r = lmdi(base, cur, activity="output")
>>> r.effects.round(2).to_dict(), round(r.total, 6)
({'activity': 26.43, 'structure': 12.1, 'intensity': -24.53}, 14.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from gxanalysis.errors import GxError, ParameterError
from gxanalysis.indicators.frames import as_numeric, require_columns


def log_mean(a: float, b: float) -> float:
    """Logarithmic mean L(a, b) = (a − b) / (ln a − ln b); L(a, a) = a; L(a, 0) = L(0, b) = 0.

    Examples
    --------
    >>> round(log_mean(30.0, 20.0), 4), log_mean(5.0, 5.0), log_mean(5.0, 0.0)
    (24.663, 5.0, 0.0)
    """
    if a < 0 or b < 0:
        raise ParameterError(f"log_mean({a!r}, {b!r}): the logarithmic mean needs non-negative values")
    if a == 0 or b == 0:
        return 0.0
    if a == b or math.isclose(a, b, rel_tol=1e-12):
        return (a + b) / 2
    return (a - b) / (math.log(a) - math.log(b))


@dataclass(frozen=True)
class LMDIResult:
    """Result of :func:`lmdi`.

    Attributes
    ----------
    effects : Series
        Effects by factor (``activity`` [energy target only], ``structure``, ``intensity``): additive in the
        unit of the energy (or intensity) column; multiplicative as ratios.
    by_sector : DataFrame
        Sector × factor contributions: additive, they sum to ``effects``; multiplicative, each cell is a factor
        and the product down a column is the effect.
    total : float
        The observed change: :math:`V^T - V^0` (additive) or :math:`V^T / V^0` (multiplicative).
    kind : str
        ``"additive"`` or ``"multiplicative"``.
    target : str
        ``"energy"`` (energy use) or ``"intensity"`` (aggregate energy intensity E/Q).
    value_0, value_T : float
        The aggregate in year 0 and year T.
    """

    effects: pd.Series
    by_sector: pd.DataFrame
    total: float
    kind: str
    target: str
    value_0: float
    value_T: float

    @property
    def residual(self) -> float:
        """Observed change minus the combined effects (0 up to floating-point error for LMDI-I)."""
        if self.kind == "additive":
            return float(self.total - self.effects.sum())
        return float(self.total - self.effects.prod())

    def check(self, tol: float = 1e-9) -> float:
        """Check that the effects add (multiply) to the observed change; return the residual.

        Raises
        ------
        GxError
            If ``|residual| > tol × max(1, |total|)``.
        """
        r = self.residual
        if abs(r) > tol * max(1.0, abs(self.total)):
            raise GxError(f"LMDI effects do not reproduce the observed change: residual {r!r} "
                          f"(total {self.total!r}, effects {self.effects.to_dict()}); check the inputs for "
                          "negative or inconsistent values")
        return r


def lmdi(base: pd.DataFrame, current: pd.DataFrame, *, energy: str = "energy", activity: str = "value_added",
         kind: Literal["additive", "multiplicative"] = "additive",
         target: Literal["energy", "intensity"] = "energy") -> LMDIResult:
    """LMDI-I decomposition of the change in energy use (or aggregate energy intensity) by sector.

    .. math::

        \\Delta E_{act} = \\sum_i L(E_i^T, E_i^0) \\ln\\frac{Q^T}{Q^0}, \\quad
        \\Delta E_{str} = \\sum_i L(E_i^T, E_i^0) \\ln\\frac{S_i^T}{S_i^0}, \\quad
        \\Delta E_{int} = \\sum_i L(E_i^T, E_i^0) \\ln\\frac{I_i^T}{I_i^0}

    with :math:`S_i = Q_i / \\sum_j Q_j` (the sector's share of output) and :math:`I_i = E_i / Q_i`.
    Multiplicative: :math:`D_x = \\exp(\\Delta E_x / L(E^T, E^0))`, so :math:`\\prod_x D_x = E^T / E^0`.
    For ``target="intensity"`` the aggregate is :math:`E/Q = \\sum_i S_i I_i` (structure and intensity
    effects only, weights :math:`L(E_i^T/Q^T, E_i^0/Q^0)`).

    Structure is measured at the level of the rows given: pass sub-sectors to measure shifts between
    sub-sectors (the by-sector table can then be summed to sectors).

    Parameters
    ----------
    base, current : DataFrame
        One row per sector (same index in both), with the energy column (tce) and the activity column
        (value added at comparable prices, or output). Use ``reindex(..., fill_value=0)`` for a sector that
        had no activity in one of the years.
    energy, activity : str
        Column names.
    kind : {"additive", "multiplicative"}
    target : {"energy", "intensity"}

    Returns
    -------
    LMDIResult

    Examples
    --------
    >>> b = pd.DataFrame({"energy": [10.0, 0.0], "value_added": [10.0, 0.0]}, index=["old", "new"])
    >>> c = pd.DataFrame({"energy": [10.0, 5.0], "value_added": [10.0, 10.0]}, index=["old", "new"])
    >>> r = lmdi(b, c)
    >>> r.by_sector.loc["new"].round(3).to_dict(), round(r.total, 6), abs(r.check()) < 1e-9
    ({'activity': 0.0, 'structure': 5.0, 'intensity': 0.0}, 5.0, True)
    >>> m = lmdi(b, c, kind="multiplicative")
    >>> round(float(m.effects.prod()), 6), round(m.total, 6)
    (1.5, 1.5)
    """
    if kind not in ("additive", "multiplicative"):
        raise ParameterError(f"kind={kind!r}; use 'additive' or 'multiplicative'")
    if target not in ("energy", "intensity"):
        raise ParameterError(f"target={target!r}; use 'energy' or 'intensity'")
    require_columns(base, [energy, activity], "base")
    require_columns(current, [energy, activity], "current")
    if not base.index.sort_values().equals(current.index.sort_values()) or base.index.has_duplicates:
        raise ParameterError("base and current must list the same sectors once each; for a sector that had no "
                             "activity in one year use reindex(..., fill_value=0)")
    current = current.loc[base.index]
    e0 = as_numeric(base[energy], f"base column {energy!r}").to_numpy()
    q0 = as_numeric(base[activity], f"base column {activity!r}").to_numpy()
    e1 = as_numeric(current[energy], f"current column {energy!r}").to_numpy()
    q1 = as_numeric(current[activity], f"current column {activity!r}").to_numpy()
    for name, arr, which in ((energy, e0, "base"), (activity, q0, "base"), (energy, e1, "current"),
                             (activity, q1, "current")):
        if np.isnan(arr).any() or (arr < 0).any():
            bad = base.index[np.isnan(arr) | (arr < 0)].tolist()
            raise ParameterError(f"{which} column {name!r} is missing or negative for {bad}; LMDI needs "
                                 "non-negative values")
    for e, q, which in ((e0, q0, "base"), (e1, q1, "current")):
        bad = (e > 0) & (q == 0)
        if bad.any():
            raise ParameterError(f"{which}: sectors {base.index[bad].tolist()} use energy with zero activity; "
                                 "their intensity is infinite — merge them into a sector with output")
    qt0, qt1 = q0.sum(), q1.sum()
    if qt0 <= 0 or qt1 <= 0:
        raise ParameterError("total activity must be positive in both years")
    if target == "energy":
        v0, v1 = e0, e1
        factors = ["activity", "structure", "intensity"]
    else:
        v0, v1 = e0 / qt0, e1 / qt1
        factors = ["structure", "intensity"]
    contrib = np.zeros((len(v0), len(factors)))
    for i in range(len(v0)):
        a, b = v1[i], v0[i]
        if a == 0 and b == 0:
            continue
        if b == 0:  # sector appears: the factor that was zero takes it all
            contrib[i, factors.index("structure" if q0[i] == 0 else "intensity")] = a
            continue
        if a == 0:  # sector disappears
            contrib[i, factors.index("structure" if q1[i] == 0 else "intensity")] = -b
            continue
        w = log_mean(a, b)
        ratios = {"activity": qt1 / qt0, "structure": (q1[i] / qt1) / (q0[i] / qt0),
                  "intensity": (e1[i] / q1[i]) / (e0[i] / q0[i])}
        contrib[i] = [w * math.log(ratios[f]) for f in factors]
    V0, V1 = float(v0.sum()), float(v1.sum())
    additive = pd.DataFrame(contrib, index=base.index, columns=factors)
    if kind == "additive":
        return LMDIResult(additive.sum(), additive, V1 - V0, kind, target, V0, V1)
    if V0 <= 0 or V1 <= 0:
        raise ParameterError("the multiplicative decomposition needs positive totals in both years")
    lt = log_mean(V1, V0)
    by_sector = np.exp(additive / lt)
    return LMDIResult(np.exp(additive.sum() / lt), by_sector, V1 / V0, kind, target, V0, V1)
