"""One record of every kind, and a value of every field type to type into it.

Shared by the registry walk and the CLI tests that set and show those fields.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from sgtui.services import les, meetings, people, practices, reviews, training
from sgtui.services.context import Services
from sgtui.services.field_values import choices
from sgtui.services.reference import find_borough
from sgtui.services.registry import KINDS, FieldDef, FieldType

EARLY = "01/01/2020"
"""For a date another field may not precede (notified, requested, raised, ...)."""


def seed(svc: Services) -> dict[str, int]:
    """One record of every kind, linked as in a team's year; returns kind -> record id."""
    with svc.session() as s:
        lam = find_borough(s, "LAM")
        _o, practice = practices.save_practice(
            s, svc, {"ods_code": "G85001", "name": "Brixton Hill", "borough_id": lam.id}
        )
        practices.save_practice(s, svc, {"ods_code": "G85002", "name": "Clapham Family"})
        _o, person = people.save_person(s, svc, {"name": "Dr Asha Patel", "role": "GP"})
        people.save_person(s, svc, {"name": "Ben Okafor", "role": "Practice nurse"})
        course = training.get_course(s, "SGC-L3")
        _o, record = training.record_completion(
            s, svc, person_id=person.id, course_id=course.id, completed_on=date(2022, 3, 25)
        )
        _o, review = reviews.save_review(
            s,
            svc,
            {"ref": "LAM-RR-2025-03", "review_type": "RR", "notified_on": date(2025, 3, 3)},
        )
        _o, submission = reviews.save_submission(
            s, svc, review, {"kind": "chronology", "requested_on": date(2025, 2, 24)}
        )
        _o, rec = reviews.save_recommendation(s, svc, review, {"number": "1", "text": "Train"})
        _o, meeting = meetings.save_meeting(
            s, svc, {"title": "Network", "meeting_date": date(2025, 3, 13), "ref": "NET-1"}
        )
        _o, attendance = meetings.set_attendance(s, svc, meeting.id, person.id, "invited")
        _o, action = meetings.save_action(
            s, svc, {"meeting_id": meeting.id, "text": "Circulate", "raised_on": date(2025, 2, 1)}
        )
        _o, scheme = les.save_scheme(s, svc, "2024/25", {})
        _o, criterion = les.save_criterion(s, svc, scheme, {"code": "C01", "question": "Lead?"})
        _o, ret = les.save_return(s, svc, scheme, practice, {})
        return {
            "review": review.id,
            "submission": submission.id,
            "recommendation": rec.id,
            "meeting": meeting.id,
            "attendance": attendance.id,
            "action": action.id,
            "les_return": ret.id,
            "les_scheme": scheme.id,
            "les_criterion": criterion.id,
            "practice": practice.id,
            "person": person.id,
            "training": record.id,
        }


EARLIER_FIELDS = {f.not_before for k in KINDS.values() for f in k.fields if f.not_before}
SPECIAL = {
    ("review", "subject"): ("Child Q", "Child Q"),
    ("review", "themes"): ("neglect; domestic abuse", "neglect; domestic abuse"),
    ("practice", "email"): ("team@example.nhs.uk", "team@example.nhs.uk"),
    ("training", "completed_on"): ("yesterday", "09/03/2025"),
}


def sample(session: Session, spec: FieldDef, kind: str) -> tuple[str, str]:
    """(what an officer types, what the form shows afterwards) for one field."""
    if (kind, spec.name) in SPECIAL:
        return SPECIAL[(kind, spec.name)]
    if spec.type is FieldType.DATE:
        return (EARLY, EARLY) if spec.name in EARLIER_FIELDS else ("today", "10/03/2025")
    if spec.type is FieldType.STEP:
        return ("yes", "yes") if spec.name in EARLIER_FIELDS else ("+2wd", "12/03/2025")
    if spec.type is FieldType.TIME:
        return "2.30pm", "14:30"
    if spec.type is FieldType.CHOICE:
        label = choices(session, spec.catalogue)[-1].label
        return label, label
    if spec.type in (FieldType.NUMBER, FieldType.PERCENT):
        return "12.5", "12.5"
    if spec.type is FieldType.WHOLE_NUMBER:
        return "3", "3"
    if spec.type is FieldType.FLAG:
        return "no", "no"
    if spec.type is FieldType.PERSON:
        return "ben okafor", "Ben Okafor"
    if spec.type is FieldType.PRACTICE:
        return "g85002", "G85002"
    if spec.type is FieldType.REFERENCE:
        return (
            ("lam-rr-2025-03", "LAM-RR-2025-03")
            if spec.refers_to == "review"
            else ("NET-1", "NET-1")
        )
    return f"New {spec.label}", f"New {spec.label}"


WALK = [
    (kind.name, spec.name)
    for kind in KINDS.values()
    for spec in kind.fields
    if not spec.on_create_only
]


BAD: dict[FieldType, tuple[str, str, str, str]] = {
    FieldType.DATE: ("review", "decision_on", "30/02/2025", "'30/02/2025': no such date"),
    FieldType.STEP: ("les_return", "contract_signed_on", "maybe", "'maybe' is not a date"),
    FieldType.TIME: ("meeting", "start_time", "25:00", "'25:00' is not a time (use hh:mm, e.g. 14:30)"),
    FieldType.CHOICE: ("meeting", "status", "postponed", "'postponed' is not one of: Planned, Held, Cancelled"),
    FieldType.NUMBER: ("training", "hours", "lots", "'lots' is not a number"),
    FieldType.WHOLE_NUMBER: ("practice", "list_size", "12.5", "'12.5' is not a whole number"),
    FieldType.FLAG: ("practice", "active", "perhaps", "'perhaps' is not yes or no"),
    FieldType.PRACTICE: ("action", "practice", "Z99999", "no practice with ODS code 'Z99999' (e.g. G83004)"),
    FieldType.REFERENCE: ("action", "review", "LAM-XX-1", "no review with reference 'LAM-XX-1'"),
    FieldType.TEXT: ("person", "name", "", "is required"),
    FieldType.LONG_TEXT: ("action", "text", "x" * 4001, "is too long (4001 characters; at most 4000)"),
}  # fmt: skip
