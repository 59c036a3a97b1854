"""``promo-planner evidence ...``: add, list, show, link, unlink and remove evidence."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from promo_planner.cli.context import Context, parse_date, record_id
from promo_planner.cli.criteria import canonical_links, criterion_named, link_option, stored_name
from promo_planner.cli.output import open_portfolio, print_json, table
from promo_planner.core.errors import InputError
from promo_planner.core.records import CriterionLink, Evidence, EvidenceDraft, Strength


def register(subparsers: Any) -> None:
    """Add the ``evidence`` command group (called by ``portfolio_cmd.register``)."""
    group = subparsers.add_parser("evidence", help="what you did: add, list, show, link, remove")
    sub = group.add_subparsers(dest="evidence_command", metavar="SUBCOMMAND")

    p = sub.add_parser("add", help="record evidence; prints its id")
    p.add_argument("title", metavar="TITLE", help="what you did, in one line")
    p.add_argument("--date", metavar="D", help="when (YYYY-MM-DD; default: today)")
    p.add_argument("--description", default="", metavar="T", help="why it mattered, how it went")
    p.add_argument(
        "--impact",
        action="append",
        default=[],
        metavar="T",
        help="a data point, e.g. 'p99 -40%%' (repeatable)",
    )
    p.add_argument(
        "--link",
        action="append",
        default=[],
        metavar="URL",
        help="a web page (http or https) or mailto: address (repeatable)",
    )
    p.add_argument("--tag", action="append", default=[], metavar="T", help="(repeatable)")
    p.add_argument("--kind", default="", metavar="K", help="project, incident, mentoring, ...")
    p.add_argument(
        "--criterion",
        action="append",
        default=[],
        metavar="ID[:partial]",
        help="a criterion it shows, fully or :partial (repeatable)",
    )
    p.set_defaults(handler=evidence_add_command)

    p = sub.add_parser("list", help="all evidence, newest first")
    p.add_argument("--search", metavar="TEXT", help="only items containing every word")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=evidence_list_command)

    p = sub.add_parser("show", help="one evidence item in full")
    p.add_argument("id", type=record_id, metavar="ID")
    p.set_defaults(handler=evidence_show_command)

    p = sub.add_parser("link", help="link evidence to a criterion")
    p.add_argument("id", type=record_id, metavar="ID")
    p.add_argument("criterion", metavar="CRITERION")
    p.add_argument("--partial", action="store_true", help="shows it only in part")
    p.set_defaults(handler=evidence_link_command)

    p = sub.add_parser("unlink", help="remove a link")
    p.add_argument("id", type=record_id, metavar="ID")
    p.add_argument("criterion", metavar="CRITERION")
    p.set_defaults(handler=evidence_unlink_command)

    p = sub.add_parser("remove", help="delete evidence and its links")
    p.add_argument("id", type=record_id, metavar="ID")
    p.set_defaults(handler=evidence_remove_command)


def _criterion_links(values: Sequence[str]) -> tuple[CriterionLink, ...]:
    links = []
    for value in values:
        name, strength = link_option(value)
        if not name.strip():
            raise InputError(f"--criterion: {value!r} names no criterion (ID or ID:partial)")
        links.append(CriterionLink(name, strength))
    return tuple(links)


_DRAFT_OPTIONS = {
    "title": "TITLE",
    "date": "--date",
    "description": "--description",
    "impact": "--impact",
    "links": "--link",
    "tags": "--tag",
    "kind": "--kind",
    "criteria": "--criterion",
}


def _draft_option(field: str) -> str:
    name = field.split("[", 1)[0].split(".", 1)[0]
    return _DRAFT_OPTIONS.get(name, field)


def evidence_add_command(args: argparse.Namespace, ctx: Context) -> int:
    """Record evidence and print its id alone on stdout."""

    draft = EvidenceDraft(
        title=args.title,
        date=parse_date(args.date, "--date") if args.date else ctx.today,
        description=args.description,
        impact=tuple(args.impact),
        links=tuple(args.link),
        tags=tuple(args.tag),
        kind=args.kind,
        criteria=_criterion_links(args.criterion),
    )
    from promo_planner.core.input_rules import clean_draft, draft_problems

    problems = draft_problems(clean_draft(draft), today=ctx.today)
    if problems:  # named by the option the user typed, before anything is opened
        raise InputError(f"{_draft_option(field)}: {message}" for field, message in problems)
    with open_portfolio(ctx) as store:
        if draft.criteria:
            plan = store.require_plan()
            links = canonical_links(store.guideline(), draft.criteria, ctx, plan.target_level)
            draft = replace(draft, criteria=links)
        evidence = store.add_evidence(draft, today=ctx.today)
    print(evidence.id)
    return 0


def evidence_list_command(args: argparse.Namespace, ctx: Context) -> int:
    """List evidence, newest first, as a table or JSON."""
    if not ctx.data_path.exists():
        items: list[Evidence] = []
    else:
        with open_portfolio(ctx) as store:
            items = store.list_evidence(search=args.search)
    if args.json:
        print_json([item.to_json() for item in items])
        return 0
    if not items:
        print("no evidence yet: promo-planner evidence add TITLE --criterion ID")
        return 0
    rows = [("ID", "DATE", "TITLE", "CRITERIA")]
    for item in items:
        shown = ", ".join(
            c.criterion_id + (" (partial)" if c.strength == "partial" else "")
            for c in item.criteria
        )
        rows.append((str(item.id), item.date.isoformat(), item.title, shown or "-"))
    print(table(rows, fit=2), end="")  # the title gives way, never a criterion id
    return 0


def evidence_show_command(args: argparse.Namespace, ctx: Context) -> int:
    """Print one evidence item in full."""
    with open_portfolio(ctx) as store:
        item = store.evidence(args.id)
        known = store.guideline().criterion_by_id if store.plan() else {}
    lines = [f"#{item.id}  {item.date.isoformat()}  {item.title}"]
    if item.kind:
        lines.append(f"kind: {item.kind}")
    if item.tags:
        lines.append(f"tags: {', '.join(item.tags)}")
    if item.criteria:
        lines.append("criteria:")
        for link in item.criteria:
            criterion = known.get(link.criterion_id)
            title = criterion.title if criterion else "not in the plan's guideline: not counted"
            lines.append(f"  - {link.criterion_id} ({link.strength}): {title}")
    for label, values in (("impact", item.impact), ("links", item.links)):
        if values:
            lines.append(f"{label}:")
            lines.extend(f"  - {value}" for value in values)
    if item.description:
        lines += ["", item.description.rstrip("\n")]
    print("\n".join(lines))
    return 0


def evidence_link_command(args: argparse.Namespace, ctx: Context) -> int:
    """Link evidence to a criterion (full, or ``--partial``)."""
    strength: Strength = "partial" if args.partial else "full"
    with open_portfolio(ctx) as store:
        plan = store.require_plan()
        criterion = criterion_named(store.guideline(), args.criterion, ctx, plan.target_level)
        store.link(args.id, criterion.id, strength, today=ctx.today)
    title = "" if args.criterion == criterion.id else f": {criterion.title}"
    print(f"linked evidence {args.id} to {criterion.id} ({strength}){title}")
    return 0


def evidence_unlink_command(args: argparse.Namespace, ctx: Context) -> int:
    """Remove a link."""
    with open_portfolio(ctx) as store:
        linked = [link.criterion_id for link in store.evidence(args.id).criteria]
        guideline = store.guideline() if store.plan() else None
        name = stored_name(guideline, linked, args.criterion, ctx)
        store.unlink(args.id, name)
    print(f"unlinked evidence {args.id} from {name}")
    return 0


def evidence_remove_command(args: argparse.Namespace, ctx: Context) -> int:
    """Delete evidence and its links."""
    with open_portfolio(ctx) as store:
        item = store.remove_evidence(args.id)
    print(f"removed evidence {item.id}: {item.title}")
    return 0
