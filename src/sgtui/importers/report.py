"""The import report: what was found, what would be or was written, and every problem.

One object serves the CLI's Rich table, its ``--json`` output and the TUI Import screen,
so all three always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from sgtui.services.conflicts import FieldClash
from sgtui.services.ukdates import format_uk


@dataclass(frozen=True)
class RowError:
    """One problem with one cell (or row), located the way Excel shows it."""

    sheet: str
    row: int | None
    column: str | None
    header: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        """``Reviews!F17 (Due date) "31/02/2024": no such date``."""
        where = self.sheet
        if self.row is not None:
            where += f"!{self.column or ''}{self.row}"
        if self.header:
            where += f" ({self.header})"
        if self.value:
            where += f' "{self.value}"'
        return f"{where}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        """The JSON shape the CLI prints."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "value": self.value,
            "message": self.message,
        }


@dataclass(frozen=True)
class Change:
    """One field an import would change (or did), shown to the officer as a diff.

    ``record`` reads like "practice G85006"; ``old`` and ``new`` are the values as an
    officer knows them (a borough's name, not its id). ``held`` marks master data (a
    practice's name or borough, a person's organisation) left as it was because the
    officer has not accepted the change. ``kind`` is the table, ``key`` the natural key.
    """

    record: str
    field: str
    old: Any
    new: Any
    kind: str
    key: tuple[Any, ...]
    held: bool = False

    def __str__(self) -> str:
        """``practice G85006 borough: Southwark → Lambeth``."""
        return f"{self.record} {self.field}: {shown(self.old)} → {shown(self.new)}"

    def as_json(self) -> dict[str, Any]:
        """The JSON shape the CLI prints (dates as ISO 8601)."""
        return {
            "record": self.record,
            "field": self.field,
            "old": _jsonable(self.old),
            "new": _jsonable(self.new),
            "held": self.held,
        }


@dataclass(frozen=True)
class Conflict:
    """A record a colleague saved after the import read it: left as they saved it.

    One per field where the colleague's value and the workbook's disagree, worded as the
    forms word a clash (:class:`~sgtui.services.conflicts.FieldClash`): the field's label,
    "theirs" (as now stored) and "yours" (the workbook's), as an officer reads them.
    """

    record: str
    clash: FieldClash

    def __str__(self) -> str:
        """``practice G85006 Postcode: theirs SW2 7CC, workbook SW2 9ZZ``."""
        clash = self.clash
        return f"{self.record} {clash.label}: theirs {clash.theirs}, workbook {clash.yours}"

    def as_json(self) -> dict[str, Any]:
        """The JSON shape the CLI prints under ``"conflicts"``."""
        clash = self.clash
        return {
            "record": self.record,
            "field": clash.label,
            "theirs": clash.theirs,
            "workbook": clash.yours,
        }


def shown(value: Any) -> str:
    """A value as an officer reads it: UK dates, "(blank)" for nothing."""
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, date):
        return format_uk(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | time) else value


@dataclass
class UnmappedColumn:
    """The distinct values of one coded column that matched no catalogue entry.

    The import kept each as written (beside an "unmapped" code); the officer maps each
    once in the mapping file's ``[values.<field>]`` and imports again.
    """

    sheet: str
    column: str
    """The column letter, as Excel shows it."""
    header: str
    field: str
    values: dict[str, int]
    """Each text as written -> how many valid rows hold it."""
    kind: str = ""
    """The sheet's kind ("actions"): with ``field``, which catalogue the values belong to
    (see :func:`sgtui.importers.codes.choices`). Not in the JSON."""

    def as_json(self) -> dict[str, Any]:
        """The JSON shape the CLI prints."""
        return {
            "sheet": self.sheet,
            "column": self.column,
            "header": self.header,
            "field": self.field,
            "values": dict(self.values),
        }


@dataclass
class SheetReport:
    """One sheet: its kind (or why it was skipped), header row, column mapping and counts."""

    file: str
    sheet: str
    kind: str | None = None
    skipped: str | None = None
    """Why the sheet holds no records: dashboard, lookups, instructions, empty, ..."""
    header_row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)
    """Column letter -> "Header -> field" (or "-> ignored")."""
    mapping: dict[str, str | None] = field(default_factory=dict)
    """Header text -> field name (None when the column is not imported)."""
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    held: int = 0
    """Rows held back because their person is ambiguous (see :class:`PersonChoice`)."""

    def as_json(self) -> dict[str, Any]:
        """The JSON shape the CLI prints."""
        return {
            "file": self.file,
            "sheet": self.sheet,
            "kind": self.kind or "skipped",
            "skipped": self.skipped,
            "header_row": self.header_row,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "held": self.held,
        }


def people_mapping_key(name: str, organisation: str | None) -> str:
    """The ``[people]`` mapping key of a name as written: "name|organisation", compared
    normalised (case, spaces and punctuation do not matter)."""
    from sgtui.services.reference import normalise

    return f"{normalise(name)}|{normalise(organisation or '')}"


