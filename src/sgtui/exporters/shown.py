"""Turn a screen's cell texts back into dates, numbers and percentages for a workbook.

"Export what I see" gets the list exactly as the app shows it: every cell is text
("03/03/2025", "2", "95%"). Written as text, a spreadsheet cannot sort, sum or filter
the dates and counts. Each column is given the one kind at least half its cells read as;
the cells that do not (a "Yes, undated" among the dates) stay as the text shown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from sgtui.exporters.workbook import SheetColumn

_UK_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
_INT = re.compile(r"-?(0|[1-9]\d{0,2}(,\d{3})*|[1-9]\d*)")
_NUMBER = re.compile(r"-?(0|[1-9]\d*)\.\d+")
_PERCENT = re.compile(r"(-?\d+(\.\d+)?) ?%")


def read_cell(text: str) -> tuple[str, Any] | None:
    """(kind, value) the shown text stands for, or None when it is plain text.

    Only exact shapes count, so an ODS code, a phone number with its leading zero or
    a reference like "12-A" stays text.
    """
    text = text.strip()
    if match := _UK_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        try:
            return "date", date(year, month, day)
        except ValueError:
            return None
    if _INT.fullmatch(text):
        return "int", int(text.replace(",", ""))
    if _NUMBER.fullmatch(text):
        return "number", float(text)
    if match := _PERCENT.fullmatch(text):
        return "percent", float(match.group(1)) / 100
    return None


def column_kind(texts: Sequence[str]) -> str:
    """The kind at least half the column's non-blank cells read as (else "text")."""
    filled = [t for t in texts if t.strip()]
    kinds = Counter(read[0] for t in filled if (read := read_cell(t)) is not None)
    if "number" in kinds:  # whole numbers among decimals: one number column
        kinds["number"] += kinds.pop("int", 0)
    if not kinds:
        return "text"
    kind, count = kinds.most_common(1)[0]
    return kind if count * 2 >= len(filled) else "text"


def typed_table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]]
) -> tuple[list[SheetColumn], list[list[Any]]]:
    """Columns with their kinds, and the rows with each cell of a column's kind converted.

    A blank cell becomes an empty cell, not an empty string.
    """
    kinds = [
        column_kind([_text(row[i]) for row in rows if i < len(row)]) for i in range(len(headers))
    ]
    columns = [SheetColumn(str(header), kind) for header, kind in zip(headers, kinds, strict=True)]
    typed = [[_typed(value, kinds[i]) for i, value in enumerate(row)] for row in rows]
    return columns, typed


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _typed(value: Any, kind: str) -> Any:
    """The cell's value in the column's kind, or as it was when it reads otherwise."""
    if not isinstance(value, str):
        return value
    if not value.strip():
        return None
    read = read_cell(value)
    if read is None:
        return value
    if read[0] == "int" and kind == "number":
        return float(read[1])
    return read[1] if read[0] == kind else value
