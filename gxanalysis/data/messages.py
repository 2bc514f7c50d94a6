"""The messages of validation and reading, in Chinese and English: one catalog for the data layer.

A problem found in the bureau's tables (:class:`gxanalysis.errors.Problem`) carries its message and its fix
as :class:`Msg` objects: a key of :data:`MESSAGES` and the values that fill it. A :class:`Msg` *is* the
English text (it subclasses :class:`str`, so code and tests that read ``problem.message`` see English), and
:meth:`Msg.text` renders it in either language. Values may themselves be messages (a reason inside a
message, a hint inside a fix) and are rendered in the same language; lists are joined by the language's
separator.

An entry may also give a *group* form (``zh_group`` / ``en_group``): the wording used when
:meth:`gxanalysis.data.validate.ValidationReport.format` shows identical problems of many rows on one
line ("16 行：统一社会信用代码无效：校验位（第18位）错误"), leaving out what differs from row to row.

Examples
--------
>>> m = Msg("required_value_missing", name="credit_code", zh="统一社会信用代码")
>>> m
'required value missing (credit_code, 统一社会信用代码)'
>>> m.text("zh")
'缺少必填值（统一社会信用代码）'
>>> Msg.join(Msg("fill_in", hint=type_hint("year")), "").text("zh")
'填写4位年份，如 2023'
>>> ratio(10_000).text("zh"), ratio(1e-4).text("en")
('10,000 倍', '1/10,000 of')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from gxanalysis.errors import Problem
from gxanalysis.labels import check_lang

__all__ = ["MESSAGES", "Msg", "compact_rows", "format_load_error", "problem_line", "problem_lines", "ratio", "render",
           "type_hint"]


class Msg(str):
    """A message of :data:`MESSAGES` with its values; the ``str`` value is the English text."""

    key: str
    args: Mapping[str, object]

    def __new__(cls, key: str, /, **args: object) -> Msg:
        if key not in MESSAGES:
            raise KeyError(f"no message {key!r} in gxanalysis.data.messages.MESSAGES")
        obj = super().__new__(cls, _render(key, args, "en", False))
        obj.key = key
        obj.args = args
        return obj

    def text(self, lang: str = "zh", *, group: bool = False) -> str:
        """The message in ``lang``; ``group=True`` uses the group forms (row-specific details left out)."""
        return _render(self.key, self.args, check_lang(lang), group)

    @classmethod
    def join(cls, *parts: object, sep: str = "; ") -> Msg:
        """Non-empty parts joined by ``"; "`` (English) or ``"；"`` (Chinese)."""
        return cls("_join", parts=tuple(p for p in parts if p not in ("", None)), sep=sep)

    @classmethod
    def cat(cls, *parts: object) -> Msg:
        """Parts written one after the other (a message and a clause that continues it)."""
        return cls("_cat", parts=tuple(p for p in parts if p not in ("", None)))

    def __reduce__(self):  # pickled with the problems of a run
        return (_rebuild, (self.key, dict(self.args)))


def _rebuild(key: str, args: dict) -> Msg:
    return Msg(key, **args)


def render(text: object, lang: str = "zh", *, group: bool = False) -> str:
    """``text`` in ``lang`` when it is a :class:`Msg`, else as it is (a value, a name, a plain text)."""
    if isinstance(text, Msg):
        return text.text(lang, group=group)
    return "" if text is None else str(text)


_SEP = {"en": ", ", "zh": "、"}


def _value(v: object, lang: str, group: bool) -> object:
    if isinstance(v, Msg):
        return v.text(lang, group=group)
    if isinstance(v, list | tuple):
        return _SEP[lang].join(str(_value(x, lang, group)) for x in v)
    return v


def _render(key: str, args: Mapping[str, object], lang: str, group: bool) -> str:
    if key == "_join":
        sep = args.get("sep", "; ")
        if lang == "zh":
            sep = {"; ": "；", ", ": "，", " ": ""}.get(str(sep), str(sep))
        return str(sep).join(str(_value(p, lang, group)) for p in args["parts"])
    if key == "_cat":
        return "".join(str(_value(p, lang, group)) for p in args["parts"])
    entry = MESSAGES[key]
    template = entry.get(f"{lang}_group", entry[lang]) if group else entry[lang]
    return template.format_map({k: _value(v, lang, group) for k, v in args.items()})


def compact_rows(rows: Iterable[int], lang: str = "zh", limit: int = 30) -> str:
    """Row numbers written compactly: ``3–10, 12, 15`` (``3–10、12、15`` in Chinese); at most ``limit`` runs.

    >>> compact_rows([3, 4, 5, 6, 9, 12, 13], "en")
    '3–6, 9, 12–13'
    """
    runs: list[list[int]] = []
    for r in sorted(set(rows)):
        if runs and r == runs[-1][1] + 1:
            runs[-1][1] = r
        else:
            runs.append([r, r])
    parts = [f"{a}" if a == b else f"{a}–{b}" for a, b in runs[:limit]]
    if len(runs) > limit:
        parts.append("…")
    return _SEP[lang].join(parts)


def _round_ratio(r: float) -> str:
    exponent = round(math.log10(r))
    if abs(math.log10(r) - exponent) < 0.15 and exponent >= 3:
        return f"{10 ** exponent:,}"
    return f"{r:,.0f}" if r >= 10 else f"{r:.1f}"


def ratio(r: float) -> Msg:
    """How many times one value is another: ``10,000 times`` / ``10,000 倍``, ``1/10,000 of`` / ``1/10,000``
    (the same words as :func:`gxanalysis.data.checked.ratio_text`)."""
    if r >= 1e6:
        return Msg("ratio_million")
    if r <= 1e-6:
        return Msg("ratio_millionth")
    if r >= 1:
        return Msg("ratio_times", n=_round_ratio(r))
    return Msg("ratio_part", n=_round_ratio(1 / r))


def type_hint(dtype: str) -> Msg:
    """What a cell of a column of type ``dtype`` must hold, for a fix."""
    return Msg(f"hint_{dtype}")


def _m(en: str, zh: str, *, en_group: str | None = None, zh_group: str | None = None) -> dict[str, str]:
    entry = {"en": en, "zh": zh}
    if en_group is not None:
        entry["en_group"] = en_group
    if zh_group is not None:
        entry["zh_group"] = zh_group
    return entry


CONFIRM_LINE = "{table},{key},{column},{value},"

MESSAGES: dict[str, dict[str, str]] = {
    "_join": {"en": "", "zh": ""},
    "_cat": {"en": "", "zh": ""},
    "bi": _m("{en}", "{zh}"),
    # ---- the NBS portal export (gxanalysis.data.nbs) ------------------------------------------------
    "nbs_cannot_read": _m("cannot read the file ({reason})", "无法读取文件（{reason}）"),
    "nbs_fix_path": _m("check the path and that the file is not open elsewhere", "检查路径，并确认文件没有在其他程序中打开"),
    "nbs_not_text": _m("the file is neither UTF-8 nor GBK/GB18030 text (undecodable bytes at offset {offset})",
                       "文件既不是 UTF-8 也不是 GBK/GB18030 文本（第 {offset} 字节处无法解码）"),
    "nbs_fix_reexport_csv": _m("re-export the table from the NBS portal as CSV, or save it as UTF-8 CSV",
                               "从国家统计局数据库重新导出 CSV，或另存为 UTF-8 编码的 CSV"),
    "nbs_no_header_before": _m("no header row starting with '指标' before this line: not an NBS 月度数据 export",
                               "此行之前没有以“指标”开头的表头行：不是国家统计局“月度数据”导出文件"),
    "nbs_fix_export_or_tidy": _m("export the table from the NBS portal (月度数据 → CSV) without editing it, "
                                 "or give a tidy CSV with the header {header}",
                                 "从国家统计局数据库导出（月度数据 → CSV）后不要修改，或提供表头为 {header} 的整理表"),
    "nbs_no_header": _m("no header row starting with '指标' was found", "没有找到以“指标”开头的表头行"),
    "nbs_fix_export": _m("export the table from the NBS portal (月度数据 → CSV) without editing it",
                         "从国家统计局数据库导出（月度数据 → CSV）后不要修改"),
    "nbs_indicator_twice": _m("indicator appears twice (first on line {line})", "指标出现两次（第一次在第 {line} 行）"),
    "nbs_fix_delete_row": _m("delete one of the two rows or re-export the table", "删除其中一行，或重新导出"),
    "nbs_row_cells": _m("row of '{indicator}' has {n} cells but the header has {header}",
                        "“{indicator}”一行有 {n} 个单元格，表头只有 {header} 个"),
    "nbs_fix_no_cells": _m("re-export the table; do not add cells by hand", "重新导出，不要手工添加单元格"),
    "nbs_cell_not_number": _m("cell of '{indicator}' is not a number", "“{indicator}”的单元格不是数字"),
    "nbs_fix_number": _m("write a plain number such as 6.8 or -13.5, or leave the cell blank if not published",
                         "填写数字，如 6.8 或 -13.5；未公布的留空"),
    "nbs_no_months": _m("the header has no month columns", "表头中没有月份列"),
    "nbs_fix_one_month": _m("export at least one month from the NBS portal", "从国家统计局数据库至少导出一个月"),
    "nbs_heading_not_month": _m("column heading is not a month", "列标题不是月份"),
    "nbs_fix_heading": _m("headings must read like 2023年12月 (or 2023-12)", "列标题应写作 2023年12月（或 2023-12）"),
    "nbs_month_twice_header": _m("month {month} appears twice in the header (also as '{other}')",
                                 "月份 {month} 在表头中出现两次（另一处为“{other}”）"),
    "nbs_fix_month_once": _m("re-export the table; each month must appear once", "重新导出；每个月份只能出现一次"),
    "nbs_rows_expected": _m("expected one single-month row (…同比增长(%)) and one cumulative row (…累计增长(%)), "
                            "found {yoy} and {ytd}",
                            "应有一行当月（……同比增长(%)）和一行累计（……累计增长(%)），实际分别为 {yoy} 行和 {ytd} 行"),
    "nbs_fix_rows": _m("export only '{yoy}' and '{ytd}' from the NBS portal, or give a tidy CSV {header}",
                       "从国家统计局数据库只导出“{yoy}”和“{ytd}”两项，或提供表头为 {header} 的整理表"),
    "nbs_tidy_unknown_column": _m("unknown or repeated column in the header", "表头中有未知或重复的列"),
    "nbs_fix_tidy_header": _m("use the header {header} (or an NBS portal export)",
                              "表头写作 {header}（或使用国家统计局数据库导出文件）"),
    "nbs_tidy_header_lacks": _m("header lacks {columns}", "表头缺少 {columns}"),
    "nbs_tidy_row_cells": _m("row has {n} cells but the header has {header}", "此行有 {n} 个单元格，表头只有 {header} 个"),
    "nbs_fix_tidy_cells": _m("one value per column: {header}", "每列一个值：{header}"),
    "nbs_tidy_bad_month": _m("cannot read the month", "无法识别月份"),
    "nbs_fix_tidy_month": _m("write months as YYYY-MM, e.g. 2023-04", "月份写作“年-月”，如 2023-04"),
    "nbs_tidy_month_twice": _m("month {month} appears twice (also on line {line})", "月份 {month} 出现两次（另一处在第 {line} 行）"),
    "nbs_fix_one_row": _m("keep one row per month", "每个月份保留一行"),
    "nbs_tidy_not_number": _m("not a number", "不是数字"),
    "nbs_fix_percentage": _m("write a percentage as a plain number (6.8, -13.5) or leave it blank",
                             "百分数只写数字（6.8、-13.5），未公布的留空"),
    "nbs_empty": _m("the file is empty", "文件为空"),
    "nbs_fix_empty": _m("give an NBS portal export or a CSV with the header {header}",
                        "提供国家统计局数据库导出文件，或表头为 {header} 的 CSV"),
    "nbs_no_rows": _m("the file has a header but no rows", "文件只有表头，没有数据行"),
    "nbs_fix_add_rows": _m("add one row per month: {header}", "每个月份添加一行：{header}"),
    # ---- the report -------------------------------------------------------------------------------
    "severity_error": _m("error", "错误"),
    "severity_warning": _m("warning", "警告"),
    "severity_confirmed": _m("confirmed", "已确认"),
    "where_row": _m(", row {row}", "，第 {row} 行"),
    "where_rows": _m(", {n} rows ({rows})", "，{n} 行（第 {rows} 行）"),
    "where_column": _m(", column '{column}'", "，列“{column}”"),
    "problem_value": _m(" (value: {value!r})", "（值：{value}）"),
    "problem_values": _m(" (values: {values})", "（值：{values}）"),
    "problem_line": _m("[{severity}] {where}: {message}{value}. Fix: {fix}",
                       "［{severity}］{where}：{message}{value}。修改：{fix}"),
    "report_checked": _m("Checked {source}", "已检查 {source}"),
    "report_more": _m("... and {n} more problems (ValidationReport.to_frame() lists them all)",
                      "……另有 {n} 个问题未列出"),
    "report_all_valid": _m("all {n} tables valid", "全部 {n} 张表通过检查"),
    "report_warnings_above": _m("{n} warning{s}: see above", "{n} 条警告，见上"),
    "report_confirmed_count": _m("{n} value{s} confirmed in {file}", "{n} 个值已在 {file} 中确认"),
    "report_notes": _m(" ({notes})", "（{notes}）"),
    "report_summary": _m("Summary:", "汇总："),
    "report_file_counts": _m("{errors} error{es}, {warnings} warning{ws}", "{errors} 个错误，{warnings} 条警告"),
    "report_total": _m("{errors} error{es} and {warnings} warning{ws} in {files} file{fs}: nothing can be loaded "
                       "until the errors are fixed.",
                       "{files} 个文件共 {errors} 个错误、{warnings} 条警告：改正全部错误之前，数据不能载入。"),
    "load_failed": _m("{n} error(s) in the input data; nothing was loaded:",
                      "输入数据有 {n} 个错误，未载入任何数据："),
    "load_more": _m("... and {n} more (run `gx validate DIR` for the full list)",
                    "……另有 {n} 个（运行 gx validate 数据文件夹 查看全部）"),
    # ---- ratios ---------------------------------------------------------------------------------
    "ratio_million": _m("more than a million times", "百万倍以上"),
    "ratio_millionth": _m("less than a millionth of", "不到百万分之一"),
    "ratio_times": _m("{n} times", "{n} 倍"),
    "ratio_part": _m("1/{n} of", "1/{n}"),
    # ---- type hints -------------------------------------------------------------------------------
    "hint_str": _m("text", "文字"),
    "hint_int": _m("a whole number, e.g. 12", "整数，如 12"),
    "hint_float": _m("a number such as 1234.5 (thousands separators as in 1,234.5 are accepted; no unit)",
                     "数字，如 1234.5（可用千位分隔符，如 1,234.5；不写单位）"),
    "hint_bool": _m("是 or 否 (also accepted: true/false, 1/0, Y/N)", "“是”或“否”（也可写 1 或 0）"),
    "hint_month": _m("a month written YYYY-MM, e.g. 2023-04 (also accepted: 2023/4, 2023年4月)",
                     "月份，写作 2023-04（也可写 2023/4、2023年4月）"),
    "hint_date": _m("a date written YYYY-MM-DD, e.g. 2023-04-15", "日期，写作 2023-04-15"),
    "hint_year": _m("a 4-digit year, e.g. 2023", "4位年份，如 2023"),
    "hint_credit_code": _m("the 18-character 统一社会信用代码 as printed on the business licence",
                           "营业执照上的18位统一社会信用代码"),
    "write_hint": _m("write {hint}", "填写{hint}"),
    "fill_in": _m("fill in {hint}", "填写{hint}"),
    "fill_in_described": _m("fill in {hint}: {description}", "填写{hint}"),
    "leave_empty": _m("leave the cell empty if there is no value", "没有数值时留空"),
    "code_as_text": _m("format the column as text (文本) in Excel so that it keeps all 18 characters",
                       "在 Excel 中把该列设为“文本”格式，以保留全部18位"),
    "range_hint": _m("the valid range is {range}{unit}", "有效范围为 {range}{unit}"),
    "range_between": _m("between {lo} and {hi}", "{lo} 至 {hi}"),
    "range_at_least": _m("at least {lo}", "不小于 {lo}"),
    "range_at_most": _m("at most {hi}", "不大于 {hi}"),
    # ---- cells -------------------------------------------------------------------------------------
    "not_a_number": _m("not a number", "不是数字"),
    "not_a_whole_number": _m("not a whole number", "不是整数"),
    "invalid_value": _m("invalid value", "无效值"),
    "too_large_whole": _m("too large for a whole number", "整数过大"),
    "not_a_month": _m("not a month", "不是月份"),
    "month_not_exist": _m("month {month} does not exist", "没有 {month} 月"),
    "year_implausible": _m("year {year} is not plausible", "年份 {year} 不合理"),
    "key_part": _m("{name}={value}", "{zh} {value}"),
    "not_a_date": _m("not a date", "不是日期"),
    "no_such_day": _m("no such day in the calendar", "日历上没有这一天"),
    "not_bool": _m("not 是 or 否", "不是“是”或“否”"),
    "not_a_year": _m("not a 4-digit year", "不是4位年份"),
    "code_invalid": _m("invalid 统一社会信用代码: {reason}", "统一社会信用代码无效：{reason}"),
    "code_length": _m("a 统一社会信用代码 has 18 characters; this one has {n}",
                      "统一社会信用代码应为18位，此代码为 {n} 位", zh_group="位数不是18位",
                      en_group="it does not have 18 characters"),
    "code_head": _m("characters 1–8 must be digits, but character {chars} is not",
                    "第1–8位必须是数字，第 {chars} 位不是", en_group="characters 1–8 must be digits",
                    zh_group="第1–8位必须是数字"),
    "code_tail": _m("character {chars} is not allowed (characters 9–18 are digits or capital letters other than "
                    "I, O, S, V, Z)", "第 {chars} 位不允许（第9–18位为数字或除 I、O、S、V、Z 外的大写字母）",
                    en_group="a character is not allowed (characters 9–18 are digits or capital letters other "
                             "than I, O, S, V, Z)",
                    zh_group="含不允许的字符（第9–18位为数字或除 I、O、S、V、Z 外的大写字母）"),
    "code_check_digit": _m("the check digit (18th character) is {got!r} but should be {expected!r} for the first "
                           "17 characters", "校验位（第18位）是“{got}”，按前17位应为“{expected}”",
                           en_group="the check digit (18th character) does not match the first 17 characters",
                           zh_group="校验位（第18位）与前17位不符"),
    "code_as_number": _m("invalid 统一社会信用代码: the code was stored as a number in Excel, which keeps only 15 "
                         "digits, so its last digits are lost",
                         "统一社会信用代码无效：该代码在 Excel 中被存成了数字，只保留15位有效数字，末几位已丢失"),
    "spreadsheet_error": _m("a spreadsheet error value ({value}): the formula that filled this cell failed",
                            "电子表格错误值（{value}）：填充此单元格的公式出错",
                            en_group="a spreadsheet error value: the formula that filled this cell failed",
                            zh_group="电子表格错误值：填充此单元格的公式出错"),
    "reason_control": _m("{reason}: it contains the invisible control character {char}",
                         "{reason}：含不可见的控制字符 {char}"),
    "reason_formula": _m("{reason}: it is a formula, and CSV files hold no computed results",
                         "{reason}：这是一个公式，CSV 文件不保存计算结果"),
    "reason_total_row": _m("{reason}: this looks like a total row ({value}), which is not data",
                           "{reason}：这像是合计行（{value}），不是数据"),
    "reason_same_unit": _m("{reason}: write the number without its unit (the column is in {unit})",
                           "{reason}：只写数字，不写单位（本列单位为{unit}）"),
    "reason_other_unit": _m("{reason}: the value is given in {given}, but the column is in {unit}: convert it and "
                            "write the number alone",
                            "{reason}：数值以{given}填写，而本列单位为{unit}：请换算后只写数字"),
    "no_unit": _m("no unit", "无单位"),
    "reason_serial": _m("{reason}: {value} looks like an Excel date serial number (the cell lost its date format)",
                        "{reason}：{value} 像是 Excel 的日期序号（单元格丢失了日期格式）"),
    "char_name": _m("U+{code} ({name})", "U+{code}（{name}）"),
    "char_control": _m("a control character", "控制字符"),
    "text_too_long": _m("the text has {n:,} characters, more than a cell can hold ({limit:,}, Excel's limit)",
                        "文字有 {n:,} 个字符，超过单元格上限（{limit:,}，Excel 的限制）"),
    "fix_shorten": _m("shorten it, or keep the long text elsewhere", "缩短文字，或把长文字另外保存"),
    "text_control": _m("the text contains the control character {char} at position {pos}",
                       "文字第 {pos} 个字符是控制字符 {char}",
                       en_group="the text contains a control character", zh_group="文字含控制字符"),
    "tab": _m("tab", "制表符"),
    "line_break": _m("line break", "换行符"),
    "fix_remove_break": _m("remove the {what} (in Excel: edit the cell and delete it, or use =CLEAN()); codes, "
                           "names used as keys and categories are one line",
                           "删除{what}（在 Excel 中编辑单元格删除，或用 =CLEAN()）；代码、作为键的名称和分类只能写一行"),
    "fix_remove_control": _m("delete the invisible character (it often comes with text pasted from a web page or a "
                             "chat); in Excel =CLEAN() removes control characters",
                             "删除不可见字符（常随从网页或聊天软件粘贴的文字带入）；在 Excel 中可用 =CLEAN() 去除"),
    "fix_formula": _m("correct the formula in Excel, or type the value", "在 Excel 中改正公式，或直接填写数值"),
    "required_value_missing": _m("required value missing ({name}, {zh})", "缺少必填值（{zh}）"),
    "value_not_allowed": _m("value not allowed in {name} ({zh})", "“{zh}”不允许此值"),
    "use_one_of": _m("use one of: {values}", "填写以下之一：{values}"),
    "must_not_be_negative": _m("{name} ({zh}) must not be negative", "“{zh}”不能为负数"),
    "below_minimum": _m("{name} ({zh}) is below the minimum {bound}{unit}", "“{zh}”低于最小值 {bound}{unit}"),
    "above_maximum": _m("{name} ({zh}) is above the maximum {bound}{unit}", "“{zh}”超过最大值 {bound}{unit}"),
    "unit_hint_in": _m(" (a value in {hint}?)", "（是否误填为{hint}？）"),
    "fix_check_range": _m("check the value: it must be {range}{unit}{hint}", "核对数值：应为 {range}{unit}{hint}"),
    "month_too_early": _m("month before {month}", "月份早于 {month}"),
    "fix_year_2000": _m("check the year: periods start in 2000 or later", "核对年份：期别应在2000年及以后"),
    "month_ahead": _m("month after the current month {month}: figures cannot be reported ahead",
                      "月份晚于当前月份 {month}：数据不能提前报送"),
    "fix_year_month": _m("check the year and month (YYYY-MM)", "核对年份和月份（写作 2023-04）"),
    "date_ahead": _m("{name} ({zh}) is after the current month {month}: it has not happened yet",
                     "“{zh}”晚于当前月份 {month}：尚未发生"),
    "fix_year_date": _m("check the year and the date (YYYY-MM-DD)", "核对年份和日期（写作 2023-04-15）"),
    # ---- columns and tables ------------------------------------------------------------------------
    "unknown_column": _m("unknown column '{header}' for table {table} ({zh})", "表“{zh}”（{table}）没有列“{header}”"),
    "fix_rename_column": _m("rename it to '{zh}' (or '{name}') if that is what it holds, otherwise delete the column",
                            "如果该列就是“{zh}”，把列名改为“{zh}”（或 {name}），否则删除该列"),
    "fix_delete_column": _m("delete the column, or rename it to one of the contract's headers: {headers}",
                            "删除该列，或把列名改为数据规范中的列名之一：{headers}"),
    "required_column_missing": _m("required column '{name}' ({zh}) is missing", "缺少必填列“{zh}”（{name}）"),
    "fix_add_column": _m("add a column headed '{zh}' or '{name}': {description}",
                         "添加列名为“{zh}”或“{name}”的列"),
    "required_table_empty": _m("required table {table} ({zh}) has a header but no data rows: every figure that uses "
                               "it would count nothing",
                               "必需的表“{zh}”（{table}）只有表头、没有数据行：用到它的每个指标都会计为零"),
    "fix_fill_or_confirm_empty": _m("fill in the table; if it is truly empty for this period, confirm it in "
                                    "confirmations.csv with the line: {line}<why it is empty>",
                                    "填写该表；如果本期确实没有数据，在 confirmations.csv 中加一行确认：{line}<为何为空>"),
    "table_empty": _m("table {table} ({zh}) has no data rows", "表“{zh}”（{table}）没有数据行"),
    "fix_fill_or_delete": _m("fill in the table (the header row alone was found), or delete the file",
                             "填写该表（只找到表头行），或删除该文件"),
    "required_table_missing": _m("required table '{table}' ({zh}) is missing: no {table}.csv or {table}.xlsx",
                                 "缺少必需的表“{zh}”：没有 {table}.csv 或 {table}.xlsx"),
    "fix_add_table": _m("add the file; data/templates/{table}.xlsx is the template (gx templates writes it)",
                        "添加该文件；模板为 data/templates/{table}.xlsx（由 gx templates 生成）"),
    "table_two_files": _m("table '{table}' ({zh}) is in two files, {a} and {b}; neither was read",
                          "表“{zh}”（{table}）有两个文件 {a} 和 {b}，均未读取"),
    "fix_keep_one": _m("keep only one of {a} and {b}", "只保留 {a} 和 {b} 中的一个"),
    "xls_not_read": _m("old-style .xls workbooks are not read", "不读取旧版 .xls 工作簿"),
    "fix_save_xlsx": _m("save it as .xlsx (Excel: 另存为 → Excel 工作簿) or as CSV UTF-8",
                        "另存为 .xlsx（Excel：另存为 → Excel 工作簿）或 CSV UTF-8"),
    "not_a_table": _m("the file is not a table of the data contract and was not read",
                      "该文件不是数据规范中的表，未读取"),
    "fix_double_extension": _m("rename it to {name}: the name has two extensions (Windows hides the last one when "
                               "'hide extensions for known file types' is on)",
                               "改名为 {name}：文件名有两个扩展名（Windows 开启“隐藏已知文件类型的扩展名”时不显示最后一个）"),
    "fix_rename_if": _m("rename it to {name} if it holds that table", "如果它就是该表，改名为 {name}"),
    "fix_rename_or_move": _m("rename it to {name} if it holds that table, or move it elsewhere",
                             "如果它就是该表，改名为 {name}，否则移到别处"),
    "fix_name_tables": _m("name each table file after its table (see data/README.md), or move the file elsewhere",
                          "按表名命名每个表文件（见 data/README.md），或把该文件移到别处"),
    "confirmations_two_files": _m("the confirmations are in two files, {a} and {b}; neither was read",
                                  "确认表有两个文件 {a} 和 {b}，均未读取"),
    "fix_keep_one_of_two": _m("keep only one of the two", "只保留其中一个"),
    "no_folder": _m("data folder {path!r} does not exist or is not a folder; give the folder holding the bureau's "
                    "tables (e.g. gx validate data/demo)",
                    "数据文件夹 {path} 不存在或不是文件夹；请给出存放各表的文件夹（如 gx validate data/demo）"),
    "cannot_list": _m("cannot list the data folder {path!r} ({error}); check that you may read it",
                      "无法列出数据文件夹 {path} 的内容（{error}）；请检查读取权限"),
    # ---- keys and order ----------------------------------------------------------------------------
    "empty_key": _m("(empty)", "（空）"),
    "duplicate_key": _m("duplicate key ({keys}): this row repeats row {first}", "键（{keys}）重复：本行与第 {first} 行重复",
                        en_group="duplicate key ({keys}): the row repeats an earlier row",
                        zh_group="键（{keys}）重复：与前面的行重复"),
    "fix_duplicate": _m("keep one row per {keys}: delete or correct row {row} or row {first}",
                        "每个{keys}只保留一行：删除或改正第 {row} 行或第 {first} 行",
                        en_group="keep one row per {keys}: delete or correct the repeated rows",
                        zh_group="每个{keys}只保留一行：删除或改正重复的行"),
    "cumulative_falls": _m("year-to-date {name} ({zh}) falls from {prev} in {prev_month} (row {prev_row}) to {cur} in "
                           "{month} (row {row}) for {key}{slip}",
                           "{key} 的“{zh}”（本年累计）由 {prev_month} 的 {prev}（第 {prev_row} 行）降至 {month} 的 "
                           "{cur}（第 {row} 行）{slip}"),
    "slip_unit": _m(", {ratio} the month before: one of the two is probably in another unit ({hint})",
                    "，为上月的{ratio}：两者之一可能用了别的单位（{hint}）"),
    "slip_other": _m(", {ratio} the month before (another unit?)", "，为上月的{ratio}（是否用了别的单位？）"),
    "fix_cumulative": _m("check rows {prev_row} and {row}: year-to-date values (本年累计, 1–N月) include every earlier "
                         "month of the year and cannot decrease; a single-month value may have been entered",
                         "核对第 {prev_row} 行和第 {row} 行：本年累计值包含本年此前各月，不会减少；可能误填了当月值"),
    "date_before": _m("{later} ({later_zh}) is before {earlier} ({earlier_zh}) {date}",
                      "“{later_zh}”早于“{earlier_zh}”（{date}）"),
    "fix_date_order": _m("check both dates: {later} must be on or after {earlier}",
                         "核对两个日期：“{later_zh}”不能早于“{earlier_zh}”"),
    "no_home_city": _m("no city is marked as ours (是否本市 = 是)", "没有标记本市的城市（是否本市 = 是）"),
    "fix_mark_home": _m("mark exactly one city 是 in column 是否本市", "在“是否本市”列中把恰好一个城市标为“是”"),
    "many_home_cities": _m("{n} cities are marked as ours (rows {rows}); exactly one must be",
                           "有 {n} 个城市标为本市（第 {rows} 行）；只能有一个"),
    "fix_one_home": _m("mark only the home city 是 and the others 否", "只把本市标为“是”，其他标为“否”"),
    "recognition_year": _m("the recognition date is not in the year {year} of column year ({zh})",
                           "认定日期不在“{zh}”列的年份 {year} 内"),
    "fix_recognition_year": _m("correct the date or the year: the year is the year of the recognition",
                               "改正日期或年份：年份应为认定当年"),
    "target_pct_range": _m("a target in % must be between -100 and 1000", "以 % 表示的目标应在 -100 至 1000 之间"),
    "fix_target_pct": _m("write the percentage itself (10 for 10%), or correct the unit",
                         "只写百分数本身（10% 写 10），或改正单位"),
    "capacity_unit_missing": _m("capacity_unit (产能单位) is required when design_capacity (设计产能) is given",
                                "填了“设计产能”时必须填写“产能单位”"),
    "fix_capacity_unit": _m("write the unit of the design capacity (e.g. 吨, 万吨, 兆瓦), or clear the capacity",
                            "填写设计产能的单位（如 吨、万吨、兆瓦），或清空设计产能"),
    # ---- references and names ----------------------------------------------------------------------
    "closest_value": _m("; the closest known value is {name!r} ({how})", "；最接近的已有值是“{name}”（{how}）"),
    "how_same_form": _m("the same name written with traditional characters or in another form",
                        "同一名称的繁体或其他写法"),
    "how_similar": _m("a similar name", "相近的名称"),
    "not_in_reference": _m("{value} is not in {file} (column {header})", "{value} 不在 {file}（“{header}”列）中",
                           en_group="the value is not in {file} (column {header})",
                           zh_group="值不在 {file}（“{header}”列）中"),
    "fix_add_reference": _m("add it to {file} first, or correct the value", "先在 {file} 中添加，或改正该值"),
    "fix_ref_invalid_rows": _m(" ({file} has invalid values in rows {rows} of that column: one of them may be this "
                               "value mistyped)", "（{file} 该列第 {rows} 行的值无效：其中之一可能就是此值的误写）"),
    "project_not_in_year": _m("project {pid} is not in the {year} project list of {file} (it is listed for {years})",
                              "项目 {pid} 不在 {file} 的 {year} 年项目清单中（它列在 {years} 年）"),
    "fix_project_year": _m("add project {pid} to {file} for {year} (续建 if it continues), or correct the value",
                           "在 {file} 中为 {year} 年添加项目 {pid}（继续建设的填“续建”），或改正该值"),
    "project_not_listed": _m("project {pid} is not in {file}", "项目 {pid} 不在 {file} 中"),
    "fix_project_add": _m("add it to {file} for {year} first, or correct the value",
                          "先在 {file} 中为 {year} 年添加，或改正该值"),
    "fix_county_as_written": _m("use the county's name as written in {file}, or add a counties table (counties.csv) "
                                "listing every county",
                                "按 {file} 中的写法填写县区名称，或添加列出全部县区的县区表（counties.csv）"),
    "lone_county": _m("only this enterprise is in county {name}, while the other counties have {n} or so: it may be a "
                      "misspelt county or one outside the city, and it would be a county of its own in every figure "
                      "by county",
                      "只有这家企业在县区“{name}”，而其他县区各有约 {n} 家：可能是写错的县区或市外的县区，"
                      "按县区统计时它会单独成为一个县区"),
    "fix_lone_county": _m("check the county{close}; add a counties table (counties.csv) listing every county, or "
                          "confirm it in confirmations.csv with the line: {line}<why it is right>",
                          "核对县区{close}；添加列出全部县区的县区表（counties.csv），或在 confirmations.csv 中加一行确认："
                          "{line}<为何无误>"),
    "county_two_forms": _m("{value} and {right} are the same county written in two forms (traditional/simplified "
                           "characters, full-width letters or spaces)",
                           "“{value}”和“{right}”是同一县区的两种写法（繁简体、全角字母或空格）"),
    "fix_keep_one_row": _m("keep one row, written as every other table writes it (e.g. {right})",
                           "只保留一行，按其他表的写法（如“{right}”）"),
    "county_other_form": _m("{value} is {right} written in another form (traditional characters, full-width letters "
                            "or spaces): it would become a county of its own ({n} rows write {right})",
                            "“{value}”是“{right}”的另一种写法（繁体、全角字母或空格）：会单独成为一个县区"
                            "（{n} 行写作“{right}”）"),
    "fix_write_as": _m("write it as {right}, or add a counties table (counties.csv) listing every county",
                       "写作“{right}”，或添加列出全部县区的县区表（counties.csv）"),
    "scope_file": _m("chains.csv or {file}", "chains.csv 或 {file}"),
    "scope_header": _m("chain_id, group_id or county", "产业链编号、链群编号或县区"),
    "fix_scope": _m("write 'city' for the whole city, a chain_id or group_id of chains.csv, or a county as written in "
                    "{file}", "全市填 city，或填 chains.csv 中的产业链编号、链群编号，或按 {file} 的写法填县区"),
    # ---- confirmations -----------------------------------------------------------------------------
    "confirm_fix": _m("{start}; if it is right, confirm it in confirmations.csv with the line: {line}<why it is right>",
                      "{start}；如果无误，在 confirmations.csv 中加一行确认：{line}<为何无误>"),
    "conf_unknown_table": _m("{name} is not a table of the data contract", "{name} 不是数据规范中的表"),
    "fix_conf_table": _m("write the table's file name without .csv, e.g. {example}",
                         "填写表的文件名（不带 .csv），如 {example}"),
    "conf_unknown_column": _m("{column} is not a column of {name}", "{column} 不是表 {name} 的列"),
    "fix_conf_column": _m("write the column's English name: {columns}", "填写列的英文名：{columns}"),
    "conf_key_parts": _m("the key of {name} has {n} part(s) ({parts}), this one {got}",
                         "表 {name} 的键有 {n} 部分（{parts}），此处为 {got} 部分"),
    "fix_conf_key": _m("write the row's key values separated by |, as in the message that asked for the confirmation",
                       "按要求确认的提示中的写法，填写该行的键值，用 | 分隔"),
    "conf_value_changed": _m("this confirmation was for the value {was!r}, but the cell now holds {now!r}: it no "
                             "longer applies", "此确认针对的值是 {was}，但单元格现在是 {now}：确认不再适用"),
    "fix_conf_changed": _m("check the new value, then correct or delete the confirmation", "核对新值，再改正或删除该确认"),
    "confirmed_in": _m("confirmed in {file} (row {row}): {note}", "已在 {file} 中确认（第 {row} 行）：{note}"),
    "conf_unused": _m("this confirmation matches no doubt of validation (the value may have been corrected since)",
                      "此确认没有对应的疑点（该值可能已改正）"),
    "fix_delete_line": _m("delete the line", "删除该行"),
    # ---- reading the files (gxanalysis.data.readers) ---------------------------------------------
    "quoted": _m("'{text}'", "“{text}”"),
    "quoted_repr": _m("{text!r}", "“{text}”"),
    "nothing": _m("nothing", "（空）"),
    "empty": _m("empty", "空"),
    "fix_encoding": _m("save the file again as 'CSV UTF-8 (逗号分隔)' in Excel (or as XLSX); GBK/GB18030 CSV files are "
                       "also accepted", "在 Excel 中另存为“CSV UTF-8（逗号分隔）”（或 XLSX）；也接受 GBK/GB18030 编码的 CSV"),
    "fix_formula_result": _m("open and save the workbook in Excel or WPS (which stores each formula's result), or "
                             "replace the formulas by their values (复制 → 选择性粘贴 → 数值)",
                             "用 Excel 或 WPS 打开并保存工作簿（会保存每个公式的结果），或把公式换成数值（复制 → 选择性粘贴 → 数值）"),
    "mixed_encodings": _m("the file mixes encodings: it is UTF-8 up to line {line}, where bytes in another encoding "
                          "(probably GBK) begin (byte {byte})",
                          "文件混用了编码：到第 {line} 行为止是 UTF-8，从该行起是另一种编码（可能是 GBK）的字节（第 {byte} 字节）"),
    "fix_mixed_encodings": _m("lines were probably pasted or appended from another program: open the file in Excel or "
                              "an editor that shows these lines correctly and save the whole file once as 'CSV UTF-8'",
                              "这些行可能是从别的程序粘贴或追加的：用能正确显示这些行的 Excel 或编辑器打开，"
                              "把整个文件另存为“CSV UTF-8”"),
    "encoding_guessed": _m("the file is neither UTF-8 nor GBK/GB18030; its encoding was guessed as {encoding!r} (tried "
                           "utf-8-sig, gb18030, then charset-normalizer)",
                           "文件既不是 UTF-8 也不是 GBK/GB18030，编码推测为 {encoding}（依次尝试了 UTF-8（含 BOM）、GB18030 和"
                           "自动识别）"),
    "fix_encoding_guessed": _m("check that Chinese characters read correctly, or {fix}", "核对中文是否显示正确，或{fix}"),
    "cannot_decode": _m("cannot decode the file: it is not UTF-8 and not GBK/GB18030 (tried utf-8-sig, gb18030, then "
                        "charset-normalizer, which found no encoding)",
                        "无法识别文件编码：不是 UTF-8，也不是 GBK/GB18030（依次尝试了 UTF-8（含 BOM）、GB18030 和自动识别，均不符）"),
    "csv_is_zip": _m("the file is an Excel workbook (or another zip file), not a CSV text file",
                     "该文件是 Excel 工作簿（或其他压缩文件），不是 CSV 文本文件"),
    "fix_csv_is_zip": _m("rename it to .xlsx if it is a workbook, or save it from Excel as 'CSV UTF-8'",
                         "如果是工作簿，把扩展名改为 .xlsx，或在 Excel 中另存为“CSV UTF-8”"),
    "csv_is_ole": _m("the file is an old-format Excel workbook (.xls) or a password-protected workbook, not a CSV text "
                     "file", "该文件是旧版 Excel 工作簿（.xls）或有密码保护的工作簿，不是 CSV 文本文件"),
    "fix_csv_is_ole": _m("open it in Excel and save it as .xlsx or 'CSV UTF-8' (without a password)",
                         "在 Excel 中打开，另存为 .xlsx 或“CSV UTF-8”（不设密码）"),
    "csv_has_nul": _m("the file holds NUL bytes: it is not a text file (or it is UTF-16 text without a byte-order "
                      "mark)", "文件含 NUL 字节：不是文本文件（或是没有字节顺序标记的 UTF-16 文本）"),
    "cannot_read_file": _m("cannot read the file ({error})", "无法读取文件（{error}）"),
    "fix_cannot_read_file": _m("check that the file is not open in another program with a lock, that you may read "
                               "it, and that it is a file (not a folder or a link to a missing file)",
                               "检查文件没有被其他程序锁定、有读取权限，并且它是文件（不是文件夹或指向不存在文件的快捷方式）"),
    "file_empty": _m("the file is empty: no header row", "文件为空：没有表头行"),
    "file_changed_while_read": _m("the file changed while it was being checked (its size or time is not what was "
                                  "read)", "文件在检查过程中被修改（大小或修改时间与读取时不同）"),
    "fix_check_again": _m("wait until the program writing it has finished, then check the folder again",
                          "等写入该文件的程序完成后，重新检查该文件夹"),
    "fix_header_line_1": _m("write the column headers on line 1 (see data/templates/)",
                            "在第1行写列名（见 data/templates/）"),
    "quote_not_closed": _m("a quoted value is never closed: the quote (\") that opens on this line has no closing "
                           "quote, so the rest of the file would be one cell",
                           "引号没有闭合：本行开始的引号（\"）没有对应的结束引号，文件其余部分会变成一个单元格"),
    "fix_quote": _m("close the quote, or remove the stray quote character", "补上结束引号，或删除多余的引号"),
    "fields_found": _m("; it has {n} fields", "；本行有 {n} 个字段"),
    "fields_mismatch": _m("the line does not have as many fields as the header{found} ({error})",
                          "本行字段数与表头不一致{found}"),
    "fix_fields": _m("quote values that contain a comma (\"1,234\") or remove the extra separators",
                     "含逗号的值加引号（\"1,234\"），或删除多余的分隔符"),
    "cannot_open_workbook": _m("cannot open the workbook: {why}", "无法打开工作簿：{why}"),
    "xlsx_is_ole": _m("the file is an old-format Excel workbook (.xls) or a password-protected workbook, saved with an "
                      ".xlsx name", "该文件是旧版 Excel 工作簿（.xls）或有密码保护的工作簿，只是以 .xlsx 命名"),
    "fix_xlsx_is_ole": _m("open it in Excel and save it as an .xlsx workbook (without a password) or as 'CSV UTF-8'",
                          "在 Excel 中打开，另存为 .xlsx 工作簿（不设密码）或“CSV UTF-8”"),
    "xlsx_empty": _m("the file is empty", "文件为空"),
    "fix_xlsx_empty": _m("save the table again from Excel as an .xlsx workbook", "在 Excel 中把该表重新保存为 .xlsx 工作簿"),
    "xlsx_is_html": _m("the file is a web page (HTML or XML) saved with an .xlsx name, as some online systems export "
                       "tables", "该文件是以 .xlsx 命名的网页（HTML 或 XML），一些网上系统这样导出表格"),
    "fix_xlsx_is_html": _m("open it in Excel and save it as an .xlsx workbook or as 'CSV UTF-8'",
                           "在 Excel 中打开，另存为 .xlsx 工作簿或“CSV UTF-8”"),
    "xlsx_is_text": _m("the file is a text file (probably CSV) saved with an .xlsx name, not a workbook",
                       "该文件是以 .xlsx 命名的文本文件（可能是 CSV），不是工作簿"),
    "fix_rename_to": _m("rename it to {name}", "改名为 {name}"),
    "other_sheets": _m("read sheet '{sheet}', the first visible sheet; the workbook's other visible sheet(s) {others} "
                       "were not read", "读取了第一个可见工作表“{sheet}”；工作簿中其他可见工作表 {others} 未读取"),
    "fix_name_sheet": _m("name the sheet that holds the table '{zh}' (or '{name}'), or delete the other sheets",
                         "把存放该表的工作表命名为“{zh}”（或 {name}），或删除其他工作表"),
    "only_hidden_sheets": _m("the workbook's only sheet(s) that could hold the table, {sheets}, are hidden; hidden "
                             "sheets are never read", "工作簿中可能存放该表的工作表 {sheets} 都已隐藏；隐藏的工作表不读取"),
    "fix_unhide": _m("unhide the sheet that holds the current data (右键工作表标签 → 取消隐藏) and name it '{zh}', or "
                     "copy the data to a visible sheet",
                     "取消隐藏存放当前数据的工作表（右键工作表标签 → 取消隐藏）并命名为“{zh}”，或把数据复制到可见工作表"),
    "no_data_sheet": _m("the workbook has no sheet with data", "工作簿中没有存放数据的工作表"),
    "fix_first_sheet": _m("put the table on the first sheet", "把表放在第一个工作表"),
    "hidden_sheets_skipped": _m("read the visible sheet '{sheet}'; the hidden sheet(s) {sheets} were not read (hidden "
                                "sheets are never read)", "读取了可见工作表“{sheet}”；隐藏的工作表 {sheets} 未读取（隐藏的工作表不读取）"),
    "fix_hidden_sheets": _m("delete hidden sheets that hold old copies; if a hidden sheet holds the current data, "
                            "unhide it and delete the other",
                            "删除存放旧副本的隐藏工作表；如果隐藏的工作表存放的是当前数据，取消隐藏并删除另一个"),
    "cannot_open_workbook_error": _m("cannot open the workbook ({error})", "无法打开工作簿（{error}）"),
    "fix_save_again": _m("save it again from Excel or WPS as an .xlsx workbook (not .xls or .et), or as CSV UTF-8",
                         "在 Excel 或 WPS 中重新保存为 .xlsx 工作簿（不是 .xls 或 .et），或 CSV UTF-8"),
    "workbook_damaged": _m("cannot read the workbook: it is damaged ({error})", "无法读取工作簿：文件已损坏（{error}）"),
    "fix_workbook_damaged": _m("open it in Excel or WPS (which repairs it) and save it again as .xlsx, or save the "
                               "table as CSV UTF-8", "用 Excel 或 WPS 打开（会修复文件）并重新保存为 .xlsx，或把表另存为 CSV UTF-8"),
    "formula_no_result": _m("sheet {sheet}, cell {cell}: a formula without a saved result (the workbook was written by "
                            "a program that does not calculate formulas), so the cell has no value",
                            "工作表 {sheet} 单元格 {cell}：公式没有保存结果（工作簿由不计算公式的程序生成），单元格没有值"),
    "header_unit": _m("the header gives the unit {unit}, but {name} ({zh}) is in {expected} in the data contract: read "
                      "as it is, every value would be in the wrong unit",
                      "列名写明单位为{unit}，而数据规范中“{zh}”的单位是{expected}：照此读取，每个值的单位都会错"),
    "fix_header_unit": _m("convert the column to {unit} and write the header '{zh}' or '{zh}({unit})'",
                          "把该列换算为{unit}，列名写作“{zh}”或“{zh}（{unit}）”"),
    "fix_header_no_unit": _m("convert the column to plain numbers and write the header '{zh}'",
                             "把该列换算为不带单位的数，列名写作“{zh}”"),
    "units_row_wrong": _m("row {row} gives the unit {unit} for {name} ({zh}), whose values the data contract has in "
                          "{expected}: read as they are, every value would be in the wrong unit",
                          "第 {row} 行写明“{zh}”的单位为{unit}，而数据规范中该列单位是{expected}：照此读取，每个值的单位都会错"),
    "fix_units_row_wrong": _m("convert the column to {expected} and delete the units row",
                              "把该列换算为{expected}，并删除单位行"),
    "units_row_ok": _m("row {row} gives the units of the columns ({units}), which agree with the data contract; it was "
                       "skipped", "第 {row} 行写明各列单位（{units}），与数据规范一致，已跳过"),
    "fix_units_row": _m("delete the units row (the units are those of data/README.md)",
                        "删除单位行（各列单位见 data/README.md）"),
    "hidden_not_read": _m("; the hidden sheet(s) {sheets} were not read", "；隐藏的工作表 {sheets} 未读取"),
    "no_header_found": _m("no header row found: none of the first {n} rows holds the column names of table {table} "
                          "({zh}); row {row} reads {shown}{hidden}",
                          "找不到表头行：前 {n} 行都不含表“{zh}”（{table}）的列名；第 {row} 行为 {shown}{hidden}"),
    "fix_no_header": _m("write the column headers in row 1 (the Chinese or English names of "
                        "data/templates/{table}.xlsx): {headers}",
                        "在第1行写列名（data/templates/{table}.xlsx 中的中文或英文列名）：{headers}"),
    "span_rows": _m("rows {a}–{b}", "第 {a}–{b} 行"),
    "span_row": _m("row {row}", "第 {row} 行"),
    "header_names_above": _m("the header seems to be in {span}, but the rows above it also hold column names ({names})",
                             "表头似乎在{span}，但其上方的行也有列名（{names}）"),
    "fix_header_names_above": _m("delete the rows above the header so that the header is in row 1, with one name per "
                                 "column", "删除表头上方的行，使表头在第1行，每列一个列名"),
    "header_unit_above": _m("the header is in {span}, and the rows above it state a unit ({unit!r}): the values may "
                            "not be in the units of the data contract",
                            "表头在{span}，其上方的行写明了单位（“{unit}”）：数值可能不是数据规范的单位"),
    "fix_header_unit_above": _m("convert the values to the contract's units (see data/README.md: 万元, tce, …) and "
                                "delete the rows above the header so that the header is in row 1",
                                "把数值换算为数据规范的单位（见 data/README.md：万元、tce……），并删除表头上方的行，使表头在第1行"),
    "rows_above_skipped": _m("; the row(s) above it ({texts}) were skipped", "；其上方的行（{texts}）已跳过"),
    "header_not_row_1": _m("the header is in row {row}, not in row 1{skipped}", "表头在第 {row} 行，不在第1行{skipped}"),
    "fix_header_row_1": _m("delete the rows above the header so that the header is in row 1",
                           "删除表头上方的行，使表头在第1行"),
    "header_pair_unreadable": _m("the header spans {span} (a two-row header, usually merged cells) and cannot be read "
                                 "as the columns of table {table}: {names} are not columns",
                                 "表头占{span}（两行表头，通常是合并单元格），无法读作表 {table} 的列：{names} 不是列名"),
    "header_pair_unreadable_one": _m("the header spans {span} (a two-row header, usually merged cells) and cannot be "
                                     "read as the columns of table {table}: {names} is not a column",
                                     "表头占{span}（两行表头，通常是合并单元格），无法读作表 {table} 的列：{names} 不是列名"),
    "fix_header_pair": _m("write the header as one row in row 1, with the names of data/templates/{table}.xlsx (e.g. "
                          "{headers})", "在第1行写一行表头，用 data/templates/{table}.xlsx 中的列名（如 {headers}）"),
    "header_pair_read": _m("the header spans {span} (a two-row header){skipped}; it was read as: {combined}",
                           "表头占{span}（两行表头）{skipped}；读作：{combined}"),
    "fix_header_one_row": _m("write the header as one row in row 1 to avoid this warning",
                             "在第1行写一行表头，即可消除此警告"),
    "broken_link": _m("{name} is a link (shortcut) to {target!r}, which does not exist",
                      "{name} 是指向 {target} 的快捷方式，而该文件不存在"),
    "fix_broken_link": _m("point the link at the table file, or copy the file itself into the folder",
                          "让快捷方式指向表文件，或把文件本身复制到文件夹中"),
    "is_folder": _m("{name} is a folder, not a file", "{name} 是文件夹，不是文件"),
    "fix_is_folder": _m("put the table file itself in the data folder under the name {name} (and move or rename the "
                        "folder)", "把表文件本身以 {name} 为名放进数据文件夹（并移走该文件夹或改名）"),
    "not_regular": _m("{name} is not a regular file (a device, pipe or socket)", "{name} 不是普通文件（是设备、管道或套接字）"),
    "fix_not_regular": _m("replace it by the table file", "换成表文件"),
    "suffix_not_read": _m("files of type {suffix!r} are not read", "不读取 {suffix} 类型的文件"),
    "fix_suffix": _m("save the table as .csv (UTF-8 or GBK) or .xlsx", "把表另存为 .csv（UTF-8 或 GBK）或 .xlsx"),
    "sheet_has": _m("sheet {sheet!r} has", "工作表“{sheet}”"),
    "file_has": _m("the file has", "文件"),
    "no_header_in_row": _m("{where} no header in row {row}", "{where}第 {row} 行没有表头"),
    "fix_header_row_templates": _m("write the column headers in row 1 (see data/templates/)",
                                   "在第1行写列名（见 data/templates/）"),
    "column_no_header": _m("column {n} holds values but has no header", "第 {n} 列有数值但没有列名"),
    "fix_column_no_header": _m("write the column's header in the header row, or delete the column",
                               "在表头行写上该列的列名，或删除该列"),
    "column_repeated": _m("column {n} repeats the column '{header}' ({name}); only the first is read",
                          "第 {n} 列与列“{header}”（{name}）重复；只读取第一个"),
    "fix_column_repeated": _m("keep one of the two columns", "只保留其中一列"),
    "merged_cells": _m("cells {ref} are merged: only the first holds a value, the other rows or columns of the range "
                       "are empty", "单元格 {ref} 已合并：只有第一个有值，区域内其他行或列为空"),
    "fix_merged_cells": _m("unmerge the cells (取消单元格合并) and fill the value into every row and column it applies "
                           "to", "取消单元格合并，并把值填入它适用的每一行和每一列"),
    # ---- completeness of the period tables --------------------------------------------------------
    "what_enterprise": _m("enterprise", "企业"),
    "what_project": _m("project", "项目"),
    "what_city": _m("city", "城市"),
    "what_county": _m("county", "县区"),
    "month_missing_for_all": _m("no rows for {month}: the table has {before} and {after}, so the month is missing for "
                                "every {what}", "没有 {month} 的行：表中有 {before} 和 {after}，因此每个{what}都缺这个月"),
    "fix_add_month": _m("add the {month} rows", "补上 {month} 的行"),
    "fix_add_month_ytd": _m("add the {month} rows (year-to-date values, 1–N月)", "补上 {month} 的行（本年累计值）"),
    "series_gap": _m("no row for {months} between {before} (row {prev_row}) and {cur} (row {row}) for {who}: the "
                     "year-to-date values would be differenced across the gap, putting two months into one",
                     "{who} 在 {before}（第 {prev_row} 行）和 {cur}（第 {row} 行）之间缺 {months} 的行：本年累计值"
                     "相减时会跨过缺口，把两个月算成一个月"),
    "fix_series_gap": _m("add the {months} row for {who} (year-to-date values, 1–N月)",
                         "为 {who} 补上 {months} 的行（本年累计值）"),
    "january_only": _m("the only row of {year} for {who} is January, while the table goes on to {last}: under the "
                       "1–2月 rule January is not released, so its figures would vanish",
                       "{who} 在 {year} 年只有1月的行，而表中数据到 {last}：按1–2月合并发布的规则1月不单独发布，"
                       "其数据会丢失"),
    "fix_january_only": _m("add its {month} (1–2月) row and the later months, or delete the January row if it left the "
                           "sample", "补上它 {month}（1–2月）及以后各月的行；如果它已退出样本，删除1月的行"),
    "series_ends": _m("{who} has rows in {year} up to {last} (row {row}) but none for {next}, which the table has: it "
                      "would drop out of the figures from {next} on",
                      "{who} 在 {year} 年的行到 {last}（第 {row} 行）为止，没有表中已有的 {next}：从 {next} 起它将不计入各项指标"),
    "fix_series_ends": _m("add its rows from {start} to {end} (year-to-date values)",
                          "补上它 {start} 至 {end} 的行（本年累计值）"),
    "fix_series_ends_confirm": _m("add its rows from {start} to {end} (year-to-date values); if it really left the "
                                  "sample (closed, fell below the threshold), confirm it in confirmations.csv with the "
                                  "line: {line}<why>",
                                  "补上它 {start} 至 {end} 的行（本年累计值）；如果它确已退出样本（关停、降到规模以下），"
                                  "在 confirmations.csv 中加一行确认：{line}<原因>"),
    "panel_missing_city": _m("no row for {unit} at {month}, which the other city rows have: the ranking would leave it "
                             "out", "{unit} 缺 {month} 的行，而其他城市都有：排名会漏掉它"),
    "panel_missing_county": _m("no row for {unit} at {month}, which the other county rows have: the total would leave "
                               "it out", "{unit} 缺 {month} 的行，而其他县区都有：合计会漏掉它"),
    "fix_panel_missing": _m("add the row for {unit} and {month}", "补上 {unit} {month} 的行"),
    "panel_unit_absent": _m("{unit} (in {table}) has no rows in this table", "{unit}（见 {table}）在本表中没有行"),
    "fix_panel_unit_absent": _m("add its rows for every period ({start} … {end}), or remove it from {table}",
                                "补上它各期（{start} … {end}）的行，或从 {table} 中删除它"),
    # ---- unit slips and plausibility ----------------------------------------------------------------
    "unit_hint_10k": _m("元 instead of 万元, or 亿元 instead of 万元", "把万元误填为元，或误填为亿元"),
    "unit_hint_kwh": _m("kWh instead of 万kWh", "把万kWh误填为kWh"),
    "unit_hint_tce": _m("kgce or 万吨标准煤 instead of tce", "把tce误填为kgce或万吨标准煤"),
    "unit_hint_other": _m("another unit", "别的单位"),
    "unit_hint_10k_short": _m("元 instead of 万元", "元"),
    "unit_hint_q": _m(" ({hint}?)", "（{hint}？）"),
    "check_both_in": _m("check both values in the source: {name} and {base} are in {unit}",
                        "核对原始资料中的两个值：“{zh}”和“{base_zh}”的单位都是{unit}"),
    "base_slip": _m("{name} ({zh}) {v} is {ratio} its same-sample base {base} ({base_zh}) {b} in the same row: one of "
                    "the two is probably in another unit ({hint})",
                    "“{zh}” {v} 为同行同口径基数“{base_zh}” {b} 的{ratio}：两者之一可能用了别的单位（{hint}）"),
    "base_mild": _m("{name} ({zh}) {v} is {ratio} its same-sample base {base} {b}: a change of {change} on the same "
                    "period last year", "“{zh}” {v} 为同口径基数 {b} 的{ratio}：比上年同期变化 {change}"),
    "check_value_base": _m("check the value and its base", "核对数值及其基数"),
    "prev_month_slip": _m("year-to-date {name} ({zh}) rises from {prev} in {prev_month} (row {prev_row}) to {v} in "
                          "{month} (row {row}), {ratio} the month before: one of the two is probably in another "
                          "unit{unit}",
                          "“{zh}”（本年累计）由 {prev_month} 的 {prev}（第 {prev_row} 行）升至 {month} 的 {v}"
                          "（第 {row} 行），为上月的{ratio}：两者之一可能用了别的单位{unit}"),
    "check_rows_source": _m("check rows {a} and {b} in the source", "核对原始资料中的第 {a} 行和第 {b} 行"),
    "month_jump": _m("the month's {name} ({zh}) derived from the year-to-date values, {inc} {unit} per month, is "
                     "{ratio} the month before ({prev})",
                     "由本年累计值推算的当月“{zh}”为每月 {inc} {unit}，为上月（{prev}）的{ratio}"),
    "check_this_and_prev": _m("check this month's and the previous month's year-to-date values",
                              "核对本月和上月的本年累计值"),
    "last_year_slip": _m("{base} ({base_zh}) {b} is {ratio} the enterprise's own {name} a year earlier, {v} in "
                         "{month} (row {row}): one of the two is probably in another unit ({hint})",
                         "“{base_zh}” {b} 为该企业上年同期“{zh}”（{month} 为 {v}，第 {row} 行）的{ratio}："
                         "两者之一可能用了别的单位（{hint}）"),
    "va_slip": _m("value_added (工业增加值) {va} is {ratio} gross_output (工业总产值) {go} of the same row: one of the "
                  "two is probably in another unit ({hint})",
                  "工业增加值 {va} 为同行工业总产值 {go} 的{ratio}：两者之一可能用了别的单位（{hint}）"),
    "check_both_wanyuan": _m("check both values: both are in 万元", "核对两个值：单位都是万元"),
    "va_above": _m("value_added (工业增加值) {va} exceeds gross_output (工业总产值) {go} of the same row (value added is "
                   "part of output)", "工业增加值 {va} 超过同行工业总产值 {go}（增加值是产值的一部分）"),
    "check_both": _m("check both values", "核对两个值"),
    "target_slip": _m("the annual output target {target} 万元 is {ratio} the enterprise's gross output of {year} so far, "
                      "annualised ({go} 万元 to {month}, row {row} of {file}): one of the two is probably in another "
                      "unit ({hint})",
                      "年度产值目标 {target} 万元为该企业 {year} 年至今工业总产值年化值的{ratio}（截至 {month} 为 {go} "
                      "万元，{file} 第 {row} 行）：两者之一可能用了别的单位（{hint}）"),
    "check_target_rows": _m("check the target and the rows of {file}: both are in 万元",
                            "核对目标和 {file} 中的行：单位都是万元"),
    "design_slip": _m("the design output value {design} 万元 is {ratio} the enterprise's gross output of {year}, "
                      "annualised ({go} 万元 to {month}, row {row} of {file}): one of the two is probably in another "
                      "unit ({hint})",
                      "设计产值 {design} 万元为该企业 {year} 年工业总产值年化值的{ratio}（截至 {month} 为 {go} 万元，"
                      "{file} 第 {row} 行）：两者之一可能用了别的单位（{hint}）"),
    "check_it_rows": _m("check it and the rows of {file}: both are in 万元", "核对该值和 {file} 中的行：单位都是万元"),
    "peers_division": _m("the enterprises of industry {division}", "行业大类 {division} 的企业"),
    "peers_all": _m("all enterprises", "全部企业"),
    "intensity_slip": _m("{name} ({zh}) per 万元 of gross output is {ratio} the median of {peers} ({v} {unit} for {go} "
                         "万元): the money figures or the {name} figures of this enterprise are probably in another "
                         "unit ({hint}; {hint2})",
                         "每万元工业总产值的“{zh}”为{peers}中位数的{ratio}（{go} 万元对应 {v} {unit}）：该企业的金额或"
                         "“{zh}”可能用了别的单位（{hint}；{hint2}）"),
    "check_units_rows": _m("check the units of this enterprise's rows in {file}", "核对该企业在 {file} 中各行的单位"),
    "daily_slip": _m("the daily output values of {month} add up to {total} 万元, {ratio} the enterprise's output of that "
                     "month in {file} ({single} 万元, row {row}): one of them is probably in another unit ({hint})",
                     "{month} 的每日产值合计 {total} 万元，为该企业在 {file} 中当月产值（{single} 万元，第 {row} 行）的"
                     "{ratio}：其中之一可能用了别的单位（{hint}）"),
    "check_daily": _m("check the month's daily values and {file}: both are in 万元",
                      "核对当月每日数值和 {file}：单位都是万元"),
    "plan_slip": _m("the annual plan {plan} 万元 is {ratio} the total investment {total} 万元 of the same row: one of "
                    "the two is probably in another unit ({hint})",
                    "年度计划投资 {plan} 万元为同行总投资 {total} 万元的{ratio}：两者之一可能用了别的单位（{hint}）"),
    "investment_slip": _m("the investment completed {inv} 万元 is {ratio} the project's annual plan and total "
                          "investment in {file} (at most {scale} 万元): it is probably in another unit ({hint})",
                          "完成投资 {inv} 万元为该项目在 {file} 中年度计划和总投资（最多 {scale} 万元）的{ratio}："
                          "可能用了别的单位（{hint}）"),
    "check_value_project": _m("check the value and the project in {file}: both are in 万元",
                              "核对该值和 {file} 中的项目：单位都是万元"),
    # ---- the columnar store (gx ingest) ----------------------------------------------------------------
    "store_stale": _m("the store {store} is out of date: in its source folder {source}, {what} since it was ingested "
                      "({when}); its figures would not be those of the files. Fix: run `{cmd}` to refresh it",
                      "数据仓 {store} 已过期：其源数据目录 {source} 中{what}（入仓时间 {when}），"
                      "仓中数据已不是这些文件的数据。修改：运行 {cmd} 更新数据仓"),
    "store_old_contract": _m("the store {store} was written under another data contract (gxanalysis {version}, "
                             "ingested {when}): {what}; it cannot be read as today's tables. Fix: run `{cmd}`, which "
                             "validates the source folder and writes the whole store again",
                             "数据仓 {store} 按另一版数据规范写入（软件版本 {version}，入仓时间 {when}）：{what}；"
                             "无法按现行数据表读取。修改：运行 {cmd}，将重新校验源数据目录并全部重新写入数据仓"),
    "store_contract_tables_missing": _m("it has no table {tables}", "缺少数据表 {tables}"),
    "store_contract_tables_unknown": _m("it has tables the contract does not know: {tables}",
                                        "有数据规范中没有的数据表 {tables}"),
    "store_contract_columns": _m("table {table} has the columns {got}, the contract {expected}",
                                 "数据表 {table} 的列为 {got}，数据规范为 {expected}"),
    "store_contract_dtype": _m("column {column} of table {table} is stored as {got}, the contract's type is {expected}",
                               "数据表 {table} 的列 {column} 存为 {got} 类型，数据规范为 {expected}"),
    "store_contract_changed": _m("it was written under another data contract ({what})",
                                 "数据仓按另一版数据规范写入（{what}）"),
    "store_files_changed": _m("{files} changed", "文件 {files} 已改动"),
    "store_files_added": _m("{files} was added", "新增了文件 {files}"),
    "store_files_removed": _m("{files} was removed", "删除了文件 {files}"),
    "store_unreadable": _m("cannot read the store manifest {path} ({error}); write the store again with "
                           "`gx ingest DIR --to STORE --refresh`",
                           "无法读取数据仓清单 {path}（{error}）；用 gx ingest 数据目录 --to 数据仓 --refresh 重新写入数据仓"),
    "store_file_missing": _m("a file of the store cannot be read: {path} ({error}); write the store again with "
                             "`gx ingest DIR --to STORE --refresh`",
                             "数据仓中的文件无法读取：{path}（{error}）；用 gx ingest 数据目录 --to 数据仓 --refresh 重新写入数据仓"),
    "store_not_folder": _m("the store {path} is a file; give a new or empty folder, or an existing store",
                           "数据仓 {path} 是文件；请指定新的或空的文件夹，或已有的数据仓"),
    "store_not_empty": _m("{path} is a folder that holds other files and is not a store; give a new or empty folder, "
                          "or an existing store (nothing was written)",
                          "{path} 是存有其他文件的文件夹，不是数据仓；请指定新的或空的文件夹，或已有的数据仓（未写入任何内容）"),
    "store_inside_source": _m("the store {store} and the data folder {source} must be separate folders, neither "
                              "inside the other", "数据仓 {store} 与数据目录 {source} 必须是两个互不包含的文件夹"),
    "store_append_refresh": _m("--append and --refresh exclude each other: --append adds one month, --refresh "
                               "writes everything again", "--append 与 --refresh 不能同时使用：--append 只追加一个月，"
                               "--refresh 全部重新写入"),
    "store_cannot_append": _m("cannot append to the store {store}: {reason}; run without --append to validate and "
                              "write everything again", "无法向数据仓 {store} 追加：{reason}；不加 --append 运行即可全部重新校验并写入"),
    "store_missing": _m("there is no store there yet", "该处还没有数据仓"),
    "store_other_source": _m("the store was made from another folder, {source}", "该数据仓由另一个目录 {source} 生成"),
    "store_no_new_rows": _m("no file changed since the last ingest", "上次入仓以来没有文件改动"),
    "store_no_new_month": _m("no period table (enterprise_monthly, project_monthly, ...) gained rows",
                             "各期别表（enterprise_monthly、project_monthly 等）都没有新增行"),
    "store_files_differ": _m("the folder's set of table files differs from the stored one",
                             "目录中的数据表文件与入仓时不同"),
    "store_history_changed": _m("{file} changed in rows already stored (only rows added at the end of a CSV file "
                                "can be appended)", "{file} 中已入仓的行有改动（只能追加写在 CSV 文件末尾的新行）"),
    "store_unchanged": _m("the store {store} is up to date: no input file changed since it was ingested",
                          "数据仓 {store} 已是最新：入仓以来输入文件没有改动"),
    "store_ingested": _m("validated and wrote {tables} tables ({rows} rows) to the store {store} in {seconds} s",
                         "已校验并写入 {tables} 张表（{rows} 行）到数据仓 {store}，用时 {seconds} 秒"),
    "store_full_because": _m(" (everything was written again: {reason})", "（全部重新写入：{reason}）"),
    "store_appended": _m("validated and appended {period} ({rows} rows) to the store {store} in {seconds} s",
                         "已校验并向数据仓 {store} 追加 {period}（{rows} 行），用时 {seconds} 秒"),
    "store_valid": _m("the store {store} was validated when ingested ({when}) from {source}; it is up to date",
                      "数据仓 {store} 已在入仓时（{when}）校验，源目录 {source}；数据仓是最新的"),
    "append_not_next": _m("an appended row must be of the month after the stored data, but this one is of {month} "
                          "(the store ends with {latest})",
                          "追加的行应为已入仓数据的下一个月，但本行为 {month}（数据仓截至 {latest}）"),
    "fix_append_next": _m("correct the period (expected {months}), or, if earlier months changed, write the whole "
                          "store again with `{cmd}`",
                          "改正期别（应为 {months}）；如果修改了以前月份的数据，用 {cmd} 全部重新写入"),
    "append_many_months": _m("the rows added to the period tables are of several months ({months}); one month is "
                             "appended at a time", "期别表新增的行属于多个月份（{months}）；一次只能追加一个月"),
    "fix_append_one_month": _m("append one month at a time, or write the whole store again with `{cmd}`",
                               "每次追加一个月，或用 {cmd} 全部重新写入"),
}
"""Every message of validation: key → ``{"en": …, "zh": …}`` (optionally ``en_group`` / ``zh_group``),
``str.format`` templates filled from the :class:`Msg` values."""


# --------------------------------------------------------------------------------------------------
# Problems as lines
# --------------------------------------------------------------------------------------------------
def problem_line(problem: Problem, lang: str = "zh", *, rows: list[int] | None = None,
                 values: list[str] | None = None, generic: bool = True) -> str:
    """One problem as a line of ``gx validate`` in ``lang``; with ``rows`` (and their ``values``), the line
    of a group of identical problems of many rows, worded in the group forms when ``generic`` (the
    messages differ in row-specific details) and as the first problem's message otherwise."""
    lang = check_lang(lang)
    many = rows is not None and len(rows) > 1
    group = many and generic
    where = problem.file
    if many:
        where += Msg("where_rows", n=len(rows), rows=compact_rows(rows, lang)).text(lang)
    elif problem.row is not None:
        where += Msg("where_row", row=problem.row).text(lang)
    if problem.column:
        where += Msg("where_column", column=problem.column).text(lang)
    if many:
        shown = [v for v in dict.fromkeys(values or []) if v != ""]
        listed = (_SEP[lang].join(shown[:5] if lang == "zh" else [repr(v) for v in shown[:5]])
                  + (("……" if lang == "zh" else ", …") if len(shown) > 5 else ""))
        value = Msg("problem_values", values=listed).text(lang) if shown else ""
    else:
        value = Msg("problem_value", value=problem.value).text(lang) if problem.value != "" else ""
    severity = Msg(f"severity_{problem.severity}").text(lang)
    return Msg("problem_line", severity=severity, where=where, message=render(problem.message, lang, group=group),
               value=value, fix=render(problem.fix, lang, group=group)).text(lang)


