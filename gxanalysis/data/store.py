"""The validated columnar store: a data folder validated once and kept as Parquet.

``gx ingest DIR --to STORE`` (:func:`gxanalysis.data.ingest.ingest`) validates the folder with
:func:`gxanalysis.data.dataset.load_dataset` (nothing is written when any error is found) and writes every
table as Parquet (pyarrow), the period tables partitioned by month in Hive layout
(``STORE/enterprise_monthly/period=2023-04/<ingest>.parquet``), with a manifest
(``STORE/gxstore.json``, UTF-8) recording the contract's tables and dtypes, each input file's SHA-256,
size and modification time, the row counts, the months stored, the warnings and the confirmed doubts of
validation, and the ingests so far. :func:`gxanalysis.data.dataset.load_dataset` recognises a store by its
manifest and returns the same :class:`~gxanalysis.data.dataset.Dataset` as from the folder (same columns,
order, dtypes and values, same warnings) without validating again (:func:`load_store`), so every command
and notebook reads a store as well as a folder.

Never stale
-----------
The store records its source folder. When that folder still exists and one of its table files changed
(its SHA-256 differs; a file with the recorded size and modification time is taken as unchanged without
hashing), was added or was removed, loading the store is refused (:class:`StaleStoreError`, in the
analyst's language) naming the files and the fix, ``gx ingest SRC --to STORE``.

Written under another data contract
-----------------------------------
The manifest records each table's columns and dtypes. A store written before the contract gained a table
or a column (or changed a dtype) cannot be read as today's :class:`~gxanalysis.data.dataset.Dataset`:
:func:`read_store` refuses it (:class:`StoreError`, in the analyst's language) naming what differs and the
fix, ``gx ingest SRC --to STORE``, which then writes the whole store again (never an append onto the old
one).

Only some months
----------------
``read_store(store, months={"enterprise_monthly": [...], ...})`` reads only the Parquet files of those
months of the tables named (the others whole); the result says which months it holds
(:attr:`StoredTables.held`) and which months the store has (:attr:`StoredTables.present`), so that a
partial dataset is never taken for the whole one (``gx summary`` reads only the months its figures need:
:func:`gxanalysis.summary.months_needed`).

Atomic
------
Every Parquet file has a fresh name and is never rewritten; an ingest writes its new files, then replaces
the manifest in one ``os.replace`` (atomic on Windows too), then deletes the files no manifest lists. A
failed or interrupted ingest leaves the previous store as it was (its manifest still lists only its own
files). Ingests of one store are serialised by a file lock (``filelock``, as ``gx report`` publishes).

Appending a month
-----------------
When the source folder's CSV files only grew by rows at their end (the bytes already stored are
unchanged: the SHA-256 of their first *n* bytes is the stored hash) and the new rows of the period tables
are all of the month after the stored one, :func:`~gxanalysis.data.ingest.ingest` appends. It validates
the directory tables whole and, of the period tables, the stored rows of the year so far, of the two
months before and of the
same month and the one before a year earlier (year to date, single months, gaps and exits, month-on-month
and year-on-year plausibility) — within a year every month between these, so after December (a January, or
the February of the combined 1–2月 release) the whole year before — together with the new rows, with the
same checks and messages as a full validation. The lines of those rows are read byte for byte from the
file (a CSV whose rows are one line each; any other file is read whole) and keep their line numbers. Only
the new month's partitions (and the directory tables that grew) and the new manifest are written. Anything
else is a full ingest (``--append`` refuses instead, naming the reason).

Examples
--------
>>> from gxanalysis.data.ingest import ingest  # doctest: +SKIP
>>> ingest("data/demo", "/tmp/demo_store").mode  # doctest: +SKIP
'full'
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gxanalysis.config import replace_path
from gxanalysis.data.messages import Msg
from gxanalysis.data.schema import TABLES
from gxanalysis.errors import GxError, ParameterError, Problem
from gxanalysis.periods import Month

__all__ = ["LARGE_PANEL_ROWS", "MANIFEST", "PANEL", "PANEL_ENGINES", "PERIOD_TABLES", "StaleStoreError", "StoreError",
           "StoredTables", "connection", "contract_differences", "file_sha256", "is_store", "months_as_text",
           "parts_of", "read_relation", "read_store", "relation_of", "source_tables", "store_files", "store_source",
           "stored_rows"]

MANIFEST = "gxstore.json"
"""The manifest's file name: a folder holding it is a store."""

