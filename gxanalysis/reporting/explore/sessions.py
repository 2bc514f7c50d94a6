"""The data an explorer works on: loaded and validated once per session, then cached.

An explorer session holds the validated :class:`~gxanalysis.data.dataset.Dataset`, a by-month index of the
enterprise panel (:class:`~gxanalysis.indicators.frames.MonthIndex`) and the attributes every view joins to
its rows (name, county, industry division, sub-chain, chain group). :func:`session` returns the same object
for the same folder for the life of the Python process (a JupyterLab kernel or a page of ``gx app``), so a
selection change never reloads or revalidates the data.

Enterprises are keyed by an integer (their position in the directory) in the session's copies of the
enterprise tables: the indicator functions treat ``credit_code`` as an opaque key, and integer keys are
grouped, matched and iterated an order of magnitude faster than text on a province-scale panel. Names are
joined back for display; no figure depends on the key.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gxanalysis import config
from gxanalysis.errors import InsufficientDataError
from gxanalysis.indicators.frames import MonthIndex
from gxanalysis.periods import Month

_SESSIONS: dict[Path, Session] = {}
_LOCK = threading.Lock()


@dataclass
class Session:
    """Validated tables of one data folder and the indexes the explorers share.

    Attributes
    ----------
    dataset : Dataset
        The validated tables.
    cache : dict
        Results of indicator calls the explorers reuse within the session (keyed by their arguments).
    """

    dataset: Any
    cache: dict = field(default_factory=dict, repr=False)

    @property
    def data_dir(self) -> Path:
        return Path(self.dataset.source_dir)

    # -- integer keys ------------------------------------------------------------------------------
    @cached_property
    def codes(self) -> pd.Index:
        """Every credit code of the directory and the panel; an enterprise's key is its position here."""
        ds = self.dataset
        both = pd.concat([ds.enterprises["credit_code"], ds.enterprise_monthly["credit_code"],
                          ds.enterprise_targets["credit_code"]], ignore_index=True)
        return pd.Index(pd.unique(both.to_numpy(dtype=object)))

    def key(self, codes: pd.Series) -> np.ndarray:
        """The integer keys of credit codes."""
        return self.codes.get_indexer(pd.Series(codes).to_numpy(dtype=object))

    @cached_property
    def enterprises(self) -> pd.DataFrame:
        """The directory keyed by integer: ``credit_code`` (the key), ``name``, ``county``, ``industry_code``,
        ``division``, ``chain_id``, ``chain_name``, ``group_id``, ``group_name``, ``is_key``, capacities;
        indexed by the key."""
        ent = self.dataset.enterprises.drop_duplicates("credit_code").copy()
        ent["credit_code"] = self.key(ent["credit_code"])
        ent["division"] = ent["industry_code"].astype(str).str[:2]
        chains = self.dataset.chains[["chain_id", "chain_name", "group_id", "group_name"]]
        ent = ent.merge(chains, on="chain_id", how="left")
        return ent.set_index("credit_code", drop=False).rename_axis("key")

    @cached_property
    def monthly(self) -> pd.DataFrame:
        """``enterprise_monthly`` keyed by integer (``credit_code`` holds the key)."""
        em = self.dataset.enterprise_monthly
        return em.assign(credit_code=self.key(em["credit_code"]))

    @cached_property
    def targets(self) -> pd.DataFrame:
        """``enterprise_targets`` keyed by integer."""
        t = self.dataset.enterprise_targets
        return t.assign(credit_code=self.key(t["credit_code"]))

    @cached_property
    def panel(self) -> MonthIndex:
        """The keyed panel indexed by month (rows of a month in O(rows of that month))."""
        return MonthIndex(self.monthly)

    @cached_property
    def months(self) -> list[Month]:
        """Months with enterprise figures, oldest first."""
        return self.panel.months

    @property
    def latest(self) -> Month:
        """The newest complete month (enterprise, city and project tables), else the newest panel month."""
        try:
            return self.dataset.latest_period()
        except InsufficientDataError:
            return self.months[-1]

    _ATTRS = ("name", "county", "industry_code", "division", "chain_id", "chain_name", "group_id", "group_name",
              "is_key")

    def rows(self, month: Month) -> pd.DataFrame:
        """The keyed panel rows of ``month`` (year to date) with the enterprise attributes (cached)."""
        key = ("rows", month)
        if key not in self.cache:
            now = self.panel.at(month)
            attrs = self.enterprises[list(self._ATTRS)]
            self.cache[key] = now.join(attrs, on="credit_code").reset_index(drop=True)
        return self.cache[key]

    def attach(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` (keyed by ``credit_code``) with the enterprise attributes joined."""
        return frame.join(self.enterprises[list(self._ATTRS)], on="credit_code")

    def memo(self, key: tuple, compute: Any) -> Any:
        """``compute()`` once per ``key`` for the session (indicator results reused across views)."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    def chain_names(self) -> dict[str, str]:
        return dict(zip(self.dataset.chains["chain_id"], self.dataset.chains["chain_name"], strict=False))

    def group_names(self) -> dict[str, str]:
        g = self.dataset.chains.drop_duplicates("group_id")
        return dict(zip(g["group_id"], g["group_name"], strict=False))


def session(data_dir: str | Path | None = None) -> Session:
    """The session of a data folder (default ``GX_DATA_DIR`` or the demo city), loaded once per process.

    Raises
    ------
    DataValidationError
        When the folder's tables do not pass validation (every problem listed; nothing is loaded).
    """
    from gxanalysis.data.dataset import load_dataset

    path = Path(data_dir).expanduser().resolve() if data_dir else config.default_data_dir()
    with _LOCK:
        if path not in _SESSIONS:
            _SESSIONS[path] = Session(load_dataset(path))
        return _SESSIONS[path]


def from_dataset(dataset: Any) -> Session:
    """A session over an already loaded dataset (benchmarks, tests): not cached."""
    return Session(dataset)
