"""Progress for exports: (rows written, rows in total), as the importer reports it.

The Export screen feeds its bar from these calls, across a thread, so they are told
every :data:`REPORT_EVERY` rows rather than per row, and once more when the file is
saved. With no callback the rows pass straight through: the CLI pays nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sized
from typing import TypeVar

from sgtui.services.progress import Progress

REPORT_EVERY = 500
"""Rows between calls: often enough for a smooth bar, rare enough to cost nothing."""

T = TypeVar("T")


def size_of(rows: object) -> int | None:
    """How many rows a list holds; None for a stream, whose length is not known first."""
    return len(rows) if isinstance(rows, Sized) else None


class RowProgress:
    """Counts the data rows of one export, over every sheet, and tells the caller.

    ``total`` is the exact number of data rows the file will hold (header rows and
    blank spacer rows are not counted). When it is None (a streamed list nobody
    counted), nothing is told until :meth:`finish`, which reports (rows, rows).
    """

    def __init__(self, total: int | None, progress: Progress | None) -> None:
        self.total = total
        self.progress = progress
        self.done = 0

    def counted(self, rows: Iterable[T]) -> Iterable[T]:
        """``rows`` as they are written; counted only when somebody is listening."""
        if self.progress is None:
            return rows
        return self._counting(rows, self.progress)

    def _counting(self, rows: Iterable[T], progress: Progress) -> Iterator[T]:
        total = self.total
        for row in rows:
            yield row  # the caller writes it before asking for the next one
            self.done += 1
            if total is not None and self.done % REPORT_EVERY == 0:
                progress(min(self.done, total), total)

    def finish(self) -> None:
        """The last call, once the file is saved: every row written."""
        if self.progress is not None:
            self.progress(self.done, self.done)
