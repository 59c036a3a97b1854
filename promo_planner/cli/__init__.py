"""The command line: parses arguments, calls the core, prints. Headless commands never import
Textual; the TUI is imported only when ``promo-planner`` runs without a subcommand.

Each command group lives in its own module with a ``register(subparsers)`` function; handlers
take ``(args, ctx)`` and return an exit code. ``InputError`` from anywhere becomes one line per
problem on stderr and exit code 2; anything unexpected is exit code 1 with a one-line summary
(set ``PROMO_PLANNER_DEBUG=1`` for the traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
from collections.abc import Sequence
from typing import Any

from promo_planner.cli.context import Context, parse_date
from promo_planner.core.errors import InputError

# Command modules, each with ``register(subparsers)``. Imported lazily in build_parser.
COMMAND_MODULES = (
    "promo_planner.cli.guideline_cmd",
    "promo_planner.cli.portfolio_cmd",
    "promo_planner.cli.path_cmd",
    "promo_planner.cli.report_cmd",
    "promo_planner.cli.checkin_cmd",
    "promo_planner.cli.profile_cmd",
    "promo_planner.cli.capture_cmd",
    "promo_planner.cli.suggest_cmd",
    "promo_planner.cli.completion_cmd",
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
    "checkin": "promo_planner.cli.checkin_cmd",
    "profile": "promo_planner.cli.profile_cmd",
    "capture": "promo_planner.cli.capture_cmd",
    "inbox": "promo_planner.cli.capture_cmd",
    "suggest": "promo_planner.cli.suggest_cmd",
    "nudges": "promo_planner.cli.suggest_cmd",
    "completion": "promo_planner.cli.completion_cmd",
}
# Global options that take a value: skipped when looking for the command word.
_GLOBAL_VALUES = ("--data", "--today")


class ArgumentParser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit code 2 (no usage dump).

    Every command's parser also takes the global options ``--data`` and ``--today`` after the
    command word (SPEC 7); ``Context.from_args`` reconciles them with the ones given before it.
    A blank value is a usage error wherever a value is required (``--date ""`` is not today,
    ``--data ""`` not the default portfolio); only an option whose default is the empty text
    takes one, meaning that default.
    """

    def __init__(self, *args: Any, global_options: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if global_options:
            add_global_options(self, after_command=True)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(f"{self.prog}: {message} (see --help)")

    def _get_value(self, action: argparse.Action, arg_string: str) -> Any:
        default = action.default
        blank_allowed = isinstance(default, str) and not default.strip()
        is_value = action.nargs not in (argparse.PARSER, argparse.REMAINDER)  # not a command
        if is_value and not arg_string.strip() and not blank_allowed:
            # Named as --help shows it, like every other bad value: "--date: must not be empty".
            name = "/".join(action.option_strings) or action.metavar or action.dest
            raise InputError(f"{name}: must not be empty")
        return super()._get_value(action, arg_string)


def add_global_options(parser: argparse.ArgumentParser, *, after_command: bool = False) -> None:
    """``--data`` and ``--today`` on ``parser``; after the command they keep their own names
    (``data_after``, ``today_after``) and are absent unless given."""
    extra: dict[str, Any] = {"default": argparse.SUPPRESS} if after_command else {}
    suffix = "_after" if after_command else ""
    parser.add_argument(
        "--data",
        dest=f"data{suffix}",
        metavar="PATH",
        help="portfolio file (default: the user data dir, or $PROMO_PLANNER_DATA)",
        **extra,
    )
    parser.add_argument(
        "--today",
        dest=f"today{suffix}",
        metavar="YYYY-MM-DD",
        help="pretend today is this date",
        **extra,
    )


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
        global_options=False,
    )
    add_global_options(parser)
    parser.add_argument(
        "--version",
        action="store_true",
        help="the version, the portfolio schema version and the data folder",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)
    home = COMMAND_HOMES.get(command_word(argv) or "") if argv is not None else None
    if argv is not None and _skip_global_options(argv) >= len(argv):
        modules: tuple[str, ...] = ()  # the app launch: no command parsers to build (~30 ms)
    else:
        modules = (home,) if home else COMMAND_MODULES
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``promo-planner``; returns the exit code.

    Everything printed passes ``output.SafeStream`` (control characters in stored text made
    visible); a stdout that cannot be written (a full disk) is one line and exit code 2, a
    closed pipe a quiet exit.
    """
    if argv is None and "_ARGCOMPLETE" in os.environ:
        # The shell asks what Tab offers (cli/completion.py): answered before any parsing, so
        # ordinary commands never load argcomplete.
        from promo_planner.cli.completion import complete

        return complete()
    from promo_planner.cli.output import OutputError, SafeStream

    args_list = list(sys.argv[1:] if argv is None else argv)
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)
    try:
        code = _main(args_list)
        sys.stdout.flush()
        return code
    except OutputError as exc:
        _discard_pending(out)
        if exc.errno == errno.EPIPE or exc.stream is not out:
            return 0 if exc.errno == errno.EPIPE else 2
        with contextlib.suppress(OSError):
            print(f"promo-planner: cannot write the output: {exc}", file=err)
        return 2
    finally:
        sys.stdout, sys.stderr = out, err


def _main(args_list: list[str]) -> int:
    from promo_planner.cli.output import OutputError

    ctx: Context | None = None
    try:
        check_encoding(args_list)
        parser = build_parser(args_list)
        args = parser.parse_args(args_list)
        ctx = Context.from_args(args)
        handler = getattr(args, "handler", None)
        if args.version:  # after parsing: --data may come before or after it
            from promo_planner.cli.version import version_text

            print(version_text(ctx.data_path), end="")
            return 0
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
    except SystemExit as exc:  # --help: printed, and flushed in main
        return exc.code if isinstance(exc.code, int) else 0
    except (OutputError, BrokenPipeError):
        raise
    except Exception as exc:  # the last line of defence: never a traceback
        problem = _environment_problem(exc, ctx)
        if problem is not None:
            print(problem, file=sys.stderr)
            return 2
        if os.environ.get("PROMO_PLANNER_DEBUG"):
            raise
        print(f"promo-planner: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


def check_encoding(argv: Sequence[str]) -> None:
    """InputError naming the first argument that holds bytes that are not UTF-8.

    Python hands such bytes on as lone surrogates; once stored or printed they would fail
    far from here. File names are no exception: every argument must be UTF-8 text.
    """
    from promo_planner.core.visible import visible

    for i, arg in enumerate(argv):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            pass
        else:
            continue
        if arg.startswith("--") and "=" in arg:
            where, _, arg = arg.partition("=")
        elif i and argv[i - 1].startswith("-") and not arg.startswith("-"):
            where = argv[i - 1]
        else:
            where = f"argument {i + 1}"
        raise InputError(
            f"promo-planner: {where}: '{visible(arg)}' is not UTF-8 text"
            " (bytes that are not UTF-8 shown as \\xNN); give it in UTF-8"
        )


# SQLite's words for what the machine, not the program, got wrong: one line and exit code 2.
_SQLITE_PROBLEMS = {
    "database or disk is full": "the disk is full; nothing was saved",
    "attempt to write a readonly database": (
        "read-only (the file or its folder): nothing was saved; check the permissions"
    ),
    "unable to open database file": "cannot be opened; check the path and its permissions",
    "disk I/O error": "a disk I/O error; nothing was saved",
    "file is not a database": "not a promo-planner portfolio (not an SQLite database)",
    "database disk image is malformed": "damaged (the database is malformed)",
    "database is locked": "busy: another program holds it locked; try again",
}


def _environment_problem(exc: Exception, ctx: Context | None) -> str | None:
    """The one line for an error of the machine (a full disk, a read-only or damaged
    portfolio) that reached the command line, or None for a real internal error."""
    sqlite3 = sys.modules.get("sqlite3")  # never imported just for this
    if sqlite3 is None or not isinstance(exc, sqlite3.Error):
        return None
    text = str(exc)
    where = f"--data {ctx.data_path}" if ctx is not None else "the portfolio"
    for words, said in _SQLITE_PROBLEMS.items():
        if words in text:
            return f"{where}: {said}"
    return None


def _discard_pending(stream: object) -> None:
    """Point a failed stdout at /dev/null, so the interpreter's last flush of what is still
    buffered cannot fail again (with a message and a traceback) after the clear line."""
    real = sys.__stdout__
    if real is None or stream is not real:
        return  # not the process's own stdout (a test's capture): nothing is left to flush
    try:
        fd = real.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def _run_tui(ctx: Context) -> int:
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise InputError("promo-planner: the app needs a terminal; use a subcommand (see --help)")
    from promo_planner.cli.output import check_data_path

    check_data_path(ctx)  # before the terminal is taken over: a FIFO or a folder is one line
    from promo_planner.tui import pause_collection, read_ahead

    pause_collection()  # until the first frame: see promo_planner.tui
    # The portfolio is read in a child process while Textual is imported (see read_ahead).
    ahead = read_ahead.start(ctx.data_path, ctx.today)
    try:
        from promo_planner.cli.output import raw_streams
        from promo_planner.tui.app import make_app

        app = make_app(data_path=ctx.data_path, today=ctx.today_override, read_ahead=ahead)
        with raw_streams():  # the app draws the terminal itself
            app.run()
    finally:
        if ahead is not None:
            ahead.close()
    return int(app.return_code or 0)


__all__ = ["Context", "build_parser", "main", "parse_date"]
