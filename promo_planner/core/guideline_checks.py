"""The cross-reference rules of a guideline file that pydantic cannot express.

Duplicate ids and aliases, references to unknown levels, areas and criteria, cycles in
``after``, ``requires`` and ``supersedes``, and criteria that require or supersede one at a
higher level (or require one they supersede). Problems carry pydantic-style location paths
(``("criteria", 3, "requires", 0)``) so the loader can report them as ``FILE:LINE:COL``.

Every walk of a graph here is iterative: a valid ladder may chain thousands of levels or
prerequisites, listed in any order, and Python's recursion limit is about a thousand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from promo_planner.core.guideline import AreaSpec, CriterionSpec, GuidelineSpec, LevelSpec

Loc = tuple[Any, ...]


class Problem(NamedTuple):
    """One problem of a spec: where (a location path) and what."""

    loc: Loc
    message: str
    at_use: bool = False
    """Report it where the value is used, not where its text is written: a duplicate reached
    through a YAML alias is a problem of the alias, not of the anchor it copies."""


_GREY, _BLACK = 1, 2


def find_cycle(edges: Mapping[str, Sequence[str]]) -> list[str] | None:
    """One cycle of a directed graph (its nodes, the first repeated last), or None.

    Nodes are the keys of ``edges``; targets that are not keys are ignored. Depth-first in key
    order, with an explicit stack.
    """
    colour: dict[str, int] = {}
    for start in edges:
        if start in colour:
            continue
        colour[start] = _GREY
        path = [start]
        pending = [iter(edges[start])]
        while pending:
            target = next(pending[-1], None)
            if target is None:
                colour[path.pop()] = _BLACK
                pending.pop()
            elif target not in edges:
                continue
            elif colour.get(target) == _GREY:
                return [*path[path.index(target) :], target]
            elif target not in colour:
                colour[target] = _GREY
                path.append(target)
                pending.append(iter(edges[target]))
    return None


class _LevelTree:
    """The levels' ``after`` tree, with O(1) "is A at or below B on one branch" answers.

    Built only when the tree is sound (every ``after`` known, no cycle).
    """

    def __init__(self, parent: Mapping[str, str | None]) -> None:
        children: dict[str | None, list[str]] = {}
        for level, above in parent.items():
            children.setdefault(above, []).append(level)
        # Entry and exit times of a depth-first walk: A is an ancestor of B (or B itself)
        # exactly when A's interval holds B's.
        self.enter: dict[str, int] = {}
        self.leave: dict[str, int] = {}
        clock = 0
        stack: list[tuple[str, bool]] = [(root, False) for root in reversed(children.get(None, []))]
        while stack:
            level, done = stack.pop()
            clock += 1
            if done:
                self.leave[level] = clock
                continue
            self.enter[level] = clock
            stack.append((level, True))
            stack.extend((kid, False) for kid in reversed(children.get(level, [])))

    def at_or_below(self, lower: str, upper: str) -> bool:
        """True when ``lower`` is ``upper`` or one of its ancestors."""
        return self.enter[lower] <= self.enter[upper] and self.leave[upper] <= self.leave[lower]


def semantic_problems(spec: GuidelineSpec) -> list[Problem]:
    """Cross-reference problems of a structurally valid spec, as location paths and messages.

    Checks duplicate ids and aliases, references to unknown levels, areas and criteria, cycles
    in ``after``, ``requires`` and ``supersedes``, and criteria that require or supersede one
    at a higher level or require one they supersede.
    """
    problems: list[Problem] = []
    _duplicates(problems, "levels", spec.levels)
    _duplicates(problems, "areas", spec.areas)
    _duplicates(problems, "criteria", spec.criteria)
    _alias_problems(problems, spec.criteria)
    tree = _level_problems(problems, spec.levels)
    _criterion_problems(problems, spec, tree)
    return problems


def _duplicates(
    problems: list[Problem], kind: str, items: Sequence[LevelSpec | AreaSpec | CriterionSpec]
) -> None:
    seen: dict[str, int] = {}
    noun = {"levels": "level", "areas": "area", "criteria": "criterion"}[kind]
    for i, item in enumerate(items):
        if item.id in seen:
            problems.append(
                Problem(
                    (kind, i, "id"),
                    f"duplicate {noun} id {item.id!r} (first at {kind}[{seen[item.id]}])",
                    at_use=True,
                )
            )
        else:
            seen[item.id] = i


def _alias_problems(problems: list[Problem], criteria: Sequence[CriterionSpec]) -> None:
    """An alias is another name of one criterion: it must name nothing else."""
    ids = {c.id: i for i, c in reversed(list(enumerate(criteria)))}
    owner: dict[str, int] = {}
    for i, c in enumerate(criteria):
        for j, alias in enumerate(c.aliases):
            loc = ("criteria", i, "aliases", j)
            if alias == c.id:
                problems.append(Problem(loc, f"alias {alias!r} is the criterion's own id"))
            elif alias in ids:
                problems.append(
                    Problem(
                        loc,
                        f"alias {alias!r} is already the id of criteria[{ids[alias]}]",
                        at_use=True,
                    )
                )
            elif alias in owner:
                first = owner[alias]
                where = "this criterion" if first == i else f"criteria[{first}]"
                problems.append(
                    Problem(loc, f"alias {alias!r} is already an alias of {where}", at_use=True)
                )
            else:
                owner[alias] = i


def _level_problems(problems: list[Problem], levels: Sequence[LevelSpec]) -> _LevelTree | None:
    """Unknown or circular ``after`` links; the level tree when it is sound."""
    level_ids = [lv.id for lv in levels]
    level_set = set(level_ids)
    parent: dict[str, str | None] = {}
    sound = True
    for i, lv in enumerate(levels):
        if lv.after is not None:
            if lv.after not in level_set:
                problems.append(Problem(("levels", i, "after"), f"unknown level {lv.after!r}"))
                sound = False
            elif lv.after == lv.id:
                problems.append(
                    Problem(("levels", i, "after"), f"level {lv.id!r} comes after itself")
                )
                sound = False
        if lv.id not in parent:
            parent[lv.id] = lv.after if lv.after is not None else (level_ids[i - 1] if i else None)
    cycle = find_cycle({k: [v] if v in level_set and v != k else [] for k, v in parent.items()})
    if cycle:
        idx = level_ids.index(cycle[0])
        problems.append(
            Problem(("levels", idx, "after"), "cycle in 'after': " + " -> ".join(cycle))
        )
    # With a cycle or a dangling `after` the tree is unsound; judging criteria's level order on
    # it would only add echoes of that one mistake.
    return _LevelTree(parent) if sound and not cycle else None


def _criterion_problems(
    problems: list[Problem], spec: GuidelineSpec, tree: _LevelTree | None
) -> None:
    level_set = {lv.id for lv in spec.levels}
    area_set = {a.id for a in spec.areas}
    by_id = {c.id: c for c in spec.criteria}
    for i, c in enumerate(spec.criteria):
        if c.area not in area_set:
            problems.append(Problem(("criteria", i, "area"), f"unknown area {c.area!r}"))
        if c.level not in level_set:
            problems.append(Problem(("criteria", i, "level"), f"unknown level {c.level!r}"))
        for key, refs in (("requires", c.requires), ("supersedes", c.supersedes)):
            for j, ref in enumerate(refs):
                loc = ("criteria", i, key, j)
                other = by_id.get(ref)
                if other is None:
                    problems.append(Problem(loc, f"unknown criterion {ref!r}"))
                elif ref == c.id:
                    problems.append(Problem(loc, f"criterion {c.id!r} {key} itself"))
                elif (
                    tree is not None
                    and c.level in level_set
                    and other.level in level_set
                    and not tree.at_or_below(other.level, c.level)
                ):
                    problems.append(
                        Problem(
                            loc,
                            f"criterion {c.id!r} (level {c.level}) {key} {ref!r} at level "
                            f"{other.level}, which is not at or below {c.level}",
                        )
                    )
        for j, ref in enumerate(c.requires):
            if ref in c.supersedes:
                problems.append(
                    Problem(
                        ("criteria", i, "requires", j),
                        f"criterion {c.id!r} requires {ref!r}, which it supersedes",
                    )
                )
    index = {c.id: i for i, c in reversed(list(enumerate(spec.criteria)))}
    for key in ("requires", "supersedes"):
        # Two criteria that supersede each other would both leave every required set: a level
        # "ready" with nothing shown. Superseding is an order, like requiring.
        edges = {c.id: [r for r in getattr(c, key) if r != c.id] for c in spec.criteria}
        cycle = find_cycle(edges)  # a criterion naming itself is reported above
        if cycle:
            problems.append(
                Problem(
                    ("criteria", index[cycle[0]], key), f"cycle in {key!r}: " + " -> ".join(cycle)
                )
            )
