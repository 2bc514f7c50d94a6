"""Validate the bureau's input tables against the data contract, reporting every problem at once.

:func:`validate_directory` finds ``<table>.csv`` / ``<table>.xlsx`` for every table of
:data:`gxanalysis.data.schema.TABLES` in a folder, reads them (:mod:`gxanalysis.data.readers`) and checks
every rule of the contract; :func:`validate_tables` runs the checks on tables already read. Both return a
:class:`ValidationReport` listing each problem as a :class:`gxanalysis.errors.Problem` (file, row as
the user sees it, column as named in the file, the offending value, what is wrong and how to fix it).

Checks
------
* files: required tables present; not both ``<table>.csv`` and ``<table>.xlsx``; a folder, a broken link
  or another non-file under a table's name is reported as what it is;
* reading (:mod:`gxanalysis.data.readers`): encodings, hidden sheets, formulas without a saved result,
  merged cells, a header below row 1 or on two rows, a header giving another unit;
* columns: unknown headers (with the closest known name), missing required columns, repeated headers;
* cells, by :attr:`Column.dtype <gxanalysis.data.schema.Column.dtype>`: numbers (``1,234.5`` and
  surrounding spaces accepted; ``inf``, ``nan`` and spreadsheet errors such as ``#DIV/0!`` refused),
  whole numbers, 是/否 (true/false, 1/0, Y/N), months (``YYYY-MM``, ``YYYY/M``, ``YYYY年M月``, the first
  day of the month; parsed by :meth:`gxanalysis.periods.Month.parse`), dates (``YYYY-MM-DD``), years
  (``YYYY``), and 统一社会信用代码 (length, characters and check digit, GB 32100-2015, via
  ``stdnum.cn.uscc``);
* text: control characters (C0/C1 controls, zero-width and bidirectional marks; line breaks and tabs in
  codes, names used as keys and categories) are refused with file, row and column: they are invisible in
  Excel and break the workbook written from the data;
* required values, minimum and maximum (every numeric column has both: sign rules and a bound far above
  any real value, so ``1e300`` is refused with the valid range), allowed values;
* a required table with a header and no rows is an error;
* duplicate keys (every repeated row and the first row it repeats);
* foreign keys (:attr:`Column.references`), with the closest known value suggested (traditional and
  simplified characters compared as one), and ``project_monthly.project_id`` in the project list of the
  period's year; county names against ``counties`` (or, without it, the counties of ``enterprises``,
  where two spellings of one name are an error); a county ``targets.scope``;
* completeness of the period tables (:mod:`gxanalysis.data.coverage`): gaps within a year, months
  missing for everyone, January-only enterprises, enterprises leaving during a year, city growth releases
  and 5G counts missing for a city or county;
* units and plausibility (:mod:`gxanalysis.data.plausibility`): values about 10⁴ times what they should
  resemble are errors (unit slips); milder oddities are warnings; both can be confirmed in
  ``confirmations.csv``;
* periods: none before 2000-01, and no reporting month after the current month;
* year-to-date columns (:attr:`Column.cumulative`) that decrease from one month to the next within a
  year for the same enterprise/project (relative tolerance 1e-9), naming both rows (INDICATORS.md §2.3:
  single months are derived by differencing cumulative levels, so a decrease would give a negative
  month);
* date order (a problem is closed and due on or after the day it was raised; a task is completed and
  due on or after the day it was set); exactly one home city; a capacity unit for every design
  capacity.

The checks are vectorised per column; values that must be parsed one by one (months, dates, codes) are
parsed once per distinct value. A cell that fails one check is left out of the checks that build on it,
so that one mistake gives one message.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumValidationError

from gxanalysis.data.checked import (
    UNIT_FACTOR,
    Checked,
    Confirmable,
    combined_key,
    fmt,
    fmt_bound,
    sorted_factorize,
)
from gxanalysis.data.contract_zh import ALLOWED_ZH
from gxanalysis.data.coverage import check_coverage
from gxanalysis.data.messages import Msg, problem_lines, ratio, type_hint
from gxanalysis.data.names import closest_name, name_form
from gxanalysis.data.plausibility import apply_confirmations, check_confirmations, check_units, unit_hint
from gxanalysis.data.readers import (
    SUPPORTED_SUFFIXES,
    RawTable,
    arrow_of,
    arrow_pool,
    is_arrow_text,
    normalise_header,
    read_table,
    release_freed_memory,
)
from gxanalysis.data.schema import CONFIRMATIONS, TABLES, TABLES_BY_NAME, Column, Table
from gxanalysis.errors import DataValidationError, ParameterError, PeriodError, Problem
from gxanalysis.periods import Month

__all__ = [
    "CONFIRMATIONS_FILE",
    "CUMULATIVE_TOLERANCE",
    "EARLIEST_MONTH",
    "TABLE_RULES",
    "ValidationReport",
    "credit_code_problem",
    "empty_frame",
    "find_table_files",
    "validate_directory",
    "validate_tables",
]

EARLIEST_MONTH = Month(2000, 1)
"""No period of an input table may be earlier than this month."""

CUMULATIVE_TOLERANCE = 1e-9
"""Relative tolerance of the check that year-to-date values do not decrease."""

DATE_ORDER: dict[str, tuple[tuple[str, str], ...]] = {
    "problems": (("closed_date", "raised_date"), ("due_date", "raised_date")),
    "supervision_tasks": (("completed_date", "start_date"), ("due_date", "start_date")),
}
"""Per table, pairs ``(later, earlier)`` of date columns: ``later`` must not precede ``earlier``."""

EVENTS: dict[str, tuple[str, ...]] = {
    "projects": ("actual_start",),
    "problems": ("raised_date", "closed_date"),
    "supervision_tasks": ("start_date", "completed_date"),
    "recognitions": ("date",),
    "daily_records": ("date",),
}
"""Per table, the month and date columns of things that have happened: none may lie after the current
month (a closing date typed a year ahead would keep a problem open; planned and due dates may lie ahead)."""

MAX_TEXT = 32767
"""Longest text a cell may hold: Excel's limit, so that every table can be written to the workbook."""

_SERIES_RULES = (
    "within a year, no month missing between two months of the same series, and no month of the table "
    "missing for every series",
    "a series (enterprise, project, fuel) that has rows in a year has one at every later month of the table "
    "in that year (one that left the sample is confirmed in confirmations.csv); a January-only year is an error",
)
_UNIT_RULE = ("values about 10,000 times their base, the month before, the year before or the related "
              "table (元/万元, 亿元/万元) are errors unless confirmed in confirmations.csv")

TABLE_RULES: dict[str, tuple[str, ...]] = {
    "cities": ("exactly one city has `is_home` = 是",),
    "province_growth": ("no `period` after the current month", "at most one row per release month"),
    "city_growth": ("no `period` after the current month",
                    "every city has a row at every release month of the table, and every city of `cities` "
                    "has rows; no release missing between two present ones (no January rows needed)"),
    "counties": ("no two names that differ only in their form (traditional/simplified characters, "
                 "full-width letters, spaces)",),
    "enterprises": ("`capacity_unit` is required when `design_capacity` is given",
                    "`county` must be in `counties` (without `counties`: two spellings of one county, or a county "
                    "of a single enterprise while the others have five or more, are errors)",
                    "`design_output_value` is not about 10,000 times the annualised gross output (unit slip)"),
    "enterprise_monthly": ("no `period` after the current month", *_SERIES_RULES, _UNIT_RULE,
                           "warnings: a value 100 times its base or more (or 1/100 or less), a month's value "
                           "20 times the month before or more (or 1/20 or less), value added above gross output"),
    "enterprise_targets": ("`output_target` is not about 10,000 times the annualised gross output "
                           "(unit slip)",),
    "targets": ("`scope` is 'city', a `chain_id` or `group_id` of `chains`, or a county",
                "a value in % is between -100 and 1000"),
    "projects": ("`county` must be in `counties` (or the counties of `enterprises`)",
                 "`actual_start` is not after the current month",
                 "`annual_plan` and `total_investment` are not about 10,000 times apart (unit slip)"),
    "project_monthly": ("`project_id` must be in `projects` for the year of `period`",
                        "no `period` after the current month", *_SERIES_RULES,
                        "`investment` is not about 10,000 times the project's plan or the month before"),
    "energy_by_fuel": ("no `period` after the current month", *_SERIES_RULES),
    "base_stations": ("no `period` after the current month",
                      "`county` must be in `counties` (or the counties of `enterprises`)",
                      "every county has a row at every month of the table, and every county of `counties` "
                      "has rows; no month missing between two present ones"),
    "problems": ("`closed_date` and `due_date` are on or after `raised_date`",
                 "`raised_date` and `closed_date` are not after the current month"),
    "supervision_tasks": ("`completed_date` and `due_date` are on or after `start_date`",
                          "`start_date` and `completed_date` are not after the current month"),
    "recognitions": ("`date`, when given, is in the year `year` and not after the current month",),
    "daily_records": ("no `date` after the current month",
                      "the daily values of a month are not about 10,000 times the month's gross output "
                      "(unit slip)",),
}
"""Rules that involve more than one column or table (besides keys and references), per table, as
documented in ``data/README.md``. Every month column must also be 2000-01 or later."""

CONFIRMATIONS_FILE = "confirmations"
"""Stem of the analyst's confirmations file beside the data (``confirmations.csv`` or ``.xlsx``)."""

SPREADSHEET_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!",
                                "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!",
                                "#UNKNOWN!"})
"""Excel's error values: a cell holding one is the result of a failed formula, not data."""

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                      "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]")
"""Control characters never accepted in a cell: C0 (except tab, line feed and carriage return) and C1
controls, DEL, zero-width and bidirectional formatting marks, the BOM and interlinear annotation marks."""
_CONTROL_STRICT = re.compile(_CONTROL.pattern[:-1] + "\t\n\r]")
"""As :data:`_CONTROL`, and tabs and line breaks too: for codes, keys, references and categories."""
_TOTAL_WORDS = ("合计", "总计", "小计", "全市", "总计：", "合计：")

_STR_DTYPE = pd.Series([], dtype=str).dtype
_NAT_ORDINAL = np.iinfo(np.int64).min
_TRUE = {"是", "true", "1", "y", "yes", "t", "√"}
_FALSE = {"否", "false", "0", "n", "no", "f", "×"}
_DATE_RE = re.compile(r"^(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})\s*(?:-|/|\.|月)\s*(\d{1,2})\s*日?"
                      r"(?:\s+00:00(?::00)?)?$")
_CODE_RE = re.compile(r"[0-9]{8}[0-9A-HJ-NP-RTUW-Y]{10}")
_THOUSANDS_RE = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")



