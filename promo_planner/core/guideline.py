"""The role guideline (career ladder): the file format, its validation rules and its semantics.

Two layers:

* ``GuidelineSpec`` and friends are pydantic models of the YAML file exactly as written
  (``schema: promo-planner/guideline/v1``). They reject unknown keys and wrong types, and they
  generate the JSON Schema that ``guideline schema`` prints.
* ``Guideline`` is the resolved, immutable ladder the rest of the program uses: defaults filled
  in, levels linked into a tree, and the set operations of SPEC section 2 (ancestors, required
  set, new at target).

``semantic_problems`` holds the cross-reference rules pydantic cannot express (unknown ids,
cycles, level order); it reports locations as pydantic-style paths so the loader can map them
back to ``FILE:LINE:COL`` marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    field_validator,
)
from pydantic_core import PydanticCustomError

# The resolved ladder lives in ladder.py (no pydantic); re-exported here for convenience.
from promo_planner.core.ladder import Area, Criterion, Guideline, Level, Promotion

SCHEMA_ID = "promo-planner/guideline/v1"

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
ItemId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=200)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Loc = tuple[str | int, ...]


def _number_not_text(value: Any) -> Any:
    # SPEC 2: wrong types are errors. Lax pydantic would read `weight: "2"` or `weight: true` as
    # a number; the file must say a number.
    if isinstance(value, str | bool):
        raise PydanticCustomError("decimal_type", "Decimal input should be a number")
    return value


Number = Annotated[Decimal, BeforeValidator(_number_not_text)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class PromotionSpec(_Strict):
    """How promotion works under this ladder; every value can be overridden on the plan."""

    readiness_threshold: Annotated[Number, Field(gt=0, le=100)] = Decimal(100)
    lead_weeks: Annotated[StrictInt, Field(ge=0, le=520)] = 4
    sustain_weeks: Annotated[StrictInt, Field(ge=0, le=520)] = 0
    area_floor: Annotated[Number, Field(ge=0, le=100)] = Decimal(0)
    evidence_window_months: Annotated[StrictInt, Field(ge=0, le=1200)] = 0


class DefaultsSpec(_Strict):
    """Values a criterion takes when it does not set its own."""

    evidence_required: Annotated[StrictInt, Field(gt=0, le=1000)] = 1
    effort_weeks: Annotated[Number, Field(ge=0, le=520)] = Decimal(4)
    weight: Annotated[Number, Field(gt=0, le=1000)] = Decimal(1)


class LevelSpec(_Strict):
    """A rung of the ladder as written in the file."""

    id: ItemId
    title: Text
    summary: str | None = None
    after: ItemId | None = None
    track: str | None = None


class AreaSpec(_Strict):
    """A competency area as written in the file."""

    id: ItemId
    name: Text
    description: str | None = None


class CriterionSpec(_Strict):
    """One expectation at one level in one area, as written in the file."""

    id: ItemId
    area: ItemId
    level: ItemId
    title: Text
    description: str | None = None
    examples: list[str] = Field(default_factory=list)
    evidence_required: Annotated[StrictInt, Field(gt=0, le=1000)] | None = None
    effort_weeks: Annotated[Number, Field(ge=0, le=520)] | None = None
    weight: Annotated[Number, Field(gt=0, le=1000)] | None = None
    requires: list[ItemId] = Field(default_factory=list)
    supersedes: list[ItemId] = Field(default_factory=list)
    needs_opportunity: StrictBool = False
    aliases: list[ItemId] = Field(default_factory=list)


class GuidelineSpec(_Strict):
    """A whole guideline file (``schema: promo-planner/guideline/v1``)."""

    schema_: Literal["promo-planner/guideline/v1"] = Field(alias="schema")
    id: Identifier
    name: Text
    version: str | None = None
    description: str | None = None
    promotion: PromotionSpec = Field(default_factory=PromotionSpec)
    defaults: DefaultsSpec = Field(default_factory=DefaultsSpec)
    levels: Annotated[list[LevelSpec], Field(min_length=1)]
    areas: Annotated[list[AreaSpec], Field(min_length=1)]
    criteria: list[CriterionSpec] = Field(default_factory=list)

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: Any) -> Any:
        # `version: 2026.1` unquoted is a float in YAML; the user meant the text.
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        return value


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the guideline file format, for editors and validators."""
    schema: dict[str, Any] = _numbers_as_numbers(
        GuidelineSpec.model_json_schema(by_alias=True, mode="validation")
    )
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://promo-planner.invalid/schema/guideline/v1.json"
    schema["title"] = "promo-planner role guideline"
    return schema


