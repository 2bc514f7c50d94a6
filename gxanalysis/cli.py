"""The ``gx`` command: one place for every command-line entry point.

``gx validate DIR`` · ``gx ingest DIR --to STORE`` · ``gx demo-data`` · ``gx templates`` · ``gx summary`` · ``gx forecast`` · ``gx backtest``
· ``gx report`` · ``gx batch`` · ``gx split-counties`` · ``gx app`` · ``gx contract-doc``; every parser is defined here (``--lang zh|en`` or ``GX_LANG`` picks the
language of the help).

Heavy libraries (statsmodels, papermill, matplotlib) are imported inside the command that needs them, so
``gx --help`` and ``gx validate`` start fast. Every command exits 0 on success, 1 when the work failed
(invalid data, a failed report), 2 for a usage error (bad option or parameter value), 3 when an output
cannot be written (a file where a folder is needed, read-only, no permission, disk full) and 128 + the
signal number when stopped (130 for Ctrl-C, 143 for SIGTERM) — always with one line on stderr, never a
traceback. ``gx report --help`` lists its exit codes and status files.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from gxanalysis import __version__
from gxanalysis.errors import GxError, OutputError, ParameterError


def _lang(args: argparse.Namespace) -> str:
    """The analyst's language: ``gx --lang``, else ``GX_LANG``, else the locale."""
    from gxanalysis.labels import default_lang

    return getattr(args, "cli_lang", None) or default_lang()


def _cmd_validate(args: argparse.Namespace) -> int:
    from gxanalysis.data.store import is_store
    from gxanalysis.data.validate import validate_directory

    if is_store(args.dir):  # validated when ingested: say so, with its warnings, if its sources are unchanged
        from gxanalysis.data.dataset import load_dataset
        from gxanalysis.data.messages import Msg, problem_lines
        from gxanalysis.data.store import store_source

        dataset = load_dataset(Path(args.dir))
        lang = _lang(args)
        for line in problem_lines(dataset.problems + dataset.confirmed, lang):
            print(line)
        source, when = store_source(Path(args.dir))
        print(Msg("store_valid", store=args.dir, when=when, source=source).text(lang))
        return 0
    report = validate_directory(Path(args.dir))
    print(report.format(lang=_lang(args)))
    return 0 if report.ok else 1


def _cmd_ingest(args: argparse.Namespace) -> int:
    from gxanalysis.data.ingest import ingest

    result = ingest(Path(args.dir), Path(args.to), append=args.append, refresh=args.refresh)
    print(result.text(_lang(args)))
    return 0


def _cmd_demo_data(args: argparse.Namespace) -> int:
    from gxanalysis.data.demo import write_demo_data

    out = write_demo_data(Path(args.out) if args.out else None, seed=args.seed)
    print(f"demo city written to {out}")
    return 0


def _cmd_templates(args: argparse.Namespace) -> int:
    from gxanalysis.data.templates import write_templates

    paths = write_templates(Path(args.out) if args.out else None)
    print(f"{len(paths)} templates written to {paths[0].parent if paths else args.out}")
    return 0


