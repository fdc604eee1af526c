"""Shared fixtures: an isolated data dir, a fixed clock, and databases on SQLite and PostgreSQL.

Storage and service tests take the ``db`` fixture, which runs each test twice: on a
fresh SQLite file and on a fresh database cloned from a migrated template on the
PostgreSQL server named by ``SGTUI_TEST_PG_URL`` (``.ci/run`` starts one). Without that
variable the PostgreSQL half is skipped locally; under CI (``CI=true``) it fails instead,
so a missing server can never pass silently.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from sgtui.clock import FixedClock
from sgtui.store.database import Database
from sgtui.store.engine import open_database
from tests.support.clock import TODAY
from tests.support.disks import Tmpfs

PG_URL = os.environ.get("SGTUI_TEST_PG_URL")

_template_ready = False


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point data and config at a temp dir so a developer's own files never leak in."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SGTUI_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("SGTUI_CONFIG", str(home / "config.toml"))
    monkeypatch.delenv("SGTUI_DB", raising=False)
    monkeypatch.setenv("SGTUI_USER", "Test Officer")
    return home


@pytest.fixture
def clock() -> FixedClock:
    """A clock stopped at 09:00 London time on TODAY."""
    return FixedClock.on(TODAY)


def _admin_engine() -> sa.Engine:
    assert PG_URL
    return sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")


def _pg_template() -> str:
    """Create (once per run) a migrated template database to clone per test."""
    global _template_ready
    name = f"sgtui_template_{os.getpid()}"  # one per test run: runs may share a server
    if not _template_ready:
        admin = _admin_engine()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        db = open_database(sa.make_url(PG_URL).set(database=name).render_as_string(False))
        db.dispose()
        _template_ready = True
    return name


def make_pg_database() -> tuple[str, str]:
    """A fresh, migrated PostgreSQL database: (url, name)."""
    template = _pg_template()
    name = f"sgtui_t_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    admin.dispose()
    return sa.make_url(PG_URL).set(database=name).render_as_string(False), name


def drop_pg_database(name: str) -> None:
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _backends() -> list[object]:
    params: list[object] = [pytest.param("sqlite", id="sqlite")]
    if PG_URL or os.environ.get("CI"):
        params.append(pytest.param("postgresql", id="postgresql"))
    else:
        params.append(
            pytest.param(
                "postgresql",
                id="postgresql",
                marks=pytest.mark.skip(reason="SGTUI_TEST_PG_URL not set (see .ci/pg.sh)"),
            )
        )
    return params


@pytest.fixture(params=_backends())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty, migrated database on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "sgtui.db")
        return
    if not PG_URL:
        pytest.fail("CI=true but SGTUI_TEST_PG_URL is not set: the PostgreSQL server did not start")
    url, name = make_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(name)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """An open, migrated, empty database (SQLite and PostgreSQL)."""
    database = open_database(db_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    """An open SQLite database only, for tests that are about SQLite files."""
    database = open_database(tmp_path / "sgtui.db")
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def colleague_saves_after_read(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """``colleague_saves_after_read("G99001", {"postcode": ...})``: once the next import
    has read the stored practices, a colleague's save of that practice lands (its version
    goes up by one; ``None`` instead of values: they delete it), on the import's own
    connection so it works under any lock."""
    from sgtui.services import bulk

    def arrange(ods_code: str, values: dict[str, Any] | None) -> None:
        real = bulk._existing

        def read_then_colleague(conn: sa.Connection, table: sa.Table, *args: Any) -> Any:
            found = real(conn, table, *args)
            if table.name == "practice":
                chosen = table.c.ods_code == ods_code
                if values is None:
                    conn.execute(sa.delete(table).where(chosen))
                else:
                    bumped = table.c.version + 1
                    conn.execute(sa.update(table).where(chosen).values(version=bumped, **values))
            return found

        monkeypatch.setattr(bulk, "_existing", read_then_colleague)

    return arrange


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Tmpfs]:
    """A small real disk under tmp_path (``tmpfs.mount("128k")``), unmounted afterwards."""
    disk = Tmpfs(tmp_path / "disk")
    try:
        yield disk
    finally:
        disk.unmount()
