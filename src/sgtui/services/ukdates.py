"""UK dates: always day first, shown dd/mm/yyyy.

One parser for forms, the CLI and importers, so "03/04/2024" is the 3rd of April
everywhere. It accepts real dates, Excel serial numbers and the ways people type dates
in spreadsheets ("03/04/2024", "3/4/24", "3 Apr 24", "03.04.24", "2024-04-03"), and the
ways learning systems export them: ESR writes "12-MAR-2024" and "12/03/2024 00:00:00",
database exports "2024-03-12 00:00:00" or "2024/03/12". A time after the date is dropped.

Officers typing into a form may also give a date relative to today ("tomorrow",
"+5wd" for five working days): :func:`parse_date_input` reads those too.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
EXCEL_EPOCH = date(1899, 12, 30)
"""Excel's day 0 (allowing for its 1900 leap-year bug, so serial 61 = 1 March 1900)."""

_TIME = r"(?:[T\s]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?\s*(?:[ap]m)?(?:Z|[+-]\d{2}:?\d{2})?)?"
"""An optional time after a date ("00:00:00", "T09:15", " 9.30am"): dropped."""
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{2}|\d{4})" + _TIME + "$")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_WORDY = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([A-Za-z]+)\.?,?[\s\-/.]+(\d{2}|\d{4})" + _TIME + "$"
)


_NOT_A_DATE = "not a date (use dd/mm/yyyy)"
"""The reason given for text that matches no form of date at all."""
RELATIVE_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}
"""Words a form accepts for a date, as days from today."""
_OFFSET = re.compile(r"^([+-])\s*(\d{1,4})\s*(wd|w|d|m)$", re.IGNORECASE)
"""An offset from today: "+5wd" working days, "-1w" weeks, "+10d" days, "+1m" months."""
INPUT_HINT = "use dd/mm/yyyy, today, tomorrow, +5wd (working days), +2w, +10d or +1m"
"""What a date field accepts, in the words an error shows an officer."""


class DateParseError(ValueError):
    """The text is not a date; the message says why ("no such date", "not a date")."""


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _make(year: int, month: int, day: int, original: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateParseError(f"{original!r}: no such date") from None


def from_excel_serial(serial: float) -> date:
    """An Excel serial day number as a date."""
    if not 1 <= serial < 2958466:
        raise DateParseError(f"{serial!r}: not a date")
    return EXCEL_EPOCH + timedelta(days=int(serial))


def parse_uk_date(value: object) -> date:
    """Read a date day-first; raise :class:`DateParseError` with a plain reason."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise DateParseError(f"{value!r}: not a date")
    if isinstance(value, int | float):
        return from_excel_serial(value)
    text = str(value).replace("\u00a0", " ").strip()
    if not text:
        raise DateParseError("blank: not a date")
    if match := _NUMERIC.match(text):
        day, month, year = match.groups()
        return _make(_year(year), int(month), int(day), text)
    if match := _ISO.match(text):
        year, month, day = match.groups()
        return _make(int(year), int(month), int(day), text)
    if match := _WORDY.match(text):
        day, month_name, year = match.groups()
        month = MONTHS.get(month_name.lower())
        if month is None:
            raise DateParseError(f"{text!r}: not a date (unknown month {month_name!r})")
        return _make(_year(year), month, int(day), text)
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return from_excel_serial(float(text))
    raise DateParseError(f"{text!r}: {_NOT_A_DATE}")


def parse_optional_uk_date(value: object) -> date | None:
    """Like :func:`parse_uk_date`, but blank gives None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_uk_date(value)


def parse_date_input(text: object, today: date) -> date | None:
    """A date typed by an officer: anything :func:`parse_optional_uk_date` reads, or relative.

    "today", "tomorrow", "yesterday" and offsets from ``today`` ("+5wd" working days,
    "+2w" weeks, "-10d" days, "+1m" calendar months; spaces allowed, as "+ 5 wd") save
    counting on a calendar. ``today`` is passed in (the services' clock), never read here.
    Blank gives None; text that is no date at all says what is accepted.
    """
    if not isinstance(text, str):
        return parse_optional_uk_date(text)
    cleaned = text.replace("\u00a0", " ").strip()
    if not cleaned:
        return None
    if cleaned.lower() in RELATIVE_WORDS:
        return today + timedelta(days=RELATIVE_WORDS[cleaned.lower()])
    if match := _OFFSET.match(cleaned):
        sign, amount, unit = match.groups()
        return _offset(today, int(amount) * (-1 if sign == "-" else 1), unit.lower())
    try:
        return parse_uk_date(cleaned)
    except DateParseError as exc:
        if str(exc) != f"{cleaned!r}: {_NOT_A_DATE}":
            raise  # a real-looking date that is wrong ("30/02/2025: no such date") says so
        raise DateParseError(f"{cleaned!r} is not a date: {INPUT_HINT}") from None


def _offset(today: date, amount: int, unit: str) -> date:
    """``today`` moved by ``amount`` days (d), weeks (w), working days (wd) or months (m)."""
    # Imported here: deadlines brings in the database models, and ukdates is loaded by
    # the app's first screen, which must not wait for SQLAlchemy.
    from sgtui.services.deadlines import add_months, add_working_days

    if unit == "wd":
        return add_working_days(today, amount)
    if unit == "m":
        return add_months(today, amount)
    return today + timedelta(days=amount * (7 if unit == "w" else 1))


def format_uk(day: date | None) -> str:
    """dd/mm/yyyy, or "" for no date."""
    return day.strftime("%d/%m/%Y") if day else ""


WEEKDAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def format_uk_with_weekday(day: date) -> str:
    """The date as "Mon 25/12/2028": the weekday shows how a date moved (English in any locale)."""
    return f"{WEEKDAY_ABBREVIATIONS[day.weekday()]} {format_uk(day)}"
