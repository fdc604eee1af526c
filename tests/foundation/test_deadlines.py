"""Working days and statutory deadlines across England & Wales bank holidays."""

from __future__ import annotations

from datetime import date

import pytest

from sgtui.services.deadlines import (
    add_months,
    add_working_days,
    is_working_day,
    working_days_between,
)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2025, 3, 10), 5, date(2025, 3, 17)),  # plain week
        (date(2025, 4, 14), 5, date(2025, 4, 23)),  # over Good Friday 18/04 and Easter Monday 21/04
        (date(2025, 4, 14), 15, date(2025, 5, 8)),  # RR: also over the Early May bank holiday 05/05
        (date(2025, 12, 22), 5, date(2025, 12, 31)),  # over Christmas Day and Boxing Day
        (
            date(2026, 12, 24),
            1,
            date(2026, 12, 29),
        ),  # Boxing Day 2026 is a Saturday: substitute Monday 28/12
        (date(2025, 3, 14), 1, date(2025, 3, 17)),  # Friday + 1 = Monday
        (date(2025, 3, 17), -1, date(2025, 3, 14)),
    ],
)
def test_add_working_days(start: date, days: int, expected: date) -> None:
    assert add_working_days(start, days) == expected


def test_bank_holidays_are_not_working_days() -> None:
    assert not is_working_day(date(2025, 8, 25))  # Summer bank holiday (England, not Scotland)
    assert is_working_day(date(2025, 8, 4))  # Scottish summer holiday is a working day here
    assert not is_working_day(date(2025, 3, 15))  # Saturday


def test_working_days_between() -> None:
    assert working_days_between(date(2025, 4, 17), date(2025, 4, 22)) == 1
    assert working_days_between(date(2025, 4, 22), date(2025, 4, 17)) == -1


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2025, 1, 15), 36) == date(2028, 1, 15)
