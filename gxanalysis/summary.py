"""The headline figures of a reporting month: every figure of the bureau's monthly account (SEED.md F1–F11).

One function, :func:`headline_figures`, is behind ``gx summary``, the pack's ``summary.csv``, the brief and
the monthly overview, so they can never disagree. It returns a :class:`HeadlineFigures` object holding
**numbers** (unrounded, with a status saying why a figure has none, and the options used); display text is
produced from it on request (:meth:`HeadlineFigures.display_frame`), rounded half-up only then.

Every figure is computed by one indicator function of :mod:`gxanalysis.indicators`; this module only picks
the month's rows and passes the options. A figure that cannot be computed for the month (December has no
remaining months, a year without a project list, a month before any energy data) gets a status and a
reason instead of a number; the other figures are still given.

Examples
--------
>>> f = headline_figures("2023-04")
>>> round(f.value("va_growth_ytd"), 1), f.value("province_rank"), f.value("rank_streak_months")
(15.1, 1, 16)
>>> f["va_growth_ytd"].display(), f["va_growth_required"].status
('15.1', 'ok')
>>> headline_figures("2022-12")["va_growth_required"].status
'no_remaining_period'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from gxanalysis.errors import GxError, InsufficientDataError, ParameterError, PartialDataError
from gxanalysis.indicators import (
    capacity,
    chains,
    energy,
    follow_up,
    growth,
    projects,
    ranking,
    schedule,
    targets,
)
from gxanalysis.indicators.display import format_growth, format_number
from gxanalysis.indicators.frames import MonthIndex
from gxanalysis.labels import INDICATORS, label
from gxanalysis.periods import Month, Period
from gxanalysis.units import convert

COLUMNS = ["indicator", "scope", "period", "value", "unit", "status", "unrounded"]
"""Columns of ``summary.csv`` and of ``gx summary``'s CSV: the display value, and the unrounded number."""

LABELS_ZH: dict[str, str] = {k: v["zh"] for k, v in INDICATORS.items()}
"""Chinese label of each indicator (from :mod:`gxanalysis.labels`)."""


@dataclass(frozen=True)
class SummaryOptions:
    """Choices behind the headline figures; the defaults are the bureau's conventions ([U] items).

    The monthly overview's report parameters of the same names set them (``gx report -p …``), so the pack's
    ``summary.csv``, its brief and its overview always agree.
    """

    capacity_variant: str = "A"
    capacity_average: str = "mean"
    start_rate_denominator: str = "to_date"
    schedule_tolerance_pp: float = 0.0
    seriously_behind_pp: float = 5.0
    due_soon_days: int = 15
    rank_ties: str = "min"
    va_growth_target: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Figure:
    """One headline figure.

    Attributes
    ----------
    indicator : str
        Its name (a key of :data:`gxanalysis.labels.INDICATORS`).
    scope : str
        What it covers (the city, the cluster, the year's project list …), in Chinese.
    period : str
        The period it refers to: ``YYYY-MM``, a span ``YYYY-01..MM``, a year ``YYYY`` or a date.
    value : float, int or None
        Unrounded; None unless ``status == "ok"``.
    unit : str
        ``%``, ``亿元``, ``位``, ``个`` …
    status : str
        ``"ok"`` or why there is no number (``no_remaining_period``, ``no_data``, ``not_published`` …).
    precision : int
        Decimals shown.
    note : str
        The reason when the figure could not be computed (or a caveat), in English.
    """

    indicator: str
    scope: str
    period: str
    value: float | int | None
    unit: str
    status: str = "ok"
    precision: int = 1
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok" and self.value is not None

    def display(self, lang: str = "zh") -> str:
        """The value as shown to readers: rounded half-up, ``--`` or a status label when there is none."""
        if self.unit == "%" and self.status != "ok":
            return format_growth(None, self.status if self.status in _GROWTH_STATUSES else "missing", lang=lang)
        if not self.ok:
            return "--"
        return format_number(self.value, self.precision)

    def label(self, lang: str = "zh") -> str:
        return label("indicator", self.indicator, lang)


