"""The state of one import between reading and writing: the rows staged from each sheet.

The pipeline fills these and the writer, the rejects workbook, the criteria and the
people linker read them; they live here, apart from the pipeline that drives the work,
so those modules import their types from below rather than back from the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sgtui.importers.detect import Detection
from sgtui.importers.mapping import Mapping
from sgtui.importers.reader import SheetSource
from sgtui.importers.report import ImportReport, RowError, SheetReport
from sgtui.services.context import Services
from sgtui.services.progress import Progress

MAX_LISTED_ERRORS = 1000


@dataclass(slots=True)
class StagedRow:
    """One valid row: the record values, where it came from, and (after writing) its keys."""

    report: SheetReport
    row: int
    record: dict[str, Any]
    source: str
    cells: list[Any] = field(default_factory=list)
    keys: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    unmapped: tuple[tuple[int, str], ...] = ()
    """(column index, text) of each coded value in the row that matched nothing."""


@dataclass
class SheetWork:
    """A detected sheet and everything found in it."""

    path: Path
    source: SheetSource
    detection: Detection
    report: SheetReport
    staged: list[StagedRow] = field(default_factory=list)
    rejects: list[tuple[int, list[Any], str]] = field(default_factory=list)
    scheme_year: str | None = None
    not_completed: int = 0
    """Training rows that record a course not (yet) completed: reported, not imported."""
    outside: dict[str, int] = field(default_factory=dict)
    """Course title -> training rows for courses outside the catalogue (reported, not imported)."""


@dataclass
class ImportRun:
    """State shared by the steps of one import."""

    svc: Services
    mapping: Mapping
    report: ImportReport
    progress: Progress | None
    work: list[SheetWork] = field(default_factory=list)
    done: int = 0
    total: int = 0
    write_scale: float = 1.0
    """Progress units per row written (the second half of the bar spans the rows written)."""
    read_versions: dict[str, dict[int, int]] = field(default_factory=dict)
    """From the dry run this commit follows: table -> id -> the version it read."""

    def tick(self, rows: int = 1) -> None:
        """Count rows done; tell the caller every thousand rows read and at each write step."""
        before = self.done
        self.done += rows
        step = rows != 1 or self.done // 1000 != before // 1000 or self.done >= self.total
        if self.progress and step:
            self.progress(min(self.done, self.total), self.total)

    def error(self, err: RowError) -> None:
        """Record a problem (only the first thousand are listed)."""
        if len(self.report.errors) < MAX_LISTED_ERRORS:
            self.report.errors.append(err)
