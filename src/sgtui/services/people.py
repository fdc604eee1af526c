"""People: staff, practice leads and designates, deduplicated by a natural key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from sgtui.services import records
from sgtui.services.context import Services
from sgtui.services.errors import NotFound, ServiceError, ValidationError
from sgtui.services.namesakes import person_key
from sgtui.services.reference import normalise
from sgtui.services.validation import MAX_SHORT_TEXT, Checker, clean
from sgtui.store.models import Action, Attendance, Note, Person, TrainingRecord

__all__ = [
    "MergeResult",
    "find_merge_target",
    "find_people",
    "get_person",
    "merge_candidates",
    "merge_people",
    "person_key",
    "save_person",
]
"""Finding a person again on import (namesakes, places) is :mod:`sgtui.services.namesakes`."""


def save_person(
    session: Session, svc: Services, values: dict[str, Any]
) -> tuple[records.Outcome, Person]:
    """Create or update a person by natural key, after validation."""
    values = clean(values)
    check = Checker()
    check.required(values, "name")
    check.text_length(
        values, {k: MAX_SHORT_TEXT for k in ("name", "role", "organisation", "email")}
    )
    check.raise_if_any()
    key = person_key(values["name"], values.get("organisation"), values.get("email"))
    return records.upsert(session, svc, Person, {"key": key}, values)


def find_people(session: Session, text: str, limit: int = 20) -> list[Person]:
    """People whose name contains ``text`` (case-insensitive), by name."""
    stmt = (
        select(Person).where(col(Person.name).ilike(f"%{text.strip()}%")).order_by(col(Person.name))
    )
    return list(session.exec(stmt.limit(limit)))


def get_person(session: Session, name_or_key: str) -> Person:
    """A person by exact key, exact name (case-insensitive), or a unique partial name."""
    person = session.exec(
        select(Person).where(col(Person.key) == name_or_key.strip().lower())
    ).first()
    if person:
        return person
    exact = list(session.exec(select(Person).where(col(Person.name).ilike(name_or_key.strip()))))
    matches = exact or find_people(session, name_or_key, limit=2)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFound(f"no person named {name_or_key!r}")
    raise NotFound(f"more than one person matches {name_or_key!r}; give the full name or e-mail")


# --- Merging two records of one person --------------------------------------------

FILLED_DETAILS = ("role", "organisation", "practice_id", "borough_id", "email")
"""The details a merge copies from the person merged away when the kept one has none."""

_TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "rev", "sir"})


@dataclass(frozen=True)
class MergeResult:
    """What a merge moved to the kept person, and what it dropped as a duplicate."""

    kept: Person
    merged_name: str
    training_moved: int = 0
    attendance_moved: int = 0
    actions_moved: int = 0
    notes_moved: int = 0
    duplicates_dropped: int = 0
    details_filled: tuple[str, ...] = ()

    def summary(self) -> str:
        """One sentence for the officer: "Merged X into Y: moved 2 training record(s), ..."."""
        moved = [
            f"{count} {what}"
            for count, what in (
                (self.training_moved, "training record(s)"),
                (self.attendance_moved, "invitation(s)"),
                (self.actions_moved, "action(s)"),
                (self.notes_moved, "note(s)"),
            )
            if count
        ]
        parts = ["moved " + ", ".join(moved)] if moved else []
        if self.duplicates_dropped:
            parts.append(f"{self.duplicates_dropped} duplicate(s) dropped")
        if self.details_filled:
            parts.append(
                "filled in " + ", ".join(d.removesuffix("_id") for d in self.details_filled)
            )
        done = "; ".join(parts) or "nothing to move"
        return f"Merged {self.merged_name} into {self.kept.name}: {done}"


def _surname(name: str) -> str:
    words = [w for w in normalise(name).split() if w not in _TITLES]
    return words[-1] if words else normalise(name)


def merge_candidates(session: Session, person_id: int, limit: int = 20) -> list[Person]:
    """The people this one may be a duplicate of: the same name first, then the same surname.

    "Dr Asha Patel", "Asha Patel" and "A Patel" share a surname; the officer chooses.
    """
    person = records.get(session, Person, person_id)
    surname = _surname(person.name)
    stmt = (
        select(Person)
        .where(col(Person.id) != person_id, col(Person.name).ilike(f"%{surname}%"))
        .order_by(col(Person.name), col(Person.id))
    )
    found = list(session.exec(stmt.limit(limit * 5)))
    same = normalise(person.name)
    wanted = [p for p in found if _surname(p.name) == surname or normalise(p.name) == same]
    wanted.sort(key=lambda p: normalise(p.name) != same)  # the same name first, else by name
    return wanted[:limit]


def find_merge_target(session: Session, text: str, merging_id: int) -> Person:
    """The one person ``text`` (a name, e-mail or person:ID) names, to merge ``merging_id`` into.

    Several people fit: ValidationError listing each with role · organisation · borough
    and the person:ID to type; nobody fits: ValidationError asking for the full name.
    """
    from sgtui.services.field_values import describe_person, person_candidates

    found = [p for p in person_candidates(session, text) if p.id != merging_id]
    exact = [p for p in found if p.name.lower() == text.strip().lower()]
    chosen = found if len(found) == 1 else exact
    if len(chosen) == 1:
        return chosen[0]
    if not found:
        raise ValidationError(
            {"person": f"is nobody known as {text.strip()!r}: give the full name or e-mail"}
        )
    listed = "; ".join(
        f"{p.name} ({describe_person(session, p)}) = person:{p.id}" for p in found[:6]
    )
    raise ValidationError({"person": f"fits {len(found)} people: {listed}. Give person:ID"})


def _merge_training(
    session: Session, svc: Services, keep: Person, other: Person
) -> tuple[int, int]:
    """Move the other's completions; one the kept person already holds (same course, same
    completion date) is the same completion recorded twice, so it is deleted."""
    held = {
        (t.course_id, t.completed_on)
        for t in session.exec(
            select(TrainingRecord).where(col(TrainingRecord.person_id) == keep.id)
        )
    }
    moved = dropped = 0
    theirs = session.exec(select(TrainingRecord).where(col(TrainingRecord.person_id) == other.id))
    for record in list(theirs):
        if (record.course_id, record.completed_on) in held:
            records.delete(session, svc, TrainingRecord, record.id)  # type: ignore[arg-type]
            dropped += 1
        else:
            records.apply_changes(session, svc, record, {"person_id": keep.id})
            moved += 1
    return moved, dropped


def _merge_attendance(
    session: Session, svc: Services, keep: Person, other: Person
) -> tuple[int, int]:
    """Move the other's invitations; both invited to one meeting keeps one invitation, with
    the other's answer when the kept one only says "invited" (they did come, or sent apologies)."""
    kept = {
        a.meeting_id: a
        for a in session.exec(select(Attendance).where(col(Attendance.person_id) == keep.id))
    }
    moved = dropped = 0
    for attendance in list(
        session.exec(select(Attendance).where(col(Attendance.person_id) == other.id))
    ):
        already = kept.get(attendance.meeting_id)
        if already is None:
            records.apply_changes(session, svc, attendance, {"person_id": keep.id})
            moved += 1
            continue
        status = attendance.status
        records.delete(session, svc, Attendance, attendance.id)  # type: ignore[arg-type]
        if already.status == "invited" and status != "invited":
            records.apply_changes(session, svc, already, {"status": status})
        dropped += 1
    return moved, dropped


