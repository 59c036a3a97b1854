"""The baseline: a bare Textual app (Header, Static, Footer) that shows one line of text."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class BareApp(App[None]):
    """What any Textual app costs to start: the yardstick for the TUI's start-up."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Readiness 0.0%")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
