"""Create, update, delete and upsert any record, with version checks and audit.

Area services (practices, meetings, reviews, ...) validate their fields and then call
these, so every change in sgtui goes through one path that stamps ``updated_at``,
bumps ``version``, refuses a stale save and writes the audit log.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import bindparam
from sqlalchemy import update as sql_update
from sqlmodel import Session, SQLModel, select

from sgtui.services import audit
from sgtui.services.context import Services
from sgtui.services.errors import ConflictError, NotFound
from sgtui.store.models import table_of

M = TypeVar("M", bound=SQLModel)


class Outcome(StrEnum):
    """What an upsert did."""

    INSERTED = "inserted"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


def create(session: Session, svc: Services, obj: M, *, action: str = "create") -> M:
    """Insert ``obj`` and audit it (``action`` is "undo" when undo re-inserts a deleted record)."""
    now = svc.clock.now()
    if hasattr(obj, "created_at"):
        obj.created_at = now
        obj.updated_at = now
    if hasattr(obj, "source") and obj.source is None:
        obj.source = "manual"
    session.add(obj)
    session.flush()
    audit.write(
        session,
        actor=svc.actor,
        at=now,
        action=action,
        obj=obj,
        changes=audit.diff(None, audit.snapshot(obj)),
    )
    return obj


def record_id(obj: SQLModel) -> int:
    """A saved record's id: every table's key is ``id``, which SQLModel's base does not declare."""
    saved_id: int = obj.id  # type: ignore[attr-defined]
    return saved_id


def get(session: Session, model: type[M], record_id: int) -> M:
    """The record with that id, or :class:`NotFound`."""
    obj = session.get(model, record_id)
    if obj is None:
        raise NotFound(f"no {audit.record_type(model)} with id {record_id}")
    return obj


def apply_changes(
    session: Session,
    svc: Services,
    obj: M,
    values: dict[str, Any],
    *,
    expected_version: int | None = None,
    action: str = "update",
) -> dict[str, list[Any]]:
    """Set ``values`` on ``obj``; audit and bump the version if anything changed.

    ``expected_version`` is the version the user opened; if the stored one is newer,
    someone else saved in between and :class:`ConflictError` carries their values.
    The check is made again, atomically, in the database (see :func:`claim_version`).
    """
    if expected_version is not None and getattr(obj, "version", None) != expected_version:
        raise _conflict(obj)
    claimed = getattr(obj, "version", None) if expected_version is None else expected_version
    before = audit.snapshot(obj)
    for field, value in values.items():
        setattr(obj, field, value)
    changes = audit.diff(before, audit.snapshot(obj))
    if not changes:
        return {}
    claim_version(session, obj, claimed)
    if hasattr(obj, "version"):
        obj.version = (obj.version or 0) + 1
        obj.updated_at = svc.clock.now()
    session.add(obj)
    session.flush()
    audit.write(
        session, actor=svc.actor, at=svc.clock.now(), action=action, obj=obj, changes=changes
    )
    return changes


def claim_version(session: Session, obj: SQLModel, expected: int | None) -> None:
    """Lock the row in the database only if it still has version ``expected``.

    Comparing versions in Python is racy across processes: two officers can both read
    version 3 and both write. ``UPDATE ... WHERE id AND version`` is atomic: it takes
    the row (PostgreSQL) or database (SQLite) write lock, so of two concurrent saves
    exactly one matches and the other sees the new version and gets a ConflictError.
    """
    if expected is None or getattr(obj, "id", None) is None:
        return
    table = table_of(obj)
    guard = (
        sql_update(table)
        .where(table.c.id == obj.id, table.c.version == expected)  # type: ignore[attr-defined]
        .values(version=expected)
    )
    with session.no_autoflush:
        matched = session.connection().execute(guard).rowcount
    if matched != 1:
        session.refresh(obj)
        raise _conflict(obj)


def _conflict(obj: SQLModel) -> ConflictError:
    """The error for a stale save, carrying the record as it now is (with its version, to retry)."""
    current = {**audit.snapshot(obj), "version": getattr(obj, "version", None)}
    return ConflictError(audit.natural_key(obj) or audit.record_type(obj), current)


def update(
    session: Session,
    svc: Services,
    model: type[M],
    record_id: int,
    values: dict[str, Any],
    *,
    expected_version: int | None = None,
) -> M:
    """Load a record by id and apply ``values`` to it (see :func:`apply_changes`)."""
    obj = get(session, model, record_id)
    apply_changes(session, svc, obj, values, expected_version=expected_version)
    return obj


def delete(
    session: Session,
    svc: Services,
    model: type[M],
    record_id: int,
    *,
    expected_version: int | None = None,
    action: str = "delete",
) -> None:
    """Delete a record, keeping its last values in the audit log."""
    obj = get(session, model, record_id)
    if expected_version is not None and getattr(obj, "version", None) != expected_version:
        raise _conflict(obj)
    claimed = getattr(obj, "version", None) if expected_version is None else expected_version
    claim_version(session, obj, claimed)
    changes = audit.diff(audit.snapshot(obj), None)
    audit.write(
        session, actor=svc.actor, at=svc.clock.now(), action=action, obj=obj, changes=changes
    )
    session.delete(obj)
    session.flush()


_FIND_STATEMENTS: dict[tuple[type[SQLModel], tuple[str, ...]], Any] = {}
"""One prepared lookup per model and key columns: an import or the demo's build looks
records up thousands of times, and building and hashing the statement each time cost
more than running it."""


def find(session: Session, model: type[M], key: dict[str, Any]) -> M | None:
    """The record whose natural-key columns equal ``key``, if any."""
    if any(value is None for value in key.values()):  # "= NULL" never matches: IS NULL
        stmt = select(model)
        for column, value in key.items():
            stmt = stmt.where(getattr(model, column) == value)
        return session.exec(stmt).first()
    columns = tuple(key)
    prepared = _FIND_STATEMENTS.get((model, columns))
    if prepared is None:
        prepared = select(model)
        for column in columns:
            prepared = prepared.where(getattr(model, column) == bindparam(f"key_{column}"))
        _FIND_STATEMENTS[(model, columns)] = prepared
    params = {f"key_{column}": value for column, value in key.items()}
    return session.exec(prepared, params=params).first()


def upsert(
    session: Session,
    svc: Services,
    model: type[M],
    key: dict[str, Any],
    values: dict[str, Any],
) -> tuple[Outcome, M]:
    """Insert or update the record with natural key ``key``; say which (or unchanged)."""
    existing = find(session, model, key)
    if existing is None:
        return Outcome.INSERTED, create(session, svc, model(**key, **values))
    fields = {k: v for k, v in values.items() if k != "source"}
    changes = apply_changes(session, svc, existing, fields)
    if changes and "source" in values:
        existing.source = values["source"]
    return (Outcome.UPDATED if changes else Outcome.UNCHANGED), existing
