"""Refresh tokens remember when they were used, not only whether: a repeat within a short
grace window is told apart from a replay.

Tokens used before this migration count as used now.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import adapters.sqlalchemy.types


revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE on both backends (SQLite has DROP COLUMN since 3.35): a batch would
    # copy the table, reflecting users on the way, whose expression indexes it cannot read.
    op.add_column('refresh_tokens', sa.Column('used_at', adapters.sqlalchemy.types.UTCDateTime(), nullable=True))
    op.get_bind().execute(
        sa.text("UPDATE refresh_tokens SET used_at = :now WHERE used = :yes"),
        {"now": datetime.now(UTC).replace(tzinfo=None), "yes": True},
    )
    op.execute("ALTER TABLE refresh_tokens DROP COLUMN used")


def downgrade() -> None:
    op.add_column('refresh_tokens', sa.Column('used', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.get_bind().execute(sa.text("UPDATE refresh_tokens SET used = used_at IS NOT NULL"))
    op.execute("ALTER TABLE refresh_tokens DROP COLUMN used_at")
