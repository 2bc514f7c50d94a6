"""One typed parameter schema per report.

The same schema is used by ``gx report`` (options and ``--help``), by the runner (checked before any
kernel starts, then passed to papermill), by the notebooks' parameters cells (same names and defaults;
a test keeps them in step) and by the interactive explorers (the ipywidgets form is built from it).

An unknown or invalid parameter raises :class:`~gxanalysis.errors.ParameterError` naming the parameter,
the value and what is allowed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gxanalysis.errors import ParameterError
from gxanalysis.labels import REPORTS as LABELS_REPORTS
from gxanalysis.periods import Month


class ReportParams(BaseModel):
    """Parameters every report takes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

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
        ``gx report`` before any kernel starts. Raises ParameterError."""


class MonthlyOverviewParams(ReportParams):
    """工业经济运行 — the monthly overview."""

    va_growth_target: float | None = Field(None, description="annual value-added growth target, %; "
                                           "None to use the targets table")
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

    top_n: int = Field(10, ge=1, le=100, description="enterprises in the top-movers tables")
    group_id: str = Field("", description="only this chain group (e.g. G1); empty for the whole cluster")

    def check_data(self, dataset: Any) -> None:
        groups = sorted(set(dataset.chains["group_id"].astype(str)))
        if self.group_id and self.group_id not in groups:
            raise ParameterError(f"report 'chain_output': parameter 'group_id': value {self.group_id!r} is not "
                                 f"a chain group in the data; allowed: {', '.join(groups)} (or empty)")


class InvestmentParams(ReportParams):
    """重点项目投资分析 — key-project investment."""

    start_rate_denominator: Literal["to_date", "annual"] = Field(
        "to_date", description="开复工率 denominator: new projects due to start by the period and every ongoing "
                               "project, or the whole list of the year")
    behind_margin_pp: float = Field(5.0, ge=0, le=50, description="a project is behind plan when its "
                                    "completion is more than X pp below time progress")


class EnergyIntensityParams(ReportParams):
    """能耗强度分析 — energy intensity."""

    electricity_basis: Literal["equivalent", "equal"] = Field(
        "equivalent", description="electricity at 当量值 (equivalent) or 等价值 (equal value)")
    coefficient_version: Literal["GB/T 2589-2008", "GB/T 2589-2020", "local-stat-bureau"] = Field(
        "GB/T 2589-2008", description="conversion-coefficient table")
    top_n: int = Field(10, ge=1, le=100, description="largest energy users listed")

    def check_data(self, dataset: Any) -> None:
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


def schema_help(report: str) -> str:
    """Lines documenting a report's own parameters (for ``gx report --help``)."""
    spec = report_spec(report)
    lines = [f"  {spec.name} — {spec.title_zh} ({spec.title_en})"]
    for name, info in spec.params.model_fields.items():
        if name in COMMON_PARAMETERS:
            continue
        default = info.default
        lines.append(f"      {name} = {default!r}: {info.description or ''}")
    return "\n".join(lines)