FORMAT = "gxanalysis-store"
FORMAT_VERSION = 1
LOCK = ".ingest.lock"
ORDER = "_order"
"""Column of every Parquet file of a period table: the row's position in the source file (rows come back in
file order)."""

PERIOD_TABLES: tuple[str, ...] = tuple(t.name for t in TABLES if t.period_column == "period")
"""Tables partitioned by month (``period=YYYY-MM/``)."""

PANEL = "enterprise_monthly"
"""The enterprise panel: the table a store can give as a DuckDB relation (:func:`read_store`)."""

PANEL_ENGINES: tuple[str, ...] = ("pandas", "duckdb", "auto")
"""How the panel can be held when read (``read_store(…, panel=…)``, ``load_dataset(…, panel=…)``)."""

LARGE_PANEL_ROWS = 1_000_000
"""From this many rows of the panel read (a province's months, about 200,000 enterprises over five months),
``panel="auto"`` holds it in DuckDB: its figures then run there, lighter and faster than on a pandas frame
(``benchmarks/bench_store.py``); below it, pandas (no DuckDB import, less overhead per figure)."""


def period_table_months(months: Mapping[str, Iterable[Any]] | None) -> dict[str, tuple[Month, ...]]:
    """Period table name → the months chosen of it, parsed and sorted: the one reading of a ``months``
    argument (:func:`read_store`, :func:`gxanalysis.data.dataset.load_dataset`, ``restrict``).

    Raises
    ------
    ParameterError
        When a name is not a period table, or a month cannot be read (:meth:`Month.parse`).

    Examples
    --------
    >>> period_table_months({"enterprise_monthly": ["2023-4", "2023-03"]})
    {'enterprise_monthly': (Month(year=2023, month=3), Month(year=2023, month=4))}
    """
    out = {}
    for name, ms in (months or {}).items():
        if name not in PERIOD_TABLES:
            raise ParameterError(f"months can be chosen of the period tables ({', '.join(PERIOD_TABLES)}) only, "
                                 f"not of {name!r}")
        out[name] = tuple(sorted({Month.parse(m) for m in ms}))
    return out


class StoreError(GxError):
    """A store cannot be read or written (no manifest, a missing file, a refused append)."""


class StaleStoreError(StoreError):
    """The store's source folder changed since it was ingested: refresh it with ``gx ingest``."""


# ---------------------------------------------------------------------------------------------------------
# The manifest
# ---------------------------------------------------------------------------------------------------------
def is_store(path: Path | str | None) -> bool:
    """Whether ``path`` is a store (a folder holding :data:`MANIFEST`)."""
    return path is not None and (Path(path) / MANIFEST).is_file()


def read_manifest(store: Path) -> dict:
    path = store / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(Msg("store_unreadable", path=str(path), error=f"{type(exc).__name__}: {exc}")) from None
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise StoreError(Msg("store_unreadable", path=str(path),
                             error=f"format {manifest.get('format')!r} version {manifest.get('version')!r}"))
    return manifest


