"""Cell normalisation: what a legacy workbook's cell *means*, whatever way it was typed.

Workbooks hold the same fact in many forms: a real date, an Excel serial, "03/04/24";
"Y", "✓", "yes", "x"; "N/A", "-", "TBC" or "?" for "we don't know"; codes in lower case
with trailing non-breaking spaces. Every reader here takes the raw cell value (as
python-calamine or the csv module gives it) and either returns the normalised value
or raises :class:`CellError` with a reason a BSO can act on.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache

from sgtui.services.ukdates import DateParseError, parse_uk_date

UNKNOWN_WORDS = frozenset(
    {"n/a", "na", "n.a.", "n.a", "-", "--", "tbc", "tbd", "?", "??", "unknown", "not known", "nk"}
)
"""Cell texts that mean "no value" rather than a value to check."""

YES_WORDS = frozenset({"y", "yes", "✓", "✔", "x", "true", "done", "1", "ticked"})
NO_WORDS = frozenset({"n", "no", "✗", "✘", "false", "0", "not done"})

MAX_CELL_CHARS = 10_000
"""Longer cell text is refused: no real field needs it, and it is how hostile files bloat."""


_SPACES = re.compile(r"\s+")


class CellError(ValueError):
    """A cell that cannot be read as its column's type; the message is the reason."""


class TooLong(str):
    """A cell whose text was over :data:`MAX_CELL_CHARS`; kept short, remembering its length."""

    length: int

    def __new__(cls, text: str) -> TooLong:
        obj = super().__new__(cls, text[:40])
        obj.length = len(text)
        return obj


def clean_text(value: object) -> str:
    """Text with NBSPs as spaces, runs of space collapsed, ends trimmed; "" for empty."""
    if type(value) is str:  # the common case first: this runs for every cell
        if "\u00a0" in value or "  " in value or "\n" in value or "\t" in value:
            value = _SPACES.sub(" ", value.replace("\u00a0", " "))
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, TooLong):
        raise CellError(f"text too long ({value.length:,} characters; limit {MAX_CELL_CHARS:,})")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return clean_text(str(value))


def is_unknown(text: str) -> bool:
    """True for blank and for the placeholders people type when they do not know."""
    return not text or text.lower() in UNKNOWN_WORDS


def read_text(value: object) -> str | None:
    """Free text, or None when blank or a placeholder."""
    text = clean_text(value)
    return None if is_unknown(text) else text


def read_code(value: object) -> str | None:
    """An identifier (ODS code, reference): upper case, no inner spaces."""
    text = read_text(value)
    return text.upper().replace(" ", "") if text else None


@lru_cache(maxsize=4096)
def _date_from_text(text: str) -> date:
    try:
        return parse_uk_date(text)
    except DateParseError as exc:
        raise CellError(_reason(str(exc))) from None


def _reason(message: str) -> str:
    """The reason part of a ukdates message ("'31/02/2024': no such date" -> "no such date")."""
    return message.split(": ", 1)[1] if ": " in message else message


