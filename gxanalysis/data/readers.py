"""Read one input table (CSV or XLSX) as text, with the row numbers the user sees.

Every cell is read as text first, so that a value that cannot be converted is reported exactly as it
stands in the file; conversion and every rule of the contract are checked afterwards by
:mod:`gxanalysis.data.validate`. The one exception is a speed-up that changes nothing: in a large plain CSV
the number columns asked for (``read_table(numbers=…)``) are read as floats while the file is read when
every one of their cells is a plain number or empty, and their text is read back from the file only when a
message quotes a cell (:class:`FileCells`); any other file is read as text.

Accepted files
--------------
* **CSV** in UTF-8 (with or without BOM), GBK or GB18030, or UTF-16 with a BOM (Excel's "Unicode text").
  The encoding is detected by :func:`detect_encoding`, the package's one encoding detector (the NBS reader
  uses it too): a BOM first, then strict UTF-8, then GBK and GB18030. Only as a last resort is it
  guessed by ``charset-normalizer`` (with a warning). A file that is UTF-8 in its first part and
  something else further down (lines appended from another program) is refused, naming the line.
  Comma-separated; a file whose header line holds tabs and no comma is read as tab-separated.
* **XLSX** through openpyxl. **Hidden sheets are never read.** The visible sheet named after the table
  (English name, e.g. ``enterprises``, or Chinese name, e.g. ``企业名录``) is read, else the first visible
  sheet other than a ``说明`` sheet; a warning names the sheet read when hidden sheets or other visible
  sheets were passed over. A workbook whose only sheets with data are hidden is an error naming them.
  Cells are read as Excel displays them (the saved result of a formula; a percentage-formatted
  ``0.052`` as ``5.2%``). A formula without a saved result (a workbook written by a program that does
  not calculate) is an error naming the cell, and so are merged cells in the data rows.
* A file whose content does not match its name (a workbook named ``.csv``, a CSV, an HTML page or an
  old ``.xls`` workbook named ``.xlsx``), a folder, a broken link or an unreadable file is an error
  saying what it is.

Headers
-------
The header is normally row 1. Headers may be the English column names or the Chinese headers of the
contract (:attr:`gxanalysis.data.schema.Column.zh`). Whitespace, BOMs and full-width forms are ignored
when matching them (``工业增加值（可比价）`` matches ``工业增加值(可比价)``), English names are matched
case-insensitively, and a unit in brackets after the header is accepted when it is the column's unit
(``工业总产值（万元）``); another unit (``工业总产值（亿元）``) is an error, since the values would be read
in the wrong unit.

When row 1 is not the header, the first rows are searched for it:

* a **title row** (or several) above the header: the table is read from the header row with a warning
  "the header is in row N" when the rows above hold only a title; when they name a unit (``单位：亿元``)
  or hold column names too, the file is refused, since reading it could change figures;
* a **two-row header** (a group heading over sub-headings, usually merged cells, e.g. 工业总产值 over
  本年 / 上年同期): read with a warning when every column combines to exactly one column of the
  contract (``工业总产值`` + ``上年同期`` → ``工业总产值上年同期``; a sub-heading that names no column
  leaves the group heading), otherwise refused naming the headers that do not combine;
* no row that looks like the header at all: one error listing the headers expected (never one
  "unknown column" message per column).

Row numbers
-----------
CSV: the line number, with the header on line 1 (blank lines are counted, since an editor counts them).
XLSX: the Excel row number. Rows that are entirely empty are dropped.
"""

from __future__ import annotations

import codecs
import concurrent.futures as cf
import csv
import ctypes
import datetime as dt
import functools
import io
import re
import sys
import unicodedata
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from gxanalysis.data.messages import Msg
from gxanalysis.data.schema import Table
from gxanalysis.data.schema import table as table_by_name
from gxanalysis.errors import DataValidationError, Problem

__all__ = [
    "INFO_SHEETS",
    "RawTable",
    "decode_bytes",
    "detect_encoding",
    "normalise_header",
    "read_table",
    "read_text",
    "strip_cells",
]

SUPPORTED_SUFFIXES: tuple[str, ...] = (".csv", ".xlsx")
"""File types :func:`read_table` accepts."""

INFO_SHEETS: tuple[str, ...] = ("说明", "填表说明", "填写示例")
"""Sheet names that document a table (as the templates' ``说明`` sheet) and never hold its data."""

HEADER_SEARCH_ROWS = 10
"""How many rows at the top of a file are searched for the header when row 1 is not the header."""

_FIX_ENCODING = Msg("fix_encoding")
_FIX_FORMULA = Msg("fix_formula_result")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MIXED_MIN_CHARS = 20
"""A file that decodes as UTF-8 for at least this many non-ASCII characters and then fails is taken to
mix encodings (GBK text is practically never valid UTF-8 over so many characters)."""

# Units that may follow a header in brackets, and what they are.
_UNIT_RE = re.compile(r"^(?P<base>.+?)[(\[](?:单位[:：]?)?(?P<unit>[^()\[\]]{1,8})[)\]]$")
_KNOWN_UNITS = {"元", "千元", "万元", "亿元", "%", "tce", "吨标准煤", "万吨标准煤", "kgce", "kwh", "万kwh",
                "亿kwh", "千瓦时", "万千瓦时", "亿千瓦时", "个", "吨", "万吨", "gce/kwh", "万立方米", "立方米"}
_UNIT_MENTION = re.compile(r"(?:单位[:：]?|[(\[])\s*(?P<unit>万元|亿元|千元|元|万kwh|亿kwh|kwh|万千瓦时|亿千瓦时|千瓦时|"
                           r"万吨标准煤|吨标准煤|tce|%)")
"""A unit stated in a title row (after 单位： or in brackets), matched on the normalised text."""


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
        Encoding of a CSV file (``"utf-8-sig"``, ``"gb18030"``, ``"utf-16"`` or a guessed one).
    sheet : str or None
        Sheet read from an XLSX file.
    problems : list of Problem
        Problems found while reading (duplicated or blank headers, a guessed encoding, a header found
        below row 1, sheets not read, formulas without a saved result, merged cells).
    flagged : dict
        Column → boolean mask over the rows of ``data``: cells already reported by the reader (a formula
        without a result, a merged cell); validation does not report them again as missing.
    header_row : int
        The row (as the user sees it) of the header (of its last row for a two-row header).
    typed : dict
        Number columns read as floats while the file was read (``read_table(..., numbers=…)`` on a large
        plain CSV): column → its field in the file's lines. Their ``data`` column is ``float64`` (NaN where
        empty), and their text, needed only for messages, is read back from the file (:meth:`cell_text`).
    delimiter : str
        The CSV delimiter (for :meth:`cell_text`).
    stamp : tuple or None
        Size and modification time (ns) of the file when it was read, for :meth:`cell_text`.
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
    flagged: dict[str, np.ndarray] = field(default_factory=dict)
    header_row: int = 1
    typed: dict[str, int] = field(default_factory=dict)
    delimiter: str = ","
    stamp: tuple[int, int] | None = None

    @property
    def file(self) -> str:
        """The file name used in problem reports."""
        return self.path.name

    def header(self, column: str) -> str:
        """The header under which ``column`` appears in the file (its English name if absent)."""
        return self.headers.get(column, column)

    def renumbered(self, path: Path, rows: np.ndarray, problems: list[Problem],
                   stamp: tuple[int, int] | None) -> RawTable:
        """The same cells as the lines ``rows`` of ``path``: a table read from a copy of some of that file's
        lines (the months an append checks against, and the new month) is reported as that file's.

        The stripped cells are kept, not made again; the text of a column typed while read is read back from
        ``path`` (:meth:`cell_text`), whose size and modification time must then be ``stamp``.
        """
        out = replace(self, path=Path(path), rows=rows, problems=problems, stamp=stamp if self.typed else self.stamp)
        if "_stripped" in self.__dict__:
            out._stripped = self._stripped
        return out

    def cell_text(self, column: str) -> FileCells:
        """The text of a number column typed while it was read (``column in typed``), cell by cell from the
        file (:class:`FileCells`): ``cell_text(c).iloc[i]`` is cell ``i`` as the text reader gives it,
        stripped."""
        return FileCells(self.path, self.delimiter, self.typed[column], self.rows, self.stamp)

    def stripped(self, column: str) -> np.ndarray | pd.Series:
        """The cells of ``column`` without surrounding whitespace (:func:`strip_cells`): an object array,
        or a Series of pyarrow-backed text for a column read by the Arrow CSV reader."""
        cache = self.__dict__.setdefault("_stripped", {})
        if column not in cache:
            cache[column] = strip_cells(self.data[column])
        return cache[column]

    def release(self, column: str) -> None:
        """Let the text of ``column`` go (the column leaves ``data``): for validation of a table read only to be
        checked, once the column is converted and its text is kept, compactly, where messages need it
        (:func:`gxanalysis.data.validate.validate_tables` with ``release_text``)."""
        if column in self.data.columns:
            del self.data[column]
        self.__dict__.get("_stripped", {}).pop(column, None)


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


