"""flags for steps known to be done whose date was never recorded

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

Legacy workbooks often answer "S-CRT entered" or "Named GP reviewed" with a bare "Y".
Until now the import kept only dates, so those answers were lost; these flags keep them
("done, date not recorded") without making up a date. Existing rows get False.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FLAGS = {
    "review": ("scrt_entered_undated",),
    "lesreturn": ("named_gp_reviewed_undated", "payment_authorised_undated"),
}


def upgrade() -> None:
    """Plain ADD COLUMN (SQLite supports it with a constant default).

    Not a batch operation: on SQLite that copies the table, and dropping the old
    ``lesreturn`` would cascade-delete every LES chase log entry.
    """
    for table, columns in FLAGS.items():
        for column in columns:
            op.add_column(
                table, sa.Column(column, sa.Boolean(), nullable=False, server_default=sa.false())
            )


def downgrade() -> None:
    """SQLite's own DROP COLUMN (3.35+), for the same reason: no table copy."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, columns in FLAGS.items():
        for column in columns:
            if sqlite:
                op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
            else:
                op.drop_column(table, column)
