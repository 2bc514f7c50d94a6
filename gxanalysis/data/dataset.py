"""Load the bureau's input tables: validate everything first, then return typed frames.

:func:`load_dataset` reads every table of the data contract from a folder (``--data DIR``,
``$GX_DATA_DIR`` or the demo city), checks all of them with :mod:`gxanalysis.data.validate`, and only
when no error is found returns a :class:`Dataset`. When anything is wrong it raises
:class:`gxanalysis.errors.DataValidationError` carrying every problem: nothing is half-loaded.

Types in the frames
-------------------
========================  =======================================
contract dtype            pandas dtype
========================  =======================================
``str``, ``credit_code``  ``str`` (``object`` before pandas 3)
``int``, ``year``         ``Int64``
``float``                 ``float64``
``bool``                  ``bool``
``month``                 ``period[M]``
``date``                  ``datetime64[ns]``
========================  =======================================

Columns keep their English names (:attr:`gxanalysis.data.schema.Column.name`), in contract order, with
a fresh ``RangeIndex``. Monthly values are year-to-date cumulative (本年累计) as supplied; see
``gxanalysis.data.schema`` for the period conventions.

Some months only
----------------
``load_dataset(path, months={"enterprise_monthly": [...], ...})`` gives a dataset that holds only those
months of the period tables named (the others whole): from a store only their Parquet files are read; a
folder is still validated whole. Such a dataset says so (:attr:`Dataset.window`, a :class:`MonthWindow`),
and :meth:`Dataset.require_months` raises :class:`~gxanalysis.errors.PartialDataError` when a computation
asks for a month it does not hold, so a partial dataset is never taken for the whole one (``gx summary``
loads the months of :func:`gxanalysis.summary.months_needed`).

The validation modules are imported only when a folder is validated: reading a store needs neither them
nor the readers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gxanalysis import config
from gxanalysis.data.schema import TABLES, TABLES_BY_NAME
from gxanalysis.data.schema import table as table_contract
from gxanalysis.data.store import (
    PANEL_ENGINES,
    file_sha256,
    is_store,
    period_table_months,
    read_store,
    relation_of,
)
from gxanalysis.errors import (
    DataValidationError,
    InsufficientDataError,
    ParameterError,
    PartialDataError,
    Problem,
)
from gxanalysis.periods import Month

__all__ = ["Dataset", "MonthWindow", "file_sha256", "load_dataset", "restrict"]


def _empty(name: str) -> pd.DataFrame:
    from gxanalysis.data.validate import empty_frame  # only when a Dataset is built without the table

    return empty_frame(TABLES_BY_NAME[name])


@dataclass(frozen=True)
class MonthWindow:
    """The months a partial :class:`Dataset` holds of its period tables.

    Attributes
    ----------
    held : dict
        Table name → the months whose rows the table holds (every row of each of them), sorted; only the
        tables read for some months are named: the others are whole.
    present : dict
        Table name → every month the source holds of that table (what the whole dataset would have).

    Examples
    --------
    >>> w = MonthWindow({"enterprise_monthly": (Month(2023, 3), Month(2023, 4))},
    ...                 {"enterprise_monthly": (Month(2023, 2), Month(2023, 3), Month(2023, 4))})
    >>> w.missing({"enterprise_monthly": [Month(2023, 2), Month(2023, 4), Month(2023, 5)],
    ...            "city_growth": [Month(2023, 1)]})
    {'enterprise_monthly': [Month(year=2023, month=2)]}
    """

    held: Mapping[str, tuple[Month, ...]]
    present: Mapping[str, tuple[Month, ...]]

    def missing(self, needed: Mapping[str, Iterable[Any]]) -> dict[str, list[Month]]:
        """Table name → the months of ``needed`` that the source has and the table does not hold (tables
        held whole miss none; a month the source does not have is missing from the whole dataset too)."""
        out = {}
        for name, months in needed.items():
            if name in self.held:
                held, present = set(self.held[name]), set(self.present[name])
                lack = sorted(({Month.parse(m) for m in months} & present) - held)
                if lack:
                    out[name] = lack
        return out

COMPLETE_MONTH_TABLES: tuple[str, ...] = ("enterprise_monthly", "city_growth", "project_monthly")
"""Tables that must all have rows for a month to count as complete (:meth:`Dataset.latest_period`)."""


@dataclass
class Dataset:
    """Every input table, validated and typed; one attribute per table of the data contract.

    Attributes
    ----------
    cities, city_growth, province_growth, chains, counties, enterprises, enterprise_monthly, enterprise_targets, targets,
    projects, project_monthly, energy_by_fuel, power_coal_rates, problems_log, supervision_tasks,
    base_stations, recognitions, daily_records, material_flows : pandas.DataFrame
        The tables (see ``data/README.md``). An optional table that is absent is an empty frame with the
        contract's columns and dtypes. The table ``problems`` (企业问题台账) is the attribute
        ``problems_log``, because ``problems`` holds the validation warnings; ``dataset.table("problems")``
        returns it too. ``enterprise_monthly`` is a DuckDB relation when loaded so
        (``load_dataset(…, panel="duckdb")``, or ``"auto"`` for a large panel of a store).
    source_dir : Path
        The folder read.
    files : dict
        Table name → file read (absent optional tables are not listed), and ``"confirmations"`` → the
        analyst's ``confirmations.csv`` when there is one (it decides what is accepted, so it is hashed
        and recorded like the tables).
    file_hashes : dict
        Table name → SHA-256 (hex) of the file's bytes, for provenance.
    problems : list of Problem
        The warnings found while validating (errors prevent loading), among them the plausibility
        report (:mod:`gxanalysis.data.plausibility`): the run manifest records them.
    confirmed : list of Problem
        The doubts the analyst confirmed in ``confirmations.csv`` (severity ``"confirmed"``, the note in
        ``fix``), for the manifest.
    window : MonthWindow or None
        None when every table is whole; else the months held of the period tables read for some months
        only (``load_dataset(path, months=…)``): use :meth:`require_months` before computing on them.
    """

    cities: pd.DataFrame
    city_growth: pd.DataFrame
    chains: pd.DataFrame
    enterprises: pd.DataFrame
    enterprise_monthly: pd.DataFrame
    enterprise_targets: pd.DataFrame
    targets: pd.DataFrame
    projects: pd.DataFrame
    project_monthly: pd.DataFrame
    energy_by_fuel: pd.DataFrame
    power_coal_rates: pd.DataFrame
    problems_log: pd.DataFrame
    supervision_tasks: pd.DataFrame
    base_stations: pd.DataFrame
    recognitions: pd.DataFrame
    daily_records: pd.DataFrame
    material_flows: pd.DataFrame
    source_dir: Path
    files: dict[str, Path] = field(default_factory=dict)
    file_hashes: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    counties: pd.DataFrame = field(default_factory=lambda: _empty("counties"))
    province_growth: pd.DataFrame = field(default_factory=lambda: _empty("province_growth"))
    confirmed: list[Problem] = field(default_factory=list)
    window: MonthWindow | None = None

    def require_months(self, needed: Mapping[str, Iterable[Any]], what: str = "this computation") -> None:
        """Refuse a computation that needs months this dataset does not hold (nothing to do when whole).

        Parameters
        ----------
        needed : mapping
            Table name → the months (``Month`` or ``YYYY-MM``) the computation reads of it.
        what : str
            What needs them, for the message.

        Raises
        ------
        PartialDataError
            Naming the tables, the months missing, the months held and the fix (load them, or load the
            whole dataset).
        """
        if self.window is None:
            return
        missing = self.window.missing(needed)
        if missing:
            detail = "; ".join(f"{t}: {', '.join(map(str, ms))} (it holds "
                               f"{', '.join(map(str, self.window.held[t])) or 'no month'})"
                               for t, ms in missing.items())
            raise PartialDataError(f"{what} needs months that the dataset loaded from {self.source_dir} does "
                                   f"not hold — {detail}; load them (load_dataset(..., months=...)) or load "
                                   "the whole dataset (load_dataset without months)")

    def months_present(self, name: str) -> list[Month]:
        """Every month of a period table in the source, oldest first (also those a partial dataset does not
        hold)."""
        if self.window is not None and name in self.window.present:
            return list(self.window.present[name])
        frame = self.table(name)
        if not isinstance(frame, pd.DataFrame):  # a DuckDB relation: its months computed there
            return sorted(Month.parse(m) for (m,) in frame.unique("period").fetchall() if m is not None)
        return sorted(Month.parse(m) for m in frame["period"].dropna().unique())

    def table(self, name: str) -> pd.DataFrame:
        """The frame of one table, by its contract name (e.g. ``"enterprise_monthly"``, ``"problems"``).

        Raises
        ------
        KeyError
            For a name that is not a table of the contract (the message lists the known names).
        """
        table_contract(name)
        return getattr(self, _attribute(name))

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Table name → frame, for every table of the contract, in contract order."""
        return {t.name: self.table(t.name) for t in TABLES}

    @property
    def home_city(self) -> str:
        """Our city: the one row of ``cities`` with ``is_home`` true (是否本市 = 是)."""
        home = self.cities.loc[self.cities["is_home"], "city"]
        return str(home.iloc[0])

    def require_period(self, period: str | Month) -> Month:
        """``period`` as a Month if the enterprise panel has rows for it; else InsufficientDataError naming
        the latest month that has them (so a run is refused before any work starts)."""
        month = Month.parse(period)
        months = self.months_present("enterprise_monthly")
        if month not in months:
            latest = str(months[-1]) if months else "none"
            raise InsufficientDataError(
                f"no enterprise figures for {month} in {self.source_dir}; the latest month in the data is "
                f"{latest}; run with --period {latest} or load that month's data")
        return month

    def latest_period(self) -> Month:
        """The newest complete month: one for which enterprise figures, the province's city growth and
        project investment all have rows.

        Raises
        ------
        InsufficientDataError
            When no month is present in all three tables.

        Examples
        --------
        >>> load_dataset().latest_period()  # doctest: +SKIP
        Month(year=2023, month=4)
        """
        common: set[Month] | None = None
        for name in COMPLETE_MONTH_TABLES:
            months = set(self.months_present(name))
            common = months if common is None else common & months
        if not common:
            raise InsufficientDataError(
                "no month has rows in all of " + ", ".join(COMPLETE_MONTH_TABLES) + f" in {self.source_dir}; "
                "add the same reporting month to each of these tables")
        return Month.parse(max(common))


