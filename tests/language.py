"""What a reader sees, checked for the report language: words of the other language, codes, placeholders.

Used by the tests of the rendered pack (HTML, workbook, brief): in Chinese mode a page must not carry an
English word, an indicator code, a chain or industry code or an unnumbered "1-N月" heading; in English mode
no Chinese outside proper names (the names of the city, its counties, enterprises, chains, products, tasks
and departments, which come from the data).
"""

from __future__ import annotations

import html
import re

ALLOWED_LATIN = {"GB", "T", "LMDI", "kWh", "kgce", "gce", "tce", "MJ", "GJ", "m", "x"}
"""Latin tokens a Chinese page may show: standards, units and the method name LMDI."""

INDICATOR_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
CHAIN_CODE = re.compile(r"\b[CG]\d{1,2}\b")
PLACEHOLDER = re.compile(r"1-N月|\bnan\b|\bNone\b|\bNaN\b|\bok\b")
CJK = re.compile(r"[\u3400-\u9fff]+")


def visible_text(page: str) -> str:
    """The text of an HTML page as a reader sees it (no tags, scripts, styles or embedded fonts)."""
    page = re.sub(r"<(script|style|head)[^>]*>.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(page)


def zh_problems(text: str) -> list[str]:
    """English words, codes and placeholders in a Chinese text (numbers, units and LMDI allowed)."""
    out = []
    words = {w for w in re.findall(r"(?<![0-9A-Za-z])[A-Za-z][A-Za-z_]*", text) if w not in ALLOWED_LATIN}
    if words:
        out.append(f"English words: {sorted(words)[:20]}")
    for name, pattern in (("indicator codes", INDICATOR_CODE), ("chain codes", CHAIN_CODE),
                          ("placeholders", PLACEHOLDER)):
        hits = sorted(set(pattern.findall(text)))
        if hits:
            out.append(f"{name}: {hits[:20]}")
    return out


def en_problems(text: str, proper_names: set[str]) -> list[str]:
    """Chinese text in an English page that is not a proper name from the data."""
    left = text
    for name in sorted(proper_names, key=len, reverse=True):
        if name:
            left = left.replace(name, " ")
    hits = sorted(set(CJK.findall(left)))
    return [f"Chinese outside proper names: {hits[:30]}"] if hits else []
