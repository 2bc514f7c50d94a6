"""The validated columnar store: a data folder validated once and kept as Parquet.

``gx ingest DIR --to STORE`` (:func:`ingest`) validates the folder with
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
are all of the month after the stored one, :func:`ingest` appends: it validates the directory tables
whole and, of the period tables, the stored rows of the year so far, of the two months before and of the
same month and the one before a year earlier (year to date, single months, gaps and exits, month-on-month
and year-on-year plausibility) together with the new rows, with the same checks and messages as a full
validation: the lines of those rows are read byte for byte from the file (a CSV whose rows are one line
each; any other file is read whole) and keep their line numbers, and writes only the new month's partitions (and the
directory tables that grew) and the new manifest. Anything else is a full ingest (``--append`` refuses
instead, naming the reason).

Examples
--------
>>> from gxanalysis.data.store import ingest  # doctest: +SKIP
>>> ingest("data/demo", "/tmp/demo_store").mode  # doctest: +SKIP
'full'
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gxanalysis import __version__
from gxanalysis.data.messages import Msg
from gxanalysis.data.schema import TABLES, TABLES_BY_NAME
from gxanalysis.errors import DataValidationError, GxError, ParameterError, Problem
from gxanalysis.periods import Month

__all__ = ["MANIFEST", "IngestResult", "StaleStoreError", "StoreError", "ingest", "is_store", "load_store",
           "store_files", "store_source"]

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


class StoreError(GxError):
    """A store cannot be read or written (no manifest, a missing file, a refused append)."""


class StaleStoreError(StoreError):
    """The store's source folder changed since it was ingested: refresh it with ``gx ingest``."""


@dataclass
class IngestResult:
    """What :func:`ingest` did.

    Attributes
    ----------
    store : Path
    mode : str
        ``"full"``, ``"append"`` or ``"unchanged"`` (the store already held these files; nothing written).
    period : str or None
        The month appended (``"append"``), else the latest month stored.
    rows : dict
        Table name → rows written by this ingest.
    seconds : float
    reason : Msg or str
        Why a full ingest was made when the store existed (empty otherwise).
    """

    store: Path
    mode: str
    period: str | None
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    reason: Any = ""

    def text(self, lang: str = "zh") -> str:
        """One line for the analyst."""
        total = sum(self.rows.values())
        if self.mode == "unchanged":
            return Msg("store_unchanged", store=str(self.store)).text(lang)
        if self.mode == "append":
            return Msg("store_appended", store=str(self.store), period=self.period, rows=f"{total:,}",
                       seconds=f"{self.seconds:.1f}").text(lang)
        line = Msg("store_ingested", store=str(self.store), tables=len(self.rows), rows=f"{total:,}",
                   seconds=f"{self.seconds:.1f}").text(lang)
        if self.reason:
            line += Msg("store_full_because", reason=self.reason).text(lang)
        return line


# ---------------------------------------------------------------------------------------------------------
# The manifest
# ---------------------------------------------------------------------------------------------------------
def is_store(path: Path | str | None) -> bool:
    """Whether ``path`` is a store (a folder holding :data:`MANIFEST`)."""
    return path is not None and (Path(path) / MANIFEST).is_file()


def _read_manifest(store: Path) -> dict:
    path = store / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(Msg("store_unreadable", path=str(path), error=f"{type(exc).__name__}: {exc}")) from None
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise StoreError(Msg("store_unreadable", path=str(path),
                             error=f"format {manifest.get('format')!r} version {manifest.get('version')!r}"))
    return manifest


