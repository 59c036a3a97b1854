"""``promo-planner capture git`` and ``promo-planner inbox ...``: work found in a repository's
history waits in the inbox until the engineer accepts it as evidence or dismisses it.

The repository is read before the portfolio is opened, so a bad repository writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from promo_planner.cli.context import Context, parse_date
from promo_planner.cli.output import open_portfolio, print_json, table
from promo_planner.core.errors import InputError

if TYPE_CHECKING:
    from promo_planner.core.inbox import Candidate
    from promo_planner.core.store import Store
    from promo_planner.core.suggest import CriterionRanker, Suggestion

# How many new candidates `capture git` lists before pointing at `inbox list`.
LISTED_AFTER_CAPTURE = 15
# Suggestions shown per candidate by `inbox list`.
SUGGESTED = 3
# Candidates `inbox list` shows as text unless --limit says otherwise.
LISTED = 25


def register(subparsers: Any) -> None:
    """Add the ``capture`` and ``inbox`` command groups."""
    group = subparsers.add_parser("capture", help="find your work where it already is")
    sub = group.add_subparsers(dest="capture_command", metavar="SOURCE")
    p = sub.add_parser(
        "git",
        help="merges, pull requests, tickets and releases of yours in a repository",
        description="Read a repository's main line and tags and put your work in the inbox. "
        "Run it again any time: nothing is proposed twice.",
    )
    p.add_argument("repo", nargs="?", default=".", metavar="REPO", help="default: this folder")
    p.add_argument(
        "--since",
        metavar="DATE",
        help="only work from this date on (YYYY-MM-DD; default: the start of the guideline's "
        "evidence window, when it has one, else all of it)",
    )
    p.add_argument(
        "--author",
        action="append",
        default=[],
        metavar="EMAIL",
        help="whose work (repeatable; default: the repository's git config user.email)",
    )
    p.set_defaults(handler=capture_git_command)

    group = subparsers.add_parser("inbox", help="review captured work: accept it or dismiss it")
    sub = group.add_subparsers(dest="inbox_command", metavar="SUBCOMMAND")
    p = sub.add_parser("list", help="candidates waiting for review, with suggested criteria")
    p.add_argument("--all", action="store_true", help="accepted and dismissed ones too")
    p.add_argument(
        "--limit",
        type=int,
        metavar="N",
        help=f"the newest N (default: {LISTED} in the text list, all in JSON; 0: all)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=inbox_list_command)
    p = sub.add_parser("accept", help="make a candidate evidence; prints the evidence id")
    p.add_argument("id", type=int, metavar="N")
    p.add_argument(
        "--criterion",
        action="append",
        default=[],
        metavar="ID[:partial]",
        help="a criterion it shows, fully or :partial (repeatable)",
    )
    p.set_defaults(handler=inbox_accept_command)
    p = sub.add_parser("dismiss", help="not evidence: never proposed again")
    p.add_argument("id", type=int, metavar="N")
    p.set_defaults(handler=inbox_dismiss_command)
    p = sub.add_parser("restore", help="bring a dismissed candidate back for review")
    p.add_argument("id", type=int, metavar="N")
    p.set_defaults(handler=inbox_restore_command)


# --------------------------------------------------------------------------- capture git


def capture_git_command(args: argparse.Namespace, ctx: Context) -> int:
    """Read the repository, add what is new to the inbox, say what was added."""
    from promo_planner.core.capture import add_to_inbox, read_git

    since = parse_date(args.since, "--since") if args.since else None
    if any(not author.strip() for author in args.author):
        raise InputError("--author: must be an email address, not empty")
    history, authors = read_git(args.repo, args.author)
    why = ""
    with open_portfolio(ctx, create=True) as store:
        if since is None:
            since = _window_start(store, ctx)
            why = " (the evidence window; --since to choose)" if since else ""
        result = add_to_inbox(store, history, authors, since=since)
    who = ", ".join(sorted(authors))
    when = f" since {since.isoformat()}{why}" if since else ""
    print(f"Read {result.commits_read:,} commits of {result.repository}; looking for {who}{when}.")
    already = len(result.found) - len(result.added)
    if not result.authored:
        print(
            f"No commits by {who} there: is that the email your commits carry?"
            f" (git -C {args.repo} log --format=%ae | sort -u lists them; --author EMAIL)"
        )
        return 0
    if not result.added:
        print("Nothing new to review: everything found is in the inbox already.")
        return 0
    noun = "candidate" if len(result.added) == 1 else "candidates"
    known = f"; {already} found were already in the inbox" if already else ""
    print(f"Added {len(result.added)} {noun} to the inbox{known}:")
    newest = sorted(result.added, key=lambda c: (c.date, c.id), reverse=True)
    print(_candidate_table(newest[:LISTED_AFTER_CAPTURE]), end="")
    if len(newest) > LISTED_AFTER_CAPTURE:
        print(f"... and {len(newest) - LISTED_AFTER_CAPTURE} more.")
    print("Review: promo-planner inbox list; then inbox accept N --criterion ID or inbox dismiss N")
    return 0


def _window_start(store: Store, ctx: Context) -> dt.date | None:
    """The first day of the plan's evidence window: older work would not count anyway."""
    if store.plan() is None:
        return None
    from promo_planner.core.readiness import window_start

    return window_start(ctx.today, store.guideline().promotion.evidence_window_months)


