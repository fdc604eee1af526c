"""The field registry, walked: every field of every kind is set through the services and read back.

Each field gets a value of its type typed as an officer would ("today", "yes",
"2.30pm", a label, a name, an ODS code), is saved through :mod:`sgtui.services.editing`
and must read back as the text the form would then show. A bad value of each type is
refused with its message and nothing is written.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from sgtui.services import editing, people
from sgtui.services.context import Services
from sgtui.services.errors import NeedsConfirmation, ValidationError
from sgtui.services.registry import KINDS, FieldType
from sgtui.store.models import AuditEntry, LesAnswer

from .registry_samples import BAD, WALK, sample, seed


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
