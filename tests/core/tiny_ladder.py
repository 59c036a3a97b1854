"""Two-level test ladders written inline, plans on them, and what the planner's tests read back."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from promo_planner.core.guideline import Guideline, GuidelineSpec
from promo_planner.core.records import Plan, Strength

Link = tuple[int, str, Strength]


def make_ladder(
    criteria: list[dict[str, Any]],
    *,
    lead: int = 4,
    sustain: int = 0,
    threshold: Any = 100,
    area_floor: Any = 0,
) -> Guideline:
    spec = GuidelineSpec.model_validate(
        {
            "schema": "promo-planner/guideline/v1",
            "id": "test",
            "name": "Test ladder",
            "promotion": {
                "readiness_threshold": threshold,
                "area_floor": area_floor,
                "lead_weeks": lead,
                "sustain_weeks": sustain,
            },
            "levels": [{"id": "L1", "title": "One"}, {"id": "L2", "title": "Two"}],
            "areas": [{"id": "craft", "name": "Craft"}, {"id": "impact", "name": "Impact"}],
            "criteria": [
                {"area": "craft", "level": "L2", "title": c["id"].title(), **c} for c in criteria
            ],
        }
    )
    return Guideline.from_spec(spec)


def plan_for(target_date: dt.date | None, *, capacity: int = 2, lead: int | None = None) -> Plan:
    return Plan("test", None, "L1", "L2", target_date, capacity=capacity, lead_weeks=lead)


def full_links(ids_counts: dict[str, int], start: int = 1) -> list[Link]:
    links: list[Link] = []
    for cid, count in ids_counts.items():
        for _ in range(count):
            links.append((start + len(links), cid, "full"))
    return links


def dates_in(text: str) -> list[dt.date]:
    return [dt.date.fromisoformat(d) for d in re.findall(r"\d{4}-\d{2}-\d{2}", text)]