# pydantic describes a Decimal as "number or string" and leaves the bounds of our wrapped
# ``Number`` as its own keys (``gt``, ``le``), which JSON Schema validators ignore. The file
# format takes numbers only (``guideline check`` refuses "90"), so the schema must say so.
_BOUNDS = {"gt": "exclusiveMinimum", "ge": "minimum", "lt": "exclusiveMaximum", "le": "maximum"}
_NUMBER_OR_TEXT = [{"type": "number"}, {"type": "string"}]


def _numbers_as_numbers(node: Any) -> Any:
    """The generated schema with Decimal fields as plain numbers with standard bounds."""
    if isinstance(node, list):
        return [_numbers_as_numbers(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _numbers_as_numbers(value) for key, value in node.items()}
    if out.get("anyOf") == _NUMBER_OR_TEXT:
        del out["anyOf"]
        out["type"] = "number"
        if isinstance(out.get("default"), str):
            out["default"] = float(out["default"])
    bounded = [key for key in _BOUNDS if key in out]
    if bounded and not any(
        isinstance(v, dict) and v.get("type") == "null" for v in out.get("anyOf", [])
    ):
        for key in bounded:
            out[_BOUNDS[key]] = out.pop(key)
    elif bounded:  # an optional number: the bounds belong to the number branch
        for branch in out["anyOf"]:
            if branch.get("type") == "number":
                for key in bounded:
                    branch[_BOUNDS[key]] = out[key]
        for key in bounded:
            del out[key]
    return out


# --------------------------------------------------------------------------- semantic checks


def _find_cycle(edges: dict[str, list[str]]) -> list[str] | None:
    """Return one cycle (as a list of nodes, first repeated last) or None."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(edges, white)
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        colour[node] = grey
        stack.append(node)
        for nxt in edges.get(node, []):
            if nxt not in colour:
                continue
            if colour[nxt] == grey:
                return [*stack[stack.index(nxt) :], nxt]
            if colour[nxt] == white:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        colour[node] = black
        return None

    for node in edges:
        if colour[node] == white:
            found = visit(node)
            if found:
                return found
    return None


def semantic_problems(spec: GuidelineSpec) -> list[tuple[Loc, str]]:
    """Cross-reference problems of a structurally valid spec, as (location path, message).

    Checks duplicate ids, references to unknown levels, areas and criteria, cycles in ``after``
    and ``requires``, and criteria that require or supersede one at a higher level or require
    one they supersede.
    """
    problems: list[tuple[Loc, str]] = []

    def duplicates(kind: str, items: Sequence[LevelSpec | AreaSpec | CriterionSpec]) -> None:
        seen: dict[str, int] = {}
        noun = {"levels": "level", "areas": "area", "criteria": "criterion"}[kind]
        for i, item in enumerate(items):
            if item.id in seen:
                problems.append(
                    (
                        (kind, i, "id"),
                        f"duplicate {noun} id {item.id!r} (first at {kind}[{seen[item.id]}])",
                    )
                )
            else:
                seen[item.id] = i

    duplicates("levels", spec.levels)
    duplicates("areas", spec.areas)
    duplicates("criteria", spec.criteria)

    level_ids = [lv.id for lv in spec.levels]
    level_set = set(level_ids)
    parent: dict[str, str | None] = {}
    for i, lv in enumerate(spec.levels):
        if lv.after is not None:
            if lv.after not in level_set:
                problems.append((("levels", i, "after"), f"unknown level {lv.after!r}"))
            elif lv.after == lv.id:
                problems.append((("levels", i, "after"), f"level {lv.id!r} comes after itself"))
        if lv.id not in parent:
            parent[lv.id] = lv.after if lv.after is not None else (level_ids[i - 1] if i else None)

    cycle = _find_cycle({k: [v] if v in level_set and v != k else [] for k, v in parent.items()})
    # With a cycle or a dangling `after` the tree is unsound; judging criteria's level order on
    # it would only add echoes of that one mistake.
    level_cycle = bool(cycle) or any(
        lv.after is not None and (lv.after not in level_set or lv.after == lv.id)
        for lv in spec.levels
    )
    if cycle:
        idx = level_ids.index(cycle[0])
        problems.append((("levels", idx, "after"), "cycle in 'after': " + " -> ".join(cycle)))

    depth: dict[str, int] = {}
    if not level_cycle:
        for lid in level_ids:
            chain: list[str] = []
            node: str | None = lid
            while node is not None and node not in depth and node in level_set:
                chain.append(node)
                node = parent.get(node)
            base = depth[node] if node is not None and node in depth else -1
            for n in reversed(chain):
                base += 1
                depth[n] = base

    def ancestors_or_self(lid: str) -> set[str]:
        out: set[str] = set()
        node: str | None = lid
        while node is not None and node not in out and node in level_set:
            out.add(node)
            node = parent.get(node)
        return out

    area_set = {a.id for a in spec.areas}
    by_id = {c.id: c for c in spec.criteria}
    for i, c in enumerate(spec.criteria):
        if c.area not in area_set:
            problems.append((("criteria", i, "area"), f"unknown area {c.area!r}"))
        if c.level not in level_set:
            problems.append((("criteria", i, "level"), f"unknown level {c.level!r}"))
        for key, refs in (("requires", c.requires), ("supersedes", c.supersedes)):
            for j, ref in enumerate(refs):
                loc: Loc = ("criteria", i, key, j)
                other = by_id.get(ref)
                if other is None:
                    problems.append((loc, f"unknown criterion {ref!r}"))
                elif ref == c.id:
                    problems.append((loc, f"criterion {c.id!r} {key} itself"))
                elif (
                    not level_cycle
                    and c.level in level_set
                    and other.level in level_set
                    and other.level not in ancestors_or_self(c.level)
                ):
                    verb = "requires" if key == "requires" else "supersedes"
                    problems.append(
                        (
                            loc,
                            f"criterion {c.id!r} (level {c.level}) {verb} {ref!r} at level "
                            f"{other.level}, which is not at or below {c.level}",
                        )
                    )
        for j, ref in enumerate(c.requires):
            if ref in c.supersedes:
                problems.append(
                    (
                        ("criteria", i, "requires", j),
                        f"criterion {c.id!r} requires {ref!r}, which it supersedes",
                    )
                )

    req_cycle = _find_cycle({c.id: list(c.requires) for c in spec.criteria})
    if req_cycle:
        idx = next(i for i, c in enumerate(spec.criteria) if c.id == req_cycle[0])
        problems.append(
            (("criteria", idx, "requires"), "cycle in 'requires': " + " -> ".join(req_cycle))
        )
    return problems


__all__ = [
    "SCHEMA_ID",
    "Area",
    "AreaSpec",
    "Criterion",
    "CriterionSpec",
    "DefaultsSpec",
    "Guideline",
    "GuidelineSpec",
    "Level",
    "LevelSpec",
    "Promotion",
    "PromotionSpec",
    "json_schema",
    "semantic_problems",
]
