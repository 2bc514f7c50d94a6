"""The panel figures on pandas, DuckDB and Dask: one definition, the same figures to the last digit.

Random panels (enterprises entering and leaving the directory, gaps, the 1–2月 release, missing levels,
enterprises in no county or chain) are held in each engine and every panel figure is computed on each;
the results must be *equal* — not close — to those computed on pandas. The headline figures of the demo
city are compared the same way at several months, and the exact sums against Python's exact rational
arithmetic.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gxanalysis.indicators import capacity, chains, contribution, energy, engine, growth, schedule
from gxanalysis.indicators.frames import MonthIndex
from gxanalysis.periods import Month

LAZY = ("duckdb", "dask")
MONTHS = [Month(2022, 11), Month(2022, 12)] + [Month(2023, k) for k in range(1, 7)]
CHAINS = pd.DataFrame({"chain_id": ["C01", "C02", "C03"], "chain_name": ["铜", "镍", "锂"],
                       "group_id": ["G1", "G1", "G2"], "group_name": ["有色", "有色", "新能源"]})


def _same(a: pd.DataFrame, b: pd.DataFrame, sort: list[str] | None = None) -> None:
    """Equal to the last digit (NaN where NaN), ignoring dtypes of equal values and the row order given."""
    if sort:
        a = a.sort_values(sort, kind="mergesort").reset_index(drop=True)
        b = b.sort_values(sort, kind="mergesort").reset_index(drop=True)
    pd.testing.assert_frame_equal(a.astype(object).where(a.notna(), None), b.astype(object).where(b.notna(), None),
                                  check_exact=True, check_dtype=False, check_index_type=False)


@st.composite
def panels(draw):
    """A random panel of year-to-date levels, its enterprises and targets."""
    n = draw(st.integers(2, 7))
    codes = [f"E{i:02d}" for i in range(n)]
    money = st.floats(0.0, 5e4, allow_nan=False).map(lambda x: round(x, draw(st.sampled_from([0, 2, 6]))))
    rows = []
    for code in codes:
        present = draw(st.lists(st.booleans(), min_size=len(MONTHS), max_size=len(MONTHS)))
        ytd = {"v": 0.0, "b": 0.0, "e": 0.0, "e0": 0.0}
        for m, here in zip(MONTHS, present, strict=True):
            if m.month == 1:
                ytd = dict.fromkeys(ytd, 0.0)
            step = {k: draw(money) for k in ytd}
            ytd = {k: ytd[k] + step[k] for k in ytd}
            if not here:
                continue
            missing = draw(st.sampled_from([None, None, None, None, "value_added_base", "energy"]))
            row = {"credit_code": code, "period": str(m), "value_added": ytd["v"], "value_added_base": ytd["b"],
                   "gross_output": ytd["v"] * 3, "gross_output_base": ytd["b"] * 3, "product_output": ytd["v"] / 7,
                   "energy": ytd["e"], "energy_base": ytd["e0"], "electricity": ytd["e"] / 3,
                   "electricity_base": ytd["e0"] / 3}
            if missing:
                row[missing] = np.nan
            rows.append(row)
    panel = pd.DataFrame(rows, columns=["credit_code", "period", "value_added", "value_added_base", "gross_output",
                                        "gross_output_base", "product_output", "energy", "energy_base",
                                        "electricity", "electricity_base"])
    ents = pd.DataFrame({
        "credit_code": codes, "name": [f"企业{c}" for c in codes],
        "county": [draw(st.sampled_from(["甲区", "乙县", None])) for _ in codes],
        "industry_code": [draw(st.sampled_from(["32", "26", "3311"])) for _ in codes],
        "chain_id": [draw(st.sampled_from(["C01", "C02", "C03", None])) for _ in codes],
        "is_key": [draw(st.booleans()) for _ in codes],
        "design_capacity": [draw(st.sampled_from([np.nan, 100.0, 2500.5])) for _ in codes],
        "capacity_unit": "吨",
        "design_output_value": [draw(st.sampled_from([np.nan, 8000.0, 12000.25])) for _ in codes]})
    targets = pd.DataFrame({"credit_code": codes, "year": 2023,
                            "output_target": [draw(st.sampled_from([0.0, 5e4, 3e5])) for _ in codes]})
    return panel, ents, targets


def _figures(panel, ents: pd.DataFrame, targets: pd.DataFrame, month: Month) -> dict[str, pd.DataFrame]:
    """Every panel figure of ``month`` on the engine holding ``panel`` (as pandas frames)."""
    out: dict[str, pd.DataFrame] = {}
    em = MonthIndex(panel)
    now = em.at(month)
    if now.empty:
        return out
    county = ents.set_index("credit_code")["county"]
    now = now.assign(county=now["credit_code"].map(county).to_numpy())
    out["aggregate"] = growth.aggregate_growth(now, current="value_added", base="value_added_base", by="county",
                                               unit="credit_code").reset_index()
    keyed = engine.like(now, panel) if engine.is_lazy(panel) else now
    out["aggregate_engine"] = growth.aggregate_growth(keyed, current="value_added", base="value_added_base",
                                                      by="county", unit="credit_code").reset_index()
    single = growth.sample_single_month(panel, month, columns=["value_added", "value_added_base"])
    out["single_rows"] = engine.collect(single)[["credit_code", "value_added", "value_added_base",
                                                 "single_month_status"]]
    with_county = panel
    if engine.is_lazy(panel):

        attrs = engine.like(ents[["credit_code", "county"]], panel)
        with_county = engine.lazy(panel).join(engine.lazy(attrs), on="credit_code", how="left").to_native()
    else:
        with_county = panel.assign(county=panel["credit_code"].map(county).to_numpy())
    for by in (None, "county"):
        r = growth.sample_single_month_growth(with_county, month, current="value_added", base="value_added_base",
                                              by=by)
        out[f"single_growth_{by}"] = r.reset_index()
    mt = growth.month_and_ytd(panel, month, current="value_added", base="value_added_base",
                              units=list(ents["credit_code"][::2]))
    out["month_and_ytd"] = pd.DataFrame([mt])
    if now["value_added"].notna().all() and now["value_added_base"].notna().all():
        for grp in (None, "county"):
            c = contribution.contributions(engine.like(now, panel) if engine.is_lazy(panel) else now,
                                           current="value_added", base="value_added_base", group=grp,
                                           unit="credit_code")
            out[f"contributions_{grp}"] = c.table.reset_index()
            out[f"contribution_totals_{grp}"] = pd.DataFrame([[c.total_current, c.total_base, c.total_growth]])
    out["chain_output"] = chains.chain_output(engine.like(now, panel) if engine.is_lazy(panel) else now, ents,
                                              CHAINS)
    for variant in ("A", "B"):
        per = capacity.capacity_attainment(ents, panel, month, variant=variant)
        out[f"capacity_{variant}"] = per
        for how in ("mean", "weighted"):
            avg = capacity.average_attainment(per, how=how)
            out[f"capacity_{variant}_{how}"] = pd.DataFrame([[avg.value, avg.n, avg.excluded]])
    cad = schedule.monitoring_cadence(ents, panel, targets, month)
    out["cadence"] = cad.table
    try:
        levels = energy.energy_levels(now, month)
    except Exception as exc:  # noqa: BLE001 - the same refusal on every engine is compared
        out["energy"] = pd.DataFrame([[type(exc).__name__, str(exc)]])
    else:
        f = energy.intensity_figures(levels)
        out["energy"] = pd.DataFrame([dataclasses.astuple(f)])
        out["energy_by"] = energy.intensity_by(levels.assign(d=levels["credit_code"].str[:2]), "d").reset_index()
    return out


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(panels(), st.sampled_from(MONTHS[1:]))
def test_every_engine_gives_the_same_figures_to_the_last_digit(data, month):
    panel, ents, targets = data
    expected = _figures(panel, ents, targets, month)
    for name in LAZY:
        got = _figures(engine.to_engine(panel, name), ents, targets, month)
        assert set(got) == set(expected), name
        for key, frame in expected.items():
            sort = ["credit_code"] if key == "single_rows" else None
            try:
                _same(frame, got[key], sort)
            except AssertionError as exc:
                raise AssertionError(f"{name}: {key} differs from pandas at {month}:\n{exc}") from None


@pytest.mark.parametrize("period", ["2022-02", "2022-12", "2023-03", "2023-04"])
def test_headline_figures_of_the_demo_city_are_the_same_on_every_engine(period):
    from gxanalysis.data.dataset import load_dataset
    from gxanalysis.summary import headline_figures

    ds = load_dataset()
    expected = headline_figures(period, dataset=ds).frame()
    assert expected["value"].notna().sum() >= 20  # the month has figures to compare
    for name in LAZY:
        lazy_ds = dataclasses.replace(ds, enterprise_monthly=engine.to_engine(ds.enterprise_monthly, name))
        got = headline_figures(period, dataset=lazy_ds).frame()
        _same(expected, got)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.decimals(-4000, 4000, places=6, allow_nan=False, allow_infinity=False), min_size=1, max_size=40),
       st.integers(1, 4))
def test_exact_sums_are_the_float_nearest_the_decimal_sum_on_every_engine(values, parts):
    frame = pd.DataFrame({"g": [i % 2 for i in range(len(values))], "v": [float(v) for v in values]})
    truth = {k: float(sum((Fraction(v) for i, v in enumerate(values) if i % 2 == k), Fraction(0)))
             for k in (0, 1)}
    for name in engine.ENGINES:
        native = engine.to_engine(frame, name, npartitions=parts)
        got = engine.group_sums(native, by="g", columns=["v"])
        assert dict(zip(got["g"], got["v"], strict=True)) == {k: truth[k] for k in got["g"]}, name


@settings(max_examples=15, deadline=None)
@given(st.lists(st.floats(-1e9, 1e9, allow_nan=False), min_size=1, max_size=40), st.randoms(use_true_random=False),
       st.integers(1, 4))
def test_large_levels_sum_the_same_in_any_order_and_close_to_the_exact_sum(values, rnd, parts):
    shuffled = list(values)
    rnd.shuffle(shuffled)
    exact = sum((Fraction(v) for v in values), Fraction(0))
    size = sum((abs(Fraction(v)) for v in values), Fraction(0))  # each level is rounded relative to itself
    totals = set()
    for name in engine.ENGINES:
        for order in (values, shuffled):
            got = engine.group_sums(engine.to_engine(pd.DataFrame({"v": order}), name, npartitions=parts),
                                    columns=["v"])["v"].iloc[0]
            totals.add(got)
            assert abs(Fraction(got) - exact) <= Fraction(len(values), 10 ** 12) + size * Fraction(1, 2 ** 52)
    assert len(totals) == 1, totals


def test_levels_too_large_for_an_exact_sum_are_refused():
    from gxanalysis.errors import ParameterError

    frame = pd.DataFrame({"v": [2e16, 2e16]})
    with pytest.raises(ParameterError, match="larger unit"):
        engine.group_sums(frame, columns=["v"])


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["甲", "乙", None]), st.sampled_from(["a", "b", "c"]),
                          st.one_of(st.none(), st.floats(-1e7, 1e7, allow_nan=False)),
                          st.one_of(st.none(), st.floats(-50.0, 50.0, allow_nan=False).map(lambda x: round(x, 3)))),
                min_size=1, max_size=40),
       st.integers(1, 3))
def test_group_sums_with_missing_levels_keys_counts_and_distinct_are_the_same_on_every_engine(rows, parts):
    """The whole result of the one aggregation — the sums, the missing counts, ``n``, the ``counts`` and
    ``n_distinct`` per group, missing keys last — computed on pandas equals that of DuckDB and Dask."""
    import narwhals as nw

    frame = pd.DataFrame(rows, columns=["g", "u", "v", "w"])
    frame[["v", "w"]] = frame[["v", "w"]].astype(float)
    kwargs = {"columns": ["v", "w"], "counts": {"pos": nw.col("v") > 0}}
    for by in ("g", None):
        expected = engine.group_sums(frame, by=by, distinct="u", **kwargs)
        assert expected["n"].sum() == len(frame)
        for name in LAZY:
            got = engine.group_sums(engine.to_engine(frame, name, npartitions=parts), by=by, distinct="u",
                                    **kwargs)
            _same(expected, got)


@pytest.mark.parametrize("by", ["g", None])
def test_distinct_values_of_a_group_over_two_dask_partitions_are_counted_once(by):
    """A value in two partitions is one value (a missing value is one too), as on pandas and DuckDB."""
    frame = pd.DataFrame({"g": ["甲", "甲", "甲", "乙", None, None],
                          "u": ["a", "a", None, "a", "b", "b"], "v": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]})
    expected = [1, 2, 1] if by else [3]  # 乙, 甲, missing key (sorted, missing last)
    for name in ("pandas", "duckdb", "dask"):
        held = frame if name == "pandas" else engine.to_engine(frame, name, npartitions=3)
        got = engine.group_sums(held, by=by, columns=["v"], distinct="u")
        assert got["n_distinct"].tolist() == expected, name


def test_infinite_levels_are_refused_on_pandas():
    from gxanalysis.errors import ParameterError

    with pytest.raises(ParameterError, match="larger unit"):
        engine.group_sums(pd.DataFrame({"v": [1.0, np.inf]}), columns=["v"])
