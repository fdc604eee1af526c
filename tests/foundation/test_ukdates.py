"""UK dates are read day-first, whatever form they come in."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sgtui.services.ukdates import DateParseError, format_uk, parse_optional_uk_date, parse_uk_date


@pytest.mark.parametrize(
    "value",
    [
        "03/04/2024",
        "3/4/24",
        "03.04.24",
        "3 Apr 24",
        "3rd April 2024",
        "2024-04-03",
        "03-04-2024",
        " 03/04/2024\u00a0",
        45385,
        45385.75,
        "45385",
        datetime(2024, 4, 3, 14, 0),
        date(2024, 4, 3),
    ],
)
def test_parses_day_first(value: object) -> None:
    assert parse_uk_date(value) == date(2024, 4, 3)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2024", "no such date"),
        ("30/02/2025", "no such date"),
        ("tomorrow", "not a date"),
        ("3 Smarch 24", "unknown month"),
        ("", "not a date"),
        (True, "not a date"),
    ],
)
def test_rejects_with_reason(value: object, message: str) -> None:
    with pytest.raises(DateParseError, match=message):
        parse_uk_date(value)


def test_blank_is_none_and_format() -> None:
    assert parse_optional_uk_date("  ") is None
    assert format_uk(date(2025, 3, 1)) == "01/03/2025"
    assert format_uk(None) == ""
