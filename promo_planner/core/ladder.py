"""The resolved ladder: levels as a tree, areas, criteria with defaults applied, and the set
operations of SPEC section 2 (ancestors, required set, new at target).

Plain frozen dataclasses with no pydantic, so that the app and the headless commands can rebuild a
stored ladder (``to_json``/``from_json``) without paying for the file-format validators at start-up.
The file format and its validation live in ``guideline.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from promo_planner.core.errors import InputError

if TYPE_CHECKING:
    from promo_planner.core.guideline import GuidelineSpec


@dataclass(frozen=True)
class Promotion:
    """Promotion policy of a ladder (threshold in percent, weeks)."""

    readiness_threshold: Decimal
    lead_weeks: int
    sustain_weeks: int
    area_floor: Decimal = Decimal(0)
    """Every area's readiness must reach this percent too (0: no floor)."""
    evidence_window_months: int = 0
    """Only evidence this many calendar months old or newer counts (0: all of it)."""


@dataclass(frozen=True)
class Level:
    """A rung of the ladder; ``parent`` is its predecessor (None for a root)."""

    id: str
    title: str
    summary: str | None
    parent: str | None
    track: str | None


@dataclass(frozen=True)
class Area:
    """A competency area."""

    id: str
    name: str
    description: str | None


@dataclass(frozen=True)
class Criterion:
    """One expectation, with the guideline's defaults already applied."""

    id: str
    area: str
    level: str
    title: str
    description: str | None
    examples: tuple[str, ...]
    evidence_required: int
    effort_weeks: Decimal
    weight: Decimal
    requires: tuple[str, ...]
    supersedes: tuple[str, ...]
    needs_opportunity: bool
    aliases: tuple[str, ...] = ()
    """Other names the criterion answers to (an importer's source id, an id it used to have)."""


def _title_words(criterion: Criterion) -> set[str]:
    return set(re.findall(r"\w+", criterion.title.casefold()))


def _candidates(criteria: list[Criterion], shown: int = 5) -> str:
    """``id (title)`` for the first few, and how many more."""
    parts = []
    for c in criteria[:shown]:
        title = c.title if len(c.title) <= 40 else c.title[:39].rstrip() + "…"
        parts.append(f"{c.id} ({title})")
    more = len(criteria) - shown
    return ", ".join(parts) + (f" and {more} more" if more > 0 else "")