def group_key(problem: Problem, lang: str) -> tuple | None:
    """What identical problems of different rows share (``None``: a problem of a whole table or column)."""
    if problem.row is None:
        return None
    return (problem.severity, problem.file, problem.column, render(problem.message, lang, group=True),
            render(problem.fix, lang, group=True))


def problem_lines(problems: Iterable[Problem], lang: str = "zh", *, grouped: bool = True) -> list[str]:
    """The problems as lines, identical problems of several rows on one line (at the first one's place)."""
    problems = list(problems)
    groups: dict[tuple, list[Problem]] = {}
    order: list[tuple | int] = []
    for i, p in enumerate(problems):
        key = group_key(p, lang) if grouped else None
        if key is None:
            order.append(i)
            continue
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(p)
    lines = []
    for item in order:
        if isinstance(item, int):
            lines.append(problem_line(problems[item], lang))
            continue
        members = groups[item]
        if len(members) == 1:
            lines.append(problem_line(members[0], lang))
        else:
            first = members[0]
            same = all(render(p.message, lang) == render(first.message, lang)
                       and render(p.fix, lang) == render(first.fix, lang) for p in members[1:])
            lines.append(problem_line(first, lang, rows=[int(p.row) for p in members],
                                      values=[str(p.value) for p in members], generic=not same))
    return lines


def format_load_error(problems: Iterable[Problem], lang: str = "zh", limit: int = 50) -> str:
    """The errors that stopped a load (:class:`~gxanalysis.errors.DataValidationError`) in ``lang``."""
    errors = [p for p in problems if p.severity == "error"]
    lines = problem_lines(errors, lang)
    head = Msg("load_failed", n=len(errors)).text(lang)
    tail = [Msg("load_more", n=len(lines) - limit).text(lang)] if len(lines) > limit else []
    return "\n".join([head, *lines[:limit], *tail])
