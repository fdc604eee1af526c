"""Opening a database: choose the URL, build the engine, check it, migrate it.

SQLite is the default (one file in the user's data directory); any SQLAlchemy URL
works, and ``postgresql+psycopg://`` is how borough teams share one server. Every
failure a user can cause (a directory, a text file, a newer schema, a server that is
down) becomes a :class:`DatabaseError` with a one-line message, and a PostgreSQL
password never appears in it.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import sqlalchemy.exc
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlmodel import create_engine

from sgtui import paths
from sgtui.filecheck import check_regular_file, open_regular
from sgtui.store import database
from sgtui.store.database import Database
from sgtui.store.errors import DatabaseError, describe_operational_error, safe_url
from sgtui.store.open_lock import FileGuard


def resolve_url(target: str | os.PathLike[str] | None = None) -> URL:
    """The URL to open: ``--db`` beats ``SGTUI_DB`` beats the default file.

    A value with ``://`` is an SQLAlchemy URL; anything else is a path to an SQLite file.
    """
    value = os.fspath(target) if target is not None else os.environ.get("SGTUI_DB")
    if not value:
        return URL.create("sqlite", database=str(paths.default_db_path()))
    if "://" in value:
        try:
            return make_url(value)
        except sqlalchemy.exc.ArgumentError as exc:
            raise DatabaseError(f"not a database URL: {safe_url(value)}") from exc
    return URL.create("sqlite", database=str(Path(value).expanduser()))


def _is_link_loop(path: Path) -> bool:
    """Path.exists() says False for a symbolic link loop; it is worth its own message."""
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def _check_sqlite_path(path: Path, *, create: bool) -> None:
    """Refuse paths SQLite would fail on with an unhelpful message."""
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory, not a database file")
    if path.exists() or _is_link_loop(path):
        check_regular_file(path, error=DatabaseError)  # a named pipe would block SQLite for ever
        if not os.access(path, os.R_OK | os.W_OK):
            raise DatabaseError(f"cannot read and write {path}: permission denied")
        with open_regular(path, error=DatabaseError) as fh:
            header = fh.read(16)
        if header and header != b"SQLite format 3\x00":
            raise DatabaseError(f"{path} is not an sgtui database (not an SQLite file)")
        return
    if not create:
        raise DatabaseError(f"no database at {path} (run `sgtui init` to create one)")
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise DatabaseError(f"cannot create {path}: {parent} is not a directory")
    if not parent.exists():
        if parent == paths.data_dir():
            paths.ensure_private_dir(parent)
        else:
            raise DatabaseError(f"cannot create {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise DatabaseError(f"cannot create {path}: folder {parent} is not writable")


SQLITE_CACHE_KIB = 16 * 1024
"""Each SQLite connection's page cache limit (negative cache_size means KiB). 16 MiB
filters as fast as 64 MiB on 100k records; 64 MiB pushed a 100k-row import's peak
memory from 262 MB to 331 MB, over its 300 MB budget."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Per-connection SQLite settings: enforce foreign keys, wait on locks, use WAL, and a
    page cache large enough to hold a 100k-record database's hot pages.

    SQLite's default cache is 2 MiB; with 100,000 training records a filtered page walks
    an index and reads rows all over the table, and went to the OS for them (4 ms a page
    against 1.5 ms with this cache). The cache grows only as pages are read.
    """
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={database.SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()


def make_engine(url: URL) -> Engine:
    """An engine for ``url`` with sgtui's connection settings (nothing is connected yet).

    ``hide_parameters`` keeps record values (special-category data) out of every
    error's text and traceback: SQLAlchemy otherwise appends the bound parameters.
    """
    backend = url.get_backend_name()
    if backend == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if backend == "postgresql":
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        try:
            return create_engine(
                url,
                pool_pre_ping=True,
                connect_args={"connect_timeout": 5},
                hide_parameters=True,
            )
        except ModuleNotFoundError as exc:
            raise DatabaseError(
                "PostgreSQL support is not installed: pip install 'sgtui[postgres]'"
            ) from exc
    raise DatabaseError(f"unsupported database kind {backend!r}: use a file path or postgresql://")


def open_database(
    target: str | os.PathLike[str] | None = None, *, create: bool = True, migrate: bool = True
) -> Database:
    """Open (creating if allowed) and migrate the database, or raise :class:`DatabaseError`."""
    from sgtui.store import migrations  # alembic is only needed once a database is opened

    url = resolve_url(target)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        path = Path(url.database)
        existed = path.exists()
        _check_sqlite_path(path, create=create)
        paths.create_private_file(path)  # 0600 before SQLite makes -wal/-shm beside it
    else:
        existed = True
    engine = make_engine(url)
    db = Database(engine=engine, url=url, guard=_guard(engine, url))
    try:
        if migrate:
            migrations.upgrade_to_head(db)
        else:
            migrations.check_version(db)
    except DatabaseError:
        db.dispose()
        raise
    except sqlalchemy.exc.OperationalError as exc:
        db.dispose()
        raise DatabaseError(describe_operational_error(exc, url)) from None
    except sqlalchemy.exc.DatabaseError as exc:
        db.dispose()
        raise DatabaseError(f"{safe_url(url)} is not a usable sgtui database") from exc
    if not existed and db.sqlite_path is not None:
        paths.restrict_to_owner(db.sqlite_path)
    return db


def _guard(engine: Engine, url: URL) -> FileGuard | None:
    """Register the open of an SQLite file and check, at every transaction's start and
    commit, that the file was not replaced (restored) under this process."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    guard = FileGuard(Path(url.database))
    event.listen(engine, "begin", guard.check)
    event.listen(engine, "commit", guard.check)
    return guard
