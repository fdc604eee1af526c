"""What changed in the database since a point: the app's cheap "is anything new?" poll.

Every write through the services leaves an audit entry, so the audit log's highest id
is a version number for the whole database: one indexed ``max(id)`` tells whether a
colleague (or another sgtui process on the same file) saved anything, and the entries
past the last id seen say which kinds of record they touched. Works the same on SQLite
and PostgreSQL, with no server-side setup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from sgtui.services.context import Services
from sgtui.store.models import AuditEntry

EVERYTHING = "*"
"""The kind that stands for every kind: an import (or its undo) touches many tables."""
_WIDE = frozenset({"import"})
"""Audit record types whose entries change records of many kinds at once."""


def latest_change_id(session: Session) -> int:
    """The audit log's highest id (0 when empty): the database's version number."""
    return session.exec(select(func.max(AuditEntry.id))).one() or 0


def kinds_since(session: Session, after_id: int, skip: Iterable[int] = ()) -> frozenset[str]:
    """The record types (table names) changed by entries after ``after_id``.

    ``skip``: ids of entries the caller already knows about (its own saves).
    """
    stmt = select(AuditEntry.record_type).where(col(AuditEntry.id) > after_id).distinct()
    skipped = [i for i in skip if i > after_id]
    if skipped:
        stmt = stmt.where(sa.not_(col(AuditEntry.id).in_(skipped)))
    kinds = frozenset(session.exec(stmt))
    return kinds | {EVERYTHING} if kinds & _WIDE else kinds


@dataclass
class ChangesFeed:
    """Remembers the last change seen; :meth:`poll` says what changed since."""

    last_id: int | None = None
    """The highest audit id seen; None until the first poll sets the starting point."""
    own_ids: set[int] = field(default_factory=set)
    """Ids of this process's own entries, already announced when they were saved."""

    def saw_own(self, ids: Iterable[int]) -> None:
        """Note entries this process wrote (they were announced as they committed)."""
        self.own_ids.update(ids)

    def poll(self, svc: Services) -> frozenset[str]:
        """Kinds changed by others since the last poll (empty when nothing moved)."""
        with svc.db.session() as session:
            latest = latest_change_id(session)
            if self.last_id is None or latest <= self.last_id:
                self.last_id = latest if self.last_id is None else max(self.last_id, latest)
                return frozenset()
            kinds = kinds_since(session, self.last_id, self.own_ids)
        self.last_id = latest
        self.own_ids = {i for i in self.own_ids if i > latest}
        return kinds
