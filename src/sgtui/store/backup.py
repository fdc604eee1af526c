"""Copies of the SQLite database: taking, rotating, restoring and checking them.

Copies use SQLite's online backup API, which copies a live database consistently
(even while another process holds it open in WAL mode); a plain file copy does not.
Copies are named ``<db>-<reason>-<UTC stamp>.db`` in the backups folder and rotated
per reason (:data:`KEEP`), so automatic copies never fill the disk. PostgreSQL is
backed up with ``pg_dump`` (see docs/backups.md), not here.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sgtui import paths
from sgtui.clock import Clock, to_london
from sgtui.store.engine import Database, DatabaseError

KEEP = {"daily": 14, "pre-import": 10, "pre-migrate": 10, "pre-restore": 10, "manual": 10}
"""How many copies of each kind rotation keeps (the newest ones)."""
KEEP_OTHER = 10
STAMP = "%Y%m%dT%H%M%S%fZ"
SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class BackupFile:
    """A copy found in the backups folder."""

    path: Path
    kind: str
    taken_at: datetime


def backup_sqlite(
    db: Database, *, reason: str, directory: Path | None = None, now: datetime | None = None
) -> Path:
    """Copy the database to ``directory`` (default: the backups folder) and rotate old copies."""
    source = db.sqlite_path
    if source is None:
        raise DatabaseError("backups are for SQLite files; use pg_dump for PostgreSQL")
    return backup_file(source, reason=reason, directory=directory, now=now)


def backup_file(
    source: Path, *, reason: str, directory: Path | None = None, now: datetime | None = None
) -> Path:
    """Copy the SQLite file ``source`` into the backups folder; rotate; return the copy."""
    target_dir = paths.ensure_private_dir(directory or paths.backup_dir())
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime(STAMP)
    target = target_dir / f"{source.stem}-{reason}-{stamp}.db"
    copy_sqlite_file(source, target)
    rotate(target_dir, source.stem)
    return target


def copy_sqlite_file(source: Path, target: Path) -> None:
    """Consistent copy of one SQLite file to another path, owner-only from the start."""
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        paths.create_private_file(target)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    paths.restrict_to_owner(target)


def list_backups(directory: Path, stem: str) -> list[BackupFile]:
    """The copies of database ``stem`` in ``directory``, newest first."""
    found: list[BackupFile] = []
    for path in directory.glob(f"{stem}-*.db"):
        reason, _, stamp = path.name[len(stem) + 1 : -3].rpartition("-")
        try:
            taken_at = datetime.strptime(stamp, STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue  # not one of ours (or another database whose name starts the same)
        kind = "pre-migrate" if reason.startswith("pre-migrate") else reason
        found.append(BackupFile(path, kind, taken_at))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def rotate(directory: Path, stem: str) -> list[Path]:
    """Delete the oldest copies beyond each kind's allowance; return what was deleted."""
    seen: dict[str, int] = {}
    removed: list[Path] = []
    for backup in list_backups(directory, stem):
        seen[backup.kind] = seen.get(backup.kind, 0) + 1
        if seen[backup.kind] > KEEP.get(backup.kind, KEEP_OTHER):
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def ensure_daily_backup(db: Database, clock: Clock | None = None) -> Path | None:
    """Take today's "daily" copy on the first open of the day (London date); else None.

    A copy that cannot be written (full disk, read-only folder) never stops sgtui
    opening; ``sgtui doctor`` reports how old the newest copy is.
    """
    source = db.sqlite_path
    if source is None or not source.exists():
        return None
    clock = clock or Clock()
    directory = paths.backup_dir()
    dailies = list_backups(directory, source.stem) if directory.exists() else []
    if any(to_london(b.taken_at).date() == clock.today() for b in dailies if b.kind == "daily"):
        return None
    try:
        return backup_file(source, reason="daily", now=clock.now())
    except (OSError, sqlite3.Error):
        return None


