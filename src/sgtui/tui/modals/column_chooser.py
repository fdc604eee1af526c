"""Which columns a list shows: a checklist, remembered per list in the settings file.

The first column (a name, reference or ODS code) is always shown: it is what the other
cells describe, and it stays frozen when the table scrolls sideways.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, SelectionList
from textual.widgets.selection_list import Selection

from sgtui.services.lists import Column
from sgtui.tui.modals.dialog import SgtuiModal


class ColumnChooserModal(SgtuiModal):
    """Dismisses with the keys to hide (a frozenset), or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply", id="columns.apply", tooltip="Show these columns"),
    ]

    def __init__(self, title: str, columns: Sequence[Column], hidden: frozenset[str]) -> None:
        super().__init__()
        self.title_text, self.columns, self.hidden = title, list(columns), hidden

    def compose(self) -> ComposeResult:
        choices = [
            Selection(c.label, c.key, c.key not in self.hidden or i == 0, disabled=i == 0)
            for i, c in enumerate(self.columns)
        ]
        with Vertical(classes="dialog"):
            yield Label(f"Columns of {self.title_text}", classes="dialog-title")
            yield SelectionList[str](*choices, id="column-choices")
            with Horizontal(classes="form-buttons"):
                yield Button("Apply", id="columns-apply", variant="primary")
                yield Button("Cancel", id="columns-cancel")
            yield Label(
                "Space shows or hides a column · Ctrl+S applies · Escape cancels",
                classes="dialog-hint",
            )

    @on(Button.Pressed, "#columns-apply")
    def action_apply(self) -> None:
        shown = set(self.query_one("#column-choices", SelectionList).selected)
        self.dismiss(frozenset(c.key for c in self.columns[1:] if c.key not in shown))

    @on(Button.Pressed, "#columns-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
