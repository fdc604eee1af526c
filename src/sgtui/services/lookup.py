"""One record with its linked records, as plain data: `sgtui show` and scripts use it."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, SQLModel, select

from sgtui.services import meetings, notes, people, practices, reviews, training
from sgtui.services.audit import AUDIT_SKIP
from sgtui.store.models import Borough, LesReturn, LesScheme, Meeting, MeetingType, Person

KINDS = ("practice", "review", "person", "meeting")


def plain(obj: SQLModel, *, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """The record's columns as a dict (dates stay dates; the CLI prints them ISO 8601)."""
    skip = {*AUDIT_SKIP, *drop}
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns if c.key not in skip}  # type: ignore[attr-defined]


def _borough_name(session: Session, borough_id: int | None) -> str | None:
    borough = session.get(Borough, borough_id) if borough_id else None
    return borough.name if borough else None


def show_practice(session: Session, ods_code: str) -> dict[str, Any]:
    practice = practices.get_practice(session, ods_code)
    returns = session.execute(
        select(LesReturn, LesScheme.year)
        .join(LesScheme, LesScheme.id == LesReturn.scheme_id)
        .where(LesReturn.practice_id == practice.id)
        .order_by(LesScheme.year)
    ).all()
    staff = session.exec(
        select(Person).where(Person.practice_id == practice.id).order_by(Person.name)
    ).all()
    return {
        "practice": {**plain(practice), "borough": _borough_name(session, practice.borough_id)},
        "les_returns": [
            {"year": year, **plain(r, drop=("scheme_id", "practice_id"))} for r, year in returns
        ],
        "people": [{"name": p.name, "role": p.role} for p in staff],
    }


def show_review(session: Session, ref: str) -> dict[str, Any]:
    review = reviews.get_review(session, ref)
    return {
        "review": {
            **plain(review),
            "borough": _borough_name(session, review.borough_id),
            "themes": reviews.themes_of(session, review.id),
            "former_refs": reviews.aliases_of(session, review.id),
        },  # type: ignore[arg-type]
        "submissions": [
            plain(s, drop=("review_id",)) for s in reviews.submissions_of(session, review.id)
        ],  # type: ignore[arg-type]
        "recommendations": [
            plain(r, drop=("review_id",)) for r in reviews.recommendations_of(session, review.id)
        ],  # type: ignore[arg-type]
        "meetings": [
            {"ref": m.ref, "title": m.title, "meeting_date": m.meeting_date}
            for m in session.exec(select(Meeting).where(Meeting.review_id == review.id))
        ],
    }


def show_person(session: Session, name: str) -> dict[str, Any]:
    person = people.get_person(session, name)
    records = [
        {
            "course": course.title,
            "completed_on": rec.completed_on,
            "expires_on": rec.expires_on,
            "expiry_stated": rec.expiry_stated,
        }
        for rec, course in training.person_training(session, person.id)
    ]  # type: ignore[arg-type]
    return {
        "person": {**plain(person), "borough": _borough_name(session, person.borough_id)},
        "training": records,
    }


def show_meeting(session: Session, ref: str) -> dict[str, Any]:
    meeting = meetings.get_meeting(session, ref)
    kind = session.get(MeetingType, meeting.meeting_type_id) if meeting.meeting_type_id else None
    return {
        "meeting": {
            **plain(meeting),
            "type": kind.name if kind else None,
            "borough": _borough_name(session, meeting.borough_id),
        },
        "actions": [
            plain(a, drop=("meeting_id",)) for a in meetings.meeting_actions(session, meeting.id)
        ],  # type: ignore[arg-type]
    }


def show(session: Session, kind: str, key: str) -> dict[str, Any]:
    """Dispatch on ``kind`` (practice, review, person, meeting)."""
    handlers = {
        "practice": show_practice,
        "review": show_review,
        "person": show_person,
        "meeting": show_meeting,
    }
    if kind not in handlers:
        raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    payload = handlers[kind](session, key)
    record_id = payload[kind]["id"]
    payload["notes"] = [
        {"noted_on": n.noted_on, "author": n.author, "text": n.text}
        for n in notes.notes_for(session, kind, record_id)
    ]
    return payload


__all__ = ["KINDS", "show"]
