"""The bundle every service call needs: the database, the clock and who is acting."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlmodel import Session

from sgtui.clock import Clock
from sgtui.store.engine import Database


def current_actor() -> str:
    """The officer's name for the audit log: SGTUI_USER, else the OS login."""
    name = os.environ.get("SGTUI_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # getpass raises various errors where no login name exists
        return "unknown"


@dataclass
class Services:
    """What a unit of work needs. Screens, CLI, importers and exporters hold one of these."""

    db: Database
    clock: Clock = field(default_factory=Clock)
    actor: str = field(default_factory=current_actor)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back on error."""
        with self.db.session() as session:
            yield session
