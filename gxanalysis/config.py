"""Every path gxanalysis uses, built from the package location.

Nothing here depends on the current working directory: papermill and nbval run notebooks from other
folders, and scheduled runs start wherever cron or Airflow put them.

Two environment variables override the defaults for deployments outside a source checkout:

``GX_DATA_DIR``
    the folder holding the bureau's tables (default: ``<project>/data/demo``, the demo city);
``GX_REPORTS_DIR``
    where report packs are published (default: ``<project>/reports``).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR: Path = Path(__file__).resolve().parent
"""The installed ``gxanalysis`` package."""

PROJECT_DIR: Path = PACKAGE_DIR.parent
"""The repository root (for an editable install; the layout of a source checkout)."""

RESOURCES_DIR: Path = PACKAGE_DIR / "resources"
"""Reference tables shipped inside the package (coefficients, calendars, industry names)."""

DATA_DIR: Path = PROJECT_DIR / "data"
"""Top of the project's data folder: ``demo/``, ``nbs/``, ``templates/``, ``reference/``."""

NBS_DIR: Path = DATA_DIR / "nbs"
"""Raw NBS portal exports (GBK, read-only)."""

TEMPLATES_DIR: Path = DATA_DIR / "templates"
"""Excel templates an analyst fills with the bureau's own data."""

NOTEBOOKS_DIR: Path = PROJECT_DIR / "notebooks"
"""Report notebooks executed by papermill, and the interactive explorers."""


def demo_data_dir() -> Path:
    """The demo city's tables (``data/demo``)."""
    return DATA_DIR / "demo"


def default_data_dir() -> Path:
    """Where the bureau's tables are read from: ``$GX_DATA_DIR`` or the demo city."""
    env = os.environ.get("GX_DATA_DIR")
    return Path(env).expanduser().resolve() if env else demo_data_dir()


def default_reports_dir() -> Path:
    """Where report packs are published: ``$GX_REPORTS_DIR`` or ``<project>/reports``."""
    env = os.environ.get("GX_REPORTS_DIR")
    return Path(env).expanduser().resolve() if env else PROJECT_DIR / "reports"


ENCODING = "utf-8"
"""Encoding of every text file gxanalysis writes (CSV outputs add a BOM so Excel opens them)."""


def replace_path(src: Path, dst: Path, attempts: int = 20) -> None:
    """``os.replace`` (a file, or a folder onto a missing path), retried briefly on Windows, where a
    reader holding a file open (a browser, a virus scanner) blocks the rename for a moment."""
    import time

    for i in range(attempts):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if os.name != "nt" or i == attempts - 1:
                raise
            time.sleep(0.05 * (i + 1))
