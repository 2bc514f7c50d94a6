"""Read the National Bureau of Statistics (国家统计局, NBS) portal's monthly CSV export (月度数据).

The NBS data portal (data.stats.gov.cn, 月度数据 → 下载 → CSV) writes a file laid out like this
(GBK-encoded, CRLF line ends)::

    数据库：月度数据
    时间：1998-
    指标,2023年12月,2023年11月,…,1998年1月
    规上工业增加值同比增长(%),6.8,6.6,…
    规上工业增加值累计增长(%),4.6,4.3,…
    注：1.从2011年起，… 2.… 3.自2013年起，1-2月份工业数据一起调查，一起发布，…
    数据来源：国家统计局

* two metadata lines (``key：value``, full-width colon);
* a header row starting with ``指标`` (indicator) and one column per month, **newest first**;
* one row per indicator; a **blank cell means "not published"** (it stays NaN: nothing is invented);
* a notes line (``注：…``, possibly CSV-quoted with doubled quotes) and a source line (``数据来源：…``).

The reader also accepts the same layout re-saved as UTF-8 (with or without a BOM) or GB18030, with CRLF or
LF line ends; the encoding is detected and recorded.

Release calendar (INDICATORS.md §1.2, the file's own note 3): industrial production for January and
February is surveyed and released together. In the value-added export every January is blank, and from
2013 February carries only the year-to-date (1–2月) value. :func:`published_release` states that rule
for any monthly index.

Examples
--------
>>> from gxanalysis.config import NBS_DIR
>>> df = read_nbs_export(NBS_DIR / "月度数据_规上工业增加值增长速度_1998-2023.csv")
>>> float(df.loc["2023-12", "规上工业增加值累计增长(%)"])
4.6
>>> g = read_growth_series(NBS_DIR / "月度数据_规上工业增加值增长速度_1998-2023.csv")
>>> list(g.columns), str(g.index[0]), str(g.index[-1])
(['yoy', 'ytd'], '1998-01', '2023-12')
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from gxanalysis.data.messages import Msg
from gxanalysis.data.readers import detect_encoding
from gxanalysis.errors import DataValidationError, PeriodError, Problem
from gxanalysis.periods import Month, Period

__all__ = [
    "JAN_FEB_COMBINED_FROM",
    "VALUE_ADDED_YOY",
    "VALUE_ADDED_YTD",
    "detect_encoding",
    "published_release",
    "read_growth_series",
    "read_nbs_export",
]

VALUE_ADDED_YOY = "规上工业增加值同比增长(%)"
"""Indicator name of single-month y/y real growth of above-scale industrial value added, in the export."""

VALUE_ADDED_YTD = "规上工业增加值累计增长(%)"
"""Indicator name of year-to-date y/y real growth of above-scale industrial value added, in the export."""

JAN_FEB_COMBINED_FROM = 2013
"""First year in which the NBS no longer publishes a February single-month industrial figure (note 3)."""

TIDY_HEADER = "period,yoy,ytd"
"""The header of a tidy growth CSV (instead of a portal export): month, single-month growth, cumulative."""
_HEADER_KEY = "指标"
_NOTES_PREFIXES = ("注：", "注:", "注")
_SOURCE_PREFIXES = ("数据来源：", "数据来源:")
_META_RE = re.compile(r"^\s*([^：:]{1,20})[：:]\s*(.*?)\s*$")
_NOTE_SPLIT_RE = re.compile(r"\s+(?=\d{1,2}\s*[.．、]\s*\S)")
_GROWTH_ALIASES = {
    "period": "period", "月份": "period", "期间": "period", "时间": "period",
    "yoy": "yoy", "当月同比": "yoy", "当月同比增长(%)": "yoy",
    "ytd": "ytd", "累计同比": "ytd", "累计同比增长(%)": "ytd",
}


# --------------------------------------------------------------------------------------------------
# decoding
# --------------------------------------------------------------------------------------------------
def _read_text(path: Path) -> tuple[str, str]:
    """Decode ``path`` with the package's encoding detector (:func:`gxanalysis.data.readers.detect_encoding`:
    a BOM, then UTF-8, GBK, GB18030); a DataValidationError if it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataValidationError([Problem(str(path), None, None, "", Msg("nbs_cannot_read", reason=str(exc)),
                                           Msg("nbs_fix_path"))]) from exc
    try:
        enc = detect_encoding(raw)
    except UnicodeDecodeError as exc:
        raise DataValidationError([Problem(
            str(path), None, None, repr(raw[max(exc.start - 8, 0):exc.start + 8]),
            Msg("nbs_not_text", offset=exc.start), Msg("nbs_fix_reexport_csv"))]) from exc
    return raw.decode(enc), enc