def _attribute(name: str) -> str:
    return "problems_log" if name == "problems" else name


def _final_dtypes(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy(deep=False)  # copy on write: the columns are shared until one is replaced
    for c in TABLES_BY_NAME[name].columns:
        if c.dtype == "bool":
            s = out[c.name]
            out[c.name] = s.astype(bool) if not s.isna().any() else s
    return out.reset_index(drop=True)


def restrict(dataset: Dataset, months: Mapping[str, Iterable[Any]]) -> Dataset:
    """``dataset`` holding only ``months`` of the period tables named (rows in the same order, the other
    tables shared), with its :class:`MonthWindow`; a partial dataset can be restricted further.

    Raises
    ------
    PartialDataError
        When ``dataset`` is partial and does not hold all of ``months``.
    """
    wanted = period_table_months(months)
    dataset.require_months(wanted, "restricting the dataset")
    held = dict(dataset.window.held) if dataset.window is not None else {}
    present = dict(dataset.window.present) if dataset.window is not None else {}
    frames = {}
    for name, ms in wanted.items():
        frame = dataset.table(name)
        present.setdefault(name, tuple(dataset.months_present(name)))
        ordinals = np.array([pd.Period(str(m), "M").ordinal for m in ms], dtype=np.int64)
        keep = np.isin(frame["period"].array.asi8, ordinals) & frame["period"].notna().to_numpy()
        frames[_attribute(name)] = frame[keep].reset_index(drop=True)
        held[name] = ms
    return dataclasses.replace(dataset, **frames, window=MonthWindow(held, present))


def load_dataset(path: Path | None = None, *, months: Mapping[str, Iterable[Any]] | None = None,
                 panel: str = "pandas") -> Dataset:
    """Validate and load every input table of a folder.

    Parameters
    ----------
    path : Path, optional
        Folder holding ``<table>.csv`` or ``<table>.xlsx`` files, or a store written by ``gx ingest``
        (:mod:`gxanalysis.data.store`: read from Parquet as validated then, refused when its source
        files changed since); default
        :func:`gxanalysis.config.default_data_dir` (``$GX_DATA_DIR``, else the demo city).
    months : mapping, optional
        Period table name → months: the dataset then holds only those months of those tables
        (:attr:`Dataset.window` says so). From a store only their Parquet files are read; a folder is
        validated whole all the same (every rule, every month), then cut to the months.
    panel : {"pandas", "duckdb", "auto"}
        How the enterprise panel ``enterprise_monthly`` is held: a pandas frame (default), a DuckDB relation
        on which the panel figures run in DuckDB (:mod:`gxanalysis.indicators.engine`), or ``"auto"``: from a
        store, DuckDB when the panel's rows read number :data:`~gxanalysis.data.store.LARGE_PANEL_ROWS` or
        more (a folder's panel, validated in memory, stays in pandas).

    Returns
    -------
    Dataset
        Typed frames with English column names; warnings in ``.problems``.

    Raises
    ------
    DataValidationError
        With every problem (errors and warnings) when any error is found; nothing is returned.
    StaleStoreError
        For a store whose source folder changed since it was ingested (a store's ``source_dir`` is the
        store, its ``files`` and ``file_hashes`` name its manifest, which records the source files).
    StoreError
        For a store written under another data contract (the message gives the ``gx ingest`` to run).
    ParameterError
        When ``path`` is not an existing folder, ``months`` names a table that is not a period table, or
        ``panel`` is none of its values.

    Examples
    --------
    >>> ds = load_dataset()  # doctest: +SKIP
    >>> ds.home_city, ds.latest_period()  # doctest: +SKIP
    """
    source = Path(path) if path is not None else config.default_data_dir()
    wanted = period_table_months(months)
    if panel not in PANEL_ENGINES:
        raise ParameterError(f"panel={panel!r} is not allowed; use one of {', '.join(PANEL_ENGINES)}")
    if is_store(source):  # written by gx ingest: the tables as validated then (refused when stale)
        stored = read_store(source, months=wanted, panel=panel)
        window = None
        if wanted:
            window = MonthWindow(wanted, {n: tuple(Month.parse(m) for m in stored.present[n]) for n in wanted})
        return Dataset(**{_attribute(n): f for n, f in stored.frames.items()}, source_dir=source,
                       files={"store": stored.manifest}, file_hashes={"store": stored.manifest_sha256},
                       problems=stored.problems, confirmed=stored.confirmed, window=window)
    from gxanalysis.data.validate import validate_directory  # a folder: every rule checked, every month

    report = validate_directory(source, hasher=file_sha256)  # the files hashed while they are checked
    if not report.ok:
        raise DataValidationError(list(report.problems))
    frames = {_attribute(t.name): _final_dtypes(t.name, report.frames[t.name]) for t in TABLES}
    files = dict(report.files)
    if report.confirmations_file is not None:
        files["confirmations"] = report.confirmations_file
    hashes = {name: report.file_hashes.get(name) or file_sha256(p) for name, p in files.items()}
    dataset = Dataset(**frames, source_dir=source, files=files, file_hashes=hashes,
                      problems=list(report.problems), confirmed=list(report.confirmed))
    dataset = restrict(dataset, wanted) if wanted else dataset
    if panel == "duckdb":
        dataset.enterprise_monthly = relation_of(dataset.enterprise_monthly)
    return dataset