def read_date(value: object) -> date | None:
    """A date read day-first from a real date, an Excel serial or UK text; None when unknown."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        try:
            return parse_uk_date(value)
        except DateParseError as exc:
            raise CellError(_reason(str(exc))) from None
    text = clean_text(value)
    if is_unknown(text):
        return None
    return _date_from_text(text)


def read_time(value: object) -> time | None:
    """A time of day from a real time, a day fraction, or "9:30" / "09.30" / "2pm"."""
    if isinstance(value, time):
        return value
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return time(minutes // 60, minutes % 60)
    text = clean_text(value).lower()
    if is_unknown(text):
        return None
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?(?::\d{2})?\s*(am|pm)?", text)
    if not match:
        raise CellError("not a time (use hh:mm)")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3) == "pm" and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        raise CellError("no such time")
    return time(hour, minute)


def read_yes_no(value: object) -> bool | None:
    """Yes/no from Y/N, ticks, crosses (a lone "x" is a mark, so yes), TRUE/FALSE."""
    if isinstance(value, bool):
        return value
    text = clean_text(value).lower()
    if is_unknown(text):
        return None
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    raise CellError("not yes or no (use Y or N)")


def read_number(value: object) -> float | None:
    """A number, allowing "1,234", "92%" (as 92) and "£1,200"."""
    if isinstance(value, bool):
        raise CellError("not a number")
    if isinstance(value, int | float):
        return float(value)
    text = clean_text(value)
    if is_unknown(text):
        return None
    try:
        return float(text.replace(",", "").replace("£", "").rstrip("%"))
    except ValueError:
        raise CellError("not a number") from None


def read_int(value: object) -> int | None:
    """A whole number (list sizes, counts)."""
    number = read_number(value)
    if number is None:
        return None
    if not number.is_integer():
        raise CellError("not a whole number")
    return int(number)


DONE_WORDS = frozenset(
    [
        "y",
        "yes",
        "✓",
        "✔",
        "x",
        "true",
        "done",
        "ticked",
        "tick",
        "sent",
        "received",
        "recd",
        "rcvd",
        "signed",
        "returned",
        "complete",
        "completed",
        "submitted",
        "entered",
        "circulated",
        "validated",
        "reviewed",
        "authorised",
        "authorized",
        "paid",
        "approved",
        "agreed",
        "actioned",
        "issued",
        "published",
        "held",
    ]
)
"""Words that mark a step done when its column holds no date ("Sent", "✓", "Y")."""
NOT_DONE_WORDS = frozenset(
    [
        "n",
        "no",
        "not",
        "✗",
        "✘",
        "false",
        "pending",
        "awaiting",
        "outstanding",
        "none",
        "nil",
        "chased",
        "overdue",
    ]
)
"""Words that say a step is not done yet ("No", "Awaiting", "Not yet")."""
_DATE_IN_TEXT = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}|\d{4}-\d{2}-\d{2}")


def read_step(value: object) -> tuple[date | None, bool | None]:
    """A dated step (contract sent, return received, S-CRT entered, ...): (date, done).

    One rule for every step column: a date means done on that date; a yes-mark ("Y",
    "✓", "x", "Sent", "Done") means done with the date not recorded; "N" or "No" means
    not done; blank or a placeholder is (None, None), which says nothing (an import never
    erases a stored step with it). A date inside words ("Sent 03/04/24") is that date. An
    impossible date, or words that are neither, are a :class:`CellError`.
    """
    if isinstance(value, bool):
        return None, value
    if isinstance(value, int | float) and value in (0, 1):
        return None, bool(value)  # a 1/0 tick column, never an Excel serial of 1900
    if not isinstance(value, str):
        day = read_date(value)
        return day, (True if day is not None else None)
    text = clean_text(value)
    if is_unknown(text):
        return None, None  # blank says nothing: a stored step is left as it is
    lowered = text.lower()
    if lowered in DONE_WORDS:
        return None, True
    if lowered in NO_WORDS:
        return None, False
    found = _DATE_IN_TEXT.search(text)
    if found and (found.group(0) == text or not set(_words(lowered)) & NOT_DONE_WORDS):
        day = _date_from_text(found.group(0).replace(" ", ""))
        return day, True
    try:
        return _date_from_text(text), True
    except CellError:
        marks = set(_words(lowered))
        if marks & NOT_DONE_WORDS:
            return None, False
        if marks & DONE_WORDS:
            return None, True
        raise CellError("not a date, Y or N (use a date, or Y when done)") from None


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z✓✔✗✘]+", text)


def display_value(value: object, limit: int = 40) -> str:
    """A cell's value as the user typed it, shortened for one-line messages."""
    if isinstance(value, TooLong):
        return str(value)[:20] + "…"
    text = clean_text(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[: limit - 1] + "…"
