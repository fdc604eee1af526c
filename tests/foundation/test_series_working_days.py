"""A recurring series never meets on a bank holiday or at a weekend, and says what moved."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from sqlmodel import select

from sgtui.services import meetings
from sgtui.services.context import Services
from sgtui.store.models import Meeting, MeetingType

D = date


def test_good_friday_moves_past_easter_monday() -> None:
    """Weekly Fridays from 11/04/2025: Good Friday 18/04 and Easter Monday 21/04 are
    bank holidays, so that meeting is on Tuesday 22/04; the next stays on Friday 25/04."""
    assert meetings.series_schedule(D(2025, 4, 11), "weeks", 1, count=3) == [
        (D(2025, 4, 11), D(2025, 4, 11)),
        (D(2025, 4, 18), D(2025, 4, 22)),
        (D(2025, 4, 25), D(2025, 4, 25)),
    ]


def test_new_years_day_on_a_saturday_moves_past_its_substitute() -> None:
    """Monthly on the 1st from Sat 01/01/2028: Mon 03/01 is the substitute bank holiday."""
    assert _held(meetings.series_schedule(D(2028, 1, 1), "months", 1, count=3)) == [
        D(2028, 1, 4),
        D(2028, 2, 1),
        D(2028, 3, 1),
    ]


def test_a_meeting_moved_past_the_end_date_is_left_out() -> None:
    """Until Sun 20/04/2025: Good Friday's meeting would be on Tue 22/04, after the end."""
    schedule = meetings.series_schedule(D(2025, 4, 11), "weeks", 1, until=D(2025, 4, 20))
    assert _held(schedule) == [D(2025, 4, 11)]


def test_a_one_off_on_a_bank_holiday_moves_too() -> None:
    assert meetings.series_schedule(D(2025, 8, 25), "none", 0) == [(D(2025, 8, 25), D(2025, 8, 26))]


def _series(svc: Services, first: date, unit: str, every: int, count: int) -> Any:
    with svc.session() as s:
        network = s.exec(select(MeetingType).where(MeetingType.code == "SG_CLA_NETWORK")).one()
        plan = meetings.create_series(
            s,
            svc,
            {
                "code": "LAM-NET",
                "title": "Lambeth network",
                "meeting_type_id": network.id,
                "cadence_unit": unit,
                "cadence_every": every,
                "first_date": first,
                "start_time": time(10),
            },
            count=count,
        )
        stored = [(m.ref, m.meeting_date) for m in s.exec(select(Meeting).order_by(Meeting.ref))]
    return plan, stored


def test_christmas_day_meeting_moves_past_boxing_day(svc: Services) -> None:
    """Fortnightly Mondays from 13/11/2028: Mon 25/12 and Tue 26/12/2028 are bank holidays,
    so the fourth meeting is on Wed 27/12 and its reference carries that date."""
    plan, stored = _series(svc, D(2028, 11, 13), "weeks", 2, 8)
    assert plan.moved == [(D(2028, 12, 25), D(2028, 12, 27))]
    assert [m.meeting_date for m in plan.meetings] == [
        D(2028, 11, 13),
        D(2028, 11, 27),
        D(2028, 12, 11),
        D(2028, 12, 27),
        D(2029, 1, 8),
        D(2029, 1, 22),
        D(2029, 2, 5),
        D(2029, 2, 19),
    ]
    assert ("LAM-NET-2028-12-27", D(2028, 12, 27)) in stored
    assert not any(ref == "LAM-NET-2028-12-25" for ref, _day in stored)
    assert meetings.plan_summary(plan) == (
        "8 meetings planned, 13/11/2028 to 19/02/2029; 1 moved off a bank holiday:"
        " Mon 25/12/2028 → Wed 27/12/2028"
    )


def test_weekend_and_easter_moves_are_both_named(svc: Services) -> None:
    """Monthly on the 15th from Sat 15/01/2028: to Mon 17/01; Sat 15/04/2028 is the day
    before Easter Sunday, and Mon 17/04 is Easter Monday, so Tue 18/04."""
    plan, _stored = _series(svc, D(2028, 1, 15), "months", 1, 4)
    assert plan.moved == [(D(2028, 1, 15), D(2028, 1, 17)), (D(2028, 4, 15), D(2028, 4, 18))]
    assert meetings.plan_summary(plan) == (
        "4 meetings planned, 17/01/2028 to 18/04/2028; 2 moved to the next working day:"
        " Sat 15/01/2028 → Mon 17/01/2028, Sat 15/04/2028 → Tue 18/04/2028"
    )


def test_nothing_moved_says_only_what_was_planned(svc: Services) -> None:
    plan, _stored = _series(svc, D(2025, 3, 13), "weeks", 6, 2)
    assert plan.moved == []
    assert meetings.plan_summary(plan) == "2 meetings planned, 13/03/2025 to 24/04/2025"


def _held(schedule: list[tuple[D, D]]) -> list[D]:
    """The days the meetings are held on (each scheduled day moved past holidays)."""
    return [held_on for _day, held_on in schedule]