_GROWTH_STATUSES = set(growth.STATUSES)


@dataclass(frozen=True)
class HeadlineFigures:
    """Every headline figure of a month, as numbers, with the options and the month they were computed for.

    Index it by indicator name (``figures["va_growth_ytd"]``) or ask for a value (``figures.value(name)``,
    None when the figure has no number).
    """

    period: Month
    options: SummaryOptions
    figures: tuple[Figure, ...]
    home_city: str = ""
    computed: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())

    def __iter__(self) -> Iterator[Figure]:
        return iter(self.figures)

    def __len__(self) -> int:
        return len(self.figures)

    def __contains__(self, indicator: object) -> bool:
        return any(f.indicator == indicator for f in self.figures)

    def __getitem__(self, indicator: str) -> Figure:
        for f in self.figures:
            if f.indicator == indicator:
                return f
        raise KeyError(f"no headline figure {indicator!r}; figures: {', '.join(f.indicator for f in self.figures)}")

    def value(self, indicator: str) -> float | int | None:
        """The unrounded value, or None if the figure could not be computed."""
        f = self[indicator]
        return f.value if f.ok else None

    def frame(self) -> pd.DataFrame:
        """One row per figure with the unrounded ``value`` (numbers, NaN where none) and its status."""
        rows = [{"indicator": f.indicator, "scope": f.scope, "period": f.period,
                 "value": f.value if f.ok else None, "unit": f.unit, "status": f.status,
                 "precision": f.precision, "note": f.note} for f in self.figures]
        return pd.DataFrame(rows)

    def display_frame(self, lang: str = "zh") -> pd.DataFrame:
        """The columns of ``summary.csv``: display ``value`` (text) and the ``unrounded`` number."""
        rows = [{"indicator": f.indicator, "scope": f.scope, "period": f.period, "value": f.display(lang),
                 "unit": f.unit, "status": f.status, "unrounded": _unrounded(f)} for f in self.figures]
        return pd.DataFrame(rows, columns=COLUMNS)

    def to_json_dict(self, lang: str = "zh") -> dict[str, Any]:
        """What ``gx summary --format json`` prints: numbers, not strings."""
        return {"period": str(self.period), "options": self.options.as_dict(),
                "figures": [{"indicator": f.indicator, "label": f.label(lang), "scope": f.scope,
                             "period": f.period, "value": _json_number(f), "display": f.display(lang),
                             "unit": f.unit, "status": f.status, "note": f.note} for f in self.figures]}


def _unrounded(f: Figure) -> str:
    if not f.ok:
        return ""
    return str(int(f.value)) if isinstance(f.value, int) else repr(float(f.value))


def _json_number(f: Figure) -> float | int | None:
    if not f.ok:
        return None
    v = f.value
    if isinstance(v, int):
        return v
    return float(v) if math.isfinite(float(v)) else None


class _Builder:
    """Collects figures; a figure whose computation finds no data gets a status instead of stopping all."""

    def __init__(self) -> None:
        self.figures: list[Figure] = []

    def add(self, indicator: str, scope: str, period: Any, value: Any, unit: str, status: str = "ok", *,
            precision: int = 1, note: str = "") -> None:
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            value, status = None, (status if status != "ok" else "missing")
        elif status != "ok":
            value = None
        elif isinstance(value, bool):
            value = int(value)
        elif precision == 0 and float(value).is_integer():
            value = int(value)
        else:
            value = float(value)
        self.figures.append(Figure(indicator, scope, str(period), value, unit, status, precision, note))

    def guarded(self, names: list[tuple[str, str, Any, str, int]], compute: Callable[[], None]) -> None:
        """Run ``compute``; if it finds the data insufficient, add ``names`` with status ``no_data``."""
        try:
            compute()
        except InsufficientDataError as exc:
            for indicator, scope, period, unit, precision in names:
                self.add(indicator, scope, period, None, unit, "no_data", precision=precision, note=str(exc))


