"""The fast paths of the figures give the same answers as the figures they stand for."""

from __future__ import annotations

from datetime import date

import pytest

from sgtui.clock import FixedClock
from sgtui.services import meetings, training
from sgtui.services.context import Services
from sgtui.services.reference import find_borough
from sgtui.store.database import Database

from .figures_data import hand_checked

TODAY = date(2025, 3, 10)


@pytest.fixture
def svc(db: Database, clock: FixedClock) -> Services:
    """The hand-checked data set, on both backends."""
    return hand_checked(db, clock)


@pytest.mark.parametrize("borough", [None, "LAM", "SOU"])
def test_both_groupings_at_once_match_each_grouping(svc: Services, borough: str | None) -> None:
    with svc.session() as s:
        bid = find_borough(s, borough).id if borough else None  # type: ignore[union-attr]
        for day in (TODAY, date(2026, 1, 1)):
            assert training.compliance_by_course_and_borough(s, day, bid) == (
                training.compliance(s, day, by="course", borough_id=bid),
                training.compliance(s, day, by="borough", borough_id=bid),
            )


def test_limits_keep_the_first_rows(svc: Services) -> None:
    with svc.session() as s:
        expiring = training.expiring_within(s, TODAY, 400)
        assert expiring, "the data set has completions expiring within the window"
        assert [r[0].id for r in training.expiring_within(s, TODAY, 400, limit=1)] == [
            expiring[0][0].id
        ]
        actions = meetings.open_actions(s)
        assert [a.id for a in meetings.open_actions(s, limit=1)] == [actions[0].id]
