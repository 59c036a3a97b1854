"""What the Tab key offers: commands, options, and the portfolio's own criterion ids, evidence
ids, levels and inbox numbers where an argument takes them.

The shell scripts that ``promo-planner completion SHELL`` prints (argcomplete's) run
``promo-planner`` itself with the command line in ``COMP_LINE``; ``main`` hands such a run to
``complete`` before any parsing, so ordinary commands never import this module or argcomplete.

argcomplete rather than shtab: shtab writes static scripts, and the portfolio's own ids would
need a hand-written shell function per shell calling back into the program; argcomplete asks
the program on every Tab, so one Python completer serves bash, zsh and fish, with the
criterion's title beside its id where the shell shows descriptions (zsh, fish).

A Tab reads the portfolio (``--data``, ``$PROMO_PLANNER_DATA`` or the default) read-only: it
never creates, migrates or locks it, and anything it cannot read offers nothing rather than an
error in the middle of the user's command line (``_ARC_DEBUG=1`` shows why).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from promo_planner.core.ladder import Guideline
    from promo_planner.core.store import Store

Offer = Mapping[str, str]
"""Completions, each with the words a shell shows beside it (zsh, fish)."""
Completer = Callable[..., Iterable[str] | Offer]

EVIDENCE_OFFERED = 100
"""The newest evidence ids matching what was typed, at most: a shell asks before showing
hundreds, and one more digit narrows them."""


def complete() -> int:
    """Answer the shell's completion request in the environment (argcomplete's protocol:
    ``_ARGCOMPLETE``, ``COMP_LINE``, ``COMP_POINT``, the answer on fd 8) and return the exit
    code."""
    from argcomplete.completers import SuppressCompleter
    from argcomplete.finders import CompletionFinder

    from promo_planner.cli import build_parser

    class Finder(CompletionFinder):
        """Options appear once a ``-`` is typed, or when no argument is due and nothing else
        fits (``promo-planner gaps <Tab>``): ids and levels are not buried under them, and a
        Tab where a title is due does not start an option."""

        def collect_completions(
            self,
            active_parsers: list[argparse.ArgumentParser],
            parsed_args: argparse.Namespace,
            cword_prefix: str,
        ) -> list[str]:
            found: list[str] = super().collect_completions(
                active_parsers, parsed_args, cword_prefix
            )
            due = self._get_next_positional()  # type: ignore[no-untyped-call]
            if not found and not cword_prefix and due is None:
                self.always_complete_options = True
                options = self._get_option_completions
                found = options(active_parsers[-1], cword_prefix)  # type: ignore[no-untyped-call]
            return found

    parser = build_parser()
    attach_completers(parser)
    try:
        Finder()(
            parser,
            always_complete_options=False,
            exit_method=sys.exit,
            # Free text (a title, a note), a number or a date: nothing to offer.
            default_completer=SuppressCompleter(),
        )
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 0
    finally:
        for store in _STORES.values():
            store.close()
        _STORES.clear()
    return 1  # argcomplete returns only when the environment asks for no completion


# --------------------------------------------------------------------------- where


def attach_completers(parser: argparse.ArgumentParser) -> None:
    """Give every argument of every command its completer (``COMPLETERS`` by command and
    destination, files by metavar); the rest offer nothing (free text, numbers, dates)."""
    for command, action in arguments(parser):
        completer = COMPLETERS.get((command, action.dest))
        if completer is None and _names_a_file(action):
            completer = _files
        if completer is not None:
            action.completer = completer  # type: ignore[attr-defined]


def arguments(
    parser: argparse.ArgumentParser, command: str = ""
) -> Iterable[tuple[str, argparse.Action]]:
    """Every ``(command, action)`` of ``parser`` and its subcommands, the command as typed
    (``evidence link``; ``""`` for the global options)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from arguments(sub, f"{command} {name}".strip())
        else:
            yield command, action


_FILE_METAVARS = frozenset({"FILE", "PATH", "OUT", "OLD.yaml"})


def _names_a_file(action: argparse.Action) -> bool:
    return action.metavar in _FILE_METAVARS or action.dest in ("data", "data_after", "output")


# --------------------------------------------------------------------------- the portfolio


_STORES: dict[Path, Store] = {}
"""The portfolio a Tab reads, opened once and closed when the answer is written."""


def _portfolio(parsed_args: argparse.Namespace) -> Store:
    """The portfolio the command line names, opened read-only."""
    from promo_planner.cli.context import Context
    from promo_planner.core.store import Store

    path = Context.from_args(parsed_args).data_path
    if path not in _STORES:
        _STORES[path] = Store.open(path, read_only=True)
    return _STORES[path]


def _quiet(completer: Callable[..., Offer]) -> Completer:
    """A completer that offers nothing, instead of failing, when the portfolio cannot be read
    (none yet, another application's file, an older schema, a bad ``--today``): a Tab must
    never print into the user's command line. ``_ARC_DEBUG=1`` shows why."""

    def run(prefix: str, parsed_args: argparse.Namespace, **kwargs: Any) -> Offer:
        try:
            return completer(prefix, parsed_args, **kwargs)
        except Exception as exc:  # anything at all: the shell only ever sees candidates
            from argcomplete.io import debug

            debug(f"no completions: {type(exc).__name__}: {exc}")
            return {}

    return run


def _one_line(text: str) -> str:
    from promo_planner.core.visible import visible

    return visible(" ".join(text.split()))


def _planned(parsed_args: argparse.Namespace) -> tuple[Guideline, str]:
    """The portfolio's ladder and target level."""
    store = _portfolio(parsed_args)
    plan = store.require_plan()
    return store.guideline(), plan.target_level


