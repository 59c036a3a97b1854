"""The command line: parses arguments, calls the core, prints. Headless commands never import
Textual; the TUI is imported only when ``promo-planner`` runs without a subcommand.

Each command group lives in its own module with a ``register(subparsers)`` function; handlers
take ``(args, ctx)`` and return an exit code. ``InputError`` from anywhere becomes one line per
problem on stderr and exit code 2; anything unexpected is exit code 1 with a one-line summary
(set ``PROMO_PLANNER_DEBUG=1`` for the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from promo_planner.cli.context import Context, parse_date
from promo_planner.core.errors import InputError

# Command modules, each with ``register(subparsers)``. Imported lazily in build_parser.
COMMAND_MODULES = (
    "promo_planner.cli.guideline_cmd",
    "promo_planner.cli.portfolio_cmd",
    "promo_planner.cli.path_cmd",
    "promo_planner.cli.report_cmd",
    "promo_planner.cli.capture_cmd",
    "promo_planner.cli.suggest_cmd",
)
# The module that registers each command. When the arguments name one of these, only its
# module is imported and registered: argparse builds ~30 parsers for all of them, a good part
# of a headless command's start-up. Anything else (no command, --help, a typo, a command not
# listed here) registers every module, so a stale entry costs speed, never behaviour.
COMMAND_HOMES = {
    "guideline": "promo_planner.cli.guideline_cmd",
    **dict.fromkeys(
        ("init", "evidence", "rate", "gaps", "answer", "note", "export", "import"),
        "promo_planner.cli.portfolio_cmd",
    ),
    "path": "promo_planner.cli.path_cmd",
    "report": "promo_planner.cli.report_cmd",
    "capture": "promo_planner.cli.capture_cmd",
    "inbox": "promo_planner.cli.capture_cmd",
    "suggest": "promo_planner.cli.suggest_cmd",
    "nudges": "promo_planner.cli.suggest_cmd",
}
# Global options that take a value: skipped when looking for the command word.
_GLOBAL_VALUES = ("--data", "--today")


class ArgumentParser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit code 2 (no usage dump)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(f"{self.prog}: {message} (see --help)")


def _skip_global_options(argv: Sequence[str]) -> int:
    """The index of the first argument after the leading ``--data``/``--today`` and their values
    (``len(argv)`` or more when there is nothing else)."""
    i = 0
    while i < len(argv):
        if argv[i] in _GLOBAL_VALUES:
            i += 2
        elif argv[i].startswith(tuple(f"{name}=" for name in _GLOBAL_VALUES)):
            i += 1
        else:
            break
    return i


def command_word(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (``report`` in ``--data P report -o r.md``), or None
    when there is none or an option before it is not one ``build_parser`` can skip."""
    i = _skip_global_options(argv)
    # Anything else starting with "-" (--help, --version, an abbreviation, "--"): parse fully.
    if i < len(argv) and not argv[i].startswith("-"):
        return argv[i]
    return None


def build_parser(argv: Sequence[str] | None = None) -> ArgumentParser:
    """The argument parser: every command, or with ``argv`` naming a command listed in
    ``COMMAND_HOMES``, only the commands of its module (parsing ``argv`` the same way)."""
    import importlib

    parser = ArgumentParser(
        prog="promo-planner",
        description="Plan your promotion: readiness, gaps, a plan from today, a 1:1 report.",
    )
    parser.add_argument(
        "--data",
        metavar="PATH",
        help="portfolio file (default: the user data dir, or $PROMO_PLANNER_DATA)",
    )
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="pretend today is this date")
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)
    home = COMMAND_HOMES.get(command_word(argv) or "") if argv is not None else None
    if argv is not None and _skip_global_options(argv) >= len(argv):
        modules: tuple[str, ...] = ()  # the app launch: no command parsers to build (~30 ms)
    else:
        modules = (home,) if home else COMMAND_MODULES
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def _version() -> str:
    from promo_planner import __version__

    return f"promo-planner {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``promo-planner``; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser(args_list)
        args = parser.parse_args(args_list)
        ctx = Context.from_args(args)
        handler = getattr(args, "handler", None)
        if args.command is None:
            return _run_tui(ctx)
        if handler is None:  # a group such as `evidence` without its subcommand
            raise InputError(f"promo-planner {args.command}: a subcommand is required (see --help)")
        return int(handler(args, ctx))
    except InputError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: never a traceback
        if os.environ.get("PROMO_PLANNER_DEBUG"):
            raise
        print(f"promo-planner: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


def _run_tui(ctx: Context) -> int:
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise InputError("promo-planner: the app needs a terminal; use a subcommand (see --help)")
    from promo_planner.tui import pause_collection

    pause_collection()  # until the first frame: see promo_planner.tui
    from promo_planner.tui.app import make_app

    app = make_app(data_path=ctx.data_path, today=ctx.today_override)
    app.run()
    return int(app.return_code or 0)


__all__ = ["Context", "build_parser", "main", "parse_date"]
