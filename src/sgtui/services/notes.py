"""Dated free-text notes on any record: the workbook's "Notes"/"Updates" columns and the
team's correspondence log ("rang the practice manager, return promised Friday")."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from sgtui.services import records
from sgtui.services.audit import model_for
from sgtui.services.context import Services
from sgtui.services.validation import MAX_TEXT, Checker
from sgtui.store.models import Note


def add_note(
    session: Session,
    svc: Services,
    record_type: str,
    record_id: int,
    text: str,
    *,
    noted_on: date | None = None,
    author: str | None = None,
) -> Note:
    """Attach a note to a record that exists; dated today and signed by the officer by default."""
    check = Checker()
    values = {"text": (text or "").strip()}
    check.required(values, "text")
    check.text_length(values, {"text": MAX_TEXT})
    when = noted_on or svc.clock.today()
    if when > svc.clock.today():
        check.fail("noted_on", "is in the future")
    check.raise_if_any()
    records.get(session, model_for(record_type), record_id)
    note = Note(
        record_type=record_type,
        record_id=record_id,
        noted_on=when,
        author=author or svc.actor,
        text=values["text"],
    )
    return records.create(session, svc, note)


def notes_for(session: Session, record_type: str, record_id: int) -> list[Note]:
    """A record's notes, newest first."""
    stmt = (
        select(Note)
        .where(Note.record_type == record_type, Note.record_id == record_id)
        .order_by(col(Note.noted_on).desc(), col(Note.id).desc())
    )
    return list(session.exec(stmt))