def _parse_number(text: str) -> float | None:
    """A cell as a float; ``nan`` for a blank cell; ``None`` when the cell is not a number."""
    s = text.strip().replace("\u2212", "-")
    if s == "":
        return math.nan
    try:
        value = float(s)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


# --------------------------------------------------------------------------------------------------
# the NBS export
# --------------------------------------------------------------------------------------------------
def read_nbs_export(path: str | Path) -> pd.DataFrame:
    """Read an NBS portal "月度数据" CSV export into a monthly table.

    Parameters
    ----------
    path : str or pathlib.Path
        The exported file, as the portal gives it (GBK; UTF-8, UTF-8 with BOM and GB18030 are detected
        too; CRLF or LF line ends).

    Returns
    -------
    pandas.DataFrame
        Index: a monthly :class:`pandas.PeriodIndex` named ``"period"``, ascending, with **every** month
        from the first to the last month in the header (months absent from the header, e.g. none in a
        portal export, are NaN rows). Columns: one float column per indicator, named exactly as in the
        file (e.g. ``"规上工业增加值同比增长(%)"``), in file order. Blank cells are NaN ("not published").
        ``df.attrs`` holds ``{"source": "国家统计局", "notes": [...], "database": "月度数据",
        "file": <path as given>, "encoding": <codec>}``; ``notes`` has one entry per numbered note.

    Raises
    ------
    DataValidationError
        Listing every problem with its file, line number (line 1 = first line of the file), column (the
        month heading) and value: no ``指标`` header row, a heading that is not a month (``YYYY年M月``),
        a month heading twice, an indicator twice, a row with more cells than the header, a cell that is
        not a number.

    Notes
    -----
    Growth rates in the value-added export are real (comparable prices) y/y growth in percent
    (INDICATORS.md §1.3, §2.3). Series are not on one basis across the 2011 threshold change and the
    2012/2018 industry-classification changes (notes 1–2 of the export).

    Examples
    --------
    >>> from gxanalysis.config import NBS_DIR
    >>> df = read_nbs_export(NBS_DIR / "月度数据_规上工业增加值增长速度_1998-2023.csv")
    >>> df.attrs["encoding"], df.attrs["source"], len(df.attrs["notes"])
    ('gbk', '国家统计局', 3)
    >>> float(df.loc["2020-02", "规上工业增加值累计增长(%)"])
    -13.5
    """
    path = Path(path)
    text, encoding = _read_text(path)
    name = str(path)
    problems: list[Problem] = []
    meta: dict[str, str] = {}
    notes: list[str] = []
    source = ""
    header: list[str] | None = None
    header_line = 0
    months: list[Month | None] = []
    rows: list[tuple[int, list[str]]] = []
    in_notes = False

    reader = csv.reader(io.StringIO(text, newline=""))
    for fields in reader:
        line = reader.line_num
        cells = [c.strip() for c in fields]
        first = cells[0] if cells else ""
        if not any(cells):
            continue
        if first.startswith(_SOURCE_PREFIXES):
            source = re.sub(r"^数据来源[：:]\s*", "", ",".join(c for c in cells if c))
            in_notes = False
            continue
        if header is None:
            if first == _HEADER_KEY:
                header, header_line = cells, line
                months = _parse_header(cells, name, line, problems)
                continue
            m = _META_RE.match(first)
            if m and len([c for c in cells if c]) == 1:
                meta[m.group(1).strip()] = m.group(2)
                continue
            problems.append(Problem(
                name, line, None, first[:40],
                Msg("nbs_no_header_before"), Msg("nbs_fix_export_or_tidy", header=TIDY_HEADER)))
            break
        if in_notes or (first.startswith(_NOTES_PREFIXES) and not _looks_like_data(cells)):
            in_notes = True
            notes.extend(_split_notes(",".join(c for c in cells if c)))
            continue
        rows.append((line, cells))

    if header is None and not problems:
        problems.append(Problem(name, None, None, "", Msg("nbs_no_header"), Msg("nbs_fix_export")))
    if problems:
        raise DataValidationError(problems)
    assert header is not None

    data: dict[str, dict[Month, float]] = {}
    seen_lines: dict[str, int] = {}
    for line, cells in rows:
        indicator = cells[0]
        if indicator in seen_lines:
            problems.append(Problem(name, line, _HEADER_KEY, indicator,
                                    Msg("nbs_indicator_twice", line=seen_lines[indicator]),
                                    Msg("nbs_fix_delete_row")))
            continue
        seen_lines[indicator] = line
        extra = [c for c in cells[len(header):] if c]
        if extra:
            problems.append(Problem(name, line, None, extra[0],
                                    Msg("nbs_row_cells", indicator=indicator, n=len(cells), header=len(header)),
                                    Msg("nbs_fix_no_cells")))
            continue
        values: dict[Month, float] = {}
        for j, month in enumerate(months, start=1):
            cell = cells[j] if j < len(cells) else ""
            value = _parse_number(cell)
            if value is None:
                problems.append(Problem(
                    name, line, header[j], cell,
                    Msg("nbs_cell_not_number", indicator=indicator), Msg("nbs_fix_number")))
                continue
            if month is not None:
                values[month] = value
        data[indicator] = values
    if problems:
        raise DataValidationError(problems)

    valid = sorted(m for m in months if m is not None)
    if not valid:
        raise DataValidationError([Problem(name, header_line, None, "", Msg("nbs_no_months"),
                                           Msg("nbs_fix_one_month"))])
    index = pd.period_range(str(valid[0]), str(valid[-1]), freq="M", name="period")
    frame = pd.DataFrame(
        {ind: pd.Series([vals.get(Month(p.year, p.month), math.nan) for p in index], index=index,
                        dtype="float64")
         for ind, vals in data.items()},
        index=index,
    )
    frame.columns.name = None
    frame.attrs = {"source": source, "notes": notes, "database": meta.get("数据库", ""),
                   "file": str(path), "encoding": encoding}
    return frame


