"""Completeness of the period tables: no month missing where a figure would silently change.

Year-to-date tables (``enterprise_monthly``, ``project_monthly``, ``energy_by_fuel``) are differenced
month by month and summed over the enterprises present (INDICATORS.md §2.3), so within a year:

* a month of the table missing for everyone between two present months is an error (one line per month);
* an enterprise (project, fuel) with a gap between two of its months is an error naming both rows: the
  month after the gap would hold two months;
* an enterprise whose only row of the year is January, while the table goes on, is an error: under the
  1–2月 rule there is no January release, so its figures would vanish;
* an enterprise whose rows stop before the table's last month of that year is an error naming the first
  missing month (it would drop out of every later figure); when it really left the sample (closed, fell
  below the threshold), the analyst confirms it in ``confirmations.csv`` (key ``<code>|<month>``, no
  column).

Panel tables (:attr:`gxanalysis.data.schema.Table.panel`: ``city_growth`` by city, ``base_stations`` by
county) are ranked or summed over their units at each period: every unit must have a row at every period
of the table, a period missing for every unit between two present ones is an error, and every city of
``cities`` (county of ``counties``) must have rows. January is optional where the table follows the 1–2月
rule.

Rows with an invalid or already reported key (unknown enterprise, month out of range) are left out, and a
month that such a row explains is not reported again.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from gxanalysis.data.checked import Checked, Confirmable, key_string, series_positions
from gxanalysis.data.messages import Msg
from gxanalysis.data.schema import TABLES
from gxanalysis.errors import Problem

__all__ = ["check_coverage"]

_NAT = np.iinfo(np.int64).min


def _month_text(ordinal: int) -> str:
    return f"{ordinal // 12 + 1970:04d}-{ordinal % 12 + 1:02d}"


def _ordinals(chk: Checked, column: str) -> np.ndarray:
    return np.asarray(chk.frame[column].array.asi8, dtype=np.int64)


def check_coverage(checked: Mapping[str, Checked]) -> tuple[list[Problem], list[Confirmable]]:
    """Every completeness problem of the period tables; see the module docstring."""
    problems: list[Problem] = []
    confirmable: list[Confirmable] = []
    for t in TABLES:
        chk = checked.get(t.name)
        if chk is None or not t.period_column or t.period_column not in chk.present or not len(chk.rows):
            continue
        if t.group_for_cumulative and all(g in chk.present for g in t.group_for_cumulative):
            _series(chk, problems, confirmable)
        if t.panel and t.panel in chk.present:
            _panel(chk, checked, problems)
    return problems, confirmable


def _expected_months(present: np.ndarray, jan_optional: bool) -> dict[int, np.ndarray]:
    """Per year, the months from the first to the last present one (January left out when optional)."""
    out: dict[int, np.ndarray] = {}
    years = present // 12
    for y in np.unique(years):
        ords = present[years == y]
        span = np.arange(ords.min(), ords.max() + 1)
        if jan_optional:
            span = span[span % 12 != 0]
        out[int(y)] = span
    return out


def _distinct_months(ords: np.ndarray) -> np.ndarray:
    """The distinct month ordinals of ``ords``, sorted (``np.unique``, counted over the span of months)."""
    if not len(ords):
        return np.zeros(0, dtype=np.int64)
    low = int(ords.min())
    return np.flatnonzero(np.bincount(ords - low)) + low


def _missing_for_all(chk: Checked, ords: np.ndarray, jan_optional: bool, explained: set[int],
                     problems: list[Problem], what: str) -> set[int]:
    present = _distinct_months(ords)
    missing: set[int] = set()
    for y, span in _expected_months(present, jan_optional).items():
        for m in np.setdiff1d(span, present):
            m = int(m)
            missing.add(m)
            if m in explained:
                continue
            before = int(present[(present < m) & (present // 12 == y)].max())
            after = int(present[(present > m) & (present // 12 == y)].min())
            problems.append(Problem(
                chk.file, None, chk.header(chk.table.period_column), _month_text(m),
                Msg("month_missing_for_all", month=_month_text(m), before=_month_text(before),
                    after=_month_text(after), what=what),
                Msg("fix_add_month_ytd" if chk.table.group_for_cumulative else "fix_add_month",
                    month=_month_text(m))))
    return missing


def _series(chk: Checked, problems: list[Problem], confirmable: list[Confirmable]) -> None:
    t = chk.table
    p = t.period_column
    group = list(t.group_for_cumulative)
    ords = _ordinals(chk, p)
    ok = chk.clean(p)
    for g in group:
        ok &= chk.clean(g)
    # months where a row with an invalid or unknown key stands: a gap there is that row's mistake
    has_period = chk.clean(p)
    explained = set(np.unique(ords[has_period & ~ok]).tolist())
    if not ok.any():
        return
    what = Msg("what_" + ("enterprise" if "credit_code" in group else t.group_for_cumulative[0].replace("_id", "")))
    present = _distinct_months(ords[ok])
    missing_all = _missing_for_all(chk, present, t.jan_feb_combined, explained, problems, what)
    # the series on integer arrays: positions sorted and deduplicated by series and month, the group
    # columns as codes (their text, for a message, is chk.uniques(g)[code])
    pos = series_positions(chk, ok, group)
    codes = [chk.codes(g)[pos] for g in group]
    ordm = ords[pos]
    yr = ordm // 12
    first = np.ones(len(pos), dtype=bool)
    if len(pos) > 1:
        differ = yr[1:] != yr[:-1]
        for c in codes:
            differ |= c[1:] != c[:-1]
        first[1:] = differ

    def values(j: int) -> list[str]:
        return [chk.uniques(g)[c[j]] for g, c in zip(group, codes, strict=True)]

    header = chk.header(p)
    gap = np.zeros(len(pos), dtype=bool)
    gap[1:] = ~first[1:] & (ordm[1:] - ordm[:-1] > 1)
    for j in np.flatnonzero(gap):
        cur, before = int(ordm[j]), int(ordm[j - 1])
        months = [m for m in range(before + 1, cur) if m not in missing_all and m not in explained]
        if not months:
            continue
        i_cur, i_prev = int(pos[j]), int(pos[j - 1])
        shown = [_month_text(m) for m in months]
        who = _who(t, group, values(j))
        problems.append(Problem(
            chk.file, int(chk.rows[i_cur]), header, chk.norm[p].iloc[i_cur],
            Msg("series_gap", months=shown, before=_month_text(before), prev_row=int(chk.rows[i_prev]),
                cur=_month_text(cur), row=int(chk.rows[i_cur]), who=who),
            Msg("fix_series_gap", months=shown, who=who)))
    # the last month of each year in the table (of the distinct months, sorted), and where each series ends
    years, at_last = np.unique(present[::-1] // 12, return_index=True)
    last_of_year = present[::-1][at_last]
    # the last row of each series (sorted): where it ends and how many rows it has
    lastrow = np.r_[first[1:], True]
    starts = np.flatnonzero(first)
    sizes = np.diff(np.r_[starts, len(pos)])
    ends = np.flatnonzero(lastrow)
    table_last = last_of_year[np.searchsorted(years, yr[ends])]
    early = ordm[ends] < table_last
    for k in np.flatnonzero(early):
        j = int(ends[k])
        last, at, n_rows, year, year_last = int(ordm[j]), int(pos[j]), int(sizes[k]), int(yr[j]), int(table_last[k])
        nxt = int(present[np.searchsorted(present, last, side="right")])
        if nxt in explained:
            continue
        names = values(j)
        who = _who(t, group, names)
        row = int(chk.rows[at])
        if n_rows == 1 and last % 12 == 0:
            problems.append(Problem(
                chk.file, row, header, chk.norm[p].iloc[at],
                Msg("january_only", year=year + 1970, who=who, last=_month_text(year_last)),
                Msg("fix_january_only", month=_month_text(nxt))))
            continue
        named = dict(zip(group, names, strict=True))
        key = key_string(_month_text(nxt) if k_ == p else named[k_] for k_ in t.key) \
            if set(t.key) == {*group, p} else ""
        problem = Problem(
            chk.file, row, header, chk.norm[p].iloc[at],
            Msg("series_ends", who=who, year=year + 1970, last=_month_text(last), row=row,
                next=_month_text(nxt)),
            Msg("fix_series_ends_confirm", start=_month_text(nxt), end=_month_text(year_last),
                line=f"{t.name},{key},,") if key else
            Msg("fix_series_ends", start=_month_text(nxt), end=_month_text(year_last)))
        problems.append(problem)
        if key:
            confirmable.append(Confirmable(problem, t.name, key, ""))


def _panel(chk: Checked, checked: Mapping[str, Checked], problems: list[Problem]) -> None:
    t = chk.table
    p, u = t.period_column, t.panel
    ords = _ordinals(chk, p)
    ok = chk.clean(p) & chk.clean(u)
    has_period = chk.clean(p)
    explained = set(np.unique(ords[has_period & ~ok]).tolist())
    if not ok.any():
        return
    unit_word = Msg("what_city" if u == "city" else "what_county")
    missing_all = _missing_for_all(chk, ords[ok], t.jan_feb_combined, explained, problems, unit_word)
    units = chk.norm[u].to_numpy(dtype=object)[ok]
    frame = pd.DataFrame({"unit": units, "ordm": ords[ok]}).drop_duplicates()
    months = np.unique(frame["ordm"].to_numpy())
    have = frame.groupby("unit", sort=False)["ordm"].agg(set)
    header = chk.header(u)
    reference = _reference_units(t.name, checked)
    for unit, own in have.items():
        for m in months:
            m = int(m)
            if m in own or m in explained or m in missing_all:
                continue
            problems.append(Problem(
                chk.file, None, header, str(unit),
                Msg("panel_missing_city" if u == "city" else "panel_missing_county", unit=unit,
                    month=_month_text(m)),
                Msg("fix_panel_missing", unit=unit, month=_month_text(m))))
    if reference is not None:
        ref_table, ref_units = reference
        for unit in ref_units:
            if unit not in have.index:
                problems.append(Problem(
                    chk.file, None, header, str(unit),
                    Msg("panel_unit_absent", unit=unit, table=ref_table),
                    Msg("fix_panel_unit_absent", start=_month_text(int(months.min())),
                        end=_month_text(int(months.max())), table=ref_table)))


def _who(t, group: list[str], values: list[object]) -> Msg:
    """The series a message is about: ``credit_code=…`` (Chinese: ``统一社会信用代码 …``)."""
    return Msg.join(*(Msg("key_part", name=g, zh=t.column(g).zh, value=v) for g, v in zip(group, values, strict=True)),
                    sep=", ")


def _reference_units(name: str, checked: Mapping[str, Checked]) -> tuple[str, list[str]] | None:
    ref_name, column = {"city_growth": ("cities", "city"), "base_stations": ("counties", "county")}.get(
        name, (None, None))
    ref = checked.get(ref_name) if ref_name else None
    if ref is None or column not in ref.present:
        return None
    ok = ref.clean(column)
    return ref.file, list(dict.fromkeys(ref.norm[column].to_numpy(dtype=object)[ok].tolist()))
