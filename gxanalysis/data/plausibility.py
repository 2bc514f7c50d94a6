"""Values in the wrong unit, implausible changes, and the analyst's confirmations.

Unit slips (errors)
-------------------
A value is compared with what it should resemble. When the two are :data:`UNIT_FACTOR` (10^3.5 ≈ 3,162)
times apart or more — the factor between 万元 and 元, or 亿元 and 万元, is 10⁴ — one of them is taken to be
in another unit, and both rows are named (one message per suspect cell, however many comparisons it
fails):

* a year-to-date value and its same-sample base in the same row (``gross_output`` / ``gross_output_base``,
  ``value_added``, ``revenue``, ``electricity``, ``energy``);
* a base and the enterprise's own value a year earlier (``gross_output_base`` at 2023-04 and
  ``gross_output`` at 2022-04);
* a year-to-date value and the enterprise's (project's, fuel's) previous month of the same year (a fall
  by that factor is reported by the cumulative check, with the same hint);
* value added and gross output of the same row;
* the annual output target (``enterprise_targets``) and the design output value (``enterprises``) against
  the enterprise's gross output over the year so far, annualised;
* the daily output of a month (``daily_records``) against the enterprise's output of that month;
* an enterprise's electricity and energy use per 万元 of gross output against the median of the enterprises
  of its industry division (of all enterprises when the division has fewer than
  :data:`MIN_PEERS`): money figures typed in 亿元 while the energy figures are not;
* a project's investment against its annual plan and total investment, and the plan against the total.

Plausibility report (warnings)
------------------------------
Milder oddities are warnings, shown by ``gx validate`` and carried by the dataset (``Dataset.problems``)
into the run manifest; they never change a figure: a year-to-date value at least
:data:`PLAUSIBLE_BASE_RATIO` times its base or at most its inverse, a month's value (the difference of
year-to-date values, per month covered) at least :data:`PLAUSIBLE_MONTH_RATIO` times the month before or at
most its inverse, value added above gross output.

Confirmations
-------------
A value that is right although it looks wrong is confirmed in ``confirmations.csv`` beside the data
(:data:`gxanalysis.data.schema.CONFIRMATIONS`): one line ``table,key,column,value,note`` per value, the
key being the row's key values joined by ``|`` (``enterprise_monthly,91660302000879078W|2023-04,
gross_output,8447100,企业核实：新生产线投产``). Every message that can be confirmed ends with the exact line
to add. A confirmed doubt is not reported; it is listed in ``ValidationReport.confirmed`` and
``Dataset.confirmed``. A confirmation with a value lapses when the cell changes, and one that matches nothing is a
warning, so that stale confirmations do not pile up.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gxanalysis.data.checked import (
    UNIT_FACTOR,
    Checked,
    Confirmable,
    fmt,
    key_string,
    series_ends,
    series_positions,
    series_starts,
)
from gxanalysis.data.messages import Msg
from gxanalysis.data.messages import ratio as ratio_text
from gxanalysis.data.readers import release_freed_memory
from gxanalysis.data.schema import TABLES_BY_NAME, Column
from gxanalysis.errors import PeriodError, Problem
from gxanalysis.periods import Month

__all__ = ["PLAUSIBLE_BASE_RATIO", "PLAUSIBLE_MONTH_RATIO", "UNIT_FACTOR", "apply_confirmations",
           "check_confirmations", "check_units", "unit_hint"]

PLAUSIBLE_BASE_RATIO = 100.0
"""A year-to-date value this many times its same-sample base (or less than its inverse) is a warning."""

PLAUSIBLE_MONTH_RATIO = 20.0
"""A month's value this many times the month before (or less than its inverse) is a warning."""

MIN_PEERS = 5
"""Fewest enterprises of an industry division whose median intensity an enterprise is compared with."""

_HINTS = {"万元": "unit_hint_10k", "万kWh": "unit_hint_kwh", "tce": "unit_hint_tce"}


def unit_hint(unit: str, *, short: bool = False) -> Msg:
    """The unit mix-ups that give a factor of about 10⁴ for a column in ``unit`` (``short``: the first one;
    for a value above a column's maximum, only a smaller unit is the likely slip)."""
    if short and unit == "万元":
        return Msg("unit_hint_10k_short")
    return Msg(_HINTS.get(unit, "unit_hint_other"))


BLOCK = 1 << 20
"""Rows of a long panel compared at once: the ratios of neighbours and of months a year apart are
computed block by block, so that a check holds a few MiB of temporaries, not several copies of a column."""


def _blocks(n: int):
    """``(start, stop)`` of consecutive blocks of at most :data:`BLOCK` covering ``range(n)``."""
    return ((s, min(s + BLOCK, n)) for s in range(0, n, BLOCK))


def _flagged(n: int, flag: Callable[..., np.ndarray], *args) -> np.ndarray:
    """The positions in ``range(n)`` where ``flag(start, stop, *args)``, the mask of one block
    (:func:`_blocks`), is set; comparisons with NaN, divisions by zero and overflows are quiet."""
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        found = [np.flatnonzero(flag(a, e, *args)) + a for a, e in _blocks(n)]
    return np.concatenate([np.zeros(0, dtype=np.int64), *found])


