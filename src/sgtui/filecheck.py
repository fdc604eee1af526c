"""One check for every file a user names: is it a regular file, and is it small enough?

Opening a named pipe (FIFO) for reading waits for ever for a writer, a folder or a
symbolic link loop turns into a misleading "no such file", and a file read whole can
take more memory than the machine has. So every command that takes a file (``--db``,
``--mapping``, the workbooks to import, a backup to restore) asks here first, and each
refusal is one sentence saying what the path is instead.

:func:`open_regular` opens without blocking and checks the *opened* file, so a path
swapped for a pipe between the check and the open cannot hang the command either.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO


class FileRefused(Exception):
    """A path that is not a file sgtui can read, with a one-line reason."""


DISK_ERRORS = {
    getattr(errno, name): text
    for name, text in (
        ("ENOSPC", "the disk is full"),
        ("EDQUOT", "the disk quota is used up"),
        ("EROFS", "the folder is on a read-only disk"),
        ("EACCES", "permission denied"),
        ("EPERM", "permission denied"),
    )
    if hasattr(errno, name)  # Windows lacks some of these
}
"""OSErrors whose errno says more to a user than the exception's own text."""


def os_error_reason(exc: OSError) -> str:
    """Why writing or reading failed, in a few plain words (no path, no traceback)."""
    if exc.errno in DISK_ERRORS:
        return DISK_ERRORS[exc.errno]
    return (exc.strerror or type(exc).__name__).lower()


def kind_of(mode: int) -> str | None:
    """What a file of this ``st_mode`` is, in words, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _refusal(path: Path, exc: OSError) -> str:
    """One sentence for an error stat or open raised on ``path``."""
    if exc.errno == errno.ELOOP:
        return f"{path} is a symbolic link loop, not a file"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return f"no such file: {path}"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied: {path}"
    return f"cannot open {path} ({exc.strerror or type(exc).__name__})"


def _kind_sentence(path: Path, kind: str) -> str:
    if kind.startswith("a "):
        return f"{path} is {kind}, not a file"
    return f"{path} is {kind}"


def check_regular_file(
    path: Path, *, error: type[Exception] = FileRefused, limit: int | None = None
) -> int:
    """Refuse ``path`` unless it is a regular file (no larger than ``limit``); its size.

    ``error`` is the exception class raised, so each layer keeps its own
    (:class:`~sgtui.importers.safety.UnreadableFile` for the importer, for example).
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        raise error(_refusal(path, exc)) from None
    kind = kind_of(info.st_mode)
    if kind is not None:
        raise error(_kind_sentence(path, kind))
    if limit is not None and info.st_size > limit:
        raise error(too_large(path, info.st_size, limit))
    return info.st_size


def too_large(path: Path, size: int, limit: int) -> str:
    """The sentence for a file over its size limit."""
    return f"{path.name} is too large ({_megabytes(size)}; the limit is {_megabytes(limit)})"


def _megabytes(size: int) -> str:
    if size < 2**20:
        return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"
    megabytes = size / 2**20
    return f"{megabytes:.1f} MB" if megabytes < 10 else f"{megabytes:,.0f} MB"


def open_regular(path: Path, *, error: type[Exception] = FileRefused) -> BinaryIO:
    """Open ``path`` for reading, refusing anything but a regular file, without blocking.

    ``O_NONBLOCK`` makes opening a pipe return at once (POSIX; Windows has no such
    flag and no such files in the file system); the check is then made on the open file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        check_regular_file(path, error=error)  # Windows refuses to open a folder: say so
        raise error(_refusal(path, exc)) from None
    try:
        kind = kind_of(os.fstat(fd).st_mode)
        if kind is not None:
            raise error(_kind_sentence(path, kind))
        _clear_nonblocking(fd)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _clear_nonblocking(fd: int) -> None:
    """Regular files ignore O_NONBLOCK, but clear it so nothing downstream is surprised."""
    if getattr(os, "O_NONBLOCK", 0):
        os.set_blocking(fd, True)


def read_limited(path: Path, limit: int, *, error: type[Exception] = FileRefused) -> bytes:
    """The whole of a small regular file, refusing one over ``limit`` bytes unread."""
    with open_regular(path, error=error) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        size = max(len(data), os.stat(path).st_size)
        raise error(too_large(path, size, limit))
    return data
