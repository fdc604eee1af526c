"""The training records list (100,000 rows in the big benchmark database)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlmodel import col

from sgtui.services.lists.base import (
    EXPIRING_DAYS,
    ListSpec,
    Row,
    Scope,
    Sort,
    cols,
    editable,
    expiry_status,
    narrow,
    uk,
)
from sgtui.store.models import Course, Person, TrainingRecord


def _training_base(scope: Scope) -> Select[Any]:
    stmt = (
        select(
            col(TrainingRecord.id),
            col(TrainingRecord.person_id),
            col(Person.name),
            col(Course.code),
            col(TrainingRecord.completed_on),
            col(TrainingRecord.expires_on),
            col(TrainingRecord.provider),
        )
        .select_from(TrainingRecord)
        .join(Person, col(Person.id) == TrainingRecord.person_id)
        .join(Course, col(Course.id) == TrainingRecord.course_id)
    )
    return narrow(
        stmt,
        scope,
        {
            "borough_id": Person.borough_id,
            "person_id": TrainingRecord.person_id,
            "practice_id": Person.practice_id,
        },
    )


def _training_row(r: Any, scope: Scope) -> Row:
    cells = (
        r.name,
        r.code,
        uk(r.completed_on),
        uk(r.expires_on),
        expiry_status(r.expires_on, scope.as_of),
        r.provider or "",
    )
    return Row(f"training:{r.id}", "person", r.person_id, cells)


def _soon(scope: Scope) -> Any:
    return scope.as_of + timedelta(days=EXPIRING_DAYS)


EXPIRY_STATUSES: dict[str, Callable[[Scope], Any]] = {
    "expired": lambda scope: col(TrainingRecord.expires_on) < scope.as_of,
    "due soon": lambda scope: col(TrainingRecord.expires_on).between(scope.as_of, _soon(scope)),
    "in date": lambda scope: col(TrainingRecord.expires_on) > _soon(scope),
    "no expiry": lambda scope: col(TrainingRecord.expires_on).is_(None),
}
"""The words the Status column shows, as SQL (the same windows as :func:`expiry_status`)."""

SPECS = (
    ListSpec(
        "training",
        "Training records",
        editable(
            cols(
                ("person", "Person", 26),
                ("course", "Course", 14),
                ("completed", "Completed", 10),
                ("expires", "Expires", 10),
                ("state", "Status", 11),
                ("provider", "Provider", 18),
            ),
            course="course",
            completed="completed_on",
            expires="expires_on",
            provider="provider",
        ),
        {
            "person": Person.name,
            "course": Course.code,
            "completed": TrainingRecord.completed_on,
            "expires": TrainingRecord.expires_on,
        },
        (Person.name, Course.code),
        Sort("expires"),
        _training_base,
        _training_row,
        column_exprs={"provider": TrainingRecord.provider},
        statuses={"state": EXPIRY_STATUSES},
    ),
)
