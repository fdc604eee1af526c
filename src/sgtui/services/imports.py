"""Imports as whole events: one audit entry each, listing them, and undoing one.

An import inserts tens of thousands of rows in one go; one audit entry per inserted
row cost more than the insert itself and told an officer nothing the row's own
``source`` (``file!sheet:row``) does not. So the import writes one entry (action
"import", record type "import"): who, when, the files and sheets, the counts, the ids
it inserted in each table (as ranges) and the ids of the per-field "update" entries
it wrote for the records it changed. Those two id lists are what undo needs.

Undo of an import removes what it inserted and puts back what it changed, in one
transaction, and only when nothing it touched has been changed since: a later save is
never overwritten. It is audited as an "undo" entry on the import, and each record put
back gets its own "undo" entry (so its history reads as it happened).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from sgtui.services import audit, records
from sgtui.services.audit import model_for, typed_values
from sgtui.services.bulk import BulkResult
from sgtui.services.context import Services
from sgtui.services.errors import ServiceError
from sgtui.store.models import AuditEntry, Note, table_of

IMPORT = "import"
"""The audit action and record type of an import's own entry."""
Ranges = list[list[int]]
"""Sorted, non-overlapping inclusive id ranges: [[1, 500], [733, 733]]."""


class ImportUndoRefused(ServiceError):
    """The import cannot be undone safely (or at all); the message says why."""


@dataclass(frozen=True)
class ImportSummary:
    """One import as its audit entry records it."""

    number: int
    at: datetime
    actor: str
    files: list[str]
    sheets: list[dict[str, Any]]
    counts: dict[str, int]
    inserted: dict[str, Ranges]
    audit: Ranges
    undone: str | None = None
    """"dd/mm/yyyy HH:MM by NAME" once undone, else None."""

    def inserted_count(self, table: str | None = None) -> int:
        """Rows inserted (in one table, or in all)."""
        tables = [table] if table else list(self.inserted)
        return sum(hi - lo + 1 for t in tables for lo, hi in self.inserted.get(t, []))

    def holds(self, table: str, record_id: int) -> bool:
        """True when this import inserted that record."""
        return any(lo <= record_id <= hi for lo, hi in self.inserted.get(table, []))


@dataclass(frozen=True)
class ImportUndoResult:
    """What undoing an import did (or, for a preview, would do)."""

    number: int
    removed: dict[str, int] = field(default_factory=dict)
    restored: dict[str, int] = field(default_factory=dict)

    @property
    def effect(self) -> str:
        """``remove 12 practice, 300 trainingrecord; put back 4 practice``."""
        parts = []
        if self.removed:
            parts.append("remove " + _counted(self.removed))
        if self.restored:
            parts.append("put back " + _counted(self.restored))
        return "; ".join(parts) or "nothing (the import changed nothing)"


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {table}" for table, n in sorted(counts.items()))


def id_ranges(ids: Iterable[int]) -> Ranges:
    """Ids as inclusive ranges of consecutive numbers (an import's are mostly one range)."""
    if isinstance(ids, range) and ids.step == 1:  # an SQLite insert: one range
        return [[ids.start, ids.stop - 1]] if ids else []
    ranges: Ranges = []
    for number in sorted(ids):
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    return ranges


def record_import(
    conn: sa.Connection,
    *,
    actor: str,
    at: datetime,
    files: list[str],
    sheets: list[dict[str, Any]],
    counts: dict[str, int],
    results: dict[str, BulkResult],
) -> int:
    """Write the import's one audit entry; return its number (the entry's id)."""
    summary = {
        "files": files,
        "sheets": sheets,
        "counts": counts,
        "inserted": {t: id_ranges(r.inserted) for t, r in sorted(results.items()) if r.inserted},
        "audit": id_ranges([i for r in results.values() for i in r.audit_ids]),
    }
    table = table_of(AuditEntry)
    values = {
        "at": at,
        "actor": actor,
        "action": IMPORT,
        "record_type": IMPORT,
        "record_id": 0,
        "record_key": ", ".join(files)[:200],
        "changes": json.dumps(summary, sort_keys=True),
    }
    number = conn.execute(sa.insert(table).values(values).returning(table.c.id)).scalar_one()
    conn.execute(sa.update(table).where(table.c.id == number).values(record_id=number))
    return int(number)


