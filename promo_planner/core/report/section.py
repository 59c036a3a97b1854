"""A report section: one file holds its model, how it is built, and its Markdown, HTML and JSON.

A section is a frozen dataclass (its model) deriving from ``Section``. ``of(facts)`` builds it;
``markdown()``, ``html()`` and ``to_json()`` say it in each format; ``wants(facts)`` names the
evidence it shows in full, so the Markdown and HTML reports read only that. A report is a list of
section classes (``sections/__init__.py``): a new section is one new file plus one line there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from typing import Self

    from promo_planner.core.report.facts import Facts


class Section:
    """The parts every section has. Subclasses are frozen dataclasses."""

    KEY: ClassVar[str]
    """The section's id: its HTML ``<section id>``."""
    FIRST_PAGE: ClassVar[bool] = False
    """Printed on the first page (who, when and the brief); the details start a new page."""

    @classmethod
    def wants(cls, facts: Facts) -> Iterable[int]:
        """Ids of the evidence this section shows in full (title, impact, links)."""
        return ()

    @classmethod
    def of(cls, facts: Facts) -> Self:
        """The section's model, built from the report's facts."""
        raise NotImplementedError

    def markdown(self) -> list[str]:
        """The section as Markdown lines (no blank line at either end)."""
        raise NotImplementedError

    def html(self) -> str:
        """The section as HTML (escaped; no scripts, nothing fetched)."""
        raise NotImplementedError

    def to_json(self) -> dict[str, Any]:
        """The top-level keys this section adds to the JSON document."""
        raise NotImplementedError
