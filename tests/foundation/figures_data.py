"""A small data set whose figures were worked out by hand (today 10/03/2025).

The comments give the reasoning; the figure, list and query tests all check against it.
"""

from __future__ import annotations

from datetime import date

from sgtui.clock import FixedClock
from sgtui.services import les, meetings, people, practices, reviews, training
from sgtui.services.context import Services
from sgtui.services.reference import find_borough, seed_reference_data
from sgtui.store.database import Database

D = date


def hand_checked(db: Database, clock: FixedClock) -> Services:
    """Services over the hand-checked data set (on whichever backend ``db`` is)."""
    services = Services(db=db, clock=clock, actor="Test Officer")
    with services.session() as s:
        seed_reference_data(s, services)
        lam, bex = find_borough(s, "Lambeth").id, find_borough(s, "Bexley").id  # type: ignore[union-attr]
        p1 = practices.save_practice(
            s, services, {"ods_code": "G00001", "name": "One", "borough_id": lam}
        )[1]
        p2 = practices.save_practice(
            s, services, {"ods_code": "G00002", "name": "Two", "borough_id": lam}
        )[1]
        p3 = practices.save_practice(
            s, services, {"ods_code": "G00003", "name": "Three", "borough_id": bex}
        )[1]
        _reviews(s, services, lam, bex)
        _actions(s, services, lam)
        _les(s, services, p1, p2, p3)
        _training(s, services, lam, bex)
    return services


def _reviews(s, svc: Services, lam: int, bex: int) -> None:  # noqa: ANN001
    r1 = reviews.save_review(
        s,
        svc,
        {
            "ref": "LAM-RR-2025-01",
            "review_type": "Rapid Review",
            "borough_id": lam,
            "notified_on": D(2025, 2, 24),
            "stage": "rapid_review",
        },
    )[1]
    reviews.save_review(
        s,
        svc,
        {"ref": "BEX-SAR-2024-01", "review_type": "SAR", "borough_id": bex, "stage": "closed"},
    )
    r3 = reviews.save_review(
        s,
        svc,
        {
            "ref": "LAM-DHR-2024-01",
            "review_type": "DARDR",
            "borough_id": lam,
            "stage": "information_gathering",
        },
    )[1]
    # overdue: due 07/03, not submitted
    reviews.save_submission(
        s, svc, r1, {"kind": "chronology", "requested_on": D(2025, 2, 25), "due_on": D(2025, 3, 7)}
    )
    # submitted on time: not overdue
    reviews.save_submission(
        s,
        svc,
        r1,
        {
            "kind": "information",
            "requested_on": D(2025, 2, 25),
            "due_on": D(2025, 3, 3),
            "submitted_on": D(2025, 3, 3),
        },
    )
    # due 12/03: not overdue yet
    reviews.save_submission(
        s, svc, r3, {"kind": "imr", "requested_on": D(2025, 2, 1), "due_on": D(2025, 3, 12)}
    )
    # past due but not required: not overdue
    reviews.save_submission(
        s,
        svc,
        r3,
        {
            "kind": "chronology",
            "requested_on": D(2025, 2, 1),
            "due_on": D(2025, 3, 1),
            "status": "not_required",
        },
    )


def _actions(s, svc: Services, lam: int) -> None:  # noqa: ANN001
    m1 = meetings.save_meeting(
        s, svc, {"title": "Network", "meeting_date": D(2025, 2, 10), "borough_id": lam}
    )[1]
    for ref, due, status, meeting_id in (
        ("A1", D(2025, 3, 1), "open", m1.id),  # overdue
        ("A2", D(2025, 3, 1), "complete", m1.id),  # done
        ("A3", D(2025, 3, 20), "open", m1.id),  # not due yet
        ("A4", D(2025, 2, 1), "in_progress", None),  # overdue, no meeting (so no borough)
    ):
        meetings.save_action(
            s,
            svc,
            {
                "ref": ref,
                "text": "Do it",
                "due_on": due,
                "status": status,
                "meeting_id": meeting_id,
            },
        )


def _les(s, svc: Services, p1, p2, p3) -> None:  # noqa: ANN001
    scheme = les.save_scheme(s, svc, "2024-25", {})[1]
    c01 = les.save_criterion(
        s, svc, scheme, {"code": "c01", "question": "Lead named", "answer_type": "yes_no"}
    )[1]
    c03 = les.save_criterion(
        s,
        svc,
        scheme,
        {"code": "C03", "question": "L3 %", "answer_type": "percent", "threshold": 90.0},
    )[1]
    r1 = les.save_return(
        s,
        svc,
        scheme,
        p1,
        {
            "contract_sent_on": D(2024, 4, 20),
            "contract_signed_on": D(2024, 5, 1),
            "return_received_on": D(2025, 2, 1),
        },
    )[1]
    r2 = les.save_return(s, svc, scheme, p2, {"contract_sent_on": D(2024, 4, 20)})[1]
    les.save_answer(s, svc, r2, c01, "No")  # on a return not yet received: not counted
    r3 = les.save_return(
        s,
        svc,
        scheme,
        p3,
        {"contract_sent_on": D(2024, 4, 20), "return_received_on": D(2025, 2, 10)},
    )[1]
    les.save_answer(s, svc, r1, c01, "✓")
    les.save_answer(s, svc, r1, c03, "95%")
    les.save_answer(s, svc, r3, c01, "No")
    les.save_answer(s, svc, r3, c03, 85)


def _training(s, svc: Services, lam: int, bex: int) -> None:  # noqa: ANN001
    def person(name: str, role: str, borough: int) -> int:
        return people.save_person(
            s, svc, {"name": name, "role": role, "organisation": "Org", "borough_id": borough}
        )[1].id

    alice, bob = person("Alice", "GP", lam), person("Bob", "Receptionist", lam)
    cara, dan = person("Cara", "Administrator", bex), person("Dan", "Volunteer", lam)

    def done(who: int, code: str, on: date, expires: date | None = None) -> None:
        course = training.get_course(s, code)
        training.record_completion(
            s, svc, person_id=who, course_id=course.id, completed_on=on, expires_on=expires
        )  # type: ignore[arg-type]

    done(alice, "SGA-L3", D(2023, 1, 1))  # expires 01/01/2026: in date
    done(alice, "SGC-L3", D(2021, 3, 1))  # expired 01/03/2024
    done(
        alice, "MCA", D(2024, 6, 1), expires=D(2025, 3, 20)
    )  # stated expiry kept: in date, expiring soon
    done(bob, "SGA-L1", D(2024, 1, 1))
    done(bob, "PREVENT-BASIC", D(2022, 3, 25))  # expires 25/03/2025: in date, expiring soon
    done(cara, "SGA-L1", D(2020, 1, 1))  # expired, but superseded by the next one
    done(cara, "SGA-L1", D(2023, 2, 1))
    done(cara, "SGC-L1", D(2025, 3, 1))
    done(dan, "SGA-L1", D(2024, 1, 1))  # his role requires nothing: not counted