def headline_figures(period: str | Month, *, data_dir: Path | None = None, dataset: Any = None,
                     options: SummaryOptions | None = None, panel: str = "auto") -> HeadlineFigures:
    """Every headline figure for a reporting month (SEED.md F1–F11), from levels.

    Parameters
    ----------
    period : str or Month
        Reporting month ``YYYY-MM``.
    data_dir : Path, optional
        Folder of the bureau's tables (default: ``GX_DATA_DIR`` or the demo city).
    dataset : Dataset, optional
        An already loaded dataset (then ``data_dir`` is ignored).
    options : SummaryOptions, optional
        Conventions: 达产率 variant and average, 开复工率 denominator, schedule bands, rank ties, target.
    panel : {"auto", "pandas", "duckdb"}
        The engine of the enterprise panel when the data are loaded here (``load_dataset(…, panel=…)``):
        ``"auto"`` computes a store's large panel in DuckDB, anything else in pandas; the figures are the
        same to the last digit on either (``tests/test_engines.py``).

    Returns
    -------
    HeadlineFigures

    Raises
    ------
    InsufficientDataError
        When the data hold no enterprise figures for ``period`` (names the latest month available).

    Notes
    -----
    Definitions (the indicator function, and the INDICATORS.md section):

    * ``va_growth_ytd`` — Σ value added / Σ same-sample base − 1 over the month's enterprises
      (:func:`~gxanalysis.indicators.growth.aggregate_growth`; §1.6, §2.3). ``va_growth_month`` — the same
      on single-month levels of the month's sample
      (:func:`~gxanalysis.indicators.growth.sample_single_month_growth`); not published for 1–2月.
    * ``province_rank`` … — rank of the home city's published year-to-date growth among the province's
      cities (:mod:`~gxanalysis.indicators.ranking`; §8); the streak counts months, 1–2月 as two.
    * ``province_va_growth_ytd``, ``va_growth_vs_province`` — the province's published growth
      (table ``province_growth``) and the home city's published growth minus it, in percentage points
      (:func:`~gxanalysis.indicators.ranking.versus_province`; §8); status ``no_province`` without the table.
    * ``va_growth_target``, ``va_growth_required`` — the year's target
      (:func:`~gxanalysis.indicators.targets.annual_target`) and the growth the remaining months need
      (:func:`~gxanalysis.indicators.schedule.required_remaining_growth`; §5.4).
    * ``capacity_attainment_mean`` — :func:`~gxanalysis.indicators.capacity.capacity_attainment` (§4.2).
    * ``key_projects``, ``start_resume_rate``, ``investment_*`` — :mod:`~gxanalysis.indicators.projects`
      (§6.1, §6.2).
    * ``chain_output`` … — :func:`~gxanalysis.indicators.chains.chain_output` (§1.3, §3.4).
    * ``energy_intensity_change`` — :func:`~gxanalysis.indicators.energy.intensity_figures` on the 当量值
      basis, for the last full year (the month's own year in December) and year to date (§7.4).
    * ``base_stations_*``, ``problems_*``, ``supervision_*``, ``zjtx_provincial_new`` —
      :mod:`~gxanalysis.indicators.follow_up` (§8), as of the month's last day.
    * ``monitoring_*`` — :func:`~gxanalysis.indicators.schedule.monitoring_cadence` (§5.3).
    """
    from gxanalysis.data.dataset import load_dataset

    opts = options or SummaryOptions()
    month = Month.parse(period)
    if dataset is not None:
        return _headline_figures(month, dataset, opts)
    for attempt in range(3):
        ds = load_dataset(data_dir, months=months_needed(month), panel=panel)
        try:
            return _headline_figures(month, ds, opts)
        except Exception as exc:  # the store replaced by an ingest while DuckDB read it: read the new one
            if attempt == 2 or not _store_replaced(ds, exc):
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _store_replaced(ds: Any, exc: BaseException) -> bool:
    """Whether ``exc`` is DuckDB failing to read a store's files because an ingest replaced the store since
    ``ds`` was loaded from it (its manifest is not the one read)."""
    from gxanalysis.data.store import file_sha256

    if not type(exc).__module__.lstrip("_").startswith("duckdb") or "store" not in ds.files:
        return False
    try:
        return file_sha256(ds.files["store"]) != ds.file_hashes.get("store")
    except OSError:
        return True


