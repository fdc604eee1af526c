"""Which processes have an SQLite database open, and whether the file was replaced under one.

Each open database holds an exclusive lock on its own file ``<db>.open/<pid>-<n>.lock``
(filelock: ``flock`` on POSIX, ``msvcrt.locking`` on Windows), so "is it open
elsewhere?" is answered by trying each lock: one that can be taken belonged to a
process that has gone and is removed. The operating system drops the lock of a
killed process, so a crash never leaves the database looking open for ever.

A restore forced past that check swaps a new file in under the other process,
whose connections go on writing to the old, unlinked file: every save would be
reported and lost. :class:`FileGuard` notices that the path now names a different
file (device and inode) and refuses further transactions.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from sgtui import paths
from sgtui.store.errors import DatabaseError

_serial = itertools.count(1)


class DatabaseReplaced(DatabaseError):
    """The database file was swapped (e.g. restored) while this process had it open."""


def open_folder(db_path: Path) -> Path:
    """The folder of lock files beside the database: ``<db>.open``."""
    return db_path.with_name(db_path.name + ".open")


def others_holding(db_path: Path) -> int:
    """How many other opens of ``db_path`` are live; stale locks of gone processes are removed."""
    folder = open_folder(db_path)
    if not folder.is_dir():
        return 0
    live = 0
    for lock_path in folder.glob("*.lock"):
        if lock_path.name.startswith(f"{os.getpid()}-"):
            continue  # this process's own opens (a test, or the CLI's own connection)
        probe = FileLock(lock_path, timeout=0, thread_local=False)
        try:
            probe.acquire()
        except Timeout:
            live += 1
            continue
        probe.release()
        with contextlib.suppress(OSError):
            lock_path.unlink()
    if not live:
        with contextlib.suppress(OSError):  # fails harmlessly if a lock appeared meanwhile
            folder.rmdir()
    return live


class FileGuard:
    """This process's claim on an open SQLite file, and a check that it is still that file."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path.resolve()  # the same file even if the process changes folder
        self._identity = _identity(db_path)
        self._replaced = False
        self._lock: FileLock | None = None
        self._lock_path: Path | None = None
        self._register()

    def _register(self) -> None:
        """Hold this open's lock file; a folder we cannot write only loses the registration.

        A second try covers another process removing the (then empty) folder between
        our creating it and our lock file.
        """
        folder = open_folder(self.db_path)
        lock_path = folder / f"{os.getpid()}-{next(_serial)}.lock"
        for _attempt in range(2):
            try:
                paths.ensure_private_dir(folder)
                lock = FileLock(lock_path, timeout=0, mode=0o600, thread_local=False)
                lock.acquire()
            except FileNotFoundError:
                continue
            except (OSError, Timeout):
                return
            self._lock, self._lock_path = lock, lock_path
            return

    def check(self, *_args: Any) -> None:
        """Raise :class:`DatabaseReplaced` once the path names a different file than at open.

        Registered on the engine's "begin" and "commit" events, so nothing more is read
        from or written to the old file once a restore has replaced it.
        """
        if not self._replaced and _identity(self.db_path) == self._identity:
            return
        self._replaced = True
        raise DatabaseReplaced(
            f"the database {self.db_path} was replaced (restored from a backup?) while sgtui "
            "had it open, so nothing more was saved: close sgtui and open it again"
        )

    def release(self) -> None:
        """Drop the lock and its file (closing the database)."""
        if self._lock is None or self._lock_path is None:
            return
        self._lock.release()
        with contextlib.suppress(OSError):
            self._lock_path.unlink()
        with contextlib.suppress(OSError):  # only when empty: others may still hold it open
            self._lock_path.parent.rmdir()
        self._lock = None


def _identity(path: Path) -> tuple[int, int] | None:
    """Device and inode (Windows: volume and file index): which file the path names."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)