# --------------------------------------------------------------------------------------------------
# Encodings: the package's one detector
# --------------------------------------------------------------------------------------------------
def detect_encoding(data: bytes) -> str:
    """The encoding of a text file, from its bytes: the package's one encoding detector.

    Tried in this order: a byte-order mark (``"utf-8-sig"``, ``"utf-16"``), strict UTF-8
    (``"utf-8"``), GBK (``"gbk"``, what Excel and the NBS portal write on a Chinese Windows) and GB18030
    (``"gb18030"``, GBK's superset). Chinese text in GBK is practically never valid UTF-8, so the order
    is safe. The name returned is the most specific one: GBK bytes are ``"gbk"`` even though
    ``"gb18030"`` decodes them too.

    Parameters
    ----------
    data : bytes
        The file content.

    Returns
    -------
    str
        A Python codec name.

    Raises
    ------
    UnicodeDecodeError
        When none of them decodes the bytes (for UTF-8 text followed by bytes in another encoding, the
        error of the UTF-8 decoder, so that its position points at the first foreign byte).

    Examples
    --------
    >>> detect_encoding("指标".encode("gbk")), detect_encoding("指标".encode("utf-8"))
    ('gbk', 'utf-8')
    >>> detect_encoding(codecs.BOM_UTF8 + "指标".encode()), detect_encoding("指标".encode("utf-16"))
    ('utf-8-sig', 'utf-16')
    """
    if data.startswith(codecs.BOM_UTF8):
        data[len(codecs.BOM_UTF8):].decode("utf-8")
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data.decode("utf-16")
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _mostly_utf8(data, utf8_error.start):
        raise utf8_error
    for enc in ("gbk", "gb18030"):
        try:
            data.decode(enc)
        except UnicodeDecodeError:
            continue
        return enc
    raise utf8_error


def _mostly_utf8(data: bytes, failed_at: int) -> bool:
    """Whether ``data[:failed_at]`` (valid UTF-8) holds many non-ASCII characters: UTF-8 text that
    another encoding continues."""
    prefix = data[:failed_at]
    if prefix.isascii():
        return False
    chars = prefix.decode("utf-8-sig")
    return sum(1 for ch in chars if ord(ch) > 127) >= _MIXED_MIN_CHARS


_CODEC = {"utf-8": "utf-8-sig", "utf-8-sig": "utf-8-sig", "gbk": "gb18030", "gb18030": "gb18030",
          "utf-16": "utf-16"}


def decode_bytes(data: bytes, *, file: str = "<bytes>") -> tuple[str, str, list[Problem]]:
    """Decode the bytes of a text file: UTF-8 (BOM optional), GBK/GB18030, UTF-16 with BOM, else a guess.

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
        The codec that decoded the file: ``"utf-8-sig"`` (UTF-8 with or without BOM), ``"gb18030"``
        (GBK or GB18030), ``"utf-16"`` or the encoding guessed by charset-normalizer.
    problems : list of Problem
        A warning when the encoding had to be guessed.

    Raises
    ------
    DataValidationError
        When the content is not text (a workbook, NUL bytes), mixes UTF-8 with another encoding (the
        line is named), or no encoding fits (the message lists the encodings tried).
    """
    not_text = _binary_kind(data)
    if not_text:
        raise DataValidationError([Problem(file, None, None, "", not_text[0], not_text[1])])
    try:
        name = detect_encoding(data)
        return data.decode(_CODEC[name]), _CODEC[name], []
    except UnicodeDecodeError as exc:
        # utf-8-sig counts the position after its BOM: the byte of the file is that many further on
        start = exc.start + (len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0)
        if exc.encoding.replace("-", "") == "utf8" and _mostly_utf8(data, start):
            line = data[:start].count(b"\n") + 1
            raise DataValidationError([Problem(
                file, line, None, repr(data[start:start + 8]),
                Msg("mixed_encodings", line=line, byte=start), Msg("fix_mixed_encodings"))]) from None
    guess = None
    try:
        from charset_normalizer import from_bytes

        guess = from_bytes(data).best()
    except Exception:  # pragma: no cover - charset-normalizer failing is not expected
        guess = None
    if guess is not None and guess.encoding:
        warning = Problem(
            file, None, None, "",
            Msg("encoding_guessed", encoding=str(guess.encoding)), Msg("fix_encoding_guessed", fix=_FIX_ENCODING),
            "warning")
        return str(guess), str(guess.encoding), [warning]
    raise DataValidationError([Problem(
        file, None, None, "",
        Msg("cannot_decode"), _FIX_ENCODING)])


def _binary_kind(data: bytes) -> tuple[str, str] | None:
    """(message, fix) when ``data`` are not a text file at all, else None."""
    if data.startswith(_ZIP_MAGIC):
        return Msg("csv_is_zip"), Msg("fix_csv_is_zip")
    if data.startswith(_OLE_MAGIC):
        return Msg("csv_is_ole"), Msg("fix_csv_is_ole")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in data[:65536]:
        return Msg("csv_has_nul"), _FIX_ENCODING
    return None


def read_text(path: Path) -> tuple[str, str]:
    """Read a text file in UTF-8 (BOM optional), GBK/GB18030 or UTF-16; return ``(text, encoding)``.

    Raises
    ------
    DataValidationError
        When the file cannot be read or decoded (the message lists the encodings tried).
    """
    path = Path(path)
    text, encoding, _ = decode_bytes(_read_bytes(path), file=path.name)
    return text, encoding


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataValidationError([_os_problem(path, exc)]) from None


def _os_problem(path: Path, exc: OSError) -> Problem:
    reason = exc.strerror or type(exc).__name__
    return Problem(path.name, None, None, "", Msg("cannot_read_file", error=f"{type(exc).__name__}: {reason}"),
                   Msg("fix_cannot_read_file"))


# --------------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------------
def _sniff_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return "\t" if "," not in first and "\t" in first else ","


@dataclass
class _Grid:
    """Every row of a file as text (row 1 included), before the header is chosen."""

    cells: pd.DataFrame
    rows: np.ndarray
    encoding: str | None = None
    sheet: str | None = None
    problems: list[Problem] = field(default_factory=list)
    # (grid position, column index) → problem, for cells the reader reports itself
    cell_problems: dict[tuple[int, int], Problem] = field(default_factory=dict)
    # merged ranges as (first row, first column, last row, last column), grid positions and 0-based columns
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden_sheets: list[str] = field(default_factory=list)
    # (first row, header rows, header, problems) when the header was located while reading (a typed read)
    located: tuple[int, int, list[str], list[Problem]] | None = None
    whitespace: bool = True  # a cell may need stripping


def _read_csv_grid(path: Path) -> _Grid:
    scan = _scan_utf8(path)
    if scan is not None:  # plain UTF-8: pyarrow reads the file itself, never held whole
        fast = _read_csv_arrow(scan, scan.delimiter)
        if fast is not None:
            return _Grid(fast[0], fast[1], encoding="utf-8-sig", problems=[])
    text, encoding, problems = decode_bytes(_read_bytes(path), file=path.name)
    if not text.strip():
        raise DataValidationError([Problem(path.name, None, None, "", Msg("file_empty"),
                                           Msg("fix_header_line_1"))])
    delimiter = _sniff_delimiter(text)
    if scan is None:  # another encoding (GBK …): its text, encoded as UTF-8 for pyarrow
        fast = _read_csv_arrow(text, delimiter)
        if fast is not None:
            return _Grid(fast[0], fast[1], encoding=encoding, problems=problems)
    options = dict(sep=delimiter, header=None, dtype=str, keep_default_na=False, na_filter=False,
                   skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL, engine="c")
    try:
        try:
            frame = pd.read_csv(io.StringIO(text), **options)
        except pd.errors.ParserError:
            width = _short_title_width(text, delimiter)
            if width is None:
                raise
            frame = pd.read_csv(io.StringIO(text), names=list(range(width)), **options)
    except pd.errors.ParserError as exc:
        m = re.search(r"line (\d+), saw (\d+)", str(exc))
        eof = re.search(r"EOF inside string starting at row (\d+)", str(exc))
        if eof:
            row = _record_start_lines(text, delimiter, limit=int(eof.group(1)) + 1)[-1]
            raise DataValidationError([Problem(
                path.name, int(row), None, "",
                Msg("quote_not_closed"), Msg("fix_quote"))]) from None
        row = int(m.group(1)) if m else None
        found = Msg("fields_found", n=m.group(2)) if m else ""
        raise DataValidationError([Problem(
            path.name, row, None, "",
            Msg("fields_mismatch", found=found, error=str(exc)), Msg("fix_fields"))]) from None
    frame = frame.fillna("")
    physical = text.count("\n") + (0 if text.endswith("\n") else 1)
    if physical == len(frame):
        rows = np.arange(1, len(frame) + 1, dtype=np.int64)
    else:  # quoted values spanning several lines: number each record by the line it starts on
        rows = _record_start_lines(text, delimiter)
        if len(rows) != len(frame):  # pragma: no cover - csv and pandas disagree on the records
            rows = np.arange(1, len(frame) + 1, dtype=np.int64)
    frame.columns = range(frame.shape[1])
    return _Grid(frame, rows, encoding=encoding, problems=problems)


