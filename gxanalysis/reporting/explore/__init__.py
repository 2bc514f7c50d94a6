"""Explorers: the director's questions answered by clicking, in JupyterLab and in the web app (``gx app``).

One explorer per question family, each a drill-down from the city:

========================  ==================================================================================
``growth``                增速与贡献 — city → county / industry / chain → sub-chain → enterprise → its months:
                          growth year to date or in the month, share, contribution, pull, movers up and down
``schedule``              达产率与序时进度 — who is behind schedule, since when, by how much; 达产率 by group and
                          month, and who pulled it down
``projects``              重点项目 — starts, investment against plan and time progress by county, chain, kind
                          and progress; every project behind plan
``energy``                能耗与LMDI分解 — energy and intensity by industry, county, chain and enterprise
                          (当量值 / 等价值), the LMDI decomposition of the change in energy use
========================  ==================================================================================

The data are loaded and validated once per session (:func:`~gxanalysis.reporting.explore.sessions.session`);
every number comes from :mod:`gxanalysis.indicators` (see each explorer's module). Labels are Chinese by
default, English with ``lang="en"``.

Examples
--------
In a notebook (the explorer notebooks under ``notebooks/explore/`` are one such call each)::

    from gxanalysis.reporting.explore import growth_explorer
    growth_explorer()                      # or growth_explorer(lang="en", data_dir="path/to/bureau/data")

Without widgets (tests, scripts):

>>> from gxanalysis.reporting.explore import explorer
>>> ex = explorer("projects")
>>> v = ex.view({"period": "2023-04", "dimension": "county"})
>>> v.frame.loc[v.frame["total"], "n_projects"].tolist()
[124]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gxanalysis.errors import ParameterError
from gxanalysis.reporting.explore.core import Explorer, View, report_command
from gxanalysis.reporting.explore.energy import EnergyExplorer
from gxanalysis.reporting.explore.growth import GrowthExplorer
from gxanalysis.reporting.explore.projects import ProjectsExplorer
from gxanalysis.reporting.explore.schedule import ScheduleExplorer
from gxanalysis.reporting.explore.sessions import Session, session

EXPLORERS: dict[str, type[Explorer]] = {
    "growth": GrowthExplorer,
    "schedule": ScheduleExplorer,
    "projects": ProjectsExplorer,
    "energy": EnergyExplorer,
}
"""The explorers by name, in the order of the web app's landing page."""

NOTEBOOKS: dict[str, str] = {name: f"{name}.ipynb" for name in EXPLORERS}
"""The thin notebook of each explorer under ``notebooks/explore/`` (what ``gx app`` serves)."""


def explorer(name: str, *, lang: str = "zh", data_dir: str | Path | None = None) -> Explorer:
    """The explorer ``name`` (without widgets) on the session of ``data_dir``."""
    try:
        cls = EXPLORERS[name]
    except KeyError:
        raise ParameterError(f"no explorer named {name!r}; explorers: {', '.join(EXPLORERS)}") from None
    return cls(session(data_dir or None), lang=lang)


def show(name: str, *, lang: str = "zh", data_dir: str | Path | None = None, **selection: Any) -> Any:
    """The widgets of explorer ``name`` (display them in a notebook), starting from ``selection``."""
    from gxanalysis.reporting.explore.ui import ExplorerUI

    ui = ExplorerUI(explorer(name, lang=lang, data_dir=data_dir))
    if selection:
        ui.select(**selection)
    return ui


def growth_explorer(**kwargs: Any) -> Any:
    """增速与贡献: see :func:`show`."""
    return show("growth", **kwargs)


def schedule_explorer(**kwargs: Any) -> Any:
    """达产率与序时进度: see :func:`show`."""
    return show("schedule", **kwargs)


def projects_explorer(**kwargs: Any) -> Any:
    """重点项目: see :func:`show`."""
    return show("projects", **kwargs)


def energy_explorer(**kwargs: Any) -> Any:
    """能耗与LMDI分解: see :func:`show`."""
    return show("energy", **kwargs)


__all__ = ["EXPLORERS", "NOTEBOOKS", "Explorer", "View", "Session", "session", "explorer", "show",
           "growth_explorer", "schedule_explorer", "projects_explorer", "energy_explorer", "report_command"]