def _summary(entry: AuditEntry, undone: AuditEntry | None) -> ImportSummary:
    data = json.loads(entry.changes)
    when = None
    if undone is not None:
        from sgtui.clock import to_london

        when = f"{to_london(undone.at).strftime('%d/%m/%Y %H:%M')} by {undone.actor}"
    return ImportSummary(
        number=entry.record_id,
        at=entry.at,
        actor=entry.actor,
        files=data.get("files", []),
        sheets=data.get("sheets", []),
        counts=data.get("counts", {}),
        inserted=data.get("inserted", {}),
        audit=data.get("audit", []),
        undone=when,
    )


def list_imports(session: Session) -> list[ImportSummary]:
    """Every import, newest first, with whether (and when) it was undone."""
    entries = session.exec(
        select(AuditEntry)
        .where(AuditEntry.record_type == IMPORT, col(AuditEntry.action).in_([IMPORT, "undo"]))
        .order_by(col(AuditEntry.id).desc())
    ).all()
    undos = {e.record_id: e for e in entries if e.action == "undo"}
    return [_summary(e, undos.get(e.record_id)) for e in entries if e.action == IMPORT]


def get_import(session: Session, number: int | None = None) -> ImportSummary:
    """Import ``number``, or the latest one not undone; refused with a sentence if none."""
    found = list_imports(session)
    if number is None:
        live = [s for s in found if s.undone is None]
        if not live:
            raise ImportUndoRefused("nothing to undo: no import has been made (or all are undone)")
        return live[0]
    for summary in found:
        if summary.number == number:
            return summary
    raise ImportUndoRefused(f"no import {number}: `sgtui imports` lists them")


def created_by(session: Session, table: str, record_id: int) -> ImportSummary | None:
    """The import (not undone) that inserted this record, if one did (the newest wins)."""
    for summary in list_imports(session):
        if summary.undone is None and summary.holds(table, record_id):
            return summary
    return None


def creation_note(summary: ImportSummary, source: str | None) -> str:
    """ "created by import of F, sheet S, row R", from the import and the row's source."""
    file, _, place = (source or "").partition("!")
    sheet, _, row = place.rpartition(":")
    if file in summary.files and sheet:
        where = f", sheet {sheet}, row {row}" if row.isdigit() else f", sheet {sheet}"
        return f"created by import {summary.number} of {file}{where}"
    return f"created by import {summary.number} of {', '.join(summary.files)}"


# --- Undo ---------------------------------------------------------------------------


def undo_import(
    svc: Services, number: int | None = None, *, dry_run: bool = False
) -> ImportUndoResult:
    """Undo import ``number`` (default: the latest not yet undone), all or nothing.

    Refuses (:class:`ImportUndoRefused`) when it was undone already, when anything it
    inserted or changed has been changed since, or when other records now refer to what
    it inserted. ``dry_run`` only says what it would do.
    """
    with svc.session() as session:
        summary = get_import(session, number)
        if summary.undone:
            raise ImportUndoRefused(
                f"import {summary.number} was already undone ({summary.undone})"
            )
        entries = _update_entries(session, summary)
        _refuse_if_changed_since(session, summary, entries)
        _refuse_if_referred_to(session, summary)
        restored = _restore(session, svc, summary, entries)
        removed = _remove(session, summary)
        result = ImportUndoResult(summary.number, removed, restored)
        audit_table = table_of(AuditEntry)
        undo_entry = (
            session.connection()
            .execute(
                sa.insert(audit_table)
                .values(
                    at=svc.clock.now(),
                    actor=svc.actor,
                    action="undo",
                    record_type=IMPORT,
                    record_id=summary.number,
                    record_key=", ".join(summary.files)[:200],
                    changes=json.dumps({"removed": removed, "restored": restored}, sort_keys=True),
                )
                .returning(audit_table.c.id)
            )
            .scalar_one()
        )
        if dry_run:
            session.rollback()
        else:
            audit.note_kinds(session, [*removed, *restored, IMPORT], [undo_entry])
    return result


def _in_ranges(column: Any, ranges: Ranges) -> Any:
    return sa.or_(*(column.between(lo, hi) for lo, hi in ranges)) if ranges else sa.false()


def _update_entries(session: Session, summary: ImportSummary) -> list[AuditEntry]:
    """The import's own "update" entries, oldest first."""
    if not summary.audit:
        return []
    return list(
        session.exec(
            select(AuditEntry)
            .where(_in_ranges(col(AuditEntry.id), summary.audit))
            .order_by(col(AuditEntry.id))
        )
    )