_SCAN_BLOCK = 1 << 23
"""Bytes read at a time when a CSV file is checked before pyarrow reads it (8 MiB)."""

@dataclass
class _Utf8Scan:
    """What reading a CSV needs to know of a file that is plain UTF-8 text, found on its bytes."""

    path: Path
    delimiter: str
    width: int  # fields of the first line
    lines: int  # physical lines, as ``text.count("\n")`` plus one for a last line without a line break
    spans_lines: bool  # the file holds a quote: a quoted value may span lines (_quotes_close_on_their_line)
    whitespace: bool = True  # some byte may be whitespace str.strip removes (if not, no cell needs stripping)
    nul: bool = False  # a NUL byte past the first 64 KiB (the first are refused)
    lone_cr: bool = False  # a carriage return that does not end a line (CRLF)


_STRIPPED_ASCII = (b" ", b"\t", b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", b"\x1f")
"""The ASCII bytes ``str.strip`` removes, other than line breaks (any non-ASCII byte may be whitespace too)."""

_PLAIN_ASCII = bytes(b for b in range(128) if bytes([b]) not in (b"\n", b"\r", b'"', b"\x00", *_STRIPPED_ASCII))
"""The ASCII bytes the scan need not look at, deleted from each block in one pass (none is whitespace)."""


def _scan_utf8(path: Path) -> _Utf8Scan | None:
    """Check a CSV file block by block on its bytes, without holding it whole: ``None`` unless it is
    UTF-8 (one BOM optional) text with something other than whitespace in it, and not a file
    :func:`decode_bytes` would refuse or explain (a workbook, NUL bytes in its head, UTF-16) — that path
    then reads the whole file, decodes it and reports what it finds.

    The findings are those of the decoded text (the first line, the delimiter, the number of lines, a
    quote, whitespace, a NUL, a carriage return alone), so that pyarrow can read the file itself and only
    the cells are held. Each block is looked at through one ``bytes.translate`` that keeps only the bytes
    that matter (line breaks, quotes, NUL, whitespace, non-ASCII), and is decoded — incrementally, so that a
    character may be split between blocks — only where it is not ASCII.
    """
    decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")  # one BOM at the start is not content
    lines = crs = crlfs = offset = 0
    quotes = whitespace = content = nul = False
    tail = b""
    try:
        with open(path, "rb") as f:
            # one buffer, read into block after block (no fresh memory per block); first the head, what
            # decode_bytes looks at first
            buffer = bytearray(max(_SCAN_BLOCK, 1 << 16))
            n = f.readinto(buffer)
            head = buffer if n == len(buffer) else buffer[:n]
            if _binary_kind(head) is not None or head.startswith(
                    (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8 * 2)):  # a second BOM: kept as text
                return None
            end = head.find(b"\n")
            if end < 0 and n == len(buffer):  # a first line longer than the head
                return None
            first_line = bytes(head[:end if end >= 0 else n])
            del head
            f.seek(0)
            blocks = memoryview(buffer)[:_SCAN_BLOCK]
            while n := f.readinto(blocks):
                block = buffer if n == len(buffer) else buffer[:n]
                special = block.translate(None, _PLAIN_ASCII)
                nul = nul or b"\x00" in special
                lines += special.count(b"\n")
                cr = special.count(b"\r")
                if cr:
                    crs += cr
                    crlfs += block.count(b"\r\n")
                crlfs += tail == b"\r" and block.startswith(b"\n")  # a line break split between two blocks
                quotes = quotes or b'"' in special
                content = content or len(special) < len(block) or b'"' in special or nul
                ascii_block = special.isascii()
                whitespace = whitespace or not ascii_block or any(b in special for b in _STRIPPED_ASCII)
                if not ascii_block or offset < len(codecs.BOM_UTF8) or decoder.getstate()[0]:
                    text = decoder.decode(block)  # UnicodeDecodeError: not UTF-8
                    content = content or bool(text.strip())
                offset += len(block)
                tail = bytes(block[-1:])
            decoder.decode(b"", final=True)
    except (OSError, UnicodeDecodeError):
        return None
    if not content:
        return None
    try:
        header = first_line.decode("utf-8-sig")
    except UnicodeDecodeError:  # pragma: no cover - checked above
        return None
    delimiter = _sniff_delimiter(header)
    return _Utf8Scan(path, delimiter, header.count(delimiter) + 1, lines + (0 if tail == b"\n" else 1), quotes,
                     whitespace, nul, crs != crlfs)


def _read_csv_arrow(source: str | _Utf8Scan, delimiter: str) -> tuple[pd.DataFrame, np.ndarray] | None:
    """The cells of a well-formed CSV as text columns, read by pyarrow's multithreaded CSV reader: a file
    of plain UTF-8 text checked by :func:`_scan_utf8` (pyarrow reads it in blocks, skipping one BOM: the
    file is never held whole), or a decoded text (a file in another encoding, encoded as UTF-8 for it).

    pyarrow reads the columns in C++ straight into Arrow string arrays (no per-cell Python work while
    parsing), and its types, memory format and Parquet writer are those DuckDB and the store use, with
    wheels for Windows. Every cell stays text, exactly as written (no type inference, no NA values, blank
    lines kept as rows). Returns None — and the file is read by the pandas path, whose errors name the
    line — when the file is not a plain rectangle: a ragged line, a quote spanning lines, a title row
    shorter than the header.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if isinstance(source, _Utf8Scan):
        if source.spans_lines and not _quotes_close_on_their_line(source.path):
            return None
        width, physical = source.width, source.lines
    else:
        text = source
        if '"' in text and re.search(r'"[^"\n]*\n', text):  # a quoted value may span lines: keep the line numbers
            return None
        width = text.split("\n", 1)[0].count(delimiter) + 1
        physical = text.count("\n") + (0 if text.endswith("\n") else 1)
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # pragma: no cover - lone surrogates: the pandas path reports them
            return None
    names = [str(j) for j in range(width)]
    try:
        with pa.OSFile(str(source.path), "r") if isinstance(source, _Utf8Scan) else io.BytesIO(data) as stream:
            reader = pacsv.open_csv(
                stream,
                read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
                parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char='"', double_quote=True,
                                                 escape_char=False, newlines_in_values=False,
                                                 ignore_empty_lines=False),
                convert_options=pacsv.ConvertOptions(column_types={c: pa.large_string() for c in names},
                                                     strings_can_be_null=False, quoted_strings_can_be_null=False,
                                                     null_values=[]),
                # the cells live as long as the table is checked: the system allocator returns them to the OS
                # when they are freed (a pooling allocator would keep the largest table's memory to the end)
                memory_pool=arrow_pool())
            batches = []
            for batch in reader:  # block by block, the parser's working memory handed back after each
                batches.append(batch)
                release_freed_memory()
            table = pa.Table.from_batches(batches, schema=reader.schema)
            del batches
    except (pa.ArrowInvalid, pa.ArrowException, OSError):
        return None
    if table.num_rows != physical:
        return None
    frame = pd.DataFrame({j: _arrow_text(table.column(j)) for j in range(width)})
    frame.columns = range(width)
    return frame, np.arange(1, len(frame) + 1, dtype=np.int64)


TYPED_MIN_BYTES = 1 << 22
"""A CSV file from this size on (4 MiB) has the number columns it is asked for typed while it is read
(:func:`_read_csv_typed`); smaller files are read as text only (it would save nothing there)."""


def _read_csv_typed(path: Path, table: Table, numbers: Collection[str]) -> tuple[_Grid, dict[str, int],
                                                                                str, tuple[int, int]] | None:
    """The data rows of a large plain CSV with the number columns ``numbers`` read as floats by pyarrow's
    multithreaded reader (``float64``, NaN where empty) and every other column as text, as
    :func:`_read_csv_arrow` reads it; ``None`` — and the file is read as text — unless it is certain that
    the text path would read every one of those cells as the same number without a message.

    That is so when the file is plain UTF-8 text checked by :func:`_scan_utf8` with no quoted value spanning
    lines, its header is line 1 and names every required column (the header search would stop there), line
    2 is not a row of units, and Arrow reads every cell of those columns as a finite number or an empty
    cell. Arrow's reading of a number is its string → float64 cast, which the text path uses too, after
    stripping the cell: Arrow trims only spaces and tabs, which the text path strips too, and reads nothing
    else the cast would refuse; what it reads that is not finite (``nan``, ``inf``, ``1e400``) sends the file
    to the text path, which explains it. Returns the grid of data rows (numbered from line 2, the header
    already located), the typed columns' fields in the file's lines, the delimiter and the file's
    (size, mtime) when read.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    try:
        st = path.stat()
    except OSError:
        return None
    if not numbers or st.st_size < TYPED_MIN_BYTES:
        return None
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 16)
    except OSError:
        return None
    lines = head.split(b"\n", 2)
    if len(lines) < 3:  # the first two lines are longer than the head: an unusual file, read as text
        return None
    try:
        first_line = lines[0].decode("utf-8-sig")
        delimiter = _sniff_delimiter(first_line)  # the scan's, from the same first line (checked below)
        grid = _read_csv_arrow(b"\n".join(lines[:2]).decode("utf-8-sig") + "\n", delimiter)
    except UnicodeDecodeError:
        return None
    width = first_line.count(delimiter) + 1
    if grid is None or grid[0].shape[1] != width or len(grid[0]) != 2:
        return None
    top = grid[0].iloc[0].tolist()
    aliases = {normalise_header(k): v for k, v in table.header_aliases().items()}
    first = _match_headers(top, table, aliases, path.name, 1)
    required = {c.name for c in table.columns if c.required}
    if not required <= {n for n in first.names if n} or _is_units_row([c.strip() for c in grid[0].iloc[1].tolist()]):
        return None
    fields: dict[str, int] = {}
    for j, name in enumerate(first.names):
        if name in numbers and name not in fields and _clean_header(top[j]):
            fields[name] = j
    if not fields:
        return None
    header = [_clean_header(c) for c in top]
    names = [str(j) for j in range(width)]
    typed_at = set(fields.values())
    # the file's bytes are scanned in a second thread while pyarrow parses it (its threads need no GIL);
    # what pyarrow read is used only if the scan finds the file plain UTF-8 text of these lines
    with cf.ThreadPoolExecutor(1, thread_name_prefix="gx-scan") as pool:
        scanning = pool.submit(_scan_utf8, path)
        try:
            data = pacsv.read_csv(
                pa.OSFile(str(path), "r"),
                read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 24),
                parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char='"', double_quote=True,
                                                 escape_char=False, newlines_in_values=False,
                                                 ignore_empty_lines=False),
                convert_options=pacsv.ConvertOptions(
                    column_types={c: pa.float64() if j in typed_at else pa.large_string()
                                  for j, c in enumerate(names)},
                    strings_can_be_null=False, quoted_strings_can_be_null=False, null_values=[""]),
                memory_pool=arrow_pool())
        except (pa.ArrowInvalid, pa.ArrowException, OSError):
            data = None
        scan = scanning.result()
    if data is None or scan is None or scan.nul or scan.lone_cr or scan.lines < 2 or (
            scan.delimiter, scan.width) != (delimiter, width) or data.num_rows != scan.lines - 1 or (
            scan.spans_lines and not _quotes_close_on_their_line(path)):
        return None
    for j in typed_at:
        col = data.column(j)
        if col.null_count < len(col) and not pc.all(pc.is_finite(col)).as_py():
            return None
    columns: dict[int, object] = {}
    for j, c in enumerate(names):  # column by column, each Arrow column handed back once converted
        col = data.column(c)
        data = data.drop_columns([c])
        if j in typed_at:
            columns[j] = pd.Series(col.to_numpy(zero_copy_only=False), copy=False)  # NaN where empty
            del col
            release_freed_memory()  # the Arrow column's blocks, before the next column's floats are made
        else:
            columns[j] = _arrow_text(col)
            del col
    cells = pd.DataFrame(columns, copy=False)
    cells.columns = range(width)
    out = _Grid(cells, np.arange(2, len(cells) + 2, dtype=np.int64), encoding="utf-8-sig", problems=[])
    out.located = (0, 1, header, first.problems)
    out.whitespace = scan.whitespace
    return out, fields, scan.delimiter, (st.st_size, st.st_mtime_ns)


