"""Read one input table (CSV or XLSX) as text, with the row numbers the user sees.

Every cell is read as text first, so that a value that cannot be converted is reported exactly as it
stands in the file; conversion and every rule of the contract are checked afterwards by
:mod:`gxanalysis.data.validate`.

Accepted files
--------------
* **CSV** in UTF-8 (with or without BOM), GBK or GB18030. The encoding is detected: strict UTF-8 first,
  then GB18030 (a superset of GBK), and only as a last resort a guess by ``charset-normalizer`` (which
  gives a warning). Comma-separated; a file whose header line holds tabs and no comma is read as
  tab-separated.
* **XLSX** through openpyxl: the sheet named after the table (English name, e.g. ``enterprises``, or
  Chinese name, e.g. ``企业名录``), else the first sheet. The header is the first row.

Headers may be the English column names or the Chinese headers of the contract
(:attr:`gxanalysis.data.schema.Column.zh`). Whitespace, BOMs and full-width forms are ignored when
matching them (``工业增加值（可比价）`` matches ``工业增加值(可比价)``), and English names are matched
case-insensitively.

Row numbers
-----------
CSV: the line number, with the header on line 1 (blank lines are counted, since an editor counts them).
XLSX: the Excel row number. Rows that are entirely empty are dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from gxanalysis.data.schema import Table
from gxanalysis.data.schema import table as table_by_name
from gxanalysis.errors import DataValidationError, Problem

__all__ = ["RawTable", "decode_bytes", "normalise_header", "read_table", "read_text", "strip_cells"]

SUPPORTED_SUFFIXES: tuple[str, ...] = (".csv", ".xlsx")
"""File types :func:`read_table` accepts."""

_FIX_ENCODING = ("save the file again as 'CSV UTF-8 (逗号分隔)' in Excel (or as XLSX); "
                 "GBK/GB18030 CSV files are also accepted")


@dataclass
class RawTable:
    """One table as read from its file: every cell as text.

    Attributes
    ----------
    table : Table
        The contract of the table.
    path : Path
        The file read.
    data : pandas.DataFrame
        One column per header of the file, every cell a ``str`` (``""`` when empty, surrounding
        whitespace kept). Columns the contract knows are named with their English name; other columns
        keep their header as written (they are listed in ``unknown_columns``).
    rows : numpy.ndarray
        For every row of ``data``, the row number the user sees (CSV line number with the header on
        line 1; Excel row number).
    headers : dict
        Column of ``data`` → header as written in the file (whitespace and BOM stripped).
    unknown_columns : list of str
        Headers that are not a column of the contract.
    encoding : str or None
        Encoding of a CSV file (``"utf-8-sig"``, ``"gb18030"`` or a guessed one).
    sheet : str or None
        Sheet read from an XLSX file.
    problems : list of Problem
        Problems found while reading (duplicated or blank headers, a guessed encoding).
    """

    table: Table
    path: Path
    data: pd.DataFrame
    rows: np.ndarray
    headers: dict[str, str]
    unknown_columns: list[str] = field(default_factory=list)
    encoding: str | None = None
    sheet: str | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def file(self) -> str:
        """The file name used in problem reports."""
        return self.path.name

    def header(self, column: str) -> str:
        """The header under which ``column`` appears in the file (its English name if absent)."""
        return self.headers.get(column, column)

    def stripped(self, column: str) -> np.ndarray:
        """The cells of ``column`` without surrounding whitespace, as an object array."""
        cache = self.__dict__.setdefault("_stripped", {})
        if column not in cache:
            cache[column] = strip_cells(self.data[column])
        return cache[column]


def normalise_header(text: str) -> str:
    """The form in which headers are compared: NFKC, no whitespace or BOM, case-folded.

    Examples
    --------
    >>> normalise_header("\\ufeff 工业增加值（可比价） ")
    '工业增加值(可比价)'
    >>> normalise_header("Credit_Code")
    'credit_code'
    """
    text = unicodedata.normalize("NFKC", str(text)).replace("\ufeff", "")
    return re.sub(r"\s+", "", text).casefold()


def _clean_header(text: object) -> str:
    """A header as shown back to the user: BOM and surrounding whitespace removed."""
    if text is None:
        return ""
    return str(text).replace("\ufeff", "").strip()


def decode_bytes(data: bytes, *, file: str = "<bytes>") -> tuple[str, str, list[Problem]]:
    """Decode the bytes of a text file: UTF-8 (BOM optional), else GB18030/GBK, else a guess.

    Parameters
    ----------
    data : bytes
        The file's content.
    file : str
        File name for messages.

    Returns
    -------
    text : str
    encoding : str
        ``"utf-8-sig"``, ``"gb18030"`` or the encoding guessed by charset-normalizer.
    problems : list of Problem
        A warning when the encoding had to be guessed.

    Raises
    ------
    DataValidationError
        When no encoding fits; the message lists the encodings tried.
    """
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding, errors="strict"), encoding, []
        except UnicodeDecodeError:
            continue
    guess = None
    try:
        from charset_normalizer import from_bytes

        guess = from_bytes(data).best()
    except Exception:  # pragma: no cover - charset-normalizer failing is not expected
        guess = None
    if guess is not None and guess.encoding:
        warning = Problem(
            file, None, None, "",
            f"the file is neither UTF-8 nor GBK/GB18030; its encoding was guessed as {guess.encoding!r} "
            "(tried utf-8-sig, gb18030, then charset-normalizer)",
            f"check that Chinese characters read correctly, or {_FIX_ENCODING}", "warning")
        return str(guess), str(guess.encoding), [warning]
    raise DataValidationError([Problem(
        file, None, None, "",
        "cannot decode the file: it is not UTF-8 and not GBK/GB18030 (tried utf-8-sig, gb18030, "
        "then charset-normalizer, which found no encoding)", _FIX_ENCODING)])


def read_text(path: Path) -> tuple[str, str]:
    """Read a text file in UTF-8 (BOM optional) or GBK/GB18030; return ``(text, encoding)``.

    Raises
    ------
    DataValidationError
        When the file cannot be decoded (the message lists the encodings tried).
    """
    path = Path(path)
    text, encoding, _ = decode_bytes(path.read_bytes(), file=path.name)
    return text, encoding


def _sniff_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return "\t" if "," not in first and "\t" in first else ","


def _read_csv_cells(path: Path) -> tuple[list[str], pd.DataFrame, np.ndarray, str, list[Problem]]:
    text, encoding, problems = decode_bytes(path.read_bytes(), file=path.name)
    if not text.strip():
        raise DataValidationError([Problem(path.name, None, None, "", "the file is empty: no header row",
                                           "write the column headers on line 1 (see data/templates/)")])
    delimiter = _sniff_delimiter(text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=str, keep_default_na=False,
                            na_filter=False, skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL,
                            engine="c")
    except pd.errors.ParserError as exc:
        m = re.search(r"line (\d+), saw (\d+)", str(exc))
        row = int(m.group(1)) if m else None
        found = f"; it has {m.group(2)} fields" if m else ""
        raise DataValidationError([Problem(
            path.name, row, None, "",
            f"the line does not have as many fields as the header{found} ({exc})",
            "quote values that contain a comma (\"1,234\") or remove the extra separators")]) from None
    frame = frame.fillna("")
    header = [_clean_header(h) for h in frame.iloc[0].tolist()]
    data = frame.iloc[1:].reset_index(drop=True)
    physical = text.count("\n") + (0 if text.endswith("\n") else 1)
    if physical == len(frame):
        rows = np.arange(2, len(data) + 2, dtype=np.int64)  # header is line 1
    else:  # quoted values spanning several lines: number each record by the line it starts on
        rows = _record_start_lines(text, delimiter)[1:]
        if len(rows) != len(data):  # pragma: no cover - csv and pandas disagree on the records
            rows = np.arange(2, len(data) + 2, dtype=np.int64)
    data.columns = range(data.shape[1])
    return header, data, rows, encoding, problems


def _record_start_lines(text: str, delimiter: str) -> np.ndarray:
    """The line on which each CSV record starts (1-based), counting blank lines as records."""
    starts: list[int] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    previous_end = 0
    for _ in reader:
        starts.append(previous_end + 1)
        previous_end = reader.line_num
    return np.asarray(starts, dtype=np.int64)


def _cell_text(value: object, number_format: str | None = None) -> str:
    """An XLSX cell value as the text the user sees (numbers without a spurious ``.0``; a number shown
    as a percentage, ``0.052`` formatted ``0.0%``, as ``5.2%``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float) and number_format and "%" in number_format:
        return f"{value * 100:.12g}%"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.strftime("%Y-%m-%d")
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _read_xlsx_cells(path: Path, table: Table) -> tuple[list[str], pd.DataFrame, np.ndarray, str]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise DataValidationError([Problem(
            path.name, None, None, "", f"cannot open the workbook ({type(exc).__name__}: {exc})",
            "save it again from Excel or WPS as an .xlsx workbook (not .xls or .et), or as CSV UTF-8")]) \
            from None
    try:
        wanted = {normalise_header(table.name), normalise_header(table.zh)}
        sheet = next((ws for ws in wb.worksheets if normalise_header(ws.title) in wanted), wb.worksheets[0])
        records: list[list[str]] = []
        rows: list[int] = []
        header: list[str] = []
        for excel_row, row_cells in enumerate(sheet.iter_rows(), start=1):
            if excel_row == 1:
                header = [_clean_header(_cell_text(c.value)) for c in row_cells]
                continue
            cells = [_cell_text(c.value, getattr(c, "number_format", None)) for c in row_cells]
            if not any(c.strip() for c in cells):
                continue
            records.append(cells)
            rows.append(excel_row)
        title = sheet.title
    finally:
        wb.close()
    width = max([len(header), *(len(r) for r in records)]) if (header or records) else 0
    header = header + [""] * (width - len(header))
    data = pd.DataFrame([r + [""] * (width - len(r)) for r in records], columns=range(width), dtype=str)
    if not header or not any(header):
        raise DataValidationError([Problem(path.name, 1, None, "", f"sheet {title!r} has no header in row 1",
                                           "write the column headers in row 1 (see data/templates/)")])
    return header, data, np.asarray(rows, dtype=np.int64), title


