"""a log of LES chases, so the Named GP's Outstanding list can give every date chased

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

Until now a return held only a chase count and the last date. Existing returns keep
both; their last chase becomes the first entry in the log so no date is lost.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import sgtui.store.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leschase",
        sa.Column("created_at", sgtui.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sgtui.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("chased_on", sa.Date(), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["return_id"], ["lesreturn.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("leschase", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_leschase_return_id"), ["return_id"], unique=False)
    op.execute(
        "INSERT INTO leschase (created_at, updated_at, version, source, return_id, chased_on) "
        "SELECT updated_at, updated_at, 1, 'migration 0003', id, last_chased_on "
        "FROM lesreturn WHERE last_chased_on IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("leschase", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_leschase_return_id"))
    op.drop_table("leschase")
