"""Restoring the SQLite database from a copy, after checking the copy is whole and sgtui's.

The database being replaced is kept first (a "pre-restore" copy, or byte for byte when
it is damaged), and a restore is refused while another sgtui has the file open.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sgtui import paths
from sgtui.store import scratch
from sgtui.store.backup import (
    PARTIAL,
    RESTORING,
    STAMP,
    backup_file,
    connect_plain,
    copy_error,
    copy_sqlite_file,
    integrity_problems,
    is_sqlite_file,
)
from sgtui.store.doctor import schema_revision
from sgtui.store.errors import DatabaseBusy, DatabaseError


def restore_sqlite(
    target: Path, source: Path, *, now: datetime, force: bool = False
) -> Path | None:
    """Replace the database ``target`` with the copy ``source``, after checking the copy.

    The copy must be an SQLite file that passes the integrity check and carries a
    schema revision this sgtui knows (older ones are upgraded on next open). The
    current database is backed up first ("pre-restore", stamped ``now``: the clock's
    instant); that copy's path is returned.

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
        safety = _keep_current(target, now) if target.exists() else None
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


def _keep_current(target: Path, now: datetime) -> Path:
    """Copy the database being replaced to the backups folder ("pre-restore").

    A damaged database is exactly what one restores over, and it must not become a
    backup that rotation trusts: it is kept byte for byte as ``<db>-damaged-<time>.db.damaged``.
    """
    try:
        return backup_file(target, reason="pre-restore", now=now)
    except DatabaseBusy:
        raise
    except DatabaseError:
        if not integrity_problems(target):
            raise  # not damage: e.g. a full disk, which must stop the restore
    folder = paths.ensure_private_dir(paths.backup_dir())
    stamp = now.astimezone(UTC).strftime(STAMP)
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
            with connect_plain(target) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise copy_error(exc, target, None) from None
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
