"""Pick one of a short list: the Import screen's fixes (a column's field, a value's catalogue
entry, which person a name means) all ask the officer the same kind of question."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from sgtui.tui.modals.dialog import SgtuiModal


class ChoiceModal(SgtuiModal):
    """Lists (id, label) choices under a question; dismisses with the chosen id, or None."""

    DEFAULT_CSS = """
    ChoiceModal OptionList { height: auto; max-height: 20; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, choices: list[tuple[str, str]], current: str | None) -> None:
        super().__init__()
        self.question, self.choices, self.current = question, choices, current

    def compose(self) -> ComposeResult:
        options = [Option(label, id=choice_id) for choice_id, label in self.choices]
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title")
            yield OptionList(*options, id="field-choices")
            yield Label("Enter chooses · Escape cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        ids = [choice_id for choice_id, _label in self.choices]
        if self.current in ids:
            choices.highlighted = ids.index(self.current)
        choices.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FieldChoiceModal(ChoiceModal):
    """Which field a workbook column fills."""

    def __init__(
        self, header: str, kind: str, fields: list[tuple[str, str]], current: str | None
    ) -> None:
        # No "do not import" choice yet: the importer crashes on a header mapped to "ignore"
        # (fields.match_headers keeps it as a column; pipeline._cell_plan has no such field).
        choices = [(name, f"{label}  ({name})") for name, label in fields]
        super().__init__(f"Column “{header}” on a {kind} sheet fills:", choices, current)


class ValueChoiceModal(ChoiceModal):
    """Which catalogue entry a value an officer typed means ("Awaiting panel" -> Panel)."""

    def __init__(
        self, header: str, text: str, choices: list[tuple[str, str]], current: str | None
    ) -> None:
        super().__init__(f"“{text}” in column “{header}” means:", choices, current)


class PersonChoiceModal(ChoiceModal):
    """Which existing person a name in the workbook is, or a new person."""

    NEW = "new"

    def __init__(
        self,
        name: str,
        organisation: str | None,
        candidates: list[tuple[str, str]],
        current: str | None,
    ) -> None:
        where = f" ({organisation})" if organisation else ""
        choices = [*candidates, (self.NEW, "A new person: none of these")]
        super().__init__(f"“{name}”{where} in the workbook is:", choices, current)
