"""Meetings, recurring series, attendance and the action log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from sgtui.services import records, undated
from sgtui.services.catalogues import (
    ACTION_STATUSES,
    ATTENDANCE_STATUSES,
    DONE_ACTION_STATUSES,
    MEETING_STATUSES,
    MINUTES_STATUSES,
    OPEN_ACTION_STATUSES,
    UNMAPPED,
    is_unmapped,
    settle_coded,
)
from sgtui.services.context import Services
from sgtui.services.deadlines import add_months, is_bank_holiday, working_day_on_or_after
from sgtui.services.errors import NotFound
from sgtui.services.ukdates import format_uk, format_uk_with_weekday
from sgtui.services.validation import MAX_SHORT_TEXT, MAX_TEXT, Checker, clean
from sgtui.store.models import (
    Action,
    Attendance,
    Borough,
    Meeting,
    MeetingSeries,
    MeetingType,
    Practice,
    Review,
)

MINUTES_DATE = {
    "draft": "minutes_drafted_on",
    "circulated": "minutes_circulated_on",
    "approved": "minutes_approved_on",
}


def meeting_ref(type_code: str, borough_code: str | None, on: date) -> str:
    """The reference for a meeting with no workbook ID: TYPE-BOROUGH-yyyy-mm-dd."""
    return f"{type_code}-{borough_code or 'SEL'}-{on.isoformat()}"


def meeting_type(session: Session, code: str) -> MeetingType:
    found = session.exec(select(MeetingType).where(col(MeetingType.code) == code)).first()
    if found is None:
        raise NotFound(f"no meeting type {code!r}")
    return found


def save_meeting(
    session: Session, svc: Services, values: dict[str, Any], *, expected_version: int | None = None
) -> tuple[records.Outcome, Meeting]:
    """Create or update a meeting; the reference is made up when the workbook gave none."""
    values = clean(values)
    check = Checker()
    check.required(values, "title", "meeting_date")
    check.choice(values, "status", MEETING_STATUSES)
    check.choice(values, "minutes_status", MINUTES_STATUSES)
    check.text_length(
        values,
        {
            "title": MAX_SHORT_TEXT,
            "location": MAX_SHORT_TEXT,
            "chair": MAX_SHORT_TEXT,
            "minute_taker": MAX_SHORT_TEXT,
        },
    )
    start, end = values.get("start_time"), values.get("end_time")
    if isinstance(start, time) and isinstance(end, time) and end <= start:
        check.fail("end_time", "is not after the start time")
    check.raise_if_any()
    values = settle_coded("meeting", undated.settle(values))
    status = values.get("minutes_status")
    if status in MINUTES_DATE and not values.get(MINUTES_DATE[status]):
        values[MINUTES_DATE[status]] = svc.clock.today()
    ref = values.pop("ref", None)
    if not ref:
        type_id = values.get("meeting_type_id")
        meeting_type = session.get(MeetingType, type_id) if type_id else None
        type_code = meeting_type.code if meeting_type else "OTHER"
        borough = session.get(Borough, values["borough_id"]) if values.get("borough_id") else None
        ref = meeting_ref(type_code, borough.code if borough else None, values["meeting_date"])
    existing = records.find(session, Meeting, {"ref": ref})
    if existing is not None and expected_version is not None:
        records.apply_changes(session, svc, existing, values, expected_version=expected_version)
        return records.Outcome.UPDATED, existing
    return records.upsert(session, svc, Meeting, {"ref": ref}, values)


def series_schedule(
    first: date, unit: str, every: int, *, until: date | None = None, count: int = 12
) -> list[tuple[date, date]]:
    """(date the cadence gives, working day the meeting is held) for each meeting of a series.

    Every N weeks or months from ``first``; a date on a bank holiday or weekend moves to
    the next working day (nobody meets on Christmas Day), and the next date still follows
    the cadence from ``first``. A meeting moved past ``until`` is left out: the series
    ends by then.
    """
    if unit == "none" or every <= 0:
        return [(first, working_day_on_or_after(first))]
    schedule = []
    for n in range(count):
        day = (
            first + timedelta(weeks=every * n) if unit == "weeks" else add_months(first, every * n)
        )
        held_on = working_day_on_or_after(day)
        if until and held_on > until:
            break
        schedule.append((day, held_on))
    return schedule


@dataclass(frozen=True)
class SeriesPlan:
    """A series just created, its planned meetings, and which of them moved.

    ``moved`` holds (date the cadence gave, working day it moved to), so a screen can
    tell the officer: "Mon 25/12/2028 → Wed 27/12/2028".
    """

    series: MeetingSeries
    meetings: list[Meeting]
    moved: list[tuple[date, date]]


def create_series(
    session: Session, svc: Services, values: dict[str, Any], count: int = 8
) -> SeriesPlan:
    """A recurring series and its next ``count`` planned meetings, all on working days."""
    values = clean(values)
    check = Checker()
    check.required(values, "code", "title", "meeting_type_id", "first_date")
    check.choice(values, "cadence_unit", ("weeks", "months", "none"))
    if (values.get("cadence_every") or 0) < 0:
        check.fail("cadence_every", "cannot be negative")
    check.raise_if_any()
    _outcome, series = records.upsert(
        session, svc, MeetingSeries, {"code": values.pop("code")}, values
    )
    schedule = series_schedule(
        series.first_date,
        series.cadence_unit,
        series.cadence_every,
        until=series.until_date,
        count=count,
    )
    planned = [_plan_meeting(session, svc, series, held_on) for _day, held_on in schedule]
    moved = [(day, held_on) for day, held_on in schedule if day != held_on]
    return SeriesPlan(series, planned, moved)


def _plan_meeting(session: Session, svc: Services, series: MeetingSeries, day: date) -> Meeting:
    """The series' planned meeting on ``day``; its ref is the series code and that date."""
    _o, meeting = save_meeting(
        session,
        svc,
        {
            "ref": f"{series.code}-{day.isoformat()}",
            "title": series.title,
            "meeting_type_id": series.meeting_type_id,
            "series_id": series.id,
            "borough_id": series.borough_id,
            "meeting_date": day,
            "start_time": series.start_time,
            "location": series.location,
            "chair": series.chair,
            "status": "planned",
            "source": series.source,
        },
    )
    return meeting