# --------------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------------
@dataclass
class ValidationReport:
    """Every problem found in a set of input tables.

    Attributes
    ----------
    problems : list of Problem
        Errors and warnings, ordered by table (contract order) and row.
    files : dict
        Table name → file read.
    source : Path or None
        The folder validated (``None`` for :func:`validate_tables` on tables read elsewhere).
    frames : dict
        Table name → the typed frame (English column names; months as ``period[M]``, dates as
        ``datetime64``, whole numbers and years as ``Int64``, 是/否 as ``boolean``). Meaningful only when
        :attr:`ok`; an absent optional table is an empty frame with the contract's columns.
    confirmed : list of Problem
        The doubts (unit slips, implausible changes, exits, empty tables) the analyst confirmed in
        ``confirmations.csv``, with severity ``"confirmed"`` and the analyst's note in ``fix``.
    confirmations_file : Path or None
        The confirmations file read, if any.
    file_hashes : dict
        Table name (and ``"confirmations"``) → the hash of the file, when asked for
        (``validate_directory(…, hasher=…)``); empty otherwise.
    """

    problems: list[Problem] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)
    source: Path | None = None
    frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    confirmed: list[Problem] = field(default_factory=list)
    confirmations_file: Path | None = None
    file_hashes: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def ok(self) -> bool:
        """True when no problem is an error (warnings allowed)."""
        return not self.errors

    def raise_if_errors(self) -> None:
        """Raise :class:`DataValidationError` with every problem when any is an error."""
        if not self.ok:
            raise DataValidationError(list(self.problems))

    def to_frame(self) -> pd.DataFrame:
        """The problems as a table: file, row, column, value, message, fix, severity."""
        cols = ["file", "row", "column", "value", "message", "fix", "severity"]
        frame = pd.DataFrame([[getattr(p, c) for c in cols] for p in self.problems], columns=cols)
        frame["row"] = frame["row"].astype("Int64")
        return frame

    def format(self, max_lines: int | None = 1000, *, lang: str | None = None, grouped: bool = True) -> str:
        """A readable report in the analyst's language: the problems, then a count per file.

        Identical problems of several rows (the same file, column, message and fix, apart from what
        differs from row to row) are one line listing the rows compactly ("16 行（第 3–18 行）").

        Parameters
        ----------
        max_lines : int or None
            At most this many problem lines (``None``: all); the count per file always covers all.
        lang : {"zh", "en"}, optional
            Language of the report (default: :func:`gxanalysis.labels.default_lang`, i.e. ``GX_LANG`` or
            the locale).
        grouped : bool
            Group identical problems of several rows (default); ``False`` gives one line per problem.
        """
        from gxanalysis.labels import check_lang, default_lang

        lang = check_lang(lang or default_lang())

        def say(key: str, **args: object) -> str:
            return Msg(key, **args).text(lang)

        def plural(n: int) -> str:
            return "" if n == 1 else "s"

        lines: list[str] = []
        if self.source is not None:
            lines.append(say("report_checked", source=self.source))
        problem_text = problem_lines(self.problems, lang, grouped=grouped)
        shown = problem_text if max_lines is None else problem_text[:max_lines]
        lines.extend(shown)
        if len(shown) < len(problem_text):
            lines.append(say("report_more", n=len(problem_text) - len(shown)))
        lines.extend(problem_lines(self.confirmed, lang, grouped=False))
        n_tables = len(self.files)
        if self.ok:
            tail = say("report_all_valid", n=n_tables)
            notes = []
            if self.warnings:
                notes.append(say("report_warnings_above", n=len(self.warnings), s=plural(len(self.warnings))))
            if self.confirmed:
                notes.append(say("report_confirmed_count", n=len(self.confirmed), s=plural(len(self.confirmed)),
                                 file=f"{CONFIRMATIONS_FILE}.csv"))
            if notes:
                tail += say("report_notes", notes=("；" if lang == "zh" else "; ").join(notes))
            lines.append(tail)
            return "\n".join(lines)
        counts: dict[str, list[int]] = {}
        for p in self.problems:
            counts.setdefault(p.file, [0, 0])[0 if p.severity == "error" else 1] += 1
        width = max(len(f) for f in counts)
        lines.append("")
        lines.append(say("report_summary"))
        for f, (e, w) in counts.items():
            lines.append(f"  {f:<{width}}  " + say("report_file_counts", errors=e, es=plural(e), warnings=w,
                                                    ws=plural(w)))
        n_e, n_w = len(self.errors), len(self.warnings)
        lines.append(say("report_total", errors=n_e, es=plural(n_e), warnings=n_w, ws=plural(n_w),
                         files=len(counts), fs=plural(len(counts))))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format(lang="en")


# --------------------------------------------------------------------------------------------------
# Finding the files
# --------------------------------------------------------------------------------------------------
def find_table_files(path: Path) -> tuple[dict[str, Path], list[Problem]]:
    """Find ``<table>.csv`` or ``<table>.xlsx`` for every table of the contract in a folder.

    File names are matched case-insensitively; Excel lock files (``~$…``) and hidden files are ignored.

    Returns
    -------
    files : dict
        Table name → file, for every table with exactly one file.
    problems : list of Problem
        Both a CSV and an XLSX for one table (error, the table is not read); files that are not a table
        of the contract (warning, with the closest table name); ``.xls`` files (warning).
    """
    files, problems, _ = _find_files(Path(path))
    return files, problems


def _find_files(path: Path) -> tuple[dict[str, Path], list[Problem], set[str]]:
    # every entry, not only regular files: a folder or a broken link under a table's name is reported as
    # what it is by the reader, not as a missing table
    entries = sorted(p for p in path.iterdir() if not p.name.startswith(("~$", ".")))
    by_lower = {p.name.lower(): p for p in entries}
    files: dict[str, Path] = {}
    problems: list[Problem] = []
    used: set[Path] = set()
    ambiguous: set[str] = set()
    for t in TABLES:
        found = [by_lower[n] for n in (f"{t.name}.csv", f"{t.name}.xlsx") if n in by_lower]
        used.update(found)
        if len(found) == 2:
            ambiguous.add(t.name)
            problems.append(Problem(
                found[0].name, None, None, "",
                Msg("table_two_files", table=t.name, zh=t.zh, a=found[0].name, b=found[1].name),
                Msg("fix_keep_one", a=found[0].name, b=found[1].name)))
        elif found:
            files[t.name] = found[0]
    stems = {t.name: t.name for t in TABLES} | {t.zh: t.name for t in TABLES}
    confirmations = {f"{CONFIRMATIONS_FILE}{s}" for s in SUPPORTED_SUFFIXES}
    for p in entries:
        suffix = p.suffix.lower()
        if p in used or suffix not in (*SUPPORTED_SUFFIXES, ".xls") or p.name.lower() in confirmations:
            continue
        if not p.is_file():
            continue
        if suffix == ".xls":
            problems.append(Problem(p.name, None, None, "", Msg("xls_not_read"), Msg("fix_save_xlsx"), "warning"))
            continue
        close = difflib.get_close_matches(p.stem, list(stems), n=1, cutoff=0.6)
        double = Path(p.stem)
        if double.suffix.lower() in (*SUPPORTED_SUFFIXES, ".xls") and double.stem in stems:
            fix = Msg("fix_double_extension", name=f"{stems[double.stem]}{suffix}")
        elif p.stem in stems:
            fix = Msg("fix_rename_if", name=f"{stems[p.stem]}{suffix}")
        elif close:
            fix = Msg("fix_rename_or_move", name=f"{stems[close[0]]}{suffix}")
        else:
            fix = Msg("fix_name_tables")
        problems.append(Problem(p.name, None, None, "", Msg("not_a_table"), fix, "warning"))
    return files, problems, ambiguous


# --------------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------------
def validate_directory(path: Path, *, current_month: Month | str | None = None,
                       hasher: Callable[[Path], str] | None = None) -> ValidationReport:
    """Validate every input table in a folder and list all problems.

    Parameters
    ----------
    path : Path
        Folder holding ``<table>.csv`` or ``<table>.xlsx`` files (see ``data/README.md``).
    current_month : Month or str, optional
        Reporting months after this one are errors (default: the month of today's date).
    hasher : callable, optional
        A function of a file's path giving its hash (the loader's SHA-256): every file read is hashed
        with it in a second thread while the tables are read and checked
        (:attr:`ValidationReport.file_hashes`).

    Returns
    -------
    ValidationReport
        ``.ok`` is False when any problem is an error; ``.frames`` holds the typed tables.

    Raises
    ------
    ParameterError
        When ``path`` is not an existing folder.
    """
    path = Path(path)
    if not path.is_dir():
        raise ParameterError(Msg("no_folder", path=str(path)))
    try:
        files, problems, failed = _find_files(path)
    except OSError as exc:
        raise ParameterError(Msg("cannot_list", path=str(path),
                                 error=f"{type(exc).__name__}: {exc.strerror or exc}")) from None
    hashing = ThreadPoolExecutor(1, thread_name_prefix="gx-hash") if hasher is not None else None
    try:
        report = _validate_files(path, files, problems, failed, current_month,
                                 (lambda file: hashing.submit(_hash_or_none, hasher, file)) if hashing else None)
    finally:
        if hashing is not None:
            hashing.shutdown(wait=True)
    return report


def _hash_or_none(hasher: Callable[[Path], str], file: Path) -> str | None:
    """``hasher(file)``, or None when the file cannot be read now (the loader then hashes it itself)."""
    try:
        return hasher(file)
    except OSError:
        return None


def _validate_files(path: Path, files: dict[str, Path], problems: list[Problem], failed: set[str],
                    current_month: Month | str | None, hash_later: Callable[[Path], Future] | None
                    ) -> ValidationReport:
    hashes = {name: hash_later(file) for name, file in files.items()} if hash_later else {}
    raws: dict[str, RawTable] = {}
    for name, file in files.items():
        try:
            raws[name] = read_table(file, TABLES_BY_NAME[name], numbers=typed_while_read(TABLES_BY_NAME[name]))
        except DataValidationError as exc:
            problems.extend(exc.problems)
            failed.add(name)
        release_freed_memory()
    confirmations = None
    conf_files = [p for p in (path / f"{CONFIRMATIONS_FILE}{s}" for s in SUPPORTED_SUFFIXES) if p.exists()]
    if len(conf_files) == 2:
        problems.append(Problem(conf_files[0].name, None, None, "",
                                Msg("confirmations_two_files", a=conf_files[0].name, b=conf_files[1].name),
                                Msg("fix_keep_one_of_two")))
    elif conf_files:
        try:
            confirmations = read_table(conf_files[0], CONFIRMATIONS)
        except DataValidationError as exc:
            problems.extend(exc.problems)
    report = validate_tables(raws, current_month=current_month, failed=failed, confirmations=confirmations,
                             release_text=True)  # the tables were read only to be checked
    del raws
    report.problems = _sort(problems + report.problems, files)
    report.confirmations_file = conf_files[0] if confirmations is not None else None
    report.files = dict(files)
    report.source = path
    if hash_later is not None and confirmations is not None:
        hashes["confirmations"] = hash_later(conf_files[0])
    report.file_hashes = {name: value for name, future in hashes.items() if (value := future.result())}
    return report