def _headline_figures(month: Month, ds: Any, opts: SummaryOptions) -> HeadlineFigures:
    """The figures of :func:`headline_figures` on a loaded dataset."""
    if getattr(ds, "window", None) is not None:  # a dataset of some months only: it must hold these
        ds.require_months(figure_months(month), f"the headline figures of {month}")
    ytd = Period.year_to_date(month)
    em = MonthIndex(ds.enterprise_monthly)
    now = em.at(month)
    if now.empty:
        partial = getattr(ds, "window", None) is not None  # then the months it does not hold count too
        months = ds.months_present("enterprise_monthly") if partial else em.months
        latest = str(months[-1]) if months else "none"
        raise InsufficientDataError(f"no enterprise figures for {month} in {ds.source_dir}; the latest month "
                                    f"in the data is {latest}; run with --period {latest} or load that "
                                    "month's data")
    b = _Builder()
    city = ds.home_city
    as_of = month.last_day

    # F1 value-added growth, year to date and single month, from same-sample levels
    agg = growth.aggregate_growth(now, current="value_added", base="value_added_base").loc["total"]
    b.add("va_growth_ytd", city, ytd, agg["value"], "%", agg["status"])

    def single_month() -> None:
        sm = growth.sample_single_month_growth(em, month, current="value_added", base="value_added_base")
        r = sm.loc["total"]
        note = f"{int(r['n_entered'])} enterprise(s) entered the sample this month" if r["n_entered"] else ""
        b.add("va_growth_month", city, month, r["value"], "%", r["status"], note=note)
    b.guarded([("va_growth_month", city, month, "%", 1)], single_month)

    # F2 rank in the province and streak
    def rank() -> None:
        r = ranking.rank_of(ds.city_growth, city, month, ties=opts.rank_ties)
        if r.rank is None:
            raise InsufficientDataError(f"city_growth has no {month} release for {city}")
        b.add("province_rank", city, ytd, r.rank, "位", precision=0)
        b.add("province_rank_change", city, ytd, r.rank_change, "位", r.status, precision=0)
        s = ranking.rank_streak(ds.city_growth, city, month, unit="months", ties=opts.rank_ties)
        span = f"{s.start.start}..{s.end.end}"
        b.add("rank_streak_months", city, span, s.count, "个月", precision=0)
        b.add("rank_streak_releases", city, span, len(s.releases), "期", precision=0)
    b.guarded([(n, city, ytd, u, 0) for n, u in (("province_rank", "位"), ("province_rank_change", "位"),
                                                 ("rank_streak_months", "个月"), ("rank_streak_releases", "期"))],
              rank)

    # the city against the province average (高于全省X个百分点), on the published figures (§8)
    def versus_province() -> None:
        c = ranking.versus_province(ds.city_growth, ds.province_growth, city, month)
        if c.status == "missing":
            raise InsufficientDataError(f"city_growth has no {month} release for {city}")
        status = "no_province" if c.province is None else "ok"
        b.add("province_va_growth_ytd", ds.cities["province"].iloc[0], ytd, c.province, "%", status)
        b.add("va_growth_vs_province", city, ytd, c.gap, "百分点", status)
    b.guarded([("province_va_growth_ytd", city, ytd, "%", 1), ("va_growth_vs_province", city, ytd, "百分点", 1)],
              versus_province)

    # the annual target and the growth the remaining months must deliver (§5.4)
    target = targets.annual_target(ds.targets, year=month.year, indicator="va_growth",
                                   override=opts.va_growth_target)
    b.add("va_growth_target", city, month.year, target, "%", "ok" if target is not None else "no_target")
    remaining = Period(month.year, month.month + 1, 12) if month.month < 12 else month.year

    def required() -> None:
        if target is None:
            b.add("va_growth_required", city, remaining, None, "%", "no_target")
            return
        req = schedule.required_remaining_growth(now, em.at(Month(month.year - 1, 12)), month, target)
        b.add("va_growth_required", city, remaining, req.value, "%", req.status, note=req.flag or "")
    b.guarded([("va_growth_required", city, remaining, "%", 1)], required)

    # F3 capacity attainment
    def attainment() -> None:
        per = capacity.capacity_attainment(ds.enterprises, now, month, variant=opts.capacity_variant)
        avg = capacity.average_attainment(per, how=opts.capacity_average)
        b.add("capacity_attainment_mean", "规上工业企业", ytd, avg.value, "%",
              "ok" if avg.value is not None else "no_data")
    b.guarded([("capacity_attainment_mean", "规上工业企业", ytd, "%", 1)], attainment)

    # F4 key projects
    scope_projects = f"{month.year}年重点工业项目"
    n_projects = int((pd.to_numeric(ds.projects["year"], errors="coerce") == month.year).sum())
    b.add("key_projects", scope_projects, month.year, n_projects, "个", precision=0)

    def project_figures() -> None:
        sr = projects.start_rates(ds.projects, month, denominator=opts.start_rate_denominator).loc["total"]
        b.add("start_resume_rate", scope_projects, ytd, sr["start_or_resume_rate"], "%",
              note=f"denominator: {opts.start_rate_denominator}")
        inv = projects.investment_completion(ds.projects, ds.project_monthly, month).loc["total"]
        b.add("investment_completed", scope_projects, ytd, convert(inv["completed"], "万元", "亿元"), "亿元")
        b.add("investment_completion_rate", scope_projects, ytd, inv["completion_rate"], "%", inv["status"])
    b.guarded([(n, scope_projects, ytd, u, 1) for n, u in (("start_resume_rate", "%"),
                                                            ("investment_completed", "亿元"),
                                                            ("investment_completion_rate", "%"))],
              project_figures)

    # F5 the "2+4" cluster: output value and growth (current prices)
    cluster = chains.chain_output(now, ds.enterprises, ds.chains).iloc[0]
    b.add("chain_output", "“2+4”产业链群", ytd, convert(cluster["current"], "万元", "亿元"), "亿元")
    b.add("chain_output_growth", "“2+4”产业链群", ytd, cluster["growth"], "%", cluster["growth_status"])

    # F6 energy intensity (当量值): the last full year, and year to date
    full_year = energy.last_full_year(month)
    for name, m, per in (("energy_intensity_change", Month(full_year, 12), str(full_year)),
                         ("energy_intensity_change_ytd", month, str(ytd))):
        def intensity(m: Month = m, name: str = name, per: str = per) -> None:
            f = energy.intensity_figures(energy.energy_levels(em.at(m), m))
            b.add(name, "规上工业", per, f.change, "%", f.status)
        b.guarded([(name, "规上工业", per, "%", 1)], intensity)

    # F7 5G base stations
    def stations() -> None:
        bs = follow_up.base_station_summary(ds.base_stations, month, by=None).loc["total"]
        b.add("base_stations_new", city, f"{month.year}-01..{month.month:02d}", bs["new_this_year"], "个",
              bs["status"], precision=0)
        b.add("base_stations_total", city, month, bs["stations"], "个", precision=0)
    b.guarded([("base_stations_new", city, ytd, "个", 0), ("base_stations_total", city, month, "个", 0)],
              stations)

    # F8 problems, F9 supervision tasks, as of the month's last day
    pc = follow_up.problem_closure(ds.problems_log, as_of).summary.loc["total"]
    to_date = f"to {as_of}"
    b.add("problems_raised", city, to_date, pc["raised"], "件", precision=0)
    b.add("problems_closed", city, to_date, pc["closed"], "件", precision=0)
    b.add("problem_closure_rate", city, to_date, pc["closure_rate"], "%",
          "ok" if pc["raised"] > 0 else "no_data", note="" if pc["raised"] > 0 else "no problem raised yet")
    rated = follow_up.rate_tasks(ds.supervision_tasks, as_of, due_soon_days=opts.due_soon_days)
    b.add("supervision_tasks", city, as_of, len(rated), "项", precision=0)
    for colour in ("red", "yellow", "blue"):
        b.add(f"supervision_{colour}", city, as_of, int((rated["rating"] == colour).sum()), "项", precision=0)

    # F10 recognitions granted this year by the month's end
    n_zjtx = follow_up.recognition_count(ds.recognitions, year=month.year, kind="专精特新中小企业", level="省级",
                                         as_of=as_of)
    b.add("zjtx_provincial_new", city, month.year, n_zjtx, "家", precision=0)

    # F11 monitoring cadence over the month's sample
    cad = schedule.monitoring_cadence(ds.enterprises, now, ds.enterprise_targets, month,
                                      tol=opts.schedule_tolerance_pp, serious=opts.seriously_behind_pp)
    for name, codes in (("daily", cad.daily), ("weekly", cad.weekly), ("monthly", cad.monthly)):
        b.add(f"monitoring_{name}", "规上工业企业", month, len(codes), "家", precision=0)

    return HeadlineFigures(month, opts, tuple(b.figures), home_city=city)


