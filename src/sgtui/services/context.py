"""The bundle every service call needs: the database, the clock and who is acting."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import sqlalchemy.exc
from sqlmodel import Session

from sgtui.clock import Clock
from sgtui.store.database import Database
from sgtui.store.errors import DatabaseBusy, DatabaseError, describe_operational_error, is_busy


def current_actor() -> str:
    """The officer's name for the audit log: SGTUI_USER, else the OS login."""
    name = os.environ.get("SGTUI_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # getpass raises various errors where no login name exists
        return "unknown"


ChangeListener = Callable[[frozenset[str], tuple[int, ...]], None]
"""Told (record types changed, their audit entry ids) after a commit."""


@dataclass
class Services:
    """What a unit of work needs. Screens, CLI, importers and exporters hold one of these."""

    db: Database
    clock: Clock = field(default_factory=Clock)
    actor: str = field(default_factory=current_actor)
    listeners: list[ChangeListener] = field(default_factory=list, repr=False, compare=False)
    """Called after each commit that changed records: (record types, audit entry ids).

    The app listens here so every save, delete and undo, whichever screen or worker ran
    it, tells the screens what to reload; the CLI has no listeners.
    """

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back on error.

        A lock held by another process past the busy timeout, or a lost connection,
        becomes a one-line :class:`DatabaseError` (``DatabaseBusy`` for the former)
        instead of a traceback; nothing was written, so the caller keeps the edit and
        can simply run the same save again.
        """
        try:
            with self.db.session() as session:
                yield session
        except sqlalchemy.exc.OperationalError as exc:
            message = describe_operational_error(exc, self.db.url)
            if is_busy(exc):
                raise DatabaseBusy(message) from None
            raise DatabaseError(message) from None
        self._announce(session)

    def _announce(self, session: Session) -> None:
        """Tell the listeners what a committed unit of work changed (nothing: no call)."""
        if not self.listeners:
            return
        from sgtui.services.audit import changed_in

        kinds, ids = changed_in(session)
        if kinds:
            for listener in list(self.listeners):
                listener(kinds, ids)
