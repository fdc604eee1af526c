"""Steps known to be done whose date was never recorded.

A legacy workbook answers any dated step ("Contract sent", "S-CRT entered", "Date
submitted", "Minutes circulated") with a date or with a bare "Y" or a tick. sgtui keeps dates in date columns and never makes one up, so a "Y" sets the
step's flag instead: the step counts as done (the LES status moves on, the S-CRT panel
no longer lists it as missing) and screens and exports say "Yes (date not recorded)".
Recording a real date later clears the flag.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sgtui.services.ukdates import format_uk

STEPS: dict[str, tuple[str, ...]] = {
    "review": ("scrt_entered_on", "published_on"),
    "submission": ("submitted_on",),
    "meeting": ("minutes_circulated_on",),
    "action": ("completed_on",),
    "recommendation": ("completed_on",),
    "lesreturn": (
        "contract_sent_on",
        "contract_signed_on",
        "return_requested_on",
        "return_received_on",
        "validated_on",
        "named_gp_reviewed_on",
        "payment_authorised_on",
    ),
}
"""Table -> its dated steps: every "done on" column that may be known done without a date."""


def flag_of(column: str) -> str:
    """The flag beside a step's date column ("contract_sent_on" -> "contract_sent_undated")."""
    return column.removesuffix("_on") + "_undated"


FLAGS: dict[str, str] = {
    column: flag_of(column) for columns in STEPS.values() for column in columns
}
"""Date column -> the flag saying "done, date not recorded" (same rule on every table)."""
UNDATED_TEXT = "Yes (date not recorded)"
SHORT_TEXT = "Yes, undated"
"""The same in a narrow list column."""
EXPORTED_FLAG = "Y"
"""What an export writes in the date column of an undated step (it imports back as one)."""


def done(record: Any, column: str) -> bool:
    """True when the step has a date, or is flagged as done without one."""
    if getattr(record, column, None) is not None:
        return True
    flag = FLAGS.get(column)
    return bool(flag and getattr(record, flag, False))


def shown(record: Any, column: str) -> date | str | None:
    """The step's date, else the words for an undated step, else None."""
    value = getattr(record, column, None)
    if value is None and done(record, column):
        return UNDATED_TEXT
    return value


def exported(record: Any, column: str) -> date | str | None:
    """As :func:`shown`, but a bare "Y" so the file imports back the same."""
    value = shown(record, column)
    return EXPORTED_FLAG if value == UNDATED_TEXT else value


def settle(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with each flag cleared where its step is given a real date."""
    settled = dict(values)
    for column, flag in FLAGS.items():
        if settled.get(column) is not None:
            settled[flag] = False
    return settled


def cell_text(day: date | None, flag: bool | None, missing: str = "") -> str:
    """A step as a list cell from its two columns: dd/mm/yyyy, "Yes, undated" or ``missing``."""
    if day is not None:
        return format_uk(day)
    return SHORT_TEXT if flag else missing


def step_text(record: Any, column: str, missing: str = "—") -> str:
    """The step for a screen: its date dd/mm/yyyy, "Yes (date not recorded)", or ``missing``."""
    value = shown(record, column)
    if isinstance(value, date):
        return format_uk(value)
    return value or missing