MONTHLY_TABLES: tuple[str, ...] = ("enterprise_monthly", "project_monthly", "energy_by_fuel", "base_stations")
"""The period tables the headline figures read month by month (:func:`figure_months`); the released growth
tables ``city_growth`` and ``province_growth`` are read whole (the rank streak goes back over every release
before the month; they have one row per city and release)."""


def figure_months(period: str | Month) -> dict[str, tuple[Month, ...]]:
    """The months of each period table that :func:`headline_figures` of ``period`` reads.

    For a release month *P* of year *y* these are December of *y* − 1 and January … *P* of *y*, in each
    table of :data:`MONTHLY_TABLES` (``city_growth`` and ``province_growth`` whole). Figure by figure:

    * ``va_growth_ytd``, ``capacity_attainment_mean``, ``chain_output*``, ``monitoring_*``,
      ``energy_intensity_change_ytd`` — the rows of *P* alone (each row's base columns carry the year
      before: ``value_added_base``, ``energy_base`` …, never the rows of a year ago).
    * ``va_growth_month`` — *P*, *P* − 1 and the months before in *y*
      (:func:`~gxanalysis.indicators.growth.sample_single_month`: a unit with no row earlier in the year
      entered the sample; one with earlier rows but none at *P* − 1 has a gap).
    * ``va_growth_required`` — *P* and December of *y* − 1 (the year before's level).
    * ``energy_intensity_change`` — December of the last full year
      (:func:`~gxanalysis.indicators.energy.last_full_year`: *y* − 1, or *y* itself at a December release).
    * ``investment_*`` — ``project_monthly`` at *P*; ``start_resume_rate`` and ``key_projects`` use the
      directory table ``projects`` only.
    * ``base_stations_*`` — ``base_stations`` at *P* and December of *y* − 1 (净增 since the year end).
    * ``province_rank*``, ``rank_streak_*``, ``province_va_growth_ytd``, ``va_growth_vs_province`` —
      ``city_growth`` and ``province_growth``, whole.
    * targets, problems, supervision tasks, recognitions — directory tables (always whole).

    ``energy_by_fuel`` is not read by the headline figures; it is given the same months so that a dataset
    loaded for them says what it holds of every monthly table.

    Examples
    --------
    >>> [str(m) for m in figure_months("2023-04")["enterprise_monthly"]]
    ['2022-12', '2023-01', '2023-02', '2023-03', '2023-04']
    """
    m = Month.parse(period)
    months = (Month(m.year - 1, 12), *(Month(m.year, k) for k in range(1, m.month + 1)))
    return {name: months for name in MONTHLY_TABLES}


