"""``promo-planner profile``: who the reports are about (SPEC 6): name, role or team, manager."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from promo_planner.cli.context import Context
from promo_planner.cli.output import open_portfolio, print_json
from promo_planner.core.errors import InputError

FIELDS = ("name", "role", "manager")
LABELS = {"name": "name", "role": "role or team", "manager": "manager"}


def register(subparsers: Any) -> None:
    """Add the ``profile`` commands."""
    profile = subparsers.add_parser("profile", help="who the reports are about")
    sub = profile.add_subparsers(dest="profile_command", metavar="SUBCOMMAND")
    p = sub.add_parser("set", help="set your name, role or team, and manager (shown on reports)")
    p.add_argument("--name", metavar="T", help="your name")
    p.add_argument("--role", metavar="T", help="your role or team")
    p.add_argument("--manager", metavar="T", help="your manager's name")
    p.set_defaults(handler=set_command)
    p = sub.add_parser("clear", help="clear fields of the profile")
    p.add_argument(
        "fields", nargs="+", choices=FIELDS, metavar="FIELD", help="name, role or manager"
    )
    p.set_defaults(handler=clear_command)
    p = sub.add_parser("show", help="the profile")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=show_command)


def set_command(args: argparse.Namespace, ctx: Context) -> int:
    """Change the fields given; the others stay."""
    given = {f: getattr(args, f) for f in FIELDS if getattr(args, f) is not None}
    if not given:
        raise InputError(
            "promo-planner profile set: give at least one of --name, --role, --manager"
        )
    with open_portfolio(ctx) as store:
        store.require_plan()
        stored = store.set_profile(replace(store.profile(), **given))
    _print(stored.fields())
    return 0


def clear_command(args: argparse.Namespace, ctx: Context) -> int:
    """Clear the fields named."""
    with open_portfolio(ctx) as store:
        store.require_plan()
        stored = store.set_profile(replace(store.profile(), **dict.fromkeys(args.fields, "")))
    _print(stored.fields())
    return 0


def show_command(args: argparse.Namespace, ctx: Context) -> int:
    """Print the profile."""
    with open_portfolio(ctx) as store:
        store.require_plan()
        fields = store.profile().fields()
    if args.json:
        print_json(fields)
        return 0
    _print(fields)
    if not any(fields.values()):
        print('(reports do not say whose they are: promo-planner profile set --name "...")')
    return 0


def _print(fields: dict[str, str]) -> None:
    width = max(len(label) for label in LABELS.values())
    for key, value in fields.items():
        print(f"{LABELS[key]:<{width}}  {value or '(not set)'}")
