"""Yes/no questions and the "someone else saved first" choice."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Label

from sgtui.services.ukdates import format_uk
from sgtui.tui.modals.dialog import SgtuiModal


class ConfirmModal(SgtuiModal):
    """Dismisses True for yes, False for no (Escape).

    The yes button (the action the officer asked for: delete, apply to all, discard) is
    focused, so Enter does what they pressed the key for and Escape still backs out.
    ``focus_no`` is for questions the app raises unasked (a name that looks real), where
    Enter should not wave the warning through.
    """

    BINDINGS = [Binding("escape", "no", "No")]

    def __init__(
        self, question: str, yes: str = "Yes", no: str = "No", *, focus_no: bool = False
    ) -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no
        self.focus_no = focus_no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title")
            with Horizontal(classes="form-buttons"):
                yield Button(self.yes, id="confirm-yes", variant="warning")
                yield Button(self.no, id="confirm-no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#confirm-no" if self.focus_no else "#confirm-yes", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_no(self) -> None:
        self.dismiss(False)


def _text(value: Any) -> str:
    if isinstance(value, date):
        return format_uk(value)
    if value is None:
        return ""
    if isinstance(value, str) and len(value) == 10:
        try:
            return format_uk(date.fromisoformat(value))
        except ValueError:
            pass
    return str(value)


def differing_rows(
    labels: dict[str, str], mine: dict[str, Any], theirs: dict[str, Any]
) -> list[tuple[str, str, str]]:
    """(label, yours, theirs) for each of ``labels``' fields whose two values differ."""
    rows = []
    for name, label in labels.items():
        yours, stored = _text(mine.get(name)), _text(theirs.get(name))
        if name in mine and yours != stored:
            rows.append((label, yours, stored))
    return rows


class ConflictModal(SgtuiModal):
    """The fields that differ, yours beside theirs; dismisses "mine", "theirs" or None.

    ``rows`` are (field label, your value, their value) as the form shows values: only
    fields that actually differ, so the officer compares what matters.
    """

    BINDINGS = [Binding("escape", "edit", "Keep editing")]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                "A colleague saved this record while you were editing it.", classes="dialog-title"
            )
            yield DataTable(id="conflict-table", cursor_type="row")
            with Horizontal(classes="form-buttons"):
                yield Button("Save mine over theirs", id="conflict-mine", variant="warning")
                yield Button("Keep theirs", id="conflict-theirs")
                yield Button("Keep editing", id="conflict-edit", variant="primary")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Field", "Yours", "Theirs")
        for label, yours, theirs in self.rows:
            table.add_row(label, yours or "—", theirs or "—")
        if not self.rows:
            table.add_row("(no field you changed clashes with theirs)", "", "")

    @on(Button.Pressed, "#conflict-mine")
    def _mine(self) -> None:
        self.dismiss("mine")

    @on(Button.Pressed, "#conflict-theirs")
    def _theirs(self) -> None:
        self.dismiss("theirs")

    @on(Button.Pressed, "#conflict-edit")
    def action_edit(self) -> None:
        self.dismiss(None)
