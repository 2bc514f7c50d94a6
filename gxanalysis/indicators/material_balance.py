"""Material balance of industrial-chain products (产业链物料平衡) and the chain map (产业链图谱).

From the ``material_flows`` table (year, product, chain_id, supplier_code, user_code, quantity, unit): a
flow with a ``supplier_code`` was produced locally; a flow with a ``user_code`` was used locally; a blank
supplier means bought from outside the city, a blank user means sold outside the city.

.. math::

    \\text{local output}_p = \\sum_{f: \\text{supplier local}} q_f, \\quad
    \\text{local use}_p = \\sum_{f: \\text{user local}} q_f, \\quad
    \\text{本地配套率}_p = \\frac{\\sum_{f: \\text{both local}} q_f}{\\text{local use}_p} \\times 100

and balance = local output − local use (> 0 surplus, sold out of the city; < 0 shortfall, bought in).

Examples
--------
>>> f = pd.DataFrame({"year": 2023, "product": "正极材料", "chain_id": "C01",
...                   "supplier_code": ["S1", "S1", None], "user_code": ["U1", None, "U1"],
...                   "quantity": [60.0, 30.0, 40.0], "unit": "吨"})
>>> b = material_balance(f)
>>> b.loc[("正极材料", "吨"), ["local_output", "local_use", "local_supply_rate", "balance"]].tolist()
[90.0, 100.0, 60.0, -10.0]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gxanalysis.errors import ParameterError, UnitError
from gxanalysis.indicators.frames import as_numeric, require_columns

EXTERNAL = "市外"
"""Node name for flows from or to outside the city in :func:`chain_map`."""


def _local(series: pd.Series) -> pd.Series:
    return series.notna() & (series.astype(str).str.strip() != "") & (series.astype(str) != "nan")


def material_balance(flows: pd.DataFrame, *, year: int | None = None) -> pd.DataFrame:
    """Per product: local output, local use, locally supplied use, local supply rate (本地配套率), balance.

    Parameters
    ----------
    flows : DataFrame
        Table ``material_flows``.
    year : int, optional
        Keep one year's flows; None uses every row (pass one year's table).

    Returns
    -------
    DataFrame
        Indexed by (product, unit): ``chain_id`` (first seen), ``local_output``, ``local_use``,
        ``locally_supplied_use``, ``local_supply_rate`` (% ; NaN with status ``"no_local_use"``),
        ``balance``, ``position`` (``"surplus"``, ``"shortfall"``, ``"balanced"``), ``status``.

    Raises
    ------
    UnitError
        A product given in more than one unit (convert first: quantities are not added across units).
    """
    require_columns(flows, ["product", "supplier_code", "user_code", "quantity", "unit"], "flows")
    f = flows.copy()
    if year is not None:
        require_columns(flows, ["year"], "flows")
        f = f[pd.to_numeric(f["year"], errors="coerce") == int(year)]
        if f.empty:
            raise ParameterError(f"flows has no rows for year {year}")
    if f.empty:
        raise ParameterError("flows has no rows")
    units = f.groupby("product")["unit"].nunique()
    if (units > 1).any():
        p = units[units > 1].index[0]
        raise UnitError(f"product {p!r} is recorded in several units {sorted(f.loc[f['product'] == p, 'unit'].unique())}; "
                        "convert its quantities to one unit before the balance")
    f["quantity"] = as_numeric(f["quantity"], "flows column 'quantity'")
    if f["quantity"].isna().any() or (f["quantity"] < 0).any():
        raise ParameterError("flows column 'quantity' has missing or negative values; fix those rows")
    sup, use = _local(f["supplier_code"]), _local(f["user_code"])
    f["__out"] = f["quantity"].where(sup, 0.0)
    f["__use"] = f["quantity"].where(use, 0.0)
    f["__both"] = f["quantity"].where(sup & use, 0.0)
    agg = {"local_output": ("__out", "sum"), "local_use": ("__use", "sum"),
           "locally_supplied_use": ("__both", "sum")}
    if "chain_id" in f.columns:
        agg["chain_id"] = ("chain_id", "first")
    out = f.groupby(["product", "unit"], sort=True).agg(**agg)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["local_supply_rate"] = out["locally_supplied_use"] / out["local_use"].where(out["local_use"] > 0) * 100
    out["balance"] = out["local_output"] - out["local_use"]
    out["position"] = np.select([out["balance"] > 0, out["balance"] < 0], ["surplus", "shortfall"],
                                default="balanced").astype(object)
    out["status"] = np.where(out["local_use"] > 0, "ok", "no_local_use").astype(object)
    return out


def chain_map(flows: pd.DataFrame, enterprises: pd.DataFrame, chains: pd.DataFrame | None = None, *,
              include_external: bool = True) -> pd.DataFrame:
    """Edges of the chain map: upstream enterprise → downstream enterprise, product and quantity.

    Flows between the same pair for the same product are summed. With ``include_external`` a blank
    supplier or user becomes the node ``"市外"`` (outside the city).

    Parameters
    ----------
    flows : DataFrame
        Table ``material_flows``.
    enterprises : DataFrame
        Table ``enterprises`` (``credit_code``, ``name``, optionally ``chain_id``).
    chains : DataFrame, optional
        Table ``chains`` (``chain_id``, ``chain_name``) to name each edge's chain.

    Returns
    -------
    DataFrame
        ``supplier_code``, ``supplier_name``, ``user_code``, ``user_name``, ``product``, ``chain_id``,
        ``chain_name``, ``quantity``, ``unit`` — ready for networkx or a Sankey chart.

    Examples
    --------
    >>> f = pd.DataFrame({"year": 2023, "product": ["锂盐", "锂盐"], "chain_id": "C01",
    ...                   "supplier_code": ["S1", None], "user_code": ["U1", "U1"], "quantity": [5.0, 2.0], "unit": "吨"})
    >>> e = pd.DataFrame({"credit_code": ["S1", "U1"], "name": ["甲矿业", "乙材料"]})
    >>> chain_map(f, e)[["supplier_name", "user_name", "quantity"]].values.tolist()
    [['甲矿业', '乙材料', 5.0], ['市外', '乙材料', 2.0]]
    """
    require_columns(flows, ["product", "supplier_code", "user_code", "quantity", "unit"], "flows")
    require_columns(enterprises, ["credit_code", "name"], "enterprises")
    f = flows.copy()
    f["quantity"] = as_numeric(f["quantity"], "flows column 'quantity'")
    sup, use = _local(f["supplier_code"]), _local(f["user_code"])
    if not include_external:
        f = f[sup & use]
        sup, use = sup[f.index], use[f.index]
    f["supplier_code"] = f["supplier_code"].where(sup, EXTERNAL).astype(object)
    f["user_code"] = f["user_code"].where(use, EXTERNAL).astype(object)
    if "chain_id" not in f.columns:
        f["chain_id"] = None
    names = dict(zip(enterprises["credit_code"], enterprises["name"], strict=False))
    unknown = (set(f["supplier_code"]) | set(f["user_code"])) - set(names) - {EXTERNAL}
    if unknown:
        raise ParameterError(f"flows name enterprises {sorted(unknown)[:10]} that are not in enterprises; "
                             "add them to 企业名录 or fix the codes")
    names[EXTERNAL] = EXTERNAL
    edges = (f.groupby(["supplier_code", "user_code", "product", "chain_id", "unit"], dropna=False, sort=True)
             ["quantity"].sum().reset_index())
    edges["supplier_name"] = edges["supplier_code"].map(names)
    edges["user_name"] = edges["user_code"].map(names)
    if chains is not None:
        require_columns(chains, ["chain_id", "chain_name"], "chains")
        edges["chain_name"] = edges["chain_id"].map(dict(zip(chains["chain_id"], chains["chain_name"], strict=False)))
    else:
        edges["chain_name"] = None
    return edges[["supplier_code", "supplier_name", "user_code", "user_name", "product", "chain_id",
                  "chain_name", "quantity", "unit"]]