def _looks_like_data(cells: list[str]) -> bool:
    """True when a row starting with '注' still carries numbers (an indicator named 注…, not a note)."""
    return len(cells) > 2 and any(c and _parse_number(c) is not None for c in cells[1:])


def _parse_header(cells: list[str], name: str, line: int, problems: list[Problem]) -> list[Month | None]:
    months: list[Month | None] = []
    seen: dict[Month, str] = {}
    for heading in cells[1:]:
        if heading == "":
            months.append(None)
            continue
        try:
            month = Month.parse(heading)
        except PeriodError:
            problems.append(Problem(name, line, heading, heading, Msg("nbs_heading_not_month"),
                                    Msg("nbs_fix_heading")))
            months.append(None)
            continue
        if month in seen:
            problems.append(Problem(name, line, heading, heading,
                                    Msg("nbs_month_twice_header", month=str(month), other=seen[month]),
                                    Msg("nbs_fix_month_once")))
            months.append(None)
            continue
        seen[month] = heading
        months.append(month)
    return months


def _split_notes(text: str) -> list[str]:
    """``"注：1.… 2.… 3.…"`` → ``["1.…", "2.…", "3.…"]``; a single unnumbered note stays whole."""
    body = re.sub(r"^注[：:]?\s*", "", text.strip())
    parts = [p.strip() for p in _NOTE_SPLIT_RE.split(body) if p.strip()]
    return parts or ([body] if body else [])


