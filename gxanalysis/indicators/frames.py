"""Checks and conversions every indicator family uses on its input frames.

The indicator functions take plain pandas objects (the schema tables or frames shaped like them). This
module holds what they share: column checks with a message naming the missing columns, numeric
conversion naming the first bad value, month columns read with the package's one month parser
(:meth:`gxanalysis.periods.Month.parse`), fast membership tests and a by-month index of a large panel.

Examples
--------
>>> import pandas as pd
>>> f = pd.DataFrame({"period": ["2023-03", "2023-04", "2023-04"], "v": ["1", "2.5", "3"]})
>>> as_numeric(f["v"], "column 'v'").tolist()
[1.0, 2.5, 3.0]
>>> month_mask(f["period"], Month(2023, 4), "column 'period'").tolist()
[False, True, True]
>>> MonthIndex(f).at(Month(2023, 4))["v"].tolist()
['2.5', '3']
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from gxanalysis.errors import ParameterError
from gxanalysis.periods import Month

__all__ = ["is_missing", "as_number", "require_columns", "as_numeric", "parse_months", "month_ordinals", "month_mask",
           "month_rows", "as_list", "member", "text_take", "text_array", "MonthIndex"]


def is_missing(x: Any) -> bool:
    """True for None, NA, NaT and NaN (any scalar a table can hold for "no value").

    Examples
    --------
    >>> is_missing(None), is_missing(float("nan")), is_missing(0.0), is_missing("")
    (True, True, False, False)
    """
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return bool(math.isnan(float(x)))
    except (TypeError, ValueError):
        return False


def as_number(x: Any, name: str) -> float | None:
    """A float, or None when missing; :class:`ParameterError` naming ``name`` when not a number.

    Examples
    --------
    >>> as_number("2.5", "target"), as_number(None, "target")
    (2.5, None)
    """
    if is_missing(x):
        return None
    try:
        return float(x)
    except (TypeError, ValueError):
        raise ParameterError(f"{name}={x!r} is not a number; pass a number (or None when missing)") from None


def require_columns(frame: pd.DataFrame, columns: Iterable[str | None], what: str) -> None:
    """Raise :class:`ParameterError` unless ``frame`` is a DataFrame holding every named column."""
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(f"{what} must be a DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c is not None and c not in frame.columns]
    if missing:
        raise ParameterError(f"{what} has no column(s) {missing}; columns present: {list(frame.columns)}. "
                             "Pass the names of your columns as keyword arguments")


def as_numeric(series: pd.Series, what: str) -> pd.Series:
    """A Series as float, raising :class:`ParameterError` naming the first value that is not a number."""
    if pd.api.types.is_float_dtype(series.dtype):
        return series
    try:
        return pd.to_numeric(series, errors="raise").astype(float)
    except (ValueError, TypeError):
        coerced = pd.to_numeric(series, errors="coerce")
        bad = series[coerced.isna() & series.notna()]
        raise ParameterError(f"{what}: value {bad.iloc[0]!r} at {bad.index[0]!r} is not a number; "
                             "fix or blank it") from None


def parse_months(values: pd.Series, what: str) -> pd.Series:
    """A column of months (``YYYY-MM`` text, Month, pandas Period or Timestamp) as Month objects.

    Each distinct value is parsed once (``pd.factorize``), so a panel of millions of rows costs the
    number of distinct months, not the number of rows.
    """
    values = pd.Series(values) if not isinstance(values, pd.Series) else values
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if (codes < 0).any():
        raise ParameterError(f"{what} has a missing period; every row needs a month (YYYY-MM)")
    parsed = np.empty(len(uniques), dtype=object)
    for i, v in enumerate(uniques):
        parsed[i] = Month.parse(v)
    return pd.Series(parsed[codes], index=values.index, dtype=object)


def month_ordinals(values: pd.Series, what: str) -> np.ndarray:
    """``year × 12 + month − 1`` of each row of a month column (vectorised; one parse per distinct value).

    Examples
    --------
    >>> month_ordinals(pd.Series(["2023-02", "2023-03", "2023-02"]), "period").tolist()
    [24277, 24278, 24277]
    """
    codes, uniques = pd.factorize(pd.Series(values), use_na_sentinel=True)
    if (codes < 0).any():
        raise ParameterError(f"{what} has a missing period; every row needs a month (YYYY-MM)")
    ords = np.array([(m.year * 12 + m.month - 1) for m in map(Month.parse, uniques)], dtype=np.int64)
    return ords[codes] if len(ords) else np.zeros(len(codes), dtype=np.int64)


def month_mask(values: pd.Series, month: Month, what: str) -> np.ndarray:
    """Boolean mask of the rows of ``values`` (a column of months) that fall in ``month``, vectorised."""
    codes, uniques = pd.factorize(pd.Series(values), use_na_sentinel=True)
    if (codes < 0).any():
        raise ParameterError(f"{what} has a missing period; every row needs a month (YYYY-MM)")
    hits = [i for i, v in enumerate(uniques) if Month.parse(v) == month]
    return np.isin(codes, hits)


def month_rows(frame: Any, month: Month, what: str, period: str = "period") -> pd.DataFrame:
    """The rows of ``month`` of a monthly table as a pandas frame, whatever engine holds the table.

    A pandas table is masked (:func:`month_mask`); a DuckDB relation or a Dask DataFrame is filtered in its
    engine and only the month's rows are computed.
    """
    from gxanalysis.indicators import engine

    if engine.is_lazy(frame):
        engine.require(frame, [period], what)
        return engine.collect(engine.rows_at(frame, month, period))
    require_columns(frame, [period], what)
    return frame[month_mask(frame[period], month, f"{what} column {period!r}")]


def as_list(x: str | Sequence[str] | None) -> list[str]:
    """``None`` → ``[]``, a string → ``[string]``, a sequence → a list."""
    if x is None:
        return []
    return [x] if isinstance(x, str) else list(x)


def _arrow_text(x: Any, *, whole: bool = True) -> Any:
    """The pyarrow array behind a pandas Series or Index of Arrow-backed text, else None; with
    ``whole=False`` the chunked array as it is (a column read in blocks, or collected from DuckDB in
    vectors of 2,048 rows, is not first copied into one chunk: Arrow's lookups take it chunk by chunk)."""
    dtype = getattr(x, "dtype", None)
    arrow = (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow") or (
        isinstance(dtype, pd.ArrowDtype) and str(dtype.pyarrow_dtype) in ("string", "large_string"))
    if not arrow:
        return None
    got = x.array.__arrow_array__()
    return got.combine_chunks() if whole and hasattr(got, "combine_chunks") else got


def positions(index: pd.Index | pd.Series | Sequence, targets: pd.Index | pd.Series | Sequence) -> np.ndarray:
    """The position in ``index`` (distinct values) of each of ``targets``, −1 where absent.

    ``pd.Index(index).get_indexer(targets)``; for Arrow-backed text (credit codes) the hashing is done in
    Arrow, without converting either side to Python strings.

    Examples
    --------
    >>> positions(pd.Index(["a", "b", "c"]), ["c", "x", "a"]).tolist()
    [2, -1, 0]
    """
    a, b = _arrow_text(index), _arrow_text(targets, whole=False)
    if a is not None and b is not None:
        import pyarrow.compute as pc

        got = pc.index_in(b, value_set=a.cast(b.type))
        return got.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.intp)
    return pd.Index(index).get_indexer(targets)


