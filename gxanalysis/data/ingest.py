"""``gx ingest``: validate a data folder once and write it to a store, or append its new month.

The store's format, reading and staleness are :mod:`gxanalysis.data.store`; this module writes it.
:func:`ingest` validates the whole folder with :func:`gxanalysis.data.dataset.load_dataset` (nothing is
written when any error is found), or, when the folder's CSV files only gained the next month's rows at their
end, validates that month against the stored months before it (:mod:`gxanalysis.data.store`, "Appending a
month") and writes only its partitions. Every new Parquet file gets a fresh name; the manifest is replaced
in one ``os.replace`` once all are written; files no manifest lists are then deleted; ingests of one store
are serialised by a ``filelock`` file lock. A failed ingest leaves the store as it was.

Examples
--------
>>> from gxanalysis.data.ingest import ingest  # doctest: +SKIP
>>> ingest("data/demo", "/tmp/demo_store").mode  # doctest: +SKIP
'full'
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import secrets
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gxanalysis import __version__
from gxanalysis.data.dataset import _final_dtypes, file_sha256, load_dataset
from gxanalysis.data.messages import Msg
from gxanalysis.data.schema import TABLES, TABLES_BY_NAME
from gxanalysis.data.store import (
    FORMAT,
    FORMAT_VERSION,
    LOCK,
    MANIFEST,
    ORDER,
    PERIOD_TABLES,
    StoreError,
    changed_files,
    contract_differences,
    file_record,
    is_store,
    parts_of,
    problem_from_json,
    problem_json,
    read_manifest,
    source_files,
    table_entry,
    write_manifest,
    write_table,
)
from gxanalysis.errors import DataValidationError, ParameterError, Problem
from gxanalysis.periods import Month

__all__ = ["IngestResult", "ingest"]


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
        old = read_manifest(store) if is_store(store) else None
        same_source = old is not None and Path(old["source"]["dir"]) == source.resolve()
        reason: Any = ""
        differences = contract_differences(old) if old is not None else []
        if old is not None and not refresh:
            if differences:  # written under another contract: never appended to, written again whole
                reason = Msg("store_contract_changed", what=Msg.join(*differences))
                if append:
                    raise StoreError(Msg("store_cannot_append", store=str(store), reason=reason))
            elif not same_source:
                reason = Msg("store_other_source", source=old["source"]["dir"])
                if append:
                    raise StoreError(Msg("store_cannot_append", store=str(store), reason=reason))
            elif changed_files(old) is None:
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
    dataset = load_dataset(source)  # every problem at once; nothing written when any error is found
    ingest_id = f"{dt.datetime.now():%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    tables, rows = {}, {}
    try:
        for t in TABLES:
            frame = dataset.table(t.name)
            tables[t.name] = table_entry(frame, write_table(store, t.name, frame, ingest_id))
            rows[t.name] = len(frame)
        files = {name: file_record(path, dataset.file_hashes[name],
                                    rows[name] if name in PERIOD_TABLES else None)
                 for name, path in dataset.files.items()}
        manifest = {
            "format": FORMAT, "version": FORMAT_VERSION, "gxanalysis": __version__,
            "contract": {t.name: [c.name for c in t.columns] for t in TABLES},
            "ingested": _now(),
            "source": {"dir": str(source.resolve()), "files": files},
            "tables": tables,
            "problems": [problem_json(p) for p in dataset.problems],
            "confirmed": [problem_json(p) for p in dataset.confirmed],
            "history": [*(old["history"] if old else []), {"id": ingest_id, "mode": "full", "at": _now()}],
        }
        write_manifest(store, manifest)
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
def _prefix_sha256(path: Path, n: int) -> tuple[str, str, bytes, int, bytes]:
    """(SHA-256 of the first ``n`` bytes, SHA-256 of the whole file, the byte before ``n``, the line breaks
    after byte ``n``, the file's last byte)."""
    digest = hashlib.sha256()
    prefix = None
    last = end = b""
    done = breaks = 0
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
                breaks += chunk.count(b"\n", cut)
            else:
                digest.update(chunk)
                if prefix is None:
                    last = chunk[-1:]
                else:
                    breaks += chunk.count(b"\n")
            done += len(chunk)
            end = chunk[-1:]
    return prefix or "", digest.hexdigest(), last, breaks, end


def _append_plan(source: Path, old: dict) -> dict | Msg:
    """Table name → ``{"path", "sha256", "grown"}`` when every changed file only gained rows at its end;
    else the reason (a Msg) a full ingest is needed."""
    current = source_files(source)
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
        prefix, digest, last, new_breaks, end = _prefix_sha256(path, rec["size"])
        if prefix != rec["sha256"] or last != b"\n":
            return Msg("store_history_changed", file=path.name)
        plan[name] = {"path": path, "sha256": digest, "grown": True}
        if rec.get("simple") and name in PERIOD_TABLES:  # the stored lines unchanged: one per row and the header
            plan[name]["lines"] = (old["tables"][name]["rows"] + 1 + new_breaks, end)
    if not any(p["grown"] for n, p in plan.items() if n in PERIOD_TABLES):
        return Msg("store_no_new_month")
    return plan


def _next_months(latest: Month) -> tuple[Month, ...]:
    """The months that may follow ``latest``: the next one; after December also February (1–2月 combined)."""
    nxt = latest + 1
    return (nxt, nxt + 1) if nxt.month == 1 else (nxt,)


def _window_months(nxt: Month) -> list[Month]:
    """The stored months a month appended by ``gx ingest --append`` is validated with, ``nxt`` being the month
    after the newest stored one: the two months before it, the same two a year earlier and the year so far
    (the neighbours, the year-to-date and the same month a year before that the checks compare a new row
    with); within each calendar year, every month from the first of these to the last, so that the window
    has no gap that would read as months missing (after December — a January, or the February of a combined
    1–2月 release — that is the whole of the year before).

    Examples
    --------
    >>> [str(m) for m in _window_months(Month(2023, 4))]
    ['2022-03', '2022-04', '2023-01', '2023-02', '2023-03']
    >>> [str(m) for m in _window_months(Month(2023, 1))][:3], len(_window_months(Month(2023, 1)))
    (['2021-12', '2022-01', '2022-02'], 13)
    """
    months = {nxt - 1, nxt - 2, nxt - 12, nxt - 13} | {Month(nxt.year, k) for k in range(1, nxt.month)}
    spans: dict[int, tuple[int, int]] = {}
    for m in months:
        low, high = spans.get(m.year, (m.month, m.month))
        spans[m.year] = (min(low, m.month), max(high, m.month))
    return [Month(year, k) for year in sorted(spans) for k in range(spans[year][0], spans[year][1] + 1)]


def _slice_raw(raw: Any, mask: np.ndarray) -> Any:
    """A RawTable with only the rows of ``mask`` (their line numbers kept)."""
    return replace(raw, data=raw.data[mask].reset_index(drop=True), rows=np.asarray(raw.rows)[mask],
                   flagged={k: np.asarray(v)[mask] for k, v in raw.flagged.items()})


def _window_positions(store: Path, name: str, entry: dict, window: set[str]) -> np.ndarray:
    """Positions in the source file (sorted) of the stored rows of the months in ``window``."""
    import pyarrow.parquet as pq

    found = [pq.read_table(store / q["file"], columns=[ORDER]).column(0).to_numpy()
             for q in parts_of(name, entry, window)]
    return np.sort(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


_LINES_BLOCK = 1 << 24
"""Bytes of a source file searched for line breaks at once by :func:`_lines_of`."""


def _lines_in(buf: bytes, ends: np.ndarray, chosen: np.ndarray) -> bytes:
    """The lines ``chosen`` (0-based, sorted, distinct) of ``buf``, whose line *k* ends with the line break at
    byte ``ends[k]``, joined: one slice per run of consecutive chosen lines (a month's rows written together
    are one slice; rows of several months per enterprise, a few slices per enterprise).

    Examples
    --------
    >>> buf = b"a\\nbb\\nccc\\nd\\n"
    >>> ends = np.flatnonzero(np.frombuffer(buf, dtype=np.uint8) == 10)
    >>> _lines_in(buf, ends, np.array([1, 2, 3]))
    b'bb\\nccc\\nd\\n'
    >>> _lines_in(buf, ends, np.array([0, 3]))
    b'a\\nd\\n'
    """
    breaks = np.flatnonzero(np.diff(chosen) != 1)
    first = chosen[np.concatenate(([0], breaks + 1))]
    last = chosen[np.concatenate((breaks, [len(chosen) - 1]))]
    begin = np.where(first > 0, ends[np.maximum(first - 1, 0)] + 1, 0)
    return b"".join(buf[a:b] for a, b in zip(begin.tolist(), (ends[last] + 1).tolist(), strict=True))


def _lines_of(path: Path, lines: np.ndarray, old_size: int) -> tuple[bytes, bytes, bytes]:
    """The first line of ``path``, its lines numbered ``lines`` (0-based, sorted, all within the first
    ``old_size`` bytes) joined, and every byte after ``old_size``; the file read block by block, so
    that a national panel's file is never held whole."""
    want = np.asarray(lines, dtype=np.int64)
    head, parts, carry, first = b"", [], b"", 0  # ``first``: the number of the first line in ``buf``
    with path.open("rb") as fh:
        left = old_size
        while left > 0:
            block = fh.read(min(_LINES_BLOCK, left))
            if not block:
                break
            left -= len(block)
            buf = carry + block
            ends = np.flatnonzero(np.frombuffer(buf, dtype=np.uint8) == 10)
            if not len(ends):
                carry = buf
                continue
            if first == 0:
                head = buf[: ends[0] + 1]
            lo, hi = np.searchsorted(want, [first, first + len(ends)])
            if hi > lo:
                parts.append(_lines_in(buf, ends, want[lo:hi] - first))
            first += len(ends)
            carry = buf[ends[-1] + 1:]
        fh.seek(old_size)
        tail = fh.read()
    return head, b"".join(parts), tail


def _read_window(path: Path, table: Any, positions: np.ndarray, n_old: int, old_size: int) -> Any:
    """The rows at ``positions`` of a CSV whose data row *i* is line *i* + 2, and every line after byte
    ``old_size``, read as one table with their line numbers in ``path`` (the same text, so the same
    messages as when the whole file is read)."""
    import tempfile

    from gxanalysis.data.readers import read_table
    from gxanalysis.data.validate import typed_while_read

    st = path.stat()  # the file the messages' cells are read back from (refused if it changes meanwhile)
    head, body, tail = _lines_of(path, positions + 1, old_size)
    k = len(positions)
    with tempfile.TemporaryDirectory(prefix="gx_append_") as tmp:
        part = Path(tmp) / path.name
        part.write_bytes(head + body + tail)
        raw = read_table(part, table, numbers=typed_while_read(table))  # as the whole folder is read
    lines = np.asarray(raw.rows, dtype=np.int64)
    old_lines = positions.astype(np.int64) + 2
    mapped = np.where(lines <= k + 1, old_lines[np.clip(lines - 2, 0, max(k - 1, 0))] if k else lines,
                      lines - (k + 1) + (n_old + 1))

    def line(r: int | None) -> int | None:
        if r is None or r <= 1:
            return r
        return int(old_lines[r - 2]) if r <= k + 1 else int(r - (k + 1) + (n_old + 1))

    fixed = [replace(q, row=line(q.row)) for q in raw.problems]
    return raw.renumbered(path, mapped, fixed, (st.st_size, st.st_mtime_ns))


def _append(source: Path, store: Path, old: dict, plan: dict) -> IngestResult:
    from gxanalysis.data.readers import read_table
    from gxanalysis.data.validate import validate_tables

    tables = old["tables"]
    latest = {n: Month.parse(tables[n]["periods"][-1]) for n in PERIOD_TABLES if tables[n]["periods"]}
    newest = max(latest.values())
    nxt = _next_months(newest)[0]
    window = {str(m) for m in _window_months(nxt)}
    raws: dict[str, Any] = {}
    problems: list[Problem] = []
    failed: set[str] = set()
    new_counts: dict[str, int] = {}
    for name, p in plan.items():
        if name == "confirmations":
            continue
        if name in PERIOD_TABLES:
            positions = _window_positions(store, name, tables[name], window)
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
        # one parse per distinct month of the new rows; a row of a month not allowed is named in row order
        codes, uniques = pd.factorize(new["period"], use_na_sentinel=True)
        parsed = [Month.parse(str(period)) for period in uniques]
        months.update(str(m) for m in parsed)
        late = [allowed is not None and m not in allowed and m not in _next_months(newest) for m in parsed]
        for i in np.flatnonzero(np.isin(codes, np.flatnonzero(late))).tolist():
            m = parsed[codes[i]]
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
    old_problems = [problem_from_json(p) for p in old["problems"]]
    known = set(old_problems)
    new_problems = [p for p in problems if p not in known and getattr(p.message, "key", "") != "conf_unused"]
    old_confirmed = [problem_from_json(p) for p in old["confirmed"]]
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
                parts = write_table(store, name, new, ingest_id, start=entry["rows"], schema=schema)
                kept = [q for q in entry["parts"] if q["period"] is not None or q["rows"]]
                merged = dict(entry, rows=entry["rows"] + len(new), parts=kept + parts)
                merged["periods"] = sorted({q["period"] for q in merged["parts"] if q["period"] is not None})
                new_tables[name] = merged
                rows[name] = len(new)
            else:  # a directory table that grew: written whole, as validated
                frame = _final_dtypes(name, report.frames[name])
                new_tables[name] = table_entry(frame, write_table(store, name, frame, ingest_id))
                rows[name] = len(frame) - entry["rows"]
        files = {name: file_record(p["path"], p["sha256"], new_tables[name]["rows"] if name in PERIOD_TABLES
                                    else None, lines=p.get("lines")) for name, p in plan.items()}
        period = sorted(months)[-1] if months else None
        manifest = dict(old, ingested=_now(), gxanalysis=__version__,
                        source={"dir": old["source"]["dir"], "files": files}, tables=new_tables,
                        problems=[*old["problems"], *(problem_json(p) for p in new_problems)],
                        confirmed=[*old["confirmed"],
                                   *(problem_json(p) for p in report.confirmed if p not in known_confirmed)],
                        history=[*old["history"], {"id": ingest_id, "mode": "append", "period": period, "at": _now()}])
        write_manifest(store, manifest)
    except BaseException:
        _clean(store, old)
        raise
    _clean(store, manifest)
    return IngestResult(store, "append", period, rows)
