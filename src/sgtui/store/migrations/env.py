"""Alembic environment: runs migrations on the connection sgtui hands it."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from sgtui.store import models  # noqa: F401  (registers the tables)

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
