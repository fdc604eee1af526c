"""Training: courses, completions with their expiry, and compliance as the ICB reports it.

Compliance for a course = people whose role requires it and who hold an in-date
completion on the as-of date ÷ people whose role requires it (the annual report's
"Safeguarding Adults Level 1 81%").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func
from sqlmodel import Session, col, select

from sgtui.services import records
from sgtui.services.context import Services
from sgtui.services.deadlines import add_months
from sgtui.services.errors import NotFound
from sgtui.services.validation import Checker
from sgtui.store.models import Borough, Course, Person, RoleRequirement, TrainingRecord


def derive_expiry(completed_on: date, validity_months: int | None) -> date | None:
    """Completion + the course's validity (None when the course never expires)."""
    if validity_months is None:
        return None
    return add_months(completed_on, validity_months)


def get_course(session: Session, code_or_title: str) -> Course:
    """A course by code ("SGA-L1") or title, case-insensitive."""
    text = code_or_title.strip()
    course = session.exec(
        select(Course).where(
            (func.lower(Course.code) == text.lower()) | (func.lower(Course.title) == text.lower())
        )
    ).first()
    if course is None:
        raise NotFound(f"no course {text!r}")
    return course


def record_completion(
    session: Session,
    svc: Services,
    *,
    person_id: int,
    course_id: int,
    completed_on: date,
    expires_on: date | None = None,
    hours: float | None = None,
    provider: str | None = None,
    source: str | None = None,
) -> tuple[records.Outcome, TrainingRecord]:
    """Add (or update) a completion; a stated expiry is kept, else it is derived."""
    check = Checker()
    if completed_on > svc.clock.today():
        check.fail("completed_on", "is in the future")
    if expires_on is not None and expires_on < completed_on:
        check.fail("expires_on", "is before the completion date")
    if hours is not None and not 0 <= hours <= 200:
        check.fail("hours", "must be between 0 and 200")
    check.raise_if_any()
    course = records.get(session, Course, course_id)
    records.get(session, Person, person_id)
    values: dict[str, Any] = {
        "expires_on": expires_on or derive_expiry(completed_on, course.validity_months),
        "expiry_stated": expires_on is not None,
        "hours": hours,
        "provider": provider,
    }
    if source:
        values["source"] = source
    key = {"person_id": person_id, "course_id": course_id, "completed_on": completed_on}
    return records.upsert(session, svc, TrainingRecord, key, values)


@dataclass(frozen=True)
class Compliance:
    """One compliance figure: in-date people over required people."""

    label: str
    required: int
    compliant: int

    @property
    def percent(self) -> float | None:
        """Rounded to one decimal place; None when nobody is required."""
        if not self.required:
            return None
        return round(100 * self.compliant / self.required, 1)


def _required_people(as_of: date):  # noqa: ANN202 - a SQLAlchemy subquery
    """(person_id, course_id, borough_id) for every active person and course their role needs."""
    return (
        select(
            Person.id.label("person_id"),
            RoleRequirement.course_id.label("course_id"),  # type: ignore[union-attr]
            Person.borough_id.label("borough_id"),
        )
        .join(RoleRequirement, RoleRequirement.role == Person.role)
        .where(Person.active == True)  # noqa: E712
        .subquery()
    )


def _in_date(as_of: date):  # noqa: ANN202
    """(person_id, course_id) pairs holding a completion in date on ``as_of``."""
    return (
        select(TrainingRecord.person_id, TrainingRecord.course_id)
        .where(TrainingRecord.completed_on <= as_of)
        .where((col(TrainingRecord.expires_on).is_(None)) | (TrainingRecord.expires_on >= as_of))
        .distinct()
        .subquery()
    )


def compliance(
    session: Session, as_of: date, *, by: str = "course", borough_id: int | None = None
) -> list[Compliance]:
    """Compliance % as of a date, by "course" or by "borough" (all required courses pooled)."""
    required, held = _required_people(as_of), _in_date(as_of)
    groupings = {
        "course": (Course.title, Course.code, Course, Course.id == required.c.course_id),
        "borough": (Borough.name, Borough.name, Borough, Borough.id == required.c.borough_id),
    }
    if by not in groupings:
        raise ValueError(f"compliance by {by!r}: use 'course' or 'borough'")
    label, order, model, on = groupings[by]
    stmt = (
        select(label, func.count(), func.count(held.c.person_id))
        .select_from(required)
        .join(model, on)
    )
    stmt = stmt.outerjoin(
        held,
        and_(held.c.person_id == required.c.person_id, held.c.course_id == required.c.course_id),
    )
    if borough_id is not None:
        stmt = stmt.where(required.c.borough_id == borough_id)
    rows = session.execute(stmt.group_by(label, order).order_by(order)).all()
    return [Compliance(name, int(total), int(ok)) for name, total, ok in rows]


def overall_compliance(session: Session, as_of: date, borough_id: int | None = None) -> Compliance:
    """All required (person, course) pairs pooled into one figure."""
    required, held = _required_people(as_of), _in_date(as_of)
    stmt = (
        select(func.count(), func.count(held.c.person_id))
        .select_from(required)
        .outerjoin(
            held,
            and_(
                held.c.person_id == required.c.person_id, held.c.course_id == required.c.course_id
            ),
        )
    )
    if borough_id is not None:
        stmt = stmt.where(required.c.borough_id == borough_id)
    total, ok = session.execute(stmt).one()
    return Compliance("All required training", int(total), int(ok))


def expiring_within(
    session: Session, as_of: date, days: int, borough_id: int | None = None
) -> list[tuple[TrainingRecord, Person, Course]]:
    """Latest completions that expire between ``as_of`` and ``as_of + days``, soonest first.

    A completion superseded by a later one of the same course does not count.
    """
    latest = (
        select(
            TrainingRecord.person_id,
            TrainingRecord.course_id,
            func.max(TrainingRecord.completed_on).label("latest"),
        )
        .group_by(TrainingRecord.person_id, TrainingRecord.course_id)
        .subquery()
    )
    stmt = (
        select(TrainingRecord, Person, Course)
        .join(
            latest,
            and_(
                latest.c.person_id == TrainingRecord.person_id,
                latest.c.course_id == TrainingRecord.course_id,
                latest.c.latest == TrainingRecord.completed_on,
            ),
        )
        .join(Person, Person.id == TrainingRecord.person_id)
        .join(Course, Course.id == TrainingRecord.course_id)
        .where(
            TrainingRecord.expires_on >= as_of,
            TrainingRecord.expires_on <= as_of + timedelta(days=days),
        )
    )
    if borough_id is not None:
        stmt = stmt.where(Person.borough_id == borough_id)
    return [
        tuple(row) for row in session.execute(stmt.order_by(TrainingRecord.expires_on, Person.name))
    ]  # type: ignore[misc]


def person_training(session: Session, person_id: int) -> list[tuple[TrainingRecord, Course]]:
    """A person's completions, newest first."""
    stmt = (
        select(TrainingRecord, Course)
        .join(Course, Course.id == TrainingRecord.course_id)
        .where(TrainingRecord.person_id == person_id)
        .order_by(col(TrainingRecord.completed_on).desc())
    )
    return [tuple(row) for row in session.execute(stmt)]  # type: ignore[misc]
