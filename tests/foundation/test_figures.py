"""Derived figures on a small dataset whose answers were worked out by hand.

Today is Monday 10/03/2025 (the ``clock`` fixture). The comments give the reasoning.
"""

from __future__ import annotations

from datetime import date

import pytest

from sgtui.clock import FixedClock
from sgtui.services import figures, les, meetings, people, practices, reviews, training
from sgtui.services.context import Services
from sgtui.services.reference import find_borough, seed_reference_data
from sgtui.store.database import Database

D = date


@pytest.fixture
def svc(db: Database, clock: FixedClock) -> Services:
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


def test_counts(svc: Services) -> None:
    with svc.session() as s:
        assert figures.counts(s) == {
            "practices": 3,
            "people": 4,
            "meetings": 1,
            "actions": 4,
            "reviews": 3,
            "submissions": 4,
            "recommendations": 0,
            "les_returns": 3,
            "training_records": 9,
        }


def test_headline(svc: Services) -> None:
    with svc.session() as s:
        head = figures.headline(s, svc.clock.today())
        lam = figures.headline(s, svc.clock.today(), find_borough(s, "Lambeth").id)  # type: ignore[union-attr]
    assert head.as_dict() == {
        "as_of": D(2025, 3, 10),
        "practices": 3,
        "open_reviews": 2,
        "overdue_submissions": 1,
        "overdue_actions": 2,
        "les_year": "2024/25",
        "les_outstanding": 1,
        "training_compliance_percent": 60.0,  # 6 of 10 pairs in date
    }
    assert (
        lam.practices,
        lam.open_reviews,
        lam.overdue_submissions,
        lam.overdue_actions,
        lam.les_outstanding,
    ) == (2, 2, 1, 1, 1)
    assert lam.training_compliance_percent == 57.1  # Alice 2/4 + Bob 2/3 = 4/7


def test_overdue_lists(svc: Services) -> None:
    with svc.session() as s:
        overdue = reviews.overdue_submissions(s, svc.clock.today())
        soon = reviews.overdue_submissions(s, svc.clock.today(), within_days=5)
        actions = meetings.open_actions(s, overdue_on=svc.clock.today())
    assert [(sub.kind, rev.ref) for sub, rev in overdue] == [("chronology", "LAM-RR-2025-01")]
    assert [sub.kind for sub, _rev in soon] == ["chronology", "imr"]
    assert [a.ref for a in actions] == ["A4", "A1"]


def test_training_compliance_by_course_and_borough(svc: Services) -> None:
    with svc.session() as s:
        by_course = {
            c.label: (c.compliant, c.required, c.percent)
            for c in training.compliance(s, svc.clock.today())
        }
        by_borough = {
            c.label: (c.compliant, c.required, c.percent)
            for c in training.compliance(s, svc.clock.today(), by="borough")
        }
    assert by_course == {
        "Mental Capacity Act": (1, 1, 100.0),
        "Basic Prevent Awareness": (1, 2, 50.0),
        "Prevent Level 3 (WRAP)": (0, 1, 0.0),
        "Safeguarding Adults Level 1": (2, 2, 100.0),
        "Safeguarding Adults Level 3": (1, 1, 100.0),
        "Safeguarding Children Level 1": (1, 1, 100.0),
        "Safeguarding Children Level 2": (0, 1, 0.0),
        "Safeguarding Children Level 3": (0, 1, 0.0),
    }
    assert by_borough == {"Bexley": (2, 3, 66.7), "Lambeth": (4, 7, 57.1)}


def test_training_compliance_moves_with_the_date(svc: Services) -> None:
    with svc.session() as s:
        # On 26/03/2025 Bob's Prevent (25/03) has lapsed and Alice's MCA (20/03) too: 4 of 10.
        assert training.overall_compliance(s, D(2025, 3, 26)).percent == 40.0


def test_expiry_is_derived_or_kept(svc: Services) -> None:
    with svc.session() as s:
        expiring = training.expiring_within(s, svc.clock.today(), 30)
    assert [(p.name, c.code, r.expires_on, r.expiry_stated) for r, p, c in expiring] == [
        ("Alice", "MCA", D(2025, 3, 20), True),
        ("Bob", "PREVENT-BASIC", D(2025, 3, 25), False),
    ]


def test_les_figures(svc: Services) -> None:
    with svc.session() as s:
        scheme = les.get_scheme(s, "2024/25")
        rates = {
            r.borough: (r.practices, r.contracts_sent, r.received, r.percent)
            for r in les.return_rates(s, scheme.id)
        }
        crit = [
            (c.code, c.answered, c.met, c.percent) for c in les.criterion_compliance(s, scheme.id)
        ]
        statuses = sorted(
            r["status"] for r in [{"status": x.status} for x in s.exec(les.select(les.LesReturn))]
        )
    assert rates == {"Bexley": (1, 1, 1, 100.0), "Lambeth": (2, 2, 1, 50.0)}
    assert crit == [("C01", 2, 1, 50.0), ("C03", 2, 1, 50.0)]
    assert statuses == ["contract_sent", "return_received", "return_received"]


def test_reviews_open_by_type_and_stage(svc: Services) -> None:
    with svc.session() as s:
        assert figures.reviews_open_by_type_and_stage(s) == {
            "DHR": {"information_gathering": 1},
            "RR": {"rapid_review": 1},
        }
