"""The action log as chairs receive it, with its RAG rating."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from sgtui.services import meetings, undated
from sgtui.services.catalogues import DONE_ACTION_STATUSES, code_words
from sgtui.services.reports.common import Filters, in_range
from sgtui.store.models import (
    Action,
    Borough,
    Meeting,
    Practice,
    Review,
)

ACTION_AMBER_DAYS = 14
"""An open action due within this many days shows Amber."""


@dataclass(frozen=True)
class ActionLine:
    """One action-log row as chairs receive it."""

    ref: str
    meeting_ref: str | None
    meeting_title: str | None
    meeting_date: date | None
    review_ref: str | None
    practice_ods: str | None
    borough: str | None
    text: str
    owner: str | None
    raised_on: date | None
    due_on: date | None
    status: str
    completed_on: date | str | None
    """The date, or "Y" when done on a date never recorded."""
    rag: str


def action_rag(status: str, due_on: date | None, as_of: date) -> str:
    """Complete, Red (overdue), Amber (due within two weeks) or Green."""
    if status in DONE_ACTION_STATUSES:
        return "Complete"
    if due_on is None:
        return "Green"
    if due_on < as_of:
        return "Red"
    return "Amber" if due_on <= as_of + timedelta(days=ACTION_AMBER_DAYS) else "Green"


def action_lines(session: Session, as_of: date, filters: Filters) -> list[ActionLine]:
    """Actions filtered by borough (of the meeting, review or practice), due date and status.

    Status "overdue" means open and past due (the Today screen's rule); "open" means any
    open status.
    """
    stmt = (
        meetings.join_action_owners(
            select(Action, Meeting, col(Review.ref), col(Practice.ods_code), col(Borough.name))
        )
        .outerjoin(Borough, col(Borough.id) == meetings.action_borough_id())
        .where(*in_range(Action.due_on, filters))
        .order_by(col(Action.due_on), col(Action.ref))
    )
    if filters.borough_id is not None:
        stmt = stmt.where(col(Borough.id) == filters.borough_id)
    stmt = _action_status_filter(stmt, filters.status, as_of)
    return [
        ActionLine(
            action.ref,
            meeting.ref if meeting else None,
            meeting.title if meeting else None,
            meeting.meeting_date if meeting else None,
            review_ref,
            ods,
            borough,
            action.text,
            action.owner,
            action.raised_on,
            action.due_on,
            action.status_text or action.status,
            undated.exported(action, "completed_on"),
            action_rag(action.status, action.due_on, as_of),
        )
        for action, meeting, review_ref, ods, borough in session.execute(stmt)
    ]


def _action_status_filter(stmt: Any, status: str | None, as_of: date) -> Any:
    if status is None:
        return stmt
    if status == "overdue":
        return stmt.where(meetings.action_open(), col(Action.due_on) < as_of)
    if status == "open":
        return stmt.where(meetings.action_open())
    return stmt.where(col(Action.status) == status)


def status_label(code: str) -> str:
    """ "in_progress" -> "In progress": the words the team's workbook (and the importer) use.

    Text that is not a code (a status an import kept as written) is shown as it is.
    """
    if code != code.lower() or " " in code:
        return code
    return code_words(code)
