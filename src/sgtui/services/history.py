"""A record's history, finding a record from what a user types, and undo of one's last change.

Built on the audit log (:mod:`sgtui.services.audit`), so it covers every change made
through the services, by the app, the CLI or an import. Undo is deliberately narrow:
only the officer's own most recent change, and only while nobody has changed that
record since; the undo itself goes through :mod:`sgtui.services.records`, so it is
version-checked and appears in the history as action "undo".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, func, select

from sgtui.services import audit, records
from sgtui.services.audit import model_for, typed_values
from sgtui.services.context import Services
from sgtui.services.errors import NotFound, ServiceError
from sgtui.services.reviews import review_by_alias
from sgtui.services.wording import plural
from sgtui.store.models import AuditEntry, Meeting, Person, Practice, Review, table_of

PREFIXES: dict[str, tuple[type[SQLModel], str]] = {
    "practice": (Practice, "ods_code"),
    "review": (Review, "ref"),
    "meeting": (Meeting, "ref"),
    "person": (Person, "name"),
}
"""The short forms users type ("practice:G83004") and the column each looks up."""


@dataclass(frozen=True)
class RecordRef:
    """One record, existing or deleted: its table, id and a readable label."""

    table: str
    record_id: int
    label: str


@dataclass(frozen=True)
class Change:
    """One audit entry in readable form: who did what, when, and each field before/after."""

    at: datetime
    actor: str
    action: str
    fields: dict[str, tuple[Any, Any]]
    note: str | None = None
    """A sentence for an event with no fields: "created by import 3 of F, sheet S, row R"."""


@dataclass(frozen=True)
class UndoResult:
    """What undo did (or, for a preview, would do)."""

    record: RecordRef
    undone_action: str
    undone_at: datetime
    effect: str
    columns: tuple[str, ...] = ()
    """For an undone update: the columns put back (screens show them by label)."""


class UndoRefused(ServiceError):
    """The last change cannot be undone safely; the message says why."""


def resolve(session: Session, text: str) -> RecordRef:
    """The record named by ``practice:G83004``, ``review:REF``, ``person:NAME`` or ``table:id``.

    A record that was deleted is still found through the audit log, so its history
    (and the delete) can be shown.
    """
    kind, sep, value = text.partition(":")
    kind, value = kind.strip().lower(), value.strip()
    if not sep or not value:
        raise NotFound(f"{text!r}: give a record as kind:key, e.g. practice:G83004 or review:REF")
    if kind in PREFIXES:
        try:
            return _resolve_by_key(session, kind, value)
        except NotFound:
            if not value.isdigit():  # "practice:12" may also mean the practice with id 12
                raise
    model = model_for(kind)
    if not value.isdigit():
        raise NotFound(f"{text!r}: after {kind}: give the record's number")
    obj = session.get(model, int(value))
    label = (audit.natural_key(obj) if obj else None) or f"{kind} {value}"
    if obj is None and not audit.history(session, kind, int(value)):
        raise NotFound(f"no {kind} with id {value}")
    return RecordRef(kind, int(value), label)


def _resolve_by_key(session: Session, kind: str, value: str) -> RecordRef:
    """Look up by natural key (case-insensitive), then among deleted records' audit entries."""
    model, column_name = PREFIXES[kind]
    table = audit.record_type(model)
    column = getattr(model, column_name)
    wanted = value.replace(" ", "") if kind == "practice" else value
    matches = list(session.exec(select(model).where(func.lower(column) == wanted.lower())))
    if len(matches) > 1:
        raise NotFound(f"{len(matches)} records match {kind}:{value}; use {table}:ID instead")
    if matches:
        return RecordRef(table, matches[0].id, str(getattr(matches[0], column_name)))  # type: ignore[attr-defined]
    if kind == "review" and (renamed := review_by_alias(session, value)) is not None:
        return RecordRef(table, renamed.id, renamed.ref)  # type: ignore[arg-type]  # a former ref
    deleted = session.exec(
        select(col(AuditEntry.record_id))
        .where(
            col(AuditEntry.record_type) == table,
            func.lower(col(AuditEntry.record_key)) == wanted.lower(),
        )
        .order_by(col(AuditEntry.id).desc())
    ).first()
    if deleted is None:
        raise NotFound(f"no {kind} {value}")
    return RecordRef(table, deleted, f"{value} (deleted)")


def _change(entry: AuditEntry) -> Change:
    fields = {name: (pair[0], pair[1]) for name, pair in json.loads(entry.changes).items()}
    return Change(at=entry.at, actor=entry.actor, action=entry.action, fields=fields)


def record_history(session: Session, ref: RecordRef) -> list[Change]:
    """Every change to the record, oldest first.

    A record an import inserted has no "create" entry of its own: the import's one entry
    names the ids it inserted, and the record's ``source`` names the file, sheet and row.
    """
    changes = [_change(entry) for entry in audit.history(session, ref.table, ref.record_id)]
    if not any(c.action == "create" for c in changes):
        imported = _imported(session, ref)
        if imported is not None:
            changes.insert(0, imported)
    return changes


