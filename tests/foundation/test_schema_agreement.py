"""The models and the migrations describe the same schema, and start-up needs no Alembic."""

from __future__ import annotations

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from sgtui.store import (
    migrations,
    models,  # noqa: F401  (registers the tables)
)
from sgtui.store.database import Database


def test_head_constant_matches_the_versions_folder() -> None:
    """HEAD_REVISION is what a fast open compares with: it must be Alembic's head."""
    assert migrations.script_head_revision() == migrations.HEAD_REVISION


def test_migrated_schema_matches_the_models(db: Database) -> None:
    """Autogenerate finds nothing to do: every Index in models.py has its migration."""
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_up_to_date_database_opens_without_alembic(db: Database) -> None:
    """Re-opening a database at head reads alembic_version and nothing more."""
    assert migrations.stamped_revision(db) == migrations.HEAD_REVISION
    assert migrations.upgrade_to_head(db) is False


def test_opening_a_current_sqlite_file_does_not_import_alembic(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "fast.db"
    migrations_done = (
        "import sys; from sgtui.store.engine import open_database; "
        f"open_database({str(path)!r}).dispose(); "
    )
    subprocess.run([sys.executable, "-c", migrations_done], check=True)
    probe = migrations_done + "print('alembic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"
