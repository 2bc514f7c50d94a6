"""Material balance and chain map."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gxanalysis.errors import ParameterError, UnitError
from gxanalysis.indicators import material_balance as mb


def _flows():
    return pd.DataFrame({"year": 2023, "product": ["锂盐", "锂盐", "锂盐", "电芯", "电芯"], "chain_id": "C01",
                         "supplier_code": ["S1", "S1", None, "U1", "U1"], "user_code": ["U1", None, "U1", None, "U2"],
                         "quantity": [60.0, 30.0, 40.0, 10.0, 5.0], "unit": ["吨", "吨", "吨", "万只", "万只"]})


def test_balance_per_product():
    b = mb.material_balance(_flows(), year=2023)
    li = b.loc[("锂盐", "吨")]
    assert (li["local_output"], li["local_use"], li["locally_supplied_use"]) == (90.0, 100.0, 60.0)
    assert li["local_supply_rate"] == 60.0 and li["position"] == "shortfall"
    cell = b.loc[("电芯", "万只")]
    assert cell["balance"] == 10.0 and cell["position"] == "surplus" and cell["local_supply_rate"] == 100.0


def test_no_local_use_and_errors():
    f = _flows().iloc[[1]]
    b = mb.material_balance(f)
    assert b["status"].tolist() == ["no_local_use"] and np.isnan(b["local_supply_rate"].iloc[0])
    mixed = _flows().assign(unit="吨")
    mixed.loc[0, "unit"] = "千克"
    with pytest.raises(UnitError, match="several units"):
        mb.material_balance(mixed)
    with pytest.raises(ParameterError, match="no rows for year 2020"):
        mb.material_balance(_flows(), year=2020)


def test_chain_map_edges():
    ent = pd.DataFrame({"credit_code": ["S1", "U1", "U2"], "name": ["甲", "乙", "丙"]})
    chains = pd.DataFrame({"chain_id": ["C01"], "chain_name": ["锂电池"]})
    e = mb.chain_map(_flows(), ent, chains)
    assert len(e) == 5 and set(e["chain_name"]) == {"锂电池"}
    local = mb.chain_map(_flows(), ent, include_external=False)
    assert local[["supplier_name", "user_name"]].values.tolist() == [["甲", "乙"], ["乙", "丙"]]
    with pytest.raises(ParameterError, match="not in enterprises"):
        mb.chain_map(_flows(), ent.iloc[:1])
