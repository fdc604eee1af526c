"""The forms officers fill in that the field registry does not build: recurring series.

Each builder returns a :class:`FormModal` with its fields (choices from the catalogues)
and a save function that turns codes into ids and calls the service, which validates
and audits. Field names match the service's, so its errors land under the right field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from sgtui.services import meetings, training
from sgtui.services.catalogues import (
    BOROUGHS,
    COURSES,
    MEETING_STATUSES,
    MEETING_TYPES,
    MINUTES_STATUSES,
    choices_with,
)
from sgtui.services.context import Services
from sgtui.services.meetings import SeriesPlan
from sgtui.services.reference import find_borough
from sgtui.services.ukdates import format_uk
from sgtui.store.models import Meeting
from sgtui.tui.modals.form import FieldSpec, FormModal


def _choices(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((v.replace("_", " ").capitalize(), v) for v in values)


MEETING_TYPE_CHOICES = tuple((t.name, t.code) for t in MEETING_TYPES)
BOROUGH_CHOICES = tuple((b.name, b.code) for b in BOROUGHS)


def _meeting_ids(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    """Form codes (meeting type, borough) as the ids the service stores."""
    values = dict(values)
    type_code, borough_code = values.pop("meeting_type", None), values.pop("borough", None)
    if type_code:
        values["meeting_type_id"] = meetings.meeting_type(session, type_code).id
    borough = find_borough(session, borough_code)
    values["borough_id"] = borough.id if borough else None
    return values


def meeting_form(
    svc: Services, meeting: Meeting | None = None, borough_code: str = "", type_code: str = ""
) -> FormModal:
    """Add a meeting, or edit one (with a version check against colleagues' saves).

    When editing, pass the meeting's borough and type codes: the choices start from them,
    and a blank choice would clear them on save.
    """
    fields = [
        FieldSpec("title", "Title", required=True, default=meeting.title if meeting else ""),
        FieldSpec(
            "meeting_type", "Type", "choice", choices=MEETING_TYPE_CHOICES, default=type_code
        ),
        FieldSpec("borough", "Borough", "choice", choices=BOROUGH_CHOICES, default=borough_code),
        FieldSpec(
            "meeting_date",
            "Date",
            "date",
            required=True,
            default=format_uk(meeting.meeting_date) if meeting else "",
        ),
        FieldSpec(
            "start_time",
            "Start",
            "time",
            default=meeting.start_time.strftime("%H:%M") if meeting and meeting.start_time else "",
        ),
        FieldSpec(
            "location", "Location or Teams", default=meeting.location or "" if meeting else ""
        ),
        FieldSpec("chair", "Chair", default=meeting.chair or "" if meeting else ""),
    ]
    if meeting is not None:
        fields += [
            FieldSpec(
                "status",
                "Status",
                "choice",
                required=True,
                choices=choices_with(
                    _choices(MEETING_STATUSES), meeting.status, meeting.status_text
                ),
                default=meeting.status,
            ),
            FieldSpec(
                "minutes_status",
                "Minutes",
                "choice",
                required=True,
                choices=_choices(MINUTES_STATUSES),
                default=meeting.minutes_status,
            ),
        ]

    def save(session: Session, values: dict[str, Any], version: int | None) -> Meeting:
        values = _meeting_ids(session, values)
        if meeting is not None:
            values["ref"] = meeting.ref
        return meetings.save_meeting(session, svc, values, expected_version=version)[1]

    title = f"Edit meeting {meeting.ref}" if meeting else "Add a meeting"
    return FormModal(title, fields, save, expected_version=meeting.version if meeting else None)


def series_form(svc: Services, borough_code: str = "") -> FormModal:
    """A recurring series (e.g. the six-weekly network) and its next eight meetings.

    Dismisses with the :class:`~sgtui.services.meetings.SeriesPlan` (None on Escape).
    """
    fields = [
        FieldSpec("code", "Series code", required=True, hint="e.g. LAM-SG-NETWORK"),
        FieldSpec("title", "Title", required=True),
        FieldSpec("meeting_type", "Type", "choice", required=True, choices=MEETING_TYPE_CHOICES),
        FieldSpec("borough", "Borough", "choice", choices=BOROUGH_CHOICES, default=borough_code),
        FieldSpec("first_date", "First date", "date", required=True),
        FieldSpec(
            "cadence_unit",
            "Repeats in",
            "choice",
            required=True,
            choices=(("Weeks", "weeks"), ("Months", "months")),
            default="weeks",
        ),
        FieldSpec(
            "cadence_every",
            "Every",
            "number",
            required=True,
            default="6",
            hint="e.g. 6 for six-weekly",
        ),
        FieldSpec("location", "Location or Teams"),
    ]

    def save(session: Session, values: dict[str, Any], _version: int | None) -> SeriesPlan:
        """The plan, not just the meetings: the screen says which dates moved."""
        values = _meeting_ids(session, values)
        values["cadence_every"] = int(values["cadence_every"])
        return meetings.create_series(session, svc, values)

    return FormModal("Add a recurring series", fields, save)


def action_form(svc: Services, meeting_id: int, today: date) -> FormModal:
    """A new action on a meeting's log."""
    fields = [
        FieldSpec("text", "Action", required=True),
        FieldSpec("owner", "Owner"),
        FieldSpec("raised_on", "Raised on", "date", default=format_uk(today)),
        FieldSpec("due_on", "Due", "date"),
    ]

    def save(session: Session, values: dict[str, Any], _version: int | None) -> Any:
        return meetings.save_action(session, svc, {**values, "meeting_id": meeting_id})[1]

    return FormModal("Add an action", fields, save)


def training_form(svc: Services, person_id: int, person_name: str) -> FormModal:
    """A course completion for one person; the expiry follows from the course unless given."""
    fields = [
        FieldSpec(
            "course",
            "Course",
            "choice",
            required=True,
            choices=tuple((c.title, c.code) for c in COURSES),
        ),
        FieldSpec("completed_on", "Completed on", "date", required=True),
        FieldSpec(
            "expires_on", "Expires on", "date", hint="Leave blank to use the course's validity"
        ),
        FieldSpec("hours", "Hours", "number"),
        FieldSpec("provider", "Provider"),
    ]

    def save(session: Session, values: dict[str, Any], _version: int | None) -> Any:
        values = dict(values)
        course = training.get_course(session, values.pop("course"))
        return training.record_completion(
            session, svc, person_id=person_id, course_id=course.id, **values
        )[1]  # type: ignore[arg-type]

    return FormModal(f"Add training for {person_name}", fields, save)
