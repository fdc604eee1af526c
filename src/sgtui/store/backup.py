"""Copies of the SQLite database: taking, rotating, restoring and checking them.

Copies use SQLite's online backup API, which copies a live database consistently
(even while another process holds it open in WAL mode); a plain file copy does not.
Copies are named ``<db>-<reason>-<UTC stamp>.db`` in the backups folder and rotated
per reason (:data:`KEEP`), so automatic copies never fill the disk. PostgreSQL is
backed up with ``pg_dump`` (see sgtui/docs/backups.md), not here.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL

from sgtui import paths
from sgtui.clock import Clock, to_london
from sgtui.store import scratch
from sgtui.store.engine import Database, DatabaseError

KEEP = {"daily": 14, "pre-import": 10, "pre-migrate": 10, "pre-restore": 10, "manual": 10}
"""How many copies of each kind rotation keeps (the newest ones)."""
KEEP_OTHER = 10
STAMP = "%Y%m%dT%H%M%S%fZ"
SQLITE_HEADER = b"SQLite format 3\x00"
PARTIAL = "partial"
"""Suffix of a copy still being written or checked (see :mod:`sgtui.store.scratch`)."""
RESTORING = "restoring"
"""Suffix of the checked copy a restore puts in the database's place."""
SQLITE_BUSY, SQLITE_LOCKED = 5, 6


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
    """Copy the SQLite file ``source`` into the backups folder; rotate; return the copy.

    The database must pass ``PRAGMA quick_check`` first: a copy of a damaged database
    would count as the newest good copy and rotate a real one out.
    """
    target_dir = paths.ensure_private_dir(directory or paths.backup_dir())
    scratch.sweep(target_dir, f"{source.stem}-", PARTIAL)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime(STAMP)
    target = target_dir / f"{source.stem}-{reason}-{stamp}.db"
    take_copy(source, target)
    rotate(target_dir, source.stem)
    return target


def take_copy(source: Path, target: Path) -> None:
    """Copy the live database ``source`` to ``target`` if it passes the quick check."""
    quick_check(source)
    copy_sqlite_file(source, target)


def quick_check(source: Path) -> None:
    """Raise DatabaseError if SQLite's quick check finds ``source`` damaged (or it is locked)."""
    try:
        with _connect(source, read_only=True) as conn:
            result = [row[0] for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        raise _copy_error(exc, source, None) from None
    if result != ["ok"]:
        raise DatabaseError(
            f"{source.name} is damaged ({result[0]}), so it was not backed up: run `sgtui doctor`"
        )


def copy_sqlite_file(source: Path, target: Path) -> None:
    """Consistent copy of one SQLite file to another path, owner-only from the start.

    The copy is written under a temporary name, checked (``integrity_check`` and a
    non-zero page count) and only then renamed, so a full disk, a lock or a killed
    process never leaves a file at ``target`` that passes for a good copy.
    """
    partial = scratch.temp_path(target, PARTIAL)
    scratch.remove(partial)
    try:
        _backup_into(source, partial)
        problem = _copy_problem(partial)
        if problem:
            raise DatabaseError(f"the copy of {source.name} failed its check ({problem})")
        paths.restrict_to_owner(partial)
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        raise _copy_error(exc, source, target) from None
    finally:
        scratch.remove(partial)


def _backup_into(source: Path, partial: Path) -> None:
    """SQLite's online backup of ``source`` into the new file ``partial``."""
    src = sqlite3.connect(
        f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=_busy_timeout_s()
    )
    try:
        paths.create_private_file(partial)
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst, progress=_stop_when_busy)
        finally:
            dst.close()
    finally:
        src.close()


def _stop_when_busy(status: int, _remaining: int, _total: int) -> None:
    """Give up once the busy timeout has passed: sqlite3's backup loop retries forever.

    Each step already waited the busy timeout for the lock, so one busy step means
    another process (e.g. one in ``locking_mode=EXCLUSIVE``) is holding it.
    """
    if status in (SQLITE_BUSY, SQLITE_LOCKED):
        raise sqlite3.OperationalError("database is locked")


