"""Where sgtui keeps its files, via platformdirs. Nothing is created at import time."""

from __future__ import annotations

import contextlib
import os
from importlib import resources
from pathlib import Path
from typing import BinaryIO

import platformdirs

APP_NAME = "sgtui"


def data_dir() -> Path:
    """The per-user data directory (database, backups). ``SGTUI_DATA_DIR`` overrides it."""
    override = os.environ.get("SGTUI_DATA_DIR")
    if override:
        return Path(override)
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def config_path() -> Path:
    """The user's settings file. ``SGTUI_CONFIG`` overrides it."""
    override = os.environ.get("SGTUI_CONFIG")
    if override:
        return Path(override)
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "config.toml"


def default_db_path() -> Path:
    """The default SQLite database file."""
    return data_dir() / "sgtui.db"


def backup_dir() -> Path:
    """Where automatic and manual backups of the SQLite database go."""
    return data_dir() / "backups"


def documents_folder() -> Path:
    """Where every export is offered by default: the user's Documents folder, else home.

    platformdirs follows a Documents folder redirected to OneDrive on Windows (and the
    XDG user dirs on Linux), so the file lands where the officer looks for it; ``x`` and
    the Export screen (F7) share this one default.
    """
    try:
        documents = platformdirs.user_documents_path()
    except OSError:  # Windows with no known-folder entry
        return Path.home()
    return documents if is_dir(documents) else Path.home()


def typed_path(text: str | os.PathLike[str]) -> Path:
    """A path as an officer typed it: outer quotes from a pasted path removed, ``~`` expanded.

    A Windows shell (and a quoted argument anywhere) leaves ``~`` alone, and a text box
    always does, so every file or folder box and the CLI's ``-o`` pass through here.
    """
    return Path(os.fspath(text).strip().strip('"')).expanduser()


def is_dir(path: Path) -> bool:
    """True for a folder; False for anything else, including a path we may not read."""
    try:
        return path.is_dir()
    except OSError:
        return False


def guide(name: str) -> Path:
    """A guide shipped inside the package (``sgtui/docs/NAME``) for a message to point at.

    A wheel installed with pipx or uv has no source tree, so a message naming the
    repository's ``docs/`` folder would point at nothing; this is the installed copy.
    """
    return Path(str(resources.files("sgtui").joinpath("docs", name)))


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) owner-only: safeguarding data is special-category."""
    created = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    for directory in created or [path]:  # e.g. the data dir, made on the way to backups/
        restrict_to_owner(directory, directory=True)
    return path


def create_private_file(path: Path) -> None:
    """Create ``path`` empty and owner-only (if it does not exist) before anything writes to it.

    Creating it 0600 up front closes the window a later chmod leaves, and SQLite gives
    its -wal and -shm files the same mode as the database file.
    """
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def open_private_file(path: Path) -> BinaryIO:
    """A new file at ``path``, owner-only from the moment it exists, open for writing.

    Whatever is at ``path`` already (a stale temporary file, perhaps world-readable) is
    removed first, so the mode is never inherited. ``O_EXCL`` also refuses to follow a
    symbolic link planted there.
    """
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o600)
    return os.fdopen(fd, "wb")


def restrict_to_owner(path: Path, *, directory: bool = False) -> None:
    """chmod 0700/0600 on POSIX; Windows user profiles are private already, so skip there."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        os.chmod(path, 0o700 if directory else 0o600)