def _imported(session: Session, ref: RecordRef) -> Change | None:
    """The "created by import" event of a record an import inserted, if one did."""
    from sgtui.services.imports import created_by, creation_note

    summary = created_by(session, ref.table, ref.record_id)
    if summary is None:
        return None
    try:
        obj = session.get(model_for(ref.table), ref.record_id)
    except NotFound:
        obj = None
    source = getattr(obj, "source", None)
    note = creation_note(summary, source)
    return Change(at=summary.at, actor=summary.actor, action="import", fields={}, note=note)


def last_change_by(session: Session, actor: str) -> AuditEntry | None:
    """The actor's most recent create, update, delete or batch of them (a fill-down).

    Undos are not themselves undone.
    """
    stmt = (
        select(AuditEntry)
        .where(
            col(AuditEntry.actor) == actor,
            col(AuditEntry.action).in_(["create", "update", "delete", audit.BATCH]),
        )
        .order_by(col(AuditEntry.id).desc())
    )
    return session.exec(stmt).first()


def _check_safe(
    session: Session, entry: AuditEntry, actor: str, batch: frozenset[int] = frozenset()
) -> None:
    """Refuse when anyone has changed the record since ``entry`` (including an earlier undo).

    ``batch``: the other entries of the same fill-down, which are not "since".
    """
    later = session.exec(
        select(AuditEntry)
        .where(
            col(AuditEntry.record_type) == entry.record_type,
            col(AuditEntry.record_id) == entry.record_id,
            col(AuditEntry.id) > entry.id,
            col(AuditEntry.id).not_in(batch or [-1]),
        )
        .order_by(col(AuditEntry.id).desc())
    ).first()
    if later is None:
        return
    if later.action == "undo" and later.actor == actor:
        raise UndoRefused("your last change has already been undone")
    when = later.at.strftime("%d/%m/%Y %H:%M")
    raise UndoRefused(f"cannot undo: {later.actor} changed that record since ({when} UTC)")


def _dependents(session: Session, model: type[SQLModel], record_id: int) -> int:
    """How many rows in other tables point at this record (a create cannot be undone then)."""
    target = table_of(model)
    total = 0
    for table in SQLModel.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is target and table is not target:
                count = sa.select(sa.func.count()).where(fk.parent == record_id)
                total += session.connection().execute(count).scalar_one()
    return total


def _undo(session: Session, svc: Services, entry: AuditEntry) -> str:
    """Apply the inverse of ``entry``; return a sentence saying what was done."""
    model = model_for(entry.record_type)
    changes = {name: pair for name, pair in json.loads(entry.changes).items()}
    obj = session.get(model, entry.record_id)
    if entry.action == "delete":
        if obj is not None:
            raise UndoRefused("cannot undo: a record with that id exists again")
        values = typed_values(model, {name: pair[0] for name, pair in changes.items()})
        records.create(session, svc, model(id=entry.record_id, **values), action="undo")
        return "restore the deleted record"
    if obj is None:
        raise UndoRefused("cannot undo: the record no longer exists")
    version = getattr(obj, "version", None)
    if entry.action == "create":
        if _dependents(session, model, entry.record_id):
            raise UndoRefused("cannot undo: other records now refer to the one you created")
        records.delete(
            session, svc, model, entry.record_id, expected_version=version, action="undo"
        )
        return "delete the record you created"
    current = audit.snapshot(obj)
    if any(current.get(name) != pair[1] for name, pair in changes.items()):
        raise UndoRefused("cannot undo: the record was changed outside sgtui since")
    restore = typed_values(model, {name: pair[0] for name, pair in changes.items()})
    records.apply_changes(session, svc, obj, restore, expected_version=version, action="undo")
    return "put back " + ", ".join(sorted(changes))


def _refuse_after_import(session: Session, actor: str) -> None:
    """When the actor's last change was an import, undo means the import as a whole."""
    latest = session.exec(
        select(AuditEntry)
        .where(
            col(AuditEntry.actor) == actor,
            col(AuditEntry.action).in_(["create", "update", "delete", "import"]),
        )
        .order_by(col(AuditEntry.id).desc())
    ).first()
    if latest is not None and latest.action == "import":
        raise UndoRefused(
            f"your last change was import {latest.record_id} ({latest.record_key}): "
            f"undo it as a whole with `sgtui undo --import {latest.record_id}`"
        )


def _label(entry: AuditEntry) -> RecordRef:
    label = entry.record_key or f"{entry.record_type} {entry.record_id}"
    return RecordRef(entry.record_type, entry.record_id, label)


def _undo_batch(session: Session, svc: Services, batch: AuditEntry) -> str:
    """Undo every change of a fill-down, newest first, or none (one transaction)."""
    entries = audit.batch_entries(session, batch)
    if not entries:
        raise UndoRefused("nothing to undo: that change touched no records")
    ids = frozenset(e.id for e in entries if e.id is not None)
    for entry in entries:
        _check_safe(session, entry, svc.actor, ids)
    for entry in reversed(entries):
        _undo(session, svc, entry)
    fields = sorted({name for e in entries for name in json.loads(e.changes)})
    return f"put back {', '.join(fields)} on {plural(len(entries), 'record')}"


