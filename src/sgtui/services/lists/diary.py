"""The meetings month calendar: Monday-to-Sunday weeks and the meetings on each day."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlmodel import Session, col

from sgtui.store.models import Borough, Meeting


@dataclass(frozen=True)
class CalendarMeeting:
    """A meeting as the month grid shows it: its day, a short title and a status word."""

    id: int
    day: date
    start_time: time | None
    title: str
    status: str
    borough: str


def month_weeks(year: int, month: int) -> list[list[date]]:
    """The weeks (Monday first, as in the UK) covering a month, padded with the days around it."""
    return calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)


def add_months_to_first(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before, if negative) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def meetings_on_days(
    session: Session, start: date, end: date, borough_id: int | None = None
) -> list[CalendarMeeting]:
    """Meetings from ``start`` to ``end`` inclusive, by day and time (scoped to a borough)."""
    stmt = (
        select(
            col(Meeting.id),
            col(Meeting.meeting_date),
            col(Meeting.start_time),
            col(Meeting.title),
            col(Meeting.status),
            col(Borough.code),
        )
        .outerjoin(Borough, col(Borough.id) == Meeting.borough_id)
        .where(col(Meeting.meeting_date) >= start, col(Meeting.meeting_date) <= end)
    )
    if borough_id is not None:
        stmt = stmt.where(col(Meeting.borough_id) == borough_id)
    stmt = stmt.order_by(col(Meeting.meeting_date), col(Meeting.start_time), col(Meeting.id))
    return [
        CalendarMeeting(r.id, r.meeting_date, r.start_time, r.title, r.status, r.code or "SEL")
        for r in session.execute(stmt)
    ]


def meetings_in_month(
    session: Session, year: int, month: int, borough_id: int | None = None
) -> list[CalendarMeeting]:
    """Every meeting on the month grid of ``year``/``month`` (including the padding days)."""
    weeks = month_weeks(year, month)
    return meetings_on_days(session, weeks[0][0], weeks[-1][-1], borough_id)