def _candidate_table(candidates: Sequence[Candidate]) -> str:
    rows = [("#", "DATE", "KIND", "TITLE", "SIZE")]
    for c in candidates:
        rows.append((str(c.id), c.date.isoformat(), c.kind, c.title, _size(c)))
    return table(rows, right={0})


def _size(candidate: Candidate) -> str:
    commits = len(candidate.commits)
    return f"+{candidate.added:,}/−{candidate.removed:,}, {commits} commit{'s' * (commits != 1)}"


# --------------------------------------------------------------------------- inbox


def inbox_list_command(args: argparse.Namespace, ctx: Context) -> int:
    """The candidates to review (``--all``: every one), newest first, with suggestions."""
    if args.limit is not None and args.limit < 0:
        raise InputError(f"--limit: {args.limit} must be 0 (all) or more")
    limit = args.limit if args.limit is not None else (0 if args.json else LISTED)
    if not ctx.data_path.exists():
        candidates: list[Candidate] = []
        ranker = None
        total = 0
    else:
        with open_portfolio(ctx) as store:
            candidates = store.candidates(None if args.all else "pending")
            total = len(candidates)
            candidates = candidates[:limit] if limit else candidates
            ranker = _ranker(store) if any(c.status == "pending" for c in candidates) else None
    suggested = {
        c.id: _suggest(ranker, c) if ranker and c.status == "pending" else [] for c in candidates
    }
    if args.json:
        print_json(
            [
                {**c.to_json(), "suggested": [s.to_json() for s in suggested[c.id]]}
                for c in candidates
            ]
        )
        return 0
    if not candidates:
        print("The inbox is empty: promo-planner capture git REPO finds your work in a repository")
        return 0
    for c in candidates:
        status = "" if c.status == "pending" else f"  [{_status(c)}]"
        print(f"#{c.id}  {c.date.isoformat()}  {c.kind}  {c.title}{status}")
        detail = [*c.impact, c.source, *c.links[:1]]
        print(f"    {' · '.join(detail)}")
        if suggested[c.id]:
            names = "; ".join(_suggestion_words(s) for s in suggested[c.id])
            print(f"    suggested: {names}")
    if total > len(candidates):
        print(f"... and {total - len(candidates)} older (inbox list --limit 0 shows them all)")
    if ranker is None and any(c.status == "pending" for c in candidates):
        print("(no plan yet, so no suggested criteria: promo-planner init ...)")
    return 0


def _status(candidate: Candidate) -> str:
    if candidate.status == "accepted" and candidate.evidence_id:
        return f"accepted as evidence {candidate.evidence_id}"
    return candidate.status


def _suggestion_words(suggestion: Suggestion) -> str:
    words = ", ".join(suggestion.words[:4])
    return f"{suggestion.criterion.id} ({words})"


def _ranker(store: Store, leave_out: int | None = None) -> CriterionRanker | None:
    """The target's ranker (``suggest.ranker_for``), or None before ``init``."""
    if store.plan() is None:
        return None
    from promo_planner.core.suggest import ranker_for

    return ranker_for(store, leave_out)


def _suggest(ranker: CriterionRanker, candidate: Candidate) -> list[Suggestion]:
    from promo_planner.core.suggest import candidate_text

    return ranker.rank(candidate.title, candidate_text(candidate), limit=SUGGESTED)


def inbox_accept_command(args: argparse.Namespace, ctx: Context) -> int:
    """Make a candidate evidence, linked to the criteria given; prints the evidence id."""
    from promo_planner.cli.criteria import canonical_links
    from promo_planner.cli.evidence_cmd import _criterion_links
    from promo_planner.core.inbox import evidence_draft

    links = _criterion_links(args.criterion)  # checked before anything is opened
    with open_portfolio(ctx) as store:
        candidate = store.candidate(args.id)
        if links:
            plan = store.require_plan()
            links = canonical_links(store.guideline(), links, ctx, plan.target_level)
        evidence = store.accept_candidate(
            args.id, evidence_draft(candidate, links), today=ctx.today
        )
        hints = [] if links else _hints(store, evidence.id)
    print(evidence.id)
    if hints:
        print(f"Not linked to any criterion yet. Suggested: {'; '.join(hints)}")
        print(f"Link one: promo-planner evidence link {evidence.id} CRITERION [--partial]")
    return 0


def _hints(store: Store, evidence_id: int) -> list[str]:
    ranker = _ranker(store, leave_out=evidence_id)
    if ranker is None:
        return []
    from promo_planner.core.suggest import evidence_text

    item = store.evidence(evidence_id)
    return [_suggestion_words(s) for s in ranker.rank(item.title, evidence_text(item), SUGGESTED)]


def inbox_dismiss_command(args: argparse.Namespace, ctx: Context) -> int:
    """Dismiss a candidate: kept, never proposed again."""
    with open_portfolio(ctx) as store:
        candidate = store.dismiss_candidate(args.id)
    print(f"Dismissed #{candidate.id}: {candidate.title}")
    print(f"(capture will not propose it again; promo-planner inbox restore {candidate.id} undoes)")
    return 0


def inbox_restore_command(args: argparse.Namespace, ctx: Context) -> int:
    """Put a dismissed candidate back for review."""
    with open_portfolio(ctx) as store:
        candidate = store.restore_candidate(args.id)
    print(f"Back in the inbox: #{candidate.id} {candidate.title}")
    return 0
