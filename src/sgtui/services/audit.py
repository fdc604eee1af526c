"""The audit log: every create, update and delete made through the services.

An entry says who, when, which record (type, id and natural key) and, for each field
that changed, its value before and after. Values are stored as JSON with dates in
ISO 8601, so the history reads the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Session, SQLModel, col, select

from sgtui.services.errors import NotFound
from sgtui.store.models import AuditEntry, table_of

AUDIT_SKIP = {"created_at", "updated_at", "version"}


def jsonable(value: Any) -> Any:
    """A column value as JSON: dates and times in ISO 8601."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def snapshot(obj: SQLModel) -> dict[str, Any]:
    """The record's column values (JSON-able), without bookkeeping stamps."""
    return {
        column.key: jsonable(getattr(obj, column.key))
        for column in table_of(obj).columns
        if column.key not in AUDIT_SKIP
    }


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields that differ."""
    before = before or {}
    after = after or {}
    fields = [k for k in {**before, **after} if k != "id"]
    return {k: [before.get(k), after.get(k)] for k in fields if before.get(k) != after.get(k)}


def natural_key(obj: SQLModel) -> str | None:
    """A readable key for the record: its ref, ODS code, code, year or name where it has one."""
    for attr in ("ref", "ods_code", "code", "year", "key", "name"):
        value = getattr(obj, attr, None)
        if value:
            return str(value)
    return None


def record_type(obj: SQLModel | type[SQLModel]) -> str:
    """The table name, which is how audit entries and notes name a kind of record."""
    return obj.__tablename__  # type: ignore[return-value]


def write(
    session: Session,
    *,
    actor: str,
    at: datetime,
    action: str,
    obj: SQLModel,
    changes: dict[str, list[Any]],
) -> AuditEntry:
    """Add one audit entry to the session (committed with the change it describes)."""
    entry = AuditEntry(
        at=at,
        actor=actor,
        action=action,
        record_type=record_type(obj),
        record_id=getattr(obj, "id"),  # noqa: B009
        record_key=natural_key(obj),
        changes=json.dumps(changes, sort_keys=True, default=str),
    )
    session.add(entry)
    note_change(session, entry)
    return entry


BATCH = "batch"
"""The record type and action of an entry that ties many changes into one (a fill-down)."""


def write_batch(session: Session, svc: Any, first_id: int, label: str) -> AuditEntry | None:
    """Tie the actor's audit entries from ``first_id`` on into one batch, undone together.

    The batch entry comes last and lists the ids it covers, so "my last change" finds it
    first; no column is added to the audit table (as an import's summary entry does).
    """
    session.flush()
    ids = list(
        session.exec(
            select(col(AuditEntry.id)).where(
                col(AuditEntry.id) >= first_id,
                col(AuditEntry.actor) == svc.actor,
                col(AuditEntry.action) != BATCH,
            )
        )
    )
    if not ids:
        return None
    entry = AuditEntry(
        at=svc.clock.now(),
        actor=svc.actor,
        action=BATCH,
        record_type=BATCH,
        record_id=len(ids),
        record_key=label,
        changes=json.dumps({"entries": sorted(ids)}),
    )
    session.add(entry)
    session.flush()
    return entry


def batch_entries(session: Session, batch: AuditEntry) -> list[AuditEntry]:
    """The entries a batch entry covers, oldest first."""
    ids = json.loads(batch.changes).get("entries", [])
    stmt = select(AuditEntry).where(col(AuditEntry.id).in_(ids)).order_by(col(AuditEntry.id))
    return list(session.exec(stmt))


CHANGED = "sgtui.changed"
"""``session.info`` key: the audit entries this unit of work wrote (announced on commit)."""


def note_change(session: Session, entry: AuditEntry) -> None:
    """Remember an entry so :meth:`Services.session` can announce its kind once committed."""
    session.info.setdefault(CHANGED, []).append((entry.record_type, entry))


CHANGED_KINDS = "sgtui.changed_kinds"
"""``session.info`` key: kinds changed by bulk writes that keep no entry objects (imports)."""


CHANGED_IDS = "sgtui.changed_ids"
"""``session.info`` key: ids of audit entries written in bulk (no entry objects)."""


def note_kinds(session: Session, kinds: Iterable[str], ids: Iterable[int] = ()) -> None:
    """Remember kinds (and audit ids) written in bulk, to announce once committed."""
    session.info.setdefault(CHANGED_KINDS, set()).update(kinds)
    session.info.setdefault(CHANGED_IDS, set()).update(ids)


def changed_in(session: Session) -> tuple[frozenset[str], tuple[int, ...]]:
    """The record types a committed unit of work changed, and its audit entries' ids."""
    # An entry rolled back (a dry run) loses its identity: it changed nothing. The id is
    # read from the identity, not the attribute, which a commit may have expired.
    kinds: set[str] = set(session.info.get(CHANGED_KINDS, set()))
    ids: set[int] = set(session.info.get(CHANGED_IDS, set()))
    for kind, entry in session.info.get(CHANGED, []):
        identity = sa_inspect(entry).identity
        if identity:
            kinds.add(kind)
            ids.add(identity[0])
    return frozenset(kinds), tuple(sorted(ids))


def history(session: Session, table: str, record_id: int) -> list[AuditEntry]:
    """A record's audit entries, oldest first."""
    stmt = (
        select(AuditEntry)
        .where(col(AuditEntry.record_type) == table, col(AuditEntry.record_id) == record_id)
        .order_by(col(AuditEntry.at), col(AuditEntry.id))
    )
    return list(session.exec(stmt))


def model_for(table: str) -> type[SQLModel]:
    """The model class for a table name, or :class:`NotFound`."""
    for mapper in SQLModel._sa_registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == table:
            return mapper.class_
    raise NotFound(f"no kind of record called {table!r}")


def from_json(column: sa.Column[Any], value: Any) -> Any:
    """An audit value (JSON, dates as ISO text) back as the column's Python type."""
    if value is None or not isinstance(value, str):
        return value
    kind = column.type
    if isinstance(kind, sa.DateTime) or isinstance(getattr(kind, "impl", None), sa.DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, sa.Date):
        return date.fromisoformat(value)
    if isinstance(kind, sa.Time):
        return time.fromisoformat(value)
    return value


def typed_values(model: type[SQLModel], fields: dict[str, Any]) -> dict[str, Any]:
    """Audit values (JSON) for fields of ``model``, back as the columns' Python types."""
    columns = table_of(model).columns
    return {name: from_json(columns[name], value) for name, value in fields.items()}