def values_at(series: pd.Series, targets: pd.Index | pd.Series | Sequence) -> np.ndarray:
    """The values of ``series`` (distinct index) at the labels ``targets``, NaN where absent.

    ``series.reindex(targets).to_numpy()``; for a numpy float Series through :func:`positions` (the
    caller has made the index distinct, e.g. with ``~index.duplicated()``).

    Examples
    --------
    >>> values_at(pd.Series([1.5, 2.5], index=["a", "b"]), ["b", "x"]).tolist()
    [2.5, nan]
    """
    v = series.to_numpy()
    if v.dtype.kind != "f":
        return series.reindex(targets).to_numpy()
    return np.concatenate([v, np.array([np.nan], dtype=v.dtype)])[positions(series.index, targets)]


def column_array(values: pd.Series | pd.Index) -> Any:
    """A column's values for a new frame: Arrow-backed text as it is, anything else as a numpy array.

    ``values.to_numpy()`` would turn Arrow text (credit codes) into Python strings that the new frame then
    converts back to Arrow text; the values and the new column's dtype are the same either way.

    Examples
    --------
    >>> pd.DataFrame({"c": column_array(pd.Series(["a", None], dtype="str"))})["c"].dtype
    <StringDtype(na_value=nan)>
    """
    return values.array if isinstance(values.dtype, pd.StringDtype) else values.to_numpy()


def text_take(labels: Sequence[str], codes: np.ndarray) -> Any:
    """The labels at ``codes`` (``np.asarray(labels)[codes]``) as a text column for a frame.

    The values and the column's dtype are those of assigning the numpy array of labels; the text is taken
    in Arrow, where pandas would convert a numpy array of text value by value (slow for a province's
    enterprises).

    Examples
    --------
    >>> pd.Series(text_take(["ok", "missing"], np.array([1, 0, 0]))).tolist()
    ['missing', 'ok', 'ok']
    """
    import pyarrow as pa

    codes = np.asarray(codes, dtype=np.int64)
    if not len(codes):  # no rows: the numpy array, whose empty column pandas types as before
        return np.asarray(labels)[codes]
    return pd.array(pa.array(list(labels), type=pa.large_string()).take(pa.array(codes)), dtype="str")


