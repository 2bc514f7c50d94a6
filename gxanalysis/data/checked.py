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
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gxanalysis.data.readers import RawTable, arrow_of, is_arrow_text
from gxanalysis.data.schema import Table
from gxanalysis.errors import Problem

__all__ = ["UNIT_FACTOR", "Checked", "Confirmable", "categorical_text", "fmt", "fmt_bound", "key_string",
           "ratio_text", "combined_key", "series_ends", "series_positions", "series_starts", "sorted_codes",
           "sorted_factorize"]

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
    as_written: set[str] = field(default_factory=set)
    """Columns whose normalised text is, at every row, the text as written (a month written ``YYYY-MM``)."""
    held_as_codes: set[str] = field(default_factory=set)
    """Text columns whose typed values are held, while the checks run, as the categorical normalised text
    (every cell valid and as written): :meth:`typed_frame` gives them back as text."""

    def drop_caches(self) -> None:
        """Let the checks' caches go (series orders and frames, lookups) once every check has run."""
        for name in ("_series_order", "_series_frame", "_lookup"):
            self.__dict__.pop(name, None)

    def typed_frame(self) -> pd.DataFrame:
        """The typed columns, as loading hands them out: a column held as codes (:attr:`held_as_codes`)
        as the package's text again (Arrow text, the same values)."""
        for column in sorted(self.held_as_codes):
            self.frame[column] = categorical_text(self.frame[column])
        self.held_as_codes.clear()
        return self.frame

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
        sorting or comparing by the codes sorts or compares by the text (computed once per column, or
        given by the conversion, :meth:`seed_codes`): the checks over a long panel sort, group and join on
        these instead of on strings. A missing value (``NaN``) has code -1."""
        return self._factorized(column)[0]

    def uniques(self, column: str) -> np.ndarray:
        """The distinct normalised values of ``column`` in sorted order: ``uniques(c)[codes(c)]`` is the
        column (an object array)."""
        return self._factorized(column)[1]

    def seed_codes(self, column: str, codes: np.ndarray, uniques: np.ndarray) -> None:
        """Record the sorted codes of ``column`` found while converting it (the distinct values parsed
        once), so that :meth:`codes` need not factorise the column again."""
        self.__dict__.setdefault("_codes", {})[column] = (codes, uniques)

    def _factorized(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        cache = self.__dict__.setdefault("_codes", {})
        if column not in cache:
            cache[column] = sorted_codes(self.norm[column])
        return cache[column]

    def isin(self, column: str, values: Collection[str]) -> np.ndarray:
        """Rows whose normalised text of ``column`` is one of ``values`` (as ``norm[column].isin``),
        decided once per distinct value and spread over the rows by the codes."""
        codes, uniques = self._factorized(column)
        hit = pd.Series(uniques, dtype=object).isin(values).to_numpy(dtype=bool)
        return np.r_[hit, False][codes] if len(codes) else np.zeros(0, dtype=bool)

    def lookup(self, column: str, values: np.ndarray) -> np.ndarray:
        """The codes of ``column`` (:meth:`codes`) that ``values`` (text of another table) would have here,
        -1 for a value the column does not hold: the distinct values are hashed once per column (the
        index is kept), each lookup hashes only ``values``."""
        cache = self.__dict__.setdefault("_lookup", {})
        if column not in cache:
            cache[column] = pd.Index(self.uniques(column), dtype=object)
        return cache[column].get_indexer(pd.Index(np.asarray(values, dtype=object), dtype=object)).astype(np.int64)

    def series_order(self, group: Sequence[str]) -> np.ndarray:
        """Every row position sorted by series (the codes of the ``group`` columns), then month (the
        period column's ordinals), then position: what a stable sort of the rows by ``(*group, period)``
        gives, computed once per table on one integer key. The rows of any mask, in this order, are
        ``order[mask[order]]``; a row with an invalid month sorts at an arbitrary month of its series (a
        mask of rows with valid months leaves it out)."""
        cache = self.__dict__.setdefault("_series_order", {})
        name = tuple(group)
        if name not in cache:
            key = combined_key([self.codes(g) for g in group] + [self._month_codes()])
            order = np.argsort(key, kind="stable")
            cache[name] = (order.astype(np.int32) if len(order) < 2 ** 31 else order, key)
        return cache[name][0]

    def series_key(self, group: Sequence[str]) -> np.ndarray:
        """The integer key of :meth:`series_order` per row: equal for two rows of one series and month,
        and increasing with (series, month)."""
        self.series_order(group)
        return self.__dict__["_series_order"][tuple(group)][1]

    def _month_codes(self) -> np.ndarray:
        ords = np.asarray(self.frame[self.table.period_column].array.asi8, dtype=np.int64)
        valid = ords != np.iinfo(np.int64).min
        low = int(ords[valid].min()) if valid.any() else 0
        return np.where(valid, ords - low, 0)

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


def categorical_text(values: pd.Series) -> pd.Series:
    """A categorical Series of text as a Series of the package's text dtype (pyarrow-backed where pandas
    has it): each category taken in Arrow by the codes, block by block (no Python string per cell).

    Examples
    --------
    >>> categorical_text(pd.Series(pd.Categorical(["b", "a", "b"]))).tolist()
    ['b', 'a', 'b']
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from gxanalysis.data.readers import arrow_pool

    dtype = pd.Series([], dtype=str).dtype
    codes = values.cat.codes.to_numpy()
    if not isinstance(dtype, pd.StringDtype) or dtype.storage != "pyarrow" or (codes < 0).any():
        return pd.Series(values.to_numpy(dtype=object), dtype=dtype)  # pragma: no cover - no Arrow text
    categories = pa.array(values.cat.categories.to_numpy(dtype=object), type=pa.string())
    step = 1 << 22
    chunks = [pc.take(categories, pa.array(codes[i:i + step]), memory_pool=arrow_pool())
              for i in range(0, len(codes), step)] or [pa.array([], type=pa.string())]
    return pd.Series(dtype.__from_arrow__(pa.chunked_array(chunks, type=pa.string())), copy=False)


