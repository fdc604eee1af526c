"""Temporary names for files being written, and removing what a failed or killed run left.

A copy is written under a temporary name and renamed only once checked, so a full
disk or a killed process never leaves something that passes for a good copy. The
temporary name carries the writer's process id: the next run removes temporaries
whose writer is gone, and never one another sgtui is still writing.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

SIDE_FILES = ("-journal", "-wal", "-shm")
"""Files SQLite may create beside a database it writes."""


def temp_path(target: Path, purpose: str) -> Path:
    """Where ``target`` is written before it is checked: ``<name>.<pid>.<purpose>``."""
    return target.with_name(f"{target.name}.{os.getpid()}.{purpose}")


def remove(path: Path) -> None:
    """Delete ``path`` and any journal SQLite left beside it; missing files are fine."""
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in SIDE_FILES)):
        with contextlib.suppress(OSError):
            candidate.unlink(missing_ok=True)


def sweep(folder: Path, prefix: str, purpose: str) -> list[Path]:
    """Remove temporaries ``<prefix>*.<pid>.<purpose>`` whose writer has gone; return them."""
    if not folder.is_dir():
        return []
    removed: list[Path] = []
    for path in folder.glob(f"{prefix}*.{purpose}"):
        pid = path.name[: -len(purpose) - 1].rpartition(".")[2]
        if pid.isdigit() and not _running(int(pid)):
            remove(path)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    """Whether process ``pid`` is alive (this process counts as alive).

    Windows has no signal 0; there a file another process still writes cannot be
    deleted anyway, so ``remove`` fails harmlessly and the file is treated as gone.
    """
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