# --------------------------------------------------------------------------------------------------
# the value-added growth series (for forecasting)
# --------------------------------------------------------------------------------------------------
def read_growth_series(path: str | Path) -> pd.DataFrame:
    """Single-month and year-to-date growth of industrial value added, from either input format.

    Accepted inputs:

    1. the NBS portal export of 规上工业增加值增长速度 (see :func:`read_nbs_export`): the row whose name
       contains ``累计`` (cumulative) becomes ``ytd``, the row with ``同比`` and without ``累计`` becomes
       ``yoy``;
    2. a tidy CSV (UTF-8, UTF-8 with BOM, GBK or GB18030) with the header ``period,yoy,ytd`` (any order;
       ``月份/期间`` for ``period``, ``当月同比`` for ``yoy``, ``累计同比`` for ``ytd`` are accepted too),
       one row per month, periods written ``YYYY-MM`` (or ``2023/4``, ``2023年4月``), blank = not
       published.

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    pandas.DataFrame
        Columns ``yoy`` (当月同比, single-month y/y growth, %) and ``ytd`` (累计同比, year-to-date y/y
        growth, %), float; index as in :func:`read_nbs_export` (monthly ``PeriodIndex`` ``"period"``,
        ascending, every month from first to last). ``attrs`` as in :func:`read_nbs_export` plus
        ``"format"`` (``"nbs"`` or ``"tidy"``).

    Raises
    ------
    DataValidationError
        With file, line, column, value and fix: unknown header, a non-numeric cell, a month that cannot
        be read, a month twice; for an NBS export, a file without exactly one yoy and one ytd row.

    Examples
    --------
    >>> from gxanalysis.config import NBS_DIR
    >>> g = read_growth_series(NBS_DIR / "月度数据_规上工业增加值增长速度_1998-2023.csv")
    >>> g.loc["2023-12"].tolist()
    [6.8, 4.6]
    """
    path = Path(path)
    text, encoding = _read_text(path)
    first = next((ln.strip().lstrip("\ufeff") for ln in text.splitlines() if ln.strip()), "")
    if first.startswith(("数据库", "时间", _HEADER_KEY)):
        return _growth_from_export(path)
    return _growth_from_tidy(path, text, encoding)


def _growth_from_export(path: Path) -> pd.DataFrame:
    df = read_nbs_export(path)
    ytd = [c for c in df.columns if "累计" in c]
    yoy = [c for c in df.columns if "同比" in c and "累计" not in c]
    if len(ytd) != 1 or len(yoy) != 1:
        raise DataValidationError([Problem(
            str(path), None, _HEADER_KEY, ", ".join(df.columns),
            Msg("nbs_rows_expected", yoy=len(yoy), ytd=len(ytd)),
            Msg("nbs_fix_rows", header=TIDY_HEADER, yoy=VALUE_ADDED_YOY, ytd=VALUE_ADDED_YTD))])
    out = df[[yoy[0], ytd[0]]].rename(columns={yoy[0]: "yoy", ytd[0]: "ytd"})
    out.attrs = {**df.attrs, "format": "nbs", "indicators": {"yoy": yoy[0], "ytd": ytd[0]}}
    return out


def _growth_from_tidy(path: Path, text: str, encoding: str) -> pd.DataFrame:
    name = str(path)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    problems: list[Problem] = []
    header: list[str] | None = None
    cols: dict[str, int] = {}
    values: dict[Month, tuple[float, float]] = {}
    seen: dict[Month, int] = {}
    for fields in reader:
        line = reader.line_num
        cells = [c.strip() for c in fields]
        if not any(cells):
            continue
        if header is None:
            header = cells
            for j, h in enumerate(cells):
                key = _GROWTH_ALIASES.get(h.lower() if h.isascii() else h)
                if key is None or key in cols:
                    problems.append(Problem(name, line, h or f"#{j + 1}", h,
                                            Msg("nbs_tidy_unknown_column"),
                                            Msg("nbs_fix_tidy_header", header=TIDY_HEADER)))
                else:
                    cols[key] = j
            missing = [k for k in ("period", "yoy", "ytd") if k not in cols]
            if missing:
                problems.append(Problem(name, line, None, ",".join(cells),
                                        Msg("nbs_tidy_header_lacks", columns=", ".join(missing)),
                                        Msg("nbs_fix_tidy_header", header=TIDY_HEADER)))
            if problems:
                raise DataValidationError(problems)
            continue
        if len(cells) > len(header) and any(cells[len(header):]):
            problems.append(Problem(name, line, None, ",".join(cells[len(header):]),
                                    Msg("nbs_tidy_row_cells", n=len(cells), header=len(header)),
                                    Msg("nbs_fix_tidy_cells", header=TIDY_HEADER)))
            continue
        cells = cells + [""] * (len(header) - len(cells))
        ptext = cells[cols["period"]]
        try:
            month = Month.parse(ptext)
        except PeriodError:
            problems.append(Problem(name, line, header[cols["period"]], ptext, Msg("nbs_tidy_bad_month"),
                                    Msg("nbs_fix_tidy_month")))
            continue
        if month in seen:
            problems.append(Problem(name, line, header[cols["period"]], ptext,
                                    Msg("nbs_tidy_month_twice", month=str(month), line=seen[month]),
                                    Msg("nbs_fix_one_row")))
            continue
        seen[month] = line
        pair = []
        for key in ("yoy", "ytd"):
            cell = cells[cols[key]]
            v = _parse_number(cell)
            if v is None:
                problems.append(Problem(name, line, header[cols[key]], cell, Msg("nbs_tidy_not_number"),
                                        Msg("nbs_fix_percentage")))
                v = math.nan
            pair.append(v)
        values[month] = (pair[0], pair[1])
    if header is None:
        problems.append(Problem(name, None, None, "", Msg("nbs_empty"),
                                Msg("nbs_fix_empty", header=TIDY_HEADER)))
    elif not values and not problems:
        problems.append(Problem(name, None, None, "", Msg("nbs_no_rows"),
                                Msg("nbs_fix_add_rows", header=TIDY_HEADER)))
    if problems:
        raise DataValidationError(problems)
    ms = sorted(values)
    index = pd.period_range(str(ms[0]), str(ms[-1]), freq="M", name="period")
    get = [values.get(Month(p.year, p.month), (math.nan, math.nan)) for p in index]
    out = pd.DataFrame({"yoy": [g[0] for g in get], "ytd": [g[1] for g in get]}, index=index,
                       dtype="float64")
    out.attrs = {"source": "", "notes": [], "database": "", "file": name, "encoding": encoding,
                 "format": "tidy"}
    return out