def months_needed(period: str | Month) -> dict[str, tuple[Month, ...]]:
    """The months of each period table the headline figures of ``period`` and of the release before it need:
    what ``gx summary`` loads (``load_dataset(…, months=months_needed(P))``).

    The union of :func:`figure_months` of ``period`` and of :func:`previous_release` (the pack's brief and
    overview compare with the release before: :func:`previous_figures`, :func:`growth_change`). So from
    January of the previous release's year to *P*, and the December before that year: 2022-12 … 2023-04
    for 2023-04; at a 1–2月 release (2023-02, whose previous release is 2022-12) 2021-12 … 2023-02.
    A figure computed on a dataset holding only these months equals the figure on the whole dataset
    (``tests/test_summary_window.py`` checks every figure at every month of the demo city and on a panel
    with entries and exits); a dataset that lacks one of them is refused
    (:class:`~gxanalysis.errors.PartialDataError`), never computed short.

    Examples
    --------
    >>> [str(m) for m in months_needed("2023-04")["enterprise_monthly"]]
    ['2022-12', '2023-01', '2023-02', '2023-03', '2023-04']
    >>> ms = months_needed("2023-02")["enterprise_monthly"]
    >>> str(ms[0]), str(ms[-1]), len(ms)
    ('2021-12', '2023-02', 15)
    """
    now, before = figure_months(period), figure_months(previous_release(period))
    return {name: tuple(sorted(set(now[name]) | set(before[name]))) for name in MONTHLY_TABLES}


