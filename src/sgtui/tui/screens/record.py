"""The shape of a record's page: load in the screen's worker, lay out, reload on each change."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from sgtui.services.lists import Scope
from sgtui.tui.base import SgtuiScreen
from sgtui.tui.context import services_of
from sgtui.tui.widgets.link_table import LinkTable
from sgtui.tui.widgets.record_table import RecordTable


def section(title: str, body: Any, *, classes: str = "section") -> Vertical:
    """A titled block on a record page."""
    return Vertical(Label(title, classes="section-title"), body, classes=classes)


class RecordScreen(SgtuiScreen):
    """A page for one record; subclasses say how to load it and how to show it."""

    kind = ""
    BINDINGS = [
        Binding("h", "history", "History", id="record.history", tooltip="Who changed what, when"),
        Binding(
            "ctrl+z",
            "undo_here",
            "Undo",
            show=False,
            id="record.undo",
            tooltip="Undo my last change to this record (shows what it will undo first)",
        ),
    ]

    def __init__(self, record_id: int) -> None:
        super().__init__()
        self.record_id = record_id
        self.data: Any = None

    def compose_header(self) -> ComposeResult:
        yield Static("Loading…", id="record-header", classes="detail")

    def linked_scope(self, **linked: int | None) -> Scope:
        """Linked lists show every linked record, whatever the borough scope."""
        return Scope(as_of=services_of(self).clock.today(), **linked)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Load the record again and refresh every linked list."""
        self.reload_panels()
        for table in self.query(RecordTable):
            if table.is_mounted:
                table.reload()

    def load_panels(self, session: Session) -> Any:
        """The page is one panel: :meth:`load` in the screen's worker, then :meth:`show`."""
        return self.load(session)

    def show_panels(self, data: Any) -> None:
        self.data = data
        self.show(data)

    def load(self, session: Session) -> Any:
        """Read what the page shows (runs in a worker thread)."""
        raise NotImplementedError

    def show(self, data: Any) -> None:
        """Lay out what :meth:`load` returned (runs on the UI thread)."""
        raise NotImplementedError

    def _open_record(self, event: LinkTable.RecordChosen) -> None:
        """Rows that point back at this record (its own actions...) have nothing to open:
        Enter edits the cell under the cursor in place instead (as F2 does)."""
        if event.row.kind == self.kind and event.row.record_id == self.record_id:
            event.stop()
            from sgtui.tui.widgets.record_table import RecordTable

            owner = event.table.parent
            if isinstance(owner, RecordTable):
                owner.action_edit_cell()
            return
        super()._open_record(event)

    def action_history(self) -> None:
        """Open this record's history (an undo there reloads this page when shown again)."""
        from sgtui.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.kind, self.record_id))

    def action_undo_here(self) -> None:
        """Undo my last change to this record, or made from this page (previewed first)."""
        from sgtui.tui.screens.history import undo_record_modal

        self.app.push_screen(undo_record_modal(self.kind, self.record_id, self.made_here))

    def after_save(self, saved: Any) -> None:
        """Called with a form's result: reload if something was saved."""
        if saved is not None:
            self.notify("Saved")  # the page reloads on the DataChanged the save posted
