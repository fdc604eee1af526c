"""Derived figures on a small dataset whose answers were worked out by hand.

Today is Monday 10/03/2025 (the ``clock`` fixture). The comments give the reasoning.
"""

from __future__ import annotations

from datetime import date

import pytest

from sgtui.clock import FixedClock
from sgtui.services import figures, les, meetings, reviews, training
from sgtui.services.context import Services
from sgtui.services.reference import find_borough
from sgtui.store.database import Database

from .figures_data import hand_checked

D = date


@pytest.fixture
def svc(db: Database, clock: FixedClock) -> Services:
    """The hand-checked data set, on both backends."""
    return hand_checked(db, clock)


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
