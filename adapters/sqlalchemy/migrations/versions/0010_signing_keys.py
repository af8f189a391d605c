"""The signing key ring: public parts, sealed private parts, one key active at a time.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import adapters.sqlalchemy.types


revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('signing_keys',
    sa.Column('kid', sa.String(length=64), nullable=False),
    sa.Column('algorithm', sa.String(length=16), nullable=False),
    sa.Column('public_key', sa.Text(), nullable=False),
    sa.Column('sealed_private_key', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('created_at', adapters.sqlalchemy.types.UTCDateTime(), nullable=False),
    sa.Column('activated_at', adapters.sqlalchemy.types.UTCDateTime(), nullable=True),
    sa.Column('deactivated_at', adapters.sqlalchemy.types.UTCDateTime(), nullable=True),
    sa.Column('retired_at', adapters.sqlalchemy.types.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('kid', name=op.f('pk_signing_keys'))
    )
    op.create_index('uq_signing_keys_one_active', 'signing_keys', ['state'], unique=True, postgresql_where=sa.text("state = 'active'"), sqlite_where=sa.text("state = 'active'"))


def downgrade() -> None:
    op.drop_index('uq_signing_keys_one_active', table_name='signing_keys', postgresql_where=sa.text("state = 'active'"), sqlite_where=sa.text("state = 'active'"))
    op.drop_table('signing_keys')
