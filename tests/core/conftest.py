"""Fixtures for core tests: a small hand-written ladder with an IC/manager branch.

``MINI_LADDER`` (also the ``ladder_text`` fixture) is the text; ``ladder`` is it loaded.
``make_guideline(**overrides)`` builds a ladder from the same data with top-level keys replaced
(``criteria=[...]``, ``promotion={...}``, ...) and loads it through the real loader, so an
invalid override raises ``InputError`` just as a file would. ``make_guideline_text`` returns
the YAML text instead. ``store`` is an open portfolio planned L1 -> L3-ic on the sample ladder
(nothing carries over, so every number comes from evidence)
of ``sample_ladder.py``.

The tree::

    L3 -> L4 -> L5-ic -> L6-ic
            \\-> L5-mgr

"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from promo_planner.core.ladder import Guideline
from promo_planner.core.loader import parse_guideline
from promo_planner.core.records import Plan
from promo_planner.core.store import Store
from tests.core.sample_ladder import sample_guideline

MINI_LADDER = """\
schema: promo-planner/guideline/v1
id: mini
name: Mini Ladder
version: "1.0"
promotion:
  readiness_threshold: 80
  lead_weeks: 2
  sustain_weeks: 1
defaults:
  evidence_required: 1
  effort_weeks: 2
  weight: 1
levels:
  - id: L3
    title: Engineer
  - id: L4
    title: Engineer II
  - id: L5-ic
    title: Senior Engineer
    track: ic
  - id: L6-ic
    title: Staff Engineer
    track: ic
  - id: L5-mgr
    title: Engineering Manager
    after: L4
    track: manager
areas:
  - id: craft
    name: Technical craft
  - id: impact
    name: Impact
  - id: people
    name: People
criteria:
  - id: craft.basics
    area: craft
    level: L3
    title: Writes working, tested code
  - id: impact.tasks
    area: impact
    level: L3
    title: Delivers well-defined tasks
  - id: craft.testing
    area: craft
    level: L4
    title: Designs for testability
    evidence_required: 2
    requires: [craft.basics]
  - id: impact.features
    area: impact
    level: L4
    title: Delivers features end to end
    supersedes: [impact.tasks]
  - id: craft.architecture
    area: craft
    level: L5-ic
    title: Shapes the architecture of a system
    weight: 2
    effort_weeks: 6
    requires: [craft.testing]
    supersedes: [craft.basics]
  - id: impact.projects
    area: impact
    level: L5-ic
    title: Leads multi-team projects
    needs_opportunity: true
    supersedes: [impact.features]
  - id: craft.strategy
    area: craft
    level: L6-ic
    title: Sets technical strategy
    effort_weeks: 8
    requires: [craft.architecture]
  - id: people.hiring
    area: people
    level: L5-mgr
    title: Hires and onboards engineers
    needs_opportunity: true
  - id: people.coaching
    area: people
    level: L5-mgr
    title: Coaches the team
    requires: [craft.testing]
"""


@pytest.fixture
def ladder_text() -> str:
    """The text of the mini ladder (valid)."""
    return MINI_LADDER


@pytest.fixture
def ladder() -> Guideline:
    """The mini ladder, loaded."""
    return parse_guideline(MINI_LADDER, "mini.yaml")


def _text(**overrides: Any) -> str:
    data = yaml.safe_load(MINI_LADDER)
    data.update(overrides)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@pytest.fixture
def make_guideline_text() -> Callable[..., str]:
    """``make_guideline_text(**overrides) -> str``: the mini ladder's YAML, keys replaced."""
    return _text


@pytest.fixture
def make_guideline() -> Callable[..., Guideline]:
    """``make_guideline(**overrides) -> Guideline``: the mini ladder, keys replaced, loaded."""

    def make(**overrides: Any) -> Guideline:
        return parse_guideline(_text(**overrides), "made.yaml")

    return make


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A new portfolio planned L1 -> L3-ic on the sample ladder (nothing carries over, so
    every number comes from evidence), closed after the test."""
    with Store.open(tmp_path / "p.db", create=True) as opened:
        opened.set_plan(Plan("sample", "1", "L1", "L3-ic"), sample_guideline())
        yield opened