def validate_tables(tables: Mapping[str, RawTable], *, current_month: Month | str | None = None,
                    failed: Collection[str] = (), confirmations: RawTable | None = None,
                    release_text: bool = False) -> ValidationReport:
    """Check tables already read with :func:`gxanalysis.data.readers.read_table`.

    Parameters
    ----------
    tables : mapping
        Table name → :class:`RawTable`. A required table that is absent is an error.
    current_month : Month or str, optional
        Reporting months after this one are errors (default: the month of today's date).
    failed : collection of str
        Tables whose file exists but could not be read (their problems are reported by the caller): they
        are not reported as missing, and checks that need them are skipped.
    confirmations : RawTable, optional
        The analyst's ``confirmations.csv`` (:data:`gxanalysis.data.schema.CONFIRMATIONS`), read with
        :func:`~gxanalysis.data.readers.read_table`.
    release_text : bool
        Let the text of number columns go from ``tables`` once converted (:meth:`RawTable.release
        <gxanalysis.data.readers.RawTable.release>`; the checks keep it compactly for their messages), for a
        caller that reads the tables only to check them, as :func:`validate_directory`: a large panel is then
        not held twice, as text and as numbers. Default False: ``tables`` are left as they are.

    Returns
    -------
    ValidationReport
        Every problem, and the typed frames (``.frames``) for the loader.
    """
    today = dt.date.today()
    current = Month.parse(current_month) if current_month is not None else Month(today.year, today.month)
    problems: list[Problem] = []
    confirmable: list[Confirmable] = []
    checked: dict[str, Checked] = {}
    for t in TABLES:
        raw = tables.get(t.name)
        if raw is None:
            if t.required and t.name not in failed:
                problems.append(Problem(
                    f"{t.name}.csv", None, None, "",
                    Msg("required_table_missing", table=t.name, zh=t.zh), Msg("fix_add_table", table=t.name)))
            continue
        c = _check_table(raw, current, problems, confirmable, release_text=release_text)
        checked[t.name] = c
        release_freed_memory()
    _check_foreign_keys(checked, problems, failed)
    _check_counties(checked, problems, failed, confirmable)
    _check_scopes(checked, problems)
    for check in (check_coverage, check_units):
        found, doubts = check(checked)
        problems.extend(found)
        confirmable.extend(doubts)
        release_freed_memory()
    confirmed: list[Problem] = []
    if confirmations is not None:
        conf = _check_table(confirmations, current, problems, [], required=False)
        found, index = check_confirmations(conf)
        problems.extend(found)
        problems, confirmed = apply_confirmations(problems, confirmable, index, confirmations.file)
    for chk in checked.values():
        chk.drop_caches()
    release_freed_memory()
    frames = {t.name: (checked[t.name].typed_frame() if t.name in checked else empty_frame(t)) for t in TABLES}
    files = {name: raw.path for name, raw in tables.items()}
    return ValidationReport(_sort(problems, files), files, None, frames, confirmed)


def _sort(problems: list[Problem], files: Mapping[str, Path]) -> list[Problem]:
    order = {}
    for i, t in enumerate(TABLES):
        order[f"{t.name}.csv"] = order[f"{t.name}.xlsx"] = i
    for name, p in files.items():
        order[p.name] = [t.name for t in TABLES].index(name)
    return sorted(problems, key=lambda p: (order.get(p.file, len(TABLES)), p.file,
                                           -1 if p.row is None else p.row))


# --------------------------------------------------------------------------------------------------
# Typed columns
# --------------------------------------------------------------------------------------------------
def _na_series(col: Column, n: int) -> pd.Series:
    if col.dtype in ("str", "credit_code"):
        return pd.Series(np.full(n, np.nan, dtype=object), dtype=_STR_DTYPE)
    if col.dtype in ("int", "year"):
        return pd.Series(pd.array([pd.NA] * n, dtype="Int64"))
    if col.dtype == "float":
        return pd.Series(np.full(n, np.nan))
    if col.dtype == "bool":
        return pd.Series(pd.array([pd.NA] * n, dtype="boolean"))
    if col.dtype == "month":
        return pd.Series(pd.PeriodIndex.from_ordinals(np.full(n, _NAT_ORDINAL, dtype=np.int64), freq="M"))
    if col.dtype == "date":
        return pd.Series(np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]"))
    raise AssertionError(col.dtype)  # pragma: no cover


def _use_one_of(table: str, column: Column) -> Msg:
    """The fix of a value not allowed: the allowed values, in Chinese where the templates offer Chinese ones."""
    coded = {code: zh for zh, code in ALLOWED_ZH.get((table, column.name), {}).items()}
    if not coded:
        return Msg("use_one_of", values=list(column.allowed))
    return Msg("use_one_of", values=Msg("bi", en=", ".join(column.allowed),
                                        zh="、".join(coded.get(v, v) for v in column.allowed)))


def empty_frame(table: Table) -> pd.DataFrame:
    """An empty frame with the table's columns and typed dtypes (for an absent optional table)."""
    return pd.DataFrame({c.name: _na_series(c, 0) for c in table.columns})


def credit_code_problem(code: str) -> str | None:
    """What is wrong with a 统一社会信用代码, or ``None`` when it is valid (GB 32100-2015).

    Checked with ``stdnum.cn.uscc``; the message says whether the length, the characters or the check
    digit is wrong, and gives the expected check digit.

    Examples
    --------
    >>> credit_code_problem("91110000600037341L") is None
    True
    >>> credit_code_problem("91110000600037341X")
    "the check digit (18th character) is 'X' but should be 'L' for the first 17 characters"
    """
    try:
        uscc.validate(code)
        return None
    except StdnumValidationError:
        pass
    c = uscc.compact(code)
    if len(c) != 18:
        return Msg("code_length", n=len(c))
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    bad_head = [Msg("bi", en=f"{i + 1} ({ch!r})", zh=f"{i + 1}（{ch}）") for i, ch in enumerate(c[:8])
                if ch not in "0123456789"]
    bad_tail = [Msg("bi", en=f"{i + 9} ({ch!r})", zh=f"{i + 9}（{ch}）") for i, ch in enumerate(c[8:])
                if ch not in alphabet]
    if bad_head or bad_tail:
        parts = []
        if bad_head:
            parts.append(Msg("code_head", chars=bad_head))
        if bad_tail:
            parts.append(Msg("code_tail", chars=bad_tail))
        return Msg.join(*parts)
    expected = uscc.calc_check_digit(c[:17])
    return Msg("code_check_digit", got=c[17], expected=expected)


_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28], dtype=np.int64)
_USCC_VALUE = np.full(256, -1, dtype=np.int64)
_USCC_VALUE[np.frombuffer(_USCC_ALPHABET.encode("ascii"), dtype=np.uint8)] = np.arange(31)