def _rises_by_unit_factor(a: int, e: int, v: np.ndarray, follows: np.ndarray) -> np.ndarray:
    """Rows a … e - 1 whose next row, in the same series and year, is 10^3.5 times it or more."""
    return follows[a:e] & (v[a + 1:e + 1] / v[a:e] >= UNIT_FACTOR)


def _month_jumps(a: int, e: int, inc: np.ndarray, follows: np.ndarray) -> np.ndarray:
    """Rows a … e - 1 whose next single month, in the same series and year, is far from it (but not a
    10⁴ jump, an error of its own)."""
    cur, before = inc[a + 1:e + 1], inc[a:e]
    r = cur / before
    far = follows[a:e] & (cur > 0) & (before > 0) & ((r >= PLAUSIBLE_MONTH_RATIO) | (r <= 1 / PLAUSIBLE_MONTH_RATIO))
    return far & ~_slip(r)


def _last_year_slips(a: int, e: int, chk: Checked, c: Column, at_this: np.ndarray,
                     at_before: np.ndarray) -> np.ndarray:
    """Pairs a … e - 1 whose base this year is 10⁴ apart from the value a year before."""
    b = _series_values(chk, c.base, at_this[a:e])
    v = _series_values(chk, c.name, at_before[a:e])
    return _slip(b / v) & (b > 0) & (v > 0)


