"""A database built only up to an old revision, for the migration tests."""

from __future__ import annotations

import sqlalchemy as sa

from sgtui.store import migrations
from sgtui.store.database import Database
from sgtui.store.engine import make_engine, resolve_url


def database_at(db_url: str, revision: str) -> Database:
    """The test database emptied, then migrated to ``revision`` and no further."""
    url = resolve_url(db_url)
    engine = make_engine(url)
    raw = Database(engine=engine, url=url)
    cascade = " CASCADE" if url.get_backend_name() == "postgresql" else ""
    with engine.begin() as conn:
        for name in sa.inspect(conn).get_table_names():
            conn.execute(sa.text(f'DROP TABLE IF EXISTS "{name}"{cascade}'))
    migrations.upgrade_to(raw, revision)
    return raw
