"""Energy: conversion to standard coal (折标准煤), energy intensity (能耗强度) and its change.

INDICATORS.md §7. Coefficients come from the versioned table ``gxanalysis/resources/energy_coefficients.csv``
(``GB/T 2589-2008``, ``GB/T 2589-2020`` [unconfirmed], ``local-stat-bureau``). Electricity is converted on the
equivalent basis (当量值, 0.1229 kgce/kWh) or the equal basis (等价值), which needs the year's thermal-power
coal rate (gce/kWh) supplied as data — never a constant.

Examples
--------
>>> t = to_tce([1000, 500000, 10_000_000], ["原煤", "天然气", "电力"], ["吨", "立方米", "kWh"],
...            natural_gas="gas_field")
>>> [round(float(x), 2) for x in t], round(float(sum(t)), 2)
([714.3, 607.15, 1229.0], 2550.45)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from gxanalysis.config import RESOURCES_DIR
from gxanalysis.errors import InsufficientDataError, ParameterError, UnitError
from gxanalysis.indicators import engine
from gxanalysis.indicators.frames import as_number, as_numeric, parse_months, require_columns
from gxanalysis.indicators.growth import growth
from gxanalysis.periods import Month

COEFFICIENTS_FILE = RESOURCES_DIR / "energy_coefficients.csv"
VERSIONS = ("GB/T 2589-2008", "GB/T 2589-2020", "local-stat-bureau")
DEFAULT_VERSION = "GB/T 2589-2008"
KCAL_PER_KGCE = 7000.0
"""Definition of standard coal: 1 kgce = 7,000 kcal = 29,307 kJ low heating value (§7.2)."""

# physical unit as written in the bureau's tables -> (coefficient unit, factor)
_QUANTITY_UNITS: dict[str, tuple[str, float]] = {
    "千克": ("kg", 1.0), "kg": ("kg", 1.0), "公斤": ("kg", 1.0),
    "吨": ("kg", 1e3), "t": ("kg", 1e3), "万吨": ("kg", 1e7),
    "立方米": ("m3", 1.0), "m3": ("m3", 1.0), "m³": ("m3", 1.0), "万立方米": ("m3", 1e4), "万m3": ("m3", 1e4),
    "kWh": ("kWh", 1.0), "千瓦时": ("kWh", 1.0), "度": ("kWh", 1.0), "万kWh": ("kWh", 1e4),
    "万千瓦时": ("kWh", 1e4), "亿kWh": ("kWh", 1e8),
    "MJ": ("MJ", 1.0), "GJ": ("MJ", 1e3), "百万千焦": ("MJ", 1.0),
}
_GAS_VARIANTS = {"oil_field": "天然气(油田)", "gas_field": "天然气(气田)"}


@functools.lru_cache(maxsize=1)
def _all_coefficients() -> pd.DataFrame:
    return pd.read_csv(COEFFICIENTS_FILE, encoding="utf-8", dtype={"kgce_per_unit": float})


def load_coefficients(version: str = DEFAULT_VERSION) -> pd.DataFrame:
    """The coefficient table of one version.

    INDICATORS.md §7.2. Columns: ``version``, ``fuel``, ``fuel_en``, ``unit`` (kg, m3, kWh, MJ),
    ``kgce_per_unit``, ``basis``, ``low_heating_value``, ``status`` (``verified``, ``unconfirmed`` …),
    ``source``, ``notes``. Provenance: ``gxanalysis/resources/README.md``.

    Examples
    --------
    >>> c = load_coefficients("local-stat-bureau").set_index("fuel")
    >>> float(c.loc["天然气", "kgce_per_unit"]) * 1e4 / 1e3   # tce per 10^4 m3
    12.143
    >>> set(load_coefficients("GB/T 2589-2020")["status"])
    {'unconfirmed'}
    """
    if version not in VERSIONS:
        raise ParameterError(f"version={version!r} is not known; use one of {VERSIONS}")
    return _all_coefficients().query("version == @version").reset_index(drop=True).copy()


def electricity_equivalent_coefficient() -> float:
    """Electricity on the equivalent basis (当量值), kgce/kWh: 860 kcal/kWh ÷ 7,000 kcal/kgce.

    .. math:: c_{el} = 860 / 7000 = 0.122857\\ldots \\approx 0.1229

    INDICATORS.md §7.2–7.3; test vector T15.

    Examples
    --------
    >>> round(electricity_equivalent_coefficient(), 6)
    0.122857
    """
    return 860.0 / KCAL_PER_KGCE


def power_coal_rate(power_coal_rates: pd.DataFrame, year: int) -> float:
    """The year's thermal-power coal rate (供电煤耗, gce/kWh) from the ``power_coal_rates`` table.

    Raises
    ------
    InsufficientDataError
        If the year is not in the table (no value is assumed).

    Examples
    --------
    >>> power_coal_rate(pd.DataFrame({"year": [2022], "gce_per_kwh": [301.5], "source": ["x"]}), 2022)
    301.5
    """
    require_columns(power_coal_rates, ["year", "gce_per_kwh"], "power_coal_rates")
    hit = power_coal_rates[pd.to_numeric(power_coal_rates["year"], errors="coerce") == int(year)]
    if hit.empty:
        raise InsufficientDataError(f"power_coal_rates has no row for {year}; add that year's official 供电煤耗 "
                                    "(gce/kWh) to convert electricity on the equal-value basis (等价值)")
    return float(hit["gce_per_kwh"].iloc[-1])


def _coefficient_rows(fuels: pd.Series, version: str, natural_gas: str | None) -> pd.Series:
    table = load_coefficients(version).set_index("fuel")
    names = fuels.astype(str).str.strip()
    if natural_gas is not None:
        if natural_gas not in _GAS_VARIANTS:
            raise ParameterError(f"natural_gas={natural_gas!r}; use 'gas_field' (1.2143) or 'oil_field' (1.3300)")
        if _GAS_VARIANTS[natural_gas] not in table.index:
            raise ParameterError(f"version {version!r} has a single 天然气 coefficient; drop natural_gas=")
        names = names.where(names != "天然气", _GAS_VARIANTS[natural_gas])
    unknown = sorted(set(names) - set(table.index) - {"电力"})
    if "天然气" in unknown and "天然气(气田)" in table.index:
        raise ParameterError(f"{version} distinguishes oil-field gas (1.3300) from gas-field gas (1.2143): pass "
                             "natural_gas='gas_field' or 'oil_field' (a per-report choice, §7.2)")
    if unknown:
        raise ParameterError(f"no {version} coefficient for fuel(s) {unknown}; known: {sorted(table.index)}")
    return names


def to_tce(quantity, fuel, unit, *, version: str = DEFAULT_VERSION,
           electricity_basis: Literal["equivalent", "equal"] = "equivalent", power_coal_rate: float | None = None,
           natural_gas: Literal["gas_field", "oil_field"] | None = None):
    """Convert physical quantities of energy to tonnes of standard coal (tce).

    .. math:: \\text{tce} = \\sum_k q_k \\, c_k / 1000, \\qquad c_{el}^{equal} = \\text{rate}_{gce/kWh} / 1000

    INDICATORS.md §7.2–7.3; test vector T14 (1,000 t coal + 500,000 m³ gas-field gas + 10⁷ kWh = 2,550.45 tce).

    Parameters
    ----------
    quantity : float, sequence or Series
        Quantities in ``unit``.
    fuel : str, sequence or Series
        Fuel names as in the coefficient table (原煤, 天然气, 柴油, 电力, 热力 …).
    unit : str, sequence or Series
        Physical units: 吨, 千克, 立方米, 万立方米, kWh, 万kWh, GJ, MJ.
    version : str
        Coefficient table version (default ``"GB/T 2589-2008"``; ``"GB/T 2589-2020"`` is unconfirmed).
    electricity_basis : {"equivalent", "equal"}
        当量值 (0.1229 kgce/kWh) or 等价值 (needs ``power_coal_rate``).
    power_coal_rate : float, optional
        The year's thermal-power coal rate in gce/kWh (e.g. from :func:`power_coal_rate`); required on the
        equal basis, never assumed.
    natural_gas : {"gas_field", "oil_field"}, optional
        Which natural gas of the 2008 table (a per-report choice; §7.2).

    Returns
    -------
    float, ndarray or Series
        tce, same shape (a Series keeps its index).

    Examples
    --------
    >>> round(to_tce(1000.0, "电力", "万kWh"), 1), round(to_tce(1000.0, "电力", "万kWh", electricity_basis="equal", power_coal_rate=300.0), 1)
    (1229.0, 3000.0)
    """
    scalar = np.ndim(quantity) == 0
    index = quantity.index if isinstance(quantity, pd.Series) else None
    q = as_numeric(pd.Series(np.atleast_1d(np.asarray(quantity, dtype=object))), "quantity")
    n = len(q)

    def as_series(x, name):
        s = pd.Series(np.atleast_1d(np.asarray(x, dtype=object)))
        if len(s) == 1 and n > 1:
            s = pd.Series([s.iloc[0]] * n)
        if len(s) != n:
            raise ParameterError(f"{name} has {len(s)} values but quantity has {n}; give one per quantity")
        return s

    fuels = _coefficient_rows(as_series(fuel, "fuel"), version, natural_gas)
    units = as_series(unit, "unit").astype(str).str.strip()
    bad_units = sorted(set(units) - set(_QUANTITY_UNITS))
    if bad_units:
        raise UnitError(f"unknown quantity unit(s) {bad_units}; use one of {sorted(_QUANTITY_UNITS)}")
    table = load_coefficients(version).set_index("fuel")
    coef_unit = units.map(lambda u: _QUANTITY_UNITS[u][0])
    factor = units.map(lambda u: _QUANTITY_UNITS[u][1]).astype(float)
    is_el = fuels == "电力"
    if electricity_basis == "equivalent":
        if power_coal_rate is not None:
            raise ParameterError("power_coal_rate is only used with electricity_basis='equal'; drop it")
        el_coef = float(table.loc["电力", "kgce_per_unit"])
    elif electricity_basis == "equal":
        if power_coal_rate is None:
            if is_el.any():
                raise ParameterError("electricity_basis='equal' (等价值) needs power_coal_rate= — the year's "
                                     "thermal-power coal rate in gce/kWh from the power_coal_rates table; no "
                                     "constant is assumed")
            el_coef = np.nan
        else:
            r = as_number(power_coal_rate, "power_coal_rate")
            if r is None or not 100 <= r <= 600:
                raise ParameterError(f"power_coal_rate={power_coal_rate!r} gce/kWh is not plausible (about 300)")
            el_coef = r / 1000.0
    else:
        raise ParameterError(f"electricity_basis={electricity_basis!r}; use 'equivalent' (当量值) or 'equal' (等价值)")
    coef = fuels.map(lambda f: np.nan if f == "电力" else float(table.loc[f, "kgce_per_unit"])).astype(float)
    coef = coef.where(~is_el, el_coef)
    need_unit = fuels.map(lambda f: "kWh" if f == "电力" else table.loc[f, "unit"])
    mismatch = coef_unit != need_unit
    if mismatch.any():
        i = int(np.flatnonzero(mismatch.to_numpy())[0])
        raise UnitError(f"fuel {fuels.iloc[i]!r} is measured in {need_unit.iloc[i]} but row {i} gives "
                        f"{units.iloc[i]!r}; convert the quantity or fix the unit")
    tce = (q * factor * coef / 1000.0).to_numpy()
    if scalar:
        return float(tce[0])
    if index is not None:
        return pd.Series(tce, index=index, name="tce")
    return tce


def energy_by_fuel_to_tce(energy_by_fuel: pd.DataFrame, *, version: str = DEFAULT_VERSION,
                          electricity_basis: Literal["equivalent", "equal"] = "equivalent",
                          power_coal_rates: pd.DataFrame | None = None,
                          natural_gas: Literal["gas_field", "oil_field"] | None = None) -> pd.DataFrame:
    """The ``energy_by_fuel`` table with a ``tce`` column (and the basis used), period by period.

    On the equal basis each row's electricity uses the coal rate of its year from ``power_coal_rates``.
    INDICATORS.md §7.2–7.3.

    Examples
    --------
    >>> t = pd.DataFrame({"credit_code": "A", "period": "2023-03", "fuel": ["原煤", "电力"],
    ...                   "quantity": [100.0, 50.0], "unit": ["吨", "万kWh"]})
    >>> energy_by_fuel_to_tce(t)["tce"].round(2).tolist()
    [71.43, 61.45]
    """
    require_columns(energy_by_fuel, ["period", "fuel", "quantity", "unit"], "energy_by_fuel")
    out = energy_by_fuel.copy()
    out["tce"] = np.nan
    if electricity_basis == "equal":
        if power_coal_rates is None:
            raise ParameterError("electricity_basis='equal' needs power_coal_rates= (table power_coal_rates)")
        years = np.array([m.year for m in parse_months(out["period"], "energy_by_fuel column 'period'")])
        for y in sorted(set(years)):
            sel = years == y
            out.loc[sel, "tce"] = np.asarray(to_tce(out.loc[sel, "quantity"], out.loc[sel, "fuel"],
                                                    out.loc[sel, "unit"], version=version,
                                                    electricity_basis="equal",
                                                    power_coal_rate=power_coal_rate(power_coal_rates, y)
                                                    if (out.loc[sel, "fuel"] == "电力").any() else None,
                                                    natural_gas=natural_gas))
    else:
        out["tce"] = np.asarray(to_tce(out["quantity"], out["fuel"], out["unit"], version=version,
                                       electricity_basis=electricity_basis, natural_gas=natural_gas))
    out["electricity_basis"] = electricity_basis
    out["coefficient_version"] = version
    return out


def energy_intensity(energy_tce, value_added_wan):
    """Energy intensity (单位工业增加值能耗), tce per 万元 of value added at comparable prices.

    .. math:: I = E\\,[\\text{tce}] / VA\\,[\\text{万元}]

    INDICATORS.md §7.4. Example: 500万 tce over 1,000亿元 (10,000,000 万元) = 0.5 tce/万元.

    Examples
    --------
    >>> energy_intensity(5_000_000.0, 10_000_000.0)
    0.5
    """
    if isinstance(energy_tce, pd.Series | np.ndarray) or isinstance(value_added_wan, pd.Series | np.ndarray):
        va = pd.Series(value_added_wan) if not isinstance(value_added_wan, pd.Series) else value_added_wan
        if (va <= 0).any() or va.isna().any():
            raise ParameterError("value_added_wan has missing or non-positive values; intensity needs positive "
                                 "value added (万元, comparable prices)")
        return energy_tce / value_added_wan
    e, v = as_number(energy_tce, "energy_tce"), as_number(value_added_wan, "value_added_wan")
    if v is None or v <= 0 or e is None:
        raise ParameterError(f"energy_intensity needs energy (tce) and positive value added (万元); got "
                             f"{energy_tce!r}, {value_added_wan!r}")
    return e / v


@dataclass(frozen=True)
class IntensityChange:
    """Change of energy intensity (%), signed (negative = 下降), with its inputs and a status.

    ``status`` is ``"ok"`` or ``"samples_differ"`` (energy and value added cover different samples: a
    warning, the value is still given); ``energy_growth`` and ``va_growth`` in percent.
    """

    value: float
    status: str
    energy_growth: float
    va_growth: float


def intensity_change(energy_growth: float, va_growth: float, *, same_sample: bool = True) -> IntensityChange:
    """Change of energy intensity from energy growth and real value-added growth.

    .. math:: \\Delta I\\% = \\left(\\frac{1 + e}{1 + g} - 1\\right) \\times 100

    INDICATORS.md §7.4; test vectors T12 (e = 2.63%, g = 3.9% → −1.22%) and T13 (2%, 6% → −3.77%).
    ``g`` is **real** growth (comparable prices). g = −100% raises.

    Parameters
    ----------
    energy_growth, va_growth : float
        Growth in percent.
    same_sample : bool
        False when energy and value added cover different enterprise samples (e.g. energy excludes
        January): status ``"samples_differ"``.

    Examples
    --------
    >>> round(intensity_change(2.63, 3.9).value, 2), round(intensity_change(2.0, 6.0).value, 2)
    (-1.22, -3.77)
    """
    e, g = as_number(energy_growth, "energy_growth"), as_number(va_growth, "va_growth")
    if e is None or g is None:
        raise ParameterError("intensity_change needs energy_growth and va_growth (%), none missing")
    if g <= -100:
        raise ParameterError(f"va_growth={va_growth!r}%: value added fell to zero or below, intensity is undefined")
    if e < -100:
        raise ParameterError(f"energy_growth={energy_growth!r}% is below -100%")
    return IntensityChange(((1 + e / 100) / (1 + g / 100) - 1) * 100, "ok" if same_sample else "samples_differ",
                           e, g)


def intensity_change_from_levels(energy: float, energy_base: float, value_added: float,
                                 value_added_base: float, *, same_sample: bool = True) -> IntensityChange:
    """Change of energy intensity from levels (energy in tce; value added at comparable prices).

    .. math:: \\Delta I\\% = \\left(\\frac{E_t / VA_t}{E_0 / VA_0} - 1\\right) \\times 100

    INDICATORS.md §7.4. Never use current-price value added for a change.

    Examples
    --------
    >>> round(intensity_change_from_levels(5_100_000, 5_000_000, 10_600_000, 10_000_000).value, 2)
    -3.77
    """
    ge, gv = growth(energy, energy_base), growth(value_added, value_added_base)
    if not ge.ok or not gv.ok:
        raise ParameterError(f"intensity change needs positive levels: energy growth status {ge.status!r}, value "
                             f"added growth status {gv.status!r}")
    return intensity_change(ge.value, gv.value, same_sample=same_sample)


def plan_period_change(annual_changes: Sequence[float]) -> float:
    """Cumulative change (%) over a plan period from annual changes (%), compounded.

    .. math:: \\Delta_{plan} = \\left(\\prod_y (1 + \\Delta_y) - 1\\right) \\times 100

    INDICATORS.md §7.4 (the plan target is set against the plan base year, e.g. −13.5% vs 2020).

    Examples
    --------
    >>> round(plan_period_change([-2.86] * 5), 1)
    -13.5
    """
    vals = [float(x) for x in annual_changes]
    if not vals or any(math.isnan(x) for x in vals):
        raise ParameterError("annual_changes must be a non-empty list of numbers (%)")
    return (float(np.prod([1 + x / 100 for x in vals])) - 1) * 100


def remaining_annual_decline(target_change: float, annual_changes: Sequence[float], plan_years: int = 5
                             ) -> float:
    """Even annual intensity decline (%, positive = fall) still required in the rest of a plan period.

    .. math:: d = 1 - \\left(\\frac{1 + \\Delta_{target}}{\\prod_y (1 + \\Delta_y)}\\right)^{1/(n - k)}

    INDICATORS.md §5.4, §7.4. ``target_change`` is signed (−13.5 for a 13.5% fall); ``annual_changes`` are the
    k years already past (signed). A negative result means the target is already met.

    Examples
    --------
    >>> round(remaining_annual_decline(-13.5, [], 5), 2), round(remaining_annual_decline(-13.5, [-3.0, -2.0], 5), 2)
    (2.86, 3.1)
    """
    k = len(annual_changes)
    if k >= plan_years:
        raise ParameterError(f"{k} annual changes given for a {plan_years}-year plan: no year remains")
    achieved = plan_period_change(annual_changes) if k else 0.0
    ratio = (1 + target_change / 100) / (1 + achieved / 100)
    if ratio <= 0:
        raise ParameterError(f"target_change={target_change!r}% is not a reachable intensity change")
    return (1 - ratio ** (1 / (plan_years - k))) * 100


# --------------------------------------------------------------------------------------------------
# the enterprise panel: energy on a basis, intensity and its change by any grouping, the plan
# --------------------------------------------------------------------------------------------------
Basis = Literal["equivalent", "equal"]
_LEVEL_COLUMNS = ["energy", "energy_base", "value_added", "value_added_base"]


def last_full_year(month: str | Month) -> int:
    """The last full year at a reporting month: the month's own year in December, else the year before.

    Examples
    --------
    >>> last_full_year("2023-04"), last_full_year("2022-12")
    (2022, 2022)
    """
    m = Month.parse(month)
    return m.year if m.month == 12 else m.year - 1


def electricity_revaluation(electricity: pd.Series, *, basis: Basis, year: int,
                            power_coal_rates: pd.DataFrame | None = None, unit: str = "万kWh") -> pd.Series:
    """tce to add to energy reported on the 当量值 basis to put its electricity on ``basis``.

    .. math:: \\Delta E = Q_{el} \\times (c_{equal}(y) - c_{equivalent})

    On the equivalent basis the revaluation is 0. On the equal basis (等价值) electricity is valued at the
    year's thermal-power coal rate (供电煤耗, from ``power_coal_rates``; never a constant) instead of
    0.1229 kgce/kWh (INDICATORS.md §7.3).

    Examples
    --------
    >>> rates = pd.DataFrame({"year": [2022], "gce_per_kwh": [300.0], "source": "x"})
    >>> float(electricity_revaluation(pd.Series([1.0]), basis="equal", year=2022, power_coal_rates=rates).iloc[0])
    1.771
    """
    if basis not in ("equivalent", "equal"):
        raise ParameterError(f"basis={basis!r} is not allowed; use 'equivalent' (当量值) or 'equal' (等价值)")
    el = as_numeric(electricity, "electricity").fillna(0.0)
    if basis == "equivalent":
        return pd.Series(0.0, index=el.index)
    if power_coal_rates is None:
        raise InsufficientDataError("the equal-value basis (等价值) needs the table power_coal_rates (供电煤耗)")
    rate = power_coal_rate(power_coal_rates, year)
    equal = to_tce(el, "电力", unit, electricity_basis="equal", power_coal_rate=rate)
    equivalent = to_tce(el, "电力", unit)
    return pd.Series(np.asarray(equal) - np.asarray(equivalent), index=el.index)


def energy_levels(rows: pd.DataFrame, month: str | Month, *, basis: Basis = "equivalent",
                  power_coal_rates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Energy and its same-sample base on ``basis``, with value added, for the enterprises of one month.

    .. math:: E^{b}_i = E_i + \\Delta E(Q_{el,i}, y), \\qquad E^{b}_{0,i} = E_{0,i} + \\Delta E(Q_{el,0,i}, y-1)

    The energy is each enterprise's reported comprehensive energy consumption (综合能源消费量, 当量值, year
    to date; INDICATORS.md §7.1); on the equal basis its electricity is revalued with
    :func:`electricity_revaluation` at the coal rate of the year (the base at the year before's). This is
    the one definition of energy on a basis behind every energy-intensity figure.

    Parameters
    ----------
    rows : DataFrame
        The ``enterprise_monthly`` rows of ``month`` (year to date): ``energy``, ``energy_base``,
        ``value_added``, ``value_added_base`` and, on the equal basis, ``electricity``, ``electricity_base``.
    month : str or Month
    basis : {"equivalent", "equal"}
    power_coal_rates : DataFrame, optional
        Table ``power_coal_rates`` (needed on the equal basis).

    Returns
    -------
    DataFrame
        The rows that report both ``energy`` and ``energy_base`` (the energy sample), with ``energy_b`` and
        ``energy_base_b`` (tce on ``basis``).

    Raises
    ------
    InsufficientDataError
        No row with energy figures, or (equal basis) no coal rate for a year needed.
    """
    m = Month.parse(month)
    require_columns(rows, _LEVEL_COLUMNS, "rows")
    out = rows[rows["energy"].notna() & rows["energy_base"].notna()].copy()
    if out.empty:
        raise InsufficientDataError(f"no enterprise energy figures for {m}; load that month's energy data or "
                                    "choose another period")
    if basis == "equal":
        require_columns(out, ["electricity", "electricity_base"], "rows")
    el = out["electricity"] if "electricity" in out.columns else pd.Series(0.0, index=out.index)
    el0 = out["electricity_base"] if "electricity_base" in out.columns else pd.Series(0.0, index=out.index)
    out["energy_b"] = out["energy"].to_numpy(dtype=float) + electricity_revaluation(
        el, basis=basis, year=m.year, power_coal_rates=power_coal_rates).to_numpy()
    out["energy_base_b"] = out["energy_base"].to_numpy(dtype=float) + electricity_revaluation(
        el0, basis=basis, year=m.year - 1, power_coal_rates=power_coal_rates).to_numpy()
    return out


