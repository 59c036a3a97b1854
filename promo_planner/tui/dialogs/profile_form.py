"""Who the reports are about (SPEC 6): your name, role or team, and manager. Every field may be
left blank, and the whole step skipped: the first run offers it once the plan is saved, the 1:1
screen's Brief tab opens it with ``p``."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from promo_planner.core.records import Profile
from promo_planner.tui.dialogs.base import Dialog
from promo_planner.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from promo_planner.core.store import Store
    from promo_planner.tui.planner import Planner

FIELDS = (("name", "Your name"), ("role", "Role or team"), ("manager", "Your manager"))


class ProfileDialog(Dialog[bool]):
    """Dismisses with True when the profile was saved, False when skipped."""

    DEFAULT_CSS = """
    ProfileDialog { align: center middle; }
    ProfileDialog > Vertical {
        width: 64; max-width: 100%; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ProfileDialog Label { margin-top: 1; }
    ProfileDialog #profile-error { color: $error; height: auto; }
    ProfileDialog Horizontal { height: auto; margin-top: 1; }
    ProfileDialog Button { margin-right: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="profile.save", tooltip="Save who you are"),
        Binding("escape", "skip", "Skip", id="profile.skip", tooltip="Leave it for now"),
    ]

    def __init__(self, *, first_run: bool = False) -> None:
        super().__init__()
        self.first_run = first_run

    @property
    def planner(self) -> Planner:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Who the reports are about"
            yield Static(
                "Plan saved. Your reports and your manager's check-in form say whose they are"
                " and who they are for. All optional: escape skips (the 1:1 screen's p edits it"
                " later)."
                if self.first_run
                else "Shown at the top of every report and check-in form. All optional.",
                id="profile-intro",
            )
            for key, label in FIELDS:
                yield Label(label)
                yield Input(id=f"profile-{key}", compact=True, max_length=200)
            yield Static("", id="profile-error", markup=False)
            with Horizontal():
                yield Button("Save", id="profile-save", variant="primary", compact=True)
                yield Button(
                    "Skip" if self.first_run else "Cancel", id="profile-skip", compact=True
                )
        # Its own keys, not those of the screen beneath (Dialog).
        yield Footer(compact=True)

    def on_mount(self) -> None:
        profile = self.planner.store.profile()
        for key, value in profile.fields().items():
            self.query_one(f"#profile-{key}", Input).value = value
        self.query_one("#profile-name", Input).focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        """Enter moves on; on the last field it saves."""
        if event.input.id == "profile-manager":
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#profile-save")
    def action_save(self) -> None:
        """Store the profile (blank fields clear)."""
        profile = Profile(
            **{key: self.query_one(f"#profile-{key}", Input).value for key, _ in FIELDS}
        )

        def save(store: Store) -> Profile:
            return store.set_profile(profile)

        def refused(lines: list[str]) -> None:
            self.query_one("#profile-error", Static).update("\n".join(lines))

        if self.planner.write(save, done="Profile saved.", on_error=refused) is not None:
            self.dismiss(True)

    @on(Button.Pressed, "#profile-skip")
    def action_skip(self) -> None:
        """Leave the profile as it is."""
        self.dismiss(False)