def previous_release(month: str | Month) -> Month:
    """The release before ``month``: the month before, and at a 1–2月 release the previous December.

    January is not released on its own (1–2月 are combined), so the release before 1–2月 is the previous
    year's 1–12月.

    Examples
    --------
    >>> str(previous_release("2023-04")), str(previous_release("2023-03")), str(previous_release("2023-02"))
    ('2023-03', '2023-02', '2022-12')
    """
    m = Month.parse(month)
    return Month(m.year - 1, 12) if m.month <= 2 else m - 1


def previous_figures(figures: HeadlineFigures, dataset: Any) -> HeadlineFigures | None:
    """The headline figures of the release before ``figures``' month, same options; None without data
    (a dataset that does not hold that release's months raises :class:`~gxanalysis.errors.PartialDataError`)."""
    try:
        return headline_figures(previous_release(figures.period), dataset=dataset, options=figures.options)
    except PartialDataError:
        raise
    except GxError:
        return None


_REMEMBERED: dict[tuple, tuple[HeadlineFigures, tuple]] = {}
"""(input hashes and tables, options, month) → headline figures computed in this process, with the tables
they were computed from (see :func:`remembered_figures`)."""


def remembered_figures(period: str | Month, dataset: Any, options: SummaryOptions | None = None) -> HeadlineFigures:
    """:func:`headline_figures` of ``period`` over ``dataset``, computed once per process for the same input
    files and options.

    A batch runs the packs of one region one after another in one process (and its notebooks on one
    kernel): each pack's brief and overview need the previous month's figures, which the pack before
    computed. The key is the content of the input files (their SHA-256, ``dataset.file_hashes``), the very
    tables loaded from them, the options and the month, so a changed file or an edited table is never served
    stale figures; the figures are frozen, and only those of one set of inputs are kept. A dataset without
    file hashes (built in memory) or whose tables are in an engine (DuckDB, Dask) is always computed.
    Errors (:class:`~gxanalysis.errors.GxError`) are raised each time, never remembered.

    A table changed in place — the same frame object with cells assigned (``ds.enterprise_monthly.loc[…] =
    …``) — is not seen as a change: give such a dataset to :func:`headline_figures`, or rebuild it with
    copies of its tables (``dataclasses.replace(ds, enterprise_monthly=edited.copy())``).
    """
    opts = options or SummaryOptions()
    hashes = tuple(sorted((getattr(dataset, "file_hashes", None) or {}).items()))
    if (not hashes or not dataclasses.is_dataclass(dataset)
            or not isinstance(getattr(dataset, "enterprise_monthly", None), pd.DataFrame)):
        return headline_figures(period, dataset=dataset, options=opts)  # in memory, or tables in an engine
    # the very tables too (a dataset rebuilt from edited frames keeps its file hashes); the entry holds them,
    # so their ids cannot be reused while it lives
    tables = tuple(getattr(dataset, f.name) for f in dataclasses.fields(dataset)
                   if isinstance(getattr(dataset, f.name), pd.DataFrame))
    inputs = (hashes, tuple(id(t) for t in tables), getattr(dataset, "home_city", ""))
    key = (inputs, repr(opts), str(Month.parse(str(period))))
    if key not in _REMEMBERED:
        figures = headline_figures(period, dataset=dataset, options=opts)
        if any(k[0] != inputs for k in _REMEMBERED):
            _REMEMBERED.clear()
        _REMEMBERED[key] = (figures, tables)
    return _REMEMBERED[key][0]


