"""Meetings as calendar entries need them (cancelled ones included, so calendars drop them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlmodel import Session, col, select

from sgtui.services.reports.common import Filters, in_range
from sgtui.store.models import (
    Borough,
    Meeting,
    MeetingType,
)


@dataclass(frozen=True)
class MeetingEvent:
    """A meeting as a calendar entry needs it."""

    ref: str
    title: str
    meeting_type: str | None
    borough: str | None
    meeting_date: date
    start_time: time | None
    end_time: time | None
    location: str | None
    virtual: bool
    chair: str | None
    status: str
    version: int
    updated_at: datetime


def meeting_events(
    session: Session,
    date_from: date | None = None,
    date_to: date | None = None,
    borough_id: int | None = None,
    *,
    refs: set[str] | None = None,
) -> list[MeetingEvent]:
    """Meetings in the (inclusive) date range, cancelled ones included so calendars drop them.

    ``refs`` narrows to those meetings (the meetings an action log refers to).
    """
    stmt = (
        select(Meeting, col(MeetingType.name), col(Borough.name))
        .outerjoin(MeetingType, col(MeetingType.id) == Meeting.meeting_type_id)
        .outerjoin(Borough, col(Borough.id) == Meeting.borough_id)
        .where(*in_range(Meeting.meeting_date, Filters(date_from=date_from, date_to=date_to)))
        .order_by(col(Meeting.meeting_date), col(Meeting.start_time), col(Meeting.ref))
    )
    if borough_id is not None:
        stmt = stmt.where(col(Meeting.borough_id) == borough_id)
    if refs is not None:
        stmt = stmt.where(col(Meeting.ref).in_(refs))
    return [
        MeetingEvent(
            m.ref,
            m.title,
            type_name,
            borough,
            m.meeting_date,
            m.start_time,
            m.end_time,
            m.location,
            m.virtual,
            m.chair,
            m.status_text or m.status,
            m.version,
            m.updated_at,
        )
        for m, type_name, borough in session.execute(stmt)
    ]
