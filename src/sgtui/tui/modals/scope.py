"""Choosing the borough the app is scoped to ("Lambeth only"), remembered in the settings."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from sgtui.services.reference import boroughs
from sgtui.tui.context import services_of
from sgtui.tui.modals.dialog import SgtuiModal

ALL = "__all__"


class ScopeModal(SgtuiModal):
    """Dismisses with a borough code, "" for all boroughs, or None if cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current_id: int | None) -> None:
        super().__init__()
        self.current_id = current_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Work on which borough?", classes="dialog-title")
            yield OptionList(Option("All SE London boroughs", id=ALL), id="scope-options")
            yield Label("Enter chooses · Escape cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exit_on_error=False, description="Loading boroughs")
    def _load(self) -> None:
        with services_of(self).session() as session:
            found = [(b.id, b.code, b.name) for b in boroughs(session)]
        self.app.call_from_thread(self._show, found)

    def _show(self, found: list[tuple[int | None, str, str]]) -> None:
        options = self.query_one(OptionList)
        for borough_id, code, name in found:
            options.add_option(Option(f"{name} only ({code})", id=code))
            if borough_id == self.current_id:
                options.highlighted = options.option_count - 1
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ALL
        self.dismiss("" if option_id == ALL else option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
