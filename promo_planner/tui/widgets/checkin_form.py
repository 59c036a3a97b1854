"""The 1:1 screen's Check-in form tab: export the form your manager fills in, and import it when
it comes back (SPEC 6; the same form as ``checkin export`` / ``checkin import``).

A form with any problem is refused as a whole: its ``FILE:LINE:COL`` lines are shown here and
nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from promo_planner.core.errors import InputError
from promo_planner.core.paths import export_target, exports_dir
from promo_planner.core.visible import visible
from promo_planner.tui.widgets.cells import plain

if TYPE_CHECKING:
    from promo_planner.core.checkin_form import Review
    from promo_planner.core.store import Store
    from promo_planner.tui.planner import Planner

INTRO = (
    "Send your manager the check-in form: every criterion of the target level with your own"
    ' rating and evidence, a blank "manager: up or down" and "note:" for each, and the four'
    " open questions. Import it when it comes back: their ratings land dated as they wrote,"
    " their answers under the questions."
)


class CheckinFormPane(Vertical):
    """Export the form; import a filled-in one."""

    def compose(self) -> ComposeResult:
        yield Static(INTRO, id="form-intro", markup=False)
        with Horizontal(classes="form-row"):
            yield Input(id="form-export-path", compact=True)
            yield Button("Export form", id="form-export", compact=True, variant="primary")
        with Horizontal(classes="form-row"):
            yield Input(placeholder="the filled-in form", id="form-import-path", compact=True)
            yield Button("Import form", id="form-import", compact=True)
        yield Static("", id="form-status")

    @property
    def planner(self) -> Planner:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def on_mount(self) -> None:
        name = f"promo-checkin-{self.planner.today}.yaml"
        self.query_one("#form-export-path", Input).value = name
        self.query_one("#form-import-path", Input).value = name
        self.query_one("#form-status", Static).update(plain(f"Files are in {exports_dir()}."))

    def _say(self, text: str) -> None:
        self.query_one("#form-status", Static).update(plain(text, multiline=True))

    @on(Button.Pressed, "#form-export")
    @on(Input.Submitted, "#form-export-path")
    def export_form(self, event: Button.Pressed | Input.Submitted) -> None:
        """Write the form to the file named (in the export folder unless a path is given)."""
        event.stop()
        from promo_planner.core.checkin_form import form_yaml
        from promo_planner.core.files import write_atomically
        from promo_planner.core.portfolio import require_snapshot

        name = self.query_one("#form-export-path", Input).value.strip()
        if not name:
            self._say("Type the file name to write the form to.")
            return
        target = export_target(name)
        store = self.planner.store
        try:
            if target.parent == exports_dir():
                target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            text = form_yaml(require_snapshot(store, self.planner.today, full_evidence=True))
            write_atomically(target, text, shown=str(target), new_mode=0o600, protect=[store.path])
        except (InputError, OSError) as exc:
            lines = exc.lines if isinstance(exc, InputError) else [f"{target}: {exc.strerror}"]
            self._say("\n".join(lines))
            self.notify(visible("\n".join(lines), multiline=True), severity="error", markup=False)
            return
        said = f"Wrote {target.resolve()}: send it to your manager, then import it here."
        self._say(said)
        self.query_one("#form-import-path", Input).value = str(target)
        self.notify(visible(said), timeout=6, markup=False)

    @on(Button.Pressed, "#form-import")
    @on(Input.Submitted, "#form-import-path")
    def import_form(self, event: Button.Pressed | Input.Submitted) -> None:
        """Read a filled-in form; record it whole, or show why not and write nothing."""
        event.stop()
        from promo_planner.core.checkin_form import parse_form
        from promo_planner.core.files import read_text

        name = self.query_one("#form-import-path", Input).value.strip()
        if not name:
            self._say("Type the path of the form your manager filled in.")
            return
        target: Path = export_target(name)
        state = self.planner.state
        if state is None:
            return
        try:
            review = parse_form(
                read_text(target),
                str(target),
                guideline=state.guideline,
                target_level=state.plan.target_level,
                today=self.planner.today,
            )
        except InputError as exc:
            self._say("Nothing was imported:\n" + "\n".join(exc.lines[:8]))
            return

        def record(store: Store) -> int:
            return store.record_review(review.as_ratings(), review.answers)

        added = self.planner.write(record, on_error=lambda lines: self._say("\n".join(lines)))
        if added is not None:
            self._say(_imported(review, added))
            self.notify(_imported(review, added), timeout=6, markup=False)


def _imported(review: Review, added: int) -> str:
    answers = len(review.answers)
    text = f"Imported {added} rating{'s' if added != 1 else ''} from your manager"
    text += f" dated {review.date}" if added else ""
    if added < len(review.ratings):
        text += f" ({len(review.ratings) - added} already recorded)"
    return text + f" and {answers} answer{'s' if answers != 1 else ''}."
