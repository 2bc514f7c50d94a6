"""Every headline figure of a month, recomputed from the raw CSV files of a data folder.

A plain module, deliberately independent of gxanalysis: it reads the CSV files with pandas as text and
applies the definitions of the data contract (``data/README.md``), the demo city's calibration table
(``data/demo/README.md``) and the methodology (INDICATORS.md). ``tests/test_every_month.py`` compares its
figures with ``gx summary --format json`` at every complete month.

Only what the contract documents is used: English or Chinese headers (the Chinese ones are read from the
contract tables in ``data/README.md``), UTF-8 (with or without BOM), GBK or GB18030 text, numbers with
thousands separators, 是/否 (true/false, 1/0, Y/N) flags, months written ``YYYY-MM``, ``YYYY/M`` or
``YYYY年M月``. XLSX files are not read here.

Each figure is a :class:`Figure`: ``value`` (unrounded float or int, None when not computable) and
``status`` (``"ok"`` or why not). Counts are ints.

Examples
--------
>>> f = headline_figures(REPO / "data" / "demo", "2023-04")
>>> round(f["va_growth_ytd"].value, 1), f["province_rank"].value, f["monitoring_daily"].value
(15.1, 1, 32)
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
CONTRACT_DOC = REPO / "data" / "README.md"

COUNTS = frozenset({
    "province_rank", "province_rank_change", "rank_streak_months", "rank_streak_releases", "key_projects",
    "base_stations_total", "base_stations_new", "problems_raised", "problems_closed", "supervision_tasks",
    "supervision_red", "supervision_yellow", "supervision_blue", "zjtx_provincial_new", "monitoring_daily",
    "monitoring_weekly", "monitoring_monthly",
})
"""Figures that are counts (compared exactly); every other figure is a number (compared to 1e-9)."""

INDICATORS = (
    "va_growth_ytd", "va_growth_month", "province_rank", "province_rank_change", "province_va_growth_ytd",
    "va_growth_vs_province", "rank_streak_months", "rank_streak_releases", "va_growth_target", "va_growth_required", "capacity_attainment_mean",
    "key_projects", "start_resume_rate", "investment_completed", "investment_completion_rate", "chain_output",
    "chain_output_growth", "energy_intensity_change", "energy_intensity_change_ytd", "base_stations_new",
    "base_stations_total", "problems_raised", "problems_closed", "problem_closure_rate", "supervision_tasks",
    "supervision_red", "supervision_yellow", "supervision_blue", "zjtx_provincial_new", "monitoring_daily",
    "monitoring_weekly", "monitoring_monthly",
)
"""Every headline figure of a month, in the order of the bureau's account."""

DUE_SOON_DAYS = 15
"""Supervision tasks: open and due within this many days of the as-of date are yellow."""


@dataclass(frozen=True)
class Figure:
    value: float | int | None
    status: str = "ok"


def _none(status: str) -> Figure:
    return Figure(None, status)


# ---------------------------------------------------------------------------------------------------
# Reading the raw files as the contract describes them
# ---------------------------------------------------------------------------------------------------
@cache
def contract_headers() -> dict[str, dict[str, str]]:
    """Table → {Chinese header: column name}, parsed from the contract tables of ``data/README.md``."""
    text = CONTRACT_DOC.read_text(encoding="utf-8")
    out: dict[str, dict[str, str]] = {}
    table = None
    for line in text.splitlines():
        m = re.match(r"^### `(\w+)`", line)
        if m:
            table = m.group(1)
            out[table] = {}
            continue
        m = re.match(r"^\| `(\w+)` \| ([^|]+?) \|", line)
        if m and table is not None:
            out[table][m.group(2).strip()] = m.group(1)
    return out


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(f"{path}: neither UTF-8 nor GB18030 text")