def write_manifest(store: Path, manifest: dict) -> None:
    """Replace the manifest in one rename (the commit point of an ingest)."""
    tmp = store / f".{MANIFEST}.{secrets.token_hex(4)}.tmp"
    try:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            json.dump(manifest, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        replace_path(tmp, store / MANIFEST)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def store_source(store: Path) -> tuple[str, str]:
    """(source folder, time of the last ingest) of a store."""
    manifest = read_manifest(Path(store))
    return manifest["source"]["dir"], manifest["ingested"]


def store_files(store: Path) -> list[Path]:
    """The files of a store as its manifest lists them (the manifest first): what a copy of it needs."""
    store = Path(store)
    manifest = read_manifest(store)
    return [store / MANIFEST] + [store / p["file"] for e in manifest["tables"].values() for p in e["parts"]]


def source_tables(store: Path) -> list[str]:
    """The tables of the folder a store was ingested from (those whose file its manifest records), sorted
    by name: what a pack made from the store names as its sources."""
    return sorted(read_manifest(Path(store))["source"]["files"])


def _json_value(v: Any) -> Any:
    if isinstance(v, Msg):
        return {"msg": v.key, "args": {k: _json_value(a) for k, a in v.args.items()}}
    if isinstance(v, list | tuple):
        return [_json_value(x) for x in v]
    if isinstance(v, np.generic):
        return v.item()
    if v is None or isinstance(v, bool | int | float | str):
        return v
    return str(v)


def _from_json(v: Any) -> Any:
    if isinstance(v, dict) and "msg" in v:
        return Msg(v["msg"], **{k: _from_json(a) for k, a in v["args"].items()})
    if isinstance(v, list):
        return [_from_json(x) for x in v]
    return v


def problem_json(p: Problem) -> dict:
    return {"file": p.file, "row": p.row, "column": p.column, "value": p.value, "message": _json_value(p.message),
            "fix": _json_value(p.fix), "severity": p.severity}


def problem_from_json(d: Mapping[str, Any]) -> Problem:
    return Problem(d["file"], d["row"], d["column"], d["value"], _from_json(d["message"]), _from_json(d["fix"]),
                   d["severity"])


# ---------------------------------------------------------------------------------------------------------
# Source files
# ---------------------------------------------------------------------------------------------------------
def source_files(source: Path) -> dict[str, Path]:
    """Table name → file of a data folder, and ``"confirmations"`` → the confirmations file."""
    from gxanalysis.data.readers import SUPPORTED_SUFFIXES
    from gxanalysis.data.validate import CONFIRMATIONS_FILE, find_table_files

    files, _ = find_table_files(source)
    out = dict(files)
    for s in SUPPORTED_SUFFIXES:
        p = source / f"{CONFIRMATIONS_FILE}{s}"
        if p.is_file():
            out["confirmations"] = p
            break
    return out


_RECORD_BLOCK = 1 << 24
"""Bytes read at once when :func:`file_record` counts a file's lines."""


def file_record(path: Path, sha256: str, rows: int | None = None, *,
                lines: tuple[int, bytes] | None = None) -> dict:
    """What the manifest keeps of an input file; for a CSV of a period table also whether each data row is
    one line (``simple``: row *i* is line *i* + 2), which lets a month be appended without reading the file.
    ``lines``: the file's number of line breaks and its last byte, when the caller knows them (an append:
    the stored lines' count and the new bytes'); else the file is read to count them."""
    st = path.stat()
    record = {"name": path.name, "sha256": sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    if rows is not None and path.suffix.lower() == ".csv":
        if lines is None:
            breaks, last = 0, b""
            with path.open("rb") as fh:  # block by block: a national panel's file is not held whole
                for block in iter(lambda: fh.read(_RECORD_BLOCK), b""):
                    breaks += block.count(b"\n")
                    last = block[-1:]
        else:
            breaks, last = lines
        record["simple"] = last == b"\n" and breaks == rows + 1
    return record


TABLE_SUFFIXES: tuple[str, ...] = (".csv", ".xlsx")
"""The suffixes of a table file (``readers.SUPPORTED_SUFFIXES``; a test checks they agree)."""

CONFIRMATIONS_STEM = "confirmations"
"""The confirmations file's stem (``validate.CONFIRMATIONS_FILE``; a test checks they agree)."""


def _candidate_files(source: Path) -> dict[str, list[Path]]:
    """Table name (and ``"confirmations"``) → the files of a folder named as that table's file, as
    :func:`gxanalysis.data.validate.find_table_files` names them (``<table>.csv`` or ``<table>.xlsx``, any
    case), found without importing the validation (reading a store must not load the readers)."""
    stems = {t.name: t.name for t in TABLES} | {CONFIRMATIONS_STEM: "confirmations"}
    found: dict[str, list[Path]] = {}
    for p in sorted(source.iterdir()):
        stem, dot, suffix = p.name.lower().rpartition(".")
        if dot and f".{suffix}" in TABLE_SUFFIXES and stem in stems:
            found.setdefault(stems[stem], []).append(p)
    return found


def changed_files(manifest: dict) -> tuple[Path, list[str], list[str], list[str]] | None:
    """(source, changed, added, removed) file names when the source folder exists and differs, else None."""
    source = Path(manifest["source"]["dir"])
    if not source.is_dir():
        return None
    recorded: dict[str, dict] = manifest["source"]["files"]
    current = _candidate_files(source)
    changed, added, removed = [], [], []
    for name, rec in recorded.items():
        paths = current.get(name, [])
        path = next((p for p in paths if p.name == rec["name"]), None)
        added += [p.name for p in paths if p is not path]
        if path is None:
            removed.append(rec["name"])
            continue
        try:
            st = path.stat()
            if st.st_size == rec["size"] and st.st_mtime_ns == rec["mtime_ns"]:
                continue
            if st.st_size == rec["size"] and file_sha256(path) == rec["sha256"]:
                continue
        except OSError:
            pass
        changed.append(path.name)
    added += [p.name for n, paths in current.items() if n not in recorded for p in paths]
    if changed or added or removed:
        return source, changed, added, removed
    return None


def stale_error(store: Path, manifest: dict, diff: tuple[Path, list[str], list[str], list[str]]) -> StaleStoreError:
    source, changed, added, removed = diff
    parts = []
    if changed:
        parts.append(Msg("store_files_changed", files=changed))
    if added:
        parts.append(Msg("store_files_added", files=added))
    if removed:
        parts.append(Msg("store_files_removed", files=removed))
    return StaleStoreError(Msg("store_stale", store=str(store), source=str(source), when=manifest["ingested"],
                               what=Msg.join(*parts), cmd=f"gx ingest {source} --to {store}"))


LOADER_DTYPES: dict[str, tuple[str, ...]] = {
    "str": ("str", "object", "string"), "credit_code": ("str", "object", "string"), "int": ("Int64",),
    "year": ("Int64",), "float": ("float64",), "bool": ("bool", "boolean"), "month": ("period[M]",),
    "date": ("datetime64[ns]",),
}
"""The pandas dtypes the loader gives a column of each contract dtype (the table in
:mod:`gxanalysis.data.dataset`; ``bool`` is ``boolean`` when a value is missing, text ``str`` or ``object``
by pandas version)."""


def contract_differences(manifest: dict) -> list[Msg]:
    """What differs between the tables a manifest records and the current data contract (empty when none):
    tables missing or unknown, columns missing, unknown or in another order, dtypes not the loader's."""
    tables: dict[str, dict] = manifest.get("tables", {})
    out: list[Msg] = []
    missing = [t.name for t in TABLES if t.name not in tables]
    if missing:
        out.append(Msg("store_contract_tables_missing", tables=missing))
    contract = {t.name for t in TABLES}
    extra = [n for n in tables if n not in contract]
    if extra:
        out.append(Msg("store_contract_tables_unknown", tables=extra))
    for t in TABLES:
        entry = tables.get(t.name)
        if entry is None:
            continue
        expected = [c.name for c in t.columns]
        if entry.get("columns") != expected:
            out.append(Msg("store_contract_columns", table=t.name, got=list(entry.get("columns") or ["-"]),
                           expected=expected))
            continue
        dtypes = entry.get("dtypes", {})
        for c in t.columns:
            if dtypes.get(c.name) not in LOADER_DTYPES[c.dtype]:
                out.append(Msg("store_contract_dtype", table=t.name, column=c.name, got=str(dtypes.get(c.name)),
                               expected=LOADER_DTYPES[c.dtype][0]))
    return out


def contract_error(store: Path, manifest: dict, differences: list[Msg]) -> StoreError:
    source = manifest.get("source", {}).get("dir", "SRC")
    return StoreError(Msg("store_old_contract", store=str(store), when=manifest.get("ingested", "?"),
                          version=manifest.get("gxanalysis", "?"), what=Msg.join(*differences),
                          cmd=f"gx ingest {source} --to {store}"))


# ---------------------------------------------------------------------------------------------------------
# Parquet
# ---------------------------------------------------------------------------------------------------------
def _arrow_table(frame: pd.DataFrame, schema: Any = None) -> Any:
    import pyarrow as pa

    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False)


def _write_parquet(table: Any, path: Path) -> None:
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd")


def write_table(store: Path, name: str, frame: pd.DataFrame, ingest_id: str, start: int = 0,
                 schema: Any = None) -> list[dict]:
    """Write one table (a period table by month, its rows numbered from ``start``); the parts written."""
    if name not in PERIOD_TABLES:
        rel = f"{name}/{ingest_id}.parquet"
        _write_parquet(_arrow_table(frame, schema), store / rel)
        return [{"file": rel, "period": None, "rows": len(frame)}]
    body = frame.drop(columns="period").assign(**{ORDER: np.arange(start, start + len(frame), dtype=np.int64)})
    table = _arrow_table(body, schema)
    if not len(frame):
        rel = f"{name}/{ingest_id}.parquet"
        _write_parquet(table, store / rel)
        return [{"file": rel, "period": None, "rows": 0}]
    periods = frame["period"]
    parts = []
    ordinals = periods.array.asi8 if hasattr(periods.array, "asi8") else np.asarray(periods.array)
    for ordinal in np.unique(ordinals):
        month = str(pd.Period(ordinal=int(ordinal), freq="M"))
        idx = np.flatnonzero(ordinals == ordinal)
        rel = f"{name}/period={month}/{ingest_id}.parquet"
        _write_parquet(table.take(idx), store / rel)
        parts.append({"file": rel, "period": month, "rows": len(idx)})
    return parts


def parts_of(name: str, entry: Mapping[str, Any], months: Iterable[str] | None = None) -> list[dict]:
    """The manifest's parts (Parquet files) of one table: of ``months`` only (``YYYY-MM``) for a period
    table, else all of them — the one choice of the files :func:`read_table`, :func:`read_relation` and
    :func:`stored_rows` read."""
    if months is None or name not in PERIOD_TABLES:
        return list(entry["parts"])
    wanted = set(months)
    return [p for p in entry["parts"] if p["period"] in wanted]


def _read_parts(store: Path, name: str, entry: dict, columns: list[str] | None,
                months: Iterable[str] | None) -> tuple[Any, list[tuple[str | None, int]]]:
    """The Parquet files of one table (of ``months`` only, for a period table) as one Arrow table, in the
    order of the manifest's parts, and each part's month and row count (month None for a whole table)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    parts = parts_of(name, entry, months)
    if not parts:  # none of the months stored: no rows, the columns and types of the table
        path = store / entry["parts"][0]["file"]
        try:
            schema = pq.read_schema(path)
        except (OSError, pa.ArrowException) as exc:
            raise StoreError(Msg("store_file_missing", path=str(path),
                                 error=f"{type(exc).__name__}: {exc}")) from None
        if columns is not None:
            schema = pa.schema([schema.field(c) for c in columns if c in schema.names])
        parts = [{"file": entry["parts"][0]["file"], "period": None, "empty": schema.empty_table()}]
    tables, months_read = [], []
    for p in parts:
        path = store / p["file"]
        if "empty" in p:
            tables.append(p["empty"])
            continue
        try:  # one file: ParquetFile reads it without the dataset discovery of pq.read_table
            t = pq.ParquetFile(path).read(columns=columns)
        except (OSError, pa.ArrowException) as exc:
            raise StoreError(Msg("store_file_missing", path=str(path), error=f"{type(exc).__name__}: {exc}")) from None
        tables.append(t)
        months_read.append((p["period"], t.num_rows))
    return (tables[0] if len(tables) == 1 else pa.concat_tables(tables)), months_read


def read_table(store: Path, name: str, entry: dict, columns: list[str] | None = None,
               months: Iterable[str] | None = None) -> pd.DataFrame:
    """One table of the store as the loader returns it (file order, contract dtypes); with ``months``
    (``YYYY-MM``) only the rows of those months, from their partitions alone (a period table)."""
    import pyarrow as pa

    table, parts = _read_parts(store, name, entry, columns, months)
    ordinals = [np.full(n, pd.Period(m, "M").ordinal, dtype=np.int64) for m, n in parts if m is not None]
    period = perm = None
    if name in PERIOD_TABLES and ORDER in table.column_names:
        order = table.column(ORDER).to_numpy()
        table = table.drop_columns([ORDER])
        values = np.concatenate(ordinals) if ordinals else np.zeros(0, dtype=np.int64)
        if len(order) and not (np.diff(order) > 0).all():
            perm = np.argsort(order, kind="stable")  # back to the file's order
            values = values[perm]
        if "period" not in table.column_names:
            period = pd.arrays.PeriodArray(values, dtype=pd.PeriodDtype("M"))
    # column by column, each Arrow column let go once converted (put in the file's order in Arrow, no Python
    # objects): a national panel is held once, not as Arrow, its reordered copy and pandas at the same time
    pool, out = pa.default_memory_pool(), {}
    for c in list(table.column_names):
        one = table.select([c])  # with the schema's pandas metadata: the column's pandas dtype
        table = table.drop_columns([c])
        out[c] = (one.take(perm) if perm is not None else one).to_pandas()[c]
        del one
        pool.release_unused()  # the Parquet reader's pool gives the column's memory back to the OS
    if period is not None:
        out["period"] = pd.Series(period, copy=False)
    wanted = [c for c in entry["columns"] if columns is None or c in columns]
    frame = pd.DataFrame({c: out.pop(c) for c in wanted}, copy=False)
    for c, dtype in entry["dtypes"].items():
        if c in frame.columns and str(frame[c].dtype) != dtype:
            frame[c] = frame[c].astype(dtype)
    return frame


def read_relation(store: Path, name: str, entry: dict, months: Iterable[str] | None = None) -> Any:
    """One table of the store as a DuckDB relation on :func:`connection` over its Parquet files (of
    ``months`` only, ``YYYY-MM``, for a period table): the rows and columns of :func:`read_table`'s frame,
    months as ``YYYY-MM`` text (the Hive partition), in no particular order — figures do not depend on
    it (:mod:`gxanalysis.indicators.engine` sums exactly).

    DuckDB reads the files when a query needs them, and only the columns it needs (no pandas frame, no
    copy of the panel held in memory). A full ``gx ingest`` that replaces the store meanwhile deletes them:
    the query then fails with DuckDB's ``IOException`` (:func:`gxanalysis.summary.headline_figures` reads
    the new store and computes again).

    Raises
    ------
    StoreError
        When a file of the manifest cannot be opened (DuckDB reads every file's schema here).
    """
    chosen = parts_of(name, entry, months)
    if not chosen or any(p["period"] is None for p in chosen):  # no rows, or a table stored whole
        return relation_of(read_table(store, name, entry, months=months))
    import duckdb

    files = [(store / p["file"]).as_posix() for p in chosen]
    cols = ", ".join('"' + c.replace('"', '""') + '"' for c in entry["columns"])
    try:  # the paths passed as a parameter, never spliced into the SQL text
        return connection().sql(f"SELECT {cols} FROM read_parquet($files, hive_partitioning = true, "
                                "hive_types = {'period': VARCHAR})", params={"files": files})
    except duckdb.Error as exc:
        raise StoreError(Msg("store_file_missing", path=str(store / name), error=f"{type(exc).__name__}: {exc}")
                         ) from None


_CONNECTION: Any = None


def connection() -> Any:
    """The embedded DuckDB connection every relation of the package is made on (one per process)."""
    global _CONNECTION
    if _CONNECTION is None:
        import duckdb

        _CONNECTION = duckdb.connect()
    return _CONNECTION


def months_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its month columns (pandas Period) as ``YYYY-MM`` text, missing as None: the months
    of a relation or a Dask DataFrame, as the store holds them."""
    periods = [c for c in frame.columns if isinstance(frame[c].dtype, pd.PeriodDtype)]
    if not periods:
        return frame
    return frame.assign(**{c: frame[c].astype(str).where(frame[c].notna(), None) for c in periods})


def relation_of(frame: pd.DataFrame) -> Any:
    """A pandas frame as a DuckDB relation on :func:`connection` (months as ``YYYY-MM`` text)."""
    import pyarrow as pa

    return connection().from_arrow(pa.Table.from_pandas(months_as_text(frame), preserve_index=False))


def table_entry(frame: pd.DataFrame, parts: list[dict]) -> dict:
    periods = sorted({p["period"] for p in parts if p["period"] is not None})
    return {"rows": len(frame), "columns": list(frame.columns), "dtypes": {c: str(frame[c].dtype) for c in frame},
            "parts": parts, "periods": periods}


# ---------------------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------------------
@dataclass
class StoredTables:
    """What a store holds, as :func:`gxanalysis.data.dataset.load_dataset` returns it in a Dataset.

    Attributes
    ----------
    frames : dict
        Table name → frame, in contract order (file order of the rows, contract dtypes); the enterprise
        panel may be a DuckDB relation instead (``read_store(…, panel=…)``).
    problems, confirmed : list of Problem
        The warnings and the confirmed doubts of the validation at ingest.
    manifest : Path
        The store's manifest; ``manifest_sha256`` its hash (the run manifest of a report records it).
    held : dict
        For a store read for some months only: table name → the months (``YYYY-MM``, sorted) whose rows the
        frame holds, for each table read so; empty when every table was read whole.
    present : dict
        Table name → every month the store holds of each table of ``held``.
    """

    frames: dict[str, pd.DataFrame]
    problems: list[Problem]
    confirmed: list[Problem]
    manifest: Path
    manifest_sha256: str
    held: dict[str, tuple[str, ...]] = field(default_factory=dict)
    present: dict[str, tuple[str, ...]] = field(default_factory=dict)


def read_store(store: Path | str, months: Mapping[str, Iterable[Any]] | None = None, *,
               panel: str = "pandas") -> StoredTables:
    """Every table of a store, as validated at ingest; with ``months``, only those months of some tables.

    Parameters
    ----------
    store : Path
    months : mapping, optional
        Period table name → the months (``YYYY-MM`` text or :class:`~gxanalysis.periods.Month`) to read of
        it: only the Parquet files of those months are read. Tables not named are read whole.
    panel : {"pandas", "duckdb", "auto"}
        How the enterprise panel (``enterprise_monthly``) is held: a pandas frame, a DuckDB relation
        (:func:`read_relation`: the panel figures then run in DuckDB, :mod:`gxanalysis.indicators.engine`),
        or ``"auto"``: DuckDB when the rows read number :data:`LARGE_PANEL_ROWS` or more, else pandas.

    Raises
    ------
    StaleStoreError
        When the source folder still exists and a table file changed, was added or removed.
    StoreError
        When the manifest or a Parquet file cannot be read, or when the store was written under another data contract (a table or column it
        lacks, a dtype that differs): the message names the store and the fix, ``gx ingest SRC --to STORE``.
    ParameterError
        When ``months`` names a table that is not a period table or a month that cannot be read, or
        ``panel`` is none of its values.
    """
    store = Path(store)
    if panel not in PANEL_ENGINES:
        raise ParameterError(f"panel={panel!r} is not allowed; use one of {', '.join(PANEL_ENGINES)}")
    wanted = {name: tuple(map(str, ms)) for name, ms in period_table_months(months).items()}
    for attempt in range(3):  # an ingest may replace the manifest while we read: read the new one
        manifest = read_manifest(store)
        differences = contract_differences(manifest)
        if differences:
            raise contract_error(store, manifest, differences)
        diff = changed_files(manifest)
        if diff is not None:
            raise stale_error(store, manifest, diff)
        lazy = panel == "duckdb" or (panel == "auto" and stored_rows(manifest, PANEL, wanted.get(PANEL))
                                     >= LARGE_PANEL_ROWS)
        try:
            frames = {t.name: (read_relation if lazy and t.name == PANEL else read_table)(
                store, t.name, manifest["tables"][t.name], months=wanted.get(t.name)) for t in TABLES}
            break
        except StoreError:
            if attempt == 2 or read_manifest(store) == manifest:
                raise
    path = store / MANIFEST
    present = {n: tuple(manifest["tables"][n]["periods"]) for n in wanted}
    return StoredTables(frames, [problem_from_json(p) for p in manifest["problems"]],
                        [problem_from_json(p) for p in manifest["confirmed"]], path, file_sha256(path),
                        held=wanted, present=present)


def stored_rows(manifest: Mapping[str, Any], name: str, months: Iterable[str] | None = None) -> int:
    """The rows a store holds of one table (of ``months`` only, ``YYYY-MM``, for a period table), from its
    manifest."""
    return sum(int(p["rows"]) for p in parts_of(name, manifest["tables"][name], months))


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def describe(store: Path | str) -> Iterable[str]:  # pragma: no cover - a convenience for the analyst
    """Lines describing a store: source, ingests, months and rows per table."""
    manifest = read_manifest(Path(store))
    yield f"source: {manifest['source']['dir']}"
    for h in manifest["history"]:
        yield f"{h['at']}  {h['mode']}  {h.get('period') or ''}"
    for name, e in manifest["tables"].items():
        yield f"{name}: {e['rows']:,} rows" + (f", {e['periods'][0]}…{e['periods'][-1]}" if e["periods"] else "")
