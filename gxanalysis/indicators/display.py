"""Display conventions of the bureau's tables (INDICATORS.md §1.3 倍, §1.5 rounding, §9 layouts).

Everything here turns unrounded numbers into *strings*; nothing computed from these strings should be fed
back into a calculation. Rounding uses :mod:`decimal` on the float's shortest representation (``repr``),
never Python's ``round()`` on floats.

* rounding mode: ``"half_up"`` (四舍五入, default) or ``"half_even"`` (GB/T 8170-2008, 四舍六入五成双) [U];
* precision: one decimal for rates by default (§1.5);
* ``"--"`` for values that cannot be computed;
* growth of 100% or more as ``"X倍"`` (threshold and reading configurable) [P];
* ``"#"`` marks an "of which" sub-item (§9).

Examples
--------
>>> format_number(0.35, 1, rounding="half_even"), format_number(1.050, 1, rounding="half_even")
('0.4', '1.0')
>>> format_number(1.050, 1)
'1.1'
>>> format_growth(124.0), format_growth(4.878), format_growth(None, "loss_to_profit")
('1.2倍', '4.9', '由亏转盈')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any, Literal

import numpy as np
import pandas as pd

from gxanalysis.errors import ParameterError
from gxanalysis.indicators.frames import is_missing
from gxanalysis.labels import NA_SYMBOL, STATUSES
from gxanalysis.periods import Period

Rounding = Literal["half_up", "half_even"]
_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}

STATUS_LABELS: dict[str, dict[str, str]] = STATUSES
"""Chinese and English labels of the statuses (§1.3), from the package's one label dictionary
(:data:`gxanalysis.labels.STATUSES`). "由亏转盈", "减亏" and "新增" are [P]/[U] wordings; "由盈转亏" and
"亏损增加" are the NBS wordings [S55]. Edit a copy and pass it as ``labels=``."""


def round_decimal(value: float | int | str | Decimal, precision: int = 1, *,
                  rounding: Rounding = "half_up") -> Decimal:
    """Round a number for display with :mod:`decimal`.

    The float is read through its shortest decimal representation (``repr(0.35) == '0.35'``), so a
    value that *prints* as an exact tie is treated as a tie. Negative numbers are rounded on their
    absolute value (GB/T 8170-2008). INDICATORS.md §1.5, test vector T19.

    Parameters
    ----------
    value : float, int, str or Decimal
    precision : int
        Decimal places (≥ 0).
    rounding : {"half_up", "half_even"}
        四舍五入 (default, as the NBS texts word it) or GB/T 8170 round-half-to-even [U].

    Returns
    -------
    Decimal

    Examples
    --------
    >>> round_decimal(0.35, 1, rounding="half_even"), round_decimal(0.35, 1)
    (Decimal('0.4'), Decimal('0.4'))
    >>> round_decimal(-2.25, 1), round_decimal(-2.25, 1, rounding="half_even")
    (Decimal('-2.3'), Decimal('-2.2'))
    """
    if rounding not in _MODES:
        raise ParameterError(f"rounding={rounding!r} is not allowed; use 'half_up' (四舍五入) or "
                             "'half_even' (GB/T 8170)")
    if not isinstance(precision, int | np.integer) or precision < 0:
        raise ParameterError(f"precision={precision!r} must be a whole number of decimal places ≥ 0")
    if is_missing(value):
        raise ParameterError("cannot round a missing value; format it with format_number(), which shows '--'")
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, float | np.floating):
        if not math.isfinite(float(value)):
            raise ParameterError(f"cannot round the non-finite value {value!r}")
        d = Decimal(repr(float(value)))
    else:
        d = Decimal(str(value))
    return d.quantize(Decimal(1).scaleb(-int(precision)), rounding=_MODES[rounding])


def round_series(values: pd.Series, precision: int = 1, *, rounding: Rounding = "half_up") -> pd.Series:
    """Round every value of a Series as :func:`round_decimal` does, returning floats (NaN kept).

    For published figures that are compared (rankings, §8), not for further arithmetic.

    Examples
    --------
    >>> round_series(pd.Series([4.05, 4.15, None]), 1).tolist()
    [4.1, 4.2, nan]
    """
    out = [np.nan if is_missing(v) else float(round_decimal(v, precision, rounding=rounding))
           for v in values]
    return pd.Series(out, index=values.index, name=values.name, dtype=float)


def format_number(value: Any, precision: int = 1, *, rounding: Rounding = "half_up",
                  na_symbol: str = NA_SYMBOL, thousands: bool = False) -> str:
    """A number as a display string with a fixed number of decimals; ``na_symbol`` when missing.

    Examples
    --------
    >>> format_number(97.158, 1), format_number(None), format_number(12345.678, 1, thousands=True)
    ('97.2', '--', '12,345.7')
    >>> format_number(-0.04, 1)
    '0.0'
    """
    if is_missing(value):
        return na_symbol
    d = round_decimal(value, precision, rounding=rounding)
    if d == 0:
        d = abs(d)  # no "-0.0"
    return f"{d:,f}" if thousands else f"{d:f}"


def format_target(value: Any, precision: int = 1, *, rounding: Rounding = "half_up",
                  na_symbol: str = NA_SYMBOL) -> str:
    """A target as the bureau writes it: no trailing zeros ("增长10%", "增长6.5%"), at most ``precision``
    decimals.

    Examples
    --------
    >>> format_target(10.0), format_target(6.5), format_target(-13.5), format_target(None)
    ('10', '6.5', '-13.5', '--')
    """
    if is_missing(value):
        return na_symbol
    d = round_decimal(value, precision, rounding=rounding).normalize()
    if d == 0:
        return "0"
    return f"{d:f}"


def format_growth(value: Any, status: str | None = "ok", precision: int = 1, *,
                  rounding: Rounding = "half_up", multiple_threshold: float | None = 100.0,
                  multiple_reading: Literal["growth", "ratio"] = "growth", na_symbol: str = NA_SYMBOL,
                  lang: str = "zh", labels: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """A growth rate (%) as shown in a table's 同比增长% column.

    * status other than ``"ok"`` → its label (由亏转盈, 由盈转亏, 亏损增加, 减亏, 新增) or ``na_symbol``;
    * growth ≥ ``multiple_threshold`` → "X倍" with X = growth/100 (``multiple_reading="growth"``:
      "增长1.24倍" = +124%) or X = 1 + growth/100 (``"ratio"``: current is X times the base) [P];
    * otherwise the percentage without the % sign, ``precision`` decimals.

    INDICATORS.md §1.3 (statuses, 倍), §9.

    Examples
    --------
    >>> format_growth(160.0), format_growth(160.0, multiple_reading="ratio"), format_growth(99.96)
    ('1.6倍', '2.6倍', '100.0')
    >>> format_growth(None, "profit_to_loss", lang="en"), format_growth(None, "base_zero")
    ('profit to loss', '新增')
    """
    labels = STATUS_LABELS if labels is None else labels
    if status not in (None, "ok"):
        if status not in labels:
            raise ParameterError(f"unknown growth status {status!r}; known: {', '.join(labels)}")
        text = labels[status].get(lang)
        if text is None:
            raise ParameterError(f"lang={lang!r} is not supported; use 'zh' or 'en'")
        return text or na_symbol
    if is_missing(value):
        return na_symbol
    if multiple_threshold is not None and float(value) >= multiple_threshold:
        if multiple_reading == "growth":
            x = Decimal(repr(float(value))) / 100
        elif multiple_reading == "ratio":
            x = 1 + Decimal(repr(float(value))) / 100
        else:
            raise ParameterError(f"multiple_reading={multiple_reading!r}; use 'growth' or 'ratio'")
        return f"{round_decimal(x, 1, rounding=rounding):f}倍" if lang == "zh" else \
            f"{round_decimal(x, 1, rounding=rounding):f}x"
    return format_number(value, precision, rounding=rounding, na_symbol=na_symbol)


def format_pp(value: Any, precision: int = 1, *, rounding: Rounding = "half_up", signed: bool = False,
              lang: str = "zh", na_symbol: str = NA_SYMBOL) -> str:
    """A percentage-point change (个百分点, §1.4) as text.

    Examples
    --------
    >>> format_pp(13.825), format_pp(-3.9), format_pp(5.9, 2, signed=True), format_pp(1.25, lang="en")
    ('13.8个百分点', '-3.9个百分点', '+5.90个百分点', '1.3 pp')
    """
    if is_missing(value):
        return na_symbol
    s = format_number(value, precision, rounding=rounding)
    if signed and not s.startswith("-") and round_decimal(value, precision, rounding=rounding) != 0:
        s = "+" + s
    return f"{s}个百分点" if lang == "zh" else f"{s} pp"


def format_change_words(value: Any, precision: int = 1, *, rounding: Rounding = "half_up",
                        lang: str = "zh", na_symbol: str = NA_SYMBOL) -> str:
    """A signed change (%) in words: "下降3.8%", "增长2.0%", "持平" (§7.4: declines are written positive).

    Examples
    --------
    >>> format_change_words(-3.7736), format_change_words(2.0), format_change_words(-1.2177, 2)
    ('下降3.8%', '增长2.0%', '下降1.22%')
    """
    if is_missing(value):
        return na_symbol
    d = round_decimal(value, precision, rounding=rounding)
    if d == 0:
        return "持平" if lang == "zh" else "unchanged"
    word = ("下降" if d < 0 else "增长") if lang == "zh" else ("down " if d < 0 else "up ")
    return f"{word}{abs(d):f}%"


def format_gap_words(gap: Any, precision: int = 1, *, rounding: Rounding = "half_up", lang: str = "zh",
                     versus: str = "全省", versus_en: str = "the province", na_symbol: str = NA_SYMBOL) -> str:
    """A difference in percentage points against a comparison in words: "高于全省8.6个百分点", "与全省持平".

    Examples
    --------
    >>> format_gap_words(8.6), format_gap_words(-0.44), format_gap_words(0.04), format_gap_words(2.5, lang="en")
    ('高于全省8.6个百分点', '低于全省0.4个百分点', '与全省持平', '2.5 pp above the province')
    """
    if is_missing(gap):
        return na_symbol
    d = round_decimal(gap, precision, rounding=rounding)
    if d == 0:
        return f"与{versus}持平" if lang == "zh" else f"level with {versus_en}"
    if lang == "zh":
        return f"{'高于' if d > 0 else '低于'}{versus}{abs(d):f}个百分点"
    return f"{abs(d):f} pp {'above' if d > 0 else 'below'} {versus_en}"


def status_label(status: str, lang: str = "zh") -> str:
    """The label of a growth status (§1.3), e.g. ``"loss_to_profit"`` → 由亏转盈.

    Examples
    --------
    >>> status_label("loss_widened"), status_label("loss_narrowed", "en")
    ('亏损增加', 'loss narrowed')
    """
    if status not in STATUS_LABELS:
        raise ParameterError(f"unknown status {status!r}; known: {', '.join(STATUS_LABELS)}")
    if lang not in ("zh", "en"):
        raise ParameterError(f"lang={lang!r} is not supported; use 'zh' or 'en'")
    return STATUS_LABELS[status][lang]


def sub_item(label: str) -> str:
    """Mark a row label as an "of which" sub-item: ``"#轻工业"`` (§9; never added to its siblings).

    Examples
    --------
    >>> sub_item("轻工业"), sub_item("#轻工业")
    ('#轻工业', '#轻工业')
    """
    return label if str(label).startswith("#") else f"#{label}"


def is_sub_item(label: str) -> bool:
    """Whether a row label is an "of which" sub-item (starts with ``#``)."""
    return str(label).startswith("#")


def render_table(rows: pd.DataFrame, *, period: Period | str | None = None, month: str = "month",
                 ytd: str = "ytd", growth: str = "growth", growth_status: str | None = "growth_status",
                 precision: int = 1, level_precision: int | Mapping[str, int] = 1,
                 growth_multiple_threshold: float | None = 100.0,
                 multiple_reading: Literal["growth", "ratio"] = "growth", na_symbol: str = NA_SYMBOL,
                 rounding: Rounding = "half_up", sub_items: Iterable[str] = (), lang: str = "zh",
                 columns: Iterable[str] | None = None) -> pd.DataFrame:
    """The bureau's table layout — 本月 | 1–N月累计 | 同比增长% — as display strings.

    Parameters
    ----------
    rows : DataFrame
        One row per indicator or group, indexed by its label; columns ``month`` (single-month level, may be
        missing: shown as ``na_symbol``), ``ytd`` (year-to-date level), ``growth`` (YoY growth of the
        year-to-date level, %, unrounded) and optionally ``growth_status`` (from
        :func:`gxanalysis.indicators.growth.growth_table`).
    period : Period or str, optional
        Reporting month; names the cumulative column (``1-4月累计``). Without it: ``1-N月累计``.
    precision : int
        Decimals of the growth column (default 1, §1.5).
    level_precision : int or dict
        Decimals of the level columns; a dict maps a row label to its decimals (default 1).
    growth_multiple_threshold : float or None
        Growth at or above it is shown as "X倍" (default 100); None never uses 倍.
    sub_items : iterable of str
        Row labels to mark as "of which" sub-items with ``#`` (labels already starting with ``#`` are kept).
    lang : {"zh", "en"}
        Column headings and status labels.
    columns : iterable of 3 str, optional
        Override the three headings.

    Returns
    -------
    DataFrame
        Strings, same row order, the index relabelled with ``#`` for sub-items.

    Examples
    --------
    >>> rows = pd.DataFrame({"month": [130.0, None], "ytd": [430.0, 80.0], "growth": [4.878, None],
    ...                      "growth_status": ["ok", "loss_to_profit"]}, index=["规上工业", "利润总额"])
    >>> t = render_table(rows, period="2023-04", sub_items=["利润总额"])
    >>> list(t.columns), list(t.index)
    (['本月', '1-4月累计', '同比增长%'], ['规上工业', '#利润总额'])
    >>> t.values.tolist()
    [['130.0', '430.0', '4.9'], ['--', '80.0', '由亏转盈']]
    """
    if not isinstance(rows, pd.DataFrame):
        raise ParameterError(f"rows must be a DataFrame, got {type(rows).__name__}")
    needed = [c for c in (month, ytd, growth) if c not in rows.columns]
    if needed:
        raise ParameterError(f"rows has no column(s) {needed}; columns present: {list(rows.columns)}. "
                             "Pass month=, ytd=, growth= with your column names")
    if lang not in ("zh", "en"):
        raise ParameterError(f"lang={lang!r} is not supported; use 'zh' or 'en'")
    if columns is not None:
        heads = list(columns)
        if len(heads) != 3:
            raise ParameterError(f"columns must name 3 headings, got {heads}")
    else:
        ytd_head = (Period.parse(period).ytd_label(lang) if period is not None else
                    ("1-N月累计" if lang == "zh" else "Jan–N"))
        heads = ["本月", ytd_head, "同比增长%"] if lang == "zh" else ["Month", ytd_head, "YoY %"]
    marks = set(sub_items)
    out_rows = []
    labels = []
    for label, r in rows.iterrows():
        lp = level_precision.get(label, 1) if isinstance(level_precision, Mapping) else level_precision
        st = r[growth_status] if growth_status and growth_status in rows.columns else "ok"
        st = "ok" if is_missing(st) else st
        out_rows.append([
            format_number(r[month], lp, rounding=rounding, na_symbol=na_symbol),
            format_number(r[ytd], lp, rounding=rounding, na_symbol=na_symbol),
            format_growth(r[growth], st, precision, rounding=rounding,
                          multiple_threshold=growth_multiple_threshold, multiple_reading=multiple_reading,
                          na_symbol=na_symbol, lang=lang),
        ])
        labels.append(sub_item(label) if label in marks else label)
    return pd.DataFrame(out_rows, index=pd.Index(labels, name=rows.index.name), columns=heads, dtype=object)
