"""Schema versions, managed by Alembic and applied when a database is opened.

An SQLite file is copied (SQLite's online backup API) before any upgrade, so a failed
or unwanted migration can always be rolled back by hand. A database stamped with a
revision this version does not know was made by a newer sgtui and is refused rather
than damaged.

Opening a database that is already at :data:`HEAD_REVISION` costs one plain query of
``alembic_version``; Alembic itself (about a third of a second to import) is loaded
only when the schema is behind, unknown or missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy.exc
from sqlalchemy import inspect, text

from sgtui.store.database import Database
from sgtui.store.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

HEAD_REVISION = "0007"
"""The newest revision in ``versions/``; a test checks it against Alembic's own head."""


def __getattr__(name: str) -> object:
    """``migrations.ScriptDirectory`` etc. still work, imported on first use."""
    if name == "ScriptDirectory":
        from alembic.script import ScriptDirectory

        return ScriptDirectory
    if name == "MigrationContext":
        from alembic.runtime.migration import MigrationContext

        return MigrationContext
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def alembic_config() -> Config:
    """An in-memory Alembic config pointing at this package (no alembic.ini needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "sgtui.store:migrations")
    return cfg


def head_revision() -> str:
    """The newest schema revision this version of sgtui knows."""
    return HEAD_REVISION


def script_head_revision() -> str:
    """The head as Alembic reads it from ``versions/`` (tests compare it to HEAD_REVISION)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    """The revision the database is stamped with (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def stamped_revision(db: Database) -> str | None:
    """The stamped revision by one plain query (None when there is no stamp table or row)."""
    try:
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except sqlalchemy.exc.ProgrammingError:  # PostgreSQL: no such table
        return None
    except sqlalchemy.exc.OperationalError as exc:  # SQLite: no such table
        if "no such table" in str(exc):
            return None
        raise
    return rows[0] if len(rows) == 1 else None


def check_version(db: Database) -> str | None:
    """Refuse a database this version cannot read; return its current revision."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with db.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        tables = set(inspect(conn).get_table_names())
    if current is None and tables - {"alembic_version"}:
        raise DatabaseError(f"{db.display} holds other tables: it is not an sgtui database")
    known = {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if current is not None and current not in known:
        raise DatabaseError(
            f"{db.display} was written by a newer sgtui (schema {current}); upgrade sgtui to open it"
        )
    return current


def upgrade_to_head(db: Database, *, backup_dir: Path | None = None) -> bool:
    """Bring the schema up to date; True when anything was applied."""
    if stamped_revision(db) == HEAD_REVISION:
        return False
    from alembic import command

    current = check_version(db)
    head = head_revision()
    if current == head:
        return False
    if current is not None and db.sqlite_path is not None:
        from sgtui.clock import Clock
        from sgtui.store.backup import backup_sqlite

        # Opening a database has no services yet: the real clock stamps the copy's name.
        now = Clock().now()
        backup_sqlite(db, reason=f"pre-migrate-{current}", now=now, directory=backup_dir)
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True


def upgrade_to(db: Database, revision: str) -> None:
    """Apply migrations up to ``revision`` only (used by the migration tests)."""
    from alembic import command

    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