def strip_cells(column: pd.Series) -> np.ndarray:
    """The cells of a text column with surrounding whitespace removed, as an object array."""
    out = np.empty(len(column), dtype=object)
    out[:] = [v.strip() for v in column.tolist()]  # a plain loop: much faster than ``.str.strip()``
    return out


def read_table(path: Path, table: Table | str) -> RawTable:
    """Read one table file (CSV or XLSX) with every cell as text.

    Parameters
    ----------
    path : Path
        ``<table>.csv`` or ``<table>.xlsx``.
    table : Table or str
        The contract of the table (or its name, e.g. ``"enterprises"``).

    Returns
    -------
    RawTable
        Text cells under English column names, the user's row numbers, and the headers as written.

    Raises
    ------
    DataValidationError
        When the file cannot be read at all (encoding, broken CSV line, corrupt workbook); the problem
        names the file and says how to fix it.

    Examples
    --------
    >>> raw = read_table(Path("data/demo/cities.csv"), "cities")  # doctest: +SKIP
    >>> raw.data.columns.tolist()  # doctest: +SKIP
    ['city', 'province', 'is_home']
    """
    path = Path(path)
    contract = table_by_name(table) if isinstance(table, str) else table
    suffix = path.suffix.lower()
    encoding = sheet = None
    problems: list[Problem] = []
    if suffix == ".csv":
        header, cells, rows, encoding, problems = _read_csv_cells(path)
    elif suffix == ".xlsx":
        header, cells, rows, sheet = _read_xlsx_cells(path, contract)
    else:
        raise DataValidationError([Problem(
            path.name, None, None, path.suffix, f"files of type {path.suffix!r} are not read",
            "save the table as .csv (UTF-8 or GBK) or .xlsx")])

    # Drop the rows that are entirely empty (blank lines, ",,," lines, formatted but empty Excel rows).
    stripped = {j: strip_cells(cells[j]) for j in cells.columns}
    filled = {j: v != "" for j, v in stripped.items()}
    if len(cells):
        nonempty = np.zeros(len(cells), dtype=bool)
        for j in cells.columns:
            nonempty |= filled[j]
        if not nonempty.all():
            cells = cells.loc[nonempty].reset_index(drop=True)
            rows = rows[nonempty]
            filled = {j: f[nonempty] for j, f in filled.items()}
            stripped = {j: v[nonempty] for j, v in stripped.items()}

    aliases = {normalise_header(k): v for k, v in contract.header_aliases().items()}
    names: list[str] = []
    headers: dict[str, str] = {}
    unknown: list[str] = []
    keep: list[int] = []
    for j, text in enumerate(header):
        column_has_data = bool(filled[j].any()) if j in filled else False
        if text == "":
            if column_has_data:
                problems.append(Problem(
                    path.name, None, f"#{j + 1}", "", f"column {j + 1} holds values but has no header",
                    "write the column's header in the header row, or delete the column"))
            continue
        name = aliases.get(normalise_header(text), text)
        if name in headers:
            problems.append(Problem(
                path.name, None, text, "",
                f"column {j + 1} repeats the column '{headers[name]}' ({name}); only the first is read",
                "keep one of the two columns"))
            continue
        if name not in contract.column_names:
            unknown.append(text)
        headers[name] = text
        names.append(name)
        keep.append(j)
    data = cells[keep].copy() if keep else pd.DataFrame(index=range(len(cells)))
    data.columns = names
    raw = RawTable(contract, path, data, rows, headers, unknown, encoding, sheet, problems)
    raw._stripped = {name: stripped[j] for name, j in zip(names, keep, strict=True)}
    return raw