def remembered_previous(figures: HeadlineFigures, dataset: Any) -> HeadlineFigures | None:
    """:func:`previous_figures` through :func:`remembered_figures` (None when that month has no data)."""
    try:
        return remembered_figures(previous_release(figures.period), dataset, figures.options)
    except PartialDataError:
        raise
    except GxError:
        return None


@dataclass(frozen=True)
class GrowthChange:
    """The city's value-added growth and its change on the previous figure (比上期加快/回落X个百分点).

    Attributes
    ----------
    measure : {"ytd", "month"}
    period, previous_period : Period
        This figure's period and the one compared with (None when there is none).
    value, previous : float or None
        The two growth rates (%), unrounded headline figures.
    change : float or None
        ``value − previous`` in percentage points, from the unrounded figures (INDICATORS.md §1.4–1.5).
    status : str
        ``value``'s status (``"not_published"`` for the month of a 1–2月 release), else ``"no_previous"``
        when there is nothing to compare with.
    """

    measure: str
    period: Period
    value: float | None
    previous_period: Period | None
    previous: float | None
    change: float | None
    status: str


def growth_change(figures: HeadlineFigures, previous: HeadlineFigures | None, measure: str = "ytd"
                  ) -> GrowthChange:
    """Growth and its change on the previous release, from two months' headline figures.

    .. math:: \\Delta_{pp} = g_t - g_{t-1}

    The year to date is compared with the previous release's year to date (1–4月 with 一季度; 1–2月 with
    the previous year). The month is compared with the month before; March with the 1–2月 release, the
    comparison the bureau writes ("3月当月增长X%，比1-2月加快Y个百分点"); a 1–2月 release has no month figure.
    ``previous`` is ``headline_figures(previous_release(month), …)`` (None when that month has no data).

    Examples
    --------
    >>> now, before = headline_figures("2023-04"), headline_figures("2023-03")
    >>> c = growth_change(now, before, "month")
    >>> c.previous_period.label(), round(c.value, 1), round(c.previous, 1), round(c.change, 2)
    ('2023年3月', 14.6, 14.2, 0.47)
    """
    if measure not in ("ytd", "month"):
        raise ParameterError(f"measure={measure!r} is not allowed; use 'ytd' (累计) or 'month' (当月)")
    month = figures.period
    name = "va_growth_ytd" if measure == "ytd" else "va_growth_month"
    period = Period.year_to_date(month) if measure == "ytd" else Period.month(month)
    f = figures[name]
    if not f.ok:
        return GrowthChange(measure, period, None, None, None, None, f.status)
    if previous is None:
        return GrowthChange(measure, period, f.value, None, None, None, "no_previous")
    before = previous.period
    if measure == "ytd" or before.month == 2:
        prev_name, prev_period = "va_growth_ytd", Period.year_to_date(before)
    else:
        prev_name, prev_period = "va_growth_month", Period.month(before)
    p = previous[prev_name] if prev_name in previous else None
    if p is None or not p.ok:
        return GrowthChange(measure, period, f.value, None, None, None, "no_previous")
    return GrowthChange(measure, period, f.value, prev_period, p.value, growth.pp_change(f.value, p.value), "ok")


def as_of_date(period: str | Month) -> dt.date:
    """The day the follow-up figures are taken at: the reporting month's last day."""
    return Month.parse(period).last_day


__all__ = ["headline_figures", "remembered_figures", "remembered_previous", "HeadlineFigures", "Figure", "SummaryOptions", "COLUMNS", "LABELS_ZH",
           "as_of_date", "figure_months", "months_needed", "MONTHLY_TABLES"]
