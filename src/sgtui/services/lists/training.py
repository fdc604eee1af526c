"""The training records list (100,000 rows in the big benchmark database)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, select
from sqlmodel import col

from sgtui.services.expiry import ExpiryStatus, status_of
from sgtui.services.lists.base import (
    ListSpec,
    Row,
    Scope,
    Sort,
    cols,
    editable,
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
        status_of(r.expires_on, scope.as_of).shown,
        r.provider or "",
    )
    return Row(f"training:{r.id}", "person", r.person_id, cells)


def _when(status: ExpiryStatus) -> Callable[[Scope], Any]:
    return lambda scope: status.condition(TrainingRecord.expires_on, scope.as_of)


EXPIRY_STATUSES: dict[str, Callable[[Scope], Any]] = {
    status.word: _when(status) for status in ExpiryStatus
}
"""The words the Status column shows, as SQL (:mod:`sgtui.services.expiry`'s windows)."""

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
