"""A meeting's page: details, attendance, minutes, its action log, each editable in place.

Every form here is the registry's (:mod:`sgtui.tui.modals.registry_form`): ``e`` edits
every field of the meeting, ``i`` invites a person (namesakes get a picker), ``n`` and
Enter add and edit actions. Attendance is marked with ``p``/``a`` or any status with
``s``; Delete removes the attendee or action under the cursor, behind a confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from sgtui.services import editing, meetings, records
from sgtui.services.catalogues import (
    ATTENDANCE_STATUSES,
    MEETING_STATUS_LABELS,
    code_words,
    coded_value,
)
from sgtui.services.lists import Row
from sgtui.services.ukdates import format_uk
from sgtui.services.undated import step_text
from sgtui.store.models import Meeting
from sgtui.tui.context import services_of
from sgtui.tui.modals.delete_record import confirm_delete
from sgtui.tui.modals.registry_form import open_form
from sgtui.tui.screens.record import RecordScreen, section
from sgtui.tui.widgets.link_table import LinkTable
from sgtui.tui.widgets.record_table import RecordTable


@dataclass(frozen=True)
class MeetingPage:
    meeting: Meeting
    next_dates: list[Meeting]


def header_text(m: Meeting, next_dates: list[Meeting]) -> str:
    """The meeting's details in three lines: when and where, who and the papers, the series."""
    minutes_dates = {
        "draft": m.minutes_drafted_on,
        "circulated": m.minutes_circulated_on,
        "approved": m.minutes_approved_on,
    }
    minutes = m.minutes_status + (
        f" {format_uk(minutes_dates[m.minutes_status])}"
        if minutes_dates.get(m.minutes_status)
        else ""
    )
    if m.minutes_status == "circulated" and m.minutes_circulated_on is None:
        minutes += f" {step_text(m, 'minutes_circulated_on')}"  # "Yes (date not recorded)"
    status = coded_value(m, "status", MEETING_STATUS_LABELS)
    hours = "–".join(t.strftime("%H:%M") for t in (m.start_time, m.end_time) if t)
    when = format_uk(m.meeting_date) + (f" {hours}" if hours else "")
    where = (m.location or "no location") + (" (virtual)" if m.virtual else "")
    papers = format_uk(m.papers_circulated_on) or "not yet"
    nexts = ", ".join(format_uk(n.meeting_date) for n in next_dates) or "none planned"
    return (
        f"[b]{m.title}[/b] · {when} · {where}"
        f" · status: {status} · minutes: {minutes}\n"
        f"Chair: {m.chair or '—'} · minute taker: {m.minute_taker or '—'}"
        f" · papers circulated: {papers}\n"
        f"Reference {m.ref} · next in series: {nexts}"
    )