def _busy_timeout_s() -> float:
    from sgtui.store import engine

    return engine.SQLITE_BUSY_TIMEOUT_MS / 1000


def _copy_problem(copy: Path) -> str | None:
    """Why a fresh copy is not a good one (None when it is)."""
    with _connect(copy) as conn:
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if pages == 0:
        return "it is empty"
    return None if integrity == ["ok"] else str(integrity[0])


def _copy_error(exc: BaseException, source: Path, target: Path | None) -> DatabaseError:
    """One sentence for a copy that failed: busy, a full disk, a damaged source, other."""
    from sgtui.store.engine import DatabaseBusy, busy_message, safe_url

    if isinstance(exc, DatabaseError):
        return exc
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "locked" in text or "busy" in text:
        return DatabaseBusy(busy_message(safe_url(URL.create("sqlite", database=str(source)))))
    where = f"the copy {target}" if target is not None else f"a copy of {source.name}"
    if "disk is full" in text or getattr(exc, "errno", None) == errno.ENOSPC:
        return DatabaseError(f"cannot write {where}: the disk is full (nothing was saved)")
    if target is None:
        return DatabaseError(
            f"{source.name} is damaged ({text}), so it was not backed up: run `sgtui doctor`"
        )
    if "malformed" in text or "not a database" in text:
        return DatabaseError(f"{source.name} is damaged ({text}): it failed the integrity check")
    return DatabaseError(f"cannot write {where}: {text} (nothing was saved)")


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
    """Delete the oldest copies beyond each kind's allowance; return what was deleted.

    Only whole copies (:func:`looks_whole`) count towards an allowance, so empty or
    truncated files left by a failed copy can never push a good one out, and the
    newest whole copy of any kind is never deleted.
    """
    copies = list_backups(directory, stem)
    whole = {c.path for c in copies if looks_whole(c.path)}
    newest_whole = next((c.path for c in copies if c.path in whole), None)
    kept: dict[str, int] = {}
    removed: list[Path] = []
    for backup in copies:
        over_allowance = kept.get(backup.kind, 0) >= KEEP.get(backup.kind, KEEP_OTHER)
        if over_allowance and backup.path != newest_whole:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
            continue
        if backup.path in whole:
            kept[backup.kind] = kept.get(backup.kind, 0) + 1
    return removed


def looks_whole(path: Path) -> bool:
    """A cheap check that a copy is all there: SQLite's header, pages, and the length
    its header promises. (The full check is ``integrity_check``, which doctor runs.)"""
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
        size = path.stat().st_size
    except OSError:
        return False
    if len(header) < 100 or header[:16] != SQLITE_HEADER:
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    size_is_valid = header[92:96] == header[24:28]  # SQLite's "version-valid-for" rule
    return pages > 0 and (not size_is_valid or size >= page_size * pages)


def ensure_daily_backup(
    db: Database, clock: Clock | None = None, report: Callable[[str], None] | None = None
) -> Path | None:
    """Take today's "daily" copy on the first open of the day (London date); else None.

    A copy that cannot be written (full disk, read-only folder, a damaged database)
    never stops sgtui opening and leaves no file, so the next start tries again;
    ``report`` (if given) is told why in one sentence, so the officer hears of a
    damaged database or a full disk the day it happens, not when a copy is needed.
    """
    source = db.sqlite_path
    if source is None or not source.exists():
        return None
    clock = clock or Clock()
    directory = paths.backup_dir()
    dailies = list_backups(directory, source.stem) if directory.exists() else []
    if any(_todays_good_daily(b, clock) for b in dailies):
        return None
    try:
        return backup_file(source, reason="daily", now=clock.now())
    except (OSError, sqlite3.Error, DatabaseError) as exc:
        if report is not None:
            report(f"Today's backup was not taken: {_reason(exc)}")
        return None


def _reason(exc: BaseException) -> str:
    """A failed copy's one-line reason (DatabaseError already is one)."""
    if isinstance(exc, DatabaseError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror} ({exc.filename})" if exc.filename else exc.strerror
    return type(exc).__name__


