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
    for table, columns in FLAGS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_column(column)
