"""The role guideline (career ladder): the file format, its validation rules and its semantics.

Two layers:

* ``GuidelineSpec`` and friends are pydantic models of the YAML file exactly as written
  (``schema: promo-planner/guideline/v1``). They reject unknown keys and wrong types, and they
  generate the JSON Schema that ``guideline schema`` prints.
* ``Guideline`` is the resolved, immutable ladder the rest of the program uses: defaults filled
  in, levels linked into a tree, and the set operations of SPEC section 2 (ancestors, required
  set, new at target).

``semantic_problems`` (in ``guideline_checks.py``) holds the cross-reference rules pydantic
cannot express (unknown ids, aliases, cycles, level order); it reports locations as
pydantic-style paths so the loader can map them back to ``FILE:LINE:COL`` marks. Every text
of a ladder obeys the one character rule of ``input_rules``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
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
from promo_planner.core.guideline_checks import Problem, semantic_problems
from promo_planner.core.input_rules import character_problem
from promo_planner.core.ladder import Area, Criterion, Guideline, Level, Promotion

SCHEMA_ID = "promo-planner/guideline/v1"

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
ItemId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=200)]
Loc = tuple[str | int, ...]


def _checked(value: str, *, multiline: bool) -> str:
    # Ladder texts reach the terminal and the app: no escape sequences, no bidi overrides.
    # Printable text has none of what the rule refuses (control, format, surrogate and line
    # separator characters are all unprintable), so most texts skip the per-character walk,
    # which doubled the time to load a ladder.
    probe = value.replace("\n", " ").replace("\t", " ").replace("\r", " ") if multiline else value
    if probe.isprintable():
        return value
    problem = character_problem(value, multiline=multiline)
    if problem:
        raise PydanticCustomError("text_characters", problem)
    return value


def _one_line(value: str) -> str:
    return _checked(value, multiline=False)


def _prose(value: str) -> str:
    return _checked(value, multiline=True)


Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000), AfterValidator(_one_line)]
"""A name or title: one line of text."""
Prose = Annotated[str, AfterValidator(_prose)]
"""A description, summary or example: text that may run over several lines."""
Label = Annotated[str, AfterValidator(_one_line)]


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

    readiness_threshold: Annotated[
        Number,
        Field(
            gt=0,
            le=100,
            description="Readiness (percent of the weighted required criteria) that makes the "
            "engineer ready.",
        ),
    ] = Decimal(100)
    lead_weeks: Annotated[
        StrictInt,
        Field(ge=0, le=520, description="The promotion packet is due this many weeks early."),
    ] = 4
    sustain_weeks: Annotated[
        StrictInt,
        Field(
            ge=0,
            le=520,
            description="Gaps must be closed this many weeks before the packet is due.",
        ),
    ] = 0
    area_floor: Annotated[
        Number,
        Field(
            ge=0,
            le=100,
            description="Every area's readiness must reach this percent too, so strength in "
            "one area cannot hide an empty one (0: no floor).",
        ),
    ] = Decimal(0)
    evidence_window_months: Annotated[
        StrictInt,
        Field(
            ge=0,
            le=1200,
            description="Only evidence from the last this-many calendar months counts; older "
            "evidence shows as outside the window (0: all of it counts).",
        ),
    ] = 0


class DefaultsSpec(_Strict):
    """Values a criterion takes when it does not set its own."""

    evidence_required: Annotated[StrictInt, Field(gt=0, le=1000)] = 1
    effort_weeks: Annotated[Number, Field(ge=0, le=520)] = Decimal(4)
    weight: Annotated[Number, Field(gt=0, le=1000)] = Decimal(1)


class LevelSpec(_Strict):
    """A rung of the ladder as written in the file."""

    id: ItemId
    title: Text
    summary: Prose | None = None
    after: ItemId | None = None
    track: Label | None = None


class AreaSpec(_Strict):
    """A competency area as written in the file."""

    id: ItemId
    name: Text
    description: Prose | None = None


class CriterionSpec(_Strict):
    """One expectation at one level in one area, as written in the file."""

    id: ItemId
    area: ItemId
    level: ItemId
    title: Text
    description: Prose | None = None
    examples: list[Prose] = Field(default_factory=list)
    evidence_required: Annotated[StrictInt, Field(gt=0, le=1000)] | None = None
    effort_weeks: Annotated[Number, Field(ge=0, le=520)] | None = None
    weight: Annotated[Number, Field(gt=0, le=1000)] | None = None
    requires: list[ItemId] = Field(default_factory=list)
    supersedes: list[ItemId] = Field(default_factory=list)
    needs_opportunity: StrictBool = False
    aliases: list[ItemId] = Field(
        default_factory=list,
        description="Other names this criterion answers to (an importer's source id, an id it "
        "used to have): links made with them count for it. Unique across all ids and aliases.",
    )


class GuidelineSpec(_Strict):
    """A whole guideline file (``schema: promo-planner/guideline/v1``)."""

    schema_: Literal["promo-planner/guideline/v1"] = Field(alias="schema")
    id: Identifier
    name: Text
    version: Label | None = None
    description: Prose | None = None
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
    "Problem",
    "Promotion",
    "PromotionSpec",
    "json_schema",
    "semantic_problems",
]
