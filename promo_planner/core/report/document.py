"""A report: its facts and its sections, and the three renderings of the whole document."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from promo_planner.core.records import Checkin
from promo_planner.core.report import htmltext
from promo_planner.core.report.contents import REPORTS
from promo_planner.core.report.facts import Facts
from promo_planner.core.report.section import Section
from promo_planner.core.report.sections.heading import Heading

if TYPE_CHECKING:
    import datetime as dt
    from decimal import Decimal

S = TypeVar("S", bound=Section)

SCHEMAS = {"gap": "promo-planner/report/v2", "packet": "promo-planner/packet/v1"}


@dataclass(frozen=True)
class Report:
    """A report of one kind (the 1:1 report or the packet): its facts and its sections."""

    facts: Facts
    sections: tuple[Section, ...]

    def section(self, kind: type[S]) -> S:
        """The section of class ``kind``; KeyError when the report has none."""
        for section in self.sections:
            if isinstance(section, kind):
                return section
        raise KeyError(kind.__name__)

    @property
    def kind(self) -> str:
        """``gap`` or ``packet``."""
        return self.facts.kind

    @property
    def today(self) -> dt.date:
        """The day the report is as of."""
        return self.facts.today

    @property
    def readiness(self) -> Decimal:
        """The core number."""
        return self.facts.assessment.readiness

    @property
    def readiness_change(self) -> Decimal | None:
        """Readiness now minus the baseline check-in's (None without one)."""
        return self.facts.readiness_change

    @property
    def new_since_last(self) -> tuple[int, ...]:
        """Evidence ids the baseline check-in did not have, newest first."""
        return self.facts.new_since

    @property
    def title(self) -> str:
        """The document's title."""
        return self.section(Heading).title

    def checkin(self) -> Checkin:
        """What writing this report records (SPEC 6)."""
        return self.facts.checkin()


def compose(facts: Facts) -> Report:
    """The report of ``facts``' kind: every section built from them."""
    return Report(facts, tuple(section.of(facts) for section in REPORTS[facts.kind]))


def wanted_evidence(facts: Facts) -> set[int]:
    """The evidence the sections of ``facts``' kind show in full."""
    return {i for section in REPORTS[facts.kind] for i in section.wants(facts)}


def render_markdown(report: Report) -> str:
    """The report as one Markdown document (GitHub-flavoured), ending in a newline."""
    return "\n\n".join("\n".join(s.markdown()) for s in report.sections) + "\n"


def render_html(report: Report) -> str:
    """The report as one self-contained HTML document: the first page (who, when, the brief)
    then the details, which start a new page when printed."""
    first = [s.html() for s in report.sections if s.FIRST_PAGE]
    rest = [s.html() for s in report.sections if not s.FIRST_PAGE]
    # The 1:1 brief is a page of its own; the packet's summary leads straight into the case.
    return htmltext.page(
        f"{report.title} ({report.today})", first, rest, new_page=report.kind == "gap"
    )


def report_to_json(report: Report) -> dict[str, Any]:
    """The report as plain JSON values; every piece of evidence in full.

    Raises ValueError for a report built without every piece of evidence (``complete=False``).
    """
    if not report.facts.complete:
        raise ValueError("the JSON report needs build_report(..., complete=True)")
    doc: dict[str, Any] = {"schema": SCHEMAS[report.kind], "kind": report.kind}
    for section in report.sections:
        doc.update(section.to_json())
    return doc


def render_json(report: Report) -> str:
    """The report as indented JSON text (UTF-8 as is, keys in a stable order), ending in a
    newline."""
    return json.dumps(report_to_json(report), indent=2, ensure_ascii=False) + "\n"
