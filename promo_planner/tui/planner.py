"""What the screens, dialogs and widgets may ask of the app: its portfolio, its date and its one
write path. A Protocol, so that they depend on this small surface and not on the app module
(which imports them: the other way round would be an import circle)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from textual.screen import Screen

    from promo_planner.core.records import CriterionLink
    from promo_planner.core.snapshot import Snapshot
    from promo_planner.core.store import Store
    from promo_planner.core.suggest import CriterionRanker

T = TypeVar("T")


class Planner(Protocol):
    """The app as its parts see it (``PromoPlannerApp`` implements it)."""

    loaded: bool
    reading: Snapshot | None
    problem: str | None
    sections: dict[str, Screen[Any]]

    @property
    def today(self) -> dt.date:
        """The program's today (``--today`` may pretend another)."""

    @property
    def store(self) -> Store:
        """The app's one connection to the portfolio."""

    @property
    def state(self) -> Snapshot | None:
        """The portfolio as last read, its path planned."""

    def write(
        self,
        change: Callable[[Store], T],
        *,
        done: str | None = None,
        undo: Callable[[T], Callable[[Store], object] | None] | None = None,
        on_error: Callable[[list[str]], None] | None = None,
        then: Callable[[Snapshot, T], Snapshot] | None = None,
    ) -> T | None:
        """Run one change to the portfolio (see ``PromoPlannerApp.write``)."""

    def ranker(self, moment: Snapshot | None, leave_out: int | None) -> CriterionRanker:
        """The suggestion ranker for the portfolio as ``moment`` shows it, kept per snapshot."""

    def reload(self) -> None:
        """Read the portfolio again (after a change made elsewhere)."""

    undo_steps: list[Any]

    def action_undo(self) -> None:
        """Take back the latest change."""

    def undo_last(self) -> object | None:
        """Take back the latest change; what taking it back returned."""

    async def action_add_evidence(self, preset: list[CriterionLink] | None = None) -> None:
        """Open the evidence form."""
