"""What an import changes in stored records, as diffs an officer can read.

The bulk writer knows each change by table, natural key and column
(``practice ("G85006",) borough_id: 6 -> 4``); an officer knows it as
``practice G85006 borough: Southwark → Lambeth``. This turns the one into the other,
reading the few rows the labels need (the changed records and what they refer to) in
batches, so a re-import that changes thousands of rows stays quick.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from sgtui.importers.report import Change, Conflict, shown
from sgtui.services.bulk import BulkResult
from sgtui.services.conflicts import FieldClash

NOUNS = {
    "lesscheme": "LES scheme",
    "lescriterion": "LES criterion",
    "lesreturn": "LES return",
    "lesanswer": "LES answer",
    "reviewtheme": "review theme",
    "trainingrecord": "training record",
}
"""How a record kind reads in a change (others read as their table name)."""
LABEL_COLUMNS = ("ods_code", "ref", "name", "title", "year", "code", "key")
"""The column that names a row, first found wins (a practice by ODS code, a person by name)."""
CHUNK = 500


def describe_changes(conn: sa.Connection, results: dict[str, BulkResult]) -> list[Change]:
    """Every written and held-back change in ``results``, record by record."""
    labels = _Labels(conn)
    wanted = {
        table: [result.ids[key] for key in {**result.changes, **result.held}]
        for table, result in results.items()
        if result.changes or result.held
    }
    for table, ids in wanted.items():
        labels.prefetch(table, ids)
    changes: list[Change] = []
    for table, result in results.items():
        for held, found in ((True, result.held), (False, result.changes)):
            for key, pairs in found.items():
                record = f"{NOUNS.get(table, table)} {labels.name(table, result.ids[key])}"
                for column, (old, new) in sorted(pairs.items()):
                    changes.append(
                        Change(
                            record,
                            _field_name(column),
                            labels.value(table, column, old),
                            labels.value(table, column, new),
                            table,
                            key,
                            held,
                        )
                    )
    return changes


def describe_conflicts(conn: sa.Connection, results: dict[str, BulkResult]) -> list[Conflict]:
    """Every record left as a colleague saved it, field by field: theirs vs the workbook's."""
    labels = _Labels(conn)
    conflicts: list[Conflict] = []
    for table, result in results.items():
        if not result.conflicts:
            continue
        labels.prefetch(table, [result.ids[key] for key in result.conflicts])
        for key, pairs in result.conflicts.items():
            record_id = result.ids[key]
            # A record deleted meanwhile has no row to name it by: its natural key does.
            name = labels.name(table, record_id) if labels.row(table, record_id) else None
            record = f"{NOUNS.get(table, table)} {name or ' '.join(map(str, key))}"
            for column, (theirs, workbook) in sorted(pairs.items()):
                clash = FieldClash(
                    field_label(table, column),
                    shown(labels.value(table, column, workbook)),
                    shown(labels.value(table, column, theirs)),
                )
                conflicts.append(Conflict(record, clash))
    return conflicts


def field_label(table: str, column: str) -> str:
    """The label a form shows for a column ("Practice manager"), else its plain name."""
    from sgtui.services.registry import KINDS

    for kind in KINDS.values():
        if kind.model.__tablename__ != table:
            continue
        for spec in kind.fields:
            if column in (spec.written, spec.id_column):
                return spec.label
    return _field_name(column).capitalize()


def _field_name(column: str) -> str:
    """``borough_id`` -> "borough", ``list_size`` -> "list size"."""
    return column.removesuffix("_id").replace("_", " ")


def _tables() -> dict[str, sa.Table]:
    return {str(t.name): t for t in SQLModel.metadata.sorted_tables}


class _Labels:
    """Readable names of rows, read from the database a batch at a time and kept."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self.tables = _tables()
        self.rows: dict[str, dict[int, Any]] = defaultdict(dict)

    def prefetch(self, table_name: str, ids: list[int]) -> None:
        """Read these rows, then (in turn) the rows they refer to."""
        table = self.tables[table_name]
        cached = self.rows[table_name]
        missing = sorted({i for i in ids if i is not None and i not in cached})
        for start in range(0, len(missing), CHUNK):
            chunk = missing[start : start + CHUNK]
            for row in self.conn.execute(sa.select(table).where(table.c.id.in_(chunk))):
                cached[row.id] = row._mapping
        for fk in table.foreign_keys:
            parent = str(fk.column.table.name)
            if parent != table_name:
                refs = [cached[i][fk.parent.name] for i in missing if i in cached]
                self.prefetch(parent, refs)

    def row(self, table: str, record_id: int) -> Any:
        if record_id not in self.rows[table]:
            self.prefetch(table, [record_id])
        return self.rows[table].get(record_id)

    def name(self, table: str, record_id: int | None) -> str:
        """A row as an officer would name it (``G85006``, ``LAM-RR-2024-01 #2``)."""
        row = self.row(table, record_id) if record_id is not None else None
        if row is None:
            return f"{table} {record_id}"
        if table == "recommendation":
            return f"{self.name('review', row['review_id'])} #{row['number']}"
        if table == "submission":
            return f"{self.name('review', row['review_id'])} {row['kind']} ({row['agency']})"
        if table == "lesreturn":
            return f"{self.name('practice', row['practice_id'])} {self.name('lesscheme', row['scheme_id'])}"
        if table == "lesanswer":
            criterion = self.name("lescriterion", row["criterion_id"])
            return f"{self.name('lesreturn', row['return_id'])} {criterion}"
        if table == "trainingrecord":
            person = self.name("person", row["person_id"])
            course = self.name("course", row["course_id"])
            return f"{person}, {course}, {row['completed_on']:%d/%m/%Y}"
        for column in LABEL_COLUMNS:
            if column in row and row[column]:
                return str(row[column])
        return f"{table} {record_id}"

    def value(self, table: str, column: str, value: Any) -> Any:
        """A column's value as read: a referenced row by its name, anything else as is."""
        foreign = list(self.tables[table].c[column].foreign_keys)
        if foreign and isinstance(value, int):
            return self.name(str(foreign[0].column.table.name), value)
        return value
