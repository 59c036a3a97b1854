"""``promo-planner completion SHELL``: the script that gives Tab completion in bash, zsh or fish
(what Tab then offers is ``completion.py``)."""

from __future__ import annotations

import argparse
from typing import Any

from promo_planner.cli.context import Context

SHELLS = ("bash", "zsh", "fish")
PROGRAM = "promo-planner"

HOW = """\
Prints the script that makes Tab complete promo-planner's commands, options, and your
portfolio's criterion ids, evidence ids and levels. Install it once:

  bash  promo-planner completion bash > ~/.local/share/bash-completion/completions/promo-planner
        (with the bash-completion package; or add to ~/.bashrc:
         eval "$(promo-planner completion bash)")
  zsh   promo-planner completion zsh > ~/.zfunc/_promo-planner
        (with fpath=(~/.zfunc $fpath) before compinit in ~/.zshrc; or add after compinit:
         eval "$(promo-planner completion zsh)")
  fish  promo-planner completion fish > ~/.config/fish/completions/promo-planner.fish

then open a new shell."""


def register(subparsers: Any) -> None:
    """Add the ``completion`` command."""
    p = subparsers.add_parser(
        "completion",
        help="the shell script for Tab completion (bash, zsh, fish)",
        description=HOW,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("shell", choices=SHELLS, metavar="SHELL", help=", ".join(SHELLS))
    p.set_defaults(handler=completion_command)


def completion_command(args: argparse.Namespace, ctx: Context) -> int:
    """Print the completion script for ``args.shell``."""
    from argcomplete.shell_integration import shellcode

    # No fallback to file names where promo-planner offers nothing (a title, a date): the
    # arguments that take a file complete file names themselves.
    print(shellcode([PROGRAM], shell=args.shell, use_defaults=False), end="")
    return 0
