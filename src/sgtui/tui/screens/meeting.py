"""A meeting's page: details, attendance (present/apologies), minutes, its action log."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from sgtui.services import meetings, people, records
from sgtui.services.catalogues import MEETING_STATUS_LABELS, coded_value
from sgtui.services.errors import NotFound, ValidationError
from sgtui.services.ukdates import format_uk
from sgtui.services.undated import step_text
from sgtui.store.models import Meeting
from sgtui.tui.context import services_of
from sgtui.tui.modals.form import FieldSpec, FormModal
from sgtui.tui.screens.record import RecordScreen, section
from sgtui.tui.widgets.link_table import LinkTable
from sgtui.tui.widgets.record_table import RecordTable


@dataclass(frozen=True)
class MeetingPage:
    meeting: Meeting
    next_dates: list[Meeting]


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
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield from self.compose_header()
        with Horizontal(classes="record-columns"):
            yield section(
                "Attendance (i invite · p present · a apologies)",
                RecordTable(
                    "attendance",
                    self.linked_scope(meeting_id=self.record_id),
                    id="meeting-attendance",
                ),
                classes="section record-left",
            )
            yield section(
                "Action log (n add · Enter edit · d done)",
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
        m = data.meeting
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
        nexts = ", ".join(format_uk(n.meeting_date) for n in data.next_dates) or "none planned"
        self.query_one("#record-header", Static).update(
            f"[b]{m.title}[/b] · {format_uk(m.meeting_date)} {m.start_time.strftime('%H:%M') if m.start_time else ''}"
            f" · {m.location or 'no location'} · status: {status} · minutes: {minutes}\n"
            f"Reference {m.ref} · next in series: {nexts}"
        )

    @property
    def actions_table(self) -> RecordTable:
        return self.query_one("#meeting-actions", RecordTable)

    def action_add_action(self) -> None:
        from sgtui.tui.modals.record_forms import action_form

        svc = services_of(self)
        self.app.push_screen(action_form(svc, self.record_id, svc.clock.today()), self.after_save)

    def action_edit(self) -> None:
        if self.data is not None:
            self._open_edit_form(self.data.meeting)

    @work(thread=True, exit_on_error=False, description="Opening the meeting")
    def _open_edit_form(self, meeting: Meeting) -> None:
        """The form starts from the meeting's own borough and type (codes read here)."""
        from sgtui.store.models import MeetingType
        from sgtui.tui.modals.edit_forms import borough_code
        from sgtui.tui.modals.record_forms import meeting_form

        svc = services_of(self)
        with svc.session() as session:
            borough = borough_code(session, meeting.borough_id)
            kind = (
                session.get(MeetingType, meeting.meeting_type_id)
                if meeting.meeting_type_id
                else None
            )
        form = meeting_form(svc, meeting, borough, kind.code if kind else "")
        self.app.call_from_thread(self.app.push_screen, form, self.after_save)

    def _open_record(self, event: LinkTable.RecordChosen) -> None:
        """Enter on an action in the log edits it; other rows open their record."""
        if event.row.key.startswith("action:"):
            event.stop()
            self._edit_action(int(event.row.key.split(":")[1]))
            return
        super()._open_record(event)

    @work(thread=True, exit_on_error=False, description="Opening the action")
    def _edit_action(self, action_id: int) -> None:
        from sgtui.store.models import Action
        from sgtui.tui.modals.edit_forms import action_edit_form

        svc = services_of(self)
        with svc.session() as session:
            action = records.get(session, Action, action_id)
        self.app.call_from_thread(
            self.app.push_screen, action_edit_form(svc, action), self.after_save
        )

    def action_complete_action(self) -> None:
        row = self.actions_table.table.current_row
        if row is None:
            self.notify("Choose an action in the log first", severity="warning")
            return
        self._complete(int(row.key.split(":")[1]))

    @work(thread=True, exit_on_error=False, description="Marking the action done")
    def _complete(self, action_id: int) -> None:
        svc = services_of(self)
        with svc.session() as session:
            meetings.complete_action(session, svc, action_id)
        self.app.call_from_thread(self.after_save, action_id)

    def action_attendance(self, status: str) -> None:
        row = self.query_one("#meeting-attendance", RecordTable).table.current_row
        if row is None:
            self.notify("Invite someone first (i)", severity="warning")
            return
        self._set_attendance(row.record_id, status)

    @work(thread=True, exit_on_error=False, description="Saving attendance")
    def _set_attendance(self, person_id: int, status: str) -> None:
        svc = services_of(self)
        with svc.session() as session:
            meetings.set_attendance(session, svc, self.record_id, person_id, status)
        self.app.call_from_thread(self.query_one("#meeting-attendance", RecordTable).reload)

    def action_invite(self) -> None:
        svc = services_of(self)

        def save(session: Session, values: dict[str, object], _version: int | None) -> object:
            try:
                person = people.get_person(session, str(values["person"]))
            except NotFound as exc:
                raise ValidationError({"person": str(exc)}) from None
            return meetings.set_attendance(session, svc, self.record_id, person.id, "invited")[1]  # type: ignore[arg-type]

        form = FormModal(
            "Invite to this meeting", [FieldSpec("person", "Name or e-mail", required=True)], save
        )
        self.app.push_screen(form, self.after_save)
