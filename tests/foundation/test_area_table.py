"""The areas are declared once: the modes, the number keys and the palette follow the table."""

from __future__ import annotations

from sgtui.tui.app import SgtuiApp
from sgtui.tui.areas import AREAS


def test_every_area_is_a_mode_with_its_number_key() -> None:
    assert list(SgtuiApp.MODES) == [area.mode for area in AREAS]
    keys = {b.id: b.key for b in SgtuiApp.BINDINGS if b.id and b.action.startswith("switch_mode")}
    assert keys == {
        "app.today": "1",
        "app.meetings": "2",
        "app.reviews": "3",
        "app.les": "4",
        "app.training": "5",
        "app.practices": "6",
        "app.people": "7",
    }


def test_each_mode_makes_its_own_screen() -> None:
    made = {mode: type(make()).__name__ for mode, make in SgtuiApp.MODES.items()}
    assert made["meetings"] == "MeetingsScreen" and made["people"] == "PeopleScreen"
