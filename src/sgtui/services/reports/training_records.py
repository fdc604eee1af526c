"""Training completions with their status and RAG on a date, streamed for large exports."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, func, select

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
        yield TrainingLine(*row, status=status.label, rag=status.rag)


def training_count(session: Session, as_of: date, filters: Filters) -> int:
    """How many rows :func:`training_lines` will yield (an export's progress total)."""
    stmt = _training_statement(as_of, filters).order_by(None)
    return session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()


def _training_statement(as_of: date, filters: Filters) -> Any:
    """The export's completions with their person, practice, borough and course."""
    stmt = (
        select(
            Person.name,
            Person.email,
            Person.role,
            Person.organisation,
            Practice.ods_code,
            Practice.name,
            Borough.name,
            Course.code,
            Course.title,
            TrainingRecord.completed_on,
            TrainingRecord.expires_on,
            TrainingRecord.hours,
            TrainingRecord.provider,
        )
        .join(Person, Person.id == TrainingRecord.person_id)
        .join(Course, Course.id == TrainingRecord.course_id)
        .outerjoin(Practice, Practice.id == Person.practice_id)
        .outerjoin(Borough, Borough.id == Person.borough_id)
        .where(*in_range(TrainingRecord.completed_on, filters))
        .order_by(Person.name, Person.id, Course.code, TrainingRecord.completed_on)
    )
    if filters.borough_id is not None:
        stmt = stmt.where(Person.borough_id == filters.borough_id)
    return _training_status_filter(stmt, filters.status, as_of)


def _training_status_filter(stmt: Any, code: str | None, as_of: date) -> Any:
    """Only the completions whose Status column will say the status ``code`` names."""
    if code is None:
        return stmt
    status = by_code(code)
    if status is None:
        raise ValidationError({"status": f"use one of {', '.join(EXPIRY_CODES)}"})
    return stmt.where(status.condition(TrainingRecord.expires_on, as_of))
