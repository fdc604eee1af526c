"""Meetings: the diary and every action across meetings; add a meeting or a series."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import TabbedContent, TabPane

from sgtui.tui.context import services_of
from sgtui.tui.screens.areas import ListAreaScreen
from sgtui.tui.widgets.record_table import RecordTable


class MeetingsScreen(ListAreaScreen):
    """Meetings (newest first) and the action log of all meetings."""

    mode = "meetings"
    list_name = "meetings"
    title_text = "Meetings"
    BINDINGS = [
        Binding("n", "add_meeting", "Add meeting", id="meetings.add"),
        Binding(
            "R",
            "add_series",
            "Add series",
            id="meetings.series",
            tooltip="A recurring series, e.g. six-weekly",
        ),
    ]

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="meetings-tabs"):
            with TabPane("Meetings", id="tab-meetings"):
                yield RecordTable(self.list_name, self.scope(), id="main-list")
            with TabPane("Actions across meetings", id="tab-actions"):
                yield RecordTable("actions", self.scope(), id="all-actions")

    def rescope(self) -> None:
        super().rescope()
        self.query_one("#all-actions", RecordTable).set_scope(self.scope())

    def _borough_code(self) -> str:
        label = getattr(self.app, "settings", None)
        return (label.borough or "") if label else ""

    def action_add_meeting(self) -> None:
        from sgtui.tui.modals.record_forms import meeting_form

        self.app.push_screen(
            meeting_form(services_of(self), borough_code=self._borough_code()), self._saved
        )

    def action_add_series(self) -> None:
        from sgtui.tui.modals.record_forms import series_form

        self.app.push_screen(
            series_form(services_of(self), borough_code=self._borough_code()), self._saved
        )

    def _saved(self, saved: object) -> None:
        if saved is None:
            return
        if isinstance(saved, list):
            dates = ", ".join(m.meeting_date.strftime("%d/%m/%Y") for m in saved[:6])
            self.notify(f"Series saved: {len(saved)} meetings planned ({dates}…)")
        else:
            self.notify("Meeting saved")
        self.main_list.reload()

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        event.pane.query_one(RecordTable).table.focus()