def _quotes_close_on_their_line(path: Path) -> bool:
    """Whether every line of a UTF-8 file holds an even number of quote bytes, so that no quoted value
    spans lines (an escaped quote ``""`` counts two; a stray quote makes the answer no, which only sends
    the file to the pandas path, which numbers records by the line they start on). :func:`_scan_utf8` notes
    only that the file holds a quote; this looks line by line."""
    with open(path, "rb") as f:
        carry = b""
        while True:
            block = f.read(_SCAN_BLOCK)
            buf = carry + block
            cut = buf.rfind(b"\n") + 1 if block else len(buf)
            whole = np.frombuffer(buf, dtype=np.uint8, count=cut)
            quotes = np.flatnonzero(whole == 0x22)
            if len(quotes):
                breaks = np.flatnonzero(whole == 0x0A)
                per_line = np.bincount(np.searchsorted(breaks, quotes), minlength=len(breaks) + 1)
                if (per_line % 2).any():
                    return False
            carry = buf[cut:]
            if not block:
                return True


class FileCells:
    """The text of one column of a CSV file, read back from the file cell by cell when a message needs it:
    the column of a number column typed while read (:meth:`RawTable.cell_text`), whose text is not kept.

    ``iloc[i]`` (or ``[i]``) is the cell of data row ``i`` — on the file's line ``rows[i]`` — parsed from
    its line as the CSV reader parses it (no quoted value of the file spans lines: :func:`_read_csv_typed`)
    and stripped as :func:`strip_cells` strips. The file is indexed (the start of every 256th line) at the
    first cell asked for; a file whose size or modification time is not the one read is refused.
    """

    _STEP = 256

    def __init__(self, path: Path, delimiter: str, field_no: int, rows: np.ndarray,
                 stamp: tuple[int, int] | None = None) -> None:
        self._path, self._delimiter, self._field = Path(path), delimiter, field_no
        self._rows = np.asarray(rows)  # the table's own line numbers (no copy)
        self._stamp = stamp

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def iloc(self) -> FileCells:
        return self

    def __getitem__(self, i: int) -> str:
        return self.cells([int(self._rows[int(i)])])[0]

    def tolist(self) -> list[str]:
        return self.cells(self._rows.tolist())

    def to_numpy(self, dtype: object = object) -> np.ndarray:
        return np.asarray(self.tolist(), dtype=dtype)

    def _check_stamp(self) -> None:
        try:
            st = self._path.stat()
        except OSError as exc:
            raise DataValidationError([_os_problem(self._path, exc)]) from None
        if self._stamp is not None and (st.st_size, st.st_mtime_ns) != tuple(self._stamp):
            raise DataValidationError([Problem(self._path.name, None, None, "", Msg("file_changed_while_read"),
                                               Msg("fix_check_again"))])

    def _starts(self) -> np.ndarray:
        """The byte offset of lines 1, 1 + 256, 1 + 512, … (one index per file, shared by its columns)."""
        key = (str(self._path), self._stamp)
        found = _LINE_STARTS.get(key)
        if found is None:
            breaks, base = [], 0
            with open(self._path, "rb") as f:
                while block := f.read(_SCAN_BLOCK):
                    breaks.append(np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 0x0A) + base + 1)
                    base += len(block)
            starts = np.concatenate([np.zeros(1, dtype=np.int64), *breaks])
            found = starts[::self._STEP].copy()
            _LINE_STARTS.clear()
            _LINE_STARTS[key] = found
        return found

    def cells(self, lines: list[int]) -> list[str]:
        """The cells on the given (1-based) lines of the file, in that order."""
        self._check_stamp()
        starts = self._starts()
        out: dict[int, str] = {}
        with open(self._path, "rb") as f:
            for line in sorted(set(lines)):
                k = (line - 1) // self._STEP
                f.seek(int(starts[k]))
                for _ in range(line - 1 - k * self._STEP):
                    f.readline()
                raw = f.readline().decode("utf-8-sig" if line == 1 else "utf-8").rstrip("\r\n")
                cells = next(csv.reader([raw], delimiter=self._delimiter, quotechar='"', doublequote=True))
                out[line] = cells[self._field].strip() if self._field < len(cells) else ""
        return [out[line] for line in lines]


