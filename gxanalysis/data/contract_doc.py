"""The data contract as Markdown, generated from :mod:`gxanalysis.data.schema`.

``data/README.md`` holds a handwritten introduction followed by this generated text between the markers
``<!-- contract:start -->`` and ``<!-- contract:end -->``. Regenerate it after changing the schema::

    gx contract-doc          # rewrite the section of data/README.md
    gx contract-doc --check  # exit 1 if data/README.md is out of date
"""

from __future__ import annotations

from pathlib import Path

from gxanalysis import config
from gxanalysis.data.checked import fmt_bound
from gxanalysis.data.schema import CONFIRMATIONS, TABLES, Column, Table
from gxanalysis.data.validate import CONFIRMATIONS_FILE, EARLIEST_MONTH, TABLE_RULES

__all__ = [
    "END_MARKER",
    "START_MARKER",
    "TYPE_LABELS",
    "TYPE_LABELS_ZH",
    "column_rules",
    "render_contract_markdown",
    "update_readme",
]

START_MARKER = "<!-- contract:start -->"
END_MARKER = "<!-- contract:end -->"
README_PATH: Path = config.DATA_DIR / "README.md"

TYPE_LABELS: dict[str, str] = {
    "str": "text",
    "int": "integer",
    "float": "number",
    "bool": "是/否",
    "month": "month YYYY-MM",
    "date": "date YYYY-MM-DD",
    "year": "year YYYY",
    "credit_code": "统一社会信用代码",
}
"""How each contract dtype is named in the documentation."""

TYPE_LABELS_ZH: dict[str, str] = {
    "str": "文本",
    "int": "整数",
    "float": "数值",
    "bool": "是/否",
    "month": "月份 (YYYY-MM)",
    "date": "日期 (YYYY-MM-DD)",
    "year": "年份 (YYYY)",
    "credit_code": "统一社会信用代码 (18位)",
}
"""How each contract dtype is named in the Excel templates."""


def _number(x: float) -> str:
    return fmt_bound(x)


def column_rules(col: Column, *, chinese: bool = False) -> str:
    """The value rules of a column in one line: range, allowed values, reference, cumulative.

    Examples
    --------
    >>> from gxanalysis.data.schema import table
    >>> column_rules(table("projects").column("kind"))
    'one of: 新建, 续建'
    >>> column_rules(table("enterprise_monthly").column("gross_output"), chinese=True)
    '0–1,000,000,000；本年累计，年内逐月不减'
    """
    parts: list[str] = []
    if col.min is not None and col.max is not None:
        parts.append(f"{_number(col.min)}–{_number(col.max)}")
    elif col.min is not None:
        parts.append(f"≥ {_number(col.min)}")
    elif col.max is not None:
        parts.append(f"≤ {_number(col.max)}")
    if col.allowed is not None:
        parts.append(("取值：" if chinese else "one of: ") + ", ".join(col.allowed))
    if col.references is not None:
        t, c = col.references
        parts.append(f"须在 {t}.{c} 中" if chinese else f"→ {t}.{c}")
    if col.cumulative:
        parts.append("本年累计，年内逐月不减" if chinese else "YTD, must not decrease within a year")
    if col.dtype == "credit_code":
        parts.append("校验位按 GB 32100-2015 核验" if chinese else "check digit verified")
    return ("；" if chinese else "; ").join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _render_table(t: Table) -> list[str]:
    lines = [f"### `{t.name}` — {t.zh}", ""]
    lines.append(_cell(t.description))
    lines.append("")
    lines.append(f"* File: `{t.name}.csv` or `{t.name}.xlsx` — "
                 + ("**required**" if t.required else "optional (absent = empty table)"))
    lines.append(f"* Key (one row per): {', '.join(f'`{k}`' for k in t.key)}")
    if t.period_column:
        convention = f" — {t.period_convention}" if t.period_convention else ""
        lines.append(f"* Period column: `{t.period_column}`{convention}")
    if t.group_for_cumulative:
        lines.append("* Year-to-date columns must not decrease within a year for the same "
                     + ", ".join(f"`{g}`" for g in t.group_for_cumulative))
    for rule in TABLE_RULES.get(t.name, ()):
        lines.append(f"* Rule: {rule}")
    lines.append("")
    lines.append("| column | 中文表头 | type | unit | required | rules / FK | description |")
    lines.append("|---|---|---|---|---|---|---|")
    for c in t.columns:
        lines.append("| " + " | ".join([
            f"`{c.name}`", _cell(c.zh), TYPE_LABELS[c.dtype], _cell(c.unit), "yes" if c.required else "",
            _cell(column_rules(c)), _cell(c.description)]) + " |")
    lines.append("")
    return lines


