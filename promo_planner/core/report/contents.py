"""The reports, section by section, in the order they are read. Each section is one file (in
``sections/`` or ``packet/``): its model and its Markdown, HTML and JSON (see ``section.py``). A
new section is one new file and one line here."""

from __future__ import annotations

from promo_planner.core.report.facts import Kind
from promo_planner.core.report.packet.appendix import Appendix
from promo_planner.core.report.packet.case import Case
from promo_planner.core.report.packet.remaining import Remaining
from promo_planner.core.report.packet.summary import Summary
from promo_planner.core.report.section import Section
from promo_planner.core.report.sections.areas import Areas
from promo_planner.core.report.sections.asks import Asks
from promo_planner.core.report.sections.brief import Brief
from promo_planner.core.report.sections.evidence import EvidenceList
from promo_planner.core.report.sections.gaps import Gaps
from promo_planner.core.report.sections.heading import Heading
from promo_planner.core.report.sections.health_check import HealthCheck
from promo_planner.core.report.sections.milestones import Milestones
from promo_planner.core.report.sections.questions import Questions

GAP_REPORT: tuple[type[Section], ...] = (
    Heading,
    Brief,
    Areas,
    Gaps,
    Asks,
    Milestones,
    HealthCheck,
    Questions,
    EvidenceList,
)
"""The 1:1 report: who and when, the brief, then the details in SPEC 6's order."""

PACKET: tuple[type[Section], ...] = (
    Heading,
    Summary,
    Case,
    Remaining,
    Appendix,
)
"""The promotion packet: the case for the committee."""

REPORTS: dict[Kind, tuple[type[Section], ...]] = {"gap": GAP_REPORT, "packet": PACKET}
