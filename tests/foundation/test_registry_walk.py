"""The field registry, walked: every field of every kind is set through the services and read back.

Each field gets a value of its type typed as an officer would ("today", "yes",
"2.30pm", a label, a name, an ODS code), is saved through :mod:`sgtui.services.editing`
and must read back as the text the form would then show. A bad value of each type is
refused with its message and nothing is written.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from sgtui.services import editing, les, meetings, people, practices, reviews, training
from sgtui.services.context import Services
from sgtui.services.errors import NeedsConfirmation, ValidationError
from sgtui.services.field_values import choices
from sgtui.services.reference import find_borough
from sgtui.services.registry import KINDS, FieldDef, FieldType
from sgtui.store.models import AuditEntry, LesAnswer

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


@pytest.mark.parametrize(("kind", "field"), WALK, ids=[f"{k}.{f}" for k, f in WALK])
def test_every_field_can_be_set_and_read_back(svc: Services, kind: str, field: str) -> None:
    ids = seed(svc)
    with svc.session() as s:
        spec = KINDS[kind].field(field)
        typed, shown = sample(s, spec, kind)
        record = editing.update(s, svc, kind, ids[kind], {field: typed}, confirmed=True)
    with svc.session() as s:
        stored = s.get(KINDS[kind].model, ids[kind])
        assert editing.field_texts(s, kind, stored)[field] == shown
        assert stored.version == record.version


def test_a_change_is_audited_once_with_every_field(svc: Services) -> None:
    ids = seed(svc)
    with svc.session() as s:
        before = len(s.exec(select(AuditEntry)).all())
        editing.update(
            s, svc, "submission", ids["submission"], {"submitted_on": "07/03/2025", "notes": "ok"}
        )
    with svc.session() as s:
        entries = s.exec(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert len(entries) == before + 1
        assert set(entries[-1].changes and __import__("json").loads(entries[-1].changes)) == {
            "submitted_on",
            "notes",
            "status",
        }


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


@pytest.mark.parametrize("kind_type", list(BAD), ids=[t.name for t in BAD])
def test_a_bad_value_of_each_type_is_refused_and_nothing_written(
    svc: Services, kind_type: FieldType
) -> None:
    kind, field, typed, message = BAD[kind_type]
    ids = seed(svc)
    with svc.session() as s:
        version = s.get(KINDS[kind].model, ids[kind]).version
        with pytest.raises(ValidationError) as caught:
            editing.update(s, svc, kind, ids[kind], {field: typed})
    assert caught.value.errors[field].startswith(message)
    with svc.session() as s:
        assert s.get(KINDS[kind].model, ids[kind]).version == version


def test_one_bad_value_means_no_good_one_is_written(svc: Services) -> None:
    ids = seed(svc)
    with svc.session() as s, pytest.raises(ValidationError) as caught:
        editing.update(
            s, svc, "review", ids["review"], {"steis_ref": "S1", "decision_on": "01/01/2025"}
        )
    assert caught.value.errors == {"decision_on": "is before notified on (03/03/2025)"}
    with svc.session() as s:
        assert s.get(KINDS["review"].model, ids["review"]).steis_ref is None


def test_a_subject_that_looks_like_a_real_name_needs_confirming(svc: Services) -> None:
    ids = seed(svc)
    with svc.session() as s, pytest.raises(NeedsConfirmation) as asked:
        editing.update(s, svc, "review", ids["review"], {"subject": "Jane Smith"})
    assert asked.value.field == "subject"
    assert "looks like a real name" in asked.value.question
    with svc.session() as s:
        editing.update(s, svc, "review", ids["review"], {"subject": "Jane Smith"}, confirmed=True)
        assert s.get(KINDS["review"].model, ids["review"]).subject == "Jane Smith"


def test_an_nhs_number_in_a_note_needs_confirming(svc: Services) -> None:
    ids = seed(svc)
    with svc.session() as s, pytest.raises(NeedsConfirmation) as asked:
        editing.update(s, svc, "submission", ids["submission"], {"notes": "re 943 476 5919"})
    assert asked.value.question == (
        "Notes contains what looks like an NHS number (943 476 5919): remove it or confirm it"
        " must be kept. Save it anyway?"
    )
    with svc.session() as s:  # a ten-digit number failing the Modulus 11 check is not asked about
        editing.update(s, svc, "submission", ids["submission"], {"notes": "ref 943 476 5918"})


def test_a_meeting_marked_held_before_its_date_needs_confirming(svc: Services) -> None:
    ids = seed(svc)
    with svc.session() as s, pytest.raises(NeedsConfirmation) as asked:
        editing.update(s, svc, "meeting", ids["meeting"], {"status": "held"})
    assert (
        asked.value.question == "This meeting is on 13/03/2025, still to come. Mark it held anyway?"
    )
    with svc.session() as s:
        editing.update(s, svc, "meeting", ids["meeting"], {"status": "held"}, confirmed=True)


def test_marking_submitted_sets_the_status_and_setting_it_back_clears_the_date(
    svc: Services,
) -> None:
    ids = seed(svc)
    with svc.session() as s:
        sub = editing.update(s, svc, "submission", ids["submission"], {"submitted_on": "today"})
        assert (sub.status, sub.submitted_on) == ("submitted", date(2025, 3, 10))
        sub = editing.update(s, svc, "submission", ids["submission"], {"status": "requested"})
        assert (sub.status, sub.submitted_on) == ("requested", None)
        sub = editing.update(s, svc, "submission", ids["submission"], {"status": "submitted"})
        assert (sub.status, sub.submitted_on) == ("submitted", date(2025, 3, 10))


def test_les_status_follows_the_steps_set(svc: Services) -> None:
    ids = seed(svc)
    with svc.session() as s:
        ret = editing.update(
            s,
            svc,
            "les_return",
            ids["les_return"],
            {"contract_sent_on": "01/04/2024", "contract_signed_on": "yes"},
        )
        assert ret.status == "contract_signed"
        assert (ret.contract_signed_on, ret.contract_signed_undated) == (None, True)


def test_a_stated_expiry_is_kept_and_a_blank_one_follows_the_course(svc: Services) -> None:
    ids = seed(svc)
    with svc.session() as s:
        rec = editing.update(s, svc, "training", ids["training"], {"expires_on": "31/12/2025"})
        assert (rec.expires_on, rec.expiry_stated) == (date(2025, 12, 31), True)
        rec = editing.update(s, svc, "training", ids["training"], {"expires_on": ""})
        assert (rec.expires_on, rec.expiry_stated) == (date(2025, 3, 25), False)


def test_records_are_added_with_their_parent_and_clashes_are_named(svc: Services) -> None:
    ids = seed(svc)
    with svc.session() as s:
        rec = editing.create(
            s, svc, "recommendation",
            {"number": "2", "text": "Audit", "lead": "Dr Asha Patel", "target_on": "+1m"},
            parent_id=ids["review"],
        )  # fmt: skip
        assert (rec.review_id, rec.lead, rec.target_on) == (
            ids["review"],
            "Dr Asha Patel",
            date(2025, 4, 10),
        )
        with pytest.raises(ValidationError) as caught:
            editing.create(
                s, svc, "recommendation", {"number": "2", "text": "Again"}, parent_id=ids["review"]
            )
    assert caught.value.errors == {
        "number": "clashes: another recommendation on this review has the same number"
    }


def test_deleting_is_audited_and_refused_where_records_point_at_it(svc: Services) -> None:
    ids = seed(svc)
    with svc.session() as s:
        editing.delete(s, svc, "recommendation", ids["recommendation"])
        with pytest.raises(Exception, match="merge them into the right person"):
            editing.delete(s, svc, "person", ids["person"])
        with pytest.raises(Exception, match="cannot be deleted"):
            editing.delete(s, svc, "review", ids["review"])
    with svc.session() as s:
        last = s.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (last.action, last.record_type) == ("delete", "recommendation")


def test_find_record_takes_what_history_takes(svc: Services) -> None:
    ids = seed(svc)
    with svc.session() as s:
        assert editing.find_record(s, "review:lam-rr-2025-03")[1].id == ids["review"]
        assert editing.find_record(s, "practice:G85001")[1].id == ids["practice"]
        assert editing.find_record(s, f"submission:{ids['submission']}")[1].id == ids["submission"]
        kind, record = editing.find_record(s, f"les:{ids['les_return']}")
        assert (kind.name, record.id) == ("les_return", ids["les_return"])


def test_a_person_is_never_a_dead_end(svc: Services) -> None:
    """Nobody by that name says what to do; namesakes are listed with what tells them apart."""
    ids = seed(svc)
    with svc.session() as s:
        people.save_person(s, svc, {"name": "Sam Jones", "role": "GP", "organisation": "Clapham"})
        people.save_person(s, svc, {"name": "Sam Jones", "role": "BSO", "organisation": "ICB"})
    with svc.session() as s, pytest.raises(ValidationError) as nobody:
        editing.create(s, svc, "attendance", {"person": "Nobody Here"}, parent_id=ids["meeting"])
    assert nobody.value.errors == {
        "person": "no person called 'Nobody Here': add them as a new person first, or give their e-mail"
    }
    with svc.session() as s, pytest.raises(ValidationError) as two:
        editing.update(s, svc, "action", ids["action"], {"owner": "sam jones"})
    assert two.value.errors["owner"].startswith(
        "'sam jones' matches 2 people: Sam Jones (GP · Clapham)"
    )
    assert two.value.errors["owner"].endswith("Give person:ID or the e-mail")
    with svc.session() as s:  # a name with no record is kept as written on a name field
        action = editing.update(s, svc, "action", ids["action"], {"owner": "Locum GP"})
        assert (action.owner, action.owner_person_id) == ("Locum GP", None)


def test_a_rapid_review_set_to_cspr_is_converted_keeping_its_old_reference(svc: Services) -> None:
    ids = seed(svc)
    with svc.session() as s, pytest.raises(ValidationError) as caught:
        editing.update(s, svc, "review", ids["review"], {"review_type": "CSPR"})
    assert set(caught.value.errors) == {"decision_on"}
    with svc.session() as s:
        review = editing.update(
            s, svc, "review", ids["review"],
            {"review_type": "Child Safeguarding Practice Review", "decision_on": "today",
             "steis_ref": "2025/88"},
        )  # fmt: skip
        assert (review.ref, review.review_type, review.commissioning_body) == (
            "LAM-CSPR-2025-01",
            "CSPR",
            "SCP",
        )
        assert (review.decision_on, review.steis_ref, review.former_type) == (
            date(2025, 3, 10),
            "2025/88",
            "RR",
        )
    with svc.session() as s:
        assert editing.find_record(s, "review:LAM-RR-2025-03")[1].id == ids["review"]


def test_a_returns_answers_are_set_by_criterion_code_with_its_steps(svc: Services) -> None:
    ids = seed(svc)
    with svc.session() as s, pytest.raises(ValidationError) as caught:
        editing.update(
            s, svc, "les_return", ids["les_return"],
            {"return_received_on": "today", "c01": "perhaps", "C99": "yes"},
        )  # fmt: skip
    assert caught.value.errors == {
        "c01": "'perhaps' is not yes or no",
        "C99": "is not a criterion of this scheme year (criteria: C01)",
    }
    with svc.session() as s:
        ret = editing.update(
            s, svc, "les_return", ids["les_return"], {"return_received_on": "today", "C01": "Yes"}
        )
        assert ret.status == "return_received"
        answers = s.exec(select(LesAnswer.value)).all()
    assert answers == ["Yes"]


def test_moving_a_completion_past_its_derived_expiry_derives_it_again(svc: Services) -> None:
    """A stored expiry worked out from the course is not the officer's: it follows the date."""
    ids = seed(svc)
    with svc.session() as s:
        rec = editing.update(s, svc, "training", ids["training"], {"completed_on": "01/01/2020"})
        assert (rec.expires_on, rec.expiry_stated) == (date(2023, 1, 1), False)
        rec = editing.update(s, svc, "training", ids["training"], {"completed_on": "08/03/2025"})
        assert (rec.expires_on, rec.expiry_stated) == (date(2028, 3, 8), False)
