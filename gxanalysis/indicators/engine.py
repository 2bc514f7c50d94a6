r"""The panel's engines: pandas, DuckDB (embedded) and Dask, behind one definition written with Narwhals.

A panel — ``enterprise_monthly``, one row per enterprise and month with year-to-date levels — can be held as

* a pandas DataFrame (a city's tables, tests, the explorer),
* a DuckDB relation (embedded, the default for large panels: ``load_dataset(STORE, panel="auto")``, as
  ``gx summary`` loads, reads a store's panel of :data:`~gxanalysis.data.store.LARGE_PANEL_ROWS` rows or more
  as a relation over its Parquet files, only the months the figures need), or
* a Dask DataFrame (partitions on the processes of a machine, or on a cluster's workers).

The indicator functions (:mod:`~gxanalysis.indicators.growth`, :mod:`~gxanalysis.indicators.contribution`,
:mod:`~gxanalysis.indicators.chains`, :mod:`~gxanalysis.indicators.energy`, …) select the month's rows, join
and sum through the few functions of this module, whose bodies are Narwhals expressions: every engine runs
the same text, and the small results come back as pandas frames on which the rates and statuses are
computed by the same code whatever the engine.

Exact sums
----------
Engines add floating-point numbers in different orders (pandas group by group, DuckDB in parallel chunks
whose order changes from run to run, Dask partition by partition), and a float sum depends on the order in
its last digits. Levels are therefore summed **exactly**: each level is rounded to an integer number of
10⁻¹² of its unit, held as two 64-bit integers (its multiples of 2³² and the remainder), the integers are
added — in any order the sums are the same — and the total is divided by 10¹² once, correctly rounded:

.. math:: \sum_i x_i := \operatorname{fl}\Big(10^{-12} \sum_i \big\lfloor 10^{12} x_i + \tfrac12 \big\rfloor\Big)

The integers are the same on every engine, so the same figures come out of pandas, DuckDB and Dask to the
last digit, whatever the order of the rows and the partitioning. For levels below 4096 in magnitude written
with up to twelve decimals, :math:`10^{12} x_i` rounds to the decimal's own integer and the sum is the float
nearest to the exact decimal sum — 0.1 + 0.2 is 0.3; larger levels (a float holds about 16 significant
digits) are rounded to the nearest :math:`10^{-12}` of the float they are stored as, and the sum is within a
few units of :math:`10^{-12}` per row of the exact sum of those floats — no worse than a float sum, and still
independent of the order. A sum of absolute levels beyond
:data:`MAX_ABS_SUM` units (3 × 10¹⁶ 万元) would not fit and is refused.

Examples
--------
>>> f = pd.DataFrame({"g": ["a", "b", "a"], "v": [0.1, 0.7, 0.2]})
>>> group_sums(f, by="g", columns=["v"])[["g", "v", "n"]].values.tolist()
[['a', 0.3, 2], ['b', 0.7, 1]]
>>> f["v"].iloc[0] + f["v"].iloc[2]
np.float64(0.30000000000000004)
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from gxanalysis.data.store import connection, months_as_text, relation_of
from gxanalysis.errors import ParameterError
from gxanalysis.periods import Month

__all__ = ["SCALE", "MAX_ABS_SUM", "ENGINES", "kind", "is_lazy", "lazy", "connection", "like", "collect",
           "columns", "rows_at", "rows_in", "group_sums", "to_engine"]

SCALE = 10 ** 12
"""Levels are summed as integer multiples of 1/SCALE of their unit (see the module docstring)."""
_LIMB_BITS = 32
_LIMB = float(2 ** _LIMB_BITS)

MAX_ABS_SUM = 3.0e16
"""The largest sum of absolute levels (in the levels' unit) the exact sum holds (2**63 · 2**32 / 10**12, with room)."""

ENGINES = ("pandas", "duckdb", "dask")
"""The engines a panel can be held in."""


def _nw():
    import narwhals as nw

    return nw


def kind(frame: Any) -> str:
    """The engine holding ``frame``: ``"pandas"``, ``"duckdb"`` or ``"dask"``.

    Examples
    --------
    >>> kind(pd.DataFrame({"a": [1]}))
    'pandas'
    """
    if isinstance(frame, pd.DataFrame):
        return "pandas"
    module = type(frame).__module__.split(".")[0]
    if module == "duckdb":
        return "duckdb"
    if module == "dask" or module.startswith("dask_"):
        return "dask"
    if module == "narwhals":
        return kind(frame.to_native())
    raise ParameterError(f"a panel must be a pandas DataFrame, a DuckDB relation or a Dask DataFrame; got "
                         f"{type(frame).__name__}")


def is_lazy(frame: Any) -> bool:
    """True for a DuckDB relation or a Dask DataFrame (computed when collected), False for pandas."""
    return not isinstance(frame, pd.DataFrame) and kind(frame) != "pandas"


def lazy(frame: Any):
    """``frame`` as a Narwhals LazyFrame (pandas frames are wrapped, not copied)."""
    nw = _nw()
    if isinstance(frame, nw.LazyFrame):
        return frame
    if isinstance(frame, nw.DataFrame):
        return frame.lazy()
    with warnings.catch_warnings():  # Narwhals announces that its Dask support moves to a plug-in
        warnings.simplefilter("ignore", FutureWarning)
        wrapped = nw.from_native(frame)
    return wrapped.lazy() if isinstance(wrapped, nw.DataFrame) else wrapped


def to_engine(frame: pd.DataFrame, engine: str, *, npartitions: int = 2) -> Any:
    """A pandas frame in ``engine`` (``"pandas"``, ``"duckdb"`` or ``"dask"``), for joins and tests; months
    become ``YYYY-MM`` text, as a store holds them (:func:`gxanalysis.data.store.months_as_text`).

    Examples
    --------
    >>> kind(to_engine(pd.DataFrame({"a": [1.0]}), "duckdb"))
    'duckdb'
    """
    if engine == "pandas":
        return frame
    if engine == "duckdb":
        return relation_of(frame)
    if engine == "dask":
        import dask.dataframe as dd

        frame = months_as_text(frame)
        return dd.from_pandas(frame.reset_index(drop=True), npartitions=max(1, min(npartitions, len(frame) or 1)))
    raise ParameterError(f"engine={engine!r} is not allowed; use one of {', '.join(ENGINES)}")


def like(frame: pd.DataFrame, other: Any) -> Any:
    """A small pandas frame (enterprise attributes, memberships) in the engine holding ``other``."""
    return to_engine(frame, kind(other))


def _normalise(out: pd.DataFrame) -> pd.DataFrame:
    """Collected columns as the pandas code expects them: numpy numbers with NaN, text with None."""
    for c in out.columns:
        s = out[c]
        if isinstance(s.dtype, pd.ArrowDtype) or pd.api.types.is_extension_array_dtype(s.dtype):
            if pd.api.types.is_bool_dtype(s.dtype) and not s.isna().any():
                out[c] = s.to_numpy(dtype=bool)
            elif pd.api.types.is_integer_dtype(s.dtype) and not s.isna().any():
                out[c] = s.to_numpy(dtype=np.int64)
            elif pd.api.types.is_numeric_dtype(s.dtype):
                out[c] = s.to_numpy(dtype=float, na_value=np.nan)
    return out


def collect(frame: Any) -> pd.DataFrame:
    """Compute a lazy frame (or a Narwhals frame) into pandas; a pandas frame is returned as it is."""
    nw = _nw()
    if isinstance(frame, pd.DataFrame):
        return frame
    if isinstance(frame, nw.LazyFrame | nw.DataFrame):
        got = frame.collect() if isinstance(frame, nw.LazyFrame) else frame
        return _normalise(got.to_pandas())
    return collect(lazy(frame))


def columns(frame: Any) -> list[str]:
    """Column names of a frame of any engine."""
    if isinstance(frame, pd.DataFrame):
        return list(frame.columns)
    return list(lazy(frame).collect_schema().names())


def require(frame: Any, names: Iterable[str | None], what: str) -> None:
    """Raise :class:`ParameterError` naming the columns of ``names`` that ``frame`` lacks (any engine)."""
    have = columns(frame)
    missing = [c for c in names if c is not None and c not in have]
    if missing:
        raise ParameterError(f"{what} has no column(s) {missing}; columns present: {have}. "
                             "Pass the names of your columns as keyword arguments")


def rows_in(frame: Any, months: Sequence[Month], period: str = "period") -> Any:
    """The rows of a lazy panel whose ``period`` (``YYYY-MM`` text) is one of ``months`` (still lazy)."""
    nw = _nw()
    texts = [str(Month.parse(m)) for m in months]
    lf = lazy(frame)
    cond = nw.col(period) == texts[0] if len(texts) == 1 else nw.col(period).is_in(texts)
    return lf.filter(cond).to_native()


def rows_at(frame: Any, month: Month, period: str = "period") -> Any:
    """The rows of ``month`` of a lazy panel, still lazy (:func:`collect` computes them)."""
    return rows_in(frame, [month], period)


def _limb_parts(x: Any, floor: Any) -> tuple[Any, Any]:
    """``r = ⌊10^12 x + ½⌋`` as ``(hi, lo)`` with ``r = hi · 2^32 + lo`` — the one text of the integer limbs.

    ``x`` is a Narwhals expression (``floor`` = its ``.floor()``) on a lazy engine, or a numpy array of
    float64 (``floor`` = :func:`numpy.floor`) on pandas. Each step is one IEEE operation (a correctly rounded
    product and sum, floor, division by a power of two, the subtraction of two integral doubles whose
    difference is below 2^32), so every engine gets the same integers.
    """
    r = floor(x * float(SCALE) + 0.5)
    hi = floor(r / _LIMB)
    return hi, r - hi * _LIMB


def _limbs(name: str):
    """A level column as two Narwhals integer expressions ``hi``, ``lo`` (:func:`_limb_parts`)."""
    nw = _nw()
    hi, lo = _limb_parts(nw.col(name).cast(nw.Float64).fill_null(0.0), lambda e: e.floor())
    return hi.cast(nw.Int64), lo.cast(nw.Int64)


def _limbs_numpy(values: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A pandas level column as numpy ``hi``, ``lo`` (:func:`_limb_parts`), missing flags and absolute values.

    The same arithmetic as :func:`_limbs`, on the column's float64 values (a missing value is 0 and is
    flagged), without building a Narwhals expression per column; non-finite values give limbs that the
    absolute sum then refuses (:data:`MAX_ABS_SUM`).
    """
    x = pd.Series(values).to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
    null = np.isnan(x)
    x[null] = 0.0
    with np.errstate(invalid="ignore", over="ignore"):
        hi, lo = _limb_parts(x, np.floor)
        return hi.astype(np.int64), lo.astype(np.int64), null.astype(np.int64), np.abs(x)


def _exact_total(hi: Any, lo: Any) -> float:
    """The float nearest to (Σhi · 2^32 + Σlo) / 10^12 (Python integers: no rounding before the last step)."""
    h = int(hi) if hi is not None and hi == hi else 0
    low = int(lo) if lo is not None and lo == lo else 0
    return ((h << _LIMB_BITS) + low) / SCALE  # int / int: correctly rounded


def _with_distinct(out: pd.DataFrame, lf: Any, keys: list[str], distinct: str) -> pd.DataFrame:
    """``out`` with ``__nd``: the distinct values of ``distinct`` per group (a missing value counts as one).

    The pairs (keys, value) are made unique over the whole frame first and then counted per group, so that
    an engine holding the rows in partitions counts a value found in two of them once (a distinct count
    per partition, summed, would count it twice).
    """
    nw = _nw()
    pairs = lf.select(*keys, distinct).unique()
    counted = collect(pairs.group_by(*keys, drop_null_keys=False).agg(nw.len().alias("__nd")) if keys
                      else pairs.select(nw.len().alias("__nd")))
    if not keys:
        return out.assign(__nd=int(counted["__nd"].iloc[0]) if len(counted) else 0)
    return out.merge(counted, on=keys, how="left")  # pandas matches missing keys with each other


def _pandas_sums(frame: pd.DataFrame, keys: list[str], cols: list[str], count_exprs: list[Any],
                 distinct: str | None) -> pd.DataFrame:
    """:func:`group_sums`' per-group integer sums on a pandas frame: the columns the lazy engines' query gives.

    The limbs are the same arithmetic (:func:`_limbs_numpy`), the ``counts`` the same Narwhals expressions;
    the integers are added by numpy (no keys) or one pandas group-by (missing keys kept as a group). Integer
    sums are exact, so they are the integers of every engine, whatever the order of the rows.
    """
    work: dict[str, Any] = {}
    for i, c in enumerate(cols):
        work[f"__hi{i}"], work[f"__lo{i}"], work[f"__nl{i}"], work[f"__ab{i}"] = _limbs_numpy(frame[c])
    if count_exprs:
        got = collect(lazy(frame).select(*count_exprs))
        work.update({f"__ct{j}": got[f"__ct{j}"].to_numpy(dtype=np.int64) for j in range(len(count_exprs))})
    if not keys:
        out = pd.DataFrame({name: [v.sum()] for name, v in work.items()})
        out["__n"] = len(frame)
        if distinct is not None:  # pairs made unique, then counted: a missing value counts as one
            out["__nd"] = len(pd.unique(pd.factorize(frame[distinct])[0]))
        return out
    table = pd.DataFrame({**{k: frame[k].array for k in dict.fromkeys(keys)}, **work}, index=pd.RangeIndex(len(frame)))
    grouped = table.groupby(keys, dropna=False, sort=False)  # missing keys: one group
    sizes = grouped.size()
    out = grouped[list(work)].sum().reset_index() if work else sizes.reset_index()[keys]
    out["__n"] = sizes.to_numpy()
    if distinct is not None:  # distinct (group, value) pairs counted per group; a missing value is one value
        group = grouped.ngroup().to_numpy(dtype=np.int64)  # numbered in the order of the groups of ``out``
        value = pd.factorize(frame[distinct])[0].astype(np.int64) + 1
        width = int(value.max(initial=0)) + 1
        out["__nd"] = np.bincount(np.unique(group * width + value) // width, minlength=len(out))
    return out


def group_sums(frame: Any, *, by: str | Sequence[str] | None = None, columns: Sequence[str] = (),
               counts: Mapping[str, Any] | None = None, distinct: str | None = None) -> pd.DataFrame:
    """Exact sums of level columns per group, with the number of rows and of missing values.

    .. math:: S_g(x) = \\operatorname{fl}\\Big(10^{-12}\\sum_{i \\in g} \\lfloor 10^{12} x_i + \\tfrac12 \\rfloor\\Big)

    The one aggregation of the package's panel figures (module docstring). Runs on the engine holding
    ``frame``; the result (one row per group) is a pandas frame.

    Parameters
    ----------
    frame : DataFrame, DuckDB relation or Dask DataFrame
    by : str or list of str, optional
        Group keys; None → one row for the whole frame.
    columns : list of str
        Level columns to sum (missing values count as 0 in the sum and are counted in ``__null_<column>``).
    counts : mapping, optional
        Name → Narwhals boolean expression: rows of the group where it holds are counted in column *name*.
    distinct : str, optional
        A column whose distinct values are counted per group (``n_distinct``).

    Returns
    -------
    DataFrame
        The keys as columns (groups sorted by key, missing keys last), each column's sum (float),
        ``__null_<column>``, ``n`` (rows) and the ``counts``.

    Raises
    ------
    ParameterError
        When a sum of absolute levels exceeds :data:`MAX_ABS_SUM` (give the levels in a larger unit).
    """
    nw = _nw()
    keys = [by] if isinstance(by, str) else list(by or [])
    cols = list(columns)
    counts = dict(counts or {})
    count_exprs = [expr.fill_null(False).cast(nw.Int64).alias(f"__ct{j}") for j, expr in enumerate(counts.values())]
    if isinstance(frame, pd.DataFrame):
        out = _pandas_sums(frame, keys, cols, count_exprs, distinct)
    else:
        lf = lazy(frame)
        derived = []
        for i, c in enumerate(cols):
            hi, lo = _limbs(c)
            derived += [hi.alias(f"__hi{i}"), lo.alias(f"__lo{i}"),
                        nw.col(c).is_null().cast(nw.Int64).alias(f"__nl{i}"),
                        nw.col(c).cast(nw.Float64).abs().fill_null(0.0).alias(f"__ab{i}")]
        if derived or count_exprs:
            lf = lf.with_columns(*derived, *count_exprs)
        aggs = []
        for i in range(len(cols)):
            aggs += [nw.col(f"__hi{i}").sum(), nw.col(f"__lo{i}").sum(), nw.col(f"__nl{i}").sum(),
                     nw.col(f"__ab{i}").sum()]
        aggs += [nw.col(f"__ct{j}").sum() for j in range(len(counts))]
        aggs.append(nw.len().alias("__n"))
        out = collect(lf.group_by(*keys, drop_null_keys=False).agg(*aggs) if keys else lf.select(*aggs))
        if not keys and len(out) == 0:
            out = pd.DataFrame({a: [0] for a in out.columns})
        if distinct is not None:
            out = _with_distinct(out, lf, keys, distinct)
    result = pd.DataFrame({k: out[k].astype(object).where(out[k].notna(), None).to_numpy() for k in keys})
    for i, c in enumerate(cols):
        if (out[f"__ab{i}"].astype(float) > MAX_ABS_SUM).any():
            raise ParameterError(f"the levels of column {c!r} add up to more than {MAX_ABS_SUM:.0e} of their unit; "
                                 "give them in a larger unit (e.g. 亿元 instead of 万元)")
        result[c] = [_exact_total(h, lo) for h, lo in zip(out[f"__hi{i}"].tolist(), out[f"__lo{i}"].tolist(),
                                                          strict=True)]
        result[f"__null_{c}"] = out[f"__nl{i}"].fillna(0).astype(np.int64).to_numpy()
    result["n"] = out["__n"].fillna(0).astype(np.int64).to_numpy()
    if distinct is not None:
        result["n_distinct"] = out["__nd"].fillna(0).astype(np.int64).to_numpy()
    for j, name in enumerate(counts):
        result[name] = out[f"__ct{j}"].fillna(0).astype(np.int64).to_numpy()
    if keys:
        result = result.sort_values(keys, na_position="last", kind="mergesort").reset_index(drop=True)
    return result
