"""Region data folders: a city's tables split by county, and the list of regions a batch runs over.

``gx batch`` runs report packs over several regions, each a data folder of the bureau's tables. A
province sends one folder per city; a city can also be split into its counties (districts) with
:func:`split_by_county`, which writes one valid data folder per county:

- the enterprise tables (``enterprises``, ``enterprise_monthly``, ``enterprise_targets``,
  ``energy_by_fuel``, ``daily_records``, ``problems``, ``recognitions``) keep the rows of the county's
  enterprises; ``material_flows`` the flows whose supplier and user are both in the county;
- ``projects`` and ``base_stations`` keep the county's rows, ``project_monthly`` the rows of its projects,
  ``counties`` its own row;
- the city-level tables (``cities``, ``city_growth``, ``province_growth``, ``targets``, ``chains``,
  ``power_coal_rates``, ``supervision_tasks``) are copied whole: a county's pack shows the city's provincial rank and targets as
  the frame for the county's own figures, which are computed from its enterprises.

Rows are copied as read (the text of every cell unchanged), written as UTF-8; every folder written is
validated, and a county whose folder would not validate is refused with the problems.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from gxanalysis.errors import DataValidationError, ParameterError

BY_ENTERPRISE = ("enterprises", "enterprise_monthly", "enterprise_targets", "energy_by_fuel", "daily_records",
                 "problems", "recognitions")
"""Tables whose rows belong to the county of their ``credit_code``."""


@dataclass(frozen=True)
class Region:
    """One region of a batch: a name (shown in the summary) and its data folder."""

    name: str
    data_dir: Path


def _read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    from gxanalysis.data.readers import read_text

    text, _ = read_text(path)
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return [], []
    return rows[0], [r for r in rows[1:] if any(c.strip() for c in r)]


def _write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def _column(header: list[str], name: str, path: Path) -> int:
    from gxanalysis.data.readers import normalise_header

    names = [normalise_header(h) for h in header]
    if name not in names:
        raise ParameterError(f"{path}: no column {name!r} (columns: {', '.join(header)}); splitting by county "
                             "needs the English column names of the templates (gx templates)")
    return names.index(name)


def split_by_county(source: Path | None, dest: Path) -> list[Region]:
    """Write one data folder per county of ``source`` under ``dest/<county>/`` and validate each.

    Parameters
    ----------
    source : Path, optional
        A valid data folder of CSV tables (default: ``GX_DATA_DIR`` or the demo city).
    dest : Path
        Where the county folders are written (created; existing county folders are replaced).

    Returns
    -------
    list of Region
        One per county of the ``counties`` table, in its order, named by the county.

    Raises
    ------
    DataValidationError
        When ``source`` is invalid, or a county's folder does not validate (with its problems).
    ParameterError
        When a table of ``source`` is not a CSV file.

    Examples
    --------
    >>> import tempfile
    >>> regions = split_by_county(None, Path(tempfile.mkdtemp()))  # doctest: +SKIP
    >>> [r.name for r in regions]  # doctest: +SKIP
    ['澜东区', '澜西区', '永宁县', '河清县', '石峡县']
    """
    import shutil

    from gxanalysis.data.dataset import load_dataset
    from gxanalysis.data.validate import validate_directory

    dataset = load_dataset(source)  # the whole city must be valid before it is split
    for name, path in dataset.files.items():
        if path.suffix.lower() != ".csv":
            raise ParameterError(f"{path}: splitting by county reads CSV tables; save {name} as CSV "
                                 "(UTF-8 or GBK) and run again")
    enterprises = dataset.enterprises
    regions: list[Region] = []
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for county in dataset.counties["county"].astype(str):
        codes = set(enterprises.loc[enterprises["county"].astype(str) == county, "credit_code"].astype(str))
        folder = dest / county
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        project_ids: set[str] = set()
        if "projects" in dataset.files:  # projects before project_monthly
            order = ["projects"] + [n for n in dataset.files if n != "projects"]
        else:
            order = list(dataset.files)
        for name in order:
            path = dataset.files[name]
            header, rows = _read_rows(path)
            if name in BY_ENTERPRISE:
                i = _column(header, "credit_code", path)
                rows = [r for r in rows if r[i].strip() in codes]
            elif name == "material_flows":
                i, j = _column(header, "supplier_code", path), _column(header, "user_code", path)
                rows = [r for r in rows if r[i].strip() in codes and r[j].strip() in codes]
            elif name in ("projects", "base_stations", "counties"):
                i = _column(header, "county", path)
                rows = [r for r in rows if r[i].strip() == county]
                if name == "projects":
                    k = _column(header, "project_id", path)
                    project_ids = {r[k].strip() for r in rows}
            elif name == "project_monthly":
                k = _column(header, "project_id", path)
                rows = [r for r in rows if r[k].strip() in project_ids]
            _write_rows(folder / f"{path.stem}.csv", header, rows)
        report = validate_directory(folder)
        if not report.ok:
            raise DataValidationError(list(report.problems))
        regions.append(Region(county, folder))
    return regions


def regions_from_folders(spec: str) -> list[Region]:
    """The regions named by ``--data``: folders separated by commas, or one folder of region folders.

    A folder that holds ``enterprises.csv``/``.xlsx`` (or a store of ``gx ingest``) is a region itself; otherwise each of its
    sub-folders that does is one region (sorted by name). Names are the folder names (a number is added
    when two folders share one).

    Raises
    ------
    ParameterError
        When a folder does not exist, or none of the folders holds a data folder.
    """
    found: list[Path] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        folder = Path(part)
        if not folder.is_dir():
            raise ParameterError(f"option --data: {folder} does not exist or is not a folder; give data folders "
                                 "separated by commas, or a folder of region folders")
        if _is_data_folder(folder):
            found.append(folder)
            continue
        subs = sorted(d for d in folder.iterdir() if d.is_dir() and _is_data_folder(d))
        if not subs:
            raise ParameterError(f"option --data: {folder} holds no enterprises table and no region folder "
                                 "that does; give data folders (each with enterprises.csv or .xlsx)")
        found.extend(subs)
    if not found:
        raise ParameterError("option --data: no data folder given")
    regions: list[Region] = []
    seen: dict[str, int] = {}
    for folder in found:
        name = folder.resolve().name
        seen[name] = seen.get(name, 0) + 1
        regions.append(Region(name if seen[name] == 1 else f"{name}-{seen[name]}", folder.resolve()))
    return regions


def _is_data_folder(folder: Path) -> bool:
    from gxanalysis.data.store import is_store

    if is_store(folder):  # a store written by gx ingest is a region as its folder is
        return True
    return any((folder / f"enterprises{ext}").is_file() for ext in (".csv", ".xlsx", ".CSV", ".XLSX"))


__all__ = ["Region", "split_by_county", "regions_from_folders"]
