"""Merging two records of one person: what moves, what is dropped as a duplicate, the audit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from sgtui.services import meetings, notes, people, records, training
from sgtui.services.context import Services
from sgtui.services.errors import NotFound, ServiceError
from sgtui.services.reference import find_borough
from sgtui.store.models import Action, Attendance, AuditEntry, Note, Person, TrainingRecord


def two_ashas(svc: Services) -> tuple[int, int]:
    """The kept "Dr Asha Patel" (GP, e-mail) and an imported "Asha Patel" with her own records.

    Kept: L3 completed 25/03/2022, invited to the network. Other: the same L3 completion
    (a duplicate), Adults L1 on 01/02/2025, present at the network (a duplicate invitation
    with an answer), invited to the forum, owner of one action, one note, and a borough.
    """
    with svc.session() as s:
        lam = find_borough(s, "LAM")
        _o, keep = people.save_person(
            s, svc, {"name": "Dr Asha Patel", "role": "GP", "email": "asha.patel@nhs.net"}
        )
        _o, other = people.save_person(
            s, svc, {"name": "Asha Patel", "organisation": "Brixton Hill", "borough_id": lam.id}
        )
        l3 = training.get_course(s, "SGC-L3")
        l1 = training.get_course(s, "SGA-L1")
        for person in (keep, other):
            training.record_completion(
                s, svc, person_id=person.id, course_id=l3.id, completed_on=date(2022, 3, 25)
            )
        training.record_completion(
            s, svc, person_id=other.id, course_id=l1.id, completed_on=date(2025, 2, 1)
        )
        _o, network = meetings.save_meeting(
            s, svc, {"ref": "NET-1", "title": "Network", "meeting_date": date(2025, 3, 13)}
        )
        _o, forum = meetings.save_meeting(
            s, svc, {"ref": "FORUM-1", "title": "GP forum", "meeting_date": date(2025, 3, 20)}
        )
        meetings.set_attendance(s, svc, network.id, keep.id, "invited")
        meetings.set_attendance(s, svc, network.id, other.id, "present")
        meetings.set_attendance(s, svc, forum.id, other.id, "invited")
        meetings.save_action(
            s,
            svc,
            {
                "meeting_id": network.id,
                "text": "Circulate the figures",
                "owner": "Asha Patel",
                "owner_person_id": other.id,
            },
        )
        notes.add_note(s, svc, "person", other.id, "Prefers Teams", noted_on=date(2025, 3, 1))
        return keep.id, other.id  # type: ignore[return-value]


def test_merge_moves_records_drops_duplicates_and_fills_blanks(svc: Services) -> None:
    keep_id, other_id = two_ashas(svc)
    with svc.session() as s:
        result = people.merge_people(s, svc, keep_id, other_id)
        summary = result.summary()
    assert summary == (
        "Merged Asha Patel into Dr Asha Patel: moved 1 training record(s), 1 invitation(s), "
        "1 action(s), 1 note(s); 2 duplicate(s) dropped; filled in organisation, borough"
    )
    with svc.session() as s:
        assert s.get(Person, other_id) is None
        kept = s.get(Person, keep_id)
        assert kept is not None
        lam = find_borough(s, "LAM")
        assert (kept.role, kept.organisation, kept.borough_id, kept.email) == (
            "GP",
            "Brixton Hill",
            lam.id,  # type: ignore[union-attr]
            "asha.patel@nhs.net",
        )
        held = sorted((t.completed_on, t.person_id) for t in s.exec(select(TrainingRecord)).all())
        assert held == [(date(2022, 3, 25), keep_id), (date(2025, 2, 1), keep_id)]
        invitations = sorted(
            (a.meeting_id, a.person_id, a.status) for a in s.exec(select(Attendance)).all()
        )
        network = meetings.get_meeting(s, "NET-1").id
        forum = meetings.get_meeting(s, "FORUM-1").id
        assert invitations == sorted([(network, keep_id, "present"), (forum, keep_id, "invited")])
        action = s.exec(select(Action)).one()
        assert (action.owner, action.owner_person_id) == ("Dr Asha Patel", keep_id)
        assert s.exec(select(Note.record_id)).one() == keep_id


def test_every_step_of_a_merge_is_audited(svc: Services) -> None:
    keep_id, other_id = two_ashas(svc)
    with svc.session() as s:
        before = s.exec(select(AuditEntry.id).order_by(AuditEntry.id.desc())).first()  # type: ignore[union-attr]
        people.merge_people(s, svc, keep_id, other_id)
    with svc.session() as s:
        entries = s.exec(
            select(AuditEntry).where(AuditEntry.id > before).order_by(AuditEntry.id)  # type: ignore[operator]
        ).all()
    steps = [(e.action, e.record_type) for e in entries]
    assert steps == [
        ("delete", "trainingrecord"),  # the L3 completion she already held
        ("update", "trainingrecord"),  # Adults L1 moved
        ("delete", "attendance"),  # the second invitation to the network ...
        ("update", "attendance"),  # ... whose answer (present) the kept one takes
        ("update", "attendance"),  # the forum invitation moved
        ("update", "action"),
        ("update", "note"),
        ("delete", "person"),
        ("update", "person"),  # organisation and borough filled in
    ]
    assert {e.actor for e in entries} == {"Test Officer"}


def test_a_kept_answer_is_not_overwritten_by_the_duplicate_invitation(svc: Services) -> None:
    keep_id, other_id = two_ashas(svc)
    with svc.session() as s:
        network = meetings.get_meeting(s, "NET-1")
        meetings.set_attendance(s, svc, network.id, keep_id, "apologies")  # type: ignore[arg-type]
        people.merge_people(s, svc, keep_id, other_id)
    with svc.session() as s:
        statuses = {a.meeting_id: a.status for a in s.exec(select(Attendance)).all()}
        assert statuses[meetings.get_meeting(s, "NET-1").id] == "apologies"


def test_a_person_is_not_merged_into_themselves_or_someone_missing(svc: Services) -> None:
    keep_id, other_id = two_ashas(svc)
    with svc.session() as s:
        with pytest.raises(ServiceError, match="cannot be merged into themselves"):
            people.merge_people(s, svc, keep_id, keep_id)
        with pytest.raises(NotFound):
            people.merge_people(s, svc, keep_id, other_id + 100)
    with svc.session() as s:
        assert len(s.exec(select(Person)).all()) == 2


def test_merge_candidates_share_the_surname_same_name_first(svc: Services) -> None:
    keep_id, other_id = two_ashas(svc)
    with svc.session() as s:
        for name in ("Asha Patel", "Ravi Patel", "Sam Patelson", "Patricia Jones", "Ben Okafor"):
            records.create(s, svc, Person(key=f"{name.lower()}|x", name=name))
        found = [p.name for p in people.merge_candidates(s, other_id)]
    assert found == ["Asha Patel", "Dr Asha Patel", "Ravi Patel"]