def _refuse_if_changed_since(
    session: Session, summary: ImportSummary, entries: list[AuditEntry]
) -> None:
    """Any audit entry after the import on a record it inserted or changed blocks undo."""
    changed: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        changed[entry.record_type].add(entry.record_id)
    for table in set(changed) | set(summary.inserted):
        ids = sorted(changed.get(table, ()))
        for start in range(0, max(len(ids), 1), 500):
            chunk = ids[start : start + 500]
            touched = sa.or_(
                _in_ranges(col(AuditEntry.record_id), summary.inserted.get(table, [])),
                col(AuditEntry.record_id).in_(chunk),
            )
            later = session.exec(
                select(AuditEntry)
                .where(
                    col(AuditEntry.record_type) == table,
                    col(AuditEntry.id) > summary.number,
                    touched,
                )
                .order_by(col(AuditEntry.id))
            ).first()
            if later is not None:
                _refuse_later(summary, later)


def _refuse_later(summary: ImportSummary, later: AuditEntry) -> None:
    from sgtui.clock import to_london

    when = to_london(later.at).strftime("%d/%m/%Y %H:%M")
    what = f"{later.record_type} {later.record_key or later.record_id}"
    raise ImportUndoRefused(
        f"cannot undo import {summary.number}: {what} was changed since "
        f"({later.action} by {later.actor}, {when}); undo or redo that change by hand first"
    )


def _refuse_if_referred_to(session: Session, summary: ImportSummary) -> None:
    """Records added since that point at what the import inserted block its removal."""
    conn = session.connection()
    targets = {table_of(model_for(t)): r for t, r in summary.inserted.items()}
    for table in SQLModel.metadata.sorted_tables:
        own = summary.inserted.get(str(table.name), [])
        for fk in table.foreign_keys:
            ranges = targets.get(fk.column.table)
            if not ranges:
                continue
            query = (
                sa.select(sa.func.count())
                .select_from(table)
                .where(_in_ranges(fk.parent, ranges), sa.not_(_in_ranges(table.c.id, own)))
            )
            count = conn.execute(query).scalar_one()
            if count:
                raise ImportUndoRefused(
                    f"cannot undo import {summary.number}: {count} {table.name} record(s) "
                    f"added since refer to {fk.column.table.name} records it created"
                )
    for name, ranges in summary.inserted.items():
        notes = session.exec(
            select(sa.func.count())
            .select_from(Note)
            .where(Note.record_type == name, _in_ranges(col(Note.record_id), ranges))
        ).one()
        if notes:
            raise ImportUndoRefused(
                f"cannot undo import {summary.number}: {notes} note(s) were added since "
                f"to {name} records it created"
            )


def _restore(
    session: Session, svc: Services, summary: ImportSummary, entries: list[AuditEntry]
) -> dict[str, int]:
    """Put back each changed record's values from before the import (checked first)."""
    first: dict[tuple[str, int], dict[str, list[Any]]] = {}
    for entry in entries:  # oldest first: the earliest "before", the latest "after"
        fields = first.setdefault((entry.record_type, entry.record_id), {})
        for name, (before, after) in json.loads(entry.changes).items():
            fields[name] = [fields[name][0] if name in fields else before, after]
    restored: dict[str, int] = defaultdict(int)
    for (table, record_id), fields in first.items():
        if summary.holds(table, record_id):
            continue  # inserted by the same import: removed below
        model = model_for(table)
        obj = session.get(model, record_id)
        if obj is None:
            raise ImportUndoRefused(
                f"cannot undo import {summary.number}: a {table} it changed has been deleted since"
            )
        current = audit.snapshot(obj)
        if any(current.get(name) != after for name, (_b, after) in fields.items()):
            label = audit.natural_key(obj) or f"{table} {record_id}"
            raise ImportUndoRefused(
                f"cannot undo import {summary.number}: {table} {label} was changed outside "
                "sgtui since"
            )
        values = typed_values(model, {name: before for name, (before, _a) in fields.items()})
        records.apply_changes(session, svc, obj, values, action="undo")
        restored[table] += 1
    return dict(restored)


def _remove(session: Session, summary: ImportSummary) -> dict[str, int]:
    """Delete what the import inserted, children before parents."""
    session.flush()
    conn = session.connection()
    removed: dict[str, int] = {}
    for table in reversed(SQLModel.metadata.sorted_tables):
        ranges = summary.inserted.get(str(table.name))
        if ranges:
            gone = conn.execute(sa.delete(table).where(_in_ranges(table.c.id, ranges))).rowcount
            removed[str(table.name)] = int(gone)
    session.expire_all()
    return removed
