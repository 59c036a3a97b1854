"""The 1:1 report and the promotion packet (SPEC section 6): built once, rendered as Markdown,
HTML or JSON, and (the 1:1 report) recorded as a check-in when written to a file.

``build_report(store, today)`` reads the portfolio through one snapshot and gathers the
``Facts`` every section draws on (``facts.py``); each section (``sections/``, ``packet/``) is
one file with its model and its three renderings; ``render`` joins them; ``write_report`` writes
a rendering atomically and records the check-in of its day.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from promo_planner.core.errors import InputError
from promo_planner.core.files import write_atomically
from promo_planner.core.records import Checkin, Evidence, Note, Plan, Profile, Rating
from promo_planner.core.report.document import (
    Report,
    compose,
    render_html,
    render_json,
    render_markdown,
    report_to_json,
    wanted_evidence,
)
from promo_planner.core.report.facts import KINDS, Facts, Kind, assemble_facts, facts_of

if TYPE_CHECKING:
    from promo_planner.core.planner import PathPlan
    from promo_planner.core.readiness import Assessment
    from promo_planner.core.snapshot import Snapshot
    from promo_planner.core.store import Store

Format = Literal["md", "html", "json"]
FORMATS: tuple[Format, ...] = ("md", "html", "json")
EXTENSIONS: dict[str, Format] = {
    ".md": "md",
    ".markdown": "md",
    ".txt": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
}
"""The format a file name asks for (``report -o r.json`` writes JSON)."""


def format_for(path: str | os.PathLike[str] | None, given: str | None) -> Format:
    """The format to write: ``given`` when the user chose one, else the one the file name's
    extension asks for (``.md``, ``.html``, ``.json``), else Markdown."""
    if given is not None:
        if given not in FORMATS:
            raise InputError(f"report format {given!r}: unknown (choose md, html or json)")
        return given
    if path is None:
        return "md"
    return EXTENSIONS.get(Path(path).suffix.lower(), "md")


def render(report: Report, fmt: str) -> str:
    """The report in format ``fmt`` (``md``, ``html`` or ``json``)."""
    if fmt == "md":
        return render_markdown(report)
    if fmt == "html":
        return render_html(report)
    if fmt == "json":
        return render_json(report)
    raise InputError(f"report format {fmt!r}: unknown (choose md, html or json)")


def build_report(
    store: Store,
    today: dt.date,
    *,
    kind: Kind = "gap",
    complete: bool = True,
    since: dt.date | None = None,
) -> Report:
    """The report (``kind``: ``gap``, the 1:1 report, or ``packet``) of the portfolio in
    ``store`` as of ``today``, from one snapshot.

    ``complete=False`` reads in full only the evidence the Markdown and HTML reports show (the
    JSON report needs ``complete``): the rest is summed up from the snapshot's index, which on a
    10,000-item portfolio is several times cheaper than reading every item. ``since`` chooses
    the check-in "since the last check-in" compares with (the latest on or before it).
    Raises ``InputError`` ("no plan yet") before ``init``.
    """
    from promo_planner.core.snapshot import read_snapshot
    from promo_planner.core.store import NO_PLAN

    if kind not in KINDS:
        raise InputError(f"report kind {kind!r}: unknown (choose gap or packet)")
    # The index and the shown items are two reads; a write between them (another process
    # removing an item) would leave a shown id without its text, so read again when the
    # portfolio changed meanwhile, and after a few busy rounds read everything in one go.
    for attempt in range(4):
        whole = complete or attempt == 3
        snapshot = read_snapshot(store, today, recent=0, full_evidence=whole)
        if snapshot is None:
            raise InputError(NO_PLAN)
        facts = facts_of(snapshot, kind=kind, since=since)
        if whole:
            return compose(facts)
        shown = store.evidence_items(wanted_evidence(facts))
        if store.data_version() == snapshot.data_version:
            return compose(replace(facts, evidence={e.id: e for e in shown}))
    raise AssertionError("unreachable")  # pragma: no cover


def assemble_report(
    *,
    today: dt.date,
    plan: Plan,
    assessment: Assessment,
    path: PathPlan,
    evidence: Iterable[Evidence],
    kind: Kind = "gap",
    ratings: Iterable[Rating] = (),
    answers: Mapping[str, str] | None = None,
    manager_answers: Mapping[str, str] | None = None,
    notes: Iterable[Note] = (),
    checkins: Iterable[Checkin] = (),
    profile: Profile | None = None,
    since: dt.date | None = None,
) -> Report:
    """The report of these inputs; pure, deterministic, no database (tests build reports
    from hand-made records with it). ``checkins`` are the recorded check-ins, of any target."""
    items = sorted(evidence, key=lambda e: (e.date, e.id), reverse=True)
    facts = assemble_facts(
        today=today,
        plan=plan,
        assessment=assessment,
        path=path,
        index=[(e.id, e.date, e.criteria) for e in items],
        evidence=items,
        kind=kind,
        ratings=ratings,
        answers=answers,
        manager_answers=manager_answers,
        notes=notes,
        checkins=checkins,
        profile=profile,
        since=since,
    )
    return compose(facts)


def brief_markdown(snapshot: Snapshot) -> str:
    """Who and when and the brief of the 1:1 report, as Markdown, from a snapshot the app
    already holds (no second read): the app's Brief tab."""
    from promo_planner.core.report.sections.brief import Brief
    from promo_planner.core.report.sections.heading import Heading

    facts = facts_of(snapshot)
    return "\n\n".join("\n".join(s.of(facts).markdown()) for s in (Heading, Brief)) + "\n"


def write_report(store: Store, report: Report, fmt: str, path: str | os.PathLike[str]) -> Checkin:
    """Render ``report`` as ``fmt`` and write it to ``path`` atomically. A 1:1 report also
    records the check-in of its day in ``store`` (SPEC 6: several reports on one day are one
    check-in); returns that check-in (for a packet, the one it would be, unrecorded).

    A new file is private (0600), as the export is: the report holds the same evidence, notes
    and answers. The portfolio's own files are never overwritten (``files.write_atomically``).
    """
    text = render(report, fmt)
    target = Path(path)
    write_atomically(target, text, shown=str(path), new_mode=0o600, protect=[store.path])
    written = replace(report.checkin(), files=(str(target.resolve()),))
    if report.kind != "gap":
        return written
    return store.record_checkin(written)


__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "KINDS",
    "Facts",
    "Format",
    "Kind",
    "Report",
    "assemble_report",
    "brief_markdown",
    "build_report",
    "format_for",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "report_to_json",
    "write_report",
]