@dataclass(frozen=True)
class IntensityFigures:
    """Summed levels of a period and the change of energy intensity.

    ``energy``, ``energy_base`` in tce on the basis used; ``value_added``, ``value_added_base`` in 万元
    (comparable prices); ``energy_growth``, ``va_growth``, ``change`` in percent (None unless ``status`` is
    ``"ok"``); ``n`` enterprises.
    """

    energy: float
    energy_base: float
    value_added: float
    value_added_base: float
    energy_growth: float | None
    va_growth: float | None
    change: float | None
    status: str
    n: int

    @property
    def intensity(self) -> float | None:
        """Energy per unit of value added, tce per 万元."""
        return self.energy / self.value_added if self.value_added > 0 else None


def intensity_figures(levels: pd.DataFrame) -> IntensityFigures:
    """The change of energy intensity of an aggregate from the summed levels of :func:`energy_levels`.

    .. math:: \\Delta I\\% = \\left(\\frac{\\sum_i E^b_i / \\sum_i E^b_{0,i}}{\\sum_i VA_i / \\sum_i VA_{0,i}} - 1\\right)
              \\times 100

    INDICATORS.md §7.4 (:func:`intensity_change_from_levels`): the energy and value added of the same
    enterprises, value added at comparable prices. Status ``"missing"`` when a base is not positive.
    """
    cols = ["energy_b", "energy_base_b", "value_added", "value_added_base"]
    require_columns(levels, cols, "levels")
    sums = engine.group_sums(levels, columns=cols).iloc[0]
    e, e0, v, v0 = (float(sums[c]) for c in cols)
    try:
        ic = intensity_change_from_levels(e, e0, v, v0)
    except ParameterError:
        return IntensityFigures(e, e0, v, v0, None, None, None, "missing", len(levels))
    return IntensityFigures(e, e0, v, v0, ic.energy_growth, ic.va_growth, ic.value, ic.status, len(levels))


