"""One table after its cells were converted: what the checks of :mod:`gxanalysis.data.validate`,
:mod:`gxanalysis.data.coverage` and :mod:`gxanalysis.data.plausibility` share.

A :class:`Checked` table holds, per column of the contract, the typed values, the text as written, the
normalised text (months as ``YYYY-MM``, codes compacted) and masks of the cells that are empty, invalid
or already reported. A check that needs clean values uses :meth:`Checked.clean`, so that one mistyped
cell gives one message, not one per check that trips over it.

A :class:`Confirmable` is a doubt the analyst may confirm in ``confirmations.csv`` (a unit slip, an
implausible change, an enterprise leaving the sample, an empty table); :func:`key_string` writes the key
the confirmation names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gxanalysis.data.readers import RawTable
from gxanalysis.data.schema import Table
from gxanalysis.errors import Problem

__all__ = ["UNIT_FACTOR", "Checked", "Confirmable", "fmt", "fmt_bound", "key_string", "ratio_text",
           "series_ends", "series_positions", "series_starts", "shift"]

UNIT_FACTOR = 10 ** 3.5
"""Two values of one quantity this many times apart (or more) are taken to be in different units: the
factor between 万元 and 元, or 亿元 and 万元, is 10⁴; a ratio from 10^3.5 ≈ 3,162 on is reported."""


@dataclass
class Checked:
    """A table with typed columns and the masks the checks share."""

    table: Table
    raw: RawTable
    frame: pd.DataFrame
    rows: np.ndarray
    present: set[str]
    text: dict[str, pd.Series]
    norm: dict[str, pd.Series]
    bad: dict[str, np.ndarray]
    empty: dict[str, np.ndarray]
    reported: dict[str, np.ndarray] = field(default_factory=dict)

    def usable(self, column: str) -> np.ndarray:
        """Rows where ``column`` holds a valid, non-empty value."""
        return ~self.bad[column] & ~self.empty[column]

    def clean(self, column: str) -> np.ndarray:
        """Rows where ``column`` is usable and no check has reported it (out of range, unknown reference)."""
        out = self.usable(column)
        if column in self.reported:
            out &= ~self.reported[column]
        return out

    def mark(self, column: str, mask: np.ndarray) -> None:
        """Record cells of ``column`` that a check reported."""
        if column not in self.reported:
            self.reported[column] = np.zeros(len(self.rows), dtype=bool)
        self.reported[column] |= mask

    def codes(self, column: str) -> np.ndarray:
        """The normalised text of ``column`` as integer codes numbered in the order of the values, so that
        sorting or comparing by the codes sorts or compares by the text (computed once per column): the
        checks over a long panel sort, group and join on these instead of on strings."""
        cache = self.__dict__.setdefault("_codes", {})
        if column not in cache:
            values = np.asarray(self.norm[column], dtype=object)
            cache[column] = pd.factorize(values, sort=True)[0].astype(np.int64) if len(values) else \
                np.zeros(0, dtype=np.int64)
        return cache[column]

    def header(self, column: str) -> str:
        if column in self.raw.headers:
            return self.raw.headers[column]
        return self.table.column(column).zh if self.chinese_headers else column

    @property
    def chinese_headers(self) -> bool:
        return any(h != n for n, h in self.raw.headers.items())

    @property
    def file(self) -> str:
        return self.raw.file

    def values(self, column: str) -> np.ndarray:
        """A numeric column as floats (NaN where empty or invalid)."""
        return self.frame[column].to_numpy(dtype=float, na_value=np.nan)

    def key(self, i: int) -> str:
        """The key of row position ``i``, as a confirmation names it."""
        return key_string(self.norm[k].iloc[i] if not self.empty[k][i] else "" for k in self.table.key)


@dataclass(frozen=True)
class Confirmable:
    """A problem the analyst may confirm: ``(table, key, column)`` names it in ``confirmations.csv``.

    ``also`` names the other cells the doubt compares it with, as ``(table, key, column, value)``: a
    confirmation of any of them confirms the doubt (the value the analyst vouches for explains it).
    """

    problem: Problem
    table: str
    key: str
    column: str
    also: tuple[tuple[str, str, str, str], ...] = ()


def key_string(parts) -> str:
    """Key values joined as a confirmation writes them: ``"91660302000879078W|2023-04"``."""
    return "|".join(str(p) for p in parts)


def fmt(value: object) -> str:
    """A number as short as it can be written without losing digits."""
    if isinstance(value, float | np.floating):
        return f"{float(value):.12g}"
    return str(value)


def fmt_bound(value: float) -> str:
    """A range bound for messages: ``1,000,000,000`` rather than ``1e+09``."""
    if math.isfinite(value) and abs(value) >= 1e4 and float(value).is_integer():
        return f"{value:,.0f}"
    return fmt(float(value))


def ratio_text(ratio: float) -> str:
    """How many times one value is another, in words: ``"10,000 times"``, ``"1/10,000 of"``."""
    if ratio >= 1e6:
        return "more than a million times"
    if ratio <= 1e-6:
        return "less than a millionth of"
    if ratio >= 1:
        return f"{_round_ratio(ratio)} times"
    return f"1/{_round_ratio(1 / ratio)} of"


def _round_ratio(r: float) -> str:
    exponent = round(math.log10(r))
    if abs(math.log10(r) - exponent) < 0.15 and exponent >= 3:
        return f"{10 ** exponent:,}"
    return f"{r:,.0f}" if r >= 10 else f"{r:.1f}"


def series_starts(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """For a frame sorted by ``keys``, True at the first row of each series (vectorised, no groupby)."""
    n = len(frame)
    first = np.ones(n, dtype=bool)
    if n > 1:
        same = np.ones(n - 1, dtype=bool)
        for k in keys:
            a = frame[k].to_numpy()
            same &= a[1:] == a[:-1]
        first[1:] = ~same
    return first


def series_ends(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """For a frame sorted by ``keys``, True at the last row of each series (as ``groupby(keys).tail(1)``)."""
    first = series_starts(frame, keys)
    return np.r_[first[1:], True] if len(first) else first


def shift(values: np.ndarray, first: np.ndarray) -> np.ndarray:
    """The previous row's value within the same series (NaN at each series' first row)."""
    out = np.empty(len(values), dtype=float)
    if len(values):
        out[0] = np.nan
        out[1:] = values[:-1]
        out[first] = np.nan
    return out


def series_positions(chk: Checked, ok: np.ndarray, group: list[str], ordm: np.ndarray) -> np.ndarray:
    """The row positions of ``ok`` sorted by series (the codes of the ``group`` columns) and month
    ``ordm``, each (series, month) once (its first row): what ``drop_duplicates`` then a stable sort give,
    computed on integer arrays with one ``lexsort`` (no copy of a frame)."""
    pos = np.flatnonzero(ok)
    codes = [chk.codes(g)[pos] for g in group]
    months = ordm[pos]
    order = np.lexsort([pos, months, *reversed(codes)])
    months = months[order]
    codes = [c[order] for c in codes]
    first = np.ones(len(order), dtype=bool)
    if len(order) > 1:
        same = months[1:] == months[:-1]
        for c in codes:
            same &= c[1:] == c[:-1]
        first[1:] = ~same
    return pos[order][first]