def _todays_good_daily(backup: BackupFile, clock: Clock) -> bool:
    """A whole daily copy taken today: a failed one is retried on the next start."""
    today = to_london(backup.taken_at).date() == clock.today()
    return backup.kind == "daily" and today and looks_whole(backup.path)


def start_daily_backup(
    db: Database, clock: Clock | None = None, report: Callable[[str], None] | None = None
) -> threading.Thread:
    """:func:`ensure_daily_backup` in a background thread, so the app shows at once.

    Not a daemon: quitting straight away still lets a copy already under way finish,
    rather than leaving half a file that would pass for today's copy.
    """
    thread = threading.Thread(
        target=ensure_daily_backup,
        args=(db, clock, report),
        name="sgtui-daily-backup",
        daemon=False,
    )
    thread.start()
    return thread


# --- Checking and restoring -----------------------------------------------------------


def integrity_problems(path: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` and ``foreign_key_check`` report (empty when healthy)."""
    if path.is_file() and path.stat().st_size == 0:
        return [f"{path.name} is empty (0 bytes)"]
    if not is_sqlite_file(path):
        return [f"{path.name} is not an SQLite database file"]
    if not looks_whole(path):
        return [f"{path.name} is truncated: shorter than its header says"]
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
def _connect(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    """A plain connection for checks: no pragmas, so checking never changes the file."""
    if read_only:
        target = f"{path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(target, uri=True, timeout=_busy_timeout_s())
    else:
        conn = sqlite3.connect(path, timeout=_busy_timeout_s())
    try:
        yield conn
    finally:
        conn.close()


def restore_sqlite(target: Path, source: Path, *, force: bool = False) -> Path | None:
    """Replace the database ``target`` with the copy ``source``, after checking the copy.

    The copy must be an SQLite file that passes the integrity check and carries a
    schema revision this sgtui knows (older ones are upgraded on next open). The
    current database is backed up first ("pre-restore"); that copy's path is returned.

    Refused while another sgtui has the database open (its later saves would go to
    the replaced file and be lost), unless ``force``: that sgtui then stops saving,
    with a message, until it is reopened.
    """
    if not force:
        _refuse_if_open(target)
    if not is_sqlite_file(source):
        raise DatabaseError(f"{source} is not an sgtui backup (not an SQLite file)")
    for purpose in (RESTORING, PARTIAL):  # left by a restore that was killed
        scratch.sweep(target.parent, f"{target.name}.", purpose)
    staging = scratch.temp_path(target, RESTORING)
    try:
        copy_sqlite_file(source, staging)
        _check_restorable(staging, source)
        safety = _keep_current(target) if target.exists() else None
        _retire_wal(target)
        os.replace(staging, target)
    finally:
        scratch.remove(staging)
    return safety


def _refuse_if_open(target: Path) -> None:
    """DatabaseError naming that the database is open in another sgtui process."""
    from sgtui.store.open_lock import others_holding

    holders = others_holding(target)
    if holders:
        where = "another sgtui" if holders == 1 else f"{holders} other sgtui processes"
        raise DatabaseError(
            f"the database {target} is open in {where}: close sgtui there first, "
            "or restore with --force (that sgtui then stops saving until it is reopened)"
        )


def _keep_current(target: Path) -> Path:
    """Copy the database being replaced to the backups folder ("pre-restore").

    A damaged database is exactly what one restores over, and it must not become a
    backup that rotation trusts: it is kept byte for byte as ``<db>-damaged-<time>.db.damaged``.
    """
    from sgtui.store.engine import DatabaseBusy

    try:
        return backup_file(target, reason="pre-restore")
    except DatabaseBusy:
        raise
    except DatabaseError:
        if not integrity_problems(target):
            raise  # not damage: e.g. a full disk, which must stop the restore
    folder = paths.ensure_private_dir(paths.backup_dir())
    stamp = datetime.now(UTC).strftime(STAMP)
    kept = folder / f"{target.stem}-damaged-{stamp}.db.damaged"
    paths.create_private_file(kept)
    shutil.copyfile(target, kept)
    return kept


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
        try:
            with _connect(target) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise _copy_error(exc, target, None) from None
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