def _merge_actions(session: Session, svc: Services, keep: Person, other: Person) -> int:
    """The other's actions become the kept person's; an owner written as the other's name
    is written as the kept person's, an owner written otherwise ("Asha (GP)") is kept."""
    owned = list(session.exec(select(Action).where(col(Action.owner_person_id) == other.id)))
    for action in owned:
        values: dict[str, Any] = {"owner_person_id": keep.id}
        if not action.owner or normalise(action.owner) == normalise(other.name):
            values["owner"] = keep.name
        records.apply_changes(session, svc, action, values)
    return len(owned)


def _merge_notes(session: Session, svc: Services, keep: Person, other: Person) -> int:
    notes = list(
        session.exec(
            select(Note).where(col(Note.record_type) == "person", col(Note.record_id) == other.id)
        )
    )
    for note in notes:
        records.apply_changes(session, svc, note, {"record_id": keep.id})
    return len(notes)


def merge_people(session: Session, svc: Services, keep_id: int, other_id: int) -> MergeResult:
    """Merge person ``other_id`` into ``keep_id``: two records of one person become one.

    The other's training records, invitations, owned actions and notes move to the kept
    person (exact duplicates are deleted, not doubled), the kept person's blank details
    are filled from the other's, and the other is deleted. Every step goes through
    :mod:`sgtui.services.records`, so each is audited and shows in both histories.
    """
    if keep_id == other_id:
        raise ServiceError("a person cannot be merged into themselves: choose someone else")
    keep = records.get(session, Person, keep_id)
    other = records.get(session, Person, other_id)
    merged_name = other.name
    training_moved, training_dropped = _merge_training(session, svc, keep, other)
    attendance_moved, attendance_dropped = _merge_attendance(session, svc, keep, other)
    actions_moved = _merge_actions(session, svc, keep, other)
    notes_moved = _merge_notes(session, svc, keep, other)
    blanks = {
        name: getattr(other, name)
        for name in FILLED_DETAILS
        if getattr(keep, name) in (None, "") and getattr(other, name) not in (None, "")
    }
    records.delete(session, svc, Person, other_id)
    if blanks:
        records.apply_changes(session, svc, keep, blanks)
    return MergeResult(
        keep,
        merged_name,
        training_moved=training_moved,
        attendance_moved=attendance_moved,
        actions_moved=actions_moved,
        notes_moved=notes_moved,
        duplicates_dropped=training_dropped + attendance_dropped,
        details_filled=tuple(blanks),
    )
