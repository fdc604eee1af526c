"""Dates an officer types: real UK dates, or relative to today ("tomorrow", "+5wd")."""

from __future__ import annotations

from datetime import date

import pytest

from sgtui.services.ukdates import DateParseError, parse_date_input

D = date
MONDAY = D(2025, 3, 10)
"""Monday 10 March 2025: no bank holiday within a month either side."""
HINT = "use dd/mm/yyyy, today, tomorrow, +5wd (working days), +2w, +10d or +1m"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/04/2024", D(2024, 4, 3)),
        ("3/4/24", D(2024, 4, 3)),
        ("3 Apr 2024", D(2024, 4, 3)),
        ("2024-04-03", D(2024, 4, 3)),
        (D(2024, 4, 3), D(2024, 4, 3)),
        ("today", MONDAY),
        ("  TODAY ", MONDAY),
        ("Tomorrow", D(2025, 3, 11)),
        ("yesterday", D(2025, 3, 9)),
        ("+10d", D(2025, 3, 20)),
        ("-10d", D(2025, 2, 28)),
        ("+2w", D(2025, 3, 24)),
        ("-1w", D(2025, 3, 3)),
        ("+ 2 W", D(2025, 3, 24)),
        ("+1m", D(2025, 4, 10)),
        ("-1m", D(2025, 2, 10)),
        ("+0d", MONDAY),
    ],
)
def test_reads_real_and_relative_dates(text: object, expected: date) -> None:
    assert parse_date_input(text, MONDAY) == expected


def test_a_month_on_from_the_31st_is_the_months_last_day() -> None:
    assert parse_date_input("+1m", D(2025, 1, 31)) == D(2025, 2, 28)


def test_working_days_skip_the_weekend() -> None:
    """Thu 12/03/2026 + 2 working days: Fri 13th, then Mon 16th."""
    assert parse_date_input("+2wd", D(2026, 3, 12)) == D(2026, 3, 16)
    assert parse_date_input("-3wd", D(2026, 3, 16)) == D(2026, 3, 11)  # Fri 13, Thu 12, Wed 11


def test_working_days_skip_christmas_and_new_year() -> None:
    """From Thu 24/12/2026: Fri 25th Christmas, Mon 28th the Boxing Day substitute,
    Fri 01/01/2027 New Year's Day; so Tue 29, Wed 30, Thu 31, Mon 4, Tue 5."""
    assert parse_date_input("+1wd", D(2026, 12, 24)) == D(2026, 12, 29)
    assert parse_date_input("+5wd", D(2026, 12, 24)) == D(2027, 1, 5)
    assert parse_date_input("+ 5 WD", D(2026, 12, 24)) == D(2027, 1, 5)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_blank_is_none(text: object) -> None:
    assert parse_date_input(text, MONDAY) is None


@pytest.mark.parametrize("text", ["+5x", "+5", "5wd", "next week", "+wd"])
def test_other_text_says_what_is_accepted(text: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date_input(text, MONDAY)
    assert str(caught.value) == f"{text!r} is not a date: {HINT}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("30/02/2025", "'30/02/2025': no such date"),
        ("3 Smarch 24", "'3 Smarch 24': not a date (unknown month 'Smarch')"),
    ],
)
def test_a_wrong_real_date_keeps_its_own_reason(text: str, message: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date_input(text, MONDAY)
    assert str(caught.value) == message
