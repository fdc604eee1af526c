"""The words legacy workbooks use for coded values, mapped to sgtui's codes.

Each table maps normalised cell text to a code; :func:`lookup` applies a team's value
map first (from the mapping file), then the table, and fails with the allowed words.
"""

from __future__ import annotations

import re

from sgtui.importers.cells import CellError
from sgtui.services.catalogues import REVIEW_TYPES
from sgtui.services.reference import normalise
from sgtui.services.reviews import review_type_code

MEETING_STATUS = {
    "planned": "planned",
    "scheduled": "planned",
    "booked": "planned",
    "confirmed": "planned",
    "invite sent": "planned",
    "invites sent": "planned",
    "papers circulated": "planned",
    "held": "held",
    "took place": "held",
    "done": "held",
    "complete": "held",
    "completed": "held",
    "minuted": "held",
    "minutes circulated": "held",
    "minutes drafted": "held",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "postponed": "cancelled",
    "rescheduled": "cancelled",
}
ACTION_STATUS = {
    "open": "open",
    "new": "open",
    "not started": "open",
    "outstanding": "open",
    "in progress": "in_progress",
    "ongoing": "in_progress",
    "on going": "in_progress",
    "underway": "in_progress",
    "started": "in_progress",
    "on track": "in_progress",
    "complete": "complete",
    "completed": "complete",
    "done": "complete",
    "closed": "closed",
    "superseded": "closed",
    "carried forward": "carried_forward",
    "c f": "carried_forward",
    "cf": "carried_forward",
}
REVIEW_STAGE = {
    "notified": "notified",
    "new": "notified",
    "open": "notified",
    "scoping": "rapid_review",
    "rapid review": "rapid_review",
    "rr": "rapid_review",
    "decision": "decision",
    "awaiting decision": "decision",
    "commissioned": "commissioned",
    "tor": "commissioned",
    "information gathering": "information_gathering",
    "chronology": "information_gathering",
    "imr": "information_gathering",
    "panel": "panel",
    "practitioner event": "panel",
    "draft": "draft_report",
    "draft report": "draft_report",
    "sign off": "sign_off",
    "signed off": "sign_off",
    "awaiting qa": "awaiting_qa",
    "qa": "awaiting_qa",
    "home office": "awaiting_qa",
    "with home office": "awaiting_qa",
    "published": "published",
    "embargoed": "published",
    "action plan": "action_plan",
    "monitoring": "action_plan",
    "closed": "closed",
    "complete": "closed",
    "completed": "closed",
    "no review": "no_review",
    "nfa": "no_review",
    "not progressed": "no_review",
}
SUBMISSION_KIND = {
    "chronology": "chronology",
    "chron": "chronology",
    "imr": "imr",
    "agency report": "imr",
    "individual management review": "imr",
    "reflective report": "imr",
    "information": "information",
    "info": "information",
    "information report": "information",
    "information return": "information",
    "agency summary": "information",
    "summary": "information",
    "scoping": "information",
    "rr return": "rr_return",
    "rapid review return": "rr_return",
    "panel": "panel_comments",
    "comments": "panel_comments",
    "draft comments": "panel_comments",
    "other": "other",
}
RAG = {
    "r": "red",
    "red": "red",
    "a": "amber",
    "amber": "amber",
    "g": "green",
    "green": "green",
    "b": "blue",
    "blue": "blue",
    "complete": "blue",
    "completed": "blue",
}


def lookup(text: str, table: dict[str, str], what: str, extra: dict[str, str]) -> str:
    """The code for ``text`` (team value map first); :class:`CellError` naming the choices."""
    key = normalise(text)
    mapped = extra.get(" ".join(text.lower().split()))
    if mapped is not None:
        key = normalise(mapped)
        if mapped in table.values():
            return mapped
    if key in table:
        return table[key]
    choices = ", ".join(dict.fromkeys(v.replace("_", " ") for v in table.values()))
    raise CellError(f"unknown {what} (use {choices})")


def review_type(text: str, extra: dict[str, str]) -> str:
    """RR, CSPR, LCSPR, DHR, SAR, OWHR or OTHER from a code or a name written in full."""
    text = extra.get(" ".join(text.lower().split()), text)
    try:
        return review_type_code(text)
    except ValueError:
        raise CellError(f"unknown review type (use one of {', '.join(REVIEW_TYPES)})") from None


def submission_kinds(text: str, extra: dict[str, str]) -> list[str]:
    """Submission kinds named in an "ICB request" cell ("Chronology & IMR" gives two)."""
    kinds: list[str] = []
    for part in re.split(r"\s*(?:&|\+|,|;|/|\band\b)\s*", text):
        if part.strip():
            kind = lookup(part, SUBMISSION_KIND, "ICB request", extra)
            if kind not in kinds:
                kinds.append(kind)
    return kinds