def plan_summary(plan: SeriesPlan) -> str:
    """What a screen tells the officer about a new series, naming every meeting that moved.

    "8 meetings planned, 06/11/2028 to 22/01/2029; 1 moved off a bank holiday:
    Mon 25/12/2028 → Wed 27/12/2028".
    """
    days = [m.meeting_date for m in plan.meetings]
    if not days:
        return "No meetings planned: the series ends before its first date"
    if len(days) == 1:
        summary = f"1 meeting planned, on {format_uk(days[0])}"
    else:
        summary = f"{len(days)} meetings planned, {format_uk(days[0])} to {format_uk(days[-1])}"
    return f"{summary}; {moves_text(plan.moved)}" if plan.moved else summary


def moves_text(moved: list[tuple[date, date]]) -> str:
    """Which dates moved and why, e.g. "1 moved off a bank holiday: Mon 25/12/2028 → Wed 27/12/2028"."""
    if all(is_bank_holiday(day) for day, _held in moved):
        why = "off a bank holiday" if len(moved) == 1 else "off bank holidays"
    else:
        why = "to the next working day"
    each = ", ".join(
        f"{format_uk_with_weekday(day)} → {format_uk_with_weekday(held)}" for day, held in moved
    )
    return f"{len(moved)} moved {why}: {each}"


def next_meetings(session: Session, series_id: int, after: date, limit: int = 6) -> list[Meeting]:
    stmt = select(Meeting).where(
        col(Meeting.series_id) == series_id, col(Meeting.meeting_date) >= after
    )
    return list(session.exec(stmt.order_by(col(Meeting.meeting_date)).limit(limit)))


def set_attendance(
    session: Session, svc: Services, meeting_id: int, person_id: int, status: str
) -> tuple[records.Outcome, Attendance]:
    check = Checker()
    check.choice({"status": status}, "status", ATTENDANCE_STATUSES)
    check.raise_if_any()
    return records.upsert(
        session,
        svc,
        Attendance,
        {"meeting_id": meeting_id, "person_id": person_id},
        {"status": status},
    )


def next_action_ref(session: Session, meeting: Meeting) -> str:
    """The meeting's ref plus the next two-digit number (e.g. ...-2025-03-12-04)."""
    count = session.exec(
        select(func.count()).select_from(Action).where(col(Action.meeting_id) == meeting.id)
    ).one()
    number = count + 1
    while session.exec(
        select(Action).where(col(Action.ref) == f"{meeting.ref}-{number:02d}")
    ).first():
        number += 1
    return f"{meeting.ref}-{number:02d}"