def _write_manifest(store: Path, manifest: dict) -> None:
    """Replace the manifest in one rename (the commit point of an ingest)."""
    tmp = store / f".{MANIFEST}.{secrets.token_hex(4)}.tmp"
    try:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            json.dump(manifest, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        _replace(tmp, store / MANIFEST)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _replace(src: Path, dst: Path, attempts: int = 20) -> None:
    """``os.replace``, retried briefly on Windows, where a reader holding the file open blocks it a moment."""
    for i in range(attempts):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if os.name != "nt" or i == attempts - 1:
                raise
            time.sleep(0.05 * (i + 1))


def store_source(store: Path) -> tuple[str, str]:
    """(source folder, time of the last ingest) of a store."""
    manifest = _read_manifest(Path(store))
    return manifest["source"]["dir"], manifest["ingested"]


def store_files(store: Path) -> list[Path]:
    """The files of a store as its manifest lists them (the manifest first): what a copy of it needs."""
    store = Path(store)
    manifest = _read_manifest(store)
    return [store / MANIFEST] + [store / p["file"] for e in manifest["tables"].values() for p in e["parts"]]


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


def _problem_json(p: Problem) -> dict:
    return {"file": p.file, "row": p.row, "column": p.column, "value": p.value, "message": _json_value(p.message),
            "fix": _json_value(p.fix), "severity": p.severity}


def _problem_from_json(d: Mapping[str, Any]) -> Problem:
    return Problem(d["file"], d["row"], d["column"], d["value"], _from_json(d["message"]), _from_json(d["fix"]),
                   d["severity"])


# ---------------------------------------------------------------------------------------------------------
# Source files
# ---------------------------------------------------------------------------------------------------------
def _source_files(source: Path) -> dict[str, Path]:
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


def _file_record(path: Path, sha256: str, rows: int | None = None) -> dict:
    """What the manifest keeps of an input file; for a CSV of a period table also whether each data row is
    one line (``simple``: row *i* is line *i* + 2), which lets a month be appended without reading the file."""
    st = path.stat()
    record = {"name": path.name, "sha256": sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    if rows is not None and path.suffix.lower() == ".csv":
        data = np.fromfile(path, dtype=np.uint8)
        record["simple"] = bool(len(data) and data[-1] == 10 and np.count_nonzero(data == 10) == rows + 1)
    return record


def _changed_files(manifest: dict) -> tuple[Path, list[str], list[str], list[str]] | None:
    """(source, changed, added, removed) file names when the source folder exists and differs, else None."""
    from gxanalysis.data.dataset import file_sha256

    source = Path(manifest["source"]["dir"])
    if not source.is_dir():
        return None
    recorded: dict[str, dict] = manifest["source"]["files"]
    current = _source_files(source)
    changed, added, removed = [], [], []
    for name, rec in recorded.items():
        path = current.get(name)
        if path is None or path.name != rec["name"]:
            removed.append(rec["name"])
            if path is not None:
                added.append(path.name)
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
    added += [p.name for n, p in current.items() if n not in recorded]
    if changed or added or removed:
        return source, changed, added, removed
    return None


def _stale_error(store: Path, manifest: dict, diff: tuple[Path, list[str], list[str], list[str]]) -> StaleStoreError:
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


def _write_table(store: Path, name: str, frame: pd.DataFrame, ingest_id: str, start: int = 0,
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


def _read_table(store: Path, name: str, entry: dict, columns: list[str] | None = None) -> pd.DataFrame:
    """One table of the store as the loader returns it (file order, contract dtypes)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    parts = entry["parts"]
    tables, ordinals = [], []
    for p in parts:
        path = store / p["file"]
        try:
            t = pq.read_table(path, columns=columns)
        except (OSError, pa.ArrowException) as exc:
            raise StoreError(Msg("store_file_missing", path=str(path), error=f"{type(exc).__name__}: {exc}")) from None
        tables.append(t)
        if p["period"] is not None:
            ordinals.append(np.full(t.num_rows, pd.Period(p["period"], "M").ordinal, dtype=np.int64))
    table = tables[0] if len(tables) == 1 else pa.concat_tables(tables)
    period = None
    if name in PERIOD_TABLES and ORDER in table.column_names:
        order = table.column(ORDER).to_numpy()
        table = table.drop_columns([ORDER])
        values = np.concatenate(ordinals) if ordinals else np.zeros(0, dtype=np.int64)
        if len(order) and not (np.diff(order) > 0).all():
            perm = np.argsort(order, kind="stable")
            table = table.take(perm)  # back to the file's order, in Arrow (threads, no Python objects)
            values = values[perm]
        if "period" not in table.column_names:
            period = pd.arrays.PeriodArray(values, dtype=pd.PeriodDtype("M"))
    frame = table.to_pandas()
    if period is not None:
        frame["period"] = period
    wanted = [c for c in entry["columns"] if columns is None or c in columns]
    frame = frame[wanted].reset_index(drop=True)
    for c, dtype in entry["dtypes"].items():
        if c in frame.columns and str(frame[c].dtype) != dtype:
            frame[c] = frame[c].astype(dtype)
    return frame


def _table_entry(frame: pd.DataFrame, parts: list[dict]) -> dict:
    periods = sorted({p["period"] for p in parts if p["period"] is not None})
    return {"rows": len(frame), "columns": list(frame.columns), "dtypes": {c: str(frame[c].dtype) for c in frame},
            "parts": parts, "periods": periods}


# ---------------------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------------------
def load_store(store: Path | str, *, check_source: bool = True) -> Any:
    """The :class:`~gxanalysis.data.dataset.Dataset` stored in ``store``, as validated at ingest.

    Parameters
    ----------
    store : Path
        A folder written by :func:`ingest` (holding :data:`MANIFEST`).
    check_source : bool
        Refuse a store whose source folder changed (default). ``False`` only for tools that inspect the
        store itself.

    Returns
    -------
    Dataset
        The tables as :func:`~gxanalysis.data.dataset.load_dataset` returns them from the source folder,
        the warnings of validation in ``.problems``; ``source_dir`` is the store, ``files`` and
        ``file_hashes`` name its manifest (which records the source files' hashes).

    Raises
    ------
    StaleStoreError
        When the source folder still exists and a table file changed, was added or removed.
    StoreError
        When the manifest or a Parquet file cannot be read.
    """
    from gxanalysis.data.dataset import Dataset, _attribute, file_sha256

    store = Path(store)
    for attempt in range(3):  # an ingest may replace the manifest while we read: read the new one
        manifest = _read_manifest(store)
        if check_source:
            diff = _changed_files(manifest)
            if diff is not None:
                raise _stale_error(store, manifest, diff)
        try:
            frames = {_attribute(t.name): _read_table(store, t.name, manifest["tables"][t.name]) for t in TABLES}
            break
        except StoreError:
            if attempt == 2 or _read_manifest(store) == manifest:
                raise
    manifest_path = store / MANIFEST
    return Dataset(**frames, source_dir=store, files={"store": manifest_path},
                   file_hashes={"store": file_sha256(manifest_path)},
                   problems=[_problem_from_json(p) for p in manifest["problems"]],
                   confirmed=[_problem_from_json(p) for p in manifest["confirmed"]])


# ---------------------------------------------------------------------------------------------------------
# Ingest
# ---------------------------------------------------------------------------------------------------------
def _check_target(source: Path, store: Path) -> None:
    if not source.is_dir():
        raise ParameterError(Msg("no_folder", path=str(source)))
    if store.exists() and not store.is_dir():
        raise ParameterError(Msg("store_not_folder", path=str(store)))
    s, t = source.resolve(), store.resolve()
    if s == t or s in t.parents or t in s.parents:
        raise ParameterError(Msg("store_inside_source", store=str(store), source=str(source)))
    if store.is_dir() and not is_store(store) and any(p.name != LOCK for p in store.iterdir()):
        raise ParameterError(Msg("store_not_empty", path=str(store)))


def _lock(store: Path) -> Any:
    from filelock import FileLock

    store.mkdir(parents=True, exist_ok=True)
    return FileLock(str(store / LOCK), timeout=600)


def _clean(store: Path, manifest: dict) -> None:
    """Delete the Parquet files and temporary files the manifest does not list (an earlier store, a failed
    ingest), and the folders left empty."""
    keep = {store / p["file"] for e in manifest["tables"].values() for p in e["parts"]}
    for name in manifest["tables"]:
        folder = store / name
        if not folder.is_dir():
            continue
        for f in sorted(folder.rglob("*.parquet")):
            if f not in keep:
                with contextlib.suppress(OSError):
                    f.unlink()
        for d in sorted((d for d in folder.rglob("*") if d.is_dir()), key=lambda d: -len(d.parts)):
            with contextlib.suppress(OSError):
                d.rmdir()  # only when empty
    for f in store.glob(f".{MANIFEST}.*.tmp"):
        with contextlib.suppress(OSError):
            f.unlink()


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def ingest(source: Path | str, store: Path | str, *, append: bool = False, refresh: bool = False) -> IngestResult:
    """Validate a data folder once and write it to a store (or append its new month to the store).

    Parameters
    ----------
    source : Path
        The data folder (as for :func:`~gxanalysis.data.dataset.load_dataset`).
    store : Path
        The store to write: a new or empty folder, or a store (refreshed or appended to).
    append : bool
        Only append (refuse, naming the reason, when the folder did not just gain the next month's rows).
    refresh : bool
        Always validate and write everything again.

    Returns
    -------
    IngestResult

    Raises
    ------
    DataValidationError
        When the folder (or the new month) has errors; the store is left as it was.
    StoreError
        When ``append`` is asked and the change is not one appended month.
    ParameterError
        When ``source`` is not a folder, or ``store`` is a file or a folder that is not a store.
    """
    t0 = time.perf_counter()
    source, store = Path(source), Path(store)
    if append and refresh:
        raise ParameterError(Msg("store_append_refresh"))
    _check_target(source, store)
    with _lock(store):
        old = _read_manifest(store) if is_store(store) else None
        same_source = old is not None and Path(old["source"]["dir"]) == source.resolve()
        reason: Any = ""
        if old is not None and not refresh:
            if not same_source:
                reason = Msg("store_other_source", source=old["source"]["dir"])
                if append:
                    raise StoreError(Msg("store_cannot_append", store=str(store), reason=reason))
            elif _changed_files(old) is None:
                if append:
                    raise StoreError(Msg("store_cannot_append", store=str(store), reason=Msg("store_no_new_rows")))
                return IngestResult(store, "unchanged", _latest(old), {}, time.perf_counter() - t0)
            else:
                plan = _append_plan(source, old)
                if isinstance(plan, dict):
                    result = _append(source, store, old, plan)
                    result.seconds = time.perf_counter() - t0
                    return result
                reason = plan
                if append:
                    raise StoreError(Msg("store_cannot_append", store=str(store), reason=reason))
        elif append:
            raise StoreError(Msg("store_cannot_append", store=str(store), reason=Msg("store_missing")))
        result = _full(source, store, old)
        result.reason = reason
        result.seconds = time.perf_counter() - t0
        return result


def _latest(manifest: dict) -> str | None:
    months = manifest["tables"].get("enterprise_monthly", {}).get("periods", [])
    return months[-1] if months else None


def _full(source: Path, store: Path, old: dict | None) -> IngestResult:
    from gxanalysis.data.dataset import load_dataset

    dataset = load_dataset(source)  # every problem at once; nothing written when any error is found
    ingest_id = f"{dt.datetime.now():%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    tables, rows = {}, {}
    try:
        for t in TABLES:
            frame = dataset.table(t.name)
            tables[t.name] = _table_entry(frame, _write_table(store, t.name, frame, ingest_id))
            rows[t.name] = len(frame)
        files = {name: _file_record(path, dataset.file_hashes[name],
                                    rows[name] if name in PERIOD_TABLES else None)
                 for name, path in dataset.files.items()}
        manifest = {
            "format": FORMAT, "version": FORMAT_VERSION, "gxanalysis": __version__,
            "contract": {t.name: [c.name for c in t.columns] for t in TABLES},
            "ingested": _now(),
            "source": {"dir": str(source.resolve()), "files": files},
            "tables": tables,
            "problems": [_problem_json(p) for p in dataset.problems],
            "confirmed": [_problem_json(p) for p in dataset.confirmed],
            "history": [*(old["history"] if old else []), {"id": ingest_id, "mode": "full", "at": _now()}],
        }
        _write_manifest(store, manifest)
    except BaseException:
        if old is not None:
            _clean(store, old)  # the files of this ingest, not the previous store's
        else:
            _clean(store, {"tables": {t.name: {"parts": []} for t in TABLES}})
        raise
    _clean(store, manifest)
    return IngestResult(store, "full", _latest(manifest), rows)


# ---------------------------------------------------------------------------------------------------------
# Appending a month
# ---------------------------------------------------------------------------------------------------------
def _prefix_sha256(path: Path, n: int) -> tuple[str, str, bytes]:
    """(SHA-256 of the first ``n`` bytes, SHA-256 of the whole file, the byte before ``n``)."""
    digest = hashlib.sha256()
    prefix = None
    last = b""
    done = 0
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            if prefix is None and done + len(chunk) >= n:
                cut = n - done
                digest.update(chunk[:cut])
                prefix = digest.hexdigest()
                last = chunk[cut - 1:cut] if cut else last
                digest.update(chunk[cut:])
            else:
                digest.update(chunk)
                if prefix is None:
                    last = chunk[-1:]
            done += len(chunk)
    return prefix or "", digest.hexdigest(), last


def _append_plan(source: Path, old: dict) -> dict | Msg:
    """Table name → ``{"path", "sha256", "grown"}`` when every changed file only gained rows at its end;
    else the reason (a Msg) a full ingest is needed."""
    from gxanalysis.data.dataset import file_sha256

    current = _source_files(source)
    recorded = old["source"]["files"]
    if set(current) != set(recorded) or any(current[n].name != recorded[n]["name"] for n in current):
        return Msg("store_files_differ")
    plan: dict[str, dict] = {}
    for name, path in current.items():
        rec = recorded[name]
        st = path.stat()
        if st.st_size == rec["size"] and st.st_mtime_ns == rec["mtime_ns"]:
            plan[name] = {"path": path, "sha256": rec["sha256"], "grown": False}
            continue
        if st.st_size == rec["size"]:
            digest = file_sha256(path)
            if digest == rec["sha256"]:
                plan[name] = {"path": path, "sha256": digest, "grown": False}
                continue
            return Msg("store_history_changed", file=path.name)
        if name == "confirmations" or path.suffix.lower() != ".csv" or st.st_size < rec["size"]:
            return Msg("store_history_changed", file=path.name)
        prefix, digest, last = _prefix_sha256(path, rec["size"])
        if prefix != rec["sha256"] or last != b"\n":
            return Msg("store_history_changed", file=path.name)
        plan[name] = {"path": path, "sha256": digest, "grown": True}
    if not any(p["grown"] for n, p in plan.items() if n in PERIOD_TABLES):
        return Msg("store_no_new_month")
    return plan


def _next_months(latest: Month) -> tuple[Month, ...]:
    """The months that may follow ``latest``: the next one; after December also February (1–2月 combined)."""
    nxt = latest + 1
    return (nxt, nxt + 1) if nxt.month == 1 else (nxt,)


def _slice_raw(raw: Any, mask: np.ndarray) -> Any:
    """A RawTable with only the rows of ``mask`` (their line numbers kept)."""
    return replace(raw, data=raw.data[mask].reset_index(drop=True), rows=np.asarray(raw.rows)[mask],
                   flagged={k: np.asarray(v)[mask] for k, v in raw.flagged.items()})


def _window_positions(store: Path, entry: dict, window: set[str]) -> np.ndarray:
    """Positions in the source file (sorted) of the stored rows of the months in ``window``."""
    import pyarrow.parquet as pq

    found = [pq.read_table(store / q["file"], columns=[ORDER]).column(0).to_numpy()
             for q in entry["parts"] if q["period"] in window]
    return np.sort(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def _read_window(path: Path, table: Any, positions: np.ndarray, n_old: int, old_size: int) -> Any:
    """The rows at ``positions`` of a CSV whose data row *i* is line *i* + 2, and every line after byte
    ``old_size``, read as one table with their line numbers in ``path`` (the same text, so the same
    messages as when the whole file is read)."""
    import tempfile

    from gxanalysis.data.readers import read_table

    data = path.read_bytes()
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8, count=old_size) == 10)
    head = data[: ends[0] + 1]
    body = b"".join(data[ends[i] + 1: ends[i + 1] + 1] for i in positions.tolist())
    k = len(positions)
    with tempfile.TemporaryDirectory(prefix="gx_append_") as tmp:
        part = Path(tmp) / path.name
        part.write_bytes(head + body + data[old_size:])
        raw = read_table(part, table)
    lines = np.asarray(raw.rows, dtype=np.int64)
    old_lines = positions.astype(np.int64) + 2
    mapped = np.where(lines <= k + 1, old_lines[np.clip(lines - 2, 0, max(k - 1, 0))] if k else lines,
                      lines - (k + 1) + (n_old + 1))

    def line(r: int | None) -> int | None:
        if r is None or r <= 1:
            return r
        return int(old_lines[r - 2]) if r <= k + 1 else int(r - (k + 1) + (n_old + 1))

    fixed = [replace(q, row=line(q.row)) for q in raw.problems]
    return replace(raw, path=path, rows=mapped, problems=fixed)


def _append(source: Path, store: Path, old: dict, plan: dict) -> IngestResult:
    from gxanalysis.data.readers import read_table
    from gxanalysis.data.validate import validate_tables

    tables = old["tables"]
    latest = {n: Month.parse(tables[n]["periods"][-1]) for n in PERIOD_TABLES if tables[n]["periods"]}
    newest = max(latest.values())
    nxt = _next_months(newest)[0]
    window = {str(m) for m in (nxt - 1, nxt - 2, nxt - 12, nxt - 13)} | {f"{nxt.year}-{k:02d}" for k in range(1, nxt.month)}
    raws: dict[str, Any] = {}
    problems: list[Problem] = []
    failed: set[str] = set()
    new_counts: dict[str, int] = {}
    for name, p in plan.items():
        if name == "confirmations":
            continue
        if name in PERIOD_TABLES:
            positions = _window_positions(store, tables[name], window)
            if old["source"]["files"][name].get("simple"):
                try:  # the window's lines and the new lines, byte for byte, without reading the whole file
                    raw = _read_window(p["path"], TABLES_BY_NAME[name], positions, tables[name]["rows"],
                                       old["source"]["files"][name]["size"])
                except DataValidationError as exc:
                    problems.extend(exc.problems)
                    failed.add(name)
                    continue
                new_counts[name] = len(raw.data) - len(positions)
                raws[name] = raw
                continue
        try:
            raw = read_table(p["path"], TABLES_BY_NAME[name])
        except DataValidationError as exc:
            problems.extend(exc.problems)
            failed.add(name)
            continue
        if name in PERIOD_TABLES:
            n_old = tables[name]["rows"]
            n = len(raw.data)
            if n < n_old:
                raise StoreError(Msg("store_cannot_append", store=str(store),
                                     reason=Msg("store_history_changed", file=p["path"].name)))
            keep = np.zeros(n, dtype=bool)
            keep[n_old:] = True
            keep[positions] = True
            new_counts[name] = n - n_old
            raw = _slice_raw(raw, keep)
        raws[name] = raw
    confirmations = None
    if "confirmations" in plan:
        from gxanalysis.data.schema import CONFIRMATIONS

        try:
            confirmations = read_table(plan["confirmations"]["path"], CONFIRMATIONS)
        except DataValidationError as exc:
            problems.extend(exc.problems)
    report = validate_tables(raws, failed=failed, confirmations=confirmations)
    problems += report.problems
    # the new month: every new row of every period table, the month after the stored one
    new_frames: dict[str, pd.DataFrame] = {}
    months: set[str] = set()
    for name, k in new_counts.items():
        frame = report.frames[name]
        new = frame.iloc[len(frame) - k:].reset_index(drop=True) if k else frame.iloc[:0]
        new_frames[name] = new
        raw = raws[name]
        new_rows = np.asarray(raw.rows)[len(raw.data) - k:]
        allowed = _next_months(latest.get(name, newest)) if name in latest else None
        for i, period in enumerate(new["period"]):
            if pd.isna(period):
                continue
            m = Month.parse(str(period))
            months.add(str(m))
            if allowed is not None and m not in allowed and m not in _next_months(newest):
                problems.append(Problem(
                    raw.file, int(new_rows[i]), raw.header("period"), str(raw.data["period"].iloc[len(raw.data) - k + i]),
                    Msg("append_not_next", month=str(m), latest=str(latest[name])),
                    Msg("fix_append_next", months=[str(x) for x in _next_months(latest[name])],
                        cmd=f"gx ingest {source} --to {store} --refresh")))
    if len(months) > 1:
        problems.append(Problem(source.name, None, None, "", Msg("append_many_months", months=sorted(months)),
                                Msg("fix_append_one_month", cmd=f"gx ingest {source} --to {store} --refresh")))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise DataValidationError(errors + [p for p in problems if p.severity != "error"])
    old_problems = [_problem_from_json(p) for p in old["problems"]]
    known = set(old_problems)
    new_problems = [p for p in problems if p not in known and getattr(p.message, "key", "") != "conf_unused"]
    old_confirmed = [_problem_from_json(p) for p in old["confirmed"]]
    known_confirmed = set(old_confirmed)
    ingest_id = f"{dt.datetime.now():%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    rows: dict[str, int] = {}
    new_tables = dict(tables)
    import pyarrow.parquet as pq

    try:
        for name, p in plan.items():
            if name == "confirmations" or not p["grown"]:
                continue
            entry = tables[name]
            if name in PERIOD_TABLES:
                new = new_frames[name]
                schema = pq.read_schema(store / entry["parts"][-1]["file"]) if entry["parts"] else None
                if schema is not None and entry["parts"][-1]["period"] is None:
                    schema = None  # the table was empty: its only file still holds the period column
                parts = _write_table(store, name, new, ingest_id, start=entry["rows"], schema=schema)
                kept = [q for q in entry["parts"] if q["period"] is not None or q["rows"]]
                merged = dict(entry, rows=entry["rows"] + len(new), parts=kept + parts)
                merged["periods"] = sorted({q["period"] for q in merged["parts"] if q["period"] is not None})
                new_tables[name] = merged
                rows[name] = len(new)
            else:  # a directory table that grew: written whole, as validated
                frame = _final(name, report.frames[name])
                new_tables[name] = _table_entry(frame, _write_table(store, name, frame, ingest_id))
                rows[name] = len(frame) - entry["rows"]
        files = {name: _file_record(p["path"], p["sha256"], new_tables[name]["rows"] if name in PERIOD_TABLES
                                    else None) for name, p in plan.items()}
        period = sorted(months)[-1] if months else None
        manifest = dict(old, ingested=_now(), gxanalysis=__version__,
                        source={"dir": old["source"]["dir"], "files": files}, tables=new_tables,
                        problems=[*old["problems"], *(_problem_json(p) for p in new_problems)],
                        confirmed=[*old["confirmed"],
                                   *(_problem_json(p) for p in report.confirmed if p not in known_confirmed)],
                        history=[*old["history"], {"id": ingest_id, "mode": "append", "period": period, "at": _now()}])
        _write_manifest(store, manifest)
    except BaseException:
        _clean(store, old)
        raise
    _clean(store, manifest)
    return IngestResult(store, "append", period, rows)


def _final(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    from gxanalysis.data.dataset import _final_dtypes

    return _final_dtypes(name, frame)


def describe(store: Path | str) -> Iterable[str]:  # pragma: no cover - a convenience for the analyst
    """Lines describing a store: source, ingests, months and rows per table."""
    manifest = _read_manifest(Path(store))
    yield f"source: {manifest['source']['dir']}"
    for h in manifest["history"]:
        yield f"{h['at']}  {h['mode']}  {h.get('period') or ''}"
    for name, e in manifest["tables"].items():
        yield f"{name}: {e['rows']:,} rows" + (f", {e['periods'][0]}…{e['periods'][-1]}" if e["periods"] else "")
