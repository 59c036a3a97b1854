"""What changed between two revisions of a ladder, and where the portfolio's links go.

When a portfolio is re-planned onto a newer version of its ladder (same id, new content), the
engineer must see what changed (criteria added, removed, reworded, moved to another level) and
keep every link: a link stored under an id the new revision keeps as an alias, or under the id
of a criterion it renamed, moves to the new id; a link to a criterion the revision removed
stays where it is (kept, not counted) and is listed. Pure functions of the two ladders and the
stored ids, so the CLI, the app and the tests share one answer.

A criterion of the old revision *is* a criterion of the new one when they share the id, when
the new one lists the old id among its aliases, or when they share an alias (two imports of
one source keep the source's id as an alias).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from promo_planner.core.ladder import Criterion, Guideline


@dataclass(frozen=True)
class Moved:
    """One criterion in both revisions: ``old`` as it was, ``new`` as it is."""

    old: Criterion
    new: Criterion


@dataclass(frozen=True)
class LadderChanges:
    """The differences between an old and a new revision of one ladder, in ladder order."""

    added: tuple[Criterion, ...] = ()
    removed: tuple[Criterion, ...] = ()
    renamed: tuple[Moved, ...] = ()
    """Criteria whose id changed (the old id is found through an alias)."""
    reworded: tuple[Moved, ...] = ()
    """Title or description changed."""
    moved: tuple[Moved, ...] = ()
    """Level or area changed."""
    reweighed: tuple[Moved, ...] = ()
    """Weight, evidence required, effort, prerequisites or the opportunity it needs changed."""
    matched: Mapping[str, str] = field(default_factory=dict)
    """Old criterion id -> the id of the same criterion in the new revision."""

    @property
    def empty(self) -> bool:
        """True when no criterion changed (the policy or the levels may still have)."""
        return not (
            self.added
            or self.removed
            or self.renamed
            or self.reworded
            or self.moved
            or self.reweighed
        )


def ladder_changes(old: Guideline, new: Guideline) -> LadderChanges:
    """The criteria ``new`` added, removed, renamed, reworded, moved and reweighed since
    ``old``."""
    matched = _match(old, new)
    new_of = {o: new.criterion_by_id[n] for o, n in matched.items()}
    pairs = [Moved(c, new_of[c.id]) for c in old.criteria if c.id in new_of]
    order = {c.id: i for i, c in enumerate(new.criteria)}
    pairs.sort(key=lambda pair: order[pair.new.id])
    kept = set(matched.values())
    return LadderChanges(
        added=tuple(c for c in new.criteria if c.id not in kept),
        removed=tuple(c for c in old.criteria if c.id not in matched),
        renamed=tuple(p for p in pairs if p.old.id != p.new.id),
        reworded=tuple(
            p
            for p in pairs
            if (p.old.title, p.old.description or "") != (p.new.title, p.new.description or "")
        ),
        moved=tuple(p for p in pairs if (p.old.level, p.old.area) != (p.new.level, p.new.area)),
        reweighed=tuple(p for p in pairs if _terms(p.old, matched) != _terms(p.new, {})),
        matched=matched,
    )


def _terms(c: Criterion, renamed: Mapping[str, str]) -> tuple[object, ...]:
    """What a plan is made of besides the words: effort, weight, evidence, prerequisites."""
    requires = tuple(sorted(renamed.get(r, r) for r in c.requires))
    return (c.weight, c.evidence_required, c.effort_weeks, requires, c.needs_opportunity)


def _match(old: Guideline, new: Guideline) -> dict[str, str]:
    """Old id -> new id for every criterion of ``old`` the new revision still has."""
    names = {c.id: c.id for c in new.criteria}
    for c in new.criteria:
        for alias in c.aliases:
            names.setdefault(alias, c.id)
    # Same id first, so a criterion that kept its id is never claimed through an alias.
    matched = {c.id: c.id for c in old.criteria if c.id in new.criterion_by_id}
    taken = set(matched.values())
    for c in old.criteria:
        if c.id in matched:
            continue
        target = next(
            (names[n] for n in (c.id, *c.aliases) if n in names and names[n] not in taken), None
        )
        if target is not None:
            matched[c.id] = target
            taken.add(target)
    return matched


@dataclass(frozen=True)
class CarriedLinks:
    """Where the stored links and ratings go on the new revision."""

    renames: Mapping[str, str]
    """Stored criterion id -> the new id it moves to (never a chain: targets are new ids)."""
    lost: tuple[tuple[int, str], ...]
    """(evidence id, criterion id) of links to criteria the new revision does not have."""


def carried_links(
    old: Guideline | None, new: Guideline, stored: Iterable[tuple[int | None, str]]
) -> CarriedLinks:
    """Where each stored ``(evidence id, criterion id)`` goes on ``new``.

    A criterion id that ``new`` has stays. One that ``new`` knows as an alias, or that names
    (by id or alias) a criterion of ``old`` that ``new`` still has, moves to the new id.
    Anything else is lost: listed, and left where it is (``evidence id`` None is a rating).
    """
    matched = _match(old, new) if old is not None else {}
    old_names: dict[str, str] = {}
    if old is not None:
        for c in old.criteria:
            for name in (c.id, *c.aliases):
                old_names.setdefault(name, c.id)
    renames: dict[str, str] = {}
    lost: list[tuple[int, str]] = []
    for evidence_id, criterion_id in stored:
        if criterion_id in new.criterion_by_id:
            continue
        target = new.canonical_id(criterion_id)
        if target is None and criterion_id in old_names:
            target = matched.get(old_names[criterion_id])
        if target is not None:
            renames[criterion_id] = target
        elif evidence_id is not None:
            lost.append((evidence_id, criterion_id))
    return CarriedLinks(renames=renames, lost=tuple(lost))


def describe(
    changes: LadderChanges, old: Guideline, new: Guideline, *, limit: int | None = None
) -> list[str]:
    """The changes in words, for the CLI and the app: a summary line, a line for a changed
    promotion policy, then the changed criteria, most consequential first (removed, moved,
    reworded, added, renamed, new terms), at most ``limit`` lines of them. Many criteria
    changed the same way (an importer's new defaults, a re-import with readable ids) are
    one line."""
    counts = [
        (len(changes.removed), "removed"),
        (len(changes.moved), "moved"),
        (len(changes.reworded), "reworded"),
        (len(changes.added), "added"),
        (len(changes.renamed), "renamed"),
        (len(changes.reweighed), "with new terms"),
    ]
    said = [f"{n} {what}" for n, what in counts if n]
    versions = (
        f"version {old.version or 'none'} -> {new.version or 'none'}"
        if old.version != new.version
        else "same version, new content"
    )
    if not said:
        summary = f"{new.id} changed ({versions}); no criterion did."
    else:
        summary = f"{new.id} changed ({versions}): " + ", ".join(said) + "."
    lines = [summary]
    policy = _policy_changes(old, new)
    if policy:
        lines.append(f"  policy    {policy}")
    details: list[str] = []
    details += [f"  removed   {c.id} ({c.level}): {c.title}" for c in changes.removed]
    for p in changes.moved:
        where = []
        if p.old.level != p.new.level:
            where.append(f"level {p.old.level} -> {p.new.level}")
        if p.old.area != p.new.area:
            where.append(f"area {p.old.area} -> {p.new.area}")
        details.append(f"  moved     {p.new.id}: {', '.join(where)}")
    for p in changes.reworded:
        what = (
            f"{p.old.title!r} -> {p.new.title!r}"
            if p.old.title != p.new.title
            else "description reworded"
        )
        details.append(f"  reworded  {p.new.id}: {what}")
    details += [f"  added     {c.id} ({c.level}): {c.title}" for c in changes.added]
    if len(changes.renamed) > _SAME_WAY:
        details.append(
            f"  renamed   {len(changes.renamed)} criteria have new ids; links made with the old "
            "ones follow them"
        )
    else:
        details += [f"  renamed   {p.old.id} -> {p.new.id}" for p in changes.renamed]
    terms: dict[str, list[str]] = {}
    for p in changes.reweighed:
        terms.setdefault(_new_terms(p, changes.matched), []).append(p.new.id)
    for what, ids in terms.items():
        if len(ids) > _SAME_WAY:
            details.append(f"  terms     {len(ids)} criteria: {what}")
        else:
            details += [f"  terms     {cid}: {what}" for cid in ids]
    if limit is not None and len(details) > limit:
        details = [*details[:limit], f"  and {len(details) - limit} more"]
    return [*lines, *details]


_SAME_WAY = 3
"""More criteria than this changed the same way are told as one line."""


def _policy_changes(old: Guideline, new: Guideline) -> str:
    a, b = old.promotion, new.promotion
    parts = [
        f"{label} {x}{unit} -> {y}{unit}"
        for label, x, y, unit in (
            ("readiness threshold", a.readiness_threshold, b.readiness_threshold, "%"),
            ("area floor", a.area_floor, b.area_floor, "%"),
            ("evidence window", a.evidence_window_months, b.evidence_window_months, " months"),
            ("lead", a.lead_weeks, b.lead_weeks, " weeks"),
            ("sustain", a.sustain_weeks, b.sustain_weeks, " weeks"),
        )
        if x != y
    ]
    return ", ".join(parts)


def describe_links(carried: CarriedLinks) -> list[str]:
    """What happened to the stored links and ratings, in words (nothing when nothing moved)."""
    lines = []
    if carried.renames:
        moved = len(carried.renames)
        lines.append(
            f"Links and ratings under {moved} old id{'s' if moved != 1 else ''} now count for "
            "the criteria's new ids: "
            + ", ".join(f"{old} -> {new}" for old, new in list(carried.renames.items())[:5])
            + (f" and {moved - 5} more" if moved > 5 else "")
        )
    if carried.lost:
        listed = ", ".join(f"evidence {e} ({c})" for e, c in carried.lost[:8])
        more = f" and {len(carried.lost) - 8} more" if len(carried.lost) > 8 else ""
        lines.append(
            f"{len(carried.lost)} link{'s' if len(carried.lost) != 1 else ''} to criteria "
            f"this ladder does not have (kept, not counted): {listed}{more}"
        )
    return lines


def _new_terms(pair: Moved, matched: Mapping[str, str]) -> str:
    old, new = pair.old, pair.new
    parts = []
    for label, a, b in (
        ("weight", old.weight, new.weight),
        ("evidence required", old.evidence_required, new.evidence_required),
        ("effort weeks", old.effort_weeks, new.effort_weeks),
    ):
        if a != b:
            parts.append(f"{label} {a} -> {b}")
    if old.needs_opportunity != new.needs_opportunity:
        parts.append("needs an opportunity" if new.needs_opportunity else "no opportunity needed")
    if _terms(old, matched)[3] != _terms(new, {})[3]:
        parts.append("prerequisites changed")
    return ", ".join(parts)