def intensity_by(levels: pd.DataFrame, by: str | pd.Series) -> pd.DataFrame:
    """Energy, its share, energy per value added and the change of intensity by group (e.g. division).

    Levels are summed by group first, then each group's change is computed from its sums (never an average
    of enterprises' changes). With ``by`` a column name or a Series aligned with ``levels`` (e.g. the
    division of each enterprise, or its own ``credit_code`` for one row per enterprise).

    Returns
    -------
    DataFrame
        Per group: ``n``, ``energy_b``, ``energy_base_b``, ``value_added``, ``value_added_base``,
        ``share`` (% of the energy of all groups), ``intensity`` (tce/万元), ``energy_growth``,
        ``va_growth``, ``change`` (%, NaN where a base is not positive).

    Examples
    --------
    >>> lv = pd.DataFrame({"d": ["32", "32", "26"], "energy_b": [60.0, 40.0, 50.0],
    ...                    "energy_base_b": [50.0, 50.0, 40.0], "value_added": [110.0, 110.0, 100.0],
    ...                    "value_added_base": [100.0, 100.0, 100.0]})
    >>> t = intensity_by(lv, "d")
    >>> t["change"].round(2).tolist(), t["share"].round(1).tolist()
    ([25.0, -9.09], [33.3, 66.7])
    """
    key = levels[by] if isinstance(by, str) else by
    cols = ["energy_b", "energy_base_b", "value_added", "value_added_base"]
    keyed = pd.DataFrame({"__key": np.asarray(key), **{c: levels[c].to_numpy(dtype=float) for c in cols}})
    keyed = keyed[keyed["__key"].notna()]
    g = engine.group_sums(keyed, by="__key", columns=cols).set_index("__key")[[*cols, "n"]]
    total = float(engine.group_sums(keyed, columns=["energy_b"])["energy_b"].iloc[0])
    g["share"] = g["energy_b"] / total * 100 if total > 0 else np.nan
    g["intensity"] = g["energy_b"] / g["value_added"].where(g["value_added"] > 0)
    ok = (g["energy_base_b"] > 0) & (g["value_added_base"] > 0) & (g["value_added"] > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        eg = (g["energy_b"] / g["energy_base_b"] - 1) * 100
        vg = (g["value_added"] / g["value_added_base"] - 1) * 100
        ch = ((1 + eg / 100) / (1 + vg / 100) - 1) * 100
    g["energy_growth"], g["va_growth"], g["change"] = eg.where(ok), vg.where(ok), ch.where(ok)
    g.index.name = by if isinstance(by, str) else getattr(by, "name", None)
    return g[["n", *cols, "share", "intensity", "energy_growth", "va_growth", "change"]]


@dataclass(frozen=True)
class PlanProgress:
    """Progress toward a plan-period intensity target (e.g. the 14th Five-Year Plan's −13.5% by 2025).

    Attributes
    ----------
    target : float
        Signed target change over the plan (%), against ``base_year``.
    base_year, end_year, last_year : int
        Plan base year, end year and the last full year with data in the plan.
    annual : dict
        Achieved change (%) of each plan year up to ``last_year`` (None where not computable).
    cumulative : float or None
        Compounded change since ``base_year`` (None unless every year is computable).
    even_decline : float
        The even annual decline (%, positive) the whole plan asks for.
    required_decline : float or None
        The even annual decline (%, positive) still required in the remaining years (None when nothing
        remains or a year is missing; negative when the target is already met).
    still_to_achieve : float or None
        The decline (%) still to achieve over the remaining years.
    """

    target: float
    base_year: int
    end_year: int
    last_year: int
    annual: dict
    cumulative: float | None
    even_decline: float
    required_decline: float | None
    still_to_achieve: float | None

    @property
    def missing_years(self) -> list[int]:
        return [y for y, v in self.annual.items() if v is None]


def plan_progress(annual_changes: dict[int, float | None], *, target: float, end_year: int,
                  plan_years: int = 5) -> PlanProgress:
    """Achieved annual intensity changes in a plan period and the decline still required.

    .. math:: \\Delta_{cum} = \\prod_y (1 + \\Delta_y) - 1, \\qquad
              d = 1 - \\left(\\frac{1 + \\Delta_{target}}{1 + \\Delta_{cum}}\\right)^{1/(n - k)}

    INDICATORS.md §5.4, §7.4 (:func:`plan_period_change`, :func:`remaining_annual_decline`).

    Parameters
    ----------
    annual_changes : dict
        Year → achieved change (%) for the plan years up to the last full year (None where not computable).
    target : float
        Signed target change over the plan (e.g. −13.5).
    end_year : int
        The plan's last year (its base year is ``end_year − plan_years``).

    Examples
    --------
    >>> p = plan_progress({2021: -3.0, 2022: -2.0}, target=-13.5, end_year=2025)
    >>> round(p.cumulative, 2), round(p.required_decline, 2), round(p.even_decline, 2)
    (-4.94, 3.1, 2.86)
    """
    from gxanalysis.indicators.schedule import even_annual_decline

    base_year = end_year - plan_years
    years = sorted(y for y in annual_changes if base_year < y <= end_year)
    annual = {y: annual_changes[y] for y in years}
    last = years[-1] if years else base_year
    complete = bool(years) and all(v is not None for v in annual.values())
    cumulative = plan_period_change([annual[y] for y in years]) if complete else None
    remaining = end_year - last
    required = still = None
    if remaining > 0 and (complete or not years):
        try:
            required = remaining_annual_decline(target, [annual[y] for y in years], plan_years)
        except ParameterError:
            required = None
        achieved = cumulative or 0.0
        still = (1 - (1 + target / 100) / (1 + achieved / 100)) * 100
    return PlanProgress(target, base_year, end_year, last, annual, cumulative,
                        even_annual_decline(-target, plan_years), required, still)
