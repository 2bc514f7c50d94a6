"""One typed parameter schema per report.

The same schema is used by ``gx report`` (options and ``--help``), by the runner (checked before any
kernel starts, then passed to papermill), by the notebooks' parameters cells (same names and defaults;
a test keeps them in step) and by the interactive explorers (the ipywidgets form is built from it).

An unknown or invalid parameter raises :class:`~gxanalysis.errors.ParameterError` naming the parameter,
the value and what is allowed. Every number must be finite (``inf`` and ``nan`` are refused) and in its
range; the run options ``--jobs`` and ``--timeout`` are checked here too (:func:`check_run_options`).
Before any kernel starts, :meth:`ReportParams.check_data` refuses a period for which a report has no data.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gxanalysis.errors import ParameterError
from gxanalysis.labels import REPORTS as LABELS_REPORTS
from gxanalysis.periods import Month


class ReportParams(BaseModel):
    """Parameters every report takes."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    period_data: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = ()
    """(table, columns) that must have rows for the reporting month, for this report to have data."""
    needs_project_list: ClassVar[bool] = False
    """Whether the report needs the key-project list of the reporting year."""

    period: str = Field("2023-04", description="reporting month, YYYY-MM")
    data_dir: str = Field("", description="folder of the bureau tables; empty for the demo city")
    lang: Literal["zh", "en"] = Field("zh", description="label language: zh (中文) or en")
    output_dir: str = Field("", description="where the run records tables for the Excel workbook; "
                                            "empty to only display (interactive use)")

    @field_validator("period")
    @classmethod
    def _check_period(cls, v: str) -> str:
        return str(Month.parse(v))

    def check_data(self, dataset: Any) -> None:
        """Checks of parameter values against the loaded data (e.g. a chain group that must exist); run by
        ``gx report`` before any kernel starts. Raises ParameterError.

        The base check refuses a reporting month for which the report has no data (see
        :attr:`period_data`), naming the table, the latest month it holds and the fix.
        """
        check_period_has_data(type(self).report_name(), Month.parse(self.period), dataset,
                              self.period_data, self.needs_project_list)

    @classmethod
    def report_name(cls) -> str:
        return next((name for name, spec in REPORTS.items() if spec.params is cls), cls.__name__)


def check_period_has_data(report: str, month: Month, dataset: Any,
                          period_data: tuple[tuple[str, tuple[str, ...]], ...],
                          needs_project_list: bool = False) -> None:
    """Refuse a reporting month for which ``report`` has no data, before any kernel starts.

    Raises
    ------
    ParameterError
        Naming the report, the month, the table (with its Chinese name), the latest month it holds and
        what to do (another ``--period``, or load the month).
    """
    import pandas as pd

    from gxanalysis.data.schema import TABLES_BY_NAME

    if needs_project_list:
        projects = dataset.table("projects")
        years = sorted({int(y) for y in projects["year"].dropna()})
        if month.year not in years:
            shown = ", ".join(map(str, years)) or "none"
            raise ParameterError(
                f"report {report!r}: period {month}: projects (重点项目清单) in {dataset.source_dir} has no "
                f"list for {month.year} (years present: {shown}); load that year's key-project list or "
                "choose a period of a year that has one")
    for table, columns in period_data:
        frame = dataset.table(table)
        months = frame["period"].dropna()
        have = frame[frame["period"] == pd.Period(str(month), "M")]
        if columns:
            have = have.dropna(subset=list(columns), how="all")
        if not have.empty:
            continue
        zh = TABLES_BY_NAME[table].zh
        first, latest = (str(months.min()), str(months.max())) if len(months) else ("", "")
        where = f"{table} ({zh}) in {dataset.source_dir}"
        if month.month == 1 and ((frame["period"] == pd.Period(f"{month.year}-02", "M")).any()
                                 or latest < f"{month.year}-02"):
            hint = (f"January is published together with February (1–2月): run with --period {month.year}-02 "
                    "once that release is loaded")
        elif latest:
            hint = (f"{table} holds {first} to {latest}; run with --period {latest} (or latest), or add "
                    "that month's rows")
        else:
            hint = f"{table} holds no rows; add the month's rows"
        what = f"{', '.join(columns)} values" if columns else "rows"
        raise ParameterError(f"report {report!r}: period {month}: {where} has no {what} for {month}; {hint}")