@_quiet
def criteria(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> Offer:
    """Criteria of the target level's required set whose id starts with ``prefix`` (any of the
    ladder's when none of those does), titled; ``ID:`` offers ``ID:partial``."""
    guideline, target = _planned(parsed_args)
    name, colon, _strength = prefix.rpartition(":")
    canonical = guideline.canonical_id(name) if colon else None
    if canonical is not None:
        title = _one_line(guideline.criterion_by_id[canonical].title)
        return {f"{name}:partial": f"shows it in part: {title}"}
    for pool in (guideline.required(target), guideline.criteria):
        found = {c.id: _one_line(c.title) for c in pool if c.id.startswith(prefix)}
        if found:
            return found
    return {}


@_quiet
def linked_criteria(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> Offer:
    """The criteria the evidence named before (``evidence unlink ID``) is linked to."""
    store = _portfolio(parsed_args)
    evidence = store.evidence(int(parsed_args.id))
    guideline = store.guideline()
    titles = {c.id: c.title for c in guideline.criteria}
    return {
        link.criterion_id: _one_line(titles.get(link.criterion_id, "not in the ladder any more"))
        for link in evidence.criteria
        if link.criterion_id.startswith(prefix)
    }


@_quiet
def evidence_ids(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> Offer:
    """The newest evidence whose id starts with ``prefix``, with its date and title."""
    store = _portfolio(parsed_args)
    items = store.evidence_items(store.evidence_ids(prefix, limit=EVIDENCE_OFFERED))
    return {str(e.id): f"{e.date.isoformat()} {_one_line(e.title)}" for e in items}


@_quiet
def candidates(prefix: str, parsed_args: argparse.Namespace, **kwargs: Any) -> Offer:
    """Inbox numbers: waiting ones for ``accept``/``dismiss``, dismissed ones for ``restore``."""
    restoring = getattr(parsed_args, "inbox_command", None) == "restore"
    store = _portfolio(parsed_args)
    found = store.candidates("dismissed" if restoring else "pending")
    return {
        str(c.id): f"{c.date.isoformat()} {_one_line(c.title)}"
        for c in found
        if str(c.id).startswith(prefix)
    }


@_quiet
def levels(
    prefix: str, parsed_args: argparse.Namespace, action: argparse.Action, **_: Any
) -> Offer:
    """Levels of the ladder named on the line (``--guideline``, ``guideline show NAME``), else
    of the portfolio's; ``init --target`` only those above ``--current``."""
    named = getattr(parsed_args, "guideline", None)
    if named:
        from promo_planner.core.loader import resolve_guideline

        guideline = resolve_guideline(named)
    else:
        guideline = _portfolio(parsed_args).guideline()
    offered = list(guideline.levels)
    current = getattr(parsed_args, "current", None)
    if action.dest == "target" and current in guideline.level_by_id:
        above = set(guideline.descendants(current)) - {current}
        offered = [lv for lv in offered if lv.id in above]
    return {
        lv.id: _one_line(lv.title + (f" [{lv.track}]" if lv.track else ""))
        for lv in offered
        if lv.id.startswith(prefix)
    }


@_quiet
def guidelines(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> Offer:
    """Ladder ids (the bundled ones and your folders'), then guideline files."""
    found: dict[str, str] = {}
    if "/" not in prefix and not prefix.startswith((".", "~")):
        from promo_planner.core.loader import bundled_guidelines

        found = {
            g.id: _one_line(g.name) for _, g in bundled_guidelines() if g.id.startswith(prefix)
        }
    return {**found, **_files(prefix, allowed=("yaml", "yml"))}


@_quiet
def question_keys(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> Offer:
    """The 1:1 questions ``answer`` takes, with the question."""
    from promo_planner.core.records import QUESTIONS

    return {key: question for key, question in QUESTIONS if key.startswith(prefix)}


def _files(prefix: str, allowed: tuple[str, ...] = (), **_: Any) -> Offer:
    from argcomplete.completers import FilesCompleter

    return dict.fromkeys(FilesCompleter(allowednames=allowed)(prefix), "")


def _directories(prefix: str, **_: Any) -> Offer:
    from argcomplete.completers import DirectoriesCompleter

    return dict.fromkeys(DirectoriesCompleter()(prefix), "")


COMPLETERS: dict[tuple[str, str], Completer] = {
    **dict.fromkeys(
        [
            ("evidence show", "id"),
            ("evidence link", "id"),
            ("evidence unlink", "id"),
            ("evidence remove", "id"),
            ("suggest", "id"),
        ],
        evidence_ids,
    ),
    **dict.fromkeys(
        [
            ("evidence add", "criterion"),
            ("evidence link", "criterion"),
            ("inbox accept", "criterion"),
            ("rate", "criterion"),
        ],
        criteria,
    ),
    ("evidence unlink", "criterion"): linked_criteria,
    **dict.fromkeys([("inbox accept", "id"), ("inbox dismiss", "id")], candidates),
    ("inbox restore", "id"): candidates,
    **dict.fromkeys([("init", "current"), ("init", "target"), ("guideline show", "level")], levels),
    **dict.fromkeys([("init", "guideline"), ("guideline show", "guideline")], guidelines),
    ("answer", "key"): question_keys,
    ("capture git", "repo"): _directories,
}
"""The arguments whose values the portfolio or the ladders know, by (command, destination)."""

__all__ = ["COMPLETERS", "arguments", "attach_completers", "complete"]
