"""The "2+4" industrial-chain cluster (链群): membership, output by group and sub-chain, shares, targets.

A chain group (产业链群, ``chains.group_id``) holds sub-chains (细分产业链, ``chains.chain_id``); an
enterprise belongs to at most one sub-chain (``enterprises.chain_id``), so the sub-chains partition the
cluster and contributions add up (INDICATORS.md §3.3). Output value is gross output at current prices,
year to date; growth is from same-sample levels (§1.3, §1.6); shares are of the cluster's output (§3.4).

Examples
--------
>>> ent = pd.DataFrame({"credit_code": ["a", "b", "c"], "chain_id": ["C01", "C02", None]})
>>> ch = pd.DataFrame({"chain_id": ["C01", "C02"], "chain_name": ["铜", "镍"], "group_id": ["G1", "G1"],
...                    "group_name": ["有色", "有色"]})
>>> cluster_members(ent, ch)["credit_code"].tolist()
['a', 'b']
>>> rows = pd.DataFrame({"credit_code": ["a", "b", "c"], "gross_output": [60.0, 40.0, 5.0],
...                      "gross_output_base": [50.0, 40.0, 4.0]})
>>> t = chain_output(rows, ent, ch)
>>> t[["label", "kind", "current", "share"]].values.tolist()
[['total', 'total', 100.0, 100.0], ['G1', 'group', 100.0, 100.0], ['C01', 'chain', 60.0, 60.0], ['C02', 'chain', 40.0, 40.0]]
>>> round(float(t["growth"].iloc[0]), 3)
11.111
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from gxanalysis.errors import ParameterError
from gxanalysis.indicators import engine
from gxanalysis.indicators.frames import member, require_columns
from gxanalysis.indicators.growth import growth_table
from gxanalysis.indicators.targets import annual_target

__all__ = ["chains_in_scope", "cluster_members", "cluster_rows", "chain_output", "chain_growth_vs_target"]


def chains_in_scope(chains: pd.DataFrame, group_id: str | None = None) -> pd.DataFrame:
    """The sub-chains of the cluster, or of one chain group, in the order of the ``chains`` table.

    Raises
    ------
    ParameterError
        If ``group_id`` is not a group of the table (naming the groups that are).
    """
    require_columns(chains, ["chain_id", "group_id"], "chains")
    gid = (group_id or "").strip()
    if not gid:
        return chains.reset_index(drop=True)
    if gid not in set(chains["group_id"].astype(str)):
        allowed = ", ".join(dict.fromkeys(chains["group_id"].astype(str)))
        raise ParameterError(f"group_id={gid!r} is not a chain group of the chains table; allowed: {allowed} "
                             "(or empty for the whole cluster)")
    return chains[chains["group_id"].astype(str) == gid].reset_index(drop=True)


def cluster_members(enterprises: pd.DataFrame, chains: pd.DataFrame, group_id: str | None = None
                    ) -> pd.DataFrame:
    """The enterprises of the cluster (or of one group): those whose ``chain_id`` is a sub-chain in scope.

    This is the one definition of "member of the 2+4 cluster" in the package.
    """
    require_columns(enterprises, ["credit_code", "chain_id"], "enterprises")
    scope = chains_in_scope(chains, group_id)
    return enterprises[member(enterprises["chain_id"], scope["chain_id"])].reset_index(drop=True)


def cluster_rows(rows: pd.DataFrame, enterprises: pd.DataFrame, chains: pd.DataFrame,
                 group_id: str | None = None, *, attributes: Sequence[str] = ("name", "county", "industry_code")
                 ) -> pd.DataFrame:
    """The panel ``rows`` (e.g. one month of ``enterprise_monthly``) of the cluster's enterprises, with the
    enterprise attributes and ``chain_id``, ``chain_name``, ``group_id``, ``group_name``."""
    require_columns(enterprises, ["credit_code", "chain_id"], "enterprises")
    attrs = [a for a in attributes if a in enterprises.columns and a not in ("credit_code", "chain_id")]
    members = cluster_members(enterprises[["credit_code", *attrs, "chain_id"]], chains, group_id)
    out = rows.merge(members, on="credit_code", how="inner")
    info = [c for c in ("chain_id", "chain_name", "group_id", "group_name") if c in chains.columns]
    return out.merge(chains[info], on="chain_id", how="left")


def chain_output(rows: pd.DataFrame, enterprises: pd.DataFrame, chains: pd.DataFrame,
                 group_id: str | None = None, *, current: str = "gross_output",
                 base: str = "gross_output_base") -> pd.DataFrame:
    """Output value, growth and share of the cluster, each chain group and each sub-chain.

    .. math:: g = \\frac{\\sum_{i \\in G} V_i}{\\sum_{i \\in G} B_i} - 1, \\qquad
              \\text{share}_G = \\frac{\\sum_{i \\in G} V_i}{\\sum_{i \\in \\text{cluster}} V_i} \\times 100

    Parameters
    ----------
    rows : DataFrame
        Panel rows of one month (``credit_code``, ``current``, ``base``), the month's sample.
    enterprises, chains : DataFrame
        Tables ``enterprises`` and ``chains``.
    group_id : str, optional
        Only this chain group.

    Returns
    -------
    DataFrame
        One row for the total (``kind="total"``, ``label="total"``), then per group (``"group"``, label =
        group_id) followed by its sub-chains (``"chain"``, label = chain_id): ``n`` (enterprises),
        ``current``, ``base``, ``growth`` (%), ``growth_status``, ``share`` (% of the total's output). A
        sub-chain without enterprises in the month has zeros and status ``both_zero``.
    """
    scope = chains_in_scope(chains, group_id)
    if engine.is_lazy(rows):  # the month's rows (one per enterprise) come to pandas; the sums stay exact
        engine.require(rows, ["credit_code", current, base], "rows")
        rows = engine.collect(engine.lazy(rows).select("credit_code", current, base))
    else:
        require_columns(rows, ["credit_code", current, base], "rows")
        rows = rows[["credit_code", current, base]]
    r = cluster_rows(rows, enterprises, chains, group_id, attributes=())
    # each row's chain group (cluster_rows joins the chains table); the enterprises numbered once (the same
    # distinct counts as their credit codes, the text hashed once rather than for each of the three sums)
    r = r.assign(__group=r["group_id"], __ent=pd.factorize(r["credit_code"], use_na_sentinel=False)[0])
    levels = [current, base]
    by_chain = engine.group_sums(r, by="chain_id", columns=levels, distinct="__ent").set_index("chain_id")
    by_group = engine.group_sums(r, by="__group", columns=levels, distinct="__ent").set_index("__group")
    whole = engine.group_sums(r, columns=levels, distinct="__ent").iloc[0]
    out = [{"label": "total", "kind": "total", "group_id": None, "chain_id": None,
            "n": int(whole["n_distinct"]), "current": float(whole[current]), "base": float(whole[base])}]

    def level(table: pd.DataFrame, key: str, column: str) -> float:
        return float(table[column].get(key, 0.0))

    for gid, g in scope.groupby("group_id", sort=False):
        ids = list(g["chain_id"])
        out.append({"label": gid, "kind": "group", "group_id": gid, "chain_id": None,
                    "n": int(by_group["n_distinct"].get(gid, 0)), "current": level(by_group, gid, current),
                    "base": level(by_group, gid, base)})
        for cid in ids:
            out.append({"label": cid, "kind": "chain", "group_id": gid, "chain_id": cid,
                        "n": int(by_chain["n_distinct"].get(cid, 0)), "current": level(by_chain, cid, current),
                        "base": level(by_chain, cid, base)})
    frame = pd.DataFrame(out)
    g = growth_table(frame["current"], frame["base"])
    frame["growth"], frame["growth_status"] = g["value"].to_numpy(), g["status"].to_numpy()
    total = frame["current"].iloc[0]
    frame["share"] = frame["current"] / total * 100 if total > 0 else np.nan
    return frame


def chain_growth_vs_target(rows: pd.DataFrame, enterprises: pd.DataFrame, chains: pd.DataFrame,
                           targets: pd.DataFrame | None, year: int, group_id: str | None = None, *,
                           current: str = "gross_output", base: str = "gross_output_base") -> pd.DataFrame:
    """Output growth of each sub-chain against its year's ``chain_output_growth`` target.

    The target of a sub-chain is its own target if the ``targets`` table has one, else its group's, else the
    city's (the cluster's); ``gap`` = growth − target, percentage points (§1.4).

    Returns
    -------
    DataFrame
        Per sub-chain in scope: ``chain_id``, ``chain_name``, ``group_id``, ``group_name``, ``current``,
        ``base``, ``growth``, ``growth_status``, ``target``, ``gap``.
    """
    t = chain_output(rows, enterprises, chains, group_id, current=current, base=base)
    t = t[t["kind"] == "chain"].drop(columns=["label", "kind"])
    info = chains_in_scope(chains, group_id)[[c for c in ("chain_id", "chain_name", "group_name")
                                              if c in chains.columns]]
    t = t.merge(info, on="chain_id", how="left")
    t["target"] = [annual_target(targets, year=year, indicator="chain_output_growth", scope=(c, gid, "city"))
                   for c, gid in zip(t["chain_id"], t["group_id"], strict=True)]
    t["target"] = t["target"].astype(float)
    t["gap"] = t["growth"] - t["target"]
    return t.reset_index(drop=True)