class MonthlyOverviewParams(ReportParams):
    """工业经济运行 — the monthly overview."""

    period_data: ClassVar = (("enterprise_monthly", ()), ("city_growth", ("va_growth_ytd",)))
    needs_project_list: ClassVar = True

    va_growth_target: float | None = Field(None, ge=-50, le=100, description="annual value-added growth "
                                           "target, %; None to use the targets table")
    schedule_tolerance_pp: float = Field(0.0, ge=0, le=20, description="gap within ±tol pp is on track")
    seriously_behind_pp: float = Field(5.0, ge=0, le=50, description="gap below −X pp is seriously behind")
    due_soon_days: int = Field(15, ge=1, le=90, description="open tasks due within N days are yellow")
    capacity_variant: Literal["A", "B"] = Field("A", description="达产率 variant: A physical, B value")
    start_rate_denominator: Literal["to_date", "annual"] = Field(
        "to_date", description="开复工率 denominator: new projects due to start by the period and every ongoing "
                               "project, or the whole list of the year")
    forecast_alpha: float = Field(0.2, gt=0, le=0.5, description="1 − interval coverage of the forecast")

    def summary_options(self) -> Any:
        """The :class:`~gxanalysis.summary.SummaryOptions` these parameters stand for: the overview, the
        pack's ``summary.csv`` and its brief are computed with the same choices."""
        from gxanalysis.summary import SummaryOptions

        return SummaryOptions(capacity_variant=self.capacity_variant,
                              start_rate_denominator=self.start_rate_denominator,
                              schedule_tolerance_pp=self.schedule_tolerance_pp,
                              seriously_behind_pp=self.seriously_behind_pp, due_soon_days=self.due_soon_days,
                              va_growth_target=self.va_growth_target)


class ChainOutputParams(ReportParams):
    """产业链产值分析 — chain output."""

    period_data: ClassVar = (("enterprise_monthly", ()),)

    top_n: int = Field(10, ge=1, le=100, description="enterprises in the top-movers tables")
    group_id: str = Field("", description="only this chain group (e.g. G1); empty for the whole cluster")

    def check_data(self, dataset: Any) -> None:
        super().check_data(dataset)
        groups = sorted(set(dataset.chains["group_id"].astype(str)))
        if self.group_id and self.group_id not in groups:
            raise ParameterError(f"report 'chain_output': parameter 'group_id': value {self.group_id!r} is not "
                                 f"a chain group in the data; allowed: {', '.join(groups)} (or empty)")


class InvestmentParams(ReportParams):
    """重点项目投资分析 — key-project investment."""

    period_data: ClassVar = (("project_monthly", ()),)
    needs_project_list: ClassVar = True

    start_rate_denominator: Literal["to_date", "annual"] = Field(
        "to_date", description="开复工率 denominator: new projects due to start by the period and every ongoing "
                               "project, or the whole list of the year")
    behind_margin_pp: float = Field(5.0, ge=0, le=50, description="a project is behind plan when its "
                                    "completion is more than X pp below time progress")


