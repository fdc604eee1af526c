"""Opening a record's page from anywhere: a row, the command palette, a link."""

from __future__ import annotations

from typing import Any

from textual.app import App

RECORD_SCREENS = {
    "practice": ("practice", "PracticeScreen"),
    "person": ("person", "PersonScreen"),
    "review": ("review", "ReviewScreen"),
    "meeting": ("meeting", "MeetingScreen"),
    "les": ("les_return", "LesReturnScreen"),
}


def open_record(app: App[Any], kind: str, record_id: int) -> None:
    """Push the page for ``kind`` ``record_id`` on the current area's stack (Escape returns)."""
    import importlib

    if kind not in RECORD_SCREENS or not record_id:
        app.notify(f"Nothing to open for this row ({kind})", severity="warning")
        return
    module, name = RECORD_SCREENS[kind]
    screen_class = getattr(importlib.import_module(f"sgtui.tui.screens.{module}"), name)
    app.push_screen(screen_class(record_id))
