"""The rejects workbook: the rows ``--skip-invalid`` left out, with the reason for each.

Saved beside the source as ``<name>-rejects.xlsx`` (owner-only: the rows may hold
personal data), one sheet per source sheet, the source's header row first and a
"Reason" column last, so the BSO can fix the rows there and import that file.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sgtui.importers.cells import TooLong
from sgtui.paths import restrict_to_owner

if TYPE_CHECKING:
    from sgtui.importers.pipeline import SheetWork

REASON_HEADER = "Reason"


def rejects_path(source: Path) -> Path:
    """Where the rejects of ``source`` go: beside it, always .xlsx."""
    return source.with_name(f"{source.stem}-rejects.xlsx")


def save_rejects(works: list[SheetWork]) -> list[str]:
    """Write one rejects workbook per source file that had rejected rows; return their paths."""
    by_file: dict[Path, list[SheetWork]] = defaultdict(list)
    for work in works:
        if work.rejects:
            by_file[work.path].append(work)
    return [str(_write(path, sheets)) for path, sheets in by_file.items()]


def _write(source: Path, works: list[SheetWork]) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for work in works:
        sheet = book.create_sheet(_sheet_title(work.source.name))
        sheet.append(["Row", *work.detection.headers, REASON_HEADER])
        for row_number, cells, reason in work.rejects:
            padded = list(cells) + [""] * (len(work.detection.headers) - len(cells))
            sheet.append([row_number, *(_cell(c) for c in padded), reason])
    target = rejects_path(source)
    temporary = target.with_suffix(".tmp")
    book.save(temporary)
    restrict_to_owner(temporary)
    temporary.replace(target)
    return target


def _sheet_title(name: str) -> str:
    for bad in "[]:*?/\\":
        name = name.replace(bad, " ")
    return name[:31] or "Sheet"


def _cell(value: Any) -> Any:
    """Values as written; an over-long cell becomes its first characters and a note."""
    if isinstance(value, TooLong):
        return f"{str(value)[:20]}… ({value.length:,} characters)"
    if isinstance(value, str) and value.startswith("="):
        return "'" + value  # never let a rejected cell become a live formula
    return value