def _undo_entry(session: Session, svc: Services, entry: AuditEntry) -> str:
    """Undo one change, or a whole batch when ``entry`` is a batch's entry."""
    if entry.action == audit.BATCH:
        return _undo_batch(session, svc, entry)
    _check_safe(session, entry, svc.actor)
    return _undo(session, svc, entry)


def undo_last(svc: Services, *, dry_run: bool = False) -> UndoResult:
    """Undo ``svc.actor``'s last change if still safe (``dry_run``: only say what it would do).

    Runs in one transaction: the safety check and the undo commit together or not at all.
    """

    def find(session: Session) -> AuditEntry:
        _refuse_after_import(session, svc.actor)
        entry = last_change_by(session, svc.actor)
        if entry is None:
            raise UndoRefused(f"nothing to undo: {svc.actor} has made no changes")
        return entry

    return _undo_found(svc, find, dry_run)


def undo_last_for(
    svc: Services,
    table: str,
    record_id: int,
    *,
    made_here: Iterable[int] = (),
    dry_run: bool = False,
) -> UndoResult:
    """Undo ``svc.actor``'s last change to one record (the page the officer is on).

    ``made_here``: audit ids of changes made from that page to other records (a
    submission deleted from its review's page); the newest of those and the record's
    own changes is undone. The same checks as :func:`undo_last`: refused when anyone
    has changed the record since, and when the change was part of an import (that is
    undone as a whole).
    """

    def find(session: Session) -> AuditEntry:
        entry = _last_change_among(session, svc.actor, [table], record_id, made_here)
        if entry is None:
            raise UndoRefused("nothing to undo: you have not changed this record")
        _refuse_inside_import(session, entry)
        return entry

    return _undo_found(svc, find, dry_run)


def undo_last_in(
    svc: Services,
    tables: Iterable[str],
    *,
    made_here: Iterable[int] = (),
    dry_run: bool = False,
) -> UndoResult:
    """Undo ``svc.actor``'s last change to a record of ``tables`` (the list on screen),
    or of ``made_here`` (audit ids of changes made from that screen), whichever is newer."""
    wanted = sorted(tables)

    def find(session: Session) -> AuditEntry:
        entry = _last_change_among(session, svc.actor, wanted, None, made_here)
        if entry is None:
            raise UndoRefused("nothing to undo: you have not changed anything in this list")
        _refuse_inside_import(session, entry)
        return entry

    return _undo_found(svc, find, dry_run)


def _last_change_among(
    session: Session,
    actor: str,
    tables: list[str],
    record_id: int | None = None,
    also: Iterable[int] = (),
) -> AuditEntry | None:
    """The actor's latest create, update or delete of a record in ``tables`` (one, if
    given) or among the entries ``also``."""
    where: sa.ColumnElement[bool] = col(AuditEntry.record_type).in_(tables)
    if record_id is not None:
        where = sa.and_(where, col(AuditEntry.record_id) == record_id)
    extra = sorted(set(also))[-200:]  # a screen's own recent changes: a short list
    if extra:
        where = sa.or_(where, col(AuditEntry.id).in_(extra))
    stmt = select(AuditEntry).where(
        col(AuditEntry.actor) == actor,
        col(AuditEntry.action).in_(["create", "update", "delete"]),
        where,
    )
    entry = session.exec(stmt.order_by(col(AuditEntry.id).desc())).first()
    return _batch_holding(session, entry) if entry is not None else None


def _batch_holding(session: Session, entry: AuditEntry) -> AuditEntry:
    """The fill-down ``entry`` was part of (undone as one), else ``entry`` itself."""
    later = session.exec(
        select(AuditEntry).where(
            col(AuditEntry.action) == audit.BATCH,
            col(AuditEntry.actor) == entry.actor,
            col(AuditEntry.id) > entry.id,
        )
    )
    for batch in later:
        if entry.id in json.loads(batch.changes).get("entries", []):
            return batch
    return entry


def _refuse_inside_import(session: Session, entry: AuditEntry) -> None:
    """A change an import made is undone with the whole import, never one row of it."""
    from sgtui.services.imports import list_imports

    for summary in list_imports(session):
        if summary.undone is None and any(lo <= entry.id <= hi for lo, hi in summary.audit):  # type: ignore[operator]
            raise UndoRefused(
                f"that change was made by import {summary.number}: undo the import as a "
                f"whole (Import screen, or `sgtui undo --import {summary.number}`)"
            )


def _undo_found(svc: Services, find: Callable[[Session], AuditEntry], dry_run: bool) -> UndoResult:
    """Undo the entry ``find`` picks, in one transaction with the safety check."""
    try:
        with svc.session() as session:
            entry = find(session)
            effect = _undo_entry(session, svc, entry)  # a batch (a fill-down) as one
            columns = tuple(sorted(json.loads(entry.changes))) if entry.action == "update" else ()
            result = UndoResult(_label(entry), entry.action, entry.at, effect, columns)
            if dry_run:
                session.rollback()
    except sa.exc.IntegrityError:
        raise UndoRefused("cannot undo: it would clash with records added since") from None
    return result
