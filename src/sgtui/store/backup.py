"""Copies of the SQLite database taken with SQLite's online backup API.

The backup API copies a live database consistently (even while another process holds
it open in WAL mode), which a plain file copy does not.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sgtui import paths
from sgtui.store.engine import Database, DatabaseError


def backup_sqlite(db: Database, *, reason: str, directory: Path | None = None) -> Path:
    """Copy the database to ``directory`` (default: the backups folder beside the data)."""
    source = db.sqlite_path
    if source is None:
        raise DatabaseError("backups are for SQLite files; use pg_dump for PostgreSQL")
    target_dir = paths.ensure_private_dir(directory or paths.backup_dir())
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = target_dir / f"{source.stem}-{reason}-{stamp}.db"
    copy_sqlite_file(source, target)
    return target


def copy_sqlite_file(source: Path, target: Path) -> None:
    """Consistent copy of one SQLite file to another path, owner-only."""
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    paths.restrict_to_owner(target)
