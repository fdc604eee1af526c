"""``sgtui doctor``: is the database whole, its schema known, its files private, its copies good.

Each check is a :class:`Finding`; the restore uses :func:`schema_revision` too, to
refuse a copy that is not an sgtui database.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sgtui import paths
from sgtui.clock import to_london
from sgtui.store.backup import (
    BackupFile,
    connect_plain,
    integrity_problems,
    is_sqlite_file,
    list_backups,
)
from sgtui.store.database import Database
from sgtui.store.errors import DatabaseError, describe_operational_error


def schema_revision(path: Path) -> str | None:
    """The file's sgtui schema revision (None when empty); DatabaseError if not sgtui's or newer."""
    from alembic.script import ScriptDirectory

    from sgtui.store import migrations

    with connect_plain(path) as conn:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        row = (
            conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if ("alembic_version" in tables)
            else None
        )
    revision = row[0] if row else None
    if revision is None and tables - {"alembic_version"}:
        raise DatabaseError(f"{path.name} holds other tables: it is not an sgtui database")
    scripts = ScriptDirectory.from_config(migrations.alembic_config())
    if revision is not None and revision not in {rev.revision for rev in scripts.walk_revisions()}:
        raise DatabaseError(f"{path.name} was written by a newer sgtui (schema {revision})")
    return revision


@dataclass(frozen=True)
class Finding:
    """One line of a health check: ``problem`` findings make ``sgtui doctor`` exit non-zero."""

    check: str
    detail: str
    problem: bool = False


def check_sqlite(path: Path) -> list[Finding]:
    """Integrity, links between records, schema revision, file permissions and backup age."""
    if not path.exists():
        return [Finding("database", f"no database at {path}", problem=True)]
    problems = integrity_problems(path)
    if problems and not is_sqlite_file(path):
        return [Finding("database", problems[0], problem=True), *_backup_findings(path)]
    findings = [
        Finding("integrity", "; ".join(problems) or "ok", problem=bool(problems)),
        _revision_finding(lambda: schema_revision(path)),
        _mode_finding(path),
    ]
    return findings + _backup_findings(path)


def check_server(db: Database) -> list[Finding]:
    """A PostgreSQL database: can we connect, and is the schema one this sgtui knows."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from sgtui.store import migrations

    try:
        with db.engine.connect() as conn:
            version = conn.execute(text("SHOW server_version")).scalar_one()
    except OperationalError as exc:
        return [Finding("connection", describe_operational_error(exc, db.url), problem=True)]
    findings = [Finding("connection", f"connected to PostgreSQL {version} at {db.display}")]
    return findings + [_revision_finding(lambda: migrations.check_version(db))]


def _revision_finding(read: Callable[[], str | None]) -> Finding:
    from sgtui.store import migrations

    try:
        revision = read()
    except DatabaseError as exc:
        return Finding("schema", str(exc), problem=True)
    except sqlite3.DatabaseError as exc:
        return Finding("schema", f"cannot be read: {exc}", problem=True)
    head = migrations.head_revision()
    if revision is None:
        return Finding("schema", "empty: no sgtui schema yet (it is created on first open)")
    if revision != head:
        return Finding("schema", f"revision {revision}; upgraded to {head} on next open")
    return Finding("schema", f"revision {revision} (current)")


def _mode_finding(path: Path) -> Finding:
    """Special-category data: the file must not be readable by other users."""
    if os.name != "posix":
        return Finding("permissions", "not checked on this system")
    loose = [p.name for p in _db_files(path) if p.stat().st_mode & 0o077]
    if loose:
        return Finding(
            "permissions", f"readable by other users: {', '.join(loose)} (chmod 600)", problem=True
        )
    return Finding("permissions", "owner only")


def _db_files(path: Path) -> list[Path]:
    return [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


def _backup_findings(path: Path) -> list[Finding]:
    """Every copy of the database, verified: a copy that fails is a problem."""
    directory = paths.backup_dir()
    copies = list_backups(directory, path.stem) if directory.exists() else []
    if not copies:
        return [Finding("backups", f"no copies yet in {directory}")]
    failed = {c.path: integrity_problems(c.path) for c in copies}
    good = [c for c in copies if not failed[c.path]]
    findings = [Finding("backups", _backups_summary(copies, good), problem=not good)]
    for copy in copies:
        taken = to_london(copy.taken_at).strftime("%d/%m/%Y %H:%M")
        problems = failed[copy.path]
        verdict = problems[0].removeprefix(f"{copy.path.name} ") if problems else "ok"
        detail = f"{copy.path.name} ({copy.kind}, {taken}): {verdict}"
        findings.append(Finding("backup", detail, problem=bool(problems)))
    return findings


def _backups_summary(copies: list[BackupFile], good: list[BackupFile]) -> str:
    """How many copies there are, how many failed, and when the newest good one was taken."""
    failed = len(copies) - len(good)
    counts = f"{len(copies)} copies, {failed} failed" if failed else f"{len(copies)} copies"
    if not good:
        return f"{counts}: no good copy"
    newest = to_london(good[0].taken_at).strftime("%d/%m/%Y %H:%M")
    return f"{counts}; newest good copy {newest} ({good[0].kind})"
