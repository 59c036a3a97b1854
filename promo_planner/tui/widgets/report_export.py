"""The 1:1 screen's Report tab: a preview of the report and its export to the export folder
(``core.paths.exports_dir``: ``$PROMO_PLANNER_EXPORTS``, else the documents folder).

Writing the 1:1 report records today's check-in, as ``report -o`` does; the packet does not.
One export runs at a time: Enter in the file name, the button and ctrl+e all start the same
one, and another press while it runs does nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select, Static
from textual.worker import get_current_worker

from promo_planner.core.errors import InputError
from promo_planner.core.paths import EXPORTS_ENV, export_target, exports_dir
from promo_planner.core.visible import visible
from promo_planner.tui.widgets.cells import plain
from promo_planner.tui.widgets.document_view import DocumentView, render_document

if TYPE_CHECKING:
    import datetime as dt

    from textual.strip import Strip

    from promo_planner.tui.planner import Planner

FORMAT_OPTIONS = [("Markdown", "md"), ("HTML", "html"), ("JSON", "json")]
KIND_OPTIONS = [("1:1 report", "gap"), ("Packet", "packet")]
EXTENSIONS = ("md", "html", "json")


def default_export_name(today: dt.date, fmt: str, kind: str = "gap") -> str:
    """The file name an export gets unless the user types another."""
    stem = "promo-packet" if kind == "packet" else "promo-report"
    return f"{stem}-{today}.{fmt}"


class ReportPane(Vertical):
    """Kind, format and file name, the export button, a status line and the preview."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="export-row"):
            yield Select(
                KIND_OPTIONS, value="gap", allow_blank=False, id="export-kind", compact=True
            )
            yield Select(
                FORMAT_OPTIONS, value="md", allow_blank=False, id="export-format", compact=True
            )
            yield Input(id="export-path", compact=True)
            yield Button("Export", id="export", compact=True, variant="primary")
        yield Static("", id="export-status")
        # Focusable and scrolling: the report is longer than the screen.
        yield DocumentView(id="report-preview")

    @property
    def planner(self) -> Planner:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def on_mount(self) -> None:
        self._exporting = False
        self.query_one("#export-path", Input).value = default_export_name(self.planner.today, "md")
        self._say_folder()

    def _say_folder(self) -> None:
        self.query_one("#export-status", Static).update(
            plain(f"Saved in {exports_dir()} (${EXPORTS_ENV} changes it); ctrl+e exports.")
        )

    # -- preview --------------------------------------------------------------------------

    def show(self) -> None:
        """Build the preview (in a thread; a loading sign shows meanwhile)."""
        preview = self.query_one("#report-preview", DocumentView)
        preview.loading = True
        self._build_preview(str(self.query_one("#export-kind", Select).value), preview.text_width)

    @work(thread=True, exclusive=True, group="report-preview", exit_on_error=False)
    def _build_preview(self, kind: str, width: int) -> None:
        from promo_planner.core.report import build_report, render_markdown

        # The preview is Markdown: only the evidence it shows need be read in full.
        report = build_report(
            self.planner.store,
            self.planner.today,
            kind=kind,  # type: ignore[arg-type]
            complete=False,
        )
        # Stored text with control characters (older data) is shown spelled out, never raw.
        text = visible(render_markdown(report), multiline=True)
        lines = render_document(text, width)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_preview, text, lines, width)

    def _show_preview(self, text: str, lines: list[Strip], width: int) -> None:
        preview = self.query_one("#report-preview", DocumentView)
        preview.show(text, lines, width)
        preview.loading = False

    # -- choices --------------------------------------------------------------------------

    @on(Select.Changed, "#export-format")
    @on(Select.Changed, "#export-kind")
    def _choice_changed(self, event: Select.Changed) -> None:
        fmt = str(self.query_one("#export-format", Select).value)
        kind = str(self.query_one("#export-kind", Select).value)
        path_input = self.query_one("#export-path", Input)
        current = Path(path_input.value)
        defaults = {
            default_export_name(self.planner.today, f, k)
            for f in EXTENSIONS
            for k in ("gap", "packet")
        }
        if path_input.value in defaults or not path_input.value.strip():
            path_input.value = default_export_name(self.planner.today, fmt, kind)
        elif current.suffix.lstrip(".") in EXTENSIONS:
            path_input.value = str(current.with_suffix(f".{fmt}"))
        if event.select.id == "export-kind":
            self.show()

    # -- export ---------------------------------------------------------------------------

    @on(Button.Pressed, "#export")
    @on(Input.Submitted, "#export-path")
    def export(self, event: Button.Pressed | Input.Submitted | None = None) -> None:
        """Write the report in the chosen kind and format (once, however often asked)."""
        if event is not None:
            event.stop()
        if self._exporting:
            return
        fmt = str(self.query_one("#export-format", Select).value)
        kind = str(self.query_one("#export-kind", Select).value)
        name = self.query_one("#export-path", Input).value.strip()
        status = self.query_one("#export-status", Static)
        if not name:
            status.update("Type the file name to write the report to.")
            return
        target = export_target(name)
        self._exporting = True
        status.update(plain(f"Writing {target}…"))
        self._export(kind, fmt, target)

    @work(thread=True, exclusive=True, group="report-export", exit_on_error=False)
    def _export(self, kind: str, fmt: str, target: Path) -> None:
        from promo_planner.core.report import build_report, write_report

        store = self.planner.store
        try:
            if target.parent == exports_dir():
                target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            report = build_report(
                store,
                self.planner.today,
                kind=kind,  # type: ignore[arg-type]
                complete=fmt == "json",
            )
            record = write_report(store, report, fmt, target)
        except (InputError, OSError) as exc:
            lines = exc.lines if isinstance(exc, InputError) else [f"{target}: {exc.strerror}"]
            self.app.call_from_thread(self._exported, "\n".join(lines), False)
            return
        written = record.files[-1]
        said = (
            f"Wrote {written}; recorded as the check-in of {record.date}."
            if kind == "gap"
            else f"Wrote the promotion packet to {written}."
        )
        self.app.call_from_thread(self._exported, said, True)

    def _exported(self, message: str, ok: bool) -> None:
        self._exporting = False
        # The message names the path the user typed: text, never markup.
        self.query_one("#export-status", Static).update(plain(message, multiline=True))
        shown = visible(message, multiline=True)
        if ok:
            self.notify(shown, timeout=6, markup=False)
            self.planner.reload()
        else:
            self.notify(shown, severity="error", timeout=6, markup=False)