def read_table(folder: Path, name: str) -> pd.DataFrame | None:
    """One table as text (blank cells = ""), English column names; None when the file is absent."""
    path = Path(folder) / f"{name}.csv"
    if not path.exists():
        return None
    df = pd.read_csv(io.StringIO(_read_text(path)), dtype=str, keep_default_na=False)
    zh = contract_headers().get(name, {})
    df = df.rename(columns=lambda c: zh.get(c.strip(), c.strip()))
    return df.apply(lambda s: s.str.strip())


def number(s: pd.Series) -> pd.Series:
    """Numbers as floats (thousands separators allowed); blank → NaN."""
    return pd.to_numeric(s.str.replace(",", "", regex=False).replace("", np.nan), errors="raise").astype(float)


def flag(s: pd.Series) -> pd.Series:
    truth = {"是": True, "否": False, "true": True, "false": False, "1": True, "0": False, "y": True, "n": False}
    return s.str.lower().map(truth).astype(bool)


def month(text: str) -> str:
    """``YYYY-MM`` from ``2023-04``, ``2023/4`` or ``2023年4月``; "" for a blank cell."""
    if text == "":
        return ""
    m = re.fullmatch(r"(\d{4})\s*(?:-|/|年)\s*(\d{1,2})\s*月?", text)
    if not m:
        raise ValueError(f"not a month: {text!r}")
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"


def date(text: str) -> dt.date | None:
    if text == "":
        return None
    m = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", text)
    if not m:
        raise ValueError(f"not a date: {text!r}")
    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def months_of(s: pd.Series) -> pd.Series:
    return s.map(month)


class Data:
    """The raw tables of one folder, read once (``Data(folder).table(name)``)."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self._cache: dict[str, pd.DataFrame | None] = {}

    def table(self, name: str) -> pd.DataFrame | None:
        if name not in self._cache:
            df = read_table(self.folder, name)
            if df is not None:
                for col in ("period", "planned_start", "actual_start"):
                    if col in df.columns:
                        df[col] = months_of(df[col])
                if "year" in df.columns:
                    df["year"] = df["year"].astype(int)
            self._cache[name] = df
        return self._cache[name]

    def home_city(self) -> str:
        c = self.table("cities")
        return c.loc[flag(c["is_home"]), "city"].iloc[0]


def complete_months(folder: Path | str) -> list[str]:
    """Months with rows in ``enterprise_monthly``, ``city_growth`` and ``project_monthly`` (the contract's
    definition of a complete month), sorted."""
    d = Data(folder)
    sets = [set(d.table(n)["period"]) for n in ("enterprise_monthly", "city_growth", "project_monthly")]
    return sorted(sets[0] & sets[1] & sets[2])


# ---------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------
def _ym(m: str) -> tuple[int, int]:
    return int(m[:4]), int(m[5:7])


def _mstr(year: int, mon: int) -> str:
    return f"{year:04d}-{mon:02d}"


def _last_day(m: str) -> dt.date:
    y, mo = _ym(m)
    return dt.date(y, mo, calendar.monthrange(y, mo)[1])


def half_up(x: float, ndigits: int = 1) -> float:
    return float(Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-ndigits), rounding=ROUND_HALF_UP))


def _growth(cur: float, base: float) -> Figure:
    if not base > 0:
        return _none("base_zero" if base == 0 else "missing")
    return Figure(cur / base * 100 - 100)


def _rows_at(em: pd.DataFrame, m: str) -> pd.DataFrame:
    return em[em["period"] == m]


def _sum(df: pd.DataFrame, col: str) -> float:
    return float(number(df[col]).sum())


# ---------------------------------------------------------------------------------------------------
# The figures
# ---------------------------------------------------------------------------------------------------
def _ranks(d: Data) -> dict[str, int]:
    """Home city's rank at every release month: 1 + cities with a strictly greater published value."""
    cg = d.table("city_growth")
    home = d.home_city()
    g = cg.assign(v=number(cg["va_growth_ytd"]))
    g = g[g["v"].notna()]
    g["pub"] = g["v"].map(half_up)
    out = {}
    for m, rows in g.groupby("period"):
        mine = rows.loc[rows["city"] == home, "pub"]
        if len(mine):
            out[m] = 1 + int((rows["pub"] > mine.iloc[0]).sum())
    return out


