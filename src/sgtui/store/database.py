"""An open database: the handle every layer is given, and the settings its connections share.

The engine opens it, migrations and backups take it, services hold it: so it lives
apart from the engine that builds it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import URL, Engine
from sqlmodel import Session

from sgtui.store.errors import safe_url

if TYPE_CHECKING:
    from sgtui.store.open_lock import FileGuard

SQLITE_BUSY_TIMEOUT_MS = 5000
"""How long an SQLite connection (or a backup's plain connection) waits for another
process's write lock before giving up as busy."""


@dataclass(frozen=True)
class Database:
    """An open, migrated database: the engine plus a safe description of where it is."""

    engine: Engine
    url: URL
    guard: FileGuard | None = field(default=None, compare=False, repr=False)
    """For an SQLite file: this process's open-lock, and the check that the file was not
    replaced under it (see :mod:`sgtui.store.open_lock`)."""

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        """The database file, for SQLite files (None for PostgreSQL or in-memory)."""
        if not self.is_sqlite or not self.url.database or self.url.database == ":memory:":
            return None
        return Path(self.url.database)

    @property
    def display(self) -> str:
        """Where the data lives, with any password masked."""
        return safe_url(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
        if self.guard is not None:
            self.guard.release()