def render_contract_markdown() -> str:
    """The data contract as Markdown: per table its names, description, key, period convention and a
    column table (column, 中文表头, type, unit, required, rules/FK, description).

    Generated from :data:`gxanalysis.data.schema.TABLES`; ``data/README.md`` embeds it.
    """
    lines = ["## The data contract", "",
             "Generated from `gxanalysis/data/schema.py` by `gx contract-doc`; "
             "do not edit by hand.", "",
             "Rules for every table: each row's key is unique; values in a column with a reference (→) "
             "must appear in the referenced table (the closest known value is suggested); required columns "
             "have a value in every row; a required table has at least one row; months "
             f"are {EARLIEST_MONTH} or later; numbers may be written with thousands separators "
             "(`1,234.5`) and must lie in the column's range (`inf`, `nan`, `1e300` and spreadsheet errors "
             "such as `#DIV/0!` are refused); 是/否 columns also accept true/false, 1/0 and Y/N; text holds "
             "no control characters (C0/C1 controls, zero-width or bidirectional marks; in codes, keys and "
             "categories no tabs or line breaks either) and at most 32,767 characters (Excel's limit).", "",
             "| table | 中文名 | required | key |", "|---|---|---|---|"]
    for t in TABLES:
        lines.append(f"| `{t.name}` | {t.zh} | "
                     f"{'yes' if t.required else 'optional'} | {', '.join(t.key)} |")
    lines.append("")
    for t in TABLES:
        lines.extend(_render_table(t))
    lines.extend(_render_confirmations())
    return "\n".join(lines).rstrip() + "\n"


def _render_confirmations() -> list[str]:
    t = CONFIRMATIONS
    lines = [f"### `{CONFIRMATIONS_FILE}` — {t.zh} (the analyst's file)", "", _cell(t.description), "",
             f"* File: `{CONFIRMATIONS_FILE}.csv` or `{CONFIRMATIONS_FILE}.xlsx` beside the tables — optional",
             "* One line per confirmed value; every message that can be confirmed ends with the exact line to "
             "add, e.g. `enterprise_monthly,91660302000879078W|2023-04,gross_output,8447100,企业核实：新生产线投产`",
             "* What can be confirmed: a unit slip (a value about 10,000 times what it is compared with), a "
             "plausibility warning, an enterprise or project leaving the sample during a year (key "
             "`<code>|<first missing month>`, no column), an empty required table (key and column blank)",
             "* A confirmation with a value lapses when the cell changes; one that matches nothing is a warning",
             "", "| column | 中文表头 | type | required | description |", "|---|---|---|---|---|"]
    for c in t.columns:
        lines.append("| " + " | ".join([f"`{c.name}`", _cell(c.zh), TYPE_LABELS[c.dtype],
                                         "yes" if c.required else "", _cell(c.description)]) + " |")
    lines.append("")
    return lines


def _replace_section(text: str, section: str) -> str:
    if START_MARKER not in text or END_MARKER not in text:
        return text.rstrip() + f"\n\n{START_MARKER}\n{section}{END_MARKER}\n"
    head, rest = text.split(START_MARKER, 1)
    _, tail = rest.split(END_MARKER, 1)
    return f"{head}{START_MARKER}\n{section}{END_MARKER}{tail}"


def update_readme(path: Path | None = None, *, check: bool = False) -> bool:
    """Rewrite the generated section of ``data/README.md``; return True if it was (or would be) changed.

    Parameters
    ----------
    path : Path, optional
        The README (default ``data/README.md``).
    check : bool
        Only compare; do not write.
    """
    path = Path(path) if path is not None else README_PATH
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    new = _replace_section(old, render_contract_markdown())
    if new == old:
        return False
    if not check:
        path.write_text(new, encoding="utf-8", newline="\n")
    return True
