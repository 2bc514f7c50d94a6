"""Reporting periods: single months, year-to-date, the combined January–February release, quarters,
and time progress (序时进度).

The statistical calendar (INDICATORS.md §1.2):

* **当月 / 本月** — a single month;
* **1–N月累计** — year to date, January to month N;
* **1–2月** — January and February surveyed and released together: for indicators under this rule
  (``jan_feb_combined=True``) there is no January release, and no single-month value for January or
  February; the first year-to-date period of the year is 1–2月;
* **quarters** — 一季度 = 1–3月, 上半年 = 1–6月, 前三季度 = 1–9月, 全年 = 1–12月 (cumulative), or a
  single quarter (e.g. 二季度 = 4–6月).

Months are written ``YYYY-MM`` everywhere (files, parameters, CLI).

Examples
--------
>>> p = Period.parse("2023-04")
>>> p.ytd().label()
'2023年1-4月'
>>> Period.parse("2023-02").ytd().label()
'2023年1-2月'
>>> round(time_progress(Period.parse("2023-04")), 3)
33.333
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from gxanalysis.errors import PeriodError

PeriodKind = Literal["month", "ytd", "quarter"]
_MONTH_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:月|[-/.]\s*0?1(?:\s+00:00(?::00)?)?)?\s*$")
_QUARTER_ZH = {1: "一季度", 2: "二季度", 3: "三季度", 4: "四季度"}
_CUM_QUARTER_ZH = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}


def _month_error(message: str, reason: str) -> PeriodError:
    error = PeriodError(message)
    error.reason = reason
    return error


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, ``YYYY-MM``.

    Parameters
    ----------
    year : int
    month : int
        1–12.
    """

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise PeriodError(f"month {self.month} is outside 1–12 in {self.year}-{self.month:02d}; "
                              "write periods as YYYY-MM, e.g. 2023-04")
        if not 1900 <= self.year <= 2200:
            raise PeriodError(f"year {self.year} is not plausible; write periods as YYYY-MM, e.g. 2023-04")

    @classmethod
    def parse(cls, text: str | Month | dt.date) -> Month:
        """Parse ``"2023-04"`` (also ``"2023/4"``, ``"2023年4月"``, the first day of the month
        ``"2023-04-01"`` as Excel stores a month, a date or a Month).

        This is the package's one month parser: the input tables, parameters and NBS exports all use it.

        Raises
        ------
        PeriodError
            With the bad text and the expected form; its ``reason`` attribute says briefly what is
            wrong (``"not a month"``, ``"month 13 does not exist"``).

        Examples
        --------
        >>> Month.parse("2023年4月"), Month.parse("2023-04-01 00:00:00")
        (Month(year=2023, month=4), Month(year=2023, month=4))
        >>> try:
        ...     Month.parse("2023-13")
        ... except PeriodError as exc:
        ...     exc.reason
        'month 13 does not exist'
        """
        if isinstance(text, Month):
            return text
        if isinstance(text, dt.date):
            return cls(text.year, text.month)
        if hasattr(text, "year") and hasattr(text, "month") and not isinstance(text, str):
            return cls(int(text.year), int(text.month))  # pandas Period / Timestamp
        m = _MONTH_RE.match(str(text))
        if not m:
            raise _month_error(f"cannot read {text!r} as a month; write it as YYYY-MM, e.g. 2023-04", "not a month")
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise _month_error(f"month {month} does not exist in {text!r}; write periods as YYYY-MM, e.g. 2023-04",
                               f"month {month} does not exist")
        if not 1900 <= year <= 2200:
            raise _month_error(f"year {year} is not plausible in {text!r}; write periods as YYYY-MM, e.g. 2023-04",
                               f"year {year} is not plausible")
        return cls(year, month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __add__(self, months: int) -> Month:
        idx = self.year * 12 + (self.month - 1) + months
        return Month(idx // 12, idx % 12 + 1)

    def __sub__(self, other: Month | int) -> Month | int:  # type: ignore[override]
        if isinstance(other, Month):
            return (self.year - other.year) * 12 + (self.month - other.month)
        return self + (-other)

    @property
    def days(self) -> int:
        """Calendar days in the month (for daily averages, 日均)."""
        return calendar.monthrange(self.year, self.month)[1]

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.days)

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1

    def same_month_last_year(self) -> Month:
        return Month(self.year - 1, self.month)


@dataclass(frozen=True)
class Period:
    """A reporting period: a span of months within one year.

    Parameters
    ----------
    year : int
    first : int
        First month of the span (1–12).
    last : int
        Last month of the span (``first``–12).

    Notes
    -----
    ``Period(2023, 1, 4)`` is 1–4月 (year to date at April); ``Period(2023, 4, 4)`` is April alone;
    ``Period(2023, 1, 2)`` is the combined January–February period; ``Period(2023, 4, 6)`` is 二季度.
    """

    year: int
    first: int
    last: int

    def __post_init__(self) -> None:
        if not (1 <= self.first <= self.last <= 12):
            raise PeriodError(f"months {self.first}–{self.last} of {self.year} do not form a period "
                              "within one year; use 1 ≤ first ≤ last ≤ 12")

    # -- construction --------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str | Month | Period) -> Period:
        """A single month from ``"YYYY-MM"``; ``"YYYY-Qn"`` for a quarter; ``"YYYY-01..04"`` for a span.

        Examples
        --------
        >>> Period.parse("2023-Q2").label()
        '2023年二季度'
        >>> Period.parse("2023-01..04") == Period.parse("2023-04").ytd()
        True
        """
        if isinstance(text, Period):
            return text
        if isinstance(text, Month):
            return cls(text.year, text.month, text.month)
        s = str(text).strip()
        q = re.match(r"^(\d{4})-?Q([1-4])$", s, re.IGNORECASE)
        if q:
            y, n = int(q.group(1)), int(q.group(2))
            return cls(y, 3 * n - 2, 3 * n)
        span = re.match(r"^(\d{4})-(\d{1,2})\.\.(\d{1,2})$", s)
        if span:
            return cls(int(span.group(1)), int(span.group(2)), int(span.group(3)))
        m = Month.parse(s)
        return cls(m.year, m.month, m.month)

    @classmethod
    def month(cls, month: Month | str) -> Period:
        m = Month.parse(month)
        return cls(m.year, m.month, m.month)

    @classmethod
    def year_to_date(cls, month: Month | str) -> Period:
        m = Month.parse(month)
        return cls(m.year, 1, m.month)

    # -- properties ------------------------------------------------------------------------------
    @property
    def kind(self) -> PeriodKind:
        if self.first == self.last:
            return "month"
        if self.first == 1:
            return "ytd"
        if self.first % 3 == 1 and self.last == self.first + 2:
            return "quarter"
        return "ytd" if self.first == 1 else "quarter"

    @property
    def end(self) -> Month:
        """The last month of the period (the reporting month)."""
        return Month(self.year, self.last)

    @property
    def start(self) -> Month:
        return Month(self.year, self.first)

    @property
    def n_months(self) -> int:
        return self.last - self.first + 1

    @property
    def is_jan_feb(self) -> bool:
        """True for the combined January–February period (1–2月)."""
        return self.first == 1 and self.last == 2

    def months(self) -> list[Month]:
        return [Month(self.year, m) for m in range(self.first, self.last + 1)]

    def days(self) -> int:
        return sum(m.days for m in self.months())

    # -- relations -------------------------------------------------------------------------------
    def ytd(self) -> Period:
        """Year to date at this period's last month (1–N月)."""
        return Period(self.year, 1, self.last)

    def same_period_last_year(self) -> Period:
        return Period(self.year - 1, self.first, self.last)

    def __str__(self) -> str:
        if self.kind == "month":
            return str(self.end)
        return f"{self.year:04d}-{self.first:02d}..{self.last:02d}"

    def label(self, lang: str = "zh") -> str:
        """The period as the bureau writes it.

        Examples
        --------
        >>> Period(2023, 1, 4).label(), Period(2023, 4, 4).label(), Period(2023, 1, 6).label()
        ('2023年1-4月', '2023年4月', '2023年上半年')
        >>> Period(2023, 4, 6).label(), Period(2023, 5, 12).label()
        ('2023年二季度', '2023年5-12月')
        >>> Period(2023, 1, 4).label("en")
        'Jan–Apr 2023'
        """
        if lang == "en":
            a = calendar.month_abbr[self.first]
            b = calendar.month_abbr[self.last]
            return f"{b} {self.year}" if self.first == self.last else f"{a}–{b} {self.year}"
        if lang != "zh":
            raise PeriodError(f"lang={lang!r} is not supported; use 'zh' or 'en'")
        if self.first == self.last:
            return f"{self.year}年{self.last}月"
        if self.first == 1 and self.last in _CUM_QUARTER_ZH and self.last != 2:
            return f"{self.year}年{_CUM_QUARTER_ZH[self.last]}"
        if self.first != 1 and self.first % 3 == 1 and self.last == self.first + 2:  # a calendar quarter
            return f"{self.year}年{_QUARTER_ZH[(self.first - 1) // 3 + 1]}"
        return f"{self.year}年{self.first}-{self.last}月"

    def ytd_label(self, lang: str = "zh") -> str:
        """Column heading for the cumulative column: ``1-4月累计`` / ``Jan–Apr``."""
        if lang == "en":
            return f"Jan–{calendar.month_abbr[self.last]}" if self.last > 1 else "Jan"
        return f"1-{self.last}月累计" if self.last > 1 else "1月"


def release_months(start: Month | str, end: Month | str, *, jan_feb_combined: bool = True) -> list[Month]:
    """Months in ``start``–``end`` for which a figure is released.

    With ``jan_feb_combined`` every January is skipped: its data appear in the February release (1–2月).

    Examples
    --------
    >>> [str(m) for m in release_months("2022-12", "2023-03")]
    ['2022-12', '2023-02', '2023-03']
    """
    a, b = Month.parse(start), Month.parse(end)
    if b < a:
        raise PeriodError(f"end {b} is before start {a}; give start ≤ end")
    out = []
    m = a
    while m <= b:
        if not (jan_feb_combined and m.month == 1):
            out.append(m)
        m = m + 1
    return out


def iter_months(start: Month | str, end: Month | str) -> Iterator[Month]:
    """Every calendar month from ``start`` to ``end`` inclusive."""
    m, b = Month.parse(start), Month.parse(end)
    while m <= b:
        yield m
        m = m + 1


def single_month_available(month: Month | str, *, jan_feb_combined: bool = True) -> bool:
    """Whether a single-month (当月) value exists: not for January or February under the Jan–Feb rule."""
    m = Month.parse(month)
    return not (jan_feb_combined and m.month in (1, 2))


def time_progress(period: Period | Month | str, *, basis: Literal["month", "day"] = "month",
                  as_of: dt.date | None = None) -> float:
    """Time progress (序时进度 / 时间进度), percent of the year elapsed.

    .. math:: \\text{time\\_progress}(N) = N / 12 \\times 100

    INDICATORS.md §5.1. The month basis is the verified default (end of April = 33.3%). The day basis
    [U] is elapsed days ÷ days in the year (366 in a leap year): end of April = 120/365 = 32.9%.

    Parameters
    ----------
    period : Period, Month or str
        The reporting period; its last month is the month of progress.
    basis : {"month", "day"}
        ``"month"`` — N/12; ``"day"`` — days elapsed to ``as_of`` (default: the period's last day).
    as_of : datetime.date, optional
        Day basis only: the day up to which (inclusive) time has elapsed, for daily and weekly
        monitoring.

    Returns
    -------
    float
        Percent, unrounded.

    Examples
    --------
    >>> round(time_progress("2023-10"), 3)
    83.333
    >>> round(time_progress("2023-04", basis="day"), 1), round(time_progress("2024-04", basis="day"), 1)
    (32.9, 33.1)
    """
    end = Period.parse(period).end if not isinstance(period, Month) else period
    if basis == "month":
        if as_of is not None:
            raise PeriodError("as_of is only used with basis='day'; drop it or pass basis='day'")
        return end.month / 12 * 100
    if basis == "day":
        day = as_of or end.last_day
        days_in_year = 366 if calendar.isleap(day.year) else 365
        return day.timetuple().tm_yday / days_in_year * 100
    raise PeriodError(f"basis={basis!r} is not allowed; use 'month' or 'day'")


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the ISO week containing ``day`` (week definition [U], INDICATORS.md §5.3)."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def date_label(day: dt.date, lang: str = "zh") -> str:
    """A date as the bureau writes it: ``2023年5月8日`` / ``8 May 2023``.

    Examples
    --------
    >>> date_label(dt.date(2023, 5, 8)), date_label(dt.date(2023, 5, 8), "en")
    ('2023年5月8日', '8 May 2023')
    """
    if lang == "en":
        return f"{day.day} {calendar.month_name[day.month]} {day.year}"
    if lang != "zh":
        raise PeriodError(f"lang={lang!r} is not supported; use 'zh' or 'en'")
    return f"{day.year}年{day.month}月{day.day}日"


def local_time_label(when: dt.datetime | None = None, lang: str = "zh") -> str:
    """A moment in the machine's local time, to the minute: ``2023年5月8日 09:30`` (no time zone written).

    An aware time is converted to local time first; ``None`` is now.

    Examples
    --------
    >>> local_time_label(dt.datetime(2023, 5, 8, 9, 30)), local_time_label(dt.datetime(2023, 5, 8, 9, 30), "en")
    ('2023年5月8日 09:30', '8 May 2023, 09:30')
    """
    when = dt.datetime.now() if when is None else when
    if when.tzinfo is not None:
        when = when.astimezone()
    sep = ", " if lang == "en" else " "
    return f"{date_label(when.date(), lang)}{sep}{when:%H:%M}"
