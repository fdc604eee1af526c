"""A small, fixed data set built through the services, for the app's Pilot tests.

Small on purpose: Pilot tests run on two CI cores, and the flows under test need a
few linked records (a practice with people, training, an LES return; a review with a
submission; a meeting with an action), not the whole demo.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from sgtui.services import les, meetings, people, practices, reviews, training
from sgtui.services.context import Services
from sgtui.services.reference import find_borough
from sgtui.store.models import Practice
from tests.support.clock import TODAY

NETWORK = "Safeguarding & CLA Health Network"
"""The title of the seeded network meeting (the palette finds it by "network")."""


def seed_small(svc: Services) -> None:
    """Two Lambeth practices and one in Southwark, staff, training, a review, meetings, LES."""
    with svc.session() as s:
        lam = find_borough(s, "LAM")
        sou = find_borough(s, "SOU")
        assert lam and sou
        _o, p1 = practices.save_practice(
            s,
            svc,
            {"ods_code": "G85001", "name": "Brixton Hill Group Practice", "borough_id": lam.id},
        )
        _o, p2 = practices.save_practice(
            s, svc, {"ods_code": "G85002", "name": "Clapham Family Practice", "borough_id": lam.id}
        )
        _o, p3 = practices.save_practice(
            s, svc, {"ods_code": "G85099", "name": "Peckham Medical Centre", "borough_id": sou.id}
        )
        _o, gp = people.save_person(
            s,
            svc,
            {"name": "Dr Asha Patel", "role": "GP", "practice_id": p1.id, "borough_id": lam.id},
        )
        _o, nurse = people.save_person(
            s,
            svc,
            {
                "name": "Ben Okafor",
                "role": "Practice nurse",
                "practice_id": p3.id,
                "borough_id": sou.id,
            },
        )
        l3 = training.get_course(s, "SGC-L3")
        training.record_completion(
            s, svc, person_id=gp.id, course_id=l3.id, completed_on=date(2022, 3, 25)
        )
        training.record_completion(
            s, svc, person_id=nurse.id, course_id=l3.id, completed_on=date(2024, 6, 1)
        )
        _o, review = reviews.save_review(
            s,
            svc,
            {
                "ref": "LAM-RR-2025-03",
                "review_type": "RR",
                "borough_id": lam.id,
                "subject": "Child P",
                "notified_on": date(2025, 3, 3),
            },
        )
        reviews.save_submission(
            s, svc, review, {"kind": "chronology", "requested_on": date(2025, 2, 24)}
        )
        _o, meeting = meetings.save_meeting(
            s,
            svc,
            {
                "title": "Safeguarding & CLA Health Network",
                "meeting_type_id": meetings.meeting_type(s, "SG_CLA_NETWORK").id,
                "borough_id": lam.id,
                "meeting_date": TODAY + timedelta(days=3),
            },
        )
        meetings.save_action(
            s,
            svc,
            {
                "meeting_id": meeting.id,
                "text": "Circulate the training figures",
                "owner": "Dr Asha Patel",
                "owner_person_id": gp.id,
                "practice_id": p1.id,
                "raised_on": date(2025, 2, 1),
                "due_on": date(2025, 3, 1),
            },
        )
        _o, scheme = les.save_scheme(s, svc, "2024/25", {"return_due_on": date(2025, 2, 28)})
        les.save_criterion(
            s, svc, scheme, {"code": "C01", "question": "Safeguarding lead named", "position": 1}
        )
        les.save_criterion(
            s,
            svc,
            scheme,
            {
                "code": "C02",
                "question": "Level 3 training (%)",
                "answer_type": "percent",
                "threshold": 90,
                "position": 2,
            },
        )
        for practice in (p1, p2, p3):
            les.save_return(s, svc, scheme, practice, {"contract_sent_on": date(2024, 4, 2)})


def two_sam_patels(svc: Services) -> tuple[int, int]:
    """Two people called Sam Patel: a Lambeth practice nurse and a Southwark health visitor."""
    with svc.session() as s:
        lam, sou = find_borough(s, "LAM"), find_borough(s, "SOU")
        clapham = s.exec(select(Practice).where(Practice.ods_code == "G85002")).one()
        _o, nurse = people.save_person(
            s,
            svc,
            {
                "name": "Sam Patel",
                "role": "Practice nurse",
                "practice_id": clapham.id,
                "borough_id": lam.id,  # type: ignore[union-attr]
            },
        )
        _o, visitor = people.save_person(
            s,
            svc,
            {
                "name": "Sam Patel",
                "role": "Health visitor",
                "organisation": "Guy's and St Thomas'",
                "borough_id": sou.id,  # type: ignore[union-attr]
            },
        )
        return nurse.id, visitor.id  # type: ignore[return-value]
