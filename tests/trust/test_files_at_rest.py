"""Files at rest are owner-only on POSIX, and a PostgreSQL password never shows in errors."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sgtui import paths
from sgtui.services.context import Services
from sgtui.services.workspace import open_workspace
from sgtui.store import backup, restore
from sgtui.store.engine import open_database
from sgtui.store.errors import DatabaseError

NOW = datetime(2025, 3, 10, 9, tzinfo=UTC)
"""The instant a copy is stamped with (the clock's, passed in)."""

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_default_database_data_dir_wal_and_backups_are_owner_only() -> None:
    old_umask = os.umask(0o022)  # a typical, permissive umask
    try:
        svc = open_workspace()  # the default file in the (isolated) data dir
        db_path = paths.default_db_path()
        wal, shm = Path(f"{db_path}-wal"), Path(f"{db_path}-shm")
        with svc.session() as session:
            session.connection()  # keep a connection open so -wal/-shm exist
            assert wal.exists() and shm.exists()
            modes = {p.name: _mode(p) for p in (db_path, wal, shm)}
        copy = backup.backup_sqlite(svc.db, reason="manual", now=NOW)
        svc.db.dispose()
    finally:
        os.umask(old_umask)
    assert _mode(paths.data_dir()) == 0o700
    assert _mode(paths.backup_dir()) == 0o700
    assert set(modes.values()) == {0o600}, modes
    assert _mode(copy) == 0o600


@posix_only
def test_restored_database_is_owner_only(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    open_workspace(live).db.dispose()
    copy = tmp_path / "copy.db"
    backup.copy_sqlite_file(live, copy)
    copy.chmod(0o644)  # e.g. a copy that came back from a shared drive
    restore.restore_sqlite(live, copy, now=NOW)
    assert _mode(live) == 0o600


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://officer:s3cret-pw@127.0.0.1:1/sgtui",  # nothing listens on port 1
        "postgresql+psycopg://officer:s3cret-pw@nonexistent.invalid/sgtui",
    ],
)
def test_postgres_password_never_in_errors(url: str) -> None:
    with pytest.raises(DatabaseError) as caught:
        open_database(url)
    assert "s3cret-pw" not in str(caught.value)
    assert "***" in str(caught.value)


def test_password_hidden_when_server_rejects_the_database(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    from sqlalchemy.engine import make_url

    url = make_url(db_url).set(password="s3cret-pw", database="no_such_db_here")
    with pytest.raises(DatabaseError) as caught:
        open_database(url.render_as_string(hide_password=False))
    assert "s3cret-pw" not in str(caught.value) and "no_such_db_here" in str(caught.value)


def test_lost_server_mid_session_is_one_line_without_password(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    db = open_database(db_url)
    svc = Services(db=db)
    from sqlalchemy import text

    with pytest.raises(DatabaseError), svc.session() as session:
        pid = session.connection().execute(text("SELECT pg_backend_pid()")).scalar_one()
        killer = open_database(db_url)
        with killer.engine.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            conn.commit()
        killer.dispose()
        session.connection().execute(text("SELECT 1"))
    db.dispose()
