"""The criteria picker shows titles, and the highlighted criterion's id whole (issue 16)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from promo_planner.core.ladder_import import import_guideline
from promo_planner.tui.widgets.criteria_picker import CriteriaList, CriteriaPicker

SHEET = (
    "Level,Area,Title\n"
    "L1,Problem Solving and Decision Making,Identifies systemic problems across several teams\n"
    "L1,Problem Solving and Decision Making,Identifies inefficiencies in existing systems\n"
)


class PickerApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.guideline = import_guideline("csv", SHEET, "ladder.csv")[1]

    def compose(self) -> ComposeResult:
        yield CriteriaPicker(self.guideline, target_level="L1", id="picker")


async def test_rows_are_titles_and_the_highlighted_id_is_whole() -> None:
    app = PickerApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        options = app.query_one(CriteriaList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts[1].endswith("Identifies systemic problems across several teams")
        assert not any("problem-solving." in p for p in prompts)
        options.focus()
        await pilot.press("down")
        await pilot.pause()
        shown = str(app.query_one("#picker-highlighted").render())
        second = app.guideline.criteria[1]
        assert second.id == "problem-solving.identifies-inefficiencies"
        assert shown == f"{second.id} · Problem Solving and Decision Making · L1"
