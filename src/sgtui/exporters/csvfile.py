"""CSV exports that Excel opens correctly in the UK and that cannot run formulas.

UTF-8 with a byte-order mark (without it Excel mangles £, é and curly quotes), dates as
dd/mm/yyyy, percentages as "92.5%" (which Excel reads back as a number), and
dangerous text prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from sgtui.exporters.progress import Progress, RowProgress, size_of
from sgtui.exporters.safety import atomic_target, neutralise_csv
from sgtui.exporters.workbook import Column


def csv_text(value: Any, kind: str = "text") -> str:
    """How one value is written to CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        from sgtui.clock import to_london

        shown = to_london(value) if value.tzinfo else value
        return shown.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, int | float | Decimal):
        if kind == "percent":
            return f"{float(value) * 100:.1f}%"
        return f"{value:g}" if isinstance(value, float) else str(value)
    return neutralise_csv(str(value))


def write_csv(
    path: str | Path,
    columns: Sequence[Column],
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
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([neutralise_csv(c.header) for c in columns])
        for row in tracker.counted(rows):
            writer.writerow([csv_text(v, k) for v, k in zip(row, kinds, strict=False)])
            count += 1
    tracker.finish()
    return count