def _cmd_summary(args: argparse.Namespace) -> int:
    import json

    from gxanalysis.spreadsheet import csv_safe_frame
    from gxanalysis.summary import headline_figures

    figures = headline_figures(args.period, data_dir=Path(args.data) if args.data else None, panel=args.engine)
    if args.format == "json":
        sys.stdout.write(json.dumps(figures.to_json_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(csv_safe_frame(figures.display_frame()).to_csv(index=False, lineterminator="\n"))
    return 0


def _cmd_forecast(args: argparse.Namespace) -> int:
    from gxanalysis.models.cli import forecast_command

    return forecast_command(series=Path(args.series), horizon=args.horizon, target=args.target,
                            alpha=args.alpha, out=Path(args.out), model=args.model)


def _cmd_report(args: argparse.Namespace) -> int:
    from gxanalysis.reporting.runner import report_command

    return report_command(args)


def _cmd_batch(args: argparse.Namespace) -> int:
    from gxanalysis.reporting.batch import batch_command

    return batch_command(args)


def _cmd_split_counties(args: argparse.Namespace) -> int:
    from gxanalysis.data.regions import split_by_county

    regions = split_by_county(Path(args.data) if args.data else None, Path(args.out))
    for r in regions:
        print(f"{r.name}: {r.data_dir}")
    print(f"{len(regions)} county data folders written to {args.out} (each validated)")
    return 0


def _cmd_app(args: argparse.Namespace) -> int:
    from gxanalysis.reporting.app import serve

    return serve(port=args.port, open_browser=not args.no_browser, data_dir=Path(args.data) if args.data else None,
                 host=args.host)


def _cmd_backtest(args: argparse.Namespace) -> int:
    from gxanalysis.models.backtest import backtest_command

    return backtest_command(series=Path(args.series) if args.series else None,
                            models=[m.strip() for m in args.models.split(",") if m.strip()] if args.models else None,
                            repetitions=args.repetitions, records=Path(args.records) if args.records else None)


def _cmd_contract_doc(args: argparse.Namespace) -> int:
    from gxanalysis.data.contract_doc import README_PATH, update_readme

    path = Path(args.readme) if args.readme else README_PATH
    changed = update_readme(path, check=args.check)
    if args.check:
        print(f"{path}: {'out of date' if changed else 'up to date'}")
        return 1 if changed else 0
    print(f"{path}: {'contract section rewritten' if changed else 'already up to date'}")
    return 0


def _add_report_parser(sub: argparse._SubParsersAction, t: Callable[[str], str], lang: str) -> None:
    """``gx report``: its options here; the reports' parameters and exit codes from the runner."""
    from gxanalysis.reporting.params import REPORTS
    from gxanalysis.reporting.runner import DEFAULT_TIMEOUT_S, report_help_epilog

    p = sub.add_parser("report", help=t("report"), description=t("report.description"),
                       epilog=report_help_epilog(lang), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--period", required=True, help=t("report.period"))
    p.add_argument("--reports", default=",".join(REPORTS), help=t("report.reports"))
    p.add_argument("--data", help=t("data"))
    p.add_argument("--out", help=t("report.out"))
    p.add_argument("--jobs", type=int, help=t("report.jobs"))
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help=t("report.timeout"))
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help=t("report.lang"))
    p.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE", help=t("report.param"))
    p.add_argument("--no-progress", action="store_true", help=t("report.no-progress"))
    p.set_defaults(func=_cmd_report)


def _add_batch_parser(sub: argparse._SubParsersAction, t: Callable[[str], str]) -> None:
    """``gx batch``: report packs over regions × periods, on local processes or a Dask cluster."""

    p = sub.add_parser("batch", help=t("batch"), description=t("batch.description"),
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help=t("batch.data"))
    p.add_argument("--periods", required=True, help=t("batch.periods"))
    p.add_argument("--reports", help=t("batch.reports"))
    p.add_argument("--out", help=t("batch.out"))
    p.add_argument("--cluster", help=t("batch.cluster"))
    p.add_argument("--workers", type=int, help=t("batch.workers"))
    p.add_argument("--jobs", type=int, help=t("batch.jobs"))
    p.add_argument("--timeout", type=float, default=600.0, help=t("report.timeout"))  # runner.DEFAULT_TIMEOUT_S
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help=t("report.lang"))
    p.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE", help=t("report.param"))
    p.add_argument("--fresh-kernels", action="store_true", help=t("batch.fresh-kernels"))
    p.set_defaults(func=_cmd_batch)


def _argparse_language(lang: str) -> None:
    """argparse's own words (usage, options, errors) in Chinese for ``lang="zh"``."""
    from gxanalysis.labels import ARGPARSE_ZH

    argparse._ = (lambda text: ARGPARSE_ZH.get(text, text)) if lang == "zh" else (lambda text: text)
    argparse.ngettext = (lambda s, p, n: ARGPARSE_ZH.get(s if n == 1 else p, s if n == 1 else p))


