"""The credit-code lookups of ``indicators.frames`` against the pandas operations they stand for.

:func:`~gxanalysis.indicators.frames.positions`, :func:`~gxanalysis.indicators.frames.member` and
:func:`~gxanalysis.indicators.frames.values_at` hash Arrow-backed text in Arrow; on any text (Arrow-backed
or Python strings, with missing codes) they must give what ``Index.get_indexer``, ``isin`` and ``reindex``
give.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from gxanalysis.indicators.frames import column_array, member, positions, values_at

CODES = st.sampled_from(["91330100A", "91330100B", "甲乙丙", "", "x", None])
DTYPES = ("str", object)


@settings(max_examples=60, deadline=None)
@given(st.lists(CODES, max_size=8, unique=True), st.lists(CODES, max_size=12), st.sampled_from(DTYPES),
       st.sampled_from(DTYPES))
def test_lookups_give_what_pandas_gives(index_codes, targets, index_dtype, target_dtype):
    index = pd.Index(index_codes, dtype=index_dtype)
    target = pd.Series(targets, dtype=target_dtype)
    expected_pos = index.get_indexer(target)
    np.testing.assert_array_equal(positions(index, target), expected_pos)
    cand = pd.Series(index_codes, dtype=index_dtype)
    np.testing.assert_array_equal(member(target, cand), pd.Index(pd.unique(cand.dropna())).get_indexer(target) >= 0)
    values = pd.Series(np.arange(len(index), dtype=float) + 0.5, index=index)
    np.testing.assert_array_equal(values_at(values, pd.Index(target)), values.reindex(pd.Index(target)).to_numpy())


def test_column_array_keeps_the_column_as_a_new_frame_would_hold_it():
    for s in (pd.Series(["a", None, "b"], dtype="str"), pd.Series([1.5, np.nan]), pd.Series(["a", 1], dtype=object)):
        got = pd.DataFrame({"c": column_array(s)})["c"]
        want = pd.DataFrame({"c": s.to_numpy()})["c"]
        pd.testing.assert_series_equal(got, want)