def text_array(values: np.ndarray | pd.Series) -> Any:
    """Text values (Python strings, None or NaN for missing) as a text column for a frame, converted in Arrow.

    The values and dtype of assigning them as a numpy object array; see :func:`text_take`.

    Examples
    --------
    >>> pd.Series(text_array(np.array(["a", None], dtype=object))).isna().tolist()
    [False, True]
    """
    import pyarrow as pa

    values = np.asarray(values, dtype=object)
    if not len(values):
        return values
    return pd.array(pa.array(values, type=pa.large_string(), from_pandas=True), dtype="str")


def member(values: pd.Series | Sequence, candidates: pd.Series | Sequence | set) -> np.ndarray:
    """``values.isin(candidates)`` through a hash index: fast for millions of string codes.

    Examples
    --------
    >>> member(pd.Series(["a", "b", "c"]), ["c", "a"]).tolist()
    [True, False, True]
    """
    cand = pd.Series(list(candidates) if isinstance(candidates, set) else candidates)
    a, b = _arrow_text(cand), _arrow_text(values, whole=False)
    if a is not None and b is not None:
        import pyarrow.compute as pc

        return pc.is_in(b, value_set=a.drop_null().cast(b.type)).to_numpy(zero_copy_only=False).astype(bool)
    return pd.Index(pd.unique(cand.dropna())).get_indexer(pd.Series(values)) >= 0


class MonthIndex:
    """The rows of a monthly table by month, indexed once (a province panel has millions of rows).

    Parameters
    ----------
    frame : DataFrame, DuckDB relation or Dask DataFrame
        A table with a month column (``YYYY-MM`` text, pandas Period or Month values; ``YYYY-MM`` text in a
        DuckDB relation or a Dask DataFrame, whose rows stay in their engine until a month is asked for).
    column : str
        The month column (default ``"period"``).
    """

    def __init__(self, frame: Any, column: str = "period") -> None:
        from gxanalysis.indicators import engine

        self.frame = frame
        self.column = column
        self.lazy = engine.is_lazy(frame)
        if self.lazy:
            self._lazy_months: list[Month] | None = None
            return
        codes, uniques = pd.factorize(frame[column], use_na_sentinel=True)
        self._months = {Month.parse(u): i for i, u in enumerate(uniques)}
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
        self._rows = {i: order[bounds[i]:bounds[i + 1]] for i in range(len(uniques))}
        self._codes: dict[str, np.ndarray] = {}

    def codes_at(self, month: Month, column: str) -> np.ndarray:
        """The values of ``column`` in the rows of ``month`` (pandas), numbered over the whole table.

        Equal values (a missing value included) have equal numbers in every month; the column is numbered
        once (``pd.factorize``), so matching one month's credit codes with another's compares integers.
        """
        if self.lazy:
            raise ParameterError("codes_at numbers the values of a pandas table; this MonthIndex holds a lazy frame")
        if column not in self._codes:
            self._codes[column] = pd.factorize(self.frame[column], use_na_sentinel=False)[0]
        codes = self._codes[column]
        i = self._months.get(month)
        return codes[self._rows[i]] if i is not None else codes[:0]

    @property
    def months(self) -> list[Month]:
        """The months present, oldest first."""
        if self.lazy:
            if self._lazy_months is None:
                from gxanalysis.indicators import engine

                got = engine.collect(engine.lazy(self.frame).select(self.column).unique())
                self._lazy_months = sorted(Month.parse(v) for v in got[self.column])
            return list(self._lazy_months)
        return sorted(self._months)

    def has(self, month: Month) -> bool:
        return month in (self.months if self.lazy else self._months)

    def at(self, month: Month, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The rows of ``month`` as a pandas frame (an empty frame with the same columns when there are none);
        with ``columns``, only those columns (on pandas only the columns asked for are copied)."""
        if self.lazy:
            from gxanalysis.indicators import engine

            got = engine.collect(engine.rows_at(self.frame, month, self.column))
            return got if columns is None else got[list(columns)]
        i = self._months.get(month)
        rows = self._rows[i] if i is not None else slice(0, 0)
        if columns is None:
            return self.frame.iloc[rows]
        require_columns(self.frame, columns, "the monthly table")
        return self.frame.iloc[rows, self.frame.columns.get_indexer(list(columns))]