def new_action_ref(session: Session, meeting_id: int | None) -> str:
    """The next free reference: the meeting's ref plus a number, else ACT-nnnnn."""
    if meeting_id:
        return next_action_ref(session, records.get(session, Meeting, meeting_id))
    number = session.exec(select(func.count()).select_from(Action)).one() + 1
    while session.exec(select(Action).where(col(Action.ref) == f"ACT-{number:05d}")).first():
        number += 1  # an action was deleted: its number may be taken by a later one
    return f"ACT-{number:05d}"


def save_action(
    session: Session, svc: Services, values: dict[str, Any], *, expected_version: int | None = None
) -> tuple[records.Outcome, Action]:
    """Create or update an action; a done action gets its completion date."""
    values = clean(values)
    check = Checker()
    check.required(values, "text")
    check.choice(values, "status", ACTION_STATUSES)
    check.text_length(values, {"text": MAX_TEXT, "owner": MAX_SHORT_TEXT})
    check.not_before(values, "due_on", "raised_on")
    check.raise_if_any()
    values = settle_coded("action", undated.settle(values))
    done = values.get("completed_on") or values.get("completed_undated")
    if values.get("status") in DONE_ACTION_STATUSES and not done:
        values["completed_on"] = svc.clock.today()
    ref = values.pop("ref", None) or new_action_ref(session, values.get("meeting_id"))
    existing = records.find(session, Action, {"ref": ref})
    if existing is not None and expected_version is not None:
        records.apply_changes(session, svc, existing, values, expected_version=expected_version)
        return records.Outcome.UPDATED, existing
    return records.upsert(session, svc, Action, {"ref": ref}, values)


def complete_action(session: Session, svc: Services, action_id: int) -> Action:
    """Mark an action done today."""
    return records.update(
        session, svc, Action, action_id, {"status": "complete", "completed_on": svc.clock.today()}
    )


def meeting_actions(session: Session, meeting_id: int) -> list[Action]:
    return list(
        session.exec(
            select(Action).where(col(Action.meeting_id) == meeting_id).order_by(col(Action.ref))
        )
    )


def open_actions(
    session: Session,
    *,
    overdue_on: date | None = None,
    borough_id: int | None = None,
    limit: int | None = None,
) -> list[Action]:
    """Open actions (optionally only those past due on ``overdue_on``), by due date.

    ``limit`` keeps the first rows only (the Today screen shows 100 of thousands).
    """
    stmt = select(Action).where(action_open())
    if overdue_on is not None:
        stmt = stmt.where(col(Action.due_on) < overdue_on)
    if borough_id is not None:
        stmt = in_action_borough(stmt, borough_id)
    stmt = stmt.order_by(col(Action.due_on), col(Action.ref))
    return list(session.exec(stmt if limit is None else stmt.limit(limit)))


def action_is_open(status: str, completed_on: date | None, completed_undated: bool) -> bool:
    """The action is still open: :func:`action_open` on one row, in Python."""
    if is_unmapped(status):
        return completed_on is None and not completed_undated
    return status in OPEN_ACTION_STATUSES


def action_open() -> Any:
    """SQL: the action is still open.

    An open status, or a status an import kept as written ("Awaiting tea (unmapped)")
    on an action with no completion (dated or not): such an action is not known done.
    """
    unmapped = col(Action.status).like(f"{UNMAPPED}%")
    not_done = col(Action.completed_on).is_(None) & col(Action.completed_undated).is_(False)
    return or_(col(Action.status).in_(OPEN_ACTION_STATUSES), unmapped & not_done)


def action_borough_id() -> Any:
    """An action's borough: its meeting's, else its review's, else its practice's.

    Every borough-scoped action figure (Today, stats, exports) uses this one rule; the
    statement must join Meeting, Review and Practice (see :func:`in_action_borough`).
    """
    return func.coalesce(col(Meeting.borough_id), col(Review.borough_id), col(Practice.borough_id))


def join_action_owners(stmt: Any) -> Any:
    """Outer-join the meeting, review and practice an action may belong to."""
    return (
        stmt.outerjoin(Meeting, col(Meeting.id) == Action.meeting_id)
        .outerjoin(Review, col(Review.id) == Action.review_id)
        .outerjoin(Practice, col(Practice.id) == Action.practice_id)
    )


def in_action_borough(stmt: Any, borough_id: int) -> Any:
    """Limit an Action statement to one borough (by :func:`action_borough_id`)."""
    return join_action_owners(stmt).where(action_borough_id() == borough_id)


def get_meeting(session: Session, ref: str) -> Meeting:
    meeting = session.exec(select(Meeting).where(col(Meeting.ref) == ref.strip())).first()
    if meeting is None:
        raise NotFound(f"no meeting with reference {ref!r}")
    return meeting