@dataclass
class PersonChoice:
    """A name in a training sheet that could be any of several people: the officer chooses.

    ``candidates`` are (person key, label) pairs, e.g. ("sam patel|g85001", "Sam Patel,
    Practice nurse, G85001 Dr Smith & Partners"). The choice is saved in the mapping
    file's ``[people]`` section under :attr:`mapping_key`: a person key, or ``"new"``.
    Until then the name's rows are held back (not written); ``rows`` counts them.
    """

    sheet: str
    row: int
    """The first row that names this person this way."""
    name: str
    organisation: str
    candidates: list[tuple[str, str]]
    rows: int = 1

    @property
    def mapping_key(self) -> str:
        """ "Sam Patel|Lambeth": the ``[people]`` key for this name and organisation."""
        return f"{self.name}|{self.organisation}"

    def as_json(self) -> dict[str, Any]:
        """The JSON shape the CLI prints."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "name": self.name,
            "organisation": self.organisation,
            "mapping_key": self.mapping_key,
            "rows": self.rows,
            "candidates": [{"key": key, "label": label} for key, label in self.candidates],
        }


@dataclass
class ImportReport:
    """The whole import: per-sheet reports, errors, warnings, and whether it was committed."""

    sheets: list[SheetReport] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    unmapped: list[UnmappedColumn] = field(default_factory=list)
    """Coded values kept as written because they matched nothing, per column."""
    people: list[PersonChoice] = field(default_factory=list)
    """Names the import could not tell apart; their rows are held back until chosen."""
    people_mapping: dict[str, str] = field(default_factory=dict)
    """The mapping file's ``[people]`` entries this import used (kept by the mapping document)."""
    committed: bool = False
    dry_run: bool = False
    fatal: str | None = None
    """A whole-file problem (not a workbook, password, zip bomb ...): nothing was read."""
    backup: str | None = None
    rejects_files: list[str] = field(default_factory=list)
    import_number: int | None = None
    """The committed import's number (its history entry), by which it can be undone."""
    changes: list[Change] = field(default_factory=list)
    """Every field the import changes in a stored record (``held``: left until accepted)."""
    conflicts: list[Conflict] = field(default_factory=list)
    """Fields of records a colleague saved after the import read them (not overwritten)."""
    busy: bool = False
    """True when another import (or save) held the database too long: nothing written."""
    read_versions: dict[str, dict[int, int]] = field(default_factory=dict)
    """A dry run's table -> id -> version of each stored record it found different (listed
    under :attr:`changes`). Passed to the commit of the same files, so a record saved after
    the officer reviewed this list is a conflict, not overwritten. Not in the JSON."""

    @property
    def held(self) -> list[Change]:
        """The master-data changes left unwritten until the officer accepts them."""
        return [c for c in self.changes if c.held]

    @property
    def ok(self) -> bool:
        """True when nothing stopped the import (rejected rows with --skip-invalid are fine)."""
        return self.fatal is None and (self.committed or (self.dry_run and not self.errors))

    def totals(self) -> dict[str, int]:
        """Inserted/updated/unchanged/rejected summed over sheets."""
        keys = ("inserted", "updated", "unchanged", "rejected")
        return {k: sum(getattr(s, k) for s in self.sheets) for k in keys}

    def as_json(self, *, with_mapping: bool = False) -> dict[str, Any]:
        """``{"committed", "sheets", "errors"}`` as the issue specifies, plus extras."""
        payload: dict[str, Any] = {
            "committed": self.committed,
            "sheets": [s.as_json() for s in self.sheets],
            "errors": [e.as_json() for e in self.errors],
            "warnings": [e.as_json() for e in self.warnings],
            "unmapped": [u.as_json() for u in self.unmapped],
            "people": [p.as_json() for p in self.people],
        }
        payload["changes"] = [c.as_json() for c in self.changes]
        payload["conflicts"] = [c.as_json() for c in self.conflicts]
        if self.fatal:
            payload["fatal"] = self.fatal
        if self.rejects_files:
            payload["rejects"] = self.rejects_files
        if self.import_number is not None:
            payload["import"] = self.import_number
        if with_mapping:
            payload["mapping"] = mapping_document(self)
        return payload


def mapping_document(report: ImportReport) -> dict[str, Any]:
    """The mapping the import used, in the mapping file's shape, to start a file from."""
    kinds: dict[str, str] = {}
    headers: dict[str, dict[str, str]] = {}
    for sheet in report.sheets:
        if sheet.kind:
            kinds[sheet.sheet] = sheet.kind
            for header, target in sheet.mapping.items():
                if target:
                    headers.setdefault(sheet.kind, {})[header] = target
        elif sheet.skipped:
            kinds[sheet.sheet] = "skip"
    document: dict[str, Any] = {"sheets": kinds, "headers": headers}
    if report.people_mapping:
        document["people"] = dict(report.people_mapping)
    return document
