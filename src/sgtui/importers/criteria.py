"""LES criteria from a return sheet's extra columns: code, question and answer type.

A legacy LES sheet has one column per criterion, titled "C3 Level 3 training %" or just
"Named lead in place?". The code is taken from the title when it starts with one
("C3", "Q3", "3.") and otherwise numbered by position; the answer type is what every
answer in the column reads as (yes/no, number, percent, date), else text.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from sgtui.importers.detect import CRITERION

if TYPE_CHECKING:
    from sgtui.importers.staging import SheetWork

_CODE = re.compile(r"^\s*(?:([A-Za-z])\s*)?(\d{1,2})(?:\.(\d{1,2}))?[\s:.)\-]+(.+)$")


def split_title(title: str, position: int) -> tuple[str, str]:
    """(code, question): "C3 Level 3 %" -> ("C03", "Level 3 %"); untitled -> ("C05", title)."""
    match = _CODE.match(title)
    if not match:
        return f"C{position:02d}", title
    letter, major, minor, rest = match.groups()
    code = f"{(letter or 'C').upper()}{int(major):02d}" + (f".{minor}" if minor else "")
    return code, rest.strip()


def answer_type(header: str, answers: list[str]) -> str:
    """The type every answer in the column fits, judged from the stored text."""
    if not answers:
        return "yes_no"
    if all(a in ("yes", "no") for a in answers):
        return "yes_no"
    if all(_is_number(a) for a in answers):
        return "percent" if "%" in header or "percent" in header.lower() else "number"
    if all(_is_iso_date(a) for a in answers):
        return "date"
    return "text"


def _is_number(text: str) -> bool:
    return re.fullmatch(r"-?\d+(\.\d+)?%?", text) is not None


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def criterion_rows(work: SheetWork, scheme_id: int, source: str) -> dict[str, dict[str, Any]]:
    """Header -> the LesCriterion row for each criterion column of an LES sheet."""
    headers = [
        work.detection.headers[i]
        for i, f in sorted(work.detection.columns.items())
        if f == CRITERION
    ]
    rows: dict[str, dict[str, Any]] = {}
    for position, header in enumerate(headers, start=1):
        code, question = split_title(header, position)
        answers = [
            s.record["answers"][header] for s in work.staged if header in s.record["answers"]
        ]
        rows[header] = {
            "scheme_id": scheme_id,
            "code": code,
            "question": question,
            "answer_type": answer_type(header, answers),
            "position": position,
            "source": source,
        }
    return rows