def sorted_codes(values: pd.Series | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of ``values`` numbered in the sorted order of the distinct values, and those values
    (an object array): ``pd.factorize(values, sort=True)``, with Arrow text factorised in C++ (Arrow sorts
    text by its UTF-8 bytes, which is the order of the code points, Python's order). Missing values
    have code -1.

    Examples
    --------
    >>> codes, uniques = sorted_codes(np.array(["b", "a", "b", None], dtype=object))
    >>> codes.tolist(), uniques.tolist()
    ([1, 0, 1, -1], ['a', 'b'])
    """
    if is_arrow_text(values):
        import pyarrow.compute as pc

        encoded = arrow_of(values).combine_chunks().dictionary_encode()
        order = np.asarray(pc.sort_indices(encoded.dictionary), dtype=np.int64)
        rank = np.empty(len(order) + 1, dtype=np.int64)
        rank[order] = np.arange(len(order))
        rank[-1] = -1
        indices = encoded.indices
        idx = np.asarray(indices.fill_null(len(order)) if indices.null_count else indices, dtype=np.int64)
        uniques = encoded.dictionary.take(order).to_numpy(zero_copy_only=False).astype(object)
        return rank[idx], uniques
    values = np.asarray(values, dtype=object)
    if not len(values):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object)
    codes, uniques = pd.factorize(values, sort=True)
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def sorted_factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values, sort=True)`` for an object array of text without missing values, sorted in
    C++ by Arrow (by the UTF-8 bytes, which is the order of the code points, Python's order) rather than
    by comparing Python strings: the codes (int64) and the distinct values in sorted order (the objects of
    ``values``). Anything else (a missing value, a value that is not text) is left to ``pd.factorize``.

    Examples
    --------
    >>> codes, uniques = sorted_factorize(np.array(["b", "a", "b", "c"], dtype=object))
    >>> codes.tolist(), uniques.tolist()
    ([1, 0, 1, 2], ['a', 'b', 'c'])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    values = np.asarray(values, dtype=object)
    try:
        arr = pa.array(values, type=pa.large_string())
    except (pa.ArrowException, TypeError, UnicodeError):
        arr = None
    if arr is None or arr.null_count or len(arr) < 2:
        codes, uniques = pd.factorize(values, sort=True)
        return codes.astype(np.int64), np.asarray(uniques, dtype=object)
    order = np.asarray(pc.sort_indices(arr), dtype=np.int64)
    ordered = arr.take(pa.array(order))
    new = np.ones(len(order), dtype=bool)
    new[1:] = np.asarray(pc.not_equal(ordered.slice(1), ordered.slice(0, len(order) - 1)), dtype=bool)
    codes = np.empty(len(order), dtype=np.int64)
    codes[order] = np.cumsum(new) - 1
    return codes, values[order[new]]


def combined_key(codes: Sequence[np.ndarray]) -> np.ndarray:
    """One non-negative int64 per row from several columns of codes (each ≥ -1), equal where every
    column is equal and ordered as the columns are, left to right (a mixed-radix number; when the
    product of the ranges would not fit in 63 bits the partial key is renumbered by ``np.unique``).

    Examples
    --------
    >>> combined_key([np.array([1, 0, 1]), np.array([5, 7, 5])]).tolist()  # rows 0 and 2 are equal
    [24, 17, 24]
    """
    key: np.ndarray | None = None
    span = 1
    for c in codes:
        c = np.asarray(c, dtype=np.int64) + 1  # -1 (missing) → 0
        width = int(c.max(initial=0)) + 1
        if key is None:
            key, span = c, width
            continue
        if span * width >= 2 ** 62:
            uniq, key = np.unique(key, return_inverse=True)
            span = len(uniq)
            key = key.astype(np.int64)
        key = key * width + c
        span *= width
    return np.zeros(0, dtype=np.int64) if key is None else key


def series_positions(chk: Checked, ok: np.ndarray, group: list[str]) -> np.ndarray:
    """The row positions of ``ok`` sorted by series (the codes of the ``group`` columns) and month (the
    period column), each (series, month) once (its first row): what ``drop_duplicates`` then a stable
    sort give, taken from the table's :meth:`Checked.series_order` (no sort, no copy of a frame)."""
    order = chk.series_order(group)
    pos = order[ok[order]]
    key = chk.series_key(group)[pos]
    first = np.ones(len(pos), dtype=bool)
    if len(pos) > 1:
        first[1:] = key[1:] != key[:-1]
    return pos[first]
