"""Driving the Import screen: open it, run a workbook, read what it reports."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from tests.support.keys import type_text
from tests.support.waiting import settled


def cells(app: Any, table_id: str) -> list[list[str]]:
    """Every row of the table ``table_id`` on the current screen, as text."""
    table = app.screen.query_one(table_id, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def status(app: Any) -> str:
    """The Import screen's status line."""
    return str(app.screen.query_one("#import-status").render())


async def open_and_run(pilot: Any, path: str) -> None:
    """F6 to the Import screen, type ``path``, Enter to dry-run it, and wait for the report."""
    await settled(pilot)
    await pilot.press("f6")
    await settled(pilot)
    assert type(pilot.app.screen).__name__ == "ImportScreen"
    await type_text(pilot, path)
    await pilot.press("enter")
    await settled(pilot)