def start_daily_backup(db: Database, clock: Clock | None = None) -> threading.Thread:
    """:func:`ensure_daily_backup` in a background thread, so the app shows at once.

    Not a daemon: quitting straight away still lets a copy already under way finish,
    rather than leaving half a file that would pass for today's copy.
    """
    thread = threading.Thread(
        target=ensure_daily_backup, args=(db, clock), name="sgtui-daily-backup", daemon=False
    )
    thread.start()
    return thread


# --- Checking and restoring -----------------------------------------------------------


def integrity_problems(path: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` and ``foreign_key_check`` report (empty when healthy)."""
    if not is_sqlite_file(path):
        return [f"{path.name} is not an SQLite database file"]
    try:
        with _connect(path) as conn:
            integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            broken_links = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [f"cannot read {path.name}: {exc}"]
    problems = [] if integrity == ["ok"] else integrity[:5]
    tables = sorted({row[0] for row in broken_links})
    if broken_links:
        problems.append(
            f"{len(broken_links)} broken links between records (in {', '.join(tables)})"
        )
    return problems


def is_sqlite_file(path: Path) -> bool:
    """True when ``path`` is a file starting with SQLite's header."""
    if not path.is_file():
        return False
    with path.open("rb") as fh:
        return fh.read(16) == SQLITE_HEADER


def schema_revision(path: Path) -> str | None:
    """The file's sgtui schema revision (None when empty); DatabaseError if not sgtui's or newer."""
    from alembic.script import ScriptDirectory

    from sgtui.store import migrations

    with _connect(path) as conn:
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


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain connection for checks: no pragmas, so checking never changes the file."""
    conn = sqlite3.connect(path)
    try:
        yield conn
    finally:
        conn.close()


def restore_sqlite(target: Path, source: Path) -> Path | None:
    """Replace the database ``target`` with the copy ``source``, after checking the copy.

    The copy must be an SQLite file that passes the integrity check and carries a
    schema revision this sgtui knows (older ones are upgraded on next open). The
    current database is backed up first ("pre-restore"); that copy's path is returned.
    Close sgtui everywhere else first: another open connection would keep the old data.
    """
    if not is_sqlite_file(source):
        raise DatabaseError(f"{source} is not an sgtui backup (not an SQLite file)")
    staging = target.with_name(target.name + ".restoring")
    staging.unlink(missing_ok=True)
    try:
        copy_sqlite_file(source, staging)
        _check_restorable(staging, source)
        safety = backup_file(target, reason="pre-restore") if target.exists() else None
        _retire_wal(target)
        os.replace(staging, target)
    finally:
        staging.unlink(missing_ok=True)
    return safety


def _check_restorable(staging: Path, source: Path) -> None:
    """Refuse a damaged copy or one that is not an sgtui database."""
    problems = integrity_problems(staging)
    if problems:
        raise DatabaseError(f"{source} failed the integrity check: {problems[0]}")
    if schema_revision(staging) is None:
        raise DatabaseError(f"{source} is not an sgtui database (it has no sgtui schema)")


def _retire_wal(target: Path) -> None:
    """Fold the old database's WAL into it and remove -wal/-shm, which must not outlive it."""
    if target.exists():
        conn = sqlite3.connect(target)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)


# --- Doctor ---------------------------------------------------------------------------


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
        return [Finding("database", problems[0], problem=True)]
    findings = [
        Finding("integrity", "; ".join(problems) or "ok", problem=bool(problems)),
        _revision_finding(lambda: schema_revision(path)),
        _mode_finding(path),
    ]
    return findings + [_backup_finding(path)]


def check_server(db: Database) -> list[Finding]:
    """A PostgreSQL database: can we connect, and is the schema one this sgtui knows."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from sgtui.store import migrations
    from sgtui.store.engine import describe_operational_error

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


def _backup_finding(path: Path) -> Finding:
    directory = paths.backup_dir()
    copies = list_backups(directory, path.stem) if directory.exists() else []
    if not copies:
        return Finding("backups", f"no copies yet in {directory}")
    newest = to_london(copies[0].taken_at).strftime("%d/%m/%Y %H:%M")
    return Finding("backups", f"{len(copies)} copies; newest {newest} ({copies[0].kind})")