def _expected_releases_before(m: str) -> str:
    """The release month before ``m``: Feb … Dec, no January (1–2月 combined)."""
    y, mo = _ym(m)
    return _mstr(y - 1, 12) if mo <= 2 else _mstr(y, mo - 1)


def headline_figures(folder: Path | str | Data, period: str) -> dict[str, Figure]:
    """Every headline figure of ``period`` (``YYYY-MM``), keyed by indicator name."""
    d = folder if isinstance(folder, Data) else Data(folder)
    m = month(period)
    year, mon = _ym(m)
    as_of = _last_day(m)
    f: dict[str, Figure] = {}

    em = d.table("enterprise_monthly")
    now = _rows_at(em, m)
    if now.empty:
        raise ValueError(f"no enterprise_monthly rows at {m}")
    va, vab = _sum(now, "value_added"), _sum(now, "value_added_base")

    # value-added growth, year to date and single month (same sample in both months)
    f["va_growth_ytd"] = _growth(va, vab)
    if mon <= 2:
        f["va_growth_month"] = _none("not_published")
    else:
        # the month's sample; an enterprise with no row earlier in the year entered it this month (a new
        # plant: its earlier year to date is zero); one with earlier rows but none last month has a gap
        prev = _rows_at(em, _mstr(year, mon - 1))
        earlier = set()
        for k in range(1, mon - 1):
            earlier |= set(_rows_at(em, _mstr(year, k))["credit_code"])
        codes = set(now["credit_code"])
        gaps = (codes - set(prev["credit_code"])) & earlier
        if gaps:
            f["va_growth_month"] = _none("incomplete")
        else:
            b = prev[prev["credit_code"].isin(codes)]
            f["va_growth_month"] = _growth(_sum(now, "value_added") - _sum(b, "value_added"),
                                           _sum(now, "value_added_base") - _sum(b, "value_added_base"))

    # rank among the province's cities, change, streak
    ranks = _ranks(d)
    if m not in ranks:
        for name in ("province_rank", "province_rank_change", "rank_streak_months", "rank_streak_releases"):
            f[name] = _none("no_data")
    else:
        r = ranks[m]
        f["province_rank"] = Figure(r)
        earlier = [p for p in ranks if p < m]
        f["province_rank_change"] = Figure(ranks[max(earlier)] - r) if earlier else _none("no_previous")
        n_rel, n_months, p = 0, 0, m
        while p in ranks and ranks[p] == r:
            n_rel += 1
            n_months += 2 if _ym(p)[1] == 2 else 1
            p = _expected_releases_before(p)
        f["rank_streak_months"] = Figure(n_months)
        f["rank_streak_releases"] = Figure(n_rel)

    # the province's published growth and the home city's published growth above it (percentage points,
    # exact in tenths: compared as integers of tenths of a point)
    pg = d.table("province_growth")
    cg = d.table("city_growth")
    mine = cg[(cg["city"] == d.home_city()) & (cg["period"] == m)]
    prov = pg[pg["period"] == m] if pg is not None else pg
    if mine.empty:
        f["province_va_growth_ytd"] = f["va_growth_vs_province"] = _none("no_data")
    elif prov is None or prov.empty or pd.isna(number(prov["va_growth_ytd"]).iloc[0]):
        f["province_va_growth_ytd"] = f["va_growth_vs_province"] = _none("no_province")
    else:
        city_tenths = round(half_up(float(number(mine["va_growth_ytd"]).iloc[0])) * 10)
        prov_tenths = round(half_up(float(number(prov["va_growth_ytd"]).iloc[0])) * 10)
        f["province_va_growth_ytd"] = Figure(prov_tenths / 10)
        f["va_growth_vs_province"] = Figure((city_tenths - prov_tenths) / 10)

    # annual target and the growth the remaining months need (INDICATORS.md §5.4)
    tg = d.table("targets")
    sel = tg[(tg["year"] == year) & (tg["indicator"] == "va_growth") & (tg["scope"] == "city")]
    if sel.empty:
        f["va_growth_target"] = _none("no_target")
        f["va_growth_required"] = _none("no_target")
    else:
        target = float(number(sel["value"]).iloc[0])
        f["va_growth_target"] = Figure(target)
        if mon == 12:
            f["va_growth_required"] = _none("no_remaining_period")
        else:
            last_dec = _rows_at(em, _mstr(year - 1, 12))
            b_total = _sum(last_dec[last_dec["credit_code"].isin(set(now["credit_code"]))], "value_added")
            b_done = vab
            if not (b_done > 0 and b_total > b_done):
                f["va_growth_required"] = _none("insufficient_base")
            else:
                t, g = target / 100, va / vab - 1
                f["va_growth_required"] = Figure((((1 + t) * b_total - (1 + g) * b_done) / (b_total - b_done) - 1)
                                                 * 100)

    # 达产率, variant A: output / (design capacity × N/12), simple mean over enterprises
    ents = d.table("enterprises")
    cap = ents.assign(capacity=number(ents["design_capacity"]))
    cap = cap[cap["capacity"] > 0].set_index("credit_code")["capacity"]
    out = now.assign(output=number(now["product_output"])).set_index("credit_code")["output"]
    out = out[out.index.isin(cap.index) & out.notna()]
    if out.empty:
        f["capacity_attainment_mean"] = _none("no_data")
    else:
        f["capacity_attainment_mean"] = Figure(float((out / (cap[out.index] * mon / 12) * 100).mean()))

    # key projects: count, 开复工率 (to-date denominator), investment completed and its rate
    pj = d.table("projects")
    p = pj[pj["year"] == year]
    f["key_projects"] = Figure(len(p))
    due = (p["kind"] == "续建") | ((p["kind"] == "新建") & (p["planned_start"] <= m))
    started = (p["actual_start"] != "") & (p["actual_start"] <= m)
    f["start_resume_rate"] = (Figure(int((due & started).sum()) / int(due.sum()) * 100) if due.any()
                              else _none("no_projects"))
    pm = d.table("project_monthly")
    inv = _sum(pm[(pm["period"] == m) & pm["project_id"].isin(set(p["project_id"]))], "investment")
    f["investment_completed"] = Figure(inv / 10_000)
    plan = _sum(p, "annual_plan")
    f["investment_completion_rate"] = Figure(inv / plan * 100) if plan > 0 else _none("no_plan")

    # the "2+4" chain cluster: output (亿元) and growth, current prices
    chain_codes = set(ents.loc[ents["chain_id"] != "", "credit_code"])
    ch = now[now["credit_code"].isin(chain_codes)]
    go = _sum(ch, "gross_output")
    f["chain_output"] = Figure(go / 10_000)
    f["chain_output_growth"] = _growth(go, _sum(ch, "gross_output_base"))

    # energy per unit of value added (当量值): last full year, and year to date
    def intensity(at: str) -> Figure:
        rows = _rows_at(em, at)
        rows = rows[(rows["energy"] != "") & (rows["energy_base"] != "")]
        if rows.empty:
            return _none("no_data")
        e, eb = _sum(rows, "energy"), _sum(rows, "energy_base")
        v, vb = _sum(rows, "value_added"), _sum(rows, "value_added_base")
        if not (eb > 0 and vb > 0 and v > 0):
            return _none("base_zero")
        return Figure(((e / eb) / (v / vb) - 1) * 100)

    full_year = year if mon == 12 else year - 1
    f["energy_intensity_change"] = intensity(_mstr(full_year, 12))
    f["energy_intensity_change_ytd"] = intensity(m)

    # 5G base stations: stock at month end, new since last year-end
    bs = d.table("base_stations")
    stock = bs[bs["period"] == m]
    last_end = bs[bs["period"] == _mstr(year - 1, 12)]
    if stock.empty:
        f["base_stations_total"] = _none("no_data")
        f["base_stations_new"] = _none("no_data")
    else:
        total = int(number(stock["stations"]).sum())
        f["base_stations_total"] = Figure(total)
        f["base_stations_new"] = (Figure(total - int(number(last_end["stations"]).sum())) if len(last_end)
                                  else _none("no_data"))

    # problems raised and closed by the month's last day
    pr = d.table("problems")
    ledger = [(date(r), date(c)) for r, c in zip(pr["raised_date"], pr["closed_date"], strict=True)]
    n_raised = sum(r <= as_of for r, _ in ledger)
    n_closed = sum(r <= as_of and c is not None and c <= as_of for r, c in ledger)
    f["problems_raised"] = Figure(n_raised)
    f["problems_closed"] = Figure(n_closed)
    f["problem_closure_rate"] = Figure(n_closed / n_raised * 100) if n_raised else _none("no_problems")

    # supervision tasks issued by the month's last day, rated red / yellow / blue
    st = d.table("supervision_tasks")
    issued = [(date(due), date(done)) for start, due, done in
              zip(st["start_date"], st["due_date"], st["completed_date"], strict=True) if date(start) <= as_of]
    n_red = n_yellow = 0
    for due_d, done in issued:
        if done is None or done > as_of:  # open at the as-of date
            days = (due_d - as_of).days
            n_red += days < 0
            n_yellow += 0 <= days <= DUE_SOON_DAYS
    f["supervision_tasks"] = Figure(len(issued))
    f["supervision_red"] = Figure(n_red)
    f["supervision_yellow"] = Figure(n_yellow)
    f["supervision_blue"] = Figure(len(issued) - n_red - n_yellow)

    # provincial 专精特新 SMEs recognised this year (by their date where the file has one)
    rec = d.table("recognitions")
    sel = (rec["year"] == year) & (rec["kind"] == "专精特新中小企业") & (rec["level"] == "省级")
    if "date" in rec.columns:
        sel &= np.array([x is None or x <= as_of for x in map(date, rec["date"])], dtype=bool)
    f["zjtx_provincial_new"] = Figure(int(sel.sum()))

    # monitoring cadence over the month's sample: behind schedule daily, key enterprises weekly
    et = d.table("enterprise_targets")
    tgt = et[et["year"] == year].assign(t=lambda x: number(x["output_target"])).set_index("credit_code")["t"]
    sample = now.assign(go=number(now["gross_output"])).set_index("credit_code")["go"]
    t_of = tgt.reindex(sample.index)
    completion = sample / t_of * 100
    gap = completion - mon / 12 * 100
    daily = (t_of > 0) & (gap < 0)
    key = set(ents.loc[flag(ents["is_key"]), "credit_code"])
    weekly = ~daily & sample.index.isin(key)
    f["monitoring_daily"] = Figure(int(daily.sum()))
    f["monitoring_weekly"] = Figure(int(weekly.sum()))
    f["monitoring_monthly"] = Figure(int(len(sample) - daily.sum() - weekly.sum()))

    assert set(f) == set(INDICATORS), sorted(set(INDICATORS) ^ set(f))
    return {name: f[name] for name in INDICATORS}


def behind_schedule(folder: Path | str | Data, period: str) -> set[str]:
    """Credit codes behind schedule at ``period`` (the daily-monitoring list)."""
    d = folder if isinstance(folder, Data) else Data(folder)
    m = month(period)
    year, mon = _ym(m)
    now = _rows_at(d.table("enterprise_monthly"), m)
    et = d.table("enterprise_targets")
    tgt = et[et["year"] == year].assign(t=lambda x: number(x["output_target"])).set_index("credit_code")["t"]
    go = now.assign(go=number(now["gross_output"])).set_index("credit_code")["go"]
    t_of = tgt.reindex(go.index)
    return set(go.index[(t_of > 0) & (go / t_of * 100 - mon / 12 * 100 < 0)])
