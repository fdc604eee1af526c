"""One record with its linked records, as plain data: `sgtui show` and scripts use it.

Every record carries each of its registry fields (:mod:`sgtui.services.registry`) under
the field's name, with the value as ``sgtui set`` takes it back, so a script can read a
field from ``show --json`` and write it with ``set`` under the same key. The stored
columns are there too (ids, flags) where they do not clash with a field's name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from sgtui.services import meetings, notes, people, practices, reviews, training
from sgtui.services.audit import AUDIT_SKIP
from sgtui.services.field_values import current_value, display
from sgtui.services.registry import FieldDef, FieldType, kind_of
from sgtui.store.models import (
    Attendance,
    LesReturn,
    LesScheme,
    Meeting,
    MeetingType,
    Person,
    Review,
    table_of,
)


def plain(obj: SQLModel, *, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """The record's columns as a dict (dates stay dates; the CLI prints them ISO 8601)."""
    skip = {*AUDIT_SKIP, *drop}
    return {c.key: getattr(obj, c.key) for c in table_of(obj).columns if c.key not in skip}


def _json_value(session: Session, spec: FieldDef, value: Any) -> Any:
    """A field's typed value as JSON that ``sgtui set`` reads back under the same name."""
    if value is None:
        return None
    if spec.type is FieldType.STEP:
        return value.on or ("yes" if value.undated else None)
    if spec.type is FieldType.PERSON:
        return value.name
    if spec.type is FieldType.TIME:
        return value.strftime("%H:%M")  # set reads hh:mm, not ISO's hh:mm:ss
    if spec.type in (FieldType.PRACTICE, FieldType.REFERENCE) or spec.id_column:
        return display(session, spec, value) or None  # an ODS code, a reference, a name
    return value  # dates stay dates (ISO in JSON), a choice its code, numbers and flags as is


def registry_values(session: Session, kind_name: str, obj: SQLModel) -> dict[str, Any]:
    """Every registry field of the record, by name, as ``sgtui set`` takes it back.

    A date is a date (ISO 8601 in JSON), a step done on a date not recorded is "yes",
    a choice is its code (or its name where the catalogue is a table: borough, meeting
    type, course), a person is a name, a practice an ODS code, another record its
    reference, a time hh:mm, and a review's themes are joined with "; ".
    """
    values: dict[str, Any] = {}
    for spec in kind_of(kind_name).fields:
        if spec.name == "themes" and isinstance(obj, Review):
            values["themes"] = "; ".join(reviews.themes_of(session, obj.id)) or None  # type: ignore[arg-type]
            continue
        values[spec.name] = _json_value(session, spec, current_value(session, spec, obj))
    return values


def record(
    session: Session, kind_name: str, obj: SQLModel, *, drop: tuple[str, ...] = ()
) -> dict[str, Any]:
    """A record's columns (less ``drop``), its version, and every registry field on top.

    The version is what ``sgtui set --expect-version`` checks against.
    """
    return {
        **plain(obj, drop=drop),
        "version": getattr(obj, "version", None),
        **registry_values(session, kind_name, obj),
    }


def show_practice(session: Session, ods_code: str) -> dict[str, Any]:
    practice = practices.get_practice(session, ods_code)
    returns = session.execute(
        select(LesReturn, col(LesScheme.year))
        .join(LesScheme, col(LesScheme.id) == LesReturn.scheme_id)
        .where(col(LesReturn.practice_id) == practice.id)
        .order_by(col(LesScheme.year))
    ).all()
    staff = session.exec(
        select(Person).where(col(Person.practice_id) == practice.id).order_by(col(Person.name))
    ).all()
    return {
        "practice": record(session, "practice", practice),
        "les_returns": [
            {"year": year, **record(session, "les_return", r, drop=("scheme_id", "practice_id"))}
            for r, year in returns
        ],
        "people": [{"id": p.id, "name": p.name, "role": p.role} for p in staff],
    }


def show_review(session: Session, ref: str) -> dict[str, Any]:
    review = reviews.get_review(session, ref)
    return {
        "review": {
            **record(session, "review", review),
            "former_refs": reviews.aliases_of(session, review.id),  # type: ignore[arg-type]
        },
        "submissions": [
            record(session, "submission", s, drop=("review_id",))
            for s in reviews.submissions_of(session, review.id)  # type: ignore[arg-type]
        ],
        "recommendations": [
            record(session, "recommendation", r, drop=("review_id",))
            for r in reviews.recommendations_of(session, review.id)  # type: ignore[arg-type]
        ],
        "meetings": [
            {"ref": m.ref, "title": m.title, "meeting_date": m.meeting_date}
            for m in session.exec(select(Meeting).where(col(Meeting.review_id) == review.id))
        ],
    }


def show_person(session: Session, name: str) -> dict[str, Any]:
    person = people.get_person(session, name)
    records = [
        {
            "id": rec.id,
            "version": rec.version,
            **registry_values(session, "training", rec),
            "expiry_stated": rec.expiry_stated,
        }
        for rec, _course in training.person_training(session, person.id)  # type: ignore[arg-type]
    ]
    return {"person": record(session, "person", person), "training": records}


def show_meeting(session: Session, ref: str) -> dict[str, Any]:
    meeting = meetings.get_meeting(session, ref)
    kind = session.get(MeetingType, meeting.meeting_type_id) if meeting.meeting_type_id else None
    invited = session.exec(
        select(Attendance)
        .where(col(Attendance.meeting_id) == meeting.id)
        .order_by(col(Attendance.id))
    )
    return {
        "meeting": {
            **record(session, "meeting", meeting),
            "type": kind.name if kind else None,  # kept for older scripts: now "meeting_type"
        },
        "attendees": [
            {"id": a.id, "version": a.version, **registry_values(session, "attendance", a)}
            for a in invited
        ],
        "actions": [
            record(session, "action", a, drop=("meeting_id",))
            for a in meetings.meeting_actions(session, meeting.id)  # type: ignore[arg-type]
        ],
    }


SHOWS: dict[str, Callable[[Session, str], dict[str, Any]]] = {
    "practice": show_practice,
    "review": show_review,
    "person": show_person,
    "meeting": show_meeting,
}
"""The kinds ``sgtui show`` takes, each with the function that gathers one record."""
KINDS = tuple(SHOWS)


def show(session: Session, kind: str, key: str) -> dict[str, Any]:
    """Dispatch on ``kind`` (practice, review, person, meeting)."""
    if kind not in SHOWS:
        raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    payload = SHOWS[kind](session, key)
    record_id = payload[kind]["id"]
    payload["notes"] = [
        {"noted_on": n.noted_on, "author": n.author, "text": n.text}
        for n in notes.notes_for(session, kind, record_id)
    ]
    return payload


__all__ = ["KINDS", "show"]