_LINE_STARTS: dict[tuple[str, tuple[int, int] | None], np.ndarray] = {}
"""The line index of the last file :class:`FileCells` read from."""


_TEXT_DTYPE = pd.Series([], dtype=str).dtype
_ARROW_TEXT = isinstance(_TEXT_DTYPE, pd.StringDtype) and _TEXT_DTYPE.storage == "pyarrow"


def _arrow_text(column) -> pd.Series | np.ndarray:
    """An Arrow string column as a text Series that keeps Arrow's buffers: no Python string per cell, so
    that a million-row panel of numbers written as text costs its bytes, not a Python object per cell.
    (Without pyarrow-backed text in pandas, the object array of :func:`_as_objects`.)"""
    if not _ARROW_TEXT:  # pragma: no cover - pandas without pyarrow-backed str
        return _as_objects(column)
    return pd.Series(_TEXT_DTYPE.__from_arrow__(column), copy=False)


@functools.cache
def _libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim  # noqa: B018 - glibc only
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return None
    return libc


def release_freed_memory() -> None:
    """Give the memory of freed columns back to the OS (glibc's ``malloc_trim``; a no-op elsewhere).

    glibc keeps freed blocks in the process's heap for reuse, and raises its threshold for serving
    blocks directly from the OS to the largest block freed (up to 32 MiB), so that after a large table
    is checked the process would hold hundreds of MiB it no longer uses, on top of which the next step
    allocates. Loading calls this between its steps (after reading and after checking each table, and
    between the panel's plausibility checks), which keeps the peak close to what is live. Arrow's large
    buffers come from the same allocator (:func:`arrow_pool`); the pool pyarrow's CSV parser takes its
    working buffers from keeps them until told to release them, which this does too.
    """
    if "pyarrow" in sys.modules:  # the buffers pyarrow's CSV parser takes from its default pool (mimalloc)
        sys.modules["pyarrow"].default_memory_pool().release_unused()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


def arrow_pool():
    """The Arrow memory pool of the large buffers of loading: the system allocator, which returns a freed
    buffer to the OS (:func:`release_freed_memory`), where Arrow's default pool would keep it."""
    import pyarrow as pa

    return pa.system_memory_pool()


def arrow_of(values: pd.Series):
    """The Arrow chunked array under a Series of pyarrow-backed text (no copy)."""
    import pyarrow as pa

    arr = pa.array(values.array)
    return arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])


def is_arrow_text(values: object) -> bool:
    """Whether ``values`` is a Series of pyarrow-backed text (the columns of the Arrow CSV reader)."""
    return _ARROW_TEXT and isinstance(values, pd.Series) and values.dtype == _TEXT_DTYPE


def _as_objects(column) -> np.ndarray:
    """An Arrow string column as an object array in which equal cells share one Python string.

    The distinct values are made Python strings once (dictionary encoding) and the cells point at them:
    a month or a credit code repeated over a panel costs one string, not one per row.
    """
    encoded = column.combine_chunks().dictionary_encode()
    return encoded.dictionary.to_numpy(zero_copy_only=False)[encoded.indices.to_numpy(zero_copy_only=False)]


def _short_title_width(text: str, delimiter: str) -> int | None:
    """The width of the table when its first lines (a title above the header) have fewer fields than
    the lines below, which all have the same number; else None (a ragged line is an error)."""
    try:
        records = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if r]
    except csv.Error:
        return None
    counts = [len(r) for r in records]
    if len(counts) < 2:
        return None
    width = max(counts)
    first_full = next(i for i, c in enumerate(counts) if c == width)
    if first_full == 0 or first_full >= HEADER_SEARCH_ROWS or any(c != width for c in counts[first_full:]):
        return None
    if any(sum(1 for cell in r if cell.strip()) > 2 for r in records[:first_full]):
        return None  # the short lines are not titles: a data line is longer than the header
    return width


def _record_start_lines(text: str, delimiter: str, limit: int | None = None) -> np.ndarray:
    """The line on which each CSV record starts (1-based), counting blank lines as records."""
    starts: list[int] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    previous_end = 0
    try:
        for _ in reader:
            starts.append(previous_end + 1)
            previous_end = reader.line_num
            if limit is not None and len(starts) >= limit:
                break
    except csv.Error:  # an unclosed quote: the last record starts where it was
        starts.append(previous_end + 1)
    return np.asarray(starts, dtype=np.int64)


# --------------------------------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------------------------------
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


