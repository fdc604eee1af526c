"""CSV exports that Excel opens correctly in the UK and that cannot run formulas.

UTF-8 with a byte-order mark (without it Excel mangles £, é and curly quotes), dates as
ISO 8601 yyyy-mm-dd (a CSV carries no format, so a US-locale reader swaps the day and
month of 03/04/2025, while every reader takes 2025-04-03 the same way), percentages as "92.5%" (which Excel reads back as a number), and
dangerous text prefixed with an apostrophe. A cell holding a ``;`` or a tab is quoted as
well as one holding a comma, so LibreOffice in a semicolon locale (or a tab reader) sees
the same cells as Excel does, and an apostrophe stays at the start of its cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from sgtui.exporters.progress import RowProgress, size_of
from sgtui.exporters.safety import CSV_SEPARATORS, atomic_target, neutralise_csv
from sgtui.exporters.workbook import SheetColumn
from sgtui.services.progress import Progress

DATE_FORMAT = "%Y-%m-%d"
"""ISO 8601: the one date form every spreadsheet reads the same, whatever its locale."""
DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def csv_text(value: Any, kind: str = "text") -> str:
    """How one value is written to CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        from sgtui.clock import to_london

        shown = to_london(value) if value.tzinfo else value
        return shown.strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, int | float | Decimal):
        if kind == "percent":
            return f"{float(value) * 100:.1f}%"
        return f"{value:g}" if isinstance(value, float) else str(value)
    return neutralise_csv(str(value))


_NEEDS_QUOTES = re.compile("[" + re.escape("".join(CSV_SEPARATORS)) + '"\r\n]')
LINE_END = "\r\n"


def csv_line(cells: Sequence[str]) -> str:
    """One CSV line: cells quoted (RFC 4180) when they hold a quote, line break or separator.

    Python's csv module quotes only for its own delimiter, which leaves ``a;=1`` open to a
    semicolon reader.
    """
    if len(cells) == 1 and not cells[0]:
        return '""' + LINE_END  # a lone empty cell, as the csv module writes it
    return ",".join(_quoted(cell) for cell in cells) + LINE_END


def _quoted(cell: str) -> str:
    if _NEEDS_QUOTES.search(cell) is None:
        return cell
    return '"' + cell.replace('"', '""') + '"'


def write_csv(
    path: str | Path,
    columns: Sequence[SheetColumn],
    rows: Iterable[Sequence[Any]],
    *,
    force: bool = False,
    progress: Progress | None = None,
    total: int | None = None,
) -> int:
    """Write a header and rows atomically; return the number of data rows.

    ``progress`` hears (rows written, ``total``); ``total`` defaults to ``len(rows)``.
    """
    kinds = [c.kind for c in columns]
    tracker = RowProgress(size_of(rows) if total is None else total, progress)
    count = 0
    with (
        atomic_target(path, force=force) as temp,
        temp.open("w", encoding="utf-8-sig", newline="") as handle,
    ):
        handle.write(csv_line([neutralise_csv(c.header) for c in columns]))
        for row in tracker.counted(rows):
            handle.write(csv_line([csv_text(v, k) for v, k in zip(row, kinds, strict=False)]))
            count += 1
    tracker.finish()
    return count
