"""Training completions with their status and RAG on a date, streamed for large exports."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col, func

from sgtui.services.errors import ValidationError
from sgtui.services.reports.common import Filters, in_range
from sgtui.store.models import (
    Borough,
    Course,
    Person,
    Practice,
    TrainingRecord,
)

EXPIRING_DAYS = 30
"""A completion expiring within this many days shows Amber ("Expiring")."""


TRAINING_STATUSES = ("in_date", "expiring", "expired")


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


def training_status(expires_on: date | None, as_of: date) -> tuple[str, str]:
    """(status word, RAG word) for a completion on ``as_of``."""
    if expires_on is None:
        return "No expiry", "Green"
    if expires_on < as_of:
        return "Expired", "Red"
    if expires_on <= as_of + timedelta(days=EXPIRING_DAYS):
        return "Expiring", "Amber"
    return "In date", "Green"


def training_lines(
    session: Session, as_of: date, filters: Filters, *, batch: int = 2000
) -> Iterator[TrainingLine]:
    """Completions, streamed in batches so 100,000 rows never sit in memory at once."""
    stmt = _training_statement(as_of, filters)
    for row in session.execute(stmt.execution_options(yield_per=batch)):
        cells: tuple[Any, ...] = (*row, *training_status(row[10], as_of))  # status, rag last
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


def _training_status_filter(stmt: Any, status: str | None, as_of: date) -> Any:
    expires = col(TrainingRecord.expires_on)
    soon = as_of + timedelta(days=EXPIRING_DAYS)
    if status is None:
        return stmt
    if status == "expired":
        return stmt.where(expires < as_of)
    if status == "expiring":
        return stmt.where(expires >= as_of, expires <= soon)
    if status == "in_date":
        return stmt.where(expires.is_(None) | (expires >= as_of))
    raise ValidationError({"status": f"use one of {', '.join(TRAINING_STATUSES)}"})