def _check_xlsx_content(path: Path) -> None:
    """Refuse a file named .xlsx that is not a workbook, saying what it is."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise DataValidationError([_os_problem(path, exc)]) from None
    if head.startswith(_ZIP_MAGIC):
        return
    if head.startswith(_OLE_MAGIC):
        message, fix = Msg("xlsx_is_ole"), Msg("fix_xlsx_is_ole")
    elif not head.strip():
        message, fix = Msg("xlsx_empty"), Msg("fix_xlsx_empty")
    elif re.search(rb"<(html|table|\?xml|!doctype)", head[:1024], re.IGNORECASE):
        message, fix = Msg("xlsx_is_html"), Msg("fix_xlsx_is_html")
    else:
        message, fix = Msg("xlsx_is_text"), Msg("fix_rename_to", name=f"{path.stem}.csv")
    raise DataValidationError([Problem(path.name, None, None, "", Msg("cannot_open_workbook", why=message), fix)])


def _scan_sheet_xml(archive: zipfile.ZipFile, member: str) -> tuple[bool, list[str]]:
    """Whether the sheet's XML holds any formula, and its merged ranges (``"A1:B2"``), in one streaming
    pass over the bytes (formulas are then located only when there are any)."""
    formula_re = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
    merge_re = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?ref=\"([A-Z]+\d+(?::[A-Z]+\d+)?)\"")
    has_formula = False
    merged: list[str] = []
    tail = b""
    with archive.open(member) as fh:
        while True:
            chunk = fh.read(1 << 22)
            if not chunk:
                break
            buf = tail + chunk
            if not has_formula and formula_re.search(buf):
                has_formula = True
            if b"mergeCell" in buf:
                merged.extend(m.group(1).decode("ascii") for m in merge_re.finditer(buf))
            tail = buf[-256:]
    return has_formula, list(dict.fromkeys(merged))


def _formulas_without_result(archive: zipfile.ZipFile, member: str) -> list[tuple[int, int, str]]:
    """Cells holding a formula with no saved result: ``(excel row, column 1-based, formula text)``."""
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.xml.functions import iterparse

    out: list[tuple[int, int, str]] = []
    with archive.open(member) as fh:
        for _, element in iterparse(fh, events=("end",)):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag != "c":
                if tag == "row":
                    element.clear()
                continue
            f = v = None
            for child in element:
                name = child.tag.rsplit("}", 1)[-1]
                if name == "f":
                    f = child
                elif name == "v":
                    v = child
            if f is not None:
                cached = v is not None and (v.text not in (None, "") or element.get("t") == "str")
                if not cached and element.get("r"):
                    row, col = coordinate_to_tuple(element.get("r"))
                    text = f.text or ("(a shared formula)" if f.get("t") == "shared" else "")
                    out.append((row, col, "=" + text if f.text else text))
    return out


def _choose_sheet(wb, table: Table, file: str) -> tuple[object, list[Problem], list[str]]:
    wanted = {normalise_header(table.name), normalise_header(table.zh)}
    info = {normalise_header(s) for s in INFO_SHEETS}
    sheets = list(wb.worksheets)
    visible = [ws for ws in sheets if getattr(ws, "sheet_state", "visible") == "visible"]
    hidden = [ws.title for ws in sheets if getattr(ws, "sheet_state", "visible") != "visible"]
    named = [ws for ws in visible if normalise_header(ws.title) in wanted]
    data_sheets = [ws for ws in visible if normalise_header(ws.title) not in info]
    problems: list[Problem] = []
    hidden_text = [Msg("quoted", text=t) for t in hidden]
    if named:
        sheet = named[0]
    elif data_sheets:
        sheet = data_sheets[0]
        others = [ws.title for ws in data_sheets[1:]]
        if others:
            problems.append(Problem(
                file, None, None, "",
                Msg("other_sheets", sheet=sheet.title, others=[Msg("quoted_repr", text=t) for t in others]),
                Msg("fix_name_sheet", zh=table.zh, name=table.name), "warning"))
    else:
        if hidden:
            message = Msg("only_hidden_sheets", sheets=hidden_text)
            fix = Msg("fix_unhide", zh=table.zh)
        else:
            message, fix = Msg("no_data_sheet"), Msg("fix_first_sheet")
        raise DataValidationError([Problem(file, None, None, "", message, fix)])
    if hidden:
        problems.append(Problem(
            file, None, None, "",
            Msg("hidden_sheets_skipped", sheet=sheet.title, sheets=hidden_text), Msg("fix_hidden_sheets"),
            "warning"))
    return sheet, problems, hidden


def _read_xlsx_grid(path: Path, table: Table) -> _Grid:
    from openpyxl import load_workbook
    from openpyxl.utils.cell import range_boundaries

    _check_xlsx_content(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise DataValidationError([Problem(
            path.name, None, None, "", Msg("cannot_open_workbook_error", error=f"{type(exc).__name__}: {exc}"),
            Msg("fix_save_again"))]) from None
    try:
        sheet, problems, hidden = _choose_sheet(wb, table, path.name)
        member = getattr(sheet, "_worksheet_path", None)
        has_formula, merged_refs = (_scan_sheet_xml(wb._archive, member) if member else (False, []))
        missing = _formulas_without_result(wb._archive, member) if has_formula else []
        formula_rows = {r for r, _, _ in missing}
        sheet.reset_dimensions()  # never trust the stored size: a wrong one would cut rows or columns
        records: list[list[str]] = []
        rows: list[int] = []
        for excel_row, row_cells in enumerate(sheet.iter_rows(), start=1):
            cells = [_cell_text(c.value, getattr(c, "number_format", None)) for c in row_cells]
            if excel_row > 1 and not any(c.strip() for c in cells) and excel_row not in formula_rows:
                continue
            records.append(cells)
            rows.append(excel_row)
        title = sheet.title
    except DataValidationError:
        raise
    except Exception as exc:  # a damaged part of the workbook shows only while its sheet is read
        raise DataValidationError([Problem(
            path.name, None, None, "", Msg("workbook_damaged", error=f"{type(exc).__name__}: {exc}"),
            Msg("fix_workbook_damaged"))]) from None
    finally:
        wb.close()
    width = max((len(r) for r in records), default=0)
    grid = pd.DataFrame([r + [""] * (width - len(r)) for r in records], columns=range(width), dtype=str)
    row_array = np.asarray(rows, dtype=np.int64)
    out = _Grid(grid, row_array, sheet=title, problems=problems, hidden_sheets=hidden)
    position = {int(r): i for i, r in enumerate(rows)}
    for excel_row, col, formula in missing:
        if excel_row not in position:  # pragma: no cover - every row with such a formula is kept
            continue
        out.cell_problems[(position[excel_row], col - 1)] = Problem(
            path.name, excel_row, None, formula,
            Msg("formula_no_result", sheet=title, cell=_coordinate(excel_row, col)), _FIX_FORMULA)
    for ref in merged_refs:
        c1, r1, c2, r2 = range_boundaries(ref)
        first = int(np.searchsorted(row_array, r1, side="left"))
        last = int(np.searchsorted(row_array, r2, side="right")) - 1
        if first > last:
            continue
        out.merged.append((first, c1 - 1, last, c2 - 1))
    return out


def _coordinate(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


# --------------------------------------------------------------------------------------------------
# The header
# --------------------------------------------------------------------------------------------------
@dataclass
class _HeaderMatch:
    names: list[str | None]          # contract column per cell (None: unknown or empty)
    problems: list[Problem]          # headers in a wrong unit


def _match_headers(cells: list[str], table: Table, aliases: dict[str, str], file: str,
                   row: int | None) -> _HeaderMatch:
    names: list[str | None] = []
    problems: list[Problem] = []
    for text in cells:
        if not text.strip():
            names.append(None)
            continue
        key = normalise_header(text)
        name = aliases.get(key)
        if name is None:
            m = _UNIT_RE.match(key)
            if m and m.group("base") in aliases:
                base_name = aliases[m.group("base")]
                unit = m.group("unit")
                expected = normalise_header(table.column(base_name).unit)
                if unit == expected:
                    name = base_name
                elif unit in _KNOWN_UNITS:
                    col = table.column(base_name)
                    problems.append(Problem(
                        file, row, _clean_header(text), "",
                        Msg("header_unit", unit=m.group("unit"), name=col.name, zh=col.zh,
                            expected=col.unit or Msg("no_unit")),
                        Msg("fix_header_unit", unit=col.unit, zh=col.zh) if col.unit else
                        Msg("fix_header_no_unit", zh=col.zh)))
                    name = base_name
        names.append(name)
    return _HeaderMatch(names, problems)


def _combine_two_rows(top: list[str], sub: list[str], merged_top: set[int]) -> list[str]:
    """Per column, the group heading of ``top`` that covers it: a heading spreads to the right over
    the empty cells of its merged range, or (without merge information, as in CSV) over the empty cells
    that have a sub-heading below."""
    parents: list[str] = []
    current = ""
    for j, cell in enumerate(top):
        text = cell.strip()
        if text:
            current = text
            parents.append(text)
        elif j in merged_top or (j < len(sub) and sub[j].strip()):
            parents.append(current)
        else:
            current = ""
            parents.append("")
    return parents


def _header_candidates(top: list[list[str]], merged: list[tuple[int, int, int, int]]) -> list[tuple]:
    """(kind, first row position, per-column texts) of every single row and two-row combination."""
    out = [("single", i, [c.strip() for c in cells]) for i, cells in enumerate(top)]
    for i in range(len(top) - 1):
        covered = {j for (r1, c1, r2, c2) in merged if r1 <= i <= r2 for j in range(c1, c2 + 1)}
        parents = _combine_two_rows(top[i], top[i + 1], covered)
        out.append(("pair", i, list(zip(parents, [c.strip() for c in top[i + 1]], strict=False))))
    return out


def _resolve_pair(pairs: list[tuple[str, str]], aliases: dict[str, str]) -> list[tuple[str, str | None]]:
    """For each column of a two-row header: (the header text that names it, contract column or None)."""
    used: set[str] = set()
    out: list[tuple[str, str | None]] = []
    for parent, child in pairs:
        options = []
        if parent and child:
            # 工业增加值(可比价) over 上年同期 names 工业增加值上年同期: a bracketed qualifier of the group heading
            # is dropped when it does not belong in the sub-column's name
            bare = re.sub(r"[(（][^()（）]*[)）]", "", parent).strip()
            options = [parent + child, bare + child, child, parent]
        elif child:
            options = [child]
        elif parent:
            options = [parent]
        chosen: tuple[str, str | None] = ((f"{parent} {child}".strip()), None)
        for text in options:
            name = aliases.get(normalise_header(text))
            if name is not None and name not in used:
                chosen = (text, name)
                used.add(name)
                break
        out.append(chosen if options else ("", None))
    return out


def _looks_like_subheader(header: list[str], below: list[str]) -> bool:
    """Whether the row below a header is a row of sub-headings (本年 / 上年同期 under a group heading): it
    has text under empty header cells, leaves cells under other headers empty, and holds no number."""
    under_empty = [b.strip() for h, b in zip(header, below, strict=False) if not h.strip() and b.strip()]
    empty_under_named = any(h.strip() and not b.strip() for h, b in zip(header, below, strict=False))
    if not under_empty or not empty_under_named:
        return False
    filled = [b.strip() for b in below if b.strip()]
    return not any(re.fullmatch(r"[-+]?[\d,]*\.?\d+(?:[eE][-+]?\d+)?%?", b) for b in filled)


def _is_units_row(cells: list[str]) -> bool:
    """A row that gives the unit of each column (万元, tce, …) rather than values."""
    filled = [normalise_header(c).strip("()（）") for c in cells if c.strip()]
    return len(filled) >= 2 and all(c in _KNOWN_UNITS or c in ("-", "—", "/", "单位") for c in filled)


def _check_units_row(grid: _Grid, position: int, header: list[str], units: list[str], table: Table,
                     file: str) -> Problem:
    """The warning for a units row below the header that agrees with the contract; an error (raised)
    naming the columns whose unit differs."""
    aliases = {normalise_header(k): v for k, v in table.header_aliases().items()}
    names = _match_headers(header, table, aliases, file, None).names
    row = int(grid.rows[position])
    wrong = []
    for text, name, unit in zip(header, names, units, strict=False):
        u = normalise_header(unit).strip("()（）")
        if not name or not u or u in ("-", "—", "/", "单位"):
            continue
        expected = normalise_header(table.column(name).unit)
        if expected and u != expected:
            wrong.append(Problem(file, row, text, unit,
                                 Msg("units_row_wrong", row=row, unit=unit, name=name, zh=table.column(name).zh,
                                     expected=table.column(name).unit),
                                 Msg("fix_units_row_wrong", expected=table.column(name).unit)))
    if wrong:
        raise DataValidationError(wrong)
    return Problem(file, row, None, "", Msg("units_row_ok", row=row, units=[u for u in units if u]),
                   Msg("fix_units_row"), "warning")


def _locate_header(grid: _Grid, table: Table, file: str) -> tuple[int, int, list[str], list[Problem]]:
    """Where the header is: (grid position of its first row, number of header rows, header texts,
    problems). Raises DataValidationError when it cannot be read safely."""
    aliases = {normalise_header(k): v for k, v in table.header_aliases().items()}
    required = {c.name for c in table.columns if c.required}
    n_top = min(len(grid.cells), HEADER_SEARCH_ROWS)
    top = [grid.cells.iloc[i].tolist() for i in range(n_top)]
    if not top:
        return 0, 1, [], []
    first = _match_headers(top[0], table, aliases, file, int(grid.rows[0]))
    first_known = {n for n in first.names if n}
    if required <= first_known or n_top == 1:
        return 0, 1, [_clean_header(c) for c in top[0]], first.problems

    def score(names: list[str | None]) -> tuple[int, int]:
        known = {n for n in names if n}
        return len(known & required), len(known)

    best = ("single", 0, score(first.names), None)
    for kind, i, texts in _header_candidates(top, grid.merged):
        if kind == "single":
            names = _match_headers(texts, table, aliases, file, None).names
            resolved = None
        else:
            resolved = _resolve_pair(texts, aliases)
            names = [n for _, n in resolved]
        s = score(names)
        if s > best[2]:
            best = (kind, i, s, resolved)
    kind, i, (_, n_known), resolved = best
    if kind == "single" and i + 1 < n_top and _looks_like_subheader(top[i], top[i + 1]):
        kind, resolved = "pair", _resolve_pair(_header_candidates(top[i:i + 2], [(r1 - i, c1, r2 - i, c2) for (
            r1, c1, r2, c2) in grid.merged])[-1][2], aliases)
    row_no = int(grid.rows[i])
    if n_known == 0:
        shown = ", ".join(f"'{c.strip()}'" for c in top[0] if c.strip())[:200] or Msg("nothing")
        hidden = (Msg("hidden_not_read", sheets=[Msg("quoted_repr", text=t) for t in grid.hidden_sheets])
                  if grid.hidden_sheets else "")
        raise DataValidationError([Problem(
            file, int(grid.rows[0]), None, "",
            Msg("no_header_found", n=n_top, table=table.name, zh=table.zh, row=int(grid.rows[0]), shown=shown,
                hidden=hidden),
            Msg("fix_no_header", table=table.name, headers=[c.zh for c in table.columns]))])
    if kind == "single" and i == 0:
        return 0, 1, [_clean_header(c) for c in top[0]], first.problems
    above = top[:i]
    above_text = [c.strip() for cells in above for c in cells if c.strip()]
    header_like = [c for c in above_text if normalise_header(c) in aliases]
    units = {normalise_header(c.unit) for c in table.columns if c.unit}
    unit_words = [c for c in above_text
                  if any(m.group("unit") not in units for m in _UNIT_MENTION.finditer(normalise_header(c)))]
    span = (Msg("span_rows", a=row_no, b=int(grid.rows[i + 1])) if kind == "pair"
            else Msg("span_row", row=row_no))
    if header_like:
        raise DataValidationError([Problem(
            file, row_no, None, "",
            Msg("header_names_above", span=span, names=[Msg("quoted_repr", text=c) for c in header_like[:5]]),
            Msg("fix_header_names_above"))])
    if unit_words:
        raise DataValidationError([Problem(
            file, row_no, None, unit_words[0],
            Msg("header_unit_above", span=span, unit=unit_words[0]), Msg("fix_header_unit_above"))])
    skipped = Msg("rows_above_skipped", texts=[Msg("quoted_repr", text=c) for c in above_text[:3]] or Msg("empty"))
    if kind == "single":
        header = [_clean_header(c) for c in top[i]]
        problems = _match_headers(top[i], table, aliases, file, row_no).problems
        problems.append(Problem(
            file, row_no, None, "", Msg("header_not_row_1", row=row_no, skipped=skipped),
            Msg("fix_header_row_1"), "warning"))
        return i, 1, header, problems
    assert resolved is not None
    unreadable = [text for text, name in resolved if text and name is None]
    if unreadable:
        raise DataValidationError([Problem(
            file, int(grid.rows[i + 1]), None, "",
            Msg("header_pair_unreadable_one" if len(unreadable) == 1 else "header_pair_unreadable", span=span,
                table=table.name, names=[Msg("quoted_repr", text=t) for t in unreadable[:5]]),
            Msg("fix_header_pair", table=table.name, headers=[c.zh for c in table.columns[:4]]))])
    header = [text for text, _ in resolved]
    combined = ", ".join(t for t in header if t)
    return i, 2, header, [Problem(
        file, int(grid.rows[i + 1]), None, "",
        Msg("header_pair_read", span=span, skipped=skipped if above_text else "", combined=combined),
        Msg("fix_header_one_row"), "warning")]


# --------------------------------------------------------------------------------------------------
# Reading a table
# --------------------------------------------------------------------------------------------------
_WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
               "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
"""The characters ``str.strip()`` removes (Unicode whitespace and the four ASCII separators \\x1c–\\x1f),
written out: finding them by testing every code point would cost a fifth of a second at each start
(``tests/test_readers.py`` checks the list against ``str.isspace``)."""


def strip_cells(column: pd.Series) -> np.ndarray | pd.Series:
    """The cells of a text column with surrounding whitespace removed (as ``str.strip``): an object array,
    or for a column of pyarrow-backed text (the Arrow CSV reader's) a Series of that text.

    Vectorised with pyarrow's ``utf8_trim`` over exactly the characters ``str.strip()`` removes; cells
    without surrounding whitespace (nearly all) are returned as the same Python strings, so only the
    changed cells are new objects (Arrow text is returned as it is when no cell changes).

    Examples
    --------
    >>> strip_cells(pd.Series([" 91 ", "a", "\u3000b"])).tolist()
    ['91', 'a', 'b']
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if is_arrow_text(column):  # the Arrow reader's columns stay in Arrow: trimmed only when a cell needs it
        arr = arrow_of(column)
        trimmed = pc.utf8_trim(arr, characters=_WHITESPACE, memory_pool=arrow_pool())
        if pc.sum(pc.binary_length(arr)).as_py() == pc.sum(pc.binary_length(trimmed)).as_py():
            return column.reset_index(drop=True)
        return pd.Series(_TEXT_DTYPE.__from_arrow__(trimmed), copy=False)
    values = np.asarray(column, dtype=object)
    out = values.copy()
    if not len(values):
        return out
    try:
        arr = pa.array(values, type=pa.string())
    except (pa.ArrowException, TypeError):  # pragma: no cover - a cell that is not text: the plain loop
        out[:] = [v.strip() for v in values.tolist()]
        return out
    trimmed = pc.utf8_trim(arr, characters=_WHITESPACE)
    changed = np.flatnonzero(pc.not_equal(pc.binary_length(arr), pc.binary_length(trimmed))
                             .to_numpy(zero_copy_only=False))
    if len(changed):
        out[changed] = trimmed.take(pa.array(changed)).to_numpy(zero_copy_only=False)
    return out


def _check_path(path: Path) -> None:
    """Refuse what is not a regular, readable file, saying what it is."""
    if path.is_symlink() and not path.exists():
        try:
            target = str(path.readlink())
        except OSError:  # pragma: no cover - the link vanished meanwhile
            target = "?"
        raise DataValidationError([Problem(
            path.name, None, None, target,
            Msg("broken_link", name=path.name, target=target), Msg("fix_broken_link"))])
    if path.is_dir():
        raise DataValidationError([Problem(
            path.name, None, None, "", Msg("is_folder", name=path.name), Msg("fix_is_folder", name=path.name))])
    if path.exists() and not path.is_file():
        raise DataValidationError([Problem(
            path.name, None, None, "", Msg("not_regular", name=path.name), Msg("fix_not_regular"))])


def read_table(path: Path, table: Table | str, *, numbers: Collection[str] = ()) -> RawTable:
    """Read one table file (CSV or XLSX) with every cell as text.

    Parameters
    ----------
    path : Path
        ``<table>.csv`` or ``<table>.xlsx``.
    table : Table or str
        The contract of the table (or its name, e.g. ``"enterprises"``).
    numbers : collection of str
        Number columns that may be read as floats while the file is read, when it is a large plain CSV in
        which every one of their cells is a plain number or empty (:func:`_read_csv_typed`): they are then
        ``float64`` in ``data`` and listed in :attr:`RawTable.typed`, their text read back from the file for
        messages. Validation asks for the number columns it would convert without a message of its own
        (:func:`gxanalysis.data.validate.validate_directory`); default none: every cell as text.

    Returns
    -------
    RawTable
        Text cells under English column names, the user's row numbers, and the headers as written.

    Raises
    ------
    DataValidationError
        When the file cannot be read at all (not a file, encoding, broken CSV line, corrupt workbook,
        only hidden sheets, a header that cannot be found or read safely); the problem names the file
        and says how to fix it.

    Examples
    --------
    >>> raw = read_table(Path("data/demo/cities.csv"), "cities")  # doctest: +SKIP
    >>> raw.data.columns.tolist()  # doctest: +SKIP
    ['city', 'province', 'is_home']
    """
    path = Path(path)
    contract = table_by_name(table) if isinstance(table, str) else table
    suffix = path.suffix.lower()
    _check_path(path)
    typed: dict[str, int] = {}
    delimiter, stamp = ",", None
    if suffix == ".csv":
        fast = _read_csv_typed(path, contract, numbers) if numbers else None
        if fast is not None:
            grid, typed, delimiter, stamp = fast
        else:
            grid = _read_csv_grid(path)
    elif suffix == ".xlsx":
        grid = _read_xlsx_grid(path, contract)
    else:
        raise DataValidationError([Problem(
            path.name, None, None, path.suffix, Msg("suffix_not_read", suffix=path.suffix), Msg("fix_suffix"))])
    problems = list(grid.problems)
    if len(grid.cells) == 0 or grid.cells.shape[1] == 0:
        where = Msg("sheet_has", sheet=grid.sheet) if grid.sheet else Msg("file_has")
        raise DataValidationError([Problem(path.name, 1, None, "", Msg("no_header_in_row", where=where, row=1),
                                           Msg("fix_header_row_templates"))])
    if grid.located is not None:  # a typed read: the grid holds the data rows, below the header on line 1
        start, n_header, header, header_problems = grid.located
        problems.extend(header_problems)
        cells, rows, header_row, first_data = grid.cells, grid.rows, 1, 0
    else:
        start, n_header, header, header_problems = _locate_header(grid, contract, path.name)
        problems.extend(header_problems)
        first_data = start + n_header
        if first_data < len(grid.cells):
            below = [c.strip() for c in grid.cells.iloc[first_data].tolist()]
            if _is_units_row(below):
                problems.append(_check_units_row(grid, first_data, header, below, contract, path.name))
                first_data += 1
        cells = grid.cells.iloc[first_data:].reset_index(drop=True)
        rows = grid.rows[first_data:]
        header_row = int(grid.rows[start + n_header - 1])
    if not any(h.strip() for h in header):
        where = Msg("sheet_has", sheet=grid.sheet) if grid.sheet else Msg("file_has")
        raise DataValidationError([Problem(path.name, header_row, None, "",
                                           Msg("no_header_in_row", where=where, row=header_row),
                                           Msg("fix_header_row_templates"))])
    header = header + [""] * (cells.shape[1] - len(header))

    # Drop the rows that are entirely empty (blank lines, ",,," lines, formatted but empty Excel rows).
    positions = np.arange(first_data, first_data + len(cells))
    numeric = set(typed.values())
    bare = grid.located is not None and not grid.whitespace  # a typed read of a file with no whitespace
    stripped = {j: cells[j] if j in numeric or bare else strip_cells(cells[j]) for j in cells.columns}
    filled = {j: ~np.isnan(np.asarray(v, dtype=float)) if j in numeric else np.asarray(v != "", dtype=bool)
              for j, v in stripped.items()}
    if len(cells):
        nonempty = np.zeros(len(cells), dtype=bool)
        for j in cells.columns:
            nonempty |= filled[j]
        for (pos, _) in grid.cell_problems:
            if pos >= first_data:
                nonempty[pos - first_data] = True
        if not nonempty.all():
            cells = cells.loc[nonempty].reset_index(drop=True)
            rows = rows[nonempty]
            positions = positions[nonempty]
            filled = {j: f[nonempty] for j, f in filled.items()}
            stripped = {j: v[nonempty].reset_index(drop=True) if isinstance(v, pd.Series) else v[nonempty]
                        for j, v in stripped.items()}

    aliases = {normalise_header(k): v for k, v in contract.header_aliases().items()}
    names: list[str] = []
    headers: dict[str, str] = {}
    unknown: list[str] = []
    keep: list[int] = []
    matched = _match_headers(header, contract, aliases, path.name, header_row).names
    for j, text in enumerate(header):
        column_has_data = bool(filled[j].any()) if j in filled else False
        if text == "":
            if column_has_data:
                problems.append(Problem(
                    path.name, None, f"#{j + 1}", "", Msg("column_no_header", n=j + 1), Msg("fix_column_no_header")))
            continue
        name = matched[j] or text
        if name in headers:
            problems.append(Problem(
                path.name, None, text, "",
                Msg("column_repeated", n=j + 1, header=headers[name], name=name), Msg("fix_column_repeated")))
            continue
        if name not in contract.column_names:
            unknown.append(text)
        headers[name] = text
        names.append(name)
        keep.append(j)
    data = cells[keep] if keep else pd.DataFrame(index=range(len(cells)))  # no copy: copy-on-write
    data.columns = names
    flagged = _flag_cells(grid, positions, dict(zip(keep, names, strict=True)), headers, problems, path.name)
    if typed and {j for j in keep if j in numeric} != {j for name, j in typed.items() if name in names
                                                        and keep[names.index(name)] == j}:
        return read_table(path, contract)  # pragma: no cover - a typed field kept under another name: as text
    if len(rows) and int(np.max(rows)) < 2 ** 31:  # line numbers in int32: half the memory of a long panel's
        rows = np.asarray(rows, dtype=np.int32)
    raw = RawTable(contract, path, data, rows, headers, unknown, grid.encoding, grid.sheet, problems, flagged,
                   header_row, {name: j for name, j in typed.items() if name in names}, delimiter, stamp)
    raw._stripped = {name: stripped[j] for name, j in zip(names, keep, strict=True)}
    return raw


def _flag_cells(grid: _Grid, positions: np.ndarray, kept: dict[int, str], headers: dict[str, str],
                problems: list[Problem], file: str) -> dict[str, np.ndarray]:
    """Report the cells the reader found unusable (formulas without results, merged cells) in the columns
    read, and mark them so that validation does not report them again."""
    if not grid.cell_problems and not grid.merged:
        return {}
    index = {int(p): i for i, p in enumerate(positions)}
    flagged: dict[str, np.ndarray] = {}

    def flag(name: str, i: int) -> None:
        flagged.setdefault(name, np.zeros(len(positions), dtype=bool))[i] = True

    for (pos, col), problem in sorted(grid.cell_problems.items()):
        if col not in kept or pos not in index:
            continue
        name = kept[col]
        problems.append(Problem(problem.file, problem.row, headers[name], problem.value, problem.message,
                                problem.fix))
        flag(name, index[pos])
    from openpyxl.utils import get_column_letter

    for r1, c1, r2, c2 in grid.merged:
        inside = [index[p] for p in range(r1, r2 + 1) if p in index]
        columns = [kept[c] for c in range(c1, c2 + 1) if c in kept]
        if not inside or not columns:
            continue
        first_row, last_row = int(grid.rows[r1]), int(grid.rows[r2])
        ref = f"{get_column_letter(c1 + 1)}{first_row}:{get_column_letter(c2 + 1)}{last_row}"
        problems.append(Problem(
            file, first_row, headers[columns[0]], "",
            Msg("merged_cells", ref=ref), Msg("fix_merged_cells")))
        for k, i in enumerate(inside):
            for j, name in enumerate(columns):
                if k or j:
                    flag(name, i)
    return flagged