def valid_credit_codes(values: np.ndarray) -> np.ndarray:
    r"""Which of ``values`` are valid 统一社会信用代码 as written (GB 32100-2015), vectorised.

    A code is 18 characters of the code alphabet, digits in 1–8, and its 18th character is
    :math:`a_{(31 - \sum_{i=1}^{17} w_i a(c_i)) \bmod 31}` with the standard's weights
    :math:`w_i = 3^{i-1} \bmod 31`; the same rule as ``stdnum.cn.uscc``, computed on a byte matrix.
    The invalid ones are explained by :func:`credit_code_problem`.

    Examples
    --------
    >>> valid_credit_codes(np.array(["91110000600037341L", "91110000600037341X", "短"], dtype=object)).tolist()
    [True, False, False]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(values, pa.Array):  # Arrow text already (the distinct values of a column read by Arrow)
        arr = values.cast(pa.large_string())
        ok = np.zeros(len(arr), dtype=bool)
        if not len(arr):
            return ok
    else:
        values = np.asarray(values, dtype=object)
        ok = np.zeros(len(values), dtype=bool)
        if not len(values):
            return ok
        try:  # the lengths and the bytes of the candidates from Arrow, without a Python string per value
            arr = pa.array(values, type=pa.large_string())
        except (pa.ArrowException, TypeError, UnicodeError):  # not all text, or lone surrogates: one by one
            arr = None
    if arr is not None:
        # 18 bytes of ASCII are 18 characters
        cand = np.flatnonzero(np.asarray(pc.and_(pc.equal(pc.binary_length(arr), 18), pc.string_is_ascii(arr))
                                         .fill_null(False), dtype=bool))
        if not len(cand):
            return ok
        picked = arr.take(pa.array(cand))
        start = int(np.frombuffer(picked.buffers()[1], dtype=np.int64)[picked.offset])
        raw = np.frombuffer(picked.buffers()[2], dtype=np.uint8)[start:start + 18 * len(cand)].reshape(-1, 18)
    else:
        cand = np.flatnonzero(np.fromiter((isinstance(v, str) and len(v) == 18 and v.isascii()
                                           for v in values.tolist()), dtype=bool, count=len(values)))
        if not len(cand):
            return ok
        raw = np.frombuffer("".join(values[cand].tolist()).encode("ascii"), dtype=np.uint8).reshape(-1, 18)
    digit = _USCC_VALUE[raw]
    shape = (digit >= 0).all(axis=1) & (digit[:, :8] < 10).all(axis=1)
    check = (31 - (np.where(digit[:, :17] >= 0, digit[:, :17], 0) * _USCC_WEIGHTS).sum(axis=1)) % 31
    ok[cand] = shape & (check == digit[:, 17])
    return ok


def _dictionary_codes(arr) -> tuple[object, np.ndarray]:
    """The distinct values of a column of Arrow text (an Arrow array) and each cell's index into them,
    found in C++ chunk by chunk: Arrow encodes the chunks of a column against one dictionary, so the text
    is not first copied into one chunk (when the chunks' dictionaries differ, it is)."""
    import pyarrow as pa

    encoded = arr.dictionary_encode()
    chunks = encoded.chunks if isinstance(encoded, pa.ChunkedArray) else [encoded]
    if chunks and all(c.dictionary is chunks[0].dictionary or c.dictionary.equals(chunks[0].dictionary)
                      for c in chunks[1:]):
        codes = np.concatenate([np.asarray(c.indices.to_numpy(zero_copy_only=False), dtype=np.intp)
                                for c in chunks])
        return chunks[0].dictionary, codes
    whole = (arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr).dictionary_encode()
    return whole.dictionary, whole.indices.to_numpy(zero_copy_only=False).astype(np.intp)


def _smallest_int(n: int) -> type:
    """The smallest signed integer type holding the codes 0 … n - 1 (and -1): a categorical's codes."""
    return next(t for t in (np.int8, np.int16, np.int32, np.int64) if n <= np.iinfo(t).max)


def _parse_unique(text: pd.Series, parse) -> tuple[np.ndarray, np.ndarray, np.ndarray, list]:
    """Factorise ``text`` and parse each distinct value once.

    ``parse(value) -> (result, reason)``; returns the codes, the distinct values, their parsed values
    and the reasons (``None`` when a value parsed). Valid credit codes are recognised in one vectorised
    pass (:func:`valid_credit_codes`); only the others are parsed one by one, for their reasons.
    """
    dictionary = None
    if is_arrow_text(text):  # Arrow text: the distinct values found in C++, the cells as their codes
        dictionary, codes = _dictionary_codes(arrow_of(text))
        uniques = dictionary.to_numpy(zero_copy_only=False).astype(object)
    else:
        codes, uniques = pd.factorize(np.asarray(text, dtype=object))
    if parse is _code_parse:  # a valid code is its own value; only the others are parsed, for their reasons
        uniques = np.asarray(uniques, dtype=object)
        values, why = uniques.copy(), [None] * len(uniques)
        for i in np.flatnonzero(~valid_credit_codes(uniques if dictionary is None else dictionary)).tolist():
            values[i], why[i] = _code_parse(uniques[i]) if uniques[i] != "" else (None, None)
        return codes, uniques, values, why
    else:
        parsed = [parse(u) if u != "" else (None, None) for u in uniques]
    return (codes, np.asarray(uniques, dtype=object), np.asarray([p[0] for p in parsed], dtype=object),
            [p[1] for p in parsed])


_NORMALISED_TEXT = {
    "month": lambda o: f"{o // 12 + 1970:04d}-{o % 12 + 1:02d}",
    "date": lambda d: str(d.astype("datetime64[D]")),
    "bool": lambda b: "是" if b else "否",
    "year": str,
    "credit_code": str,
}


def _month_parse(s: str) -> tuple[int | None, str | None]:
    try:
        m = Month.parse(s)
    except PeriodError as exc:
        return None, _month_reason(getattr(exc, "reason", ""))
    return (m.year - 1970) * 12 + m.month - 1, None


def _month_reason(reason: str) -> Msg:
    """The reason of :meth:`Month.parse` for refusing a text, as a message."""
    m = re.fullmatch(r"month (\d+) does not exist", reason)
    if m:
        return Msg("month_not_exist", month=m.group(1))
    m = re.fullmatch(r"year (\d+) is not plausible", reason)
    if m:
        return Msg("year_implausible", year=m.group(1))
    return Msg("not_a_month")


def _date_parse(s: str) -> tuple[np.datetime64 | None, str | None]:
    m = _DATE_RE.match(s)
    if not m:
        return None, Msg("not_a_date")
    try:
        d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None, Msg("no_such_day")
    return np.datetime64(d, "ns"), None


def _bool_parse(s: str) -> tuple[bool | None, str | None]:
    low = s.casefold()
    if low in _TRUE:
        return True, None
    if low in _FALSE:
        return False, None
    return None, Msg("not_bool")


def _year_parse(s: str) -> tuple[int | None, str | None]:
    if re.fullmatch(r"\d{4}", s):
        return int(s), None
    return None, Msg("not_a_year")


@functools.lru_cache(maxsize=1 << 16)
def _code_parse(s: str) -> tuple[str | None, str | None]:
    if _CODE_RE.fullmatch(s) and uscc.calc_check_digit(s[:17]) == s[17]:
        return s, None
    reason = credit_code_problem(s)
    return (uscc.compact(s), None) if reason is None else (None, Msg("code_invalid", reason=reason))


def _text_series(values: np.ndarray, missing: np.ndarray) -> pd.Series:
    """Text cells (missing where ``missing``) as a Series of the package's text dtype, built through Arrow
    in one pass (the dtype's ``__from_arrow__``) rather than cell by cell; the same Series as
    ``pd.Series(values, dtype=str)`` with NaN where missing."""
    if not isinstance(_STR_DTYPE, pd.StringDtype) or _STR_DTYPE.storage != "pyarrow":  # pragma: no cover
        return pd.Series(np.where(missing, np.nan, values), dtype=_STR_DTYPE)
    import pyarrow as pa

    try:
        arr = pa.array(values, type=pa.string(), mask=np.asarray(missing, dtype=bool))
    except (pa.ArrowException, TypeError):  # pragma: no cover - a cell that is not text
        return pd.Series(np.where(missing, np.nan, values), dtype=_STR_DTYPE)
    return pd.Series(_STR_DTYPE.__from_arrow__(arr))


def _text_where(text: pd.Series, missing: np.ndarray) -> pd.Series:
    """A text column (a Series of Arrow text or of objects) as the package's text dtype, missing where
    ``missing``; Arrow text stays in Arrow."""
    if is_arrow_text(text):
        if not missing.any():
            return text
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = arrow_of(text)
        kept = pc.if_else(pa.chunked_array([pa.array(missing, type=pa.bool_())]), pa.scalar(None, arr.type), arr,
                          memory_pool=arrow_pool())
        return pd.Series(_STR_DTYPE.__from_arrow__(kept), copy=False)
    return _text_series(np.asarray(text, dtype=object), missing)


class _CompactText:
    """The text of a column kept, once its cells are converted, for the messages of the checks that follow
    (a falling year-to-date value, a unit slip, …) in about half the memory of Arrow text: the bytes of the
    cells as read, each cell's length in one byte and the start of every 256th cell, in place of Arrow's
    8-byte offset per cell. ``iloc[i]`` is the text of cell ``i``, exactly as the Arrow text had it.
    """

    _STEP = 256

    def __init__(self, parts: list[tuple[object, np.ndarray, np.ndarray]], bounds: np.ndarray) -> None:
        self._parts = parts  # per chunk: (data buffer, start of every _STEP-th cell, cell lengths)
        self._bounds = bounds  # first row of each chunk, and the number of rows

    @classmethod
    def of(cls, text: pd.Series) -> _CompactText | None:
        """The compact form of a column of Arrow text; None when it is not Arrow text without missing
        cells, or a cell is longer than 255 bytes (the column is then kept as it is)."""
        import pyarrow as pa

        if not is_arrow_text(text):
            return None
        parts, bounds = [], [0]
        for chunk in arrow_of(text).chunks:
            if chunk.null_count or not (pa.types.is_large_string(chunk.type) or pa.types.is_string(chunk.type)):
                return None
            _, offsets, data = chunk.buffers()
            width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
            ends = np.frombuffer(offsets, dtype=width)[chunk.offset:chunk.offset + len(chunk) + 1] \
                if offsets is not None else np.zeros(1, dtype=width)
            lengths = np.diff(ends)
            if len(lengths) and lengths.max() > 255:
                return None
            parts.append((data if data is not None else pa.py_buffer(b""),
                          ends[:-1:cls._STEP].astype(np.int64), lengths.astype(np.uint8)))
            bounds.append(bounds[-1] + len(chunk))
        return cls(parts, np.asarray(bounds, dtype=np.int64))

    def __len__(self) -> int:
        return int(self._bounds[-1])

    @property
    def iloc(self) -> _CompactText:
        return self

    def __getitem__(self, i: int) -> str:
        i = int(i)
        if not 0 <= i < len(self):
            raise IndexError(i)
        k = int(np.searchsorted(self._bounds, i, side="right")) - 1
        j = i - int(self._bounds[k])
        data, starts, lengths = self._parts[k]
        base = j - j % self._STEP
        start = int(starts[base // self._STEP]) + int(lengths[base:j].sum(dtype=np.int64))
        return data[start:start + int(lengths[j])].to_pybytes().decode("utf-8")

    def tolist(self) -> list[str]:
        return [self[i] for i in range(len(self))]

    def to_numpy(self, dtype: object = object) -> np.ndarray:
        return np.asarray(self.tolist(), dtype=dtype)


_NUMBER_BYTES = np.zeros(256, dtype=bool)
_NUMBER_BYTES[np.frombuffer(b"0123456789+-.eE", dtype=np.uint8)] = True


def _number_bytes(data: np.ndarray) -> bool:
    """Whether every byte of ``data`` is one of ``0-9 + - . e E`` (:data:`_NUMBER_BYTES`), by comparisons
    over the whole buffer (digits and points first: most columns need no more)."""
    ok = (data - np.uint8(48)) < 10
    ok |= data == 46
    if ok.all():
        return True
    ok |= (data == 43) | (data == 45) | ((data | np.uint8(0x20)) == 101)
    return bool(ok.all())


def _arrow_numbers(text: pd.Series, col: Column) -> np.ndarray | None:
    """A column of Arrow text as floats (NaN where empty) when every cell is a plain ASCII number or
    empty, converted in C++ without a Python string per cell; ``None`` otherwise (the cell-by-cell path
    then decides, and explains the bad cells).

    A cell qualifies when it uses only the characters ``0-9 + - . e E`` (checked on the bytes of the
    column at once) and Arrow's cast reads it as a finite number: Arrow's string → float64 cast accepts
    of these only the decimal forms Python's ``float`` reads, correctly rounded as Python rounds them
    (``inf``, ``nan``, full-width digits, ``1_000`` and spaces cannot pass the byte check).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = arrow_of(text)
    for chunk in arr.chunks:
        if not len(chunk):
            continue
        _, offsets, data = chunk.buffers()
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        bounds = np.frombuffer(offsets, dtype=width)[[chunk.offset, chunk.offset + len(chunk)]]
        if data is not None and not _number_bytes(np.frombuffer(data, dtype=np.uint8)[bounds[0]:bounds[1]]):
            return None
    empty = pc.equal(arr, "")
    clean = pc.if_else(empty, pa.scalar(None, arr.type), arr, memory_pool=arrow_pool()) \
        if pc.any(empty).as_py() else arr
    try:
        values = np.array(pc.cast(clean, pa.float64(), memory_pool=arrow_pool()).to_numpy(zero_copy_only=False),
                          dtype=float)  # writable
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    infinite = ~np.isfinite(values)  # NaN where empty
    if infinite.any() and (infinite & ~np.asarray(empty, dtype=bool)).any():
        return None
    return values


def _empty_cells(text: pd.Series) -> np.ndarray:
    """Cells that are ``""``; for Arrow text read off the offsets (a cell of length 0), without comparing."""
    if not is_arrow_text(text):
        return np.asarray(text, dtype=object) == ""
    import pyarrow as pa

    arr = arrow_of(text)
    if arr.null_count or not all(pa.types.is_large_string(c.type) or pa.types.is_string(c.type) for c in arr.chunks):
        return np.asarray(text == "", dtype=bool)
    parts = []
    for chunk in arr.chunks:
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets = np.frombuffer(chunk.buffers()[1], dtype=width)[chunk.offset:chunk.offset + len(chunk) + 1]
        parts.append(offsets[1:] == offsets[:-1])
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|nan")


def _plain_numbers(clean: np.ndarray) -> np.ndarray:
    """Cells that are all plain decimal numbers (or ``"nan"`` for empty) as floats, parsed by Arrow in C++.

    Arrow's string → float64 cast is correctly rounded, as Python's ``float``; it is used only when every
    cell matches the plain ASCII form of a number (checked vectorised), so that nothing Python would read
    differently — full-width digits, ``1_000``, ``inf`` — is read by it. Otherwise the cells are converted
    by ``float`` one by one (raising ``ValueError`` on the first bad cell, for the caller's slow path).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        arr = pa.array(clean, type=pa.string())
    except (pa.ArrowException, TypeError):  # pragma: no cover - not text: Python's float decides
        return np.asarray(clean, dtype=float)
    plain = pc.match_substring_regex(arr, "^(?:" + _PLAIN_NUMBER.pattern + ")$")
    if not pc.all(plain).as_py():
        return np.asarray(clean, dtype=float)
    return np.array(pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False), dtype=float)  # writable


_PLAIN_CELL = "^(?:" + _PLAIN_NUMBER.pattern.removesuffix("|nan") + ")$"
"""A cell that is a plain ASCII decimal number (RE2, for Arrow)."""


def _mixed_numbers(text: pd.Series, col: Column, empty: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """A column of Arrow text in which some cell is not a plain number, converted as the cell-by-cell path
    below converts it, with only those cells in Python: ``(values, bad_commas)``; None if Arrow refuses.

    The plain cells (:data:`_PLAIN_CELL`, found per cell in Arrow) are cast by Arrow, which reads them as
    Python's ``float`` and ``pandas.to_numeric`` do. The others get the column's rules as before: ``%``
    dropped in a column of percentages; then, when one of them is not a number for ``float`` at all, every
    one has its thousands separators checked and removed and is read by ``pandas.to_numeric`` (so that
    ``1_000`` reads as a number only when no other cell of the column needs that path, as before).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = arrow_of(text)
    try:
        plain = pc.match_substring_regex(arr, _PLAIN_CELL, memory_pool=arrow_pool())
        values = np.array(pc.cast(pc.if_else(plain, arr, pa.scalar(None, arr.type)), pa.float64(),
                                  memory_pool=arrow_pool()).to_numpy(zero_copy_only=False), dtype=float)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    others = np.flatnonzero(~np.asarray(plain.to_numpy(zero_copy_only=False), dtype=bool) & ~empty)
    bad_commas = np.zeros(len(values), dtype=bool)
    if not len(others):
        return values, bad_commas
    written = arr.take(pa.array(others)).to_pylist()
    cells = [v[:-1].rstrip() if v.endswith("%") else v for v in written] if col.unit == "%" else list(written)
    try:
        values[others] = np.asarray(cells, dtype=float)
    except (ValueError, TypeError):
        for k, v in enumerate(written):
            if "," in v:
                bad_commas[others[k]] = _THOUSANDS_RE.fullmatch(v) is None
                cells[k] = v.replace(",", "")
        values[others] = pd.to_numeric(np.asarray(cells, dtype=object), errors="coerce")
    return values, bad_commas


def _convert(col: Column, text: pd.Series, chk: Checked | None = None
             ) -> tuple[pd.Series, pd.Series, np.ndarray, dict[int, str]]:
    """Convert stripped text to the column's type.

    Returns ``(typed, normalised text, bad mask, reasons)``; ``reasons`` maps a row position to what is
    wrong with it, or holds key ``-1`` for a reason shared by every bad row. Given ``chk``, a column
    parsed per distinct value records its sorted codes there (:meth:`Checked.seed_codes`).
    """
    n = len(text)
    empty = _empty_cells(text)
    if col.dtype == "str":
        typed = _text_where(text, empty)
        return typed, text, np.zeros(n, dtype=bool), {}
    if col.dtype in ("float", "int"):
        reasons: dict[int, str] = {-1: Msg("not_a_number" if col.dtype == "float" else "not_a_whole_number")}
        fast = _arrow_numbers(text, col) if is_arrow_text(text) else None
        if fast is not None:
            return _typed_numbers(col, fast, np.zeros(n, dtype=bool), empty, reasons, text)
        mixed = _mixed_numbers(text, col, empty) if is_arrow_text(text) else None
        if mixed is not None:
            return _typed_numbers(col, mixed[0], mixed[1], empty, reasons, text)
        clean = np.asarray(text, dtype=object).copy()
        clean[empty] = "nan"
        if col.unit == "%":  # "5.2%" in a column of percentages means 5.2
            clean = np.asarray([v[:-1].rstrip() if v.endswith("%") else v for v in clean.tolist()], dtype=object)
        bad_commas = np.zeros(n, dtype=bool)
        try:  # fast path: every cell is a plain number
            values = _plain_numbers(clean)
        except (ValueError, TypeError):
            values_text = text.tolist()
            has_comma = np.fromiter(("," in v for v in values_text), dtype=bool, count=n)
            for i in np.flatnonzero(has_comma):
                bad_commas[i] = _THOUSANDS_RE.fullmatch(values_text[i]) is None
                clean[i] = values_text[i].replace(",", "")
            values = pd.to_numeric(clean, errors="coerce")
        return _typed_numbers(col, np.asarray(values, dtype=float), bad_commas, empty, reasons, text)
    return _convert_parsed(col, text, empty, chk)


def _typed_numbers(col: Column, values: np.ndarray, bad_commas: np.ndarray, empty: np.ndarray,
                   reasons: dict[int, str], text: pd.Series) -> tuple[pd.Series, pd.Series, np.ndarray,
                                                                       dict[int, str]]:
    """The numbers of a column, their bad cells and reasons (whole numbers: no fraction, at most 2⁵³)."""
    bad = ~empty & (~np.isfinite(values) | bad_commas)
    if col.dtype == "int":
        frac = ~bad & ~empty & (np.floor(np.nan_to_num(values)) != np.nan_to_num(values))
        bad |= frac
        huge = ~bad & ~empty & (np.abs(np.nan_to_num(values)) > 2.0 ** 53)
        unit = f" {col.unit}" if col.unit else ""
        for i in np.flatnonzero(huge):
            reasons[int(i)] = (Msg("above_maximum", name=col.name, zh=col.zh, bound=fmt_bound(col.max), unit=unit)
                               if col.max is not None else Msg("too_large_whole"))
        bad |= huge
    values[bad | empty] = np.nan
    if col.dtype == "int":
        arr = pd.array(np.where(np.isnan(values), 0, values).astype(np.int64), dtype="Int64")
        arr[np.isnan(values)] = pd.NA
        typed = pd.Series(arr)
    else:
        typed = pd.Series(values, copy=False)  # the array converted for this column: no copy
    return typed, text, bad, reasons


def _convert_parsed(col: Column, text: pd.Series, empty: np.ndarray, chk: Checked | None = None
                    ) -> tuple[pd.Series, pd.Series, np.ndarray, dict[int, str]]:
    """Months, dates, 是/否, years and credit codes: each distinct value parsed once."""
    n = len(text)
    parse = {"month": _month_parse, "date": _date_parse, "bool": _bool_parse, "year": _year_parse,
             "credit_code": _code_parse}[col.dtype]
    codes, uniques, parsed, why = _parse_unique(text, parse)
    bad_unique = np.asarray([w is not None for w in why], dtype=bool)
    bad = bad_unique[codes] if len(codes) else np.zeros(0, dtype=bool)
    reasons = {int(i): why[codes[i]] for i in np.flatnonzero(bad)}
    good = ~bad & ~empty
    fmt = _NORMALISED_TEXT[col.dtype]
    if col.dtype == "credit_code":  # a valid code written compactly (fmt is str), the others as written
        norm_unique = np.where(~bad_unique & (uniques != ""), parsed, uniques)
    else:
        norm_unique = np.asarray([fmt(v) if w is None and u != "" else u for u, v, w in zip(
            uniques, parsed, why, strict=True)], dtype=object)
    if len(codes):  # the normalised text as its sorted codes and distinct values (one small int per row)
        rank, sorted_norm = sorted_factorize(norm_unique)
        norm = pd.Series(pd.Categorical.from_codes(
            rank.astype(_smallest_int(len(sorted_norm)))[codes], pd.Index(sorted_norm, dtype=object)))
        if chk is not None:  # the codes the checks sort and match on: the categorical's own
            chk.seed_codes(col.name, norm.cat.codes.to_numpy(), sorted_norm)
            if bool((norm_unique == uniques).all()):
                chk.as_written.add(col.name)
    else:
        norm = pd.Series(np.zeros(0, dtype=object), dtype=object)
    picked = parsed[codes[good]] if good.any() and col.dtype not in ("month", "date") else None
    if col.dtype in ("month", "date"):
        # the typed value of each distinct text, then spread over the rows by the codes
        missing = _NAT_ORDINAL if col.dtype == "month" else np.datetime64("NaT")
        kind = np.int64 if col.dtype == "month" else "datetime64[ns]"
        typed_unique = np.asarray([missing if w is not None or v is None else v for v, w in zip(
            parsed.tolist(), why, strict=True)], dtype=kind)
        vals = typed_unique[codes] if len(codes) else np.zeros(0, dtype=kind)
        if not good.all():
            vals[~good] = missing
        typed = pd.Series(pd.PeriodIndex.from_ordinals(vals, freq="M") if col.dtype == "month" else vals)
    elif col.dtype == "bool":
        arr = pd.array(np.zeros(n, dtype=bool), dtype="boolean")
        if picked is not None:
            arr[good] = picked.astype(bool)
        arr[~good] = pd.NA
        typed = pd.Series(arr)
    elif col.dtype == "year":
        vals = np.zeros(n, dtype=np.int64)
        if picked is not None:
            vals[good] = picked.astype(np.int64)
        arr = pd.array(vals, dtype="Int64")
        arr[~good] = pd.NA
        typed = pd.Series(arr)
    elif is_arrow_text(text) and good.all() and bool((parsed == uniques).all()):
        # every code valid and compact as written: the text is the typed column
        typed = text
    else:  # credit_code
        vals = np.full(n, np.nan, dtype=object)
        if picked is not None:
            vals[good] = picked
        typed = _text_series(vals, ~good)
    return typed, norm, bad, reasons


# --------------------------------------------------------------------------------------------------
# Per-table checks
# --------------------------------------------------------------------------------------------------


def typed_while_read(t: Table) -> frozenset[str]:
    """The number columns of ``t`` that may be typed while their file is read (``read_table(numbers=…)``):
    those whose cells the checks convert with no rule of their own for the text — not keys, references,
    categories or columns with values written in Chinese (:func:`_strict_columns`, ``allowed``,
    :data:`ALLOWED_ZH`). A cell of theirs that is a plain number reads as the same float either way."""
    strict = _strict_columns(t)
    return frozenset(c.name for c in t.columns if c.dtype in ("float", "int") and c.name not in strict
                     and c.allowed is None and (t.name, c.name) not in ALLOWED_ZH)


def _strict_columns(t: Table) -> set[str]:
    """Columns where tabs and line breaks are refused too: keys, references, categories, units of a panel."""
    referenced = {col for other in TABLES for c in other.columns if c.references
                  for tab, col in [c.references] if tab == t.name}
    return (set(t.key) | referenced | {c.name for c in t.columns if c.references or c.allowed}
            | ({t.panel} if t.panel else set()) | set(t.group_for_cumulative))


def _bad_reason(value: str, reason: str, col: Column) -> str:
    """A more precise reason for a cell that could not be converted, when one is known."""
    if value in SPREADSHEET_ERRORS or value.upper() in SPREADSHEET_ERRORS:
        return Msg("spreadsheet_error", value=value)
    control = _CONTROL_STRICT.search(value)
    if control:
        return Msg("reason_control", reason=reason, char=_char_name(control.group()))
    if value.startswith("=") and col.dtype in ("int", "float"):
        return Msg("reason_formula", reason=reason)
    if col.dtype in ("int", "float") and value.strip().lower().lstrip("+-") in ("inf", "infinity", "nan", "∞"):
        return reason
    if col.dtype == "credit_code" and re.fullmatch(r"\d(\.\d+)?[eE]\+?1[67]", value):
        return Msg("code_as_number")
    if value in _TOTAL_WORDS:
        return Msg("reason_total_row", reason=reason, value=value)
    if col.dtype in ("int", "float"):
        m = re.fullmatch(r"\s*([-+]?[\d,]*\.?\d+)\s*(万元|亿元|千元|元|万kWh|kWh|tce|吨|万吨|个)\s*", value)
        if m:
            unit = m.group(2)
            if unit == col.unit:
                return Msg("reason_same_unit", reason=reason, unit=col.unit)
            return Msg("reason_other_unit", reason=reason, given=unit, unit=col.unit or Msg("no_unit"))
    if col.dtype in ("month", "date") and re.fullmatch(r"[2-6]\d{4}(\.0+)?", value):
        return Msg("reason_serial", reason=reason, value=value)
    return reason


_CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BACKSPACE", 0x09: "TAB", 0x0A: "LINE FEED, a line break",
                  0x0B: "VERTICAL TAB", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN, a line break", 0x1B: "ESCAPE",
                  0x7F: "DELETE"}
_CONTROL_NAMES_ZH = {0x09: "制表符", 0x0A: "换行符", 0x0D: "回车符，即换行", 0x200B: "零宽空格", 0x200C: "零宽非连接符",
                     0x200D: "零宽连接符", 0x200E: "从左到右标记", 0x200F: "从右到左标记", 0xFEFF: "字节顺序标记",
                     0x202E: "从右到左覆盖", 0x2060: "零宽不换行"}


def _char_name(ch: str) -> Msg:
    import unicodedata

    name = _CONTROL_NAMES.get(ord(ch)) or unicodedata.name(ch, "") or "a control character"
    return Msg("char_name", code=f"{ord(ch):04X}", name=Msg("bi", en=name,
                                                             zh=_CONTROL_NAMES_ZH.get(ord(ch), "控制字符")))


@functools.lru_cache(maxsize=4)
def _re2_class(pattern: re.Pattern) -> str:
    """A character class of :data:`_CONTROL` / :data:`_CONTROL_STRICT` written for RE2 (Arrow's regular
    expressions): every character as a ``\\x{…}`` code point, ``-`` between two of them a range."""
    body = pattern.pattern[1:-1]
    return "[" + "".join(ch if ch == "-" else f"\\x{{{ord(ch):X}}}" for ch in body) + "]"


def _check_text(chk: Checked, c: Column, s: pd.Series, problems: list[Problem]) -> None:
    """Control characters and spreadsheet error values in a text column."""
    if not len(s):
        return
    strict = c.name in _strict_columns(chk.table)
    pattern = _CONTROL_STRICT if strict else _CONTROL
    if is_arrow_text(s) and not arrow_of(s).null_count:  # searched and measured in C++ (RE2, code points)
        import pyarrow.compute as pc

        arr = arrow_of(s)
        has = np.asarray(pc.match_substring_regex(arr, _re2_class(pattern)), dtype=bool)
        lengths = np.asarray(pc.utf8_length(arr), dtype=np.int64)
    else:
        values = s.tolist()
        # one search over the whole column first: most columns hold no control character at all
        if pattern.search("\u3000".join(values)):
            has = np.fromiter((pattern.search(v) is not None for v in values), dtype=bool, count=len(values))
        else:
            has = np.zeros(len(values), dtype=bool)
        lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    errors = s.isin(SPREADSHEET_ERRORS).to_numpy(dtype=bool)
    long = lengths > MAX_TEXT
    header = chk.header(c.name)
    for i in np.flatnonzero(long):
        problems.append(Problem(chk.file, int(chk.rows[i]), header, str(s.iloc[i])[:40] + "…",
                                Msg("text_too_long", n=int(lengths[i]), limit=MAX_TEXT), Msg("fix_shorten")))
    for i in np.flatnonzero(has):
        value = str(s.iloc[i])
        m = pattern.search(value)
        where = m.start() + 1
        if m.group() in "\t\n\r":
            fix = Msg("fix_remove_break", what=Msg("tab" if m.group() == chr(9) else "line_break"))
        else:
            fix = Msg("fix_remove_control")
        problems.append(Problem(chk.file, int(chk.rows[i]), header, value,
                                Msg("text_control", char=_char_name(m.group()), pos=where), fix))
    for i in np.flatnonzero(errors & ~has):
        value = str(s.iloc[i])
        problems.append(Problem(chk.file, int(chk.rows[i]), header, value, Msg("spreadsheet_error", value=value),
                                Msg("fix_formula")))
    chk.mark(c.name, has | errors | long)


def _check_table(raw: RawTable, current: Month, problems: list[Problem], confirmable: list[Confirmable],
                 *, required: bool | None = None, release_text: bool = False) -> Checked:
    t = raw.table
    file = raw.file
    n = len(raw.data)
    problems.extend(raw.problems)
    present = {c.name for c in t.columns if c.name in raw.data.columns}
    frame: dict[str, pd.Series] = {}
    text: dict[str, pd.Series] = {}
    norm: dict[str, pd.Series] = {}
    bad: dict[str, np.ndarray] = {}
    empty: dict[str, np.ndarray] = {}
    chk = Checked(t, raw, pd.DataFrame(), raw.rows, present, text, norm, bad, empty)

    # Columns: unknown and missing.
    candidates = {c.name: c for c in t.columns} | {c.zh: c for c in t.columns}
    for header in raw.unknown_columns:
        close = difflib.get_close_matches(header, list(candidates), n=1, cutoff=0.5)
        if not close:
            close = difflib.get_close_matches(normalise_header(header), list(candidates), n=1, cutoff=0.5)
        if close:
            c = candidates[close[0]]
            fix = Msg("fix_rename_column", zh=c.zh, name=c.name)
        else:
            fix = Msg("fix_delete_column", headers=[c.zh for c in t.columns])
        problems.append(Problem(file, None, header, "", Msg("unknown_column", header=header, table=t.name, zh=t.zh),
                                fix))
    for c in t.columns:
        if c.required and c.name not in present:
            shown = c.zh if chk.chinese_headers else c.name
            problems.append(Problem(
                file, None, shown, "",
                Msg("required_column_missing", name=c.name, zh=c.zh),
                Msg("fix_add_column", zh=c.zh, name=c.name, description=c.description or c.zh)))
    if n == 0:
        if t.required if required is None else required:
            problem = Problem(
                file, None, None, "",
                Msg("required_table_empty", table=t.name, zh=t.zh),
                Msg("fix_fill_or_confirm_empty", line=f"{t.name},,,,"))
            problems.append(problem)
            confirmable.append(Confirmable(problem, t.name, "", ""))
        else:
            problems.append(Problem(file, None, None, "", Msg("table_empty", table=t.name, zh=t.zh),
                                    Msg("fix_fill_or_delete"), "warning"))

    rows = raw.rows
    strict = _strict_columns(t)
    # Cells.
    for c in t.columns:
        if c.name not in present:
            frame[c.name] = _na_series(c, n)
            text[c.name] = pd.Series([""] * n, dtype=object)
            norm[c.name] = text[c.name]
            bad[c.name] = np.zeros(n, dtype=bool)
            empty[c.name] = np.ones(n, dtype=bool)
            continue
        header = raw.header(c.name)
        stripped = raw.stripped(c.name)
        if c.name in raw.typed:  # read as floats (every cell a plain number or empty): text from the file
            s = raw.cell_text(c.name)
            floats = np.array(stripped, dtype=float)  # written to: bad cells become NaN
            e = np.isnan(floats)
            typed, nm, b, reasons = _typed_numbers(c, floats, np.zeros(n, dtype=bool), e, {-1: Msg(
                "not_a_number" if c.dtype == "float" else "not_a_whole_number")}, s)
            del floats
        else:
            s = stripped if is_arrow_text(stripped) else pd.Series(stripped, dtype=object)
            aliases = ALLOWED_ZH.get((t.name, c.name))
            if aliases:  # the Chinese values of the templates' drop-down lists stand for the codes
                s = s.replace(aliases)
            typed, nm, b, reasons = _convert(c, s, chk)
            e = _empty_cells(s)
        frame[c.name], text[c.name], norm[c.name], bad[c.name] = typed, s, nm, _lean_mask(b)
        empty[c.name] = _lean_mask(e)
        if b.any():
            shared = reasons.get(-1)
            values = np.asarray(s, dtype=object) if c.name not in raw.typed else None
            fix = Msg.join(Msg("write_hint", hint=type_hint(c.dtype)), _range_hint(c),
                           "" if c.required else Msg("leave_empty"),
                           Msg("code_as_text") if c.dtype == "credit_code" else "")
            for i in np.flatnonzero(b):
                value = str(values[i] if values is not None else s.iloc[i])
                problems.append(Problem(file, int(rows[i]), header, value,
                                        _bad_reason(value, reasons.get(int(i), shared) or Msg("invalid_value"), c),
                                        fix))
        if c.dtype == "str":
            _check_text(chk, c, s, problems)
        flagged = raw.flagged.get(c.name)
        if flagged is not None:  # reported by the reader (a formula without a result, a merged cell)
            bad[c.name] = bad[c.name] | flagged
        if c.required:
            missing = empty[c.name] if flagged is None else empty[c.name] & ~flagged
            if missing.any():
                message = Msg("required_value_missing", name=c.name, zh=c.zh)
                fix = (Msg("fill_in_described", hint=type_hint(c.dtype), description=c.description)
                       if c.description else Msg("fill_in", hint=type_hint(c.dtype)))
            for i in np.flatnonzero(missing):
                problems.append(Problem(file, int(rows[i]), header, "", message, fix))
        _check_range(chk, c, frame[c.name], problems)
        if c.allowed is not None:
            ok = ~empty[c.name] & ~s.isin(list(c.allowed)).to_numpy(dtype=bool)
            if ok.any():
                message, fix = Msg("value_not_allowed", name=c.name, zh=c.zh), _use_one_of(t.name, c)
            for i in np.flatnonzero(ok):
                problems.append(Problem(file, int(rows[i]), header, str(s.iloc[i]), message, fix))
        if release_text and c.name in raw.typed:
            raw.release(c.name)
        elif release_text and c.dtype in ("float", "int") and c.name not in strict:
            compact = _CompactText.of(s)  # numbers: their text is needed only for messages from here on
            if compact is not None:
                text[c.name] = norm[c.name] = compact
                raw.release(c.name)
            del s, stripped, nm
            values = None  # the bad cells' text, if any, is in the problems already
        elif release_text and c.dtype == "credit_code" and c.name in chk.as_written and typed is s:
            # every code valid and written compactly: while the checks run the column is its categorical
            # norm (a small integer per row), the text again when the frames are handed out (typed_frame)
            frame[c.name] = text[c.name] = nm
            chk.held_as_codes.add(c.name)
            raw.release(c.name)
            del s, stripped, nm, typed
        elif release_text and c.dtype == "month" and c.name in chk.as_written:
            text[c.name] = nm  # every month written as normalised: its text is the (categorical) norm
            raw.release(c.name)
            del s, stripped, nm
        if n >= _RELEASE_ROWS:  # the conversion's temporaries, before the next column's
            release_freed_memory()
    chk.frame = pd.DataFrame(frame, copy=False)  # the typed columns themselves: a copy would double them

    if t.period_column and t.period_column in present:
        _check_period_range(chk, t.column(t.period_column), current, problems)
    events = EVENTS.get(t.name, ())
    for c in t.columns:
        if c.dtype == "month" and c.name != t.period_column and c.name in present:
            _check_period_range(chk, c, current if c.name in events else None, problems)
        if c.dtype == "date" and c.name in events and c.name in present:
            _check_event_date(chk, c, current, problems)
    if n:
        for check in (_check_duplicates, _check_cumulative, _check_table_rules):
            check(chk, problems)
            if n >= _RELEASE_ROWS:
                release_freed_memory()
    return chk


def _lean_mask(mask: np.ndarray) -> np.ndarray:
    """``mask`` itself, or when no cell is set a new zero mask: numpy takes a large one from the OS as
    zero pages it does not hold until written, and the masks are never written in place, so that the
    bad and empty masks of a long panel's clean columns cost no memory."""
    return mask if len(mask) < _RELEASE_ROWS or mask.any() else np.zeros(len(mask), dtype=bool)


_RELEASE_ROWS = 100_000
"""From this many rows on, a table's check hands freed memory back between its steps (per column, per
rule), so that the temporaries of one step are not piled on those of the next."""


def _range_text(c: Column) -> Msg:
    if c.min is not None and c.max is not None:
        return Msg("range_between", lo=fmt_bound(c.min), hi=fmt_bound(c.max))
    return (Msg("range_at_least", lo=fmt_bound(c.min)) if c.min is not None
            else Msg("range_at_most", hi=fmt_bound(c.max)))


def _range_hint(c: Column) -> Msg | str:
    """The valid range, for the fix of a cell that is not a number."""
    if c.dtype not in ("int", "float") or (c.min is None and c.max is None):
        return ""
    return Msg("range_hint", range=_range_text(c), unit=f" {c.unit}" if c.unit else "")


def _check_range(chk: Checked, c: Column, values: pd.Series, problems: list[Problem]) -> None:
    if c.min is None and c.max is None or c.dtype not in ("int", "float", "year"):
        return
    v = values.to_numpy(dtype=float, na_value=np.nan)
    unit = f" {c.unit}" if c.unit else ""
    for bound, is_min in ((c.min, True), (c.max, False)):
        if bound is None:
            continue
        with np.errstate(invalid="ignore"):
            out = (v < bound) if is_min else (v > bound)
        out &= ~np.isnan(v)
        if not out.any():
            continue
        if is_min and bound == 0:
            msg = Msg("must_not_be_negative", name=c.name, zh=c.zh)
        elif is_min:
            msg = Msg("below_minimum", name=c.name, zh=c.zh, bound=fmt_bound(bound), unit=unit)
        else:
            msg = Msg("above_maximum", name=c.name, zh=c.zh, bound=fmt_bound(bound), unit=unit)
        hint = ""
        if not is_min and c.unit in ("万元", "万kWh", "tce") and bound >= 1e5:
            hint = Msg("unit_hint_in", hint=unit_hint(c.unit, short=True))
        fix = Msg("fix_check_range", range=_range_text(c), unit=unit, hint=hint)
        for i in np.flatnonzero(out):
            problems.append(Problem(chk.raw.file, int(chk.rows[i]), chk.header(c.name),
                                    str(chk.text[c.name].iloc[i]), msg, fix))
        chk.mark(c.name, out)


def _check_period_range(chk: Checked, c: Column, current: Month | None, problems: list[Problem]) -> None:
    per = chk.frame[c.name]
    ords = np.asarray(per.array.asi8 if hasattr(per.array, "asi8") else per.to_numpy(), dtype=np.int64)
    valid = ords != _NAT_ORDINAL
    early = valid & (ords < (EARLIEST_MONTH.year - 1970) * 12 + EARLIEST_MONTH.month - 1)
    for i in np.flatnonzero(early):
        problems.append(Problem(chk.raw.file, int(chk.rows[i]), chk.header(c.name), str(chk.text[c.name].iloc[i]),
                                Msg("month_too_early", month=str(EARLIEST_MONTH)), Msg("fix_year_2000")))
    chk.mark(c.name, early)
    if current is None:
        return
    late = valid & (ords > (current.year - 1970) * 12 + current.month - 1)
    for i in np.flatnonzero(late):
        problems.append(Problem(chk.raw.file, int(chk.rows[i]), chk.header(c.name), str(chk.text[c.name].iloc[i]),
                                Msg("month_ahead", month=str(current)), Msg("fix_year_month")))
    chk.mark(c.name, late)


def _check_event_date(chk: Checked, c: Column, current: Month, problems: list[Problem]) -> None:
    last_day = np.datetime64(current.last_day, "ns")
    values = chk.frame[c.name].to_numpy(dtype="datetime64[ns]")
    late = chk.usable(c.name) & (values > last_day)
    for i in np.flatnonzero(late):
        problems.append(Problem(chk.file, int(chk.rows[i]), chk.header(c.name), str(chk.text[c.name].iloc[i]),
                                Msg("date_ahead", name=c.name, zh=c.zh, month=str(current)),
                                Msg("fix_year_date")))
    chk.mark(c.name, late)


def _key_text(chk: Checked, cols: tuple[str, ...], i: int) -> str:
    return ", ".join(f"{c}={chk.norm[c].iloc[i] if not chk.empty[c][i] else '(empty)'}" for c in cols)


def _key_msg(chk: Checked, cols: tuple[str, ...], i: int) -> Msg:
    """The key of a row in a message: ``credit_code=…, period=…`` (Chinese: ``统一社会信用代码 …、期别 …``)."""
    parts = [Msg("key_part", name=c, zh=chk.table.column(c).zh,
                 value=chk.norm[c].iloc[i] if not chk.empty[c][i] else Msg("empty_key")) for c in cols]
    return Msg.join(*parts, sep=", ")


def _check_duplicates(chk: Checked, problems: list[Problem]) -> None:
    t = chk.table
    if not all(k in chk.present or not t.column(k).required for k in t.key):
        return
    usable = np.ones(len(chk.rows), dtype=bool)
    for k in t.key:
        usable &= ~chk.bad[k]
        if t.column(k).required:
            usable &= ~chk.empty[k]
    # compare the normalised text of the key columns (2023/4 and 2023-04 are one month), as one integer
    # key of their codes; equal keys are neighbours once sorted (stably: the first of each is its first row)
    group, period = list(t.group_for_cumulative), t.period_column
    if period and group and set(t.key) == {*group, period} and len(t.key) == len(group) + 1 \
            and all(k in chk.present and t.column(k).required for k in t.key):
        # a series and its month: the table's series order (the months of these rows are all valid)
        order = chk.series_order(group)
        ordered = order[usable[order]]
        ks = chk.series_key(group)[ordered]
    else:
        pos = np.flatnonzero(usable)
        key = combined_key([chk.codes(k)[pos] for k in t.key])
        order = np.argsort(key, kind="stable")
        ordered, ks = pos[order], key[order]
    same = ks[1:] == ks[:-1]
    if not same.any():
        return
    start = np.r_[True, ~same]
    first_sorted = ordered[start][np.cumsum(start) - 1]
    later, first = ordered[1:][same], first_sorted[1:][same]  # each row that repeats an earlier one
    in_rows = np.argsort(later, kind="stable")
    key_names = [chk.header(k) for k in t.key]
    per = Msg("bi", en=" and ".join(t.key), zh="、".join(t.column(k).zh for k in t.key))
    for p, f in zip(later[in_rows].tolist(), first[in_rows].tolist(), strict=True):
        problems.append(Problem(
            chk.raw.file, int(chk.rows[p]), chk.header(t.key[0]), _key_text(chk, t.key, p),
            Msg("duplicate_key", keys=key_names, first=int(chk.rows[f])),
            Msg("fix_duplicate", keys=per, row=int(chk.rows[p]),
                first=int(chk.rows[f]))))


def _check_cumulative(chk: Checked, problems: list[Problem]) -> None:
    t = chk.table
    cols = [c for c in t.columns if c.cumulative and c.name in chk.present]
    if not cols or not t.period_column or not t.group_for_cumulative:
        return
    group = list(t.group_for_cumulative)
    p = t.period_column
    usable = chk.usable(p)
    for g in group:
        usable &= chk.usable(g)
    if not usable.any():
        return
    ords = np.asarray(chk.frame[p].array.asi8, dtype=np.int64)
    # the usable rows sorted (stably) by series and month: the table's order on integer codes
    order = chk.series_order(group)
    rows = order[usable[order]]

    def consecutive(positions: np.ndarray) -> np.ndarray:
        """Neighbours (in series order) of one series, a later month of the same year (the months and
        codes taken at the positions for the comparison only, none kept for the whole panel)."""
        months = ords[positions]
        same = months[1:] > months[:-1]
        months //= 12
        same &= months[1:] == months[:-1]
        del months
        for g in group:
            codes = chk.codes(g)[positions]
            same &= codes[1:] == codes[:-1]
        return same

    same_all = consecutive(rows)
    for c in cols:
        v = chk.frame[c.name].to_numpy(dtype=float, na_value=np.nan)[rows]
        clean = chk.clean(c.name)
        if not clean.all():
            v[~clean[rows]] = np.nan
        keep = ~np.isnan(v)
        n_keep = int(np.count_nonzero(keep))
        if n_keep < 2:
            continue
        if n_keep == len(v):  # the common case: every row has a value (no copy, no new neighbours)
            positions, same = rows, same_all
        else:
            v, positions = v[keep], rows[keep]
            same = consecutive(positions)
        cur, prev = v[1:], v[:-1]
        # a fall beyond the tolerance is a fall: the tolerance is computed for the falls only
        dec = same & (prev > cur)
        falls = np.flatnonzero(dec)
        tol = CUMULATIVE_TOLERANCE * np.maximum(np.abs(cur[falls]), np.abs(prev[falls]))
        dec[falls] = prev[falls] - cur[falls] > tol
        if not dec.any():
            continue
        header = chk.header(c.name)
        for j in np.flatnonzero(dec):
            i_cur, i_prev = positions[j + 1], positions[j]
            slip = ""
            if cur[j] > 0 and prev[j] / cur[j] >= UNIT_FACTOR:
                slip = (Msg("slip_unit", ratio=ratio(cur[j] / prev[j]), hint=unit_hint(c.unit))
                        if c.unit in ("万元", "万kWh", "tce") else Msg("slip_other", ratio=ratio(cur[j] / prev[j])))
            problems.append(Problem(
                chk.raw.file, int(chk.rows[i_cur]), header, str(chk.text[c.name].iloc[i_cur]),
                Msg("cumulative_falls", name=c.name, zh=c.zh, prev=fmt(prev[j]), prev_month=chk.norm[p].iloc[i_prev],
                    prev_row=int(chk.rows[i_prev]), cur=fmt(cur[j]), month=chk.norm[p].iloc[i_cur],
                    row=int(chk.rows[i_cur]), key=_key_msg(chk, t.group_for_cumulative, i_cur), slip=slip),
                Msg("fix_cumulative", prev_row=int(chk.rows[i_prev]), row=int(chk.rows[i_cur]))))


def _check_table_rules(chk: Checked, problems: list[Problem]) -> None:
    t = chk.table
    file = chk.raw.file
    for later, earlier in DATE_ORDER.get(t.name, ()):
        if later not in chk.present or earlier not in chk.present:
            continue
        a, b = chk.frame[later], chk.frame[earlier]
        wrong = (a.notna() & b.notna() & (a < b)).to_numpy(dtype=bool)
        for i in np.flatnonzero(wrong):
            problems.append(Problem(
                file, int(chk.rows[i]), chk.header(later), str(chk.text[later].iloc[i]),
                Msg("date_before", later=later, later_zh=t.column(later).zh, earlier=earlier,
                    earlier_zh=t.column(earlier).zh, date=chk.norm[earlier].iloc[i]),
                Msg("fix_date_order", later=later, later_zh=t.column(later).zh, earlier=earlier,
                    earlier_zh=t.column(earlier).zh)))
    if t.name == "cities" and "is_home" in chk.present:
        home = chk.frame["is_home"].fillna(False).to_numpy(dtype=bool)
        header = chk.header("is_home")
        if home.sum() == 0 and not chk.bad["is_home"].any():
            problems.append(Problem(file, None, header, "", Msg("no_home_city"), Msg("fix_mark_home")))
        elif home.sum() > 1:
            rows = [int(r) for r in chk.rows[home]]
            for i in np.flatnonzero(home):
                problems.append(Problem(
                    file, int(chk.rows[i]), header, str(chk.text["is_home"].iloc[i]),
                    Msg("many_home_cities", n=int(home.sum()), rows=rows), Msg("fix_one_home")))
    if t.name == "recognitions" and {"date", "year"} <= chk.present:
        dates = chk.frame["date"]
        years = chk.frame["year"].astype("float64").to_numpy(dtype=float, na_value=np.nan)
        ok = chk.usable("date") & chk.usable("year")
        wrong = ok & (dates.dt.year.to_numpy(dtype=float, na_value=np.nan) != years)
        for i in np.flatnonzero(wrong):
            problems.append(Problem(
                file, int(chk.rows[i]), chk.header("date"), str(chk.text["date"].iloc[i]),
                Msg("recognition_year", year=int(years[i]), zh=t.column("year").zh), Msg("fix_recognition_year")))
    if t.name == "targets" and {"value", "unit"} <= chk.present:
        v = chk.values("value")
        pct = (chk.norm["unit"].to_numpy(dtype=object) == "%") & chk.usable("value")
        with np.errstate(invalid="ignore"):
            wrong = pct & ((v < -100) | (v > 1000))
        for i in np.flatnonzero(wrong):
            problems.append(Problem(
                file, int(chk.rows[i]), chk.header("value"), str(chk.text["value"].iloc[i]),
                Msg("target_pct_range"), Msg("fix_target_pct")))
    if t.name == "enterprises" and "design_capacity" in chk.present:
        has_cap = chk.usable("design_capacity")
        no_unit = chk.empty["capacity_unit"]
        for i in np.flatnonzero(has_cap & no_unit):
            problems.append(Problem(
                file, int(chk.rows[i]), chk.header("capacity_unit"), "",
                Msg("capacity_unit_missing"), Msg("fix_capacity_unit")))


# --------------------------------------------------------------------------------------------------
# Names: the closest known value (gxanalysis.data.names)
# --------------------------------------------------------------------------------------------------
_HOW = {"the same name written with traditional characters or in another form": "how_same_form",
        "a similar name": "how_similar"}


def _suggestion(value: str, known: Collection[str], limit: int = 2000) -> Msg | str:
    if len(known) > limit:
        return ""
    name, how = closest_name(value, known)
    return Msg("closest_value", name=name, how=Msg(_HOW[how]) if how in _HOW else how) if name is not None else ""


def _known_values(ref: Checked, column: str) -> list[str]:
    """The non-empty normalised values of a referenced column, in the order of their first row."""
    return list(dict.fromkeys(ref.norm[column][~ref.empty[column]].tolist()))


def _check_references(chk: Checked, column: str, known_list: list[str] | Callable[[], list[str]], ref_file: str,
                      ref_header: str, problems: list[Problem], fix: str,
                      ref: tuple[Checked, str] | None = None) -> None:
    """Values of ``column`` not among the known ones. ``known_list`` may be a function giving them (called
    only when a value is missing, for the suggestions); with ``ref`` (a table and its column whose
    non-empty values are the known ones) each distinct value is looked up there once."""
    child = chk.norm[column]
    use = chk.usable(column)
    if ref is not None:  # the distinct values looked up in the referenced column's (an empty one is not used)
        found = ref[0].lookup(ref[1], chk.uniques(column)) >= 0
        miss = use & ~np.r_[found, False][chk.codes(column)]  # code -1 (missing) → False
    else:
        miss = use & ~chk.isin(column, set(known_list))
    if not miss.any():
        return
    if callable(known_list):
        known_list = known_list()
    suggestions: dict[str, str] = {}
    for value in pd.unique(child[miss].to_numpy(dtype=object))[:200]:
        suggestions[value] = _suggestion(value, known_list)
    for i in np.flatnonzero(miss):
        value = child.iloc[i]
        problems.append(Problem(
            chk.raw.file, int(chk.rows[i]), chk.header(column), str(chk.text[column].iloc[i]),
            Msg("not_in_reference", value=value, file=ref_file, header=ref_header),
            Msg.cat(fix, suggestions.get(value, ""))))
    chk.mark(column, miss)


def _check_foreign_keys(checked: Mapping[str, Checked], problems: list[Problem],
                        failed: Collection[str] = ()) -> None:
    for chk in checked.values():
        t = chk.table
        for c in t.columns:
            if c.references is None or c.name not in chk.present:
                continue
            ref_table, ref_col = c.references
            ref = checked.get(ref_table)
            if ref_table == "counties" and ref is None:
                continue  # checked by _check_counties against the counties of enterprises
            if ref is None or ref_col not in ref.present:
                continue
            known = functools.partial(_known_values, ref, ref_col)
            fix = Msg("fix_add_reference", file=ref.raw.file)
            invalid_rows = [int(r) for r in ref.rows[ref.bad[ref_col]]]
            if invalid_rows:
                shown = [*invalid_rows[:10], *(["…"] if len(invalid_rows) > 10 else [])]
                fix = Msg.cat(fix, Msg("fix_ref_invalid_rows", file=ref.raw.file, rows=shown))
            _check_references(chk, c.name, known, ref.raw.file, ref.header(ref_col), problems, fix, (ref, ref_col))
    pm, pr = checked.get("project_monthly"), checked.get("projects")
    if pm is None or pr is None or not {"project_id", "period"} <= pm.present \
            or not {"project_id", "year"} <= pr.present:
        return
    ok_pr = pr.usable("project_id") & pr.usable("year")
    listed = pd.DataFrame({"project_id": pr.norm["project_id"][ok_pr].to_numpy(dtype=object),
                           "year": pr.frame["year"][ok_pr].to_numpy(dtype=np.int64)})
    years_of = listed.groupby("project_id")["year"].agg(lambda s: sorted(set(s))).to_dict()
    use = pm.usable("project_id") & pm.usable("period")
    ids = pm.norm["project_id"].to_numpy(dtype=object)
    years = pm.frame["period"].array.asi8 // 12 + 1970
    listed_index = pd.MultiIndex.from_arrays([listed["project_id"], listed["year"]])
    found = pd.MultiIndex.from_arrays([ids, years]).isin(listed_index)
    pm.mark("project_id", use & ~found)
    for i in np.flatnonzero(use & ~found):
        pid, year = ids[i], int(years[i])
        if pid in years_of:
            msg = Msg("project_not_in_year", pid=pid, year=year, file=pr.raw.file, years=list(years_of[pid]))
            fix = Msg("fix_project_year", pid=pid, file=pr.raw.file, year=year)
        else:
            msg = Msg("project_not_listed", pid=pid, file=pr.raw.file)
            fix = Msg("fix_project_add", file=pr.raw.file, year=year)
        problems.append(Problem(pm.raw.file, int(pm.rows[i]), pm.header("project_id"),
                                str(pm.text["project_id"].iloc[i]), msg, fix))


def _check_counties(checked: Mapping[str, Checked], problems: list[Problem], failed: Collection[str],
                    confirmable: list[Confirmable]) -> None:
    """County names: in ``counties`` when it is supplied (its own names distinct in form); without it,
    ``projects`` and ``base_stations`` against the counties of ``enterprises``, whose names must not be
    two spellings of one county."""
    counties = checked.get("counties")
    if "counties" in failed:
        return
    if counties is not None:
        if "county" in counties.present:
            _variant_spellings(counties, "county", problems, duplicate=True)
        return
    ent = checked.get("enterprises")
    if ent is None or "county" not in ent.present:
        return
    _variant_spellings(ent, "county", problems, duplicate=False)
    ok = ent.clean("county")
    known = list(dict.fromkeys(ent.norm["county"].to_numpy(dtype=object)[ok].tolist()))
    _lone_counties(ent, problems, confirmable)
    for name in ("projects", "base_stations"):
        chk = checked.get(name)
        if chk is None or "county" not in chk.present:
            continue
        _check_references(chk, "county", known, ent.file, ent.header("county"), problems,
                          Msg("fix_county_as_written", file=ent.file))


LONE_COUNTY_PEERS = 5
"""Without a counties table, a county name that only one enterprise uses, while the median county has at
least this many enterprises, is an error the analyst may confirm: it may be a misspelt or foreign county,
and it would become a county of its own in every figure by county."""


def _lone_counties(ent: Checked, problems: list[Problem], confirmable: list[Confirmable]) -> None:
    ok = ent.clean("county")
    counts = pd.Series(ent.norm["county"].to_numpy(dtype=object)[ok]).value_counts()
    if len(counts) < 2 or counts.median() < LONE_COUNTY_PEERS:
        return
    values = ent.norm["county"].to_numpy(dtype=object)
    for name in counts.index[counts == 1]:
        i = int(np.flatnonzero(ok & (values == name))[0])
        close = _suggestion(name, [k for k in counts.index if k != name])
        key = ent.key(i)
        problem = Problem(
            ent.file, int(ent.rows[i]), ent.header("county"), name,
            Msg("lone_county", name=name, n=int(counts.median())),
            Msg("fix_lone_county", close=close, line=f"enterprises,{key},county,{name},"))
        problems.append(problem)
        confirmable.append(Confirmable(problem, "enterprises", key, "county"))


def _variant_spellings(chk: Checked, column: str, problems: list[Problem], *, duplicate: bool) -> None:
    ok = chk.clean(column)
    if not ok.any():
        return
    values = chk.norm[column].to_numpy(dtype=object)
    counts = pd.Series(values[ok]).value_counts(sort=False)
    forms: dict[str, list[str]] = {}
    for name in counts.index:
        forms.setdefault(name_form(name), []).append(name)
    wrong: dict[str, str] = {}
    for names in forms.values():
        if len(names) < 2:
            continue
        # the spelling used most often (then the simplified one) is taken as the right one
        names.sort(key=lambda n: (-int(counts[n]), n != name_form(n), n))
        for other in names[1:]:
            wrong[other] = names[0]
    if not wrong:
        return
    bad = ok & pd.Series(values).isin(list(wrong)).to_numpy(dtype=bool)
    for i in np.flatnonzero(bad):
        value, right = values[i], wrong[values[i]]
        if duplicate:
            message = Msg("county_two_forms", value=value, right=right)
            fix = Msg("fix_keep_one_row", right=right)
        else:
            message = Msg("county_other_form", value=value, right=right, n=int(counts[right]))
            fix = Msg("fix_write_as", right=right)
        problems.append(Problem(chk.file, int(chk.rows[i]), chk.header(column), str(chk.text[column].iloc[i]),
                                message, fix))
    chk.mark(column, bad)


def _check_scopes(checked: Mapping[str, Checked], problems: list[Problem]) -> None:
    """``targets.scope``: 'city', a chain or chain group, or a county."""
    targets = checked.get("targets")
    chains = checked.get("chains")
    if targets is None or "scope" not in targets.present or chains is None:
        return
    known = ["city"]
    for col in ("chain_id", "group_id"):
        if col in chains.present:
            known += chains.norm[col][chains.usable(col)].tolist()
    counties = checked.get("counties") or checked.get("enterprises")
    if counties is None or "county" not in counties.present:
        return
    known += counties.norm["county"][counties.usable("county")].tolist()
    known = list(dict.fromkeys(known))
    _check_references(targets, "scope", known, Msg("scope_file", file=counties.file), Msg("scope_header"),
                      problems, Msg("fix_scope", file=counties.file))
