"""Copies of the SQLite database: taking, rotating and checking them.

Copies use SQLite's online backup API, which copies a live database consistently
(even while another process holds it open in WAL mode); a plain file copy does not.
Copies are named ``<db>-<reason>-<UTC stamp>.db`` in the backups folder and rotated
per reason (:data:`KEEP`), so automatic copies never fill the disk. PostgreSQL is
backed up with ``pg_dump`` (see sgtui/docs/backups.md), not here. Restoring a copy is
:mod:`sgtui.store.restore`; checking the database and its copies is :mod:`sgtui.store.doctor`.
"""

from __future__ import annotations

import errno
import os
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
from sgtui.store import database, scratch
from sgtui.store.database import Database
from sgtui.store.errors import DatabaseBusy, DatabaseError, busy_message, safe_url

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
    db: Database, *, reason: str, now: datetime, directory: Path | None = None
) -> Path:
    """Copy the database to ``directory`` (default: the backups folder) and rotate old copies."""
    source = db.sqlite_path
    if source is None:
        raise DatabaseError("backups are for SQLite files; use pg_dump for PostgreSQL")
    return backup_file(source, reason=reason, directory=directory, now=now)


def backup_file(source: Path, *, reason: str, now: datetime, directory: Path | None = None) -> Path:
    """Copy the SQLite file ``source`` into the backups folder; rotate; return the copy.

    The database must pass ``PRAGMA quick_check`` first: a copy of a damaged database
    would count as the newest good copy and rotate a real one out.
    """
    target_dir = paths.ensure_private_dir(directory or paths.backup_dir())
    scratch.sweep(target_dir, f"{source.stem}-", PARTIAL)
    stamp = now.astimezone(UTC).strftime(STAMP)
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
        with connect_plain(source, read_only=True) as conn:
            result = [row[0] for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        raise copy_error(exc, source, None) from None
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
        raise copy_error(exc, source, target) from None
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
    return database.SQLITE_BUSY_TIMEOUT_MS / 1000


def _copy_problem(copy: Path) -> str | None:
    """Why a fresh copy is not a good one (None when it is)."""
    with connect_plain(copy) as conn:
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if pages == 0:
        return "it is empty"
    return None if integrity == ["ok"] else str(integrity[0])


def copy_error(exc: BaseException, source: Path, target: Path | None) -> DatabaseError:
    """One sentence for a copy that failed: busy, a full disk, a damaged source, other."""
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


# --- Checking a copy -----------------------------------------------------------------


def integrity_problems(path: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` and ``foreign_key_check`` report (empty when healthy)."""
    if path.is_file() and path.stat().st_size == 0:
        return [f"{path.name} is empty (0 bytes)"]
    if not is_sqlite_file(path):
        return [f"{path.name} is not an SQLite database file"]
    if not looks_whole(path):
        return [f"{path.name} is truncated: shorter than its header says"]
    try:
        with connect_plain(path) as conn:
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


@contextmanager
def connect_plain(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
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
