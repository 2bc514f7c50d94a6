"""The ``gx`` command: one place for every command-line entry point.

``gx validate DIR`` · ``gx demo-data`` · ``gx templates`` · ``gx summary`` · ``gx forecast`` · ``gx report``

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
from pathlib import Path

from gxanalysis import __version__
from gxanalysis.errors import GxError, OutputError, ParameterError


def _cmd_validate(args: argparse.Namespace) -> int:
    from gxanalysis.data.validate import validate_directory

    report = validate_directory(Path(args.dir))
    print(report.format())
    return 0 if report.ok else 1


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

    figures = headline_figures(args.period, data_dir=Path(args.data) if args.data else None)
    if args.format == "json":
        sys.stdout.write(json.dumps(figures.to_json_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(csv_safe_frame(figures.display_frame()).to_csv(index=False, lineterminator="\n"))
    return 0


def _cmd_forecast(args: argparse.Namespace) -> int:
    from gxanalysis.models.cli import forecast_command

    return forecast_command(series=Path(args.series), horizon=args.horizon, target=args.target,
                            alpha=args.alpha, out=Path(args.out), model=args.model)


def _cmd_report(args: argparse.Namespace, extra: list[str]) -> int:
    from gxanalysis.reporting.runner import report_command

    return report_command(args, extra)


def _cmd_app(args: argparse.Namespace) -> int:
    from gxanalysis.reporting.app import serve

    return serve(port=args.port, open_browser=not args.no_browser, data_dir=Path(args.data) if args.data else None,
                 host=args.host)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gx", description="gxanalysis: industrial-economy indicators and reports for a 工信局.")
    parser.add_argument("--version", action="version", version=f"gxanalysis {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", help="check every input table in DIR and list all problems")
    p.add_argument("dir", help="folder holding the bureau's tables (CSV or XLSX)")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("demo-data", help="generate the demo city's tables (deterministic, seeded)")
    p.add_argument("--out", help="output folder (default: data/demo)")
    p.add_argument("--seed", type=int, default=20230430, help="random seed (default: %(default)s)")
    p.set_defaults(func=_cmd_demo_data)

    p = sub.add_parser("templates", help="write the Excel templates (Chinese headers) for the bureau's data")
    p.add_argument("--out", help="output folder (default: data/templates)")
    p.set_defaults(func=_cmd_templates)

    p = sub.add_parser("summary", help="every headline figure for a period, as CSV or JSON")
    p.add_argument("--period", required=True, help="reporting month, YYYY-MM")
    p.add_argument("--data", help="folder with the bureau's tables (default: the demo city)")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.set_defaults(func=_cmd_summary)

    p = sub.add_parser("forecast", help="forecast monthly and year-to-date growth from a published series")
    p.add_argument("--series", required=True, help="NBS portal export (GBK or UTF-8) or a CSV period,yoy,ytd")
    p.add_argument("--horizon", type=int, default=12, help="months ahead (default: %(default)s)")
    p.add_argument("--target", type=float, help="annual growth target, percent, e.g. 6.0")
    p.add_argument("--alpha", type=float, default=0.2, help="1 - interval coverage (default: %(default)s)")
    p.add_argument("--model", default="default", help="model name (default: the documented default model)")
    p.add_argument("--out", required=True, help="output CSV")
    p.set_defaults(func=_cmd_forecast)

    p = sub.add_parser("app", help="serve the explorers as a web app on this computer (Voilà; no code shown)")
    p.add_argument("--port", type=int, default=8866, help="port to listen on (default: %(default)s)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    p.add_argument("--data", help="folder with the bureau's tables (default: GX_DATA_DIR or the demo city)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: %(default)s, this computer only; another address lets "
                        "anyone who can reach it use the explorers)")
    p.set_defaults(func=_cmd_app)

    p = sub.add_parser("report", help="run report notebooks with papermill and publish the pack",
                       add_help=False)
    p.set_defaults(func=None, report=True)
    return parser


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


def main(argv: list[str] | None = None) -> int:
    safe_console()
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if getattr(args, "report", False):
            return _cmd_report(args, extra)
        if extra:
            parser.error(f"unrecognised arguments: {' '.join(extra)}")
        return args.func(args)
    except ParameterError as exc:
        print(f"gx {args.command}: {exc}", file=sys.stderr)
        return 2
    except OutputError as exc:
        print(f"gx {args.command}: {exc}", file=sys.stderr)
        return 3
    except GxError as exc:
        print(f"gx {args.command}: {exc}", file=sys.stderr)
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
