"""Names compared as people write them: the closest known county, city or code for a value that is not
in its reference table.

A county written ``澜東区`` (traditional characters), ``澜 东区`` (a space) or ``澜东区`` in full-width
forms is the same name as ``澜东区``; :func:`name_form` gives the form in which they compare equal, and
:func:`closest_name` the known name to suggest, the same name in another form first, then the most
similar one. Traditional characters are converted with OpenCC's table (``opencc-python-reimplemented``).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Collection

__all__ = ["closest_name", "name_form"]


@functools.lru_cache(maxsize=1)
def _t2s():
    """Traditional → simplified Chinese (OpenCC's table), for comparing names written either way."""
    from opencc import OpenCC

    return OpenCC("t2s")


@functools.lru_cache(maxsize=1 << 14)
def name_form(text: str) -> str:
    """The form in which names are compared for spelling variants: NFKC, no whitespace or middle dots,
    simplified characters, case-folded.

    Examples
    --------
    >>> name_form("澜東區"), name_form(" 澜 东 区 ")
    ('澜东区', '澜东区')
    """
    text = re.sub(r"[\s·・]+", "", unicodedata.normalize("NFKC", str(text)))
    return _t2s().convert(text).casefold()


def closest_name(value: str, known: Collection[str]) -> tuple[str | None, str]:
    """The known name closest to ``value`` and how it differs (``""`` when nothing is close).

    The same name in another form (traditional characters, full-width letters, spaces) comes first; then
    the most similar name by :class:`difflib.SequenceMatcher` on those forms (at least 0.5), preferring
    names of the same length.

    Examples
    --------
    >>> closest_name("澜東区", ["澜东区", "澜西区", "永宁县"])
    ('澜东区', 'the same name written with traditional characters or in another form')
    >>> closest_name("永宁", ["澜东区", "永宁县"])[0]
    '永宁县'
    """
    form = name_form(value)
    candidates = [k for k in known if k != value]
    same = [k for k in candidates if name_form(k) == form]
    if same:
        return same[0], "the same name written with traditional characters or in another form"
    best, best_score = None, 0.0
    for k in candidates:
        score = difflib.SequenceMatcher(None, form, name_form(k)).ratio()
        score += 0.01 * (len(name_form(k)) == len(form))
        if score > best_score:
            best, best_score = k, score
    if best is None or best_score < 0.5:
        return None, ""
    return best, "a similar name"
