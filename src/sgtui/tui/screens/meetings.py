"""Meetings: the diary as a list or a month calendar, and every action across meetings.

``m`` switches the Meetings tab between the list and the month calendar (Mon–Sun
weeks); the calendar is built the first time it is asked for, so the list opens as
quickly as before.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import TabbedContent, TabPane

from sgtui.services.meetings import SeriesPlan, plan_summary
from sgtui.tui.context import services_of
from sgtui.tui.screens.areas import ListAreaScreen
from sgtui.tui.widgets.month_calendar import MeetingCalendar, MonthGrid
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
        Binding(
            "m",
            "toggle_calendar",
            "Month/list",
            id="meetings.calendar",
            tooltip="Switch between the list and the month calendar",
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
        if self.calendar is not None:
            self.calendar.set_borough(getattr(self.app, "borough_id", None))

    @property
    def calendar(self) -> MeetingCalendar | None:
        """The month calendar, once it has been shown."""
        found = self.query(MeetingCalendar)
        return found.first() if found else None

    @property
    def showing_calendar(self) -> bool:
        return self.calendar is not None and bool(self.calendar.display)

    def action_toggle_calendar(self) -> None:
        """Show the month calendar in place of the list, or the list again."""
        tabs = self.query_one("#meetings-tabs", TabbedContent)
        if tabs.active != "tab-meetings":
            tabs.active = "tab-meetings"
        calendar = self.calendar
        if calendar is None:
            calendar = MeetingCalendar(
                services_of(self).clock.today(),
                getattr(self.app, "borough_id", None),
                id="meeting-calendar",
            )
            self.query_one("#tab-meetings", TabPane).mount(calendar)
            self.main_list.display = False
            self.call_after_refresh(lambda: calendar.grid.focus())
            return
        calendar.display = not calendar.display
        self.main_list.display = not calendar.display
        if calendar.display:
            calendar.reload()
            calendar.grid.focus()
        else:
            self.main_list.table.focus()

    depends_on = frozenset({"meeting"})

    def reload_panels(self) -> None:
        if self.showing_calendar:
            self.calendar.reload()  # type: ignore[union-attr]

    def _borough_code(self) -> str:
        label = getattr(self.app, "settings", None)
        return (label.borough or "") if label else ""

    def action_add_meeting(self) -> None:
        """Every field of a new meeting, in the borough of the scope chosen (if one is)."""
        from sgtui.tui.modals.registry_form import open_form

        borough = (
            getattr(self.app, "scope_label", "") if getattr(self.app, "borough_id", None) else ""
        )
        preset = {"borough": borough} if borough else {}
        open_form(self, "meeting", None, preset=preset, title="Add a meeting", then=self._saved)

    def action_add_series(self) -> None:
        from sgtui.tui.modals.record_forms import series_form

        self.app.push_screen(
            series_form(services_of(self), borough_code=self._borough_code()), self._saved
        )

    def _saved(self, saved: object) -> None:
        if saved is None:
            return
        if isinstance(saved, SeriesPlan):
            self.notify(f"Series saved: {plan_summary(saved)}", timeout=10)
        else:
            self.notify("Meeting saved")  # the list and calendar follow its DataChanged

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-meetings" and self.showing_calendar:
            event.pane.query_one(MonthGrid).focus()
        else:
            event.pane.query_one(RecordTable).table.focus()