class MeetingScreen(RecordScreen):
    """One meeting."""

    kind = "meeting"
    BINDINGS = [
        Binding("n", "add_action", "Add action", id="meeting.add_action"),
        Binding("d", "complete_action", "Action done", id="meeting.complete_action"),
        Binding("e", "edit", "Edit / minutes", id="meeting.edit"),
        Binding("i", "invite", "Invite", id="meeting.invite"),
        Binding("p", "attendance('present')", "Present", id="meeting.present"),
        Binding("a", "attendance('apologies')", "Apologies", id="meeting.apologies"),
        Binding(
            "s",
            "choose_attendance",
            "Set attendance",
            id="meeting.attendance",
            tooltip="Invited, present, apologies, deputy or absent",
            priority=True,  # over the table's sort, only while the attendance list has focus
        ),
        Binding(
            "delete",
            "delete_row",
            "Delete",
            id="meeting.delete",
            tooltip="Remove the attendee or delete the action under the cursor",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield from self.compose_header()
        with Horizontal(classes="record-columns"):
            yield section(
                "Attendance (i invite · p/a/s · Del)",
                RecordTable(
                    "attendance",
                    self.linked_scope(meeting_id=self.record_id),
                    id="meeting-attendance",
                ),
                classes="section record-left",
            )
            yield section(
                "Action log (n add · Enter edit · d done · Del delete)",
                RecordTable(
                    "actions", self.linked_scope(meeting_id=self.record_id), id="meeting-actions"
                ),
                classes="section record-right",
            )
        yield from self.compose_footer()

    def load(self, session: Session) -> MeetingPage:
        meeting = records.get(session, Meeting, self.record_id)
        upcoming = (
            meetings.next_meetings(session, meeting.series_id, meeting.meeting_date, limit=7)[1:]
            if meeting.series_id
            else []
        )
        return MeetingPage(meeting, upcoming)

    def show(self, data: MeetingPage) -> None:
        self.query_one("#record-header", Static).update(header_text(data.meeting, data.next_dates))

    @property
    def actions_table(self) -> RecordTable:
        return self.query_one("#meeting-actions", RecordTable)

    @property
    def attendance_table(self) -> RecordTable:
        return self.query_one("#meeting-attendance", RecordTable)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose_attendance":  # elsewhere s is the table's sort
            tables = self.query("#meeting-attendance").results(RecordTable)
            return any(t.table.has_focus for t in tables)
        return super().check_action(action, parameters)

    # --- The meeting itself ----------------------------------------------------------

    def action_edit(self) -> None:
        """Every field of the meeting (papers, minutes and their dates too) in one form."""
        open_form(self, "meeting", self.record_id, then=self.after_save)

    # --- Actions -----------------------------------------------------------------------

    def action_add_action(self) -> None:
        """A new action on this meeting's log, raised today unless the officer says otherwise."""
        if self.data is None:
            return
        meeting = self.data.meeting
        preset = {"meeting": meeting.ref, "raised_on": format_uk(services_of(self).clock.today())}
        title = f"Add an action to {meeting.title} ({format_uk(meeting.meeting_date)})"
        open_form(self, "action", None, preset=preset, title=title, then=self.after_save)

    def _open_record(self, event: LinkTable.RecordChosen) -> None:
        """Enter on an action in the log edits it; other rows open their record."""
        if event.row.key.startswith("action:"):
            event.stop()
            open_form(self, "action", _row_id(event.row), then=self.after_save)
            return
        super()._open_record(event)

    def action_complete_action(self) -> None:
        row = self.actions_table.table.current_row
        if row is None:
            self.notify("Choose an action in the log first", severity="warning")
            return
        self._complete(_row_id(row))

    @work(thread=True, exit_on_error=False, description="Marking the action done")
    def _complete(self, action_id: int) -> None:
        svc = services_of(self)
        with svc.session() as session:
            meetings.complete_action(session, svc, action_id)
        self.app.call_from_thread(self.after_save, action_id)

    # --- Attendance --------------------------------------------------------------------

    def action_invite(self) -> None:
        """Invite someone by name or e-mail; namesakes or nobody found open the person picker."""
        open_form(
            self,
            "attendance",
            None,
            parent_id=self.record_id,
            only=("person",),
            title="Invite to this meeting",
            then=self._attendance_saved,
        )

    def _current_attendee(self) -> Row | None:
        row = self.attendance_table.table.current_row
        if row is None:
            self.notify("Invite someone first (i)", severity="warning")
        return row

    def action_attendance(self, status: str) -> None:
        row = self._current_attendee()
        if row is not None:
            self._set_attendance(_row_id(row), status)

    def action_choose_attendance(self) -> None:
        """Any attendance status for the attendee under the cursor, from a short list."""
        from sgtui.tui.modals.field_choice import ChoiceModal

        row = self._current_attendee()
        if row is None:
            return
        options = [(s, code_words(s)) for s in ATTENDANCE_STATUSES]
        current = next((s for s in ATTENDANCE_STATUSES if row.cells[-1].endswith(s)), None)

        def chosen(status: str | None) -> None:
            if status:
                self._set_attendance(_row_id(row), status)

        self.app.push_screen(
            ChoiceModal(f"{row.cells[0]} at this meeting:", options, current), chosen
        )

    @work(thread=True, exit_on_error=False, description="Saving attendance")
    def _set_attendance(self, attendance_id: int, status: str) -> None:
        svc = services_of(self)
        with svc.session() as session:
            editing.update(session, svc, "attendance", attendance_id, {"status": status})

    def _attendance_saved(self, saved: Any) -> None:
        if saved is not None:
            self.notify("Invited")

    # --- Deleting ----------------------------------------------------------------------

    def action_delete_row(self) -> None:
        """Remove the attendee, or delete the action, under the cursor (asks first)."""
        if self.attendance_table.table.has_focus:
            row = self.attendance_table.table.current_row
            if row is not None:
                confirm_delete(
                    self,
                    "attendance",
                    _row_id(row),
                    question=f"Remove {row.cells[0]} from this meeting?",
                    done=f"Removed {row.cells[0]} from the meeting",
                    yes="Remove",
                    then=self.attendance_table.reload,
                )
                return
        elif self.actions_table.table.has_focus:
            row = self.actions_table.table.current_row
            if row is not None:
                confirm_delete(
                    self,
                    "action",
                    _row_id(row),
                    question=f"Delete action {row.cells[0]} ({row.cells[1]})?",
                    done=f"Deleted action {row.cells[0]}",
                    then=self.reload,
                )
                return
        self.notify("Choose an attendee or an action first", severity="warning")


def _row_id(row: Row) -> int:
    """The record id in a row's key ("action:12" -> 12)."""
    return int(row.key.split(":")[1])
