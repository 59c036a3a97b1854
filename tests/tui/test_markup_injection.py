"""The user's and the ladder's text is text in the app: never markup, never raw control
characters on the terminal (issue 11).

A note holding ``[@click=app.quit]`` quit the app when clicked, ``[link=…]`` became a link and
``[/]`` crashed the 1:1 screen with a MarkupError. Escape sequences in stored text (older data)
reached the terminal raw. Every section is opened on a portfolio full of both.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from textual.geometry import Region
from textual.widgets import Input

from promo_planner.core.input_rules import link_problem
from promo_planner.core.store import Store
from promo_planner.tui.app import PromoPlannerApp
from promo_planner.tui.screens.evidence import EvidenceScreen
from promo_planner.tui.widgets.evidence_table import EvidenceTable
from tests.tui.conftest import TODAY, open_section, screen_text, wait_until

MakeApp = Callable[[Path], PromoPlannerApp]
MARKUP = "[@click=app.quit]quit[/] [link=https://evil.example]x[/link] [/] [b]bold"
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m"


def _hostile(path: Path) -> None:
    """Markup through the store (it is plain text to the input rules), escape sequences
    planted in the file as an older version could have left them."""
    with Store.open(path, create=True) as store:
        first = store.list_evidence()[-1]
        criterion = first.criteria[0].criterion_id
        store.add_note(f"Note {MARKUP}", TODAY)
        store.set_answer("unclear", f"Answer {MARKUP}")
        store.rate(criterion, "manager", "down", note=f"Rating {MARKUP}", on=TODAY)
        store.rate(criterion, "self", "up", note=f"Mine {MARKUP}", on=TODAY)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE evidence SET title = ?, description = ?, impact = ?, tags = ? WHERE id = ?",
            (
                f"Title {MARKUP} {ESCAPES}",
                f"Description {MARKUP}\n{ESCAPES}",
                json.dumps([f"Impact {MARKUP} {ESCAPES}"]),
                json.dumps([f"tag{ESCAPES}"]),
                first.id,
            ),
        )
        conn.execute("UPDATE note SET text = text || ?", (f" {ESCAPES}",))
        resolved = json.loads(conn.execute("SELECT guideline_json FROM plan").fetchone()[0])
        for row in resolved["criteria"]:  # a ladder's titles (Guideline.to_json rows)
            row[3] = f"{row[3]} {MARKUP} {ESCAPES}"
        for row in resolved["areas"]:
            row[1] = f"{row[1]} {MARKUP}"
        conn.execute("UPDATE plan SET guideline_json = ?", (json.dumps(resolved),))
    conn.close()


def _check_screen(app: PromoPlannerApp, where: str) -> str:
    """The screen draws text only: no click actions from the data, no raw escapes.

    The one exception is the report preview, a Markdown document: a web address written in
    a note becomes a link there as in any Markdown viewer, and only one the link rule allows.
    """
    segments = [
        segment
        for widget in app.screen.query("*")
        if widget.is_on_screen
        for strip in widget.render_lines(Region(0, 0, *widget.size))
        for segment in strip
    ]
    for segment in segments:
        style = segment.style
        meta = style.meta if style is not None else {}
        click = meta.get("@click")
        if click is not None:
            found = re.fullmatch(r"link\('(.*)'\)", str(click))
            assert where == "tab-report" and found, (where, meta)
            assert link_problem(found[1]) is None, (where, meta)
        assert not (style is not None and style.link and where != "tab-report"), where
        assert "\x1b" not in segment.text and "\x9b" not in segment.text, (where, segment)
    return screen_text(app)


async def test_every_section_shows_markup_and_escapes_as_text(
    portfolio_path: Path, make_test_app: MakeApp
) -> None:
    _hostile(portfolio_path)
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_section(pilot, "1")
        text = _check_screen(app, "dashboard")

        await open_section(pilot, "2")
        text = _check_screen(app, "criteria")
        assert "[@click=app.quit]" in text and "\\x1b]0;pwned" in text

        await open_section(pilot, "3")
        text = _check_screen(app, "evidence")
        assert "[@click=app.quit]" in text

        await open_section(pilot, "4")
        _check_screen(app, "path")

        for tab in ("tab-health", "tab-questions", "tab-notes", "tab-report"):
            await open_section(pilot, "5", tab)
            text = _check_screen(app, tab)
            if tab == "tab-notes":
                assert "Note [@click=app.quit]quit[/]" in text
                assert "\\x1b]0;pwned" in text
            if tab == "tab-health":
                assert "[/]" in text

        # Clicking the note where the markup would have put its action quits nothing.
        await open_section(pilot, "5", "tab-notes")
        await pilot.click("#notes-table", offset=(20, 1))
        await pilot.pause()
        assert app.is_running and app.return_code is None


async def test_a_pasted_60000_word_filter_is_refused_with_a_message(
    portfolio_path: Path, make_test_app: MakeApp
) -> None:
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "3")
        screen = app.screen
        assert isinstance(screen, EvidenceScreen)
        table = screen.query_one(EvidenceTable)
        assert table.row_count == 12
        box = screen.query_one("#evidence-filter", Input)
        box.value = " ".join(f"word{i}" for i in range(60_000))  # a paste
        count = screen.query_one("#evidence-count")
        await wait_until(pilot, lambda: "Not filtered" in str(count.render()))
        assert "60,000 different words; a search takes at most 50" in str(count.render())
        assert app.is_running and table.row_count == 12
        box.value = "postgres"  # and the filter works again
        await wait_until(pilot, lambda: table.row_count == 1)
