"""The rejects workbook: the rows ``--skip-invalid`` left out, with the reason for each.

Saved beside the source as ``<name>-rejects.xlsx`` (owner-only: the rows may hold
personal data), one sheet per source sheet, the source's header row first and a
"Reason" column last, so the BSO can fix the rows there and import that file.
"""

from __future__ import annotations

import contextlib
import os
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sgtui.filecheck import os_error_reason
from sgtui.importers.cells import TooLong
from sgtui.paths import open_private_file

if TYPE_CHECKING:
    from sgtui.importers.staging import SheetWork

REASON_HEADER = "Reason"


def rejects_path(source: Path) -> Path:
    """Where the rejects of ``source`` go: beside it, always .xlsx."""
    return source.with_name(f"{source.stem}-rejects.xlsx")


class RejectsNotSaved(Exception):
    """A rejects workbook could not be written, with a one-line reason."""


def save_rejects(works: list[SheetWork]) -> list[str]:
    """Write one rejects workbook per source file that had rejected rows; return their paths.

    The import commits only once these exist (a row left out must never be lost), so a
    failure removes what was written and raises :class:`RejectsNotSaved`.
    """
    by_file: dict[Path, list[SheetWork]] = defaultdict(list)
    for work in works:
        if work.rejects:
            by_file[work.path].append(work)
    written: list[str] = []
    for path, sheets in by_file.items():
        try:
            written.append(str(_write(path, sheets)))
        except OSError as exc:
            discard_rejects(written)
            raise RejectsNotSaved(
                f"cannot save the rejected rows to {rejects_path(path).name} "
                f"({os_error_reason(exc)}), so nothing was imported"
            ) from None
    return written


def discard_rejects(files: list[str]) -> None:
    """Remove rejects workbooks of an import that did not commit after all."""
    for name in files:
        with contextlib.suppress(OSError):
            Path(name).unlink()


def _write(source: Path, works: list[SheetWork]) -> Path:
    """Save to a temporary file created owner-only (the rows hold names), then rename it."""
    book = _book(works)
    target = rejects_path(source)
    temporary = target.with_suffix(".tmp")
    try:
        with open_private_file(temporary) as handle:
            book.save(handle)
            # On disk before the import commits; a full disk may only say so here.
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()  # a partial file would hold names, and look like a result
        raise
    return target


def _book(works: list[SheetWork]) -> Any:
    """The rejects workbook: each source sheet's header row, its rejected rows, the reason."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for work in works:
        sheet = book.create_sheet(_sheet_title(work.source.name))
        sheet.append(["Row", *work.detection.headers, REASON_HEADER])
        for row_number, cells, reason in work.rejects:
            padded = list(cells) + [""] * (len(work.detection.headers) - len(cells))
            sheet.append([row_number, *(_cell(c) for c in padded), reason])
    return book


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
