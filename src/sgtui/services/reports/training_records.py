"""Training completions with their status and RAG on a date, streamed for large exports."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col, func

from sgtui.services.errors import ValidationError
from sgtui.services.expiry import EXPIRY_CODES, by_code, status_of
from sgtui.services.reports.common import Filters, in_range
from sgtui.store.models import (
    Borough,
    Course,
    Person,
    Practice,
    TrainingRecord,
)


@dataclass(frozen=True)
class TrainingLine:
    """One completion as the training export lists it (names: that is its purpose)."""

    name: str
    email: str | None
    role: str | None
    organisation: str | None
    practice_ods: str | None
    practice: str | None
    borough: str | None
    course_code: str
    course: str
    completed_on: date
    expires_on: date | None
    hours: float | None
    provider: str | None
    status: str
    rag: str


def training_lines(
    session: Session, as_of: date, filters: Filters, *, batch: int = 2000
) -> Iterator[TrainingLine]:
    """Completions, streamed in batches so 100,000 rows never sit in memory at once."""
    stmt = _training_statement(as_of, filters)
    for row in session.execute(stmt.execution_options(yield_per=batch)):
        status = status_of(row[10], as_of)
        cells: tuple[Any, ...] = (*row, status.label, status.rag)
        yield TrainingLine(*cells)


def training_count(session: Session, as_of: date, filters: Filters) -> int:
    """How many rows :func:`training_lines` will yield (an export's progress total)."""
    stmt = _training_statement(as_of, filters).order_by(None)
    count: int = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    return count


def _training_statement(as_of: date, filters: Filters) -> Any:
    """The export's completions with their person, practice, borough and course."""
    stmt = (
        select(
            col(Person.name),
            col(Person.email),
            col(Person.role),
            col(Person.organisation),
            col(Practice.ods_code),
            col(Practice.name),
            col(Borough.name),
            col(Course.code),
            col(Course.title),
            col(TrainingRecord.completed_on),
            col(TrainingRecord.expires_on),
            col(TrainingRecord.hours),
            col(TrainingRecord.provider),
        )
        .join(Person, col(Person.id) == TrainingRecord.person_id)
        .join(Course, col(Course.id) == TrainingRecord.course_id)
        .outerjoin(Practice, col(Practice.id) == Person.practice_id)
        .outerjoin(Borough, col(Borough.id) == Person.borough_id)
        .where(*in_range(TrainingRecord.completed_on, filters))
        .order_by(
            col(Person.name), col(Person.id), col(Course.code), col(TrainingRecord.completed_on)
        )
    )
    if filters.borough_id is not None:
        stmt = stmt.where(col(Person.borough_id) == filters.borough_id)
    return _training_status_filter(stmt, filters.status, as_of)


def _training_status_filter(stmt: Any, code: str | None, as_of: date) -> Any:
    """Only the completions whose Status column will say the status ``code`` names."""
    if code is None:
        return stmt
    status = by_code(code)
    if status is None:
        raise ValidationError({"status": f"use one of {', '.join(EXPIRY_CODES)}"})
    return stmt.where(status.condition(col(TrainingRecord.expires_on), as_of))
