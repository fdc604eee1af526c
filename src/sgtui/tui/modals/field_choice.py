"""Choose which field a workbook column fills (for the Import screen's mapping fixes)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from sgtui.tui.base import SgtuiModal


class FieldChoiceModal(SgtuiModal):
    """Lists a sheet kind's fields; dismisses with the chosen field name, or None (Escape)."""

    DEFAULT_CSS = """
    FieldChoiceModal OptionList { height: auto; max-height: 20; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, header: str, kind: str, fields: list[tuple[str, str]], current: str | None
    ) -> None:
        super().__init__()
        self.header, self.kind, self.fields, self.current = header, kind, fields, current

    def compose(self) -> ComposeResult:
        # No "do not import" choice yet: the importer crashes on a header mapped to "ignore"
        # (fields.match_headers keeps it as a column; pipeline._cell_plan has no such field).
        options = [Option(f"{label}  ({name})", id=name) for name, label in self.fields]
        with Vertical(classes="dialog"):
            yield Label(
                f"Column “{self.header}” on a {self.kind} sheet fills:", classes="dialog-title"
            )
            yield OptionList(*options, id="field-choices")
            yield Label("Enter chooses · Escape cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        ids = [name for name, _label in self.fields]
        if self.current in ids:
            choices.highlighted = ids.index(self.current)
        choices.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