@dataclass(frozen=True)
class Guideline:
    """A validated ladder: levels as a tree, areas and criteria in file order."""

    id: str
    name: str
    version: str | None
    description: str | None
    promotion: Promotion
    levels: tuple[Level, ...]
    areas: tuple[Area, ...]
    criteria: tuple[Criterion, ...]
    source: str = field(default="", compare=False, repr=False)
    """The file's text, so a portfolio can keep an exact copy of what it was planned against."""

    @classmethod
    def from_spec(cls, spec: GuidelineSpec, source: str = "") -> Guideline:
        """Resolve a spec that has no ``semantic_problems`` into a ladder."""
        d = spec.defaults
        levels = tuple(
            Level(
                id=lv.id,
                title=lv.title,
                summary=lv.summary,
                parent=lv.after if lv.after is not None else (spec.levels[i - 1].id if i else None),
                track=lv.track,
            )
            for i, lv in enumerate(spec.levels)
        )
        criteria = tuple(
            Criterion(
                id=c.id,
                area=c.area,
                level=c.level,
                title=c.title,
                description=c.description,
                examples=tuple(c.examples),
                evidence_required=c.evidence_required
                if c.evidence_required is not None
                else d.evidence_required,
                effort_weeks=c.effort_weeks if c.effort_weeks is not None else d.effort_weeks,
                weight=c.weight if c.weight is not None else d.weight,
                requires=tuple(c.requires),
                supersedes=tuple(c.supersedes),
                needs_opportunity=c.needs_opportunity,
                aliases=tuple(c.aliases),
            )
            for c in spec.criteria
        )
        p = spec.promotion
        return cls(
            id=spec.id,
            name=spec.name,
            version=spec.version,
            description=spec.description,
            promotion=Promotion(
                p.readiness_threshold,
                p.lead_weeks,
                p.sustain_weeks,
                p.area_floor,
                p.evidence_window_months,
            ),
            levels=levels,
            areas=tuple(Area(a.id, a.name, a.description) for a in spec.areas),
            criteria=criteria,
            source=source,
        )

    # -- lookups -------------------------------------------------------------------------

    @cached_property
    def level_by_id(self) -> dict[str, Level]:
        """Levels keyed by id."""
        return {lv.id: lv for lv in self.levels}

    @cached_property
    def area_by_id(self) -> dict[str, Area]:
        """Areas keyed by id."""
        return {a.id: a for a in self.areas}

    @cached_property
    def criterion_by_id(self) -> dict[str, Criterion]:
        """Criteria keyed by id."""
        return {c.id: c for c in self.criteria}

    @cached_property
    def alias_owner(self) -> dict[str, Criterion]:
        """Criteria keyed by each of their aliases."""
        return {alias: c for c in self.criteria for alias in c.aliases}

    def canonical_id(self, name: str) -> str | None:
        """The id of the criterion ``name`` is the id or an alias of, or None."""
        if name in self.criterion_by_id:
            return name
        owner = self.alias_owner.get(name)
        return owner.id if owner is not None else None

    def resolve_criterion(self, text: str) -> Criterion:
        """The criterion a person means by ``text`` (SPEC 7).

        In this order: the exact id; an alias; the id or an alias in any case; a unique prefix
        of an id; a title equal to the text; the one title holding every word of the text
        (whole words, then word beginnings); all case-insensitive. The first rule that finds
        anything decides: one criterion is the answer, several are ambiguous. Raises
        ``InputError`` (one line) naming the closest candidates when it is ambiguous or unknown.
        """
        wanted = " ".join(text.split())
        if not wanted:
            raise InputError("criterion: empty; give an id, an alias or words of its title")
        exact = self.criterion_by_id.get(wanted) or self.alias_owner.get(wanted)
        if exact is not None:
            return exact
        folded = wanted.casefold()
        words = re.findall(r"\w+", folded)
        rules: list[Callable[[Criterion], bool]] = [
            lambda c: folded in (c.id.casefold(), *(a.casefold() for a in c.aliases)),
            lambda c: c.id.casefold().startswith(folded),
            lambda c: " ".join(c.title.casefold().split()) == folded,
            lambda c: bool(words) and all(w in _title_words(c) for w in words),
            lambda c: (
                bool(words) and all(any(t.startswith(w) for t in _title_words(c)) for w in words)
            ),
        ]
        for rule in rules:
            found = [c for c in self.criteria if rule(c)]
            if len(found) == 1:
                return found[0]
            if found:
                raise InputError(
                    f"criterion {wanted!r} is ambiguous: {len(found)} criteria match; say which: "
                    + _candidates(found)
                )
        name = f"{self.id} {self.version}" if self.version else self.id
        raise InputError(
            f"criterion {wanted!r}: not in guideline {name} (no id, alias or title matches)"
            + (f"; closest: {_candidates(close)}" if (close := self._closest(folded)) else "")
        )

    def _closest(self, folded: str) -> list[Criterion]:
        """Up to three criteria whose id or title looks most like ``folded``."""
        import difflib

        names: dict[str, Criterion] = {}
        for c in self.criteria:
            names.setdefault(c.id.casefold(), c)
            names.setdefault(c.title.casefold(), c)
        close = difflib.get_close_matches(folded, list(names), n=6, cutoff=0.7)
        return list(dict.fromkeys(names[name] for name in close))[:3]

    def level(self, level_id: str) -> Level:
        """The level with this id; ``KeyError`` naming the known ones otherwise."""
        try:
            return self.level_by_id[level_id]
        except KeyError:
            known = ", ".join(lv.id for lv in self.levels)
            raise KeyError(f"unknown level {level_id!r} (levels: {known})") from None

    # -- the level tree ------------------------------------------------------------------

    def ancestors(self, level_id: str) -> list[str]:
        """The chain of ``after`` links above a level, nearest first (the level excluded)."""
        out: list[str] = []
        node = self.level(level_id).parent
        while node is not None:
            out.append(node)
            node = self.level_by_id[node].parent
        return out

    def is_descendant(self, level_id: str, of: str) -> bool:
        """True when ``level_id`` is ``of`` itself or lies above it on its branch."""
        return level_id == of or of in self.ancestors(level_id)

    def descendants(self, level_id: str) -> list[str]:
        """Levels reachable from ``level_id`` by promotion, itself first, in file order."""
        self.level(level_id)
        found = {level_id}
        pending = [level_id]
        while pending:
            for kid in self._children.get(pending.pop(), ()):
                found.add(kid)
                pending.append(kid)
        return [level_id, *(lv.id for lv in self.levels if lv.id in found and lv.id != level_id)]

    def children(self, level_id: str | None) -> list[str]:
        """Levels directly after ``level_id`` (roots when None), in file order."""
        return list(self._children.get(level_id, ()))

    @cached_property
    def _children(self) -> dict[str | None, tuple[str, ...]]:
        kids: dict[str | None, list[str]] = {}
        for lv in self.levels:
            kids.setdefault(lv.parent, []).append(lv.id)
        return {parent: tuple(ids) for parent, ids in kids.items()}

    # -- required sets -------------------------------------------------------------------

    def required(self, level_id: str) -> list[Criterion]:
        """R(L): criteria of L and its ancestors, minus those superseded within that set.

        In file order, so every view lists them the same way.
        """
        levels = {level_id, *self.ancestors(level_id)}
        pool = [c for c in self.criteria if c.level in levels]
        superseded = {s for c in pool for s in c.supersedes}
        return [c for c in pool if c.id not in superseded]

    def required_ids(self, level_id: str) -> list[str]:
        """Ids of ``required(level_id)``, in file order."""
        return [c.id for c in self.required(level_id)]

    def new_at_target(self, current: str, target: str) -> list[Criterion]:
        """R(target) minus R(current): what the next level newly asks for."""
        have = set(self.required_ids(current))
        return [c for c in self.required(target) if c.id not in have]

    # -- a compact, pydantic-free serialisation ------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """Everything but ``source``, as JSON-ready values (Decimals as strings)."""
        return {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "promotion": [
                str(self.promotion.readiness_threshold),
                self.promotion.lead_weeks,
                self.promotion.sustain_weeks,
                str(self.promotion.area_floor),
                self.promotion.evidence_window_months,
            ],
            "levels": [[lv.id, lv.title, lv.summary, lv.parent, lv.track] for lv in self.levels],
            "areas": [[a.id, a.name, a.description] for a in self.areas],
            "criteria": [
                [
                    c.id,
                    c.area,
                    c.level,
                    c.title,
                    c.description,
                    list(c.examples),
                    c.evidence_required,
                    str(c.effort_weeks),
                    str(c.weight),
                    list(c.requires),
                    list(c.supersedes),
                    c.needs_opportunity,
                    list(c.aliases),
                ]
                for c in self.criteria
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str = "") -> Guideline:
        """Rebuild a ladder written by ``to_json`` (already validated when it was written)."""
        # Portfolios written before area floors, windows and aliases have shorter rows.
        threshold, lead, sustain, *policy = data["promotion"]
        floor, window = policy if policy else ("0", 0)
        return cls(
            id=data["id"],
            name=data["name"],
            version=data["version"],
            description=data["description"],
            promotion=Promotion(Decimal(threshold), lead, sustain, Decimal(floor), window),
            levels=tuple(Level(*row) for row in data["levels"]),
            areas=tuple(Area(*row) for row in data["areas"]),
            criteria=tuple(
                Criterion(
                    id=r[0],
                    area=r[1],
                    level=r[2],
                    title=r[3],
                    description=r[4],
                    examples=tuple(r[5]),
                    evidence_required=r[6],
                    effort_weeks=Decimal(r[7]),
                    weight=Decimal(r[8]),
                    requires=tuple(r[9]),
                    supersedes=tuple(r[10]),
                    needs_opportunity=r[11],
                    aliases=tuple(r[12]) if len(r) > 12 else (),
                )
                for r in data["criteria"]
            ),
            source=source,
        )
