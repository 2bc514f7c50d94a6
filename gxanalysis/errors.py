"""The exceptions gxanalysis raises: one base class, one subclass per domain.

Every message says what is wrong, shows the offending value, and says how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class GxError(Exception):
    """Base class of every error gxanalysis raises on purpose."""


class ParameterError(GxError, ValueError):
    """A parameter (function argument, CLI option, report parameter) has a value that is not allowed."""


class PeriodError(ParameterError):
    """A reporting period cannot be parsed or is not valid for the operation."""


class InsufficientDataError(GxError):
    """The data needed for a figure are not there (e.g. a monthly rate from cumulative rates alone)."""


class NotComputable(InsufficientDataError):
    """A figure or report section that cannot be computed for the period, for a reason readers can be told.

    December has no remaining months, a short history has too few years for a model, a month has no daily
    records: the report shows the reason in place of the section (in the report's language) and the run
    still publishes. ``zh`` holds the reason in Chinese; the message is English.
    """

    def __init__(self, message: str, *, zh: str | None = None) -> None:
        super().__init__(message)
        self.zh = zh or message

    def reason(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else str(self)


class PartialDataError(GxError):
    """A dataset loaded for some months only was asked for a figure that needs other months (load them, or
    the whole dataset); never a reason to show a figure without a number."""


class UnitError(GxError, ValueError):
    """Values in different units or on different price or energy bases were combined."""


class ReportError(GxError):
    """A report run failed (a notebook raised, timed out or its kernel died)."""


class OutputError(GxError):
    """An output folder cannot be used: it is a file, read-only, not permitted, or its disk is full."""


class ClusterError(GxError):
    """A Dask cluster given to ``gx batch`` cannot be reached, or its workers cannot run the batch."""


class InputChangedError(GxError):
    """An input file changed while it was being read for a run (the run is refused; nothing is published)."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input table.

    Attributes
    ----------
    file : str
        The file (or table) the problem is in.
    row : int or None
        The row as the user sees it: the line number in a CSV file (header = line 1) or the row
        number in an Excel sheet. ``None`` for a problem with the whole table.
    column : str or None
        The column, as named in the file.
    value : str
        The offending value, as text.
    message : str
        What is wrong.
    fix : str
        How to fix it.
    severity : str
        ``"error"`` (nothing is loaded) or ``"warning"``.
    """

    file: str
    row: int | None
    column: str | None
    value: str
    message: str
    fix: str
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        value = f" (value: {self.value!r})" if self.value != "" else ""
        return f"[{self.severity}] {where}: {self.message}{value}. Fix: {self.fix}"


@dataclass
class DataValidationError(GxError):
    """Input tables failed validation; carries every problem found, not just the first."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.__str__())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def __str__(self) -> str:
        errs = self.errors
        head = f"{len(errs)} error(s) in the input data; nothing was loaded:"
        lines = [str(p) for p in errs[:50]]
        if len(errs) > 50:
            lines.append(f"... and {len(errs) - 50} more (run `gx validate DIR` for the full list)")
        return "\n".join([head, *lines])