class EnergyIntensityParams(ReportParams):
    """能耗强度分析 — energy intensity."""

    period_data: ClassVar = (("enterprise_monthly", ("energy",)),)

    electricity_basis: Literal["equivalent", "equal"] = Field(
        "equivalent", description="electricity at 当量值 (equivalent) or 等价值 (equal value)")
    coefficient_version: Literal["GB/T 2589-2008", "GB/T 2589-2020", "local-stat-bureau"] = Field(
        "GB/T 2589-2008", description="conversion-coefficient table")
    top_n: int = Field(10, ge=1, le=100, description="largest energy users listed")

    def check_data(self, dataset: Any) -> None:
        super().check_data(dataset)
        if self.electricity_basis != "equal":
            return
        year = Month.parse(self.period).year
        have = set(int(y) for y in dataset.power_coal_rates["year"].dropna())
        missing = [y for y in (year - 1, year) if y not in have]
        if missing:
            raise ParameterError(
                f"report 'energy_intensity': parameter 'electricity_basis': value 'equal' needs the year's "
                f"coal consumption of thermal power supply (供电煤耗), but power_coal_rates has no row for "
                f"{', '.join(map(str, missing))}; add the official figure(s) to power_coal_rates, or use "
                "electricity_basis=equivalent")


@dataclass(frozen=True)
class ReportSpec:
    """A report: its notebook, parameter schema and titles."""

    name: str
    notebook: str
    params: type[ReportParams]
    title_zh: str
    title_en: str

    def title(self, lang: str = "zh") -> str:
        return self.title_zh if lang == "zh" else self.title_en


def _spec(name: str, params: type[ReportParams]) -> ReportSpec:
    titles = LABELS_REPORTS[name]
    return ReportSpec(name, f"{name}.ipynb", params, titles["zh"], titles["en"])


REPORTS: dict[str, ReportSpec] = {
    spec.name: spec
    for spec in (
        _spec("monthly_overview", MonthlyOverviewParams),
        _spec("chain_output", ChainOutputParams),
        _spec("investment", InvestmentParams),
        _spec("energy_intensity", EnergyIntensityParams),
    )
}
"""The reports in the pack's order; titles from :data:`gxanalysis.labels.REPORTS`."""


def report_spec(name: str) -> ReportSpec:
    """The spec of a report by name; a ParameterError lists the reports that exist."""
    try:
        return REPORTS[name]
    except KeyError:
        raise ParameterError(f"parameter 'reports': no report named {name!r}; allowed: "
                             f"{', '.join(REPORTS)}") from None


def _describe_allowed(model: type[BaseModel], field: str) -> str:
    info = model.model_fields.get(field)
    if info is None:
        return "one of: " + ", ".join(model.model_fields)
    ann = info.annotation
    args = getattr(ann, "__args__", None)
    if getattr(ann, "__origin__", None) is Literal and args:
        return "one of " + ", ".join(repr(a) for a in args)
    bounds = []
    for m in info.metadata:
        for attr, sym in (("ge", "≥"), ("gt", ">"), ("le", "≤"), ("lt", "<")):
            if getattr(m, attr, None) is not None:
                bounds.append(f"{sym} {getattr(m, attr)}")
    kind = getattr(ann, "__name__", str(ann))
    return f"{kind} {' and '.join(bounds)}".strip() + (f" ({info.description})" if info.description else "")


def validate_params(report: str, values: dict[str, Any]) -> ReportParams:
    """Check report parameters before any kernel starts.

    Parameters
    ----------
    report : str
        Report name (a key of :data:`REPORTS`).
    values : dict
        Parameter values; strings from the command line are converted by the schema.

    Returns
    -------
    ReportParams
        The validated, frozen parameters.

    Raises
    ------
    ParameterError
        Naming each bad parameter, its value and what is allowed.

    Examples
    --------
    >>> validate_params("investment", {"period": "2023-04"}).start_rate_denominator
    'to_date'
    >>> validate_params("investment", {"period": "2023-04", "colour": "red"})
    Traceback (most recent call last):
    ...
    gxanalysis.errors.ParameterError: report 'investment': unknown parameter 'colour' (value 'red'); ...
    """
    spec = report_spec(report)
    model = spec.params
    unknown = [k for k in values if k not in model.model_fields]
    if unknown:
        k = unknown[0]
        raise ParameterError(
            f"report {report!r}: unknown parameter {k!r} (value {values[k]!r}); "
            f"allowed parameters: {', '.join(model.model_fields)}")
    try:
        return model(**values)
    except ValidationError as exc:
        msgs = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]) or "?"
            given = values.get(field, err.get("input"))
            msgs.append(f"parameter {field!r}: value {given!r} is not allowed ({err['msg']}); "
                        f"allowed: {_describe_allowed(model, field)}")
        raise ParameterError(f"report {report!r}: " + "; ".join(msgs)) from None


