"""A small fixed dataset, built through the services, whose figures are worked out by hand.

Today is Monday 10/03/2025 (the ``clock`` fixture); the quarter tested is 2024-Q3
(01/10/2024 - 31/12/2024, financial year 2024/25). The expected figures are in the
tests, next to the assertions, with the working.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time

import pytest
from sqlmodel import Session, select

from sgtui.clock import FixedClock
from sgtui.services import les, meetings, people, practices, reviews, training
from sgtui.services.context import Services
from sgtui.services.reference import seed_reference_data
from sgtui.store.database import Database
from sgtui.store.models import Borough, Course, MeetingType

D = date


@pytest.fixture
def svc(db: Database, clock: FixedClock) -> Services:
    """Services on the ``db`` fixture (SQLite and PostgreSQL) with the fixed clock."""
    return Services(db=db, clock=clock, actor="Test Officer")


@pytest.fixture
def dataset(svc: Services) -> Services:
    """Seed reference data and the fixed dataset; return the services bundle."""
    with svc.session() as session:
        seed_reference_data(session, svc)
        boroughs = {b.code: b for b in session.exec(select(Borough))}
        _practices_and_les(session, svc, boroughs)
        _reviews(session, svc, boroughs)
        _training(session, svc, boroughs)
        _meetings(session, svc, boroughs)
    return svc


@pytest.fixture
def session(dataset: Services) -> Iterator[Session]:
    with dataset.session() as s:
        yield s


def _practices_and_les(session: Session, svc: Services, boroughs: dict[str, Borough]) -> None:
    lam, sou = boroughs["LAM"].id, boroughs["SOU"].id
    rows = [
        ("G85001", "Alpha Surgery", lam, "Dr Lead", "pm1@example.nhs.uk"),
        ("G85002", "Beta Practice", lam, "Dr Deputy", "=pm2@example.nhs.uk"),
        ("G85003", "Gamma Medical Centre", lam, None, "pm3@example.nhs.uk"),
        ("G85004", "Delta Health", lam, None, None),
        ("G85101", "Sigma Surgery", sou, "Dr S", None),
    ]
    made = {}
    for ods, name, borough_id, lead, email in rows:
        _o, made[ods] = practices.save_practice(
            session,
            svc,
            {
                "ods_code": ods,
                "name": name,
                "borough_id": borough_id,
                "safeguarding_lead": lead,
                "email": email,
                "practice_manager": f"PM {name.split()[0]}",
                "postcode": "SE1 1AA",
                "pcn": "North PCN",
            },
        )
    _o, scheme = les.save_scheme(
        session,
        svc,
        "2024/25",
        {"scheme_version": "v2", "return_due_on": D(2025, 1, 31), "payment_basis": "flat"},
    )
    crit = {}
    for pos, (code, question, kind, threshold) in enumerate(
        [
            ("C01", "Named safeguarding lead and deputy", "yes_no", None),
            ("C02", "% of GPs with Level 3 training in date", "percent", 90.0),
            ("C03", "Safeguarding forums attended", "number", 3.0),
        ]
    ):
        _o, crit[code] = les.save_criterion(
            session,
            svc,
            scheme,
            {
                "code": code,
                "question": question,
                "answer_type": kind,
                "threshold": threshold,
                "position": pos,
            },
        )
    sent = {"contract_sent_on": D(2024, 4, 1), "return_requested_on": D(2024, 12, 1)}
    returns = {
        "G85001": (
            {**sent, "contract_signed_on": D(2024, 4, 10), "return_received_on": D(2025, 1, 20)},
            {"C01": ("Yes", None), "C02": ("95", None), "C03": ("4", None)},
        ),
        "G85002": (
            {**sent, "contract_signed_on": D(2024, 4, 12), "return_received_on": D(2025, 2, 5)},
            {"C01": ("No", "Lead left in January"), "C02": ("85", "two GPs booked")},
        ),
        "G85003": (sent, {}),  # chased twice, below
        "G85101": (
            {**sent, "return_received_on": D(2025, 1, 15)},
            {"C01": ("Yes", None), "C02": ("90", None), "C03": ("3", None)},
        ),
    }
    for ods, (values, answers) in returns.items():
        _o, ret = les.save_return(session, svc, scheme, made[ods], values)
        for code, (value, note) in answers.items():
            les.save_answer(session, svc, ret, crit[code], value, note)
        if ods == "G85003":
            les.mark_chased(session, svc, [ret.id], D(2025, 2, 24))  # type: ignore[list-item]
            les.mark_chased(session, svc, [ret.id], D(2025, 3, 3), method="e-mail")  # type: ignore[list-item]


def _reviews(session: Session, svc: Services, boroughs: dict[str, Borough]) -> None:
    lam, sou = boroughs["LAM"].id, boroughs["SOU"].id
    _o, rr = reviews.save_review(
        session,
        svc,
        {
            "ref": "LAM-RR-2024-01",
            "review_type": "RR",
            "borough_id": lam,
            "subject": "Child P",
            "notified_on": D(2024, 10, 15),
            "stage": "decision",
            "case_summary": '=HYPERLINK("http://x")',
            "lessons_learnt": "@SUM(A1)",
        },
        themes=["Neglect", "Domestic abuse"],
    )
    _o, dhr = reviews.save_review(
        session,
        svc,
        {
            "ref": "LAM-DHR-2024-01",
            "review_type": "DHR",
            "borough_id": lam,
            "subject": "Adult Q",
            "notified_on": D(2024, 6, 1),
            "incident_on": D(2024, 5, 20),
            "stage": "information_gathering",
            "steis_ref": "2024/12345",
        },
    )
    reviews.save_review(
        session,
        svc,
        {
            "ref": "SOU-SAR-2024-01",
            "review_type": "SAR",
            "borough_id": sou,
            "notified_on": D(2024, 11, 1),
            "stage": "closed",
            "closed_on": D(2024, 12, 20),
        },
    )
    reviews.save_review(
        session,
        svc,
        {
            "ref": "LAM-LCSPR-2023-01",
            "review_type": "LCSPR",
            "borough_id": lam,
            "notified_on": D(2023, 5, 1),
            "stage": "closed",
            "closed_on": D(2025, 1, 15),
            "published_on": D(2025, 1, 10),
        },
    )
    for kind, requested, due, submitted in (
        ("chronology", D(2024, 10, 15), D(2024, 10, 25), D(2024, 10, 24)),
        ("information", D(2024, 10, 15), D(2024, 10, 22), D(2024, 10, 28)),
    ):
        reviews.save_submission(
            session,
            svc,
            rr,
            {"kind": kind, "requested_on": requested, "due_on": due, "submitted_on": submitted},
        )
    reviews.save_submission(
        session,
        svc,
        dhr,
        {"kind": "imr", "requested_on": D(2024, 11, 1), "due_on": D(2024, 12, 20)},
    )
    for number, status, target in (
        ("1", "open", D(2024, 11, 30)),
        ("2", "complete", D(2024, 10, 1)),
        ("3", "open", D(2025, 3, 31)),
    ):
        reviews.save_recommendation(
            session,
            svc,
            dhr,
            {
                "number": number,
                "text": f"Recommendation {number}",
                "status": status,
                "target_on": target,
                "lead": "Designated Nurse",
            },
        )


def _training(session: Session, svc: Services, boroughs: dict[str, Borough]) -> None:
    courses = {c.code: c for c in session.exec(select(Course))}
    alpha = practices.get_practice(session, "G85001")
    staff = [
        ("Ann GP", "GP", "LAM", [("SGA-L3", D(2023, 2, 1)), ("SGC-L3", D(2021, 1, 1))]),
        ("Bob Admin", "Administrator", "LAM", [("SGA-L1", D(2022, 4, 1))]),
        ("Cat Nurse", "Practice nurse", "SOU", [("SGA-L3", D(2024, 6, 1))]),
    ]
    for name, role, borough, completions in staff:
        _o, person = people.save_person(
            session,
            svc,
            {
                "name": name,
                "role": role,
                "organisation": "Alpha Surgery",
                "practice_id": alpha.id,
                "borough_id": boroughs[borough].id,
                "email": f"{name.split()[0].lower()}@example.nhs.uk",
            },
        )
        for code, completed in completions:
            training.record_completion(
                session,
                svc,
                person_id=person.id,
                course_id=courses[code].id,
                completed_on=completed,
                hours=2.5,
                provider="-e-learning",
            )


def _meetings(session: Session, svc: Services, boroughs: dict[str, Borough]) -> None:
    network = session.exec(select(MeetingType).where(MeetingType.code == "SG_CLA_NETWORK")).one()
    lam = boroughs["LAM"].id
    base = {"meeting_type_id": network.id, "borough_id": lam, "chair": "Designated Nurse"}
    _o, held = meetings.save_meeting(
        session,
        svc,
        {
            **base,
            "ref": "LAM-NET-2024-11-12",
            "title": "Safeguarding & CLA Network; Lambeth, Q3",
            "meeting_date": D(2024, 11, 12),
            "start_time": time(10, 0),
            "end_time": time(12, 0),
            "location": "Room 1, 160 Tooley Street, London",
            "status": "held",
        },
    )
    meetings.save_meeting(
        session,
        svc,
        {
            **base,
            "ref": "LAM-NET-2025-01-15",
            "title": "Safeguarding & CLA Network",
            "meeting_date": D(2025, 1, 15),
            "start_time": time(14, 30),
            "virtual": True,
            "location": "Teams",
        },
    )
    meetings.save_meeting(
        session,
        svc,
        {
            **base,
            "ref": "LAM-NET-2024-12-10",
            "title": "Extra network",
            "meeting_date": D(2024, 12, 10),
            "status": "cancelled",
        },
    )
    for ref, text, due, status in (
        ("LAM-NET-2024-11-12-01", "=1+2 circulate the pathway", D(2024, 12, 1), "open"),
        ("LAM-NET-2024-11-12-02", "Book the venue", D(2025, 3, 20), "in_progress"),
        ("LAM-NET-2024-11-12-03", "Send minutes", D(2024, 11, 19), "complete"),
    ):
        meetings.save_action(
            session,
            svc,
            {
                "ref": ref,
                "meeting_id": held.id,
                "text": text,
                "owner": "BSO",
                "raised_on": D(2024, 11, 12),
                "due_on": due,
                "status": status,
                "completed_on": D(2024, 11, 18) if status == "complete" else None,
            },
        )
