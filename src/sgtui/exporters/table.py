"""Export any table (a report list, or what the TUI shows) to .xlsx or .csv by extension.

Textual-free on purpose: the TUI's "export what I see" hands its columns and rows to
:func:`export_table` in a worker thread; the CLI reports use the same path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sgtui.exporters.csvfile import write_csv
from sgtui.exporters.progress import size_of
from sgtui.exporters.safety import ExportError, check_target
from sgtui.exporters.shown import typed_table
from sgtui.exporters.workbook import SheetColumn, WorkbookBuilder, as_columns
from sgtui.services.progress import Progress

SUPPORTED = (".xlsx", ".csv")


def file_kind(path: str | Path) -> str:
    """ "xlsx" or "csv" from the file name; anything else is an :class:`ExportError`."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUPPORTED:
        raise ExportError(f"{Path(path).name}: export to a .xlsx or .csv file")
    return suffix[1:]


def export_table(
    columns: Sequence[SheetColumn | str],
    rows: Iterable[Sequence[Any]],
    path: str | Path,
    *,
    title: str,
    author: str = "sgtui",
    created: datetime,
    sheet_name: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
    total: int | None = None,
) -> Path:
    """Write one table to ``path`` (.xlsx or .csv) with every safety and formatting rule.

    ``columns`` may be :class:`SheetColumn` objects or bare header strings; dates and numbers
    in ``rows`` are written as real dates and numbers either way. Bare headers mean a
    screen's table: its cell texts are read back into dates, numbers and percentages
    (:mod:`~sgtui.exporters.shown`). ``progress`` hears (rows written, ``total``);
    ``total`` defaults to ``len(rows)``, so pass it for a stream whose length you know.
    """
    kind = file_kind(path)
    check_target(path, force=force)
    if all(isinstance(c, str) for c in columns) and isinstance(rows, Sequence):
        cols, rows = typed_table([str(c) for c in columns], rows)
    else:
        cols = as_columns(columns)
    total = size_of(rows) if total is None else total
    if kind == "csv":
        write_csv(path, cols, rows, force=force, progress=progress, total=total)
        return Path(path)
    builder = WorkbookBuilder(
        title=title, author=author, created=created, progress=progress, total=total
    )
    builder.table(sheet_name or _sheet_name(title), cols, rows, title=title)
    return builder.save(path, force=force)


def _sheet_name(title: str) -> str:
    """A legal sheet name from a title: no []:*?/\\ and at most 31 characters."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "Export")[:31]
