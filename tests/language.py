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


# --------------------------------------------------------------------------------------------------
# validation messages (gx validate, the errors of a load)
# --------------------------------------------------------------------------------------------------
VALIDATION_LATIN = {"Excel", "WPS", "Windows", "CSV", "UTF", "BOM", "GBK", "GB", "XLSX", "HTML", "XML", "NUL", "csv", "xlsx", "xls",
                    "et", "md", "gx", "CLEAN", "city", "I", "O", "S", "V", "Z", "U", "kWh", "tce", "kgce"}
"""Latin a Chinese validation message may show besides names and values: file formats and programs the
analyst uses, the ``gx`` commands, Excel's =CLEAN(), the scope word ``city`` typed in targets.csv, the
letters a credit code may not hold, code points (U+200B) and units."""

_FILE_NAME = re.compile(r"[\w./\\~$-]*\.(?:csv|xlsx|xls|et|md)\b|data/templates/?|data/demo")
_CONFIRM = re.compile(r"[a-z_]+,[^，。；\s]*,[a-z_]*,[^，。；\s]*,<[^>]*>")
_COMMAND = re.compile(r"\bgx(?: [a-z][a-z-]*)+")
_SYSTEM_ERROR = re.compile(r"\b[A-Z]\w*(?:Error|Exception)\b: [^）)]*")


PROSE_ARGS = {"description", "error"}
"""Values of a message that are texts in one language (a column's description, a library's error): they
are not names or values from the data, so the check does not pass over them."""


def message_literals(message) -> set[str]:
    """The names and values a message quotes from the data (every value that is not itself a message)."""
    out: set[str] = set()
    stack = [message]
    while stack:
        m = stack.pop()
        for key, v in getattr(m, "args", {}).items() if hasattr(m, "key") else ():
            for item in v if isinstance(v, list | tuple) else [v]:
                if hasattr(item, "key"):
                    stack.append(item)
                elif key not in PROSE_ARGS and item is not None:
                    out.add(str(item))
    return out


def _quoted(problems) -> list[str]:
    texts: set[str] = set()
    for problem in problems if isinstance(problems, list | tuple) else [problems]:
        texts |= {problem.file, problem.column or "", str(problem.value), *message_literals(problem.message),
                  *message_literals(problem.fix)}
    texts |= {repr(t) for t in texts}
    return sorted((t for t in texts if t), key=len, reverse=True)


def validation_zh_problems(line: str, problem, identifiers: set[str]) -> list[str]:
    """English words in the Chinese line of a validation problem (or of a group of problems), outside the
    file, column and value, the names and values the message quotes, the contract's table and column names, confirmation lines to copy,
    and a system error's own text."""
    left = _CONFIRM.sub(" ", line)
    left = _SYSTEM_ERROR.sub(" ", left)
    left = _COMMAND.sub(" ", left)
    for text in _quoted(problem):
        left = left.replace(text, " ")
    left = _FILE_NAME.sub(" ", left)
    words = set(re.findall(r"(?<![0-9A-Za-z])[A-Za-z][A-Za-z_]*", left))
    words -= VALIDATION_LATIN | identifiers
    return [f"English words: {sorted(words)[:20]}"] if words else []


def validation_en_problems(line: str, problem, allowed_zh: set[str]) -> list[str]:
    """Chinese in the English line of a validation problem outside the file, column and value and the
    Chinese names and terms the analyst sees in the tables and in Excel."""
    left = line
    for text in sorted({*_quoted(problem), *allowed_zh}, key=len, reverse=True):
        if text:
            left = left.replace(text, " ")
    hits = sorted(set(CJK.findall(left)))
    return [f"Chinese: {hits[:20]}"] if hits else []