# --------------------------------------------------------------------------------------------------
# the release calendar
# --------------------------------------------------------------------------------------------------
def published_release(obj: pd.DataFrame | pd.Series | pd.PeriodIndex | Iterable, *,
                      jan_feb_combined_from: int = JAN_FEB_COMBINED_FROM) -> pd.DataFrame:
    """Which months the NBS releases industrial value-added growth for (the release calendar).

    The rule (INDICATORS.md §1.2; note 3 of the NBS export):

    * January is never released on its own: January is in the February release (1–2月), so both
      ``yoy`` and ``ytd`` are False in January;
    * February: ``ytd`` (the 1–2月 figure) is released; the single-month February ``yoy`` is released
      only before ``jan_feb_combined_from`` (2013);
    * March–December: both are released.

    This is the calendar, not the data: months the NBS did not publish for other reasons (1998-01 …
    1998-06 in the export) are True here and NaN in the data.

    Parameters
    ----------
    obj : DataFrame, Series, PeriodIndex or iterable of months
        Anything with a monthly index (or the months themselves).
    jan_feb_combined_from : int, default 2013
        First year without a separate February single-month release.

    Returns
    -------
    pandas.DataFrame
        Same index (``"period"``), columns ``yoy`` (bool), ``ytd`` (bool) and ``release`` (str): the
        period label of the year-to-date figure released for that month, e.g. ``"2023年1-2月"``,
        ``"2023年一季度"`` (1–3月), ``"2023年1-4月"``; ``""`` for January.

    Examples
    --------
    >>> idx = pd.period_range("2012-01", "2012-03", freq="M").append(
    ...     pd.period_range("2023-01", "2023-03", freq="M"))
    >>> published_release(idx)[["yoy", "ytd"]].astype(int).values.tolist()
    [[0, 0], [1, 1], [1, 1], [0, 0], [0, 1], [1, 1]]
    """
    if isinstance(obj, pd.DataFrame | pd.Series):
        index = obj.index
    elif isinstance(obj, pd.Index):
        index = obj
    else:
        index = pd.PeriodIndex([pd.Period(str(Month.parse(m)), freq="M") for m in obj], name="period")
    if not isinstance(index, pd.PeriodIndex):
        raise PeriodError(f"published_release needs a monthly PeriodIndex, got {type(index).__name__}; "
                          "use read_nbs_export or pd.period_range(..., freq='M')")
    months = index.month
    years = index.year
    ytd = months != 1
    yoy = (months >= 3) | ((months == 2) & (years < jan_feb_combined_from))
    labels = ["" if p.month == 1 else Period(p.year, 1, p.month).label() for p in index]
    return pd.DataFrame({"yoy": yoy, "ytd": ytd, "release": labels}, index=index)
