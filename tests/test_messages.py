"""Validation speaks the analyst's language: the message catalog, ``gx validate`` and a failed load in
Chinese and English, identical errors of many rows grouped on one line."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from conftest import CURRENT_MONTH, valid_frames, write_tables
from language import VALIDATION_LATIN, validation_zh_problems

from gxanalysis.cli import main
from gxanalysis.data.messages import MESSAGES, Msg, compact_rows, format_load_error, problem_lines, ratio
from gxanalysis.data.schema import TABLES
from gxanalysis.data.validate import validate_directory

PACKAGE = Path(__file__).resolve().parents[1] / "gxanalysis"
IDENTIFIERS = {t.name for t in TABLES} | {c.name for t in TABLES for c in t.columns}


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_message_has_both_languages_with_the_same_values() -> None:
    for key, entry in MESSAGES.items():
        if key.startswith("_") or key == "bi":  # joins, and a text given in both languages by the caller
            continue
        assert {"en", "zh"} <= set(entry), key
        en, zh = _fields(entry["en"]), _fields(entry["zh"])
        # Chinese may leave out an English-only detail (a column's English description, a library's error)
        # and a Chinese text names a column by its Chinese name where the English one gives both
        assert zh - en <= {"zh", "base_zh", "later_zh", "earlier_zh"}, (key, zh - en)
        assert en - zh <= {"description", "error", "name", "s", "es", "ws", "fs", "base", "later", "earlier"}, (
            key, en - zh)
        for group in ("en_group", "zh_group"):
            if group in entry:
                assert _fields(entry[group]) <= en, (key, group)
        # the Chinese text itself (its values aside) has no English words
        left = re.sub(r"\{[^}]*\}", " ", entry["zh"])
        # CLI options (--to, --refresh) are typed verbatim, like the gx commands
        left = re.sub(r"[\w./-]*\.(?:csv|xlsx|xls|et|md)\b|data/\w+/?|gx [a-z-]+|--[a-z-]+|=CLEAN\(\)", " ", left)
        words = set(re.findall(r"(?<![0-9A-Za-z])[A-Za-z][A-Za-z_]*", left)) - VALIDATION_LATIN - IDENTIFIERS
        assert not words, (key, words)


def test_every_key_in_the_code_is_in_the_catalog_and_every_entry_is_used() -> None:
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= {k for k in re.findall(r'Msg\(\s*"([a-z_0-9]+)"', text) if not k.endswith("_")}
        used |= {m for m in re.findall(r'"([a-z_0-9]+)"', text) if m in MESSAGES and "Msg(" in text}
        used |= {f"hint_{d}" for d in ("str", "int", "float", "bool", "month", "date", "year", "credit_code")}
        used |= {f"severity_{s}" for s in ("error", "warning", "confirmed")}
        used |= {f"what_{w}" for w in ("enterprise", "project", "city", "county")}
    assert used - set(MESSAGES) == set(), "keys missing from the catalog"
    assert set(MESSAGES) - used - {"_join", "_cat"} == set(), "catalog entries no code uses"


def test_a_message_is_its_english_text_and_renders_in_chinese() -> None:
    m = Msg("above_maximum", name="gross_output", zh="工业总产值", bound="1,000,000,000", unit=" 万元")
    assert m == "gross_output (工业总产值) is above the maximum 1,000,000,000 万元"
    assert m.text("zh") == "“工业总产值”超过最大值 1,000,000,000 万元"
    nested = Msg.join(Msg("write_hint", hint=Msg("hint_year")), Msg("leave_empty"))
    assert nested == "write a 4-digit year, e.g. 2023; leave the cell empty if there is no value"
    assert nested.text("zh") == "填写4位年份，如 2023；没有数值时留空"
    assert (ratio(9_800), ratio(1 / 10_000), ratio(25.0)) == ("10,000 times", "1/10,000 of", "25 times")
    assert ratio(9_800).text("zh") == "10,000 倍"
    assert compact_rows([2, 3, 4, 5, 9, 11, 12], "zh") == "2–5、9、11–12"
    with pytest.raises(KeyError):
        Msg("no_such_message")
    import pickle

    assert pickle.loads(pickle.dumps(nested)).text("zh") == nested.text("zh")


@pytest.fixture()
def bad_codes(tmp_path: Path) -> Path:
    """16 enterprises whose credit codes have a wrong check digit, one negative value, one bad 是/否."""
    frames = valid_frames()
    ent = frames["enterprises"]
    base = ent.iloc[[0]]
    import pandas as pd
    from stdnum.cn import uscc

    rows = []
    for i in range(16):
        row = base.copy()
        head = f"91330100MA27U{100 + i:03d}"[:17].ljust(17, "0")
        good = uscc.calc_check_digit(head)
        row["credit_code"] = head + ("0" if good != "0" else "1")
        row["county"] = ent["county"].iloc[i % len(ent)]  # no county of a single enterprise
        rows.append(row)
    frames["enterprises"] = pd.concat([ent, *rows], ignore_index=True)
    return write_tables(frames, tmp_path / "data")


def test_gx_validate_in_chinese_groups_identical_errors(bad_codes: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("GX_LANG", raising=False)
    report = validate_directory(bad_codes, current_month=CURRENT_MONTH)
    codes = [p for p in report.problems if p.column == "credit_code" and p.file == "enterprises.csv"]
    assert len(codes) == 16
    text = report.format(lang="zh")
    line = next(ln for ln in text.splitlines() if "校验位" in ln)
    assert re.search(r"enterprises\.csv，16 行（第 \d+–\d+ 行），列“credit_code”：统一社会信用代码无效：校验位（第18位）"
                     r"与前17位不符（值：", line), line
    assert len([ln for ln in text.splitlines() if "校验位" in ln]) == 1
    for ln in text.splitlines()[1:]:  # after the folder checked
        assert not validation_zh_problems(ln, report.problems, IDENTIFIERS), ln
    assert "汇总：" in text and re.search(r"\d+ 个文件共 \d+ 个错误、\d+ 条警告：改正全部错误之前，数据不能载入。", text)
    en = report.format(lang="en")
    assert re.search(r"enterprises\.csv, 16 rows \(\d+–\d+\), column 'credit_code': invalid 统一社会信用代码: the "
                     r"check digit \(18th character\) does not match the first 17 characters", en), en
    assert "Summary:" in en and "nothing can be loaded until the errors are fixed" in en
    ungrouped = report.format(lang="en", grouped=False)
    assert len([ln for ln in ungrouped.splitlines() if "check digit" in ln]) == 16
    assert "but should be" in ungrouped  # each row's own expected digit

    # the command: --lang, GX_LANG, then the locale
    assert main(["--lang", "zh", "validate", str(bad_codes)]) == 1
    assert "个错误" in capsys.readouterr().out
    monkeypatch.setenv("GX_LANG", "en")
    assert main(["validate", str(bad_codes)]) == 1
    out = capsys.readouterr().out
    assert "Summary:" in out and "汇总" not in out
    monkeypatch.delenv("GX_LANG")
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert main(["validate", str(bad_codes)]) == 1
    assert "校验位" in capsys.readouterr().out


def test_a_failed_load_speaks_the_analysts_language(bad_codes: Path, capsys, monkeypatch) -> None:
    from gxanalysis.data.dataset import load_dataset
    from gxanalysis.errors import DataValidationError

    with pytest.raises(DataValidationError) as info:
        load_dataset(bad_codes)
    zh = format_load_error(info.value.problems, "zh")
    assert zh.startswith("输入数据有 ") and "未载入任何数据" in zh and "16 行" in zh
    assert format_load_error(info.value.problems, "en").startswith("16 error(s) in the input data; nothing was loaded")
    assert str(info.value).startswith("16 error(s) in the input data")  # the exception itself stays English
    monkeypatch.setenv("GX_LANG", "zh")
    assert main(["summary", "--period", "2023-04", "--data", str(bad_codes)]) == 1
    err = capsys.readouterr().err
    assert "输入数据有 16 个错误，未载入任何数据" in err and "校验位" in err


def test_a_valid_folder_in_both_languages(tmp_path: Path) -> None:
    folder = write_tables(valid_frames(), tmp_path / "ok")
    report = validate_directory(folder, current_month=CURRENT_MONTH)
    assert report.ok
    assert report.format(lang="zh").splitlines()[-1].startswith("全部 ")
    assert report.format(lang="en").splitlines()[-1].startswith("all ")


def test_problem_lines_group_only_what_is_identical() -> None:
    from gxanalysis.errors import Problem

    same = [Problem("a.csv", r, "列", "x", Msg("not_a_number"), Msg("fix_formula")) for r in (2, 3, 4, 7)]
    other = Problem("a.csv", 5, "列", "y", Msg("not_a_date"), Msg("fix_formula"))
    whole = Problem("a.csv", None, "列", "", Msg("not_a_date"), Msg("fix_formula"))
    lines = problem_lines([*same[:2], other, *same[2:], whole, whole], "zh")
    assert lines[0].startswith("［错误］a.csv，4 行（第 2–4、7 行），列“列”：不是数字（值：x）")
    assert lines[1].startswith("［错误］a.csv，第 5 行") and len(lines) == 4  # whole-table problems stay apart
