"""The bundled ladders are what a user plans with first: they must load and keep their promises.

Structural promises (levels, the IC/manager branch, feature coverage) and quality rules that keep
the ladders usable for planning: every criterion explained with evidence examples, every promotion
step asking for something new, prerequisites that the level still asks for, no dead criteria, and
required sets that stay readable at the top of the ladder.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from promo_planner.core.guideline import Guideline
from promo_planner.core.loader import load_guideline, resolve_guideline
from promo_planner.core.paths import GUIDELINES_ENV

GUIDELINES = Path(__file__).resolve().parents[2] / "guidelines"
BUNDLED_IDS = ["software-engineer", "site-reliability-engineer"]
SLUG = re.compile(r"^[a-z]+\.[a-z0-9]+(?:-[a-z0-9]+)*$")

# A required set longer than this stops being something an engineer and manager can walk
# through in a 1:1; `supersedes` exists to keep higher levels within it.
MAX_REQUIRED = 24
# Total effort newly asked for by one promotion step, in weeks of work at the default capacity
# of two gaps at once: shorter is a rubber stamp, longer is not a plan anyone can follow.
DEFAULT_CAPACITY = 2
STEP_WEEKS = (Decimal(8), Decimal(78))


def _load(ladder_id: str) -> Guideline:
    return load_guideline(GUIDELINES / f"{ladder_id}.yaml")


@pytest.fixture(params=BUNDLED_IDS)
def ladder(request: pytest.FixtureRequest) -> Guideline:
    """Each bundled ladder, loaded through the real loader."""
    return _load(request.param)


@pytest.fixture
def swe() -> Guideline:
    return _load("software-engineer")


@pytest.fixture
def sre() -> Guideline:
    return _load("site-reliability-engineer")


# --------------------------------------------------------------------------- loading


@pytest.mark.parametrize("ladder_id", BUNDLED_IDS)
def test_bundled_ladder_resolves_by_id(ladder_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(GUIDELINES_ENV, raising=False)
    guideline = resolve_guideline(ladder_id)
    assert guideline.id == ladder_id
    assert guideline.version == "2026.1"
    # The stored copy a portfolio keeps must be the file itself.
    assert guideline.source == (GUIDELINES / f"{ladder_id}.yaml").read_text(encoding="utf-8")


def test_every_file_in_guidelines_is_named_after_its_id() -> None:
    files = sorted(GUIDELINES.glob("*.yaml"))
    assert {p.stem for p in files} >= set(BUNDLED_IDS)
    for path in files:
        assert load_guideline(path).id == path.stem


def test_promotion_policy_is_realistic(ladder: Guideline) -> None:
    # Committees rarely demand every box; they do want the level shown for a while.
    assert ladder.promotion.readiness_threshold == Decimal(90)
    assert ladder.promotion.lead_weeks == 4
    assert ladder.promotion.sustain_weeks == 4
    # Issue 12: no area left empty, and only recent evidence counts (why: in the YAML).
    assert ladder.promotion.area_floor == Decimal(50)
    assert ladder.promotion.evidence_window_months == 18


# --------------------------------------------------------------------------- structure


def test_software_engineer_has_an_ic_and_a_manager_track_from_a_shared_level(
    swe: Guideline,
) -> None:
    assert len(swe.levels) >= 6
    assert len(swe.areas) >= 6
    assert len(swe.criteria) >= 60

    ic = [lv for lv in swe.levels if lv.track == "ic"]
    manager = [lv for lv in swe.levels if lv.track == "manager"]
    assert ic and manager
    first_ic, first_manager = ic[0], manager[0]
    assert first_ic.parent is not None
    assert first_ic.parent == first_manager.parent, "the two tracks must branch from one level"
    shared = first_ic.parent
    assert set(swe.descendants(shared)) >= {lv.id for lv in ic + manager}
    # Neither track leads into the other.
    for lv in manager:
        assert not any(swe.is_descendant(lv.id, other.id) for other in ic)
    for lv in ic:
        assert not any(swe.is_descendant(lv.id, other.id) for other in manager)

    ic_required = set(swe.required_ids(first_ic.id))
    manager_required = set(swe.required_ids(first_manager.id))
    assert ic_required != manager_required
    # Both still stand on what the shared level asked for.
    assert ic_required & manager_required & set(swe.required_ids(shared))
    # Managing people is asked of the manager track only.
    people = {c.id for c in swe.criteria if c.area == "people"}
    assert people & manager_required
    assert not people & set().union(*(swe.required_ids(lv.id) for lv in ic))


def test_software_engineer_manager_track_reaches_director(swe: Guideline) -> None:
    manager = [lv.id for lv in swe.levels if lv.track == "manager"]
    ic = [lv.id for lv in swe.levels if lv.track == "ic"]
    assert len(manager) >= 3 and len(ic) >= 3
    assert swe.level(manager[-1]).title == "Director of Engineering"
    assert swe.level(ic[-1]).title == "Principal Engineer"


def test_site_reliability_engineer_size(sre: Guideline) -> None:
    assert len(sre.levels) >= 5
    assert len(sre.areas) >= 5
    assert len(sre.criteria) >= 40


def test_every_feature_of_the_format_is_used(ladder: Guideline) -> None:
    criteria = ladder.criteria
    assert any(c.requires for c in criteria)
    assert any(c.supersedes for c in criteria)
    assert any(c.needs_opportunity for c in criteria)
    assert any(c.examples for c in criteria)
    assert any(c.weight > 1 for c in criteria)
    assert any(c.evidence_required > 1 for c in criteria)
    # Efforts are set per criterion, not left at one default value.
    assert len({c.effort_weeks for c in criteria}) >= 4


def test_levels_and_areas_are_described(ladder: Guideline) -> None:
    assert ladder.description
    for level in ladder.levels:
        assert level.summary, f"level {level.id} has no summary"
    for area in ladder.areas:
        assert area.description, f"area {area.id} has no description"
        assert any(c.area == area.id for c in ladder.criteria), f"area {area.id} is empty"


# --------------------------------------------------------------------------- criteria quality


def test_every_criterion_is_explained_with_evidence_examples(ladder: Guideline) -> None:
    for c in ladder.criteria:
        assert c.description and c.description.strip(), f"{c.id} has no description"
        assert len(c.examples) >= 1, f"{c.id} has no example of evidence"
        assert all(e.strip() for e in c.examples), f"{c.id} has an empty example"
        assert len(c.title) <= 70, f"{c.id}: title longer than 70 characters"


def test_criterion_ids_are_stable_area_slugs(ladder: Guideline) -> None:
    for c in ladder.criteria:
        assert SLUG.match(c.id), f"{c.id} is not an area.slug id"
        assert c.id.split(".", 1)[0] == c.area, f"{c.id} is not prefixed with its area {c.area}"


def test_every_promotion_step_asks_for_something_new(ladder: Guideline) -> None:
    for level in ladder.levels:
        if level.parent is None:
            assert ladder.required(level.id), f"entry level {level.id} asks for nothing"
            continue
        new = ladder.new_at_target(level.parent, level.id)
        assert new, f"{level.parent} -> {level.id} asks for nothing new"
        # Something at each step matters more than the rest.
        assert any(c.weight >= 2 for c in new), f"{level.id}: nothing new is weighted up"


def test_each_step_is_a_plannable_amount_of_work(ladder: Guideline) -> None:
    low, high = STEP_WEEKS
    for level in ladder.levels:
        if level.parent is None:
            continue
        new = ladder.new_at_target(level.parent, level.id)
        weeks = sum((c.effort_weeks for c in new), Decimal(0)) / DEFAULT_CAPACITY
        assert low <= weeks <= high, f"{level.parent} -> {level.id}: {weeks} weeks of work"


def test_prerequisites_are_still_asked_for_at_the_level_that_needs_them(
    ladder: Guideline,
) -> None:
    # A prerequisite the level itself has superseded would send the planner after something the
    # ladder no longer asks for.
    for c in ladder.criteria:
        required_there = set(ladder.required_ids(c.level))
        for prerequisite in c.requires:
            assert prerequisite in required_there, (
                f"{c.id} (level {c.level}) requires {prerequisite}, not required at {c.level}"
            )


def test_supersedes_replaces_a_lower_level_criterion(ladder: Guideline) -> None:
    for c in ladder.criteria:
        for old in c.supersedes:
            lower = ladder.criterion_by_id[old]
            # Same level would make the old criterion dead on arrival.
            assert lower.level in ladder.ancestors(c.level), f"{c.id} supersedes {old} sideways"


def test_no_criterion_is_dead(ladder: Guideline) -> None:
    required_somewhere = {cid for lv in ladder.levels for cid in ladder.required_ids(lv.id)}
    dead = [c.id for c in ladder.criteria if c.id not in required_somewhere]
    assert not dead, f"never required at any level: {dead}"


def test_required_sets_stay_readable_at_the_top(ladder: Guideline) -> None:
    for level in ladder.levels:
        size = len(ladder.required(level.id))
        assert size <= MAX_REQUIRED, f"R({level.id}) has {size} criteria"
    # Growth comes from replacing expectations, not only piling them up.
    tops = [lv.id for lv in ladder.levels if not ladder.children(lv.id)]
    for top in tops:
        chain = [top, *ladder.ancestors(top)]
        written = sum(1 for c in ladder.criteria if c.level in chain)
        assert len(ladder.required(top)) < written


def test_weights_and_evidence_counts_stay_in_a_sane_range(ladder: Guideline) -> None:
    for c in ladder.criteria:
        assert Decimal(1) <= c.weight <= Decimal(3), c.id
        assert 1 <= c.evidence_required <= 3, c.id
        assert Decimal(1) <= c.effort_weeks <= Decimal(16), c.id