def _ratio(v: np.ndarray, b: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """``v / b`` where ``ok``, NaN elsewhere (one array, no temporary)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.divide(v, b, out=np.full(len(v), np.nan), where=ok)


def _slip(r: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return (r >= UNIT_FACTOR) | (r <= 1 / UNIT_FACTOR)


def _confirm_fix(start: Msg, table: str, key: str, column: str, value: str) -> Msg:
    return Msg("confirm_fix", start=start, line=f"{table},{key},{column},{value},")


@dataclass
class _Out:
    problems: list[Problem]
    confirmable: list[Confirmable]

    def add(self, problem: Problem, table: str, key: str, column: str,
            also: tuple[tuple[str, str, str, str], ...] = ()) -> None:
        self.problems.append(problem)
        self.confirmable.append(Confirmable(problem, table, key, column, also))

    def one_per_cell(self) -> tuple[list[Problem], list[Confirmable]]:
        """One message per suspect cell: a doubt about a cell that an earlier error already names (a value in
        元 trips the comparison with its base, the month before, its value added and its target) is left
        out, and so is a warning about such a cell. The message kept names both rows; confirming the cell
        settles them all."""
        claimed: set[tuple[str, str, str]] = set()
        kept: list[Confirmable] = []
        ordered = sorted(self.confirmable, key=lambda c: c.problem.severity != "error")  # stable
        for c in ordered:
            cells = {(c.table, c.key, c.column), *((t, k, col) for t, k, col, _ in c.also)}
            if cells & claimed:
                continue
            kept.append(c)
            if c.problem.severity == "error":
                claimed |= cells
        order = {id(c.problem): i for i, c in enumerate(self.confirmable)}
        kept.sort(key=lambda c: order[id(c.problem)])
        return [c.problem for c in kept], kept


# --------------------------------------------------------------------------------------------------
# Unit slips and plausibility
# --------------------------------------------------------------------------------------------------
def check_units(checked: Mapping[str, Checked]) -> tuple[list[Problem], list[Confirmable]]:
    """Every unit slip (error) and implausible change (warning); see the module docstring."""
    out = _Out([], [])
    em = checked.get("enterprise_monthly")
    if em is not None and len(em.rows):
        for check in (_against_base, _against_last_year, _value_added_and_output, _single_months):
            check(em, out)
            release_freed_memory()  # each step's temporaries of the long panel
    for name in ("enterprise_monthly", "project_monthly", "energy_by_fuel"):
        chk = checked.get(name)
        if chk is not None and len(chk.rows):
            _against_previous_month(chk, out)
    if em is not None and len(em.rows):
        annual = _annualised_output(em)
        if annual is not None:
            for step in (_target_and_design, _daily):
                step(checked, annual if step is _target_and_design else em, out)
                release_freed_memory()
            _intensity(checked, em, out)
    _projects(checked, out)
    return out.one_per_cell()


def _numeric(chk: Checked, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Values and the rows where they are clean and positive. The values are read-only: a column of
    floats is the typed frame's own array, not a copy."""
    if column not in chk.present:
        n = len(chk.rows)
        return np.full(n, np.nan), np.zeros(n, dtype=bool)
    v = chk.values(column).view()
    v.flags.writeable = False
    with np.errstate(invalid="ignore"):
        return v, chk.clean(column) & (v > 0)


def _base_columns(chk: Checked) -> list[Column]:
    return [c for c in chk.table.columns if c.base and c.name in chk.present and c.base in chk.present]


def _against_base(chk: Checked, out: _Out) -> None:
    t = chk.table
    for c in _base_columns(chk):
        v, ok_v = _numeric(chk, c.name)
        b, ok_b = _numeric(chk, c.base)
        ok = ok_v & ok_b
        del ok_v, ok_b
        r = _ratio(v, b, ok)
        slip = ok & _slip(r)
        with np.errstate(invalid="ignore"):
            mild = ok & ~slip & ((r >= PLAUSIBLE_BASE_RATIO) | (r <= 1 / PLAUSIBLE_BASE_RATIO))
        base = t.column(c.base)
        for i in np.flatnonzero(slip | mild):
            key, value = chk.key(i), str(chk.text[c.name].iloc[i])
            start = Msg("check_both_in", name=c.name, zh=c.zh, base=c.base, base_zh=base.zh, unit=c.unit)
            if slip[i]:
                problem = Problem(
                    chk.file, int(chk.rows[i]), chk.header(c.name), value,
                    Msg("base_slip", name=c.name, zh=c.zh, v=fmt(v[i]), ratio=ratio_text(r[i]), base=c.base,
                        base_zh=base.zh, b=fmt(b[i]), hint=unit_hint(c.unit)),
                    _confirm_fix(start, t.name, key, c.name, value))
            else:
                problem = Problem(
                    chk.file, int(chk.rows[i]), chk.header(c.name), value,
                    Msg("base_mild", name=c.name, zh=c.zh, v=fmt(v[i]), ratio=ratio_text(r[i]), base=c.base,
                        b=fmt(b[i]), change=f"{(r[i] - 1) * 100:+,.0f}%"),
                    _confirm_fix(Msg("check_value_base"), t.name, key, c.name, value), "warning")
            out.add(problem, t.name, key, c.name, ((t.name, key, c.base, str(chk.text[c.base].iloc[i])),))


def _series_frame(chk: Checked, columns: Iterable[str]) -> pd.DataFrame | None:
    """The clean rows of a year-to-date table, sorted by series and month: the group columns as codes
    (:func:`_coded`; their text is ``chk.uniques(g)[code]``), ``ordm``, ``yr``, ``pos`` and the numeric
    columns (NaN where not clean and positive). The key columns are built once per table; the numeric
    ones each time they are asked for (:func:`_series_values`) and not kept, so that a long panel's
    checks hold only the columns of the step at hand."""
    cache = chk.__dict__.setdefault("_series_frame", {})
    if "frame" not in cache:
        cache["frame"] = _build_series_frame(chk)
    data = cache["frame"]
    if data is None:
        return None
    names = [*_coded(chk), "ordm", "pos", "yr"]
    frame = {k: data[k] for k in names}
    for c in columns:
        frame[c] = _series_values(chk, c)
    return pd.DataFrame(frame, copy=False)  # the arrays themselves, not a copy


def _series_values(chk: Checked, column: str, at: np.ndarray | None = None) -> np.ndarray:
    """A numeric column at the rows of the series frame (or at row positions ``at``): its values where
    clean and positive, NaN elsewhere. Where the series order is the table's own order and every value
    is clean and positive, the typed column itself (read-only)."""
    cache = chk.__dict__["_series_frame"].setdefault("numeric", {})
    if column not in cache:  # the values (the typed column for floats) and the mask (None: every row)
        v, good = _numeric(chk, column)
        cache[column] = v, None if good.all() else good
    v, good = cache[column]
    if at is None:
        data = chk.__dict__["_series_frame"]["frame"]
        if data["identity"]:  # in the table's order
            return v if good is None else np.where(good, v, np.nan)
        at = data["pos"]
    if good is None:
        return v[at]
    out = v[at]  # a copy: NaN written where not clean and positive
    out[~good[at]] = np.nan
    return out


def _coded(chk: Checked) -> list[str]:
    """The columns of a series frame holding the group columns as integer codes (:meth:`Checked.codes`)."""
    return [f"_code_{g}" for g in chk.table.group_for_cumulative]


def _build_series_frame(chk: Checked) -> dict[str, np.ndarray | bool] | None:
    t = chk.table
    p, group = t.period_column, list(t.group_for_cumulative)
    if not p or not group or p not in chk.present or not all(g in chk.present for g in group):
        return None
    ok = chk.clean(p)
    for g in group:
        ok &= chk.clean(g)
    if not ok.any():
        return None
    ordm = np.asarray(chk.frame[p].array.asi8, dtype=np.int64)
    pos = series_positions(chk, ok, group)
    chk.__dict__.pop("_series_order", None)  # the series frame holds the order from here on (no second copy)
    if len(ok) < 2 ** 31:  # positions, months and years in the narrowest integers that hold them
        pos = pos.astype(np.int32)
    data: dict[str, np.ndarray | bool] = {}
    # a table written in series order with every row clean: the positions are 0, 1, …, n - 1, and a
    # column at the positions is the column itself
    identity = len(pos) == len(ok) and bool((pos[1:] > pos[:-1]).all())
    for g, c in zip(group, _coded(chk), strict=True):
        data[c] = chk.codes(g) if identity else chk.codes(g)[pos]
    data["ordm"] = ordm if identity else ordm[pos].astype(np.int32)  # months from 1970-01
    data["pos"] = pos
    data["identity"] = identity
    data["yr"] = (data["ordm"] // 12).astype(np.int16)
    return data


def _series_key(frame: pd.DataFrame, coded: list[str]) -> np.ndarray:
    """One integer per row of a series frame, increasing with (series, month): the group codes combined,
    times 2¹⁶, plus the month ordinal (months from 1970-01; every month of the data is below 2¹⁶)."""
    key = np.zeros(len(frame), dtype=np.int64)
    for c in coded:  # in place: no temporary the size of the panel
        codes = frame[c].to_numpy(dtype=np.int64)
        key *= int(codes.max(initial=0)) + 1
        key += codes
    key *= 2 ** 16
    key += frame["ordm"].to_numpy(dtype=np.int64)
    return key


def _against_previous_month(chk: Checked, out: _Out) -> None:
    t = chk.table
    columns = [c for c in t.columns if c.cumulative and c.name in chk.present]
    frame = _series_frame(chk, [])
    if frame is None:
        return
    # row j + 1 follows row j in the same series and year: the ratios of neighbours, on slices
    follows = ~series_starts(frame, [*_coded(chk), "yr"])[1:]
    pos = frame["pos"].to_numpy()
    for c in columns:
        v = _series_values(chk, c.name)
        at = _flagged(len(v) - 1, _rises_by_unit_factor, v, follows) + 1  # row j against row j - 1
        with np.errstate(over="ignore"):
            ratios = v[at] / v[at - 1]
        for j, ratio in zip(at.tolist(), ratios.tolist(), strict=True):
            i, i_prev = int(pos[j]), int(pos[j - 1])
            key, value = chk.key(i), str(chk.text[c.name].iloc[i])
            unit = Msg("unit_hint_q", hint=unit_hint(c.unit)) if c.unit in _HINTS else ""
            out.add(Problem(
                chk.file, int(chk.rows[i]), chk.header(c.name), value,
                Msg("prev_month_slip", name=c.name, zh=c.zh, prev=fmt(v[j - 1]),
                    prev_month=chk.norm[t.period_column].iloc[i_prev], prev_row=int(chk.rows[i_prev]), v=fmt(v[j]),
                    month=chk.norm[t.period_column].iloc[i], row=int(chk.rows[i]), ratio=ratio_text(ratio),
                    unit=unit),
                _confirm_fix(Msg("check_rows_source", a=int(chk.rows[i_prev]), b=int(chk.rows[i])), t.name, key,
                             c.name, value)), t.name, key, c.name,
                ((t.name, chk.key(i_prev), c.name, str(chk.text[c.name].iloc[i_prev])),))


def _single_months(chk: Checked, out: _Out) -> None:
    """Warnings for a month's value far from the month before (both differenced from year-to-date
    values, per month covered)."""
    t = chk.table
    columns = [c for c in _base_columns(chk)]
    frame = _series_frame(chk, [])
    if frame is None:
        return
    first = series_starts(frame, [*_coded(chk), "yr"])
    follows = ~first[1:]  # row j + 1 follows row j in the same series and year
    ordm = frame["ordm"].to_numpy()
    months = ordm % 12 + 1
    covered = np.empty(len(ordm), dtype=float)  # months since the row before (its month number at a first row)
    np.subtract(ordm[1:], ordm[:-1], out=covered[1:])
    covered[first] = months[first]
    del ordm
    # a series that starts after February (a plant starting production, an enterprise entering the
    # sample) covers fewer months than its first month number: its first value is not compared
    covered[first & (months > 2)] = np.nan
    del months
    pos = frame["pos"].to_numpy()
    for c in columns:
        v = _series_values(chk, c.name)
        inc = v.copy()  # the first row of a series: its year-to-date value; the others: the difference
        np.subtract(v[1:], v[:-1], out=inc[1:], where=follows)
        inc /= covered
        del v  # one column's temporaries at a time
        at = _flagged(len(inc) - 1, _month_jumps, inc, follows) + 1  # row j against row j - 1
        with np.errstate(over="ignore"):
            ratios = inc[at] / inc[at - 1]
        for j, ratio in zip(at.tolist(), ratios.tolist(), strict=True):
            i, i_prev = int(pos[j]), int(pos[j - 1])
            key, value = chk.key(i), str(chk.text[c.name].iloc[i])
            out.add(Problem(
                chk.file, int(chk.rows[i]), chk.header(c.name), value,
                Msg("month_jump", name=c.name, zh=c.zh, inc=fmt(inc[j]), unit=c.unit,
                    ratio=ratio_text(ratio), prev=fmt(inc[j - 1])),
                _confirm_fix(Msg("check_this_and_prev"), t.name, key, c.name, value), "warning"), t.name, key, c.name,
                ((t.name, chk.key(i_prev), c.name, str(chk.text[c.name].iloc[i_prev])),))
        del inc


def _against_last_year(chk: Checked, out: _Out) -> None:
    t = chk.table
    columns = _base_columns(chk)
    frame = _series_frame(chk, [])
    if frame is None:
        return
    # each row and the row of the same series twelve months before: the frame is sorted by series and
    # month, so one sorted integer key finds it by binary search (no join of the panel with itself)
    key = _series_key(frame, _coded(chk))
    pos = frame["pos"].to_numpy()
    this, before = [pos[:0]], [pos[:0]]  # the rows of the table, where the columns are read
    for a, e in _blocks(len(key)):  # block by block: the temporaries of one block only
        target = key[a:e] - 12
        at = np.searchsorted(key, target)
        np.minimum(at, len(key) - 1, out=at)
        found = key[at] == target
        this.append(pos[a:e][found])
        before.append(pos[at[found]])
    del key
    at_this, at_before = np.concatenate(this), np.concatenate(before)
    del this, before
    for c in columns:
        hit = _flagged(len(at_this), _last_year_slips, chk, c, at_this, at_before)
        b = _series_values(chk, c.base, at_this[hit])  # the values of the hits, for their messages
        v = _series_values(chk, c.name, at_before[hit])
        with np.errstate(over="ignore"):
            r = b / v
        for k, j in enumerate(hit.tolist()):
            i, i_ly = int(at_this[j]), int(at_before[j])
            key, value = chk.key(i), str(chk.text[c.base].iloc[i])
            base = t.column(c.base)
            out.add(Problem(
                chk.file, int(chk.rows[i]), chk.header(c.base), value,
                Msg("last_year_slip", base=c.base, base_zh=base.zh, b=fmt(b[k]), ratio=ratio_text(r[k]), name=c.name,
                    zh=c.zh, v=fmt(v[k]), month=chk.norm[t.period_column].iloc[i_ly], row=int(chk.rows[i_ly]),
                    hint=unit_hint(c.unit)),
                _confirm_fix(Msg("check_rows_source", a=int(chk.rows[i_ly]), b=int(chk.rows[i])), t.name,
                             key, c.base, value)), t.name, key, c.base,
                ((t.name, chk.key(i_ly), c.name, str(chk.text[c.name].iloc[i_ly])),))


def _value_added_and_output(chk: Checked, out: _Out) -> None:
    t = chk.table
    va, ok_va = _numeric(chk, "value_added")
    go, ok_go = _numeric(chk, "gross_output")
    ok = ok_va & ok_go
    del ok_va, ok_go
    r = _ratio(va, go, ok)
    slip = ok & _slip(r)
    with np.errstate(invalid="ignore"):
        above = ok & ~slip & (r > 1 + 1e-9)
    for i in np.flatnonzero(slip | above):
        key, value = chk.key(i), str(chk.text["value_added"].iloc[i])
        if slip[i]:
            problem = Problem(
                chk.file, int(chk.rows[i]), chk.header("value_added"), value,
                Msg("va_slip", va=fmt(va[i]), ratio=ratio_text(r[i]), go=fmt(go[i]), hint=unit_hint("万元")),
                _confirm_fix(Msg("check_both_wanyuan"), t.name, key, "value_added", value))
        else:
            problem = Problem(
                chk.file, int(chk.rows[i]), chk.header("value_added"), value,
                Msg("va_above", va=fmt(va[i]), go=fmt(go[i])),
                _confirm_fix(Msg("check_both"), t.name, key, "value_added", value), "warning")
        out.add(problem, t.name, key, "value_added", ((t.name, key, "gross_output",
                                                      str(chk.text["gross_output"].iloc[i])),))


def _annualised_output(em: Checked) -> pd.DataFrame | None:
    """Per enterprise and year, the latest gross output of the year, annualised (× 12 / month)."""
    frame = _series_frame(em, [])
    if frame is None:
        return None
    go = _series_values(em, "gross_output")
    given = np.flatnonzero(~np.isnan(go))
    keys = [*_coded(em), "yr"]  # the sorted frame's last row per year with a value (no copy of the frame)
    at = given[series_ends(pd.DataFrame({k: frame[k].to_numpy()[given] for k in keys}, copy=False), keys)]
    latest = frame.iloc[at].copy()
    latest["gross_output"] = go[at]
    latest["annual"] = latest["gross_output"] * 12 / (latest["ordm"] % 12 + 1)
    latest["year"] = latest["yr"] + 1970
    return latest[[*_coded(em), "year", "ordm", "pos", "gross_output", "annual"]]


def _em_codes(em: Checked, codes: np.ndarray) -> np.ndarray:
    """Credit codes of another table as the codes of ``enterprise_monthly``'s credit codes
    (:meth:`Checked.codes`; -1 for a code it does not have), so that joins with its panel are on integers."""
    return em.lookup("credit_code", codes)


def _target_and_design(checked: Mapping[str, Checked], annual: pd.DataFrame, out: _Out) -> None:
    em = checked["enterprise_monthly"]
    et = checked.get("enterprise_targets")
    if et is not None and {"credit_code", "year", "output_target"} <= et.present and len(et.rows):
        v, ok = _numeric(et, "output_target")
        ok &= et.clean("credit_code") & et.clean("year")
        code = _coded(em)[0]  # joined on the panel's integer codes of the credit codes (-1: not in the panel)
        targets = pd.DataFrame({code: _em_codes(em, et.norm["credit_code"].to_numpy(dtype=object)[ok]),
                                "year": et.frame["year"].to_numpy(dtype=float, na_value=np.nan)[ok].astype(int),
                                "tpos": np.flatnonzero(ok), "target": v[ok]})
        joined = targets.merge(annual, on=[code, "year"])
        r = (joined["target"] / joined["annual"]).to_numpy(dtype=float)
        for j in np.flatnonzero(_slip(r) & (joined["annual"].to_numpy() > 0)):
            i, i_em = int(joined["tpos"].iloc[j]), int(joined["pos"].iloc[j])
            key, value = et.key(i), str(et.text["output_target"].iloc[i])
            out.add(Problem(
                et.file, int(et.rows[i]), et.header("output_target"), value,
                Msg("target_slip", target=fmt(joined["target"].iloc[j]), ratio=ratio_text(r[j]),
                    year=int(joined["year"].iloc[j]), go=fmt(joined["gross_output"].iloc[j]),
                    month=em.norm["period"].iloc[i_em], row=int(em.rows[i_em]), file=em.file, hint=unit_hint("万元")),
                _confirm_fix(Msg("check_target_rows", file=em.file), "enterprise_targets",
                             key, "output_target", value)), "enterprise_targets", key, "output_target",
                (("enterprise_monthly", em.key(i_em), "gross_output", str(em.text["gross_output"].iloc[i_em])),))
    ent = checked.get("enterprises")
    if ent is not None and "design_output_value" in ent.present and "credit_code" in ent.present:
        v, ok = _numeric(ent, "design_output_value")
        ok &= ent.clean("credit_code")
        code = _coded(em)[0]
        # each enterprise's latest year: annual is sorted by enterprise and year, one row per year
        latest = annual.loc[series_ends(annual, [code])]
        design = pd.DataFrame({code: _em_codes(em, ent.norm["credit_code"].to_numpy(dtype=object)[ok]),
                               "dpos": np.flatnonzero(ok), "design": v[ok]})
        joined = design.merge(latest, on=code)
        r = (joined["design"] / joined["annual"]).to_numpy(dtype=float)
        for j in np.flatnonzero(_slip(r) & (joined["annual"].to_numpy() > 0)):
            i, i_em = int(joined["dpos"].iloc[j]), int(joined["pos"].iloc[j])
            key, value = ent.key(i), str(ent.text["design_output_value"].iloc[i])
            out.add(Problem(
                ent.file, int(ent.rows[i]), ent.header("design_output_value"), value,
                Msg("design_slip", design=fmt(joined["design"].iloc[j]), ratio=ratio_text(r[j]),
                    year=int(joined["year"].iloc[j]), go=fmt(joined["gross_output"].iloc[j]),
                    month=em.norm["period"].iloc[i_em], row=int(em.rows[i_em]), file=em.file, hint=unit_hint("万元")),
                _confirm_fix(Msg("check_it_rows", file=em.file), "enterprises", key,
                             "design_output_value", value)), "enterprises", key, "design_output_value",
                (("enterprise_monthly", em.key(i_em), "gross_output", str(em.text["gross_output"].iloc[i_em])),))


def _intensity(checked: Mapping[str, Checked], em: Checked, out: _Out) -> None:
    """Electricity and energy per 万元 of output, the latest row of each enterprise, against its peers."""
    frame = _series_frame(em, [])
    ent = checked.get("enterprises")
    if frame is None or ent is None or "industry_code" not in ent.present:
        return
    latest = frame.loc[series_ends(frame, _coded(em))]
    at = latest["pos"].to_numpy(dtype=np.int64)  # the columns at the latest rows only
    latest = latest.assign(**{c: _series_values(em, c, at) for c in ("gross_output", "electricity", "energy")})
    ok = ent.clean("credit_code") & ent.usable("industry_code")
    # each enterprise's industry division (its first row in enterprises), by the panel's codes
    codes = em.lookup("credit_code", ent.norm["credit_code"].to_numpy(dtype=object)[ok])
    industry = ent.norm["industry_code"].to_numpy(dtype=object)[ok]
    known, first = np.unique(codes, return_index=True)
    by_code = np.full(len(em.uniques("credit_code")) + 1, np.nan, dtype=object)  # the last: not in the panel
    by_code[known] = [v[:2] for v in industry[first].tolist()]
    by_code[-1] = np.nan
    latest = latest.assign(division=by_code[latest[_coded(em)[0]].to_numpy(dtype=np.int64)])
    for column in ("electricity", "energy"):
        c = em.table.column(column)
        with np.errstate(invalid="ignore", divide="ignore"):
            log = np.log10(latest[column].to_numpy(dtype=float) / latest["gross_output"].to_numpy(dtype=float))
        valid = np.isfinite(log)
        if valid.sum() < MIN_PEERS:
            continue
        sub = latest.loc[valid].assign(log=log[valid])
        size = sub.groupby("division")["log"].transform("size")
        median = np.where(size >= MIN_PEERS, sub.groupby("division")["log"].transform("median"), sub["log"].median())
        diff = sub["log"].to_numpy() - median
        for j in np.flatnonzero(np.abs(diff) >= np.log10(UNIT_FACTOR)):
            i = int(sub["pos"].iloc[j])
            key, value = em.key(i), str(em.text["gross_output"].iloc[i])
            peers = (Msg("peers_division", division=sub["division"].iloc[j]) if size.iloc[j] >= MIN_PEERS
                     else Msg("peers_all"))
            out.add(Problem(
                em.file, int(em.rows[i]), em.header("gross_output"), value,
                Msg("intensity_slip", name=column, zh=c.zh, ratio=ratio_text(10 ** diff[j]), peers=peers,
                    v=fmt(sub[column].iloc[j]), unit=c.unit, go=fmt(sub["gross_output"].iloc[j]),
                    hint=unit_hint("万元"), hint2=unit_hint(c.unit)),
                _confirm_fix(Msg("check_units_rows", file=em.file), em.table.name, key,
                             "gross_output", value)), em.table.name, key, "gross_output",
                ((em.table.name, key, column, str(em.text[column].iloc[i])),))


def _daily(checked: Mapping[str, Checked], em: Checked, out: _Out) -> None:
    dr = checked.get("daily_records")
    if dr is None or not len(dr.rows) or not {"credit_code", "date", "output_value"} <= dr.present:
        return
    v, ok = _numeric(dr, "output_value")
    ok &= dr.clean("credit_code") & dr.clean("date")
    if not ok.any():
        return
    dates = dr.frame["date"].to_numpy()[ok]
    month = dates.astype("datetime64[M]").astype(np.int64)
    daily = pd.DataFrame({"credit_code": dr.norm["credit_code"].to_numpy(dtype=object)[ok], "ordm": month,
                          "value": v[ok], "dpos": np.flatnonzero(ok)})
    sums = daily.groupby(["credit_code", "ordm"], sort=False).agg(total=("value", "sum"), dpos=("dpos", "min"))
    frame = _series_frame(em, [])
    if frame is None:
        return
    # the panel rows of the enterprises with daily records, found on the integer codes, and the row before
    # each in the sorted frame: the single month's output computed at those rows only
    wanted = _em_codes(em, daily["credit_code"].unique())
    codes = frame[_coded(em)[0]].to_numpy()
    rows = np.flatnonzero(np.isin(codes, wanted[wanted >= 0]))
    prev = np.maximum(rows - 1, 0)
    first = rows == 0  # the first row of its series and year (as series_starts)
    for k in [*_coded(em), "yr"]:
        a = frame[k].to_numpy()
        first |= a[rows] != a[prev]
    pos = frame["pos"].to_numpy()
    go = _series_values(em, "gross_output", pos[rows])
    go_before = np.where(first, np.nan, _series_values(em, "gross_output", pos[prev]))
    ordm_all = frame["ordm"].to_numpy()
    ordm = ordm_all[rows].astype(float)
    ordm_before = np.where(first, np.nan, ordm_all[prev].astype(float))
    values = np.where(ordm % 12 == 0, go, np.where(ordm - ordm_before == 1, go - go_before, np.nan))
    single = pd.DataFrame({"credit_code": em.uniques("credit_code")[codes[rows]],
                           "ordm": ordm_all[rows], "pos": pos[rows], "single": values})
    joined = sums.reset_index().merge(single, on=["credit_code", "ordm"])
    r = (joined["total"] / joined["single"]).to_numpy(dtype=float)
    for j in np.flatnonzero(_slip(r) & (joined["single"].to_numpy() > 0) & (joined["total"].to_numpy() > 0)):
        i, i_em = int(joined["dpos"].iloc[j]), int(joined["pos"].iloc[j])
        key, value = dr.key(i), str(dr.text["output_value"].iloc[i])
        out.add(Problem(
            dr.file, int(dr.rows[i]), dr.header("output_value"), value,
            Msg("daily_slip", month=em.norm["period"].iloc[i_em], total=fmt(joined["total"].iloc[j]),
                ratio=ratio_text(r[j]), file=em.file, single=fmt(joined["single"].iloc[j]), row=int(em.rows[i_em]),
                hint=unit_hint("万元")),
            _confirm_fix(Msg("check_daily", file=em.file), "daily_records", key,
                         "output_value", value)), "daily_records", key, "output_value",
            (("enterprise_monthly", em.key(i_em), "gross_output", str(em.text["gross_output"].iloc[i_em])),))


def _projects(checked: Mapping[str, Checked], out: _Out) -> None:
    pr = checked.get("projects")
    if pr is None or not len(pr.rows) or not {"project_id", "year"} <= pr.present:
        return
    plan, ok_plan = _numeric(pr, "annual_plan")
    total, ok_total = _numeric(pr, "total_investment")
    both = ok_plan & ok_total
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(both, plan / total, np.nan)
    for i in np.flatnonzero(both & _slip(r)):
        key, value = pr.key(i), str(pr.text["annual_plan"].iloc[i])
        out.add(Problem(
            pr.file, int(pr.rows[i]), pr.header("annual_plan"), value,
            Msg("plan_slip", plan=fmt(plan[i]), ratio=ratio_text(r[i]), total=fmt(total[i]), hint=unit_hint("万元")),
            _confirm_fix(Msg("check_both_wanyuan"), "projects", key, "annual_plan", value)),
            "projects", key, "annual_plan", (("projects", key, "total_investment",
                                             str(pr.text["total_investment"].iloc[i])),))
    pm = checked.get("project_monthly")
    if pm is None or not len(pm.rows) or not {"project_id", "period", "investment"} <= pm.present:
        return
    ok_pr = pr.clean("project_id") & pr.clean("year")
    scale = np.fmax(np.where(ok_plan, plan, np.nan), np.where(ok_total, total, np.nan))
    listed = pd.DataFrame({"project_id": pr.norm["project_id"].to_numpy(dtype=object)[ok_pr],
                           "year": pr.frame["year"].to_numpy(dtype=float, na_value=np.nan)[ok_pr],
                           "scale": scale[ok_pr], "ppos": np.flatnonzero(ok_pr)})
    inv, ok_inv = _numeric(pm, "investment")
    ok_inv &= pm.clean("project_id") & pm.clean("period")
    ords = np.asarray(pm.frame["period"].array.asi8, dtype=np.int64)
    monthly = pd.DataFrame({"project_id": pm.norm["project_id"].to_numpy(dtype=object)[ok_inv],
                            "year": (ords[ok_inv] // 12 + 1970).astype(float), "pos": np.flatnonzero(ok_inv),
                            "inv": inv[ok_inv]})
    joined = monthly.merge(listed.drop_duplicates(["project_id", "year"]), on=["project_id", "year"])
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (joined["inv"] / joined["scale"]).to_numpy(dtype=float)
        hits = np.flatnonzero(r >= UNIT_FACTOR)
    for j in hits:
        i = int(joined["pos"].iloc[j])
        key, value = pm.key(i), str(pm.text["investment"].iloc[i])
        out.add(Problem(
            pm.file, int(pm.rows[i]), pm.header("investment"), value,
            Msg("investment_slip", inv=fmt(joined["inv"].iloc[j]), ratio=ratio_text(r[j]), file=pr.file,
                scale=fmt(joined["scale"].iloc[j]), hint=unit_hint("万元")),
            _confirm_fix(Msg("check_value_project", file=pr.file), "project_monthly", key,
                         "investment", value)), "project_monthly", key, "investment",
            (("projects", pr.key(int(joined["ppos"].iloc[j])), "annual_plan",
              str(pr.text["annual_plan"].iloc[int(joined["ppos"].iloc[j])])),))


# --------------------------------------------------------------------------------------------------
# Confirmations
# --------------------------------------------------------------------------------------------------
_CODELIKE = re.compile(r"^[0-9A-Za-z]{18}$")


def _norm_part(text: str) -> str:
    """One key value as validation writes it: a month as YYYY-MM (2023/4 and 2023年4月 name the same
    month), a credit code in capitals."""
    s = str(text).strip()
    try:
        return str(Month.parse(s))
    except PeriodError:
        pass
    if _CODELIKE.match(s):
        return s.upper()
    return s


def _norm_key(key: str) -> str:
    return key_string(_norm_part(p) for p in str(key).split("|")) if str(key).strip() else ""


@dataclass(frozen=True)
class _Entry:
    row: int
    value: str
    note: str


def check_confirmations(chk: Checked) -> tuple[list[Problem], dict[tuple[str, str, str], _Entry]]:
    """Check ``confirmations.csv`` (table, key and column must exist) and index its lines."""
    problems: list[Problem] = []
    index: dict[tuple[str, str, str], _Entry] = {}
    if not {"table", "note"} <= chk.present:
        return problems, index
    tables = list(TABLES_BY_NAME)
    for i in range(len(chk.rows)):
        if not chk.usable("table")[i]:
            continue
        name = str(chk.norm["table"].iloc[i]).strip()
        row = int(chk.rows[i])
        if name not in TABLES_BY_NAME:
            import difflib

            close = difflib.get_close_matches(name, tables, n=1, cutoff=0.5)
            problems.append(Problem(chk.file, row, chk.header("table"), name, Msg("conf_unknown_table", name=name),
                                    Msg("fix_conf_table", example=close[0] if close else "enterprise_monthly")))
            continue
        t = TABLES_BY_NAME[name]
        column = str(chk.norm["column"].iloc[i]).strip() if "column" in chk.present else ""
        if column and column not in t.column_names:
            problems.append(Problem(chk.file, row, chk.header("column"), column,
                                    Msg("conf_unknown_column", column=column, name=name),
                                    Msg("fix_conf_column", columns=list(t.column_names))))
            continue
        key = _norm_key(chk.norm["key"].iloc[i]) if "key" in chk.present else ""
        if key and len(key.split("|")) != len(t.key):
            problems.append(Problem(
                chk.file, row, chk.header("key"), key,
                Msg("conf_key_parts", name=name, n=len(t.key), parts=" | ".join(t.key), got=len(key.split("|"))),
                Msg("fix_conf_key")))
            continue
        value = str(chk.norm["value"].iloc[i]).strip() if "value" in chk.present else ""
        note = str(chk.norm["note"].iloc[i]).strip()
        index[(name, key, column)] = _Entry(row, value, note)
    return problems, index


def _same_value(a: str, b: str) -> bool:
    if a.strip() == b.strip():
        return True
    try:
        x, y = float(a.replace(",", "")), float(b.replace(",", ""))
    except ValueError:
        return False
    return math.isclose(x, y, rel_tol=1e-12, abs_tol=0.0)


def apply_confirmations(problems: list[Problem], confirmable: list[Confirmable],
                        index: Mapping[tuple[str, str, str], _Entry], file: str
                        ) -> tuple[list[Problem], list[Problem]]:
    """Remove the confirmed doubts from ``problems``; return ``(problems, confirmed)``.

    A confirmed doubt is returned with severity ``"confirmed"`` and the analyst's note in its fix.
    """
    confirmed: list[Problem] = []
    dropped: set[int] = set()
    used: set[tuple[str, str, str]] = set()
    extra: list[Problem] = []
    for c in confirmable:
        p = c.problem
        cells = [(c.table, c.key, c.column, p.value), *c.also]
        found = [((t, _norm_key(k), col), v) for t, k, col, v in cells if (t, _norm_key(k), col) in index]
        if not found:
            continue
        ident, cell_value = found[0]
        entry = index[ident]
        used.add(ident)
        if entry.value and not _same_value(entry.value, cell_value):
            extra.append(Problem(
                file, entry.row, "value", entry.value,
                Msg("conf_value_changed", was=entry.value, now=cell_value), Msg("fix_conf_changed"), "warning"))
            continue
        dropped.add(id(p))
        confirmed.append(Problem(p.file, p.row, p.column, p.value, p.message,
                                 Msg("confirmed_in", file=file, row=entry.row, note=entry.note), "confirmed"))
    for ident, entry in index.items():
        if ident not in used:
            extra.append(Problem(
                file, entry.row, None, "|".join(ident),
                Msg("conf_unused"), Msg("fix_delete_line"), "warning"))
    kept = [p for p in problems if id(p) not in dropped]
    return kept + extra, confirmed


