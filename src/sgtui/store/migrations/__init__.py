"""Schema versions, managed by Alembic and applied when a database is opened.

An SQLite file is copied (SQLite's online backup API) before any upgrade, so a failed
or unwanted migration can always be rolled back by hand. A database stamped with a
revision this version does not know was made by a newer sgtui and is refused rather
than damaged.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from sgtui.store.engine import Database, DatabaseError


def alembic_config() -> Config:
    """An in-memory Alembic config pointing at this package (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", "sgtui.store:migrations")
    return cfg


def head_revision() -> str:
    """The newest schema revision this version of sgtui knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    """The revision the database is stamped with (None for an empty database)."""
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_version(db: Database) -> str | None:
    """Refuse a database this version cannot read; return its current revision."""
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
    current = check_version(db)
    head = head_revision()
    if current == head:
        return False
    if current is not None and db.sqlite_path is not None:
        from sgtui.store.backup import backup_sqlite

        backup_sqlite(db, reason=f"pre-migrate-{current}", directory=backup_dir)
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True


def upgrade_to(db: Database, revision: str) -> None:
    """Apply migrations up to ``revision`` only (used by the migration tests)."""
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def stamp_time() -> str:
    """A filesystem-safe UTC timestamp for backup names."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