JOBS_RANGE = (1, 64)
"""Notebooks run at once (``--jobs``)."""
TIMEOUT_RANGE_S = (1.0, 86400.0)
"""Seconds allowed per notebook (``--timeout``): at least one second, at most a day."""


def check_run_options(jobs: Any = None, timeout: Any = 600) -> tuple[int | None, float]:
    """Check the run options of ``gx report`` (``--jobs``, ``--timeout``): finite and in range.

    Returns
    -------
    (jobs, timeout)
        ``jobs`` as int (or None: one per core), ``timeout`` as float seconds.

    Raises
    ------
    ParameterError
        Naming the option, the value and the allowed range.

    Examples
    --------
    >>> check_run_options(2, "90")
    (2, 90.0)
    >>> check_run_options(timeout=float("nan"))
    Traceback (most recent call last):
    ...
    gxanalysis.errors.ParameterError: option --timeout: value nan is not allowed; give seconds from 1 to 86400 ...
    """
    lo, hi = JOBS_RANGE
    if jobs is not None:
        try:
            n = int(jobs)
            if isinstance(jobs, bool) or n != float(jobs):
                raise ValueError
        except (TypeError, ValueError, OverflowError):
            raise ParameterError(f"option --jobs: value {jobs!r} is not a whole number; give {lo} to {hi}"
                                 ) from None
        if not lo <= n <= hi:
            raise ParameterError(f"option --jobs: value {n} is not allowed; give {lo} to {hi} notebooks at "
                                 "once (default: one per core)")
        jobs = n
    tlo, thi = TIMEOUT_RANGE_S
    try:
        t = float(timeout)
    except (TypeError, ValueError):
        t = math.nan
    if isinstance(timeout, bool) or not math.isfinite(t) or not tlo <= t <= thi:
        raise ParameterError(f"option --timeout: value {timeout!r} is not allowed; give seconds from "
                             f"{tlo:.0f} to {thi:.0f} (a day) per notebook, e.g. --timeout 600")
    return jobs, t


def parse_cli_assignments(items: list[str]) -> dict[str, str]:
    """``["name=value", …]`` from ``-p`` options; the value may contain ``=``.

    Examples
    --------
    >>> parse_cli_assignments(["top_n=5", "group_id=G1"])
    {'top_n': '5', 'group_id': 'G1'}
    """
    out: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise ParameterError(f"option -p {item!r}: write parameters as NAME=VALUE, e.g. -p top_n=5")
        name, value = item.split("=", 1)
        out[name.strip()] = value
    return out


def params_for_papermill(params: ReportParams) -> dict[str, Any]:
    """Plain JSON-serialisable values for papermill's injected-parameters cell."""
    return json.loads(params.model_dump_json())


COMMON_PARAMETERS: dict[str, str] = {"period": "--period", "data_dir": "--data", "lang": "--lang",
                                     "output_dir": "(set by the runner)"}
"""Parameters every report takes, set by ``gx report`` options rather than ``-p``."""


def schema_help(report: str, lang: str = "en") -> str:
    """Lines documenting a report's own parameters (for ``gx report --help``), in ``lang``."""
    from gxanalysis.labels import PARAMETERS

    spec = report_spec(report)
    lines = [f"  {spec.name} — {spec.title(lang)}"]
    for name, info in spec.params.model_fields.items():
        if name in COMMON_PARAMETERS:
            continue
        text = PARAMETERS.get(name, {}).get("zh") if lang == "zh" else None
        lines.append(f"      {name} = {info.default!r}: {text or info.description or ''}")
    return "\n".join(lines)
