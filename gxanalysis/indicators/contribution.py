"""Contribution rate (贡献率), pull (拉动, percentage points) and share (占比/比重) of groups.

INDICATORS.md §3. Computed from levels for any grouping — industrial chain, sub-chain, industry, county,
enterprise. The whole is the universe of units given (e.g. every above-scale enterprise of the city), so
groups that do not cover it, or overlap (an enterprise in several chains), are allowed; the identities
Σ contribution = 100 and Σ pull = total growth are asserted only for partitions
(:func:`check_identities`).

Examples
--------
>>> d = pd.DataFrame({"v": [520.0, 470.0, 30.0], "b": [500.0, 480.0, 0.0]}, index=["old1", "old2", "new"])
>>> r = contributions(d, current="v", base="b")
>>> r.table["contribution"].round(1).tolist(), r.table["pull"].round(2).tolist(), round(r.total_growth, 2)
([50.0, -25.0, 75.0], [2.04, -1.02, 3.06], 4.08)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gxanalysis.errors import ParameterError
from gxanalysis.indicators import engine
from gxanalysis.indicators.frames import as_numeric, require_columns
from gxanalysis.indicators.growth import growth, growth_table


def _membership_pairs(groups: Mapping | pd.DataFrame | pd.Series, unit: str = "unit",
                      group: str = "group") -> pd.DataFrame:
    if isinstance(groups, pd.DataFrame):
        require_columns(groups, [unit, group], "groups")
        pairs = groups[[unit, group]].rename(columns={unit: "unit", group: "group"})
    elif isinstance(groups, pd.Series):  # unit -> group
        pairs = pd.DataFrame({"unit": list(groups.index), "group": groups.to_numpy()})
    elif isinstance(groups, Mapping):  # group -> iterable of units
        pairs = pd.DataFrame([(u, g) for g, units in groups.items() for u in units], columns=["unit", "group"])
    else:
        raise ParameterError("groups must be a mapping group → units, a Series unit → group, or a DataFrame "
                             f"with columns unit/group; got {type(groups).__name__}")
    return pairs.dropna()


def partition_problems(groups: Mapping | pd.DataFrame | pd.Series, universe: Iterable, *, unit: str = "unit",
                       group: str = "group") -> dict[str, list]:
    """What keeps ``groups`` from being a partition of ``universe`` (§3.3).

    Returns
    -------
    dict
        ``uncovered`` (units of the universe in no group), ``overlapping`` (units in more than one group),
        ``unknown`` (units in a group but not in the universe). All empty ⇔ partition.

    Examples
    --------
    >>> partition_problems({"C01": ["a", "b"], "C02": ["b"]}, ["a", "b", "c"])
    {'uncovered': ['c'], 'overlapping': ['b'], 'unknown': []}
    """
    pairs = _membership_pairs(groups, unit, group).drop_duplicates()
    uni = list(dict.fromkeys(universe))
    counts = pairs.groupby("unit").size()
    return {"uncovered": sorted(set(uni) - set(pairs["unit"]), key=str),
            "overlapping": sorted(counts[counts > 1].index, key=str),
            "unknown": sorted(set(pairs["unit"]) - set(uni), key=str)}


def is_partition(groups: Mapping | pd.DataFrame | pd.Series, universe: Iterable, *, unit: str = "unit",
                 group: str = "group") -> bool:
    """Whether ``groups`` split ``universe`` into complete, non-overlapping parts (§3.3).

    Parameters
    ----------
    groups : mapping, Series or DataFrame
        group → units; or a Series unit → group; or a DataFrame with ``unit`` and ``group`` columns.
    universe : iterable
        Every unit of the whole (e.g. every above-scale enterprise).

    Examples
    --------
    >>> is_partition({"A": [1, 2], "B": [3]}, [1, 2, 3]), is_partition({"A": [1, 2], "B": [2, 3]}, [1, 2, 3])
    (True, False)
    """
    return not any(partition_problems(groups, universe, unit=unit, group=group).values())


@dataclass(frozen=True)
class ContributionResult:
    """Contributions, pulls and shares of the groups, and the total they refer to.

    Attributes
    ----------
    table : DataFrame
        One row per group: ``current``, ``base``, ``increment``, ``growth`` (%), ``growth_status``,
        ``share_base`` (% of the total base), ``share_current`` (% of the total current level),
        ``contribution`` (%), ``pull`` (pp), ``status`` (``"ok"``, ``"unstable_denominator"``,
        ``"base_zero"``).
    total_current, total_base : float
        Levels of the whole.
    total_growth : float or None
        Growth of the whole (%).
    partition : bool
        Whether the groups partition the universe (identities hold only then).
    problems : dict
        Output of :func:`partition_problems`.
    """

    table: pd.DataFrame
    total_current: float
    total_base: float
    total_growth: float | None
    partition: bool
    problems: dict


def contributions(data: pd.DataFrame, *, current: str, base: str, group: str | None = None,
                  membership: pd.DataFrame | None = None, unit: str | None = None, eps: float = 0.001,
                  total_current: float | None = None, total_base: float | None = None) -> ContributionResult:
    """Contribution rate (贡献率), pull (拉动) and share (占比) of each group, from levels.

    .. math::

        \\text{contribution}_i = \\frac{\\Delta V_i}{\\Delta V_{total}} \\times 100, \\quad
        \\text{pull}_i = \\frac{\\Delta V_i}{B_{total}} \\times 100 = g_{total} \\cdot \\frac{\\text{contribution}_i}{100}
        = s^{base}_i\\, g_i, \\quad \\text{share}_i = \\frac{X_i}{X_{total}} \\times 100

    INDICATORS.md §3.1–3.4; test vectors T3, T4, T18. Contributions below 0 or above 100% are kept (§3.3).
    When :math:`|\\Delta V_{total}| < \\varepsilon B_{total}` the contribution is NaN with status
    ``"unstable_denominator"`` [U]. Use comparable-price levels for contributions and pulls; shares of
    value amounts are conventionally at current prices (§3.4) — pass current-price columns for those.

    Parameters
    ----------
    data : DataFrame
        One row per unit of the universe (the whole) with level columns ``current`` and ``base``.
    current, base : str
        Level columns (same unit, sample and price basis).
    group : str, optional
        Column assigning each row to one group (blank = in no group). Without ``group`` and
        ``membership`` every row is its own group (enterprise-level pulls).
    membership : DataFrame, optional
        Overlapping groupings (chains): columns ``unit`` and ``group``, one row per membership; needs
        ``unit`` (the column of ``data`` naming the units).
    unit : str, optional
        Column of ``data`` naming the units (default: the index).
    eps : float
        Relative threshold of the unstable-denominator flag (default 0.001 = 0.1% of the total base).
    total_current, total_base : float, optional
        Official levels of the whole, if the universe in ``data`` is not complete.

    Returns
    -------
    ContributionResult

    Examples
    --------
    >>> d = pd.DataFrame({"sector": ["A", "B", "C"], "v": [630.0, 330.0, 80.0], "b": [600.0, 300.0, 100.0]})
    >>> r = contributions(d, current="v", base="b", group="sector")
    >>> r.table["pull"].round(2).tolist(), round(r.total_growth, 2), r.partition
    ([3.0, 3.0, -2.0], 4.0, True)
    """
    if engine.is_lazy(data):  # one row per unit: the month's sample comes to pandas, its sums stay exact
        engine.require(data, [current, base, group, unit], "data")
        data = engine.collect(engine.lazy(data).select(*dict.fromkeys(c for c in (unit, group, current, base) if c)))
        if unit:
            data = data.sort_values(unit, kind="mergesort").reset_index(drop=True)
    require_columns(data, [current, base, group, unit], "data")
    if eps < 0:
        raise ParameterError(f"eps={eps} must be ≥ 0 (a share of the total base, e.g. 0.001)")
    c = as_numeric(data[current], f"column {current!r}")
    b = as_numeric(data[base], f"column {base!r}")
    missing = c.isna() | b.isna()
    if missing.any():
        who = list(data.loc[missing, unit] if unit else data.index[missing])[:10]
        raise ParameterError(f"data has missing {current!r} or {base!r} for {who}; contributions need every "
                             "unit's levels (fill them or drop the units and pass total_current/total_base)")
    units = pd.Series(data[unit].to_numpy() if unit else list(data.index), index=data.index)
    if units.duplicated().any():
        raise ParameterError(f"units {list(units[units.duplicated()].unique())[:10]} appear more than once in "
                             "data; give one row per unit (use membership= for overlapping groups)")
    if membership is not None:
        if group is not None:
            raise ParameterError("give either group= or membership=, not both")
        pairs = _membership_pairs(membership)
    elif group is not None:
        pairs = pd.DataFrame({"unit": units.to_numpy(), "group": data[group].to_numpy()}).dropna()
    else:
        pairs = pd.DataFrame({"unit": units.to_numpy(), "group": units.to_numpy()})
    levels = pd.DataFrame({"unit": units.to_numpy(), "current": c.to_numpy(), "base": b.to_numpy()})
    unknown = set(pairs["unit"]) - set(levels["unit"])
    if unknown:
        raise ParameterError(f"membership names units {sorted(unknown, key=str)[:10]} that are not in data; "
                             "every member needs its levels in data")
    problems = partition_problems(pairs, levels["unit"])
    partition = not any(problems.values()) and total_current is None and total_base is None
    whole = engine.group_sums(levels, columns=["current", "base"]).iloc[0]
    tc = float(whole["current"]) if total_current is None else float(total_current)
    tb = float(whole["base"]) if total_base is None else float(total_base)
    merged = pairs.merge(levels, on="unit", how="left")
    sums = engine.group_sums(merged, by="group", columns=["current", "base"]).set_index("group")
    table = sums.reindex(pd.unique(merged["group"]))[["current", "base"]]  # groups in order of appearance
    table.index.name = group or "group"
    table["increment"] = table["current"] - table["base"]
    g = growth_table(table["current"], table["base"])
    table["growth"], table["growth_status"] = g["value"], g["status"]
    dv = tc - tb
    with np.errstate(divide="ignore", invalid="ignore"):
        table["share_base"] = table["base"] / tb * 100 if tb != 0 else np.nan
        table["share_current"] = table["current"] / tc * 100 if tc != 0 else np.nan
        unstable = abs(dv) < eps * abs(tb) or dv == 0
        table["contribution"] = np.nan if unstable else table["increment"] / dv * 100
        table["pull"] = table["increment"] / tb * 100 if tb > 0 else np.nan
    table["status"] = "base_zero" if tb <= 0 else ("unstable_denominator" if unstable else "ok")
    total = growth(tc, tb)
    return ContributionResult(table, tc, tb, total.value, partition, problems)


@dataclass(frozen=True)
class IdentityCheck:
    """Result of :func:`check_identities`."""

    partition: bool
    sum_contribution: float
    sum_pull: float
    total_growth: float | None
    holds: bool
    message: str


def check_identities(result: ContributionResult, *, tol: float = 1e-9, raise_on_failure: bool = False
                     ) -> IdentityCheck:
    """Check Σ contribution = 100 and Σ pull = total growth — asserted only for partitions (§3.1, §3.3).

    .. math:: \\sum_i \\text{contribution}_i = 100, \\quad \\sum_i \\text{pull}_i = g_{total}

    Parameters
    ----------
    result : ContributionResult
    tol : float
        Absolute tolerance (percent / pp).
    raise_on_failure : bool
        Raise :class:`~gxanalysis.errors.ParameterError` when the grouping is not a partition or an
        identity fails.

    Examples
    --------
    >>> d = pd.DataFrame({"v": [520.0, 470.0, 30.0], "b": [500.0, 480.0, 0.0]})
    >>> check_identities(contributions(d, current="v", base="b")).holds
    True
    """
    t = result.table
    sc = float(t["contribution"].sum(min_count=1)) if t["contribution"].notna().all() else float("nan")
    sp = float(t["pull"].sum(min_count=1))
    if not result.partition:
        msg = (f"the groups are not a partition of the universe ({ {k: v[:5] for k, v in result.problems.items() if v} }"
               " or an official total was supplied): the identities do not apply")
        holds = False
    elif result.total_growth is None:
        msg, holds = "the total has no growth rate (base ≤ 0): the identities do not apply", False
    else:
        ok_c = t["status"].iloc[0] == "unstable_denominator" or abs(sc - 100) <= tol
        ok_p = abs(sp - result.total_growth) <= tol
        holds = bool(ok_c and ok_p)
        msg = "identities hold" if holds else (
            f"Σ contribution = {sc!r} (expected 100), Σ pull = {sp!r} (expected {result.total_growth!r})")
    if raise_on_failure and not holds:
        raise ParameterError(msg)
    return IdentityCheck(result.partition, sc, sp, result.total_growth, holds, msg)


def share(part: float | pd.Series, total: float) -> float | pd.Series:
    """Share (占比 / 比重) of a part in a total, in percent.

    .. math:: \\text{share}_i = X_i / X_{total} \\times 100

    INDICATORS.md §3.4 (value amounts at current prices). The change of a share is in percentage points
    (:func:`gxanalysis.indicators.growth.pp_change`).

    Examples
    --------
    >>> round(share(35.2, 120.0), 1)
    29.3
    """
    if total is None or float(total) == 0:
        raise ParameterError(f"total={total!r}: a share needs a non-zero total")
    return part / float(total) * 100


def pull_from_contribution(total_growth: float, contribution: float) -> float:
    """Pull (pp) from the total growth (%) and a contribution rate (%): g × c / 100 (§3.1; T4, T5).

    Examples
    --------
    >>> round(pull_from_contribution(8.1, 38.1), 1)
    3.1
    """
    return float(total_growth) * float(contribution) / 100


def pull_from_share(base_share: float, growth_rate: float) -> float:
    """Pull (pp) from a base-period share (%) and the part's growth (%): s × g / 100 (§2.4, §3.1; T3).

    Examples
    --------
    >>> round(pull_from_share(44.3, 43.8), 1)
    19.4
    """
    return float(base_share) * float(growth_rate) / 100
