"""a review's former references and type, so a Rapid Review that became a CSPR keeps both

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08

An RR converted to a CSPR, LCSPR, SAR or DHR stays the same record (its audit history
and submissions with it) under a new reference in the new type's pattern. The old
reference goes in ``reviewalias`` so it is still found; ``review.former_type`` keeps
the RR's own deadlines on the timeline. Existing reviews get NULL: none was converted.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import sgtui.store.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Plain ADD COLUMN on ``review``: a batch copy on SQLite would drop the table and
    cascade-delete its themes, submissions and recommendations (see 0005)."""
    op.add_column("review", sa.Column("former_type", sa.String(), nullable=True))
    op.create_table(
        "reviewalias",
        sa.Column("created_at", sgtui.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sgtui.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["review.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    with op.batch_alter_table("reviewalias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reviewalias_review_id"), ["review_id"], unique=False)


def downgrade() -> None:
    """Aliases are lost (the review keeps its new reference); no table copy of ``review``."""
    with op.batch_alter_table("reviewalias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviewalias_review_id"))
    op.drop_table("reviewalias")
    if op.get_bind().dialect.name == "sqlite":
        op.execute('ALTER TABLE "review" DROP COLUMN "former_type"')
    else:
        op.drop_column("review", "former_type")
