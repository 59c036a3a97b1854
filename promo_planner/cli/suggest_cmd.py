"""``promo-planner suggest EVIDENCE_ID`` (which criteria a piece of evidence most likely shows)
and ``promo-planner nudges`` (gaps gone quiet, evidence leaving the window)."""

from __future__ import annotations

import argparse
from typing import Any

from promo_planner.cli.context import Context
from promo_planner.cli.output import open_portfolio, print_json, table


def register(subparsers: Any) -> None:
    """Add ``suggest`` and ``nudges``."""
    p = subparsers.add_parser(
        "suggest", help="the criteria a piece of evidence most likely shows, and why"
    )
    p.add_argument("id", type=int, metavar="EVIDENCE_ID")
    p.add_argument("--limit", type=int, default=5, metavar="N", help="how many (default 5)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=suggest_command)

    p = subparsers.add_parser(
        "nudges", help="chosen gaps gone quiet, evidence about to leave the window"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=nudges_command)


def suggest_command(args: argparse.Namespace, ctx: Context) -> int:
    """Rank the target's criteria for one evidence item, with the words that matched."""
    from promo_planner.core.errors import InputError
    from promo_planner.core.suggest import evidence_text, ranker_for

    if not 1 <= args.limit <= 100:
        raise InputError(f"--limit: {args.limit} must be between 1 and 100")
    with open_portfolio(ctx) as store:
        plan = store.require_plan()
        item = store.evidence(args.id)
        ranker = ranker_for(store, leave_out=item.id)
    found = ranker.rank(item.title, evidence_text(item), args.limit)
    linked = {link.criterion_id: link.strength for link in item.criteria}
    if args.json:
        print_json(
            {
                "evidence": item.id,
                "target_level": plan.target_level,
                "suggestions": [
                    {**s.to_json(), "linked": linked.get(s.criterion.id)} for s in found
                ],
            }
        )
        return 0
    print(f"#{item.id} {item.title}")
    if not found:
        print(
            f"No criterion of {plan.target_level} shares a word with it: add a description"
            " or impact, or link it by hand (promo-planner evidence link ID CRITERION)."
        )
        return 0
    print(f"Criteria of {plan.target_level} it most likely shows:")
    rows = [("", "CRITERION", "TITLE", "MATCHED")]
    for n, s in enumerate(found, 1):
        mark = f" (linked, {linked[s.criterion.id]})" if s.criterion.id in linked else ""
        rows.append((f"{n}.", s.criterion.id + mark, s.criterion.title, ", ".join(s.words[:6])))
    print(table(rows), end="")
    first = next((s for s in found if s.criterion.id not in linked), None)
    if first is not None:
        print(f"Link: promo-planner evidence link {item.id} {first.criterion.id} [--partial]")
    return 0


def nudges_command(args: argparse.Namespace, ctx: Context) -> int:
    """What has gone quiet on the path, and what leaves the evidence window within a month."""
    from promo_planner.core.nudges import DEFAULT_NUDGE_WEEKS, find_nudges
    from promo_planner.core.portfolio import require_snapshot

    with open_portfolio(ctx) as store:
        snapshot = require_snapshot(store, ctx.today)
    plan, found, path, index = snapshot.plan, snapshot.assessment, snapshot.path, snapshot.index
    window = found.guideline.promotion.evidence_window_months
    weeks = plan.nudge_weeks or DEFAULT_NUDGE_WEEKS
    nudges = find_nudges(
        [item.criterion_id for item in path.items],
        index,
        ctx.today,
        nudge_weeks=weeks,
        window_months=window,
        criteria=found.by_id,
    )
    if args.json:
        print_json({"today": ctx.today.isoformat(), "nudge_weeks": weeks, **nudges.to_json()})
        return 0
    titles = {c.id: c.title for c in found.guideline.criteria}
    if not nudges:
        print(
            f"Nothing to nudge about: no gap on your path has been quiet for {weeks} weeks", end=""
        )
        print(", and no evidence leaves the window within a month." if window else ".")
        return 0
    if nudges.quiet:
        print(f"Gone quiet: gaps on your path with no new evidence for {weeks} weeks or more")
        rows: list[tuple[str, ...]] = [("CRITERION", "LAST EVIDENCE", "QUIET", "TITLE")]
        for q in nudges.quiet:
            rows.append(
                (
                    q.criterion_id,
                    q.last_evidence.isoformat(),
                    f"{q.weeks_quiet} weeks",
                    titles.get(q.criterion_id, ""),
                )
            )
        print(table(rows), end="")
    if nudges.leaving:
        if nudges.quiet:
            print()
        print(f"Leaving the {window}-month evidence window within a month")
        rows = [("CRITERION", "STOPS COUNTING", "EVIDENCE", "COUNTED NOW -> THEN", "TITLE")]
        for w in nudges.leaving:
            rows.append(
                (
                    w.criterion_id,
                    w.leaving[0][1].isoformat(),
                    ", ".join(f"#{i}" for i, _ in w.leaving),
                    f"{w.counted_now} -> {w.counted_after}",
                    titles.get(w.criterion_id, ""),
                )
            )
        print(table(rows), end="")
    return 0
