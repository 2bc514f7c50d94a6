"""The gx command: every parser in one place, help and messages in Chinese and English."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import gxanalysis
from gxanalysis.cli import main
from gxanalysis.labels import default_lang

PACKAGE = Path(gxanalysis.__file__).resolve().parent


@pytest.mark.parametrize(("lang", "words"), [("en", ["usage:", "check every input table", "backtest"]),
                                             ("zh", ["用法：", "检查目录中的全部输入表", "滚动起点回测"])])
def test_help_in_both_languages(capsys, lang, words):
    assert main(["--lang", lang, "--help"]) == 0
    out = capsys.readouterr().out
    for w in words:
        assert w in out, w


def test_report_help_lists_parameters_and_exit_codes_in_chinese(capsys):
    assert main(["--lang", "zh", "report", "--help"]) == 0
    out = capsys.readouterr().out
    assert "报告参数" in out and "退出码" in out and "start_rate_denominator" in out and "报告包已发布" in out


def test_language_from_gx_lang_and_the_locale(monkeypatch, capsys):
    monkeypatch.setenv("GX_LANG", "zh")
    assert default_lang() == "zh"
    assert main(["summary"]) == 2
    assert "缺少必需的参数：--period" in capsys.readouterr().err
    monkeypatch.setenv("GX_LANG", "en")
    assert main(["summary"]) == 2
    assert "the following arguments are required: --period" in capsys.readouterr().err
    monkeypatch.delenv("GX_LANG")
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert default_lang() == "zh"


def test_every_command_line_parser_is_in_cli_py():
    users = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
             if "ArgumentParser" in p.read_text(encoding="utf-8") and p.name != "cli.py"]
    assert not users, f"command-line parsers outside gxanalysis/cli.py: {users}"
    tree = ast.parse((PACKAGE / "cli.py").read_text(encoding="utf-8"))
    commands = {n.args[0].value for n in ast.walk(tree) if isinstance(n, ast.Call)
                and getattr(n.func, "attr", "") == "add_parser" and n.args and isinstance(n.args[0], ast.Constant)}
    assert {"validate", "demo-data", "templates", "summary", "forecast", "backtest", "report",
            "contract-doc"} <= commands


def test_contract_doc_check(capsys):
    assert main(["contract-doc", "--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_batch_timeout_default_is_the_runners() -> None:
    from gxanalysis.cli import build_parser
    from gxanalysis.reporting.runner import DEFAULT_TIMEOUT_S

    ns = build_parser("en").parse_args(["batch", "--data", "x", "--periods", "2023-04"])
    assert ns.timeout == DEFAULT_TIMEOUT_S
