"""Units and bases (INDICATORS.md §1.1, §0.2 rule 4): a small ``Quantity`` type and unit conversion.

Money (元 / 万元 / 亿元), standard coal (kgce / tce / 万tce) and electricity (kWh / 万kWh / 亿kWh).
A quantity may carry a *basis*: ``"current"`` or ``"comparable"`` prices (现价 / 可比价) for money,
``"equivalent"`` or ``"equal"`` value (当量值 / 等价值) for energy. Adding or comparing quantities in
different units or on different bases raises :class:`~gxanalysis.errors.UnitError`: convert first with
:meth:`Quantity.to`.

Examples
--------
>>> a = Quantity(1.5, "亿元", basis="current")
>>> a.to("万元")
Quantity(value=15000.0, unit='万元', basis='current')
>>> a + Quantity(0.5, "亿元", basis="current")
Quantity(value=2.0, unit='亿元', basis='current')
>>> convert(10_000_000, "kWh", "万kWh")
1000.0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gxanalysis.errors import UnitError

# unit -> (dimension, size in the dimension's smallest unit)
_UNITS: dict[str, tuple[str, float]] = {
    "元": ("money", 1.0),
    "万元": ("money", 1e4),
    "亿元": ("money", 1e8),
    "kgce": ("coal_equivalent", 1.0),
    "tce": ("coal_equivalent", 1e3),
    "万tce": ("coal_equivalent", 1e7),
    "kWh": ("electricity", 1.0),
    "万kWh": ("electricity", 1e4),
    "亿kWh": ("electricity", 1e8),
}
_ALIASES: dict[str, str] = {
    "yuan": "元", "CNY": "元", "10k yuan": "万元", "100m yuan": "亿元",
    "千克标准煤": "kgce", "吨标准煤": "tce", "万吨标准煤": "万tce", "10k tce": "万tce",
    "千瓦时": "kWh", "度": "kWh", "kwh": "kWh", "万千瓦时": "万kWh", "亿千瓦时": "亿kWh",
}
_BASES: dict[str, tuple[str, ...]] = {
    "money": ("current", "comparable"),
    "coal_equivalent": ("equivalent", "equal"),
    "electricity": (),
}

UNITS: tuple[str, ...] = tuple(_UNITS)
"""The units this module knows (canonical spellings; Chinese spellings such as 吨标准煤 are accepted)."""


def canonical_unit(unit: str) -> str:
    """The canonical spelling of ``unit`` (``"吨标准煤"`` → ``"tce"``).

    Raises
    ------
    UnitError
        If the unit is unknown, naming the units that are known.

    Examples
    --------
    >>> canonical_unit("万千瓦时")
    '万kWh'
    """
    u = str(unit).strip()
    u = _ALIASES.get(u, u)
    if u not in _UNITS:
        raise UnitError(f"unknown unit {unit!r}; use one of {', '.join(_UNITS)} "
                        f"(or a Chinese spelling: {', '.join(_ALIASES)})")
    return u


def dimension(unit: str) -> str:
    """The dimension of ``unit``: ``"money"``, ``"coal_equivalent"`` or ``"electricity"``."""
    return _UNITS[canonical_unit(unit)][0]


def conversion_factor(from_unit: str, to_unit: str) -> float:
    """The factor *f* such that ``value_in_to_unit = value_in_from_unit × f``.

    Raises
    ------
    UnitError
        If the two units measure different things (e.g. 万元 and tce).

    Examples
    --------
    >>> conversion_factor("亿元", "万元")
    10000.0
    """
    a, b = canonical_unit(from_unit), canonical_unit(to_unit)
    (da, sa), (db, sb) = _UNITS[a], _UNITS[b]
    if da != db:
        raise UnitError(f"cannot convert {from_unit!r} ({da}) to {to_unit!r} ({db}); "
                        "only units of the same kind convert (元/万元/亿元, kgce/tce/万tce, kWh/万kWh/亿kWh)")
    return sa / sb


def convert(value: Any, from_unit: str, to_unit: str) -> Any:
    """Convert a number, array or Series from one unit to another of the same kind.

    .. math:: x_{\\text{to}} = x_{\\text{from}} \\cdot s_{\\text{from}} / s_{\\text{to}}

    where *s* is the size of each unit in the smallest unit of its kind (元, kgce, kWh). INDICATORS.md §1.1.

    Parameters
    ----------
    value : float, numpy.ndarray or pandas.Series
        The values; a Series keeps its index and name.
    from_unit, to_unit : str
        Units, e.g. ``"万元"``, ``"亿元"``, ``"tce"``, ``"万吨标准煤"``, ``"万kWh"``.

    Returns
    -------
    Same type as ``value``.

    Examples
    --------
    >>> convert(pd.Series([1.0, 2.5], name="va"), "亿元", "万元").tolist()
    [10000.0, 25000.0]
    >>> convert(2550.45, "tce", "万tce")
    0.255045
    """
    f = conversion_factor(from_unit, to_unit)
    if isinstance(value, pd.Series | pd.DataFrame):
        return value * f
    if isinstance(value, np.ndarray | list | tuple):
        return np.asarray(value, dtype=float) * f
    return float(value) * f


@dataclass(frozen=True)
class Quantity:
    """A value with its unit and, optionally, its price or energy basis.

    Parameters
    ----------
    value : float
    unit : str
        One of :data:`UNITS` (Chinese spellings accepted and normalised).
    basis : {"current", "comparable", "equivalent", "equal"}, optional
        Price basis (现价 / 可比价) for money; energy basis (当量值 / 等价值) for standard coal.

    Notes
    -----
    Quantities add and subtract only when unit *and* basis agree; multiply and divide by plain
    numbers; dividing two quantities with the same unit and basis gives a plain ratio.

    Examples
    --------
    >>> Quantity(1, "亿元", "current") + Quantity(1, "亿元", "comparable")
    Traceback (most recent call last):
    ...
    gxanalysis.errors.UnitError: cannot add 1 亿元 (current prices) and 1 亿元 (comparable prices): the bases differ; put both on the same price basis first (deflate() converts nominal levels to comparable prices)
    """

    value: float
    unit: str
    basis: str | None = None

    def __post_init__(self) -> None:
        unit = canonical_unit(self.unit)
        object.__setattr__(self, "unit", unit)
        if self.basis is not None:
            allowed = _BASES[_UNITS[unit][0]]
            if self.basis not in allowed:
                raise UnitError(f"basis {self.basis!r} is not allowed for {unit}; "
                                f"use one of {allowed or '(none: leave basis=None)'}")

    def to(self, unit: str) -> Quantity:
        """The same quantity in another unit of the same kind (basis kept)."""
        return Quantity(self.value * conversion_factor(self.unit, unit), unit, self.basis)

    def _describe(self) -> str:
        names = {"current": "current prices", "comparable": "comparable prices",
                 "equivalent": "equivalent value", "equal": "equal value", None: "no basis"}
        return f"{self.value:g} {self.unit} ({names[self.basis]})"

    def _check_compatible(self, other: object, op: str) -> Quantity:
        if not isinstance(other, Quantity):
            raise UnitError(f"cannot {op} {self._describe()} and the plain number {other!r}; "
                            f"wrap it as Quantity(value, {self.unit!r})")
        if other.unit != self.unit:
            raise UnitError(f"cannot {op} {self._describe()} and {other._describe()}: the units differ; "
                            f"convert first, e.g. other.to({self.unit!r})")
        if other.basis != self.basis:
            fix = ("put both on the same price basis first (deflate() converts nominal levels to "
                   "comparable prices)") if "current" in (self.basis, other.basis) or \
                "comparable" in (self.basis, other.basis) else \
                "convert both on the same energy basis (energy.to_tce(..., electricity_basis=...))"
            raise UnitError(f"cannot {op} {self._describe()} and {other._describe()}: the bases differ; {fix}")
        return other

    def __add__(self, other: object) -> Quantity:
        o = self._check_compatible(other, "add")
        return Quantity(self.value + o.value, self.unit, self.basis)

    def __sub__(self, other: object) -> Quantity:
        o = self._check_compatible(other, "subtract")
        return Quantity(self.value - o.value, self.unit, self.basis)

    def __mul__(self, factor: float) -> Quantity:
        if isinstance(factor, Quantity):
            raise UnitError(f"cannot multiply {self._describe()} by another quantity; multiply by a number")
        return Quantity(self.value * float(factor), self.unit, self.basis)

    __rmul__ = __mul__

    def __truediv__(self, other: object) -> Quantity | float:
        if isinstance(other, Quantity):
            o = self._check_compatible(other, "divide")
            return self.value / o.value
        return Quantity(self.value / float(other), self.unit, self.basis)  # type: ignore[arg-type]

    def __lt__(self, other: object) -> bool:
        return self.value < self._check_compatible(other, "compare").value

    def __le__(self, other: object) -> bool:
        return self.value <= self._check_compatible(other, "compare").value