def build_parser(lang: str | None = None, *, command: str | None = None) -> argparse.ArgumentParser:
    """The ``gx`` parser, its help in ``lang``. The report command's options (which import the report
    schemas) are only built when ``command`` is ``report`` or help is asked for, so ``gx validate`` starts
    fast."""
    from gxanalysis.labels import default_lang, label

    lang = lang or default_lang()
    _argparse_language(lang)

    def t(key: str) -> str:
        return label("cli", key, lang)

    parser = argparse.ArgumentParser(prog="gx", description=t("description"))
    parser.add_argument("--version", action="version", version=f"gxanalysis {__version__}", help=t("version"))
    parser.add_argument("--lang", dest="cli_lang", choices=("zh", "en"), help=t("lang"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", help=t("validate"), description=t("validate"))
    p.add_argument("dir", help=t("validate.dir"))
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("ingest", help=t("ingest"), description=t("ingest.description"))
    p.add_argument("dir", metavar="DIR", help=t("ingest.dir"))
    p.add_argument("--to", required=True, metavar="STORE", help=t("ingest.to"))
    how = p.add_mutually_exclusive_group()
    how.add_argument("--append", action="store_true", help=t("ingest.append"))
    how.add_argument("--refresh", action="store_true", help=t("ingest.refresh"))
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser("demo-data", help=t("demo-data"), description=t("demo-data"))
    p.add_argument("--out", help=t("demo-data.out"))
    p.add_argument("--seed", type=int, default=20230430, help=t("demo-data.seed"))
    p.set_defaults(func=_cmd_demo_data)

    p = sub.add_parser("templates", help=t("templates"), description=t("templates"))
    p.add_argument("--out", help=t("templates.out"))
    p.set_defaults(func=_cmd_templates)

    p = sub.add_parser("summary", help=t("summary"), description=t("summary"))
    p.add_argument("--period", required=True, help=t("period"))
    p.add_argument("--data", help=t("data"))
    p.add_argument("--format", choices=("csv", "json"), default="csv", help=t("summary.format"))
    p.add_argument("--engine", choices=("auto", "pandas", "duckdb"), default="auto", help=t("summary.engine"))
    p.set_defaults(func=_cmd_summary)

    p = sub.add_parser("forecast", help=t("forecast"), description=t("forecast"))
    p.add_argument("--series", required=True, help=t("forecast.series"))
    p.add_argument("--horizon", type=int, default=12, help=t("forecast.horizon"))
    p.add_argument("--target", type=float, help=t("forecast.target"))
    p.add_argument("--alpha", type=float, default=0.2, help=t("forecast.alpha"))
    p.add_argument("--model", default="default", help=t("forecast.model"))
    p.add_argument("--out", required=True, help=t("forecast.out"))
    p.set_defaults(func=_cmd_forecast)

    p = sub.add_parser("backtest", help=t("backtest"), description=t("backtest"))
    p.add_argument("--series", help=t("backtest.series"))
    p.add_argument("--models", help=t("backtest.models"))
    p.add_argument("--repetitions", type=int, default=1000, help=t("backtest.repetitions"))
    p.add_argument("--records", help=t("backtest.records"))
    p.set_defaults(func=_cmd_backtest)

    p = sub.add_parser("contract-doc", help=t("contract-doc"), description=t("contract-doc"))
    p.add_argument("--check", action="store_true", help=t("contract-doc.check"))
    p.add_argument("--readme", help=t("contract-doc.readme"))
    p.set_defaults(func=_cmd_contract_doc)

    p = sub.add_parser("app", help=t("app"), description=t("app.description"))
    p.add_argument("--port", type=int, default=8866, help=t("app.port"))
    p.add_argument("--no-browser", action="store_true", help=t("app.no-browser"))
    p.add_argument("--data", help=t("data"))
    p.add_argument("--host", default="127.0.0.1", help=t("app.host"))
    p.set_defaults(func=_cmd_app)

    p = sub.add_parser("split-counties", help=t("split-counties"), description=t("split-counties"))
    p.add_argument("--data", help=t("data"))
    p.add_argument("--out", required=True, help=t("split-counties.out"))
    p.set_defaults(func=_cmd_split_counties)

    _add_batch_parser(sub, t)

    if command in (None, "report"):
        _add_report_parser(sub, t, lang)
    else:
        sub.add_parser("report", help=t("report"))
    return parser


def error_text(exc: BaseException, lang: str) -> str:
    """An error for the analyst in ``lang``: the problems of invalid data (grouped as ``gx validate`` shows
    them), or a message of the data layer's catalog; other errors as they are."""
    from gxanalysis.errors import DataValidationError

    if isinstance(exc, DataValidationError):
        from gxanalysis.data.messages import format_load_error

        return format_load_error(exc.problems, lang)
    if exc.args and type(exc.args[0]).__name__ == "Msg":
        return exc.args[0].text(lang)
    return str(exc)


def safe_console() -> None:
    """Make stdout and stderr able to write Chinese on any console or redirect.

    A file or pipe whose encoding cannot hold Chinese (e.g. cp1252 on a Western Windows) is switched to
    UTF-8; a console keeps its own encoding, and a character it cannot show is escaped rather than ending
    the command with a ``UnicodeEncodeError``. ``PYTHONIOENCODING`` still wins when set.
    """
    import os

    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        if not hasattr(stream, "reconfigure") or os.environ.get("PYTHONIOENCODING"):
            continue
        try:
            "中文".encode(encoding)
            holds_chinese = True
        except (UnicodeEncodeError, LookupError):
            holds_chinese = False
        if holds_chinese:
            continue
        if stream.isatty():
            stream.reconfigure(errors="backslashreplace")
        else:
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def _pre_scan(argv: list[str]) -> tuple[str | None, str | None]:
    """The ``--lang`` before the command and the command itself, read before the parser is built."""
    lang = command = None
    it = iter(argv)
    for a in it:
        if a == "--lang":
            lang = next(it, None)
        elif a.startswith("--lang="):
            lang = a.split("=", 1)[1]
        elif not a.startswith("-"):
            command = a
            break
    return (lang if lang in ("zh", "en") else None), command


def main(argv: list[str] | None = None) -> int:
    safe_console()
    argv = list(sys.argv[1:] if argv is None else argv)
    lang, command = _pre_scan(argv)
    wants_help = "-h" in argv or "--help" in argv
    parser = build_parser(lang, command=command if command and not wants_help else None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse printed the help or the usage error
        return 0 if exc.code in (0, None) else 2
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except ParameterError as exc:
        print(f"gx {args.command}: {error_text(exc, _lang(args))}", file=sys.stderr)
        return 2
    except OutputError as exc:
        print(f"gx {args.command}: {error_text(exc, _lang(args))}", file=sys.stderr)
        return 3
    except GxError as exc:
        print(f"gx {args.command}: {error_text(exc, _lang(args))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:  # Ctrl-C outside a report run (gx report handles its own stop)
        print(f"gx {args.command}: interrupted", file=sys.stderr)
        return getattr(exc, "exit_code", 130)
    except OSError as exc:  # a file-system problem (disk full, read-only, no permission): one line
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"gx {args.command}: {exc.strerror or exc}{where}", file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
