"""Big generated ladders for the planner's scale and overflow tests (core, CLI and app)."""

from __future__ import annotations

import random

AREAS = [f"a{k}" for k in range(8)]


def ladder_text(n: int, shape: str, *, effort: int | None = None, seed: int = 1) -> str:
    """n criteria at L2 in eight areas: one chain (``chain``); a chain through the first quarter
    and random ``requires`` below (``mixed``); or no ``requires`` at all (``wide``)."""
    rng = random.Random(seed)
    lines = [
        "schema: promo-planner/guideline/v1",
        "id: big",
        "name: Big",
        "promotion: {readiness_threshold: 90, area_floor: 50}",
        "levels:",
        "  - {id: L1, title: One}",
        "  - {id: L2, title: Two}",
        "areas:",
        *(f"  - {{id: {a}, name: Area {a}}}" for a in AREAS),
        "criteria:",
    ]
    for i in range(n):
        requires: list[str] = []
        if i and (shape == "chain" or (shape == "mixed" and i < n // 4)):
            requires = [f"c{i - 1}"]
        elif i and shape == "mixed" and rng.random() < 0.5:
            requires = sorted({f"c{rng.randrange(i)}" for _ in range(rng.randint(1, 3))})
        fields = [
            f"id: c{i}",
            f"area: {rng.choice(AREAS)}",
            "level: L2",
            f"title: Criterion {i}",
            f"effort_weeks: {effort if effort is not None else rng.choice([1, 2, 3, 4, 6, 8])}",
            f"weight: {rng.choice([1, 2, 3])}",
        ]
        if requires:
            fields.append(f"requires: [{', '.join(requires)}]")
        if rng.random() < 0.1:
            fields.append("needs_opportunity: true")
        lines.append("  - {" + ", ".join(fields) + "}")
    return "\n".join(lines) + "\n"
