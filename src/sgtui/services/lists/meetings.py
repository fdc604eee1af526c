"""Meetings, their attendance and the action log; this week's diary and minutes to chase."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlmodel import Session, col

from sgtui.services.catalogues import coded_label
from sgtui.services.lists.base import ListSpec, Row, Scope, Sort, cols, editable, narrow, uk
from sgtui.services.meetings import action_is_open, action_open, in_action_borough
from sgtui.store.models import Action, Attendance, Borough, Meeting, Person


def _meetings_base(scope: Scope) -> Select[Any]:
    stmt = (
        select(
            col(Meeting.id),
            col(Meeting.meeting_date),
            col(Meeting.title),
            col(Borough.code),
            col(Meeting.status),
            col(Meeting.status_text),
            col(Meeting.minutes_status),
            col(Meeting.ref),
        )
        .select_from(Meeting)
        .outerjoin(Borough, col(Borough.id) == Meeting.borough_id)
    )
    if scope.person_id is not None:
        stmt = stmt.join(Attendance, col(Attendance.meeting_id) == Meeting.id).where(
            col(Attendance.person_id) == scope.person_id
        )
    if scope.practice_id is not None:
        named = select(col(Action.meeting_id)).where(col(Action.practice_id) == scope.practice_id)
        stmt = stmt.where(col(Meeting.id).in_(named))
    return narrow(stmt, scope, {"borough_id": Meeting.borough_id, "review_id": Meeting.review_id})


def _meeting_row(r: Any, scope: Scope) -> Row:
    status = coded_label(r.status, r.status_text, {})  # codes as they are; unmapped as written
    cells = (uk(r.meeting_date), r.title, r.code or "SEL", status, r.minutes_status, r.ref)
    return Row(f"meeting:{r.id}", "meeting", r.id, cells)


def _actions_base(scope: Scope) -> Select[Any]:
    stmt = select(
        col(Action.id),
        col(Action.ref),
        col(Action.text),
        col(Action.owner),
        col(Action.due_on),
        col(Action.status),
        col(Action.status_text),
        col(Action.completed_on),
        col(Action.completed_undated),
        col(Action.meeting_id),
        col(Action.review_id),
    ).select_from(Action)
    if scope.borough_id is not None:  # the meeting's, else the review's, else the practice's
        stmt = in_action_borough(stmt, scope.borough_id)
    return narrow(
        stmt,
        scope,
        {
            "meeting_id": Action.meeting_id,
            "practice_id": Action.practice_id,
            "person_id": Action.owner_person_id,
            "review_id": Action.review_id,
        },
    )


def _action_row(r: Any, scope: Scope) -> Row:
    still_open = action_is_open(r.status, r.completed_on, r.completed_undated)
    overdue = r.due_on is not None and r.due_on < scope.as_of and still_open
    shown = coded_label(r.status, r.status_text, {})
    status = f"! Overdue ({shown})" if overdue else shown
    kind, target = ("meeting", r.meeting_id) if r.meeting_id else ("review", r.review_id or 0)
    cells = (r.ref, r.text, r.owner or "", uk(r.due_on), status)
    return Row(f"action:{r.id}", kind, target, cells)


def _attendance_base(scope: Scope) -> Select[Any]:
    stmt = (
        select(
            col(Attendance.id),
            col(Attendance.person_id),
            col(Person.name),
            col(Person.role),
            col(Person.organisation),
        )
        .add_columns(col(Attendance.status))
        .select_from(Attendance)
        .join(Person, col(Person.id) == Attendance.person_id)
    )
    return narrow(stmt, scope, {"meeting_id": Attendance.meeting_id})


def _attendance_row(r: Any, scope: Scope) -> Row:
    mark = {"present": "✓ present", "apologies": "– apologies", "absent": "✗ absent"}
    cells = (r.name, r.role or "", r.organisation or "", mark.get(r.status, r.status))
    return Row(f"attendance:{r.id}", "person", r.person_id, cells)


def _overdue(scope: Scope) -> Any:
    """The SQL of :func:`_action_row`'s "! Overdue": due before today and still open."""
    return (col(Action.due_on) < scope.as_of) & action_open()


MEETINGS = ListSpec(
    "meetings",
    "Meetings",
    editable(
        cols(
            ("date", "Date", 10),
            ("title", "Title", 40),
            ("borough", "Borough", 7),
            ("status", "Status", 9),
            ("minutes", "Minutes", 10),
            ("ref", "Reference", 30),
        ),
        date="meeting_date",
        title="title",
        borough="borough",
        status="status",
        minutes="minutes_status",
    ),
    {"date": Meeting.meeting_date, "title": Meeting.title, "status": Meeting.status},
    (Meeting.title, Meeting.ref),
    Sort("date", descending=True),
    _meetings_base,
    _meeting_row,
    column_exprs={
        "borough": (Borough.code, Borough.name),
        "minutes": Meeting.minutes_status,
        "ref": Meeting.ref,
    },
)
ACTIONS = ListSpec(
    "actions",
    "Actions",
    editable(
        cols(
            ("ref", "Reference", 24),
            ("text", "Action", 22),
            ("owner", "Owner", 18),
            ("due", "Due", 10),
            ("status", "Status", 16),
        ),
        text="text",
        owner="owner",
        due="due_on",
        status="status",
    ),
    {"ref": Action.ref, "due": Action.due_on, "status": Action.status},
    (Action.ref, Action.text, Action.owner, Action.status),
    Sort("due"),
    _actions_base,
    _action_row,
    column_exprs={"text": Action.text, "owner": Action.owner},
    order=("ref", "due", "status", "text", "owner"),
    statuses={"status": {"overdue": lambda scope: _overdue(scope)}},
)
ATTENDANCE = ListSpec(
    "attendance",
    "Attendance",
    editable(
        cols(
            ("name", "Name", 22),
            ("role", "Role", 20),
            ("organisation", "Organisation", 20),
            ("status", "Attendance", 12),
        ),
        status="status",
    ),
    {"name": Person.name, "status": Attendance.status},
    (Person.name, Person.organisation),
    Sort("name"),
    _attendance_base,
    _attendance_row,
    column_exprs={"role": Person.role, "organisation": Person.organisation},
    order=("name", "status", "role", "organisation"),
)


def meetings_between(
    session: Session, start: date, end: date, borough_id: int | None = None
) -> list[Row]:
    """Meetings from ``start`` to ``end`` inclusive, by date (this week's diary)."""
    scope = Scope(as_of=start, borough_id=borough_id)
    stmt = _meetings_base(scope).where(col(Meeting.meeting_date).between(start, end))
    order = (col(Meeting.meeting_date), col(Meeting.id))
    return [_meeting_row(r, scope) for r in session.execute(stmt.order_by(*order))]


def minutes_outstanding(
    session: Session, as_of: date, borough_id: int | None = None, limit: int = 50
) -> list[Row]:
    """Held (or past planned) meetings whose minutes are not yet circulated, newest first."""
    scope = Scope(as_of=as_of, borough_id=borough_id)
    stmt = (
        _meetings_base(scope)
        .where(col(Meeting.meeting_date) < as_of, col(Meeting.status) != "cancelled")
        .where(col(Meeting.minutes_status).in_(("none", "draft")))
    )
    rows = session.execute(stmt.order_by(col(Meeting.meeting_date).desc()).limit(limit))
    return [_meeting_row(r, scope) for r in rows]
