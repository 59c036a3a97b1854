"""Another terminal changes the portfolio under the app: every write the app then makes is
refused with a message, never a traceback, and the app keeps running.

The other terminal is the real command line (``cli.main``, its own connection), run between
the app's key presses, exactly where a person's second window would act.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

from textual.widgets import DataTable, OptionList

from promo_planner.cli import main
from tests.tui.conftest import TODAY, open_section, settle


def cli(path: Path, *args: str) -> int:
    """Run a command in "another terminal" (its own connection), quietly."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(["--data", str(path), "--today", TODAY.isoformat(), *args])


def before_the_poll(app) -> None:
    """The other terminal acts between two polls: the app has not read the change yet (as a
    person's key press can come before the next poll a second later)."""
    app._poll = lambda: None


def errors(app) -> list[str]:
    """The error notifications on screen."""
    return [str(n.message) for n in app._notifications if n.severity == "error"]


async def test_linking_evidence_another_terminal_just_deleted(portfolio_path, make_test_app):
    from promo_planner.tui.dialogs.pick_evidence import PickEvidence

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_section(pilot, "2")
        table = screen.query_one("#criteria-table", DataTable)
        table.move_cursor(row=table.get_row_index("craft.hard-problems"))
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, PickEvidence)
        await pilot.press(*"incident")
        await pilot.pause()
        picked = app.screen.query_one(OptionList).get_option_at_index(0).id
        before_the_poll(app)
        assert cli(portfolio_path, "evidence", "remove", str(picked)) == 0
        await pilot.press("down", "enter")
        await settle(pilot)
        assert any(f"evidence {picked}: no such evidence" in e for e in errors(app))
        assert app.return_code is None  # still running
        assert app.state.evidence_count == 11  # the reload shows what is really stored


async def test_editing_evidence_another_terminal_just_deleted(portfolio_path, make_test_app):
    from promo_planner.tui.dialogs.evidence_form import EvidenceForm

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_section(pilot, "3")
        current = screen.table.current
        assert current is not None
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceForm)
        before_the_poll(app)
        assert cli(portfolio_path, "evidence", "remove", str(current.id)) == 0
        await pilot.press("end", *" (edited)", "ctrl+s")
        await settle(pilot)
        # The form stays open with the reason, so what was typed is not lost.
        assert isinstance(app.screen, EvidenceForm)
        said = str(app.screen.query_one("#form-error").content)
        assert f"evidence {current.id}: no such evidence" in said


async def test_deleting_and_unlinking_what_is_already_gone(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_section(pilot, "3")
        current = screen.table.current
        assert current is not None
        before_the_poll(app)
        assert cli(portfolio_path, "evidence", "remove", str(current.id)) == 0
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert any("no such evidence" in e for e in errors(app))
        assert app.return_code is None


async def test_rating_a_criterion_the_other_terminal_replanned_away(
    portfolio_path, make_test_app, tmp_path
):
    ladder = tmp_path / "other.yaml"
    ladder.write_text(
        "schema: promo-planner/guideline/v1\nid: other\nname: Other\n"
        "levels: [{id: A, title: A}, {id: B, title: B}]\n"
        "areas: [{id: x, name: X}]\n"
        "criteria: [{id: x.one, area: x, level: B, title: One}]\n"
    )
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_section(pilot, "2")
        cid = screen.highlighted_id()
        assert cid is not None
        init = ["init", "--guideline", str(ladder), "--current", "A", "--target", "B"]
        assert cli(portfolio_path, *init) == 0
        await pilot.press("plus")
        await settle(pilot)
        assert any(f"criterion {cid!r}: not in guideline other" in e for e in errors(app))
        # The poll brings the new plan in: the criteria list is the other ladder's now.
        await settle(pilot)
        assert app.state.plan.guideline_id == "other"


async def test_removing_a_note_the_other_terminal_removed(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_section(pilot, "5", "tab-notes")
        note = app.state.notes[0]
        before_the_poll(app)
        from promo_planner.core.store import Store

        with Store.open(portfolio_path) as other:  # another terminal's connection
            other.remove_note(note.id)
        screen.query_one("#notes-table", DataTable).focus()
        await pilot.press("d")
        await settle(pilot)
        assert any(f"note {note.id}: no such note" in e for e in errors(app))
        assert app.return_code is None


async def test_the_portfolio_file_deleted_under_the_app(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_section(pilot, "2")
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{portfolio_path}{suffix}")
        app._poll()
        await pilot.pause()
        assert any("was deleted while open" in e for e in errors(app))
        await pilot.press("plus")  # a write: refused, and no empty portfolio appears
        await settle(pilot)
        assert any("nothing was saved" in e for e in errors(app))
        assert not portfolio_path.exists()
        assert app.return_code is None
