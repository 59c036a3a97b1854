"""A small hand-made ladder for the portfolio tests, with numbers easy to check by hand.

Levels: L1 -> L2 -> {L3-ic, L3-em}. For the plan L2 -> L3-ic the required set is
craft.testing (weight 2, needs 2), people.mentoring (weight 1, needs 1),
craft.design (weight 3, needs 2, supersedes craft.basics) and people.feedback (weight 1).
"""

from __future__ import annotations

SAMPLE = """\
schema: promo-planner/guideline/v1
id: sample
name: Sample ladder
version: "1"
promotion:
  readiness_threshold: 80
levels:
  - id: L1
    title: Junior
  - id: L2
    title: Mid
  - id: L3-ic
    title: Senior
    after: L2
  - id: L3-em
    title: Manager
    after: L2
areas:
  - id: craft
    name: Craft
  - id: people
    name: People
criteria:
  - id: craft.basics
    area: craft
    level: L1
    title: Writes working code
  - id: craft.testing
    area: craft
    level: L2
    title: Tests well
    evidence_required: 2
    weight: 2
  - id: people.mentoring
    area: people
    level: L2
    title: Mentors juniors
  - id: craft.design
    area: craft
    level: L3-ic
    title: Designs systems
    evidence_required: 2
    weight: 3
    supersedes: [craft.basics]
  - id: people.feedback
    area: people
    level: L3-ic
    title: Gives hard feedback
  - id: people.hiring
    area: people
    level: L3-em
    title: Hires
"""

# The next revision renames craft.testing to craft.quality: links to the old id become orphans.
SAMPLE_V2 = SAMPLE.replace('version: "1"', 'version: "2"').replace("craft.testing", "craft.quality")


def sample_guideline(text: str = SAMPLE):  # type: ignore[no-untyped-def]
    """The sample ladder parsed by the real loader (so ``source`` holds the text)."""
    from promo_planner.core.loader import parse_guideline

    return parse_guideline(text, "sample.yaml")
